"""The basemap catalogue: what can be drawn under the overlays.

This is the only module of qxmap that knows online tile URLs.  An online
source is reached only when the user chooses it: the UI passes
:attr:`Basemap.hosts` to the request guard (qxmap/ui/webengine.py) and
:func:`page_spec` to the page's ``setBasemap`` command.

* ``none``: the offline default, a plain background (no tiles at all).
* ``osm``: OpenStreetMap standard tiles (WGS-84, shown unshifted).
* ``tianditu``: 天地图 vector map (vec_w) with its Chinese annotation layer
  (cva_w); CGCS2000 differs from WGS-84 by < 1 m, so no shift.  Needs the
  user's key (``tk``).
* ``amap``: AMap/Gaode road map, GCJ-02: overlays are shifted for display.
* ``local``: an MBTiles file or an XYZ folder (qxmap.tiles) served by the app
  at ``qxmap://app/tiles/{z}/{x}/{y}``.
"""
from __future__ import annotations

import html.parser
import re
import urllib.parse
from dataclasses import dataclass, field

from qxmap.words import Words

__all__ = [
    "Basemap",
    "BASEMAPS",
    "CODES",
    "DEFAULT_CODE",
    "LOCAL_TILE_URL",
    "get_basemap",
    "page_spec",
    "allowed_hosts",
    "image_sources",
    "plain_attribution",
    "tile_urls",
]

#: Where the app's scheme handler serves the local tile source.
LOCAL_TILE_URL = "qxmap://app/tiles/{z}/{x}/{y}"

#: The key placeholder in Tianditu URL templates (replaced by page_spec).
KEY_PLACEHOLDER = "{tk}"


@dataclass(frozen=True)
class Basemap:
    """One entry of the catalogue.

    ``url_templates`` are Leaflet tile URL templates, bottom layer first
    (Tianditu: the map, then its annotation layer); ``{s}`` is replaced by
    one of ``subdomains``, ``{tk}`` by the user's key.  ``hosts`` is every
    host name the templates can reach: exactly what the request guard must
    allow for this basemap.
    """

    code: str
    label_zh: str
    label_en: str
    url_templates: tuple[str, ...] = ()
    subdomains: str = ""
    max_zoom: int = 18
    attribution: str = ""
    hosts: frozenset[str] = field(default_factory=frozenset)
    gcj02: bool = False
    needs_key: bool = False
    #: "none" (no tiles), "online" or "local"
    kind: str = "online"

    @property
    def url_template(self) -> str | None:
        """The bottom (main) layer's template, or None."""
        return self.url_templates[0] if self.url_templates else None

    @property
    def online(self) -> bool:
        return self.kind == "online"

    def label(self, lang: str = "zh_CN") -> str:
        return self.label_zh if str(lang).lower().startswith("zh") else self.label_en


def _tianditu(layer: str) -> str:
    # The WMTS KVP GetTile of the national Tianditu service, Web-Mercator
    # ("_w") tile matrix set; TILEMATRIX/ROW/COL are Leaflet's z/y/x.
    return (f"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
            f"&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
            f"&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={KEY_PLACEHOLDER}")


_TIANDITU_SUBDOMAINS = "01234567"
_AMAP_SUBDOMAINS = "1234"

BASEMAPS: tuple[Basemap, ...] = (
    Basemap(
        code="none", label_zh="无底图", label_en="None", kind="none", max_zoom=19,
    ),
    Basemap(
        code="osm", label_zh="OpenStreetMap 开放街道地图", label_en="OpenStreetMap",
        url_templates=("https://tile.openstreetmap.org/{z}/{x}/{y}.png",),
        max_zoom=19, attribution="© OpenStreetMap contributors",
        hosts=frozenset({"tile.openstreetmap.org"}),
    ),
    Basemap(
        code="tianditu", label_zh="天地图", label_en="Tianditu",
        url_templates=(_tianditu("vec"), _tianditu("cva")),
        subdomains=_TIANDITU_SUBDOMAINS, max_zoom=18, attribution="© 天地图 Tianditu",
        hosts=frozenset(f"t{s}.tianditu.gov.cn" for s in _TIANDITU_SUBDOMAINS),
        needs_key=True,
    ),
    Basemap(
        code="amap", label_zh="高德地图", label_en="AMap (Gaode)",
        url_templates=("https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
                       "&x={x}&y={y}&z={z}",),
        subdomains=_AMAP_SUBDOMAINS, max_zoom=18, attribution="© 高德地图 AutoNavi",
        hosts=frozenset(f"webrd0{s}.is.autonavi.com" for s in _AMAP_SUBDOMAINS),
        gcj02=True,
    ),
    Basemap(
        code="local", label_zh="本地瓦片（MBTiles / 文件夹）", label_en="Local tiles (MBTiles / folder)",
        url_templates=(LOCAL_TILE_URL,), max_zoom=18, kind="local",
    ),
)

CODES: tuple[str, ...] = tuple(b.code for b in BASEMAPS)
DEFAULT_CODE = "none"
_BY_CODE = {b.code: b for b in BASEMAPS}


def get_basemap(code: str | Basemap) -> Basemap:
    """The catalogue entry for *code*; ValueError for an unknown code."""
    if isinstance(code, Basemap):
        return code
    try:
        return _BY_CODE[code]
    except KeyError:
        raise ValueError(Words("unknown basemap %1; choose one of %2", repr(code), ', '.join(CODES))) from None


def _clean_key(key) -> str:
    text = "" if key is None else str(key).strip()
    if not text:
        raise ValueError(Words("天地图 (Tianditu) needs your key (tk): apply for one at the Tianditu "
                               "developer site and enter it in Settings"))
    # quote: the key ends up inside a URL and a Leaflet template ({...} is
    # template syntax), so nothing in it may be taken as either.
    return urllib.parse.quote(text, safe="")


def tile_urls(bm: str | Basemap, key: str | None = None) -> list[str]:
    """The basemap's URL templates with the key filled in (ValueError if a
    needed key is missing)."""
    bm = get_basemap(bm)
    if not bm.needs_key:
        return list(bm.url_templates)
    tk = _clean_key(key)
    return [t.replace(KEY_PLACEHOLDER, tk) for t in bm.url_templates]


def allowed_hosts(bm: str | Basemap) -> frozenset[str]:
    """Hosts the request guard must allow while *bm* is shown (empty for
    "none" and "local": the app scheme is always allowed)."""
    return get_basemap(bm).hosts


def image_sources() -> tuple[str, ...]:
    """Every online host a basemap of the catalogue loads tiles from, as
    Content-Security-Policy sources (the page's img-src; the request guard
    still lets a host through only while its basemap is chosen)."""
    return tuple(sorted(f"https://{host}" for bm in BASEMAPS for host in bm.hosts))


#: The longest attribution shown (a tile package's metadata is untrusted text).
ATTRIBUTION_MAX = 200


class _TextOnly(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def plain_attribution(text) -> str:
    """An attribution as plain text: markup from a tile package's metadata
    (links, images, handlers) is reduced to its visible words, control
    characters and runs of spaces to one space, at most ATTRIBUTION_MAX
    characters. The page shows the result as text, never as HTML."""
    if not isinstance(text, str):
        return ""
    parser = _TextOnly()
    try:
        parser.feed(text)
        parser.close()
        plain = "".join(parser.parts)
    except Exception:  # noqa: BLE001 - anything odd: keep no markup at all
        plain = re.sub(r"<[^>]*>?", "", text)
    plain = re.sub(r"[\x00-\x1f\x7f\s]+", " ", plain).strip()
    if len(plain) > ATTRIBUTION_MAX:
        plain = plain[:ATTRIBUTION_MAX - 1] + "…"
    return plain


def page_spec(basemap: str | Basemap, key: str | None = None, local_source=None, *,
              gcj02: bool | None = None) -> dict | None:
    """What the page's ``setBasemap`` command takes, or None for "none".

    Returns ``{"url", "attribution", "maxZoom", "subdomains", "gcj02",
    "overlays"}``: ``url`` is the bottom layer; ``overlays`` lists further
    layers drawn above it, each ``{"url", "maxZoom", "subdomains"}`` (the
    Tianditu annotation layer; empty otherwise).

    *key* is the user's Tianditu key (ValueError when missing).
    *local_source* (a qxmap.tiles source) gives the local attribution and
    its deepest zoom, returned as ``maxNativeZoom`` (tiles are scaled up
    beyond it, up to ``maxZoom``).  *gcj02* overrides the shift for a local source whose tiles
    are in GCJ-02 (e.g. a Gaode tile cache); ignored for online basemaps.
    """
    bm = get_basemap(basemap)
    if bm.kind == "none":
        return None
    urls = tile_urls(bm, key)
    max_zoom = bm.max_zoom
    native_zoom = None
    attribution = bm.attribution
    shift = bm.gcj02
    if bm.kind == "local":
        if local_source is not None:
            info = local_source.describe()
            if info.get("maxzoom") is not None:
                native_zoom = int(info["maxzoom"])
                max_zoom = max(max_zoom, native_zoom)
            attribution = info.get("attribution") or ""
        if gcj02 is not None:
            shift = bool(gcj02)
    attribution = plain_attribution(attribution)
    subdomains = bm.subdomains or None
    spec = {
        "url": urls[0],
        "attribution": attribution,
        "maxZoom": max_zoom,
        "subdomains": subdomains,
        "gcj02": shift,
        "overlays": [{"url": u, "maxZoom": max_zoom, "subdomains": subdomains} for u in urls[1:]],
    }
    if native_zoom is not None:
        # deepest zoom the local source has: Leaflet scales those tiles up beyond it
        spec["maxNativeZoom"] = native_zoom
    return spec
