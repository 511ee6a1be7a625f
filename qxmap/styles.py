"""The style table (resources/styles.json) as Python data.

The map page, the legend in the window and the print layouts all draw from
this one table, so a status has the same colour everywhere.
"""
from __future__ import annotations

import json
from functools import lru_cache

from qxmap.paths import resource


@lru_cache(maxsize=1)
def style_table() -> dict:
    with open(resource("styles.json"), encoding="utf-8") as fh:
        table = json.load(fh)
    table.pop("_comment", None)
    return table


def status_color(status: str) -> str:
    return style_table()["status_colors"].get(status, "#000000")


def category_width(category: str) -> float:
    return float(style_table()["category_widths"].get(category, 3))


def reference_style(n: int) -> dict:
    """The style of the *n*-th reference layer (in drawing order): muted, its colour in turn
    from the table's reference colours; the map page, the layer panel's swatch and the
    exports all draw it so."""
    ref = style_table()["reference"]
    colors = ref["colors"]
    color = colors[n % len(colors)]
    return {"color": color, "weight": ref["weight"], "opacity": ref["opacity"], "fillColor": color,
            "fillOpacity": ref["fillOpacity"], "radius": ref["radius"]}
