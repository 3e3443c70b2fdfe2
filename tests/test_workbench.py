"""The parks workbench without a browser: totals with their qualifiers, search, `atlas parks`
totals and search, the Python API, and `atlas map` / `atlas figure` making their folder."""

import csv
import io
import json
import math

import pytest

import atlas as atlas_api
from atlas.cli import main
from atlas.maps.words import target_total_text
from atlas.model import query
from atlas.output import files


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- totals -------------------------------------------------------------------------------


def test_total_of_all_parks_names_each_qualifier(real_atlas):
    total = query.target_total(real_atlas.parks)
    assert total == {"parks": 10, "stated": 10, "not_stated": 0, "total": 2490.0,
                     "by_qualifier": {"about": 1390.0, "strive_to_exceed": 1000.0, "reach": 100.0}}
    assert target_total_text(total) == ("合计 2,490 亿元，其中 1,390 亿元为“左右”口径、"
                                        "1,000 亿元为“力争突破”口径、100 亿元为“达到”口径")
    assert target_total_text(total, "en") == ("Total 2,490 (100 M CNY), of which 1,390 is “about”, "
                                              "1,000 is “strive to exceed”, 100 is “reach”")


def test_total_of_the_issue_example(real_atlas):
    jinghe = query.parks(real_atlas, new_city="泾河新城")
    assert target_total_text(query.target_total(jinghe)) == (
        "合计 1,500 亿元，其中 1,000 亿元为“力争突破”口径、500 亿元为“左右”口径")


def test_parks_without_a_target_are_counted_not_added(real_atlas):
    parks = real_atlas.parks.copy()
    parks["output_target_2025"] = parks["output_target_2025"].astype(float)
    parks.loc[parks["id"] == "jinghe_pv", "output_target_2025"] = math.nan
    total = query.target_total(parks)
    assert total["total"] == 1490.0 and total["stated"] == 9 and total["not_stated"] == 1
    assert "strive_to_exceed" not in total["by_qualifier"]
    assert target_total_text(total).endswith("；1 个园区规划未说明产值目标")
    parks["output_target_2025"] = math.nan
    nothing = query.target_total(parks)
    assert nothing["total"] is None and nothing["not_stated"] == 10
    assert target_total_text(nothing) == "所选园区均未说明产值目标"


def test_api_parks_total(real_atlas):
    total = atlas_api.parks_total(atlas=real_atlas, sector="光伏")
    assert total["total"] == 1000.0 and total["text"] == "合计 1,000 亿元，其中 1,000 亿元为“力争突破”口径"
    assert "parks_total" in atlas_api.__all__


# --- search -------------------------------------------------------------------------------


@pytest.mark.parametrize("term, text, found", [
    ("ai", "ai", True), ("ai", "fengxi ai park", True), ("ai", "airport economy", False),
    ("ai", "photovoltaic", False), ("ai", "two-chain integration", False), ("chain", "two-chain", True),
    ("5g", "5g+", True), ("光伏", "泾河双碳光伏产业园", True), ("pv", "jinghe dual-carbon pv park", True),
])
def test_latin_terms_match_on_word_boundaries(term, text, found):
    assert query.term_in(term, text) is found


SEARCHES = ["隆基", "新能源", "泾河 光伏", "AI", "ai", "airport", "泾河", "Jinghe", "光伏 泾河",
            "人工智能", "robots", "沣西 AI", "泾河光伏产业园", "陕煤", "nothing-like-this", "空港 生物医药"]


def test_issue_search_cases(real_atlas):
    assert query.search(real_atlas, "隆基") == {"jinghe_pv": [["隆基", "anchor", "隆基光伏产业链项目"]]}
    assert set(query.search(real_atlas, "泾河 光伏")) == {"jinghe_pv"}
    new_energy = set(query.parks(real_atlas, cluster="新能源")["id"])
    assert set(query.search(real_atlas, "新能源")) == new_energy
    ai = query.search(real_atlas, "AI")
    assert "konggang_aviation_economy" not in ai  # its English name says Airport
    assert "jinghe_pv" not in ai  # Photovoltaic
    assert "jinghe_two_chains" not in ai  # Chain
    assert {"fengxi_ai", "fengxi_digital_economy"} <= set(ai)
    assert query.search(real_atlas, "泾河光伏产业园")["jinghe_pv"][0][1] == "alias"


def test_parks_query_searches_and_says_what_matched(real_atlas):
    found = query.parks(real_atlas, q="泾河 光伏")
    assert list(found["id"]) == ["jinghe_pv"]
    assert [h[0] for h in found["search_matches"].iloc[0]] == ["泾河", "光伏"]
    assert len(query.parks(real_atlas, q="  ")) == 10


# --- atlas parks -----------------------------------------------------------------------------


def test_table_ends_with_the_total(capsys):
    code, out, err = run(capsys, "parks", "--new-city", "泾河新城")
    assert code == 0, err
    assert out.rstrip().splitlines()[-1] == "合计 1,500 亿元，其中 1,000 亿元为“力争突破”口径、500 亿元为“左右”口径"
    code, out, err = run(capsys, "parks", "--new-city", "泾河新城", "--lang", "en")
    assert out.rstrip().splitlines()[-1].startswith("Total 1,500 (100 M CNY), of which 1,000 is")


def test_csv_summary_row_and_plain_csv(capsys):
    code, plain, err = run(capsys, "parks", "--format", "csv", "--sector", "光伏")
    assert code == 0, err
    assert [r["id"] for r in csv.DictReader(io.StringIO(plain))] == ["jinghe_pv"]
    code, out, err = run(capsys, "parks", "--format", "csv", "--sector", "光伏", "--summary")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.startswith(plain) and [r["id"] for r in rows] == ["jinghe_pv", "total"]
    assert rows[-1]["output_target_2025"] == "1000"
    assert rows[-1]["target_wording_zh"] == "合计 1,000 亿元，其中 1,000 亿元为“力争突破”口径"


def test_json_summary_behind_a_flag(capsys):
    code, out, err = run(capsys, "parks", "--format", "json", "--new-city", "泾河新城")
    assert code == 0 and isinstance(json.loads(out), list)
    code, out, err = run(capsys, "parks", "--format", "json", "--new-city", "泾河新城", "--summary")
    doc = json.loads(out)
    assert [p["id"] for p in doc["parks"]] == ["jinghe_pv", "jinghe_two_chains"]
    assert doc["summary"]["total"] == 1500.0 and doc["summary"]["not_stated"] == 0
    assert doc["summary"]["by_qualifier"] == {"strive_to_exceed": 1000.0, "about": 500.0}
    assert doc["summary"]["text"].startswith("合计 1,500 亿元")


@pytest.mark.parametrize("fmt", ["table", "geojson"])
def test_summary_elsewhere_is_a_usage_error(capsys, fmt):
    code, out, err = run(capsys, "parks", "--format", fmt, "--summary")
    assert code == 2 and "--summary applies to --format csv or json only" in err
    assert "Traceback" not in err and out == ""


def test_search_option_shows_what_matched(capsys):
    code, out, err = run(capsys, "parks", "--search", "隆基")
    assert code == 0, err
    assert "搜索命中" in out and "隆基: 隆基光伏产业链项目" in out and "1 / 10" in out
    code, out, err = run(capsys, "parks", "--search", "AI", "--format", "json")
    assert "konggang_aviation_economy" not in {p["id"] for p in json.loads(out)}


# --- atlas map / atlas figure make the output's folder -----------------------------------


def test_map_makes_its_folder(capsys, tmp_path):
    out = tmp_path / "new" / "deeper" / "parks.html"
    code, _, err = run(capsys, "map", "parks", "--sector", "光伏", "--out", str(out))
    assert code == 0, err
    assert out.is_file() and "泾河双碳光伏产业园" in out.read_text(encoding="utf-8")


def test_a_failed_write_removes_only_the_folders_it_made(real_atlas, tmp_path, monkeypatch):
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "theirs.txt").write_text("not ours")

    def broken(path):
        raise OSError("disk full")

    monkeypatch.setattr(files, "atomic_file", broken)
    with pytest.raises(OSError, match="disk full"):
        files.write_filtered_parks_map(real_atlas, tmp_path / "kept" / "a" / "b" / "p.html")
    assert sorted(p.name for p in (tmp_path / "kept").iterdir()) == ["theirs.txt"]


def test_figure_makes_its_folder(capsys, tmp_path):
    out = tmp_path / "figs" / "2025" / "pv.svg"
    code, _, err = run(capsys, "figure", "parks", "--sector", "光伏", "--out", str(out))
    assert code == 0, err
    assert out.is_file() and out.read_bytes().lstrip().startswith(b"<?xml")


def test_a_file_in_the_way_is_a_clear_error(capsys, tmp_path):
    (tmp_path / "taken").write_text("a file")
    code, _, err = run(capsys, "map", "parks", "--out", str(tmp_path / "taken" / "p.html"))
    assert code == 2 and "is a file, not a folder" in err and "Traceback" not in err
