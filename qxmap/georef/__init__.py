"""Pin a planning drawing (a scan or one PDF page) on the map. No Qt here.

- :mod:`.fit` — control points -> affine or similarity transform, residuals in metres, RMS, checks;
- :mod:`.transform` — :class:`Transform` (pixel <-> WGS-84) and the page's placement;
- :mod:`.crs` — :class:`CRSRef` (EPSG code or local transverse Mercator), :func:`guess_crs`;
- :mod:`.worldfile` — world files (.pgw/.jgw/.tfw/.wld, + .prj) and GeoTIFF tags;
- :mod:`.images` — safe image / PDF page loading into RGBA PNG bytes for the page;
- :mod:`.overlay` — :class:`PlanOverlay`, the state the workspace saves.

Pixel coordinates are corner-based: ``(0, 0)`` is the top-left corner of the
image, ``(width, height)`` the bottom-right one, y downwards.  Map positions
are WGS-84 ``(lon, lat)``; the page's placement uses Leaflet's ``[lat, lng]``.
"""
from __future__ import annotations

from .crs import QINGXI, WGS84, CRSGuess, CRSRef, guess_crs, parse_crs
from .errors import GeorefError, Issue
from .fit import DEFAULT_MAX_RMS_M, KINDS, ControlPoint, FitResult, fit, normalise_kind
from .images import (IMAGE_FORMATS, MAX_FILE_BYTES, MAX_PIXELS, MAX_SIDE, LoadedImage, load_image,
                     load_pdf_page, pdf_available, pdf_page_count)
from .overlay import MAX_CONTROL_POINTS, OVERLAY_KINDS, PlanOverlay
from .transform import Transform, mercator_xy
from .worldfile import (FileGeoref, GeoTiffTags, WorldFile, find_world_file, georeference_from_files,
                        read_geotiff_tags, read_prj, read_world_file, write_prj, write_world_file)

__all__ = [
    "QINGXI", "WGS84", "CRSGuess", "CRSRef", "guess_crs", "parse_crs",
    "GeorefError", "Issue",
    "DEFAULT_MAX_RMS_M", "KINDS", "ControlPoint", "FitResult", "fit", "normalise_kind",
    "IMAGE_FORMATS", "MAX_FILE_BYTES", "MAX_PIXELS", "MAX_SIDE", "LoadedImage", "load_image",
    "load_pdf_page", "pdf_available", "pdf_page_count",
    "MAX_CONTROL_POINTS", "OVERLAY_KINDS", "PlanOverlay",
    "Transform", "mercator_xy",
    "FileGeoref", "GeoTiffTags", "WorldFile", "find_world_file", "georeference_from_files",
    "read_geotiff_tags", "read_prj", "read_world_file", "write_prj", "write_world_file",
]
