"""Load a scanned drawing safely and make the PNG the map page shows.

:func:`load_image` reads a PNG, JPEG, TIFF, BMP, GIF or WebP (never any other
format Pillow knows: some of those run external programs), refuses a file
that is not an image, a named pipe or device, a file above
:data:`MAX_FILE_BYTES` and an image above :data:`MAX_PIXELS` pixels (before
decoding it), and returns a :class:`LoadedImage`: RGBA PNG bytes downscaled
to at most :data:`MAX_SIDE` pixels a side, with the scale between the
full-size image (the space control points are in) and the PNG.

:func:`load_pdf_page` rasterises one page of a PDF with pypdfium2.

Pixel coordinates: see :mod:`qxmap.georef.transform` (corner-based, so a
resize by (sx, sy) multiplies them by (sx, sy)).  A JPEG's EXIF orientation
is applied by default (a photo of a plan appears upright); the full-size
image space is then the upright one.
"""
from __future__ import annotations

import hashlib
import io
import math
import os
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Sequence

from PIL import Image, UnidentifiedImageError

from qxmap.filecheck import file_kind as _file_kind, size_text as _size_text
from qxmap.words import Words

from .errors import GeorefError

__all__ = [
    "MAX_PIXELS",
    "MAX_SIDE",
    "MAX_FILE_BYTES",
    "IMAGE_FORMATS",
    "LoadedImage",
    "open_regular_file",
    "read_file_bytes",
    "open_image",
    "load_image",
    "load_pdf_page",
    "pdf_page_count",
    "pdf_available",
]

#: Largest image (width x height) decoded; larger ones are refused before decoding.
MAX_PIXELS = 200_000_000
#: Longest side of the PNG made for the page.
MAX_SIDE = 8192
#: Largest file read.
MAX_FILE_BYTES = 512 * 1024 * 1024
#: Pillow formats read (no EPS/PS, which would run Ghostscript, nor exotic ones).
IMAGE_FORMATS = ("PNG", "JPEG", "TIFF", "BMP", "GIF", "WEBP")

_PIL_LOCK = threading.Lock()
_PDF_LOCK = threading.RLock()  # PDFium is not thread-safe: one PDF call at a time

# EXIF orientation -> the transpose that makes the image upright (as PIL.ImageOps.exif_transpose).
_ORIENT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def open_regular_file(path: str | os.PathLike, max_bytes: int = MAX_FILE_BYTES) -> BinaryIO:
    """A binary file object on a regular file of at most *max_bytes*; GeorefError naming the file otherwise.

    Opened non-blocking and checked on the open descriptor, so a named pipe or
    device is never read nor waited on."""
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise GeorefError("unreadable", Words("%1: %2", path, Words("cannot be read: %1",
                                                                        exc.strerror or exc))) from None
    try:
        st = os.fstat(fd)
        kind = _file_kind(st.st_mode)
        if kind:
            raise GeorefError("not_a_file", Words("%1: %2", path, Words("not a regular file but %1; it was not read",
                                                                            kind)))
        if st.st_size > max_bytes:
            raise GeorefError("too_large", Words("%1: %2", path, Words(
                "file too large (%1, the limit is %2); it was not read", _size_text(st.st_size),
                _size_text(max_bytes))))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_file_bytes(path: str | os.PathLike, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most *max_bytes* (see :func:`open_regular_file`)."""
    with open_regular_file(path, max_bytes) as fh:
        try:
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise GeorefError("unreadable", Words("%1: %2", path, Words("cannot be read: %1",
                                                                        exc.strerror or exc))) from None
    if len(data) > max_bytes:  # it grew after the check
        raise GeorefError("too_large", Words("%1: %2", path, Words("file too large (more than %1); it was not read",
                                                                   _size_text(max_bytes))))
    return data


@dataclass(frozen=True)
class LoadedImage:
    """A drawing ready for the page: ``png`` (RGBA) of ``display_size``, from a
    full-size image of ``width`` x ``height`` (the space of control points)."""

    png: bytes
    width: int
    height: int
    display_width: int
    display_height: int
    sha256: str
    source: str
    format: str
    page: int | None = None
    dpi: float | None = None
    exif_orientation: int = 1

    @property
    def scale_x(self) -> float:
        """Display pixels per full-size pixel, horizontally (<= 1)."""
        return self.display_width / self.width

    @property
    def scale_y(self) -> float:
        return self.display_height / self.height

    @property
    def downscaled(self) -> bool:
        return (self.display_width, self.display_height) != (self.width, self.height)

    def to_display(self, x, y):
        """Full-size pixel -> PNG pixel."""
        return x * self.scale_x, y * self.scale_y

    def to_full(self, x, y):
        """PNG pixel (e.g. a click on the shown image) -> full-size pixel (store this)."""
        return x / self.scale_x, y / self.scale_y

    def display_transform(self, transform):
        """A full-size pixel transform made to take PNG pixels."""
        return transform.rescaled(self.scale_x, self.scale_y)


def _display_size(width: int, height: int, max_side: int) -> tuple[int, int]:
    side = max(width, height)
    if side <= max_side:
        return width, height
    f = max_side / side
    return max(1, round(width * f)), max(1, round(height * f))


def _to_8bit(img: Image.Image) -> Image.Image:
    """Any mode -> L, LA, RGB or RGBA (keeping transparency)."""
    mode = img.mode
    if mode in ("L", "LA", "RGB", "RGBA"):
        return img
    if mode == "1":
        return img.convert("L")
    if mode in ("P", "PA"):
        return img.convert("RGBA" if (mode == "PA" or "transparency" in img.info) else "RGB")
    if mode.startswith("I") or mode == "F":
        img = img.convert("F") if mode != "F" else img
        lo, hi = img.getextrema()
        span = (hi - lo) or 1.0
        return img.point(lambda v: (v - lo) * (255.0 / span)).convert("L")
    if mode in ("RGBa", "La"):
        return img.convert("RGBA" if mode == "RGBa" else "LA")
    return img.convert("RGB")  # CMYK, YCbCr, LAB, HSV, RGBX...


def _finish(img: Image.Image, *, width: int, height: int, max_side: int, orientation: int,
            compress_level: int) -> tuple[bytes, int, int]:
    """Downscale (the stored raster, before orienting it) and encode as RGBA PNG."""
    dw, dh = _display_size(width, height, max_side)
    swap = orientation in (5, 6, 7, 8)
    stored_target = (dh, dw) if swap else (dw, dh)
    if hasattr(img, "draft") and img.format == "JPEG" and stored_target != img.size:
        img.draft("RGB" if img.mode not in ("L", "1") else "L", stored_target)  # decode at 1/2, 1/4, 1/8
    img.load()
    img = _to_8bit(img)
    if img.size != stored_target:
        img = img.resize(stored_target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if orientation in _ORIENT:
        img = img.transpose(_ORIENT[orientation])
    img = img.convert("RGBA")
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=compress_level)
    return buf.getvalue(), img.width, img.height


def open_image(fp: BinaryIO, name: str, max_pixels: int | None = MAX_PIXELS,
               formats: Sequence[str] = IMAGE_FORMATS) -> Image.Image:
    """Image.open (header only) with *our* pixel limit, not Pillow's global one;
    GeorefError ``not_an_image`` / ``too_large`` naming *name*.  ``max_pixels=None``
    opens any size (to read tags without decoding)."""
    with _PIL_LOCK, warnings.catch_warnings():
        # Pillow refuses (DecompressionBombError) above 2 x MAX_IMAGE_PIXELS and warns
        # above it; for the header parse make its limit ours, then check ourselves.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = max_pixels
        try:
            img = Image.open(fp, formats=list(formats))
        except Image.DecompressionBombError:
            raise GeorefError("too_large", Words(
                "%1: image too large (more than %2 pixels; the limit is %3); it was not decoded",
                name, f"{2 * max_pixels:,}", f"{max_pixels:,}")) from None
        except UnidentifiedImageError:
            raise GeorefError("not_an_image", Words("%1: not an image qxmap reads (%2) or damaged",
                                                    name, ', '.join(formats))) from None
        except (OSError, ValueError, SyntaxError) as exc:
            raise GeorefError("not_an_image", Words("%1: not a readable image: %2", name, exc)) from None
        finally:
            Image.MAX_IMAGE_PIXELS = saved
    w, h = img.size
    if w <= 0 or h <= 0:
        raise GeorefError("not_an_image", Words("%1: the image is empty (%2 x %3)", name, w, h))
    if max_pixels is not None and w * h > max_pixels:
        raise GeorefError("too_large", Words(
            "%1: image too large (%2 x %3 = %4 megapixels; the limit is %5); it was not decoded",
            name, w, h, f"{w * h / 1e6:.0f}", f"{max_pixels / 1e6:.0f}"))
    return img


def load_image(path: str | os.PathLike, *, max_pixels: int = MAX_PIXELS, max_side: int = MAX_SIDE,
               max_bytes: int = MAX_FILE_BYTES, apply_exif_orientation: bool = True,
               compress_level: int = 3) -> LoadedImage:
    """Read an image file for placing on the map; GeorefError naming the file when it cannot be.

    ``apply_exif_orientation=False`` keeps the stored raster's pixel space (use it
    with a world file or GeoTIFF, whose coordinates refer to the stored raster).
    Frames after the first of a multi-page TIFF/GIF are ignored."""
    path = Path(path)
    data = read_file_bytes(path, max_bytes)
    img = open_image(io.BytesIO(data), str(path), max_pixels)
    try:
        orientation = 1
        if apply_exif_orientation:
            try:
                orientation = int(img.getexif().get(0x0112, 1))
            except Exception:  # a broken EXIF block: show the raster as stored
                orientation = 1
            if orientation not in _ORIENT:
                orientation = 1
        sw, sh = img.size
        width, height = (sh, sw) if orientation in (5, 6, 7, 8) else (sw, sh)
        fmt = img.format or "?"
        try:
            png, dw, dh = _finish(img, width=width, height=height, max_side=max_side,
                                  orientation=orientation, compress_level=compress_level)
        except MemoryError:
            raise GeorefError("too_large", Words("%1: not enough memory to decode this %2 x %3 image",
                                                 path, width, height)) from None
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise GeorefError("not_an_image", Words("%1: damaged image: %2", path, exc)) from None
    finally:
        img.close()
    return LoadedImage(png=png, width=width, height=height, display_width=dw, display_height=dh,
                       sha256=hashlib.sha256(data).hexdigest(), source=str(path), format=fmt,
                       exif_orientation=orientation)


# -- PDF ---------------------------------------------------------------------------

def pdf_available() -> bool:
    """True when pypdfium2 (the PDF rasteriser) can be imported."""
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return False
    return True


def _pdfium():
    try:
        import pypdfium2
    except ImportError:
        raise GeorefError("no_pdf_library", Words("reading a PDF needs the pypdfium2 package, which is not "
                                                  "installed: install it, or export the page as PNG")) from None
    return pypdfium2


def _open_pdf(data: bytes, name: str, password: str | None):
    pdfium = _pdfium()
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        text = str(exc)
        if "password" in text.lower():
            raise GeorefError("pdf_password", Words("%1: the PDF is protected by a password", name)) from None
        raise GeorefError("not_a_pdf", Words("%1: not a readable PDF (%2)", name, text)) from None


def pdf_page_count(path: str | os.PathLike, *, password: str | None = None,
                   max_bytes: int = MAX_FILE_BYTES) -> int:
    """Number of pages of a PDF (for the UI's page chooser)."""
    data = read_file_bytes(path, max_bytes)
    with _PDF_LOCK:
        pdf = _open_pdf(data, str(path), password)
        try:
            return len(pdf)
        finally:
            pdf.close()


def load_pdf_page(path: str | os.PathLike, page: int = 0, *, dpi: float = 200.0,
                  max_pixels: int = MAX_PIXELS, max_side: int = MAX_SIDE, max_bytes: int = MAX_FILE_BYTES,
                  password: str | None = None, compress_level: int = 3) -> LoadedImage:
    """Rasterise page *page* (0-based) of a PDF.

    The full-size image space is the page at *dpi* (``width = page width in
    inches x dpi``), refused above *max_pixels*; it is rendered directly at the
    display size (at most *max_side* a side), so the scale is exact.  Store
    ``page`` and ``dpi`` with the control points."""
    path = Path(path)
    dpi = float(dpi)
    if not (math.isfinite(dpi) and 10.0 <= dpi <= 2400.0):
        raise GeorefError("bad_value", Words("dpi must be between 10 and 2400, got %1", dpi))
    if isinstance(page, bool) or not isinstance(page, int):
        raise GeorefError("bad_value", Words("page must be a whole number, got %1", repr(page)))
    data = read_file_bytes(path, max_bytes)
    with _PDF_LOCK:
        pdf = _open_pdf(data, str(path), password)
        try:
            count = len(pdf)
            if not 0 <= page < count:
                raise GeorefError("bad_page", Words("%1: has %2 page, no page %3", path, count, page + 1)
                                  if count == 1 else
                                  Words("%1: has %2 pages, no page %3", path, count, page + 1))
            pg = pdf[page]
            try:
                w_pt, h_pt = pg.get_size()  # of the page as shown (its /Rotate applied), as rendered
                width = max(1, round(w_pt / 72.0 * dpi))
                height = max(1, round(h_pt / 72.0 * dpi))
                if width * height > max_pixels:
                    raise GeorefError("too_large", Words(
                        "%1: page %2 at %3 dpi is %4 x %5 = %6 megapixels (the limit is %7): choose a lower dpi",
                        path, page + 1, f"{dpi:g}", width, height, f"{width * height / 1e6:.0f}",
                        f"{max_pixels / 1e6:.0f}"))
                dw, dh = _display_size(width, height, max_side)
                scale = dpi / 72.0 * (dw / width)
                try:
                    bitmap = pg.render(scale=scale, rotation=0, may_draw_forms=True)
                    img = bitmap.to_pil()
                except Exception as exc:  # pdfium errors on damaged content
                    raise GeorefError("not_a_pdf", Words("%1: page %2 cannot be drawn (%3)", path, page + 1,
                                                             exc)) from None
                if img.size != (dw, dh):  # pdfium rounds the bitmap size itself
                    img = img.resize((dw, dh), Image.Resampling.LANCZOS)
                img = img.convert("RGBA")  # a copy: the bitmap's memory is PDFium's
            finally:
                pg.close()
        finally:
            pdf.close()
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=compress_level)
    return LoadedImage(png=buf.getvalue(), width=width, height=height, display_width=dw, display_height=dh,
                       sha256=hashlib.sha256(data).hexdigest(), source=str(path), format="PDF",
                       page=page, dpi=dpi)
