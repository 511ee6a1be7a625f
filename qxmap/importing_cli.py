"""Import subcommands of the qxmap command line (issue 11, "Bring your own data").

    qxmap inspect PATH [--encoding ENC] [--json]
    qxmap import PATH --to WORKSPACE [--layer NAME] [--as TARGET] [--mapping FILE.toml]
                 [--crs EPSG:NNNN|gcj02|bd09] [--encoding ENC] [--match id|name|none]
                 [--update-only] [--dry-run] [--json] [--save-mapping FILE.toml] [--by NAME]
                 [--title TEXT] [--strict]

and the ``--mapping`` option of ``qxmap validate`` and ``qxmap summary``, which
read any source the import core reads (Shapefile, GeoPackage, GeoJSON,
KML/KMZ, GPX, DXF, CSV, XLSX, FlatGeobuf, OpenStreetMap .osm/.osm.pbf, folders,
zips) into a dataset.

Exit codes: 0 done (imported, or a dry run that would import), 1 a problem
in the data (unreadable file, a mapping that does not fit, data placed
outside China, nothing to import, a conflict with the workspace): nothing
is written; 2 bad usage (unknown option value, no such layer, an encoding
Python does not know).  With ``--json`` the output ends with one JSON line.
Qt-free; the heavy modules are imported when a command runs.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import tempfile
from pathlib import Path

from qxmap.safetext import say as _say

TARGET_CHOICES = ("roads", "exits", "parks", "zones", "facilities", "boundary", "reference")
MATCH_CHOICES = ("id", "name", "none")


class UsageError(Exception):
    """Bad usage found after parsing (exit 2)."""


class DataProblem(Exception):
    """A problem in the data (exit 1); ``problems`` lists the lines."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


# --------------------------------------------------------------------------
# Parsers


def register(subparsers) -> None:
    """Add ``inspect`` and ``import`` to an argparse subparsers object."""
    inspect = subparsers.add_parser(
        "inspect", help="list the layers, fields, CRS and encoding of a planner's file",
        description="Every layer of a file, folder or zip: geometry types, counts, CRS (declared or guessed, "
        "with confidence), text encoding, fields with sample values, and the suggested mapping.")
    inspect.add_argument("path", help="a Shapefile, GeoPackage, GeoJSON, KML/KMZ, GPX, DXF, CSV, XLSX, "
                                      "FlatGeobuf, OpenStreetMap (.osm, .osm.pbf), folder or zip")
    inspect.add_argument("--encoding", metavar="ENC", help="text encoding to read with (e.g. GBK, UTF-8)")
    inspect.add_argument("--json", action="store_true", help="print JSON")
    inspect.set_defaults(func=cmd_inspect)

    imp = subparsers.add_parser(
        "import", help="import a planner's file into a workspace",
        description="Match the features of one layer to the workspace's records (by id, then name), add the "
        "others as new records, or keep the whole layer as a reference layer; saved in one transaction "
        "with the history. Without --mapping the suggested mapping is used (and printed).")
    imp.add_argument("path", help="the source file, folder or zip")
    imp.add_argument("--to", dest="workspace", required=True, metavar="WORKSPACE", help="the workspace .gpkg")
    imp.add_argument("--layer", metavar="NAME", help="the layer to import (see qxmap inspect)")
    imp.add_argument("--as", dest="target", choices=TARGET_CHOICES, metavar="TARGET",
                     help="the qxmap layer the features go to, or 'reference': " + ", ".join(TARGET_CHOICES))
    imp.add_argument("--mapping", metavar="FILE.toml", help="field and value mapping (see --save-mapping)")
    imp.add_argument("--crs", metavar="CRS", help="coordinate system: EPSG:NNNN, gcj02 or bd09")
    imp.add_argument("--encoding", metavar="ENC", help="text encoding (e.g. GBK)")
    imp.add_argument("--match", choices=MATCH_CHOICES, help="match records only by id, only by name, or "
                                                            "never (default: id, then name)")
    imp.add_argument("--update-only", action="store_true",
                     help="update the records features match; add no new records (the mapping's add_new = false)")
    imp.add_argument("--dry-run", action="store_true", help="plan and report, write nothing")
    imp.add_argument("--json", action="store_true", help="end with one JSON line")
    imp.add_argument("--save-mapping", metavar="FILE.toml", help="write the mapping used to this file")
    imp.add_argument("--by", metavar="NAME", help="who, recorded in the history (default: your user name)")
    imp.add_argument("--title", metavar="TEXT", help="name of the reference layer (default: the layer's name)")
    imp.add_argument("--strict", action="store_true", help="import nothing if any feature would be skipped")
    imp.set_defaults(func=cmd_import)


def add_mapping_arguments(parser: argparse.ArgumentParser) -> None:
    """``--mapping`` (and the options that go with it) for ``validate`` and ``summary``."""
    parser.add_argument("--mapping", metavar="FILE.toml",
                        help="read PATH as a planner's file through this import mapping")
    parser.add_argument("--layer", metavar="NAME", help="with --mapping: the layer of PATH")
    parser.add_argument("--encoding", metavar="ENC", help="with --mapping: the text encoding")
    parser.add_argument("--crs", metavar="CRS", help="with --mapping: the coordinate system")


# --------------------------------------------------------------------------
# Output


def _err(text: str) -> None:
    _say(f"qxmap: {text}", sys.stderr)


def _mapping_dict(mapping) -> dict:
    return dataclasses.asdict(mapping)


def _check_encoding(name: str | None) -> None:
    if name is None:
        return
    from qxmap.importing import encoding as enc

    if enc.normalize_name(name) is None:
        raise UsageError(f"unknown encoding '{name}' (expected e.g. UTF-8, GBK, GB18030, Big5)")


def _check_crs(text: str | None) -> None:
    if text is None:
        return
    from qxmap.importing import CrsError, parse_crs

    try:
        parse_crs(text)
    except CrsError as exc:
        raise UsageError(str(exc)) from None


def _is_usage(exc) -> bool:
    """A SourceError that is about choosing a layer (bad usage, not bad data)."""
    message = getattr(exc, "message", "")
    return "choose" in message or message.startswith(("no layer", "several layers"))


def _run(args, body) -> int:
    """Run *body*; turn our exceptions into messages and exit codes."""
    from qxmap.importing import MappingError, SourceError
    from qxmap.workspace import WorkspaceError

    payload: dict = {}
    try:
        return body(args, payload)
    except (UsageError, DataProblem, MappingError, SourceError, WorkspaceError) as exc:
        usage = isinstance(exc, UsageError) or (isinstance(exc, SourceError) and _is_usage(exc))
        if isinstance(exc, MappingError):
            lines = [f"{exc.where}: {p}" if exc.where else p for p in exc.problems]
        elif isinstance(exc, DataProblem):
            lines = exc.problems or [str(exc)]
        elif isinstance(exc, SourceError) and _is_usage(exc):
            lines = [f"{exc} (use --layer; qxmap inspect lists the layers)"]
        else:
            lines = [str(exc)]
        for line in lines:
            _err(f"error: {line}")
        if isinstance(exc, SourceError):
            for s in exc.skipped[:20]:
                _err(f"skipped {getattr(s, 'file', s)}: {getattr(s, 'reason', '')}")
        if getattr(args, "workspace", None) and not usage:
            _err("nothing was written to the workspace")
        if getattr(args, "json", False):
            _say(json.dumps({"ok": False, "imported": False, "usage": usage, "error": lines[0] if lines else str(exc),
                             "problems": lines, **payload}, ensure_ascii=False, default=str))
        return 2 if usage else 1


# --------------------------------------------------------------------------
# inspect


def cmd_inspect(args: argparse.Namespace) -> int:
    return _run(args, _inspect)


def _inspect(args, payload) -> int:
    from qxmap.importing import inspect_source, mapping_to_toml, read_layer, suggest_mapping

    _check_encoding(args.encoding)
    info = inspect_source(args.path, encoding=args.encoding)
    out_layers = []
    for layer_info in info.layers:
        layer = read_layer(args.path, layer_info.id, encoding=args.encoding)
        mapping = suggest_mapping(layer)
        unknown = mapping.unknown_values(layer)
        out_layers.append((layer_info, mapping, unknown))
    if args.json:
        doc = info.as_dict()
        for entry, (_li, mapping, unknown) in zip(doc["layers"], out_layers):
            entry["suggested_mapping"] = _mapping_dict(mapping)
            entry["unknown_values"] = {k: [[v, n] for v, n in vs] for k, vs in unknown.items()}
        _say(json.dumps(doc, ensure_ascii=False, default=str))
        return 0
    _say(f"{info.path}: {len(info.layers)} layer(s)")
    for layer_info, mapping, unknown in out_layers:
        for line in layer_info.summary_lines():
            _say(line)
        _say("  suggested mapping (qxmap import --save-mapping FILE.toml writes it):")
        for line in mapping_to_toml(mapping).splitlines():
            if line and not line.startswith("#"):
                _say("    " + line)
        for field, values in unknown.items():
            _say(f"  unknown {field} values (map them in [values.{field}]): "
                 + ", ".join(f"'{v}' ({n})" for v, n in values[:20]))
    for s in info.skipped:
        _say(f"skipped {s.file}: {s.reason}")
    return 0


# --------------------------------------------------------------------------
# import


def cmd_import(args: argparse.Namespace) -> int:
    return _run(args, _import)


def _centre(dataset) -> tuple[float, float] | None:
    import numpy as np

    boxes = [f.geometry.dropna().total_bounds for f in dataset.layers.values() if len(f) and f.geometry.notna().any()]
    boxes = [b for b in boxes if np.isfinite(b).all()]
    if not boxes:
        return None
    b = np.array(boxes)
    return float((b[:, 0].min() + b[:, 2].max()) / 2), float((b[:, 1].min() + b[:, 3].max()) / 2)


def load_source(path, *, layer_name=None, mapping_file=None, target=None, crs=None, encoding=None, near=None):
    """(SourceLayer, Mapping, suggested?) for *path*: the mapping from *mapping_file*
    (checked against the layer) or suggested; *target*, *crs*, *encoding* override it."""
    from qxmap.importing import load_mapping, read_layer, suggest_mapping

    _check_encoding(encoding)
    _check_crs(crs)
    mapping = None
    if mapping_file is not None:
        mapping = load_mapping(mapping_file)  # source_layer and encoding first
        mapping_path = Path(mapping_file)
    layer_id = layer_name or (mapping.source_layer if mapping is not None else None)
    enc_name = encoding or (mapping.encoding if mapping is not None else None)
    try:
        layer = read_layer(path, layer_id, encoding=enc_name, near=near)
    except Exception as exc:
        from qxmap.importing import SourceError

        if isinstance(exc, SourceError) and mapping is not None and layer_name is None and layer_id is not None \
                and exc.message.startswith("no layer"):
            layer = read_layer(path, None, encoding=enc_name, near=near)  # one layer: the mapping's name differs
        else:
            raise
    suggested = mapping is None
    if mapping is None:
        mapping = suggest_mapping(layer, target=target)
    else:
        mapping = load_mapping(mapping_path, layer)  # now checked against the layer's fields
        if target is not None and target != mapping.target:
            mapping.target = target
            mapping.check(layer, where=layer.id)
    if target is not None and suggested:
        mapping.target = target
    if crs is not None:
        mapping.crs = crs
        mapping.swap_xy = False
    if encoding is not None:
        mapping.encoding = encoding
    return layer, mapping, suggested


_UNKNOWN = re.compile(r"^unknown (\w+) value ")
_NO_VALUE = re.compile(r"^no (\w+) for a new record")


def reason_text(reason: str, mapping) -> str:
    """A skip reason with the source field it is about, where there is one."""
    for pattern in (_UNKNOWN, _NO_VALUE):
        m = pattern.match(reason)
        if m:
            src = mapping.source_field(m.group(1))
            if src is not None:
                return f"{reason} [field {src}]"
    return reason


#: Skipped features listed one by one on the terminal: a city's network can skip
#: thousands (the summary above gives them by reason; --json lists them all).
SKIPPED_SHOWN = 50


def skipped_lines(plan, layer, mapping) -> list[str]:
    info = layer.info
    out = []
    for entry in plan.as_dict()["skipped"]:
        reasons = "; ".join(reason_text(r, mapping) for r in entry["reasons"])
        out.append(f"{info.file}, layer {info.name}, feature {entry['label']}: {reasons}")
    return out


def placement_problem(plan) -> str | None:
    """The warning that says the whole layer lies outside China (a wrong CRS), if any."""
    for warning in plan.warnings:
        if "the data falls outside China or at sea" in warning:
            return warning
    return None


def _import(args, payload) -> int:
    from qxmap.importing import mapping_to_toml, save_mapping
    from qxmap.workspace import Workspace, import_into

    workspace_path = Path(args.workspace)
    if not workspace_path.exists():
        raise UsageError(f"{workspace_path}: no such workspace (make one with qxmap workspace create)")
    ws = Workspace.open(workspace_path)
    layer, mapping, suggested = load_source(args.path, layer_name=args.layer, mapping_file=args.mapping,
                                            target=args.target, crs=args.crs, encoding=args.encoding,
                                            near=_centre(ws.dataset))
    if args.update_only:
        mapping.add_new = False
    payload.update({"source": str(args.path), "layer": layer.id, "workspace": str(ws.path),
                    "target": mapping.target, "mapping": _mapping_dict(mapping), "mapping_suggested": suggested})
    if args.save_mapping:
        save_mapping(mapping, args.save_mapping)
    quiet = args.json
    if suggested and not quiet:
        _say("mapping (suggested; --save-mapping FILE.toml writes it to edit, --mapping FILE.toml uses it):")
        for line in mapping_to_toml(mapping).splitlines():
            if line and not line.startswith("#"):
                _say("    " + line)
    result = import_into(ws, layer, mapping, match=args.match or "auto", by=args.by, dry_run=True,
                         reference_title=args.title)
    plan, change = result.plan, result.change
    skipped = skipped_lines(plan, layer, mapping)
    info = plan.as_dict()
    payload.update({"counts": plan.counts, "skipped": info["skipped"], "skip_reasons": info["skip_reasons"],
                    "unknown_values": info["unknown_values"], "warnings": info["warnings"],
                    "candidates": info["candidates"], "crs": plan.crs, "crs_label": plan.crs_label,
                    "changes": change.counts})
    if not quiet:
        for line in plan.summary_lines():
            _say(line)
        if skipped:
            _say("skipped features:")
            for line in skipped[:SKIPPED_SHOWN]:
                _say("  " + line)
            if len(skipped) > SKIPPED_SHOWN:  # (the counts by reason are above; --json lists every one)
                _say(f"  ... and {len(skipped) - SKIPPED_SHOWN} more (--json lists every skipped feature)")
    problems = []
    placement = placement_problem(plan)
    if placement:
        problems.append(f"{layer.id}: {placement} (choose the coordinate system with --crs)")
    if not problems and change.is_empty:
        problems.append(f"{layer.id}: nothing to import ({plan.counts['skipped']} feature(s) skipped"
                        + (", the others change nothing" if plan.counts["matched"] else "") + ")")
    if args.strict and skipped:
        problems.append(f"{layer.id}: {len(skipped)} feature(s) would be skipped (--strict)")
    if problems:
        raise DataProblem(problems[0], problems)
    saved = 0
    if not args.dry_run:
        ws.apply_import(change)
        saved = ws.save(args.by)
    counts = plan.counts
    text = (f"{counts['matched']} matched, {counts['added']} added, {counts['reference']} reference, "
            f"{counts['skipped']} skipped")
    if args.dry_run:
        line = f"dry run ({text}): nothing was written to {ws.path.name}"
    else:
        line = f"imported into {ws.path.name}: {text}; {saved} change(s) saved with the history"
    if quiet:
        _say(json.dumps({"ok": True, "imported": not args.dry_run, "dry_run": bool(args.dry_run),
                         "history_rows": saved, **payload}, ensure_ascii=False, default=str))
    else:
        _say(line)
    return 0


# --------------------------------------------------------------------------
# validate / summary --mapping


def dataset_via_mapping(args):
    """(Dataset or None, [Problem]): PATH read through the import core with
    ``--mapping``, its records checked as a dataset (the features the mapping
    cannot import are problems naming file, layer, feature and field)."""
    from qxmap.dataset import DatasetError, Problem, load_dataset
    from qxmap.importing import REFERENCE, plan_import
    from qxmap.workspace.create import geojson_text

    layer, mapping, _ = load_source(args.path, layer_name=args.layer, mapping_file=args.mapping,
                                    crs=args.crs, encoding=args.encoding)
    if mapping.target == REFERENCE:
        raise UsageError(f"{args.mapping}: target 'reference' keeps a layer for reference; it has no records "
                         "to check (choose a qxmap layer as target)")
    plan = plan_import(layer, mapping, None)
    problems: list = []
    info = layer.info
    where = f"{info.file}#{info.name}" if info.file != info.name else info.file
    placement = placement_problem(plan)
    if placement:
        problems.append(Problem(where, placement, expected="the right coordinate system (crs in the mapping)"))
    for entry in plan.as_dict()["skipped"]:
        for reason in entry["reasons"]:
            m = _UNKNOWN.match(reason) or _NO_VALUE.match(reason)
            field = mapping.source_field(m.group(1)) if m else None
            problems.append(Problem(where, reason, feature=entry["label"], field=field))
    records = plan.new_records()
    with tempfile.TemporaryDirectory(prefix="qxmap-") as tmp:
        folder = Path(tmp)
        (folder / f"{mapping.target}.geojson").write_text(geojson_text(mapping.target, records), encoding="utf-8")
        if mapping.target != "roads":
            (folder / "roads.geojson").write_text('{"type":"FeatureCollection","features":[]}', encoding="utf-8")
        try:
            dataset = load_dataset(folder)
        except DatasetError as exc:
            dataset = None
            problems.extend(dataclasses.replace(p, file=where) for p in exc.problems)
    if dataset is not None:
        dataset.path = Path(args.path)
    return dataset, problems


def validate_with_mapping(args) -> int:
    def body(args, payload):
        dataset, problems = dataset_via_mapping(args)
        if args.json:
            if problems:
                _say(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=1))
            else:
                _say(json.dumps({"valid": True, "layers": dataset.counts(),
                                 "notes": [n.as_dict() for n in dataset.notes]}, ensure_ascii=False))
        else:
            for problem in problems:
                _say(str(problem))
            if problems:
                _say(f"{len(problems)} problem(s) in {args.path} (read with {args.mapping})", sys.stderr)
            else:
                _say(dataset.summary_line())
        return 1 if problems else 0
    return _run(args, body)


def summary_dataset(args):
    """The dataset for ``qxmap summary PATH --mapping M.toml`` (None after printing why not)."""
    box = []

    def body(args, payload):
        dataset, problems = dataset_via_mapping(args)
        for problem in problems:
            _err(str(problem))
        if dataset is None:
            return 1
        box.append(dataset)
        return 0

    code = _run(args, body)
    return (box[0] if box else None), code
