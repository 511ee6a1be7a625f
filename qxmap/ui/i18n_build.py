"""Build the UI translations.

``python -m qxmap.ui.i18n_build`` compiles resources/translations/*.ts into
.qm files (run by scripts/setup.sh; it needs only lrelease and changes no
.ts file).  ``python -m qxmap.ui.i18n_build --update`` first refreshes
qxmap_zh_CN.ts from the sources:

* pyside6-lupdate scans every qxmap/ui/*.py (existing translations are kept,
  vanished strings dropped with -no-obsolete);
* the "labels" context is then rewritten from the schema: one message per
  (zh, en) pair in ``qxmap.ui.labels.ALL_LABEL_TABLES`` (source = English,
  translation = the schema's Chinese), plus the literal
  ``QCoreApplication.translate("labels", ...)`` strings lupdate found in
  labels.py (their translations are kept).  lupdate cannot see the schema
  labels because labels.py translates them through a variable.

Only files whose .ts is newer than the .qm are compiled again (``--force``
compiles all).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from qxmap import paths

LANGUAGE = "zh_CN"
LABELS_CONTEXT = "labels"
UI_DIR = Path(__file__).resolve().parent


def _tool(name: str) -> list[str]:
    exe = Path(sys.executable).with_name(name)
    if exe.exists():
        return [str(exe)]
    found = shutil.which(name)
    if found:
        return [found]
    raise SystemExit(f"qxmap: {name} not found (it comes with PySide6)")


def lrelease_command() -> list[str]:
    return _tool("pyside6-lrelease")


def lupdate_command() -> list[str]:
    return _tool("pyside6-lupdate")


def ts_path(folder: Path | None = None, language: str = LANGUAGE) -> Path:
    return (folder or paths.resource("translations")) / f"qxmap_{language}.ts"


def ui_sources() -> list[Path]:
    """Every Python file of the UI package (the files lupdate scans)."""
    return sorted(p for p in UI_DIR.glob("*.py") if p.name != "__init__.py" or p.stat().st_size)


def run_lupdate(ts: Path, sources: list[Path] | None = None, language: str = LANGUAGE) -> None:
    """Extract the tr()/translate() strings of ``sources`` into ``ts`` (merging into it if it exists)."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    files = [str(p) for p in (sources or ui_sources())]
    subprocess.run(lupdate_command() + ["-silent", "-no-obsolete", "-target-language", language,
                                        "-source-language", "en", *files, "-ts", str(ts)], check=True)


def label_pairs() -> dict[str, str]:
    """English label -> Chinese label for every schema/column label the UI translates."""
    from qxmap.ui.labels import ALL_LABEL_TABLES

    pairs: dict[str, str] = {}
    for table in ALL_LABEL_TABLES:
        for zh, en in table.values():
            if en in pairs and pairs[en] != zh:
                raise ValueError(f"label {en!r} has two Chinese labels: {pairs[en]!r} and {zh!r}")
            pairs[en] = zh
    return pairs


def _find_or_make_context(root: ET.Element, name: str) -> ET.Element:
    for context in root.findall("context"):
        if context.findtext("name") == name:
            return context
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = name
    # keep contexts sorted by name, as lupdate writes them
    contexts = sorted(root.findall("context"), key=lambda c: c.findtext("name") or "")
    for c in root.findall("context"):
        root.remove(c)
    root.extend(contexts)
    return context


def merge_labels(ts: Path) -> int:
    """Rewrite the "labels" context of ``ts`` from the schema; return its message count."""
    tree = ET.parse(ts)
    root = tree.getroot()
    context = _find_or_make_context(root, LABELS_CONTEXT)
    pairs = label_pairs()
    literal = []
    for message in context.findall("message"):
        context.remove(message)
        source = message.findtext("source")
        # keep what lupdate found in the code (it has a location); drop earlier schema messages
        if message.find("location") is not None and source not in pairs:
            literal.append(message)
    for message in literal:
        context.append(message)
    for en, zh in pairs.items():
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = en
        ET.SubElement(message, "translation").text = zh
    ET.indent(tree, space="    ")
    with open(ts, "wb") as out:
        out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(out, encoding="utf-8", xml_declaration=False)
        out.write(b"\n")
    return len(context.findall("message"))


def update_ts(folder: Path | None = None, language: str = LANGUAGE) -> Path:
    """Refresh the .ts from the UI sources and the schema labels."""
    ts = ts_path(folder, language)
    run_lupdate(ts, language=language)
    merge_labels(ts)
    return ts


def compile_translations(folder: Path | None = None, force: bool = False) -> list[Path]:
    folder = folder or paths.resource("translations")
    built = []
    for ts in sorted(folder.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not force and qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        subprocess.run(lrelease_command() + ["-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


def main(argv: list[str]) -> int:
    if "--update" in argv:
        ts = update_ts()
        print(f"qxmap: updated {ts.name}")
        return 0
    for path in compile_translations(force="--force" in argv):
        print(f"qxmap setup: compiled {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
