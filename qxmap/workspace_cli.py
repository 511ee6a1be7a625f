"""Workspace subcommands of the qxmap command line.

    qxmap workspace create --from PATH OUT.gpkg [--overwrite]
    qxmap set-status WORKSPACE ROAD_ID STATUS [--note TEXT] [--by NAME] [--force]
    qxmap history WORKSPACE [ROAD_ID] [--csv]
    qxmap set-geometry WORKSPACE ID (--geojson FILE | --wkt TEXT | --delete) [--crs EPSG:NNNN|gcj02]
                       [--accuracy CODE] [--note TEXT] [--by NAME]

``register(subparsers)`` adds them to the main parser; every subparser sets
``func`` to a handler that returns the exit code: 0 done, 1 a domain error
(unknown id or status, a step backwards without --force, a conflict, a file
that is not a workspace) reported in one line on stderr, never a traceback.
Qt-free.
"""
from __future__ import annotations

import argparse
import sys
from typing import Callable

from qxmap import schema
from qxmap.atomicfile import WriteFailed
from qxmap.dataset import DatasetError
from qxmap.workspace import (ConfirmationNeeded, WorkspaceError, create_workspace, default_user,
                             Workspace, read_history, set_status, write_history_csv)


def register(subparsers) -> None:
    """Add ``workspace``, ``set-status`` and ``history`` to an argparse subparsers object."""
    ws = subparsers.add_parser("workspace", help="create a workspace GeoPackage",
                               description="Workspace files: one GeoPackage with the layers and their history.")
    ws_sub = ws.add_subparsers(dest="workspace_command", required=True, metavar="ACTION")
    create = ws_sub.add_parser("create", help="import a dataset into a new workspace",
                               description="Load and validate a dataset (folder of GeoJSON, GeoJSON or "
                               "GeoPackage) and write it as a new workspace GeoPackage.")
    create.add_argument("--from", dest="source", required=True, metavar="PATH",
                        help="the dataset to import")
    create.add_argument("out", metavar="OUT.gpkg", help="the workspace file to write")
    create.add_argument("--overwrite", action="store_true", help="replace OUT.gpkg if it exists")
    create.set_defaults(func=cmd_workspace_create)

    status = subparsers.add_parser(
        "set-status", help="change the status of a road or exit in a workspace",
        description="Change the status of one road or exit, with the same rules and history as the app. "
        "Statuses: " + ", ".join(schema.STATUSES) + ".")
    status.add_argument("workspace", metavar="WORKSPACE", help="the workspace .gpkg")
    status.add_argument("road_id", metavar="ROAD_ID")
    status.add_argument("status", metavar="STATUS", help="one of " + ", ".join(schema.STATUSES))
    status.add_argument("--note", metavar="TEXT", help="why, recorded in the history")
    status.add_argument("--by", metavar="NAME", help="who, recorded in the history (default: your user name)")
    status.add_argument("--force", action="store_true",
                        help="allow a step backwards (e.g. completed -> planned)")
    status.set_defaults(func=cmd_set_status)

    geometry = subparsers.add_parser(
        "set-geometry", help="put a record on the map (or take it off) in a workspace",
        description="Give one record (road, exit, park, zone, facility, boundary) a geometry, with the same "
        "rules and history as drawing it in the app: the right type for its layer, a valid shape, within "
        "50 km of the town. Accuracy codes: " + ", ".join(schema.ACCURACIES) + ".")
    geometry.add_argument("workspace", metavar="WORKSPACE", help="the workspace .gpkg")
    geometry.add_argument("feature_id", metavar="ID")
    source = geometry.add_mutually_exclusive_group(required=True)
    source.add_argument("--geojson", metavar="FILE", help="a GeoJSON file: a geometry, a feature, or a "
                        "collection of one feature ('-' reads stdin)")
    source.add_argument("--wkt", metavar="TEXT", help="the geometry as WKT")
    source.add_argument("--delete", action="store_true",
                        help="delete the geometry: the record becomes 'unmapped' (it is never deleted)")
    geometry.add_argument("--crs", metavar="CRS", help="the coordinates' system: EPSG:NNNN (e.g. EPSG:4547), "
                          "gcj02 (AMap/Gaode) or bd09 (Baidu); default WGS-84 longitude/latitude")
    geometry.add_argument("--accuracy", metavar="CODE", help="how the position was obtained (default: imported "
                          "for a file, drawn for WKT; unmapped with --delete)")
    geometry.add_argument("--note", metavar="TEXT", help="why, recorded in the history")
    geometry.add_argument("--by", metavar="NAME", help="who, recorded in the history (default: your user name)")
    geometry.set_defaults(func=cmd_set_geometry)

    history = subparsers.add_parser("history", help="list the saved changes of a workspace",
                                    description="List the saved changes, oldest first.")
    history.add_argument("workspace", metavar="WORKSPACE", help="the workspace .gpkg")
    history.add_argument("road_id", metavar="ROAD_ID", nargs="?", help="only this road or exit")
    history.add_argument("--csv", action="store_true", help="write CSV to stdout")
    history.set_defaults(func=cmd_history)


def _fail(message: str) -> int:
    text = " ".join(str(message).split()) if "\n" in str(message) else str(message)
    print(f"qxmap: error: {text}", file=sys.stderr)
    return 1


def _guarded(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except DatasetError as exc:
            problems = exc.problems
            first = str(problems[0]) if problems else "invalid dataset"
            more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
            return _fail(f"{first}{more}")
        except (WorkspaceError, WriteFailed) as exc:
            return _fail(str(exc))
        except OSError as exc:
            return _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
    handler.__name__ = run.__name__
    handler.__doc__ = run.__doc__
    return handler


@_guarded
def cmd_workspace_create(args: argparse.Namespace) -> int:
    out = create_workspace(args.source, args.out, overwrite=args.overwrite)
    print(f"wrote workspace {out}")
    return 0


@_guarded
def cmd_set_status(args: argparse.Namespace) -> int:
    by = args.by or default_user()
    try:
        edit = set_status(args.workspace, args.road_id, args.status, note=args.note, by=by,
                          confirm=args.force)
    except ConfirmationNeeded as exc:
        return _fail(f"{exc} Use --force to make this change.")
    if edit is None:
        print(f"{args.road_id}: status is already '{args.status}'; nothing changed")
    else:
        print(f"{args.road_id}: status {edit.old} -> {edit.new} (saved, by {by})")
    return 0


@_guarded
def cmd_set_geometry(args: argparse.Namespace) -> int:
    from qxmap import geometry_edits as rules

    by = args.by or default_user()
    try:
        if args.delete:
            geom, accuracy = None, args.accuracy
        elif args.wkt is not None:
            geom, accuracy = rules.geometry_from_wkt(args.wkt), args.accuracy or rules.DRAWN
        else:
            geom, accuracy = rules.geometry_from_geojson(_read_geojson(args.geojson)), args.accuracy or "imported"
        if not args.delete and geom is None:
            return _fail(f"{args.feature_id}: the input holds no geometry (use --delete to take one away)")
        geom = rules.to_wgs84(geom, args.crs)
    except rules.GeometryProblem as exc:
        return _fail(f"{args.feature_id}: {exc}")
    edit = Workspace.open(args.workspace).set_geometry(args.feature_id, geom, accuracy, note=args.note, by=by)
    if edit is None:
        print(f"{args.feature_id}: the geometry is already this one; nothing changed")
    else:
        print(f"{args.feature_id}: geometry {rules.size_text(edit.old)} -> {rules.size_text(edit.new)}, "
              f"accuracy {edit.old_accuracy} -> {edit.new_accuracy} (saved, by {by})")
    return 0


def _read_geojson(name: str) -> bytes:
    """The GeoJSON file's bytes (at most geometry_edits.MAX_TEXT; a pipe or a device refused)."""
    import os
    import stat

    from qxmap import geometry_edits as rules

    if name == "-":
        data = sys.stdin.buffer.read(rules.MAX_TEXT + 1)
    else:
        mode = os.stat(name).st_mode
        if not stat.S_ISREG(mode):
            raise rules.GeometryProblem(f"{name} is not a regular file")
        with open(name, "rb") as fh:
            data = fh.read(rules.MAX_TEXT + 1)
    if len(data) > rules.MAX_TEXT:
        raise rules.GeometryProblem(f"{name} is larger than {rules.MAX_TEXT:,} bytes")
    return data


def history_value(field: str, old: str | None, new: str | None) -> str:
    """A history row's change as the listing shows it: a geometry as its size
    ("0 -> 2.31 km"), a created or removed record as such, other values as they are."""
    from qxmap import geometry_edits as rules

    if field == "geometry":
        return rules.change_text(old, new)
    if field == "record":  # with its geometry's size when the row holds it
        geom = rules.record_from_text(new or old)[1]
        return ("created" if new else "removed") + (f" ({rules.size_text(geom)})" if geom is not None else "")
    return f"{old or '(none)'} -> {new or '(none)'}"


@_guarded
def cmd_history(args: argparse.Namespace) -> int:
    entries, names = read_history(args.workspace, args.road_id)
    try:
        if args.csv:
            write_history_csv(entries, sys.stdout, names, lineterminator="\n")
        else:
            if not entries:
                print("no saved changes" + (f" for {args.road_id}" if args.road_id else ""))
            for e in entries:
                name = names.get(e.road_id) or ""
                line = (f"{e.changed_at}  {e.road_id} {name}  {e.field}: "
                        f"{history_value(e.field, e.old_value, e.new_value)}  by {e.changed_by}")
                if e.note:
                    line += f"  ({e.note})"
                print(line)
        sys.stdout.flush()
    except BrokenPipeError:  # `qxmap history ... | head`
        return 0
    return 0
