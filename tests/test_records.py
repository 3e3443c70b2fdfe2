"""Record-level checks of the atlas attribute tables (geodata/*.csv).

Self-contained: uses only the standard library and pytest, reads the CSVs and
the seed files directly, and does not import the atlas package.  The checks
follow geodata/README.md (the data contract): every record has provenance,
every quote is verbatim in its seed file (whitespace aside), every number in a
record appears in that record's quotes, and the values the plan states
(park targets, Table 1, the three engines, the belts) are exactly as written.
"""

import csv
import hashlib
import re
from decimal import Decimal
from pathlib import Path

import pytest

import atlas
from atlas.data import provenance
from atlas.model import query as query_mod
from atlas.model.sector import normalize

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "geodata"
SEEDS = ROOT / "seeds"

# --------------------------------------------------------------------------
# contract

COLUMNS = {
    "new_cities": "id,name_zh,name_en,short_zh,short_en,zone_type,business_forms_zh,"
    "focus_industries_zh,positioning_zh,sectors,three_engines_role,"
    "three_engines_role_en,belt,official_area_km2,official_area_source",
    "parks": "id,name_zh,short_name_zh,name_en,short_name_en,new_city,sectors,"
    "sector_wording_zh,anchor_projects_zh,output_target_2025,target_qualifier,"
    "target_wording_zh,aliases_zh,official_area_km2,official_area_source",
    "sectors": "key,name_zh,name_en,cluster,origin,synonyms,color",
    "corridors": "id,kind,name_zh,name_en,belt,members,role_zh,role_en",
    "platforms": "id,name_zh,name_en,new_city,kind,role_zh,role_en",
    "indicators": "id,seq,name_zh,name_en,unit,value_2020,value_2025",
    "discrepancies": "id,subject_table,subject_id,kind,description_zh,description_en",
    "carriers": "id,name_zh,name_en,new_city,park,location_level,role,role_en",
    "place_targets": "id,subject,name_zh,name_en,value_min,value_max,unit,qualifier,year,"
    "wording_zh",
    "demo_zones": "id,seq,name_zh,name_en,coverage_zh,coverage,approved,positioning_zh,tasks_zh,"
    "members,members_basis,members_note_zh,members_note_en",
    "innovation_centres": "id,seq,kind,name_zh,name_en,coverage_zh,proposed_zh,positioning_zh,"
    "tasks_zh,members,not_stated,note_zh,note_en",
    "shanghai_places": "id,name_zh,name_en,district,role_zh,role_en",
    "shanghai_benchmark": "id,seq,topic,place,figure_zh,xixian_zh",
}
COLUMNS = {t: c.split(",") for t, c in COLUMNS.items()}
PROV_COLUMNS = ["table", "id", "field", "file", "locator", "quote"]
ID_COL = {t: ("key" if t == "sectors" else "id") for t in COLUMNS}

REQUIRED = {
    "new_cities": ["id", "name_zh", "name_en", "short_zh", "short_en", "zone_type",
                   "business_forms_zh", "focus_industries_zh", "positioning_zh", "sectors",
                   "official_area_source"],
    "parks": ["id", "name_zh", "short_name_zh", "name_en", "short_name_en", "new_city",
              "sectors", "sector_wording_zh", "anchor_projects_zh", "output_target_2025",
              "target_qualifier", "target_wording_zh"],
    "sectors": ["key", "name_zh", "name_en", "synonyms", "color"],
    "corridors": ["id", "kind", "name_zh", "name_en", "role_zh", "role_en"],
    "platforms": ["id", "name_zh", "name_en", "new_city", "kind", "role_zh", "role_en"],
    "indicators": ["id", "seq", "name_zh", "name_en", "unit", "value_2025"],
    "discrepancies": ["id", "subject_table", "kind", "description_zh", "description_en"],
    "carriers": ["id", "name_zh", "name_en", "location_level", "role", "role_en"],
    "place_targets": ["id", "subject", "name_zh", "name_en", "value_min", "unit", "qualifier",
                      "wording_zh"],
    "demo_zones": ["id", "seq", "name_zh", "name_en", "coverage_zh", "coverage", "approved",
                   "positioning_zh", "tasks_zh", "members", "members_basis"],
    "innovation_centres": ["id", "seq", "kind", "name_zh", "name_en", "members"],
    "shanghai_places": ["id", "name_zh", "name_en", "role_zh", "role_en"],
    "shanghai_benchmark": ["id", "seq", "topic", "place", "figure_zh"],
}

# Columns holding ids/keys/codes rather than facts: the package's one list.
NOT_FACT_COLUMNS = provenance.NOT_FACTS

# Columns whose value (or each ';' item, or each '；' fragment) must be found
# verbatim (whitespace aside) in one of the record's quotes.
VERBATIM = {
    "new_cities": {"name_zh": None, "short_zh": None, "business_forms_zh": ";",
                   "focus_industries_zh": ";", "positioning_zh": None,
                   "three_engines_role": None},
    "parks": {"name_zh": None, "short_name_zh": None, "sector_wording_zh": ";",
              "anchor_projects_zh": ";", "target_wording_zh": None, "aliases_zh": ";"},
    "sectors": {"name_zh": None},
    "corridors": {"name_zh": None, "role_zh": "；"},
    "platforms": {"name_zh": None, "role_zh": "；"},
    "indicators": {"name_zh": None, "unit": None},
    "discrepancies": {},
    "carriers": {},  # names use 沣 where quotes keep the OCR's 沔: see tests/test_places.py
    "place_targets": {"name_zh": None, "wording_zh": None},
    "demo_zones": {"name_zh": None, "coverage_zh": None, "positioning_zh": None, "tasks_zh": None},
    "innovation_centres": {"coverage_zh": None, "proposed_zh": None, "positioning_zh": None,
                           "tasks_zh": None},
    "shanghai_places": {"name_zh": None, "role_zh": None},
    "shanghai_benchmark": {},  # figure_zh condenses its quote; the pages show the quote
}

QUALIFIERS = {"about", "reach", "strive_to_exceed"}
PLATFORM_KINDS = {"carrier", "three_engines_base", "pilot_platform", "concept_verification"}
CORRIDOR_KINDS = {"window", "belt", "node"}
DISCREPANCY_KINDS = {"name_variant", "ocr_spelling", "missing_member", "count_mismatch",
                     "value_mismatch", "unlocated", "caveat"}
TWO_SIDED_KINDS = {"name_variant", "ocr_spelling", "missing_member", "count_mismatch",
                   "value_mismatch"}
THREE_ENGINES = {"孵化器": "incubator", "加速器": "accelerator", "促进器": "promoter"}

# sha256 of the seed documents as delivered (seeds/ must stay byte-identical)
SEED_SHA256 = {
    "000_f7e3ffa3f545421e.txt": "5c2ba748cd555cb572e32856b121c474f66b0a90154f5a8b237e063ffd44c693",
    "001_c3cb54636e7088b5.txt": "30821d313817421bec6f1e287a682dba41019afe7600ebdd9ea21458be4130ff",
    "002_bc9165981370adad.txt": "c92790ec2df7d436969b8066daa4d406db13c53cef8386fe0744e30ffe88aaf3",
    "003_fbc0b7adf73baf07.txt": "039020cbbed388b661ee06fcc4485778062f9ba34bfcce72d34d8d98466af641",
    "004_814b5e6d246cc06b.txt": "bdaedac06966328744cc17cd21b4d33fdaf594cffc847ad73ed91185a569d749",
}

MAX_QUOTE_CHARS = 130  # non-whitespace characters; quotes stay short

# --------------------------------------------------------------------------
# helpers


def read_csv(path):
    # utf-8-sig so that a stray BOM is reported by the header test, not at import
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


TABLES = {t: read_csv(GEO / f"{t}.csv")[1] for t in COLUMNS}
PROV = read_csv(GEO / "provenance.csv")[1]


squash = provenance.squeeze
_SEEDS = provenance.Seeds(SEEDS)


def seed_text(rel):
    return _SEEDS.text(rel)


def items(value, sep=";"):
    return [x.strip() for x in value.split(sep) if x.strip()] if value else []


def rid(table, row):
    return row[ID_COL[table]]


def quotes_of(table, id_):
    return [p for p in PROV if p["table"] == table and p["id"] == id_]


def numbers(text):
    """Numbers stated as facts, by the package's rule (citations like 专栏11 skipped)."""
    return {Decimal(n) for n in provenance.numbers_in(text, facts_only=True)}


norm = normalize


def record_params():
    out = []
    for table, rows in TABLES.items():
        for row in rows:
            out.append(pytest.param(table, row, id=f"{table}:{rid(table, row)}"))
    return out


RECORDS = record_params()
PROV_PARAMS = [pytest.param(p, id=f"{p['table']}:{p['id']}:{p['field']}:{i}")
               for i, p in enumerate(PROV)]

by_id = {t: {rid(t, r): r for r in rows} for t, rows in TABLES.items()}
SECTORS = by_id["sectors"]
CLUSTERS = {k for k, r in SECTORS.items() if not r["cluster"]}
EDITORIAL_NOTE = by_id["discrepancies"].get("editorial_cluster_assignments",
                                            {}).get("description_zh", "")

# --------------------------------------------------------------------------
# files


@pytest.mark.parametrize("table", list(COLUMNS) + ["provenance"])
def test_csv_header_encoding_and_rows(table):
    path = GEO / f"{table}.csv"
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "CSV must be UTF-8 without BOM"
    raw.decode("utf-8")
    header, rows = read_csv(path)
    assert header == (PROV_COLUMNS if table == "provenance" else COLUMNS[table])
    assert rows, f"{table}.csv has no rows"
    for row in rows:
        assert None not in row and all(v is not None for v in row.values()), \
            f"ragged row in {table}.csv: {row}"


@pytest.mark.parametrize("name", sorted(SEED_SHA256))
def test_seed_file_unchanged(name):
    assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == SEED_SHA256[name]


def test_manifest_lists_each_seed_once():
    header, rows = read_csv(SEEDS / "manifest.csv")
    assert header == ["file", "title", "publisher", "date", "language", "scope"]
    assert sorted(r["file"] for r in rows) == sorted(SEED_SHA256)
    for r in rows:
        assert all(r[c].strip() for c in header), r
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", r["date"]), r["date"]
        assert r["language"] == "zh"
    plan = next(r for r in rows if r["file"].startswith("002_"))
    assert plan["title"] == "西咸新区“十四五”科技创新发展规划"
    assert plan["publisher"] == "陕西省西咸新区开发建设管理委员会"
    assert plan["date"] == "2022-08"


def test_reference_copy_present():
    ref = (SEEDS / "reference" / "shared_reference.md").read_text(encoding="utf-8")
    assert "159.3 km²" in ref
    readme = (SEEDS / "reference" / "README.md").read_text(encoding="utf-8")
    assert "reference/shared_reference.md" in readme


# --------------------------------------------------------------------------
# every record


@pytest.mark.parametrize("table", list(COLUMNS))
def test_ids_unique(table):
    ids = [rid(table, r) for r in TABLES[table]]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("table,row", RECORDS)
def test_id_format(table, row):
    assert re.fullmatch(r"[a-z0-9_]+", rid(table, row))


@pytest.mark.parametrize("table,row", RECORDS)
def test_required_cells_filled(table, row):
    missing = [c for c in REQUIRED[table] if not row[c].strip()]
    assert not missing, f"empty required cells: {missing}"
    for c, v in row.items():
        assert v == v.strip(), f"stray whitespace in {c}"


@pytest.mark.parametrize("table,row", RECORDS)
def test_record_has_provenance(table, row):
    assert quotes_of(table, rid(table, row)), "no provenance row"


@pytest.mark.parametrize("table,row", RECORDS)
def test_every_number_is_quoted(table, row):
    quoted = set()
    for p in quotes_of(table, rid(table, row)):
        quoted |= numbers(p["quote"])
    for col, value in row.items():
        if col in NOT_FACT_COLUMNS:
            continue
        missing = numbers(value) - quoted
        assert not missing, f"{col}: {sorted(missing)} not in any quote of this record"


@pytest.mark.parametrize("table,row", RECORDS)
def test_verbatim_cells_are_in_quotes(table, row):
    quotes = [squash(p["quote"]) for p in quotes_of(table, rid(table, row))]
    for col, sep in VERBATIM[table].items():
        parts = [row[col]] if sep is None else items(row[col], sep)
        for part in parts:
            if part:
                assert any(squash(part) in q for q in quotes), \
                    f"{col}: {part!r} is not in any quote of this record"


# --------------------------------------------------------------------------
# provenance


@pytest.mark.parametrize("p", PROV_PARAMS)
def test_provenance_row_is_well_formed(p):
    assert all(p[c].strip() for c in PROV_COLUMNS), p
    assert p["table"] in COLUMNS, p["table"]
    assert p["id"] in by_id[p["table"]], f"unknown record {p['table']}:{p['id']}"
    assert p["field"] == "*" or p["field"] in COLUMNS[p["table"]], p["field"]
    assert (SEEDS / p["file"]).is_file(), p["file"]


@pytest.mark.parametrize("p", PROV_PARAMS)
def test_quote_is_verbatim_in_file(p):
    assert squash(p["quote"]) in seed_text(p["file"]), \
        f"quote not found in {p['file']}: {p['quote']}"


@pytest.mark.parametrize("p", PROV_PARAMS)
def test_quote_is_short(p):
    assert len(squash(p["quote"])) <= MAX_QUOTE_CHARS


# --------------------------------------------------------------------------
# new cities

NC = by_id["new_cities"]
OFFICIAL_AREAS = {"fengdong": "159.3", "fengxi": "143", "qinhan": "302",
                  "konggang": "144.18", "jinghe": "146", "energy_trade_zone": ""}


def test_new_city_ids_and_types():
    assert set(NC) == set(OFFICIAL_AREAS)
    for i, r in NC.items():
        assert r["zone_type"] == ("special_zone" if i == "energy_trade_zone" else "new_city")


@pytest.mark.parametrize("nid", sorted(OFFICIAL_AREAS))
def test_official_area_from_reference(nid):
    row = NC[nid]
    assert row["official_area_km2"] == OFFICIAL_AREAS[nid]
    assert "reference/shared_reference.md" in row["official_area_source"]
    if row["official_area_km2"]:
        ref_quotes = [p for p in quotes_of("new_cities", nid)
                      if p["field"] == "official_area_km2"
                      and p["file"] == "reference/shared_reference.md"]
        assert any(Decimal(row["official_area_km2"]) in numbers(p["quote"]) for p in ref_quotes)


def test_three_engines_roles():
    got = {i: (r["three_engines_role"], r["three_engines_role_en"]) for i, r in NC.items()
           if r["three_engines_role"] or r["three_engines_role_en"]}
    assert got == {"fengdong": ("孵化器", "incubator"), "fengxi": ("加速器", "accelerator"),
                   "jinghe": ("促进器", "promoter")}
    for zh, en in got.values():
        assert THREE_ENGINES[zh] == en


def test_new_city_belts():
    got = {i: r["belt"] for i, r in NC.items()}
    assert got == {"fengdong": "sci_tech_belt", "fengxi": "sci_tech_belt",
                   "qinhan": "adv_manufacturing_belt", "jinghe": "adv_manufacturing_belt",
                   "konggang": "adv_manufacturing_belt", "energy_trade_zone": ""}


# --------------------------------------------------------------------------
# parks

PARKS = TABLES["parks"]
PARK_IDS = ["fengdong_advanced_manufacturing", "fengdong_sci_tech_reform", "fengxi_ai",
            "fengxi_digital_economy", "qinhan_autonomous_driving", "qinhan_health",
            "konggang_ftz_blue_bay", "konggang_aviation_economy", "jinghe_pv",
            "jinghe_two_chains"]
TARGETS = [120, 100, 100, 200, 200, 100, 70, 100, 1000, 500]
TARGET_QUALIFIERS = ["about", "reach", "about", "about", "about", "about", "about",
                     "about", "strive_to_exceed", "about"]


def test_parks_are_the_ten_of_box_11_in_order():
    assert [r["id"] for r in PARKS] == PARK_IDS


def test_park_targets_as_stated():
    assert [Decimal(r["output_target_2025"]) for r in PARKS] == [Decimal(t) for t in TARGETS]
    assert sum(Decimal(r["output_target_2025"]) for r in PARKS) == Decimal(2490)
    assert [r["target_qualifier"] for r in PARKS] == TARGET_QUALIFIERS


@pytest.mark.parametrize("row", PARKS, ids=[r["id"] for r in PARKS])
def test_park_target_wording_matches_value_and_qualifier(row):
    assert row["target_qualifier"] in QUALIFIERS
    w = row["target_wording_zh"]
    assert numbers(w) == {Decimal(row["output_target_2025"])}
    expected = ("about" if "左右" in w else "strive_to_exceed" if "力争突破" in w
                else "reach" if "达到" in w else None)
    assert row["target_qualifier"] == expected
    tq = [p for p in quotes_of("parks", row["id"]) if p["field"] == "output_target_2025"]
    assert tq, "no quote for the target"
    for p in tq:
        assert squash(w) in squash(p["quote"])
        # the target quote pins one place in the plan
        assert seed_text(p["file"]).count(squash(p["quote"])) == 1
        if row["target_qualifier"] == "reach":  # the quote must show there is no 左右
            assert squash(p["quote"]).endswith(squash(w) + "。")


@pytest.mark.parametrize("row", PARKS, ids=[r["id"] for r in PARKS])
def test_park_names_and_city(row):
    assert row["name_zh"].startswith("西咸新区·")
    assert row["short_name_zh"] == row["name_zh"].split("·", 1)[1]
    assert row["new_city"] in NC and NC[row["new_city"]]["zone_type"] == "new_city"
    assert NC[row["new_city"]]["short_zh"] in row["name_zh"]


def test_jinghe_pv_alias():
    assert "泾河光伏产业园" in items(by_id["parks"]["jinghe_pv"]["aliases_zh"])


# --------------------------------------------------------------------------
# sectors

SECTOR_ROWS = [pytest.param(r, id=r["key"]) for r in TABLES["sectors"]]


def sector_terms(key):
    r = SECTORS[key]
    return [r["key"], r["name_zh"], r["name_en"]] + items(r["synonyms"])


@pytest.mark.parametrize("row", SECTOR_ROWS)
def test_sector_row(row):
    assert re.fullmatch(r"#[0-9a-f]{6}", row["color"]), row["color"]
    if row["cluster"]:
        assert row["cluster"] in CLUSTERS, f"cluster {row['cluster']} is not a cluster row"
        others = {SECTORS[c]["color"] for c in CLUSTERS if c != row["cluster"]}
        assert row["color"] not in others, "member coloured like another cluster"
        # the cluster assignment is quoted, or openly listed as editorial
        quoted = any(p["field"] == "cluster" for p in quotes_of("sectors", row["key"]))
        assert quoted or row["name_zh"] in EDITORIAL_NOTE, \
            "cluster assignment neither quoted nor listed as editorial"


def test_cluster_colours_distinct():
    colours = [SECTORS[c]["color"] for c in CLUSTERS]
    assert len(colours) == len(set(colours))


def test_required_clusters():
    for key, zh in [("new_energy", "新能源"), ("digital_economy", "数字经济"), ("big_health", "大健康")]:
        assert key in CLUSTERS and SECTORS[key]["name_zh"] == zh


def test_search_terms_unambiguous():
    seen = {}
    for key in SECTORS:
        for term in sector_terms(key):
            n = norm(term)
            assert seen.get(n, key) == key, f"{term!r} names both {seen[n]} and {key}"
            seen[n] = key


@pytest.mark.parametrize("table", ["parks", "new_cities"])
def test_referenced_sector_keys_exist(table):
    for row in TABLES[table]:
        keys = items(row["sectors"])
        assert keys and len(keys) == len(set(keys)), row["id"]
        unknown = [k for k in keys if k not in SECTORS]
        assert not unknown, f"{row['id']}: {unknown}"


WORDING_COLS = {"parks": ["sector_wording_zh"],
                "new_cities": ["business_forms_zh", "focus_industries_zh"]}
SECTOR_TAGGED = [pytest.param(t, r, id=f"{t}:{r['id']}") for t in WORDING_COLS for r in TABLES[t]]


@pytest.mark.parametrize("table,row", SECTOR_TAGGED)
def test_sectors_match_wording(table, row):
    keys = items(row["sectors"])
    zh_terms = {k: [SECTORS[k]["name_zh"]] + [t for t in items(SECTORS[k]["synonyms"])
                                              if re.search(r"[\u4e00-\u9fff]", t)]
                for k in keys}
    # every industry as worded maps to at least one of the record's sectors
    for col in WORDING_COLS[table]:
        for item in items(row[col]):
            assert any(norm(t) in norm(item) for k in keys for t in zh_terms[k]), \
                f"{col} item {item!r} matches none of {keys}"
    # every sector of the record is named in one of its quotes
    text = norm("".join(squash(p["quote"]) for p in quotes_of(table, row["id"])))
    for k in keys:
        assert any(norm(t) in text for t in zh_terms[k]), f"sector {k} not named in the quotes"


ATLAS = atlas.load()


def resolve(query):
    return set(ATLAS.taxonomy.resolve(query))


def parks_matching(query):
    return set(query_mod.parks(ATLAS, sector=query)["id"])


@pytest.mark.parametrize("query", ["光伏", "photovoltaic", "太阳能光伏", "ＰＶ"])
def test_photovoltaic_only_jinghe_pv(query):
    assert parks_matching(query) == {"jinghe_pv"}


@pytest.mark.parametrize("query", ["生物医药", "临空生物医药", "Biomedicine"])
def test_biomedicine_exactly_the_konggang_parks(query):
    assert parks_matching(query) == {"konggang_ftz_blue_bay", "konggang_aviation_economy"}


def test_life_sciences_is_not_biomedicine():
    assert "life_sciences" in items(by_id["parks"]["qinhan_health"]["sectors"])
    assert SECTORS["life_sciences"]["cluster"] == "big_health"
    assert "qinhan_health" not in parks_matching("生物医药")


def test_intelligent_connected_vehicles():
    assert parks_matching("智能网联汽车") == {"fengxi_ai", "qinhan_autonomous_driving"}


def test_new_energy_cluster_members():
    members = resolve("新能源")
    assert {"photovoltaic", "hydrogen", "new_energy_vehicles",
            "intelligent_connected_vehicles"} <= members
    assert {"jinghe_pv", "fengxi_ai", "qinhan_autonomous_driving"} <= parks_matching("新能源")


# --------------------------------------------------------------------------
# corridors

CORR = by_id["corridors"]
NODES = {"xian_hitech_zone": "西安高新区", "changan_university_town": "长安大学城",
         "aerospace_base": "航天基地", "econ_dev_zone": "经开区",
         "weibei_new_city": "渭北新城", "yanliang": "阎良区"}


@pytest.mark.parametrize("row", TABLES["corridors"], ids=[r["id"] for r in TABLES["corridors"]])
def test_corridor_row(row):
    assert row["kind"] in CORRIDOR_KINDS
    if row["kind"] == "belt":
        assert not row["belt"] and items(row["members"])
        for m in items(row["members"]):
            assert m in NC or (m in CORR and CORR[m]["kind"] == "node"), m
            owner = NC[m]["belt"] if m in NC else CORR[m]["belt"]
            assert owner == row["id"], f"{m} lists belt {owner!r}"
    elif row["kind"] == "node":
        assert not row["members"]
        if row["belt"]:  # the seeds must say so, and the belt must list the node
            assert CORR[row["belt"]]["kind"] == "belt"
            assert row["id"] in items(CORR[row["belt"]]["members"])
            assert any(p["field"] == "belt" for p in quotes_of("corridors", row["id"])), \
                "node belt has no quote"
    else:
        assert not row["belt"]


def test_corridor_ids():
    assert CORR["general_window"]["kind"] == "window"
    assert CORR["general_window"]["name_zh"] == "秦创原总窗口"
    assert "西部科技创新港" in CORR["general_window"]["role_zh"]
    assert items(CORR["sci_tech_belt"]["members"])[:2] == ["fengdong", "fengxi"]
    assert {"qinhan", "jinghe", "konggang"} <= set(items(CORR["adv_manufacturing_belt"]["members"]))
    for nid, zh in NODES.items():
        assert CORR[nid]["kind"] == "node" and CORR[nid]["name_zh"] == zh
    for i, r in NC.items():  # a new city's belt lists it as a member
        if r["belt"]:
            assert i in items(CORR[r["belt"]]["members"])


# --------------------------------------------------------------------------
# platforms

EXPECTED_PLATFORMS = {
    "western_innovation_harbour": "fengxi", "aoxiang_town": "fengxi",
    "western_cloud_valley": "fengxi", "hard_tech_town": "fengxi",
    "jinghe_bay_academician_zone": "jinghe", "fengdong_sci_tech_base": "fengdong",
    "eco_island": "fengxi", "dayi_sci_tech_city": "qinhan", "incubator_base": "fengdong",
    "accelerator_zone": "fengxi", "promoter_zone": "jinghe",
    "data_intelligence_verification": "fengxi", "unmanned_systems_verification": "fengxi",
    "advanced_laser_verification": "fengxi", "biomedicine_verification": "qinhan",
    "konggang_microelectronics_pilot": "konggang",
}


def test_platform_set_and_cities():
    got = {i: r["new_city"] for i, r in by_id["platforms"].items()}
    assert got == EXPECTED_PLATFORMS


@pytest.mark.parametrize("row", TABLES["platforms"], ids=[r["id"] for r in TABLES["platforms"]])
def test_platform_row(row):
    assert row["kind"] in PLATFORM_KINDS
    assert row["new_city"] in NC
    assert any(p["field"] in ("new_city", "*") for p in quotes_of("platforms", row["id"])), \
        "no quote locating the platform"


def test_three_engine_bases_match_new_cities():
    bases = {r["new_city"] for r in TABLES["platforms"] if r["kind"] == "three_engines_base"}
    assert bases == {i for i, r in NC.items() if r["three_engines_role"]}


def test_biomedicine_verification_names_three_carriers():
    role = by_id["platforms"]["biomedicine_verification"]["role_zh"]
    for carrier in ["大医科技城", "空港生物科学医药产业园", "梅里众诚动物疫苗生产基地"]:
        assert carrier in role
    assert "three carriers" in by_id["platforms"]["biomedicine_verification"]["role_en"]


# --------------------------------------------------------------------------
# indicators (表1)

IND = TABLES["indicators"]


def test_indicators_are_table_1():
    assert [r["seq"] for r in IND] == [str(i) for i in range(1, 8)]
    assert [(r["value_2020"], r["value_2025"]) for r in IND] == [
        ("241", "2000"), ("611", "3000"), ("80", "230"), ("", "12"),
        ("34", "50"), ("19.1", "25.5"), ("2", "25")]
    assert [r["unit"] for r in IND] == ["家", "家", "亿元", "件", "%", "%", "家"]


@pytest.mark.parametrize("row", IND, ids=[r["id"] for r in IND])
def test_indicator_row_quoted_from_table_1(row):
    rows_q = [p for p in quotes_of("indicators", row["id"]) if p["locator"] == "表1"]
    assert rows_q, "no 表1 quote"
    q = rows_q[0]["quote"]
    assert re.match(rf"{row['seq']}\s", q), "表1 quote does not start with the row number"
    for v in (row["value_2020"], row["value_2025"]):
        if v:
            Decimal(v)
            assert Decimal(v) in numbers(q)
    if not row["value_2020"]:
        assert "—" in q


# --------------------------------------------------------------------------
# discrepancies

REQUIRED_DISCREPANCIES = {
    "eleventh_park_missing": "missing_member",
    "jinghe_pv_name": "name_variant",
    "ocr_fengdong_spelling": "ocr_spelling",
    "ocr_fengxi_spelling": "ocr_spelling",
    "eco_island_name": "name_variant",
    "high_tech_enterprises_2020": "value_mismatch",
    "seven_clusters_partial": "missing_member",
    "unlocated_pilot_platforms": "unlocated",
    "adv_belt_name": "name_variant",
    "jinghe_two_parks_one_zone": "name_variant",
    "medical_complex_name": "name_variant",
    "konggang_bio_park_name": "name_variant",
    "tech_market_name": "name_variant",
    "regional_centre_basis": "value_mismatch",
    "chapter7_duplicate_section": "count_mismatch",
    "hydrogen_placement": "value_mismatch",
    "belt_partner_or_member": "value_mismatch",
    "konggang_business_forms": "value_mismatch",
    "energy_zone_business_forms": "value_mismatch",
}

#: words planners should never meet in a discrepancy: ids, keys and column names
_NOT_PLAIN = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")


@pytest.mark.parametrize("row", TABLES["discrepancies"],
                         ids=[r["id"] for r in TABLES["discrepancies"]])
def test_discrepancy_text_is_plain_language(row):
    for col in ("description_zh", "description_en"):
        assert not _NOT_PLAIN.findall(row[col]), (col, _NOT_PLAIN.findall(row[col]))
        assert not any(c in row[col] for c in COLUMNS["parks"] + COLUMNS["platforms"]
                       if "_" in c), col


def test_required_discrepancies_recorded():
    got = {i: r["kind"] for i, r in by_id["discrepancies"].items()}
    for i, kind in REQUIRED_DISCREPANCIES.items():
        assert got.get(i) == kind, i


@pytest.mark.parametrize("row", TABLES["discrepancies"],
                         ids=[r["id"] for r in TABLES["discrepancies"]])
def test_discrepancy_row(row):
    assert row["kind"] in DISCREPANCY_KINDS
    assert row["subject_table"] in COLUMNS
    if row["subject_id"]:
        assert row["subject_id"] in by_id[row["subject_table"]]
    if row["kind"] in TWO_SIDED_KINDS:
        assert len(quotes_of("discrepancies", row["id"])) >= 2, "quote both sides"


def test_discrepancy_values_match_quotes():
    q = " ".join(p["quote"] for p in quotes_of("discrepancies", "high_tech_enterprises_2020"))
    assert {Decimal(241), Decimal(244)} <= numbers(q)
    q = " ".join(p["quote"] for p in quotes_of("discrepancies", "unlocated_pilot_platforms"))
    assert q.count("中试平台") >= 4
