"""One page, both languages, in Chromium with the network blocked: the zh/en switch swaps
the text in place, keeps the filter in the URL, and a deep link opens in its language."""

import pytest

from atlas.render.web import pages as webmap
from tests.test_browser import browser, site, url, visit, write_site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

FILTER = "#sector=光伏&new-city=泾河新城"


def _chip(v, value):
    # the chip's value follows the language too, so hold the element itself
    return v.page.query_selector(f"[data-atlas-filter][data-atlas-value='{value}']")


def _popup(v, park):
    v.page.click(f"[data-atlas-zoom='parks:{park}']")
    popup = v.page.locator(".leaflet-popup-content")
    popup.wait_for()
    return popup.inner_text()


def test_switch_swaps_text_in_place_and_keeps_the_filter(site, visit):  # noqa: F811
    v = visit(url(site, "parks.html", FILTER)).ready()
    page = v.page
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert v.visible_parks() == ["jinghe_pv"]
    chip = _chip(v, "光伏")
    title_zh, chip_zh = page.title(), chip.inner_text()
    assert "园区" in title_zh and chip_zh.startswith("光伏") and "photovoltaic" not in chip_zh
    popup_zh = _popup(v, "jinghe_pv")
    assert "勾绘依据" in popup_zh and "Drawn from" not in popup_zh
    heading_zh = page.inner_text("#atlas-side h1")
    view = v.js("() => [atlas.map.getCenter().lat, atlas.map.getCenter().lng, atlas.map.getZoom()]")

    switch = page.get_by_role("button", name="English")
    switch.focus()
    page.keyboard.press("Enter")  # keyboard-usable
    assert page.get_attribute("html", "lang") == "en"
    assert v.fragment() == FILTER and "lang=en" in v.js("() => location.search")
    assert v.visible_parks() == ["jinghe_pv"] and v.count() == 1  # the filter holds
    chip_en = chip.inner_text()
    assert chip_en.lower().startswith("photovoltaic") and "光伏" not in chip_en
    assert page.title() != title_zh and "Parks" in page.title() or "parks" in page.title()
    heading_en = page.inner_text("#atlas-side h1")
    assert heading_en != heading_zh and not any("\u4e00" <= c <= "\u9fff" for c in heading_en)
    popup_en = page.locator(".leaflet-popup-content").inner_text()  # the open popup redrawn
    assert "Drawn from" in popup_en and "勾绘依据" not in popup_en
    assert view == v.js("() => [atlas.map.getCenter().lat, atlas.map.getCenter().lng, atlas.map.getZoom()]")
    legend = page.inner_text("#atlas-legend")
    layers = page.inner_text(".atlas-layers summary")
    assert layers == "Layers" and "Legend" in legend
    # links to the other pages keep the language
    assert "lang=en" in page.get_attribute(".atlas-nav a[href*='index.html']", "href")
    # the workbench speaks it too: the total, and the figure command asks for it
    assert page.inner_text("#atlas-total").startswith("Total ")
    assert "--lang en " in page.inner_text("#atlas-figure-cmd")

    # a filter change after the switch keeps the language
    page.click("[data-atlas-filter='all']")
    assert v.count() == 10 and "lang=en" in v.js("() => location.search")
    # a new history entry (a link to another filter), then Back: the filter comes back and
    # the page stays in English
    v.js("() => { location.hash = '#sector=' + encodeURIComponent('生物医药'); }")
    page.wait_for_function("() => document.querySelectorAll('[data-atlas-park]:not([hidden])').length === 2")
    page.go_back()
    page.wait_for_function("() => document.querySelectorAll('[data-atlas-park]:not([hidden])').length === 10")
    assert page.get_attribute("html", "lang") == "en" and "lang=en" in v.js("() => location.search")
    assert chip.inner_text() == chip_en
    page.go_forward()
    page.wait_for_function("() => document.querySelectorAll('[data-atlas-park]:not([hidden])').length === 2")
    assert page.get_attribute("html", "lang") == "en"
    v.js("() => { location.hash = " + repr(FILTER) + "; }")
    page.wait_for_function("() => document.querySelectorAll('[data-atlas-park]:not([hidden])').length === 1")

    page.get_by_role("button", name="中文").click()
    assert page.get_attribute("html", "lang") == "zh-CN" and page.title() == title_zh
    assert page.inner_text("#atlas-total").startswith("合计")
    assert "--lang zh " in page.inner_text("#atlas-figure-cmd")
    assert chip.inner_text() == chip_zh and v.fragment() == FILTER
    assert not v.errors and not v.blocked


# every text of the map, the legend and the total, as it is added or changed, that has
# Chinese in it (the page's static text is in both languages, one hidden by CSS)
_WATCH_CJK = """window.cjkSeen = [];
function texts(n) {
  if (n.nodeType === 3) return [n];
  const out = [], walk = document.createTreeWalker(n, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) out.push(walk.currentNode);
  return out;
}
new MutationObserver(list => list.forEach(m => {
  const added = m.type === 'characterData' ? [m.target] : [...m.addedNodes];
  added.flatMap(texts).forEach(t => {
    const el = t.parentElement;
    if (!el || !el.closest('.leaflet-container, #atlas-total, .atlas-legend')) return;
    // the static text's Chinese half, hidden by CSS on an English page
    if (el.closest('.leaflet-control-attribution, .l10n[lang|="zh"]')) return;
    if (/[\\u4e00-\\u9fff]/.test(t.data)) window.cjkSeen.push(t.data.slice(0, 40));
  });
})).observe(document, {childList: true, subtree: true, characterData: true});"""


def test_deep_link_with_a_language_opens_in_it(site, visit):  # noqa: F811
    v = visit("about:blank")
    v.page.add_init_script(_WATCH_CJK)
    v.page.goto(url(site, "parks.html", "") + "?lang=en" + FILTER)
    # in English before anything is painted: the map waits for its words, then draws once
    assert v.page.evaluate("() => document.documentElement.lang") == "en"
    v.ready()
    assert v.page.get_attribute("html", "lang") == "en"
    assert v.js("() => window.cjkSeen") == []  # no Chinese label, tip or total on the way
    assert v.visible_parks() == ["jinghe_pv"]
    assert "Drawn from" in _popup(v, "jinghe_pv")
    labels = v.js("() => [...document.querySelectorAll('.atlas-label-text')].map(e => e.textContent)")
    assert labels and not any("\u4e00" <= c <= "\u9fff" for t in labels for c in t)
    assert not v.errors


@pytest.fixture(scope="module")
def site_en_default(real_atlas, tmp_path_factory):
    return write_site(webmap.render_pages(real_atlas, lang="en"),
                      tmp_path_factory.mktemp("site_en_default"))


@pytest.mark.parametrize("name", ["index.html", "parks.html", "overview.html"])
def test_english_default_build_opens_in_english_and_switches(site_en_default, visit, name):
    v = visit(url(site_en_default, name))
    v.page.wait_for_load_state("load")
    page = v.page
    assert page.get_attribute("html", "lang") == "en"
    text = page.inner_text("body")
    heading = page.inner_text("h1")
    assert not any("\u4e00" <= c <= "\u9fff" for c in heading)
    page.get_by_role("button", name="中文").click()
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert any("\u4e00" <= c <= "\u9fff" for c in page.inner_text("h1"))
    assert page.inner_text("body") != text and not v.errors


def test_without_decompression_a_map_page_draws_and_says_it_cannot_switch(site, visit):  # noqa: F811
    v = visit("about:blank")
    v.page.add_init_script("delete window.DecompressionStream")
    v.page.goto(url(site, "parks.html", FILTER))
    v.ready()
    assert v.visible_parks() == ["jinghe_pv"] and v.drawn_parks()
    assert v.page.locator("[data-atlas-lang-switch]").is_disabled()
    bar = v.page.inner_text(".atlas-lang-bar")
    assert "无法切换语言" in bar and "cannot switch" in bar
    assert v.page.get_attribute("html", "lang") == "zh-CN" and not v.errors
