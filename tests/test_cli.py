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


# --------------------------------------------------------------------------
# Untrusted input (issue 10 §4): one clear message and exit 1, never a traceback.

import shutil  # noqa: E402


def _small(tmp_path, edit=None, name="data"):
    folder = tmp_path / name
    shutil.copytree(DATA / "small", folder)
    if edit:
        path = folder / "roads.geojson"
        doc = json.loads(path.read_text(encoding="utf-8"))
        edit(doc)
        path.write_text(json.dumps(doc), encoding="utf-8")
    return folder


def _run(argv, capsys):
    status = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def _deep(tmp_path):
    folder = _small(tmp_path, name="deep")
    path = folder / "roads.geojson"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"source": "测试数据"', '"source": "测试数据", "extra": ' + "[" * 50_000
                                 + "]" * 50_000, 1), encoding="utf-8")
    return folder


def _infinite(tmp_path):
    return _small(tmp_path, lambda doc: doc["features"][0]["properties"].update(target=float("inf")), "inf")


def _listed(tmp_path):
    return _small(tmp_path, lambda doc: doc["features"][0]["properties"].update(name_zh=["a"]), "list")


@pytest.mark.parametrize("make, words", [
    (_deep, "field 'extra': JSON nested too deeply"),
    (_infinite, "field 'target': not a finite number"),
    (_listed, "field 'name_zh': a list where text is expected"),
])
def test_bad_input_is_one_message_in_every_command(tmp_path, capsys, make, words):
    folder = make(tmp_path)
    status, out, err = _run(["validate", str(folder)], capsys)
    assert status == 1 and words in out and "roads.geojson" in out and "feature" in out
    status, out, err = _run(["summary", str(folder)], capsys)
    assert status == 1 and "not a valid dataset" in err and words in err and len(err.strip().splitlines()) == 1
    status, out, err = _run(["export", str(folder), "--format", "csv", "--out", str(tmp_path / "t.csv")], capsys)
    assert status in (1, 2) and words in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "t.csv").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_does_not_hang_the_command(tmp_path):
    folder = _small(tmp_path)
    (folder / "roads.geojson").unlink()
    os.mkfifo(folder / "roads.geojson")
    for argv in (["validate", str(folder)], ["summary", str(folder)],
                 ["export", str(folder), "--format", "csv", "--out", str(tmp_path / "t.csv")]):
        result = subprocess.run([sys.executable, "-m", "qxmap", *argv], capture_output=True, text=True, timeout=120)
        assert result.returncode in (1, 2), (argv, result.stderr)
        assert "not a regular file" in result.stdout + result.stderr
        assert "Traceback" not in result.stderr


def _three_d(tmp_path):
    def edit(doc):
        for feat in doc["features"]:
            if feat["geometry"]:
                feat["geometry"]["coordinates"] = [xy + [30.0] for xy in feat["geometry"]["coordinates"]]
    return _small(tmp_path, edit, "z")


def test_3d_data_that_validates_also_summarises_and_exports(tmp_path, capsys):
    folder = _three_d(tmp_path)
    status, out, err = _run(["validate", str(folder)], capsys)
    assert status == 0 and "valid" in out and "note: coordinates have a height (Z)" in out
    status, out, err = _run(["summary", str(folder), "--json"], capsys)
    assert status == 0, err
    assert json.loads(out)["count"] == 6
    assert "note: coordinates have a height (Z)" in err  # the note on stderr, the JSON alone on stdout
    for fmt in ("csv", "png"):
        out_file = tmp_path / f"t.{fmt}"
        argv = ["export", str(folder), "--format", fmt, "--out", str(out_file)]
        argv += ["--dpi", "150"] if fmt == "png" else []
        status, out, err = _run(argv, capsys)
        assert status == 0, err
        assert out_file.stat().st_size > 0


def test_validate_json_lists_notes(tmp_path, capsys):
    folder = _small(tmp_path, lambda doc: doc["features"][0]["properties"].update(name_zh="甲\x00乙"))
    status, out, _ = _run(["validate", "--json", str(folder)], capsys)
    assert status == 0
    report = json.loads(out)
    assert report["valid"] is True
    [note] = report["notes"]
    assert note["severity"] == "note" and note["field"] == "name_zh" and note["file"] == "roads.geojson"


def test_missing_roads_layer_is_exit_1(tmp_path, capsys):
    folder = _small(tmp_path)
    (folder / "roads.geojson").unlink()
    status, out, _ = _run(["validate", str(folder)], capsys)
    assert status == 1 and "required layer 'roads' is missing" in out


def test_an_unexpected_failure_is_one_line_not_a_traceback(monkeypatch, capsys):
    import qxmap.dataset

    def broken(path):
        raise RuntimeError("boom\nsecond line")
    monkeypatch.setattr(qxmap.dataset, "load_dataset", broken)
    monkeypatch.delenv("QXMAP_DEBUG", raising=False)
    status, out, err = _run(["summary", str(BUNDLED)], capsys)
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "internal error: RuntimeError: boom second line" in lines[0]


@pytest.mark.slow
def test_run_sh_smoke_test_works_headless_and_quietly(tmp_path):
    """scripts/run.sh on a machine with no screen: a virtual one by itself, the map drawn,
    and none of Chromium's or Qt's harmless noise in the terminal (it goes to the log)."""
    import os
    import subprocess

    from conftest import BUNDLED, ROOT

    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "QTWEBENGINE_CHROMIUM_FLAGS")}
    env["HOME"] = str(tmp_path)  # settings, workspace and log of their own
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    run = subprocess.run(["bash", str(ROOT / "scripts" / "run.sh"), str(BUNDLED), "--smoke-test"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "map ready" in run.stdout
    noise = ("Failed to connect to the bus", "vulkan", "Sandboxing disabled", "GPU vendor", "QRhiGles2")
    assert not [n for n in noise if n in run.stderr or n in run.stdout], run.stderr[-2000:]
    log = tmp_path / "state" / "qxmap" / "log" / "qxmap.log"
    assert log.is_file()
