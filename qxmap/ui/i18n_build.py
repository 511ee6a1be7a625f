"""Build the UI translations.

``python -m qxmap.ui.i18n_build`` compiles resources/translations/*.ts into
.qm files (run by scripts/setup.sh; it needs only lrelease and changes no
.ts file).  ``python -m qxmap.ui.i18n_build --update`` first refreshes
qxmap_zh_CN.ts from the sources:

* pyside6-lupdate scans every qxmap/ui/*.py (existing translations are kept,
  vanished strings dropped with -no-obsolete);
* strings lupdate cannot see are added from the sources' syntax tree
  (``extra_messages``): calls of a module-level wrapper such as
  ``def _tr(text): return QCoreApplication.translate("Snapshot", text)``
  with a literal argument, and ``QCoreApplication.translate(CONTEXT, "...")``
  where CONTEXT is a module-level string constant; their translations are
  kept from the previous .ts;
* the "labels" context is then rewritten from the schema: one message per
  (zh, en) pair in ``qxmap.ui.labels.ALL_LABEL_TABLES`` (source = English,
  translation = the schema's Chinese), next to the literal strings of
  labels.py.  lupdate cannot see the schema labels because labels.py
  translates them through a variable;
* the "Problem" context holds the core's message templates: the literal
  first argument of every ``Words("...")`` call outside qxmap/ui
  (:func:`core_messages`; qxmap.ui.problemtext translates them).

Only files whose .ts is newer than the .qm are compiled again (``--force``
compiles all).
"""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from qxmap import paths

LANGUAGE = "zh_CN"
LABELS_CONTEXT = "labels"
PROBLEM_CONTEXT = "Problem"
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
    return sorted(UI_DIR.glob("*.py"))


def run_lupdate(ts: Path, sources: list[Path] | None = None, language: str = LANGUAGE) -> None:
    """Extract the tr()/translate() strings of ``sources`` into ``ts`` (merging into it if it exists)."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    files = [str(p) for p in (sources or ui_sources())]
    subprocess.run(lupdate_command() + ["-silent", "-no-obsolete", "-target-language", language,
                                        "-source-language", "en", *files, "-ts", str(ts)], check=True)


def _translate_call_context(node: ast.AST, constants: dict[str, str]) -> str | None:
    """The context of a ``QCoreApplication.translate(ctx, ...)`` call node, if it can be resolved."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "translate" and len(node.args) >= 2):
        return None
    ctx = node.args[0]
    if isinstance(ctx, ast.Constant) and isinstance(ctx.value, str):
        return ctx.value
    if isinstance(ctx, ast.Name):
        return constants.get(ctx.id)
    return None


def extra_messages(sources: list[Path] | None = None) -> list[tuple[str, str, Path, int]]:
    """(context, source text, file, line) of the strings lupdate misses.

    These are literal arguments of module-level translation wrappers
    (``def _tr(text): return QCoreApplication.translate("Ctx", text)``) and of
    ``QCoreApplication.translate(NAME, "...")`` with NAME a module-level string.
    """
    found: list[tuple[str, str, Path, int]] = []
    for path in sources or ui_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        constants = {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                     and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                     for t in node.targets if isinstance(t, ast.Name)}
        wrappers: dict[str, str] = {}
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and len(node.body) >= 1 and node.args.args:
                ret = node.body[-1]
                param = node.args.args[0].arg
                if isinstance(ret, ast.Return) and ret.value is not None:
                    ctx = _translate_call_context(ret.value, constants)
                    text_arg = ret.value.args[1] if ctx is not None else None
                    if ctx is not None and isinstance(text_arg, ast.Name) and text_arg.id == param:
                        wrappers[node.name] = ctx
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            ctx = None
            text = None
            if isinstance(node.func, ast.Name) and node.func.id in wrappers:
                ctx, text = wrappers[node.func.id], node.args[0]
            elif isinstance(node.func, ast.Attribute) and node.func.attr == "translate" \
                    and len(node.args) >= 2 and isinstance(node.args[0], ast.Name):
                ctx, text = _translate_call_context(node, constants), node.args[1]
            if ctx and isinstance(text, ast.Constant) and isinstance(text.value, str):
                found.append((ctx, text.value, path, node.lineno))
    return found


def core_messages() -> list[tuple[str, str, Path, int]]:
    """(PROBLEM_CONTEXT, template, file, line) of every ``Words(...)`` of the core (qxmap
    outside qxmap/ui). A Words whose template is not a literal is an error: it could
    not be translated."""
    found: list[tuple[str, str, Path, int]] = []
    for path in sorted(UI_DIR.parent.rglob("*.py")):
        if UI_DIR in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Words":
                text = node.args[0] if node.args else None
                if not (isinstance(text, ast.Constant) and isinstance(text.value, str)):
                    raise ValueError(f"{path}:{node.lineno}: Words() needs a literal template")
                found.append((PROBLEM_CONTEXT, text.value, path, node.lineno))
    return found


def _read_translations(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> <translation> element of an existing .ts (empty if there is none)."""
    if not ts.exists():
        return {}
    saved = {}
    for context in ET.parse(ts).getroot().findall("context"):
        name = context.findtext("name") or ""
        for message in context.findall("message"):
            translation = message.find("translation")
            if translation is not None:
                saved[(name, message.findtext("source") or "")] = translation
    return saved


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


def _message(context: ET.Element, source: str, translation: ET.Element | None,
             location: tuple[str, int] | None = None) -> ET.Element:
    message = ET.SubElement(context, "message")
    if location:
        ET.SubElement(message, "location", filename=location[0], line=str(location[1]))
    ET.SubElement(message, "source").text = source
    if translation is not None:
        message.append(translation)
    else:
        ET.SubElement(message, "translation", type="unfinished")
    return message


def merge_extras(ts: Path, saved: dict[tuple[str, str], ET.Element] | None = None,
                 sources: list[Path] | None = None) -> None:
    """Add the strings lupdate misses and rewrite the "labels" context from the schema."""
    saved = saved or {}
    tree = ET.parse(ts)
    root = tree.getroot()
    present = {(c.findtext("name"), m.findtext("source")) for c in root.findall("context")
               for m in c.findall("message")}
    pairs = label_pairs()
    for ctx, text, path, line in extra_messages(sources) + core_messages():
        if (ctx, text) in present or (ctx == LABELS_CONTEXT and text in pairs):
            continue
        present.add((ctx, text))
        where = Path(os.path.relpath(path, ts.parent)).as_posix()
        _message(_find_or_make_context(root, ctx), text, saved.get((ctx, text)), (where, line))
    labels = _find_or_make_context(root, LABELS_CONTEXT)
    for message in labels.findall("message"):
        if message.findtext("source") in pairs:
            labels.remove(message)
    for en, zh in pairs.items():
        translation = ET.Element("translation")
        translation.text = zh
        _message(labels, en, translation)
    ET.indent(tree, space="    ")
    with open(ts, "wb") as out:
        out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(out, encoding="utf-8", xml_declaration=False)
        out.write(b"\n")


def update_ts(folder: Path | None = None, language: str = LANGUAGE) -> Path:
    """Refresh the .ts from the UI sources and the schema labels."""
    ts = ts_path(folder, language)
    saved = _read_translations(ts)
    run_lupdate(ts, language=language)
    merge_extras(ts, saved)
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
