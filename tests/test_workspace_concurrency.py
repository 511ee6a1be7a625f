"""Saves from several processes at once, and a workspace replaced under an open session.

Real processes (SQLite's POSIX locks are per process: threads would not find
the bug these tests guard against, a lock dropped by opening and closing the
file a second time inside the save transaction).  After every run:

* every save reported as done has its history row and its value,
* every save reported as failed left nothing,
* each road's history is an unbroken chain (each row's old value is the
  previous row's new value, the last new value is the road's status, one
  revision per row), one generation per save, and ``PRAGMA integrity_check``
  is ok.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from qxmap.synthetic import write_synthetic
from qxmap.workspace import META_TABLE, Workspace, WorkspaceError, create_workspace

HELPERS = Path(__file__).resolve().parent / "helpers"
SAVER = HELPERS / "concurrent_saver.py"

pytestmark = pytest.mark.timeout(120)


def road(i: int) -> str:
    return f"syn-road-{i:06d}"


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return write_synthetic(tmp_path_factory.mktemp("conc") / "syn", 30)


@pytest.fixture(scope="module")
def template(source, tmp_path_factory) -> Path:
    return create_workspace(source, tmp_path_factory.mktemp("conc-template") / "t.gpkg")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------
# Running workers and judging the file


def start_workers(specs: list[tuple[str, str, int, list[str]]], path: Path) -> list[subprocess.Popen]:
    """Start (mode, worker, n, roads) workers, wait until each is ready, then let them all go."""
    procs = []
    for mode, worker, n, roads in specs:
        procs.append(subprocess.Popen([sys.executable, str(SAVER), mode, str(path), worker, str(n), *roads],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True))
    for proc in procs:
        line = proc.stdout.readline()
        assert line.strip() == "ready", line + proc.stderr.read()
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    return procs


def collect(procs: list[subprocess.Popen], timeout: float = 100) -> list[dict]:
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=timeout)
        assert proc.returncode == 0, err
        results.extend(json.loads(line) for line in out.splitlines() if line.strip())
    return results


def initial_state(path: Path) -> tuple[dict[str, str], int]:
    conn = sqlite3.connect(path)
    try:
        status = dict(conn.execute("SELECT id, status FROM roads"))
        generation = int(conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'generation'").fetchone()[0])
    finally:
        conn.close()
    return status, generation


def judge(path: Path, initial: dict[str, str], generation0: int, results: list[dict]) -> dict:
    """Assert that the file holds exactly the saves reported as done; returns counts."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = conn.execute("SELECT id, road_id, field, old_value, new_value, note FROM road_status_history "
                            "ORDER BY id").fetchall()
        status = dict(conn.execute("SELECT id, status FROM roads"))
        revision = dict(conn.execute("SELECT id, revision FROM roads"))
        generation = int(conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'generation'").fetchone()[0])
    finally:
        conn.close()
    saved = [r for r in results if r["ok"] and r["changed"]]
    failed = [r for r in results if not r["ok"]]
    expected = {(r["tag"], fid): r["new"][fid] for r in saved for fid in r["roads"]}
    found = {(note, fid): new for _, fid, _, _, new, note in rows}
    missing = sorted(set(expected) - set(found))
    assert not missing, f"saves reported as done but not in the file: {missing[:10]}"
    wrong = {k: (expected[k], found[k]) for k in expected if found[k] != expected[k]}
    assert not wrong, f"saved with another value: {wrong}"
    failed_tags = {(r["tag"], fid) for r in failed for fid in r["roads"]}
    leaked = sorted(failed_tags & set(found))
    assert not leaked, f"saves reported as failed but written: {leaked[:10]}"
    assert len(rows) == len(expected), "history rows that no save reported"
    assert len(found) == len(rows), "a save recorded twice"
    roads = {fid for r in results for fid in r["roads"]}
    for fid in roads:
        chain = [(old, new) for _, rid, field, old, new, _ in rows if rid == fid]
        assert all(field == "status" for _, rid, field, *_ in rows if rid == fid)
        previous = initial[fid]
        for old, new in chain:
            assert old == previous, f"{fid}: history chain broken at {old!r} (previous new value {previous!r})"
            previous = new
        assert status[fid] == previous, f"{fid}: status {status[fid]!r} but its history ends at {previous!r}"
        assert revision[fid] == len(chain), f"{fid}: revision {revision[fid]} for {len(chain)} saved changes"
    assert generation == generation0 + len(saved), "one generation per save"
    for r in failed:  # a refusal says why, in one line, and never "saved"
        assert "(saved" not in r["out"], r
    return {"saved": len(saved), "failed": len(failed), "rows": len(rows)}


# --------------------------------------------------------------------------
# Several processes saving at once


def test_cli_set_status_from_parallel_processes(ws_path):
    """Two processes running the set-status command 30 times each on their own roads,
    and a third running the real ``python -m qxmap set-status`` a few times."""
    initial, generation0 = initial_state(ws_path)
    procs = start_workers([("cli", "p1", 30, [road(1)]),
                           ("cli", "p2", 30, [road(2)]),
                           ("exec", "p3", 4, [road(3)])], ws_path)
    results = collect(procs)
    counts = judge(ws_path, initial, generation0, results)
    print(counts)
    exec_saved = [r for r in results if r["tag"].startswith("p3-") and r["ok"]]
    assert exec_saved and all("(saved, by p3)" in r["out"] for r in exec_saved)
    assert counts["saved"] >= 55, [r["err"] for r in results if not r["ok"]][:5]


def set_journal_mode(path: Path, mode: str) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute(f"PRAGMA journal_mode = {mode}").fetchone()[0] == mode
    finally:
        conn.close()


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_workspace_api_saves_from_parallel_processes(ws_path, journal):
    """Three processes each keeping a Workspace open and saving two roads per save, 40 times,
    in the rollback-journal mode qxmap creates and in the WAL mode QGIS may leave behind."""
    set_journal_mode(ws_path, journal)
    initial, generation0 = initial_state(ws_path)
    procs = start_workers([("api", "a1", 40, [road(4), road(5)]),
                           ("api", "a2", 40, [road(6), road(7)]),
                           ("api", "a3", 40, [road(8), road(9)])], ws_path)
    results = collect(procs)
    counts = judge(ws_path, initial, generation0, results)
    print(counts)
    assert counts["saved"] >= 100, [r["err"] for r in results if not r["ok"]][:5]
    # both roads of a save, or neither
    assert counts["rows"] == 2 * counts["saved"]


def test_wal_workspace_opens_and_tells_its_own_saves_from_others(ws_path):
    set_journal_mode(ws_path, "wal")
    ws = Workspace.open(ws_path)  # readers come and go with an empty WAL: not a change
    assert not ws.changed_on_disk()
    ws.apply(ws.make_edit(road(3), "status", "preparing"))
    assert ws.save("t") == 1
    assert not ws.changed_on_disk()  # the checkpoint when our connection closed is ours
    conn = sqlite3.connect(ws_path)  # another program keeps the file open ...
    for name in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        conn.create_function(name, 1, lambda blob: None)
    try:
        conn.execute("SELECT COUNT(*) FROM roads").fetchone()
        ws.apply(ws.make_edit(road(4), "status", "preparing"))
        assert ws.save("t") == 1
        assert not ws.changed_on_disk()
        conn.execute("UPDATE roads SET name_en = 'renamed' WHERE id = ?", (road(5),))  # ... and writes
        conn.commit()
        assert ws.changed_on_disk()
    finally:
        conn.close()
    ws.reload()
    assert ws.record(road(5))["name_en"] == "renamed" and not ws.changed_on_disk()


# --------------------------------------------------------------------------
# A workspace replaced by another file


@pytest.mark.parametrize("how", ["copied over", "renamed over"])
def test_replaced_workspace_is_noticed_and_never_written(source, tmp_path, how):
    path = create_workspace(source, tmp_path / "mine.gpkg")
    other = create_workspace(source, tmp_path / "other.gpkg")  # the same roads, another workspace
    ws = Workspace.open(path)
    edit = ws.make_edit(road(3), "status", "preparing", note="mine")
    ws.apply(edit)
    assert not ws.changed_on_disk()
    if how == "copied over":
        shutil.copyfile(other, path)  # in place: same inode, other contents
    else:
        shutil.copyfile(other, tmp_path / "incoming.gpkg")
        os.replace(tmp_path / "incoming.gpkg", path)
    before = digest(path)
    assert ws.changed_on_disk()
    with pytest.raises(WorkspaceError, match="no longer the workspace") as caught:
        ws.save("t")
    assert "nothing was saved" in str(caught.value)
    assert digest(path) == before and ws.pending == (edit,)
    assert ws.changed_on_disk()
    # Reloading shows the file that is there now; edits made for the other workspace are dropped.
    dropped = ws.reload(keep_pending=True)
    assert dropped == [edit] and not ws.is_dirty
    assert not ws.changed_on_disk()
    assert ws.save("t") == 0 and digest(path) == before


def test_replaced_by_a_copy_of_an_old_workspace_without_id(source, tmp_path):
    """Workspaces made before the id existed get one on their first write; a file
    without one put in their place afterwards is noticed."""
    path = create_workspace(source, tmp_path / "mine.gpkg")
    old = create_workspace(source, tmp_path / "old.gpkg")
    for target in (path, old):
        conn = sqlite3.connect(target)
        conn.execute(f"DELETE FROM {META_TABLE} WHERE key = 'workspace_id'")
        conn.commit()
        conn.close()
    ws = Workspace.open(path)
    ws.apply(ws.make_edit(road(3), "status", "preparing"))
    assert ws.save("t") == 1
    conn = sqlite3.connect(path)
    wid = conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'workspace_id'").fetchone()
    conn.close()
    assert wid and len(wid[0]) >= 16
    assert not ws.changed_on_disk()
    shutil.copyfile(old, path)
    before = digest(path)
    ws.apply(ws.make_edit(road(4), "status", "preparing"))
    assert ws.changed_on_disk()
    with pytest.raises(WorkspaceError, match="no longer the workspace"):
        ws.save("t")
    assert digest(path) == before


def test_each_new_workspace_has_its_own_id(source, tmp_path):
    ids = set()
    for name in ("a.gpkg", "b.gpkg"):
        conn = sqlite3.connect(create_workspace(source, tmp_path / name))
        ids.add(conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'workspace_id'").fetchone()[0])
        conn.close()
    assert len(ids) == 2
