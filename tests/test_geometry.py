"""Geometry checks on the shipped geodata/*.geojson files.

These read the files directly with json + shapely (independent of the atlas
loader) and check the data contract in geodata/README.md plus the spatial
rules the hand digitizing has to respect.
"""

import csv
import itertools
import json
import math
from pathlib import Path

import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Polygon, shape
from shapely.ops import unary_union

GEODATA = Path(__file__).resolve().parents[1] / "geodata"

PROPERTIES = {"id", "geocode_method", "precision_m", "digitized_from"}
METHODS = {
    "hand_digitized_from_description",
    "hand_placed_schematic",
    "hand_placed_point",
    "extracted_cnmaps_simplified",
}
NEW_AREA_ENVELOPE = (108.3, 34.0, 109.3, 34.8)  # lon/lat min, max
CONTEXT_ENVELOPE = (107.5, 33.5, 110.0, 35.5)
# Xianyang's city outline reaches 35.545N (Xunyi County), past the context
# envelope; the inset-locator outlines get 0.1 degree more to the north only.
CITY_OUTLINE_ENVELOPE = (107.5, 33.5, 110.0, 35.6)

FIVE = ["fengdong", "fengxi", "qinhan", "konggang", "jinghe"]
SOUTH_OF_WEI = ["fengdong", "fengxi", "energy_trade_zone"]
NORTH_OF_WEI = ["qinhan", "konggang", "jinghe"]
# planned areas in km², from shared/reference/README.md (new-city sites)
OFFICIAL_KM2 = {"fengdong": 159.3, "fengxi": 143, "qinhan": 302,
                "konggang": 144.18, "jinghe": 146}

PARK_CITY = {
    "fengdong_advanced_manufacturing": "fengdong",
    "fengdong_sci_tech_reform": "fengdong",
    "fengxi_ai": "fengxi",
    "fengxi_digital_economy": "fengxi",
    "qinhan_autonomous_driving": "qinhan",
    "qinhan_health": "qinhan",
    "konggang_ftz_blue_bay": "konggang",
    "konggang_aviation_economy": "konggang",
    "jinghe_pv": "jinghe",
    "jinghe_two_chains": "jinghe",
}
PLATFORM_CITY = {
    "western_innovation_harbour": "fengxi",
    "aoxiang_town": "fengxi",
    "western_cloud_valley": "fengxi",
    "hard_tech_town": "fengxi",
    "jinghe_bay_academician_zone": "jinghe",
    "fengdong_sci_tech_base": "fengdong",
    "eco_island": "fengxi",
    "dayi_sci_tech_city": "qinhan",
    "incubator_base": "fengdong",
    "accelerator_zone": "fengxi",
    "promoter_zone": "jinghe",
    "data_intelligence_verification": "fengxi",
    "unmanned_systems_verification": "fengxi",
    "advanced_laser_verification": "fengxi",
    "biomedicine_verification": "qinhan",
    "konggang_microelectronics_pilot": "konggang",
}
NODES = ["xian_hitech_zone", "changan_university_town", "aerospace_base",
         "econ_dev_zone", "weibei_new_city", "yanliang"]
BELT_MEMBERS = {
    "sci_tech_belt": ["fengdong", "fengxi", "xian_hitech_zone",
                      "changan_university_town", "aerospace_base"],
    "adv_manufacturing_belt": ["qinhan", "jinghe", "konggang", "econ_dev_zone",
                               "weibei_new_city", "yanliang"],
}
DISTRICTS = ["d610112", "d610116", "d610118", "d610402", "d610404", "d610423", "d610481"]
CITIES = ["c610100", "c610400"]

# file -> {id: allowed geometry types}
EXPECTED = {
    "new_cities.geojson": {k: {"Polygon"} for k in FIVE + ["energy_trade_zone"]},
    "rivers.geojson": {k: {"LineString", "MultiLineString"} for k in ["wei", "jing", "feng"]},
    "parks.geojson": {k: {"Polygon"} for k in PARK_CITY},
    "platforms.geojson": {k: {"Point"} for k in PLATFORM_CITY},
    "corridors.geojson": {
        "general_window": {"Polygon"},
        "sci_tech_belt": {"LineString"},
        "adv_manufacturing_belt": {"LineString"},
        **{k: {"Point"} for k in NODES},
    },
    "context_districts.geojson": {k: {"Polygon", "MultiPolygon"} for k in DISTRICTS},
    "context_cities.geojson": {k: {"Polygon", "MultiPolygon"} for k in CITIES},
}
# features that belong to the new area itself (tighter envelope)
NEW_AREA_FILES = {"new_cities.geojson", "parks.geojson", "platforms.geojson"}

_TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:32649", always_xy=True)


def utm(geom):
    return shapely.transform(geom, lambda x, y: _TO_UTM.transform(x, y), interleaved=False)


def km2(geom):
    return utm(geom).area / 1e6


def metres(a, b):
    return utm(a).distance(utm(b))


_cache = {}


def collection(name):
    if name not in _cache:
        _cache[name] = json.loads((GEODATA / name).read_text(encoding="utf-8"))
    return _cache[name]


def features(name):
    return {f["properties"]["id"]: f for f in collection(name)["features"]}


def geom(name, fid):
    return shape(features(name)[fid]["geometry"])


ALL_FEATURES = [(name, fid) for name, ids in EXPECTED.items() for fid in ids]


def _coords(obj):
    """Every [lon, lat] pair in a GeoJSON coordinates array."""
    if obj and isinstance(obj[0], (int, float)):
        yield obj
    else:
        for o in obj:
            yield from _coords(o)


def _polygons(g):
    return list(g.geoms) if g.geom_type == "MultiPolygon" else [g]


# ------------------------------------------------------------ file structure

@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_feature_collection_rfc7946(name):
    fc = collection(name)
    assert fc.get("type") == "FeatureCollection"
    assert "crs" not in fc, "RFC 7946 has no crs member"
    for f in fc["features"]:
        assert f.get("type") == "Feature"
        assert "crs" not in f and "crs" not in f["geometry"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_ids_exactly_as_expected(name):
    ids = [f["properties"].get("id") for f in collection(name)["features"]]
    assert len(ids) == len(set(ids)), f"duplicate ids in {name}"
    assert set(ids) == set(EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_features_in_stable_sorted_order(name):
    ids = [f["properties"]["id"] for f in collection(name)["features"]]
    assert ids == sorted(ids)


@pytest.mark.parametrize("csv_name,geo_name", [
    ("rivers.csv", "rivers.geojson"),
    ("context_districts.csv", "context_districts.geojson"),
    ("context_cities.csv", "context_cities.geojson"),
])
def test_csv_joins_geojson_exhaustively(csv_name, geo_name):
    text = (GEODATA / csv_name).read_bytes()
    assert not text.startswith(b"\xef\xbb\xbf"), "CSV must have no BOM"
    rows = list(csv.DictReader(text.decode("utf-8").splitlines()))
    assert rows and all(r["id"] and r["name_zh"] and r["name_en"] for r in rows)
    assert {r["id"] for r in rows} == set(features(geo_name))


# ------------------------------------------------------------ per feature

@pytest.mark.parametrize("name,fid", ALL_FEATURES)
def test_properties_as_contracted(name, fid):
    props = features(name)[fid]["properties"]
    assert set(props) == PROPERTIES
    assert props["geocode_method"] in METHODS
    p = props["precision_m"]
    assert isinstance(p, int) and not isinstance(p, bool) and p > 0
    src = props["digitized_from"]
    assert isinstance(src, str) and src.strip() and "\n" not in src


@pytest.mark.parametrize("name,fid", ALL_FEATURES)
def test_geometry_valid_nonempty_and_typed(name, fid):
    g = geom(name, fid)
    assert g.geom_type in EXPECTED[name][fid]
    assert not g.is_empty
    assert g.is_valid, shapely.validation.explain_validity(g)
    if g.geom_type in ("Polygon", "MultiPolygon"):
        assert km2(g) > 0.1
    if g.geom_type in ("LineString", "MultiLineString"):
        assert utm(g).length > 5000


@pytest.mark.parametrize("name,fid", ALL_FEATURES)
def test_coordinates_in_envelope_and_decimals(name, fid):
    f = features(name)[fid]
    in_new_area = name in NEW_AREA_FILES or fid == "general_window"
    if in_new_area:
        x0, y0, x1, y1 = NEW_AREA_ENVELOPE
    elif name == "context_cities.geojson":
        x0, y0, x1, y1 = CITY_OUTLINE_ENVELOPE
    else:
        x0, y0, x1, y1 = CONTEXT_ENVELOPE
    for lon, lat in _coords(f["geometry"]["coordinates"]):
        assert x0 <= lon <= x1 and y0 <= lat <= y1, (lon, lat)
        assert round(lon, 6) == lon and round(lat, 6) == lat, "more than 6 decimals"


@pytest.mark.parametrize("name,fid", [(n, i) for n, i in ALL_FEATURES
                                      if EXPECTED[n][i] & {"Polygon", "MultiPolygon"}])
def test_rings_wound_per_rfc7946(name, fid):
    for p in _polygons(geom(name, fid)):
        assert p.exterior.is_ccw, "exterior ring must be counter-clockwise"
        for hole in p.interiors:
            assert not hole.is_ccw, "holes must be clockwise"


@pytest.mark.parametrize("fid", FIVE + ["energy_trade_zone"])
def test_new_city_vertex_count(fid):
    n = len(geom("new_cities.geojson", fid).exterior.coords) - 1
    assert 20 <= n <= 60, n


@pytest.mark.parametrize("fid", sorted(OFFICIAL_KM2))
def test_digitized_area_near_official(fid):
    area = km2(geom("new_cities.geojson", fid))
    official = OFFICIAL_KM2[fid]
    assert abs(area - official) / official <= 0.25, f"{fid}: {area:.1f} vs {official} km²"


def test_context_files_small():
    size = sum((GEODATA / n).stat().st_size
               for n in ("context_districts.geojson", "context_cities.geojson"))
    assert size < 300 * 1024


# ------------------------------------------------------------ new cities and rivers

@pytest.mark.parametrize("a,b", list(itertools.combinations(FIVE, 2)))
def test_new_cities_do_not_overlap(a, b):
    overlap = geom("new_cities.geojson", a).intersection(geom("new_cities.geojson", b))
    assert km2(overlap) < 0.05


def test_energy_trade_zone_inside_fengdong():
    etz = geom("new_cities.geojson", "energy_trade_zone")
    fd = geom("new_cities.geojson", "fengdong")
    assert km2(etz.intersection(fd)) / km2(etz) >= 0.99


def _half_planes(line):
    """South and north polygons bounded by `line`, within a wide bounding box."""
    coords = list(line.coords)
    if coords[0][0] > coords[-1][0]:
        coords.reverse()
    (xa, _), (xb, _) = coords[0], coords[-1]
    south = Polygon(coords + [(xb, 33.5), (xa, 33.5)])
    north = Polygon(coords + [(xb, 35.5), (xa, 35.5)])
    assert south.is_valid and north.is_valid, "the line must run west to east without doubling back"
    return south, north


@pytest.mark.parametrize("fid", SOUTH_OF_WEI + NORTH_OF_WEI)
def test_wei_side(fid):
    wei = geom("rivers.geojson", "wei")
    assert wei.geom_type == "LineString"
    south, north = _half_planes(wei)
    city = geom("new_cities.geojson", fid)
    side = south if fid in SOUTH_OF_WEI else north
    assert km2(city.intersection(side)) / km2(city) >= 0.99


def test_wei_spans_the_map():
    xs = [x for x, _ in geom("rivers.geojson", "wei").coords]
    assert min(xs) <= 108.45 and max(xs) >= 109.05


@pytest.mark.parametrize("tributary", ["feng", "jing"])
def test_tributary_meets_the_wei(tributary):
    wei = geom("rivers.geojson", "wei")
    trib = geom("rivers.geojson", tributary)
    ends = [shapely.Point(trib.coords[0]), shapely.Point(trib.coords[-1])]
    assert min(metres(e, wei) for e in ends) < 200


def test_feng_runs_between_fengxi_and_fengdong():
    feng = utm(geom("rivers.geojson", "feng"))
    fd = utm(geom("new_cities.geojson", "fengdong"))
    fx = utm(geom("new_cities.geojson", "fengxi"))
    # the river is their shared border: it touches both and crosses neither
    assert feng.distance(fd) < 100 and feng.distance(fx) < 100
    assert feng.intersection(fd.buffer(-200)).length < 500
    assert feng.intersection(fx.buffer(-200)).length < 500
    # fengxi lies west of the river, fengdong east (compare at the same latitude)
    fx_c, fd_c = fx.centroid, fd.centroid
    for c, west in ((fx_c, True), (fd_c, False)):
        probe = LineString([(c.x - 50_000, c.y), (c.x + 50_000, c.y)]).intersection(feng)
        assert not probe.is_empty
        river_x = probe.centroid.x
        assert (c.x < river_x) if west else (c.x > river_x)


def test_jing_is_konggang_north_edge():
    jing = utm(geom("rivers.geojson", "jing"))
    kg = utm(geom("new_cities.geojson", "konggang"))
    assert jing.distance(kg) < 100
    assert jing.intersection(kg.buffer(-200)).length < 500


def test_airport_in_konggang():
    airport = shapely.Point(108.752, 34.447)
    assert geom("new_cities.geojson", "konggang").contains(airport)


def test_new_area_inside_the_seven_districts():
    districts = unary_union([geom("context_districts.geojson", d) for d in DISTRICTS])
    for fid in FIVE + ["energy_trade_zone"]:
        city = geom("new_cities.geojson", fid)
        assert km2(city.difference(districts)) / km2(city) < 0.02, fid


@pytest.mark.parametrize("did", DISTRICTS)
def test_district_inside_its_city(did):
    city = "c610100" if did.startswith("d6101") else "c610400"
    d = geom("context_districts.geojson", did)
    assert km2(d.intersection(geom("context_cities.geojson", city))) / km2(d) >= 0.99


# ------------------------------------------------------------ parks and platforms

@pytest.mark.parametrize("fid", sorted(PARK_CITY))
def test_park_inside_its_new_city(fid):
    park = geom("parks.geojson", fid)
    city = geom("new_cities.geojson", PARK_CITY[fid])
    assert km2(park.intersection(city)) / km2(park) >= 0.99


@pytest.mark.parametrize("fid", sorted(PARK_CITY))
def test_park_size_plausible(fid):
    assert 3 <= km2(geom("parks.geojson", fid)) <= 30


@pytest.mark.parametrize("a,b", list(itertools.combinations(sorted(PARK_CITY), 2)))
def test_parks_do_not_overlap(a, b):
    overlap = geom("parks.geojson", a).intersection(geom("parks.geojson", b))
    assert km2(overlap) < 0.01


@pytest.mark.parametrize("fid", sorted(PLATFORM_CITY))
def test_platform_inside_its_new_city(fid):
    city = geom("new_cities.geojson", PLATFORM_CITY[fid])
    assert city.contains(geom("platforms.geojson", fid))


@pytest.mark.parametrize("a,b", list(itertools.combinations(sorted(PLATFORM_CITY), 2)))
def test_platforms_do_not_coincide(a, b):
    assert metres(geom("platforms.geojson", a), geom("platforms.geojson", b)) >= 150


# ------------------------------------------------------------ corridors

def test_general_window_is_union_of_five():
    window = geom("corridors.geojson", "general_window")
    union = unary_union([geom("new_cities.geojson", k) for k in FIVE])
    assert km2(window.symmetric_difference(union)) < 0.1


@pytest.mark.parametrize("fid", NODES)
def test_node_outside_new_area(fid):
    node = geom("corridors.geojson", fid)
    window = geom("corridors.geojson", "general_window")
    assert not window.intersects(node)
    assert metres(node, window) > 500


@pytest.mark.parametrize("belt,member", [(b, m) for b, ms in BELT_MEMBERS.items() for m in ms])
def test_belt_axis_reaches_its_members(belt, member):
    axis = geom("corridors.geojson", belt)
    if member in OFFICIAL_KM2:
        assert axis.intersects(geom("new_cities.geojson", member))
    else:
        # nodes: on or near the schematic axis
        assert metres(axis, geom("corridors.geojson", member)) < 15_000


def test_sci_tech_belt_starts_in_fengxi():
    start = shapely.Point(geom("corridors.geojson", "sci_tech_belt").coords[0])
    assert geom("new_cities.geojson", "fengxi").contains(start)


def test_belts_are_distinct_sides_of_the_wei():
    """The science belt runs south of the Wei, the manufacturing belt north of it."""
    wei = geom("rivers.geojson", "wei")
    south, north = _half_planes(wei)
    # judge only the stretch of each axis within the Wei line's west-east span
    xa, _, xb, _ = wei.bounds
    span = shapely.box(xa, 33.5, xb, 35.5)
    sci = geom("corridors.geojson", "sci_tech_belt").intersection(span)
    mfg = geom("corridors.geojson", "adv_manufacturing_belt").intersection(span)
    assert not math.isclose(sci.length, 0) and not math.isclose(mfg.length, 0)
    assert sci.intersection(south).length / sci.length >= 0.99
    assert mfg.intersection(north).length / mfg.length >= 0.99
