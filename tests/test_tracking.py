"""Tracking progress (issue 14), Qt-free: the schema upgrade, the tracking fields and
their rules, "as of" from a hand-made history, what changed since, the dashboard's
figures against ``qxmap summary``, and the ``changes`` / ``set-field`` commands."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3

import numpy as np
import pandas as pd
import pytest

from qxmap import schema
from qxmap.cli import main
from qxmap.editing import check_edit, check_period, normalise
from qxmap.filtering import RoadFilter, summarize
from qxmap.tracking import (GROUPS, History, bar_filter, build_facts, changes_since, dashboard_figures,
                            state_as_of, timeline_rows)
from qxmap.workspace import SCHEMA_VERSION, Workspace, create_workspace

from conftest import BUNDLED, DATA

V1 = DATA / "workspaces" / "schema-v1.gpkg"
CHINA = dt.timezone(dt.timedelta(hours=8))


def columns_of(path, table="roads"):
    conn = sqlite3.connect(path)
    try:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


def meta(path):
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT key, value FROM qxmap_meta"))
    finally:
        conn.close()


# --------------------------------------------------------------------------
# The schema upgrade


def test_a_workspace_of_the_previous_schema_is_upgraded_in_place(tmp_path):
    """tests/data/workspaces/schema-v1.gpkg was made by qxmap before issue 14 (schema 1:
    no tracking columns) with three saved changes."""
    path = tmp_path / "old.gpkg"
    shutil.copy(V1, path)
    assert meta(path)["schema_version"] == "1"
    assert "owner" not in columns_of(path)
    conn = sqlite3.connect(path)
    before_rows = conn.execute("SELECT id, status, phase, start, target, progress, note, revision FROM roads "
                               "ORDER BY id").fetchall()
    before_history = conn.execute("SELECT * FROM road_status_history ORDER BY id").fetchall()
    conn.close()
    generation = int(meta(path)["generation"])

    ws = Workspace.open(path)

    assert ws.upgraded
    info = meta(path)
    assert info["schema_version"] == str(SCHEMA_VERSION) == "2"
    assert int(info["generation"]) == generation + 1
    for table in ("roads", "exits"):
        assert set(schema.TRACKING_FIELDS) <= set(columns_of(path, table))
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT id, status, phase, start, target, progress, note, revision FROM roads "
                        "ORDER BY id").fetchall() == before_rows
    assert conn.execute("SELECT * FROM road_status_history ORDER BY id").fetchall() == before_history
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'qxmap_roads_revision'").fetchone()[0]
    conn.close()
    assert '"owner"' in trigger and '"completed_on"' in trigger  # another program's edit of them is noticed
    # The data is as it was, the new fields empty (nothing invented).
    assert ws.record("r2")["status"] == "under_construction" and ws.record("r2")["progress"] == 40
    assert all(ws.record("r2")[f] is None for f in schema.TRACKING_FIELDS)
    # Opening again changes nothing; the new fields save with history like any field.
    assert not Workspace.open(path).upgraded
    ws.apply(ws.make_edit("r2", "owner", "清溪镇人民政府"))
    assert ws.save("test") == 1
    assert Workspace.open(path).record("r2")["owner"] == "清溪镇人民政府"
    # An old qxmap is told that the file is newer than it.
    assert Workspace.open(path).history("r2")[-1].field == "owner"


def test_another_program_changing_a_tracking_field_is_a_conflict(tmp_path):
    path = tmp_path / "ws.gpkg"
    shutil.copy(V1, path)
    ws = Workspace.open(path)
    conn = sqlite3.connect(path)
    for name in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        conn.create_function(name, 1, lambda blob: None)
    conn.execute("UPDATE roads SET contractor = 'QGIS user' WHERE id = 'r1'")
    conn.commit()
    conn.close()
    ws.apply(ws.make_edit("r1", "contractor", "qxmap user"))
    from qxmap.workspace import ConflictError

    with pytest.raises(ConflictError):
        ws.save("test")


def test_a_read_only_old_workspace_opens_without_the_new_columns(tmp_path):
    path = tmp_path / "ro.gpkg"
    shutil.copy(V1, path)
    path.chmod(0o444)
    try:
        ws = Workspace.open(path)
        assert not ws.upgraded and ws.read_only
        assert ws.record("r1")["owner"] is None
        assert meta(path)["schema_version"] == "1"
    finally:
        path.chmod(0o644)


def test_a_new_workspace_has_the_tracking_columns_and_the_bundled_data_none_of_their_values(tmp_path):
    path = create_workspace(BUNDLED, tmp_path / "ws.gpkg")
    assert meta(path)["schema_version"] == "2"
    ws = Workspace.open(path)
    assert not ws.upgraded
    tracked = ws.dataset.tracked()
    for field in schema.TRACKING_FIELDS:
        assert tracked[field].isna().all(), field  # the work report states none of them


# --------------------------------------------------------------------------
# The tracking fields and their rules (bad input)


@pytest.mark.parametrize("field,value,words", [
    ("progress", 120, "out of range"), ("progress", -5, "out of range"), ("progress", "half", "not a number"),
    ("budget_wan", "about 3 million", "not a number with a unit"), ("budget_wan", "1200", "no unit"),
    ("budget_wan", "-5万元", "not a number with a unit"), ("actual_start", "2019/06/01", "YYYY-MM-DD"),
    ("completed_on", "2019-02-30", "does not exist"), ("start_month", 13, "not a month"),
])
def test_bad_values_are_refused_with_a_reason(field, value, words):
    record = {"status": "planned", "start": 2018, "target": 2019}
    verdict = check_edit(record, field, value)
    assert not verdict.ok and words in verdict.message, verdict.message


def test_budgets_are_stored_in_wan_yuan():
    assert normalise("budget_wan", "1200万元") == (1200.0, None)
    assert normalise("budget_wan", "3.5亿元") == (35000.0, None)
    assert normalise("budget_wan", "3.5 亿") == (35000.0, None)
    assert normalise("budget_wan", 800) == (800.0, None)  # a number from the spin box is already in 万元


def test_a_completion_in_the_future_or_before_the_start_is_refused():
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    verdict = check_edit({"actual_start": "2019-01-01"}, "completed_on", tomorrow)
    assert not verdict.ok and "in the future" in verdict.message
    verdict = check_edit({"actual_start": "2019-05-01"}, "completed_on", "2019-04-30")
    assert not verdict.ok and "before the actual start" in verdict.message
    assert check_edit({"actual_start": "2019-05-01"}, "completed_on", "2019-05-01").ok


def test_planned_periods_take_a_year_or_a_month_and_keep_start_before_target():
    record = {"start": 2018, "start_month": 9, "target": 2019, "target_month": 3}
    verdict, changes = check_period(record, "target", "2018-06")
    assert not verdict.ok and verdict.message == "target 2018-06 is before the planned start 2018-09"
    verdict, changes = check_period(record, "start", "2019-02")
    assert verdict.ok and changes == [("start_month", 2), ("start", 2019)]  # each step valid on its own
    verdict, changes = check_period(record, "target", "2019年6月")
    assert verdict.ok and changes == [("target_month", 6)]
    verdict, _ = check_period(record, "target", "next spring")
    assert not verdict.ok and "2019-06" in verdict.message
    # The table's year spin box alone cannot put the start after the target either.
    assert not check_edit(record, "start", 2019).ok
    assert not check_edit({"start": None}, "start_month", 5).ok  # a month needs its year


def test_bad_values_save_nothing(tmp_path):
    path = tmp_path / "ws.gpkg"
    shutil.copy(V1, path)
    assert main(["set-field", str(path), "r1", "progress", "120"]) == 1
    assert main(["set-field", str(path), "r1", "budget", "about 3 million"]) == 1
    assert main(["set-field", str(path), "r3", "target", "2010"]) == 0  # r3 has no start: any target
    assert main(["set-field", str(path), "r3", "start", "2011"]) == 1  # after the target 2010
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert main(["set-field", str(path), "r1", "completed_on", future]) == 1
    ws = Workspace.open(path)
    assert ws.record("r1")["progress"] is None and ws.record("r1")["budget_wan"] is None
    assert ws.record("r1")["completed_on"] is None and ws.record("r3")["start"] is None
    assert [e.field for e in ws.history() if e.road_id in ("r1", "r3")][-1] == "target"


def test_set_field_saves_with_history(tmp_path, capsys):
    path = tmp_path / "ws.gpkg"
    shutil.copy(V1, path)
    assert main(["set-field", str(path), "r1", "budget", "3.5亿元", "--by", "王工", "--note", "概算"]) == 0
    assert main(["set-field", str(path), "r1", "target", "2019-06", "--by", "王工"]) == 0
    ws = Workspace.open(path)
    assert ws.record("r1")["budget_wan"] == 35000.0
    assert (ws.record("r1")["target"], ws.record("r1")["target_month"]) == (2019, 6)
    last = ws.history("r1")
    assert [(e.field, e.new_value, e.changed_by) for e in last] == [
        ("budget_wan", "35000", "王工"), ("target", "2019", "王工"), ("target_month", "6", "王工")]


# --------------------------------------------------------------------------
# "As of" from a hand-made history


def stamp(day: str, hour: int = 2) -> str:
    return f"{day}T{hour:02d}:00:00Z"  # 10:00 in China: the same day there


def hand_made():
    records = pd.DataFrame({
        "id": ["a", "b", "c"], "name_zh": ["甲路", "乙路", "丙路"], "name_en": [None, None, None],
        "status": ["completed", "under_construction", "planned"],
        "phase": ["underway", "underway", "2018_2020"],
        "progress": [100.0, 60.0, None], "category": ["town", "external", "town"],
        "length_km": [1.0, 2.0, 3.0], "target": [2018, 2019, 2017], "target_month": [None, None, None],
        "start": [2016, 2017, None], "start_month": [None, None, None],
    })
    rows = [
        (1, "a", "status", "planned", "under_construction", stamp("2016-03-10"), "张三", "开工"),
        (2, "a", "progress", None, "30", stamp("2016-06-01"), "张三", None),
        (3, "b", "phase", "start_this_year", "underway", stamp("2016-06-01"), "李四", None),
        (4, "a", "progress", "30", "100", stamp("2017-12-20"), "张三", None),
        (5, "a", "status", "under_construction", "completed", stamp("2017-12-20"), "张三", "验收"),
        (6, "b", "status", "planned", "under_construction", stamp("2018-02-01"), "李四", None),
        (7, "b", "progress", None, "60", stamp("2018-05-01"), "李四", None),
        (8, "c", "target", "2016", "2017", stamp("2018-05-01"), "王五", "征地推迟"),
        (9, "c", "status", "preparing", "planned", stamp("2018-07-01"), "王五", "暂停前期"),
    ]
    return records, History.from_rows(rows, created_on=dt.date(2016, 1, 1), tz=CHINA)


@pytest.mark.parametrize("day,expected", [
    ("2016-01-15", [("planned", "underway", None), ("planned", "start_this_year", None),
                    ("preparing", "2018_2020", None)]),
    ("2016-03-10", [("under_construction", "underway", None), ("planned", "start_this_year", None),
                    ("preparing", "2018_2020", None)]),
    ("2016-12-31", [("under_construction", "underway", 30.0), ("planned", "underway", None),
                    ("preparing", "2018_2020", None)]),
    ("2018-03-01", [("completed", "underway", 100.0), ("under_construction", "underway", None),
                    ("preparing", "2018_2020", None)]),
    ("2030-01-01", [("completed", "underway", 100.0), ("under_construction", "underway", 60.0),
                    ("planned", "2018_2020", None)]),
])
def test_the_state_as_of_a_day_undoes_every_later_change(day, expected):
    records, history = hand_made()
    state = state_as_of(records, history, dt.date.fromisoformat(day))
    got = [(s, p, None if pr is None or pr != pr else float(pr))
           for s, p, pr in state.values[["status", "phase", "progress"]].itertuples(index=False)]
    assert got == expected
    assert state.covered
    assert list(records["status"]) == ["completed", "under_construction", "planned"]  # nothing written


def test_an_as_of_day_before_the_history_says_so():
    records, history = hand_made()
    state = state_as_of(records, history, dt.date(2015, 6, 1))
    assert not state.covered and state.starts_on == dt.date(2016, 1, 1)
    assert "2016-01-01" in state.message("zh") and "earliest state known" in state.message("en")
    assert state.values["status"].tolist() == ["planned", "planned", "preparing"]  # the oldest known
    no_history = state_as_of(records, None, dt.date(2015, 6, 1))
    assert not no_history.covered and "No history" in no_history.message("en")


def test_the_session_shows_the_as_of_state_without_writing(bundled):
    from qxmap.model import Session

    session = Session()
    records_today = bundled.tracked()
    fid = "road-s358"
    rows = [(1, fid, "status", "planned", "under_construction", stamp("2017-04-01"), "张三", None)]
    session.set_dataset(bundled, History.from_rows(rows, created_on=dt.date(2016, 1, 1)))
    seen = []
    session.events.as_of_changed.connect(seen.append)
    assert session.records.loc[session.row_of(fid), "last_updated"] == stamp("2017-04-01")
    before = session.summary.as_dict()["by_status"]
    state = session.set_as_of(dt.date(2016, 12, 31))
    assert seen == [state] and state.covered
    assert session.records.loc[session.row_of(fid), "status"] == "planned"
    after = session.summary.as_dict()["by_status"]
    assert after["planned"]["count"] == before["planned"]["count"] + 1
    session.set_filter(RoadFilter.of(statuses=["planned"]))
    assert fid in session.filtered_ids  # the filter reads the shown state
    assert bundled.layers["roads"].set_index("id").loc[fid, "status"] == "under_construction"
    session.set_as_of(None)
    assert session.records.loc[session.row_of(fid), "status"] == "under_construction"
    assert fid not in session.filtered_ids and seen[-1] is None
    assert len(records_today) == len(session.records)


# --------------------------------------------------------------------------
# What changed since


def test_changes_since_a_day_are_grouped_with_who_and_why():
    records, history = hand_made()
    report = changes_since(history, dt.date(2017, 12, 20), records[["id", "name_zh", "name_en"]])
    assert report.counts() == {"started": 1, "finished": 1, "slipped": 1, "set_back": 1, "other": 2}
    finished = report.group("finished").iloc[0]
    assert (finished["road_id"], finished["changed_by"], finished["note"]) == ("a", "张三", "验收")
    slipped = report.group("slipped").iloc[0]
    assert (slipped["name_zh"], slipped["old_value"], slipped["new_value"], slipped["note"]) == \
        ("丙路", "2016", "2017", "征地推迟")
    assert report.group("set_back").iloc[0]["history_id"] == 9
    assert list(report.rows["group"]) == sorted(report.rows["group"], key=GROUPS.index)
    # since a moment (the last export of the report): strictly after it
    moment = dt.datetime(2018, 5, 1, 10, 0, tzinfo=CHINA)
    assert set(changes_since(history, moment).rows["history_id"]) == {9}


def test_a_target_month_moved_later_is_a_slip_and_a_first_target_is_not():
    rows = [
        (1, "x", "target", None, "2019", stamp("2020-01-01"), "a", None),       # first target: not a slip
        (2, "x", "target_month", None, "6", stamp("2020-02-01"), "a", None),    # 2019 -> 2019-06: earlier
        (3, "x", "target_month", "6", "9", stamp("2020-03-01"), "a", None),     # 2019-06 -> 2019-09: slip
        (4, "x", "target", "2019", "2020", stamp("2020-04-01"), "a", None),     # one save: 2019-09 ->
        (5, "x", "target_month", "9", "1", stamp("2020-04-01"), "a", None),     # 2020-01: slip (both rows)
        (6, "x", "target", "2020", "2019", stamp("2020-05-01"), "a", None),     # earlier
    ]
    report = changes_since(History.from_rows(rows, tz=CHINA), dt.date(2019, 1, 1))
    groups = dict(zip(report.rows["history_id"], report.rows["group"]))
    assert groups == {1: "other", 2: "other", 3: "slipped", 4: "slipped", 5: "slipped", 6: "other"}


def test_the_changes_command(tmp_path, capsys):
    from qxmap.exports.tables import read_xlsx

    path = tmp_path / "ws.gpkg"
    shutil.copy(V1, path)
    ws = Workspace.open(path)
    ws.apply(ws.make_edit("r2", "status", "completed", note="竣工验收"))
    ws.apply(ws.make_edit("r3", "target", 2021, note="=HYPERLINK(\"x\")"))
    ws.save("@planner")
    capsys.readouterr()
    # since the (local) day of the fixture's own changes: they and today's are listed
    from qxmap.tracking.history import day_of, read_with_names

    since = day_of(int(read_with_names(path)[0].frame["day"].min())).isoformat()
    assert main(["changes", str(path), "--since", since, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["counts"]["finished"] == 1 and out["counts"]["slipped"] >= 2  # 2018 -> 2020 (v1) and -> 2021
    done = out["groups"]["finished"][0]
    assert (done["road_id"], done["changed_by"], done["note"], done["name_zh"]) == \
        ("r2", "@planner", "竣工验收", "测试道路2")
    assert main(["changes", str(path), "--since", since, "--csv"]) == 0
    csv_text = capsys.readouterr().out
    assert "'=HYPERLINK" in csv_text  # a note is never a live formula
    out_xlsx = tmp_path / "changes.xlsx"
    out_pptx = tmp_path / "changes.pptx"
    assert main(["changes", str(path), "--since", since, "--xlsx", str(out_xlsx), "--pptx", str(out_pptx)]) == 0
    rows = read_xlsx(out_xlsx)
    assert len(rows) == len(out["groups"]["finished"]) + sum(len(v) for k, v in out["groups"].items()
                                                               if k != "finished")
    finished = [r for r in rows if r["group"] == "完工"]
    assert finished[0]["road_id"] == "r2" and finished[0]["new_value"] == "已建成"
    assert any(r["note"] == "=HYPERLINK(\"x\")" for r in rows)  # stored as text, read back as typed
    from pptx import Presentation

    titles = [s.shapes.title.text_frame.text for s in Presentation(out_pptx).slides]
    assert titles[0] == "本月进展" and any(t.startswith("完工") for t in titles)
    # a date that is not YYYY-MM-DD is bad usage; a day after every change lists nothing
    with pytest.raises(SystemExit) as info:
        main(["changes", str(path), "--since", "June"])
    assert info.value.code == 2
    capsys.readouterr()
    assert main(["changes", str(path), "--since", "2099-01-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"] == {g: 0 for g in GROUPS}


def test_changes_since_before_the_history_notes_it(tmp_path, capsys):
    path = tmp_path / "ws.gpkg"
    shutil.copy(V1, path)
    assert main(["changes", str(path), "--since", "2001-01-01"]) == 0
    captured = capsys.readouterr()
    assert "history starts on" in captured.err or "变更记录从" in captured.err
    assert main(["changes", str(tmp_path / "nothing.gpkg"), "--since", "2001-01-01"]) == 1


# --------------------------------------------------------------------------
# Dashboard figures


@pytest.mark.parametrize("argv,road_filter", [
    ([], RoadFilter()),
    (["--phase", "start_this_year"], RoadFilter.of(phases=["start_this_year"])),
    (["--status", "planned", "--category", "town"], RoadFilter.of(statuses=["planned"], categories=["town"])),
])
def test_dashboard_counts_equal_qxmap_summary(bundled, capsys, argv, road_filter):
    assert main(["summary", str(BUNDLED), "--json", *argv]) == 0
    cli = json.loads(capsys.readouterr().out)
    records = bundled.tracked().reset_index(drop=True)
    facts = build_facts(records, None)
    figures = dashboard_figures(facts, road_filter.mask(records).to_numpy())
    got = figures.as_dict()
    for key in ("count", "km", "unmapped", "by_status", "by_phase"):
        assert got[key] == cli[key], key
    assert figures.phase_counts.sum() == cli["count"]
    assert figures.category_counts.sum() == cli["count"]
    for i, phase in enumerate(schema.PHASES):
        assert figures.phase_counts[i].sum() == cli["by_phase"][phase]["count"]


def test_headline_figures_follow_the_definitions():
    records, history = hand_made()
    records["actual_start"] = [None, None, None]
    records["completed_on"] = [None, None, None]
    facts = build_facts(records, history, dt.date(2018, 12, 31))
    figures = dashboard_figures(facts, np.ones(3, bool))
    # b started 2018-02-01; nothing finished in 2018 (a finished 2017-12-20); c's target 2017 passed, a done
    assert (figures.started, figures.finished, figures.overdue) == (1, 0, 1)
    assert figures.overdue_ids == ("c",)
    facts = build_facts(records, history, dt.date(2017, 12, 31))
    assert dashboard_figures(facts, np.ones(3, bool)).finished == 1
    records["completed_on"] = [None, None, "2018-03-01"]  # a recorded date counts too
    facts = build_facts(records, history, dt.date(2018, 12, 31))
    assert dashboard_figures(facts, np.ones(3, bool)).finished == 1


def test_a_bar_click_narrows_the_current_filter():
    current = RoadFilter.of(categories=["town"], text="路")
    assert bar_filter(current, "phase", "underway", "completed") == RoadFilter.of(
        ["underway"], ["completed"], ["town"], "路")
    assert bar_filter(current, "category", "external") == RoadFilter.of([], [], ["external"], "路")


def test_timeline_rows_are_in_phase_order_with_undated_counted():
    records, history = hand_made()
    facts = build_facts(records, history, dt.date(2018, 12, 31))
    rows = timeline_rows(facts, np.ones(3, bool))
    assert list(records["id"][rows.rows]) == ["a", "b", "c"] and rows.undated == 0
    assert dt.date(1970, 1, 1) + dt.timedelta(days=rows.first_day) == dt.date(2016, 1, 1)
    records.loc[2, "target"] = None
    facts = build_facts(records, history, dt.date(2018, 12, 31))
    rows = timeline_rows(facts, np.ones(3, bool))
    assert list(records["id"][rows.rows]) == ["a", "b"] and rows.undated == 1
    assert len(timeline_rows(facts, np.ones(3, bool), include_undated=True).rows) == 3


def test_dashboard_png_and_slide(tmp_path, bundled):
    from PIL import Image
    from pptx import Presentation

    from qxmap.tracking.figures import write_dashboard_png, write_dashboard_slide

    records = bundled.tracked().reset_index(drop=True)
    figures = dashboard_figures(build_facts(records, None), np.ones(len(records), bool))
    png = write_dashboard_png(figures, tmp_path / "d.png")
    assert Image.open(png).size[0] > 1500
    deck = Presentation(write_dashboard_slide(figures, tmp_path / "d.pptx"))
    slide = deck.slides[0]
    assert slide.shapes.title.text_frame.text == "项目进展概览"
    assert "项目数: 49" in slide.notes_slide.notes_text_frame.text


def test_summarize_is_what_the_dashboard_uses(bundled):
    records = bundled.tracked().reset_index(drop=True)
    mask = RoadFilter.of(phases=["underway"]).mask(records).to_numpy()
    figures = dashboard_figures(build_facts(records, None), mask)
    assert figures.summary == summarize(records, mask)
