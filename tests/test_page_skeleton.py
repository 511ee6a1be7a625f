"""The page skeleton folium renders is made once and kept (in memory and in the user's
cache folder): the page built from a kept skeleton is the page built from a fresh one."""
import re
import subprocess
import sys

import pytest

from qxmap import mappage
from qxmap.mappage import APP_ORIGIN, build_page, page_skeleton, render_skeleton

from conftest import ROOT


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(mappage, "_SKELETONS", {})
    return tmp_path / "cache"


def same_but_names(a: str, b: str) -> bool:
    """Equal but for folium's random element names (map_<hex>), and so for the policy's
    hashes of the inline scripts that hold them."""
    name = re.compile(r"\b(map|macro_element|element)_[0-9a-f]{32}\b|'sha256-[A-Za-z0-9+/=]+'")
    return name.sub("X", a) == name.sub("X", b)


def test_a_kept_skeleton_gives_the_page_a_fresh_one_gives(cache_home, bundled):
    fresh = build_page(bundled, data_url="qxmap://app/p.data")  # renders, keeps
    files = list(cache_home.rglob("skeleton-*.html"))
    assert len(files) == 1
    mappage._SKELETONS.clear()  # a new process: from the file
    kept = build_page(bundled, data_url="qxmap://app/p.data")
    assert kept == fresh
    mappage._SKELETONS.clear()
    files[0].unlink()
    again = build_page(bundled, data_url="qxmap://app/p.data")  # rendered anew
    assert same_but_names(again, fresh)
    # the town's centre is in the page, the placeholder is not
    assert mappage._CENTRE_TEXT not in fresh and fresh.count("qxmap.init(") == 1


def test_a_damaged_cache_file_is_rendered_again(cache_home):
    page_skeleton()
    (cached,) = cache_home.rglob("skeleton-*.html")
    cached.write_text("<html>not a skeleton</html>", encoding="utf-8")
    mappage._SKELETONS.clear()
    skeleton = page_skeleton()
    assert same_but_names(skeleton, render_skeleton(APP_ORIGIN))
    assert same_but_names(cached.read_text(encoding="utf-8"), skeleton)  # replaced


def test_an_unwritable_cache_folder_still_gives_the_page(cache_home, bundled):
    cache_home.parent.mkdir(parents=True, exist_ok=True)
    cache_home.write_text("a file where the folder should be")
    assert "qxmap.init(" in build_page(bundled, data_url="qxmap://app/p.data")


def test_opening_the_app_module_does_not_import_folium():
    """folium (and its templates) load only when a skeleton must be rendered."""
    code = "import sys; import qxmap.ui.webengine, qxmap.mappage; print('folium' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr
