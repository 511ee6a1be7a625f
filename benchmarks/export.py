"""Export speed: the A4 PDF at 300 dpi with labels, the slide deck (49 and 2,000 records), the composed snapshot.

Uses the bundled Qingxi dataset (a synthetic network instead when the bundled
data is missing) and a synthetic network of --roads N (default 2,000) for
the large deck; no filter, the default extent (the whole town).  Each export
runs once to warm up (font registration, imports) and then --runs times;
medians are reported.  The composed snapshot is fed a synthetic 1600 x 1000
map image (what the UI grabs at 2x from an 800 x 500 map) and composed 16:9.
Baseline in the same run: a bare matplotlib figure of the same size (A4
landscape, one Chinese title in the same font) saved to PDF, so the ratio
says what the layout itself costs on this machine.

Targets: ``pdf_s`` <= 3 s, ``pptx_s`` <= 10 s, ``pptx_2000_s`` <= 10 s,
``snapshot_2x_s`` <= 2 s.  Ends with one JSON line:
{"pdf_s", "pptx_s", "pptx_2000_s", "snapshot_2x_s", "baseline_pdf_s", ...}.

    python benchmarks/export.py [--runs 3] [--roads 2000]
"""
import argparse
import json
import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

from qxmap.dataset import load_dataset
from qxmap.exports import export
from qxmap.exports import fonts
from qxmap.filtering import RoadFilter
from qxmap.paths import bundled_dataset
from qxmap.synthetic import write_synthetic


def timed(fn, runs):
    t0 = time.perf_counter()
    fn()  # warm-up (the cold time: imports, font registration)
    cold = time.perf_counter() - t0
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return cold, times


def baseline_pdf(path: Path) -> None:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(fonts.rc_params()):
        fig = Figure(figsize=(297 / 25.4, 210 / 25.4), dpi=300)
        FigureCanvasAgg(fig)
        fig.text(0.05, 0.92, "清溪镇基础设施项目图", fontproperties=fonts.font(18))
        ax = fig.add_axes((0.05, 0.1, 0.7, 0.75))
        ax.plot([0, 1], [0, 1])
        fig.savefig(path, format="pdf", dpi=300)


def synthetic_map_png(width: int = 1600, height: int = 1000) -> bytes:
    """A stand-in for the live map grabbed at 2x: a background, a town-like fill and some lines."""
    import numpy as np
    from PIL import Image, ImageDraw

    rng = np.random.default_rng(1)
    im = Image.new("RGB", (width, height), (238, 240, 234))
    draw = ImageDraw.Draw(im)
    draw.polygon([(300, 80), (1250, 120), (1350, 600), (900, 950), (350, 820)], fill=(244, 241, 232),
                 outline=(85, 85, 85))
    for _ in range(300):
        pts = np.cumsum(rng.normal(0, 25, size=(6, 2)), axis=0) + rng.uniform((0, 0), (width, height))
        draw.line([tuple(p) for p in pts], fill=tuple(int(v) for v in rng.integers(0, 255, 3)), width=4)
    buf = BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--roads", type=int, default=2000, help="roads of the synthetic network for pptx_2000_s")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = bundled_dataset()
        if not (source / "roads.geojson").is_file():
            source = write_synthetic(tmp / "small", 41)
        dataset = load_dataset(source)
        big = load_dataset(write_synthetic(tmp / "synthetic", args.roads))
        everything = RoadFilter.of()
        n = len(dataset.tracked())
        n_big = len(big.tracked())

        pdf_cold, pdf = timed(lambda: export(dataset, everything, tmp / "town.pdf", paper="A4",
                                             orientation="landscape", dpi=300), args.runs)
        pptx_cold, pptx = timed(lambda: export(dataset, everything, tmp / "deck.pptx"), args.runs)
        _, pptx_big = timed(lambda: export(big, everything, tmp / "deck2000.pptx"), max(1, args.runs - 1))

        from qxmap.exports.scene import build_scene
        from qxmap.exports.snapshot import compose_snapshot

        live = synthetic_map_png()
        scene = build_scene(dataset, everything)
        snap_out = {}

        def snapshot():
            snap_out["png"] = compose_snapshot(live, scene, 2, "16:9", metres_per_px=20.0)

        snap_cold, snap = timed(snapshot, args.runs)
        _, base = timed(lambda: baseline_pdf(tmp / "baseline.pdf"), args.runs)
        sizes = {name: (tmp / name).stat().st_size for name in ("town.pdf", "deck.pptx", "deck2000.pptx",
                                                                 "baseline.pdf")}
        sizes["snapshot.png"] = len(snap_out["png"])

    med = {k: statistics.median(v) for k, v in (("pdf", pdf), ("pptx", pptx), ("pptx_big", pptx_big),
                                                 ("snap", snap), ("base", base))}
    print(f"dataset: {source} ({n} tracked records) and a synthetic network ({n_big} records), "
          f"{args.runs} runs after one warm-up", file=sys.stderr)
    for name, times in (("PDF A4 landscape 300 dpi", pdf), ("PPTX deck", pptx), (f"PPTX deck {n_big}", pptx_big),
                        ("snapshot 2x 16:9", snap), ("baseline bare PDF", base)):
        print(f"{name:<26} median {statistics.median(times):6.3f} s   "
              f"min {min(times):6.3f}   max {max(times):6.3f}", file=sys.stderr)
    print(f"file sizes: {sizes}", file=sys.stderr)
    result = {
        "pdf_s": round(med["pdf"], 3),
        "pptx_s": round(med["pptx"], 3),
        "pptx_2000_s": round(med["pptx_big"], 3),
        "snapshot_2x_s": round(med["snap"], 3),
        "baseline_pdf_s": round(med["base"], 3),
        "pdf_ratio": round(med["pdf"] / med["base"], 2),
        "pptx_ratio": round(med["pptx"] / med["base"], 2),
        "pdf_cold_s": round(pdf_cold, 3),
        "pptx_cold_s": round(pptx_cold, 3),
        "snapshot_cold_s": round(snap_cold, 3),
        "pdf_target_s": 3.0,
        "pptx_target_s": 10.0,
        "snapshot_target_s": 2.0,
        "records": n,
        "records_large": n_big,
        "runs": args.runs,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
