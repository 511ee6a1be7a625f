"""Write the files planners bring, the way real tools write them (pyogrio/GDAL).

The content is the bundled roads (geodata/qingxi/roads.geojson) with Chinese
field names and values, as a town planning office would keep them:

    名称, 英文名, 道路等级, 状态, 建设阶段, 完工年份, 编号 (optional)

The bundled data maps only 2 of its 41 roads; the others get a short
deterministic line in Qingxi so that every file has real geometry.

Writers (each returns the path of the main file):

- :func:`write_shapefile` -- GBK or UTF-8, with/without ``.cpg``, with the
  ``.dbf`` code-page byte set or cleared, with/without ``.prj``;
- :func:`write_gpkg`, :func:`write_geojson` (UTF-8, BOM, GBK), :func:`write_kml`
  (KML or KMZ), :func:`write_gpx`, :func:`write_fgb`, :func:`write_dxf`
  (AutoCAD-style: GBK text, ``$DWGCODEPAGE ANSI_936``), :func:`write_csv`
  (Excel-style GBK or UTF-8 with BOM), :func:`write_xlsx` (a title row above the
  header, like the office's spreadsheets);
- :func:`osm_extract` (an OpenStreetMap extract of the town: some of the
  bundled roads as highways, a road under construction, a proposed one, a
  river, footways, a park, bus stops), written as JOSM writes ``.osm`` XML
  (:func:`write_osm_xml`) or as osmium writes ``.osm.pbf`` (:func:`write_osm_pbf`).

Usable as a module from the tests and as a script:
``python tests/helpers/make_sources.py OUT_DIR`` writes one of each.
"""
from __future__ import annotations

import json
import sys
import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

ROOT = Path(__file__).resolve().parents[2]
ROADS = ROOT / "geodata" / "qingxi" / "roads.geojson"

STATUS_ZH = {"planned": "规划", "preparing": "前期工作", "under_construction": "在建",
             "completed": "已建成", "on_hold": "暂缓"}
PHASE_ZH = {"underway": "已开工", "start_this_year": "今年动工", "by_2018": "2018年前建成",
            "2018_2020": "2018-2020年建成", "unscheduled": "未排期"}
CATEGORY_ZH = {"expressway": "高速公路", "external": "外联道路", "town": "镇内道路"}


def bundled_roads() -> gpd.GeoDataFrame:
    """The 41 bundled roads, WGS-84, each with a line (invented where the data has none)."""
    frame = gpd.read_file(ROADS)
    rng = np.random.default_rng(11)
    geoms = []
    for i, geom in enumerate(frame.geometry):
        if geom is not None and not geom.is_empty:
            geoms.append(geom)
            continue
        start = np.array([114.12 + 0.08 * rng.random(), 22.80 + 0.08 * rng.random()])
        steps = rng.normal(0, 0.003, size=(int(rng.integers(2, 6)), 2))
        geoms.append(shapely.LineString(np.vstack([start, start + np.cumsum(steps, axis=0)]).round(6)))
    return gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=geoms, crs="EPSG:4326")


def _category_zh(row) -> str:
    if row["category"] == "provincial_county":
        return "省道" if str(row["name_zh"]).startswith("S") else "县道"
    return CATEGORY_ZH[row["category"]]


def chinese_roads(with_id: bool = False, crs: str = "EPSG:4326") -> gpd.GeoDataFrame:
    """The roads with the office's Chinese field names and values, in *crs*."""
    src = bundled_roads()
    out = pd.DataFrame({
        "名称": src["name_zh"],
        "英文名": src["name_en"],
        "道路等级": src.apply(_category_zh, axis=1),
        "状态": src["status"].map(STATUS_ZH),
        "建设阶段": src["phase"].map(PHASE_ZH),
        "完工年份": src["target"].map(lambda v: None if v is None or pd.isna(v) else int(v)).astype("Int64"),
    })
    if with_id:
        out.insert(0, "编号", src["id"])
    frame = gpd.GeoDataFrame(out, geometry=src.geometry.values, crs="EPSG:4326")
    return frame.to_crs(crs) if crs != "EPSG:4326" else frame


def write_shapefile(frame: gpd.GeoDataFrame, path, encoding: str = "GBK", cpg: bool = True,
                    ldid: int | None = None, prj: bool = True) -> Path:
    """A Shapefile as GDAL writes it, then made to look like other tools' output:
    ``cpg=False`` removes the .cpg; ``ldid`` sets the .dbf code-page byte
    (0x4D = 936 GBK as ArcMap writes it; 0 = none); ``prj=False`` removes the .prj."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # GDAL says so when it cuts a field name to 10 bytes
        pyogrio.write_dataframe(frame, path, driver="ESRI Shapefile", encoding=encoding)
    if not cpg:
        path.with_suffix(".cpg").unlink()
    if ldid is not None:
        dbf = path.with_suffix(".dbf")
        data = bytearray(dbf.read_bytes())
        data[29] = ldid
        dbf.write_bytes(bytes(data))
    if not prj:
        path.with_suffix(".prj").unlink()
    return path


def zip_shapefile(shp, zip_path) -> Path:
    shp = Path(shp)
    zip_path = Path(zip_path)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
        for part in sorted(shp.parent.glob(shp.stem + ".*")):
            zf.write(part, f"{shp.stem}/{part.name}")
    return zip_path


def write_gpkg(frame: gpd.GeoDataFrame, path, layer: str = "道路") -> Path:
    pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG")
    return Path(path)


def write_geojson(frame: gpd.GeoDataFrame, path, encoding: str = "utf-8", bom: bool = False) -> Path:
    """GeoJSON as GDAL writes it (UTF-8), then re-encoded (GBK) or given a BOM
    (as Windows Notepad and some converters save it)."""
    path = Path(path)
    pyogrio.write_dataframe(frame, path, driver="GeoJSON")
    text = path.read_text(encoding="utf-8")
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


def write_kml(frame: gpd.GeoDataFrame, path) -> Path:
    """KML (or KMZ, by suffix) through LIBKML, names in the <name> element."""
    frame = frame.rename(columns={"名称": "Name"})
    pyogrio.write_dataframe(frame.to_crs("EPSG:4326"), path, driver="LIBKML")
    return Path(path)


def write_gpx(frame: gpd.GeoDataFrame, path) -> Path:
    tracks = gpd.GeoDataFrame({"name": frame["名称"].values},
                              geometry=[shapely.MultiLineString([g]) if g.geom_type == "LineString" else g
                                        for g in frame.to_crs("EPSG:4326").geometry], crs="EPSG:4326")
    pyogrio.write_dataframe(tracks, path, driver="GPX", layer="tracks")
    return Path(path)


def write_fgb(frame: gpd.GeoDataFrame, path) -> Path:
    pyogrio.write_dataframe(frame, path, driver="FlatGeobuf")
    return Path(path)


def write_dxf(frame: gpd.GeoDataFrame, path, cad_layers=None) -> Path:
    """A DXF as AutoCAD R2000 on Chinese Windows writes it: polylines on CAD
    layers (``cad_layers``, one per feature; default 道路中心线), GBK text,
    ``$DWGCODEPAGE ANSI_936``.  GDAL writes UTF-8 with ANSI_1252; we convert."""
    path = Path(path)
    layers = list(cad_layers) if cad_layers is not None else ["道路中心线"] * len(frame)
    cad = gpd.GeoDataFrame({"Layer": layers}, geometry=frame.geometry.values, crs=frame.crs)
    pyogrio.write_dataframe(cad, path, driver="DXF")
    text = path.read_bytes().decode("utf-8")
    path.write_bytes(text.replace("ANSI_1252", "ANSI_936").encode("gbk"))
    return path


def write_csv(path, rows: list[dict], encoding: str = "gbk") -> Path:
    """A CSV as Excel on Chinese Windows saves it (``"gbk"``: "CSV (逗号分隔)";
    ``"utf-8-sig"``: "CSV UTF-8")."""
    pd.DataFrame(rows).to_csv(path, index=False, encoding=encoding)
    return Path(path)


def write_xlsx(path, rows: list[dict], title: str | None = "清溪镇道路项目表", sheet: str = "道路") -> Path:
    """An .xlsx with an optional title row above the header (openpyxl, as Excel would)."""
    frame = pd.DataFrame(rows)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet, index=False, startrow=1 if title else 0)
        if title:
            writer.sheets[sheet].cell(row=1, column=1, value=title)
    return Path(path)


def osm_extract(n_roads: int = 6) -> tuple[list[tuple[int, float, float, dict]], list[tuple[int, list[int], dict]]]:
    """(nodes: (id, lon, lat, tags), ways: (id, node ids, tags)) of a small extract of the
    town.  The first *n_roads* bundled roads (by their lines) are ways named as the report
    names them: primary, secondary or residential, the first with ``name:en`` and ``ref``;
    then a residential road no record has, a primary road under construction
    (``highway=construction`` + ``construction=primary``), a proposed one with no class,
    a river, two footways, a closed way tagged as a park, and two bus stops."""
    roads = bundled_roads().iloc[:n_roads]
    nodes: list[tuple[int, float, float, dict]] = []
    ways: list[tuple[int, list[int], dict]] = []

    def line(coords, tags):
        ids = []
        for x, y in coords:
            nodes.append((len(nodes) + 1, round(float(x), 7), round(float(y), 7), {}))
            ids.append(len(nodes))
        ways.append((1000 + len(ways), ids, tags))

    classes = ["primary", "secondary", "residential"]
    for i, (name, geom) in enumerate(zip(roads["name_zh"], roads.geometry)):
        tags = {"highway": classes[i % 3], "name": str(name)}
        if i == 0:
            tags.update({"name:en": "Qingxi Section of S358", "ref": "S358", "lanes": "4"})
        line(list(geom.coords), tags)
    line([(114.150, 22.820), (114.155, 22.823)], {"highway": "residential", "name": "清溪新路"})
    line([(114.160, 22.830), (114.166, 22.835)], {"highway": "construction", "construction": "primary",
                                                  "name": "清溪大道东延线"})
    line([(114.170, 22.840), (114.176, 22.845)], {"highway": "proposed", "name": "规划三路"})
    line([(114.120, 22.810), (114.130, 22.820), (114.140, 22.822)], {"waterway": "river", "name": "清溪河"})
    line([(114.150, 22.840), (114.151, 22.841)], {"highway": "footway"})
    line([(114.152, 22.842), (114.153, 22.843)], {"highway": "footway", "surface": "paving_stones"})
    ring = [(114.16, 22.86), (114.17, 22.86), (114.17, 22.87), (114.16, 22.86)]
    ids = []
    for x, y in ring[:-1]:
        nodes.append((len(nodes) + 1, x, y, {}))
        ids.append(len(nodes))
    ways.append((1000 + len(ways), ids + ids[:1], {"leisure": "park", "name": "清溪公园"}))
    for k, (x, y) in enumerate([(114.151, 22.830), (114.158, 22.834)]):
        nodes.append((len(nodes) + 1, x, y, {"highway": "bus_stop", "name": f"清溪车站{k + 1}"}))
    return nodes, ways


def write_osm_xml(path, nodes=None, ways=None) -> Path:
    """An ``.osm`` file as JOSM saves one (OSM XML 0.6, UTF-8)."""
    import xml.etree.ElementTree as ET

    if nodes is None:
        nodes, ways = osm_extract()
    root = ET.Element("osm", version="0.6", generator="JOSM")
    for nid, lon, lat, tags in nodes:
        node = ET.SubElement(root, "node", id=str(nid), version="1", lat=f"{lat:.7f}", lon=f"{lon:.7f}")
        for k, v in tags.items():
            ET.SubElement(node, "tag", k=k, v=v)
    for wid, refs, tags in ways:
        way = ET.SubElement(root, "way", id=str(wid), version="1")
        for ref in refs:
            ET.SubElement(way, "nd", ref=str(ref))
        for k, v in tags.items():
            ET.SubElement(way, "tag", k=k, v=v)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)
    return path


def write_osm_pbf(path, nodes=None, ways=None) -> Path:
    """An ``.osm.pbf`` file as osmium (Geofabrik's extracts) writes one."""
    import osmium

    if nodes is None:
        nodes, ways = osm_extract()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    writer = osmium.SimpleWriter(str(path))
    try:
        for nid, lon, lat, tags in nodes:
            writer.add_node(osmium.osm.mutable.Node(id=nid, location=(lon, lat), tags=tags, version=1))
        for wid, refs, tags in ways:
            writer.add_way(osmium.osm.mutable.Way(id=wid, nodes=refs, tags=tags, version=1))
    finally:
        writer.close()
    return path


def point_rows(n: int = 8) -> list[dict]:
    """Project points (exits-like) with 经度/纬度 in WGS-84 degrees."""
    rng = np.random.default_rng(5)
    rows = []
    for i in range(n):
        rows.append({"名称": f"清溪测试点{i + 1}", "状态": ["在建", "规划", "已完工"][i % 3],
                     "经度": round(114.12 + 0.08 * rng.random(), 6), "纬度": round(22.80 + 0.08 * rng.random(), 6)})
    return rows


def main(out: str) -> int:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    roads = chinese_roads()
    write_shapefile(chinese_roads(crs="EPSG:4547"), folder / "roads_4547_gbk.shp")
    write_gpkg(roads, folder / "roads.gpkg")
    write_geojson(roads, folder / "roads_bom.geojson", bom=True)
    write_geojson(roads, folder / "roads_gbk.geojson", encoding="gbk")
    write_kml(roads, folder / "roads.kml")
    write_dxf(chinese_roads(crs="EPSG:4547"), folder / "roads.dxf")
    write_csv(folder / "points.csv", point_rows())
    write_xlsx(folder / "points.xlsx", point_rows())
    write_osm_xml(folder / "qingxi.osm")
    write_osm_pbf(folder / "qingxi.osm.pbf")
    print(json.dumps(sorted(p.name for p in folder.iterdir()), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
