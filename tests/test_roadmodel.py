"""The road table's models: rows, order and selection follow the core filter."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView

from qxmap import schema
from qxmap.dataset import load_dataset
from qxmap.filtering import RoadFilter
from qxmap.synthetic import write_synthetic
from qxmap.ui.roadmodel import COLUMNS, FEATURE_ID_ROLE, SORT_KEY_ROLE, RoadFilterProxy, RoadTableModel, selected_ids


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    return load_dataset(write_synthetic(tmp_path_factory.mktemp("net") / "syn", 400, seed=5)).tracked()


@pytest.fixture
def models(qapp, records):
    model = RoadTableModel()
    model.set_records(records)
    proxy = RoadFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy


def shown_ids(proxy):
    return [proxy.data(proxy.index(r, 0), FEATURE_ID_ROLE) for r in range(proxy.rowCount())]


subsets = st.lists(st.sampled_from(schema.PHASES), unique=True, max_size=3)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(phases=subsets,
       statuses=st.lists(st.sampled_from(schema.STATUSES), unique=True, max_size=3),
       categories=st.lists(st.sampled_from(schema.ROAD_CATEGORIES), unique=True, max_size=2),
       text=st.sampled_from(["", "1", "合成道路2", "road 3", "exit"]))
def test_rows_are_the_core_filter_in_data_order(models, records, phases, statuses, categories, text):
    model, proxy = models
    road_filter = RoadFilter.of(phases=phases, statuses=statuses, categories=categories, text=text)
    proxy.set_road_filter(road_filter)
    assert shown_ids(proxy) == road_filter.apply(records)["id"].tolist()
    assert proxy.rowCount() == int(proxy.accepted_mask.sum())


@pytest.mark.parametrize("column", range(len(COLUMNS)))
def test_sortable_by_every_column_with_a_filter_on(models, column):
    model, proxy = models
    proxy.set_road_filter(RoadFilter.of(phases=["underway", "by_2018"]))
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        proxy.sort(column, order)
        keys = [proxy.data(proxy.index(r, column), SORT_KEY_ROLE) for r in range(proxy.rowCount())]
        assert keys == sorted(keys, reverse=order == Qt.SortOrder.DescendingOrder), COLUMNS[column]
        # Still exactly the filtered rows, and still sorted after the filter changes.
        assert sorted(shown_ids(proxy)) == sorted(proxy.accepted_ids())
    proxy.set_road_filter(RoadFilter.of(statuses=["planned"]))
    keys = [proxy.data(proxy.index(r, column), SORT_KEY_ROLE) for r in range(proxy.rowCount())]
    assert sorted(shown_ids(proxy)) == sorted(proxy.accepted_ids())
    assert keys == sorted(keys, reverse=True)


def test_selection_survives_a_filter_that_keeps_the_row(qtbot, models, records):
    model, proxy = models
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    underway = records[records["phase"] == "underway"]
    kept = underway[underway["status"] == "planned"]["id"].iloc[3]
    dropped = underway[underway["status"] != "planned"]["id"].iloc[0]
    for feature_id in (kept, dropped):
        view.selectionModel().select(proxy.index_of_record(model.row_of(feature_id)),
                                     QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert sorted(selected_ids(view)) == sorted([kept, dropped])

    proxy.set_road_filter(RoadFilter.of(phases=["underway"]))
    assert sorted(selected_ids(view)) == sorted([kept, dropped])
    proxy.set_road_filter(RoadFilter.of(statuses=["planned"]))
    assert selected_ids(view) == [kept]  # the other one is filtered out, not replaced by a neighbour
    assert proxy.record_row(view.selectionModel().selectedRows()[0]) == model.row_of(kept)


def test_an_edit_refilters_and_shows_the_new_value(models, records):
    model, proxy = models
    model.editable = True
    proxy.set_road_filter(RoadFilter.of(statuses=["planned"]))
    feature_id = shown_ids(proxy)[0]
    row = model.row_of(feature_id)
    status_column = COLUMNS.index("status")
    changed = []
    proxy.dataChanged.connect(lambda *args: changed.append(args))
    proxy.layoutChanged.connect(lambda *args: changed.append("layout"))

    model.update_record(feature_id, {"status": "completed"})
    assert feature_id not in shown_ids(proxy)  # no longer planned
    proxy.set_road_filter(RoadFilter())
    index = proxy.index_of_record(row, status_column)
    assert index.data() == model.data(model.index(row, status_column))
    model.update_record(feature_id, {"status": "on_hold"})
    assert proxy.index_of_record(row, status_column).data(Qt.ItemDataRole.DisplayRole) == \
        model.data(model.index(row, status_column))
    assert changed


def test_new_records_replace_the_rows(models, records):
    model, proxy = models
    proxy.set_road_filter(RoadFilter.of(phases=["unscheduled"]))
    fewer = records.iloc[:50]
    model.set_records(fewer)
    assert shown_ids(proxy) == RoadFilter.of(phases=["unscheduled"]).apply(fewer)["id"].tolist()
    assert np.array_equal(proxy.accepted_mask, RoadFilter.of(phases=["unscheduled"]).mask(fewer.reset_index(drop=True)))


def test_a_sorted_table_takes_a_larger_dataset(models, records):
    model, proxy = models
    model.set_records(records.iloc[:40])
    length = COLUMNS.index("length_km")
    proxy.sort(length, Qt.SortOrder.DescendingOrder)
    model.set_records(records)  # more rows than the sort keys were made for
    keys = [proxy.data(proxy.index(r, length), SORT_KEY_ROLE) for r in range(proxy.rowCount())]
    assert len(keys) == len(records) and keys == sorted(keys, reverse=True)


def _reference_rows(records):
    """The row dicts as they were made all at once before (the simple path)."""
    from pandas.core.dtypes.cast import maybe_box_native

    frame = records.drop(columns=["geometry"], errors="ignore").reset_index(drop=True)
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    mapped = [g is not None and not g.is_empty for g in records.geometry]
    return [{k: maybe_box_native(v) for k, v in row.items()} | {"_mapped": m} for row, m in zip(rows, mapped)]


def _with_gaps(records):
    """The records with missing values in every column a sort key reads."""
    out = records.copy().reset_index(drop=True)
    for i, column in enumerate(("category", "phase", "status", "geometry_accuracy", "length_km", "last_updated",
                                "start", "start_month", "target", "target_month", "progress")):
        if column in out.columns:
            out.loc[out.index[i::7], column] = None
    return out


@pytest.mark.parametrize("gaps", [False, True])
def test_rows_made_when_asked_equal_the_rows_made_at_once(qapp, records, gaps):
    data = _with_gaps(records) if gaps else records
    model = RoadTableModel()
    model.set_records(data)
    expected = _reference_rows(data)
    assert len(model._rows._made) == 0  # nothing made before it is shown
    got = [model.record(i) for i in range(model.rowCount())]
    assert got == expected
    assert [type(v) for row in got for v in row.values()] == [type(v) for row in expected for v in row.values()]


@pytest.mark.parametrize("gaps", [False, True])
@pytest.mark.parametrize("column", range(len(COLUMNS)))
def test_bulk_sort_keys_equal_the_keys_of_each_row(qapp, records, column, gaps):
    data = _with_gaps(records) if gaps else records
    model = RoadTableModel()
    model.set_records(data)
    one_by_one = [model._sort_key(row, COLUMNS[column]) for row in _reference_rows(data)]
    bulk = model.sort_keys(column)
    assert len(bulk) == len(one_by_one)
    assert [float(a) if not isinstance(a, str) else a for a in bulk] == \
        [float(b) if not isinstance(b, str) else b for b in one_by_one]


def test_whole_columns_replaced_reach_made_and_unmade_rows(qapp, records):
    model = RoadTableModel()
    model.set_records(records)
    first = model.record(0)  # made before the change
    statuses = ["completed"] * model.rowCount()
    model.set_values({"status": statuses})
    assert first["status"] == "completed" and model.record(model.rowCount() - 1)["status"] == "completed"
    assert model.sort_keys(COLUMNS.index("status")) == [schema.STATUSES.index("completed")] * model.rowCount()
