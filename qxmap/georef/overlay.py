"""A planning drawing pinned on the map: the state the workspace saves.

:class:`PlanOverlay` holds what is needed to place the drawing again: the
image (path, and the SHA-256 of its bytes to notice a changed or moved file),
the PDF page and dpi, the control points, the transform kind (``affine``,
``similarity``, or ``file`` for a world file / GeoTIFF, whose transform is
kept), the opacity and visibility.

:meth:`PlanOverlay.to_dict` gives a JSON-able dict; :meth:`PlanOverlay.from_dict`
reads one back from untrusted input (a workspace from a colleague) and
raises ValueError (GeorefError) naming the field on anything wrong: a wrong
type, NaN or Infinity, an out-of-range number, control characters in text,
more than :data:`MAX_CONTROL_POINTS` points.  :meth:`to_json` /
:meth:`from_json` wrap them for a TEXT column (NaN refused, size limited).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from qxmap.words import Words

from .errors import GeorefError
from .fit import DEFAULT_MAX_RMS_M, ControlPoint, FitResult, fit, normalise_kind
from .transform import Transform

__all__ = [
    "OVERLAY_KINDS",
    "MAX_CONTROL_POINTS",
    "MAX_JSON_BYTES",
    "FORMAT_VERSION",
    "PlanOverlay",
]

OVERLAY_KINDS = ("affine", "similarity", "file")
MAX_CONTROL_POINTS = 500
MAX_NAME_CHARS = 200
MAX_LABEL_CHARS = 100
MAX_PATH_CHARS = 4096
MAX_JSON_BYTES = 1024 * 1024
FORMAT_VERSION = 1

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _bad(field_name: str, text: str) -> GeorefError:
    return GeorefError("bad_overlay", Words("%1: %2", field_name, text))


def _text(value: Any, name: str, *, max_chars: int, allow_empty: bool = True, allow_newline: bool = False) -> str:
    if not isinstance(value, str):
        raise _bad(name, Words("expected text, got %1", type(value).__name__))
    if len(value) > max_chars:
        raise _bad(name, Words("too long (%1 characters, at most %2)", len(value), max_chars))
    bad = _CONTROL.search(value) or (None if allow_newline else re.search(r"[\n\r\t]", value))
    if bad:
        raise _bad(name, Words("contains a control character (U+%1)", f"{ord(bad.group(0)):04X}"))
    if not allow_empty and not value.strip():
        raise _bad(name, Words("is empty"))
    return value


def _number(value: Any, name: str, lo: float | None = None, hi: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _bad(name, Words("expected a number, got %1", type(value).__name__))
    out = float(value)
    if not math.isfinite(out):
        raise _bad(name, Words("not a finite number: %1", repr(value)))
    if (lo is not None and out < lo) or (hi is not None and out > hi):
        raise _bad(name, Words("%1 is out of range [%2, %3]", f"{out:g}", f"{lo:g}", f"{hi:g}"))
    return out


def _bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise _bad(name, Words("expected true or false, got %1", type(value).__name__))
    return value


def _point(value: Any, name: str) -> ControlPoint:
    if not isinstance(value, dict):
        raise _bad(name, Words("expected an object, got %1", type(value).__name__))
    for key in ("x", "y", "lon", "lat"):
        if key not in value:
            raise _bad(f"{name}.{key}", Words("missing"))
    x = _number(value["x"], f"{name}.x", -1e7, 1e7)
    y = _number(value["y"], f"{name}.y", -1e7, 1e7)
    lon = _number(value["lon"], f"{name}.lon", -180.0, 180.0)
    lat = _number(value["lat"], f"{name}.lat", -90.0, 90.0)
    enabled = _bool(value.get("enabled", True), f"{name}.enabled")
    label = _text(value.get("label", ""), f"{name}.label", max_chars=MAX_LABEL_CHARS)
    return ControlPoint(x, y, lon, lat, enabled, label)


@dataclass
class PlanOverlay:
    """A drawing on the map (see the module docstring).  Control point pixels are
    in the full-size image (:attr:`LoadedImage.width` x ``height``), not the PNG."""

    name: str
    image_path: str | None = None
    image_sha256: str | None = None
    control_points: list[ControlPoint] = field(default_factory=list)
    kind: str = "affine"
    opacity: float = 0.6
    visible: bool = True
    page: int | None = None
    dpi: float | None = None
    file_transform: Transform | None = None
    max_rms_m: float = DEFAULT_MAX_RMS_M

    def __post_init__(self):
        self.validate()

    def validate(self) -> None:
        """Check every field (GeorefError naming the field); normalises the kind."""
        _text(self.name, "name", max_chars=MAX_NAME_CHARS, allow_empty=False)
        if self.image_path is None and self.image_sha256 is None:
            raise _bad("image_path", Words("an overlay needs an image path or an image hash"))
        if self.image_path is not None:
            _text(self.image_path, "image_path", max_chars=MAX_PATH_CHARS, allow_empty=False)
        if self.image_sha256 is not None:
            if not isinstance(self.image_sha256, str) or not _SHA256.match(self.image_sha256):
                raise _bad("image_sha256", Words("expected 64 lowercase hexadecimal digits"))
        if not isinstance(self.control_points, list):
            raise _bad("control_points", Words("expected a list, got %1", type(self.control_points).__name__))
        if len(self.control_points) > MAX_CONTROL_POINTS:
            raise _bad("control_points", Words("%1 points, at most %2", len(self.control_points), MAX_CONTROL_POINTS))
        for i, p in enumerate(self.control_points):
            if not isinstance(p, ControlPoint):
                raise _bad(f"control_points[{i}]", Words("expected a ControlPoint, got %1", type(p).__name__))
        if self.kind == "file":
            if not isinstance(self.file_transform, Transform):
                raise _bad("file_transform", Words("an overlay of kind 'file' needs its transform"))
        else:
            try:
                self.kind = normalise_kind(self.kind)
            except GeorefError:
                raise _bad("kind", Words("expected one of %1, got %2", ', '.join(OVERLAY_KINDS), repr(self.kind))) from None
            if self.file_transform is not None and not isinstance(self.file_transform, Transform):
                raise _bad("file_transform", Words("expected a Transform, got %1", type(self.file_transform).__name__))
        self.opacity = _number(self.opacity, "opacity", 0.0, 1.0)
        _bool(self.visible, "visible")
        if self.page is not None and (isinstance(self.page, bool) or not isinstance(self.page, int)
                                      or not 0 <= self.page < 100_000):
            raise _bad("page", Words("expected a page number from 0, got %1", repr(self.page)))
        if self.dpi is not None:
            self.dpi = _number(self.dpi, "dpi", 10.0, 2400.0)
        self.max_rms_m = _number(self.max_rms_m, "max_rms_m", 1e-6, 1e6)

    # -- placing -------------------------------------------------------------

    def fit(self, image_size: tuple[float, float] | None = None) -> FitResult:
        """Fit the control points (kinds affine/similarity); GeorefError when they cannot be."""
        if self.kind == "file":
            raise GeorefError("bad_kind", Words("this overlay is placed by its world file / GeoTIFF, not by points"))
        return fit(self.control_points, self.kind, max_rms_m=self.max_rms_m, image_size=image_size)

    def transform(self) -> Transform | None:
        """The transform to place the drawing with, or None when its fit is not acceptable
        (or cannot be made); call :meth:`fit` for the reasons."""
        if self.kind == "file":
            return self.file_transform
        try:
            result = self.fit()
        except GeorefError:
            return None
        return result.transform if result.acceptable else None

    # -- (de)serialisation ---------------------------------------------------

    def to_dict(self) -> dict:
        """A JSON-able dict (every number finite)."""
        self.validate()
        out: dict[str, Any] = {
            "version": FORMAT_VERSION,
            "name": self.name,
            "image_path": self.image_path,
            "image_sha256": self.image_sha256,
            "kind": self.kind,
            "opacity": self.opacity,
            "visible": self.visible,
            "max_rms_m": self.max_rms_m,
            "control_points": [
                {"x": p.x, "y": p.y, "lon": p.lon, "lat": p.lat, "enabled": p.enabled, "label": p.label}
                for p in self.control_points
            ],
        }
        if self.page is not None:
            out["page"] = self.page
        if self.dpi is not None:
            out["dpi"] = self.dpi
        if self.file_transform is not None:
            out["file_transform"] = self.file_transform.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Any) -> "PlanOverlay":
        """Read :meth:`to_dict`'s output from untrusted input; ValueError naming the field otherwise.
        Unknown keys are ignored (a later version may add some)."""
        if not isinstance(data, dict):
            raise _bad("overlay", Words("expected an object, got %1", type(data).__name__))
        version = data.get("version", FORMAT_VERSION)
        if isinstance(version, bool) or not isinstance(version, int):
            raise _bad("version", Words("expected a whole number, got %1", type(version).__name__))
        if version > FORMAT_VERSION:
            raise _bad("version", Words("written by a newer qxmap (format %1, this reads %2)", version, FORMAT_VERSION))
        if "name" not in data:
            raise _bad("name", Words("missing"))
        name = _text(data["name"], "name", max_chars=MAX_NAME_CHARS, allow_empty=False)
        path = data.get("image_path")
        if path is not None:
            path = _text(path, "image_path", max_chars=MAX_PATH_CHARS, allow_empty=False)
        digest = data.get("image_sha256")
        if digest is not None and (not isinstance(digest, str) or not _SHA256.match(digest)):
            raise _bad("image_sha256", Words("expected 64 lowercase hexadecimal digits"))
        raw_points = data.get("control_points", [])
        if not isinstance(raw_points, list):
            raise _bad("control_points", Words("expected a list, got %1", type(raw_points).__name__))
        if len(raw_points) > MAX_CONTROL_POINTS:
            raise _bad("control_points", Words("%1 points, at most %2", len(raw_points), MAX_CONTROL_POINTS))
        points = [_point(p, f"control_points[{i}]") for i, p in enumerate(raw_points)]
        kind = data.get("kind", "affine")
        if not isinstance(kind, str) or kind not in OVERLAY_KINDS + ("helmert",):
            raise _bad("kind", Words("expected one of %1, got %2", ', '.join(OVERLAY_KINDS), repr(kind)[:150]))
        opacity = _number(data.get("opacity", 0.6), "opacity", 0.0, 1.0)
        visible = _bool(data.get("visible", True), "visible")
        max_rms = _number(data.get("max_rms_m", DEFAULT_MAX_RMS_M), "max_rms_m", 1e-6, 1e6)
        page = data.get("page")
        if page is not None and (isinstance(page, bool) or not isinstance(page, int) or not 0 <= page < 100_000):
            raise _bad("page", Words("expected a page number from 0, got %1", repr(page)[:150]))
        dpi = data.get("dpi")
        if dpi is not None:
            dpi = _number(dpi, "dpi", 10.0, 2400.0)
        ft = data.get("file_transform")
        if ft is not None:
            try:
                ft = Transform.from_dict(ft, "file_transform")
            except GeorefError as exc:
                raise GeorefError("bad_overlay", exc.message) from None
        return cls(name=name, image_path=path, image_sha256=digest, control_points=points, kind=kind,
                   opacity=opacity, visible=visible, page=page, dpi=dpi, file_transform=ft, max_rms_m=max_rms)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> "PlanOverlay":
        """From :meth:`to_json`'s output; NaN/Infinity and over-large or deeply nested text refused."""
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError:
                raise _bad("overlay", Words("not UTF-8 text")) from None
        if not isinstance(text, str):
            raise _bad("overlay", Words("expected JSON text, got %1", type(text).__name__))
        if len(text.encode("utf-8", "surrogatepass")) > MAX_JSON_BYTES:
            raise _bad("overlay", Words("JSON larger than %1 KB", MAX_JSON_BYTES // 1024))

        def refuse_constant(name: str):
            raise _bad("overlay", Words("%1 is not a number JSON allows", name))

        try:
            data = json.loads(text, parse_constant=refuse_constant)
        except RecursionError:
            raise _bad("overlay", Words("JSON nested too deeply")) from None
        except json.JSONDecodeError as exc:
            raise _bad("overlay", Words("not valid JSON (%1 at line %2)", exc.msg, exc.lineno)) from None
        return cls.from_dict(data)

    @staticmethod
    def with_point_enabled(points: Iterable[ControlPoint], index: int, enabled: bool) -> list[ControlPoint]:
        """The points with point *index* switched on or off (drop a bad point, keep it as a check)."""
        from dataclasses import replace

        return [replace(p, enabled=enabled) if i == index else p for i, p in enumerate(points)]
