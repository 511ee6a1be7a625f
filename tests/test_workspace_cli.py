"""The workspace subcommands: workspace create, set-status, history."""
from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from qxmap.synthetic import write_synthetic
from qxmap.workspace import Workspace, create_workspace
from qxmap.workspace_cli import register

ROAD = "syn-road-000003"  # status "planned" in the synthetic data


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return write_synthetic(tmp_path_factory.mktemp("cli") / "syn", 30)


@pytest.fixture(scope="module")
def template(source, tmp_path_factory) -> Path:
    return create_workspace(source, tmp_path_factory.mktemp("cli-template") / "t.gpkg")


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="qxmap")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    rc = args.func(args)
    out, err = capsys.readouterr()
    return rc, out, err


def one_line_error(err: str) -> None:
    assert err.startswith("qxmap: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_workspace_create(source, tmp_path, capsys):
    out_path = tmp_path / "new.gpkg"
    rc, out, err = run(["workspace", "create", "--from", str(source), str(out_path)], capsys)
    assert rc == 0 and str(out_path) in out and err == ""
    assert Workspace.open(out_path).record(ROAD)["status"] == "planned"
    rc, out, err = run(["workspace", "create", "--from", str(source), str(out_path)], capsys)
    assert rc == 1 and "already exists" in err
    one_line_error(err)
    rc, _, _ = run(["workspace", "create", "--from", str(source), str(out_path), "--overwrite"], capsys)
    assert rc == 0


def test_workspace_create_from_bad_source(tmp_path, capsys):
    rc, out, err = run(["workspace", "create", "--from", str(tmp_path / "nope"), str(tmp_path / "w.gpkg")],
                       capsys)
    assert rc == 1 and "no such file" in err
    one_line_error(err)
    bad = write_synthetic(tmp_path / "bad", 3)
    roads = bad / "roads.geojson"
    roads.write_text(roads.read_text(encoding="utf-8").replace('"planned"', '"plannd"'), encoding="utf-8")
    rc, out, err = run(["workspace", "create", "--from", str(bad), str(tmp_path / "w.gpkg")], capsys)
    assert rc == 1 and "unknown status" in err and "more problem" in err
    one_line_error(err)
    assert not (tmp_path / "w.gpkg").exists()


def test_set_status_forward_and_history(ws_path, capsys):
    rc, out, err = run(["set-status", str(ws_path), ROAD, "under_construction", "--note", "开工",
                        "--by", "王工"], capsys)
    assert rc == 0, err
    assert "planned -> under_construction" in out
    ws = Workspace.open(ws_path)
    assert ws.record(ROAD)["status"] == "under_construction"
    [entry] = ws.history(ROAD)
    assert (entry.old_value, entry.new_value, entry.changed_by, entry.note) == (
        "planned", "under_construction", "王工", "开工")
    rc, out, err = run(["set-status", str(ws_path), ROAD, "under_construction"], capsys)
    assert rc == 0 and "nothing changed" in out
    assert len(Workspace.open(ws_path).history()) == 1

    rc, out, err = run(["history", str(ws_path)], capsys)
    assert rc == 0 and ROAD in out and "王工" in out and "开工" in out
    rc, out, err = run(["history", str(ws_path), ROAD, "--csv"], capsys)
    assert rc == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert [(r["road_id"], r["name_zh"], r["new_value"]) for r in table] == [
        (ROAD, "合成道路3号", "under_construction")]
    rc, out, err = run(["history", str(ws_path), "syn-road-000004"], capsys)
    assert rc == 0 and "no saved changes" in out


def test_set_status_default_user(ws_path, capsys, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "planner-7")
    rc, _, err = run(["set-status", str(ws_path), ROAD, "preparing"], capsys)
    assert rc == 0, err
    assert Workspace.open(ws_path).history()[0].changed_by == "planner-7"

    def no_user():
        raise OSError("no user")
    monkeypatch.setattr("getpass.getuser", no_user)
    rc, _, err = run(["set-status", str(ws_path), ROAD, "under_construction"], capsys)
    assert rc == 0, err
    assert Workspace.open(ws_path).history()[-1].changed_by == "unknown"


def test_set_status_backwards_needs_force(ws_path, capsys):
    assert run(["set-status", str(ws_path), ROAD, "completed"], capsys)[0] == 0
    before = ws_path.read_bytes()
    rc, out, err = run(["set-status", str(ws_path), ROAD, "planned"], capsys)
    assert rc == 1 and "backwards" in err and "--force" in err
    one_line_error(err)
    assert ws_path.read_bytes() == before
    rc, out, err = run(["set-status", str(ws_path), ROAD, "planned", "--force", "--note", "重新规划"], capsys)
    assert rc == 0, err
    assert [e.new_value for e in Workspace.open(ws_path).history(ROAD)] == ["completed", "planned"]


@pytest.mark.parametrize("argv, words", [
    (["set-status", "{ws}", "no-such-road", "completed"], "unknown road or exit id 'no-such-road'"),
    (["set-status", "{ws}", ROAD, "finished"], "unknown status 'finished'"),
    (["history", "{ws}", "no-such-road"], "unknown road or exit id"),
    (["set-status", "{txt}", ROAD, "completed"], "is not a GeoPackage"),
    (["history", "{txt}"], "is not a GeoPackage"),
])
def test_domain_errors_exit_1_with_one_line(ws_path, tmp_path, capsys, argv, words):
    text_file = tmp_path / "notes.gpkg"
    text_file.write_text("hello", encoding="utf-8")
    before = ws_path.read_bytes()
    argv = [a.format(ws=ws_path, txt=text_file) for a in argv]
    rc, out, err = run(argv, capsys)
    assert rc == 1 and words in err, err
    one_line_error(err)
    assert ws_path.read_bytes() == before


def test_bad_usage_is_exit_2(ws_path, capsys):
    with pytest.raises(SystemExit) as caught:
        run(["set-status", str(ws_path)], capsys)
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        run(["workspace", "create", "out.gpkg"], capsys)  # --from is required
    assert caught.value.code == 2


SCRIPT = textwrap.dedent("""
    import argparse, sys
    from qxmap.workspace_cli import register
    p = argparse.ArgumentParser(prog="qxmap")
    sub = p.add_subparsers(dest="command", required=True)
    register(sub)
    args = p.parse_args(sys.argv[1:])
    sys.exit(args.func(args))
""")


def cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT, *argv], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_cli_in_new_processes(source, tmp_path):
    ws = tmp_path / "w.gpkg"
    done = cli("workspace", "create", "--from", str(source), str(ws))
    assert done.returncode == 0, done.stderr
    done = cli("set-status", str(ws), ROAD, "preparing", "--by", "A", "--note", "批复")
    assert done.returncode == 0, done.stderr
    done = cli("set-status", str(ws), ROAD, "planned")
    assert done.returncode == 1 and "--force" in done.stderr and "Traceback" not in done.stderr
    done = cli("set-status", str(ws), "nope", "planned")
    assert done.returncode == 1 and "unknown road" in done.stderr and "Traceback" not in done.stderr
    done = cli("set-status", str(ws), ROAD, "bogus")
    assert done.returncode == 1 and "unknown status" in done.stderr
    done = cli("history", str(ws), "--csv")
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["road_id"], r["old_value"], r["new_value"], r["changed_by"], r["note"]) for r in table] == [
        (ROAD, "planned", "preparing", "A", "批复")]
    done = cli("set-status", str(ws))
    assert done.returncode == 2
    # the app sees what the CLI did
    read = subprocess.run([sys.executable, str(Path(__file__).parent / "helpers" / "read_workspace.py"),
                           str(ws), ROAD], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert json.loads(read.stdout)["records"][ROAD]["status"] == "preparing"


def test_history_csv_never_holds_a_live_formula(tmp_path):
    """Notes and names are typed by people: a note starting with = is text in a spreadsheet."""
    import csv
    import io
    import subprocess
    import sys

    from conftest import BUNDLED

    ws = tmp_path / "ws.gpkg"
    run = [sys.executable, "-m", "qxmap"]
    assert subprocess.run(run + ["workspace", "create", "--from", str(BUNDLED), str(ws)],
                          capture_output=True, timeout=120).returncode == 0
    note = '=HYPERLINK("http://x","y")'
    done = subprocess.run(run + ["set-status", str(ws), "road-s358", "completed", "--note", note, "--by", "@me",
                                 "--force"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = subprocess.run(run + ["history", str(ws), "road-s358", "--csv"], capture_output=True, text=True,
                         timeout=120)
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[-1][-1] == "'" + note and rows[-1][-2] == "'@me"


def test_a_named_pipe_is_not_a_workspace(tmp_path):
    import os
    import subprocess
    import sys

    fifo = tmp_path / "pipe.gpkg"
    os.mkfifo(fifo)
    for args in (["history", str(fifo)], ["set-status", str(fifo), "road-s358", "completed"]):
        done = subprocess.run([sys.executable, "-m", "qxmap"] + args, capture_output=True, text=True, timeout=60)
        assert done.returncode == 1, (args, done.stderr)
        assert "not a regular file" in done.stderr and len(done.stderr.strip().splitlines()) == 1
