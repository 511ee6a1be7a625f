"""Open a workspace in a fresh process and print what it holds as JSON.

    python read_workspace.py WORKSPACE [ID ...]

Prints {"generation": g, "records": {id: {field: value}}, "history": [...]}.
"""
import json
import sys

from qxmap.editing import EDITABLE_FIELDS
from qxmap.workspace import Workspace


def main() -> int:
    ws = Workspace.open(sys.argv[1])
    records = {}
    for fid in sys.argv[2:]:
        record = ws.record(fid)
        records[fid] = None if record is None else {f: record[f] for f in EDITABLE_FIELDS}
    print(json.dumps({
        "generation": ws.generation,
        "revisions": {fid: ws.revision(fid) for fid in sys.argv[2:]},
        "records": records,
        "history": [e.as_dict() for e in ws.history()],
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
