"""Dataset.tracked(share=True): the records and the layers hold their columns once,
and stay separate frames (pandas' copy-on-write): what the session relies on."""
import copy

import numpy as np
import pandas as pd
import pytest

from qxmap import schema
from qxmap.model import Session


@pytest.fixture
def dataset(bundled):
    return copy.deepcopy(bundled)


def _same(a, b):
    pd.testing.assert_frame_equal(pd.DataFrame(a).drop(columns="geometry"), pd.DataFrame(b).drop(columns="geometry"))
    assert a.geometry.name == b.geometry.name and a.crs == b.crs
    assert list(a.geometry.to_wkb()) == list(b.geometry.to_wkb())


def test_shared_layers_are_the_layers_they_were(dataset):
    before = {name: dataset.layers[name].copy() for name in schema.TRACKED_LAYERS}
    records = dataset.tracked(share=True)
    pd.testing.assert_frame_equal(pd.DataFrame(records).drop(columns="geometry"),
                                  pd.DataFrame(copy.deepcopy(dataset).tracked()).drop(columns="geometry"))
    start = 0
    for name in schema.TRACKED_LAYERS:
        layer = dataset.layers[name]
        _same(layer, before[name])
        assert list(layer.index) == list(before[name].index)
        # one set of columns: the layer's values are the records' rows, not a copy
        assert np.shares_memory(layer["name_zh"].to_numpy(), records["name_zh"].to_numpy())
        assert list(records["layer"].iloc[start:start + len(layer)]) == [name] * len(layer)
        start += len(layer)


def test_writes_to_either_side_stay_on_that_side(dataset):
    records = dataset.tracked(share=True)
    roads = dataset.layers["roads"]
    label, first = roads.index[0], roads["name_zh"].iloc[0]
    roads.at[label, "name_zh"] = "改过的名字"
    assert records.at[0, "name_zh"] == first
    records.at[1, "status"] = "completed" if roads["status"].iloc[1] != "completed" else "planned"
    assert roads["status"].iloc[1] != records.at[1, "status"]


def test_a_layer_whose_columns_change_type_is_kept_as_it_is(dataset):
    roads = dataset.layers["roads"]
    roads["flag"] = np.ones(len(roads), dtype=bool)  # bool in roads, missing in exits: object in the records
    kept = dataset.layers["roads"]
    records = dataset.tracked(share=True)
    assert dataset.layers["roads"] is kept
    assert records["flag"].dtype == object


def test_a_session_edit_and_an_as_of_view_leave_the_dataset_right(dataset):
    session = Session()
    session.set_dataset(dataset)
    road = dataset.layers["roads"]
    rid = road["id"].iloc[0]
    label = road.index[0]
    road.at[label, "status"] = "on_hold"
    session.records_changed([rid])
    assert session.record_values(rid, ["status"]) == {"status": "on_hold"}
    session.records.at[session.row_of(rid), "status"] = "planned"  # as an "as of" view writes its day's values
    assert dataset.layers["roads"].at[label, "status"] == "on_hold"


def test_a_big_layers_empty_fields_are_one_array_and_stay_apart_when_written(tmp_path, monkeypatch):
    """A big layer's fields empty in every row (owner, budget, note, ...) share one array
    (qxmap.dataset._with_columns); an edit of one of them changes that field only, and
    the frame is the one the small-layer path makes."""
    from qxmap import dataset as dataset_module
    from qxmap.dataset import load_dataset
    from qxmap.synthetic import write_synthetic_gpkg

    path = write_synthetic_gpkg(tmp_path / "net.gpkg", 300)
    small = load_dataset(path).layers["roads"]
    monkeypatch.setattr(dataset_module, "_ONE_GO_ROWS", 10)
    big = load_dataset(path).layers["roads"]
    empty = [c for c in big.columns if big[c].dtype == object and big[c].isna().all()]
    assert {"owner", "contractor", "note"} <= set(empty)
    for column in empty[1:]:
        assert np.shares_memory(big[empty[0]].to_numpy(), big[column].to_numpy())
    pd.testing.assert_frame_equal(pd.DataFrame(big)[list(small.columns)].drop(columns="geometry"),
                                  pd.DataFrame(small).drop(columns="geometry"))
    label = big.index[5]
    big.at[label, "owner"] = "清溪镇"
    big.loc[big.index[:3], "note"] = "改过"
    assert big.at[label, "owner"] == "清溪镇" and big["owner"].notna().sum() == 1
    assert list(big["note"].iloc[:4]) == ["改过", "改过", "改过", None]
    for column in empty:
        if column not in ("owner", "note"):
            assert big[column].isna().all(), column
