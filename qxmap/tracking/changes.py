"""What changed since a date: every saved change after it, grouped for a meeting.

The groups, in the order a progress meeting reads them:

* ``started``: the status became "under construction" (from planned,
  preparing or on hold), or an actual start date was recorded;
* ``finished``: the status became "completed", or a completion date was recorded;
* ``slipped``: the target moved later ("2018" -> "2019", "2019-03" -> "2019-06";
  a year and its month changed in one save are compared together);
* ``set_back``: the status went backwards (completed -> under construction,
  under construction -> planned, ...) or the work was put on hold;
* ``other``: every other change (progress, phase, owner, notes, ...).

Every row keeps who made it and the note given with it.  "Since" a date
means from the start of that local day; since a moment (the last export of
the report) means strictly after it.
"""
from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qxmap import schema
from qxmap.editing import STATUS_FLOW
from qxmap.tracking.history import UNSAVED, History

GROUPS = ("started", "finished", "slipped", "set_back", "other")
GROUP_LABELS = {
    "started": ("开工", "Started"),
    "finished": ("完工", "Finished"),
    "slipped": ("延期（目标推迟）", "Slipped (target moved later)"),
    "set_back": ("状态倒退或暂缓", "Set back or put on hold"),
    "other": ("其他变更", "Other changes"),
}
#: Columns of a report row (also the XLSX and CSV columns, in this order).
COLUMNS = ("group", "road_id", "name_zh", "name_en", "field", "old_value", "new_value", "changed_at",
           "changed_by", "note", "history_id")
_NOT_STARTED = ("planned", "preparing", "on_hold")


def group_label(code: str, lang: str = "zh") -> str:
    return schema.label(GROUP_LABELS, code, lang)


def field_label(field: str, lang: str = "zh") -> str:
    if field in ("status", "phase"):
        return "状态" if field == "status" and lang == "zh" else (
            "建设阶段" if lang == "zh" else ("Status" if field == "status" else "Build phase"))
    if field == "note":
        return "备注" if lang == "zh" else "Note"
    return schema.label(schema.TRACKING_FIELD_LABELS, field, lang)


def value_label(field: str, value, lang: str = "zh") -> str:
    """A stored value (text) as a reader wants it: labels for codes, % for progress."""
    if _missing(value) or value == "":
        return "—"
    if field == "geometry":
        return "（形状）" if lang == "zh" else "(shape)"
    if field == "record":
        return ("已建" if lang == "zh" else "created") if value else "—"
    if len(str(value)) > 80:
        return str(value)[:79] + "…"
    if field == "status":
        return schema.label(schema.STATUS_LABELS, value, lang)
    if field == "phase":
        return schema.label(schema.PHASE_LABELS, value, lang)
    if field == "progress":
        try:
            return f"{float(value):g} %"
        except ValueError:
            return str(value)
    if field == "budget_wan":
        try:
            return f"{float(value):g} 万元" if lang == "zh" else f"{float(value):g} × 10k yuan"
        except ValueError:
            return str(value)
    return str(value)


@dataclass(frozen=True)
class ChangesReport:
    """The changes after :attr:`since`, one row each (columns :data:`COLUMNS`), grouped."""

    since: _dt.date | _dt.datetime
    rows: pd.DataFrame
    #: The first day the history covers (None: no history).
    starts_on: _dt.date | None

    def group(self, code: str) -> pd.DataFrame:
        return self.rows[self.rows["group"].to_numpy(dtype=object) == code]

    def records(self, code: str | None = None) -> list[dict]:
        """The rows (of one group) as plain dicts: text, None, ints."""
        frame = self.rows if code is None else self.group(code)
        columns = list(frame.columns)
        arrays = [frame[c].to_numpy().tolist() if c == "history_id" else frame[c].to_numpy(dtype=object).tolist()
                  for c in columns]
        return [dict(zip(columns, values)) for values in zip(*arrays)]

    def counts(self) -> dict[str, int]:
        counts = self.rows["group"].value_counts()
        return {g: int(counts.get(g, 0)) for g in GROUPS}

    @property
    def since_text(self) -> str:
        if isinstance(self.since, _dt.datetime):
            return self.since.isoformat(timespec="minutes")
        return self.since.isoformat()

    def note(self, lang: str = "zh") -> str:
        """A word when *since* is before the history starts ("" otherwise)."""
        since_day = self.since.date() if isinstance(self.since, _dt.datetime) else self.since
        if self.starts_on is None or since_day >= self.starts_on:
            return ""
        first = self.starts_on.isoformat()
        return (f"变更记录从 {first} 开始：更早的变更没有记录" if lang == "zh"
                else f"The history starts on {first}: earlier changes are not recorded")

    def as_dict(self) -> dict:
        return {"since": self.since_text, "history_starts_on": None if self.starts_on is None
                else self.starts_on.isoformat(), "counts": self.counts(),
                "groups": {g: self.records(g) for g in GROUPS}}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False)

    def text(self, lang: str = "zh") -> str:
        """The report as plain text, one line per change, under a heading per group."""
        zh = lang == "zh"
        lines = [(f"自 {self.since_text} 以来的变更：{len(self.rows)} 项" if zh
                  else f"Changes since {self.since_text}: {len(self.rows)}")]
        if self.note(lang):
            lines.append(self.note(lang))
        for code in GROUPS:
            part = self.records(code)
            lines.append("")
            lines.append(f"{group_label(code, lang)} ({len(part)})")
            for r in part:
                lines.append("  " + change_line(r, lang))
        return "\n".join(lines)


def local_time(stamp) -> str:
    """A stored time stamp (UTC) as local "YYYY-MM-DD HH:MM" (as it is when it is not a time)."""
    from qxmap.tracking.history import local_tz

    try:
        moment = _dt.datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        return str(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    return moment.astimezone(local_tz()).strftime("%Y-%m-%d %H:%M")


def change_line(r: dict, lang: str = "zh") -> str:
    name = (r.get("name_en") if lang != "zh" and r.get("name_en") else r.get("name_zh")) or r["road_id"]
    who = r.get("changed_by") or ""
    note = f" ({r['note']})" if r.get("note") else ""
    return (f"{local_time(r['changed_at'])}  {name} [{r['road_id']}]: {field_label(r['field'], lang)} "
            f"{value_label(r['field'], r.get('old_value'), lang)} → {value_label(r['field'], r.get('new_value'), lang)}"
            f"  — {who}{note}")


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def classify(rows: pd.DataFrame) -> np.ndarray:
    """The group code of each history row (rows sorted oldest first)."""
    n = len(rows)
    groups = np.full(n, "other", dtype=object)
    if not n:
        return groups
    field = rows["field"].to_numpy(dtype=object)
    old = rows["old_value"].to_numpy(dtype=object)
    new = rows["new_value"].to_numpy(dtype=object)
    empty_old = pd.isna(rows["old_value"]).to_numpy() | (old == "")
    status = field == "status"
    order = {s: i for i, s in enumerate(STATUS_FLOW)}
    old_rank = np.array([order.get(v, -1) for v in old], dtype=np.int64)
    new_rank = np.array([order.get(v, -1) for v in new], dtype=np.int64)
    started = status & (new == "under_construction") & (pd.Series(old).isin(_NOT_STARTED).to_numpy() | empty_old)
    started |= (field == "actual_start") & empty_old & ~pd.isna(rows["new_value"]).to_numpy()
    finished = status & (new == "completed")
    finished |= (field == "completed_on") & empty_old & ~pd.isna(rows["new_value"]).to_numpy()
    backwards = status & (old_rank >= 0) & (new_rank >= 0) & (new_rank < old_rank)
    backwards |= status & (new == "on_hold")
    backwards |= status & (old == "completed") & (new != "completed")
    groups[started] = "started"
    groups[finished] = "finished"
    groups[backwards & ~started & ~finished] = "set_back"
    # Targets: a year and its month changed in one save (same road, same moment) count together.
    target = np.isin(field, ("target", "target_month"))
    if target.any():
        key = (rows["road_id"].astype(str) + "\n" + rows["changed_at"].astype(str)).to_numpy(dtype=object)
        part = pd.DataFrame({"key": key[target], "field": field[target],
                             "old": pd.to_numeric(rows["old_value"][target], errors="coerce").to_numpy(),
                             "new": pd.to_numeric(rows["new_value"][target], errors="coerce").to_numpy()})

        def ends(name: str) -> pd.DataFrame:
            sel = part[part["field"] == name]
            return sel.groupby("key", sort=False).agg(old=("old", "first"), new=("new", "last"))

        years, months = ends("target"), ends("target_month")
        saves = years.add_suffix("_year").join(months.add_suffix("_month"), how="outer")
        if "old_month" not in saves:
            saves["old_month"] = saves["new_month"] = np.nan
        if "old_year" not in saves:
            saves["old_year"] = saves["new_year"] = np.nan
        only_month = ~years.reindex(saves.index).notna().any(axis=1).to_numpy()
        old_year = np.where(only_month, 2000, saves["old_year"].to_numpy(dtype=float))
        new_year = np.where(only_month, 2000, saves["new_year"].to_numpy(dtype=float))
        old_month = np.nan_to_num(saves["old_month"].to_numpy(dtype=float), nan=12)
        new_month = np.nan_to_num(saves["new_month"].to_numpy(dtype=float), nan=12)
        before, after = old_year * 12 + old_month, new_year * 12 + new_month
        later = np.isfinite(before) & np.isfinite(after) & (after > before)
        slipped_keys = set(saves.index[later])
        if slipped_keys:
            groups[target & np.isin(key, list(slipped_keys))] = "slipped"
    return groups


def changes_since(history: History, since: _dt.date | _dt.datetime,
                  names: pd.DataFrame | None = None, include_unsaved: bool = False,
                  after_id: int | None = None) -> ChangesReport:
    """Every saved change after *since*, grouped (see the module docstring).  *names*:
    a frame with id, name_zh, name_en of the records (missing names stay empty).
    *after_id*: instead of the time, the rows after this history row (the last one a
    previous report included: exact, whatever the clocks said)."""
    if after_id is not None:
        rows = history.frame[history.frame["id"].to_numpy() > int(after_id)]
    else:
        rows = history.after(since)
    if not include_unsaved:
        rows = rows[rows["changed_by"] != UNSAVED]
    rows = rows.reset_index(drop=True)
    out = pd.DataFrame({
        "group": classify(rows),
        "road_id": rows["road_id"].to_numpy(dtype=object),
        "field": rows["field"].to_numpy(dtype=object),
        "old_value": rows["old_value"].to_numpy(dtype=object),
        "new_value": rows["new_value"].to_numpy(dtype=object),
        "changed_at": rows["changed_at"].to_numpy(dtype=object),
        "changed_by": rows["changed_by"].to_numpy(dtype=object),
        "note": rows["note"].to_numpy(dtype=object),
        "history_id": rows["id"].to_numpy(dtype=np.int64),
    })
    if names is not None and len(names):
        lookup = names.drop_duplicates("id").set_index("id")
        out["name_zh"] = lookup["name_zh"].reindex(out["road_id"]).to_numpy(dtype=object)
        out["name_en"] = lookup["name_en"].reindex(out["road_id"]).to_numpy(dtype=object) \
            if "name_en" in lookup else None
    else:
        out["name_zh"] = None
        out["name_en"] = None
    for column in ("name_zh", "name_en", "old_value", "new_value", "changed_by", "note"):
        values = out[column].to_numpy(dtype=object, copy=True)
        values[pd.isna(values)] = None
        out[column] = pd.Series(values, dtype=object)
    rank = {g: i for i, g in enumerate(GROUPS)}
    out["_rank"] = out["group"].map(rank)
    out = out.sort_values(["_rank", "history_id"], kind="stable").drop(columns="_rank").reset_index(drop=True)
    return ChangesReport(since, out.loc[:, list(COLUMNS)], history.starts_on)
