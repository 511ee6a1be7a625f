"""The loader's problems in the Chinese UI (issue 15): every word qxmap says is
translated (the message, "feature", "field", "value", "expected", "note:"),
the data in them (file and field names, values, the OS's messages) is kept
as it is, and the command line still speaks English."""
import re

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QMessageBox, QPushButton

from qxmap.dataset import DatasetError, Problem, load_dataset
from qxmap.ui import i18n_build
from qxmap.words import Words

from conftest import DATA
from test_translations import read_ts

PLACEHOLDER = re.compile(r"%[1-9]")
BAD_CASES = sorted(p.name for p in (DATA / "bad").iterdir() if p.is_dir())
#: English that may stay in a Chinese line: names of formats, standards and fields.
TECHNICAL = {"geojson", "json", "featurecollection", "feature", "geopackage", "utf", "crs", "wgs", "epsg", "ogc",
             "yyyy", "mm", "dd", "id", "null", "type", "coordinates", "properties", "layer", "geometry", "gbk",
             "latin", "fifo", "qxmap", "unmapped", "surveyed", "approximate", "schematic", "actual_start", "urn",
             "def", "lon", "lat", "gpkg"}


def templates():
    return sorted({text for _ctx, text, _path, _line in i18n_build.core_messages()})


def test_the_core_has_templates_to_find():
    found = templates()
    assert "cannot be read: %1" in found and "feature %1" in found and "%1; expected %2" in found
    assert len(found) > 100


def test_the_errors_of_every_core_package_are_found():
    """The errors the app shows come from these modules: each has its templates in the scan
    (so the test below checks they are translated)."""
    root = i18n_build.UI_DIR.parent
    files = {path.relative_to(root).as_posix() for _ctx, _text, path, _line in i18n_build.core_messages()}
    for module in ("georef/fit.py", "georef/images.py", "georef/worldfile.py", "importing/sources.py",
                   "importing/mapping.py", "importing/encoding.py", "importing/crs.py", "workspace/db.py",
                   "workspace/saving.py", "workspace/session.py", "workspace/overlays.py", "workspace/geometry.py",
                   "geometry_edits.py", "editing.py", "tiles.py", "importing/plan.py", "workspace/importchange.py",
                   "exports/__init__.py", "exports/settings.py", "exports/layout.py", "exports/snapshot.py",
                   "exports/fonts.py", "atomicfile.py", "basemaps.py"):
        assert module in files, module
    found = templates()
    for template in ("%1 control points in use: %2 needs at least %3 (click a spot on the image, then the same spot "
                     "on the map)", "%1: not saved: rows changed during the save", "empty file",
                     "the polygon crosses itself (%1); draw its outline without crossings", "empty geometry",
                     "%1 feature(s) lie far from the rest of the data (wrong coordinates or another place?): %2",
                     "3-D coordinates reduced to 2-D (%1 feature(s))", "the folder does not exist"):
        assert template in found, template


def test_the_core_errors_keep_their_english_and_carry_their_words():
    """str() of an error is the English the command line prints; its first argument the Words."""
    from qxmap.georef import ControlPoint, GeorefError, fit
    from qxmap.importing import SourceError

    with pytest.raises(GeorefError) as caught:
        fit([ControlPoint(0, 0, 114.15, 22.83)])
    assert str(caught.value) == ("1 control point in use: an affine fit needs at least 3 (click a spot on the "
                                 "image, then the same spot on the map)")
    assert isinstance(caught.value.args[0], Words) and caught.value.args[0].args[1].template == "an affine fit"
    err = SourceError("a.csv", Words("empty file"))
    assert str(err) == "a.csv: empty file" and isinstance(err.args[0], Words)


def test_every_template_of_the_core_is_translated():
    shipped = read_ts(i18n_build.ts_path())
    missing, unfinished, lost = [], [], []
    for template in templates():
        entry = shipped.get((i18n_build.PROBLEM_CONTEXT, template))
        if entry is None:
            missing.append(template)
        elif entry[1] is not None or not entry[0].strip():
            unfinished.append(template)
        elif set(PLACEHOLDER.findall(template)) != set(PLACEHOLDER.findall(entry[0])):
            lost.append(template)
    assert not missing, f"not in context Problem of qxmap_zh_CN.ts: {missing}"
    assert not unfinished, unfinished
    assert not lost, f"placeholders lost: {lost}"


def test_a_template_that_is_not_a_literal_is_refused(tmp_path, monkeypatch):
    core = tmp_path / "qxmap"
    (core / "ui").mkdir(parents=True)
    (core / "bad.py").write_text("from qxmap.words import Words\nreason = 'x'\nWords(f'cannot: {reason}')\n")
    monkeypatch.setattr(i18n_build, "UI_DIR", core / "ui")
    with pytest.raises(ValueError, match="literal template"):
        i18n_build.core_messages()


def test_english_stays_the_same_and_data_is_never_read_as_a_template():
    problem = Problem("roads.geojson", Words("cannot be read: %1", "disk says %2"), feature="'r1' (#0)",
                      field="name_zh", value="%1", expected=Words("one of %1", "a, b"))
    english = "roads.geojson: feature 'r1' (#0): field 'name_zh': cannot be read: disk says %2 (value: '%1'); " \
              "expected one of a, b"
    assert str(problem) == english and problem.message == "cannot be read: disk says %2"
    assert problem.template == "cannot be read: %1" and problem.args == ("disk says %2",)
    shouted = problem.text(lambda template: template.upper())
    assert shouted == "roads.geojson: FEATURE 'r1' (#0): FIELD 'name_zh': CANNOT BE READ: disk says %2 " \
                      "(VALUE: '%1'); EXPECTED ONE OF a, b"
    plain = Problem("x.geojson", "a message from elsewhere %1")
    assert plain.text(str.upper) == "x.geojson: a message from elsewhere %1"


def english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z_]{2,}", text) if w.lower() not in TECHNICAL}


def data_of(problem: Problem) -> list[str]:
    """The data a line carries (kept as it is): file, feature, field, value, the non-Words arguments,
    and an expected value written as JSON."""
    pieces = [problem.file, problem.feature, problem.field, problem.value]
    if not isinstance(problem.expected, Words) and str(problem.expected).startswith("{"):
        pieces.append(problem.expected)

    def walk(words):
        for arg in getattr(words, "args", ()):
            if isinstance(arg, Words):
                walk(arg)
            else:
                pieces.append(arg)

    walk(problem.message)
    walk(problem.expected)
    return [str(p) for p in pieces if p is not None]


@pytest.fixture
def chinese(qapp):
    from qxmap.ui.app import install_language

    i18n_build.compile_translations()
    translator = install_language(qapp, "zh_CN")
    assert translator is not None
    yield
    qapp.removeTranslator(translator)
    for qt_translator in getattr(qapp, "_qxmap_qt_translators", []):
        qapp.removeTranslator(qt_translator)
    QLocale.setDefault(QLocale(QLocale.Language.English))


def test_every_bad_dataset_reads_in_chinese_but_its_data(chinese):
    from qxmap.ui.problemtext import problem_line

    for case in BAD_CASES:
        with pytest.raises(DatasetError) as caught:
            load_dataset(DATA / "bad" / case)
        for problem in caught.value.problems:
            line = problem_line(problem)
            assert re.search("[\u4e00-\u9fff]", line), (case, line)
            data = set().union(*(english_words(piece) for piece in data_of(problem)))
            assert not english_words(line) - data, (case, line, english_words(line) - data)
            assert str(problem) != line


def test_the_error_dialog_of_a_broken_dataset_is_chinese(qtbot, settings, tmp_path, chinese):
    import json
    import shutil

    from conftest import BUNDLED
    from qxmap.ui.mainwindow import MainWindow

    folder = tmp_path / "数据"
    shutil.copytree(BUNDLED, folder)
    path = folder / "roads.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["status"] = "<b>%1 nonsense</b>"
    doc["features"][1]["properties"]["start"] = 3000
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (folder / "exits.geojson").write_text("{\"type\": \"FeatureCollection\", \"features\": [", encoding="utf-8")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert not window.open_path(folder)
    box = window.last_error_dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    shown = box.informativeText() + "\n" + box.detailedText()
    for word in ("feature", "field", "value", "expected", "note", "unknown", "out of range", "broken",
                 "file ends too early", "year", "problem"):
        assert not re.search(rf"\b{word}\b", shown, re.IGNORECASE), (word, shown)
    for chinese_word in ("要素", "字段", "值", "应为", "未知的", "年份超出范围"):
        assert chinese_word in shown, (chinese_word, shown)
    for data in ("roads.geojson", "exits.geojson", "status", "start", "'<b>%1 nonsense</b>'", "3000"):
        assert data in shown, (data, shown)
    assert "无法打开 数据" in box.text(), box.text()
    buttons = {b.text().replace("&", "") for b in box.findChildren(QPushButton)}
    assert any("详" in text for text in buttons), buttons
    assert not any("Details" in text for text in buttons), buttons
    box.close()


def test_the_command_line_still_speaks_english(capsys):
    from qxmap.cli import main

    assert main(["validate", str(DATA / "bad" / "unknown_status")]) != 0
    out = capsys.readouterr()
    text = out.out + out.err
    assert "unknown status" in text and "expected one of" in text
    assert "未知" not in text and "应为" not in text
