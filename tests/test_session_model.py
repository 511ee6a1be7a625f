"""The Qt-free session model: state, events, and what it computes once."""
import numpy as np
import pytest

from qxmap.filtering import RoadFilter, summarize
from qxmap.model import Event, Session, ViewBounds


@pytest.fixture
def session(bundled):
    import copy

    s = Session()
    s.set_dataset(copy.deepcopy(bundled))  # tests edit its records: never the shared dataset
    return s


def recorder(session):
    seen = []
    for event in session.events:
        event.connect(lambda *args, name=event.name: seen.append((name, args)))
    return seen


def test_a_change_is_announced_once_and_a_repeat_not_at_all(session):
    seen = recorder(session)
    f = RoadFilter.of(phases=["underway"])
    assert session.set_filter(f)
    assert not session.set_filter(RoadFilter.of(phases=["underway"]))
    assert [name for name, _ in seen] == ["filter_changed"]
    assert session.set_layer_visible("parks", False) and not session.set_layer_visible("parks", False)
    assert session.set_tool("measure") and not session.set_tool("measure")
    assert session.set_basemap("amap", True) and not session.set_basemap("amap", True)
    view = {"south": 22.8, "west": 114.1, "north": 22.9, "east": 114.2, "zoom": 12}
    assert session.set_view(view) and not session.set_view(ViewBounds.from_dict(view))
    assert [name for name, _ in seen] == ["filter_changed", "layers_changed", "tool_changed",
                                          "basemap_changed", "view_changed"]
    assert seen[1][1] == (frozenset({"parks"}),)


def test_the_mask_and_summary_are_the_filter_and_summary_of_the_records(session, bundled):
    f = RoadFilter.of(statuses=["planned", "under_construction"], text="路")
    session.set_filter(f)
    tracked = bundled.tracked()
    assert np.array_equal(session.filter_mask, f.mask(tracked).to_numpy())
    assert session.filtered_ids == tracked["id"][f.mask(tracked)].tolist()
    mapped = (tracked["geometry_accuracy"] != "unmapped").to_numpy()  # "not yet mapped" is counted
    expected = summarize(tracked[["status", "phase", "length_km"]].assign(mapped=mapped), f.mask(tracked).to_numpy())
    assert session.summary == expected and session.summary.unmapped > 0
    assert session.filter_mask is session.filter_mask  # computed once per change


def test_an_edited_record_moves_through_the_filter(session):
    session.set_filter(RoadFilter.of(statuses=["completed"]))
    before = set(session.filtered_ids)
    road_id = next(i for i in session.records["id"] if i not in before and i.startswith("road"))
    layer, series = session.find(road_id)
    frame = session.dataset.layers[layer]
    frame.loc[frame["id"] == road_id, "status"] = "completed"  # what a workspace edit does
    seen = recorder(session)
    session.records_changed([road_id])
    assert seen == [("records_changed", ((road_id,),))]
    assert set(session.filtered_ids) == before | {road_id}
    assert session.record_values(road_id, ["status"]) == {"status": "completed"}


@pytest.mark.parametrize("field, value, filter_of", [
    ("status", "completed", lambda v: RoadFilter.of(statuses=[v])),
    ("phase", "unscheduled", lambda v: RoadFilter.of(phases=[v])),
    ("category", "town", lambda v: RoadFilter.of(categories=[v])),
])
def test_an_edit_moves_a_record_through_each_kind_of_filter(session, field, value, filter_of):
    """The codes the filters read are patched for the edited row only: each kind of
    filter sees the new value, and gives what it gives on the records read afresh."""
    f = filter_of(value)
    session.set_filter(f)
    before = set(session.filtered_ids)
    road_id = next(i for i, v in zip(session.records["id"], session.records[field])
                   if i.startswith("road") and v != value)
    layer, _series = session.find(road_id)
    frame = session.dataset.layers[layer]
    frame.loc[frame["id"] == road_id, field] = value
    session.records_changed([road_id])
    assert set(session.filtered_ids) == before | {road_id}
    assert np.array_equal(session.filter_mask, f.mask(session.records).to_numpy())
    frame.loc[frame["id"] == road_id, field] = "not a code"  # a value no code stands for: never passes
    session.records_changed([road_id])
    assert set(session.filtered_ids) == before


def test_selection_keeps_known_ids_and_says_who_made_it(session):
    seen = recorder(session)
    road = session.records["id"].iloc[0]
    park = session.dataset.layers["parks"]["id"].iloc[0]
    assert session.select([road, "no-such-id", park, road], origin="map")
    assert session.selection == (road, park) and session.selection_origin == "map"
    assert not session.select([road, park])
    assert seen == [("selection_changed", ((road, park),))]
    session.set_dataset(session.dataset)
    assert session.selection == ()


def test_views_are_wgs84_bounds_and_refuse_nonsense():
    v = ViewBounds(22.8, 114.1, 22.9, 114.2, 12)
    assert v.as_extent() == (114.1, 22.8, 114.2, 22.9)
    for bad in ((float("nan"), 114.1, 22.9, 114.2), (22.9, 114.1, 22.8, 114.2), ("a", 1, 2, 3)):
        with pytest.raises(ValueError):
            ViewBounds(*bad)
    session = Session()
    with pytest.raises(ValueError):
        session.set_layer_visible("no-layer", False)
    with pytest.raises(ValueError):
        session.set_filter(RoadFilter(phases=frozenset({"someday"})))


def test_a_failing_listener_does_not_silence_the_others():
    event = Event("x")
    calls = []

    def broken(value):
        raise RuntimeError("view broke")

    event.connect(broken)
    event.connect(lambda value: calls.append(value))
    with pytest.raises(RuntimeError):
        event.emit(1)
    assert calls == [1]
    event.disconnect(broken)
    with event.blocked():
        event.emit(2)
    event.emit(3)
    assert calls == [1, 3]


def test_pending_edits_follow_the_workspace(session):
    class FakeWorkspace:
        pending = []

    seen = recorder(session)
    ws = FakeWorkspace()
    session.set_workspace(ws)
    ws.pending = ["edit"]
    session.pending_changed()
    session.pending_changed()
    assert session.pending == ("edit",)
    assert [name for name, _ in seen] == ["workspace_changed", "pending_changed"]


def test_a_renamed_record_is_found_by_its_new_name_only(session):
    """The name filter searches a kept haystack (filtering.name_haystack): an edit patches it."""
    session.set_filter(RoadFilter.of(text="Zzq 测试"))
    assert session.filtered_ids == []
    road_id = next(i for i in session.records["id"] if i.startswith("road"))
    old_name = session.record_values(road_id, ["name_zh"])["name_zh"]
    layer, _ = session.find(road_id)
    frame = session.dataset.layers[layer]
    frame.loc[frame["id"] == road_id, "name_en"] = "Zzq 测试 Avenue"
    session.records_changed([road_id])
    assert session.filtered_ids == [road_id]
    session.set_filter(RoadFilter.of(text="zzq 测试 AVENUE"))  # case-folded, as before
    assert session.filtered_ids == [road_id]
    session.set_filter(RoadFilter.of(text=old_name))
    assert road_id in session.filtered_ids
    # the same answers as a filter that makes its haystack afresh
    for text in ("zzq", old_name, road_id.upper(), "路"):
        f = RoadFilter.of(text=text)
        session.set_filter(f)
        assert session.filtered_ids == session.records["id"][f.mask(session.records).to_numpy()].tolist()


def test_the_dashboard_counts_by_the_codes_the_filter_keeps(session):
    """The dashboard's facts take phase, status and category from the session's codes
    (made once, patched by edits): the same facts as read afresh from the records,
    after an edit too."""
    from qxmap.tracking.dashboard import build_facts
    from qxmap.ui.timeline import FactsCache

    cache = FactsCache(session)

    def same():
        kept, fresh = cache.get(), build_facts(session.records, session.history)
        for name in ("status", "phase", "category", "overdue", "started", "finished"):
            assert np.array_equal(getattr(kept, name), getattr(fresh, name)), name

    same()
    road_id = next(i for i in session.records["id"] if i.startswith("road"))
    layer, _series = session.find(road_id)
    frame = session.dataset.layers[layer]
    frame.loc[frame["id"] == road_id, ["status", "category"]] = ["completed", "not a code"]
    session.records_changed([road_id])
    same()
    row = session.row_index[road_id]
    assert session.record_codes["category"][row] == -1
    with pytest.raises(ValueError):
        session.record_codes["status"][row] = 0  # read-only
