"""The workspace package keeps its shape: small modules, each saying why it exists,
importing only downwards, and one public API at ``qxmap.workspace``."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "qxmap" / "workspace"

#: Each module may import only modules of a lower rank.
RANK = {"errors": 0, "db": 1, "bookkeeping": 2, "rtreepack": 2, "create": 3, "history": 3, "saving": 3, "importcells": 4,
        "importstore": 5, "importchange": 6, "imports": 7, "geomsave": 4, "geometry": 5, "overlays": 4,
        "session": 8, "__init__": 9}

#: What callers imported from the single-file qxmap/workspace.py; all of it still works.
PUBLIC = ["HISTORY_TABLE", "META_TABLE", "SCHEMA_VERSION", "REVISION", "HISTORY_COLUMNS", "CSV_COLUMNS",
          "FIELD_ORDER", "Edit", "EditCheck", "check_edit", "WorkspaceError", "ConflictError", "EditRefused",
          "ConfirmationNeeded", "FileReplaced", "HistoryEntry", "FileIdentity", "Workspace", "create_workspace",
          "default_workspace_path", "ensure_default_workspace", "default_user", "read_history", "set_status",
          "write_history_csv", "history_csv_text"]


def modules() -> list[Path]:
    return sorted(PACKAGE.glob("*.py"))


def internal_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                found.add((node.module or "").split(".")[0] or "__init__")
            elif node.module and node.module.startswith("qxmap.workspace"):
                parts = node.module.split(".")
                found.add(parts[2] if len(parts) > 2 else "__init__")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("qxmap.workspace."):
                    found.add(alias.name.split(".")[2])
    return found


def test_the_single_file_is_gone_and_every_module_is_known():
    assert not (ROOT / "qxmap" / "workspace.py").exists()
    assert {p.stem for p in modules()} == set(RANK)


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.name)
def test_module_is_small_and_says_why_it_exists(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 500, f"{path.name}: {len(text.splitlines())} lines"
    doc = ast.get_docstring(ast.parse(text))
    assert doc and len(doc) > 80, f"{path.name}: no docstring saying why it exists"


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.name)
def test_modules_import_only_downwards(path):
    for name in internal_imports(path):
        assert RANK[name] < RANK[path.stem], f"{path.stem} imports {name}"


def test_public_api_imports_in_a_fresh_interpreter():
    """Callers keep importing from qxmap.workspace (the ranks above rule out import cycles)."""
    code = (f"from qxmap.workspace import {', '.join(PUBLIC)}; import qxmap.workspace as w; "
            f"missing = [n for n in {PUBLIC!r} if n not in w.__all__]; assert not missing, missing")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
