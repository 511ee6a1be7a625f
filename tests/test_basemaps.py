"""The basemap catalogue and what the page's setBasemap command receives."""
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from qxmap import basemaps
from qxmap.basemaps import BASEMAPS, CODES, LOCAL_TILE_URL, allowed_hosts, get_basemap, page_spec, tile_urls
from qxmap.tiles import make_test_mbtiles, open_tile_source

ROOT = Path(__file__).resolve().parent.parent
KEY = "0123456789abcdef0123456789abcdef"


def expand(template: str, subdomain: str) -> str:
    return template.replace("{s}", subdomain).replace("{z}", "1").replace("{x}", "2").replace("{y}", "3")


def test_catalogue_codes():
    assert CODES == ("none", "osm", "tianditu", "amap", "local")
    assert basemaps.DEFAULT_CODE == "none"
    for bm in BASEMAPS:
        assert bm.label_zh and bm.label_en
        assert get_basemap(bm.code) is bm
    assert get_basemap("amap").label("zh_CN") == "高德地图"
    assert get_basemap("tianditu").label("en") == "Tianditu"
    with pytest.raises(ValueError, match="unknown basemap"):
        get_basemap("baidu")


def test_none_is_offline():
    assert page_spec("none") is None
    assert allowed_hosts("none") == frozenset()
    assert get_basemap("none").url_templates == ()


def test_hosts_cover_exactly_the_urls():
    for bm in BASEMAPS:
        if not bm.online:
            assert bm.hosts == frozenset(), bm.code
            continue
        reached = set()
        for template in tile_urls(bm, KEY):
            subs = bm.subdomains or [""]
            if "{s}" in template:
                assert bm.subdomains, bm.code
            for s in subs:
                url = urlparse(expand(template, s))
                assert url.scheme == "https", bm.code
                reached.add(url.hostname)
        assert reached == set(bm.hosts), bm.code


def test_osm():
    spec = page_spec("osm")
    assert spec["url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert spec["gcj02"] is False
    assert "OpenStreetMap" in spec["attribution"]
    assert spec["maxZoom"] == 19
    assert spec["overlays"] == []


def test_tianditu_needs_key():
    assert get_basemap("tianditu").needs_key
    for key in (None, "", "   "):
        with pytest.raises(ValueError, match="Tianditu"):
            page_spec("tianditu", key=key)
    with pytest.raises(ValueError):
        tile_urls("tianditu")


def test_tianditu_key_substituted():
    spec = page_spec("tianditu", key=f"  {KEY} ")
    assert spec["gcj02"] is False  # CGCS2000 ~= WGS-84: no shift
    assert spec["subdomains"] == "01234567"
    layers = [spec["url"]] + [o["url"] for o in spec["overlays"]]
    assert len(layers) == 2
    for url, layer in zip(layers, ("vec", "cva")):
        assert "{tk}" not in url
        query = parse_qs(urlparse(expand(url, "0")).query)
        assert query["tk"] == [KEY]
        assert query["LAYER"] == [layer]
        assert query["TILEMATRIXSET"] == ["w"]
        assert (query["TILEMATRIX"], query["TILEROW"], query["TILECOL"]) == (["1"], ["3"], ["2"])
        assert urlparse(expand(url, "5")).hostname == "t5.tianditu.gov.cn"
    # a key cannot break out of the URL or the Leaflet template
    nasty = page_spec("tianditu", key="a&b={x}#")["url"]
    assert nasty.endswith("tk=a%26b%3D%7Bx%7D%23")


def test_amap_is_gcj02():
    bm = get_basemap("amap")
    assert bm.gcj02 and not bm.needs_key
    spec = page_spec("amap", key="ignored")
    assert spec["gcj02"] is True
    assert spec["subdomains"] == "1234"
    assert set(allowed_hosts("amap")) == {f"webrd0{i}.is.autonavi.com" for i in range(1, 5)}
    assert all(not b.gcj02 for b in BASEMAPS if b.code != "amap")


def test_local(tmp_path):
    spec = page_spec("local")
    assert spec["url"] == LOCAL_TILE_URL == "qxmap://app/tiles/{z}/{x}/{y}"
    assert spec["gcj02"] is False
    assert allowed_hosts("local") == frozenset()
    src = open_tile_source(make_test_mbtiles(tmp_path / "l.mbtiles", zooms=[10, 14], color="#123456"))
    spec = page_spec("local", local_source=src)
    assert spec["maxNativeZoom"] == 14
    assert spec["maxZoom"] >= 14
    assert spec["attribution"] == "qxmap test tiles"
    assert page_spec("local", local_source=src, gcj02=True)["gcj02"] is True
    assert page_spec("osm", gcj02=True)["gcj02"] is False  # override is for local tiles only
    src.close()


def test_spec_keys_match_the_page():
    js = (ROOT / "resources" / "page" / "qxmap-page.js").read_text(encoding="utf-8")
    for code in ("osm", "amap", "local"):
        spec = page_spec(code)
        for key in ("url", "attribution", "maxZoom", "subdomains", "gcj02"):
            assert key in spec
            assert f"spec.{key}" in js, key


ONLINE_HOST = re.compile(r"openstreetmap\.org|tianditu\.gov\.cn|autonavi\.com|amap\.com")


def test_online_urls_only_in_basemaps_module():
    offenders = []
    for path in sorted((ROOT / "qxmap").rglob("*.py")) + sorted((ROOT / "resources" / "page").glob("*.js")):
        if path.name == "basemaps.py" and path.parent.name == "qxmap":
            continue
        if ONLINE_HOST.search(path.read_text(encoding="utf-8", errors="replace")):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_modules_import_without_qt():
    code = ("import sys\n"
            "import qxmap.gcj02, qxmap.tiles, qxmap.basemaps, qxmap.measure\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))\n"
            "print(bad)\n"
            "sys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
