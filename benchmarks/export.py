"""Export speed: the A4 landscape PDF at 300 dpi of the whole town, and the full slide deck.

Uses the bundled Qingxi dataset (a synthetic network with --roads N instead,
or when the bundled data is missing), no filter.  Each export runs once to
warm up (font registration, imports) and then --runs times; medians are
reported.  Baseline in the same run: a bare matplotlib figure of the same
size (A4 landscape, one Chinese title in the same font) saved to PDF, so
the ratio says what the layout itself costs on this machine.  Targets: PDF
at most 3 s, deck at most 10 s.  Ends with one JSON line:
{"pdf_s", "pptx_s", "baseline_pdf_s", "pdf_ratio", "pptx_ratio", "pdf_cold_s", ...}.

    python benchmarks/export.py [--runs 5] [--roads N]
"""
import argparse
import json
import statistics
import sys
import tempfile
import time
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--roads", type=int, default=0, help="synthetic network of N roads instead of the bundled data")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = bundled_dataset()
        if args.roads or not (source / "roads.geojson").is_file():
            source = write_synthetic(tmp / "synthetic", args.roads or 2000)
        dataset = load_dataset(source)
        everything = RoadFilter.of()
        n = len(dataset.tracked())

        pdf_cold, pdf = timed(lambda: export(dataset, everything, tmp / "town.pdf", paper="A4", orientation="landscape",
                                   dpi=300, extent="town"), args.runs)
        pptx_cold, pptx = timed(lambda: export(dataset, everything, tmp / "deck.pptx"), args.runs)
        _, base = timed(lambda: baseline_pdf(tmp / "baseline.pdf"), args.runs)
        sizes = {name: (tmp / name).stat().st_size for name in ("town.pdf", "deck.pptx", "baseline.pdf")}

    med = {k: statistics.median(v) for k, v in (("pdf", pdf), ("pptx", pptx), ("base", base))}
    print(f"dataset: {source} ({n} tracked records), {args.runs} runs after one warm-up", file=sys.stderr)
    for name, times in (("PDF A4 landscape 300 dpi", pdf), ("PPTX deck", pptx), ("baseline bare PDF", base)):
        print(f"{name:<26} median {statistics.median(times):6.3f} s   "
              f"min {min(times):6.3f}   max {max(times):6.3f}", file=sys.stderr)
    print(f"file sizes: {sizes}", file=sys.stderr)
    result = {
        "pdf_s": round(med["pdf"], 3),
        "pptx_s": round(med["pptx"], 3),
        "baseline_pdf_s": round(med["base"], 3),
        "pdf_ratio": round(med["pdf"] / med["base"], 2),
        "pptx_ratio": round(med["pptx"] / med["base"], 2),
        "pdf_cold_s": round(pdf_cold, 3),
        "pptx_cold_s": round(pptx_cold, 3),
        "pdf_target_s": 3.0,
        "pptx_target_s": 10.0,
        "records": n,
        "runs": args.runs,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
