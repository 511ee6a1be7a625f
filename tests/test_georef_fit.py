"""qxmap.georef fitting: control points -> affine / similarity, residuals in metres, refusals."""
from __future__ import annotations

import math

import numpy as np
import pytest

from qxmap.georef import ControlPoint, CRSRef, GeorefError, Transform, fit, mercator_xy

QINGXI = (114.16, 22.84)
FRAME = CRSRef.local_tm(*QINGXI)  # the metric frame the synthetic points are made in


def similarity_matrix(scale, rotation_deg, tx, ty):
    """pixel -> (E, N) metres: image x axis rotated ccw by rotation, north up at 0."""
    c, s = scale * math.cos(math.radians(rotation_deg)), scale * math.sin(math.radians(rotation_deg))
    return (c, s, tx, s, -c, ty)


AFFINE = (0.62, 0.07, -850.0, 0.05, -0.71, 1240.0)  # two scales, a shear, a rotation


def make_points(matrix, n=30, noise_m=0.0, seed=0, size=(6000, 4000)):
    """n control points spread over the image, mapped by *matrix* in FRAME, plus Gaussian
    noise (per axis, metres); returns the points and the noise added."""
    rng = np.random.default_rng(seed)
    px = rng.uniform(0, 1, (n, 2)) * size
    a, b, c, d, e, f = matrix
    E = a * px[:, 0] + b * px[:, 1] + c
    N = d * px[:, 0] + e * px[:, 1] + f
    noise = rng.normal(0.0, noise_m, (n, 2)) if noise_m else np.zeros((n, 2))
    lon, lat = FRAME.to_wgs84(E + noise[:, 0], N + noise[:, 1])
    return [ControlPoint(float(x), float(y), float(lo), float(la)) for (x, y), lo, la in zip(px, lon, lat)], noise


def design(points, kind):
    px = np.array([[p.x, p.y] for p in points])
    n = len(px)
    if kind == "affine":
        A = np.zeros((2 * n, 6))
        A[0::2, 0], A[0::2, 1], A[0::2, 2] = px[:, 0], px[:, 1], 1
        A[1::2, 3], A[1::2, 4], A[1::2, 5] = px[:, 0], px[:, 1], 1
    else:
        A = np.zeros((2 * n, 4))
        A[0::2, 0], A[0::2, 1], A[0::2, 2] = px[:, 0], px[:, 1], 1
        A[1::2, 0], A[1::2, 1], A[1::2, 3] = -px[:, 1], px[:, 0], 1
    return A


# -- recovering known transforms --------------------------------------------------------------

def test_similarity_recovers_scale_rotation_translation_exactly():
    pts, _ = make_points(similarity_matrix(0.8, 23.5, 120.0, 1750.0), n=12)
    r = fit(pts, "similarity", frame=FRAME)
    assert r.kind == "similarity" and r.acceptable and r.checked
    assert r.params["scale_m_per_px"] == pytest.approx(0.8, rel=1e-9)
    assert r.params["rotation_deg"] == pytest.approx(23.5, abs=1e-7)
    assert r.params["translation_e_m"] == pytest.approx(120.0, abs=1e-5)
    assert r.params["translation_n_m"] == pytest.approx(1750.0, abs=1e-5)
    assert r.rms_m < 1e-6
    assert fit(pts, "helmert", frame=FRAME).kind == "similarity"


def test_affine_recovers_its_six_parameters_exactly():
    pts, _ = make_points(AFFINE, n=12)
    r = fit(pts, "affine", frame=FRAME)
    assert r.acceptable
    np.testing.assert_allclose(r.transform.matrix, AFFINE, rtol=1e-9, atol=1e-5)
    assert r.params["scale_x_m_per_px"] == pytest.approx(math.hypot(0.62, 0.05), rel=1e-9)
    assert r.params["scale_y_m_per_px"] == pytest.approx(math.hypot(0.07, 0.71), rel=1e-9)
    assert r.rms_m < 1e-6


@pytest.mark.parametrize("kind,matrix", [("affine", AFFINE), ("similarity", similarity_matrix(0.5, -8.0, 300, 900))])
def test_residuals_are_exactly_the_noise_left_after_the_least_squares_fit(kind, matrix):
    """With noise of 1.5 m per axis, each residual vector is minus the part of the noise the
    model cannot absorb, (I - H) noise, to a millimetre; the RMS is that, and near
    sigma * sqrt(2 * (2n - p) / 2n); the parameters come back within their noise."""
    sigma, n = 1.5, 40
    pts, noise = make_points(matrix, n=n, noise_m=sigma, seed=7)
    r = fit(pts, kind, frame=FRAME)
    A = design(pts, kind)
    eps = noise.reshape(-1)
    expected = -(eps - A @ np.linalg.lstsq(A, eps, rcond=None)[0]).reshape(-1, 2)
    np.testing.assert_allclose(np.array(r.residual_vectors_m), expected, atol=1e-3)
    np.testing.assert_allclose(r.residuals_m, np.hypot(*expected.T), atol=1e-3)
    assert r.rms_m == pytest.approx(math.sqrt(np.mean(np.sum(expected ** 2, axis=1))), abs=1e-3)
    p = 6 if kind == "affine" else 4
    assert r.rms_m == pytest.approx(sigma * math.sqrt(2 * (2 * n - p) / (2 * n)), rel=0.25)
    assert r.redundancy == 2 * n - p and r.acceptable
    assert r.worst_index == int(np.argmax(np.hypot(*expected.T)))
    # parameters within their noise: over a 6 km x 4 km image 1.5 m noise moves them by ~1e-4
    np.testing.assert_allclose(r.transform.matrix[0:2] + r.transform.matrix[3:5],
                               matrix[0:2] + matrix[3:5], atol=2e-3)


def test_default_frame_is_local_and_metric():
    """Without a frame the fit makes a transverse Mercator on the points' centroid: the
    same residuals (to a centimetre) and the same rotation but for the meridian convergence."""
    pts, _ = make_points(similarity_matrix(0.8, 30.0, 2000.0, -1500.0), n=20, noise_m=2.0, seed=3)
    a = fit(pts, "similarity", frame=FRAME)
    b = fit(pts, "similarity")
    assert b.transform.crs.tmerc_origin is not None and b.transform.crs.is_metric
    np.testing.assert_allclose(a.residuals_m, b.residuals_m, atol=0.01)
    # grid north differs by the meridian convergence between the two centres, ~ dlon * sin(lat)
    lon0, lat0 = b.transform.crs.tmerc_origin
    convergence = (lon0 - QINGXI[0]) * math.sin(math.radians(lat0))
    assert abs(convergence) > 0.005
    assert b.params["rotation_deg"] - a.params["rotation_deg"] == pytest.approx(-convergence, abs=1e-3)
    assert b.params["scale_m_per_px"] == pytest.approx(0.8, rel=1e-3)


# -- bad points --------------------------------------------------------------------------------

def test_an_outlier_is_the_worst_point_and_dropping_it_lowers_the_rms():
    pts, _ = make_points(AFFINE, n=15, noise_m=1.0, seed=11)
    bad = 6
    E, N = FRAME.from_wgs84(pts[bad].lon, pts[bad].lat)
    lon, lat = FRAME.to_wgs84(E + 80.0, N - 60.0)  # clicked 100 m off on the map
    pts[bad] = ControlPoint(pts[bad].x, pts[bad].y, lon, lat)
    r = fit(pts, "affine")
    assert r.worst_index == bad
    assert r.rms_m > 20.0 and not r.acceptable
    assert [p.code for p in r.problems] == ["rms_too_high"]
    assert "#7" in r.message and "not acceptable" in r.message
    from qxmap.georef import PlanOverlay

    dropped = fit(PlanOverlay.with_point_enabled(pts, bad, False), "affine")
    assert dropped.rms_m < 2.0 < r.rms_m and dropped.acceptable
    assert dropped.used[bad] is False and dropped.n_used == 14
    assert dropped.worst_index != bad
    # the dropped point still gets a residual, as an independent check: ~100 m
    assert dropped.residuals_m[bad] == pytest.approx(100.0, abs=5.0)
    assert any(n.code == "check_points" for n in dropped.notes)


def test_the_rms_limit_is_a_parameter():
    pts, _ = make_points(AFFINE, n=20, noise_m=3.0, seed=5)
    assert fit(pts, "affine").acceptable
    strict = fit(pts, "affine", max_rms_m=1.0)
    assert not strict.acceptable and strict.problems[0].code == "rms_too_high"
    assert "1 m limit" in strict.message


@pytest.mark.parametrize("kind", ["affine", "similarity"])
def test_fewer_than_three_points_are_refused(kind):
    pts, _ = make_points(AFFINE, n=2)
    for subset in ([], pts[:1], pts[:2]):
        with pytest.raises(GeorefError, match="at least 3") as info:
            fit(subset, kind)
        assert info.value.code == "too_few_points"
    # disabled points do not count
    more, _ = make_points(AFFINE, n=4)
    more = [more[0], more[1], ControlPoint(more[2].x, more[2].y, more[2].lon, more[2].lat, enabled=False)]
    with pytest.raises(GeorefError, match="2 control points in use"):
        fit(more, kind)


def test_two_points_give_only_an_unchecked_similarity_preview():
    pts, _ = make_points(similarity_matrix(0.8, 10.0, 0, 0), n=2)
    r = fit(pts, "similarity", allow_two_points=True, frame=FRAME)
    assert not r.acceptable and not r.checked
    assert [p.code for p in r.problems] == ["unchecked"]
    assert r.params["scale_m_per_px"] == pytest.approx(0.8, rel=1e-9)
    with pytest.raises(GeorefError):
        fit(pts, "affine", allow_two_points=True)


def test_three_points_fit_an_affine_exactly_with_a_note():
    pts, _ = make_points(AFFINE, n=3, noise_m=5.0)
    r = fit(pts, "affine")
    assert r.acceptable and not r.checked and r.rms_m < 1e-6
    assert [n.code for n in r.notes] == ["unchecked"]
    assert "add a point" in r.message


def collinear_points(jitter_px=0.0):
    a, b, c, d, e, f = AFFINE
    out = []
    for i, t in enumerate(np.linspace(0, 1, 6)):
        x, y = 100 + 5000 * t, 300 + 3000 * t + (jitter_px if i % 2 else 0.0)
        lon, lat = FRAME.to_wgs84(a * x + b * y + c, d * x + e * y + f)
        out.append(ControlPoint(x, y, lon, lat))
    return out


def test_collinear_points_are_refused_for_an_affine_and_flagged_for_a_similarity():
    with pytest.raises(GeorefError, match="one line") as info:
        fit(collinear_points(), "affine")
    assert info.value.code == "collinear"
    with pytest.raises(GeorefError, match="one line"):
        fit(collinear_points(jitter_px=20.0), "affine")  # 20 px across 5800 px: still a line
    r = fit(collinear_points(), "similarity")
    assert not r.acceptable and "collinear" in [p.code for p in r.problems]
    # well off the line, fine
    assert fit(collinear_points(jitter_px=600.0), "affine").transform is not None


def test_duplicate_points_are_refused_naming_them():
    pts, _ = make_points(AFFINE, n=5)
    same_pixel = pts + [ControlPoint(pts[1].x + 0.1, pts[1].y, pts[3].lon, pts[3].lat + 0.001)]
    with pytest.raises(GeorefError, match="#2 and #6 are the same spot on the image") as info:
        fit(same_pixel, "affine")
    assert info.value.code == "duplicate_points"
    same_place = pts + [ControlPoint(10.0, 20.0, pts[0].lon, pts[0].lat)]
    with pytest.raises(GeorefError, match="#1 and #6 are the same spot on the map"):
        fit(same_place, "affine")
    # a disabled duplicate is no problem
    ok = pts + [ControlPoint(pts[1].x, pts[1].y, pts[1].lon, pts[1].lat, enabled=False)]
    assert fit(ok, "affine").acceptable


def test_a_mirrored_fit_is_not_acceptable():
    a, b, c, d, e, f = AFFINE
    pts, _ = make_points((a, b, c, -d, -e, f), n=8)  # north flipped
    r = fit(pts, "affine", frame=FRAME)
    assert not r.acceptable and [p.code for p in r.problems] == ["mirrored"]


def test_points_in_a_corner_get_a_note():
    pts, _ = make_points(AFFINE, n=8, size=(600, 400))
    r = fit(pts, "affine", image_size=(6000, 4000))
    assert r.acceptable and "clustered" in [n.code for n in r.notes]
    assert "clustered" not in [n.code for n in fit(pts, "affine", image_size=(600, 400)).notes]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "1.0", None, True])
def test_bad_coordinates_are_refused(bad):
    with pytest.raises(GeorefError):
        ControlPoint(bad, 1.0, 114.1, 22.8)
    with pytest.raises(GeorefError):
        ControlPoint(1.0, 1.0, 114.1, bad)


def test_bad_kind_and_frame_are_refused():
    pts, _ = make_points(AFFINE, n=5)
    with pytest.raises(GeorefError, match="unknown transform kind"):
        fit(pts, "projective")
    with pytest.raises(GeorefError, match="not in metres"):
        fit(pts, "affine", frame=CRSRef.from_epsg(4326))


# -- forward / inverse / placement -----------------------------------------------------------

@pytest.mark.parametrize("kind", ["affine", "similarity"])
def test_forward_inverse_round_trip_within_a_micro_pixel(kind):
    pts, _ = make_points(AFFINE if kind == "affine" else similarity_matrix(0.3, 140.0, 0, 0), n=10, noise_m=2.0)
    t = fit(pts, kind).transform
    xs, ys = np.meshgrid(np.linspace(-500, 6500, 15), np.linspace(-500, 4500, 11))
    lon, lat = t.forward(xs.ravel(), ys.ravel())
    x2, y2 = t.inverse(lon, lat)
    assert np.max(np.abs(x2 - xs.ravel())) < 1e-6
    assert np.max(np.abs(y2 - ys.ravel())) < 1e-6
    lon1, lat1 = t.forward(10.5, 20.25)
    assert isinstance(lon1, float)
    assert t.inverse(lon1, lat1) == pytest.approx((10.5, 20.25), abs=1e-6)


def test_corners_and_placement_for_the_page():
    w, h = 6000, 4000
    t = Transform(similarity_matrix(0.5, 0.0, 0.0, 0.0), FRAME)  # north up, top-left at Qingxi
    c = t.corners(w, h)
    assert c["top_left"] == pytest.approx(QINGXI, abs=1e-9)
    assert c["bottom_right"] == pytest.approx(t.forward(w, h), abs=1e-12)
    pl = t.placement(w, h)
    assert pl["corners_latlng"]["top_left"] == pytest.approx([QINGXI[1], QINGXI[0]], abs=1e-9)
    (s, wst), (n, e) = pl["bounds_latlng"]
    assert s < n and wst < e
    assert pl["bounds_error_m"] < 1.0 and pl["affine_error_m"] < 1.0  # north up: the box will do
    assert pl["metres_per_pixel"] == pytest.approx(0.5, rel=1e-3)
    rotated = Transform(similarity_matrix(0.5, 30.0, 0.0, 0.0), FRAME).placement(w, h)
    assert rotated["bounds_error_m"] > 100.0 and rotated["affine_error_m"] < 1.0
    # the three-corner CSS matrix the page builds puts the image centre where forward() does
    k = rotated["corners_latlng"]
    tl, tr, bl = (np.array(mercator_xy(k[n][1], k[n][0])) for n in ("top_left", "top_right", "bottom_left"))
    centre = tl + 0.5 * (tr - tl) + 0.5 * (bl - tl)
    lat_c, lon_c = rotated["center_latlng"]
    true = np.array(mercator_xy(lon_c, lat_c))
    assert np.hypot(*(centre - true)) * math.cos(math.radians(lat_c)) <= rotated["affine_error_m"] + 1e-6


def test_rescaled_transform_takes_the_downscaled_image_pixels():
    t = Transform(AFFINE, FRAME)
    small = t.rescaled(0.25, 0.2)
    assert small.forward(100 * 0.25, 300 * 0.2) == pytest.approx(t.forward(100, 300), abs=1e-12)


def test_transform_dict_round_trip_and_refusals():
    t = Transform(AFFINE, FRAME)
    assert Transform.from_dict(t.to_dict()) == t
    with pytest.raises(GeorefError, match=r"transform.matrix.c: not a finite number"):
        Transform.from_dict({"matrix": [1, 0, float("nan"), 0, -1, 0], "crs": {"epsg": 4547}})
    with pytest.raises(GeorefError, match="singular"):
        Transform((1, 2, 0, 2, 4, 0), FRAME)
    with pytest.raises(GeorefError, match="transform.crs"):
        Transform.from_dict({"matrix": list(AFFINE), "crs": {"epsg": "4547; rm -rf"}})


@pytest.mark.parametrize("field, value", [("x", float("nan")), ("lat", float("inf")), ("lon", True), ("y", "12")])
def test_a_control_point_with_a_bad_number_is_refused_naming_the_field(field, value):
    values = {"x": 10.0, "y": 20.0, "lon": 114.16, "lat": 22.84, field: value}
    with pytest.raises(GeorefError) as caught:
        ControlPoint(values["x"], values["y"], values["lon"], values["lat"])
    assert caught.value.code == "bad_point" and str(caught.value).startswith(f"{field}: ")
