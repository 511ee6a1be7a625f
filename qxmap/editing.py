"""The rules for editing a tracked record (road or exit), in one place.

Which fields a planner may change, which values are valid, and which status
changes are ordinary steps forward and which are steps back that need a
confirmation.  The Qt table delegates, the details pane, the workspace and
the ``qxmap set-status`` command all ask :func:`check_edit`, so a value the
CLI refuses is refused in the app with the same words.

Qt-free: edits are plain value objects (:class:`Edit`) that the UI wraps in
undo commands.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from typing import Any, Mapping

from qxmap import schema
from qxmap.dataset import is_missing
from qxmap.words import Words

#: Fields a planner may change on a tracked record, in display order.
EDITABLE_FIELDS = ("status", "phase", "start", "target", "progress", "note",
                   "start_month", "target_month", "owner", "contractor", "budget_wan", "actual_start",
                   "completed_on")

#: Free-text fields, and the longest text they take.
TEXT_FIELDS = ("note", "owner", "contractor")
MAX_TEXT = 2000

#: Years the schema accepts (the same bounds as the dataset validator).
YEAR_MIN, YEAR_MAX = 1990, 2100

#: The normal life of a project, in order.  ``on_hold`` sits beside it.
STATUS_FLOW = ("planned", "preparing", "under_construction", "completed")
ON_HOLD = "on_hold"


@dataclass(frozen=True)
class Transition:
    """What moving a record from one status to another means."""

    needs_confirmation: bool
    reason: str
    #: The reason as a sentence (capitalised, with its full stop), for asking the user.
    sentence: str = ""


def _build_transitions() -> dict[tuple[str, str], Transition]:
    """Every (old, new) status pair with old != new: THE transition table."""
    table: dict[tuple[str, str], Transition] = {}
    order = {s: i for i, s in enumerate(STATUS_FLOW)}
    for old in schema.STATUSES:
        for new in schema.STATUSES:
            if old == new:
                continue
            if old in order and new in order:
                if order[new] > order[old]:
                    table[old, new] = Transition(False, Words("a step forward"))
                elif old == "completed":
                    table[old, new] = Transition(
                        True, Words("going from '%1' back to '%2' is a step backwards (the project is recorded "
                                    "as completed)", old, new),
                        Words("Going from '%1' back to '%2' is a step backwards (the project is recorded "
                              "as completed).", old, new))
                else:
                    table[old, new] = Transition(
                        True, Words("going from '%1' back to '%2' is a step backwards", old, new),
                        Words("Going from '%1' back to '%2' is a step backwards.", old, new))
            elif new == ON_HOLD:
                if old == "completed":
                    table[old, new] = Transition(True, Words("putting a completed project on hold is a step backwards"),
                                                 Words("Putting a completed project on hold is a step backwards."))
                else:
                    table[old, new] = Transition(False, Words("work paused"))
            else:  # old == ON_HOLD
                if new == "completed":
                    table[old, new] = Transition(
                        True, Words("going from 'on_hold' straight to 'completed' skips resuming the work"),
                        Words("Going from 'on_hold' straight to 'completed' skips resuming the work."))
                else:
                    table[old, new] = Transition(False, Words("work resumed"))
    return table


#: (old status, new status) -> Transition, for every pair of distinct statuses.
TRANSITIONS: dict[tuple[str, str], Transition] = _build_transitions()


def transition(old: str, new: str) -> Transition | None:
    """The transition from *old* to *new* (None when they are equal)."""
    if old == new:
        return None
    return TRANSITIONS.get((old, new))


@dataclass(frozen=True)
class Edit:
    """One change of one field of one tracked record; a value object.

    *old* and *new* are normalised values (text or None, int years, float
    percentages).  *note* is the reason for the change, stored in the
    history; the record's own ``note`` field is edited with field="note".
    """

    feature_id: str
    field: str
    old: Any
    new: Any
    note: str | None = None

    def inverse(self) -> "Edit":
        return Edit(self.feature_id, self.field, self.new, self.old, self.note)


@dataclass(frozen=True)
class EditCheck:
    """The verdict on a proposed value: refused (ok False, message says why),
    accepted, or accepted only after the user confirms (needs_confirmation)."""

    ok: bool
    needs_confirmation: bool
    message: str
    #: The value as it will be stored (e.g. "2020" -> 2020), when ok.
    value: Any = None


def _number(value: Any) -> float | None:
    """A finite number from int/float/numeric text; None when it is not one."""
    if isinstance(value, bool):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalar
        try:
            value = value.item()
        except (TypeError, ValueError):
            return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().rstrip("%").strip()
        try:
            number = float(text)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def normalise(field: str, value: Any) -> tuple[Any, str | None]:
    """(stored value, None) or (None, reason the value is invalid) for *field*.

    Only the value itself is judged here; :func:`check_edit` adds the rules
    that depend on the record (status transitions, start <= target).
    """
    if field not in EDITABLE_FIELDS:
        return None, Words("'%1' cannot be edited; editable fields are %2", field, ", ".join(EDITABLE_FIELDS))
    if field in ("status", "phase"):
        choices = schema.STATUSES if field == "status" else schema.PHASES
        if is_missing(value):
            return None, Words("%1 is required; expected one of %2", field, ", ".join(choices))
        text = value.strip() if isinstance(value, str) else value
        if not isinstance(text, str) or text not in choices:
            return None, Words("unknown %1 %2; expected one of %3", field, _show(value), ", ".join(choices))
        return text, None
    if field in ("start", "target"):
        if is_missing(value):
            return None, None
        number = _number(value)
        if number is None or number != int(number):
            return None, Words("%1 year %2 is not a whole-number year", field, _show(value))
        year = int(number)
        if not YEAR_MIN <= year <= YEAR_MAX:
            return None, Words("%1 year %2 is out of range; expected %3–%4", field, year, YEAR_MIN, YEAR_MAX)
        return year, None
    if field == "progress":
        if is_missing(value):
            return None, None
        number = _number(value)
        if number is None:
            return None, Words("progress %1 is not a number; expected 0–100 (%)", _show(value))
        if not 0 <= number <= 100:
            return None, Words("progress %1 % is out of range; expected 0–100", f"{number:g}")
        return float(number), None
    if field in ("start_month", "target_month"):
        if is_missing(value):
            return None, None
        number = _number(value)
        if number is None or number != int(number) or not 1 <= number <= 12:
            return None, Words("%1 %2 is not a month; expected 1–12", field.replace('_', ' '), _show(value))
        return int(number), None
    if field == "budget_wan":
        if is_missing(value):
            return None, None
        return schema.parse_money(value)
    if field in ("actual_start", "completed_on"):
        if is_missing(value):
            return None, None
        what = Words("actual start") if field == "actual_start" else Words("completion date")
        day, problem = schema.parse_date(value)
        return (None, Words("%1: %2", what, problem)) if problem else (day, None)
    # note, owner, contractor: free text
    if is_missing(value):
        return None, None
    if not isinstance(value, str):
        return None, Words("%1 must be text, not %2", field, type(value).__name__)
    if len(value.strip()) > MAX_TEXT:
        return None, Words("%1 is longer than %2 characters", field, MAX_TEXT)
    return value.strip(), None


def _show(value: Any) -> str:
    text = f"'{value}'" if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _get(record: Mapping | Any, field: str) -> Any:
    try:
        value = record.get(field)
    except AttributeError:
        value = getattr(record, field, None)
    return None if is_missing(value) else value


def check_edit(record: Mapping | Any | None, field: str, value: Any,
               feature_id: str | None = None) -> EditCheck:
    """May *field* of *record* (a row of a tracked layer, or None if the id is
    unknown) be set to *value*?  Never raises for bad input."""
    if record is None:
        return EditCheck(False, False, Words("unknown road or exit id '%1'", feature_id) if feature_id
                         else Words("unknown road or exit id"))
    new, problem = normalise(field, value)
    if problem:
        return EditCheck(False, False, problem)
    current = _get(record, field)
    if field == "status":
        old = current
        step = transition(old, new) if old in schema.STATUSES else None
        if old == new:
            return EditCheck(True, False, Words("status is already '%1'", new), new)
        if step is None:  # the record holds no valid status: any valid one fixes it
            return EditCheck(True, False, Words("status set to '%1'", new), new)
        if step.needs_confirmation:
            return EditCheck(True, True, step.sentence or step.reason[0].upper() + step.reason[1:] + ".", new)
        return EditCheck(True, False, Words("status '%1' -> '%2': %3", old, new, step.reason), new)
    if field in ("start", "target") and new is not None:
        start = new if field == "start" else _get(record, "start")
        target = new if field == "target" else _get(record, "target")
        if isinstance(start, (int, float)) and isinstance(target, (int, float)) and start > target:
            if field == "start":
                return EditCheck(False, False, Words("start year %1 is after the target year %2", start, int(target)))
            return EditCheck(False, False, Words("target year %1 is before the start year %2", target, int(start)))
    if field in ("start_month", "target_month") and new is not None:
        year_field = field.replace("_month", "")
        if _get(record, year_field) is None:
            return EditCheck(False, False, Words("%1 needs a %2 year first (write the period as YYYY-MM, "
                                                 "e.g. 2019-06)", field.replace('_', ' '), year_field))
    if field in ("start", "target", "start_month", "target_month") and new is not None:
        starts = _period(record, "start", field, new)
        ends = _period(record, "target", field, new)
        if starts is not None and ends is not None and starts[0] == ends[0] and starts[1] > ends[1]:
            return EditCheck(False, False, Words("planned start %1 is after the target %2", period_text(*starts),
                                                 period_text(*ends)))
    if field in ("actual_start", "completed_on") and new is not None:
        if new > _dt.date.today().isoformat():
            return EditCheck(False, False, Words("actual start %1 is in the future; record it on the day it happens",
                                                 new) if field == "actual_start" else
                             Words("completion date %1 is in the future; record it on the day it happens", new))
        began = new if field == "actual_start" else _get(record, "actual_start")
        done = new if field == "completed_on" else _get(record, "completed_on")
        if isinstance(began, str) and isinstance(done, str) and began > done:
            return EditCheck(False, False, Words("completion date %1 is before the actual start %2", done, began))
    return EditCheck(True, False, "ok", new)


def _period(record, which: str, field: str, new) -> tuple[int, int] | None:
    """(year, month) of the planned start or target with *field* set to *new* (a
    missing month counts as January for the start, December for the target)."""
    year = new if field == which else _get(record, which)
    if year is None:
        return None
    month = new if field == f"{which}_month" else _get(record, f"{which}_month")
    if month is None:
        month = 1 if which == "start" else 12
    return int(year), int(month)


# --------------------------------------------------------------------------
# Planned periods: a year, or a year and a month ("2019-06")

_PERIOD = re.compile(r"\s*([0-9]{4})\s*(?:(?:[-/.]|年)\s*([0-9]{1,2})\s*月?)?\s*年?\s*")


def period_text(year, month=None) -> str:
    """"2019" or "2019-06" ("" without a year)."""
    if is_missing(year):
        return ""
    if is_missing(month):
        return str(int(year))
    return f"{int(year)}-{int(month):02d}"


def parse_period(value: Any) -> tuple[tuple[int | None, int | None], str | None]:
    """((year, month or None), None) or ((None, None), why not) for a planned start or
    target typed as "2019", "2019-06" (also "2019/6", "2019年6月").  Empty: ((None, None), None)."""
    if is_missing(value):
        return (None, None), None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = _number(value)
        if number is None or number != int(number):
            return (None, None), Words("%1 is not a year", _show(value))
        value = str(int(number))
    if not isinstance(value, str):
        return (None, None), Words("a period is a year or YYYY-MM, not %1", type(value).__name__)
    m = _PERIOD.fullmatch(value)
    if m is None:
        return (None, None), Words("%1 is not a year (2019) or a year and month (2019-06)", _show(value))
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    if not YEAR_MIN <= year <= YEAR_MAX:
        return (None, None), Words("year %1 is out of range; expected %2–%3", year, YEAR_MIN, YEAR_MAX)
    if month is not None and not 1 <= month <= 12:
        return (None, None), Words("month %1 of %2 is not 1–12", month, _show(value))
    return (year, month), None


def _steps_valid(record, changes) -> bool:
    """Is every step of *changes* (made one after the other) valid on its own?"""
    state = {f: _get(record, f) for f in ("start", "target", "start_month", "target_month")}
    for field, value in changes:
        if not check_edit(state, field, value).ok:
            return False
        state[field] = value
    return True


def check_period(record: Mapping | Any | None, which: str, value: Any,
                 feature_id: str | None = None) -> tuple[EditCheck, list[tuple[str, Any]]]:
    """May the planned start (*which* = "start") or the target ("target") of *record*
    become *value* ("2019", "2019-06" or empty)?  Returns the verdict and the
    (field, value) changes to make, in an order whose every step is valid on its
    own (the year before a new month; the month before a cleared year).  The
    start may not come after the target, compared by month."""
    if which not in ("start", "target"):
        raise ValueError(f"which must be 'start' or 'target', not {which!r}")
    if record is None:
        return EditCheck(False, False, Words("unknown road or exit id '%1'", feature_id) if feature_id
                         else Words("unknown road or exit id")), []
    label = Words("planned start") if which == "start" else Words("target")
    (year, month), problem = parse_period(value)
    if problem:
        return EditCheck(False, False, Words("%1: %2", label, problem)), []
    other = "target" if which == "start" else "start"
    other_year = _get(record, other)
    if year is not None and other_year is not None:
        other_month = _get(record, f"{other}_month")
        mine = (year, month or (1 if which == "start" else 12))
        theirs = (int(other_year), int(other_month) if other_month is not None else (12 if which == "start" else 1))
        start, target = (mine, theirs) if which == "start" else (theirs, mine)
        if start > target:
            shown, there = period_text(year, month), period_text(other_year, other_month)
            if which == "start":
                return EditCheck(False, False, Words("planned start %1 is after the target %2", shown, there)), []
            return EditCheck(False, False, Words("target %1 is before the planned start %2", shown, there)), []
    changes = []
    if not same_value(_get(record, which), year):
        changes.append((which, year))
    if not same_value(_get(record, f"{which}_month"), month):
        changes.append((f"{which}_month", month))
    if len(changes) == 2 and not _steps_valid(record, changes):
        changes.reverse()  # e.g. a cleared period: the month first, never a month without its year
    return EditCheck(True, False, Words("%1 %2", label, period_text(year, month) or '—'), (year, month)), changes


def value_text(value: Any) -> str | None:
    """A stored value as the text written in the history (None stays None)."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def same_value(a: Any, b: Any) -> bool:
    """Equality that treats every kind of missing value as equal."""
    if is_missing(a) or is_missing(b):
        return is_missing(a) and is_missing(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return float(a) == float(b)
    return a == b


#: Build phases that say the work has not started yet.
NOT_STARTED_PHASES = ("start_this_year", "by_2018", "2018_2020", "unscheduled")


@dataclass(frozen=True)
class RelatedChange:
    """A change to another field that a status change suggests (never made silently)."""

    field: str
    value: Any
    reason: str


def related_changes(record: Mapping | Any | None, field: str, value: Any) -> list[RelatedChange]:
    """What else a planner probably wants to change with *field* = *value*: a road
    set to completed is 100 % done; one under construction (or completed) has
    started, so a phase that says "not started yet" is out of date.  The caller
    asks before making any of them."""
    if record is None or field != "status":
        return []
    new, problem = normalise(field, value)
    if problem or new is None:
        return []
    out: list[RelatedChange] = []
    progress = _get(record, "progress")
    phase = _get(record, "phase")
    if new == "completed" and progress != 100:
        out.append(RelatedChange("progress", 100.0, Words("a completed road is 100 % done")))
    if new in ("under_construction", "completed") and phase in NOT_STARTED_PHASES:
        out.append(RelatedChange("phase", "underway", Words("its build phase '%1' says the work has not started",
                                                               phase)))
    return out
