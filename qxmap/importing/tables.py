"""Tables with coordinates: CSV/TSV files and .xlsx sheets of a planning office
(longitude/latitude columns -- 经度/纬度, lon/lat/lng, x/y -- in degrees, metres
or degree-minute-second text, or a column of WKT) read into GeoDataFrames in
the numbers' own coordinates, for :mod:`qxmap.importing.sources`.  A title row
above the header is skipped; text is decoded as detected (:mod:`.encoding`)."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from qxmap.importing import encoding as enc
from qxmap.importing.errors import SourceError, first_line
from qxmap.words import Words


def _header_key(name) -> str:
    text = unicodedata.normalize("NFKC", str(name)).strip().lower()
    text = re.sub(r"[\(\[【（].*?[\)\]】）]", "", text)
    return re.sub(r"[\s_\-:：/]+", "", text)


#: Column names of longitude (or easting) and latitude (or northing), in order of preference.
LON_NAMES = ("经度", "longitude", "lon", "lng", "long", "东经", "经度坐标", "x", "x坐标", "坐标x", "pointx",
             "easting", "东坐标", "e")
LAT_NAMES = ("纬度", "latitude", "lat", "北纬", "纬度坐标", "y", "y坐标", "坐标y", "pointy", "northing",
             "北坐标", "n")
WKT_NAMES = ("wkt", "geometry", "geom", "thegeom", "shape", "几何", "空间信息", "坐标串", "图形", "geometrywkt")
_WKT_RE = re.compile(r"^\s*(SRID=\d+;\s*)?(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|"
                     r"GEOMETRYCOLLECTION)\b", re.IGNORECASE)
_DMS_RE = (r"^\s*(?:东经|北纬|[EWNSewns])?\s*(-?\d+(?:\.\d+)?)\s*[°度:]\s*(?:(\d+(?:\.\d+)?)\s*['′’分:]?\s*)?"
           r"(?:(\d+(?:\.\d+)?)\s*(?:\"|″|”|''|秒)?\s*)?([EWNSewns])?\s*$")


def _coordinate_columns(columns: list[str]) -> tuple[str | None, str | None]:
    keys = {c: _header_key(c) for c in columns}
    for lon_name, lat_name in zip(LON_NAMES, LAT_NAMES):
        lon = next((c for c in columns if keys[c] == lon_name), None)
        lat = next((c for c in columns if keys[c] == lat_name), None)
        if lon is not None and lat is not None:
            return lon, lat
    # any lon-like with any lat-like name
    lon = next((c for c in columns if keys[c] in LON_NAMES), None)
    lat = next((c for c in columns if keys[c] in LAT_NAMES), None)
    if lon is not None and lat is not None and lon != lat:
        return lon, lat
    return None, None


def _numbers(series: pd.Series) -> np.ndarray:
    """Numbers from cells that hold numbers, numeric text or degree-minute-second text."""
    values = np.array(pd.to_numeric(series, errors="coerce"), dtype=float)  # a writable copy
    missing = np.isnan(values) & series.notna().to_numpy()
    if missing.any():
        text = series[missing].astype(str).str.replace(",", "", regex=False)
        parts = text.str.extract(_DMS_RE)
        deg = pd.to_numeric(parts[0], errors="coerce")
        minutes = pd.to_numeric(parts[1], errors="coerce").fillna(0)
        seconds = pd.to_numeric(parts[2], errors="coerce").fillna(0)
        val = deg.abs() + minutes / 60 + seconds / 3600
        neg = (deg < 0) | parts[3].str.upper().isin(["W", "S"]).fillna(False)
        val = val.where(~neg, -val)
        values[missing] = val.to_numpy(dtype=float)
    return values


def _is_blank(series: pd.Series) -> np.ndarray:
    return (series.isna() | series.astype(str).str.strip().eq("")).to_numpy()


def _pick_header(raw: pd.DataFrame) -> int:
    """Row number of the header: skips title rows above it (a merged title cell)."""
    head = raw.head(20)
    if head.empty:
        return 0
    counts = (~head.apply(_is_blank)).sum(axis=1).to_numpy()
    for i in range(len(head)):
        cells = [c for c in head.iloc[i].tolist() if not (c is None or (isinstance(c, float) and np.isnan(c)))]
        lon, lat = _coordinate_columns([str(c) for c in cells])
        if lon is not None:
            return i
    best = counts.max()
    for i, c in enumerate(counts):
        if c >= max(2, 0.6 * best) or best < 2:
            return i
    return 0


def table_frame(raw: pd.DataFrame, display: str, notes: list[str]) -> gpd.GeoDataFrame:
    """A table read without a header (CSV rows, an XLSX sheet) -> a GeoDataFrame
    with points from longitude/latitude columns or shapes from a WKT column."""
    raw = raw.dropna(how="all", axis=1)
    if raw.empty:
        return gpd.GeoDataFrame({"geometry": gpd.GeoSeries([], dtype="geometry")}, geometry="geometry")
    h = _pick_header(raw)
    header = []
    seen: dict[str, int] = {}
    for i, cell in enumerate(raw.iloc[h].tolist()):
        name = "" if cell is None or (isinstance(cell, float) and np.isnan(cell)) else _cell_text(cell)
        name = name.strip() or f"column_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        header.append(name)
    body = raw.iloc[h + 1:].copy()
    body.columns = header
    body = body[~body.apply(_is_blank).all(axis=1)].reset_index(drop=True)
    if h:
        notes.append(Words("%1 row(s) above the header skipped (a title?)", h))
    columns = list(body.columns)
    lon_col, lat_col = _coordinate_columns(columns)
    geoms = None
    if lon_col is not None:
        x = _numbers(body[lon_col])
        y = _numbers(body[lat_col])
        ok = np.isfinite(x) & np.isfinite(y)
        geoms = np.full(len(body), None, dtype=object)
        if ok.any():
            geoms[ok] = shapely.points(x[ok], y[ok])
        bad = int((~ok).sum())
        if bad:
            notes.append(Words("%1 row(s) without readable coordinates in '%2'/'%3'", bad, lon_col, lat_col))
    else:
        wkt_col = next((c for c in columns if _header_key(c) in WKT_NAMES), None)
        if wkt_col is None:
            for c in columns:
                cells = body[c].dropna().astype(str).head(20)
                if len(cells) and cells.str.match(_WKT_RE).mean() >= 0.8:
                    wkt_col = c
                    break
        if wkt_col is not None:
            text = body[wkt_col].astype(object).where(body[wkt_col].notna(), None)
            text = text.map(lambda v: None if v is None else re.sub(r"^\s*SRID=\d+;", "", str(v)))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                geoms = shapely.from_wkt(text.to_numpy(dtype=object), on_invalid="ignore")
            bad = int(sum(1 for g, t in zip(geoms, text) if g is None and t is not None and str(t).strip()))
            if bad:
                notes.append(Words("%1 row(s) with unreadable WKT in '%2'", bad, wkt_col))
            body = body.drop(columns=[wkt_col])
        else:
            notes.append(Words("no coordinate columns found (looked for 经度/纬度, lon/lat, lng, x/y or a WKT column)"))
            geoms = np.full(len(body), None, dtype=object)
    if "geometry" in body.columns:
        body = body.rename(columns={"geometry": "geometry_"})
    return gpd.GeoDataFrame(body, geometry=gpd.GeoSeries(geoms, index=body.index), crs=None)


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_csv(data: bytes, display: str, suffix: str, override: str | None,
             notes: list[str]) -> tuple[gpd.GeoDataFrame, enc.EncodingGuess]:
    """A CSV (or TSV: *suffix*) file's bytes -> a GeoDataFrame (:func:`table_frame`) and
    the text encoding used (detected, or *override*)."""
    guess = enc.resolve(None, data, override=override)
    codec = "utf-8-sig" if guess.encoding == enc.UTF8 else ("utf-16" if guess.encoding == enc.UTF16
                                                            else guess.encoding)
    try:
        text = data.decode(codec, errors="replace")
    except LookupError:
        raise SourceError(display, Words("unknown encoding '%1'", guess.encoding)) from None
    sample = text[:65536]
    delimiter = "\t" if suffix == ".tsv" else ","
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        pass
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise SourceError(display, Words("not a readable CSV file: %1", first_line(exc))) from None
    if not rows:
        raise SourceError(display, Words("empty file"))
    width = max(len(r) for r in rows)
    rows = [r + [None] * (width - len(r)) for r in rows]
    raw = pd.DataFrame(rows, dtype=object).replace({"": None})
    return table_frame(raw, display, notes), guess


def xlsx_sheets(data: bytes, display: str) -> list[str]:
    """The sheet names of an .xlsx workbook (its bytes), in order."""
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        try:
            return list(book.sheetnames)
        finally:
            book.close()
    except Exception as exc:
        raise SourceError(display, Words("not a readable .xlsx workbook: %1", first_line(exc))) from None


def read_xlsx(data: bytes, sheet: str, display: str, notes: list[str]) -> gpd.GeoDataFrame:
    """One sheet of an .xlsx workbook (its bytes; *display*: how messages name the sheet)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = pd.read_excel(io.BytesIO(data), sheet_name=sheet, header=None, dtype=object,
                                engine="openpyxl")
    except Exception as exc:
        raise SourceError(display, Words("cannot be read: %1", first_line(exc))) from None
    return table_frame(raw, display, notes)
