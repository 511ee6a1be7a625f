"""The qxmap command line: exit codes and messages."""
import json
import os
import subprocess
import sys

import pytest

from qxmap.cli import display_problem, main

from conftest import BUNDLED, DATA


def test_validate_valid(capsys):
    assert main(["validate", str(BUNDLED)]) == 0
    assert "valid" in capsys.readouterr().out


def test_validate_invalid_lists_problems(capsys):
    assert main(["validate", str(DATA / "bad" / "unknown_status")]) == 1
    out = capsys.readouterr().out
    assert "status" in out and "finished" in out and "roads.geojson" in out


def test_validate_json(capsys):
    assert main(["validate", "--json", str(DATA / "bad" / "duplicate_ids")]) == 1
    problems = json.loads(capsys.readouterr().out)
    assert problems[0]["field"] == "id"


def test_missing_path_is_a_message_not_a_traceback():
    result = subprocess.run([sys.executable, "-m", "qxmap", "validate", "/no/such/place"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "no such file" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_bad_usage_is_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["summary", str(BUNDLED), "--phase", "phase9"])
    assert info.value.code == 2


def test_summary_json_matches_the_core(capsys):
    assert main(["summary", str(BUNDLED), "--phase", "underway", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["filter"]["phases"] == ["underway"]
    assert out["count"] == out["by_phase"]["underway"]["count"] > 0
    assert out["filter_words"] == "已开工"


def test_summary_table(capsys):
    assert main(["summary", str(BUNDLED), "--status", "under_construction"]) == 0
    out = capsys.readouterr().out
    assert "在建" in out and "合计" in out


def test_no_display_is_one_clear_line(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    if not sys.platform.startswith("linux"):
        pytest.skip("display check is for Linux")
    assert "no display" in display_problem()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "main.py"], capture_output=True, text=True, env=env, timeout=120,
                            cwd=str(BUNDLED.parents[1]))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "no display" in lines[0]
