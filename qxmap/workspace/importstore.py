"""Writing imports into the workspace GeoPackage, inside the save's transaction.

:mod:`qxmap.workspace.importchange` says what an import changes (an
:class:`~qxmap.workspace.importchange.ImportChange`); :func:`write_changes`
writes it with plain SQL on the connection the save holds, so that
everything lands in one transaction with the edits and their history, or
nothing does: matched rows (only if their revision is still the one loaded;
each changed row's revision bumped), new rows, removed rows, reference
layers, and one history row per changed field (``geometry`` old/new as WKT,
``record`` for a record added or removed: its attributes and its geometry's
WKT as JSON, :func:`qxmap.geometry_edits.record_text`).  A layer's
declared geometry type is widened to GEOMETRY when new geometries do not fit
it, and its extent grown.  Many new rows are written in bulk, many per INSERT
(GDAL's per-row spatial-index and count triggers set aside and made again, in
the same transaction; the spatial index packed again in one go when it held
few entries, :mod:`qxmap.workspace.rtreepack`).
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from qxmap.editing import value_text
from qxmap.geometry_edits import RECORD_GEOMETRY_KEY
from qxmap.workspace.bookkeeping import REVISION
from qxmap.workspace.db import columns, insert_columns, quote, sql_value
from qxmap.workspace.errors import ConflictError, WorkspaceError
from qxmap.words import Words
from qxmap.workspace.importcells import (_GEOM_TYPES, GEOMETRY_FIELD, RECORD_FIELD, REFERENCE_TABLE, cell_value,
                                         column_cells, create_reference, drop_reference, geometries, geometry_column,
                                         gpkg_blobs, object_array, wkt, wkts)
from qxmap.workspace.rtreepack import refill as refill_rtree
from qxmap.workspace.saving import conflict_error


# --------------------------------------------------------------------------
# Writing (inside the save's transaction)


@dataclass
class WriteResult:
    """What :func:`write_changes` wrote: the revisions after it, the history rows
    (to append with the edits'), the tables touched and how many reference layers
    were created or dropped."""

    revisions: dict[str, int]
    history: list[tuple]
    tables: set[str]
    references: int


def write_changes(conn: sqlite3.Connection, path: Path, changes: list, revisions: dict[str, int],
                  stamp: str, by: str, name_of: Callable[[str], str | None]) -> WriteResult:
    """Write *changes* in order inside the caller's transaction.

    Matched and removed rows of tracked layers must still have the revision
    they were loaded with (*revisions*), else :class:`ConflictError` naming
    them; their revision is bumped.  Returns the new revisions and the history
    rows; the caller commits or rolls back."""
    expected = dict(revisions)
    history: list[tuple] = []
    tables: set[str] = set()
    references = 0
    for change in changes:
        if change.reference_removed is not None:
            drop_reference(conn, path, change.reference_removed.key)
            references += 1
            tables.add(REFERENCE_TABLE)
        if change.layer is not None:
            layer = change.layer
            tracked = REVISION in columns(conn, layer)
            geom_col = geometry_column(conn, layer)
            if tracked:
                ids = [u.record_id for u in change.updates]
                if change.removed is not None:
                    ids += [str(i) for i in change.removed["id"]]
                conflicts = _conflicts(conn, layer, ids, expected)
                if conflicts:
                    raise conflict_error(path, conflicts, name_of)
            if change.removed is not None and len(change.removed):
                history.extend(_delete_rows(conn, layer, change.removed, expected if tracked else None, stamp, by,
                                            change.note))
                tables.add(layer)
            if change.updates:
                history.extend(_update_rows(conn, path, layer, geom_col, change.updates,
                                            expected if tracked else None, stamp, by, change.note))
                tables.add(layer)
            if change.added is not None and len(change.added):
                history.extend(_insert_rows(conn, layer, geom_col, change.added, expected if tracked else None,
                                            stamp, by, change.note, change.added_cells()))
                tables.add(layer)
        if change.reference_added is not None:
            create_reference(conn, path, change.reference_added, stamp, by)
            references += 1
            tables.add(REFERENCE_TABLE)
    if tables:
        conn.executemany("UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?",
                         [(stamp, name) for name in tables])
    return WriteResult(expected, history, tables, references)


def _conflicts(conn: sqlite3.Connection, layer: str, ids: list[str], expected: dict[str, int]) -> list[str]:
    found: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(conn.execute(f'SELECT "id", "{REVISION}" FROM {quote(layer)} WHERE "id" IN ({marks})', chunk))
    return [i for i in ids if i not in found or int(found[i] or 0) != expected.get(i, 0)]


def _history_value(name: str, value) -> str | None:
    return value_text(cell_value(value))


def _update_rows(conn, path: Path, layer: str, geom_col: str, updates: list,
                 expected: dict[str, int] | None, stamp: str, by: str, note: str) -> list[tuple]:
    table_cols = set(columns(conn, layer))
    groups: dict[tuple[tuple[str, ...], bool], list] = {}
    for u in updates:
        names = tuple(sorted(n for n in u.fields if n in table_cols))
        groups.setdefault((names, u.geometry is not None), []).append(u)
    history: list[tuple] = []
    new_geoms = []
    for (names, with_geom), items in groups.items():
        sets = [f"{quote(n)} = ?" for n in names]
        if with_geom:
            sets.append(f"{quote(geom_col)} = ?")
            new_geoms.extend(u.geometry[1] for u in items)
        blobs = gpkg_blobs([u.geometry[1] for u in items]) if with_geom else None
        rows = []
        for k, u in enumerate(items):
            values = [sql_value(cell_value(u.fields[n][1])) for n in names]
            if with_geom:
                values.append(blobs[k])
            if expected is not None:
                values += [u.record_id, expected.get(u.record_id, 0)]
            else:
                values.append(u.record_id)
            rows.append(tuple(values))
        if expected is not None:
            sql = (f'UPDATE {quote(layer)} SET {", ".join(sets + [f"{quote(REVISION)} = COALESCE({quote(REVISION)}, 0) + 1"])} '
                   f'WHERE "id" = ? AND COALESCE({quote(REVISION)}, 0) = ?')
        else:
            sql = f'UPDATE {quote(layer)} SET {", ".join(sets)} WHERE "id" = ?'
        if not sets:
            continue
        cursor = conn.executemany(sql, rows)
        if cursor.rowcount != len(rows):
            raise ConflictError(Words("%1: not saved: rows changed during the save", path.name), path, [])
    for u in updates:
        for name, (old, new) in u.fields.items():
            history.append((u.record_id, name, _history_value(name, old), _history_value(name, new), stamp, by, note))
        if u.geometry is not None:
            history.append((u.record_id, GEOMETRY_FIELD, wkt(u.geometry[0]), wkt(u.geometry[1]), stamp, by, note))
        if expected is not None:
            expected[u.record_id] = expected.get(u.record_id, 0) + 1
    _fit_geometry_type(conn, layer, new_geoms)
    _grow_extent(conn, layer, new_geoms)
    return history


def _insert_rows(conn, layer: str, geom_col: str, records: gpd.GeoDataFrame, expected: dict[str, int] | None,
                 stamp: str, by: str, note: str, cells: dict[str, list] | None = None) -> list[tuple]:
    table_cols = columns(conn, layer)
    names = [c for c in records.columns if c in table_cols and c not in (geom_col, "fid", REVISION)
             and c != records.geometry.name]
    geoms = geometries(records)
    blobs = gpkg_blobs(geoms)
    if cells is None:  # each column once, for the rows and for the history's JSON
        cells = _cells(records)
    values = [cells[c] for c in names]
    _insert(conn, layer, geom_col, f"INSERT INTO {quote(layer)} ({', '.join(quote(n) for n in names + [geom_col])})",
            values + [blobs], geoms)
    _fit_geometry_type(conn, layer, geoms)
    _grow_extent(conn, layer, geoms)
    ids = [str(i) for i in records["id"].to_numpy(dtype=object).tolist()]
    texts = _record_texts(records, cells, wkts(geoms))
    history = [(rid, RECORD_FIELD, None, text, stamp, by, note) for rid, text in zip(ids, texts)]
    if expected is not None:
        expected.update(dict.fromkeys(ids, 0))
    return history


#: From this many new rows on, the spatial index and the feature count are filled in bulk.
BULK_ROWS = 500


def _insert(conn: sqlite3.Connection, layer: str, geom_col: str, head: str, cells: list[list], geoms: list) -> None:
    """INSERT the rows of *cells* (one list per column; *head*: ``INSERT INTO table (columns)``;
    many rows per statement, :func:`~qxmap.workspace.db.insert_columns`).  Many rows: GDAL's per-row triggers
    (spatial index, feature count; each calls back into Python for the envelope) are dropped for the INSERT and made
    again from their own SQL, and what they would have written is written in bulk from
    the envelopes at hand.  All inside the caller's transaction: a failure rolls the
    triggers back with everything else."""
    names = (f"rtree_{layer}_{geom_col}_insert", f"trigger_insert_feature_count_{layer}")
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
                            "AND name IN (?, ?)", (layer, *names)).fetchall()
    pk = [r[1] for r in conn.execute(f"PRAGMA table_info({quote(layer)})") if r[5] == 1]
    count = len(geoms)
    if count < BULK_ROWS or not triggers or len(pk) != 1:
        insert_columns(conn, head, cells)
        return
    fid = quote(pk[0])
    last = conn.execute(f"SELECT COALESCE(MAX({fid}), 0) FROM {quote(layer)}").fetchone()[0]
    for name, _sql in triggers:
        conn.execute(f"DROP TRIGGER {quote(name)}")
    insert_columns(conn, head, cells)
    # The new rows' keys: one run of numbers (AUTOINCREMENT, one INSERT stream under the
    # write lock), else each read back.
    low, high, held = conn.execute(f"SELECT MIN({fid}), MAX({fid}), COUNT(*) FROM {quote(layer)} WHERE {fid} > ?",
                                   (last,)).fetchone()
    if held == count and high - low + 1 == count:
        fids = list(range(low, high + 1))
    else:  # pragma: no cover - AUTOINCREMENT keys only grow
        fids = [r[0] for r in conn.execute(f"SELECT {fid} FROM {quote(layer)} WHERE {fid} > ? ORDER BY {fid}",
                                           (last,))]
    if len(fids) != count:  # pragma: no cover - AUTOINCREMENT keys only grow
        raise WorkspaceError(Words("%1: the new rows could not be told apart; nothing was saved", layer))
    made = {name for name, _sql in triggers}
    if names[0] in made:
        arr = np.asarray(geoms, dtype=object)
        live = ~shapely.is_missing(arr)
        live[live] = ~shapely.is_empty(arr[live])
        bounds = shapely.bounds(arr[live]) if live.any() else np.zeros((0, 4))
        _index_rows(conn, f"rtree_{layer}_{geom_col}", np.asarray(fids, dtype=np.int64)[live],
                    bounds[:, [0, 2, 1, 3]])
    if names[1] in made:
        conn.execute("UPDATE gpkg_ogr_contents SET feature_count = feature_count + ? "
                     "WHERE lower(table_name) = lower(?)", (count, layer))
    for _name, text in triggers:
        conn.execute(text)


#: Up to this many entries already in a spatial index per new row, the index is made again
#: in bulk (reading an entry back costs about a fifth of inserting one).
REFILL_RATIO = 4


def _index_rows(conn: sqlite3.Connection, rtree: str, fids: np.ndarray, boxes: np.ndarray) -> None:
    """Add (*fids*, *boxes*: minx, maxx, miny, maxy) to the R*Tree *rtree*: with few entries
    there already, the whole tree is packed again (:mod:`qxmap.workspace.rtreepack`),
    else row by row."""
    if not len(fids):
        return
    held = conn.execute(f"SELECT count(*) FROM {quote(rtree + '_rowid')}").fetchone()[0]
    if held <= REFILL_RATIO * len(fids):
        old = np.array(conn.execute(f"SELECT * FROM {quote(rtree)}").fetchall(), dtype=np.float64).reshape(-1, 5)
        refill_rtree(conn, rtree, np.concatenate([old[:, 0].astype(np.int64), fids]),
                         np.concatenate([old[:, 1:], boxes]))
        return
    conn.executemany(f"INSERT OR REPLACE INTO {quote(rtree)} VALUES (?, ?, ?, ?, ?)",
                     zip(fids.tolist(), *boxes.T.tolist()))


def _cells(records: gpd.GeoDataFrame) -> dict[str, list]:
    """:func:`column_cells` of every attribute column, computed once for the rows and the history."""
    return {c: column_cells(records[c]) for c in records.columns if c != records.geometry.name}


#: How the history encodes a record (compact JSON, as for a record drawn on the map).
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode
#: What that encoder does to text (keys and string values), without the call overhead.
_ENCODE_TEXT = json.encoder.encode_basestring
#: ... and to values of these exact types (JSON's C encoder writes ints with int.__repr__).
_ENCODERS = {str: _ENCODE_TEXT, int: int.__repr__}


def _record_texts(records: gpd.GeoDataFrame, cells: dict[str, list] | None = None,
                  wkt_texts: list[str | None] | None = None) -> list[str]:
    """Each record as the history stores a record added or removed (compact JSON, as
    :func:`qxmap.geometry_edits.record_text` writes a record drawn on the map: the
    non-empty fields in column order, then the geometry's WKT when *wkt_texts* gives it).

    Built a column at a time (each field's ``,"name":value`` pieces, joined per row):
    the same text as encoding each row's dict, a few times faster."""
    names = [c for c in records.columns if c not in (records.geometry.name, "length_km", "area_km2", REVISION)]
    cells = cells if cells is not None else {}
    columns_ = [cells[c] if c in cells else column_cells(records[c]) for c in names]
    if wkt_texts is not None:  # (the geometry column is "geometry": no attribute has that name)
        names.append(RECORD_GEOMETRY_KEY)
        columns_.append(wkt_texts)
    if not names:
        return ["{}"] * len(records)
    if len(set(names)) != len(names) or any(type(c) is not str for c in names):  # a dict would merge or convert keys
        return [_ENCODE({k: v for k, v in zip(names, row) if v is not None}) for row in zip(*columns_)]
    n = len(records)
    pieces: list[list[str]] = []  # per field, each row's ',"name":value' ("" for none)
    opened = False  # does the first field open every text ('{"id":...')?
    for name, col in zip(names, columns_):
        missing = col.count(None)
        if missing == n:  # an empty column adds nothing to any row
            continue
        key = _ENCODE_TEXT(name) + ":"
        if not pieces and not missing:  # a field every record has (the id) opens each text
            key, opened = "{" + key, True
        else:
            key = "," + key
        if col is wkt_texts:  # WKT (letters, digits, " .,()-") is its own JSON text between quotes
            if missing:
                pieces.append(["" if w is None else key + '"' + w + '"' for w in col])
            else:
                pieces += [[key + '"'] * n, col, ['"'] * n]
            continue
        pieces.append(_field_pieces(key, col, set(map(type, col))))
    if not pieces:
        return ["{}"] * n
    if not opened:
        return ["{" + text[1:] + "}" for text in map("".join, zip(*pieces))]
    pieces.append(["}"] * n)
    return list(map("".join, zip(*pieces)))  # (each text copied once: a WKT is most of it)


#: Joins a column's texts for one call of the JSON encoder, which leaves it as it is
#: (a private-use character; a column holding it is encoded value by value).
_SEPARATOR = "\ue000"


def _field_pieces(key: str, col: list, kinds: set) -> list[str]:
    """``key + JSON(value)`` of each cell of *col* ("" for None).  A column of text only
    (and None) is encoded once per distinct value: status, category, phase, source repeat
    a few values over thousands of rows.  (Never across types: 1, 1.0 and True are equal
    keys of a dict but different JSON.)"""
    if kinds <= {str, type(None)} and len(col) > 64:
        if len(set(col[:256])) < 64:  # by a sample: a few values repeated
            codes, uniques = pd.factorize(np.asarray(col, dtype=object), use_na_sentinel=True)
            encoded = np.array([key + _ENCODE_TEXT(u) for u in uniques.tolist()] + [""], dtype=object)
            return encoded[codes].tolist()  # code -1 (None) takes the last: ""
        if kinds == {str}:  # ids, names: the whole column through the encoder at once
            joined = _SEPARATOR.join(col)
            if joined.count(_SEPARATOR) == len(col) - 1:  # no value holds the separator
                opened = key + '"'
                return (opened + _ENCODE_TEXT(joined)[1:-1].replace(_SEPARATOR, '"' + _SEPARATOR + opened)
                        + '"').split(_SEPARATOR)
    return ["" if v is None else key + _ENCODERS.get(type(v), _ENCODE)(v) for v in col]


def _delete_rows(conn, layer: str, records: gpd.GeoDataFrame, expected: dict[str, int] | None, stamp: str,
                 by: str, note: str) -> list[tuple]:
    ids = [str(i) for i in records["id"]]
    conn.executemany(f'DELETE FROM {quote(layer)} WHERE "id" = ?', [(i,) for i in ids])
    texts = _record_texts(records, None, wkts(geometries(records)))
    if expected is not None:
        for rid in ids:
            expected.pop(rid, None)
    return [(rid, RECORD_FIELD, text, None, stamp, by, note) for rid, text in zip(ids, texts)]


def _fits(declared: str, types: set[str]) -> bool:
    declared = declared.upper()
    if declared == "GEOMETRY":
        return True
    return all(_GEOM_TYPES.get(t) == declared for t in types)


def _fit_geometry_type(conn, table: str, geoms) -> None:
    """Declare the layer's geometry type GEOMETRY when new geometries do not fit the
    declared one (a MultiLineString in a LINESTRING layer): GeoPackage readers trust it."""
    live = _live(geoms)
    if not len(live):
        return
    _ids, first = np.unique(shapely.get_type_id(live), return_index=True)
    types = {g.geom_type for g in live[first]}  # one geometry of each kind says its name
    row = conn.execute("SELECT geometry_type_name FROM gpkg_geometry_columns WHERE table_name = ?",
                       (table,)).fetchone()
    if row and not _fits(str(row[0]), types):
        conn.execute("UPDATE gpkg_geometry_columns SET geometry_type_name = 'GEOMETRY' WHERE table_name = ?",
                     (table,))


def _live(geoms) -> np.ndarray:
    """The geometries that are there and not empty, as an object array."""
    arr = object_array(geoms)
    keep = ~shapely.is_missing(arr) if len(arr) else np.zeros(0, dtype=bool)
    keep[keep] = ~shapely.is_empty(arr[keep])
    return arr[keep]


def _grow_extent(conn, table: str, geoms) -> None:
    live = _live(geoms)
    if not len(live):
        return
    minx, miny, maxx, maxy = shapely.total_bounds(live)
    conn.execute("UPDATE gpkg_contents SET min_x = MIN(COALESCE(min_x, ?), ?), min_y = MIN(COALESCE(min_y, ?), ?), "
                 "max_x = MAX(COALESCE(max_x, ?), ?), max_y = MAX(COALESCE(max_y, ?), ?) WHERE table_name = ?",
                 (minx, minx, miny, miny, maxx, maxx, maxy, maxy, table))
