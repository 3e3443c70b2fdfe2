"""`atlas export` and `atlas parks --format csv`: files that GIS clients and Excel take as they are."""

import csv
import io
import json
import shutil
import subprocess

import pyogrio
import pytest
import shapely
from shapely.geometry import mapping, shape

from atlas.cli import main
from atlas.output import export
from tests import edit

OGRINFO = shutil.which("ogrinfo")
OGR2OGR = shutil.which("ogr2ogr")
needs_gdal = pytest.mark.skipif(
    OGRINFO is None or OGR2OGR is None, reason="needs GDAL's ogrinfo/ogr2ogr (gdal-bin)"
)
BOM = b"\xef\xbb\xbf"
LAYER_FILES = ["new_cities", "parks", "corridors", "platforms", "context_districts", "rivers"]
GPKG_LAYERS = [
    ("new_cities", "Polygon"),
    ("parks", "Polygon"),
    ("corridors_polygons", "Polygon"),
    ("corridors_lines", "LineString"),
    ("corridors_points", "Point"),
    ("platforms", "Point"),
    ("context_districts", "MultiPolygon"),  # six polygons and one multipolygon, promoted
    ("rivers", "LineString"),
]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def exported(tmp_path_factory, fmt, *extra):
    out = tmp_path_factory.mktemp(fmt)
    assert main(["export", "--format", fmt, "--out", str(out), *extra]) == 0
    return out


@pytest.fixture(scope="module")
def geojson_dir(tmp_path_factory):
    return exported(tmp_path_factory, "geojson")


@pytest.fixture(scope="module")
def csv_dir(tmp_path_factory):
    return exported(tmp_path_factory, "csv")


@pytest.fixture(scope="module")
def gpkg_path(tmp_path_factory):
    return exported(tmp_path_factory, "gpkg") / "atlas.gpkg"


def rings(geom):
    """(exterior, [holes]) of every polygon in ``geom``."""
    parts = {"Polygon": [geom], "MultiPolygon": list(getattr(geom, "geoms", []))}
    return [(p.exterior, list(p.interiors)) for p in parts.get(geom.geom_type, [])]


def assert_right_hand(geom, what):
    for exterior, holes in rings(geom):
        assert exterior.is_ccw, f"{what}: exterior ring is clockwise"
        for hole in holes:
            assert not hole.is_ccw, f"{what}: hole is counter-clockwise"


def csv_rows(path):
    text = path.read_bytes().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


# ------------------------------------------------------------------ winding


def _ring(coords, ccw):
    ring = shapely.LinearRing(coords)
    return list(ring.coords) if ring.is_ccw == ccw else list(ring.coords)[::-1]


def _wrongly_wound(geom):
    """``geom`` (a Polygon) with a clockwise exterior and a counter-clockwise hole."""
    hole = geom.representative_point().buffer(0.002, quad_segs=2)
    assert geom.contains(hole)
    return shapely.Polygon(
        _ring(geom.exterior.coords, ccw=False), [_ring(hole.exterior.coords, ccw=True)]
    )


def test_right_hand_rewinds_polygons_and_multipolygons():
    box = shapely.box(0, 0, 10, 10)
    wrong = shapely.Polygon(
        _ring(box.exterior.coords, ccw=False), [_ring(shapely.box(4, 4, 6, 6).exterior.coords, True)]
    )
    assert not wrong.exterior.is_ccw and wrong.interiors[0].is_ccw
    fixed = export.right_hand(wrong)
    assert_right_hand(fixed, "polygon")
    assert fixed.equals(wrong)  # same shape, only the winding changed
    multi = export.right_hand(shapely.MultiPolygon([wrong, shapely.box(20, 20, 21, 21).reverse()]))
    assert multi.geom_type == "MultiPolygon" and len(multi.geoms) == 2
    assert_right_hand(multi, "multipolygon")
    line = shapely.LineString([(0, 0), (1, 1)])
    assert export.right_hand(line) is line


@pytest.fixture
def clockwise_copy(data_copy):
    """The data with a park and a district drawn clockwise, the park with a hole."""
    parks = edit.read_features(data_copy / "parks.geojson")
    park = parks["features"][0]
    park["geometry"] = mapping(_wrongly_wound(shape(park["geometry"])))
    edit.write_features(data_copy / "parks.geojson", parks)
    districts = edit.read_features(data_copy / "context_districts.geojson")
    multi = next(f for f in districts["features"] if f["geometry"]["type"] == "MultiPolygon")
    geom = shape(multi["geometry"])
    multi["geometry"] = mapping(shapely.MultiPolygon([p.reverse() for p in geom.geoms]))
    edit.write_features(data_copy / "context_districts.geojson", districts)
    return data_copy, park["properties"]["id"], multi["properties"]["id"]


def test_geojson_export_follows_the_right_hand_rule_whatever_the_input(
    capsys, clockwise_copy, tmp_path
):
    data, park_id, district_id = clockwise_copy
    code, _, err = run(capsys, "export", "--format", "geojson", "--out", str(tmp_path), "--data",
                       str(data))
    assert code == 0, err
    checked = set()
    for name in LAYER_FILES:
        doc = json.loads((tmp_path / f"{name}.geojson").read_text(encoding="utf-8"))
        for f in doc["features"]:
            geom = shape(f["geometry"])
            assert_right_hand(geom, f"{name} {f['properties']['id']}")
            if f["properties"]["id"] in (park_id, district_id):
                checked.add(f["properties"]["id"])
                assert geom.is_valid
    assert checked == {park_id, district_id}
    park = next(f for f in json.loads((tmp_path / "parks.geojson").read_text(encoding="utf-8"))[
        "features"] if f["properties"]["id"] == park_id)
    assert len(park["geometry"]["coordinates"]) == 2, "the hole survives the export"


def test_gpkg_and_csv_rings_follow_the_right_hand_rule(capsys, clockwise_copy, tmp_path,
                                                       real_atlas):
    data, park_id, _ = clockwise_copy
    for fmt in ("gpkg", "csv"):
        code, _, err = run(capsys, "export", "--format", fmt, "--out", str(tmp_path / fmt),
                           "--data", str(data))
        assert code == 0, err
    n = 0
    for layer, _ in GPKG_LAYERS:
        frame = pyogrio.read_dataframe(tmp_path / "gpkg" / "atlas.gpkg", layer=layer)
        for fid, geom in zip(frame["id"], frame.geometry):
            assert_right_hand(geom, f"gpkg {layer} {fid}")
            n += len(rings(geom))
    assert n == sum(len(rings(g)) for name in LAYER_FILES for g in real_atlas.layers[name].geometry)
    for name in LAYER_FILES:
        for row in csv_rows(tmp_path / "csv" / f"{name}.csv"):
            assert_right_hand(shapely.from_wkt(row["wkt"]), f"csv {name} {row['id']}")


def test_parks_geojson_on_stdout_follows_the_right_hand_rule(capsys, clockwise_copy):
    data, park_id, _ = clockwise_copy
    code, out, err = run(capsys, "parks", "--format", "geojson", "--data", str(data))
    assert code == 0, err
    feats = json.loads(out)["features"]
    assert park_id in [f["properties"]["id"] for f in feats]
    for f in feats:
        assert_right_hand(shape(f["geometry"]), f["properties"]["id"])


def test_validate_warns_about_a_clockwise_ring_and_goes_on(capsys, clockwise_copy):
    data, park_id, district_id = clockwise_copy
    code, out, err = run(capsys, "validate", "--data", str(data))
    assert code == 0, err
    assert out.startswith("ok:")
    warnings = [line for line in err.splitlines() if "clockwise" in line]
    assert len(warnings) == 2, err
    park = next(w for w in warnings if w.startswith("warning: parks.geojson:"))
    assert park_id in park and "field 'geometry'" in park and "exterior ring" in park
    district = next(w for w in warnings if w.startswith("warning: context_districts.geojson:"))
    parts = ", ".join(str(n + 1) for n in range(len(shape(
        next(f for f in edit.read_features(data / "context_districts.geojson")["features"]
             if f["properties"]["id"] == district_id)["geometry"]).geoms)))
    assert district_id in district and f"the exterior ring of part {parts} runs" in district


def test_shipped_data_has_no_clockwise_ring(real_atlas):
    assert not [w for w in real_atlas.warnings if "clockwise" in w]


# ------------------------------------------------------------------ one GeoPackage


def test_gpkg_is_one_file_with_one_geometry_type_per_layer(gpkg_path, real_atlas):
    assert sorted(p.name for p in gpkg_path.parent.iterdir()) == [".atlas-export.json", "atlas.gpkg"]
    layers = [tuple(row) for row in pyogrio.list_layers(gpkg_path).tolist()]
    assert layers == GPKG_LAYERS
    for layer, gtype in GPKG_LAYERS:
        frame = pyogrio.read_dataframe(gpkg_path, layer=layer)
        assert set(frame.geom_type) == {gtype}, layer
        assert frame.crs.to_epsg() == 4326
    ids = {}
    for layer, _ in GPKG_LAYERS:
        base = layer.split("_")[0] if layer.startswith("corridors") else layer
        ids.setdefault(base, []).extend(pyogrio.read_dataframe(gpkg_path, layer=layer)["id"])
    for name in LAYER_FILES:
        assert sorted(ids[name]) == sorted(real_atlas.layers[name]["id"]), name
    corridors = real_atlas.corridors.set_index("id")
    points = pyogrio.read_dataframe(gpkg_path, layer="corridors_points")
    assert set(corridors.loc[points["id"], "kind"]) == {"node"}


def test_gpkg_keeps_the_attributes(gpkg_path, real_atlas):
    parks = pyogrio.read_dataframe(gpkg_path, layer="parks").set_index("id")
    for row in real_atlas.parks.itertuples():
        got = parks.loc[row.id]
        assert got["name_zh"] == row.name_zh and got["new_city"] == row.new_city
        assert got["sectors"] == "; ".join(row.sectors)
        assert json.loads(got["sources"]) == row.sources


def test_gpkg_mixes_are_promoted_to_multi(real_atlas):
    frame = real_atlas.context_districts
    assert set(frame.geom_type) == {"Polygon", "MultiPolygon"}
    [(label, gtype, part)] = export.gpkg_layers(frame, "context_districts")
    assert (label, gtype) == ("context_districts", "MultiPolygon")
    assert set(part.geom_type) == {"MultiPolygon"}
    for before, after in zip(frame.geometry, part.geometry):
        assert before.equals(after)


@needs_gdal
def test_gpkg_opens_in_system_gdal_without_warnings(gpkg_path):
    run_ = subprocess.run([OGRINFO, "-so", "-al", str(gpkg_path)], capture_output=True, text=True)
    assert run_.returncode == 0, run_.stderr
    assert "Warning" not in run_.stderr and "ERROR" not in run_.stderr, run_.stderr
    for layer, _ in GPKG_LAYERS:
        assert f"Layer name: {layer}\n" in run_.stdout
    assert "Unknown (any)" not in run_.stdout
    assert "Feature Count: 6" in run_.stdout.split("Layer name: corridors_points")[1]


@needs_gdal
@pytest.mark.parametrize("layer,count", [
    ("corridors_polygons", 1), ("corridors_lines", 2), ("corridors_points", 6),
    ("context_districts", 7),
])
def test_ogr2ogr_to_shapefile_keeps_every_feature(gpkg_path, tmp_path, layer, count):
    out = tmp_path / layer
    run_ = subprocess.run([OGR2OGR, "-f", "ESRI Shapefile", str(out), str(gpkg_path), layer],
                          capture_output=True, text=True)
    assert run_.returncode == 0, run_.stderr
    shp = out / f"{layer}.shp"
    assert pyogrio.read_info(shp)["features"] == count
    frame = pyogrio.read_dataframe(shp)
    assert len(frame) == count and frame.geometry.notna().all()


def test_gpkg_contents_are_deterministic(gpkg_path, tmp_path, capsys):
    code, _, err = run(capsys, "export", "--format", "gpkg", "--out", str(tmp_path))
    assert code == 0, err
    for layer, _ in GPKG_LAYERS:
        a = pyogrio.read_dataframe(gpkg_path, layer=layer)
        b = pyogrio.read_dataframe(tmp_path / "atlas.gpkg", layer=layer)
        assert list(a.columns) == list(b.columns)
        assert a.drop(columns="geometry").equals(b.drop(columns="geometry")), layer
        assert all(x.equals_exact(y, 0) for x, y in zip(a.geometry, b.geometry)), layer


def test_gpkg_bytes_are_reproducible_with_source_date_epoch(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for n in ("a", "b"):
        code, _, err = run(capsys, "export", "--format", "gpkg", "--out", str(tmp_path / n))
        assert code == 0, err
    assert (tmp_path / "a/atlas.gpkg").read_bytes() == (tmp_path / "b/atlas.gpkg").read_bytes()
    import sqlite3

    with sqlite3.connect(tmp_path / "a/atlas.gpkg") as db:
        stamps = {r[0] for r in db.execute("select last_change from gpkg_contents")}
        version = db.execute("pragma user_version").fetchone()[0]
    assert stamps == {"2023-11-14T22:13:20.000Z"}
    assert version == 10200
    assert pyogrio.get_gdal_config_option("OGR_CURRENT_DATE") is None, "config restored"


def test_bad_source_date_epoch_is_a_usage_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    code, out, err = run(capsys, "export", "--format", "gpkg", "--out", str(tmp_path / "x"))
    assert code == 2 and "SOURCE_DATE_EPOCH" in err and "Traceback" not in err
    assert not (tmp_path / "x" / "atlas.gpkg").exists()


# ------------------------------------------------------------------ CSV


def test_csv_points_carry_lon_lat(csv_dir, real_atlas):
    rows = {r["id"]: r for r in csv_rows(csv_dir / "platforms.csv")}
    assert set(rows) == set(real_atlas.platforms["id"])
    header = next(csv.reader(io.StringIO((csv_dir / "platforms.csv").read_text("utf-8"))))
    assert header[-3:] == ["lon", "lat", "wkt"] and "label_lon" not in header
    for row in real_atlas.platforms.itertuples():
        got = rows[row.id]
        assert float(got["lon"]) == round(row.geometry.x, 6)
        assert float(got["lat"]) == round(row.geometry.y, 6)
        assert 107 < float(got["lon"]) < 110 and 33 < float(got["lat"]) < 36, "not swapped"
        point = shapely.from_wkt(got["wkt"])
        assert (point.x, point.y) == (float(got["lon"]), float(got["lat"]))


def test_csv_mixed_layer_has_point_and_label_columns(csv_dir, real_atlas):
    rows = {r["id"]: r for r in csv_rows(csv_dir / "corridors.csv")}
    header = next(csv.reader(io.StringIO((csv_dir / "corridors.csv").read_text("utf-8"))))
    assert header[-5:] == ["lon", "lat", "label_lon", "label_lat", "wkt"]
    for row in real_atlas.corridors.itertuples():
        got = rows[row.id]
        label = shapely.Point(float(got["label_lon"]), float(got["label_lat"]))
        if row.geometry.geom_type == "Point":
            assert (float(got["lon"]), float(got["lat"])) == (
                round(row.geometry.x, 6), round(row.geometry.y, 6))
            assert label.equals(shapely.Point(float(got["lon"]), float(got["lat"])))
        else:
            assert got["lon"] == "" and got["lat"] == "", row.id
            assert row.geometry.distance(label) < 1e-5, row.id


@pytest.mark.parametrize("name", ["parks", "new_cities", "context_districts", "rivers"])
def test_csv_label_point_lies_on_the_shape(csv_dir, real_atlas, name):
    rows = {r["id"]: r for r in csv_rows(csv_dir / f"{name}.csv")}
    assert "lon" not in next(iter(rows.values()))
    for row in real_atlas.layers[name].itertuples():
        label = shapely.Point(float(rows[row.id]["label_lon"]), float(rows[row.id]["label_lat"]))
        assert row.geometry.distance(label) < 1e-5, row.id
        if row.geometry.geom_type.endswith("Polygon"):
            assert row.geometry.buffer(1e-5).contains(label), row.id


def test_csv_has_no_bom_unless_asked(csv_dir, tmp_path, capsys):
    code, _, err = run(capsys, "export", "--format", "csv", "--bom", "--out", str(tmp_path))
    assert code == 0, err
    for name in LAYER_FILES:
        plain = (csv_dir / f"{name}.csv").read_bytes()
        marked = (tmp_path / f"{name}.csv").read_bytes()
        assert not plain.startswith(BOM) and BOM not in plain
        assert marked == BOM + plain


def test_parks_csv_on_stdout_with_and_without_bom(capsysbinary, csv_dir):
    assert main(["parks", "--format", "csv"]) == 0
    plain = capsysbinary.readouterr().out
    assert main(["parks", "--format", "csv", "--bom"]) == 0
    marked = capsysbinary.readouterr().out
    assert not plain.startswith(BOM) and marked == BOM + plain
    # the same columns and rows as the exported parks.csv
    assert plain == (csv_dir / "parks.csv").read_bytes()


def test_parks_csv_filtered_keeps_its_columns(capsys):
    code, out, err = run(capsys, "parks", "--format", "csv", "--sector", "光伏")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1 and rows[0]["label_lon"] and rows[0]["wkt"].startswith("POLYGON")


def test_geojson_and_csv_exports_are_byte_deterministic(geojson_dir, csv_dir, tmp_path, capsys):
    for fmt, first in (("geojson", geojson_dir), ("csv", csv_dir)):
        code, _, err = run(capsys, "export", "--format", fmt, "--out", str(tmp_path / fmt))
        assert code == 0, err
        names = sorted(p.name for p in first.iterdir())
        assert names == sorted(p.name for p in (tmp_path / fmt).iterdir())
        assert len(names) == len(LAYER_FILES) + 1  # and the export marker
        for name in names:
            assert (first / name).read_bytes() == (tmp_path / fmt / name).read_bytes(), name


# ------------------------------------------------------------------ exit codes


@pytest.mark.parametrize("argv", [
    ["--format", "geojson", "--bom", "--out", "OUT"],
    ["--format", "gpkg", "--bom", "--out", "OUT"],
    ["--format", "shp", "--out", "OUT"],
    ["--format", "csv"],  # no --out
    ["--out", "OUT"],  # no --format
])
def test_export_usage_errors_exit_2_and_write_nothing(capsys, tmp_path, argv):
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "export", *[str(out) if a == "OUT" else a for a in argv])
    assert code == 2 and stdout == "" and "Traceback" not in err
    assert not out.exists()


def test_bom_on_a_non_csv_listing_is_a_usage_error(capsys):
    code, out, err = run(capsys, "parks", "--format", "json", "--bom")
    assert code == 2 and out == "" and "--bom" in err and "csv" in err


def test_export_of_invalid_data_exits_1_and_writes_nothing(capsys, data_copy, tmp_path):
    edit.set_cell(data_copy / "parks.csv", "jinghe_pv", "output_target_2025", "-5")
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "export", "--format", "gpkg", "--out", str(out), "--data",
                            str(data_copy))
    assert code == 1 and stdout == "" and "parks.csv" in err and "jinghe_pv" in err
    assert not out.exists()


def test_export_prints_what_it_wrote(capsys, tmp_path):
    code, out, err = run(capsys, "export", "--format", "gpkg", "--out", str(tmp_path))
    assert code == 0, err
    assert out.splitlines() == [str(tmp_path / "atlas.gpkg")]
