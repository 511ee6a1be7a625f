"""qxmap.georef world files and GeoTIFF tags: placing an image without control points."""
from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image, TiffImagePlugin
from pyproj import Geod

from qxmap.georef import (ControlPoint, CRSRef, GeorefError, Transform, WorldFile, fit, georeference_from_files,
                          guess_crs, read_geotiff_tags, read_world_file, write_prj, write_world_file)

GEOD = Geod(ellps="WGS84")
GK114 = CRSRef.from_epsg(4547)  # CGCS2000 / 3-degree Gauss-Krüger CM 114E
# Qingxi in EPSG:4547 is about (516 423, 2 526 828): a 0.5 m/px scan turned by 7 degrees
ROT = math.radians(7.0)
KNOWN = (0.5 * math.cos(ROT), 0.5 * math.sin(ROT), 515_000.0, 0.5 * math.sin(ROT), -0.5 * math.cos(ROT), 2_528_000.0)


def ground_distance_m(t1: Transform, t2: Transform, xs, ys):
    lon1, lat1 = t1.forward(xs, ys)
    lon2, lat2 = t2.forward(xs, ys)
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


def grid_pixels(w=4000, h=3000, n=7):
    xs, ys = np.meshgrid(np.linspace(0, w, n), np.linspace(0, h, n))
    return xs.ravel(), ys.ravel()


def png(path, size=(40, 30)):
    Image.new("RGB", size, "white").save(path)
    return path


# -- world files ----------------------------------------------------------------------------

def test_world_file_round_trip_within_a_centimetre(tmp_path):
    image = png(tmp_path / "plan.png")
    known = Transform(KNOWN, GK114)
    write_world_file(tmp_path / "plan.pgw", known)
    lines = (tmp_path / "plan.pgw").read_text().split()
    assert len(lines) == 6
    # lines 5-6 are the centre of the top-left pixel
    assert float(lines[4]) == pytest.approx(KNOWN[2] + 0.5 * KNOWN[0] + 0.5 * KNOWN[1])
    got = georeference_from_files(image, crs="EPSG:4547")
    assert got is not None and got.source.endswith("plan.pgw") and not got.crs_guessed
    xs, ys = grid_pixels()
    gx1, gy1 = known.to_grid(xs, ys)
    gx2, gy2 = got.transform.to_grid(xs, ys)
    assert np.max(np.hypot(gx1 - gx2, gy1 - gy2)) < 0.01
    assert np.max(ground_distance_m(known, got.transform, xs, ys)) < 0.01


def test_a_fitted_drawing_exported_as_world_file_and_prj_reads_back(tmp_path):
    """A control-point fit (local frame) re-expressed in EPSG:4547 for GIS software, written
    with a .prj, is read back (CRS from the .prj) to the same place within a centimetre."""
    frame = CRSRef.local_tm(114.16, 22.84)
    a, b, c, d, e, f = KNOWN
    pts = []
    for x, y in [(0, 0), (4000, 0), (0, 3000), (4000, 3000), (2100, 1400)]:
        lon, lat = frame.to_wgs84(a * x + b * y - 500, d * x + e * y + 900)
        pts.append(ControlPoint(x, y, lon, lat))
    fitted = fit(pts, "affine").transform
    gk, err = fitted.reexpressed(GK114, 4000, 3000)
    assert err < 0.01
    image = png(tmp_path / "scan.jpg")
    write_world_file(tmp_path / "scan.jgw", gk)
    write_prj(tmp_path / "scan.prj", GK114)
    got = georeference_from_files(image)
    assert got.crs_reason == "from the .prj file" and got.transform.crs == GK114
    xs, ys = grid_pixels()
    assert np.max(ground_distance_m(fitted, got.transform, xs, ys)) < 0.01


@pytest.mark.parametrize("origin,epsg", [
    ((516_000.0, 2_527_000.0), 4547),        # CGCS2000 3-degree GK CM 114E, no zone prefix
    ((38_516_000.0, 2_527_000.0), 4526),     # the same with the zone-38 prefix
    ((824_000.0, 2_529_000.0), 32649),       # UTM 49N
    ((114.15, 22.85), 4326),                 # degrees
])
def test_the_crs_of_a_world_file_is_guessed_from_its_numbers(tmp_path, origin, epsg):
    image = png(tmp_path / "p.png")
    size = 1e-5 if epsg == 4326 else 0.5
    (tmp_path / "p.pgw").write_text(f"{size}\n0\n0\n{-size}\n{origin[0]}\n{origin[1]}\n")
    got = georeference_from_files(image)
    assert got.crs_guessed and got.transform.crs.epsg == epsg
    assert got.crs_reason
    lon, lat = got.transform.forward(20, 15)
    assert GEOD.inv(lon, lat, 114.16, 22.84)[2] < 5_000  # all of them are in Qingxi
    # an explicit EPSG wins over the guess
    assert georeference_from_files(image, crs=4547 if epsg != 4547 else 32649).transform.crs.epsg != epsg


def test_numbers_of_no_known_system_ask_for_an_epsg(tmp_path):
    with pytest.raises(GeorefError, match="give its EPSG code") as info:
        guess_crs(300_000.0, 5_000_000.0)  # far from Qingxi in every candidate
    assert info.value.code == "unknown_crs"
    image = png(tmp_path / "q.png")
    (tmp_path / "q.pgw").write_text("0.5\n0\n0\n-0.5\n300000\n5000000\n")
    with pytest.raises(GeorefError, match="EPSG"):
        georeference_from_files(image)


@pytest.mark.parametrize("text,match", [
    ("1\n0\n0\n-1\n500000\n", "has 5"),
    ("1\n0\n0\n-1\n500000\n2500000\n7\n", "has 7"),
    ("1\n0\n0\n-1\nabc\n2500000\n", "line 5 is not a number"),
    ("1\n0\n0\n-1\nnan\n2500000\n", "line 5 is not a number"),
    ("1e999\n0\n0\n-1\n5\n2\n", "line 1 is not a finite number"),
    ("0\n0\n0\n0\n500000\n2500000\n", "pixel size is zero"),
])
def test_bad_world_files_are_refused_naming_the_file(tmp_path, text, match):
    wf = tmp_path / "bad.pgw"
    wf.write_text(text)
    with pytest.raises(GeorefError, match=match) as info:
        read_world_file(wf)
    assert "bad.pgw" in str(info.value) and info.value.code == "bad_world_file"


def test_a_world_file_that_is_binary_or_huge_is_refused(tmp_path):
    wf = tmp_path / "x.tfw"
    wf.write_bytes(b"\xff\xfe\x00" * 10)
    with pytest.raises(GeorefError, match="not text"):
        read_world_file(wf)
    wf.write_bytes(b"1\n" * 100_000)
    with pytest.raises(GeorefError, match="too large"):
        read_world_file(wf)


def test_no_world_file_no_transform(tmp_path):
    assert georeference_from_files(png(tmp_path / "plain.png")) is None


def test_world_file_object_keeps_pixel_centre_convention():
    wf = WorldFile(a=2.0, d=0.0, b=0.0, e=-2.0, c=101.0, f=199.0)
    t = Transform(wf.matrix(), GK114)
    assert t.to_grid(0.5, 0.5) == pytest.approx((101.0, 199.0))  # centre of pixel (0, 0)
    assert t.to_grid(0, 0) == pytest.approx((100.0, 200.0))      # its top-left corner
    assert WorldFile.from_transform(t) == wf


# -- GeoTIFF -------------------------------------------------------------------------------

def write_geotiff(path, *, scale=None, ties=None, matrix=None, keys=None, size=(40, 30)):
    ifd = TiffImagePlugin.ImageFileDirectory_v2()
    if scale is not None:
        ifd[33550] = tuple(float(v) for v in scale)
        ifd.tagtype[33550] = 12
    if ties is not None:
        ifd[33922] = tuple(float(v) for v in ties)
        ifd.tagtype[33922] = 12
    if matrix is not None:
        ifd[34264] = tuple(float(v) for v in matrix)
        ifd.tagtype[34264] = 12
    if keys is not None:
        entries = [1, 1, 0, len(keys)]
        for k, v in keys.items():
            entries += [k, 0, 1, v]
        ifd[34735] = tuple(entries)
        ifd.tagtype[34735] = 3
    Image.new("L", size, 200).save(path, tiffinfo=ifd)
    return path


def test_geotiff_tiepoint_and_pixel_scale_are_read_back(tmp_path):
    tif = write_geotiff(tmp_path / "plan.tif", scale=(0.5, 0.25, 0), ties=(0, 0, 0, 516_000, 2_527_000, 0),
                        keys={1024: 1, 1025: 1, 3072: 4547})
    tags = read_geotiff_tags(tif)
    assert tags.epsg == 4547 and not tags.pixel_is_point and (tags.width, tags.height) == (40, 30)
    assert tags.matrix == pytest.approx((0.5, 0, 516_000, 0, -0.25, 2_527_000))
    got = georeference_from_files(tif)
    assert not got.crs_guessed and got.crs_reason == "from the GeoKeyDirectory"
    assert got.transform.to_grid(0, 0) == pytest.approx((516_000, 2_527_000), abs=0.01)
    assert got.transform.to_grid(40, 30) == pytest.approx((516_020, 2_526_992.5), abs=0.01)
    # the same point through WGS-84
    lon, lat = GK114.to_wgs84(516_020.0, 2_526_992.5)
    assert GEOD.inv(*got.transform.forward(40, 30), lon, lat)[2] < 0.01


def test_geotiff_pixel_is_point_shifts_half_a_pixel(tmp_path):
    tif = write_geotiff(tmp_path / "p.tif", scale=(1, 1, 0), ties=(0, 0, 0, 516_000, 2_527_000, 0),
                        keys={1024: 1, 1025: 2, 3072: 4547})
    t = georeference_from_files(tif).transform
    assert t.to_grid(0.5, 0.5) == pytest.approx((516_000, 2_527_000))


def test_geotiff_transformation_matrix_and_guessed_crs(tmp_path):
    a, b, c, d, e, f = KNOWN
    tif = write_geotiff(tmp_path / "m.tif", matrix=(a, b, 0, c, d, e, 0, f, 0, 0, 0, 0, 0, 0, 0, 1))
    got = georeference_from_files(tif)
    assert got.crs_guessed and got.transform.crs.epsg == 4547  # no GeoKeys: guessed from the numbers
    np.testing.assert_allclose(got.transform.matrix, KNOWN, rtol=1e-12)


def test_geotiff_tie_points_without_scale_are_fitted(tmp_path):
    a, b, c, d, e, f = KNOWN
    ties = []
    for x, y in [(0, 0), (40, 0), (0, 30), (40, 30), (20, 10)]:
        ties += [x, y, 0, a * x + b * y + c, d * x + e * y + f, 0]
    tif = write_geotiff(tmp_path / "gcp.tif", ties=ties, keys={1024: 1, 3072: 4547})
    got = georeference_from_files(tif)
    assert "5 tie points fitted" in got.source
    xs, ys = grid_pixels(40, 30)
    assert np.max(ground_distance_m(Transform(KNOWN, GK114), got.transform, xs, ys)) < 0.01


def test_a_plain_tiff_falls_back_to_its_world_file(tmp_path):
    tif = tmp_path / "scan.tif"
    Image.new("L", (40, 30)).save(tif)
    assert read_geotiff_tags(tif) is None
    assert georeference_from_files(tif) is None
    write_world_file(tmp_path / "scan.tfw", Transform(KNOWN, GK114))
    got = georeference_from_files(tif, crs=4547)
    assert got.source.endswith("scan.tfw")
