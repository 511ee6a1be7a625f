"""The zh_CN translation: every UI string translated, Chinese menus, locale numbers."""
import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from qxmap.ui import i18n_build, labels

TS = i18n_build.ts_path()
PLACEHOLDER = re.compile(r"%[1-9]")


def read_ts(path):
    """(context, source) -> (translation text, translation type) of a .ts file."""
    out = {}
    for context in ET.parse(path).getroot().findall("context"):
        name = context.findtext("name")
        for message in context.findall("message"):
            translation = message.find("translation")
            out[(name, message.findtext("source"))] = (
                translation.text or "" if translation is not None else "",
                translation.get("type") if translation is not None else "missing")
    return out


@pytest.fixture(scope="module")
def shipped():
    assert TS.is_file(), "resources/translations/qxmap_zh_CN.ts is missing: run python -m qxmap.ui.i18n_build --update"
    return read_ts(TS)


@pytest.fixture(scope="module")
def ui_strings(tmp_path_factory):
    """Every (context, source) the UI code translates: what lupdate finds, plus what it cannot see."""
    fresh = tmp_path_factory.mktemp("lupdate") / "fresh.ts"
    i18n_build.run_lupdate(fresh)
    found = set(read_ts(fresh))
    assert found, "lupdate found no strings in qxmap/ui"
    found |= {(ctx, text) for ctx, text, _path, _line in i18n_build.extra_messages()}
    return found


def test_every_ui_string_is_translated(shipped, ui_strings):
    missing = sorted(key for key in ui_strings if key not in shipped)
    assert not missing, f"not in qxmap_zh_CN.ts (run `python -m qxmap.ui.i18n_build --update` and translate): {missing}"
    unfinished = sorted(key for key in ui_strings
                        if shipped[key][1] in ("unfinished", "vanished", "obsolete", "missing")
                        or not shipped[key][0].strip())
    assert not unfinished, f"untranslated in qxmap_zh_CN.ts: {unfinished}"


def test_no_message_in_the_ts_is_left_unfinished(shipped):
    bad = sorted(key for key, (text, kind) in shipped.items() if kind is not None or not text.strip())
    assert not bad, bad


def test_every_tr_literal_in_the_source_is_in_the_ts(shipped):
    """A safety net under lupdate, which skips tr() calls inside f-strings and the like."""
    import re
    from pathlib import Path

    literal = re.compile(r"""\btr\(\s*(["'])((?:\\.|(?!\1).)+)\1\s*\)""")
    sources = {source for _context, source in shipped}
    missing = []
    for path in sorted((Path(i18n_build.__file__).parent).glob("*.py")):
        for match in literal.finditer(path.read_text(encoding="utf-8")):
            text = match.group(2).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            if text not in sources:
                missing.append(f"{path.name}: {text}")
    assert not missing, missing


def test_strings_lupdate_cannot_see_are_found():
    extras = {(ctx, text) for ctx, text, _p, _l in i18n_build.extra_messages()}
    assert ("labels", "Not yet mapped: the report counts it but gives no position") in extras


def test_schema_labels_are_in_the_labels_context(shipped):
    for table in labels.ALL_LABEL_TABLES:
        for zh, en in table.values():
            assert shipped.get(("labels", en)) == (zh, None), (en, zh)


def test_placeholders_are_kept(shipped):
    for (context, source), (text, _kind) in shipped.items():
        for placeholder in set(PLACEHOLDER.findall(source)):
            assert placeholder in text, (context, source, text)


def test_accelerators_are_kept(shipped):
    for (context, source), (text, _kind) in shipped.items():
        if re.search(r"&[^&\s]", source):
            assert re.search(r"&[^&\s]", text), (context, source, text)


def test_chinese_ui_starts_with_chinese_menus(qtbot, settings):
    from qxmap.ui.app import install_language
    from qxmap.ui.mainwindow import MainWindow

    i18n_build.compile_translations()
    app = QCoreApplication.instance()
    translator = None
    try:
        translator = install_language(app, "zh_CN")
        assert translator is not None, "qxmap_zh_CN.qm did not load"
        window = MainWindow(settings)
        qtbot.addWidget(window)
        titles = [action.text() for action in window.menuBar().actions()]
        for word in ("文件", "视图", "帮助"):
            assert any(word in title for title in titles), titles
        assert "&File" not in titles
        assert window.road_dock.windowTitle() == "道路状态"
        assert window.layer_dock.windowTitle() == "图层与图例"
        assert labels.status("under_construction") == "在建"
        assert labels.column_title("phase") == "建设阶段"
        assert labels.data_lang() == "zh"
        # Qt's own words: standard buttons and the message box's details button
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, "t", "x",
                          QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
                          | QMessageBox.StandardButton.Close)
        qtbot.addWidget(box)
        box.setDetailedText("details")
        words = {b.text().replace("&", "") for b in box.buttons()}
        assert {"确定", "取消", "关闭"} <= words, words
        assert not words & {"OK", "Cancel", "Close"}
    finally:
        if translator is not None:
            app.removeTranslator(translator)
        for qt_translator in getattr(app, "_qxmap_qt_translators", []):
            app.removeTranslator(qt_translator)
        QLocale.setDefault(QLocale(QLocale.Language.English))
    assert labels.status("under_construction") == "Under construction"


def test_numbers_follow_the_locale(qapp):
    from qxmap.ui.app import install_language

    try:
        QLocale.setDefault(QLocale(QLocale.Language.English))
        assert labels.number(1234.5, 1) == "1,234.5"
        install_language(qapp, "en")
        assert labels.number(1234.5, 1) == "1,234.5"
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        assert labels.number(1234.5, 1) == "1,234.5"  # zh_CN groups thousands with "," and uses "." too
        assert labels.number(1234567.891, 2) == "1,234,567.89"
        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        assert labels.number(1234.5, 1) == "1.234,5"  # the locale really is used
    finally:
        QLocale.setDefault(QLocale(QLocale.Language.English))


def test_dates_follow_the_locale():
    from qxmap.ui import labels

    stamp = "2026-11-25T08:30:00+00:00"
    try:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        chinese = labels.date_time(stamp)
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        english = labels.date_time(stamp)
    finally:
        QLocale.setDefault(QLocale(QLocale.Language.English))
    assert "2026" in chinese and "/" in chinese  # e.g. 2026/11/25 16:30
    assert "11/25/26" in english  # e.g. 11/25/26 4:30 PM
    assert chinese != english
    assert labels.date_time("not a date") == "not a date"


def test_language_setting_is_used_at_the_next_start(qtbot, settings, bare_window):
    from qxmap.ui.app import choose_language

    bare_window.language_actions["en"].trigger()
    assert choose_language(None, settings) == "en"
    bare_window.language_actions["zh_CN"].trigger()
    assert choose_language(None, settings) == "zh_CN"
    assert choose_language("en", settings) == "en"  # --lang wins
    bare_window.language_actions[""].trigger()
    assert settings.value("ui/language") is None


def test_every_field_a_history_row_names_has_a_title(shipped):
    """The history lists an import's changes to any field of any layer: none shows as its
    code ("source", "name_en"), each has its Chinese title in the labels context."""
    from qxmap import schema

    fields = {f.name for layer in schema.LAYERS.values() for f in layer.fields}
    fields |= {"record", "geometry", "geometry_accuracy", "note"}
    raw = sorted(f for f in fields if labels.field_title(f) == f)
    assert not raw, raw
    for field in ("id", "name_zh", "name_en", "source", "kind", "road"):
        assert shipped.get(("labels", labels.field_title(field)))[0] == labels.HISTORY_FIELD_TITLES[field][0]
