"""Turn a mapped source layer into an import plan.  Nothing is written here.

:func:`plan_import` takes a :class:`~qxmap.importing.sources.SourceLayer`, its
:class:`~qxmap.importing.mapping.Mapping` and the records already tracked (a
:class:`qxmap.dataset.Dataset`, or any object with ``.layers``: layer name ->
frame with ``id`` and ``name_zh``) and says, for every source feature:

- ``action``: ``"match"`` (updates an existing record), ``"add"`` (a new
  record), ``"reference"`` (the layer is kept as a reference layer),
  ``"merged"`` (a further piece of a feature above, e.g. a road drawn in
  several segments; its geometry is merged into that one) or ``"skip"``;
- ``record_id``: the record it updates, or the id the new record gets;
- ``matched_by``: ``"id"``, ``"name"`` (exact, up to spaces and full-/half-width
  forms) or ``"confirmed"`` (the mapping's ``matches`` table);
- the qxmap values to set, the geometry (WGS-84, 2-D) and the skip reasons.

Similar names are only *candidates* (:attr:`ImportPlan.candidates`: same name
apart from spaces, brackets or a 路/道路 suffix; same road number such as S358;
a difflib ratio >= 0.6): they are never applied.  The user confirms one by
adding it to ``Mapping.matches`` and planning again.

Imported geometries carry where they came from: ``geometry_accuracy`` is
:data:`IMPORTED_ACCURACY` (unless a field is mapped to it) and ``source`` names
the file, layer and import date (:class:`Provenance`); for an existing record
the provenance is appended to its ``source`` (the work report's words stay),
in place of an earlier import's.
"""
from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from rapidfuzz import process
from rapidfuzz.distance import Indel

from qxmap import schema
from qxmap.importing import crs as crsmod
from qxmap.importing.errors import MappingError
from qxmap.importing.mapping import REFERENCE, Mapping, convert_column_rows, parse_percent, parse_year
from qxmap.importing.sources import SourceLayer, value_text
from qxmap.words import Words
from qxmap.gcpause import bulk

#: The geometry_accuracy code given to imported geometries: "imported" once the
#: schema has it, until then "approximate" (a planner's file is better than a
#: schematic sketch, but nothing says it was surveyed).
IMPORTED_ACCURACY = "imported" if "imported" in schema.ACCURACIES else "approximate"

#: Status a new record gets from its phase when the source gives none
#: (geodata/README.md, "Phases": the status follows from the phase).
STATUS_FROM_PHASE = {"underway": "under_construction", "start_this_year": "planned", "by_2018": "planned",
                     "2018_2020": "planned", "unscheduled": "planned"}

#: Id prefix of new records per layer (road-..., exit-..., like the bundled ids).
ID_PREFIX = {"roads": "road", "exits": "exit", "parks": "park", "zones": "zone", "facilities": "facility",
             "boundary": "boundary"}

ACTIONS = ("match", "add", "reference", "merged", "skip")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
MIN_FUZZY = 0.6
N_CANDIDATES = 3


@dataclass(frozen=True)
class Provenance:
    """Where imported geometry came from."""

    file: str
    layer: str
    date: datetime.date

    def text(self) -> str:
        return f"几何来源: {self.file} 图层 {self.layer}, 导入于 {self.date.isoformat()}"

    def as_dict(self) -> dict:
        return {"file": self.file, "layer": self.layer, "date": self.date.isoformat(), "text": self.text()}


#: The provenance an earlier import appended to a record's source (see Provenance.text).
_PROVENANCE = re.compile(r"(?: … )?几何来源: .*$", re.DOTALL)


@dataclass(frozen=True)
class Candidate:
    """A record a source feature may be (never applied without the user)."""

    row: int
    record_id: str
    record_name: str
    score: float
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "record_id": self.record_id, "record_name": self.record_name,
                "score": round(self.score, 3), "reason": self.reason}


@dataclass(frozen=True)
class PlannedFeature:
    """One source feature in the plan (see the module docstring)."""

    row: int
    label: str
    action: str
    record_id: str | None
    matched_by: str | None
    values: dict
    changes: dict
    geometry: object
    reasons: tuple[str, ...]
    candidates: tuple[Candidate, ...]


@dataclass
class ImportPlan:
    """What an import would do.  ``features`` has one row per source feature
    (index = source row): ``action``, ``record_id``, ``matched_by``,
    ``reasons`` (tuple), the qxmap fields (None = not set) and ``geometry``
    (WGS-84).  ``candidates`` lists fuzzy name candidates (row, record_id,
    record_name, score, reason)."""

    target: str
    layer_id: str
    provenance: Provenance
    crs: str
    crs_label: str
    swap_xy: bool
    geometry_accuracy: str
    features: gpd.GeoDataFrame
    candidates: pd.DataFrame
    unknown_values: dict[str, list[tuple[str, int]]]
    warnings: list[str]
    far_features: list[int]
    fields: tuple[str, ...]
    _records: pd.DataFrame = field(repr=False, default=None)
    _by_row: dict | None = field(repr=False, default=None)

    @property
    def counts(self) -> dict[str, int]:
        actions = self.features["action"].value_counts()
        return {"matched": int(actions.get("match", 0)), "added": int(actions.get("add", 0)),
                "reference": int(actions.get("reference", 0)), "skipped": int(actions.get("skip", 0)),
                "merged": int(actions.get("merged", 0))}

    @property
    def skip_reasons(self) -> Counter:
        """Skip reasons with how many features each (a feature may have several)."""
        skipped = self.features.loc[self.features["action"] == "skip", "reasons"]
        return Counter(r for reasons in skipped for r in reasons)

    def _label(self, row: int) -> str:
        name = value_text(self.features.at[row, "name_zh"]) if "name_zh" in self.features.columns else None
        return f"#{row} '{name}'" if name else f"#{row}"

    def feature(self, row: int) -> PlannedFeature:
        r = self.features.loc[row]
        values = {f: r[f] for f in self.fields if r[f] is not None and not _is_nan(r[f])}
        changes = {}
        if r["action"] == "match" and self._records is not None and r["record_id"] in self._records.index:
            current = self._records.loc[r["record_id"]]
            for f, v in values.items():
                old = current.get(f) if f in current.index else None
                old = None if old is None or _is_nan(old) else old
                if f == "id" or (old is not None and _same(old, v)):
                    continue
                changes[f] = (old, v)
        if self._by_row is None:
            self._by_row = {}
            for c in self.candidates.itertuples():
                self._by_row.setdefault(int(c.row), []).append(
                    Candidate(int(c.row), c.record_id, c.record_name, float(c.score), c.reason))
        return PlannedFeature(
            row=int(row), label=self._label(row), action=r["action"], record_id=r["record_id"],
            matched_by=r["matched_by"], values=values, changes=changes, geometry=r["geometry"],
            reasons=tuple(r["reasons"]), candidates=tuple(self._by_row.get(int(row), ())))

    def __iter__(self) -> Iterator[PlannedFeature]:
        for row in self.features.index:
            yield self.feature(row)

    def __len__(self) -> int:
        return len(self.features)

    def new_records(self) -> gpd.GeoDataFrame:
        """The records to add, in the schema's field order (WGS-84): what the
        workspace appends to layer ``target``."""
        spec = schema.LAYERS.get(self.target)
        rows = self.features[self.features["action"] == "add"]
        columns = [f.name for f in spec.fields] if spec else list(self.fields)
        out = pd.DataFrame({c: (rows[c] if c in rows.columns else pd.Series([None] * len(rows), index=rows.index,
                                                                                  dtype=object))
                            for c in columns})
        out["id"] = rows["record_id"]
        return gpd.GeoDataFrame(out, geometry=rows.geometry.values, crs="EPSG:4326")

    def updates(self) -> list[PlannedFeature]:
        """The matched records with what to set (``values``; ``changes`` = what differs)."""
        return [self.feature(r) for r in self.features.index[self.features["action"] == "match"]]

    def reference_layer(self) -> gpd.GeoDataFrame:
        """A reference layer: the kept features with all their source attributes (WGS-84)."""
        rows = self.features[self.features["action"] == "reference"]
        return rows.drop(columns=["action", "record_id", "matched_by", "reasons"])

    def as_dict(self) -> dict:
        skipped = self.features[self.features["action"] == "skip"]
        return {
            "target": self.target, "layer": self.layer_id, "provenance": self.provenance.as_dict(),
            "crs": self.crs, "crs_label": self.crs_label, "swap_xy": self.swap_xy,
            "geometry_accuracy": self.geometry_accuracy, "counts": self.counts,
            "skip_reasons": dict(self.skip_reasons.most_common()),
            "unknown_values": {k: [[v, c] for v, c in vs] for k, vs in self.unknown_values.items()},
            "warnings": list(self.warnings), "far_features": list(self.far_features),
            "candidates": [Candidate(int(c.row), c.record_id, c.record_name, float(c.score), c.reason).as_dict()
                           for c in self.candidates.itertuples()],
            "skipped": [{"row": int(i), "label": self._label(i), "reasons": list(r)}
                        for i, r in zip(skipped.index, skipped["reasons"])],
        }

    def summary_lines(self) -> list[str]:
        c = self.counts
        lines = [f"{self.layer_id} -> {self.target} ({self.crs_label}{', x/y swapped' if self.swap_xy else ''}): "
                 f"{c['matched']} matched, {c['added']} added, {c['reference']} reference, "
                 f"{c['skipped']} skipped" + (f", {c['merged']} merged into others" if c["merged"] else "")]
        for reason, n in self.skip_reasons.most_common(20):
            lines.append(f"  skipped {n}: {reason}")
        for fname, values in self.unknown_values.items():
            lines.append(f"  unknown {fname} values: " + ", ".join(f"'{v}' ({n})" for v, n in values[:20]))
        if len(self.candidates):
            lines.append(f"  {self.candidates['row'].nunique()} feature(s) have similar existing records "
                         "(confirm in [matches] to update them instead of adding):")
            for c in self.candidates.head(20).itertuples():
                lines.append(f"    {self._label(c.row)} ~ {c.record_id} '{c.record_name}' ({c.score:.2f}, {c.reason})")
        lines.extend(f"  warning: {w}" for w in self.warnings)
        return lines


def _is_nan(v) -> bool:
    return isinstance(v, float) and np.isnan(v)


def _same(a, b) -> bool:
    try:
        if isinstance(a, (int, float, np.integer, np.floating)) and isinstance(b, (int, float, np.integer, np.floating)):
            return float(a) == float(b)
    except (TypeError, ValueError):
        pass
    return str(a) == str(b)


# --------------------------------------------------------------------------
# Names


def name_key(name) -> str | None:
    """The "exact" comparison key: NFKC (full-/half-width) and whitespace folded."""
    text = value_text(name)
    if text is None:
        return None
    return "".join(unicodedata.normalize("NFKC", text).split())


def _name_keys(values, normed: list[str] | None = None) -> list[str | None]:
    """:func:`name_key` of many values (text, the common case, without the call per value:
    the white space taken out of all at once where they can be joined); *normed*: their
    :func:`_nfkc_all`, when the caller has it."""
    values = values.tolist() if isinstance(values, np.ndarray) else list(values)
    if values and set(map(type, values)) == {str}:
        joined = _joined(normed if normed is not None else _nfkc_all(values))  # (NFKC name by name: faster)
        if joined is not None:
            keys = _SPACES.sub("", joined).split(_JOIN)
            return [None if blank else key for key, blank in zip(keys, map(_blank_text, values))]
    nfkc = unicodedata.normalize
    return [("".join(nfkc("NFKC", t).split()) if (t := v.strip()) else None) if type(v) is str else name_key(v)
            for v in values]


#: White space as str.split() and str.strip() see it (str.isspace: the same characters).
_SPACES = re.compile(r"\s+")


def _blank_text(text: str) -> bool:
    return not text or text.isspace()


_PUNCT_CHARS = "()[]{}<>《》〈〉「」『』【】\"'“”‘’·•,、.。:;!?-—–_/\\|"
_DROP = str.maketrans("", "", _PUNCT_CHARS + " \t\r\n\u3000\xa0")
_DROP_RE = re.compile("[" + re.escape(_PUNCT_CHARS + " \t\r\n\u3000\xa0") + "]+")  # the same, faster on CJK text
_SUFFIXES = ("道路", "公路", "路", "线")
_ROAD_CODE = re.compile(r"(?<![A-Za-z])([GSXYZ])\s*-?(\d{2,4})(?!\d)", re.IGNORECASE)


def fuzzy_key(name) -> str:
    """Name without spaces, brackets, punctuation, case and a 路/道路/公路/线 suffix."""
    return _strip_suffixes(unicodedata.normalize("NFKC", str(name)).lower().translate(_DROP))


def _fuzzy_keys(normed: list[str]) -> list[str]:
    """:func:`fuzzy_key` of many NFKC-normalised names (the suffix loop only where one ends a name)."""
    joined = _joined(normed)
    if joined is not None:  # lower case and punctuation for all names in one call each
        keys = _DROP_RE.sub("", joined.lower()).split(_JOIN)
    else:
        drop = _DROP_RE.sub
        keys = [drop("", t.lower()) for t in normed]
    return [_strip_suffixes(k) if k.endswith(_SUFFIXES) else k for k in keys]


#: Joins many names for one call of a text function: a private-use character, which
#: NFKC, lower() and the patterns here neither change, match nor see across
#: (a starter, not a letter, digit, space or case-ignorable character).
_JOIN = "\ue000"


def _joined(texts: list[str]) -> str | None:
    """*texts* joined by :data:`_JOIN`; None when one of them holds it (or there are none)."""
    joined = _JOIN.join(texts)
    return joined if texts and joined.count(_JOIN) == len(texts) - 1 else None


def _nfkc_all(names: list) -> list[str]:
    """NFKC of each name's text (name by name: NFKC of one long text is slower, all of it
    going the slow way when one character needs normalising)."""
    return [unicodedata.normalize("NFKC", n if type(n) is str else str(n)) for n in names]


def _road_code_matches(normed: list[str]) -> list[re.Match | None]:
    """The first road number in each NFKC name (:data:`_ROAD_CODE`), or None: one search of
    the names joined (a match cannot reach over the joining character)."""
    joined = _joined(normed)
    if joined is None:
        return list(map(_ROAD_CODE.search, normed))
    out: list[re.Match | None] = [None] * len(normed)
    starts = np.zeros(len(normed), dtype=np.int64)
    np.cumsum(np.fromiter(map(len, normed[:-1]), dtype=np.int64, count=len(normed) - 1) + 1, out=starts[1:])
    for m in _ROAD_CODE.finditer(joined):
        i = int(np.searchsorted(starts, m.start(), side="right")) - 1
        if out[i] is None:
            out[i] = m
    return out


def _strip_suffixes(text: str) -> str:
    stripped = True
    while stripped:  # 东深二线道路 -> 东深二线 -> 东深二
        stripped = False
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text = text[: -len(suffix)]
                stripped = True
                break
    return text


def road_code(name) -> str | None:
    """A road number in a name (S358, X886, G107), upper case, or None."""
    return _code_of(_ROAD_CODE.search(unicodedata.normalize("NFKC", str(name))))


def _code_of(m: re.Match | None) -> str | None:
    return f"{m.group(1).upper()}{int(m.group(2))}" if m else None


def records_by_road_number(rec_names: list[str]) -> dict[str, list[int]]:
    """{road number (S358): indexes of the record names that hold it}."""
    by_code: dict[str, list[int]] = {}
    for j, name in enumerate(rec_names):
        code = road_code(name) if name else None
        if code:
            by_code.setdefault(code, []).append(j)
    return by_code


def _road_number_candidates(numbers: list, want: np.ndarray, records: pd.DataFrame,
                            found: list[tuple[int, str, str, float, str]], field: str
                            ) -> list[tuple[int, str, str, float, str]]:
    """Candidates (row, record id, record name, score, reason) from a road-number field:
    each *want* row whose value holds a road number (``S358``; several in ``G15;S20``)
    and each record whose name holds the same number, unless *found* pairs them already."""
    rec_ids = [str(rid) for rid in records.index]
    rec_names = [value_text(v) or "" for v in records["name_zh"]]
    by_code = records_by_road_number(rec_names)
    if not by_code:
        return []
    paired = {(row, rid) for row, rid, *_rest in found}
    out = []
    for i in np.flatnonzero(want).tolist():
        text = value_text(numbers[i])
        if not text:
            continue
        for m in _ROAD_CODE.finditer(unicodedata.normalize("NFKC", text)):
            code = _code_of(m)
            for j in by_code.get(code, ()):
                if (i, rec_ids[j]) not in paired:
                    paired.add((i, rec_ids[j]))
                    out.append((i, rec_ids[j], rec_names[j], 0.9,
                                Words("same road number %1 (field %2)", code, field)))
    return out


def fuzzy_candidates(names: list[str], rec_ids: list[str], rec_names: list[str],
                     limit: int = N_CANDIDATES, min_score: float = MIN_FUZZY, *,
                     normed: list[str] | None = None) -> dict[int, list[tuple[int, float, str]]]:
    """{name index: up to *limit* (record index, score, reason), best first} for
    the names that resemble a record (sparse: the others are left out).

    Prefilter: difflib's ratio is 2·M/T and M (matched characters) is at most
    the longest common subsequence of the two names, whose ratio rapidfuzz
    computes for a block of names against every record at once.  For each
    name, SequenceMatcher then runs on the records that can reach *min_score*,
    the most promising first, and stops once no record left can enter the best
    *limit* (branch and bound: the same candidates as comparing every pair).
    Names like "规划一路", "规划二路" resemble thousands of records of a large
    workspace: at most :data:`MAX_FUZZY_TRIES` comparisons per name then (the
    closest by their characters), and the blocks keep memory bounded, so that
    a re-import into a 20,000-road workspace plans in seconds, not hours."""
    out: dict[int, list[tuple[int, float, str]]] = {}
    if not names or not rec_ids:
        return out
    rec_keys = [fuzzy_key(n) for n in rec_names]
    if normed is None:  # (*normed*: the names' NFKC forms, when the caller has them)
        normed = _nfkc_all(names)  # once, for the keys and the road numbers
    src_keys = _fuzzy_keys(normed)
    by_key: dict[str, list[int]] = {}
    for j, k in enumerate(rec_keys):
        by_key.setdefault(k, []).append(j)
    by_code = records_by_road_number(rec_names)
    matches = _road_code_matches(normed) if by_code else [None] * len(names)
    found: dict[int, dict[int, tuple[float, str]]] = {}
    for i in [i for i, (key, m) in enumerate(zip(src_keys, matches)) if m is not None or key in by_key]:
        for j in by_key.get(src_keys[i], ()):
            found.setdefault(i, {})[j] = (0.95, Words("same name apart from spaces, brackets or a 路/道路 suffix"))
        code = _code_of(matches[i])
        if code:
            for j in by_code.get(code, ()):
                if j not in found.get(i, {}):
                    found.setdefault(i, {})[j] = (0.9, Words("same road number %1", code))
    # Bounds for a block of names at a time, then difflib on the survivors.  difflib's ratio is
    # 2·M/T, M its matched characters: a common subsequence of the two names, so at most the
    # longest one, whose ratio (Indel similarity) rapidfuzz computes for a whole block in C++.
    matchers: dict[int, difflib.SequenceMatcher] = {}  # one per record: its side is indexed once
    block = max(1, _FUZZY_BLOCK_CELLS // len(rec_keys))
    for first in range(0, len(src_keys), block):
        rows = range(first, min(first + block, len(src_keys)))
        bound = process.cdist([src_keys[i] for i in rows], rec_keys, scorer=Indel.normalized_similarity,
                              dtype=np.float64, workers=-1)  # (no score_cutoff: it drops some exact 0.6s;
        # workers: rapidfuzz's C++ threads, one per core)
        reach = bound >= min_score - _SLACK  # (1 - 4/10 may come out as 0.5999...)
        for k in np.flatnonzero(reach.any(axis=1)).tolist():
            i = rows.start + k
            js = np.flatnonzero(reach[k])
            hits = found.get(i, {})
            new = _similar(src_keys[i], js, bound[k], rec_keys, hits, matchers, limit, min_score)
            if new:
                hits = found.setdefault(i, {})
                for j in sorted(new):
                    hits[j] = new[j]
    for i, hits in found.items():
        out[i] = sorted(((j, s, r) for j, (s, r) in hits.items()), key=lambda t: -t[1])[:limit]
    return out


#: Rounding room for the bounds (rapidfuzz computes a similarity as 1 - a normalised distance).
_SLACK = 1e-9
#: At most this many difflib comparisons for one name (see fuzzy_candidates).
MAX_FUZZY_TRIES = 400
#: Names x records compared at once (float64 cells: 16 MB).
_FUZZY_BLOCK_CELLS = 2_000_000


def _similar(key: str, js: np.ndarray, bound: np.ndarray, rec_keys: list[str], hits: dict, matchers: dict,
             limit: int, min_score: float) -> dict[int, tuple[float, str]]:
    """{record: (score, reason)} of the records *js* (those whose *bound* reaches
    *min_score*) similar to *key* by difflib, not already in *hits*: all of them where
    they are few; else the most promising first, until none left can enter the best
    *limit* (their scores cannot beat the limit-th best found) or MAX_FUZZY_TRIES."""
    def compare(j: int) -> float | None:
        matcher = matchers.get(j)
        if matcher is None:
            matcher = matchers[j] = difflib.SequenceMatcher(None, "", rec_keys[j], autojunk=False)
        matcher.set_seq1(key)
        ratio = matcher.ratio()
        return ratio if ratio >= min_score and key != rec_keys[j] else None

    new: dict[int, tuple[float, str]] = {}
    if len(js) <= limit + 8:  # few: every one, as before
        for j in js.tolist():
            if j not in hits and (ratio := compare(j)) is not None:
                new[j] = (ratio * 0.9, Words("similar name (ratio %1)", f"{ratio:.2f}"))
        return new
    best = sorted((s for s, _r in hits.values()), reverse=True)[:limit]
    tries = 0
    for j in _most_promising(js, bound):
        if len(best) >= limit and float(bound[j]) * 0.9 < best[-1] - 1e-6 or tries >= MAX_FUZZY_TRIES:
            break
        tries += 1
        if j in hits or (ratio := compare(j)) is None:
            continue
        new[j] = (ratio * 0.9, Words("similar name (ratio %1)", f"{ratio:.2f}"))
        best = sorted(best + [ratio * 0.9], reverse=True)[:limit]
    return new


def _most_promising(js: np.ndarray, bound: np.ndarray) -> Iterator[int]:
    """*js* by *bound*, highest first, sorted a growing batch at a time (a name usually
    stops after a few dozen of thousands)."""
    take = 32
    while len(js):
        if take < len(js):
            part = np.argpartition(-bound[js], take - 1)[:take]
            batch, js = js[part], np.delete(js, part)
        else:
            batch, js = js, js[:0]
        yield from batch[np.argsort(-bound[batch], kind="stable")].tolist()
        take *= 4


# --------------------------------------------------------------------------
# Records


def _nones(values: np.ndarray) -> np.ndarray:
    """Which cells of an object array are None (numpy's comparison: a C loop, not a Python one)."""
    return np.asarray(values, dtype=object) == None  # noqa: E711


def _records(dataset, target: str) -> tuple[pd.DataFrame, set[str]]:
    """(records of *target* indexed by id, every id in the dataset)."""
    empty = pd.DataFrame({"id": pd.Series([], dtype=object), "name_zh": pd.Series([], dtype=object)}).set_index(
        "id", drop=False)
    if dataset is None:
        return empty, set()
    layers = dataset.layers if hasattr(dataset, "layers") else dict(dataset)
    all_ids: set[str] = set()
    for frame in layers.values():
        if "id" in frame.columns:
            all_ids.update(str(v) for v in frame["id"].dropna())
    frame = layers.get(target)
    if frame is None or "id" not in frame.columns:
        return empty, all_ids
    records = pd.DataFrame(frame.drop(columns=[c for c in ("geometry",) if c in frame.columns]))
    records = records[records["id"].notna()]
    return records.set_index(records["id"].astype(str), drop=False), all_ids


# --------------------------------------------------------------------------
# The plan


class _Reasons:
    """Skip reasons per row, kept sparse (only rows that have any)."""

    def __init__(self) -> None:
        self.rows: dict[int, list[str]] = {}

    def add(self, mask: np.ndarray, text) -> None:
        for i in np.flatnonzero(mask):
            self.rows.setdefault(int(i), []).append(text(i) if callable(text) else text)

    def mask(self, n: int) -> np.ndarray:
        out = np.zeros(n, dtype=bool)
        if self.rows:
            out[list(self.rows)] = True
        return out


def _layer_types(target: str) -> tuple[str, ...] | None:
    spec = schema.LAYERS.get(target)
    return None if spec is None else spec.geometry_types


@bulk
def plan_import(layer: SourceLayer, mapping: Mapping, dataset=None, *, today: datetime.date | None = None,
                allow_empty_geometry: bool = False) -> ImportPlan:
    """Plan the import of *layer* with *mapping* against *dataset*'s records.

    *dataset*: a :class:`qxmap.dataset.Dataset` (or ``{layer: frame}``), None
    for "no records yet".  *today*: the import date for the provenance.
    *allow_empty_geometry*: features without geometry still update matched
    records' attributes (geometry None = keep) and become new records without
    geometry (``unmapped``); by default they are skipped ("empty geometry").
    Raises :class:`MappingError` if the mapping does not fit the layer or no
    coordinate system is known."""
    mapping.check(layer, where=layer.id)
    frame = layer.frame
    warnings_out: list[str] = []
    if mapping.source_layer is not None and mapping.source_layer not in (layer.id, layer.info.name):
        warnings_out.append(Words("the mapping was made for layer %1, not %2", mapping.source_layer, layer.id))
    n = len(frame)
    target = mapping.target
    info = layer.info
    provenance = Provenance(info.file, info.name, today or datetime.date.today())
    reasons = _Reasons()
    rows = np.arange(n)

    # ---- coordinates
    geoms = np.asarray(frame.geometry.values, dtype=object)
    present = shapely.get_type_id(geoms) >= 0 if n else np.zeros(0, dtype=bool)
    if mapping.crs is not None:
        crs_name, swap = mapping.crs, mapping.swap_xy
    elif info.effective_crs is not None:
        crs_name, swap = info.effective_crs, info.effective_swap_xy
    elif not present.any():
        crs_name, swap = crsmod.WGS84, False
    else:
        cands = ", ".join(f"{c.crs} ({c.confidence})" for c in info.crs_candidates[:3]) or Words("none")
        raise MappingError([Words("no coordinate system: the file declares none and the numbers do not say "
                                  "which (candidates: %1); set crs in the mapping", cands)], layer.id)
    try:
        cs = crsmod.parse_crs(crs_name)
        wgs = layer.to_wgs84(cs, swap).copy() if n else geoms
    except crsmod.CrsError as exc:
        raise MappingError([exc.args[0]], layer.id) from None
    crs_label = crsmod.describe(cs)
    if present.any():
        with np.errstate(invalid="ignore"):
            b = shapely.bounds(wgs[present])
        finite = np.isfinite(b).all(axis=1)
        bad_coords = np.zeros(n, dtype=bool)
        bad_coords[np.flatnonzero(present)[~finite]] = True
        reasons.add(bad_coords, Words("coordinates cannot be converted to WGS-84"))
        ok = present & ~bad_coords
        warnings_out.extend(crsmod.check_placement(wgs[ok], crs_label))
        cx, cy = crsmod.feature_centres(wgs)
        far = crsmod.far_from_bulk(np.where(ok, cx, np.nan), np.where(ok, cy, np.nan))
    else:
        far = np.zeros(n, dtype=bool)

    # ---- filter
    for src, kept in mapping.keep.items():
        texts = [value_text(v) for v in frame[src].tolist()]  # (Series.map would turn None into NaN)
        keep_set = set(kept)
        out = np.array([t not in keep_set for t in texts], dtype=bool)
        reasons.add(out, lambda i, src=src, texts=texts: Words("not selected (%1 = '%2')", src, texts[i])
                    if texts[i] is not None else Words("not selected (%1 is empty)", src))
    # What the filter leaves out is skipped for that reason alone (no unknown values, no "no
    # match" on top), and its values are not listed as unknown.
    selected = ~reasons.mask(n)

    # ---- values
    values: dict[str, np.ndarray] = {}
    unknown_values: dict[str, list[tuple[str, int]]] = {}
    for src, qf in mapping.fields.items():
        arr, unknown, unknown_rows = convert_column_rows(mapping, qf, frame[src], layer.distinct(src))
        values[qf] = arr
        if unknown and not selected.all():
            unknown_rows = unknown_rows & selected
            texts = Counter(value_text(frame[src].iloc[i]) for i in np.flatnonzero(unknown_rows).tolist())
            unknown = sorted(texts.items(), key=lambda kv: (-kv[1], kv[0]))
        if unknown:
            unknown_values[qf] = unknown
            col = frame[src]
            reasons.add(unknown_rows, lambda i, qf=qf, col=col: Words("unknown %1 value '%2' (no mapping)", qf,
                                                                    value_text(col.iloc[i])))

    # ---- geometry vs. target
    allowed = _layer_types(target)
    type_ids = shapely.get_type_id(wgs) if n else np.zeros(0, dtype=int)
    if target == "exits" and present.any():
        single = present & (type_ids == 4)
        single[single] = shapely.get_num_geometries(wgs[single]) == 1
        if single.any():
            wgs = wgs.copy()
            wgs[single] = shapely.get_geometry(wgs[single], 0)
            type_ids = shapely.get_type_id(wgs)
    names_of = {0: "Point", 1: "LineString", 2: "LinearRing", 3: "Polygon", 4: "MultiPoint",
                5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection"}
    if not allow_empty_geometry or target == REFERENCE:
        reasons.add(~present, Words("empty geometry"))
    reasons.add(type_ids == 7, Words("mixed geometry types (GeometryCollection)"))
    if allowed is not None:
        allowed_ids = [k for k, v in names_of.items() if v in allowed]
        wrong = present & (type_ids != 7) & ~np.isin(type_ids, allowed_ids)
        reasons.add(wrong, lambda i: Words("wrong geometry type %1 for layer %2 (expects %3)",
                                            names_of[int(type_ids[i])], target, ', '.join(allowed)))

    # ---- matching
    action = np.full(n, None, dtype=object)
    record_id = np.full(n, None, dtype=object)
    matched_by = np.full(n, None, dtype=object)
    records, all_ids = _records(dataset, target)
    candidates_rows: list[tuple[int, str, str, float, str]] = []
    if target == REFERENCE:
        action[:] = "reference"
    else:
        src_ids = values.get("id")
        src_names = values.get("name_zh")
        if src_names is not None:
            name_codes, name_uniques = pd.factorize(pd.Series(src_names, dtype=object), use_na_sentinel=True)
            name_uniques = np.asarray(name_uniques, dtype=object)
            name_nfkc = _nfkc_all(name_uniques.tolist())  # once, for the exact keys and the fuzzy ones
            name_keys_u = _name_keys(name_uniques, name_nfkc)
            name_keys = np.array(name_keys_u + [None], dtype=object)[name_codes]
        else:
            name_keys = None
        forced_new = np.zeros(n, dtype=bool)
        rec_ids = set(records.index)
        # confirmed matches (the mapping's [matches], keyed by source id or name)
        if mapping.matches:
            for key_arr in (src_ids, src_names):
                if key_arr is None:
                    continue
                for i, key in enumerate(key_arr):
                    if key is None or record_id[i] is not None or forced_new[i]:
                        continue
                    rid = mapping.matches.get(str(key))
                    if rid is None:
                        continue
                    if rid == "":
                        forced_new[i] = True
                    elif rid in rec_ids:
                        record_id[i], matched_by[i] = rid, "confirmed"
                    else:
                        reasons.rows.setdefault(i, []).append(
                            Words("confirmed match to '%1', which is not a record of layer %2", rid, target))
        # by id (exact; ids are lower case in qxmap, compare case-insensitively)
        if src_ids is not None and len(rec_ids):
            lower = {r.lower(): r for r in rec_ids}
            for i, sid in enumerate(src_ids):
                if sid is None or record_id[i] is not None or forced_new[i]:
                    continue
                hit = lower.get(str(sid).strip().lower())
                if hit is not None:
                    record_id[i], matched_by[i] = hit, "id"
        # by exact name
        if src_names is not None and len(records):
            by_name: dict[str, list[str]] = {}
            for rid, nm in zip(records.index, records["name_zh"]):
                k = name_key(nm)
                if k:
                    by_name.setdefault(k, []).append(rid)
            hits = list(map(by_name.get, name_keys_u))  # None: no record of that name
            hit = [u for u, h in enumerate(hits) if h is not None]
            n_hits_u = np.zeros(len(hits) + 1, dtype=np.int64)
            n_hits_u[hit] = [len(hits[u]) for u in hit]
            first_u = np.full(len(hits) + 1, None, dtype=object)
            first_u[hit] = [hits[u][0] for u in hit]
            n_hits, first_hit = n_hits_u[name_codes], first_u[name_codes]
            free = (record_id == None) & ~forced_new  # noqa: E711
            one = free & (n_hits == 1)
            record_id[one], matched_by[one] = first_hit[one], "name"
            for i in np.flatnonzero(free & (n_hits > 1)):
                found = hits[name_codes[i]]
                reasons.rows.setdefault(int(i), []).append(
                    Words("name matches several records (%1): confirm one in [matches]", ', '.join(found)))
        matched = record_id != None  # noqa: E711
        action[matched] = "match"
        action[~matched] = "add"
        # fuzzy candidates for the new ones
        if src_names is not None and len(records):
            want = (~matched) & ~forced_new & (name_codes >= 0)
            if want.any():
                wanted_codes = np.unique(name_codes[want])
                rec_list = list(records.index)
                rec_names = [value_text(v) or "" for v in records["name_zh"]]
                found = fuzzy_candidates([str(name_uniques[c]) for c in wanted_codes], rec_list, rec_names,
                                         normed=[name_nfkc[c] for c in wanted_codes.tolist()])
                by_code = {int(wanted_codes[k]): f for k, f in found.items()}
                for i in np.flatnonzero(want & np.isin(name_codes, list(by_code))):
                    for j, score, why in by_code[int(name_codes[i])]:
                        candidates_rows.append((int(i), rec_list[j], rec_names[j], float(score), why))

        # road numbers (mapping.road_number): the records whose names hold a feature's number
        if mapping.road_number is not None and len(records):
            candidates_rows.extend(_road_number_candidates(
                frame[mapping.road_number].tolist(), (~matched) & ~forced_new & selected, records, candidates_rows,
                mapping.road_number))

        # ---- update only: a feature that matches no record adds none
        if not mapping.add_new:
            reasons.add((action == "add") & selected,
                        Words("matches no record (the import updates matched records only)"))

        # ---- new records: required values, defaults, ids
        spec = schema.LAYERS[target]
        adding = (action == "add") if mapping.add_new else np.zeros(n, dtype=bool)
        for fspec in spec.fields:
            if fspec.name in ("id", "source", "geometry_accuracy"):
                continue
            col = values.get(fspec.name)
            if col is None:
                col = np.full(n, None, dtype=object)
                values[fspec.name] = col
            missing = adding & _nones(col)
            if not missing.any():
                continue
            default = mapping.defaults.get(fspec.name)
            if default in (None, "") and len(fspec.choices) == 1:
                default = fspec.choices[0]  # exits: category is always "exit"
            if default not in (None, ""):
                if fspec.kind == "year":
                    default = parse_year(default)
                elif fspec.kind == "percent":
                    default = parse_percent(default)
                col[missing] = default
                continue
            if fspec.name == "status" and "phase" in values:
                derived = np.array([STATUS_FROM_PHASE.get(p) for p in values["phase"]], dtype=object)
                fill = missing & ~_nones(derived)
                col[fill] = derived[fill]
                missing &= ~fill
            if fspec.required and missing.any():
                how = Words("map a field to it or set a default") if fspec.name != "name_zh" \
                    else Words("map a name field")
                reasons.add(missing, Words("no %1 for a new record (%2)", fspec.name, how))

    # ---- skip, then merge pieces of the same record
    skip = reasons.mask(n)
    action[skip] = "skip"
    record_id[skip] = None
    merged_into: dict[int, int] = {}
    if target != REFERENCE:
        merged_into = _merge_pieces(action, record_id, values, wgs, reasons, target,
                                    name_keys if target != REFERENCE else None)
        skip = reasons.mask(n)
        action[skip] = "skip"
        record_id[skip] = None

    # ---- ids of new records
    if target != REFERENCE:
        adding = action == "add"
        used = set(all_ids)
        src_ids = values.get("id")
        prefix = ID_PREFIX[target]
        counter = 0
        new_rows = np.flatnonzero(adding)
        if src_ids is None or _nones(src_ids[new_rows]).all():  # ids made up for every new record: in bulk
            made: list[str] = []
            while len(made) < len(new_rows):
                tries = [f"{prefix}-imp-{c:04d}" for c in range(counter + 1, counter + 1 + len(new_rows) - len(made))]
                counter += len(tries)
                made.extend(t for t in tries if t not in used)
            record_id[new_rows] = made
            new_rows = new_rows[:0]
        for i in new_rows:
            rid = None
            if src_ids is not None and src_ids[i] is not None:
                cand = str(src_ids[i]).strip().lower()
                if _ID_RE.match(cand) and cand.startswith(prefix + "-") and cand not in used:
                    rid = cand
            while rid is None:
                counter += 1
                cand = f"{prefix}-imp-{counter:04d}"
                if cand not in used:
                    rid = cand
            used.add(rid)
            record_id[i] = rid
        for i, first in merged_into.items():
            record_id[i] = record_id[first]

    # ---- provenance: accuracy and source
    accuracy_col = values.get("geometry_accuracy")
    if target != REFERENCE:
        geo_rows = np.isin(action, ["match", "add"]) & present
        acc = accuracy_col if accuracy_col is not None else np.full(n, None, dtype=object)
        acc = acc.copy()
        acc[geo_rows & _nones(acc)] = IMPORTED_ACCURACY
        no_geom_new = (action == "add") & ~present
        acc[no_geom_new] = "unmapped"
        values["geometry_accuracy"] = acc
        src_text = values.get("source")
        src_col = np.full(n, None, dtype=object) if src_text is None else src_text.copy()
        prov = provenance.text()
        adding = action == "add"
        given = src_col.astype(bool)  # a source text of the file's own
        src_col[adding & ~given] = prov
        for i in np.flatnonzero(adding & given & present):
            src_col[i] = f"{src_col[i]} … {prov}"
        if "source" in records.columns:
            for i in np.flatnonzero((action == "match") & present):
                old = records.at[record_id[i], "source"] if record_id[i] in records.index else None
                old = _PROVENANCE.sub("", value_text(old) or "")  # an earlier import's: replaced, not repeated
                src_col[i] = f"{old} … {prov}" if old else prov
        values["source"] = src_col
        values["id"] = record_id.copy()

    # ---- far-away features
    far_rows = [int(i) for i in np.flatnonzero(far)]
    if far_rows:
        names = values.get("name_zh")
        shown = ", ".join(f"#{i}" + (f" '{names[i]}'" if names is not None and names[i] else "")
                          for i in far_rows[:10]) + (" ..." if len(far_rows) > 10 else "")
        warnings_out.append(Words("%1 feature(s) lie far from the rest of the data (wrong coordinates or "
                                  "another place?): %2", len(far_rows), shown))

    # ---- the frame
    if target == REFERENCE:
        fields = tuple(values)
        data = {c: frame[c].to_numpy(dtype=object) for c in layer.columns}
        for qf, arr in values.items():
            data[qf] = arr
    else:
        fields = tuple(f.name for f in schema.LAYERS[target].fields)
        data = {qf: values.get(qf, np.full(n, None, dtype=object)) for qf in fields}
    reason_col = np.empty(n, dtype=object)
    reason_col.fill(())
    for i, rs in reasons.rows.items():
        reason_col[i] = tuple(rs)
    # Object columns, as the arrays are (pandas would otherwise check every text to make it its own
    # string type, and later ask that type for its missing values cell by cell).
    out = pd.DataFrame({"action": action, "record_id": record_id, "matched_by": matched_by,
                        "reasons": reason_col, **data}, index=rows, dtype=object)
    features = gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(wgs, index=rows, crs="EPSG:4326"), crs="EPSG:4326")
    features.loc[features["action"] == "skip", "matched_by"] = None
    candidates = pd.DataFrame(candidates_rows, columns=["row", "record_id", "record_name", "score", "reason"])
    # the reasons stay Words (pandas would make them plain strings)
    candidates["reason"] = pd.Series([c[4] for c in candidates_rows], index=candidates.index, dtype=object)
    if n and not (features["action"] != "skip").any():
        warnings_out.append(Words("nothing to import: every feature is skipped"))
    return ImportPlan(target=target, layer_id=layer.id, provenance=provenance, crs=cs.name, crs_label=crs_label,
                      swap_xy=bool(swap), geometry_accuracy=IMPORTED_ACCURACY, features=features,
                      candidates=candidates, unknown_values=unknown_values, warnings=warnings_out,
                      far_features=far_rows, fields=fields, _records=records)


def _pieces_key(action, record_id, values, name_keys) -> list:
    """Key of the record a row goes to: the matched record, or the new record's id or name."""
    n = len(action)
    nothing = np.full(n, None, dtype=object)
    ids = np.asarray(values["id"], dtype=object) if values.get("id") is not None else nothing
    names = np.asarray(name_keys, dtype=object) if name_keys is not None else nothing
    match = action == "match"
    by_id = (action == "add") & ~_nones(ids)
    by_name = (action == "add") & ~by_id & ~_nones(names)
    rest = ~(match | by_id | by_name)
    out = np.empty(n, dtype=object)
    for rows, keys in ((match, ("rec:" + str(r) for r in record_id[match].tolist())),
                       (by_id, ("id:" + str(v).strip().lower() for v in ids[by_id].tolist())),
                       (by_name, ("name:" + k for k in names[by_name].tolist())),
                       (rest, (f"row:{i}" for i in np.flatnonzero(rest).tolist()))):
        out[rows] = np.fromiter(keys, dtype=object, count=int(rows.sum()))
    return out.tolist()


def _merge_pieces(action, record_id, values, wgs, reasons: _Reasons, target: str,
                  name_keys=None) -> dict[int, int]:
    """Rows that go to the same record (matched to it, or new with the same
    name) become one: their geometries are merged into the first row (lines
    line-merged, polygons unioned), the others become "merged".  Pieces whose
    values differ are skipped with the conflicting field named."""
    merged_into: dict[int, int] = {}
    live = np.isin(action, ["match", "add"])
    if live.sum() < 2:
        return merged_into
    keys = _pieces_key(action, record_id, values, name_keys)
    dup = pd.Series(keys, dtype=object).duplicated(keep=False).to_numpy() & live
    if not dup.any():
        return merged_into
    groups: dict = {}
    for i in np.flatnonzero(dup):
        groups.setdefault(keys[i], []).append(int(i))
    allowed = _layer_types(target) or ()
    compare = [f for f in values if f not in ("id", "geometry_accuracy", "source")]
    for members in groups.values():
        first = members[0]
        same = [first]
        for i in members[1:]:
            diff = next((f for f in compare if not _equal(values[f][first], values[f][i])), None)
            if diff is not None:
                reasons.rows.setdefault(i, []).append(
                    Words("another piece of the same record (feature #%1) says %2 '%3', this one '%4'",
                          first, diff, values[diff][first], values[diff][i]))
            else:
                same.append(i)
        if len(same) < 2:
            continue
        parts = [wgs[i] for i in same if wgs[i] is not None]
        if not parts:
            continue
        merged = shapely.union_all(np.asarray(parts, dtype=object))
        if merged.geom_type in ("LineString", "MultiLineString"):
            merged = shapely.line_merge(merged)
        if merged.geom_type not in allowed:
            for i in same[1:]:
                reasons.rows.setdefault(i, []).append(
                    Words("another piece of the same record (feature #%1); pieces of a %2 cannot be one %3 "
                          "feature", first, merged.geom_type, target))
            continue
        wgs[first] = merged
        for i in same[1:]:
            action[i] = "merged"
            record_id[i] = record_id[first]
            merged_into[i] = first
    return merged_into


def _equal(a, b) -> bool:
    """Values of two pieces agree (a missing value agrees with anything)."""
    if a is None or b is None:
        return True
    return _same(a, b)
