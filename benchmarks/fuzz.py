"""Fuzz the loader and the commands longer than CI does.

Runs the strategies of tests/test_fuzz_dataset.py (mutated copies of the
bundled dataset through ``qxmap validate``, ``summary``, ``export`` and the
map page) for --examples N random examples, records every failure instead of
stopping at the first, and prints a summary: examples run, how many
validated, failures (each with its plan, the mutations that reproduce it).
--keep DIR keeps the input of each failure there.  Ends with one JSON line:
{"examples", "valid", "invalid", "failures", "seconds", "seed", "failure_kinds"}.

    python benchmarks/fuzz.py [--examples 500] [--seed N] [--keep DIR]

Exit status 0 when nothing failed, 1 otherwise.
"""
import argparse
import collections
import importlib.util
import json
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("qxmap_fuzz_strategies", ROOT / "tests" / "test_fuzz_dataset.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500, help="number of examples (default 500)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: a new one, printed)")
    parser.add_argument("--keep", type=Path, default=None, help="copy the input of each failure into this folder")
    parser.add_argument("--show", type=int, default=10, help="failures to print in full (default 10)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2 ** 32)

    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    fuzz = _fuzz_module()
    counts = collections.Counter()
    failures = []
    started = time.perf_counter()

    @hypothesis_seed(seed)
    @settings(max_examples=args.examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(fuzz.plans())
    def run(plan):
        with tempfile.TemporaryDirectory(prefix="qxmap-fuzz-") as tmp:
            try:
                counts[fuzz.check_plan(plan, Path(tmp))] += 1
            except Exception as exc:  # AssertionError (a check) or anything the commands let through
                counts["failed"] += 1
                detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
                failures.append({"plan": repr(plan), "error": detail[:3000],
                                 "kind": type(exc).__name__ + ": " + (detail.splitlines() or [""])[0][:120]})
                if args.keep and (Path(tmp) / "in").exists():
                    target = args.keep / f"failure-{len(failures):03d}"
                    shutil.copytree(Path(tmp) / "in", target, dirs_exist_ok=True)
                    (target / "plan.txt").write_text(repr(plan) + "\n\n" + detail + "\n", encoding="utf-8")
            n = sum(counts.values())
            if n % 50 == 0:
                print(f"  {n} examples, {counts['failed']} failure(s)", file=sys.stderr, flush=True)

    run()
    seconds = time.perf_counter() - started
    examples = sum(counts.values())
    kinds = collections.Counter(f["kind"] for f in failures)
    print(f"fuzz: {examples} examples in {seconds:.1f} s (seed {seed}): {counts['valid']} validated, "
          f"{counts['invalid']} rejected with a message, {len(failures)} failure(s)")
    for kind, n in kinds.most_common():
        print(f"  {n} x {kind}")
    for failure in failures[: args.show]:
        print(f"\nplan: {failure['plan']}\n{failure['error']}")
    print(json.dumps({"examples": examples, "valid": counts["valid"], "invalid": counts["invalid"],
                      "failures": len(failures), "seconds": round(seconds, 1), "seed": seed,
                      "failure_kinds": dict(kinds)}, ensure_ascii=False))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
