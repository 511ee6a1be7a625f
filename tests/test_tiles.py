"""Local tile sources: MBTiles (TMS rows, metadata, read-only) and XYZ folders."""
import io
import os
import sqlite3
import stat
import threading

import pytest
from PIL import Image

from qxmap.tiles import (
    MBTilesSource,
    TileSourceError,
    XYZFolderSource,
    lonlat_to_tile,
    make_test_mbtiles,
    open_tile_source,
    solid_png,
)


def pixel(data: bytes, xy=(128, 128)):
    with Image.open(io.BytesIO(data)) as img:
        return img.convert("RGB").getpixel(xy)


def write_mbtiles(path, rows, fmt="png", metadata=True):
    """A hand-made MBTiles: rows are (zoom, column, TMS row, data)."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
    conn.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)", rows)
    if metadata:
        conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        if fmt is not None:
            conn.execute("INSERT INTO metadata VALUES ('format', ?)", (fmt,))
    conn.commit()
    conn.close()
    return path


# ---------------------------------------------------------------- PNG helper

def test_solid_png_is_a_valid_png_of_that_colour():
    data = solid_png((12, 200, 34), size=64)
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        assert img.format == "PNG" and img.size == (64, 64)
        assert img.convert("RGB").getpixel((10, 50)) == (12, 200, 34)
    rgba = solid_png("#ff000080", size=8)
    with Image.open(io.BytesIO(rgba)) as img:
        assert img.mode == "RGBA" and img.getpixel((0, 0)) == (255, 0, 0, 128)
    with pytest.raises(ValueError):
        solid_png("#12345")


def test_lonlat_to_tile_known_values():
    assert lonlat_to_tile(0.0, 0.0, 1) == (1, 1)
    assert lonlat_to_tile(-179.9, 85.0, 1) == (0, 0)
    # Qingxi at zoom 10: x = floor((114.16 + 180) / 360 * 1024) = 836
    assert lonlat_to_tile(114.16, 22.85, 10) == (836, 445)


# ---------------------------------------------------------------- MBTiles

def test_tms_row_flip(tmp_path):
    red, green = solid_png((255, 0, 0), 16), solid_png((0, 255, 0), 16)
    # zoom 2: TMS row 0 is the southernmost row, i.e. XYZ y = 2**2 - 1 - 0 = 3
    path = write_mbtiles(tmp_path / "flip.mbtiles", [(2, 1, 0, red), (2, 1, 3, green)])
    with MBTilesSource(path) as src:
        south = src.tile(2, 1, 3)
        north = src.tile(2, 1, 0)
        assert south == (red, "image/png")
        assert north == (green, "image/png")
        assert src.tile(2, 1, 1) is None and src.tile(2, 1, 2) is None


def test_make_test_mbtiles_serves_every_tile_with_y_flip(tmp_path):
    def colour(z, x, y):
        return (z * 20, x % 256, y % 256)

    path = make_test_mbtiles(tmp_path / "qx.mbtiles", zooms=[0, 5, 12], color=colour)
    src = open_tile_source(path)
    assert isinstance(src, MBTilesSource)
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT zoom_level, tile_column, tile_row FROM tiles").fetchall()
    conn.close()
    assert rows
    for z, x, tms_row in rows:
        y = 2 ** z - 1 - tms_row
        data, mime = src.tile(z, x, y)
        assert mime == "image/png"
        assert pixel(data) == colour(z, x, y)
    # Qingxi is covered at zoom 12
    x, y = lonlat_to_tile(114.16, 22.85, 12)
    assert src.tile(12, x, y) is not None
    # zoom 12 is not the whole world
    assert src.tile(12, 0, 0) is None
    info = src.describe()
    assert info["minzoom"] == 0 and info["maxzoom"] == 12
    assert info["format"] == "png"
    w, s, e, n = info["bounds"]
    assert w < 114.16 < e and s < 22.85 < n
    src.close()
    assert src.tile(0, 0, 0) is None  # closed: no crash


def test_missing_and_out_of_range_tiles(tmp_path):
    path = make_test_mbtiles(tmp_path / "a.mbtiles", zooms=[0, 1], color="#336699", bounds=None)
    with MBTilesSource(path) as src:
        assert src.tile(0, 0, 0)[1] == "image/png"
        assert pixel(src.tile(1, 1, 1)[0]) == (0x33, 0x66, 0x99)
        assert src.tile(3, 0, 0) is None          # zoom not in file
        assert src.tile(1, 2, 0) is None          # x outside the grid
        assert src.tile(1, 0, -1) is None
        assert src.tile(-1, 0, 0) is None
        assert src.tile(99, 0, 0) is None
        assert src.tile("1", "1", "1") is not None
        assert src.tile("1", "1", "1 OR 1=1") is None


@pytest.mark.parametrize("fmt,mime", [("png", "image/png"), ("jpg", "image/jpeg"), ("JPEG", "image/jpeg"),
                                      ("webp", "image/webp")])
def test_format_to_mime(tmp_path, fmt, mime):
    path = write_mbtiles(tmp_path / "f.mbtiles", [(0, 0, 0, b"tile-bytes")], fmt=fmt)
    with MBTilesSource(path) as src:
        assert src.tile(0, 0, 0) == (b"tile-bytes", mime)


def test_format_sniffed_without_metadata(tmp_path):
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(buf, "JPEG")
    path = write_mbtiles(tmp_path / "nometa.mbtiles", [(0, 0, 0, buf.getvalue())], metadata=False)
    with MBTilesSource(path) as src:
        assert src.tile(0, 0, 0)[1] == "image/jpeg"
        info = src.describe()
        assert info["minzoom"] == 0 and info["maxzoom"] == 0 and info["bounds"] is None


def test_vector_tiles_refused(tmp_path):
    path = write_mbtiles(tmp_path / "v.mbtiles", [(0, 0, 0, b"\x1f\x8b")], fmt="pbf")
    with pytest.raises(TileSourceError) as err:
        MBTilesSource(path)
    assert err.value.reason == "unsupported_format"


def test_invalid_files(tmp_path):
    with pytest.raises(TileSourceError) as err:
        open_tile_source(tmp_path / "nope.mbtiles")
    assert err.value.reason == "missing"
    assert "nope.mbtiles" in str(err.value)

    text = tmp_path / "text.mbtiles"
    text.write_text("this is not a database\n" * 10)
    with pytest.raises(TileSourceError) as err:
        open_tile_source(text)
    assert err.value.reason == "not_mbtiles"

    empty = tmp_path / "empty.mbtiles"
    empty.write_bytes(b"")
    with pytest.raises(TileSourceError):
        open_tile_source(empty)

    # SQLite, but no tiles table
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE things (a)")
    conn.commit()
    conn.close()
    with pytest.raises(TileSourceError) as err:
        open_tile_source(other)
    assert err.value.reason == "no_tiles"

    # a tiles table of the wrong shape
    wrong = tmp_path / "wrong.mbtiles"
    conn = sqlite3.connect(wrong)
    conn.execute("CREATE TABLE tiles (a, b)")
    conn.commit()
    conn.close()
    with pytest.raises(TileSourceError) as err:
        open_tile_source(wrong)
    assert err.value.reason == "no_tiles"

    # a corrupt file with the SQLite header
    corrupt = tmp_path / "corrupt.mbtiles"
    corrupt.write_bytes(b"SQLite format 3\x00" + b"\xff" * 2000)
    with pytest.raises(TileSourceError):
        open_tile_source(corrupt)

    with pytest.raises(TileSourceError):
        open_tile_source("")


def test_tiles_table_may_be_a_view(tmp_path):
    # MBTiles allows "tiles" to be a view (deduplicated map/images schema)
    path = tmp_path / "view.mbtiles"
    png = solid_png((9, 9, 9), 8)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_id TEXT)")
    conn.execute("CREATE TABLE images (tile_id TEXT, tile_data BLOB)")
    conn.execute("CREATE VIEW tiles AS SELECT zoom_level, tile_column, tile_row, tile_data "
                 "FROM map JOIN images ON map.tile_id = images.tile_id")
    conn.execute("INSERT INTO map VALUES (1, 0, 1, 'a')")
    conn.execute("INSERT INTO images VALUES ('a', ?)", (png,))
    conn.commit()
    conn.close()
    with MBTilesSource(path) as src:
        assert src.tile(1, 0, 0) == (png, "image/png")


def test_read_only_file_and_folder(tmp_path):
    folder = tmp_path / "share"
    folder.mkdir()
    path = make_test_mbtiles(folder / "ro.mbtiles", zooms=[0], color="#00ff00", bounds=None)
    before = path.read_bytes()
    os.chmod(path, stat.S_IRUSR | stat.S_IRGRP)
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR)
    try:
        with MBTilesSource(path) as src:
            assert src.tile(0, 0, 0) is not None
        # nothing was written next to the file, and the file is unchanged
        assert sorted(p.name for p in folder.iterdir()) == ["ro.mbtiles"]
        assert path.read_bytes() == before
    finally:
        os.chmod(folder, stat.S_IRWXU)
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def test_source_does_not_write(tmp_path):
    path = make_test_mbtiles(tmp_path / "w.mbtiles", zooms=[0], color="#000000", bounds=None)
    with MBTilesSource(path) as src:
        with pytest.raises(sqlite3.OperationalError):
            src._conn.execute("DELETE FROM tiles")


def test_thread_safe(tmp_path):
    path = make_test_mbtiles(tmp_path / "t.mbtiles", zooms=[0, 1, 2, 3], color="#abcdef", bounds=None)
    src = MBTilesSource(path)
    errors = []

    def worker():
        try:
            for _ in range(50):
                for z in range(4):
                    for x in range(2 ** z):
                        for y in range(2 ** z):
                            assert src.tile(z, x, y) is not None
        except Exception as exc:  # noqa: BLE001 - collected for the assert below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    src.close()
    assert errors == []


def test_path_with_special_characters(tmp_path):
    folder = tmp_path / "清溪 瓦片 #1 ?x=%20"
    folder.mkdir()
    path = make_test_mbtiles(folder / "底图.mbtiles", zooms=[0], color="#010203", bounds=None)
    with open_tile_source(path) as src:
        assert pixel(src.tile(0, 0, 0)[0]) == (1, 2, 3)


# ---------------------------------------------------------------- XYZ folder

def make_xyz(root, tiles):
    for (z, x, y), (ext, data) in tiles.items():
        target = root / str(z) / str(x) / f"{y}{ext}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def test_xyz_folder(tmp_path):
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(buf, "JPEG")
    jpeg = buf.getvalue()
    png = solid_png((0, 0, 200), 8)
    root = make_xyz(tmp_path / "xyz", {(3, 6, 3): (".png", png), (4, 13, 7): (".jpg", jpeg),
                                       (4, 13, 8): (".webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ")})
    src = open_tile_source(root)
    assert isinstance(src, XYZFolderSource)
    assert src.tile(3, 6, 3) == (png, "image/png")       # XYZ: no flip
    assert src.tile(4, 13, 7) == (jpeg, "image/jpeg")
    assert src.tile(4, 13, 8)[1] == "image/webp"
    assert src.tile(3, 6, 4) is None
    assert src.tile(5, 0, 0) is None
    info = src.describe()
    assert info["minzoom"] == 3 and info["maxzoom"] == 4 and info["tms"] is False


def test_xyz_metadata_json(tmp_path):
    root = make_xyz(tmp_path / "xyz", {(10, 836, 445): (".png", solid_png((1, 1, 1), 8))})
    (root / "metadata.json").write_text('{"bounds": "114.0,22.7,114.3,22.95", "minzoom": 8, "maxzoom": 16}')
    info = XYZFolderSource(root).describe()
    assert info["bounds"] == (114.0, 22.7, 114.3, 22.95)
    assert info["minzoom"] == 8 and info["maxzoom"] == 16


def test_gdal2tiles_tms_folder(tmp_path):
    png = solid_png((5, 5, 5), 8)
    root = make_xyz(tmp_path / "tms", {(2, 1, 0): (".png", png)})
    (root / "tilemapresource.xml").write_text("<TileMap/>")
    src = open_tile_source(root)
    assert src.tms
    assert src.tile(2, 1, 3) == (png, "image/png")
    assert src.tile(2, 1, 0) is None


def test_xyz_refuses_path_traversal(tmp_path):
    secret = tmp_path / "secret"
    (secret / "1").mkdir(parents=True)
    (secret / "1" / "1.png").write_bytes(solid_png((255, 255, 255), 8))
    root = make_xyz(tmp_path / "xyz", {(1, 0, 0): (".png", solid_png((0, 0, 0), 8))})
    src = XYZFolderSource(root)
    for z, x, y in [("..", "secret", "1"), ("../secret", 1, 1), (1, "../../secret/1", 1),
                    ("1/../../secret", 1, 1), (1, 0, "0/../../0"), (1.0, 0, 0), (True, 0, 0),
                    (1, 0, "0.png"), ("", 0, 0), ("１", 0, 0)]:
        assert src.tile(z, x, y) is None, (z, x, y)
    # a symlink inside the folder that points outside it is not followed
    link = root / "2"
    try:
        link.symlink_to(secret, target_is_directory=True)
    except OSError:
        pytest.skip("symlinks not available")
    assert (root / "2" / "1" / "1.png").is_file()
    assert src.tile(2, 1, 1) is None
    assert src.tile(1, 0, 0) is not None


def test_empty_folder_refused(tmp_path):
    (tmp_path / "nothing" / "misc").mkdir(parents=True)
    with pytest.raises(TileSourceError) as err:
        open_tile_source(tmp_path / "nothing")
    assert err.value.reason == "empty_folder"
    with pytest.raises(TileSourceError) as err:
        XYZFolderSource(tmp_path / "absent")
    assert err.value.reason == "missing"
