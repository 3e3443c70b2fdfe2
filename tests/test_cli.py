"""The command line: exit codes, output formats, and the queries planners ask."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from atlas.cli import main
from atlas.render.table import width
from tests import edit


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def parks_json(capsys, *argv):
    code, out, err = run(capsys, "parks", "--format", "json", *argv)
    assert code == 0, err
    return json.loads(out)


def test_validate_ok(capsys):
    code, out, err = run(capsys, "validate")
    assert code == 0, err
    assert out.startswith("ok:") and "10 parks" in out and out.count("\n") == 1


def test_validate_lists_every_problem_and_exits_1(capsys, data_copy):
    edit.set_cell(data_copy / "parks.csv", "jinghe_pv", "output_target_2025", "-5")
    edit.set_cell(data_copy / "parks.csv", "fengxi_ai", "new_city", "nowhere")
    code, out, err = run(capsys, "validate", "--data", str(data_copy))
    assert code == 1
    assert "parks.csv" in err and "jinghe_pv" in err and "nowhere" in err
    assert "Traceback" not in err and out == ""


def test_parks_json_has_the_ten_parks_of_zhuanlan_11(capsys):
    parks = parks_json(capsys)
    assert len(parks) == 10
    for key in ("id", "name_zh", "name_en", "new_city", "sectors", "output_target_2025",
                "target_qualifier", "sources"):
        assert all(key in p for p in parks), key
    targets = [p["output_target_2025"] for p in parks]
    assert targets == [120, 100, 100, 200, 200, 100, 70, 100, 1000, 500]
    assert sum(targets) == 2490
    by_id = {p["id"]: p for p in parks}
    assert by_id["jinghe_pv"]["target_qualifier"] == "strive_to_exceed"
    assert by_id["jinghe_pv"]["new_city"] == "泾河新城"
    assert by_id["fengdong_advanced_manufacturing"]["target_qualifier"] == "about"
    for p in parks:
        assert p["sources"] and all({"file", "locator", "quote"} <= set(s) for s in p["sources"])
        assert isinstance(p["sectors"], list) and p["sectors"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("光伏", {"jinghe_pv"}),
        ("photovoltaic", {"jinghe_pv"}),
        ("PhotoVoltaic", {"jinghe_pv"}),
        ("生物医药", {"konggang_ftz_blue_bay", "konggang_aviation_economy"}),
        ("智能网联汽车", {"fengxi_ai", "qinhan_autonomous_driving"}),
    ],
)
def test_sector_queries(capsys, query, expected):
    assert {p["id"] for p in parks_json(capsys, "--sector", query)} == expected


def test_cluster_query_finds_its_members(capsys):
    found = {p["id"] for p in parks_json(capsys, "--sector", "新能源")}
    assert {"jinghe_pv", "fengxi_ai", "qinhan_autonomous_driving"} <= found
    assert "qinhan_health" not in found


def test_new_city_and_belt_filters(capsys):
    assert {p["id"] for p in parks_json(capsys, "--new-city", "泾河新城")} == {
        "jinghe_pv", "jinghe_two_chains"}
    assert {p["id"] for p in parks_json(capsys, "--new-city", "Jinghe")} == {
        "jinghe_pv", "jinghe_two_chains"}
    belt = {p["new_city"] for p in parks_json(capsys, "--belt", "秦创原科技创新示范带")}
    assert belt == {"沣东新城", "沣西新城"}
    for spelling in ("秦创原先进制造示范带", "秦创原先进制造业示范带", "先进制造示范带"):
        found = {p["new_city"] for p in parks_json(capsys, "--belt", spelling)}
        assert found == {"秦汉新城", "空港新城", "泾河新城"}, spelling


def test_unknown_sector_is_a_usage_error(capsys):
    code, out, err = run(capsys, "parks", "--sector", "量子传送")
    assert code == 2
    assert "量子传送" in err and "Known" in err and "Traceback" not in err


def test_bad_option_is_a_usage_error(capsys):
    code, out, err = run(capsys, "parks", "--format", "xml")
    assert code == 2 and "xml" in err


def test_table_aligns_chinese(capsys):
    code, out, err = run(capsys, "parks")
    assert code == 0
    lines = [l for l in out.splitlines() if l.strip()]
    rule = lines[1]
    starts = [i for i, ch in enumerate(rule) if ch == "-" and (i == 0 or rule[i - 1] == " ")]
    # the second column starts at the same display column on every row
    col = width(rule[: starts[1]])
    for line in lines[2:12]:
        prefix = line.split("  ")[0]
        assert width(prefix) <= col
    assert "10 / 10" in out


def test_geojson_and_csv_formats(capsys):
    code, out, _ = run(capsys, "parks", "--sector", "光伏", "--format", "geojson")
    doc = json.loads(out)
    assert code == 0 and doc["type"] == "FeatureCollection" and len(doc["features"]) == 1
    code, out, _ = run(capsys, "parks", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("id,") and len(out.splitlines()) == 11


EXPORTED = ["new_cities", "parks", "corridors", "platforms", "context_districts"]


def test_export_geojson(capsys, tmp_path):
    code, out, err = run(capsys, "export", "--format", "geojson", "--out", str(tmp_path))
    assert code == 0, err
    for name in EXPORTED:
        doc = json.loads((tmp_path / f"{name}.geojson").read_text(encoding="utf-8"))
        assert doc["type"] == "FeatureCollection" and "crs" not in doc
        for f in doc["features"]:
            props = f["properties"]
            assert props["id"] and props["name_zh"] and props["name_en"]
            if name in ("parks", "platforms"):
                assert props["new_city"].endswith("新城")


def test_export_csv(capsys, tmp_path):
    code, _, err = run(capsys, "export", "--format", "csv", "--out", str(tmp_path))
    assert code == 0, err
    header = (tmp_path / "parks.csv").read_text(encoding="utf-8").splitlines()[0]
    for col in ("id", "name_zh", "name_en", "new_city", "wkt"):
        assert col in header.split(",")


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="needs GDAL's ogrinfo (gdal-bin)")
def test_export_gpkg_opens_in_gdal(capsys, tmp_path):
    code, _, err = run(capsys, "export", "--format", "gpkg", "--out", str(tmp_path))
    assert code == 0, err
    # one atlas.gpkg; the corridors come as one layer per geometry type (see test_export)
    for name in EXPORTED:
        layer = "corridors_points" if name == "corridors" else name
        info = subprocess.run(["ogrinfo", "-so", str(tmp_path / "atlas.gpkg"), layer],
                              capture_output=True, text=True, check=True).stdout
        assert "Feature Count:" in info
        for col in ("id:", "name_zh:", "name_en:"):
            assert col in info
    info = subprocess.run(["ogrinfo", "-so", str(tmp_path / "atlas.gpkg"), "parks"],
                          capture_output=True, text=True, check=True).stdout
    assert "Feature Count: 10" in info and "new_city:" in info


def test_export_to_unwritable_place_is_a_usage_error(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "export", "--format", "csv", "--out", str(blocker / "sub"))
    assert code == 2 and "Traceback" not in err


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "atlas"
    out = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "validate" in out.stdout


# --- match reasons (issue 11) -------------------------------------------------------------------


def test_json_says_why_each_park_matched(capsys):
    found = parks_json(capsys, "--sector", "医疗器械")
    assert [p["id"] for p in found] == ["qinhan_health"]
    (reason,) = found[0]["match_reasons"]
    assert reason["how"] == "direct" and reason["basis"] == "elsewhere"
    assert "医疗器械" in reason["quote"] and reason["locator"].startswith("专栏13")
    assert found[0]["intensity_note"] == "no official area"
    assert found[0]["output_per_km2"] is None and found[0]["output_per_mu_wan"] is None


def test_csv_and_geojson_carry_the_reasons(capsys):
    code, out, err = run(capsys, "parks", "--sector", "临空", "--format", "csv")
    assert code == 0, err
    import csv as _csv
    import io

    rows = list(_csv.DictReader(io.StringIO(out)))
    assert {r["id"] for r in rows} == {"konggang_ftz_blue_bay", "konggang_aviation_economy"}
    assert all("同义词" in r["match_reasons"] and "«" in r["match_reasons"] for r in rows)
    assert all(json.loads(r["tags"]) for r in rows)
    code, out, err = run(capsys, "parks", "--sector", "半导体", "--format", "geojson")
    assert code == 0, err
    (feature,) = json.loads(out)["features"]
    assert feature["properties"]["match_reasons"][0]["how"] == "anchor"


def test_table_shows_reasons_and_direct_keeps_named_only(capsys):
    code, out, err = run(capsys, "parks", "--sector", "智能制造")
    assert code == 0, err
    assert "匹配依据" in out and "他处" in out and "4 / 10" in out
    code, out, err = run(capsys, "parks", "--sector", "智能制造", "--direct")
    assert code == 0, err
    assert "他处" not in out and "定位句" not in out and "2 / 10" in out


def test_direct_needs_a_sector(capsys):
    code, out, err = run(capsys, "parks", "--direct")
    assert code == 2 and "--direct needs --sector" in err and "Traceback" not in err


def test_unknown_sector_suggests_nearest(capsys):
    code, out, err = run(capsys, "parks", "--sector", "元宇")
    assert code == 2 and "Did you mean: 元宇宙 (metaverse)" in err


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["frobnicate"], ["parks", "--nope"]])
def test_help_version_and_usage_errors_import_no_heavy_library(argv):
    import subprocess
    import sys

    code = ("import sys\nfrom atlas.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n"
            "    pass\nheavy = [m for m in ('geopandas', 'pandas', 'pyproj', 'matplotlib', 'folium')"
            " if m in sys.modules]\nprint('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    assert "HEAVY []" in out.stdout, out.stdout + out.stderr
