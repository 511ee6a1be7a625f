"""Fit a drawing to the map from control points (image pixel -> WGS-84 lon/lat).

Two models, both fitted by least squares (numpy) in a local transverse
Mercator centred on the points, so residuals are true metres:

- ``affine`` (6 parameters: two scales, rotation, shear, translation; >= 3 points),
- ``similarity`` / Helmert (4 parameters: one scale, rotation, translation;
  never mirrors the image; >= 3 points, or 2 with ``allow_two_points`` for an
  unchecked preview).

:func:`fit` raises :class:`GeorefError` when no transform can be determined
(too few points, duplicate points, points on one line for an affine) and
otherwise returns a :class:`FitResult` with every point's residual, the RMS,
the worst point, and ``acceptable`` False with the reasons when the fit
should not be trusted (RMS above ``max_rms_m``, a mirrored image, ...).  The
caller decides what to do with a fit that is not acceptable.

Residual of a point = where the fit puts its image position minus where it
was clicked on the map, in metres (east, north).  Disabled points are left
out of the fit but still get a residual (an independent check).  Point
numbers in messages are 1-based (``#1`` is ``points[0]``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np

from qxmap.words import Words

from .crs import CRSRef
from .errors import GeorefError, Issue, finite_number
from .transform import Transform

__all__ = [
    "KINDS",
    "DEFAULT_MAX_RMS_M",
    "ControlPoint",
    "FitResult",
    "fit",
    "normalise_kind",
]

KINDS = ("affine", "similarity")
_ALIASES = {"affine": "affine", "similarity": "similarity", "helmert": "similarity", "conformal": "similarity"}
_PARAMS = {"affine": 6, "similarity": 4}

#: Default RMS above which a fit is flagged not acceptable (metres).
DEFAULT_MAX_RMS_M = 20.0

#: The kinds in words, and "a(n) <kind> fit" / "<n> points fit a(n) <kind> transform".
_KIND_WORDS = {"affine": Words("affine"), "similarity": Words("similarity")}
_A_FIT = {"affine": Words("an affine fit"), "similarity": Words("a similarity fit")}


def normalise_kind(kind: Any) -> str:
    """``affine`` or ``similarity`` (``helmert`` is an alias); GeorefError otherwise."""
    key = kind.strip().lower() if isinstance(kind, str) else None
    if key not in _ALIASES:
        raise GeorefError("bad_kind", Words("unknown transform kind %1: expected 'affine' or 'similarity'",
                                            repr(kind)))
    return _ALIASES[key]



@dataclass(frozen=True)
class ControlPoint:
    """A spot clicked on the image (x, y pixels of the full-size image) and on the
    map (lon, lat, WGS-84 degrees: on a GCJ-02 basemap convert the click first)."""

    x: float
    y: float
    lon: float
    lat: float
    enabled: bool = True
    label: str = ""

    def __post_init__(self):
        for name in ("x", "y", "lon", "lat"):
            object.__setattr__(self, name, finite_number(getattr(self, name), name, "bad_point"))
        if abs(self.x) > 1e7 or abs(self.y) > 1e7:
            raise GeorefError("bad_point", Words("pixel position out of range: (%1, %2)", self.x, self.y))
        if not (-180.0 <= self.lon <= 180.0 and -90.0 <= self.lat <= 90.0):
            raise GeorefError("bad_point", Words("not a lon/lat position: (%1, %2)", self.lon, self.lat))
        if not isinstance(self.enabled, bool):
            raise GeorefError("bad_point", Words("enabled: expected true or false, got %1", repr(self.enabled)))
        if not isinstance(self.label, str):
            raise GeorefError("bad_point", Words("label: expected text, got %1", type(self.label).__name__))

    @classmethod
    def coerce(cls, value: Any) -> "ControlPoint":
        """A ControlPoint, or one from (x, y, lon, lat[, enabled])."""
        if isinstance(value, ControlPoint):
            return value
        if isinstance(value, (tuple, list)) and len(value) in (4, 5):
            return cls(*value)
        raise GeorefError("bad_point", Words("not a control point: %1", repr(value)))


@dataclass(frozen=True)
class FitResult:
    """The outcome of :func:`fit` (all sequences aligned with ``points``).

    ``params``: ``rotation_deg`` (counter-clockwise turn of the image's x axis from
    east; 0 = north up), ``scale_m_per_px`` (similarity) or ``scale_x_m_per_px``,
    ``scale_y_m_per_px``, ``shear_deg`` (affine), and ``translation_e_m`` /
    ``translation_n_m``: where the image's top-left corner lands in the fit's
    frame (``transform.crs``).
    """

    kind: str
    transform: Transform
    points: tuple[ControlPoint, ...]
    used: tuple[bool, ...]
    residuals_m: tuple[float, ...]
    residual_vectors_m: tuple[tuple[float, float], ...]
    rms_m: float
    worst_index: int | None  # the enabled point with the largest residual; None for an exact fit
    redundancy: int
    max_rms_m: float
    params: dict[str, float] = field(default_factory=dict)
    problems: tuple[Issue, ...] = ()
    notes: tuple[Issue, ...] = ()

    @property
    def acceptable(self) -> bool:
        """No problem: the caller may place the drawing with this transform."""
        return not self.problems

    @property
    def checked(self) -> bool:
        """More points than the model needs, so the residuals say something."""
        return self.redundancy > 0

    @property
    def n_used(self) -> int:
        return sum(self.used)

    @property
    def summary(self) -> Words:
        n = self.n_used
        kind = _KIND_WORDS.get(self.kind, self.kind)
        rms = f"{self.rms_m:.2f}"
        text = Words("%1 fit, RMS %2 m over %3 point", kind, rms, n) if n == 1 else \
            Words("%1 fit, RMS %2 m over %3 points", kind, rms, n)
        if self.worst_index is not None:
            text = Words("%1; worst #%2 (%3 m)", text, self.worst_index + 1,
                         f"{self.residuals_m[self.worst_index]:.2f}")
        return text

    @property
    def message(self) -> Words:
        """One paragraph for the UI: the summary, then problems, then notes."""
        text = Words("%1.", self.summary) if self.acceptable else Words("%1: not acceptable.", self.summary)
        for issue in self.problems + self.notes:
            text = Words("%1 %2", text, issue.text)
        return text


def _spread_ratio(xy: np.ndarray) -> float:
    """Smallest over largest singular value of the centred points: 0 on a line, 1 round."""
    centred = xy - xy.mean(axis=0)
    s = np.linalg.svd(centred, compute_uv=False)
    if s[0] <= 0:
        return 0.0
    return float(s[-1] / s[0]) if len(s) > 1 else 0.0


def _find_duplicates(xy: np.ndarray, idx: list[int], tol: float) -> tuple[int, int] | None:
    for i in range(len(idx)):
        d = np.hypot(*(xy[i + 1:] - xy[i]).T)
        hit = np.nonzero(d < tol)[0]
        if hit.size:
            return idx[i], idx[i + 1 + int(hit[0])]
    return None


def fit(points: Iterable[ControlPoint | Sequence[float]], kind: str = "affine", *,
        max_rms_m: float = DEFAULT_MAX_RMS_M,
        frame: CRSRef | None = None,
        image_size: tuple[float, float] | None = None,
        allow_two_points: bool = False,
        min_spread: float = 0.02,
        duplicate_px: float = 0.5,
        duplicate_m: float = 0.05) -> FitResult:
    """Fit pixel -> WGS-84 from control points; see the module docstring.

    ``frame``: the metric grid to fit in (default: a local transverse Mercator at
    the centroid of the enabled points; must be in metres).  ``image_size``
    (width, height) adds a note when the points cover little of the image.
    ``min_spread``: points whose spread across their main line is less than this
    fraction of the spread along it are "on one line".  Points closer than
    ``duplicate_px`` on the image or ``duplicate_m`` on the map are duplicates.
    """
    kind = normalise_kind(kind)
    max_rms_m = finite_number(max_rms_m, "max_rms_m", "bad_point")
    if max_rms_m <= 0:
        raise GeorefError("bad_value", Words("max_rms_m must be positive, got %1", max_rms_m))
    pts = tuple(ControlPoint.coerce(p) for p in points)
    used = tuple(p.enabled for p in pts)
    idx = [i for i, u in enumerate(used) if u]
    n = len(idx)
    min_n = 2 if (kind == "similarity" and allow_two_points) else 3
    if n < min_n:
        raise GeorefError("too_few_points", Words(
            "%1 control point in use: %2 needs at least %3 (click a spot on the image, then the same spot on "
            "the map)", n, _A_FIT[kind], min_n) if n == 1 else Words(
            "%1 control points in use: %2 needs at least %3 (click a spot on the image, then the same spot on "
            "the map)", n, _A_FIT[kind], min_n))

    if frame is None:
        frame = CRSRef.local_tm(float(np.mean([pts[i].lon for i in idx])), float(np.mean([pts[i].lat for i in idx])))
    elif not frame.is_metric:
        raise GeorefError("bad_crs", Words("%1 is not in metres: fit in a projected CRS", frame.label))

    pix = np.array([[p.x, p.y] for p in pts], dtype=float)
    lon = np.array([p.lon for p in pts], dtype=float)
    lat = np.array([p.lat for p in pts], dtype=float)
    gx, gy = frame.from_wgs84(lon, lat)
    grid = np.column_stack([np.asarray(gx, dtype=float), np.asarray(gy, dtype=float)])
    if not np.all(np.isfinite(grid)):
        raise GeorefError("bad_point", Words("a control point cannot be projected (far from the others?)"))

    upix, ugrid = pix[idx], grid[idx]
    dup = _find_duplicates(upix, idx, duplicate_px)
    if dup:
        raise GeorefError("duplicate_points", Words("points #%1 and #%2 are the same spot on the image: drop one",
                                                    dup[0] + 1, dup[1] + 1))
    dup = _find_duplicates(ugrid, idx, duplicate_m)
    if dup:
        raise GeorefError("duplicate_points", Words("points #%1 and #%2 are the same spot on the map: drop one",
                                                    dup[0] + 1, dup[1] + 1))

    problems: list[Issue] = []
    notes: list[Issue] = []
    if n >= 3:
        ratio = min(_spread_ratio(upix), _spread_ratio(ugrid))
        if ratio < min_spread:
            if kind == "affine":
                raise GeorefError("collinear", Words(
                    "the control points lie (nearly) on one line, so the drawing's scale or rotation "
                    "across that line is undetermined: add points away from the line"))
            problems.append(Issue("collinear", Words(
                "The control points lie (nearly) on one line, so the drawing's scale or rotation "
                "across that line is undetermined: add points away from the line.")))

    # Normalised coordinates for a well-conditioned solve.
    mpx = upix.mean(axis=0)
    scale_px = float(np.sqrt(((upix - mpx) ** 2).sum(axis=1).mean())) or 1.0
    mgrid = ugrid.mean(axis=0)
    u = (upix - mpx) / scale_px
    g = ugrid - mgrid
    if kind == "affine":
        A = np.column_stack([u, np.ones(n)])
        sol, *_ = np.linalg.lstsq(A, g, rcond=None)
        (a, d), (b, e), (c, f) = sol  # rows: x coeffs, y coeffs, constants
    else:
        # E = a x + b y + c ; N = b x - a y + d  (a proper rotation+scale of (x, -y))
        A = np.zeros((2 * n, 4))
        A[0::2, 0], A[0::2, 1], A[0::2, 2] = u[:, 0], u[:, 1], 1.0
        A[1::2, 0], A[1::2, 1], A[1::2, 3] = -u[:, 1], u[:, 0], 1.0
        rhs = g.reshape(-1)
        (p, q, c, f), *_ = np.linalg.lstsq(A, rhs, rcond=None)
        a, b, d, e = p, q, q, -p
    # Back to raw pixels and grid metres.
    a, b, d, e = a / scale_px, b / scale_px, d / scale_px, e / scale_px
    c = c + mgrid[0] - a * mpx[0] - b * mpx[1]
    f = f + mgrid[1] - d * mpx[0] - e * mpx[1]
    try:
        transform = Transform((a, b, c, d, e, f), frame)
    except GeorefError:
        raise GeorefError("collinear", Words("the control points do not determine a transform: "
                                             "add points spread over the drawing")) from None

    px, py = transform.to_grid(pix[:, 0], pix[:, 1])
    vec = np.column_stack([px, py]) - grid
    res = np.hypot(vec[:, 0], vec[:, 1])
    rms = float(np.sqrt(np.mean(res[idx] ** 2)))
    redundancy = 2 * n - _PARAMS[kind]
    worst = idx[int(np.argmax(res[idx]))] if redundancy > 0 else None

    # Parameters: the image's x axis and "up" (-y) axis on the ground.
    ux, uy = a, d            # metres east/north per pixel along +x
    vx, vy = -b, -e          # metres east/north per pixel along -y (image up)
    sx, sy = math.hypot(ux, uy), math.hypot(vx, vy)
    rotation = math.degrees(math.atan2(uy, ux))
    shear = math.degrees(math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)) - 90.0
    mirrored = (ux * vy - uy * vx) < 0
    params: dict[str, float] = {"rotation_deg": rotation, "translation_e_m": float(c), "translation_n_m": float(f)}
    if kind == "similarity":
        params["scale_m_per_px"] = sx
    else:
        params.update(scale_x_m_per_px=sx, scale_y_m_per_px=sy, shear_deg=shear)

    if rms > max_rms_m:
        problems.append(Issue("rms_too_high", Words(
            "The RMS of %1 m is above the %2 m limit: check point #%3 (%4 m) or drop it.",
            f"{rms:.1f}", f"{max_rms_m:g}", worst + 1, f"{res[worst]:.1f}")))
    if mirrored:
        problems.append(Issue("mirrored", Words("The fit mirrors the drawing: some points are probably "
                                                "mismatched (an image spot paired with the wrong map spot).")))
    if redundancy == 0:
        issue = Issue("unchecked", Words(
            "%1 points fit an affine transform exactly, so their residuals are 0 and check nothing: "
            "add a point to check the fit.", n) if kind == "affine" else Words(
            "%1 points fit a similarity transform exactly, so their residuals are 0 and check nothing: "
            "add a point to check the fit.", n))
        (problems if kind == "similarity" else notes).append(issue)
    if kind == "affine" and not mirrored:
        ratio = max(sx, sy) / min(sx, sy)
        if ratio > 1.2 or abs(shear) > 5.0:
            notes.append(Issue("distorted", Words(
                "The fit stretches the drawing %1% more one way than the other and shears it by %2°: "
                "check the points or try a similarity fit.", f"{100 * (ratio - 1):.0f}", f"{abs(shear):.1f}")))
    if image_size is not None:
        w, h = (finite_number(v, "image_size", "bad_point") for v in image_size)
        if w > 0 and h > 0 and n >= 3:
            from shapely import MultiPoint

            covered = MultiPoint([tuple(p) for p in upix]).convex_hull.area / (w * h)
            if covered < 0.1:
                notes.append(Issue("clustered", Words(
                    "The points cover only %1% of the drawing: far from them the placement is extrapolated; "
                    "add points near its edges.", f"{100 * covered:.0f}")))
    disabled = [i for i, u_ in enumerate(used) if not u_]
    if disabled:
        check = float(np.sqrt(np.mean(res[disabled] ** 2)))
        notes.append(Issue("check_points", Words("The %1 point left out misses by %2 m RMS.", 1, f"{check:.1f}")
                           if len(disabled) == 1 else
                           Words("The %1 points left out miss by %2 m RMS.", len(disabled), f"{check:.1f}")))

    return FitResult(
        kind=kind,
        transform=transform,
        points=pts,
        used=used,
        residuals_m=tuple(float(r) for r in res),
        residual_vectors_m=tuple((float(v[0]), float(v[1])) for v in vec),
        rms_m=rms,
        worst_index=worst,
        redundancy=redundancy,
        max_rms_m=max_rms_m,
        params=params,
        problems=tuple(problems),
        notes=tuple(notes),
    )
