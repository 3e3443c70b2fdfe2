"""The national and Shanghai context tables against the seed's own tables (issue 14)."""

import re

import pytest

import atlas
from atlas.core import schema
from atlas.data import provenance

SEED = "001_c3cb54636e7088b5.txt"


@pytest.fixture(scope="module")
def data():
    return atlas.load()


@pytest.fixture(scope="module")
def seed_lines(data):
    return (data.seeds_dir / SEED).read_text(encoding="utf-8").split("\n")


def _table(lines, title, cells):
    """The numbered rows of the annex whose title line is ``title``."""
    out = []
    for ln in lines[lines.index(title) + 1:]:
        if ln.startswith("附件") or ln.startswith("送："):  # the next annex, or the end
            break
        if ln.split("\t")[0].isdigit() and len(ln.split("\t")) >= cells:
            out.append(ln.split("\t"))
    return out


def test_twelve_zones_match_annex_2(data, seed_lines):
    rows = _table(seed_lines, "已批复的 12 个国家科技成果转移转化示范区概况", 6)
    assert len(rows) == 12 == len(data.demo_zones)
    zones = data.demo_zones.set_index("seq")
    for cells in rows:
        zone = zones.loc[int(cells[0])]
        assert zone["name_zh"] == cells[1]
        assert zone["coverage_zh"] == cells[2]
        assert schema.ZONE_COVERAGES[zone["coverage"]] == cells[2]
        y, m, d = (int(x) for x in re.findall(r"\d+", cells[3]))
        assert zone["approved"] == f"{y:04d}-{m:02d}-{d:02d}"
        assert zone["positioning_zh"] == cells[4] and zone["tasks_zh"] == cells[5]


def test_the_pace_the_seed_points_at(data):
    # "自2016年启动以来，全国已批复设立了12个，特别是去年以来，一口气就批复了3个" (dated 2022-05)
    years = sorted(data.demo_zones["approved"].str[:4])
    assert years[0] == "2016" and len(years) == 12
    assert sum(y >= "2021" for y in years) == 3


def test_centres_match_annex_1(data, seed_lines):
    rows = _table(seed_lines, "3 个国际科创中心及国家区域科创中心部分创建省份一览", 6)
    assert len(rows) == 8
    centres = data.innovation_centres.set_index("seq")
    kinds = data.innovation_centres["kind"].value_counts().to_dict()
    assert kinds == {"international": 3, "regional_candidate": 5, "argued": 1}
    names = [c[1] if c[1] == "湖北" else c[2] for c in rows]  # the Hubei row is a cell short
    assert list(centres.loc[1:8, "name_zh"]) == names
    for cells, (_, centre) in zip(rows, centres.loc[1:8].iterrows()):
        assert centre["coverage_zh"] in cells
        for col in ("positioning_zh", "tasks_zh"):
            assert not centre[col] or centre[col] in cells, (centre["id"], col)
        # the international rows share Beijing's (merged) date cell
        assert not centre["proposed_zh"] or centre["proposed_zh"] in cells + rows[0], centre["id"]
        # every "/" of the row is an explicit "not stated", and nothing else is
        slashes = cells.count("/")
        assert len(centre["not_stated"]) == slashes, centre["id"]
        for col in centre["not_stated"]:
            assert centre[col] == ""


def test_international_date_is_the_merged_cell(data, seed_lines):
    intl = data.innovation_centres[data.innovation_centres["kind"] == "international"]
    assert intl["proposed_zh"].nunique() == 1
    assert "支持北京、上海、粤港澳大湾区形成国际科技创新中心" in intl["proposed_zh"].iloc[0]


def test_members_and_their_basis(data):
    units = set(data.context_provinces["id"]) | set(data.context_prefectures["id"])
    units |= set(data.shanghai_districts["id"])
    zones = data.demo_zones.set_index("id")
    for zid, zone in zones.iterrows():
        assert zone["members"] and set(zone["members"]) <= units, zid
        if zone["members_basis"] != "quote":
            assert zone["members_note_zh"] and zone["members_note_en"], zid
    # names that settle their members: one prefecture per character group
    read = {"shandong_jiqingyan": {"济南市", "青岛市", "烟台市"},
            "sichuan_chengdemian": {"成都市", "德阳市", "绵阳市"},
            "hubei_hanxiangyi": {"武汉市", "襄阳市", "宜昌市"},
            "hefei_wuhu_bengbu": {"合肥市", "芜湖市", "蚌埠市"},
            "jilin_changjitu": {"长春市", "吉林市"}}
    names = dict(zip(data.context_prefectures["id"], data.context_prefectures["name_zh"]))
    for zid, cities in read.items():
        assert zones.loc[zid, "members_basis"] == "name_reading"
        assert {names[m] for m in zones.loc[zid, "members"]} == cities
        for city in cities:  # each member shares a character with the name (汉 = 武汉)
            assert set(city[:-1]) & set(zones.loc[zid, "name_zh"]), city
    # names that do not settle them: the whole province, said in the note
    for zid in ("hebei_jingnan", "jiangsu_sunan", "guangdong_prd"):
        assert zones.loc[zid, "members_basis"] == "whole_province"
        assert all(m.startswith("p") for m in zones.loc[zid, "members"])
        assert "按规则" in zones.loc[zid, "members_note_zh"]


def test_every_context_row_is_quoted_verbatim(data):
    seeds = provenance.Seeds(data.seeds_dir)
    frames = {"demo_zones": data.demo_zones, "innovation_centres": data.innovation_centres,
              "shanghai_benchmark": data.shanghai_benchmark, "shanghai_places": data.shanghai_places}
    for name, frame in frames.items():
        for _, row in frame.iterrows():
            assert row["sources"], (name, row["id"])
            for src in row["sources"]:
                assert provenance.squeeze(src["quote"]) in seeds.text(src["file"]), src
            quoted = set().union(*(provenance.numbers_in(s["quote"]) for s in row["sources"]))
            for col in ("approved", "figure_zh", "xixian_zh", "proposed_zh", "tasks_zh"):
                if col in row and isinstance(row[col], str):
                    assert provenance.numbers_in(row[col], facts_only=True) <= quoted, (row["id"], col)


def test_shanghai_places_sit_in_their_districts(data):
    places = data.shanghai_places.set_index("id")
    districts = data.shanghai_districts.set_index("id")
    assert set(places.index) == {"zhangjiang", "xicen", "lingang"}
    for pid, place in places.iterrows():
        assert place["precision_m"] >= 1000  # hand-placed points, not surveyed sites
        if place["district"]:
            assert districts.loc[place["district"], "geometry"].contains(place["geometry"]), pid
    assert places.loc["lingang", "district"] == ""  # the seeds give a corner, not a district
    assert districts.loc["d310115", "name_zh"] == "浦东新区"
    assert districts.loc["d310118", "name_zh"] == "青浦区"


def test_benchmark_rows_name_their_place_and_xixian_cells_are_quoted_from_002(data):
    bench = data.shanghai_benchmark
    assert set(bench["place"]) <= {"zhangjiang", "xicen", "lingang", "shanghai"}
    assert {"zhangjiang", "xicen", "lingang"} <= set(bench["place"])
    for _, row in bench.iterrows():
        fields = {s["field"] for s in row["sources"]}
        assert "figure_zh" in fields
        if row["xixian_zh"]:
            assert any(s["field"] == "xixian_zh" and s["file"].startswith("002_")
                       for s in row["sources"]), row["id"]
