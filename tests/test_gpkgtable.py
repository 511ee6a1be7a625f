"""Small GeoPackage tables read through SQLite (qxmap.gpkgtable) give the frame pyogrio gives;
anything the reader does not vouch for goes to pyogrio."""
import sqlite3

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from qxmap import schema
from qxmap.dataset import load_dataset
from qxmap.gpkgtable import empty_columns, read_small_table
from qxmap.synthetic import synthetic_layers

from conftest import DATA


def writable(path):
    from qxmap.workspace.db import register_gpkg_functions  # (GDAL's triggers name them)

    conn = sqlite3.connect(path)
    register_gpkg_functions(conn)
    return conn


def same_as_pyogrio(path, layer):
    ours = read_small_table(path, layer)
    assert ours is not None, layer
    pd.testing.assert_frame_equal(ours, pyogrio.read_dataframe(path, layer=layer))
    assert isinstance(ours, gpd.GeoDataFrame) and ours.crs == "EPSG:4326"


def test_a_workspace_reads_as_pyogrio_reads_it(template):
    for layer in schema.LAYER_ORDER:
        same_as_pyogrio(template, layer)


def test_odd_but_plain_tables_read_as_pyogrio_reads_them(tmp_path):
    """NULLs in integer, real and text columns, a column of NULLs only, empty and missing
    geometries, multi-part and 3-D geometries, CJK text, an empty table."""
    path = tmp_path / "odd.gpkg"
    roads = synthetic_layers(40, seed=4, n_exits=0)["roads"]
    frame = gpd.GeoDataFrame.from_features(roads, crs="EPSG:4326")
    frame.loc[3, "target"] = None
    frame.loc[5, "name_zh"] = None
    frame["budget_wan"] = [None if i % 3 else 12.5 for i in range(len(frame))]
    frame["owner"] = None
    geoms = list(frame.geometry)
    geoms[0] = None
    geoms[1] = shapely.LineString()
    geoms[2] = shapely.MultiLineString([[(114.1, 22.8), (114.2, 22.9)], [(114.15, 22.85), (114.16, 22.86)]])
    geoms[4] = shapely.LineString([(114.1, 22.8, 5.0), (114.2, 22.9, 7.5)])
    frame = frame.set_geometry(gpd.GeoSeries(geoms, crs="EPSG:4326"))
    frame["名称"] = ["清溪大道"] * len(frame)
    pyogrio.write_dataframe(frame, path, layer="roads", driver="GPKG", geometry_type="Unknown")
    pyogrio.write_dataframe(frame.iloc[:0], path, layer="exits", driver="GPKG", geometry_type="Point")
    same_as_pyogrio(path, "roads")
    same_as_pyogrio(path, "exits")


def test_what_the_reader_does_not_vouch_for_goes_to_pyogrio(tmp_path):
    small = load_dataset(DATA / "small")
    path = tmp_path / "w.gpkg"
    roads = small.layers["roads"].drop(columns=["length_km", "area_km2"])
    roads = roads.assign(year=np.arange(2018, 2018 + len(roads)), share=np.linspace(0, 1, len(roads)))
    pyogrio.write_dataframe(roads, path, layer="roads", driver="GPKG")
    pyogrio.write_dataframe(roads.to_crs(schema.METRIC_CRS), path, layer="metric", driver="GPKG")
    dated = roads.assign(when=pd.to_datetime(["2020-01-0%d" % (1 + i % 9) for i in range(len(roads))]))
    pyogrio.write_dataframe(dated, path, layer="dated", driver="GPKG")
    same_as_pyogrio(path, "roads")
    assert read_small_table(path, "metric") is None  # another CRS
    assert read_small_table(path, "dated") is None   # a DATETIME column
    assert read_small_table(path, "nowhere") is None
    with writable(path) as conn:  # SQLite keeps what it is given: a text in an INTEGER column
        conn.execute('UPDATE "roads" SET "year" = \'soon\' WHERE rowid = 1')
    assert read_small_table(path, "roads") is None
    with writable(path) as conn:
        conn.execute('UPDATE "roads" SET "year" = NULL WHERE rowid = 1')
        blob = conn.execute('SELECT "geom" FROM "roads" WHERE rowid = 2').fetchone()[0]
        conn.execute('UPDATE "roads" SET "geom" = ? WHERE rowid = 2', (blob[:3] + bytes([blob[3] | 0x20]) + blob[4:],))
    assert read_small_table(path, "roads") is None  # an extended geometry blob
    with writable(path) as conn:
        conn.execute('UPDATE "roads" SET "geom" = ? WHERE rowid = 2', (blob,))
    same_as_pyogrio(path, "roads")  # (a NULL in an INTEGER column: floats, as pyogrio makes them)
    assert read_small_table(tmp_path / "none.gpkg", "roads") is None
    (tmp_path / "text.gpkg").write_text("not a database", encoding="utf-8")
    assert read_small_table(tmp_path / "text.gpkg", "roads") is None


def test_a_workspace_loads_the_same_through_either_reader(template, monkeypatch):
    import qxmap.dataset as dataset_module

    fast = load_dataset(template)
    monkeypatch.setattr(dataset_module, "read_small_table", lambda path, layer, conn=None: None)
    slow = load_dataset(template)
    for name in schema.LAYER_ORDER:
        pd.testing.assert_frame_equal(fast.layers[name], slow.layers[name])
    assert [str(p) for p in fast.notes] == [str(p) for p in slow.notes]


@pytest.mark.parametrize("big", [False, True])
def test_only_a_small_table_is_read_through_sqlite(tmp_path, monkeypatch, big):
    import qxmap.dataset as dataset_module

    path = tmp_path / "w.gpkg"
    layers = synthetic_layers(60, seed=1, n_exits=2)
    for name in ("roads", "exits"):
        pyogrio.write_dataframe(gpd.GeoDataFrame.from_features(layers[name], crs="EPSG:4326"), path, layer=name,
                                driver="GPKG")
    asked = []
    monkeypatch.setattr(dataset_module, "read_small_table", lambda p, layer, conn=None: asked.append(layer) or read_small_table(p, layer, conn))
    monkeypatch.setattr(dataset_module, "SMALL_TABLE", 10 if big else 5_000)
    loaded = load_dataset(path)
    assert loaded.counts()["roads"] == 60
    assert asked == (["exits"] if big else ["roads", "exits"])
    assert np.array_equal(loaded.layers["roads"]["id"].to_numpy(), [r["properties"]["id"] for r in layers["roads"]])


def test_the_columns_empty_in_every_row_are_told_in_one_pass(tmp_path):
    """empty_columns: NULL in every row, whatever the column's type; an empty text or a 0
    is a value; a name SQLite does not know gives nothing to skip (GDAL then reads all)."""
    frame = gpd.GeoDataFrame({"name": ["甲", "", None], "zero": [0, None, None], "note": [None, None, None],
                              "late": [None, None, "乙"], "blank": [None, "", None],
                              "budget": [np.nan, np.nan, np.nan], "start": pd.array([None, None, None], dtype="Int64")},
                             geometry=[shapely.Point(114.1, 22.8)] * 3, crs="EPSG:4326")
    path = tmp_path / "t.gpkg"
    pyogrio.write_dataframe(frame, path, layer="roads")
    with sqlite3.connect(path) as conn:
        assert empty_columns(conn, "roads", ["name", "zero", "note", "late", "blank", "budget", "start"]) \
            == {"note", "budget", "start"}
        assert empty_columns(conn, "roads", ["name", "no such column"]) == set()
        assert empty_columns(conn, "no such table", ["name"]) == set()
        assert empty_columns(conn, "roads", []) == set()
    conn.close()


def test_the_contents_and_the_small_tables_are_read_over_one_connection(template, monkeypatch):
    """Each new connection parses the file's schema again (a GeoPackage's triggers and
    indexes): the workspace's six small layers and its contents share one."""
    import qxmap.dataset as dataset_module
    import qxmap.gpkgtable as gpkgtable_module

    made = []
    real = gpkgtable_module.connect_read_only

    def counted(path):
        made.append(path)
        return real(path)

    monkeypatch.setattr(dataset_module, "connect_read_only", counted)
    monkeypatch.setattr(gpkgtable_module, "connect_read_only", counted)
    dataset = load_dataset(template)
    assert len(made) == 1 and len(dataset.layer("roads")) > 0
    pd.testing.assert_frame_equal(dataset.layer("roads"), load_dataset(template).layer("roads"))
