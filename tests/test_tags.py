"""Park–sector tags: one rule for every park, each tag with its basis and its own quote,
and sector queries that say why each park matched."""

import csv
from pathlib import Path

import pytest

from atlas.data import provenance

from atlas.model import query

from atlas.model import tags
from atlas.model.sector import normalize
from tests import edit

GEO = Path(__file__).resolve().parents[1] / "geodata"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
with open(GEO / "park_sectors.csv", encoding="utf-8", newline="") as _f:
    TAGS = list(csv.DictReader(_f))
with open(GEO / "sectors.csv", encoding="utf-8", newline="") as _f:
    SECTORS = {r["key"]: r for r in csv.DictReader(_f)}

#: the basis of every tag, as the rule in geodata/README.md gives it
EXPECTED = {
    ("fengdong_advanced_manufacturing", "advanced_manufacturing"): "named",
    ("fengdong_advanced_manufacturing", "electronic_information"): "named",
    ("fengdong_advanced_manufacturing", "intelligent_manufacturing"): "positioning",
    ("fengdong_advanced_manufacturing", "high_end_equipment"): "elsewhere",
    ("fengdong_sci_tech_reform", "software_it_services"): "named",
    ("fengdong_sci_tech_reform", "integrated_circuits"): "named",
    ("fengdong_sci_tech_reform", "big_data_cloud"): "named",
    ("fengdong_sci_tech_reform", "industrial_internet"): "anchor",
    ("fengxi_ai", "hydrogen"): "named",
    ("fengxi_ai", "intelligent_connected_vehicles"): "named",
    ("fengxi_ai", "intelligent_manufacturing"): "named",
    ("fengxi_ai", "cnc_machine_tools"): "named",
    ("fengxi_ai", "artificial_intelligence"): "positioning",
    ("fengxi_ai", "high_end_equipment"): "elsewhere",
    ("fengxi_digital_economy", "digital_economy"): "named",
    ("fengxi_digital_economy", "digital_culture"): "named",
    ("fengxi_digital_economy", "smart_terminals"): "named",
    ("fengxi_digital_economy", "metaverse"): "positioning",
    ("fengxi_digital_economy", "semiconductors"): "anchor",
    ("fengxi_digital_economy", "artificial_intelligence"): "elsewhere",
    ("qinhan_autonomous_driving", "new_energy_vehicles"): "named",
    ("qinhan_autonomous_driving", "intelligent_connected_vehicles"): "named",
    ("qinhan_autonomous_driving", "iot"): "named",
    ("qinhan_autonomous_driving", "artificial_intelligence"): "named",
    ("qinhan_autonomous_driving", "robotics"): "named",
    ("qinhan_autonomous_driving", "high_end_equipment"): "named",
    ("qinhan_autonomous_driving", "intelligent_manufacturing"): "elsewhere",
    ("qinhan_autonomous_driving", "hydrogen"): "elsewhere",
    ("qinhan_health", "life_sciences"): "named",
    ("qinhan_health", "health_industry"): "named",
    ("qinhan_health", "health_services"): "named",
    ("qinhan_health", "new_materials"): "named",
    ("qinhan_health", "big_health"): "positioning",
    ("qinhan_health", "big_data_cloud"): "anchor",
    ("qinhan_health", "medical_devices"): "elsewhere",
    ("konggang_ftz_blue_bay", "biomedicine"): "named",
    ("konggang_ftz_blue_bay", "intelligent_manufacturing"): "named",
    ("konggang_ftz_blue_bay", "airport_economy"): "positioning",
    ("konggang_aviation_economy", "electronic_information"): "named",
    ("konggang_aviation_economy", "biomedicine"): "named",
    ("konggang_aviation_economy", "aviation_manufacturing"): "named",
    ("konggang_aviation_economy", "airport_economy"): "positioning",
    ("konggang_aviation_economy", "advanced_manufacturing"): "anchor",
    ("konggang_aviation_economy", "microelectronics"): "anchor",
    ("konggang_aviation_economy", "industrial_internet"): "anchor",
    ("jinghe_pv", "photovoltaic"): "named",
    ("jinghe_pv", "new_energy"): "named",
    ("jinghe_pv", "new_materials"): "named",
    ("jinghe_two_chains", "high_end_equipment"): "named",
}


def test_the_tag_table_is_the_expected_one():
    assert {(t["park"], t["sector"]) for t in TAGS} == set(EXPECTED)
    assert len(TAGS) == len(EXPECTED)


@pytest.mark.parametrize("tag", TAGS, ids=[f"{t['park']}:{t['sector']}" for t in TAGS])
def test_tag(tag):
    assert tag["basis"] == EXPECTED[(tag["park"], tag["sector"])]
    seed = provenance.Seeds(SEEDS).text(tag["file"])
    assert provenance.squeeze(tag["quote"]) in seed
    row = SECTORS[tag["sector"]]
    words = [row["name_zh"]] + [s for s in row["synonyms"].split(";") if s]
    assert any(normalize(w) in normalize(tag["quote"]) for w in words), (tag["quote"], words)
    if tag["basis"] in ("named", "positioning"):
        assert tag["locator"].startswith("专栏11")
    else:
        assert tag["locator"]


def test_own_sectors_are_the_named_and_positioning_tags(real_atlas):
    for park in real_atlas.parks.itertuples():
        own = {t["sector"] for t in park.tags if t["basis"] in tags.OWN}
        assert own == set(park.sectors), park.id


# --- the queries a planner reading the plan would make ---------------------------------------

DONE_WHEN = {
    "医疗器械": {"qinhan_health"},
    "智能制造": {"fengdong_advanced_manufacturing", "fengxi_ai", "qinhan_autonomous_driving",
              "konggang_ftz_blue_bay"},
    "临空": {"konggang_ftz_blue_bay", "konggang_aviation_economy"},
    "元宇宙": {"fengxi_digital_economy"},
    "metaverse": {"fengxi_digital_economy"},
    "航空": {"konggang_aviation_economy"},
    "半导体": {"fengxi_digital_economy"},
    "第三代半导体": {"fengxi_digital_economy"},
    "先进制造": {"fengdong_advanced_manufacturing", "fengxi_ai", "qinhan_autonomous_driving",
             "konggang_ftz_blue_bay", "konggang_aviation_economy", "jinghe_two_chains"},
    "生物医药": {"konggang_ftz_blue_bay", "konggang_aviation_economy"},
    "数字经济": {"fengdong_sci_tech_reform", "fengxi_ai", "fengxi_digital_economy",
             "qinhan_autonomous_driving", "qinhan_health", "konggang_aviation_economy"},
}


@pytest.mark.parametrize("q", list(DONE_WHEN))
def test_sector_queries_find_the_expected_parks_with_reasons(real_atlas, q):
    found = query.parks(real_atlas, sector=q)
    assert set(found["id"]) == DONE_WHEN[q]
    for reasons in found["match_reasons"]:
        assert reasons
        for r in reasons:
            assert r["how"] in ("direct", "synonym", "cluster", "anchor")
            assert r["basis"] in tags.BASES
            assert r["quote"] and r["locator"]


def test_match_kinds(real_atlas):
    why = query.match_reasons(real_atlas, "医疗器械")["qinhan_health"]
    assert [(r["how"], r["basis"]) for r in why] == [("direct", "elsewhere")]
    assert "医疗器械" in why[0]["quote"]
    why = query.match_reasons(real_atlas, "数字经济")
    assert {r["how"] for r in why["fengxi_ai"]} == {"cluster"}
    assert [r["how"] for r in why["qinhan_health"]] == ["anchor"]
    assert "synonym" in {r["how"] for r in query.match_reasons(real_atlas, "临空")[
        "konggang_ftz_blue_bay"]}


def test_direct_keeps_only_named_matches(real_atlas):
    direct = set(query.parks(real_atlas, sector="智能制造", direct=True)["id"])
    assert direct == {"fengxi_ai", "konggang_ftz_blue_bay"}
    assert query.parks(real_atlas, sector="医疗器械", direct=True).empty


def test_airport_economy_is_not_aviation_economy(real_atlas):
    assert not real_atlas.taxonomy.resolve("航空经济")
    assert not real_atlas.taxonomy.resolve("aviation economy")
    assert real_atlas.taxonomy.resolve("临空") >= {"airport_economy"}


def test_unknown_term_suggests_the_nearest(real_atlas):
    with pytest.raises(query.QueryError) as err:
        query.parks(real_atlas, sector="元宇")
    assert "元宇宙" in str(err.value).split("Known:")[0]


# --- clusters and colours ----------------------------------------------------------------------

def test_a_park_is_in_every_cluster_of_its_tags(real_atlas):
    parks = real_atlas.parks.set_index("id")
    assert parks.loc["fengxi_ai", "clusters"] == ["new_energy", "digital_economy",
                                                  "advanced_manufacturing"]
    for park in real_atlas.parks.itertuples():
        expected = {real_atlas.taxonomy.cluster_of(t["sector"]) for t in park.tags}
        assert set(park.clusters) == expected


def test_no_park_named_after_one_sector_is_coloured_as_another(real_atlas):
    parks = real_atlas.parks.set_index("id")
    assert parks.loc["fengxi_ai", "cluster"] == "digital_economy"
    assert parks.loc["konggang_aviation_economy", "cluster"] == "airport_economy"
    assert parks.loc["qinhan_health", "cluster"] == "big_health"
    assert parks.loc["jinghe_pv", "cluster"] == "new_energy"
    for park in real_atlas.parks.itertuples():
        assert park.cluster in park.clusters
        assert park.color == real_atlas.taxonomy.color(park.cluster)
        assert real_atlas.taxonomy.cluster_of(park.color_sector) == park.cluster
    assert "颜色" in tags.COLOUR_RULE["zh"] and "colour" in tags.COLOUR_RULE["en"]


def test_plan_clusters_are_marked(real_atlas):
    origin = dict(zip(real_atlas.sectors["key"], real_atlas.sectors["origin"]))
    plan = {k for k in real_atlas.taxonomy.clusters if origin[k] == "plan"}
    assert plan == {"new_energy", "digital_economy", "big_health"}
    assert all(origin[k] == "atlas" for k in real_atlas.taxonomy.clusters if k not in plan)
    assert not real_atlas.taxonomy.is_cluster("high_end_equipment")


# --- bad tag tables are refused with file, row and field ----------------------------------------

def _problems(folder):
    import atlas

    with pytest.raises(atlas.ValidationError) as err:
        atlas.load(folder)
    return [str(p) for p in err.value.problems]


def test_a_tag_whose_quote_lacks_the_sector_word_is_refused(data_copy):
    fields, rows = edit.read_rows(data_copy / "park_sectors.csv")
    rows.append(dict(rows[0], sector="photovoltaic", basis="elsewhere"))
    edit.write_rows(data_copy / "park_sectors.csv", fields, rows)
    found = _problems(data_copy)
    assert any("park_sectors.csv" in p and "'quote'" in p and "光伏" in p for p in found), found


def test_a_bad_basis_and_an_unquoted_tag_are_refused(data_copy):
    fields, rows = edit.read_rows(data_copy / "park_sectors.csv")
    rows[0]["basis"] = "guess"
    rows[1]["quote"] = "重点发展量子计算"
    edit.write_rows(data_copy / "park_sectors.csv", fields, rows)
    found = _problems(data_copy)
    assert any("'basis'" in p and "guess" in p for p in found), found
    assert any("'quote'" in p and "not found" in p for p in found), found


def test_park_sectors_must_equal_own_tags(data_copy):
    fields, rows = edit.read_rows(data_copy / "park_sectors.csv")
    rows = [r for r in rows if not (r["park"] == "fengxi_ai" and r["basis"] == "positioning")]
    edit.write_rows(data_copy / "park_sectors.csv", fields, rows)
    found = _problems(data_copy)
    assert any("parks.csv" in p and "fengxi_ai" in p and "'sectors'" in p for p in found), found
