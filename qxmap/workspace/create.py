"""Making workspaces, and writing layers out in the documented field order.

A new workspace is built under a temporary name next to its target and
renamed into place only when complete (so a half-written workspace never
exists under its real name); its bookkeeping is added in one transaction.
The user's own workspace lives in the user data folder and is made from the
bundled data on first run.  The GeoJSON export of the layers shares the
field order with the GeoPackage writer, so both live here.
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pandas as pd

from qxmap import schema
from qxmap.dataset import Dataset, load_dataset
from qxmap.workspace.bookkeeping import META_TABLE, default_user, ensure_bookkeeping
from qxmap.workspace.db import DEFAULT_BUSY_TIMEOUT, connect, explain, sql_value, sqlite_message
from qxmap.workspace.errors import WorkspaceError
from qxmap.words import Words

#: Field order in the files qxmap writes (the order geodata/README.md documents).
FIELD_ORDER = ("id", "name_zh", "name_en", "category", "kind", "status", "phase", "start", "target",
               "progress", "road", "geometry_accuracy", "source", "note",
               "start_month", "target_month", "owner", "contractor", "budget_wan", "actual_start", "completed_on")


def ordered_fields(name: str) -> list[schema.FieldSpec]:
    """The schema fields of layer *name* in FIELD_ORDER."""
    fields = list(schema.LAYERS[name].fields)
    rank = {n: i for i, n in enumerate(FIELD_ORDER)}
    return sorted(fields, key=lambda f: rank.get(f.name, len(rank)))


# --------------------------------------------------------------------------
# GeoPackage layers


def _frame_for_gpkg(name: str, frame) -> tuple[Any, str]:
    """The layer as written: schema fields in order, typed columns, no computed columns."""
    import geopandas as gpd

    data: dict[str, Any] = {}
    for fspec in ordered_fields(name):
        values = frame[fspec.name].tolist() if fspec.name in frame.columns else [None] * len(frame)
        values = [None if v is None or (isinstance(v, float) and v != v) else v for v in values]
        if fspec.kind in ("year", "month"):
            data[fspec.name] = pd.array(values, dtype="Int64")
        elif fspec.kind in ("percent", "money"):
            data[fspec.name] = pd.array(values, dtype="Float64")
        else:
            data[fspec.name] = pd.Series([None if v is None else str(v) for v in values], dtype=object)
    out = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(list(frame.geometry), crs="EPSG:4326"),
                           crs="EPSG:4326")
    present = {g.geom_type for g in frame.geometry if g is not None and not g.is_empty}
    geometry_type = present.pop() if len(present) == 1 else "Unknown"
    return out, geometry_type


def _write_layers(dataset: Dataset, target: Path) -> None:
    import pyogrio

    for name in schema.LAYER_ORDER:
        frame, geometry_type = _frame_for_gpkg(name, dataset.layers[name])
        zh, en = schema.LAYER_LABELS[name]
        pyogrio.write_dataframe(frame, target, layer=name, driver="GPKG", geometry_type=geometry_type,
                                promote_to_multi=False, layer_options={"DESCRIPTION": f"{zh} / {en}"})


def _fsync(path: Path) -> None:
    # Only for files no connection of this process has open (see qxmap.workspace.db.pinned).
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def create_workspace(source_path: str | os.PathLike, out_path: str | os.PathLike, *,
                     overwrite: bool = False) -> Path:
    """Load and validate *source_path*, write it as a workspace GeoPackage at *out_path*.

    The file is built under a temporary name in the same folder and renamed
    into place only when complete.  An existing *out_path* is refused unless
    *overwrite*.  Raises DatasetError (invalid source) or WorkspaceError.
    """
    out = Path(out_path).absolute()
    if out.suffix.lower() != ".gpkg":
        raise WorkspaceError(Words("%1: a workspace file must end in .gpkg", out), out)
    if out.exists() and not overwrite:
        raise WorkspaceError(Words("%1: already exists; choose another name or overwrite it", out), out)
    if not out.parent.is_dir():
        raise WorkspaceError(Words("%1: the folder %2 does not exist", out, out.parent), out)
    dataset = load_dataset(source_path)
    tmp = out.parent / f".{out.stem}.{uuid.uuid4().hex[:12]}.part.gpkg"
    try:
        try:
            _write_layers(dataset, tmp)
        except Exception as exc:
            raise WorkspaceError(Words("%1: cannot write the GeoPackage: %2", out, sqlite_message(exc)), out) from exc
        conn = connect(tmp, read_only=False, timeout=DEFAULT_BUSY_TIMEOUT)
        try:
            conn.execute("BEGIN IMMEDIATE")
            ensure_bookkeeping(conn)
            conn.executemany(f"INSERT OR REPLACE INTO {META_TABLE} (key, value) VALUES (?, ?)",
                             [("source", str(Path(source_path).absolute())), ("created_by", default_user())])
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise explain(exc, out, Words("the workspace was not created")) from exc
        finally:
            conn.close()
        _fsync(tmp)
        try:
            if overwrite:
                os.replace(tmp, out)
            else:
                try:
                    os.link(tmp, out)  # refuses to replace a file created meanwhile
                except FileExistsError:
                    raise WorkspaceError(Words("%1: already exists; choose another name or overwrite it", out), out)
                except OSError:  # no hard links here (e.g. FAT): check, then rename
                    if out.exists():
                        raise WorkspaceError(Words("%1: already exists; choose another name or overwrite it", out), out)
                    os.replace(tmp, out)
        except OSError as exc:
            raise WorkspaceError(Words("%1: cannot be written: %2", out, exc.strerror or exc), out) from exc
        _fsync(out.parent)
    finally:
        for leftover in (tmp, Path(str(tmp) + "-journal")):
            leftover.unlink(missing_ok=True)
    return out


def default_workspace_path() -> Path:
    """Where the user's own workspace lives (platformdirs user data folder)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("qxmap", appauthor=False)) / "qingxi.gpkg"


def ensure_default_workspace(source: str | os.PathLike | None = None,
                             path: str | os.PathLike | None = None) -> Path:
    """The default workspace, created from *source* (the bundled dataset) on first run.

    The bundled geodata is only read; the workspace goes to the user data folder.
    """
    from qxmap import paths

    target = Path(path) if path is not None else default_workspace_path()
    if target.exists():
        return target
    source = Path(source) if source is not None else paths.bundled_dataset()
    with contextlib.suppress(ValueError):
        target.absolute().relative_to(paths.geodata_dir().absolute())
        raise WorkspaceError(Words("%1: the workspace may not live inside the bundled geodata", target), target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(Words("%1: cannot create the folder: %2", target.parent, exc.strerror or exc),
                             target) from exc
    try:
        return create_workspace(source, target)
    except WorkspaceError:
        if target.exists():  # another copy of the app made it first
            return target
        raise


# --------------------------------------------------------------------------
# GeoJSON


def geojson_text(name: str, frame) -> str:
    """Layer *name* (a frame of the dataset) as one GeoJSON FeatureCollection, fields in FIELD_ORDER."""
    features = []
    names = [f.name for f in ordered_fields(name)]
    for row in zip(*(frame[c] if c in frame.columns else [None] * len(frame) for c in names),
                   frame.geometry):
        properties = {c: sql_value(v) for c, v in zip(names, row[:-1])}
        geom = row[-1]
        features.append({"type": "Feature", "properties": properties,
                         "geometry": None if geom is None or geom.is_empty else geom.__geo_interface__})
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n"
