"""The parks workbench in Chromium (network blocked): totals, faceted chip counts, search,
history, copy link, downloads, the print layout (printed to PDF, read with pdftotext) and the
`atlas figure` command the page gives."""

import csv
import io
import json
import shlex
import shutil
import subprocess

import pytest

from atlas.cli import main
from atlas.maps.words import BENCH, target_total_text
from atlas.model import query
from tests.conftest import BUILD_DAY
from tests.test_browser import Visit, site, site_en, url  # noqa: F401  (fixtures)
from tests.test_workbench import SEARCHES

pytestmark = pytest.mark.browser

ALL = "button[data-atlas-filter='all']"


def chip(kind, value):
    return f"button[data-atlas-filter='{kind}'][data-atlas-value='{value}']"


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


@pytest.fixture
def visit(browser):
    opened = []

    def go(address, **kwds):
        v = Visit(browser, address, **kwds)
        opened.append(v)
        return v

    yield go
    for v in opened:
        v.close()


def chips(v, kind):
    return v.js("""k => [...document.querySelectorAll(`[data-atlas-filter='${k}']`)].map(b => ({
        value: b.getAttribute('data-atlas-value'), n: b.querySelector('.atlas-count').textContent,
        disabled: b.disabled, aria: b.getAttribute('aria-disabled')}))""", kind)


# --- totals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fragment, kwargs", [
    ("", {}),
    ("#new-city=泾河新城", {"new_city": "泾河新城"}),
    ("#sector=光伏", {"sector": "光伏"}),
    ("#cluster=数字经济", {"cluster": "数字经济"}),
    ("#belt=秦创原科技创新示范带", {"belt": "秦创原科技创新示范带"}),
])
def test_total_on_the_page_is_the_python_total(site, visit, real_atlas, fragment, kwargs):
    v = visit(url(site, "parks.html", fragment)).ready()
    expected = target_total_text(query.target_total(query.parks(real_atlas, **kwargs)))
    assert v.page.inner_text("#atlas-total") == expected
    assert v.page.inner_text("#atlas-print-total") == expected


def test_total_follows_the_filter(site, visit):
    v = visit(url(site, "parks.html")).ready()
    assert v.page.inner_text("#atlas-total").startswith("合计 2,490 亿元")
    v.page.click(chip("new-city", "泾河新城"))
    assert v.page.inner_text("#atlas-total") == "合计 1,500 亿元，其中 1,000 亿元为“力争突破”口径、500 亿元为“左右”口径"
    v.page.click(chip("sector", "光伏"))
    assert v.page.inner_text("#atlas-total") == "合计 1,000 亿元，其中 1,000 亿元为“力争突破”口径"


def test_english_total(site_en, visit):  # noqa: F811
    v = visit(url(site_en, "parks.html", "#new-city=Jinghe")).ready()
    assert v.page.inner_text("#atlas-total") == "Total 1,500 (100 M CNY), of which 1,000 is “strive to exceed”, 500 is “about”"


# --- faceted counts ------------------------------------------------------------------------


def test_chips_count_what_they_would_give_with_the_filters_on(site, visit, real_atlas):
    v = visit(url(site, "parks.html")).ready()
    v.page.click(chip("sector", "人工智能"))
    cities = {c["value"]: c for c in chips(v, "new-city")}
    assert cities["泾河新城"]["n"] == "(0)" and cities["泾河新城"]["disabled"]
    assert cities["泾河新城"]["aria"] == "true"
    for value, c in cities.items():
        n = len(query.parks(real_atlas, sector="人工智能", new_city=value))
        assert c["n"] == f"({n})" and c["disabled"] == (n == 0), value
    for c in chips(v, "belt"):
        n = len(query.parks(real_atlas, sector="人工智能", belt=c["value"]))
        assert c["n"] == f"({n})" and c["disabled"] == (n == 0), c["value"]
    # a sector chip replaces the sector, so it counts with the new city only
    v.page.click(chip("new-city", "沣西新城"))
    for c in chips(v, "sector"):
        n = len(query.parks(real_atlas, sector=c["value"], new_city="沣西新城"))
        assert c["n"] == f"({n})", c["value"]
    # a disabled chip cannot be chosen: clicking it changes nothing
    before = v.fragment()
    v.page.click(chip("new-city", "泾河新城"), force=True)
    assert v.fragment() == before and v.count() > 0


def test_disabled_chips_stay_readable(site, visit):
    v = visit(url(site, "parks.html", "#sector=人工智能")).ready()
    ratio = v.js("""() => {
        const b = document.querySelector("[data-atlas-filter='new-city'][data-atlas-value='泾河新城']");
        const lum = c => { const [r, g, b2] = c.match(/\\d+/g).map(Number).slice(0, 3).map(x => x / 255)
            .map(x => x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
            return 0.2126 * r + 0.7152 * g + 0.0722 * b2; };
        const s = getComputedStyle(b);
        const a = lum(s.color), z = lum(s.backgroundColor);
        return (Math.max(a, z) + 0.05) / (Math.min(a, z) + 0.05); }""")
    assert ratio >= 4.5


def test_no_results_sits_on_the_map_and_the_view_stays(site, visit):
    v = visit(url(site, "parks.html")).ready()
    zoom = v.js("() => atlas.map.getZoom()")
    v.page.fill("#atlas-search", "光伏 沣东")
    assert v.count() == 0
    note = v.page.locator(".atlas-map-none")
    assert note.is_visible() and note.inner_text() == BENCH["zh"]["none_map"]
    assert v.page.inner_text("#atlas-filter-msg") == ""  # not at the top of the side panel
    box, frame = note.bounding_box(), v.page.locator(".folium-map").bounding_box()
    assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
    assert frame["y"] <= box["y"] < frame["y"] + 100  # near the top of the map, in view
    assert v.js("() => atlas.map.getZoom()") == zoom
    v.page.fill("#atlas-search", "光伏")
    assert v.count() == 1 and not note.is_visible()


# --- search ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected, shown", [
    ("隆基", {"jinghe_pv"}, "隆基 → 重点项目 隆基光伏产业链项目"),
    ("泾河 光伏", {"jinghe_pv"}, "泾河 → 名称"),
    ("新能源", None, "新能源 → 产业"),
])
def test_search_box_finds_and_says_what_matched(site, visit, real_atlas, text, expected, shown):
    if expected is None:
        expected = set(query.search(real_atlas, text))
    v = visit(url(site, "parks.html")).ready()
    v.page.fill("#atlas-search", text)
    assert set(v.visible_parks()) == expected == set(v.drawn_parks())
    hits = v.js("() => [...document.querySelectorAll('[data-atlas-hit]')].filter(e => !e.hidden)"
                ".map(e => e.textContent)")
    assert len(hits) == len(expected) and all(h.startswith("搜索命中：") for h in hits)
    assert any(shown in h for h in hits)


def test_ai_does_not_match_airport_photovoltaic_or_chain(site, visit):
    v = visit(url(site, "parks.html")).ready()
    v.page.fill("#atlas-search", "AI")
    found = set(v.visible_parks())
    assert {"fengxi_ai", "fengxi_digital_economy"} <= found
    assert not found & {"konggang_aviation_economy", "jinghe_pv", "jinghe_two_chains"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_and_python_search_alike(site, site_en, visit, real_atlas, lang):  # noqa: F811
    v = visit(url(site if lang == "zh" else site_en, "parks.html")).ready()
    for text in SEARCHES:
        assert v.js("t => atlas.parks.searchHits(t)", text) == query.search(real_atlas, text, lang), text


def test_page_builds_the_name_index_python_resolves_with(site, visit, real_atlas):  # noqa: F811
    """The page no longer carries taxonomy_index's names: it rebuilds them from the sectors."""
    from atlas.render.web import payload

    v = visit(url(site, "parks.html")).ready()
    names = payload.taxonomy_index(real_atlas.taxonomy)["names"]
    assert v.js("() => atlas.parks.names()") == names and len(names) > 100
    for q in ("新能源", "photovoltaic", "PV", "临空"):
        assert v.js("q => atlas.parks.resolve(q)", q) == sorted(real_atlas.taxonomy.resolve(q)), q


# --- history -------------------------------------------------------------------------------


def test_back_and_forward_step_through_filters(site, visit):
    v = visit(url(site, "parks.html")).ready()
    start = v.js("() => history.length")
    v.page.click(chip("sector", "光伏"))
    v.page.click(chip("new-city", "泾河新城"))
    assert v.js("() => history.length") == start + 2
    assert v.fragment() == "#sector=光伏&new-city=泾河新城"
    v.page.fill("#atlas-search", "隆")
    v.page.type("#atlas-search", "基")  # one entry for a run of keystrokes
    assert v.js("() => history.length") == start + 3
    v.page.go_back()
    v.page.wait_for_function("() => document.getElementById('atlas-search').value === ''")
    assert v.fragment() == "#sector=光伏&new-city=泾河新城" and v.count() == 1
    v.page.go_back()
    v.page.wait_for_function("() => !location.hash.includes('new-city')")
    assert v.fragment() == "#sector=光伏" and v.count() == 1
    assert v.page.get_attribute(chip("sector", "光伏"), "aria-pressed") == "true"
    assert v.page.get_attribute(chip("new-city", "泾河新城"), "aria-pressed") == "false"
    v.page.go_back()
    v.page.wait_for_function("() => location.hash === ''")
    assert v.count() == 10 and v.page.url.endswith("parks.html")
    assert v.page.get_attribute(ALL, "aria-pressed") == "true"
    v.page.go_forward()
    v.page.wait_for_function("() => location.hash !== ''")
    assert v.fragment() == "#sector=光伏" and v.drawn_parks() == ["jinghe_pv"]
    assert v.errors == []


def test_opening_a_deep_link_adds_no_entry(site, visit):
    v = visit(url(site, "parks.html", "#sector=光伏"))
    first = v.js("() => history.length")
    v.ready()
    assert v.js("() => history.length") == first and v.fragment() == "#sector=光伏"


# --- take the answer away ----------------------------------------------------------------------


def test_copy_link_with_the_clipboard(site, visit):
    v = visit(url(site, "parks.html", "#new-city=泾河新城")).ready()
    v.js("() => { window.copied = []; navigator.clipboard.writeText = t => { copied.push(t); return Promise.resolve(); }; }")
    v.page.click("#atlas-copy")
    v.page.wait_for_function("() => document.getElementById('atlas-copy-msg').textContent !== ''")
    assert v.js("() => copied") == [v.js("() => location.href")]
    assert v.page.inner_text("#atlas-copy-msg") == BENCH["zh"]["copied"]


def test_copy_link_falls_back_to_a_selected_box(site, visit):
    v = visit(url(site, "parks.html", "#new-city=泾河新城")).ready()
    v.js("() => Object.defineProperty(navigator, 'clipboard', { value: undefined })")
    v.page.click("#atlas-copy")
    box = v.page.locator("#atlas-link")
    assert box.is_visible() and box.input_value() == v.js("() => location.href")
    assert v.js("() => { const e = document.getElementById('atlas-link');"
                " return document.activeElement === e && e.selectionEnd - e.selectionStart === e.value.length; }")


def download(v, button):
    with v.page.expect_download() as info:
        v.page.click(button)
    d = info.value
    return d.suggested_filename, open(d.path(), "rb").read()


def test_downloads_hold_the_filtered_parks(browser, site, real_atlas):
    v = Visit(browser, url(site, "parks.html", "#sector=光伏&new-city=泾河新城"))
    try:
        v.ready()
        v.page.click(chip("sector", "光伏"))  # off again: both 泾河 parks
        assert v.count() == 2
        name, raw = download(v, "#atlas-dl-csv")
        assert name == "parks-泾河新城.csv" and raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows[0] == BENCH["zh"]["columns"] and len(rows) - 1 == v.count()
        by_name = {r[0]: r for r in rows[1:]}
        pv = by_name["泾河双碳光伏产业园"]
        assert pv[3] == "1000" and pv[4] == "力争突破" and pv[5] == "产值力争突破 1000 亿元"
        assert "专栏11" in pv[6] and "「" in pv[6] and ".txt" not in pv[6]
        name, raw = download(v, "#atlas-dl-geojson")
        assert name == "parks-泾河新城.geojson"
        doc = json.loads(raw.decode("utf-8"))
        assert doc["type"] == "FeatureCollection" and len(doc["features"]) == v.count()
        assert {f["properties"]["id"] for f in doc["features"]} == {"jinghe_pv", "jinghe_two_chains"}
        for f in doc["features"]:
            assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
            rings = f["geometry"]["coordinates"] if f["geometry"]["type"] == "Polygon" else \
                f["geometry"]["coordinates"][0]
            ring = rings[0]
            area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:]))
            assert area > 0 and ring[0] == ring[-1]  # RFC 7946: exterior counter-clockwise
            assert all(not isinstance(x, (dict, list)) for x in f["properties"].values())
        assert v.blocked == [] and v.errors == []
    finally:
        v.close()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) missing")
def test_print_layout(site, visit, tmp_path):
    v = visit(url(site, "parks.html", "#sector=光伏&new-city=泾河新城")).ready()
    v.page.emulate_media(media="print")
    v.js("() => atlas.parks.forPrint()")
    pdf = tmp_path / "parks.pdf"
    v.page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    width, height = map(float, info.split("Page size:")[1].split("pts")[0].split(" x "))
    assert round(width) == 842 and round(height) == 595  # A4 landscape
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = "".join(text.split())
    assert "筛选：产业：光伏，新城：泾河新城（1/10个园区）" in flat
    assert "合计1,000亿元，其中1,000亿元为“力争突破”口径" in flat
    assert "泾河双碳光伏产业园" in flat and "图例" in flat and "来源" in flat
    # the build's date (conftest pins SOURCE_DATE_EPOCH), not the day it was printed
    assert f"图集构建于{BUILD_DAY}" in flat
    assert "北" in flat and "km" in text  # north arrow and scale bar
    for absent in ("全部园区", "按新城", "按示范带", "复制链接", "下载CSV", "打印\n", "图层",
                   "沣西新城Fengxi", "园区列表"):
        assert absent not in flat, absent


def test_figure_command_reproduces_the_filter(site, visit, tmp_path, capsys, real_atlas):
    v = visit(url(site, "parks.html", "#sector=光伏&new-city=泾河新城")).ready()
    command = v.page.inner_text("#atlas-figure-cmd")
    assert command == ("atlas figure parks --sector 光伏 --new-city 泾河新城 --lang zh "
                       "--size a4-landscape --dpi 300 --out parks-光伏-泾河新城.png")
    args = shlex.split(command)[1:]
    out = tmp_path / "figures" / "new" / "pv.png"
    args[args.index("--out") + 1] = str(out)  # a folder that does not exist yet
    assert main(args) == 0, capsys.readouterr().err
    from PIL import Image

    with Image.open(out) as img:
        assert round(img.info["dpi"][0]) == 300
    v.page.fill("#atlas-search", "隆基")
    assert v.page.locator("#atlas-figure-note").is_visible()
    assert "--sector 光伏" in v.page.inner_text("#atlas-figure-cmd")
    v.page.fill("#atlas-search", "it's")
    assert "'it'\"'\"'s'" not in v.page.inner_text("#atlas-figure-cmd")  # search is not in it


def test_a_filtered_map_keeps_its_filter_in_the_command_and_print_title(browser, real_atlas, tmp_path):
    from atlas.output import files

    out = files.write_filtered_parks_map(real_atlas, tmp_path / "jinghe.html", new_city="泾河新城")
    v = Visit(browser, out.as_uri())
    try:
        v.ready()
        assert v.page.inner_text("#atlas-figure-cmd") == (
            "atlas figure parks --new-city 泾河新城 --lang zh --size a4-landscape --dpi 300 "
            "--out parks-泾河新城.png")
        assert "新城：泾河新城" in v.page.inner_text("#atlas-print-title")
        v.page.click(chip("sector", "光伏"))
        assert "--sector 光伏 --new-city 泾河新城" in v.page.inner_text("#atlas-figure-cmd")
        assert v.js("() => atlas.parks.fileName('csv')") == "parks-光伏-泾河新城.csv"
    finally:
        v.close()
