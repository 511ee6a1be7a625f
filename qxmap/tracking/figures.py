"""The dashboard as a picture (PNG) and as a slide (PPTX), drawn with matplotlib.

The same :class:`~qxmap.tracking.dashboard.Figures` the app shows: the
headline numbers, then records by status for each build phase and for each
category (stacked bars in the status colours).  Text is drawn with the
bundled CJK font (:mod:`qxmap.exports.fonts`) and is literal (no mathtext).
The slide reuses the deck's helpers (:mod:`qxmap.exports.deck`): 16:9, the
same title size, fonts and speaker notes.
"""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

import numpy as np

from qxmap import schema
from qxmap.atomicfile import atomic_path
from qxmap.exports import fonts
from qxmap.exports.mapart import literal
from qxmap.styles import status_color
from qxmap.tracking.dashboard import Figures


def _words(lang: str) -> dict:
    zh = lang == "zh"
    return {
        "records": "项目数" if zh else "Records",
        "km": "示意长度（km）" if zh else "Length (km)",
        "started": "今年开工" if zh else "Started this year",
        "finished": "今年完工" if zh else "Finished this year",
        "overdue": "逾期未完成" if zh else "Overdue",
        "by_phase": "各建设阶段的项目数（按状态）" if zh else "Records by build phase and status",
        "by_category": "各类别的项目数（按状态）" if zh else "Records by category and status",
        "none": "没有符合筛选条件的记录" if zh else "No records match the filter",
    }


def headline(figures: Figures, lang: str = "zh") -> list[tuple[str, str]]:
    """(label, value) of the headline numbers, in order."""
    w = _words(lang)
    return [(w["records"], str(figures.count)), (w["km"], f"{figures.summary.km:.1f}"),
            (w["started"], str(figures.started)), (w["finished"], str(figures.finished)),
            (w["overdue"], str(figures.overdue))]


def day_line(figures: Figures, lang: str = "zh") -> str:
    day = figures.day.isoformat()
    if figures.as_of:
        return f"状态截至 {day}" if lang == "zh" else f"State as of {day}"
    return f"统计日期 {day}" if lang == "zh" else f"As at {day}"


def dashboard_figure(figures: Figures, lang: str = "zh", size_in=(12.3, 6.2), dpi: float = 150, title: str = ""):
    """The dashboard as a matplotlib Figure (not saved)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    w = _words(lang)
    with matplotlib.rc_context(fonts.rc_params()):
        fig = Figure(figsize=size_in, dpi=dpi)
        FigureCanvasAgg(fig)
        fig.patch.set_facecolor("white")
        big, small, tick = fonts.font(22), fonts.font(12), fonts.font(12)
        top = 0.97
        if title:
            fig.text(0.02, top, literal(title), fontproperties=fonts.font(18), va="top", parse_math=False)
            top -= 0.07
        fig.text(0.02, top, literal(figures.road_filter.describe(lang) + " · " + day_line(figures, lang)),
                 fontproperties=small, va="top", color="#555555", parse_math=False)
        tiles = headline(figures, lang)
        for i, (label, value) in enumerate(tiles):
            x = 0.02 + i * 0.196
            color = "#b3261e" if i == 4 and figures.overdue else "#222222"
            fig.text(x, top - 0.06, value, fontproperties=big, va="top", color=color, parse_math=False)
            fig.text(x, top - 0.15, literal(label), fontproperties=small, va="top", color="#555555", parse_math=False)
        status_parts = [f"{schema.label(schema.STATUS_LABELS, r.code, lang)} {r.count} · {r.km:.1f} km"
                        for r in figures.summary.by_status if r.count]
        fig.text(0.02, top - 0.21, literal("　".join(status_parts)), fontproperties=small, va="top",
                 color="#333333", parse_math=False)
        bottom_top = top - 0.29
        axes = [fig.add_axes((0.16, 0.08, 0.33, bottom_top - 0.14)), fig.add_axes((0.65, 0.08, 0.33, bottom_top - 0.14))]
        tables = ((axes[0], figures.phase_counts, schema.PHASES, schema.PHASE_LABELS, w["by_phase"]),
                  (axes[1], figures.category_counts, schema.CATEGORIES, schema.CATEGORY_LABELS, w["by_category"]))
        handles = {}
        for ax, counts, order, labels, heading in tables:
            y = np.arange(len(order))[::-1]
            left = np.zeros(len(order))
            for j, code in enumerate(schema.STATUSES):
                if counts[:, j].sum() == 0:
                    continue
                bars = ax.barh(y, counts[:, j], left=left, height=0.62, color=status_color(code),
                               edgecolor="white", linewidth=0.8)
                handles.setdefault(code, bars)
                left += counts[:, j]
            most = max(float(left.max()) if len(left) else 0.0, 1e-9)
            for yi, total in zip(y, left):
                ax.text(total + most * 0.02, yi, f"{total:.0f}", va="center", ha="left", fontproperties=tick,
                        parse_math=False, color="#333333")
            ax.set_xlim(0, most * 1.15 if most > 1e-6 else 1)
            ax.set_yticks(y)
            ax.set_yticklabels([literal(schema.label(labels, c, lang)) for c in order], fontproperties=tick)
            ax.set_title(literal(heading), fontproperties=fonts.font(14), loc="left", pad=8)
            for spine in ("top", "right"):
                ax.spines[spine].set_visible(False)
            for label in ax.get_xticklabels():
                label.set_fontproperties(tick)
            ax.grid(axis="x", color="#dddddd", linewidth=0.8)
            ax.set_axisbelow(True)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: whole numbers
        if handles:
            codes = [c for c in schema.STATUSES if c in handles]
            fig.legend([handles[c] for c in codes], [literal(schema.label(schema.STATUS_LABELS, c, lang)) for c in codes],
                       loc="upper right", ncol=len(codes), prop=small, frameon=False,
                       bbox_to_anchor=(0.99, bottom_top + 0.03), handlelength=1.2)
        if figures.count == 0:
            fig.text(0.5, 0.35, literal(w["none"]), fontproperties=fonts.font(16), ha="center", va="center",
                     parse_math=False)
    return fig


def dashboard_png(figures: Figures, lang: str = "zh", size_in=(12.3, 6.2), dpi: float = 150,
                  title: str = "") -> bytes:
    """The dashboard as PNG bytes."""
    import matplotlib

    fig = dashboard_figure(figures, lang, size_in, dpi, title)
    buf = BytesIO()
    with matplotlib.rc_context(fonts.rc_params()):
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def write_dashboard_png(figures: Figures, out_path, lang: str = "zh", title: str = "") -> Path:
    out_path = Path(out_path)
    data = dashboard_png(figures, lang, title=title)
    with atomic_path(out_path) as tmp:
        tmp.write_bytes(data)
    return out_path


def slide_title(lang: str = "zh") -> str:
    return "项目进展概览" if lang == "zh" else "Progress overview"


def write_dashboard_slide(figures: Figures, out_path, lang: str = "zh", title: str | None = None) -> Path:
    """One 16:9 slide: the title, the dashboard picture, speaker notes with every figure."""
    from pptx import Presentation

    from qxmap.exports import deck

    out_path = Path(out_path)
    title = title or slide_title(lang)
    with atomic_path(out_path) as tmp:
        prs = Presentation()
        prs.slide_width, prs.slide_height = deck.SLIDE_W_EMU, deck.SLIDE_H_EMU
        prs.core_properties.title = deck.clean_text(title)
        prs.core_properties.author = "qxmap"
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        deck._title(slide, title, lang)
        deck._subtitle(slide, figures.road_filter.describe(lang) + " · " + day_line(figures, lang), lang)
        w = deck.SLIDE_W_IN - 2 * deck.LEFT
        h = deck.CONTENT_BOTTOM - deck.CONTENT_TOP + 0.6
        dpi = deck.picture_dpi(w)
        deck._picture(slide, dashboard_png(figures, lang, (w, h), dpi), deck.LEFT, deck.CONTENT_TOP, w, h)
        notes = [day_line(figures, lang)] + [f"{label}: {value}" for label, value in headline(figures, lang)]
        for i, phase in enumerate(schema.PHASES):
            parts = [f"{schema.label(schema.STATUS_LABELS, s, lang)} {int(figures.phase_counts[i, j])}"
                     for j, s in enumerate(schema.STATUSES) if figures.phase_counts[i, j]]
            if parts:
                notes.append(f"{schema.label(schema.PHASE_LABELS, phase, lang)}: " + ", ".join(parts))
        deck._notes(slide, notes)
        prs.save(str(tmp))
    return out_path
