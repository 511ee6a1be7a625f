"""Project rules that must hold: a Qt-free core, declared dependencies, a wheel that carries its data."""
import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "qxmap"


def core_modules():
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = rel.parts
        if parts[1:2] == ("ui",):
            continue
        if parts[-1] == "__main__":
            continue
        out.append(".".join(p for p in parts if p != "__init__"))
    return out


def test_core_never_imports_qt_in_a_fresh_interpreter():
    code = (
        "import importlib, sys\n"
        f"mods = {core_modules()!r}\n"
        "for m in mods:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(k for k in sys.modules if k.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(len(mods), bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert int(result.stdout.split()[0]) >= 8


def test_no_qt_import_statement_outside_ui():
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts[:1]:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] in ("PySide6", "shiboken6") for n in names), path


def test_every_third_party_import_is_declared():
    import tomllib
    from importlib.metadata import packages_distributions

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {spec.split(">")[0].split("=")[0].split("[")[0].strip().lower().replace("_", "-")
                for spec in meta["project"]["dependencies"]}
    dists = packages_distributions()
    missing = set()
    for path in list(PACKAGE.rglob("*.py")) + [ROOT / "main.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                mods = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                mods = [node.module.split(".")[0]]
            else:
                continue
            for mod in mods:
                if mod in sys.stdlib_module_names or mod == "qxmap":
                    continue
                names = {d.lower().replace("_", "-") for d in dists.get(mod, [mod])}
                if not names & declared:
                    missing.add(f"{mod} ({path.name})")
    assert not missing


@pytest.mark.slow
def test_wheel_carries_geodata_and_resources(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("qxmap-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for layer in ("roads", "exits", "boundary", "parks", "zones", "facilities"):
        assert f"qxmap/_bundled/geodata/qingxi/{layer}.geojson" in names
    assert "qxmap/_bundled/resources/styles.json" in names
    assert "qxmap/_bundled/resources/page/qxmap-page.js" in names
    assert "qxmap/_bundled/resources/translations/qxmap_zh_CN.qm" in names  # compiled by the build hook
    # Installed from the wheel alone (no checkout next to it), the CLI finds the bundled data.
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from qxmap import paths; from qxmap.cli import main; "
            "assert '_bundled' in str(paths.bundled_dataset()); sys.exit(main(['validate', str(paths.bundled_dataset())]))")
    run = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "valid" in run.stdout


def _lint_imports(config: Path, cwd: Path) -> subprocess.CompletedProcess:
    code = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run([sys.executable, "-c", code, "--config", str(config), "--no-cache"],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_the_layering_contracts_hold():
    """pyproject.toml's [tool.importlinter] contracts: layers, Qt only under qxmap/ui, independence."""
    result = _lint_imports(ROOT / "pyproject.toml", ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout and "3 kept" in result.stdout, result.stdout


def test_the_contracts_catch_an_upward_import(tmp_path):
    """The same contracts on a copy of the package with one upward import are broken."""
    import shutil

    copy = tmp_path / "src"
    shutil.copytree(ROOT / "qxmap", copy / "qxmap", ignore=shutil.ignore_patterns("__pycache__", "_bundled"))
    filtering = copy / "qxmap" / "filtering.py"
    filtering.write_text(filtering.read_text(encoding="utf-8") + "\nfrom qxmap.model import Session  # noqa\n",
                         encoding="utf-8")
    (copy / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    env_path = f"{copy}"
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from importlinter.cli import lint_imports_command; "
            "sys.argv = sys.argv[:1] + sys.argv[2:]; sys.exit(lint_imports_command())")
    result = subprocess.run([sys.executable, "-c", code, env_path, "--config", str(copy / "pyproject.toml"),
                             "--no-cache"], capture_output=True, text=True, cwd=copy, timeout=120)
    assert result.returncode != 0
    assert "qxmap.filtering -> qxmap.model" in result.stdout, result.stdout
