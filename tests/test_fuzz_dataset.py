"""Fuzzing the loader and the commands with mutated copies of the bundled dataset (issue 10 §5).

Each example takes geodata/qingxi/, applies a few mutations (odd values and
value types, dropped and added fields, odd numbers, odd geometries, broken
structure, other encodings, truncated bytes) and checks that

- ``qxmap validate``, ``qxmap summary`` and ``qxmap export`` (csv; xlsx and
  png too when the data validate) end with a clean exit status and a message, never
  an uncaught exception, an "internal error" or a traceback;
- whatever validates also summarises, exports and builds the map page, and
  reaches them clean: text without control characters, 2D geometries.

The CI run is small and derandomised (``max_examples=15``);
``benchmarks/fuzz.py --examples N`` runs the same strategies (:func:`plans`,
:func:`check_plan`) at random for longer.  A failure prints the plan, a list
of mutations that :func:`write_plan` turns back into the files.
"""
from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "geodata" / "qingxi"
LAYER_NAMES = ("boundary", "zones", "parks", "facilities", "roads", "exits")

_BASE: dict[str, dict] = {}


def base_docs() -> dict[str, dict]:
    """The bundled layers as parsed JSON (read once; callers get a deep copy)."""
    if not _BASE:
        for name in LAYER_NAMES:
            _BASE[name] = json.loads((BUNDLED / f"{name}.geojson").read_text(encoding="utf-8"))
    return copy.deepcopy(_BASE)


# --------------------------------------------------------------------------
# Strategies

FIELDS = ("id", "name_zh", "name_en", "source", "geometry_accuracy", "note", "category", "kind", "status",
          "phase", "start", "target", "progress", "road", "layer", "extra", "名称")

ODD_TEXTS = (
    "", "  ", "{{7*7}}", "{% for x in y %}x{% endfor %}", "{{", "{%", "\x00nul", "a\x1b[31mred\x07", "tab\there",
    "line\nbreak", "cr\rlf\r\n", "\ud800lone", "\ufffe\uffff", "\x7fdel", "<script>alert(1)</script>",
    "</script><b>x</b>", "=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "planned", "under_construction",
    "unmapped", "schematic", "exit", "town", "forest_park", "2018", " 2020 ", "2018.0", "NaN", "Infinity",
    "-inf", "1e400", "9" * 5000, "road-s358", "𝕏𝕐", "清溪" * 200, "\u202eevil", "\\", "\"", "'",
)
ODD_NUMBERS = (math.nan, math.inf, -math.inf, 0, -1, 1989, 1990, 2018, 2100, 2101, 2018.5, 1e308, -1e308,
               -0.0, 10 ** 30, -10 ** 30, 100, 100.0001, 5e-324, True, False)


class Deep:
    """A value nested *depth* lists deep (written as raw text: json.dumps would recurse)."""

    def __init__(self, depth: int):
        self.depth = depth

    def __repr__(self) -> str:
        return f"Deep({self.depth})"


#: The values that broke a command before (issue 10), drawn more often than the rest.
NASTY = (math.nan, math.inf, -math.inf, ["a", "b"], {"zh": "名"}, [], {}, True, "{{7*7}}", "{% if %}", "\x00",
         "名\x07称\x1b", "\ud800", 10 ** 400, -1e308)

scalars = st.one_of(st.none(), st.booleans(), st.sampled_from(ODD_NUMBERS), st.sampled_from(ODD_TEXTS),
                    st.integers(), st.floats(), st.text(max_size=12))
odd_values = st.one_of(
    st.sampled_from(NASTY),
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.text(max_size=4), scalars, max_size=3),
    st.builds(Deep, st.sampled_from((3, 60, 3000, 100_000))),
)

GEOMETRY_KINDS = ("null", "empty", "fitting", "fitting_3d", "point", "line", "polygon", "multipolygon", "bowtie",
                  "3d", "4d", "out_of_range", "swapped", "projected", "nan_coord", "inf_coord", "huge_int_coord",
                  "string_coord", "bool_coord", "short_line", "unclosed_ring", "tiny_ring", "collection",
                  "unknown_type", "not_object", "no_coordinates", "too_deep_coords", "flat_coords", "huge_line",
                  "duplicate_points")
STRUCTURE_KINDS = ("drop_file", "empty_layer", "no_features", "features_not_list", "feature_not_object",
                   "properties_list", "properties_null", "duplicate_feature", "not_feature", "crs_projected",
                   "crs_wgs84_urn", "crs_garbage", "top_level_list", "extra_member", "all_3d", "layer_property")
BYTE_KINDS = ("bom", "gbk", "latin1", "utf16", "truncate", "garbage", "raw_control", "nul_bytes", "crlf")

layer_names = st.sampled_from(LAYER_NAMES + ("roads", "roads", "exits"))  # the tracked layers more often
positions = st.floats(min_value=0, max_value=1, exclude_max=True)

mutations = st.one_of(
    # a value that broke a command before, in a field where it did
    st.tuples(st.just("set"), st.sampled_from(("roads", "exits")), positions,
              st.sampled_from(("name_zh", "name_en", "id", "status", "phase", "target", "start", "progress",
                               "source", "note")), st.sampled_from(NASTY)),
    st.tuples(st.just("set"), layer_names, positions, st.sampled_from(FIELDS), odd_values),
    st.tuples(st.just("drop"), layer_names, positions, st.sampled_from(FIELDS)),
    st.tuples(st.just("drop_everywhere"), layer_names, st.sampled_from(FIELDS)),
    st.tuples(st.just("set_everywhere"), layer_names, st.sampled_from(FIELDS), odd_values),
    st.tuples(st.just("geometry"), layer_names, positions, st.sampled_from(GEOMETRY_KINDS)),
    st.tuples(st.just("structure"), layer_names, positions, st.sampled_from(STRUCTURE_KINDS)),
    st.tuples(st.just("bytes"), layer_names, positions, st.sampled_from(BYTE_KINDS)),
)


SQL_VALUES = st.one_of(st.sampled_from(NASTY), st.sampled_from(ODD_NUMBERS), st.sampled_from(ODD_TEXTS),
                       st.binary(max_size=8), st.none(), st.integers())
gpkg_mutations = st.one_of(
    st.tuples(st.just("sql_set"), layer_names, positions, st.sampled_from(FIELDS[:14] + ("geom", "fid")),
              SQL_VALUES),
    st.tuples(st.just("sql_geometry"), layer_names, positions, st.sampled_from(("garbage", "3d", "empty", "null",
                                                                               "point", "nan"))),
    st.tuples(st.just("sql_drop"), layer_names, st.sampled_from(("table", "table_and_contents", "column"))),
    st.tuples(st.just("gpkg_bytes"), positions, st.sampled_from(("truncate", "garbage", "nul_bytes"))),
)


@st.composite
def plans(draw):
    """A fuzz plan: how the dataset is laid out and 1-4 mutations.  Layouts: a folder of
    GeoJSON (most), one GeoJSON with 'layer' properties, a GeoPackage (SQL-level mutations)."""
    layout = draw(st.sampled_from(("folder",) * 8 + ("single", "gpkg")))
    if layout == "gpkg":
        return {"layout": "gpkg", "mutations": draw(st.lists(gpkg_mutations, min_size=1, max_size=4))}
    return {"layout": layout, "mutations": draw(st.lists(mutations, min_size=1, max_size=4)),
            "ascii": draw(st.booleans())}  # \uXXXX escapes (a lone surrogate stays JSON) or raw UTF-8


# --------------------------------------------------------------------------
# Applying a plan


def _target(doc: dict, where: float):
    feats = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(feats, list) or not feats:
        return None
    return feats[int(where * len(feats)) % len(feats)]


def _props(feat):
    if isinstance(feat, dict):
        if not isinstance(feat.get("properties"), dict):
            feat["properties"] = {}
        return feat["properties"]
    return None


def _line(n=2, x=114.16, y=22.84):
    return [[round(x + 0.001 * i, 6), round(y + 0.0007 * i, 6)] for i in range(n)]


def _odd_geometry(kind: str, old, layer: str = "roads"):
    square = [[114.12, 22.80], [114.14, 22.80], [114.14, 22.82], [114.12, 22.82], [114.12, 22.80]]
    old_type = old.get("type") if isinstance(old, dict) else None
    old_coords = old.get("coordinates") if isinstance(old, dict) else None

    def add(coords, extra):
        if isinstance(coords, list) and coords and all(isinstance(c, (int, float)) for c in coords):
            return coords[:2] + extra
        if isinstance(coords, list):
            return [add(c, extra) for c in coords]
        return coords

    fitting = {"boundary": "polygon", "zones": "polygon", "parks": "multipolygon", "facilities": "point",
               "roads": "line", "exits": "point"}
    table = {
        "fitting": lambda: table[fitting[layer]](),
        "fitting_3d": lambda: {"type": table[fitting[layer]]()["type"],
                               "coordinates": add(table[fitting[layer]]()["coordinates"], [3.0])},
        "null": lambda: None,
        "empty": lambda: {"type": old_type or "LineString", "coordinates": []},
        "point": lambda: {"type": "Point", "coordinates": [114.16, 22.84]},
        "line": lambda: {"type": "LineString", "coordinates": _line(3)},
        "polygon": lambda: {"type": "Polygon", "coordinates": [square]},
        "multipolygon": lambda: {"type": "MultiPolygon", "coordinates": [[square]]},
        "bowtie": lambda: {"type": "Polygon", "coordinates": [[[114.12, 22.80], [114.14, 22.82], [114.14, 22.80],
                                                              [114.12, 22.82], [114.12, 22.80]]]},
        "3d": lambda: {"type": old_type, "coordinates": add(old_coords, [12.5])} if old_type
        else {"type": "LineString", "coordinates": add(_line(3), [1.0])},
        "4d": lambda: {"type": old_type, "coordinates": add(old_coords, [1.0, 2.0])} if old_type
        else {"type": "Point", "coordinates": [114.16, 22.84, 1.0, 2.0]},
        "out_of_range": lambda: {"type": "LineString", "coordinates": [[500.0, 100.0], [-500.0, -100.0]]},
        "swapped": lambda: {"type": "LineString", "coordinates": [[y, x] for x, y in _line(3)]},
        "projected": lambda: {"type": "LineString", "coordinates": [[38515000.0, 2528000.0], [38516000.0, 2529000.0]]},
        "nan_coord": lambda: {"type": "LineString", "coordinates": [[114.16, math.nan], [114.17, 22.85]]},
        "inf_coord": lambda: {"type": "Point", "coordinates": [math.inf, 22.84]},
        "huge_int_coord": lambda: {"type": "Point", "coordinates": [10 ** 400, 22.84, -10 ** 400]},
        "string_coord": lambda: {"type": "LineString", "coordinates": [["114.16", "22.84"], [114.17, 22.85]]},
        "bool_coord": lambda: {"type": "Point", "coordinates": [True, False]},
        "short_line": lambda: {"type": "LineString", "coordinates": [[114.16, 22.84]]},
        "unclosed_ring": lambda: {"type": "Polygon", "coordinates": [square[:-1]]},
        "tiny_ring": lambda: {"type": "Polygon", "coordinates": [square[:2]]},
        "collection": lambda: {"type": "GeometryCollection", "geometries": [{"type": "Point",
                                                                             "coordinates": [114.16, 22.84]}]},
        "unknown_type": lambda: {"type": "Circle", "coordinates": [114.16, 22.84], "radius": 3},
        "not_object": lambda: [114.16, 22.84],
        "no_coordinates": lambda: {"type": "Polygon"},
        "too_deep_coords": lambda: {"type": "Point", "coordinates": [[[114.16, 22.84]]]},
        "flat_coords": lambda: {"type": "Polygon", "coordinates": [114.16, 22.84]},
        "huge_line": lambda: {"type": "LineString", "coordinates": _line(3000)},
        "duplicate_points": lambda: {"type": "LineString", "coordinates": [[114.16, 22.84], [114.16, 22.84]]},
    }
    return table[kind]()


def _structure(docs: dict, layer: str, where: float, kind: str) -> None:
    doc = docs.get(layer)
    if doc is None:
        return
    feat = _target(doc, where)
    if kind == "drop_file":
        docs.pop(layer)
    elif kind == "empty_layer" and isinstance(doc, dict):
        doc["features"] = []
    elif kind == "no_features" and isinstance(doc, dict):
        doc.pop("features", None)
    elif kind == "features_not_list" and isinstance(doc, dict):
        doc["features"] = {"0": doc.get("features")}
    elif kind == "feature_not_object" and feat is not None:
        doc["features"].append("Feature")
    elif kind == "properties_list" and isinstance(feat, dict):
        props = feat.get("properties")
        feat["properties"] = list(props.values()) if isinstance(props, dict) else [props]
    elif kind == "properties_null" and isinstance(feat, dict):
        feat["properties"] = None
    elif kind == "duplicate_feature" and feat is not None:
        doc["features"].append(copy.deepcopy(feat))
    elif kind == "not_feature" and isinstance(feat, dict):
        feat["type"] = "feature"
    elif kind == "crs_projected" and isinstance(doc, dict):
        doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}}
    elif kind == "crs_wgs84_urn" and isinstance(doc, dict):
        doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    elif kind == "crs_garbage" and isinstance(doc, dict):
        doc["crs"] = {"type": "name", "properties": {"name": ["EPSG", 4326]}} if where < 0.5 \
            else {"type": "name", "properties": {"name": "EPSG:999999"}}
    elif kind == "top_level_list":
        docs[layer] = [doc]
    elif kind == "extra_member" and isinstance(doc, dict):
        doc["bbox"] = [114.0, 22.0, 115.0, 23.0]
        doc["name"] = {"nested": [1, {"x": None}]}
    elif kind == "all_3d" and isinstance(doc, dict):
        for f in doc.get("features") or []:
            if isinstance(f, dict) and isinstance(f.get("geometry"), dict):
                f["geometry"] = _odd_geometry("3d", f["geometry"], layer)
    elif kind == "layer_property" and isinstance(feat, dict):
        _props(feat)["layer"] = LAYER_NAMES[int(where * 100) % len(LAYER_NAMES)]


def _bytes(data: bytes, kind: str, where: float) -> bytes:
    text = data.decode("utf-8", "replace")  # an earlier byte mutation may have broken the UTF-8
    cut = int(where * len(data))
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "gbk":
        return text.encode("gbk", "replace")
    if kind == "latin1":
        return text.encode("latin-1", "replace")
    if kind == "utf16":
        return text.encode("utf-16", "surrogatepass")
    if kind == "truncate":
        return data[:cut]
    if kind == "garbage":
        return data[:cut] + bytes(range(0, 256, 7)) + data[cut:]
    if kind == "raw_control":  # a raw control character inside a JSON string (json refuses it)
        return data.replace(b'"', b'"\x01', 1 + int(where * 3))
    if kind == "nul_bytes":
        return data[:cut] + b"\x00" * 16 + data[cut:]
    if kind == "crlf":
        return data.replace(b"\n", b"\r\n")
    raise AssertionError(kind)


def _dumps(doc, ascii_only: bool = False) -> bytes:
    deep: dict[str, int] = {}

    def default(value):
        if isinstance(value, Deep):
            key = f"__qxmap_deep_{len(deep)}__"
            deep[key] = value.depth
            return key
        raise TypeError(type(value).__name__)

    text = json.dumps(doc, ensure_ascii=ascii_only, default=default)  # NaN/Infinity as Python writes them
    for key, depth in deep.items():
        text = text.replace(f'"{key}"', "[" * depth + "]" * depth)
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate makes the file invalid UTF-8


def write_plan(plan: dict, folder: Path) -> Path:
    """Write the bundled dataset mutated by *plan* under *folder*; returns the dataset path."""
    if plan.get("layout") == "gpkg":
        return _write_gpkg_plan(plan, folder)
    single = plan.get("layout") == "single" or plan.get("single_file")
    docs: dict = base_docs()
    byte_edits = []
    for mutation in plan["mutations"]:
        kind, layer = mutation[0], mutation[1]
        doc = docs.get(layer)
        if kind == "bytes":
            byte_edits.append(mutation)
            continue
        if kind == "structure":
            _structure(docs, layer, mutation[2], mutation[3])
            continue
        if kind in ("drop_everywhere", "set_everywhere"):
            for feat in (doc.get("features") or []) if isinstance(doc, dict) else []:
                if isinstance(feat, dict) and isinstance(feat.get("properties"), dict):
                    if kind == "drop_everywhere":
                        feat["properties"].pop(mutation[2], None)
                    else:
                        feat["properties"][mutation[2]] = copy.deepcopy(mutation[3])
            continue
        feat = _target(doc, mutation[2]) if isinstance(doc, dict) else None
        if not isinstance(feat, dict):
            continue
        if kind == "set":
            _props(feat)[mutation[3]] = mutation[4]
        elif kind == "drop":
            _props(feat).pop(mutation[3], None)
        elif kind == "geometry":
            if mutation[3] in ("3d", "4d", "empty"):  # edits of a drawn geometry: take a mapped feature
                mapped = [f for f in doc["features"] if isinstance(f, dict) and isinstance(f.get("geometry"), dict)]
                feat = mapped[int(mutation[2] * len(mapped))] if mapped else feat
            feat["geometry"] = _odd_geometry(mutation[3], feat.get("geometry"), layer)
            props = _props(feat)
            if feat["geometry"] is not None and props.get("geometry_accuracy") == "unmapped":
                props["geometry_accuracy"] = "schematic"  # a drawn feature says so: the geometry is the test
    folder.mkdir(parents=True, exist_ok=True)
    if single:
        features = []
        for name, doc in docs.items():
            for feat in (doc.get("features") or []) if isinstance(doc, dict) else []:
                if isinstance(feat, dict) and isinstance(feat.get("properties"), dict):
                    feat["properties"].setdefault("layer", name)
                features.append(feat)
        collection = {"type": "FeatureCollection", "features": features}
        files = {"all.geojson": _dumps(collection, plan.get("ascii", False))}
        target = folder / "all.geojson"
    else:
        files = {f"{name}.geojson": _dumps(doc, plan.get("ascii", False)) for name, doc in docs.items()}
        target = folder / "data"
    for kind, layer, where, byte_kind in byte_edits:
        name = "all.geojson" if single else f"{layer}.geojson"
        if name in files:
            files[name] = _bytes(files[name], byte_kind, where)
    base = folder if single else target
    base.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (base / name).write_bytes(data)
    return target


_BASE_GPKG: list[bytes] = []


def _base_gpkg() -> bytes:
    """The bundled dataset as a GeoPackage (made once)."""
    if not _BASE_GPKG:
        import pyogrio

        from qxmap.dataset import load_dataset

        dataset = load_dataset(BUNDLED)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "base.gpkg"
            for name, frame in dataset.layers.items():
                frame = frame.drop(columns=["length_km", "area_km2"])
                for column in ("start", "target", "progress"):
                    if column in frame:
                        frame[column] = frame[column].astype("float64")
                pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG",
                                        geometry_type="Unknown" if name != "roads" else "LineString")
            _BASE_GPKG.append(path.read_bytes())
    return _BASE_GPKG[0]


def _sql_value(value):
    if isinstance(value, Deep):
        return "[" * 10 + "]" * 10
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    if isinstance(value, int) and not -2 ** 63 <= value < 2 ** 63:
        return str(value)  # SQLite integers are 64-bit
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value


def _gpkg_geometry(kind: str) -> bytes | None:
    """A GeoPackage geometry blob (header + WKB), or garbage."""
    import struct

    import shapely

    if kind == "null":
        return None
    if kind == "garbage":
        return b"GP\x00\x01garbage"
    geom = {"3d": shapely.Point(114.16, 22.84, 5.0), "empty": shapely.LineString(),
            "point": shapely.Point(114.16, 22.84), "nan": shapely.Point(math.nan, 22.84)}[kind]
    header = b"GP" + bytes([0, 0x10 if geom.is_empty else 0x00]) + struct.pack("<i", 4326)  # no envelope
    return header + shapely.to_wkb(geom, byte_order=1, include_srid=False, output_dimension=3)


def _write_gpkg_plan(plan: dict, folder: Path) -> Path:
    import sqlite3

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "data.gpkg"
    path.write_bytes(_base_gpkg())
    byte_edits = []
    conn = sqlite3.connect(path)
    # GDAL's R-tree triggers call these (GDAL defines them in C); "empty" keeps the index out of it
    conn.create_function("ST_IsEmpty", 1, lambda blob: 1)
    for name in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        conn.create_function(name, 1, lambda blob: 0.0)
    try:
        for mutation in plan["mutations"]:
            kind = mutation[0]
            if kind == "gpkg_bytes":
                byte_edits.append(mutation)
                continue
            layer = mutation[1]
            rows = [r[0] for r in conn.execute(f'SELECT fid FROM "{layer}" ORDER BY fid')] \
                if _has_table(conn, layer) else []
            try:
                if kind == "sql_set" and rows:
                    fid = rows[int(mutation[2] * len(rows))]
                    conn.execute(f'UPDATE "{layer}" SET "{mutation[3]}" = ? WHERE fid = ?',
                                 (_sql_value(mutation[4]), fid))
                elif kind == "sql_geometry" and rows:
                    fid = rows[int(mutation[2] * len(rows))]
                    conn.execute(f'UPDATE "{layer}" SET geom = ? WHERE fid = ?', (_gpkg_geometry(mutation[3]), fid))
                elif kind == "sql_drop" and mutation[2].startswith("table"):
                    conn.execute(f'DROP TABLE IF EXISTS "{layer}"')
                    if mutation[2] == "table_and_contents":
                        for meta in ("gpkg_contents", "gpkg_geometry_columns"):
                            conn.execute(f"DELETE FROM {meta} WHERE table_name = ?", (layer,))
                elif kind == "sql_drop" and rows:
                    conn.execute(f'ALTER TABLE "{layer}" DROP COLUMN name_zh')
            except sqlite3.Error:
                pass  # e.g. a column this layer does not have: the plan just does less
        conn.commit()
    finally:
        conn.close()
    for _kind, where, byte_kind in byte_edits:
        data = path.read_bytes()
        cut = int(where * len(data))
        if byte_kind == "truncate":
            data = data[:cut]
        elif byte_kind == "garbage":
            data = data[:cut] + bytes(range(0, 256, 3)) + data[cut + 86:]
        else:
            data = data[:cut] + b"\x00" * 512 + data[cut + 512:]
        path.write_bytes(data)
    return path


def _has_table(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


# --------------------------------------------------------------------------
# Checking a plan

_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _run(argv: list[str]) -> tuple[int, str, str]:
    from qxmap.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse; the arguments here are always valid
            status = exc.code if isinstance(exc.code, int) else 2
    return status, out.getvalue(), err.getvalue()


def _clean_run(argv: list[str], allowed: tuple[int, ...]) -> tuple[int, str, str]:
    status, out, err = _run(argv)
    said = out + err
    assert status in allowed, f"{argv[0]}: exit {status}, expected {allowed}: {said[-2000:]}"
    assert said.strip(), f"{argv[0]}: exit {status} without a message"
    for bug in ("Traceback", "internal error", "unexpected error"):
        assert bug not in said, f"{argv[0]}: {said[-2000:]}"
    return status, out, err


def _check_clean(dataset) -> None:
    """What loaded is clean for every consumer: text without controls, 2D geometries."""
    import shapely

    from qxmap import schema

    for name, frame in dataset.layers.items():
        for fspec in schema.LAYERS[name].fields:
            for value in frame[fspec.name]:
                assert value is None or isinstance(value, (str, int, float)), (name, fspec.name, value)
                if isinstance(value, str):
                    assert not _UNSAFE_TEXT.search(value), (name, fspec.name, value)
                if isinstance(value, float):
                    assert math.isfinite(value), (name, fspec.name, value)
        geoms = [g for g in frame.geometry if g is not None]
        assert all(not g.is_empty for g in geoms), name
        if geoms:
            assert not shapely.has_z(geoms).any(), name


def check_plan(plan: dict, workdir: Path) -> str:
    """Run the commands on the dataset *plan* makes; AssertionError on a failure.
    Returns "valid" or "invalid"."""
    path = write_plan(plan, workdir / "in")
    status, out, _ = _clean_run(["validate", str(path)], (0, 1))
    valid = status == 0
    assert ("valid;" in out) == valid, out[-2000:]
    _clean_run(["validate", "--json", str(path)], (status,))
    _clean_run(["summary", str(path), "--json"], (status,))
    csv_out = workdir / "out.csv"
    _, _, e_err = _clean_run(["export", str(path), "--format", "csv", "--out", str(csv_out)],
                             (0,) if valid else (1, 2))
    if not valid:
        assert "invalid dataset" in e_err, e_err
        assert not csv_out.exists()
        return "invalid"
    assert csv_out.stat().st_size > 0
    xlsx_out = workdir / "out.xlsx"
    _clean_run(["export", str(path), "--format", "xlsx", "--out", str(xlsx_out)], (0,))
    assert xlsx_out.read_bytes()[:2] == b"PK"
    png_out = workdir / "out.png"
    _clean_run(["export", str(path), "--format", "png", "--dpi", "150", "--out", str(png_out)], (0,))
    assert png_out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    from qxmap.dataset import load_dataset
    from qxmap.mappage import build_page

    dataset = load_dataset(path)
    _check_clean(dataset)
    html = build_page(dataset)
    assert isinstance(html, str) and "qxmap-data" in html
    return "valid"


# --------------------------------------------------------------------------
# The CI test


@settings(max_examples=15, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plans())
# issue 10 §4, always: what validates with repairs, and what must be refused with a message
@example({"layout": "folder", "mutations": [("structure", "roads", 0.0, "all_3d"),
                                            ("geometry", "exits", 0.5, "3d")]})
@example({"layout": "folder", "mutations": [("set", "roads", 0.0, "name_zh", "名\x00称\x07\x1b\x7f"),
                                            ("set", "exits", 0.5, "note", "\ud800 \ufffe")], "ascii": True})
@example({"layout": "folder", "mutations": [("set", "roads", 0.1, "name_zh", "{{7*7}}"),
                                            ("set", "roads", 0.2, "source", "{% for x in y %}x{% endfor %}"),
                                            ("set", "parks", 0.0, "name_en", "{{ unbalanced")]})
@example({"layout": "folder", "mutations": [("bytes", "roads", 0.0, "bom"), ("bytes", "exits", 0.0, "crlf")]})
@example({"layout": "gpkg", "mutations": [("sql_geometry", "exits", 0.0, "3d"),
                                          ("sql_set", "roads", 0.3, "name_zh", "a\x1bb")]})
@example({"layout": "folder", "mutations": [("set", "roads", 0.0, "target", math.inf),
                                            ("set", "exits", 0.0, "name_zh", ["a"])]})
@example({"layout": "single", "mutations": [("set", "roads", 0.0, "extra", Deep(100_000))]})
@example({"layout": "gpkg", "mutations": [("sql_drop", "roads", "table_and_contents")]})
def test_mutated_bundled_data_never_crashes_the_commands(plan):
    with tempfile.TemporaryDirectory(prefix="qxmap-fuzz-") as tmp:
        check_plan(plan, Path(tmp))


def test_the_unmutated_bundled_data_passes_every_check(tmp_path):
    for layout in ("folder", "single", "gpkg"):
        assert check_plan({"layout": layout, "mutations": []}, tmp_path / layout) == "valid", layout
