"""Build the map page (HTML) for a dataset with folium, fully offline.

folium gives the page skeleton (the Leaflet map, its scale bar); Leaflet
itself comes from the xstatic-leaflet package and the page script from
resources/page, all served by the app under ``APP_ORIGIN``: the page
references nothing outside the app.  The data is embedded as a JSON block
(not as code) that resources/page/qxmap-page.js reads and draws.

Data never passes through a template engine: folium renders a skeleton that
holds no byte of the dataset, and the JSON block is put in its place after
rendering (:func:`build_page`).  The page carries a strict
Content-Security-Policy (:func:`content_security_policy`): scripts and styles
only from the app or with the hash of the skeleton's own inline blocks, no
inline event handlers, no plugins, no frames, no forms, no remote scripts;
images only from the app and the online basemaps' own hosts.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from qxmap import basemaps, schema
from qxmap.dataset import Dataset
from qxmap.styles import style_table

APP_SCHEME = "qxmap"
APP_ORIGIN = f"{APP_SCHEME}://app"

#: Properties sent to the page per layer (the page needs no more).
PAGE_PROPERTIES = ("id", "name_zh", "name_en", "category", "status", "phase", "kind", "geometry_accuracy")

COORD_DECIMALS = 6

#: Where the data block goes in the rendered skeleton (a constant: no data in any template).
_DATA_MARKER = "<!--qxmap:data-->"


@dataclass(frozen=True)
class RenderOptions:
    """How the page draws roads (see makeFilterCanvas in qxmap-page.js).

    From *group_cache_min* roads on, the page keeps rendered images of each build
    phase and composites them, so a filter re-rasterises only the phases it
    changed; below it, drawing every road again is cheaper than the copies.  The
    images take at most *group_cache_budget* bytes (two per phase at most; fewer,
    or none, on a very large canvas)."""

    group_cache_min: int = 1000
    group_cache_budget: int = 256_000_000


class _PageInit(MacroElement):
    """Calls qxmap.init(map, data) once folium has created the map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        qxmap.init({{ this._parent.get_name() }},
                   JSON.parse(document.getElementById("qxmap-data").textContent));
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "QxmapInit"


def page_data(dataset: Dataset, render: RenderOptions = RenderOptions()) -> dict:
    """The JSON the page draws: features per layer, styles, the town's bounds, and
    how roads are drawn: grouped by build phase, the current phases on top."""
    layers = {}
    for name in schema.LAYER_ORDER:
        frame = dataset.layers[name]
        columns = [c for c in PAGE_PROPERTIES if c in frame.columns]
        features = []
        props_list = frame[columns].astype(object).where(frame[columns].notna(), None).to_dict("records")
        for props, geom in zip(props_list, frame.geometry):
            geometry = None
            if geom is not None and not geom.is_empty:
                geometry = _rounded(geom.__geo_interface__)
            features.append({"type": "Feature", "properties": props, "geometry": geometry})
        layers[name] = features
    return {
        "layer_order": list(schema.LAYER_ORDER),
        "layers": layers,
        "styles": style_table(),
        "town_bounds": town_bounds(dataset),
        "render": {"group_order": list(reversed(schema.PHASES)), "group_cache_min": int(render.group_cache_min),
                   "group_cache_budget": int(render.group_cache_budget)},
    }


def town_bounds(dataset: Dataset) -> list[list[float]]:
    """[[south, west], [north, east]] of the boundary (or of all data)."""
    frame = dataset.layers["boundary"]
    if len(frame) == 0 or frame.geometry.isna().all():
        frames = [f for f in dataset.layers.values() if len(f) and f.geometry.notna().any()]
        if not frames:
            return [[22.77, 114.10], [22.91, 114.23]]
        bounds = [f.geometry.dropna().total_bounds for f in frames]
        minx = min(b[0] for b in bounds)
        miny = min(b[1] for b in bounds)
        maxx = max(b[2] for b in bounds)
        maxy = max(b[3] for b in bounds)
    else:
        minx, miny, maxx, maxy = frame.geometry.dropna().total_bounds
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]


def _rounded(geo: dict) -> dict:
    def walk(coords):
        if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
            return [round(float(c), COORD_DECIMALS) for c in coords[:2]]
        return [walk(c) for c in coords]

    return {"type": geo["type"], "coordinates": walk(geo["coordinates"])}


def data_script(data: dict) -> str:
    """The data as an inert JSON block. Every '<' is escaped, so no text from a
    file can close the block or open a tag: data stays data."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="qxmap-data">{text}</script>'


def content_security_policy(html: str, origin: str = APP_ORIGIN) -> str:
    """The page's policy: every inline <script>/<style> of *html* by its hash,
    everything else from the app itself (and tile images from the online
    basemaps the app knows). Inline event handlers and javascript: URLs are
    forbidden (no 'unsafe-inline'), and so is every remote script."""
    scripts = _inline_hashes(html, "script")
    styles = _inline_hashes(html, "style")
    images = " ".join(basemaps.image_sources())
    return "; ".join([
        "default-src 'none'",
        f"script-src {origin} {scripts}".rstrip(),
        f"style-src {origin} {styles}".rstrip(),
        f"img-src {origin} data: blob: {images}".rstrip(),
        f"font-src {origin} data:",
        f"connect-src {origin}",
        "object-src 'none'", "frame-src 'none'", "worker-src 'none'",
        "base-uri 'none'", "form-action 'none'",
    ])


_INLINE = {tag: re.compile(rf"<{tag}(?P<attrs>[^>]*)>(?P<body>.*?)</{tag}>", re.S | re.I) for tag in ("script", "style")}


def _inline_hashes(html: str, tag: str) -> str:
    out = []
    for match in _INLINE[tag].finditer(html):
        attrs = match.group("attrs")
        if tag == "script" and (re.search(r"\bsrc\s*=", attrs) or "application/json" in attrs):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        token = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if token not in out:
            out.append(token)
    return " ".join(out)


def build_page(dataset: Dataset, origin: str = APP_ORIGIN, render: RenderOptions = RenderOptions()) -> str:
    """The complete HTML of the map page for *dataset*.

    folium renders a skeleton with no data in it; the data block replaces a
    constant marker afterwards, so no text from a file is ever compiled as a
    Jinja template, and the policy is computed over the skeleton's own inline
    scripts only."""
    (south, west), (north, east) = town_bounds(dataset)
    fmap = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=12,
        tiles=None,
        prefer_canvas=True,
        control_scale=False,
        zoom_control=True,
        max_zoom=19,
    )
    fmap.default_js = [("leaflet", f"{origin}/leaflet/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{origin}/leaflet/leaflet.css")]
    root = fmap.get_root()
    root.header.add_child(Element(f'<link rel="stylesheet" href="{origin}/page/qxmap-page.css"/>'), name="qx_css")
    root.header.add_child(Element(f'<script src="{origin}/qwebchannel.js"></script>'), name="qx_channel")
    root.header.add_child(Element(f'<script src="{origin}/page/gcj02.js"></script>'), name="qx_gcj02")
    root.header.add_child(Element(f'<script src="{origin}/page/qxmap-page.js"></script>'), name="qx_page")
    root.header.add_child(Element(_DATA_MARKER), name="qx_data")
    fmap.add_child(_PageInit())
    skeleton = root.render()
    if skeleton.count(_DATA_MARKER) != 1 or "<head>" not in skeleton:
        raise RuntimeError("qxmap: unexpected page skeleton from folium")
    policy = content_security_policy(skeleton, origin)
    # The charset first (it must sit in the first 1024 bytes), then the policy, before any script.
    meta = ('<meta charset="utf-8">\n    '
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">')
    page = skeleton.replace("<head>", "<head>\n    " + meta, 1)
    # str.replace with a function-free literal: the data is inserted verbatim, never interpreted.
    before, after = page.split(_DATA_MARKER)
    return before + data_script(page_data(dataset, render)) + after
