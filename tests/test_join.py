"""atlas join: a planner's list read in every format and coordinate system, joined to new
cities, parks, belts and sectors; every bad row reported; rows in = joined + rejected."""

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import prcoords
import pytest
import shapely

import atlas as api
from atlas.cli import main
from atlas.data import userlist
from atlas.model import crs
from atlas.model import join as join_mod
from atlas.output import joined as joined_out
from tests.synthetic_list import BAD, make

GRID = [(lon, lat) for lon in np.linspace(108.4, 109.2, 5) for lat in np.linspace(34.0, 34.8, 5)]


def invariant(result, n):
    """Rows in = joined + rejected, and every input row is in exactly one of them."""
    c = result.counts
    assert c["rows_in"] == n == c["joined"] + c["rejected"]
    rows = list(result.joined["row"]) + list(result.rejected["row"])
    assert len(rows) == len(set(rows)) == n
    assert sum(c["by_reason"].values()) == c["rejected"]


@pytest.fixture(scope="module")
def synthetic():
    return make(3000, seed=7)


# --- coordinate systems, against prcoords --------------------------------------------------

@pytest.mark.parametrize("lon,lat", GRID)
def test_gcj_to_wgs_matches_prcoords(lon, lat):
    ref = prcoords.gcj_wgs_bored(prcoords.Coords(lat, lon))
    x, y = crs.gcj_to_wgs(np.array([lon]), np.array([lat]))
    assert abs(x[0] - ref.lon) < 1e-8 and abs(y[0] - ref.lat) < 1e-8


@pytest.mark.parametrize("lon,lat", GRID)
def test_bd09_matches_prcoords(lon, lat):
    ref = prcoords.gcj_bd(prcoords.Coords(lat, lon))
    bx, by = crs.gcj_to_bd(lon, lat)
    assert abs(bx - ref.lon) < 1e-9 and abs(by - ref.lat) < 1e-9
    back = prcoords.bd_wgs_bored(prcoords.Coords(lat, lon))
    wx, wy = crs.to_wgs84(np.array([lon]), np.array([lat]), "bd09")
    # prcoords' iteration stops at its own epsilon: agree to 1e-7° (1 cm)
    assert abs(wx[0] - back.lon) < 1e-7 and abs(wy[0] - back.lat) < 1e-7
    # prcoords' closed-form bd_gcj is the same formula before refinement: within 1 m
    closed = prcoords.bd_gcj(prcoords.Coords(lat, lon))
    gx, gy = crs.bd_to_gcj(lon, lat)
    assert abs(gx - closed.lon) < 1e-5 and abs(gy - closed.lat) < 1e-5


def test_round_trips_are_exact_to_a_millimetre():
    rng = np.random.default_rng(1)
    lon, lat = rng.uniform(105, 111, 1000), rng.uniform(31, 40, 1000)
    x, y = crs.gcj_to_wgs(*crs.wgs_to_gcj(lon, lat))
    assert np.abs(x - lon).max() < 1e-8 and np.abs(y - lat).max() < 1e-8
    x, y = crs.to_wgs84(*crs.gcj_to_bd(*crs.wgs_to_gcj(lon, lat)), "bd09")
    assert np.abs(x - lon).max() < 1e-8 and np.abs(y - lat).max() < 1e-8
    with pytest.raises(ValueError, match="wgs84, gcj02, bd09"):
        crs.to_wgs84(lon, lat, "utm")


@pytest.mark.parametrize("system", ["wgs84", "gcj02", "bd09"])
def test_each_system_joins_to_the_same_places(real_atlas, system):
    truth, _ = make(1500, seed=11)
    given, expected = make(1500, seed=11, crs_name=system)
    ref = api.join(truth, atlas=real_atlas)
    got = api.join(given, atlas=real_atlas, crs=system)
    invariant(got, 1500)
    both = ref.joined.merge(got.joined, on="row", suffixes=("", "_got"))
    assert len(both) > 1300
    # coordinates are written with 6 decimals (0.1 m): the points come back to within that
    assert (both["lon_wgs84"] - both["lon_wgs84_got"]).abs().max() < 2e-6
    assert (both["lat_wgs84"] - both["lat_wgs84_got"]).abs().max() < 2e-6
    assert (both["new_city_id"] == both["new_city_id_got"]).mean() > 0.999
    assert (both["park_id"] == both["park_id_got"]).mean() > 0.999


def test_declaring_the_wrong_system_moves_points_by_hundreds_of_metres(real_atlas):
    given, _ = make(500, seed=4, crs_name="gcj02")
    as_wgs = api.join(given, atlas=real_atlas, crs="wgs84").joined
    as_gcj = api.join(given, atlas=real_atlas, crs="gcj02").joined.set_index("row")
    shift = (as_wgs.set_index("row")["lon_wgs84"] - as_gcj["lon_wgs84"]).dropna().abs()
    assert shift.min() > 0.003  # about 300 m of GCJ-02 offset that --crs gcj02 removes


# --- the join itself --------------------------------------------------------------------------

def test_places_agree_with_geopandas_sjoin(real_atlas, synthetic):
    result = api.join(synthetic[0], atlas=real_atlas)
    pts = result.joined[["row", "geometry"]]
    for layer, col, outside in ((real_atlas.new_cities, "new_city_id", "outside"),
                                (real_atlas.parks, "park_id", "")):
        ref = gpd.sjoin(pts, layer[["id", "geometry"]], predicate="within", how="left")
        ref = ref.drop_duplicates("row").set_index("row")["id"].fillna(outside)
        assert (result.joined.set_index("row")[col] == ref).all()
    assert (result.joined["park_id"] != "").sum() > 20  # the test does look inside parks


def test_distance_to_the_park_edge_is_in_metres_in_utm(real_atlas, synthetic):
    result = api.join(synthetic[0], atlas=real_atlas)
    sample = result.joined.iloc[::97]
    edges = real_atlas.parks.to_crs("EPSG:32649").set_index("id").geometry.boundary
    utm = sample.to_crs("EPSG:32649")
    for point, nearest, metres in zip(utm.geometry, sample["nearest_park_id"],
                                      sample["park_edge_m"]):
        assert abs(edges[nearest].distance(point) - metres) <= 0.5
        assert edges[nearest].distance(point) <= edges.distance(point).min() + 0.5


def test_points_in_schematic_parks_carry_the_precision_note(real_atlas, synthetic):
    joined = api.join(synthetic[0], atlas=real_atlas).joined
    inside = joined[joined["park_id"] != ""]
    assert (inside["park_precision_m"] == 3000).all()
    assert inside["park_note"].str.contains("schematic park").all()
    near_out = joined[(joined["park_id"] == "") & (joined["park_edge_m"] < 3000)]
    assert len(near_out) and near_out["park_note"].str.contains("may lie inside").all()
    far = joined[(joined["park_id"] == "") & (joined["park_edge_m"] >= 3000)]
    assert (far["park_note"] == "").all()


def test_belt_comes_from_the_park_else_the_new_city(real_atlas, synthetic):
    joined = api.join(synthetic[0], atlas=real_atlas).joined
    park_belt = dict(zip(real_atlas.parks["id"], real_atlas.parks["belt"]))
    city_belt = dict(zip(real_atlas.new_cities["id"], real_atlas.new_cities["belt"]))
    for r in joined.itertuples():
        want = park_belt[r.park_id] if r.park_id else city_belt.get(r.new_city_id, "")
        assert r.belt == (want or "")
    assert (joined.loc[joined["new_city_id"] == "outside", "new_city"] == "新区外").all()


@pytest.mark.parametrize("text,keys,why", [
    ("新能源汽车零部件", ("new_energy_vehicles",), "新能源汽车: 含 «新能源汽车»"),
    ("光伏", ("photovoltaic",), "光伏: 名称 «光伏»"),
    ("太阳能光伏", ("photovoltaic",), "光伏: 同义词 «太阳能光伏»"),
    ("3D打印设备", ("additive_manufacturing",), "增材制造: 含 «3d打印»"),
    ("人工智能与大数据", ("artificial_intelligence", "big_data_cloud"), "人工智能: 含 «人工智能»"),
    ("retail trade", (), ""),
    ("AI chips", ("artificial_intelligence", "integrated_circuits"), "人工智能: 含 «ai»"),
    ("", (), ""),
])
def test_sectors_match_through_the_taxonomy_with_a_reason(real_atlas, text, keys, why):
    found = join_mod.sectors_of([text], real_atlas.taxonomy)[text]
    assert set(found[0]) == set(keys)
    assert (why in found[1]) if why else found[1] == ()


def test_summary_counts_and_sums_by_new_city_park_and_sector(real_atlas, synthetic):
    result = api.join(synthetic[0], atlas=real_atlas)
    joined, summary = result.joined, result.summary
    for group, col in (("new_city", "new_city_id"), ("park", "park_id")):
        part = summary[summary["group"] == group].set_index("key")
        assert part["rows"].sum() == len(joined)
        for key, rows in joined.groupby(col):
            assert part.loc[key, "rows"] == len(rows)
            assert part.loc[key, "rows_without_value"] == rows["value_num"].isna().sum()
            assert part.loc[key, "value_sum"] == pytest.approx(rows["value_num"].sum())
    sectors = summary[summary["group"] == "sector"].set_index("key")
    pv = joined["sectors"].str.split("; ").map(lambda s: "photovoltaic" in s)
    assert sectors.loc["photovoltaic", "rows"] == pv.sum() > 0
    assert sectors.loc["", "rows"] == (joined["sectors"] == "").sum() > 0


# --- bad rows ---------------------------------------------------------------------------------

def test_every_planted_bad_row_is_reported_by_class(real_atlas):
    frame, expected = make(7000, seed=5)
    result = api.join(frame, atlas=real_atlas)
    invariant(result, 7000)
    assert result.counts["by_reason"] == {k: n for k, n in expected.items() if n}
    assert set(result.counts["by_reason"]) == set(BAD)
    assert (result.rejected["detail"] != "").all()


SMALL = """企业名称,经度,纬度,行业,产值,联系人电话
合成企业 A,108.80,34.40,光伏组件,100,13800000001
合成企业 B,,34.40,光伏,100,13800000002
合成企业 C,108.80,34度,光伏,100,13800000003
合成企业 D,34.40,108.80,光伏,100,13800000004
合成企业 E,116.39,39.90,光伏,100,13800000005
合成企业 A,108.80,34.40,光伏组件,100,13800000001
合成企业 F,108.81,34.41,光伏,"1,200",13800000006
合成企业 G,108.81,34.42,光伏,,13800000007
合成企业 H,108.70,34.30,软件,5,13800000008
合成企业 H,{gx},{gy},软件,5,13800000008
"""


def small_csv(tmp_path, encoding="utf-8", name="list.csv"):
    gx, gy = crs.wgs_to_gcj(108.70, 34.30)
    path = tmp_path / name
    path.write_bytes(SMALL.format(gx=f"{gx:.6f}", gy=f"{gy:.6f}").encode(encoding))
    return path


def test_each_bad_row_class_names_its_row(real_atlas, tmp_path):
    result = api.join(small_csv(tmp_path), atlas=real_atlas)
    invariant(result, 10)
    got = dict(zip(result.rejected["row"], result.rejected["reason"]))
    assert got == {3: "missing_coordinates", 4: "non_numeric_coordinates",
                   5: "swapped_coordinates", 6: "outside_shaanxi", 7: "duplicate_row",
                   8: "unparseable_value", 11: "looks_gcj02"}
    detail = dict(zip(result.rejected["row"], result.rejected["detail"]))
    assert "row 2" in detail[7] and "row 10" in detail[11] and "thousands" in detail[8]
    assert "--fix-swapped" in detail[5]
    assert sorted(result.joined["row"]) == [2, 9, 10]
    no_value = result.joined.set_index("row").loc[9, "value_num"]
    assert np.isnan(no_value)  # an empty value is kept, and counted as without a value


def test_fix_swapped_swaps_and_says_so(real_atlas, tmp_path):
    result = api.join(small_csv(tmp_path), atlas=real_atlas, fix_swapped=True)
    invariant(result, 10)
    row = result.joined.set_index("row").loc[5]
    assert (row["lon_wgs84"], row["lat_wgs84"]) == (108.8, 34.4)
    assert row["fixed"] == "swapped lon/lat" and list(result.fixed["row"]) == [5]
    assert result.counts["fixed"] == 1


def test_a_list_in_gcj02_is_not_flagged_as_gcj02(real_atlas, tmp_path):
    result = api.join(small_csv(tmp_path), atlas=real_atlas, crs="gcj02")
    assert "looks_gcj02" not in set(result.rejected["reason"])
    invariant(result, 10)


# --- input formats ----------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_in_every_encoding_excel_writes(real_atlas, tmp_path, encoding):
    listed = userlist.read(small_csv(tmp_path, encoding))
    assert listed.columns == {"name": "企业名称", "lon": "经度", "lat": "纬度",
                              "sector_text": "行业", "value": "产值"}
    assert listed.frame["name"].iloc[0] == "合成企业 A"
    result = api.join(small_csv(tmp_path, encoding), atlas=real_atlas)
    invariant(result, 10)
    assert sorted(result.joined["row"]) == [2, 9, 10]


def test_excel_unicode_text_is_tab_separated_utf16(real_atlas, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(SMALL.replace(",", "\t").replace('"1\t200"', "1200")
                     .format(gx="1", gy="2").encode("utf-16"))
    result = api.join(path, atlas=real_atlas)
    invariant(result, 10)
    assert result.columns["name"] == "企业名称"
    assert dict(zip(result.rejected["row"], result.rejected["reason"]))[5] == "swapped_coordinates"


def test_geojson_and_gpkg_points(real_atlas, tmp_path, synthetic):
    frame = synthetic[0].iloc[:400]
    good = frame[frame["经度"].str.fullmatch(r"[0-9.]+") & frame["纬度"].str.fullmatch(r"[0-9.]+")]
    gdf = gpd.GeoDataFrame(good.drop(columns=["经度", "纬度"]),
                           geometry=gpd.points_from_xy(good["经度"].astype(float),
                                                       good["纬度"].astype(float)), crs=4326)
    gdf = pd.concat([gdf, gpd.GeoDataFrame({"企业名称": ["合成地块"], "行业": ["光伏"]},
                                           geometry=[shapely.box(108.7, 34.3, 108.71, 34.31)],
                                           crs=4326)], ignore_index=True)
    from_csv = api.join(good, atlas=real_atlas).joined

    def places(joined):
        return sorted(zip(joined["企业名称"] if "企业名称" in joined else joined["name"],
                          joined["new_city_id"], joined["park_id"]))

    for suffix in ("geojson", "gpkg"):
        path = tmp_path / f"list.{suffix}"
        gdf.to_file(path, driver="GeoJSON" if suffix == "geojson" else "GPKG")
        result = api.join(path, atlas=real_atlas)
        invariant(result, len(gdf))
        assert result.columns["lon"] == "" and result.columns["name"] == "企业名称"
        last = result.rejected.set_index("row").loc[len(gdf)]
        assert last["reason"] == "not_a_point" and "Polygon" in last["detail"]
        assert places(result.joined) == places(from_csv)


def test_a_projected_gpkg_is_brought_to_wgs84(real_atlas, tmp_path):
    gdf = gpd.GeoDataFrame({"名称": ["合成企业 P"]}, geometry=[shapely.Point(108.8, 34.4)],
                           crs=4326).to_crs("EPSG:32649")
    path = tmp_path / "utm.gpkg"
    gdf.to_file(path, driver="GPKG")
    joined = api.join(path, atlas=real_atlas).joined
    assert joined["lon_wgs84"].iloc[0] == pytest.approx(108.8, abs=1e-6)


def test_xlsx(real_atlas, tmp_path):
    path = tmp_path / "list.xlsx"
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        path.write_bytes(b"PK\x03\x04")
        with pytest.raises(userlist.ColumnError, match="openpyxl.*CSV UTF-8"):
            userlist.read(path)
        return
    pd.read_csv(small_csv(tmp_path), dtype=str).to_excel(path, index=False)
    result = api.join(path, atlas=real_atlas)
    invariant(result, 10)
    assert sorted(result.joined["row"]) == [2, 9, 10]


@pytest.mark.parametrize("headers", [("lng", "lat"), ("x", "y"), ("Longitude", "Latitude")])
def test_common_headers_are_guessed(tmp_path, headers):
    path = tmp_path / "list.csv"
    path.write_text(f"名称,{headers[0]},{headers[1]}\n合成企业 1,108.8,34.4\n", encoding="utf-8")
    listed = userlist.read(path)
    assert listed.columns == {"name": "名称", "lon": headers[0], "lat": headers[1]}


def test_named_columns_win_and_missing_ones_are_usage_errors(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("甲,乙,丙\n合成企业 1,108.8,34.4\n", encoding="utf-8")
    with pytest.raises(userlist.ColumnError, match="no lon column.*--lon"):
        userlist.read(path)
    listed = userlist.read(path, name="甲", lon="乙", lat="丙")
    assert listed.frame.loc[0, "lon"] == "108.8"
    with pytest.raises(userlist.ColumnError, match="--value 产值: no such column"):
        userlist.read(path, name="甲", lon="乙", lat="丙", value="产值")


def test_blank_lines_are_not_rows_but_row_numbers_stay_true(real_atlas, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("名称,经度,纬度\n合成企业 1,108.8,34.4\n\n合成企业 2,,\n,,\n", encoding="utf-8")
    result = api.join(path, atlas=real_atlas)
    invariant(result, 2)
    assert list(result.rejected["row"]) == [4]


# --- outputs ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "geojson", "gpkg"])
def test_outputs_hold_only_the_named_columns(real_atlas, tmp_path, fmt, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = api.join(small_csv(tmp_path), atlas=real_atlas)
    out = tmp_path / "out"
    kw = {"data_dir": real_atlas.data_dir, "seeds_dir": real_atlas.seeds_dir}
    paths = joined_out.write(result, result.columns, fmt, out, **kw)
    assert [p.name for p in paths] == [f"joined.{fmt}", "joined_summary.csv", "joined_errors.csv"]
    for path in paths:
        assert b"13800000" not in path.read_bytes()  # the confidential column stays home
    first = [p.read_bytes() for p in paths]
    joined_out.write(result, result.columns, fmt, out, **kw)  # it wrote them: may replace
    assert [p.read_bytes() for p in paths] == first  # byte-deterministic
    back = gpd.read_file(paths[0]) if fmt != "csv" else pd.read_csv(paths[0], dtype=str)
    assert "联系人电话" not in back.columns and "企业名称" in back.columns
    assert sorted(back["row"].astype(int)) == [2, 9, 10]
    summary = pd.read_csv(paths[1], dtype=str)
    counts = dict(zip(summary.loc[summary["group"] == "rows", "key"],
                      summary.loc[summary["group"] == "rows", "rows"].astype(int)))
    assert counts == {"rows_in": 10, "joined": 3, "rejected": 7}
    errors = pd.read_csv(paths[2], dtype=str)
    assert list(errors["row"].astype(int)) == [3, 4, 5, 6, 7, 8, 11]


def test_geojson_output_is_rfc7946_points(real_atlas, tmp_path):
    result = api.join(small_csv(tmp_path), atlas=real_atlas)
    text = joined_out.geojson_text(result, result.columns)
    doc = json.loads(text)
    assert [f["geometry"]["coordinates"] for f in doc["features"]][0] == [108.8, 34.4]
    assert doc["features"][0]["properties"]["new_city_id"] == "qinhan"


def test_bom_only_when_asked(real_atlas, tmp_path):
    result = api.join(small_csv(tmp_path), atlas=real_atlas)
    kw = {"data_dir": real_atlas.data_dir, "seeds_dir": real_atlas.seeds_dir}
    plain = joined_out.write(result, result.columns, "csv", tmp_path / "a", **kw)[0]
    bom = joined_out.write(result, result.columns, "csv", tmp_path / "b", bom=True, **kw)[0]
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert bom.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()


def test_never_replaces_a_file_it_did_not_write(real_atlas, tmp_path):
    result = api.join(small_csv(tmp_path), atlas=real_atlas)
    out = tmp_path / "out"
    out.mkdir()
    (out / "joined.csv").write_text("mine\n", encoding="utf-8")
    kw = {"data_dir": real_atlas.data_dir, "seeds_dir": real_atlas.seeds_dir}
    with pytest.raises(ValueError, match="no\\s+earlier export wrote"):
        joined_out.write(result, result.columns, "csv", out, **kw)
    assert (out / "joined.csv").read_text(encoding="utf-8") == "mine\n"
    assert not (out / "joined_summary.csv").exists()
    with pytest.raises(ValueError, match="data folder"):
        joined_out.write(result, result.columns, "csv", real_atlas.data_dir, **kw)


# --- the command line -------------------------------------------------------------------------

def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_joins_and_prints_the_count_line(capsys, tmp_path):
    path = small_csv(tmp_path, "gbk")
    code, out, err = run(capsys, "join", str(path), "--out", str(tmp_path / "o"))
    assert code == 0
    assert "rows in 10 = joined 3 + rejected 7" in err
    assert "list.csv: row 5: longitude and latitude swapped" in err
    assert out.splitlines() == [str(tmp_path / "o" / n) for n in
                                ("joined.csv", "joined_summary.csv", "joined_errors.csv")]
    code, out, err = run(capsys, "join", str(path))
    assert code == 0 and out.startswith("group,key,name_zh,rows,value_sum,rows_without_value\n")
    assert "rows,rows_in,读入行数,10" in out


@pytest.mark.parametrize("argv,code,message", [
    (["--lon", "东经"], 2, "--lon 东经: no such column"),
    (["--crs", "utm"], 2, "invalid choice"),
    (["--format", "geojson", "--bom", "--out", "X"], 2, "--bom applies to --format csv"),
])
def test_cli_usage_errors_exit_2(capsys, tmp_path, argv, code, message):
    path = small_csv(tmp_path)
    argv = [a.replace("X", str(tmp_path / "o")) for a in argv]
    got, out, err = run(capsys, "join", str(path), *argv)
    assert got == code and message in err and "Traceback" not in err


@pytest.mark.parametrize("name,content,message", [
    ("bin.csv", b"\x00\x01\x02PNG", "bin.csv: holds binary data"),
    ("empty.csv", b"", "empty.csv: is empty"),
    ("missing.csv", None, "missing.csv: not found"),
    ("broken.geojson", b"{not json", "broken.geojson: cannot be read"),
    ("broken.gpkg", b"SQLite format 3\x00junk", "broken.gpkg: cannot be read"),
])
def test_cli_unreadable_file_exits_1_naming_it(capsys, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "join", str(path))
    assert code == 1 and message in err and "Traceback" not in err and out == ""


def test_cli_lists_the_first_rejects_and_points_to_the_report(capsys, tmp_path):
    frame, expected = make(3000, seed=9)
    path = tmp_path / "big.csv"
    frame.to_csv(path, index=False)
    code, out, err = run(capsys, "join", str(path), "--out", str(tmp_path / "o"))
    rejected = sum(expected.values())
    assert code == 0 and err.count("big.csv: row ") == 20
    assert f"and {rejected - 20} more rejected rows" in err
    errors = pd.read_csv(tmp_path / "o" / "joined_errors.csv", dtype=str)
    assert len(errors) == rejected
    code, out, err = run(capsys, "join", str(path))
    assert err.count("big.csv: row ") == rejected


def test_cli_all_rows_rejected_exits_1(capsys, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("名称,经度,纬度\n合成企业 1,,\n合成企业 2,abc,34\n", encoding="utf-8")
    code, out, err = run(capsys, "join", str(path))
    assert code == 1
    assert "bad.csv: row 2: coordinates missing" in err and "bad.csv: row 3" in err
    assert "no row could be joined" in err


def test_help_says_the_list_stays_confidential(capsys):
    code, out, err = run(capsys, "join", "--help")
    assert code == 0 and "confidential" in out and "only the columns you name" in out


def test_a_utf16_list_without_a_byte_order_mark_is_read(real_atlas, tmp_path):
    from atlas.data import userlist

    path = tmp_path / "list.csv"
    path.write_bytes("名称,经度,纬度\n合成企业 000001,108.95,34.48\n".encode("utf-16-le"))
    frame, encoding = userlist._read_csv(path)
    assert encoding == "UTF-16LE" and list(frame["名称"]) == ["合成企业 000001"]
