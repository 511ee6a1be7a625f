"""Read what planners bring: files, folders and zip archives, through pyogrio/GDAL.

:func:`inspect_source` lists every layer of a source with what the import
wizard shows (geometry types, counts, fields and samples, declared and guessed
CRS, encoding and how sure, bounds, warnings); :func:`read_layer` reads one
layer into a :class:`SourceLayer` (a GeoDataFrame in the source's own
coordinates, 2-D, plus its :class:`LayerInfo`).  Nothing here writes.

Formats (by file suffix): Shapefile (``.shp`` with its ``.dbf``; encoding from
``.cpg``, else the ``.dbf`` code-page byte, else detected, overridable),
GeoPackage (any layer names), GeoJSON (UTF-8, with or without BOM, or GBK),
KML/KMZ, GPX, DXF (entities, with the CAD layer in field ``Layer``), CSV and
XLSX (longitude/latitude columns -- 经度/纬度, lon/lat/lng, x/y -- in degrees,
metres or degree-minute-second text, or a WKT column; one layer per sheet),
FlatGeobuf, MapInfo (``.tab``/``.mif``), File Geodatabase folders
(``.gdb``) and OpenStreetMap extracts (``.osm``, ``.osm.pbf``; tags as fields,
:mod:`.osm`).  A folder is searched recursively; a ``.zip`` (a zipped Shapefile
or anything else above) is read in place.  What cannot be used is listed in
:attr:`SourceInfo.skipped` with the reason.

Input is untrusted: every failure ends in a :class:`SourceError` naming the
file (a GDAL or parser error is reduced to its first line), never in another
exception; files above :data:`MAX_SOURCE_BYTES` are refused unread.
"""
from __future__ import annotations

import io
import os
import re
import stat
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS

from qxmap.importing import crs as crsmod
from qxmap.importing import encoding as enc
from qxmap.importing import osm, tables
from qxmap.importing.errors import SourceError, first_line, semicolons
from qxmap.words import Words
from qxmap.gcpause import bulk

#: The largest single file read (the same limit as qxmap's own datasets).
MAX_SOURCE_BYTES = 512 * 1024 * 1024
#: Most text bytes looked at to detect an encoding.
DETECT_BYTES = 64 * 1024 * 1024
#: Most files looked at in a folder.
MAX_FOLDER_FILES = 5000
#: Sample values kept per field.
N_SAMPLES = 5

#: Readable formats by suffix -> driver name (ours for CSV/XLSX, GDAL's otherwise).
FORMATS = {
    ".shp": "ESRI Shapefile", ".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON",
    ".kml": "KML", ".kmz": "KMZ", ".gpx": "GPX", ".dxf": "DXF", ".csv": "CSV", ".tsv": "CSV",
    ".xlsx": "XLSX", ".fgb": "FlatGeobuf", ".tab": "MapInfo File", ".mif": "MapInfo File",
    ".gdb": "OpenFileGDB", ".osm": osm.DRIVER, ".pbf": osm.DRIVER,
}
#: Formats whose files hold several layers (layer ids are "file#layer").
MULTI_LAYER = {"GPKG", "KML", "KMZ", "GPX", "XLSX", "OpenFileGDB", "DXF", osm.DRIVER}
#: Files that belong to a Shapefile (or a MapInfo table) and are read with it.
SIDECARS = {".dbf", ".shx", ".prj", ".cpg", ".sbn", ".sbx", ".qix", ".fix", ".qmd", ".qpj", ".atx",
            ".ain", ".aih", ".ixs", ".mxs", ".shp.xml", ".dat", ".id", ".map", ".ind", ".mid"}
_KNOWN_UNREADABLE = {
    ".xls": Words("old Excel format (.xls): save it as .xlsx"),
    ".dwg": Words("DWG drawings cannot be read: save as DXF"),
    ".mdb": Words("personal geodatabase (.mdb) is not supported: export to GeoPackage or Shapefile"),
    ".ods": Words("OpenDocument spreadsheet is not supported: save as .xlsx or .csv"),
    ".rar": Words("RAR archives cannot be read: use .zip"),
    ".7z": Words("7z archives cannot be read: use .zip"),
}
#: How sure a guess is, in words (the code stays in ``as_dict``).
CONFIDENCE_WORDS = {"certain": Words("certain"), "high": Words("high"), "medium": Words("medium"), "low": Words("low")}
#: Formats that are always UTF-8 and always WGS-84 longitude/latitude (by their specification).
_UTF8_FORMATS = {"GPKG", "KML", "KMZ", "GPX", "FlatGeobuf", "OpenFileGDB", osm.DRIVER}
_WGS84_FORMATS = {"KML", "KMZ", "GPX", osm.DRIVER}


# --------------------------------------------------------------------------
# What inspect_source returns


@dataclass(frozen=True)
class FieldInfo:
    """One attribute column: ``dtype`` "text", "integer", "real", "date", "boolean" or
    "other"; up to :data:`N_SAMPLES` distinct values as text; how many distinct
    values and how many empty cells."""

    name: str
    dtype: str
    samples: tuple[str, ...]
    distinct: int
    empty: int

    def as_dict(self) -> dict:
        return {"name": self.name, "dtype": self.dtype, "samples": list(self.samples),
                "distinct": self.distinct, "empty": self.empty}


@dataclass
class LayerInfo:
    """One layer of a source, as the wizard and ``qxmap inspect`` show it.

    ``id`` names the layer within its source (``roads.shp``, ``data.gpkg#道路``,
    ``sub/book.xlsx#Sheet1``); pass it to :func:`read_layer`.  ``crs`` is what
    the file declares (``None``: nothing); ``crs_candidates`` are guesses from
    the numbers, made when nothing is declared or the declaration puts the data
    outside China; ``bounds`` are in the source's coordinates, ``bounds_wgs84``
    with :attr:`effective_crs`.  ``far_features`` are row numbers of features far
    from the bulk of the data (see :func:`crs.far_from_bulk`); ``notes`` are
    warnings in words (3-D dropped, unsure encoding, CRS doubts, far features)."""

    id: str
    file: str
    name: str
    driver: str
    feature_count: int
    geometry_types: dict[str, int]
    fields: list[FieldInfo]
    crs: str | None
    crs_label: str | None
    crs_candidates: list[crsmod.CrsCandidate]
    encoding: enc.EncodingGuess | None
    bounds: tuple[float, float, float, float] | None
    bounds_wgs84: tuple[float, float, float, float] | None
    far_features: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: True when the declared CRS puts the data outside China (a guess is then suggested).
    crs_doubtful: bool = False

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def effective_crs(self) -> str | None:
        """The CRS the data will be read with if the user says nothing: the
        declared one (unless doubtful and a guess is better), else the best
        guess if it is at least "medium" sure; None: the user must choose."""
        if self.crs and not (self.crs_doubtful and self.crs_candidates):
            return self.crs
        best = self.best_candidate
        if best is not None and best.confidence in ("high", "medium"):
            return best.crs
        return self.crs

    @property
    def best_candidate(self) -> crsmod.CrsCandidate | None:
        return self.crs_candidates[0] if self.crs_candidates else None

    @property
    def effective_swap_xy(self) -> bool:
        if self.crs and not (self.crs_doubtful and self.crs_candidates):
            return False
        best = self.best_candidate
        return bool(best is not None and best.confidence in ("high", "medium") and best.swap_xy)

    def as_dict(self) -> dict:
        return {
            "id": self.id, "file": self.file, "name": self.name, "driver": self.driver,
            "feature_count": self.feature_count, "geometry_types": dict(self.geometry_types),
            "fields": [f.as_dict() for f in self.fields], "crs": self.crs, "crs_label": self.crs_label,
            "crs_doubtful": self.crs_doubtful,
            "crs_candidates": [c.as_dict() for c in self.crs_candidates],
            "effective_crs": self.effective_crs,
            "encoding": None if self.encoding is None else self.encoding.as_dict(),
            "bounds": None if self.bounds is None else [round(v, 6) for v in self.bounds],
            "bounds_wgs84": None if self.bounds_wgs84 is None else [round(v, 6) for v in self.bounds_wgs84],
            "far_features": list(self.far_features), "notes": list(self.notes),
        }

    def summary_lines(self) -> list[str]:
        """The layer in a few lines of English (for ``qxmap inspect``)."""
        types = ", ".join(f"{k} {v}" for k, v in self.geometry_types.items()) or "no geometry"
        lines = [f"{self.id}: {self.driver}, {self.feature_count} feature(s) ({types})"]
        if self.crs:
            lines.append(f"  CRS: {self.crs_label}" + (" (doubtful)" if self.crs_doubtful else ""))
        else:
            lines.append("  CRS: none declared")
        for cand in self.crs_candidates[:3]:
            swap = ", x/y swapped" if cand.swap_xy else ""
            lines.append(f"    candidate {cand.crs}{swap} ({cand.confidence}): {cand.reason}")
        if self.encoding is not None:
            lines.append(f"  encoding: {self.encoding.label} ({self.encoding.confidence}: {self.encoding.how})")
        if self.bounds_wgs84:
            b = self.bounds_wgs84
            lines.append(f"  bounds (WGS-84): {b[0]:.5f}, {b[1]:.5f} - {b[2]:.5f}, {b[3]:.5f}")
        for f in self.fields:
            lines.append(f"  field {f.name} ({f.dtype}, {f.distinct} distinct, {f.empty} empty): "
                         + ", ".join(f.samples))
        lines.extend(f"  warning: {n}" for n in self.notes)
        return lines


@dataclass(frozen=True)
class SkippedFile:
    """A file of a folder or archive that was not read, and why."""

    file: str
    reason: str

    def as_dict(self) -> dict:
        return {"file": self.file, "reason": self.reason}


@dataclass
class SourceInfo:
    """What :func:`inspect_source` found: ``kind`` "file", "folder" or "zip"."""

    path: Path
    kind: str
    layers: list[LayerInfo]
    skipped: list[SkippedFile] = field(default_factory=list)

    def layer(self, layer_id: str) -> LayerInfo:
        for info in self.layers:
            if info.id == layer_id:
                return info
        matches = [i for i in self.layers if i.name == layer_id]
        if len(matches) == 1:
            return matches[0]
        raise KeyError(layer_id)

    def as_dict(self) -> dict:
        return {"path": str(self.path), "kind": self.kind, "layers": [i.as_dict() for i in self.layers],
                "skipped": [s.as_dict() for s in self.skipped]}

    def summary_lines(self) -> list[str]:
        lines = [f"{self.path}: {len(self.layers)} layer(s)"]
        for info in self.layers:
            lines.extend(info.summary_lines())
        lines.extend(f"skipped {s.file}: {s.reason}" for s in self.skipped)
        return lines


@dataclass
class SourceLayer:
    """One layer read: ``frame`` holds the attributes as decoded and the geometry
    (column ``geometry``) in the source's own coordinates, 2-D, ``None`` where
    empty, rows numbered 0..n-1; ``frame.crs`` is the declared CRS or None."""

    info: LayerInfo
    frame: gpd.GeoDataFrame
    source_path: Path
    _wgs84: dict = field(default_factory=dict, repr=False)
    _distinct: dict = field(default_factory=dict, repr=False)

    @property
    def id(self) -> str:
        return self.info.id

    def distinct(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """:func:`distinct_values` of a column, computed once (the layer's info made them)."""
        if column not in self._distinct:
            self._distinct[column] = distinct_values(self.frame[column])
        return self._distinct[column]

    def to_wgs84(self, crs, swap_xy: bool = False) -> np.ndarray:
        """The geometries in WGS-84 (object array, None where empty), read with
        *crs* (any :func:`crs.parse_crs` input, GCJ-02/BD-09 included); cached."""
        cs = crsmod.parse_crs(crs)
        key = (cs.name, bool(swap_xy))
        if key not in self._wgs84:
            geoms = np.asarray(self.frame.geometry.values, dtype=object)
            self._wgs84[key] = np.asarray(crsmod.to_wgs84(geoms, cs, swap_xy), dtype=object)
        return self._wgs84[key]

    @property
    def columns(self) -> list[str]:
        return [c for c in self.frame.columns if c != "geometry"]


# --------------------------------------------------------------------------
# Containers: a folder on disk or a zip archive


class _Container:
    """Where members live; members are POSIX relative paths."""

    def read(self, rel: str, limit: int | None = None) -> bytes: ...
    def gdal_path(self, rel: str) -> str: ...
    def size(self, rel: str) -> int: ...
    def names(self) -> list[str]: ...
    def display(self, rel: str) -> str: ...


class _DirContainer(_Container):
    def __init__(self, root: Path, shown: str = "", recursive: bool = True):
        self.root = root
        self.shown = shown
        self.recursive = recursive
        self._names: list[str] | None = None

    def _path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str, limit: int | None = None) -> bytes:
        path = self._path(rel)
        _check_regular(path, self.display(rel))
        with open(path, "rb") as fh:
            return fh.read(limit if limit is not None else -1)

    def gdal_path(self, rel: str) -> str:
        return str(self._path(rel))

    def size(self, rel: str) -> int:
        return self._path(rel).stat().st_size

    def display(self, rel: str) -> str:
        return f"{self.shown}/{rel}" if self.shown else rel

    def names(self) -> list[str]:
        if self._names is None and not self.recursive:
            try:
                self._names = sorted(p.name for p in self.root.iterdir())[:MAX_FOLDER_FILES + 1]
            except OSError:
                self._names = []
        if self._names is None:
            self._names = []
            for dirpath, dirnames, filenames in os.walk(self.root):
                dirnames.sort()
                rel_dir = os.path.relpath(dirpath, self.root)
                for d in list(dirnames):
                    if d.lower().endswith(".gdb"):  # a File Geodatabase is one member
                        self._names.append(str(PurePosixPath(rel_dir, d)) if rel_dir != "." else d)
                        dirnames.remove(d)
                for f in sorted(filenames):
                    self._names.append(str(PurePosixPath(rel_dir, f)) if rel_dir != "." else f)
                    if len(self._names) > MAX_FOLDER_FILES:
                        return self._names
        return self._names


class _ZipContainer(_Container):
    def __init__(self, path: Path, shown: str):
        self.path = path
        self.shown = shown
        try:
            self.zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise SourceError(shown, Words("not a readable zip archive: %1", first_line(exc))) from None
        self._info = {}
        for zi in self.zf.infolist():
            if zi.is_dir():
                continue
            self._info[zi.filename] = zi

    def close(self) -> None:
        self.zf.close()

    def read(self, rel: str, limit: int | None = None) -> bytes:
        zi = self._info[rel]
        if zi.file_size > MAX_SOURCE_BYTES:
            raise SourceError(self.display(rel), Words("too large (%1 bytes uncompressed)", zi.file_size))
        try:
            with self.zf.open(zi) as fh:
                return fh.read(limit if limit is not None else -1)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
            raise SourceError(self.display(rel), Words("cannot be extracted: %1", first_line(exc))) from None

    def gdal_path(self, rel: str) -> str:
        return f"/vsizip/{self.path.resolve()}/{rel}"

    def size(self, rel: str) -> int:
        return self._info[rel].file_size

    def display(self, rel: str) -> str:
        zi = self._info.get(rel)
        shown = rel
        if zi is not None and not (zi.flag_bits & 0x800):
            # Names from Chinese Windows are GBK, stored without the UTF-8 flag.
            try:
                shown = rel.encode("cp437").decode("gb18030")
            except (UnicodeEncodeError, UnicodeDecodeError):
                shown = rel
        return f"{self.shown}/{shown}"

    def names(self) -> list[str]:
        return sorted(self._info)[:MAX_FOLDER_FILES + 1]


def _check_regular(path: Path, shown: str) -> os.stat_result:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise SourceError(shown, Words("no such file or folder")) from None
    except OSError as exc:
        raise SourceError(shown, Words("cannot be opened: %1", exc.strerror or exc)) from None
    if stat.S_ISDIR(st.st_mode):
        return st
    if not stat.S_ISREG(st.st_mode):
        raise SourceError(shown, Words("not a regular file (a pipe, device or socket is never read)"))
    if st.st_size > MAX_SOURCE_BYTES:
        raise SourceError(shown, Words("too large (%1 bytes; the limit is %2)", st.st_size, MAX_SOURCE_BYTES))
    return st


def _suffix(rel: str) -> str:
    low = rel.lower()
    if low.endswith(".shp.xml"):
        return ".shp.xml"
    return PurePosixPath(low).suffix


@dataclass
class _Member:
    container: _Container
    rel: str
    driver: str

    @property
    def display(self) -> str:
        return self.container.display(self.rel)

    @property
    def suffix(self) -> str:
        return _suffix(self.rel)

    def sibling(self, suffix: str) -> str | None:
        """The member with the same stem and *suffix* (any case), if any."""
        stem = self.rel[: len(self.rel) - len(PurePosixPath(self.rel).suffix)]
        wanted = (stem + suffix).lower()
        for name in self.container.names():
            if name.lower() == wanted:
                return name
        return None

    def read(self, limit: int | None = None) -> bytes:
        return self.container.read(self.rel, limit)

    def gdal_path(self) -> str:
        return self.container.gdal_path(self.rel)


def _classify(container: _Container) -> tuple[list[_Member], list[SkippedFile]]:
    names = container.names()
    members: list[_Member] = []
    skipped: list[SkippedFile] = []
    if len(names) > MAX_FOLDER_FILES:
        skipped.append(SkippedFile(container.display(""), f"more than {MAX_FOLDER_FILES} files: the rest not looked at"))
        names = names[:MAX_FOLDER_FILES]
    lower = {n.lower() for n in names}
    stems_shp = {n.lower()[:-4] for n in names if n.lower().endswith(".shp")}
    stems_tab = {n.lower()[:-4] for n in names if n.lower().endswith((".tab", ".mif"))}
    for rel in names:
        parts = PurePosixPath(rel).parts
        base = parts[-1]
        suffix = _suffix(rel)
        low = rel.lower()
        if "__MACOSX" in parts or base.startswith("._"):
            skipped.append(SkippedFile(container.display(rel), "macOS metadata, not data"))
            continue
        if base.startswith(".") or base.lower() in ("thumbs.db", "desktop.ini"):
            skipped.append(SkippedFile(container.display(rel), Words("hidden or system file")))
            continue
        if suffix in SIDECARS:
            stem = low[: -len(suffix)]
            if stem in stems_shp or (suffix in (".dat", ".id", ".map", ".ind", ".mid") and stem in stems_tab):
                continue  # read with its .shp / .tab
            if suffix == ".dbf":
                reason = Words("a .dbf table without its .shp: no geometry to import")
            else:
                reason = Words("part of a Shapefile whose .shp is missing (%1.shp)", PurePosixPath(rel).stem)
            skipped.append(SkippedFile(container.display(rel), reason))
            continue
        if suffix == ".shp" and (low[:-4] + ".dbf") not in lower:
            skipped.append(SkippedFile(container.display(rel), Words("Shapefile without its .dbf (attributes missing)")))
            continue
        if suffix == ".zip":
            if isinstance(container, _DirContainer):
                members.append(_Member(container, rel, "ZIP"))
            else:
                skipped.append(SkippedFile(container.display(rel), Words("a zip inside a zip is not opened: unzip it once")))
            continue
        if suffix in FORMATS:
            members.append(_Member(container, rel, FORMATS[suffix]))
            continue
        reason = _KNOWN_UNREADABLE.get(suffix) or (Words("not a supported format (%1)", suffix) if suffix
                                                    else Words("no file suffix: format unknown"))
        skipped.append(SkippedFile(container.display(rel), reason))
    return members, skipped


# --------------------------------------------------------------------------
# Reading one member


def _gdal_read(path: str, layer: str | None, display: str, notes: list[str], *,
               pass_decode_errors: bool = False, **kwargs) -> gpd.GeoDataFrame:
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frame = pyogrio.read_dataframe(path, layer=layer, **kwargs)
    except UnicodeDecodeError:
        if pass_decode_errors:
            raise
        raise SourceError(display, Words("cannot be read: text is not valid in the encoding %1: choose another "
                                         "encoding", kwargs.get('encoding') or 'declared')) from None
    except Exception as exc:  # pyogrio/GDAL raise many kinds; the user gets one line
        raise SourceError(display, Words("cannot be read: %1", first_line(exc))) from None
    for w in caught[:3]:
        text = first_line(w.message) if isinstance(w.message, BaseException) else str(w.message).splitlines()[0]
        if "Measured (M)" in text or "geometry column" in text.lower():
            continue
        notes.append(Words("GDAL: %1", text))
    return frame


def _redecode(frame: gpd.GeoDataFrame, encoding: str) -> gpd.GeoDataFrame:
    """Text read as Latin-1 (byte-preserving) decoded as *encoding*, errors replaced;
    field names lose a trailing broken character (a name cut at 10 bytes)."""
    def fix(text: str) -> str:
        try:
            return text.encode("latin-1").decode(encoding, errors="replace")
        except (UnicodeEncodeError, LookupError):
            return text

    renames = {c: fix(c).rstrip("\ufffd") or c for c in frame.columns if c != frame.geometry.name}
    frame = frame.rename(columns=renames)
    for col in frame.columns:
        if col == frame.geometry.name or not (frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col])):
            continue
        codes, uniques = pd.factorize(frame[col], use_na_sentinel=True)
        fixed = np.array([fix(u) if isinstance(u, str) else u for u in uniques] + [None], dtype=object)
        frame[col] = fixed[codes]
    return frame


def _gdal_layers(member: _Member) -> list[str]:
    try:
        listed = pyogrio.list_layers(member.gdal_path())
    except Exception as exc:
        raise SourceError(member.display, Words("cannot be read: %1", first_line(exc))) from None
    return [str(row[0]) for row in listed]


def _declared_crs(frame: gpd.GeoDataFrame) -> CRS | None:
    if getattr(frame, "crs", None) is None:
        return None
    try:
        return CRS.from_user_input(frame.crs)
    except Exception:
        return None


def _shapefile_encoding(member: _Member, override: str | None) -> enc.EncodingGuess:
    dbf = member.sibling(".dbf")
    data = member.container.read(dbf, DETECT_BYTES) if dbf else b""
    text = enc.dbf_text(data)
    cpg = member.sibling(".cpg")
    if cpg:
        declared = member.container.read(cpg, 200).decode("ascii", errors="replace").strip()
        return enc.resolve(declared, text, where=Words(".cpg file"), override=override)
    ldid, by_ldid = enc.dbf_code_page(data[:32])
    if by_ldid:
        return enc.resolve(by_ldid, text, where=Words(".dbf code-page byte (0x%1)", f"{ldid:02X}"), override=override)
    guess = enc.resolve(None, text, override=override)
    if override is None and ldid == 0x57:
        guess = enc.EncodingGuess(guess.encoding, guess.confidence,
                                  f"the .dbf says only 'ANSI' (0x57); {guess.how}", declared="LDID/87")
    return guess


_DXF_CODEPAGE = re.compile(rb"\$DWGCODEPAGE\s*\r?\n\s*3\s*\r?\n\s*([^\r\n]+)")
_DXF_VERSION = re.compile(rb"\$ACADVER\s*\r?\n\s*1\s*\r?\n\s*AC(\d+)")


def _dxf_encoding(data: bytes, override: str | None) -> enc.EncodingGuess:
    version = _DXF_VERSION.search(data[:20000])
    page = _DXF_CODEPAGE.search(data[:20000])
    arr = np.frombuffer(data, dtype=np.uint8)
    high = np.flatnonzero(arr >= 0x80)
    # The text is what is not ASCII: take the lines that hold non-ASCII bytes.
    sample = b""
    if len(high):
        lines = set()
        starts = np.flatnonzero(arr == 0x0A)
        idx = np.searchsorted(starts, high[:200000])
        for i in np.unique(idx)[:20000]:
            a = starts[i - 1] + 1 if i > 0 else 0
            b = starts[i] if i < len(starts) else len(data)
            lines.add(data[a:b])
        sample = b"\n".join(sorted(lines))
    if version and int(version.group(1)) >= 1021:  # AutoCAD 2007 and later: UTF-8
        return enc.resolve("UTF-8", sample, where=Words("DXF version (2007 or later)"), override=override)
    declared = page.group(1).decode("ascii", errors="replace").strip() if page else None
    return enc.resolve(declared, sample, where=Words("DXF header ($DWGCODEPAGE)"), override=override)


def _geojson_declares_crs(data: bytes) -> bool:
    return re.search(rb'"crs"\s*:', data[:200000]) is not None


def _read_gdal_member(member: _Member, layer: str | None, override: str | None,
                      notes: list[str]) -> tuple[gpd.GeoDataFrame, CRS | None, enc.EncodingGuess | None]:
    driver = member.driver
    display = member.display
    if driver == "ESRI Shapefile":
        guess = _shapefile_encoding(member, override)
        try:
            frame = _gdal_read(member.gdal_path(), None, display, notes, encoding=guess.encoding,
                               pass_decode_errors=True)
        except UnicodeDecodeError:
            # Text cut mid-character (a 10-byte field name, a full-width text field): read the
            # bytes losslessly as Latin-1 and decode them here, broken characters replaced.
            frame = _gdal_read(member.gdal_path(), None, display, notes, encoding=enc.LATIN1)
            frame = _redecode(frame, guess.encoding)
            notes.append(Words("some text is cut in the middle of a character (%1); broken characters were "
                               "replaced or dropped", guess.label))
        return frame, _declared_crs(frame), guess
    if driver == "GeoJSON":
        data = member.read()
        guess = enc.resolve(None, data, override=override)
        if guess.encoding == enc.UTF8 and not data.startswith(b"\xef\xbb\xbf") and isinstance(
                member.container, _DirContainer):
            source = member.gdal_path()
        else:
            try:
                text = data.decode("utf-8-sig" if guess.encoding == enc.UTF8 else guess.encoding, errors="replace")
            except LookupError:
                raise SourceError(display, Words("unknown encoding '%1'", guess.encoding)) from None
            source = io.BytesIO(text.encode("utf-8"))
        frame = _gdal_read(source, None, display, notes)
        declared = _declared_crs(frame) if _geojson_declares_crs(data) else None
        return frame, declared, guess
    if driver == "DXF":
        data = member.read()
        guess = _dxf_encoding(data, override)
        previous = pyogrio.get_gdal_config_option("DXF_ENCODING")
        pyogrio.set_gdal_config_options({"DXF_ENCODING": guess.encoding})
        try:
            frame = _gdal_read(member.gdal_path(), layer, display, notes)
        finally:
            pyogrio.set_gdal_config_options({"DXF_ENCODING": previous})
        return frame, _declared_crs(frame), guess
    kwargs = {}
    guess = None
    if driver in _UTF8_FORMATS:
        guess = enc.EncodingGuess(enc.UTF8, "certain", f"{driver} text is always UTF-8")
    elif override:
        guess = enc.resolve(None, None, override=override)
        kwargs["encoding"] = guess.encoding
    if driver == osm.DRIVER:
        with osm.driver_config():
            frame = _gdal_read(member.gdal_path(), layer, display, notes, **osm.READ_OPTIONS)
        frame = osm.with_tag_fields(frame, layer, notes)
    else:
        frame = _gdal_read(member.gdal_path(), layer, display, notes, **kwargs)
    declared = _declared_crs(frame)
    if driver in _WGS84_FORMATS:
        declared = CRS.from_epsg(4326)
    return frame, declared, guess


# ---- the common finish: 2-D, empty -> None, numbering, info


def _finish(frame, display: str, notes: list[str]) -> gpd.GeoDataFrame:
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name is None:
        frame = gpd.GeoDataFrame(pd.DataFrame(frame), geometry=gpd.GeoSeries([None] * len(frame),
                                                                                 index=frame.index))
    frame = frame.reset_index(drop=True)
    if frame.geometry.name != "geometry":
        if "geometry" in frame.columns:
            frame = frame.rename(columns={"geometry": "geometry_"})
        frame = frame.rename_geometry("geometry")
    geoms = np.asarray(frame.geometry.values, dtype=object)
    present = ~shapely.is_missing(geoms) if len(geoms) else np.zeros(0, dtype=bool)
    changed = False
    if present.any():
        z = np.zeros(len(geoms), dtype=bool)
        z[present] = shapely.has_z(geoms[present])
        if z.any():
            geoms[z] = shapely.force_2d(geoms[z])
            notes.append(Words("3-D coordinates reduced to 2-D (%1 feature(s))", int(z.sum())))
            changed = True
        empty = np.zeros(len(geoms), dtype=bool)
        empty[present] = shapely.is_empty(geoms[present])
        if empty.any():
            geoms[empty] = None
            changed = True
    if changed:
        frame = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs), crs=frame.crs)
    return frame


_TYPE_NAMES = {0: "Point", 1: "LineString", 2: "LinearRing", 3: "Polygon", 4: "MultiPoint",
               5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection"}


def geometry_type_counts(geoms) -> dict[str, int]:
    ids = shapely.get_type_id(np.asarray(geoms, dtype=object))
    out: dict[str, int] = {}
    counts = np.bincount(ids + 1, minlength=9) if len(ids) else np.zeros(9, dtype=int)
    for tid in range(-1, 8):
        n = int(counts[tid + 1])
        if n:
            out["None" if tid == -1 else _TYPE_NAMES[tid]] = n
    return out


def _dtype_name(series: pd.Series) -> str:
    kind = series.dtype.kind
    if kind in "iu":
        return "integer"
    if kind == "f":
        return "real"
    if kind == "b":
        return "boolean"
    if kind == "M":
        return "date"
    if kind == "O":
        return "text"
    return "other"


def value_text(value) -> str | None:
    """A cell as the text the mapping sees: None for empty; 2018.0 -> "2018"; stripped."""
    if type(value) is str:  # the common case, first
        value = value.strip()
        return value or None
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float):
        if np.isnan(value):
            return None
        if value.is_integer():
            return str(int(value))
    if isinstance(value, (np.floating,)):
        return value_text(float(value))
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if hasattr(value, "isoformat") and not isinstance(value, str):
        try:
            return value.isoformat()
        except Exception:
            pass
    text = str(value).strip()
    return text or None


def distinct_values(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct values): each row's index into the distinct values (-1 where
    empty) and those values as an object array; unhashable cells (lists from a
    GeoJSON) are compared as text."""
    if isinstance(column.dtype, pd.StringDtype):  # (its own factorize takes about twice as long)
        column = column.to_numpy(dtype=object)
    try:
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
    except TypeError:
        codes, uniques = pd.factorize(column.astype(str), use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)  # iterating a pandas string array is slow


def _blank_values(values: list) -> np.ndarray:
    """Which *values* give no text (:func:`value_text` is None): for text, empty or white
    space only, tested in C loops (a name or a note column has a value per row)."""
    if set(map(type, values)) <= {str}:
        spaces = np.fromiter(map(str.isspace, values), dtype=bool, count=len(values))
        return spaces | (np.fromiter(map(len, values), dtype=np.int64, count=len(values)) == 0)
    return np.array([not v.strip() if type(v) is str else value_text(v) is None for v in values], dtype=bool)


def field_infos(frame: pd.DataFrame, distinct: dict | None = None) -> list[FieldInfo]:
    """Each field's type, samples and counts; *distinct* (if given) receives each
    column's :func:`distinct_values`, for the plan to reuse."""
    infos = []
    for name in frame.columns:
        if name == "geometry":
            continue
        col = frame[name]
        codes, uniques = distinct_values(col)
        if distinct is not None:
            distinct[name] = (codes, uniques)
        texts = [value_text(v) for v in uniques[:50]]
        samples = tuple(t for t in texts if t is not None)[:N_SAMPLES]
        blank_uniques = _blank_values(uniques.tolist())
        empty = int((codes == -1).sum())
        if blank_uniques.any():
            empty += int(np.isin(codes, np.flatnonzero(blank_uniques)).sum())
        infos.append(FieldInfo(str(name), _dtype_name(col), samples,
                               int(len(uniques) - blank_uniques.sum()), empty))
    return infos


def _layer_info(frame: gpd.GeoDataFrame, *, layer_id: str, file: str, name: str, driver: str,
                declared: CRS | None, guess: enc.EncodingGuess | None, notes: list[str],
                near: tuple[float, float] | None) -> tuple[LayerInfo, dict, dict]:
    """The layer's info, {(crs, swap_xy): WGS-84 geometries} and {column: distinct values}
    computed on the way."""
    geoms = np.asarray(frame.geometry.values, dtype=object)
    distinct: dict = {}
    present = ~shapely.is_missing(geoms) if len(geoms) else np.zeros(0, bool)
    cache: dict = {}
    bounds = None
    if present.any():
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            b = shapely.total_bounds(geoms[present])
        if np.isfinite(b).all():
            bounds = tuple(float(v) for v in b)
    crs_name = crs_label = None
    doubtful = False
    candidates: list[crsmod.CrsCandidate] = []
    if declared is not None:
        cs = crsmod.parse_crs(declared)
        crs_name, crs_label = cs.name, crsmod.describe(cs)
    if present.any():
        sample = crsmod.sample_xy(geoms[present])
        if crs_name is not None:
            try:
                lon, lat = crsmod.to_wgs84_xy(sample[:, 0], sample[:, 1], crs_name)
                share = float(crsmod.in_china(lon, lat).mean()) if len(sample) else 1.0
            except Exception:
                share = 0.0
            if share < 0.5:
                doubtful = True
                notes.append(Words("the declared CRS (%1) puts the data outside China or at sea", crs_label))
                candidates = crsmod.guess_crs(sample, near=near)
                if candidates:
                    notes.append(Words("the numbers fit %1 better (%2)", candidates[0].crs, candidates[0].reason))
        else:
            candidates = crsmod.guess_crs(sample, near=near)
            if not candidates:
                notes.append(Words("no coordinate system declared, and the numbers fit none known "
                                   "(local or CAD coordinates?): choose one"))
            elif candidates[0].confidence == "low":
                notes.append(Words("no coordinate system declared; the best guess, %1, is unsure", candidates[0].crs))
    info = LayerInfo(
        id=layer_id, file=file, name=name, driver=driver, feature_count=len(frame),
        geometry_types=geometry_type_counts(geoms), fields=field_infos(frame, distinct),
        crs=crs_name, crs_label=crs_label, crs_candidates=candidates, encoding=guess,
        bounds=bounds, bounds_wgs84=None, notes=notes, crs_doubtful=doubtful)
    if guess is not None and guess.confidence in ("medium", "low"):
        notes.append(Words("text encoding %1 is a guess (%2): %3; if names look garbled, choose another encoding",
                           guess.label, CONFIDENCE_WORDS.get(guess.confidence, guess.confidence), guess.how))
    effective = info.effective_crs
    if present.any() and effective:
        try:
            wgs = crsmod.to_wgs84(geoms[present], effective, info.effective_swap_xy)
        except Exception:
            wgs = None
        if wgs is not None:
            with np.errstate(invalid="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                b = shapely.total_bounds(wgs)
            if np.isfinite(b).all():
                info.bounds_wgs84 = tuple(float(v) for v in b)
            full = np.full(len(geoms), None, dtype=object)
            full[present] = wgs
            cache[(crsmod.parse_crs(effective).name, bool(info.effective_swap_xy))] = full
            cx, cy = crsmod.feature_centres(wgs)
            far = crsmod.far_from_bulk(cx, cy)
            if far.any():
                rows = np.flatnonzero(present)[far]
                info.far_features = [int(r) for r in rows]
                shown = ", ".join(f"#{r}" for r in rows[:10]) + (" ..." if len(rows) > 10 else "")
                notes.append(Words("%1 feature(s) lie far from the rest of the data: %2", len(rows), shown))
    return info, cache, distinct


# --------------------------------------------------------------------------
# Public entry points


def _open(path) -> tuple[Path, str, _Container, list[_Member], list[SkippedFile]]:
    path = Path(path)
    shown = str(path)
    st = _check_regular(path, shown)
    if stat.S_ISDIR(st.st_mode):
        if path.suffix.lower() == ".gdb":
            container = _DirContainer(path.parent, recursive=False)
            return path, "file", container, [_Member(container, path.name, "OpenFileGDB")], []
        container = _DirContainer(path, shown=path.name or shown)
        members, skipped = _classify(container)
        return path, "folder", container, members, skipped
    suffix = path.suffix.lower()
    if suffix == ".zip":
        container = _ZipContainer(path, path.name)
        members, skipped = _classify(container)
        return path, "zip", container, members, skipped
    container = _DirContainer(path.parent, recursive=False)
    if suffix in SIDECARS and suffix != ".shp":
        shp = next((p for p in path.parent.iterdir() if p.stem == path.stem and p.suffix.lower() == ".shp"), None)
        if shp is not None:
            return path, "file", container, [_Member(container, shp.name, "ESRI Shapefile")], []
    if suffix not in FORMATS:
        reason = _KNOWN_UNREADABLE.get(suffix) or (Words("not a supported format (%1)", suffix) if suffix
                                                   else Words("not a supported format (no suffix)"))
        raise SourceError(path.name, Words("%1; readable: %2", reason, ", ".join(sorted(set(FORMATS) | {".zip"}))))
    member = _Member(container, path.name, FORMATS[suffix])
    if suffix == ".shp" and member.sibling(".dbf") is None:
        raise SourceError(path.name, Words("Shapefile without its .dbf (attributes missing)"))
    return path, "file", container, [member], []


def _expand_zips(members: list[_Member], skipped: list[SkippedFile]) -> list[_Member]:
    out = []
    for m in members:
        if m.driver != "ZIP":
            out.append(m)
            continue
        try:
            inner = _ZipContainer(Path(m.container.gdal_path(m.rel)), m.display)
        except SourceError as exc:
            skipped.append(SkippedFile(exc.file, exc.message))
            continue
        inner_members, inner_skipped = _classify(inner)
        skipped.extend(inner_skipped)
        out.extend(inner_members)
    return out


def _check_member(member: _Member) -> None:
    """Refuse, before GDAL opens it, a member that is not a regular file or is too large
    (a named pipe in a folder would block the reader for ever)."""
    container = member.container
    if isinstance(container, _DirContainer):
        if member.driver != "OpenFileGDB":
            _check_regular(container._path(member.rel), member.display)
    elif isinstance(container, _ZipContainer) and container.size(member.rel) > MAX_SOURCE_BYTES:
        raise SourceError(member.display, Words("too large (%1 bytes uncompressed)", container.size(member.rel)))


def _member_layers(member: _Member) -> list[str | None]:
    """Layer names of a member (None: its only layer)."""
    _check_member(member)
    if member.driver == "XLSX":
        return tables.xlsx_sheets(member.read(), member.display)
    if member.driver in MULTI_LAYER:
        return list(_gdal_layers(member))
    return [None]


def _layer_id(member: _Member, layer: str | None) -> str:
    return member.display if layer is None else f"{member.display}#{layer}"


def _read(member: _Member, layer: str | None, encoding: str | None,
          near: tuple[float, float] | None, source_path: Path) -> SourceLayer:
    notes: list[str] = []
    display = _layer_id(member, layer)
    _check_member(member)
    if encoding is not None and enc.normalize_name(encoding) is None:
        raise SourceError(display, Words("unknown encoding '%1'", encoding))
    declared: CRS | None = None
    if member.driver == "CSV":
        frame, guess = tables.read_csv(member.read(), member.display, member.suffix, encoding, notes)
    elif member.driver == "XLSX":
        frame = tables.read_xlsx(member.read(), layer, f"{member.display}#{layer}", notes)
        guess = enc.EncodingGuess(enc.UTF8, "certain", "XLSX text is always Unicode")
    else:
        frame, declared, guess = _read_gdal_member(member, layer, encoding, notes)
    frame = _finish(frame, display, notes)
    name = layer if layer is not None else PurePosixPath(member.rel).stem
    info, cache, distinct = _layer_info(frame, layer_id=display, file=member.display, name=name,
                                        driver=member.driver, declared=declared, guess=guess, notes=notes, near=near)
    if declared is None and frame.crs is not None:
        frame = frame.set_crs(None, allow_override=True)
    return SourceLayer(info=info, frame=frame, source_path=source_path, _wgs84=cache, _distinct=distinct)


def inspect_source(path, encoding: str | None = None,
                   near: tuple[float, float] | None = None) -> SourceInfo:
    """Every layer of a file, folder or zip, with what the wizard shows (:class:`LayerInfo`).

    *encoding* overrides the text encoding of every layer that has one
    (Shapefile, CSV, GeoJSON, DXF; e.g. ``"GBK"``); *near* (lon, lat), such as
    the centre of the open dataset, helps guess a CRS the numbers cannot pin
    down (:func:`crs.guess_crs`).  Raises :class:`SourceError` for a file that
    cannot be read, or a folder/archive with nothing readable (its
    ``skipped`` says what was there)."""
    root, kind, container, members, skipped = _open(path)
    try:
        members = _expand_zips(members, skipped)
        layers: list[LayerInfo] = []
        first_error: SourceError | None = None
        for member in members:
            try:
                names = _member_layers(member)
                for layer in names:
                    read = _read(member, layer, encoding, near, root)
                    if member.driver in ("GPX", osm.DRIVER) and read.info.feature_count == 0:
                        continue  # GPX and OSM files always list all their layers; empty ones are noise
                    layers.append(read.info)
            except SourceError as exc:
                if kind == "file":
                    raise
                first_error = first_error or exc
                skipped.append(SkippedFile(exc.file, exc.message))
        if not layers:
            if first_error is not None and len(members) == 1:
                raise SourceError(first_error.file, first_error.message, skipped)
            raise SourceError(root.name or str(root), Words(
                "nothing readable here (%1 file(s) skipped: %2)", len(skipped),
                semicolons(Words("%1: %2", s.file, s.reason) for s in skipped[:5])) if skipped
                else Words("nothing readable here"), skipped)
        return SourceInfo(path=root, kind=kind, layers=layers, skipped=skipped)
    finally:
        if isinstance(container, _ZipContainer):
            container.close()


@bulk
def read_layer(path, layer: str | None = None, encoding: str | None = None,
               near: tuple[float, float] | None = None) -> SourceLayer:
    """Read one layer of a source (a file, folder or zip) into a :class:`SourceLayer`.

    *layer* is a :attr:`LayerInfo.id` from :func:`inspect_source`, or a plain
    layer name (``"道路"``) if only one layer has it, or None when the source
    has a single layer.  *encoding* and *near* as for :func:`inspect_source`.
    Raises :class:`SourceError` (unreadable, no such layer, several layers
    and none chosen)."""
    root, kind, container, members, skipped = _open(path)
    try:
        members = _expand_zips(members, skipped)
        wanted_member, wanted_layer = None, None
        if layer is not None:
            # An id: "<member display>" or "<member display>#<layer>".
            for member in members:
                if layer == member.display:
                    wanted_member = member
                    break
                if layer.startswith(member.display + "#"):
                    wanted_member, wanted_layer = member, layer[len(member.display) + 1:]
                    break
            if wanted_member is None:
                hits = []
                for member in members:
                    try:
                        names = _member_layers(member)
                    except SourceError:
                        continue
                    hits.extend((member, n) for n in names
                                if n == layer or (n is None and PurePosixPath(member.rel).stem == layer))
                if len(hits) == 1:
                    wanted_member, wanted_layer = hits[0]
                elif len(hits) > 1:
                    raise SourceError(root.name, Words("several layers are named '%1': %2", layer,
                                                       ", ".join(_layer_id(m, n) for m, n in hits)))
                else:
                    raise SourceError(root.name, Words("no layer '%1' here", layer))
        else:
            if len(members) != 1:
                raise SourceError(root.name, Words("%1 files here: choose a layer", len(members)))
            wanted_member = members[0]
        names = _member_layers(wanted_member)
        if wanted_layer is None:
            if len(names) == 1:
                wanted_layer = names[0]
            else:
                raise SourceError(wanted_member.display, Words(
                    "several layers: choose one of %1", ", ".join(_layer_id(wanted_member, n) for n in names)))
        elif wanted_layer not in names:
            raise SourceError(wanted_member.display, Words("no layer '%1' (layers: %2)", wanted_layer,
                                                           ", ".join(str(n) for n in names)))
        return _read(wanted_member, wanted_layer, encoding, near, root)
    finally:
        if isinstance(container, _ZipContainer):
            container.close()
