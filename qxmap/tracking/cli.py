"""Tracking subcommands of the qxmap command line.

    qxmap changes WORKSPACE --since YYYY-MM-DD [--json | --csv | --xlsx FILE] [--pptx FILE] [--lang zh|en]
    qxmap set-field WORKSPACE ROAD_ID FIELD VALUE [--note TEXT] [--by NAME]

``changes`` lists every saved change from that day on, grouped (started,
finished, slipped, set back, other), with who made it and the note.
``set-field`` sets one tracking field with the app's rules and history:
progress (0-100), owner, contractor, budget (with its unit: 1200万元,
3.5亿元), start and target (2019 or 2019-06), actual_start and
completed_on (YYYY-MM-DD, not in the future); an empty VALUE clears it.

Exit codes: 0 done, 1 a problem with the workspace or the value (one line
on stderr), 2 bad usage (e.g. a date that is not YYYY-MM-DD).
"""
from __future__ import annotations

import argparse
import sys

from qxmap.atomicfile import WriteFailed
from qxmap.workspace import EditRefused, Workspace, WorkspaceError, default_user

#: FIELD names of ``set-field`` -> the workspace field ("start"/"target" are periods).
SET_FIELDS = {"progress": "progress", "owner": "owner", "contractor": "contractor", "budget": "budget_wan",
              "start": "start", "target": "target", "actual_start": "actual_start", "completed_on": "completed_on"}


def _date(text: str):
    from qxmap.tracking.history import parse_day

    try:
        return parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def register(subparsers) -> None:
    changes = subparsers.add_parser(
        "changes", help="what changed in a workspace since a date (started, finished, slipped, set back)",
        description="Every saved change from the start of that day on, grouped for a progress meeting: "
        "started, finished, slipped (target moved later), set back or put on hold, other.")
    changes.add_argument("workspace", metavar="WORKSPACE", help="the workspace .gpkg")
    changes.add_argument("--since", required=True, type=_date, metavar="YYYY-MM-DD",
                         help="list the changes made on or after this day (local time)")
    out = changes.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON")
    out.add_argument("--csv", action="store_true", help="print CSV")
    out.add_argument("--xlsx", metavar="FILE", help="write an XLSX sheet to FILE")
    changes.add_argument("--pptx", metavar="FILE", help="also write slides (本月进展) to FILE")
    changes.add_argument("--lang", choices=("zh", "en"), default="zh")
    changes.set_defaults(func=cmd_changes)

    set_field = subparsers.add_parser(
        "set-field", help="set a tracking field of a road or exit in a workspace",
        description="Set one tracking field with the app's rules and history. FIELD: "
        + ", ".join(SET_FIELDS) + ". An empty VALUE clears the field.")
    set_field.add_argument("workspace", metavar="WORKSPACE")
    set_field.add_argument("road_id", metavar="ROAD_ID")
    set_field.add_argument("field", metavar="FIELD", choices=tuple(SET_FIELDS), help=", ".join(SET_FIELDS))
    set_field.add_argument("value", metavar="VALUE")
    set_field.add_argument("--note", metavar="TEXT", help="why, recorded in the history")
    set_field.add_argument("--by", metavar="NAME", help="who, recorded in the history (default: your user name)")
    set_field.set_defaults(func=cmd_set_field)


def _fail(message: str) -> int:
    print(f"qxmap: error: {' '.join(str(message).split())}", file=sys.stderr)
    return 1


def cmd_changes(args: argparse.Namespace) -> int:
    from qxmap.tracking.changes import changes_since
    from qxmap.tracking.history import read_with_names, utc_floor
    from qxmap.tracking.report import changes_csv_text, write_changes_deck, write_changes_xlsx

    try:
        history, names = read_with_names(args.workspace, since_utc=utc_floor(args.since))
        report = changes_since(history, args.since, names)
        if args.xlsx:
            write_changes_xlsx(report, args.xlsx, args.lang)
        if args.pptx:
            write_changes_deck(report, args.pptx, args.lang)
    except (WorkspaceError, WriteFailed) as exc:
        return _fail(exc)
    except OSError as exc:
        return _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
    if report.note(args.lang):
        print(f"qxmap: note: {report.note(args.lang)}", file=sys.stderr)
    try:
        if args.json:
            print(report.to_json())
        elif args.csv:
            sys.stdout.write(changes_csv_text(report, args.lang))
        elif args.xlsx:
            print(f"wrote {args.xlsx}: {len(report.rows)} change(s) since {report.since_text}")
        else:
            print(report.text(args.lang))
        if args.pptx:
            print(f"wrote {args.pptx}", file=sys.stderr)
        sys.stdout.flush()
    except BrokenPipeError:  # `qxmap changes ... | head`
        return 0
    return 0


def cmd_set_field(args: argparse.Namespace) -> int:
    from qxmap.editing import check_period, same_value

    field = SET_FIELDS[args.field]
    by = args.by or default_user()
    try:
        ws = Workspace.open(args.workspace)
        if ws.locate(args.road_id) is None:
            return _fail(f"{ws.path}: unknown road or exit id '{args.road_id}'")
        value = args.value
        if field in ("start", "target"):
            verdict, changes = check_period(dict(ws.record(args.road_id)), field, value, args.road_id)
        else:
            verdict = ws.check_edit(args.road_id, field, value)
            changes = [] if not verdict.ok or same_value(ws.record(args.road_id)[field], verdict.value) \
                else [(field, verdict.value)]
        if not verdict.ok:
            return _fail(f"{args.road_id}: {verdict.message}; nothing was saved")
        if not changes:
            print(f"{args.road_id}: {args.field} is already {value!r}; nothing changed")
            return 0
        for name, new in changes:
            ws.apply(ws.make_edit(args.road_id, name, new, args.note))
        ws.save(by)
    except EditRefused as exc:
        return _fail(f"{exc}; nothing was saved")
    except (WorkspaceError, WriteFailed) as exc:
        return _fail(exc)
    from qxmap.editing import period_text, value_text

    shown = period_text(*verdict.value) if field in ("start", "target") else value_text(verdict.value)
    if field == "budget_wan" and shown:
        shown += "万元"
    print(f"{args.road_id}: {args.field} set to {shown or '(empty)'} (saved, by {by})")
    return 0
