"""Build hook: compile the UI translations (.ts -> .qm) into the wheel with PySide6's lrelease."""
import shutil
import subprocess
import sys
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class TranslationsBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        folder = Path(self.root) / "resources" / "translations"
        exe = Path(sys.executable).with_name("pyside6-lrelease")
        lrelease = str(exe) if exe.exists() else shutil.which("pyside6-lrelease")
        if lrelease is None:
            raise RuntimeError("pyside6-lrelease (from PySide6) is needed to build qxmap")
        for ts in sorted(folder.glob("*.ts")):
            subprocess.run([lrelease, "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
