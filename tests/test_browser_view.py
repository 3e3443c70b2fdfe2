"""The map is not hidden, labels, legends, phones and accessibility, in headless Chromium.

Every page of a zh build and an en build (home, report, embed and each map) is
opened with the network blocked.
"""

import pytest

from atlas.output import build as atlasbuild
from tests.browser import block_network

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


@pytest.fixture(scope="module")
def builds(real_atlas, tmp_path_factory):
    """{lang: folder} of two HTML-only builds."""
    out = {}
    for lang in ("zh", "en"):
        folder = tmp_path_factory.mktemp(f"view_{lang}") / "atlas"
        atlasbuild.build(real_atlas, folder, lang=lang, figures="none", jobs=1)
        out[lang] = folder
    return out


def pages_of(folder):
    found = sorted(p.name for p in folder.glob("*.html"))
    assert {"index.html", "report.html", "embed.html", "parks.html", "output.html",
            "national.html", "shanghai.html"} <= set(found)
    return found


def switch_language(page):
    """Press the page's zh/en switch; the language it was in and the one it is in now."""
    before = page.evaluate("() => document.documentElement.lang")
    page.click("[data-atlas-lang-switch]")
    page.wait_for_function("b => document.documentElement.lang !== b", arg=before)
    if page.evaluate("() => !!(window.atlas && atlas.map)"):
        page.wait_for_timeout(300)  # labels are placed again after the switch redraws them
    return before, page.evaluate("() => document.documentElement.lang")


def open_page(browser, url, viewport):
    context = browser.new_context(viewport=viewport)
    blocked, errors = [], []
    block_network(context, blocked)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    if page.evaluate("() => !!document.getElementById('atlas-data')"):
        page.wait_for_selector("html[data-atlas-ready='1']", state="attached", timeout=5000)
    return context, page, blocked, errors


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_has_no_wcag2_aa_violation(tour, builds, lang):
    found = {}
    for name, seen in tour(lang, DESKTOP).items():
        # as opened, then in the other language through the page's own switch
        assert seen["turns"][0]["lang"] != seen["turns"][1]["lang"], name
        for turn in seen["turns"]:
            result = turn["axe"]
            assert result["testEngine"]["name"] == "axe-core"
            assert result["passes"], name  # the WCAG rules ran and checked something
            found[(name, turn["lang"])] = [(v["id"], [n["target"] for n in v["nodes"]][:3])
                                           for v in result["violations"]]
        assert not seen["errors"] and not seen["blocked"], name
    assert len(found) == 2 * len(pages_of(builds[lang]))
    assert found == {where: [] for where in found}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_is_wider_than_a_phone(tour, lang):
    widths = {}
    for name, seen in tour(lang, PHONE).items():
        first = seen["turns"][0]
        widths[name] = first["width"]
        # the wide tables are still all there, scrolling inside their own box
        assert all(o in ("auto", "scroll") for o in first["overflow"]), (name, first["overflow"])
    assert len(widths) >= 7 and widths == {name: 390 for name in widths}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_pages_let_a_phone_user_zoom(builds, lang):
    for name in pages_of(builds[lang]):
        text = (builds[lang] / name).read_text(encoding="utf-8")
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
        assert "user-scalable" not in text and "maximum-scale" not in text, name


PANEL_OPEN = "() => document.querySelector('.atlas-control.atlas-layers').open"
PANEL_BOX = """() => { const r = document.querySelector('.atlas-control.atlas-layers').getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; }"""
PARK_BOXES = """() => Object.entries(atlas.layers.parks.features).map(([id, s]) => {
    const r = s.getElement().getBoundingClientRect(); return [id, [r.left, r.top, r.right, r.bottom]]; })"""


def overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("width,is_open", [(1400, True), (960, True), (899, False), (390, False)])
def test_layer_panel_starts_closed_on_narrow_screens(browser, builds, width, is_open):
    for name in ("parks.html", "output.html", "overview.html"):
        context, page, _, errors = open_page(browser, (builds["zh"] / name).as_uri(),
                                             {"width": width, "height": 800})
        assert page.evaluate(PANEL_OPEN) is is_open, (name, width)
        assert not errors
        context.close()


def test_layer_panel_starts_closed_in_an_embed(browser, builds, tmp_path):
    host = tmp_path / "host.html"
    host.write_text(f'<!doctype html><title>host</title><iframe title="atlas" width="960" height="720" '
                    f'src="{(builds["zh"] / "parks.html").as_uri()}"></iframe>', encoding="utf-8")
    context, page, _, errors = open_page(browser, host.as_uri(), DESKTOP)
    frame = page.frames[1]
    frame.wait_for_selector("html[data-atlas-ready='1']", state="attached", timeout=5000)
    assert frame.evaluate(PANEL_OPEN) is False
    # every park is drawn inside the frame's map, none under a control
    boxes = dict(frame.evaluate(PARK_BOXES))
    assert len(boxes) == 10 and all(b[2] > b[0] for b in boxes.values())
    assert not errors
    context.close()


@pytest.mark.parametrize("name", ["parks.html", "output.html"])
def test_the_open_layer_panel_hides_no_park_at_960(browser, builds, name):
    context, page, _, errors = open_page(browser, (builds["zh"] / name).as_uri(),
                                         {"width": 960, "height": 720})
    assert page.evaluate(PANEL_OPEN) is True
    panel = page.evaluate(PANEL_BOX)
    boxes = dict(page.evaluate(PARK_BOXES))
    assert len(boxes) == 10
    assert [pid for pid, box in boxes.items() if overlaps(box, panel)] == []
    assert not errors
    context.close()


def wait_still(page):
    page.wait_for_function("() => !atlas.map._animatingZoom && !atlas.map._panAnim?._inProgress")
    page.wait_for_timeout(400)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE])
def test_zoom_to_a_park_stops_where_its_precision_allows(browser, builds, viewport):
    context, page, _, errors = open_page(browser, (builds["zh"] / "parks.html").as_uri(), viewport)
    page.evaluate("() => atlas.focus('parks', 'fengxi_ai')")
    wait_still(page)
    got = page.evaluate("""() => { const m = atlas.map, s = m.getSize(), b = m.getBounds();
        const f = atlas.layers.parks.features.fengxi_ai.atlasFeature;
        const c = b.getCenter();
        return {zoom: m.getZoom(), cap: atlas.zoomCap(f), mz: f.mz, short: Math.min(s.x, s.y),
                across: Math.min(m.distance([c.lat, b.getWest()], [c.lat, b.getEast()]),
                                 m.distance([b.getSouth(), c.lng], [b.getNorth(), c.lng]))}; }""")
    assert got["mz"] and got["zoom"] <= got["cap"] + 1e-9
    # ± 3 km: the view spans at least 4 × 6 km across its shorter side (it was about 1 km)
    assert got["across"] >= 0.97 * 4 * 2 * 3000, got
    assert not errors
    context.close()


def test_a_popup_pans_clear_of_the_open_layer_panel(browser, builds):
    context, page, _, errors = open_page(browser, (builds["zh"] / "parks.html").as_uri(),
                                         {"width": 1100, "height": 720})
    assert page.evaluate(PANEL_OPEN) is True
    # the park furthest right opens its popup where the panel would cover it
    pid = page.evaluate("""() => Object.entries(atlas.layers.parks.features)
        .sort((a, b) => b[1].getBounds().getEast() - a[1].getBounds().getEast())[0][0]""")
    page.evaluate("(id) => { const s = atlas.layers.parks.features[id]; s.openPopup(s.getBounds().getCenter()); }", pid)
    wait_still(page)
    popup = page.evaluate("""() => { const r = document.querySelector('.leaflet-popup').getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom]; }""")
    assert not overlaps(popup, page.evaluate(PANEL_BOX)), (popup, page.evaluate(PANEL_BOX))
    assert not errors
    context.close()


@pytest.mark.parametrize("lang,words", [("zh", "无法加载"), ("en", "cannot be loaded")])
def test_an_online_basemap_offline_says_so_on_the_map(browser, builds, lang, words):
    context, page, blocked, errors = open_page(browser, (builds[lang] / "parks.html").as_uri(), DESKTOP)
    assert page.query_selector(".atlas-notice") is None
    page.check("input[name='atlas-basemap'][value='osm']")
    notice = page.wait_for_selector(".leaflet-container .atlas-notice", timeout=5000)
    assert words in notice.text_content() and "OpenStreetMap" in notice.text_content()
    assert notice.get_attribute("role") == "status" and notice.is_visible()
    assert blocked  # the tiles were asked for and refused
    page.check("input[name='atlas-basemap'][value='none']")
    assert page.query_selector(".atlas-notice") is None
    assert not errors
    context.close()


LEGEND = """() => [...document.querySelectorAll('.atlas-legend-item .atlas-swatch')].map(s => {
    const c = getComputedStyle(s);
    return {colour: s.getAttribute('data-atlas-swatch'), label: s.nextSibling.textContent,
            layer: s.closest('[data-atlas-legend]').getAttribute('data-atlas-legend'),
            dashed: [c.borderTopStyle, c.borderLeftStyle].includes('dashed'),
            exact: c.printColorAdjust || c.webkitPrintColorAdjust}; })"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rendered_legends_draw_what_the_map_draws(tour, lang):
    pages = tour(lang, DESKTOP)
    for name in ("overview.html", "corridors.html", "parks.html", "output.html"):
        got = pages[name]["turns"][0]["legend"]
        assert got and all(s["exact"] == "exact" for s in got), name
        if name in ("overview.html", "corridors.html"):
            window = [s for s in got if s["layer"] == "corridor_window"]
            assert window and all(s["dashed"] for s in window)
        # a colour in the rendered legend names one thing
        by_colour = {}
        for s in got:
            by_colour.setdefault(s["colour"], set()).add(s["label"])
        for colour, labels in by_colour.items():
            assert len(labels) == 1 or all(any(a in b or b in a for b in labels if b != a)
                                           for a in labels), (name, colour, labels)
        assert not pages[name]["errors"]


LABELS = """() => {
  const out = [];
  const parkPaths = new Map();
  const parkBoxes = [];
  Object.values(atlas.layers).forEach(entry => {
    if (!entry.on || entry.spec.schema !== 'parks' || entry.spec.kind !== 'polygon') return;
    entry.list.forEach(s => {
      parkPaths.set(s.getElement(), s.atlasFeature.id);
      parkBoxes.push([s.atlasFeature.id, s.getElement().getBoundingClientRect()]);
    });
  });
  // hit-test only where another park's box (widened for its stroke) meets the label's: the
  // same answer as testing everywhere, at a fraction of the elementsFromPoint calls
  const PAD = 10;
  const near = (r, own) => parkBoxes.some(([id, b]) => id !== own &&
      b.left - PAD < r.right && r.left < b.right + PAD && b.top - PAD < r.bottom && r.top < b.bottom + PAD);
  const key = {};
  document.querySelectorAll('.atlas-callout-key li').forEach(li => {
    key[li.getAttribute('data-atlas-callout')] = [li.value, li.textContent]; });
  const map = atlas.map.getContainer().getBoundingClientRect();
  Object.values(atlas.layers).forEach(entry => {
    if (!entry.on) return;
    entry.labels.eachLayer(tip => {
      const outer = tip.getElement();
      const callout = outer.classList.contains('atlas-as-callout');
      const node = callout ? outer.querySelector('.atlas-callout-num') : outer.firstChild;
      const r = node.getBoundingClientRect();
      const shown = getComputedStyle(outer).visibility !== 'hidden' && r.width > 0 && r.height > 0;
      // every other park under the label: hit-test a grid of points inside its box
      const under = new Set();
      if (shown && near(r, tip.atlasLabel.id)) for (let x = r.left + 2; x < r.right - 1; x += 2) for (let y = r.top + 2; y < r.bottom - 1; y += 2)
        document.elementsFromPoint(x, y).forEach(e => {
          const id = parkPaths.get(e); if (id && id !== tip.atlasLabel.id) under.add(id); });
      out.push({id: tip.atlasLabel.id, cls: entry.spec.labelClass, text: tip.atlasLabel.t, callout,
                number: callout ? node.textContent : null, key: key[tip.atlasLabel.id] || null, shown,
                // a pixel of give, as between labels: text halos may touch the edge
                inside: r.left >= map.left - 1 && r.right <= map.right + 1 && r.top >= map.top - 1 && r.bottom <= map.bottom + 1,
                box: [r.left, r.top, r.right, r.bottom], under: [...under]});
    });
  });
  return out;
}"""
KEPT = ("atlas-label-park", "atlas-label-target", "atlas-label-city")


def shrink(box, px=1):
    return [box[0] + px, box[1] + px, box[2] - px, box[3] - px]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_park_and_new_city_is_labelled_without_overlaps(tour, lang, viewport):
    checked = set()
    for name, seen in tour(lang, viewport).items():
        if not seen["map"]:
            continue
        for turn in seen["turns"]:  # as opened, then after its zh/en switch redrew the labels
            labels = turn["labels"]
            kept = [lab for lab in labels if lab["cls"] in KEPT]
            if name not in ("national.html", "shanghai.html"):  # no new cities there
                assert {lab["cls"] for lab in kept} >= {"atlas-label-city"}, name
            assert labels or name == "national.html", name  # the national map draws no labels
            where = (name, viewport["width"], turn["lang"])
            checked.add(where)
            for lab in kept:
                assert lab["shown"] and lab["inside"], (where, lab)
                if lab["callout"]:  # a number on the map, the name in the legend's key
                    assert lab["key"] == [int(lab["number"]), lab["text"].replace("\n", " ")], (where, lab)
            shown = [lab for lab in labels if lab["shown"]]
            for i, a in enumerate(shown):
                for b in shown[i + 1:]:
                    assert not overlaps(shrink(a["box"]), shrink(b["box"])), (where, a["text"], b["text"])
                assert a["under"] == [], (where, a["text"], a["under"])
        assert not seen["errors"], name
    assert {w[0] for w in checked} >= {"national.html", "shanghai.html", "overview.html"}
    assert len({w[2] for w in checked}) == 2  # both languages


WIDTH = """() => ({width: document.scrollingElement.scrollWidth,
    overflow: [...document.querySelectorAll('table')].filter(t => t.scrollWidth > t.clientWidth + 1)
        .map(t => getComputedStyle(t).overflowX)})"""


@pytest.fixture(scope="module")
def tour(browser, builds):
    """tour(lang, viewport): every page of that build opened once, as opened and after its
    zh/en switch, with what the tests above read gathered in the one visit: the labels of a
    map page, the legend (as opened), axe-core's WCAG findings (desktop), the page width and
    the tables that scroll (phone, as opened). {page: {"map", "errors", "blocked", "turns":
    [{"lang", "labels", "legend", "axe", "width", "overflow"}, ...]}}."""
    from axe_playwright_python.sync_playwright import Axe

    axe, done = Axe(), {}

    def visit(lang, viewport):
        key = (lang, viewport["width"])
        if key in done:
            return done[key]
        pages = done[key] = {}
        for name in pages_of(builds[lang]):
            context, page, blocked, errors = open_page(browser, (builds[lang] / name).as_uri(),
                                                       viewport)
            is_map = page.evaluate("() => !!(window.atlas && atlas.map)")
            turns = []
            for turn in range(2):
                if turn:
                    switch_language(page)
                seen = {"lang": page.evaluate("() => document.documentElement.lang")}
                if is_map:
                    seen["labels"] = page.evaluate(LABELS)
                    if not turn:
                        seen["legend"] = page.evaluate(LEGEND)
                if viewport is DESKTOP:
                    seen["axe"] = axe.run(page, options=WCAG).response
                if viewport is PHONE and not turn:
                    seen.update(page.evaluate(WIDTH))
                turns.append(seen)
            pages[name] = {"map": is_map, "errors": errors, "blocked": blocked, "turns": turns}
            context.close()
        return pages

    return visit


def test_the_english_output_map_keeps_the_jinghe_pv_label_off_the_konggang_parks(browser, builds):
    context, page, _, _ = open_page(browser, (builds["en"] / "output.html").as_uri(), DESKTOP)
    labels = {lab["id"]: lab for lab in page.evaluate(LABELS) if lab["cls"] == "atlas-label-target"}
    pv = labels["jinghe_pv"]
    assert pv["shown"] and not pv["under"]
    konggang = page.evaluate("""() => ['konggang_aviation_economy', 'konggang_ftz_blue_bay'].map(id => {
        const r = atlas.layers.parks.features[id].getElement().getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom]; })""")
    assert len(konggang) == 2 and all(b[2] > b[0] for b in konggang)
    context.close()


@pytest.mark.parametrize("mode", ["screen", "print"])
def test_the_callout_key_lists_only_numbers_drawn_on_the_map(browser, builds, mode):
    """Zoomed to one park, the new cities' label points are off the map: they are neither
    labels nor numbered callouts, and the legend's key lists none of them."""
    url = (builds["zh"] / "parks.html").as_uri() + "#sector=光伏&new-city=泾河新城"
    context, page, _, errors = open_page(browser, url, DESKTOP)
    if mode == "print":
        page.emulate_media(media="print")
        page.evaluate("() => atlas.parks.forPrint()")
    wait_still(page)
    page.evaluate("() => atlas.declutter()")
    labels = page.evaluate(LABELS)
    keyed = {lab["id"] for lab in labels if lab["key"]}
    assert keyed == {lab["id"] for lab in labels if lab["callout"]}
    for lab in labels:
        if lab["callout"]:
            assert lab["shown"] and lab["inside"], lab
    # the cities off the map (沣东, 沣西, 秦汉, 能源金贸区) are not listed; the park is labelled
    cities = {lab["id"]: lab for lab in labels if lab["cls"] == "atlas-label-city"}
    assert {"fengdong", "fengxi", "qinhan"} <= set(cities) and not keyed & {"fengdong", "fengxi", "qinhan"}
    park = next(lab for lab in labels if lab["id"] == "jinghe_pv" and lab["cls"] == "atlas-label-park")
    assert park["shown"] and park["inside"] and not park["callout"]
    key = page.evaluate("() => [...document.querySelectorAll('.atlas-callout-key li')].map(li => li.textContent)")
    assert not any(name in " ".join(key) for name in ("沣东新城", "沣西新城", "秦汉新城"))
    assert not errors
    context.close()
