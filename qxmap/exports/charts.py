"""The status overview chart: records and km by status for each build phase (matplotlib bars).

Drawn at the size it is shown (a slide's picture, in inches), so that its
font sizes are points on the slide: tick labels 14 pt, titles 16 pt.
"""
from __future__ import annotations

from io import BytesIO

import numpy as np

from qxmap import schema
from qxmap.exports import fonts
from qxmap.exports.scene import Scene
from qxmap.styles import status_color


def phase_status_table(scene: Scene) -> tuple[np.ndarray, np.ndarray]:
    """(counts, km) arrays of shape (phases, statuses) for the scene's filtered records."""
    counts = np.zeros((len(schema.PHASES), len(schema.STATUSES)))
    km = np.zeros_like(counts)
    records = scene.records
    if len(records):
        p = {c: i for i, c in enumerate(schema.PHASES)}
        s = {c: i for i, c in enumerate(schema.STATUSES)}
        lengths = records["length_km"].to_numpy(dtype=float, na_value=0.0) if "length_km" in records else \
            np.zeros(len(records))
        located = records["located"].to_numpy(dtype=bool) if "located" in records else np.ones(len(records), bool)
        is_road = (records["layer"] == "roads").to_numpy()
        for phase, status, length, loc, road in zip(records["phase"], records["status"], lengths, located, is_road):
            if phase in p and status in s:
                counts[p[phase], s[status]] += 1
                if loc and road and np.isfinite(length):
                    km[p[phase], s[status]] += length
    return counts, km


def status_chart_png(scene: Scene, size_in=(12.3, 4.7), dpi: float = 210, compress_level: int = 6) -> bytes:
    """Two panels of horizontal stacked bars (records, km) by phase and status, as PNG bytes."""
    import matplotlib

    with matplotlib.rc_context(fonts.rc_params()):
        fig = status_chart_figure(scene, size_in, dpi)
        buf = BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white", pil_kwargs={"compress_level": compress_level})
    return buf.getvalue()


def status_chart_figure(scene: Scene, size_in=(12.3, 4.7), dpi: float = 210):
    """The chart of :func:`status_chart_png` as a matplotlib Figure (not saved)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from qxmap.exports.mapart import literal

    lang = scene.lang
    zh = scene.zh
    counts, km = phase_status_table(scene)
    with matplotlib.rc_context(fonts.rc_params()):
        fig = Figure(figsize=size_in, dpi=dpi)
        FigureCanvasAgg(fig)
        fig.patch.set_facecolor("white")
        prop = fonts.font(14)
        title_prop = fonts.font(16)
        axes = fig.subplots(1, 2, sharey=True)
        fig.subplots_adjust(left=0.17, right=0.98, top=0.78, bottom=0.13, wspace=0.08)
        phases = [literal(schema.label(schema.PHASE_LABELS, p, lang)) for p in schema.PHASES]
        y = np.arange(len(schema.PHASES))[::-1]
        present = [j for j in range(len(schema.STATUSES)) if counts[:, j].sum() > 0]
        handles = []
        for ax, values, title, fmt in (
                (axes[0], counts, "项目数（项）" if zh else "Records", "{:.0f}"),
                (axes[1], km, "已定位道路示意长度（km）" if zh else "Length of located roads (km)", "{:.1f}")):
            left = np.zeros(len(schema.PHASES))
            for j in present:
                bars = ax.barh(y, values[:, j], left=left, height=0.62, color=status_color(schema.STATUSES[j]),
                               edgecolor="white", linewidth=0.8)
                if ax is axes[0]:
                    handles.append((bars, literal(schema.label(schema.STATUS_LABELS, schema.STATUSES[j], lang))))
                left += values[:, j]
            top = max(left.max(), 1e-9)
            for yi, total in zip(y, left):
                ax.text(total + top * 0.015, yi, fmt.format(total), va="center", ha="left", fontproperties=prop,
                        parse_math=False, color="#333333")
            ax.set_xlim(0, top * 1.18 if top > 1e-6 else 1)
            ax.set_title(literal(title), fontproperties=title_prop, loc="left", pad=10)
            for spine in ("top", "right"):
                ax.spines[spine].set_visible(False)
            ax.tick_params(labelsize=14)
            for label in ax.get_xticklabels():
                label.set_fontproperties(prop)
            ax.grid(axis="x", color="#dddddd", linewidth=0.8)
            ax.set_axisbelow(True)
        axes[0].set_yticks(y)
        axes[0].set_yticklabels(phases, fontproperties=prop)
        if handles:
            fig.legend([h for h, _ in handles], [t for _, t in handles], loc="upper left", ncol=len(handles),
                       prop=prop, frameon=False, bbox_to_anchor=(0.17, 1.0), handlelength=1.4)
        else:
            fig.text(0.5, 0.5, "没有符合筛选条件的记录" if zh else "No records match the filter",
                     fontproperties=fonts.font(18), ha="center", va="center", parse_math=False)
    return fig
