"""Safety of the workspace file: kill during save, read-only, locked, failing disk,
files that are not workspaces.  Each case: a clear message and nothing written."""
from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pyogrio
import pytest

from qxmap.synthetic import write_synthetic
from qxmap.workspace import Workspace, WorkspaceError, create_workspace

HELPERS = Path(__file__).resolve().parent / "helpers"
N_EDITS = 1000


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("safety")
    source = write_synthetic(folder / "syn", 1100)
    return create_workspace(source, folder / "template.gpkg")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def road(i: int) -> str:
    return f"syn-road-{i:06d}"


# --------------------------------------------------------------------------
# Kill during save


def _check_all_or_nothing(path: Path, ids: list[str]) -> int:
    """Integrity ok and the edited roads all in ONE saved state; returns the generation."""
    conn = sqlite3.connect(path)  # read-write: rolls back a hot journal, as the app would
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        generation = int(conn.execute("SELECT value FROM qxmap_meta WHERE key = 'generation'").fetchone()[0])
        states = conn.execute("SELECT note, revision FROM roads WHERE id IN (%s)" % ",".join("?" * len(ids)),
                              ids).fetchall()
        history = conn.execute("SELECT COUNT(*) FROM road_status_history").fetchone()[0]
        untouched = conn.execute("SELECT COUNT(*) FROM roads WHERE note IS NOT NULL OR revision != 0").fetchone()[0]
    finally:
        conn.close()
    assert len(states) == len(ids)
    expected_note = None if generation == 0 else f"save {generation}"
    assert set(states) == {(expected_note, generation)}, f"mixed state at generation {generation}"
    assert history == len(ids) * generation
    assert untouched == (len(ids) if generation else 0)  # no other road was touched
    return generation


def test_kill_during_save_leaves_old_or_new_state(ws_path):
    ids = sorted(Workspace.open(ws_path).dataset.layers["roads"]["id"])[:N_EDITS]
    rng = random.Random(4)
    kills = hot_journals = 0
    last_generation = 0
    deadline = time.monotonic() + 45
    while kills < 24 and time.monotonic() < deadline:
        child = subprocess.Popen([sys.executable, str(HELPERS / "save_loop.py"), str(ws_path), str(N_EDITS)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert child.stdout.readline().strip() == "ready", child.stderr.read()
            if kills % 3:
                # aim at a save (about 20 ms): wait for the 1st-3rd "saving", then a random moment
                for _ in range(rng.randint(1, 3)):
                    line = child.stdout.readline()
                    while line and not line.startswith("saving"):
                        line = child.stdout.readline()
                time.sleep(rng.uniform(0, 0.025))
            else:  # any moment at all
                time.sleep(rng.uniform(0, 0.4))
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stdout.close()
            child.stderr.close()
        assert child.returncode == -signal.SIGKILL
        kills += 1
        journal = Path(str(ws_path) + "-journal")
        if journal.exists() and journal.stat().st_size > 0:
            hot_journals += 1
        generation = _check_all_or_nothing(ws_path, ids)
        assert generation >= last_generation
        last_generation = generation
    print(f"kills={kills} hot_journals={hot_journals} generation={last_generation}")
    assert kills >= 20, f"only {kills} kills in the time allowed"
    assert last_generation > 0, "no save ever completed"
    assert hot_journals > 0, "no kill landed inside a transaction"
    # and the app and GDAL open the survivor as usual
    ws = Workspace.open(ws_path)
    assert ws.generation == last_generation and ws.revision(ids[0]) == last_generation
    assert len(pyogrio.read_dataframe(ws_path, layer="roads")) == 1100


HALF_WRITTEN = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
for name in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
    conn.create_function(name, 1, lambda blob: None)
conn.execute("PRAGMA cache_size = 1")  # spill changed pages into the file before the commit
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE roads SET note = hex(randomblob(300))")
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_interrupted_save_is_rolled_back_on_open(ws_path):
    original = ws_path.read_bytes()
    done = subprocess.run([sys.executable, "-c", HALF_WRITTEN, str(ws_path)], capture_output=True, timeout=60)
    assert done.returncode == -signal.SIGKILL
    journal = Path(str(ws_path) + "-journal")
    assert journal.stat().st_size > 0 and ws_path.read_bytes() != original  # half-written file + hot journal
    os.chmod(ws_path, 0o444)
    try:
        half = ws_path.read_bytes()
        with pytest.raises(WorkspaceError, match="interrupted save must be rolled back"):
            Workspace.open(ws_path)
        assert ws_path.read_bytes() == half
    finally:
        os.chmod(ws_path, 0o644)
    ws = Workspace.open(ws_path)  # writable: SQLite rolls the half save back
    assert ws.record(road(1))["note"] is None
    assert ws_path.read_bytes() == original and not journal.exists()


# --------------------------------------------------------------------------
# Read-only, locked, failing disk


def test_read_only_file_refuses_to_save_and_writes_nothing(ws_path):
    os.chmod(ws_path, 0o444)
    try:
        before = digest(ws_path)
        ws = Workspace.open(ws_path)
        assert ws.read_only
        ws.apply(ws.make_edit(road(1), "status", "completed"))
        # even as root, for whom the kernel ignores the mode bits, the file stays untouched
        with pytest.raises(WorkspaceError, match="read-only") as caught:
            ws.save("t")
        assert str(ws_path) in str(caught.value) and "nothing was saved" in str(caught.value)
        assert ws.is_dirty and digest(ws_path) == before
        assert not Path(str(ws_path) + "-journal").exists()
    finally:
        os.chmod(ws_path, 0o644)
    ws.save("t")  # writable again: the pending edit is still there and saves
    assert Workspace.open(ws_path).record(road(1))["status"] == "completed"


def test_read_only_folder_refuses_to_save(ws_path):
    folder = ws_path.parent
    mode = folder.stat().st_mode
    os.chmod(folder, 0o555)
    try:
        before = digest(ws_path)
        ws = Workspace.open(ws_path)
        assert ws.read_only
        ws.apply(ws.make_edit(road(1), "note", "x"))
        with pytest.raises(WorkspaceError, match="read-only"):
            ws.save("t")
        assert digest(ws_path) == before
    finally:
        os.chmod(folder, mode)


class _FailingConnection:
    """A real connection whose statements fail once a pattern shows up (a failing disk)."""

    def __init__(self, conn: sqlite3.Connection, pattern: str, message: str):
        self._conn, self._pattern, self._message = conn, pattern, message

    def _check(self, sql: str) -> None:
        if self._pattern in sql:
            raise sqlite3.OperationalError(self._message)

    def execute(self, sql, *args):
        self._check(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql, *args):
        self._check(sql)
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


@pytest.mark.parametrize("pattern, message, expected", [
    ("INSERT INTO road_status_history", "disk I/O error", "disk error"),
    ("COMMIT", "database or disk is full", "disk is full"),
    ("UPDATE gpkg_contents", "attempt to write a readonly database", "read-only"),
])
def test_failure_inside_the_transaction_writes_nothing(ws_path, monkeypatch, pattern, message, expected):
    ws = Workspace.open(ws_path)
    edits = [ws.make_edit(road(i), "progress", 10 + i) for i in range(50)]
    for edit in edits:
        ws.apply(edit)
    before = digest(ws_path)
    real_connect = Workspace._connect
    monkeypatch.setattr(Workspace, "_connect",
                        lambda self, write: _FailingConnection(real_connect(self, write=write), pattern, message)
                        if write else real_connect(self, write=write))
    with pytest.raises(WorkspaceError, match=expected) as caught:
        ws.save("t")
    assert "nothing was saved" in str(caught.value)
    assert digest(ws_path) == before and ws.pending == tuple(edits)
    assert sqlite3.connect(ws_path).execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    monkeypatch.undo()
    assert ws.save("t") == 50
    assert Workspace.open(ws_path).record(road(49))["progress"] == 59.0


def test_locked_workspace_is_reported_and_edits_kept(ws_path):
    blocker = sqlite3.connect(ws_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another program is writing
    try:
        ws = Workspace.open(ws_path, busy_timeout=0.2)
        ws.apply(ws.make_edit(road(2), "note", "x"))
        before = digest(ws_path)
        with pytest.raises(WorkspaceError, match="locked"):
            ws.save("t")
        assert ws.is_dirty and digest(ws_path) == before
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert ws.save("t") == 1


# --------------------------------------------------------------------------
# Files that are not workspaces


def _plain_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE roads (id TEXT, status TEXT)")
    conn.execute("INSERT INTO roads VALUES ('r', 'planned')")
    conn.commit()
    conn.close()
    return path


def _gpkg_without_roads(path: Path, template: Path) -> Path:
    boundary = pyogrio.read_dataframe(template, layer="boundary")
    pyogrio.write_dataframe(boundary, path, layer="boundary", driver="GPKG")
    return path


def _text_file(path: Path) -> Path:
    path.write_text("id,status\nroad-1,planned\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("make, reason", [
    (_text_file, "is not a GeoPackage"),
    (lambda p: (p.write_bytes(b""), p)[1], "empty file"),
    (_plain_sqlite, "not a GeoPackage"),
    ("no-roads", "has no 'roads' layer"),
])
def test_not_a_workspace_gives_a_clear_message_and_writes_nothing(tmp_path, template, make, reason):
    path = tmp_path / "道路.gpkg"
    if make == "no-roads":
        _gpkg_without_roads(path, template)
    else:
        make(path)
    before = digest(path)
    with pytest.raises(WorkspaceError) as caught:
        Workspace.open(path)
    message = str(caught.value)
    assert reason in message and str(path) in message
    assert "\n" not in message and "Traceback" not in message
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no journal or temp files


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(WorkspaceError, match="no such file"):
        Workspace.open(tmp_path / "nothing.gpkg")
    with pytest.raises(WorkspaceError, match="is a folder"):
        Workspace.open(tmp_path)


def test_data_that_break_the_schema_are_reported(ws_path):
    conn = sqlite3.connect(ws_path)
    for name in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        conn.create_function(name, 1, lambda blob: None)
    conn.execute("UPDATE roads SET status = 'dug' WHERE id = ?", (road(5),))
    conn.commit()
    conn.close()
    before = digest(ws_path)
    with pytest.raises(WorkspaceError, match="unknown status") as caught:
        Workspace.open(ws_path)
    assert road(5) in str(caught.value) and digest(ws_path) == before
