"""The interactive atlas pages: offline, complete, escaped, deterministic (no browser here)."""

import html
import json
import os
import re

import dataclasses

import pytest

import atlas
from atlas.maps import catalog
from atlas.model import query
from atlas.core import settings
from atlas.render.web import assets as webassets
from atlas.render.web import payload as webdata
from atlas.output import files
from atlas.maps.words import source_name, source_title
from atlas.render import bilingual
from atlas.render.web import pages as webmap
from atlas.model.query import QueryError
from tests.conftest import WEB_PAYLOAD_PARK, WEB_PAYLOADS
from tests.procs import python_outputs

MAP_PAGES = catalog.NAMES

#: features per schema layer on each map page, for the shipped data
EXPECTED = {
    "overview": {"new_cities": 6, "parks": 10, "corridors": 9, "platforms": 16,
                 "context_districts": 7, "context_cities": 2, "rivers": 3},
    "parks": {"new_cities": 6, "parks": 10, "context_districts": 7, "rivers": 3},
    "output": {"new_cities": 6, "parks": 10, "context_districts": 7, "rivers": 3},
    "corridors": {"new_cities": 6, "corridors": 9, "platforms": 1, "context_districts": 7,
                  "rivers": 3},
    "national": {"context_provinces": 34, "zone_areas": 12, "context_prefectures": 17,
                 "centre_areas": 9},
    "shanghai": {"shanghai_districts": 16, "shanghai_places": 3},
}

PAYLOADS = WEB_PAYLOADS
XSS_PARK = WEB_PAYLOAD_PARK


def data_of(page):
    """The JSON data island of a map page, parsed."""
    m = re.search(r'<script type="application/json" id="atlas-data">(.*?)</script>', page.html, re.S)
    assert m, f"{page.filename} has no data island"
    return json.loads(m.group(1))


def by_name(pages):
    return {p.name: p for p in pages}


@pytest.fixture(scope="module")
def pages(real_atlas):
    return by_name(single(webmap.render_pages(real_atlas), "zh"))


@pytest.fixture(scope="module")
def pages_en(real_atlas):
    return by_name(single(webmap.render_pages(real_atlas, lang="en"), "en"))


def single(pages, lang):
    """The pages as a reader of ``lang`` sees them (each page carries both languages)."""
    return [dataclasses.replace(p, html=bilingual.single(p.html, lang)) for p in pages]


@pytest.fixture(scope="module")
def payload_atlas(web_payload_data):
    return atlas.load(web_payload_data)


# --- pages and their contents -----------------------------------------------------------


def test_page_api(pages):
    assert list(pages) == ["index"] + list(MAP_PAGES)
    for name, page in pages.items():
        assert isinstance(page, webmap.Page)
        assert page.filename == f"{name}.html"
        assert page.title_zh and page.title_en and page.html.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("name", MAP_PAGES)
def test_every_layer_has_a_legend_and_a_group(pages, name):
    data = data_of(pages[name])
    groups = {g["id"] for g in data["groups"]}
    for spec in data["layers"]:
        assert spec.get("legend") and spec["legend"]["items"], spec["id"]
        assert spec["group"] in groups


@pytest.mark.parametrize("name", MAP_PAGES)
def test_features_embedded_per_layer(pages, name):
    page = pages[name]
    assert page.drawn == EXPECTED[name]
    data = data_of(page)
    counted = {}
    for spec in data["layers"]:
        if spec["schema"]:
            counted.setdefault(spec["schema"], set()).update(f["id"] for f in spec["features"])
    assert {k: len(v) for k, v in counted.items()} == EXPECTED[name]


def test_overview_embeds_every_feature_of_every_layer(pages, real_atlas):
    for layer, n in pages["overview"].drawn.items():
        assert n == len(real_atlas.layers[layer]), layer


def test_corridors_mark_the_core_engine_of_the_window(pages):
    data = data_of(pages["corridors"])
    core = next(s for s in data["layers"] if s["id"] == "corridor_core")
    assert [f["id"] for f in core["features"]] == ["western_innovation_harbour"]
    assert "核心引擎" in core["features"][0]["lab"]["t"]


def test_corridor_nodes_carry_their_roles(pages, real_atlas):
    data = data_of(pages["corridors"])
    nodes = next(s for s in data["layers"] if s["id"] == "corridor_nodes")
    frame = real_atlas.corridors.set_index("id")
    assert len(nodes["features"]) == (frame["kind"] == "node").sum() == 6
    for f in nodes["features"]:
        row = frame.loc[f["id"]]
        assert f["pop"]["title"] == row["name_zh"]
        if row["role_zh"]:
            assert [webdata.FIELDS["zh"]["role"], row["role_zh"]] in f["pop"]["rows"]
        assert html.escape(row["name_zh"]) in pages["corridors"].html  # listed beside the map


def test_parks_popup_has_quote_target_and_indicative_intensity(pages, real_atlas):
    data = data_of(pages["parks"])
    parks = next(s for s in data["layers"] if s["id"] == "parks")
    pv = next(f for f in parks["features"] if f["id"] == "jinghe_pv")["pop"]
    rows = dict(map(tuple, pv["rows"]))
    assert rows["2025 年产值目标"] == "力争突破 1000 亿元"
    assert "km²" in rows["勾绘面积"] and "亩" in rows["勾绘面积"]
    assert rows["亩均产值"] == rows["地均产值"] == "无官方面积"  # outlines are schematic
    assert pv["notes"] == ["示意：按手工勾绘面积估算"]  # the Chinese page says it in Chinese
    row = real_atlas.parks.set_index("id").loc["jinghe_pv"]
    assert pv["src"] and {s["quote"] for s in pv["src"]} == {s["quote"] for s in row["sources"]}
    # named as a planner reads it: the plan's short title and locator, no file name
    assert {s["cite"] for s in pv["src"]} == {source_name(s["file"], s["locator"], "zh")
                                              for s in row["sources"]}
    assert pv["lists"][0][1] == list(row["anchor_projects_zh"])


def test_output_page_shows_classes_qualifiers_and_totals(pages, real_atlas):
    page = pages["output"]
    data = data_of(page)
    targets = next(s for s in data["layers"] if s["id"] == "targets")
    legend = [i["l"] for i in targets["legend"]["items"]]
    assert legend == webdata.style.target_class_labels("zh")
    labels = {f["id"]: f["lab"]["t"] for f in targets["features"]}
    assert "力争突破 1000 亿元" in labels["jinghe_pv"]
    assert "左右" in labels["fengdong_advanced_manufacturing"]
    assert 'id="atlas-totals"' in page.html
    assert "1,500" in page.html and "2,490" in page.html  # 泾河 total and the grand total


def test_every_page_credits_sources_and_the_caveat(pages):
    from atlas.maps.words import source_title

    for page in pages.values():
        text = page.html
        credit = catalog.get(page.name).credit if page.name in catalog.NAMES else None
        if credit is not None:  # the national and Shanghai maps name their own sources
            for file in credit.sources:
                assert html.escape(source_title(file, "zh"), quote=False) in text, page.filename
            assert credit.outlines("zh") in text and credit.made("zh") in text, page.filename
            continue
        assert "手工勾绘" in text, page.filename
        assert "科技创新发展规划" in text or "seed" in text, page.filename
    assert any(catalog.get(n).credit for n in catalog.NAMES)


def test_index_links_every_map_with_a_preview_and_lists_caveats(pages, real_atlas):
    index = pages["index"].html
    for name in MAP_PAGES:
        assert f'href="{name}.html"' in index
    assert index.count("<svg") == len(MAP_PAGES)
    for table in ("atlas-totals-new_city", "atlas-totals-belt", "atlas-totals-cluster",
                  "atlas-indicators", "atlas-areas"):
        assert f'id="{table}"' in index
    assert index.count("<tr>") > 20
    for row in real_atlas.discrepancies.itertuples():
        assert f'data-atlas-discrepancy="{row.id}"' in index
        assert html.escape(row.description_zh) in index
    for row in real_atlas.indicators.itertuples():
        assert html.escape(row.name_zh) in index
    if len(real_atlas.manifest):
        for file in real_atlas.manifest["file"]:  # each source by its short title
            assert html.escape(source_title(file, "zh")) in index
    assert "只按官方园区面积计算" in index  # no 亩均 from schematic outlines
    assert "按集群的合计彼此重叠" in index


# --- offline ----------------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s\"'<>\\)]+")


def test_no_page_loads_anything_from_the_network(pages):
    basemaps = webdata.basemaps("zh")
    templates = [b[k] for b in basemaps for k in ("url", "overlay") if k in b]
    for page in pages.values():
        assert webassets.remote_urls(page.html) == [], page.filename
        assert not re.search(r"<script[^>]+src=", page.html, re.I)
        assert not re.search(r"<link[^>]+href=", page.html, re.I)
        assert "cdn.jsdelivr" not in page.html and "code.jquery" not in page.html
        assert "cdnjs" not in page.html and "bootstrapcdn" not in page.html
        # any other http(s) text: inside Leaflet's own code and CSS (a link, the SVG
        # namespace, a comment), the SVG namespace, or a basemap's tile template in the data
        rest = page.html.replace(webassets.leaflet_js(), "").replace(webassets.leaflet_css(), "")
        for url in _URL.findall(rest):
            ok = url == "http://www.w3.org/2000/svg" or any(
                t.replace("&", "\\u0026").startswith(url) or t.startswith(url) for t in templates)
            assert ok, f"{page.filename}: unexpected URL {url}"


def test_leaflet_is_inlined_from_the_installed_package(pages):
    js = webassets.leaflet_js()
    assert 'version="1.9.3"' in js.replace(" ", "") or "1.9.3" in js
    assert "sourceMappingURL" not in js
    css = webassets.leaflet_css()
    assert "url(images/" not in css and "data:image/png;base64," in css
    for name in MAP_PAGES:
        page = pages[name].html
        assert js in page and css in page
        assert page.count("<script") >= 3


def test_tile_templates_only_in_the_basemap_list(pages):
    data = data_of(pages["overview"])
    ids = [b["id"] for b in data["basemaps"]]
    assert ids[:4] == ["none", "osm", "positron", "gaode"]
    assert data["basemap"] == "none"
    assert [b for b in data["basemaps"] if b["id"] == "gaode"][0]["gcj"] is True


def test_tianditu_only_with_a_key(real_atlas, monkeypatch):
    monkeypatch.delenv("TIANDITU_KEY", raising=False)
    assert "tianditu" not in [b["id"] for b in webdata.basemaps("zh")]
    with pytest.raises(ValueError, match="TIANDITU_KEY"):
        webmap.render_pages(real_atlas, basemap="tianditu")
    monkeypatch.setenv("TIANDITU_KEY", "abc&<def>")
    maps = webdata.basemaps("zh")
    tdt = [b for b in maps if b["id"] == "tianditu"][0]
    assert tdt["url"].endswith("tk=abc%26%3Cdef%3E") and "cva" in tdt["overlay"]


def test_unknown_basemap_and_language_are_refused(real_atlas):
    with pytest.raises(ValueError, match="basemap"):
        webmap.render_pages(real_atlas, basemap="google")
    with pytest.raises(ValueError, match="language"):
        webmap.render_pages(real_atlas, lang="fr")


# --- escaping ---------------------------------------------------------------------------


def test_payload_names_are_escaped_everywhere(payload_atlas):
    for page in webmap.render_pages(payload_atlas):
        text = page.html
        assert "<img src=x" not in text, page.filename
        assert "</script><script>alert" not in text, page.filename
        assert "<b onmouseover" not in text and "<svg onload" not in text, page.filename
        # the only raw '<!--' would be the payload's; none may appear at all
        assert "<!--" not in text, page.filename
        # template syntax is shown, never evaluated
        if page.name == "parks":
            assert "{{ x }}" in text
        if page.name in ("overview", "parks", "output"):
            data = data_of(page)
            parks = next(s for s in data["layers"] if s["id"] == "parks")
            f = next(f for f in parks["features"] if f["id"] == XSS_PARK)
            assert f["pop"]["title"] == PAYLOADS["name_zh"]
            assert f["pop"]["sub"] == PAYLOADS["name_en"]
    parks = [p for p in webmap.render_pages(payload_atlas) if p.name == "parks"][0]
    zh_view = bilingual.single(parks.html, "zh")
    assert html.escape(PAYLOADS["short_name_zh"]) in zh_view  # the park list, as text
    assert html.escape(PAYLOADS["short_name_en"]) not in zh_view  # zh view: Chinese names
    # the English view has the English name, as text
    assert html.escape(PAYLOADS["short_name_en"]) in bilingual.single(parks.html, "en")


def test_script_json_cannot_close_its_script():
    text = webassets.script_json({"a": "</script><!-- -->\u2028&"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- -->\u2028&"}


# --- determinism, language --------------------------------------------------------------


def test_two_renders_are_byte_identical(real_atlas, pages):
    again = by_name(single(webmap.render_pages(real_atlas), "zh"))
    for name, page in pages.items():
        assert again[name].html == page.html, name


_BUILD = """
import hashlib, sys
import atlas
from atlas.render.web import pages as webmap
for p in webmap.render_pages(atlas.load()):
    print(p.filename, hashlib.sha256(p.html.encode()).hexdigest())
"""


def test_identical_across_processes_and_hash_seeds():
    outs = python_outputs(_BUILD, [{"env": dict(os.environ, PYTHONHASHSEED=seed),
                                    "cwd": settings.root} for seed in ("1", "2")])
    assert outs[0] == outs[1] and outs[0].count("\n") == 7


def test_no_random_folium_ids(pages):
    for name in MAP_PAGES:
        assert "map_atlas" in pages[name].html
        assert not re.search(r"_[0-9a-f]{32}\b", pages[name].html), name


def test_language_switch(pages, pages_en, real_atlas):
    pv = real_atlas.parks.set_index("id").loc["jinghe_pv"]
    zh, en = pages["parks"].html, pages_en["parks"].html
    assert '<html lang="zh-CN">' in zh and '<html lang="en">' in en
    assert f"<title>{catalog.get('parks').title.zh}</title>" in zh
    assert f"<title>{catalog.get('parks').title.en}</title>" in en
    # the English view (its Chinese twin waits in the atlas-l10n data for the switch)
    shown = re.sub(r'<script type="application/json" id="atlas-l10n">.*?</script>', "", en)
    assert html.escape(pv["short_name_en"]) in en and "按产业" not in shown
    assert "By sector" in en
    data = data_of(pages_en["parks"])
    parks = next(s for s in data["layers"] if s["id"] == "parks")
    f = next(f for f in parks["features"] if f["id"] == "jinghe_pv")
    assert f["pop"]["title"] == pv["name_en"] and f["tip"] == pv["short_name_en"]
    assert dict(map(tuple, f["pop"]["rows"]))["2025 output target"] == "strive to exceed 1000 (100 M CNY)"
    assert '<html lang="en">' in pages_en["index"].html and "Headline figures" in pages_en["index"].html


# --- the CLI's filtered map -------------------------------------------------------------


def test_filtered_parks_map(real_atlas, tmp_path):
    out = files.write_filtered_parks_map(real_atlas, tmp_path / "pv.html", sector="光伏")
    assert out == tmp_path / "pv.html"
    page = webmap.Page("parks", "pv.html", "", "", out.read_text(encoding="utf-8"))
    data = data_of(page)
    parks = next(s for s in data["layers"] if s["id"] == "parks")
    assert [f["id"] for f in parks["features"]] == ["jinghe_pv"]
    assert data["parks"]["total"] == 1
    assert 'data-atlas-visible="1"' in page.html
    assert [p.name for p in tmp_path.iterdir()] == ["pv.html"]  # no temporary file left


@pytest.mark.parametrize("kwargs", [
    {"sector": "生物医药"}, {"cluster": "新能源"}, {"new_city": "泾河新城"},
    {"belt": "秦创原科技创新示范带"},
])
def test_filtered_map_holds_what_the_query_finds(real_atlas, tmp_path, kwargs):
    out = files.write_filtered_parks_map(real_atlas, tmp_path / "f.html", **kwargs)
    data = data_of(webmap.Page("parks", "f.html", "", "", out.read_text(encoding="utf-8")))
    parks = next(s for s in data["layers"] if s["id"] == "parks")
    assert [f["id"] for f in parks["features"]] == list(query.parks(real_atlas, **kwargs)["id"])


def test_filtered_map_that_matches_nothing_writes_nothing(real_atlas, tmp_path):
    with pytest.raises(QueryError, match="量子传送"):
        files.write_filtered_parks_map(real_atlas, tmp_path / "x.html", sector="量子传送")
    with pytest.raises(QueryError, match="no park matches"):
        files.write_filtered_parks_map(real_atlas, tmp_path / "x.html", sector="光伏",
                                        new_city="沣东新城")
    assert list(tmp_path.iterdir()) == []


def test_cli_map_parks(tmp_path, capsys):
    from atlas.cli import main

    out = tmp_path / "pv.html"
    assert main(["map", "parks", "--sector", "光伏", "--out", str(out)]) == 0
    assert out.exists() and "map_atlas" in out.read_text(encoding="utf-8")
    assert main(["map", "parks", "--sector", "量子传送", "--out", str(tmp_path / "y.html")]) == 2
    assert not (tmp_path / "y.html").exists()
