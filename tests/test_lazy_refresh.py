"""Views out of sight do no work (qxmap/ui/lazyrefresh.py): the dashboard behind the road
table's tab, in a closed dock, the timeline in its closed dock, a pane collapsed in a
splitter; each catches up once when it comes into sight, and one on screen stays current."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QSplitter

from qxmap.ui import dashboard as dashboard_module
from qxmap.ui import labels
from qxmap.ui.lazyrefresh import LazyRefresh, on_screen

from qtutil import ask, wait_drawn
from test_dashboard_ui import ws_window  # noqa: F401 (a fixture: the bundled data as a workspace)

pytestmark = pytest.mark.page


@pytest.fixture
def facts_made(monkeypatch):
    """How many times the dashboard made its per-record facts (the costly part of a refresh)."""
    calls = []
    real = dashboard_module.facts_of

    def counting(session):
        calls.append(1)
        return real(session)

    monkeypatch.setattr(dashboard_module, "facts_of", counting)
    return calls


def planned_ids(session, n):
    records = session.records
    return [str(i) for i in records.loc[records["status"] == "planned", "id"].head(n)]


def started_text(session) -> str:
    """What the dashboard's "by status" line says of "under construction", as it should be now."""
    count = int((session.records["status"] == "under_construction").sum())
    return f"{labels.status('under_construction')} {count} ·"


def start(window, feature_id):
    assert window.workspace.edit(feature_id, "status", "under_construction")


def test_a_dashboard_behind_the_table_tab_does_no_work_until_shown(qtbot, ws_window, facts_made):
    window, session = ws_window, ws_window.session
    dashboard = window.tracking.dashboard
    window.tracking.show_dashboard()
    qtbot.waitUntil(lambda: on_screen(dashboard), timeout=5000)
    assert started_text(session) in dashboard.by_status.text()
    window.road_dock.raise_()  # the table's tab in front: the dashboard is covered, not hidden
    qtbot.waitUntil(lambda: not on_screen(dashboard), timeout=5000)
    assert dashboard.isVisible()
    before_text, runs, made = dashboard.by_status.text(), dashboard.lazy.runs, len(facts_made)

    for feature_id in planned_ids(session, 3):
        start(window, feature_id)
    window.apply_filter(window.session.road_filter)  # (no change: nothing to do either)

    assert dashboard.lazy.runs == runs and len(facts_made) == made
    assert dashboard.by_status.text() == before_text  # not made for nobody
    assert started_text(session) not in before_text

    window.tracking.show_dashboard()  # its tab in front: made once, current
    qtbot.waitUntil(lambda: on_screen(dashboard), timeout=5000)
    assert dashboard.lazy.runs == runs + 1 and len(facts_made) == made + 1
    assert started_text(session) in dashboard.by_status.text()
    qtbot.wait(100)
    assert dashboard.lazy.runs == runs + 1  # and not again


def test_a_dashboard_on_screen_stays_current(qtbot, ws_window, facts_made):
    window, session = ws_window, ws_window.session
    dashboard = window.tracking.dashboard
    window.tracking.show_dashboard()
    qtbot.waitUntil(lambda: on_screen(dashboard), timeout=5000)
    for n, feature_id in enumerate(planned_ids(session, 2), start=1):
        made = len(facts_made)
        start(window, feature_id)
        assert len(facts_made) == made + 1  # at once, nobody asked for it
        assert started_text(session) in dashboard.by_status.text()
    window.workspace.undo_stack.undo()
    assert started_text(session) in dashboard.by_status.text()


def test_a_closed_dashboard_does_no_work_and_catches_up_when_opened(qtbot, ws_window, facts_made):
    window, session = ws_window, ws_window.session
    dashboard, dock = window.tracking.dashboard, window.tracking.dashboard_dock
    dock.close()
    qtbot.waitUntil(lambda: not dashboard.isVisible(), timeout=5000)
    runs, made = dashboard.lazy.runs, len(facts_made)
    for feature_id in planned_ids(session, 2):
        start(window, feature_id)
    assert dashboard.lazy.runs == runs and len(facts_made) == made
    dock.toggleViewAction().trigger()  # View menu: the dock again
    dock.raise_()
    qtbot.waitUntil(lambda: on_screen(dashboard), timeout=5000)
    assert dashboard.lazy.runs == runs + 1 and len(facts_made) == made + 1
    assert started_text(session) in dashboard.by_status.text()


def test_a_closed_timeline_does_no_work_and_catches_up_when_opened(qtbot, ws_window):
    window, session = ws_window, ws_window.session
    panel = window.tracking.timeline
    view = panel.view
    assert not window.tracking.timeline_dock.isVisible()  # closed at first
    runs, footer_runs = view.lazy.runs, panel.footer_lazy.runs
    for feature_id in planned_ids(session, 2):
        start(window, feature_id)
    window.tracking.as_of.set_day(None)
    assert view.lazy.runs == runs and panel.footer_lazy.runs == footer_runs
    window.tracking.show_timeline()
    qtbot.waitUntil(lambda: on_screen(view) and panel.footer.text() != "", timeout=5000)
    assert view.lazy.runs == runs + 1 and panel.footer_lazy.runs == footer_runs + 1
    assert "on the timeline" in panel.footer.text()
    window.tracking.timeline_dock.close()
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=5000)
    window.apply_filter(window.session.road_filter.__class__.of(statuses=["planned"]))
    assert view.lazy.runs == runs + 1


def test_a_collapsed_pane_does_no_work_until_opened_again(qtbot):
    splitter = QSplitter()
    qtbot.addWidget(splitter)
    left, right = QLabel("left"), QLabel("")
    splitter.addWidget(left)
    splitter.addWidget(right)
    made = []
    lazy = LazyRefresh(right, lambda level: (made.append(level), right.setText(f"made {len(made)}")), stale=0)
    splitter.resize(400, 200)
    splitter.show()
    qtbot.waitExposed(splitter)
    lazy.mark(2)
    assert made == [2] and right.text() == "made 1"  # on screen: at once
    splitter.setSizes([400, 0])  # collapsed
    qtbot.waitUntil(lambda: not on_screen(right), timeout=5000)
    lazy.mark(1)
    lazy.mark(2)
    assert made == [2]
    splitter.setSizes([200, 200])  # opened again: once, at the highest level asked
    qtbot.waitUntil(lambda: len(made) == 2, timeout=5000)
    assert made == [2, 2] and right.text() == "made 2"
    lazy.ensure()  # up to date: nothing to make
    assert made == [2, 2]


def test_an_edit_inside_the_filter_does_not_redraw_every_road(qtbot, ws_window, monkeypatch):
    """With a filter on, an edit sends the page a new mask (a redraw of every road it keeps)
    only when a record moved in or out of the filter."""
    from qxmap.filtering import RoadFilter

    window, session = ws_window, ws_window.session
    sent = []
    real = window.map_view.show_tracked_mask
    monkeypatch.setattr(window.map_view, "show_tracked_mask", lambda mask, callback=None: (
        sent.append(None if mask is None else int(mask.sum())), real(mask, callback=callback))[1])
    window.apply_filter(RoadFilter.of(statuses=["planned", "under_construction"]))
    assert len(sent) == 1
    first, second = planned_ids(session, 2)
    start(window, first)  # planned -> under construction: still in the filter
    assert len(sent) == 1
    window.apply_filter(RoadFilter.of(statuses=["planned"]))
    assert len(sent) == 2
    start(window, second)  # out of the filter: the page is told
    assert len(sent) == 3 and sent[-1] == sent[-2] - 1
    wait_drawn(qtbot, window.map_view, window.map_adapter.last_filter_seq)
    assert second not in ask(qtbot, window.map_view.query_visible_tracked)
