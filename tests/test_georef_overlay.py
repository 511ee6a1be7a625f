"""qxmap.georef.PlanOverlay: the saved state of a pinned drawing, and its refusal of bad input."""
from __future__ import annotations

import copy
import json

import pytest

from qxmap.georef import ControlPoint, CRSRef, GeorefError, PlanOverlay, Transform
from qxmap.georef.overlay import MAX_CONTROL_POINTS, MAX_JSON_BYTES

FRAME = CRSRef.local_tm(114.16, 22.84)


def points():
    out = []
    for x, y in [(0, 0), (4000, 0), (0, 3000), (4000, 3000), (1800, 1300)]:
        lon, lat = FRAME.to_wgs84(0.5 * x, -0.5 * y)
        out.append(ControlPoint(float(x), float(y), float(lon), float(lat), label=f"P{x}"))
    return out


def overlay(**kw):
    args = dict(name="清溪路网规划 2016", image_path="/data/plans/roads.png", image_sha256="ab" * 32,
                control_points=points(), kind="similarity", opacity=0.45, visible=True)
    args.update(kw)
    return PlanOverlay(**args)


def test_round_trip_through_dict_and_json():
    ov = overlay(page=2, dpi=200.0)
    d = ov.to_dict()
    json.dumps(d, allow_nan=False)  # JSON-able, every number finite
    assert d["version"] == 1 and d["control_points"][4]["label"] == "P1800"
    assert PlanOverlay.from_dict(d) == ov
    assert PlanOverlay.from_json(ov.to_json()) == ov
    assert PlanOverlay.from_json(ov.to_json().encode("utf-8")) == ov


def test_a_file_placed_overlay_keeps_its_transform():
    t = Transform((0.5, 0.0, 516_000.0, 0.0, -0.5, 2_527_000.0), CRSRef.from_epsg(4547))
    ov = overlay(kind="file", control_points=[], file_transform=t)
    back = PlanOverlay.from_dict(ov.to_dict())
    assert back.file_transform == t and back.transform() == t
    with pytest.raises(ValueError, match="file_transform: an overlay of kind 'file' needs its transform"):
        overlay(kind="file", file_transform=None)


def test_the_overlay_fits_its_points():
    ov = overlay()
    r = ov.fit(image_size=(4000, 3000))
    assert r.acceptable and r.params["scale_m_per_px"] == pytest.approx(0.5, rel=1e-6)
    assert ov.transform() is not None
    bad = overlay(control_points=points()[:2])
    assert bad.transform() is None  # too few points: nothing to place with
    with pytest.raises(GeorefError, match="at least 3"):
        bad.fit()


def test_helmert_is_read_as_similarity():
    d = overlay().to_dict()
    d["kind"] = "helmert"
    assert PlanOverlay.from_dict(d).kind == "similarity"


def test_unknown_keys_are_ignored_and_defaults_fill_in():
    ov = PlanOverlay.from_dict({"name": "x", "image_path": "a.png", "future_field": [1, 2, 3]})
    assert ov.kind == "affine" and ov.opacity == 0.6 and ov.visible and ov.control_points == []


def broken(path, value):
    """The dict of a good overlay with the field at *path* set to *value* (or deleted for ...)."""
    d = copy.deepcopy(overlay().to_dict())
    target = d
    for key in path[:-1]:
        target = target[key]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return d


@pytest.mark.parametrize("path,value,field", [
    (("name",), ["a", "list"], "name: expected text, got list"),
    (("name",), "", "name: is empty"),
    (("name",), ..., "name: missing"),
    (("name",), "bad\x00name", "name: contains a control character"),
    (("name",), "x" * 1000, "name: too long"),
    (("opacity",), float("nan"), "opacity: not a finite number"),
    (("opacity",), 1.5, "opacity: 1.5 is out of range"),
    (("opacity",), "0.5", "opacity: expected a number, got str"),
    (("opacity",), True, "opacity: expected a number, got bool"),
    (("visible",), "yes", "visible: expected true or false"),
    (("visible",), 1, "visible: expected true or false"),
    (("kind",), "magic", "kind: expected one of"),
    (("kind",), {"a": 1}, "kind: expected one of"),
    (("image_sha256",), "not-a-hash", "image_sha256: expected 64"),
    (("image_path",), 42, "image_path: expected text, got int"),
    (("image_path",), "a\nb", "image_path: contains a control character"),
    (("control_points",), {"x": 1}, "control_points: expected a list, got dict"),
    (("control_points", 2), "point", "control_points[2]: expected an object, got str"),
    (("control_points", 2, "lon"), "114.1", "control_points[2].lon: expected a number, got str"),
    (("control_points", 3, "lat"), float("nan"), "control_points[3].lat: not a finite number"),
    (("control_points", 1, "x"), float("inf"), "control_points[1].x: not a finite number"),
    (("control_points", 1, "lat"), 95.0, "control_points[1].lat: 95 is out of range"),
    (("control_points", 0, "y"), ..., "control_points[0].y: missing"),
    (("control_points", 0, "enabled"), "false", "control_points[0].enabled: expected true or false"),
    (("control_points", 0, "label"), ["x"], "control_points[0].label: expected text"),
    (("page",), -1, "page: expected a page number"),
    (("page",), 1.0, "page: expected a page number"),
    (("dpi",), 1e9, "dpi: 1e+09 is out of range"),
    (("max_rms_m",), -5, "max_rms_m:"),
    (("version",), 99, "version: written by a newer qxmap"),
    (("file_transform",), {"matrix": [1, 0, 0, 0, -1, 0]}, "file_transform: needs 'matrix' and 'crs'"),
    (("file_transform",), {"matrix": [1, 0, float("nan"), 0, -1, 0], "crs": {"epsg": 4547}},
     "file_transform.matrix.c: not a finite number"),
    (("file_transform",), {"matrix": [1, 0, 0, 0, -1, 0], "crs": {"epsg": 1}}, "file_transform.crs"),
    (("file_transform",), {"matrix": [1, 0, 0, 0, -1, 0], "crs": {"proj": "+proj=tmerc +nadgrids=@x"}},
     "file_transform.crs"),
])
def test_from_dict_refuses_bad_input_naming_the_field(path, value, field):
    with pytest.raises(ValueError) as info:
        PlanOverlay.from_dict(broken(path, value))
    assert field in str(info.value)


def test_from_dict_refuses_huge_lists_and_non_objects():
    d = overlay().to_dict()
    d["control_points"] = d["control_points"][:1] * (MAX_CONTROL_POINTS + 1)
    with pytest.raises(ValueError, match=f"control_points: {MAX_CONTROL_POINTS + 1} points, at most"):
        PlanOverlay.from_dict(d)
    for bad in (None, [], "overlay", 3):
        with pytest.raises(ValueError, match="overlay: expected an object"):
            PlanOverlay.from_dict(bad)
    with pytest.raises(ValueError, match="image_path: an overlay needs an image path or an image hash"):
        PlanOverlay.from_dict({"name": "x"})


def test_from_json_refuses_nan_deep_nesting_and_huge_text():
    text = overlay().to_json().replace('"opacity":0.45', '"opacity":NaN')
    with pytest.raises(ValueError, match="NaN is not a number JSON allows"):
        PlanOverlay.from_json(text)
    with pytest.raises(ValueError, match="nested too deeply|not valid JSON"):
        PlanOverlay.from_json("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ValueError, match="JSON larger than"):
        PlanOverlay.from_json(" " * (MAX_JSON_BYTES + 1))
    with pytest.raises(ValueError, match="not valid JSON"):
        PlanOverlay.from_json("{")
    with pytest.raises(ValueError, match="not UTF-8"):
        PlanOverlay.from_json(b"\xff\xfe")


def test_direct_construction_is_validated_too():
    with pytest.raises(ValueError, match="opacity"):
        overlay(opacity=2)
    with pytest.raises(ValueError, match=r"control_points\[0\]: expected a ControlPoint"):
        overlay(control_points=[(1, 2, 114.0, 22.0)])


def test_with_point_enabled_drops_and_restores_a_point():
    pts = points()
    off = PlanOverlay.with_point_enabled(pts, 1, False)
    assert [p.enabled for p in off] == [True, False, True, True, True]
    assert PlanOverlay.with_point_enabled(off, 1, True) == pts
