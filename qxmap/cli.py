"""The `qxmap` command: open the app, or check, summarise and export data.

`qxmap` alone (or `qxmap run [PATH]`) opens the desktop app; the other
subcommands need no display and are used by planners' IT staff and by our
own checks.  Exit codes: 0 success, 1 a problem with the data or the
request, 2 bad usage.  Messages are one line on stderr, never a traceback
(an unexpected failure is one "internal error" line; QXMAP_DEBUG=1 shows
the traceback).  What loading repaired in the data (control characters
removed, heights dropped, ...) is printed as "note:" lines on stderr
(``validate`` prints them with its report).
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from qxmap import __version__, schema
from qxmap.safetext import say as _say

SUBCOMMANDS = ("run", "validate", "summary", "export", "workspace", "set-status", "set-geometry", "history", "inspect", "import",
               "changes", "set-field")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # exit 2 with one clear line
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(only_run: bool = False) -> argparse.ArgumentParser:
    """The whole command line; *only_run*: just ``run`` (opening the app need not
    import every subcommand's module: about half a second at start-up)."""
    parser = _Parser(prog="qxmap", description="清溪基建地图 qxmap: Qingxi infrastructure map viewer")
    parser.add_argument("--version", action="version", version=f"qxmap {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    run = sub.add_parser("run", help="open the desktop app (the default)")
    _add_run_arguments(run)
    run.set_defaults(func=_cmd_run)
    if only_run:
        return parser
    from qxmap import importing_cli

    validate = sub.add_parser("validate", help="check a dataset against the schema")
    validate.add_argument("path", help="a folder of GeoJSON layers, a GeoJSON file or a GeoPackage")
    validate.add_argument("--json", action="store_true", help="print the problems as JSON")
    importing_cli.add_mapping_arguments(validate)
    validate.set_defaults(func=_cmd_validate)

    summary = sub.add_parser("summary", help="counts and km by status and phase")
    summary.add_argument("path")
    _add_filter_arguments(summary)
    summary.add_argument("--json", action="store_true", help="print JSON instead of a table")
    summary.add_argument("--lang", choices=("zh", "en"), default="zh")
    importing_cli.add_mapping_arguments(summary)
    summary.set_defaults(func=_cmd_summary)

    for module in _command_modules():
        module.register(sub)
    # An export draws a workspace's reference layers too (read here: exports and the
    # workspace do not import each other).
    sub.choices["export"].set_defaults(add_references=_with_reference_layers)
    return parser


def _with_reference_layers(dataset, path):
    """*dataset* (loaded from *path*) with the reference layers of the workspace at *path*,
    read without opening it as a workspace (nothing is written); unchanged if it is none."""
    from dataclasses import replace
    from pathlib import Path

    from qxmap.workspace import WorkspaceError, reference_layers_of

    path = Path(path)
    if not (path.is_file() and path.suffix.lower() == ".gpkg"):
        return dataset
    try:
        references = reference_layers_of(path)
    except WorkspaceError as exc:  # (the export command says it as a ValueError: it knows no workspace)
        raise ValueError(str(exc)) from exc
    return replace(dataset, references=references) if references else dataset


def _command_modules():
    """Subcommands that live next to the code they drive."""
    from qxmap import importing_cli, workspace_cli
    from qxmap.exports import cli as export_cli
    from qxmap.tracking import cli as tracking_cli

    return (export_cli, workspace_cli, importing_cli, tracking_cli)


def _add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help="dataset or workspace to open (default: your workspace)")
    parser.add_argument("--lang", choices=("zh_CN", "en"), help="user-interface language")
    parser.add_argument("--smoke-test", action="store_true",
                        help="open the window, wait until the map has drawn, print what it shows and exit")
    parser.add_argument("--verbose", action="store_true",
                        help="show Qt's and Chromium's messages in the terminal (normally kept in the log file)")


def _add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--phase", action="append", default=[], choices=schema.PHASES, metavar="PHASE",
                        help="build phase (repeatable): " + ", ".join(schema.PHASES))
    parser.add_argument("--status", action="append", default=[], choices=schema.STATUSES, metavar="STATUS",
                        help="status (repeatable): " + ", ".join(schema.STATUSES))
    parser.add_argument("--category", action="append", default=[], choices=schema.CATEGORIES,
                        metavar="CATEGORY", help="category (repeatable): " + ", ".join(schema.CATEGORIES))
    parser.add_argument("--name", default="", help="text that the Chinese or English name contains")


def filter_from_args(args):
    from qxmap.filtering import RoadFilter

    return RoadFilter.of(args.phase, args.status, getattr(args, "category", []), getattr(args, "name", ""))


def _fail(message: str, code: int = 1) -> int:
    _say(f"qxmap: {message}", sys.stderr)
    return code


def _print_notes(path, notes) -> None:
    for note in notes:
        _say(f"qxmap: {note}", sys.stderr)


def _cmd_validate(args) -> int:
    from qxmap.dataset import DatasetError, load_dataset

    if getattr(args, "mapping", None):  # a planner's file, read through the import core
        from qxmap.importing_cli import validate_with_mapping

        return validate_with_mapping(args)
    try:
        dataset = load_dataset(args.path)
    except DatasetError as exc:
        if args.json:  # the problems, then the notes (each with its "severity")
            _say(json.dumps([p.as_dict() for p in exc.problems + exc.notes], ensure_ascii=False, indent=1))
        else:
            for problem in exc.problems + exc.notes:
                _say(str(problem))
            notes = f" and {len(exc.notes)} note(s)" if exc.notes else ""
            _say(f"{len(exc.problems)} problem(s){notes} in {args.path}", sys.stderr)
        return 1
    if args.json:
        _say(json.dumps({"valid": True, "layers": dataset.counts(), "notes": [n.as_dict() for n in dataset.notes]},
                        ensure_ascii=False))
    else:
        for note in dataset.notes:
            _say(str(note))
        _say(dataset.summary_line())
    return 0


def _cmd_summary(args) -> int:
    from qxmap.dataset import DatasetError, load_dataset
    from qxmap.filtering import format_summary, summarize

    try:
        if getattr(args, "mapping", None):  # a planner's file, read through the import core
            from qxmap.importing_cli import summary_dataset

            dataset, code = summary_dataset(args)
            if dataset is None:
                return code
        else:
            dataset = load_dataset(args.path)
    except DatasetError as exc:
        first = str(exc.problems[0]) if exc.problems else "invalid"
        more = f" (and {len(exc.problems) - 1} more problem(s))" if len(exc.problems) > 1 else ""
        return _fail(f"{args.path} is not a valid dataset: {first}{more}; "
                     f"run 'qxmap validate {args.path}' to list them")
    road_filter = filter_from_args(args)
    records = road_filter.apply(dataset.tracked())
    summary = summarize(records)
    if args.json:
        out = summary.as_dict()
        out["filter"] = road_filter.to_dict()
        out["filter_words"] = road_filter.describe(args.lang)
        _say(json.dumps(out, ensure_ascii=False))
    else:
        _say(road_filter.describe(args.lang))
        _say(format_summary(summary, args.lang))
    return 0


def display_problem() -> str | None:
    """Why a window cannot open here, or None when it can."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return None  # offscreen, vnc, ...: the user chose it
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("no display: DISPLAY is not set. Run qxmap in a desktop session, "
            "or use scripts/run.sh, which starts a virtual screen by itself")


def _cmd_run(args) -> int:
    problem = display_problem()
    if problem:
        return _fail(problem)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium (QtWebEngine) refuses to start as root with its sandbox on.
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    from qxmap.ui.app import run_app

    return run_app(path=args.path, lang=args.lang, smoke_test=args.smoke_test,
                   verbose=getattr(args, "verbose", False))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv = ["run", *argv]
    parser = build_parser(only_run=argv[0] == "run")
    args = parser.parse_args(argv)
    from qxmap.dataset import reporting_notes

    try:
        if args.func is _cmd_validate:  # validate reports the notes itself
            return int(args.func(args) or 0)
        with reporting_notes(_print_notes):
            return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except ValueError as exc:  # bad option values that argparse could not see
        return _fail(str(exc), 2)
    except Exception as exc:  # a bug: one line, not a traceback (QXMAP_DEBUG=1 for the traceback)
        if os.environ.get("QXMAP_DEBUG"):
            raise
        return _fail(f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]} "
                     "(please report this with the input; QXMAP_DEBUG=1 shows the details)")
