"""``qxmap export``: every export from the command line, no display needed.

    qxmap export PATH --format png|pdf|svg|pptx|csv|xlsx --out FILE
                 [--phase P]... [--status S]... [--category C]... [--name TEXT]
                 [--paper A4|A3] [--orientation portrait|landscape] [--dpi 150|300|600]
                 [--title TEXT] [--extent town|filtered|W,S,E,N] [--lang zh|en]
                 [--template FILE.json] [--subtitle TEXT] [--organisation TEXT] [--logo IMAGE]
                 [--label-size small|normal|large]

``--template`` reads layout settings saved as JSON
(``LayoutSettings.to_dict()``: title, subtitle, notes, organisation, logo,
paper, orientation, extent, label_size); the other options override it.

PATH is a dataset (folder of GeoJSON, a GeoJSON, a GeoPackage) or a
workspace (.gpkg).  Codes may be given as codes or as their labels
(``--status 在建``), repeated or comma-separated.  Bad arguments or an output
folder that does not exist or cannot be written: exit status 2, one line on
stderr, nothing written.  A problem in the data (an invalid dataset) or a
failure while writing: exit status 1, nothing left behind.

Wire it into the main parser with ``register(subparsers)``; it sets
``func`` to :func:`handler`, which returns the exit status.
"""
from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from qxmap import schema

PROG = "qxmap export"


def register(subparsers) -> None:
    """Add the ``export`` command to an argparse subparsers object."""
    p = subparsers.add_parser(
        "export", help="export the map, a print layout, a slide deck or the road table",
        description="Export what the map shows under a filter: a print layout (png, pdf, svg), "
                    "a 16:9 slide deck (pptx) or the filtered road table (csv, xlsx).")
    p.add_argument("path", metavar="PATH", help="dataset folder, GeoJSON or GeoPackage, or a workspace (.gpkg)")
    p.add_argument("--format", dest="format", metavar="FORMAT", default=None,
                   help="png, pdf, svg, pptx, csv or xlsx (default: from the suffix of --out)")
    p.add_argument("--out", metavar="FILE", default=None, help="file to write (required)")
    p.add_argument("--phase", action="append", default=[], metavar="P",
                   help="build phase to include (repeatable): " + ", ".join(schema.PHASES))
    p.add_argument("--status", action="append", default=[], metavar="S",
                   help="status to include (repeatable): " + ", ".join(schema.STATUSES))
    p.add_argument("--category", action="append", default=[], metavar="C",
                   help="category to include (repeatable): " + ", ".join(schema.CATEGORIES))
    p.add_argument("--name", "--text", dest="text", default="", metavar="TEXT",
                   help="only records whose Chinese or English name (or id) contains TEXT")
    p.add_argument("--paper", default=None, metavar="A4|A3", help="paper of a print layout (default A4)")
    p.add_argument("--orientation", default=None, metavar="portrait|landscape",
                   help="orientation of a print layout (default landscape)")
    p.add_argument("--dpi", default=None, metavar="N", help="150, 300 or 600 (print layouts; default 300)")
    p.add_argument("--title", default=None, metavar="TEXT", help="title of the layout or deck")
    p.add_argument("--extent", default=None, metavar="town|filtered|W,S,E,N",
                   help="map extent of a print layout or deck: the whole town (default), the filtered "
                        "features with the town as context, or a box in degrees")
    p.add_argument("--lang", default=None, metavar="zh|en", help="language of the labels (default zh)")
    p.add_argument("--template", default=None, metavar="FILE",
                   help="layout settings saved as JSON (print layouts and decks)")
    p.add_argument("--subtitle", default=None, metavar="TEXT", help="subtitle of the layout or deck")
    p.add_argument("--organisation", default=None, metavar="TEXT", help="organisation name on the layout or deck")
    p.add_argument("--logo", default=None, metavar="IMAGE", help="logo image (PNG or JPEG) for the layout or deck")
    p.add_argument("--label-size", dest="label_size", default=None, metavar="small|normal|large",
                   help="size of the map labels (default normal)")
    p.set_defaults(func=handler)


def _line(text) -> str:
    """*text* on one line for the terminal: no control characters (a name or path may hold escapes)."""
    from qxmap.exports.common import clean_text

    return clean_text(" ".join(str(text).split()))


def _fail(message: str, status: int = 2) -> int:
    print(f"{PROG}: error: {_line(message)}", file=sys.stderr)
    return status


def _codes(values, allowed, labels, what) -> list[str]:
    lookup = {code.casefold(): code for code in allowed}
    for code in allowed:
        for text in labels.get(code, ()):
            lookup.setdefault(text.casefold(), code)
    out = []
    for value in values:
        for item in str(value).split(","):
            item = item.strip()
            if not item:
                continue
            code = lookup.get(item.casefold())
            if code is None:
                raise ValueError(f"unknown {what} {item!r} (expected one of: {', '.join(allowed)})")
            out.append(code)
    return out


def _extent(text):
    if text is None:
        return None
    if text in ("filtered", "town"):
        return text
    parts = text.split(",")
    if len(parts) != 4:
        raise ValueError(f"--extent must be town, filtered or W,S,E,N in degrees, not {text!r}")
    try:
        return tuple(float(v) for v in parts)
    except ValueError:
        raise ValueError(f"--extent must be town, filtered or W,S,E,N in degrees, not {text!r}") from None


#: The largest template file read (bytes).
MAX_TEMPLATE_BYTES = 256 * 1024


def _settings(args):
    """LayoutSettings from --template and the settings options, or None when none is given."""
    import json

    from qxmap.exports.settings import LayoutSettings

    data = {}
    if getattr(args, "template", None):
        path = Path(args.template)
        try:
            if not path.is_file():
                raise ValueError(f"--template {path}: not a file")
            if path.stat().st_size > MAX_TEMPLATE_BYTES:
                raise ValueError(f"--template {path}: larger than {MAX_TEMPLATE_BYTES // 1024} KB")
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise ValueError(f"--template {path}: not a readable JSON file ({type(exc).__name__})") from None
        if not isinstance(data, dict):
            raise ValueError(f"--template {path}: expected a JSON object of layout settings")
        try:
            LayoutSettings.from_dict(data)
        except ValueError as exc:
            raise ValueError(f"--template {path}: {exc}") from None
    for key in ("subtitle", "organisation", "logo", "label_size"):
        value = getattr(args, key, None)
        if value is not None:
            data[key] = value
    return LayoutSettings.from_dict(data) if data else None


def _check_out(out: Path) -> None:
    if out.exists() and out.is_dir():
        raise ValueError(f"--out {out} is a folder: give a file name")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ValueError(f"cannot write {out}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError(f"cannot write {out}: no permission to write in {folder}")
    if out.exists() and not os.access(out, os.W_OK):
        raise ValueError(f"cannot write {out}: the file is read-only")


def handler(args) -> int:
    """Run ``qxmap export``; returns the exit status (0, 1 or 2)."""
    from qxmap.exports import FORMAT_OPTIONS, FORMATS, check_options, format_for

    # 1. Arguments, before anything is read or written.
    try:
        if not args.out:
            raise ValueError("--out FILE is required")
        out = Path(args.out)
        _check_out(out)
        fmt = format_for(out, args.format.lower() if args.format else None)
        phases = _codes(args.phase, schema.PHASES, schema.PHASE_LABELS, "phase")
        statuses = _codes(args.status, schema.STATUSES, schema.STATUS_LABELS, "status")
        categories = _codes(args.category, schema.CATEGORIES, schema.CATEGORY_LABELS, "category")
        from qxmap.filtering import RoadFilter

        road_filter = RoadFilter.of(phases, statuses, categories, args.text or "")
        dpi = None
        if args.dpi is not None:
            try:
                dpi = int(str(args.dpi).strip())
            except ValueError:
                raise ValueError(f"--dpi must be 150, 300 or 600, not {args.dpi!r}") from None
        options = {"paper": args.paper.upper() if args.paper else None, "orientation": args.orientation,
                   "dpi": dpi, "title": args.title, "extent": _extent(args.extent), "lang": args.lang}
        for key, value in options.items():
            if value is not None and key not in FORMAT_OPTIONS[fmt]:
                raise ValueError(f"--{key} does not apply to {fmt} exports")
        settings = _settings(args)
        if settings is not None:
            if "settings" not in FORMAT_OPTIONS[fmt]:
                raise ValueError(f"--template, --subtitle, --organisation, --logo and --label-size do not apply "
                                 f"to {fmt} exports")
            options["settings"] = settings
        options = check_options(fmt, options)
    except ValueError as exc:
        return _fail(exc)
    assert fmt in FORMATS

    # 2. The dataset.
    from qxmap.dataset import DatasetError, load_dataset

    try:
        dataset = load_dataset(args.path)
    except DatasetError as exc:
        first = exc.problems[0] if exc.problems else "invalid dataset"
        more = len(exc.problems) - 1
        return _fail(f"invalid dataset {args.path}: {first}" + (f" (and {more} more problems)" if more else ""), 1)
    add_references = getattr(args, "add_references", None)  # (qxmap.cli: a workspace's reference layers)
    if add_references is not None:
        try:
            dataset = add_references(dataset, args.path)
        except (OSError, ValueError, sqlite3.Error) as exc:
            return _fail(f"could not read the reference layers of {args.path}: {exc}", 1)

    # 3. The export.
    from qxmap.atomicfile import WriteFailed
    from qxmap.exports import ExportCancelled, export
    from qxmap.exports.common import filtered_records

    try:
        export(dataset, road_filter, out, fmt, **options)
    except ValueError as exc:
        return _fail(exc)
    except WriteFailed as exc:
        return _fail(f"could not write {exc.path}: {exc.reason}", 1)
    except (ExportCancelled, KeyboardInterrupt):
        return _fail("cancelled; nothing written", 130)
    n = len(filtered_records(dataset, road_filter))
    print(_line(f"wrote {out} ({fmt}, {n} records: {road_filter.describe(options.get('lang') or 'zh')})"))
    return 0
