"""Save big batches of edits in a loop until killed (for the kill-during-save test).

    python save_loop.py WORKSPACE N_EDITS

Opens the workspace, then forever: set the note of the first N_EDITS roads
(by id order) to "save <g>" where g is the generation the save will produce,
and save them all at once.  Prints "ready" once, then "saving <g>" before and
"saved <g>" after every save, so the parent can time its SIGKILL.
"""
import sys

from qxmap.editing import Edit
from qxmap.workspace import Workspace


def main() -> int:
    ws = Workspace.open(sys.argv[1])
    n = int(sys.argv[2])
    ids = sorted(ws.dataset.layers["roads"]["id"])[:n]
    notes = {fid: ws.record(fid)["note"] for fid in ids}
    print("ready", flush=True)
    while True:
        g = ws.generation + 1
        for fid in ids:
            edit = Edit(fid, "note", notes[fid], f"save {g}")
            ws.apply(edit)
            notes[fid] = edit.new
        print(f"saving {g}", flush=True)
        ws.save("save-loop")
        print(f"saved {g}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
