"""qxmap.georef image loading: refusals, downscaling with a consistent transform, PDF pages."""
from __future__ import annotations

import hashlib
import io
import os
import struct
import sys
import zlib

import numpy as np
import pytest
from PIL import Image

from qxmap.georef import CRSRef, GeorefError, Transform, load_image, load_pdf_page, pdf_page_count
from qxmap.georef.images import MAX_PIXELS


def png_header_only(path, width, height):
    """A PNG that claims width x height but holds no pixel data (costs nothing to write)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b""))
    return path


def decoded(loaded):
    img = Image.open(io.BytesIO(loaded.png))
    assert img.format == "PNG"
    return img


def test_a_png_is_loaded_as_rgba_png_bytes(tmp_path):
    path = tmp_path / "plan.png"
    Image.new("RGB", (300, 200), (10, 20, 30)).save(path)
    got = load_image(path)
    assert (got.width, got.height) == (300, 200) == (got.display_width, got.display_height)
    assert not got.downscaled and got.scale_x == 1.0 and got.format == "PNG"
    img = decoded(got)
    assert img.mode == "RGBA" and img.size == (300, 200) and img.getpixel((5, 5)) == (10, 20, 30, 255)
    assert got.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_text_file_named_png_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "roads.png"
    path.write_text("this is not an image\n")
    with pytest.raises(GeorefError, match="roads.png: not an image") as info:
        load_image(path)
    assert info.value.code == "not_an_image" and isinstance(info.value, ValueError)


def test_other_formats_pillow_knows_are_refused(tmp_path):
    path = tmp_path / "plan.png"
    path.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n")  # EPS would run Ghostscript
    with pytest.raises(GeorefError, match="not an image"):
        load_image(path)


def test_an_image_above_the_pixel_limit_is_refused_before_decoding(tmp_path):
    # 16000 x 14000 = 224 Mpx: above our 200 Mpx limit, below Pillow's own refusal
    big = png_header_only(tmp_path / "big.png", 16000, 14000)
    with pytest.raises(GeorefError, match=r"big.png: image too large \(16000 x 14000") as info:
        load_image(big)
    assert info.value.code == "too_large"
    # 60000 x 60000: Pillow's DecompressionBombError, turned into the same message kind
    huge = png_header_only(tmp_path / "huge.png", 60000, 60000)
    with pytest.raises(GeorefError, match="huge.png: image too large") as info:
        load_image(huge)
    assert info.value.code == "too_large"
    # the limit is a parameter
    small = tmp_path / "small.png"
    Image.new("L", (300, 300)).save(small)
    with pytest.raises(GeorefError, match="too large"):
        load_image(small, max_pixels=50_000)
    # Pillow's global limit is left as it was
    assert Image.MAX_IMAGE_PIXELS not in (MAX_PIXELS, 50_000)


def test_an_image_within_the_limit_but_without_pixels_is_damaged(tmp_path):
    path = png_header_only(tmp_path / "empty.png", 4000, 3000)
    with pytest.raises(GeorefError, match="empty.png: damaged image") as info:
        load_image(path)
    assert info.value.code == "not_an_image"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "plan.png"
    os.mkfifo(fifo)
    with pytest.raises(GeorefError, match="named pipe"):
        load_image(fifo)


def test_a_missing_file_is_refused_naming_it(tmp_path):
    with pytest.raises(GeorefError, match="nothing.png: cannot be read"):
        load_image(tmp_path / "nothing.png")


def test_a_large_scan_is_downscaled_and_the_transform_follows(tmp_path):
    path = tmp_path / "scan.png"
    img = Image.new("L", (1000, 500), 255)
    img.paste(0, (600, 100, 610, 110))  # a dark square at (600..610, 100..110)
    img.save(path)
    got = load_image(path, max_side=200)
    assert (got.width, got.height) == (1000, 500)
    assert (got.display_width, got.display_height) == (200, 100) and got.downscaled
    assert got.scale_x == pytest.approx(0.2) and got.scale_y == pytest.approx(0.2)
    small = np.asarray(decoded(got).convert("L"))
    assert small[21, 121] < 128  # the square, at (605, 105) * 0.2
    assert got.to_display(605, 105) == pytest.approx((121, 21))
    assert got.to_full(121, 21) == pytest.approx((605, 105))
    full = Transform((0.5, 0.0, 516_000.0, 0.0, -0.5, 2_527_000.0), CRSRef.from_epsg(4547))
    shown = got.display_transform(full)
    assert shown.forward(121, 21) == pytest.approx(full.forward(605, 105), abs=1e-12)


def test_a_jpeg_exif_orientation_is_applied(tmp_path):
    path = tmp_path / "photo.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: rotate 90 degrees clockwise to view
    Image.new("RGB", (400, 300), "white").save(path, "JPEG", exif=exif)
    got = load_image(path, max_side=200)
    assert got.exif_orientation == 6 and (got.width, got.height) == (300, 400)
    assert decoded(got).size == (150, 200)
    raw = load_image(path, apply_exif_orientation=False)  # for world files: the stored raster
    assert (raw.width, raw.height) == (400, 300)


@pytest.mark.parametrize("mode", ["1", "L", "P", "I;16", "I", "F", "CMYK", "LA", "RGBA"])
def test_every_common_mode_becomes_rgba(tmp_path, mode):
    path = tmp_path / ("m.tif" if mode in ("I", "F", "CMYK") else "m.png")
    img = Image.new("L", (64, 48), 90).convert(mode) if mode not in ("I;16",) else Image.new("I;16", (64, 48), 3000)
    if mode == "P":
        img.info["transparency"] = 0
    img.save(path)
    got = load_image(path, max_side=32)
    out = decoded(got)
    assert out.mode == "RGBA" and out.size == (32, 24)


# -- PDF --------------------------------------------------------------------------------------

def make_pdf(path, size=(300, 200), rotate=0):
    img = Image.new("RGB", size, "white")
    img.paste((0, 0, 0), (0, 0, 30, 20))  # a black block in the top-left corner
    img.save(path, "PDF", resolution=72.0)  # one page, size[0] x size[1] points
    if rotate:
        pypdf = pytest.importorskip("pypdf")
        reader = pypdf.PdfReader(path)
        writer = pypdf.PdfWriter()
        writer.add_page(reader.pages[0])
        writer.pages[0].rotate(rotate)
        with open(path, "wb") as fh:
            writer.write(fh)
    return path


def test_a_pdf_page_is_rasterised_at_the_chosen_dpi(tmp_path):
    pytest.importorskip("pypdfium2")
    pdf = make_pdf(tmp_path / "plan.pdf")
    assert pdf_page_count(pdf) == 1
    got = load_pdf_page(pdf, 0, dpi=144)
    assert (got.width, got.height) == (600, 400) and got.page == 0 and got.dpi == 144 and got.format == "PDF"
    img = decoded(got).convert("L")
    assert img.size == (600, 400) and img.getpixel((10, 10)) < 50 and img.getpixel((300, 200)) > 200
    small = load_pdf_page(pdf, dpi=144, max_side=300)
    assert (small.width, small.height) == (600, 400) and (small.display_width, small.display_height) == (300, 200)
    with pytest.raises(GeorefError, match="has 1 page, no page 3"):
        load_pdf_page(pdf, 2)
    with pytest.raises(GeorefError, match="choose a lower dpi"):
        load_pdf_page(pdf, dpi=2400, max_pixels=10_000_000)


def test_a_rotated_pdf_page_is_rendered_upright(tmp_path):
    pytest.importorskip("pypdfium2")
    got = load_pdf_page(make_pdf(tmp_path / "r.pdf", rotate=90), dpi=72)
    assert (got.width, got.height) == (200, 300) == decoded(got).size


def test_not_a_pdf_is_refused(tmp_path):
    pytest.importorskip("pypdfium2")
    bad = tmp_path / "plan.pdf"
    bad.write_text("hello")
    with pytest.raises(GeorefError, match="plan.pdf: not a readable PDF") as info:
        load_pdf_page(bad)
    assert info.value.code == "not_a_pdf"


def test_without_pypdfium2_a_pdf_gets_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import fails
    pdf = make_pdf(tmp_path / "plan.pdf")
    with pytest.raises(GeorefError, match="needs the pypdfium2 package") as info:
        load_pdf_page(pdf)
    assert info.value.code == "no_pdf_library"
