"""Bring your own data: read, check and map planners' files (issue 11).

The Qt-free core under ``qxmap inspect``, ``qxmap import`` and the app's
import wizard.  It reads and plans; it never writes a workspace (the
workspace applies an :class:`ImportPlan`).  Everything that leaves this
package is WGS-84 longitude/latitude, 2-D.

Workflow::

    from qxmap.importing import (inspect_source, read_layer, suggest_mapping,
                                 plan_import, save_mapping, load_mapping)

    info = inspect_source(path, near=centre)     # SourceInfo: layers, skipped files
    layer = read_layer(path, info.layers[0].id)  # SourceLayer: frame + LayerInfo
    mapping = suggest_mapping(layer)             # Mapping: editable
    mapping.fields["路名"] = "name_zh"            # the user edits ...
    mapping.values.setdefault("status", {})["施工"] = "under_construction"
    mapping.crs = "GCJ-02"                       # ... e.g. data traced on AMap
    mapping.unknown_values(layer)                # {"category": [("主干路", 12), ...]}
    plan = plan_import(layer, mapping, dataset)  # ImportPlan: per feature, counts
    save_mapping(mapping, "roads.toml")          # for `qxmap import --mapping`
    mapping = load_mapping("roads.toml", layer)  # a field not in the layer: MappingError

``centre`` (lon, lat) is the centre of the open data (e.g. the median of the
dataset's geometries); it only breaks ties the numbers cannot (the zone of
Gauss-Krüger metres written without the zone prefix).

Reading (:mod:`.sources`)
    :func:`inspect_source` (path, encoding=None, near=None) -> :class:`SourceInfo`
        every layer of a file, folder or zip; ``skipped`` lists unusable files
        with the reason.  :func:`read_layer` (path, layer=None, encoding=None,
        near=None) -> :class:`SourceLayer` (``frame``: attributes + geometry in
        the source's coordinates; ``info``: :class:`LayerInfo`).
    :class:`LayerInfo`: id, file, name, driver, feature_count,
        geometry_types, fields (:class:`FieldInfo`: name, dtype, samples,
        distinct, empty), crs (declared), crs_candidates, effective_crs,
        encoding (:class:`EncodingGuess`: encoding, confidence, how), bounds,
        bounds_wgs84, far_features, notes; ``as_dict()``, ``summary_lines()``.
    :class:`SourceError` (file, message, skipped): the one exception for
        unreadable input; its message names the file.
    Tables with coordinates (CSV, XLSX) are read by :mod:`.tables`;
    OpenStreetMap extracts (``.osm``, ``.osm.pbf``) by GDAL, their tags made
    fields by :mod:`.osm` (``road_class`` and ``lifecycle`` on roads).

Text encodings (:mod:`.encoding`)
    :func:`detect_encoding` (bytes) -> :class:`EncodingGuess` (UTF-8 vs
    GBK/GB18030 by strict decodes); :func:`resolve` weighs a declaration
    (.cpg, .dbf code-page byte, DXF header) against the bytes.

Coordinates (:mod:`.crs`, :mod:`.bd09`)
    :func:`guess_crs` (geometries, near=None) -> [:class:`CrsCandidate`]
    (EPSG:4326, CGCS2000 Gauss-Krüger 3° with/without zone prefix, 6° with
    prefix, EPSG:3857, x/y swapped), :func:`to_wgs84` (geometries, crs,
    swap_xy) also from :data:`GCJ02` / :data:`BD09`, :func:`in_china`,
    :func:`far_from_bulk`, :func:`parse_crs`, :func:`describe_crs`.

Mapping (:mod:`.mapping`)
    :class:`Mapping` (target, fields, values, defaults, matches, keep, add_new,
    crs, swap_xy, encoding, source_layer; ``problems()``, ``check()``,
    ``unknown_values()``), :func:`suggest_mapping`, :func:`suggest_target`,
    :func:`save_mapping` / :func:`load_mapping` / :func:`mapping_to_toml` /
    :func:`mapping_from_toml`, :func:`convert_column`; :class:`MappingError`
    lists every problem, naming the field or value.  :data:`REFERENCE` is the
    target "keep as a reference layer".

Plan (:mod:`.plan`)
    :func:`plan_import` (layer, mapping, dataset=None, today=None,
    allow_empty_geometry=False) -> :class:`ImportPlan`: ``features`` (one row
    per source feature: action match/add/reference/merged/skip, record_id,
    matched_by, reasons, qxmap fields, WGS-84 geometry), ``counts``
    (matched, added, reference, skipped, merged), ``skip_reasons``,
    ``unknown_values``, ``candidates`` (fuzzy name matches, never applied),
    ``warnings`` (outside China, far-away features), ``new_records()``,
    ``updates()``, ``reference_layer()``, iteration as
    :class:`PlannedFeature`, ``as_dict()``, ``summary_lines()``.
    :data:`IMPORTED_ACCURACY` is the ``geometry_accuracy`` of imported
    geometry; :class:`Provenance` the ``source`` text (file, layer, date).

For the CLI: ``qxmap inspect PATH [--encoding E] [--json]`` ->
``inspect_source(...).summary_lines()`` / ``.as_dict()`` (exit 2 on
:class:`SourceError`); ``qxmap import PATH [--layer ID] --mapping M.toml
[--dry-run]`` -> ``load_mapping(M)`` for ``source_layer`` and ``encoding``,
``read_layer(PATH, layer or mapping.source_layer, encoding=mapping.encoding)``,
``mapping.check(layer)`` (or ``suggest_mapping`` + ``save_mapping`` to start
one), ``plan_import(...).summary_lines()`` / ``.as_dict()``; then the
workspace applies ``plan.updates()`` / ``plan.new_records()`` /
``plan.reference_layer()``.

Nothing here imports Qt or writes files other than :func:`save_mapping`.
"""
from __future__ import annotations

from qxmap.importing.crs import (
    BD09,
    GCJ02,
    CrsCandidate,
    CrsError,
    far_from_bulk,
    guess_crs,
    in_china,
    parse_crs,
    to_wgs84,
)
from qxmap.importing.crs import describe as describe_crs
from qxmap.importing.encoding import EncodingGuess, detect_encoding, resolve
from qxmap.importing.errors import MappingError, SourceError
from qxmap.importing.mapping import (
    REFERENCE,
    Mapping,
    convert_column,
    load_mapping,
    mapping_from_toml,
    mapping_to_toml,
    save_mapping,
    suggest_mapping,
    suggest_target,
)
from qxmap.importing.plan import (
    IMPORTED_ACCURACY,
    Candidate,
    ImportPlan,
    PlannedFeature,
    Provenance,
    plan_import,
)
from qxmap.importing.sources import (
    FieldInfo,
    LayerInfo,
    SkippedFile,
    SourceInfo,
    SourceLayer,
    inspect_source,
    read_layer,
)

__all__ = [
    "BD09", "GCJ02", "CrsCandidate", "CrsError", "far_from_bulk", "guess_crs", "in_china", "parse_crs",
    "to_wgs84", "describe_crs", "EncodingGuess", "detect_encoding", "resolve", "MappingError", "SourceError",
    "REFERENCE", "Mapping", "convert_column", "load_mapping", "mapping_from_toml", "mapping_to_toml",
    "save_mapping", "suggest_mapping", "suggest_target", "IMPORTED_ACCURACY", "Candidate", "ImportPlan",
    "PlannedFeature", "Provenance", "plan_import", "FieldInfo", "LayerInfo", "SkippedFile", "SourceInfo",
    "SourceLayer", "inspect_source", "read_layer",
]
