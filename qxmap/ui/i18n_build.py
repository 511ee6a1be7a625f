"""Compile the UI translations (resources/translations/*.ts -> .qm).

Run by scripts/setup.sh (and usable by hand: `python -m qxmap.ui.i18n_build`).
Uses PySide6's own lrelease.  Only files whose .ts is newer than the .qm are
compiled again.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from qxmap import paths


def lrelease_command() -> list[str]:
    exe = Path(sys.executable).with_name("pyside6-lrelease")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("pyside6-lrelease")
    if found:
        return [found]
    raise SystemExit("qxmap: pyside6-lrelease not found (it comes with PySide6)")


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


if __name__ == "__main__":
    for path in compile_translations(force="--force" in sys.argv):
        print(f"qxmap setup: compiled {path.name}")
