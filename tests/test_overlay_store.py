"""Plan overlays kept in the workspace (qxmap.workspace.overlays): written in one
transaction, read back checked, a damaged row reported by name and field while the
others load, conflicts refused, and saves from two real processes never lost."""
from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from PIL import Image

from qxmap.georef import ControlPoint, CRSRef, PlanOverlay
from qxmap.workspace import (OVERLAY_TABLE, ConflictError, OverlayCorrupt, OverlayImage, Workspace, WorkspaceError,
                             list_overlays, load_overlay, load_overlays, remove_overlay,
                             save_overlay)

from conftest import ROOT

FRAME = CRSRef.local_tm(114.16, 22.83)


def png(w=40, h=30, colour=(250, 245, 230, 255)) -> OverlayImage:
    buf = io.BytesIO()
    Image.new("RGBA", (w, h), colour).save(buf, "PNG")
    return OverlayImage(buf.getvalue(), w * 10, h * 10, w, h)


def overlay(name="清溪路网规划", **kw) -> PlanOverlay:
    points = []
    for x, y in [(0, 0), (400, 0), (0, 300), (400, 300)]:
        lon, lat = FRAME.to_wgs84(2.0 * x, -2.0 * y)
        points.append(ControlPoint(float(x), float(y), float(lon), float(lat)))
    args = dict(name=name, image_path="/plans/roads.png", image_sha256="ab" * 32, control_points=points,
                kind="similarity", opacity=0.5)
    args.update(kw)
    return PlanOverlay(**args)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_written_and_read_back_by_a_new_connection(ws_path):
    ov, img = overlay(), png()
    done = save_overlay(ws_path, ov, image=img, by="规划办")
    assert done.key.startswith("plan-") and done.revision == 0
    good, bad = load_overlays(ws_path)
    assert bad == [] and len(good) == 1
    back = good[0]
    assert back.overlay == ov and back.image == img and back.key == done.key
    assert back.info.created_by == "规划办" and back.info.name == ov.name
    assert [i.key for i in list_overlays(ws_path)] == [done.key]
    # GDAL lists the table, as it lists the history
    with sqlite3.connect(ws_path) as conn:
        kinds = dict(conn.execute("SELECT table_name, data_type FROM gpkg_contents"))
    assert kinds[OVERLAY_TABLE] == "attributes"
    # the app's own workspace does not take this write for someone else's
    ws = Workspace.open(ws_path)
    again = save_overlay(ws_path, overlay(opacity=0.8), key=done.key, revision=0, workspace_id=ws.workspace_id)
    ws.own_write_done(again.before, again.after)
    assert not ws.changed_on_disk()
    assert load_overlay(ws_path, done.key).overlay.opacity == 0.8 and load_overlay(ws_path, done.key).revision == 1


def test_update_and_remove_refuse_a_stale_revision(ws_path):
    key = save_overlay(ws_path, overlay(), image=png()).key
    save_overlay(ws_path, overlay(visible=False), key=key, revision=0)
    before = digest(ws_path)
    with pytest.raises(ConflictError, match="changed by someone else"):
        save_overlay(ws_path, overlay(opacity=0.1), key=key, revision=0)
    with pytest.raises(ConflictError, match="changed by someone else"):
        remove_overlay(ws_path, key, revision=0)
    assert digest(ws_path) == before
    remove_overlay(ws_path, key, revision=1)
    assert load_overlays(ws_path) == ([], [])
    with pytest.raises(ConflictError, match="removed by someone else"):
        save_overlay(ws_path, overlay(), key=key, revision=1)
    with pytest.raises(WorkspaceError, match="no plan drawing"):
        load_overlay(ws_path, key)


def test_a_failed_save_leaves_the_workspace_as_it_was(ws_path, tmp_path):
    save_overlay(ws_path, overlay(), image=png())
    before = digest(ws_path)
    bad = OverlayImage(b"GIF89a not a png", 10, 10, 10, 10)
    with pytest.raises(ValueError, match="image_png: not a PNG"):
        save_overlay(ws_path, overlay(name="second"), image=bad)
    wrong_size = OverlayImage(png(20, 20).png, 100, 100, 21, 20)
    with pytest.raises(ValueError, match="image_png: 20 x 20 pixels"):
        save_overlay(ws_path, overlay(name="second"), image=wrong_size)
    with pytest.raises(ValueError, match="a new plan drawing needs its image"):
        save_overlay(ws_path, overlay(name="second"))
    assert digest(ws_path) == before
    # another workspace put in its place: refused, nothing written
    with pytest.raises(WorkspaceError, match="no longer the workspace that was loaded"):
        save_overlay(ws_path, overlay(name="second"), image=png(), workspace_id="0" * 32)
    assert digest(ws_path) == before
    # a file that is not a workspace
    plain = tmp_path / "plain.gpkg"
    sqlite3.connect(plain).execute("CREATE TABLE x (a)").connection.close()
    with pytest.raises(WorkspaceError, match="not a qxmap workspace"):
        save_overlay(plain, overlay(), image=png())


def test_a_damaged_row_is_named_and_the_others_still_load(ws_path):
    good_key = save_overlay(ws_path, overlay(name="good"), image=png()).key
    bad_json = save_overlay(ws_path, overlay(name="bad points"), image=png()).key
    bad_png = save_overlay(ws_path, overlay(name="bad image"), image=png()).key
    with sqlite3.connect(ws_path) as conn:
        text = conn.execute(f"SELECT overlay_json FROM {OVERLAY_TABLE} WHERE key = ?", (bad_json,)).fetchone()[0]
        data = json.loads(text)
        data["control_points"][1]["lon"] = 400.0
        conn.execute(f"UPDATE {OVERLAY_TABLE} SET overlay_json = ? WHERE key = ?", (json.dumps(data), bad_json))
        conn.execute(f"UPDATE {OVERLAY_TABLE} SET image_png = ? WHERE key = ?", (b"\x89PNG\r\n\x1a\nrubbish", bad_png))
    good, bad = load_overlays(ws_path)
    assert [g.key for g in good] == [good_key]
    by_key = {p.key: p for p in bad}
    assert by_key[bad_json].field == "control_points[1].lon"
    assert "'bad points'" in by_key[bad_json].message and "out of range" in by_key[bad_json].message
    assert by_key[bad_png].field == "image_png" and "'bad image'" in by_key[bad_png].message
    with pytest.raises(OverlayCorrupt, match="control_points\\[1\\].lon"):
        load_overlay(ws_path, bad_json)


def test_saves_from_two_processes_are_never_lost(ws_path):
    code = textwrap.dedent("""
        import io, json, sys
        from PIL import Image
        sys.path.insert(0, sys.argv[3])
        from qxmap.georef import PlanOverlay
        from qxmap.workspace import OverlayImage, WorkspaceError, save_overlay
        buf = io.BytesIO(); Image.new("RGBA", (8, 8), (1, 2, 3, 255)).save(buf, "PNG")
        img = OverlayImage(buf.getvalue(), 8, 8, 8, 8)
        print("ready", flush=True)
        sys.stdin.readline()
        for i in range(int(sys.argv[2])):
            name = f"{sys.argv[1]}-{i}"
            ov = PlanOverlay(name=name, image_sha256="cd" * 32, kind="affine")
            try:
                key = save_overlay(sys.argv[4], ov, image=img, timeout=20).key
                print(json.dumps({"name": name, "ok": True, "key": key}), flush=True)
            except WorkspaceError as exc:
                print(json.dumps({"name": name, "ok": False, "err": str(exc)}), flush=True)
    """)
    n = 15
    procs = [subprocess.Popen([sys.executable, "-c", code, w, str(n), str(ROOT), str(ws_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for w in ("A", "B")]
    for p in procs:
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    reports = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        reports += [json.loads(line) for line in out.splitlines() if line.strip()]
    assert len(reports) == 2 * n
    ok = {r["key"]: r["name"] for r in reports if r["ok"]}
    assert len(ok) >= n  # most get through (a busy timeout of 20 s)
    good, bad = load_overlays(ws_path)
    assert bad == []
    stored = {g.key: g.overlay.name for g in good}
    assert stored == ok  # every reported save is there, and nothing reported failed is
    with sqlite3.connect(ws_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        generation = int(conn.execute("SELECT value FROM qxmap_meta WHERE key = 'generation'").fetchone()[0])
    assert generation == len(ok)  # one generation per write
