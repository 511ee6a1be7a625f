"""Filling a GeoPackage's spatial index in bulk, inside the caller's transaction.

A GeoPackage keeps each layer's spatial index in an SQLite R*Tree virtual table
(``rtree_<table>_<column>``), filled by GDAL's triggers one row at a time: each
insertion walks the tree and splits nodes, about 7 µs a row, so that 20,000 new
roads spend more time in the index than in their own table.  Like GDAL's
``sqlite_rtree_bulk_load`` (used by its GeoPackage driver since 3.8), this
module builds the whole tree in memory, packed by Sort-Tile-Recursive, and
writes it straight into the three tables SQLite keeps it in (``_node``,
``_parent``, ``_rowid``), in the format ``ext/rtree/rtree.c`` reads:

- a node is a blob of ``4 + 24 * capacity`` bytes: the tree's depth (root only,
  else 0) and the cell count as big-endian 16-bit integers, then per cell a
  big-endian 64-bit id (a feature's fid in a leaf, a node number above) and
  minx, maxx, miny, maxy as big-endian 32-bit floats;
- the root is node 1; ``_parent`` names each other node's parent, ``_rowid``
  each feature's leaf;
- coordinates are rounded outwards to 32-bit floats exactly as SQLite rounds
  them (``rtreeValueDown`` / ``rtreeValueUp``), so that no query misses a
  feature.

The virtual table is dropped and made again from its own SQL first (a fresh
table object has nothing cached), and the caller may check the result with
SQLite's ``rtreecheck()``; the tests do, and compare GDAL's spatial queries
with those of a tree filled row by row.
"""
from __future__ import annotations

import sqlite3

import numpy as np

from qxmap.workspace.db import insert_columns, quote

#: SQLite's most cells in a node (RTREE_MAXCELLS in rtree.c) and bytes per 2-D cell.
MAX_CELLS = 51
CELL_BYTES = 8 + 4 * 4
_ROUND_TOWARDS = 1.0 - 1.0 / 8388608.0
_ROUND_AWAY = 1.0 + 1.0 / 8388608.0
_CELL = np.dtype([("id", ">i8"), ("box", ">f4", (4,))])


def float_down(values: np.ndarray) -> np.ndarray:
    """Each double as the 32-bit float SQLite stores for a minimum (rtreeValueDown)."""
    values = np.asarray(values, dtype=np.float64)
    out = values.astype(np.float32)
    over = out.astype(np.float64) > values
    if over.any():
        d = values[over]
        out[over] = (d * np.where(d < 0, _ROUND_AWAY, _ROUND_TOWARDS)).astype(np.float32)
    return out


def float_up(values: np.ndarray) -> np.ndarray:
    """Each double as the 32-bit float SQLite stores for a maximum (rtreeValueUp)."""
    values = np.asarray(values, dtype=np.float64)
    out = values.astype(np.float32)
    under = out.astype(np.float64) < values
    if under.any():
        d = values[under]
        out[under] = (d * np.where(d < 0, _ROUND_TOWARDS, _ROUND_AWAY)).astype(np.float32)
    return out


def _str_order(boxes: np.ndarray, capacity: int) -> np.ndarray:
    """Sort-Tile-Recursive: the order that puts neighbours in the same node (*boxes*: n x 4
    minx, maxx, miny, maxy): vertical slices by centre x, each sorted by centre y."""
    n = len(boxes)
    nodes = -(-n // capacity)
    slices = int(np.ceil(np.sqrt(nodes)))
    per_slice = -(-nodes // slices) * capacity
    boxes = boxes.astype(np.float64)
    cx = boxes[:, 0] / 2 + boxes[:, 1] / 2
    cy = boxes[:, 2] / 2 + boxes[:, 3] / 2
    slice_of = np.empty(n, dtype=np.int64)
    slice_of[np.argsort(cx, kind="stable")] = np.arange(n) // per_slice
    return np.lexsort((cy, slice_of))


def _level(ids: np.ndarray, boxes: np.ndarray, capacity: int):
    """One level of the tree: (its cells' ids and boxes in node order, where each node starts,
    the order taken from the input)."""
    order = _str_order(boxes, capacity)
    return ids[order], boxes[order], np.arange(0, len(ids), capacity), order


def pack(fids: np.ndarray, boxes: np.ndarray, capacity: int) -> tuple[list[bytes], list[tuple[int, int]], np.ndarray]:
    """The tree of (*fids*, *boxes* as 32-bit floats, n x 4 minx, maxx, miny, maxy), packed:
    (node blobs, node 1 the root first; (node, its parent) for every other node; each
    fid's leaf node, in the order of *fids*)."""
    size = 4 + CELL_BYTES * capacity
    first = _level(np.asarray(fids, dtype=np.int64), np.asarray(boxes, dtype=np.float32), capacity)
    levels = [first[:3]]  # leaves first; a cell above a leaf level holds a node's index in that level
    while len(levels[-1][2]) > 1:
        _ids, below, starts = levels[-1]
        node_boxes = np.column_stack([
            np.minimum.reduceat(below[:, 0], starts), np.maximum.reduceat(below[:, 1], starts),
            np.minimum.reduceat(below[:, 2], starts), np.maximum.reduceat(below[:, 3], starts)])
        levels.append(_level(np.arange(len(starts), dtype=np.int64), node_boxes, capacity)[:3])
    # Node numbers: the root 1, then each level below it in turn.
    height = len(levels) - 1
    base = [0] * len(levels)
    number = 1
    for depth in range(height, -1, -1):
        base[depth] = number
        number += len(levels[depth][2])
    blobs: list[bytes] = [b""] * (number - 1)
    parents: list[tuple[int, int]] = []
    for depth, (cells, cell_boxes, starts) in enumerate(levels):
        if depth:
            cells = cells + base[depth - 1]
        records = np.zeros(len(cells), dtype=_CELL)
        records["id"] = cells
        records["box"] = cell_boxes
        ends = np.append(starts[1:], len(cells))
        for k, (a, b) in enumerate(zip(starts.tolist(), ends.tolist())):
            node = base[depth] + k
            blob = np.array([height if node == 1 else 0, b - a], dtype=">u2").tobytes() + records[a:b].tobytes()
            blobs[node - 1] = blob + bytes(size - len(blob))
            if depth:
                parents.extend((child, node) for child in cells[a:b].tolist())
    leaf_of = np.empty(len(first[0]), dtype=np.int64)
    leaf_of[first[3]] = base[0] + np.arange(len(first[0])) // capacity
    return blobs, parents, leaf_of


def refill(conn: sqlite3.Connection, rtree: str, fids: np.ndarray, boxes: np.ndarray) -> None:
    """Make the R*Tree table *rtree* again, holding exactly (*fids*, *boxes*: n x 4 doubles
    minx, maxx, miny, maxy), in the caller's transaction (nothing is committed here)."""
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (rtree,)).fetchone()
    if row is None or "rtree" not in str(row[0]).lower():
        raise ValueError(f"{rtree} is not an R*Tree table")
    conn.execute(f"DROP TABLE {quote(rtree)}")
    conn.execute(row[0])
    if not len(fids):
        return
    size = conn.execute(f"SELECT length(data) FROM {quote(rtree + '_node')} WHERE nodeno = 1").fetchone()[0]
    capacity = min(MAX_CELLS, (int(size) - 4) // CELL_BYTES)
    boxes = np.asarray(boxes, dtype=np.float64)
    packed = np.column_stack([float_down(boxes[:, 0]), float_up(boxes[:, 1]),
                              float_down(boxes[:, 2]), float_up(boxes[:, 3])])
    blobs, parents, leaves = pack(np.asarray(fids, dtype=np.int64), packed, capacity)
    if any(len(b) != size for b in blobs):  # pragma: no cover - the layout above
        raise ValueError(f"{rtree}: node size {size} not understood")
    conn.execute(f"DELETE FROM {quote(rtree + '_node')}")
    conn.executemany(f"INSERT INTO {quote(rtree + '_node')} VALUES (?, ?)",
                     zip(range(1, len(blobs) + 1), blobs))
    conn.executemany(f"INSERT INTO {quote(rtree + '_parent')} VALUES (?, ?)", parents)
    insert_columns(conn, f"INSERT INTO {quote(rtree + '_rowid')} (rowid, nodeno)",  # many rows a statement
                   [np.asarray(fids, dtype=np.int64).tolist(), leaves.tolist()])
