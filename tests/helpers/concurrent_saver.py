"""Save status changes to a workspace over and over, for the concurrent-save tests.

    python concurrent_saver.py MODE WORKSPACE WORKER N ROAD [ROAD ...]

MODE is how each save is made:

* ``cli``: ``qxmap.cli.main(["set-status", ...])`` in this process, once per
  road and attempt (the command line's own code path, without paying for a new
  interpreter every time);
* ``exec``: ``python -m qxmap set-status ...`` as a child process (the real
  command);
* ``api``: one :class:`~qxmap.workspace.Workspace` kept open; every attempt
  edits all ROADs and saves them in one transaction.

Attempt *i* sets each road to ``CYCLE[(i + offset) % 5]`` (offset: the road's
place in the cycle when the worker starts) with the note ``WORKER-i``.
Prints one JSON line per save: {"tag", "roads", "new", "ok", "changed", "rc",
"out", "err"}; "ok" means the save was reported as done.  Waits for "go" on
stdin before the first save so that the workers start together.
"""
from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys

CYCLE = ("planned", "preparing", "under_construction", "completed", "on_hold")


def _cli_in_process(argv: list[str]) -> tuple[int, str, str]:
    from qxmap.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = main(argv)
        except SystemExit as exc:  # argparse
            rc = exc.code if isinstance(exc.code, int) else 1
    return rc, out.getvalue(), err.getvalue()


def _cli_exec(argv: list[str]) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-m", "qxmap", *argv], capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def main() -> int:
    mode, path, worker, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    roads = sys.argv[5:]
    from qxmap.workspace import Workspace, WorkspaceError

    ws = Workspace.open(path)
    current = {fid: ws.record(fid)["status"] for fid in roads}
    offset = {fid: CYCLE.index(current[fid]) + 1 for fid in roads}
    if mode != "api":
        ws = None
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        return 2
    for i in range(n):
        tag = f"{worker}-{i}"
        new = {fid: CYCLE[(i + offset[fid]) % len(CYCLE)] for fid in roads}
        if mode == "api":
            try:
                for fid in roads:
                    ws.apply(ws.make_edit(fid, "status", new[fid], note=tag))
                ws.save(worker)
                result = {"ok": True, "changed": True, "rc": 0, "out": "", "err": ""}
            except WorkspaceError as exc:
                result = {"ok": False, "changed": False, "rc": 1, "out": "", "err": str(exc)}
                ws.reload()  # forget the refused edits; the next attempt starts from the file
            print(json.dumps({"tag": tag, "roads": roads, "new": new, **result}, ensure_ascii=False), flush=True)
            continue
        run = _cli_in_process if mode == "cli" else _cli_exec
        for fid in roads:
            rc, out, err = run(["set-status", path, fid, new[fid], "--note", tag, "--by", worker, "--force"])
            ok = rc == 0
            changed = ok and "(saved" in out
            print(json.dumps({"tag": tag, "roads": [fid], "new": {fid: new[fid]}, "ok": ok, "changed": changed,
                              "rc": rc, "out": out, "err": err}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
