"""Shared fixtures. Add fixtures here; do not rename existing ones."""

import shutil
from pathlib import Path

import pytest

from atlas.core import settings
from tests.browser import CHROMIUM_PATH, launch


@pytest.fixture(scope="session", autouse=True)
def _session_build_cache(tmp_path_factory):
    """Builds in the tests cache into a folder of the session, never the user's cache."""
    import os

    before = os.environ.get("ATLAS_CACHE")
    os.environ["ATLAS_CACHE"] = str(tmp_path_factory.mktemp("atlas-cache"))
    yield
    if before is None:
        os.environ.pop("ATLAS_CACHE", None)
    else:
        os.environ["ATLAS_CACHE"] = before


#: the day conftest pins SOURCE_DATE_EPOCH to (2023-11-14T22:13:20Z)
SOURCE_DATE_EPOCH = "1700000000"
BUILD_DAY = "2023-11-14"


@pytest.fixture(scope="session", autouse=True)
def _source_date():
    """Builds carry their date (the parks page prints it): pinned, so two builds of a test
    give the same bytes even across midnight."""
    import os

    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    yield
    if before is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = before


@pytest.fixture(autouse=True)
def _test_build_cache(monkeypatch, tmp_path_factory):
    """Each test starts with an empty build cache (except the PDF font, made once), so a
    test that breaks a step sees it run; module fixtures keep the session's cache."""
    import os

    session = os.environ["ATLAS_CACHE"]
    fresh = tmp_path_factory.mktemp("cache")
    fonts = Path(session) / "fonts"
    if fonts.is_dir():
        (fresh / "fonts").symlink_to(fonts)
    monkeypatch.setenv("ATLAS_CACHE", str(fresh))


@pytest.fixture(scope="session")
def shipped_html_cache(tmp_path_factory):
    """A build cache that holds an HTML-only Chinese build of the shipped data (`atlas build
    --html-only`), made once: see warm_cache."""
    import os

    from atlas.cli import main

    cache = tmp_path_factory.mktemp("warm-cache")
    fonts = Path(os.environ["ATLAS_CACHE"]) / "fonts"
    if fonts.is_dir():
        (cache / "fonts").symlink_to(fonts)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ATLAS_CACHE", str(cache))
        out = tmp_path_factory.mktemp("warm-build") / "maps_out"
        assert main(["build", "--out", str(out), "--html-only"]) == 0
    return cache


@pytest.fixture
def warm_cache(shipped_html_cache, monkeypatch):
    """For tests of the output folder, not of rendering: an HTML-only build of the shipped
    data takes its pages from a cache that already holds them (about a second, not five).
    Rendering, and cached == clean, are tested with empty caches elsewhere."""
    monkeypatch.setenv("ATLAS_CACHE", str(shipped_html_cache))
    return shipped_html_cache


@pytest.fixture(scope="session")
def real_atlas():
    """The shipped data, loaded once."""
    import atlas

    return atlas.load()


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the shipped geodata/ to break on purpose."""
    target = tmp_path / "geodata"
    shutil.copytree(settings.default_data_dir, target)
    return target


# --- a small synthetic atlas (figures, report and embed tests) -----------------------------
# Built from scratch in a temporary folder so those tests run whatever state the shipped
# data is in. Geometry is schematic but sits where the real new cities are, so the
# figures' extents, scale bars and insets behave as with the real data.

import csv as _csv
import json as _json


def _box(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


_SYN_SECTORS = [
    # key, name_zh, name_en, cluster, synonyms, color
    ("new_energy", "新能源", "new energy", "", "", "#e6550d"),
    ("photovoltaic", "光伏", "photovoltaic", "new_energy", "PV;太阳能", "#e6550d"),
    ("hydrogen", "氢能", "hydrogen", "new_energy", "", "#e6550d"),
    ("digital_economy", "数字经济", "digital economy", "", "", "#3182bd"),
    ("ai", "人工智能", "artificial intelligence", "digital_economy", "AI", "#3182bd"),
    ("big_health", "大健康", "big health", "", "", "#31a354"),
    ("biomedicine", "生物医药", "biomedicine", "big_health", "", "#31a354"),
    ("advanced_manufacturing", "先进制造", "advanced manufacturing", "", "", "#756bb1"),
    ("new_materials", "新材料", "new materials", "advanced_manufacturing", "", "#756bb1"),
]
_SYN_CITIES = [
    # id, zh, en, short_zh, short_en, zone_type, belt, box
    ("fengdong", "沣东新城", "Fengdong New City", "沣东", "Fengdong", "new_city", "sci_tech_belt",
     (108.70, 34.20, 108.86, 34.31)),
    ("fengxi", "沣西新城", "Fengxi New City", "沣西", "Fengxi", "new_city", "sci_tech_belt",
     (108.60, 34.22, 108.70, 34.34)),
    ("qinhan", "秦汉新城", "Qinhan New City", "秦汉", "Qinhan", "new_city", "adv_manufacturing_belt",
     (108.66, 34.36, 108.92, 34.44)),
    ("konggang", "空港新城", "Konggang New City", "空港", "Konggang", "new_city",
     "adv_manufacturing_belt", (108.68, 34.44, 108.86, 34.52)),
    ("jinghe", "泾河新城", "Jinghe New City", "泾河", "Jinghe", "new_city", "adv_manufacturing_belt",
     (108.90, 34.44, 109.04, 34.56)),
    ("energy_trade_zone", "能源金贸区", "Energy, Finance and Trade Zone", "能源金贸区",
     "Energy Trade Zone", "special_zone", "", (108.66, 34.26, 108.70, 34.30)),
]
_SYN_PARKS = [
    # id, name_zh, short_zh, name_en, short_en, city, sectors, anchors, target, qualifier, geometry
    ("fengdong_advanced_manufacturing", "西咸新区·沣东先进制造产业园", "沣东先进制造产业园",
     "Fengdong Advanced Manufacturing Park", "Fengdong Adv. Manufacturing", "fengdong",
     "advanced_manufacturing", "同力重工生产基地;日立能源生产基地", "120", "about",
     _box(108.72, 34.22, 108.76, 34.25)),
    ("fengdong_reform", "西咸新区·沣东统筹科技资源改革示范园", "沣东统筹科技资源改革示范园",
     "Fengdong Sci-Tech Resources Reform Park", "Fengdong Reform Park", "fengdong",
     "digital_economy", "视源股份西北区域总部", "100", "reach", _box(108.77, 34.22, 108.80, 34.25)),
    ("fengxi_ai", "西咸新区·沣西人工智能产业园", "沣西人工智能产业园", "Fengxi AI Park",
     "Fengxi AI Park", "fengxi", "ai;hydrogen", "秦川高档工业母机创新基地", "100", "about",
     _box(108.62, 34.30, 108.65, 34.33)),
    ("fengxi_digital", "西咸新区·沣西数字经济产业园", "沣西数字经济产业园",
     "Fengxi Digital Economy Park", "Fengxi Digital Economy", "fengxi", "digital_economy",
     "商汤科技西北区域总部;源杰半导体生产基地", "200", "about", _box(108.63, 34.24, 108.66, 34.27)),
    ("qinhan_autonomous", "西咸新区·秦汉自动驾驶产业园", "秦汉自动驾驶产业园",
     "Qinhan Autonomous Driving Park", "Qinhan Autonomous Driving", "qinhan",
     "advanced_manufacturing", "新能源汽车产业园", "200", "about", _box(108.70, 34.38, 108.74, 34.41)),
    ("qinhan_health", "西咸新区·秦汉大健康产业园", "秦汉大健康产业园", "Qinhan Big Health Park",
     "Qinhan Big Health", "qinhan", "big_health;new_materials", "大健康科技产业园", "100", "about",
     _box(108.75, 34.38, 108.78, 34.41)),
    ("konggang_bluebay", "西咸新区·空港自贸蓝湾产业园", "空港自贸蓝湾产业园",
     "Konggang Free Trade Blue Bay Park", "Konggang Blue Bay", "konggang", "biomedicine",
     "临空生命科技服务创新产业园", "70", "about", {"type": "Point", "coordinates": [108.74, 34.47]}),
    ("konggang_aviation", "西咸新区·空港临空经济产业园", "空港临空经济产业园",
     "Konggang Aviation Economy Park", "Konggang Aviation Economy", "konggang",
     "advanced_manufacturing", "微电子中试基地", "100", "about", _box(108.76, 34.46, 108.80, 34.49)),
    ("jinghe_pv", "西咸新区·泾河双碳光伏产业园", "泾河双碳光伏产业园", "Jinghe Dual-Carbon PV Park",
     "Jinghe PV Park", "jinghe", "photovoltaic;new_materials", "隆基光伏产业链项目", "1000",
     "strive_to_exceed", _box(108.93, 34.47, 108.97, 34.50)),
    ("jinghe_two_chains", "西咸新区·泾河两链融合示范园", "泾河两链融合示范园",
     "Jinghe Two-Chain Integration Park", "Jinghe Two-Chain Park", "jinghe",
     "advanced_manufacturing;new_materials", "西部超导泾河新城研发生产基地", "500", "about",
     _box(108.97, 34.51, 109.01, 34.54)),
]
_SYN_WORDING = {"about": "产值达到 {} 亿元左右", "reach": "产值达到 {} 亿元",
                "strive_to_exceed": "产值力争突破 {} 亿元"}


def write_synthetic_data(folder, seeds):
    """Write a complete, valid synthetic data folder and its seeds; returns (data, seeds)."""
    folder, seeds = Path(folder), Path(seeds)
    folder.mkdir(parents=True, exist_ok=True)
    seeds.mkdir(parents=True, exist_ok=True)
    quotes = []  # (table, id, quote)

    def table(name, fields, rows, sourced=True, key="id"):
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = _csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow(row)
                if sourced:
                    text = " ".join(str(v) for k, v in row.items() if k not in ("color",))
                    quotes.append((name, row[key], f"〔{name} {row[key]}〕{text}"))

    def layer(name, features, method="hand_digitized_from_description", precision=500):
        doc = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": geom, "properties": {
                "id": fid, "geocode_method": method, "precision_m": precision,
                "digitized_from": "synthetic test geometry"}}
            for fid, geom in features]}
        (folder / f"{name}.geojson").write_text(_json.dumps(doc, ensure_ascii=False), "utf-8")

    sector_fields = ["key", "name_zh", "name_en", "cluster", "synonyms", "color"]
    plan = {"new_energy", "digital_economy", "big_health"}
    table("sectors", sector_fields + ["origin"],
          [dict(zip(sector_fields, s),
                origin="" if s[3] else ("plan" if s[0] in plan else "atlas"))
           for s in _SYN_SECTORS], key="key")
    city_fields = ["id", "name_zh", "name_en", "short_zh", "short_en", "zone_type",
                   "business_forms_zh", "focus_industries_zh", "positioning_zh", "sectors",
                   "three_engines_role", "three_engines_role_en", "belt", "official_area_km2",
                   "official_area_source"]
    table("new_cities", city_fields, [
        {"id": c[0], "name_zh": c[1], "name_en": c[2], "short_zh": c[3], "short_en": c[4],
         "zone_type": c[5], "business_forms_zh": "", "focus_industries_zh": "",
         "positioning_zh": "", "sectors": "", "three_engines_role": "",
         "three_engines_role_en": "", "belt": c[6], "official_area_km2": "",
         "official_area_source": ""} for c in _SYN_CITIES])
    layer("new_cities", [(c[0], _box(*c[7])) for c in _SYN_CITIES])
    park_fields = ["id", "name_zh", "short_name_zh", "name_en", "short_name_en", "new_city",
                   "sectors", "sector_wording_zh", "anchor_projects_zh", "output_target_2025",
                   "target_qualifier", "target_wording_zh", "aliases_zh", "official_area_km2",
                   "official_area_source"]
    table("parks", park_fields, [
        {"id": p[0], "name_zh": p[1], "short_name_zh": p[2], "name_en": p[3],
         "short_name_en": p[4], "new_city": p[5], "sectors": p[6], "sector_wording_zh": "",
         "anchor_projects_zh": p[7], "output_target_2025": p[8], "target_qualifier": p[9],
         "target_wording_zh": _SYN_WORDING[p[9]].format(p[8]), "aliases_zh": ""}
        for p in _SYN_PARKS])
    layer("parks", [(p[0], p[10]) for p in _SYN_PARKS])
    table("carriers", ["id", "name_zh", "name_en", "new_city", "park", "location_level", "role",
                       "role_en"], [])
    table("place_targets", ["id", "subject", "name_zh", "name_en", "value_min", "value_max",
                            "unit", "qualifier", "year", "wording_zh"], [])
    corridor_fields = ["id", "kind", "name_zh", "name_en", "belt", "members", "role_zh", "role_en"]
    table("corridors", corridor_fields, [
        {"id": "general_window", "kind": "window", "name_zh": "秦创原总窗口",
         "name_en": "Qinchuangyuan General Window", "belt": "", "members": "", "role_zh": "",
         "role_en": ""},
        {"id": "sci_tech_belt", "kind": "belt", "name_zh": "秦创原科技创新示范带",
         "name_en": "Sci-Tech Innovation Demonstration Belt", "belt": "",
         "members": "fengdong;fengxi;xa_hitech", "role_zh": "", "role_en": ""},
        {"id": "adv_manufacturing_belt", "kind": "belt", "name_zh": "秦创原先进制造示范带",
         "name_en": "Advanced Manufacturing Demonstration Belt", "belt": "",
         "members": "qinhan;konggang;jinghe", "role_zh": "", "role_en": ""},
        {"id": "xa_hitech", "kind": "node", "name_zh": "西安高新区", "name_en": "Xi'an Hi-tech Zone",
         "belt": "sci_tech_belt", "members": "", "role_zh": "", "role_en": ""},
    ])
    layer("corridors", [
        ("general_window", _box(108.64, 34.25, 108.72, 34.31)),
        ("sci_tech_belt", {"type": "LineString",
                           "coordinates": [[108.62, 34.28], [108.78, 34.26], [108.88, 34.21]]}),
        ("adv_manufacturing_belt", {"type": "LineString",
                                    "coordinates": [[108.70, 34.40], [108.78, 34.47],
                                                    [108.98, 34.50]]}),
        ("xa_hitech", {"type": "Point", "coordinates": [108.88, 34.21]}),
    ], method="hand_placed_schematic", precision=2000)
    table("platforms", ["id", "name_zh", "name_en", "new_city", "kind", "role_zh", "role_en"], [
        {"id": "innovation_harbour", "name_zh": "西部科技创新港", "name_en": "Western China Science "
         "and Technology Innovation Harbour", "new_city": "fengxi", "kind": "carrier",
         "role_zh": "", "role_en": ""},
        {"id": "incubator_base", "name_zh": "立体联动孵化器总基地", "name_en": "Incubator base",
         "new_city": "fengdong", "kind": "three_engines_base", "role_zh": "", "role_en": ""},
    ])
    layer("platforms", [("innovation_harbour", {"type": "Point", "coordinates": [108.64, 34.29]}),
                        ("incubator_base", {"type": "Point", "coordinates": [108.80, 34.27]})],
          method="hand_placed_point", precision=1000)
    table("indicators", ["id", "seq", "name_zh", "name_en", "unit", "value_2020", "value_2025"], [
        {"id": "rd_intensity", "seq": "1", "name_zh": "研发投入强度", "name_en": "R&D intensity",
         "unit": "%", "value_2020": "2.5", "value_2025": "3.5"},
        {"id": "hitech_firms", "seq": "2", "name_zh": "高新技术企业数", "name_en":
         "High-tech enterprises", "unit": "家", "value_2020": "560", "value_2025": "2000"},
        {"id": "tech_contracts", "seq": "3", "name_zh": "技术合同成交额", "name_en":
         "Technology contract turnover", "unit": "亿元", "value_2020": "40", "value_2025": "100"},
        {"id": "labs", "seq": "4", "name_zh": "省级以上研发平台", "name_en": "Provincial R&D platforms",
         "unit": "个", "value_2020": "", "value_2025": "300"},
    ])
    table("discrepancies", ["id", "subject_table", "subject_id", "kind", "description_zh",
                            "description_en"], [
        {"id": "park_count", "subject_table": "parks", "subject_id": "", "kind": "count",
         "description_zh": "正文与图注的园区数不同", "description_en":
         "The text and the figure caption count the parks differently"},
    ])
    for name in ("context_districts", "context_cities"):
        shipped = settings.default_data_dir / f"{name}.geojson"
        if shipped.exists() and (settings.default_data_dir / f"{name}.csv").exists():
            doc = _json.loads(shipped.read_text("utf-8"))
            # keep the test independent of the shipped outlines' extent: clip to the envelope
            import shapely
            from shapely.geometry import box as _sbox, mapping, shape
            envelope = _sbox(*settings.context_envelope).buffer(-0.01)
            for feature in doc["features"]:
                clipped = shapely.intersection(shape(feature["geometry"]), envelope)
                feature["geometry"] = _json.loads(_json.dumps(mapping(clipped)))
            (folder / shipped.name).write_text(_json.dumps(doc, ensure_ascii=False), "utf-8")
            shutil.copy(settings.default_data_dir / f"{name}.csv", folder / f"{name}.csv")
    if not (folder / "context_cities.csv").exists():
        table("context_cities", ["id", "name_zh", "name_en"], [
            {"id": "c610100", "name_zh": "西安市", "name_en": "Xi'an"},
            {"id": "c610400", "name_zh": "咸阳市", "name_en": "Xianyang"}], sourced=False)
        layer("context_cities", [("c610100", _box(108.6, 33.7, 109.8, 34.3)),
                                 ("c610400", _box(107.7, 34.3, 109.1, 35.4))])
        table("context_districts", ["id", "name_zh", "name_en", "city_zh", "city_en"], [
            {"id": "d610112", "name_zh": "未央区", "name_en": "Weiyang District",
             "city_zh": "西安市", "city_en": "Xi'an"}], sourced=False)
        layer("context_districts", [("d610112", _box(108.78, 34.25, 109.04, 34.44))])
    # the national and Shanghai context (issue 14): one outline each, no zones or figures
    table("context_provinces", ["id", "name_zh", "name_en"],
          [{"id": "p610000", "name_zh": "陕西省", "name_en": "Shaanxi"}], sourced=False)
    layer("context_provinces", [("p610000", _box(105.5, 31.7, 111.2, 39.6))],
          method="extracted_cnmaps_simplified", precision=6000)
    table("context_prefectures", ["id", "name_zh", "name_en", "province_zh"],
          [{"id": "c610100", "name_zh": "西安市", "name_en": "Xi'an", "province_zh": "陕西省"}],
          sourced=False)
    layer("context_prefectures", [("c610100", _box(108.6, 33.7, 109.8, 34.3))],
          method="extracted_cnmaps_simplified", precision=1500)
    table("shanghai_districts", ["id", "name_zh", "name_en"],
          [{"id": "d310115", "name_zh": "浦东新区", "name_en": "Pudong New Area"}], sourced=False)
    layer("shanghai_districts", [("d310115", _box(121.4, 30.9, 121.9, 31.4))],
          method="extracted_cnmaps_simplified", precision=300)
    table("shanghai_places", ["id", "name_zh", "name_en", "district", "role_zh", "role_en"], [
        {"id": "zhangjiang", "name_zh": "张江科学城", "name_en": "Zhangjiang Science City",
         "district": "d310115", "role_zh": "", "role_en": ""}])
    layer("shanghai_places", [("zhangjiang", {"type": "Point", "coordinates": [121.6, 31.2]})],
          method="hand_placed_point", precision=5000)
    table("demo_zones", ["id", "seq", "name_zh", "name_en", "coverage_zh", "coverage", "approved",
                         "positioning_zh", "tasks_zh", "members", "members_basis",
                         "members_note_zh", "members_note_en"], [])
    table("innovation_centres", ["id", "seq", "kind", "name_zh", "name_en", "coverage_zh",
                                 "proposed_zh", "positioning_zh", "tasks_zh", "members",
                                 "not_stated", "note_zh", "note_en"], [])
    table("shanghai_benchmark", ["id", "seq", "topic", "place", "figure_zh", "xixian_zh"], [])
    table("rivers", ["id", "name_zh", "name_en"], [
        {"id": "wei", "name_zh": "渭河", "name_en": "Wei River"},
        {"id": "jing", "name_zh": "泾河", "name_en": "Jing River"},
        {"id": "feng", "name_zh": "沣河", "name_en": "Feng River"}], sourced=False)
    layer("rivers", [
        ("wei", {"type": "LineString", "coordinates": [[108.40, 34.30], [108.70, 34.33],
                                                        [108.90, 34.40], [109.20, 34.47]]}),
        ("jing", {"type": "LineString", "coordinates": [[108.80, 34.62], [108.95, 34.52],
                                                         [109.05, 34.45]]}),
        ("feng", {"type": "LineString", "coordinates": [[108.71, 34.05], [108.70, 34.20],
                                                         [108.71, 34.32]]}),
    ], method="extracted_cnmaps_simplified", precision=300)
    with open(folder / "provenance.csv", "w", encoding="utf-8", newline="") as fh:
        writer = _csv.writer(fh, lineterminator="\n")
        writer.writerow(["table", "id", "field", "file", "locator", "quote"])
        for name, key, quote in quotes:
            writer.writerow([name, key, "*", "900_synthetic.txt", "专栏 0", quote])
    (seeds / "900_synthetic.txt").write_text(
        "# 合成测试文本\n\n" + "\n".join(q for _, _, q in quotes) + "\n", encoding="utf-8")
    with open(seeds / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        writer = _csv.writer(fh, lineterminator="\n")
        writer.writerow(["file", "title", "publisher", "date", "language", "scope"])
        writer.writerow(["002_synthetic.txt", "西咸新区“十四五”科技创新发展规划（合成）",
                         "陕西省西咸新区开发建设管理委员会", "2022-08", "zh", "parks; indicators"])
        writer.writerow(["900_synthetic.txt", "Synthetic <test> & seed", "tests", "2024-01", "en",
                         "everything"])
    return folder, seeds


@pytest.fixture(scope="session")
def synthetic_data(tmp_path_factory):
    """(data_dir, seeds_dir) of a small, valid synthetic atlas."""
    base = tmp_path_factory.mktemp("synthetic")
    return write_synthetic_data(base / "geodata", base / "seeds")


@pytest.fixture(scope="session")
def synthetic_atlas(synthetic_data):
    """The synthetic atlas, loaded once (do not mutate it: deep-copy first)."""
    import atlas

    data, seeds = synthetic_data
    return atlas.load(data, seeds_dir=seeds)


# --- the web maps: script/template payloads in park names, a shared Chromium ---------------

#: markup and template syntax that must show as text wherever a park name appears
WEB_PAYLOADS = {
    "name_zh": "<img src=x onerror=alert(1)>",
    "short_name_zh": "{{ x }}",
    "name_en": "</script><script>alert(document.domain)</script>",
    "short_name_en": "<!-- {% if true %}x{% endif %}",
    "anchor_projects_zh": "<b onmouseover=alert(document.cookie)>粗体</b>;\"'><svg onload=alert(document.title)>",
}
WEB_PAYLOAD_PARK = "jinghe_pv"


def write_web_payload_data(target):
    """A copy of the shipped data with one park's names set to WEB_PAYLOADS.

    Every number in a row needs a quote: the '1' of alert(1) is backed by a verbatim
    line of the plan (图 1 …).
    """
    from tests import edit

    shutil.copytree(settings.default_data_dir, target)
    for field, value in WEB_PAYLOADS.items():
        edit.set_cell(target / "parks.csv", WEB_PAYLOAD_PARK, field, value)
    fields, rows = edit.read_rows(target / "provenance.csv")
    seed = next(settings.seeds_dir.glob("002_*.txt")).name
    rows.append({**{f: "" for f in fields}, "table": "parks", "id": WEB_PAYLOAD_PARK,
                 "field": "name_zh", "file": seed, "locator": "图 1",
                 "quote": "图 1 秦创原总窗口 10 大特色产业园区布局图"})
    edit.write_rows(target / "provenance.csv", fields, rows)
    return target


@pytest.fixture(scope="session")
def web_payload_data(tmp_path_factory):
    """A data folder whose park jinghe_pv is named with script and template payloads."""
    return write_web_payload_data(tmp_path_factory.mktemp("web_payload") / "geodata")




@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium (Playwright) per test module; skips without it.

    Module, not session, scope: Playwright's sync API cannot start while another of its
    instances is running in the thread, so a session-long one would break any test that
    calls sync_playwright() itself.
    """
    if not CHROMIUM_PATH.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        yield browser
        browser.close()
