"""The atlas pages in headless Chromium, with every non-file request blocked.

Needs Debian's Chromium at /usr/bin/chromium (``apt-get install chromium``); the
browser is launched once for this whole module.
"""

import json
import re
import unicodedata

import prcoords
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod

from atlas.model import query

from atlas.render.web import pages as webmap
from atlas.model.sector import normalize
from tests.browser import block_network
from tests.conftest import WEB_PAYLOAD_PARK as XSS_PARK
from tests.conftest import WEB_PAYLOADS as PAYLOADS

pytestmark = pytest.mark.browser

_GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def browser(chromium):
    """Launched once for all the tests here (see conftest.chromium)."""
    return chromium


def write_site(pages, folder):
    folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (folder / page.filename).write_text(page.html, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def site(real_atlas, tmp_path_factory):
    return write_site(webmap.render_pages(real_atlas), tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def site_en(real_atlas, tmp_path_factory):
    return write_site(webmap.render_pages(real_atlas, lang="en"), tmp_path_factory.mktemp("site_en"))


@pytest.fixture(scope="session")
def payload_site(web_payload_data, tmp_path_factory):
    import atlas

    return write_site(webmap.render_pages(atlas.load(web_payload_data)),
                      tmp_path_factory.mktemp("payload_site"))


class Visit:
    """One page in its own context: blocked requests, page errors and dialogs recorded."""

    def __init__(self, browser, url):
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.blocked, self.errors, self.dialogs = [], [], []
        block_network(self.context, self.blocked)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(url)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def ready(self):
        self.page.wait_for_selector("html[data-atlas-ready='1']", state="attached", timeout=5000)
        return self

    def js(self, expr, arg=None):
        return self.page.evaluate(expr, arg)

    def count(self):
        return int(self.page.get_attribute("#atlas-count", "data-atlas-visible"))

    def visible_parks(self):
        return self.js("() => [...document.querySelectorAll('[data-atlas-park]')]"
                       ".filter(e => !e.hidden).map(e => e.getAttribute('data-atlas-park'))")

    def drawn_parks(self):
        return self.js("() => atlas.layers.parks.group.getLayers().map(l => l.atlasFeature.id)")

    def fragment(self):
        return self.js("() => decodeURIComponent(location.hash)")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    opened = []

    def go(url):
        v = Visit(browser, url)
        opened.append(v)
        return v

    yield go
    for v in opened:
        v.close()


def url(folder, name, fragment=""):
    return (folder / name).as_uri() + fragment


def expected_paths(folder, name):
    """SVG paths each layer should draw: its features, for the layers shown at first."""
    text = (folder / name).read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="atlas-data">(.*?)</script>', text, re.S).group(1))
    return {s["id"]: len(s["features"]) for s in data["layers"] if s.get("show", True)}, data


# --- every page -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["overview.html", "parks.html", "output.html", "corridors.html"])
def test_map_page_loads_offline_and_draws_everything(site, visit, name):
    v = visit(url(site, name)).ready()
    assert v.errors == [] and v.blocked == [] and v.dialogs == []
    assert v.js("() => typeof window.L === 'object' && L.version") == "1.9.3"
    expected, data = expected_paths(site, name)
    assert v.js("() => atlas.drawn()") == expected
    total = v.js("() => document.querySelectorAll('.leaflet-overlay-pane path').length")
    assert total == sum(expected.values())
    # every styled layer has a legend, shown beside the map
    legends = v.js("() => [...document.querySelectorAll('[data-atlas-legend]')].map(e => e.getAttribute('data-atlas-legend'))")
    assert sorted(legends) == sorted(s["id"] for s in data["layers"] if s.get("legend"))
    assert v.page.locator(".atlas-caveat").count() == 1


def test_overview_draws_each_data_layer_in_full(site, visit, real_atlas):
    v = visit(url(site, "overview.html")).ready()
    drawn = v.js("() => atlas.drawn()")
    assert drawn["parks"] == 10 and drawn["new_cities"] == 6 and drawn["platforms"] == 16
    assert drawn["corridor_window"] + drawn["corridor_belts"] + drawn["corridor_nodes"] == 9
    assert drawn["context_districts"] == 7 and drawn["rivers"] == 3 and drawn["context_cities"] == 2
    groups = v.js("() => [...document.querySelectorAll('[data-atlas-group]')].map(e => e.getAttribute('data-atlas-group'))")
    assert groups == ["new_cities", "parks", "corridors", "platforms", "base"]


def test_layer_control_switches_a_group_and_its_legend(site, visit):
    v = visit(url(site, "overview.html")).ready()
    v.page.click("[data-atlas-group='parks'] .atlas-group-name input")
    assert v.js("() => atlas.drawn().parks") == 0
    assert v.page.locator("[data-atlas-legend='parks']").count() == 0
    v.page.click("input[data-atlas-layer='parks']")
    assert v.js("() => atlas.drawn().parks") == 10
    assert v.page.locator("[data-atlas-legend='parks']").count() == 1


def test_index_page_links_every_map(site, visit):
    v = visit(url(site, "index.html"))
    assert v.errors == [] and v.blocked == []
    links = v.js("() => [...document.querySelectorAll('a.atlas-card')].map(a => a.getAttribute('href'))")
    assert links == ["overview.html", "parks.html", "output.html", "corridors.html",
                     "national.html", "shanghai.html"]
    assert v.js("() => document.querySelectorAll('a.atlas-card svg path').length") > 20


def test_popup_shows_quote_and_target(site, visit):
    v = visit(url(site, "parks.html")).ready()
    v.page.click("[data-atlas-zoom='parks:jinghe_pv']")
    popup = v.page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "力争突破 1000 亿元" in text and "示意：按手工勾绘面积估算" in text  # in Chinese
    assert "专栏" in text and "1000" in text
    assert v.page.locator(".leaflet-popup-content blockquote").count() >= 1


# --- the parks page ---------------------------------------------------------------------


def test_parks_page_starts_with_all_ten(site, visit):
    v = visit(url(site, "parks.html")).ready()
    assert v.count() == 10
    assert v.page.inner_text("#atlas-count") == "10 / 10"
    assert len(v.visible_parks()) == 10 and len(v.drawn_parks()) == 10


@pytest.mark.parametrize("fragment, expected", [
    ("#sector=光伏", {"jinghe_pv"}),
    ("#sector=photovoltaic", {"jinghe_pv"}),
    ("#sector=%E5%85%89%E4%BC%8F", {"jinghe_pv"}),
    ("#sector=生物医药", {"konggang_ftz_blue_bay", "konggang_aviation_economy"}),
    ("#sector=PhotoVoltaic", {"jinghe_pv"}),
])
def test_deep_links(site, visit, fragment, expected):
    v = visit(url(site, "parks.html", fragment)).ready()
    assert v.count() == len(expected)
    assert set(v.visible_parks()) == expected == set(v.drawn_parks())
    assert v.page.inner_text("#atlas-count") == f"{len(expected)} / 10"
    pressed = v.js("() => [...document.querySelectorAll('[aria-pressed=true]')].map(b => b.getAttribute('data-atlas-value'))")
    assert pressed == (["光伏"] if len(expected) == 1 else ["生物医药"])


@pytest.mark.parametrize("fragment, kwargs", [
    ("#cluster=新能源", {"cluster": "新能源"}),
    ("#sector=新能源", {"sector": "新能源"}),
    ("#new-city=泾河新城", {"new_city": "泾河新城"}),
    ("#new-city=Jinghe", {"new_city": "Jinghe"}),
    ("#belt=秦创原科技创新示范带", {"belt": "秦创原科技创新示范带"}),
    ("#belt=秦创原先进制造业示范带", {"belt": "秦创原先进制造业示范带"}),
    ("#belt=秦创原先进制造示范带", {"belt": "秦创原先进制造示范带"}),
    ("#sector=智能网联汽车&new-city=沣西新城", {"sector": "智能网联汽车", "new_city": "沣西新城"}),
])
def test_deep_links_agree_with_the_python_query(site, visit, real_atlas, fragment, kwargs):
    expected = set(query.parks(real_atlas, **kwargs)["id"])
    assert expected
    v = visit(url(site, "parks.html", fragment)).ready()
    assert set(v.visible_parks()) == expected == set(v.drawn_parks())
    assert v.count() == len(expected)


def test_filter_zooms_to_what_remains(site, visit, real_atlas):
    v = visit(url(site, "parks.html", "#sector=光伏")).ready()
    v.page.wait_for_function("() => atlas.map.getZoom() >= 12", timeout=3000)
    pv = real_atlas.parks.set_index("id").loc["jinghe_pv"].geometry
    inside = v.js("() => { const c = atlas.map.getBounds().getCenter(); return [c.lng, c.lat]; }")
    x0, y0, x1, y1 = pv.bounds
    assert x0 - 0.05 < inside[0] < x1 + 0.05 and y0 - 0.05 < inside[1] < y1 + 0.05
    assert v.js("() => atlas.map.getZoom()") >= 12


def test_unknown_name_in_fragment_says_so(site, visit):
    v = visit(url(site, "parks.html", "#sector=量子传送")).ready()
    assert v.count() == 0
    assert "量子传送" in v.page.inner_text("#atlas-filter-msg")
    assert v.errors == []


def test_clicking_a_sector_changes_count_list_and_fragment(site, visit):
    v = visit(url(site, "parks.html")).ready()
    v.page.click("button[data-atlas-filter='sector'][data-atlas-value='光伏']")
    assert v.count() == 1 and v.visible_parks() == ["jinghe_pv"]
    assert v.page.inner_text("#atlas-count") == "1 / 10"
    assert v.fragment() == "#sector=光伏"
    assert v.page.get_attribute("button[data-atlas-filter='sector'][data-atlas-value='光伏']",
                                "aria-pressed") == "true"
    v.page.click("button[data-atlas-filter='cluster'][data-atlas-value='大健康']")
    assert v.fragment() == "#cluster=大健康"
    assert v.count() == len(v.visible_parks()) > 0
    # (泾河新城 has no 大健康 park, so its chip is disabled: see test_browser_workbench)
    v.page.click("button[data-atlas-filter='new-city'][data-atlas-value='秦汉新城']")
    assert v.fragment() == "#cluster=大健康&new-city=秦汉新城"
    v.page.click("button[data-atlas-filter='all']")
    assert v.count() == 10 and v.fragment() == ""
    # the fragment written by the panel opens the same view
    v.page.click("button[data-atlas-filter='sector'][data-atlas-value='生物医药']")
    again = visit(v.js("() => location.href")).ready()
    assert set(again.visible_parks()) == {"konggang_ftz_blue_bay", "konggang_aviation_economy"}


def test_hash_change_applies_the_new_filter(site, visit):
    v = visit(url(site, "parks.html")).ready()
    v.js("() => { location.hash = '#new-city=泾河新城'; }")
    v.page.wait_for_function("() => document.getElementById('atlas-count').getAttribute('data-atlas-visible') === '2'")
    assert set(v.visible_parks()) == {"jinghe_pv", "jinghe_two_chains"}


@pytest.mark.parametrize("text, expected", [
    ("光伏", {"jinghe_pv"}),
    ("Jinghe", {"jinghe_pv", "jinghe_two_chains"}),
    ("jinghe", {"jinghe_pv", "jinghe_two_chains"}),
    ("空港", {"konggang_ftz_blue_bay", "konggang_aviation_economy"}),
])
def test_search_by_part_of_a_name(site, visit, text, expected):
    v = visit(url(site, "parks.html")).ready()
    v.page.fill("#atlas-search", text)
    assert set(v.visible_parks()) == expected == set(v.drawn_parks())
    assert v.count() == len(expected)
    v.page.fill("#atlas-search", "")
    assert v.count() == 10


def test_clicking_a_listed_park_zooms_to_it(site, visit, real_atlas):
    v = visit(url(site, "parks.html")).ready()
    before = v.js("() => atlas.map.getZoom()")
    v.page.click("[data-atlas-zoom='parks:konggang_ftz_blue_bay']")
    v.page.wait_for_selector(".leaflet-popup")
    v.page.wait_for_function("z => atlas.map.getZoom() > z", arg=before, timeout=3000)
    geom = real_atlas.parks.set_index("id").loc["konggang_ftz_blue_bay"].geometry
    # the whole park is in view (its popup may have panned the map clear of the layer panel)
    b = v.js("() => { const b = atlas.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }")
    x0, y0, x1, y1 = geom.bounds
    assert b[0] < x0 and b[1] < y0 and x1 < b[2] and y1 < b[3]


def test_english_page(site_en, visit, real_atlas):
    v = visit(url(site_en, "parks.html", "#sector=photovoltaic")).ready()
    assert v.count() == 1 and v.errors == []
    pv = real_atlas.parks.set_index("id").loc["jinghe_pv"]
    assert pv["short_name_en"] in v.page.inner_text("#atlas-park-list")
    v.page.click("button[data-atlas-filter='sector'][data-atlas-value='biomedicine']")
    assert v.fragment() == "#sector=biomedicine" and v.count() == 2


# --- Python and JavaScript agree on names -------------------------------------------------


def variants(name):
    yield name
    yield name.upper()
    yield f"  {name}  "
    yield unicodedata.normalize("NFKC", name).translate(
        {c: c + 0xFEE0 for c in range(0x21, 0x7F)})  # full-width ASCII
    yield name.replace(" ", "\u3000")


def test_sector_resolution_agrees_with_python(site, visit, real_atlas):
    tax = real_atlas.taxonomy
    queries = set()
    for key in tax:
        row = tax.row(key)
        for name in [key, row["name_zh"], row["name_en"], *row.get("synonyms", [])]:
            queries.update(variants(name))
    queries.update(["量子传送", "", " ", "新能源 ", "pv", "Ｐｖ", "ai"])
    queries = sorted(queries)
    v = visit(url(site, "parks.html")).ready()
    got = v.js("qs => qs.map(q => [atlas.parks.resolve(q), atlas.parks.resolveCluster(q)])", queries)
    for q, (keys, cluster_keys) in zip(queries, got):
        assert keys == sorted(tax.resolve(q)), q
        expected_cluster = set()
        for k in tax.resolve(q):
            if tax.is_cluster(k) and normalize(q) in {normalize(n) for n in
                                                       [k, tax.name(k), tax.name(k, "en"),
                                                        *tax.row(k).get("synonyms", [])]}:
                expected_cluster.update(tax.members(k))
        assert cluster_keys == sorted(expected_cluster), q


def test_new_city_and_belt_names_agree_with_python(site, visit, real_atlas):
    names = []
    for row in real_atlas.new_cities.itertuples():
        for n in (row.id, row.name_zh, row.name_en, row.short_zh, row.short_en):
            names += list(variants(n))
    belts = real_atlas.corridors[real_atlas.corridors["kind"] == "belt"]
    for row in belts.itertuples():
        for n in (row.id, row.name_zh, row.name_en, row.name_zh.replace("秦创原", ""),
                  row.name_zh.replace("制造业", "制造"), row.name_zh.replace("制造示范", "制造业示范")):
            names += list(variants(n))
    names += ["nowhere", "新城"]
    v = visit(url(site, "parks.html")).ready()
    got = v.js("ns => ns.map(n => [atlas.parks.cityOf(n), atlas.parks.beltOf(n)])", names)

    def python(fn, n):
        try:
            return fn(real_atlas, n)
        except query.QueryError:
            return None

    for n, (city, belt) in zip(names, got):
        assert city == python(query.resolve_new_city, n), n
        assert belt == python(query.resolve_belt, n), n


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cn", "Co")), max_size=12,
) | st.sampled_from(["ß", "ẞ", "ﬁ", "Ꭰ", "ΐ", "ς", "İ", "Å", "㎏", "\u3000光伏 ", "Ｐｈｏｔｏ"])


@pytest.fixture(scope="module")
def parks_page(browser, site):
    v = Visit(browser, url(site, "parks.html")).ready()
    yield v
    v.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_TEXT, min_size=1, max_size=20))
def test_normalize_agrees_with_python_on_any_text(parks_page, texts):
    got = parks_page.js("ts => ts.map(t => atlas.parks.normalize(t))", texts)
    assert got == [normalize(t) for t in texts]


# --- safety -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["parks.html", "overview.html", "output.html", "index.html"])
def test_payload_names_render_as_text(payload_site, visit, name):
    v = visit(url(payload_site, name))
    if name != "index.html":
        v.ready()
    assert v.dialogs == [] and v.errors == []
    assert v.js("() => document.querySelectorAll('img[src=\"x\"], b[onmouseover], svg[onload]').length") == 0
    assert v.js("() => window.__atlas_pwned === undefined")
    if name == "parks.html":
        assert PAYLOADS["short_name_zh"] in v.page.inner_text("#atlas-park-list")
        v.page.click(f"[data-atlas-zoom='parks:{XSS_PARK}']")
        popup = v.page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert v.page.inner_text(".leaflet-popup-content h3") == PAYLOADS["name_zh"]
        assert PAYLOADS["name_en"] in popup.inner_text()
        assert "<b onmouseover=alert(document.cookie)>粗体</b>" in popup.inner_text()
        v.page.fill("#atlas-search", "{{ x }}")
        assert v.visible_parks() == [XSS_PARK]
        v.page.hover("path.atlas-l-parks >> nth=0")
    v.page.wait_for_timeout(200)
    assert v.dialogs == [] and v.errors == []


# --- Gaode: overlays move to GCJ-02 -----------------------------------------------------


def test_gaode_basemap_shifts_overlays_to_gcj02(site, visit, real_atlas):
    v = visit(url(site, "overview.html")).ready()
    first = "() => { const l = atlas.layers.parks.features['jinghe_pv']; const ll = l.getLatLngs(); return [ll[0][0].lng, ll[0][0].lat]; }"
    wgs = v.js(first)
    v.page.check("input[name='atlas-basemap'][value='gaode']")
    assert v.js("() => document.documentElement.getAttribute('data-atlas-datum')") == "gcj02"
    gcj = v.js(first)
    ref = prcoords.wgs_gcj(prcoords.Coords(wgs[1], wgs[0]))
    assert _GEOD.inv(gcj[0], gcj[1], ref.lon, ref.lat)[2] < 0.5
    moved = _GEOD.inv(wgs[0], wgs[1], gcj[0], gcj[1])[2]
    assert 200 < moved < 800
    # points and labels move too
    node = "() => { const l = Object.values(atlas.layers.corridor_nodes.features)[0]; const p = l.getLatLng(); return [p.lng, p.lat, l.atlasFeature.g.c[0], l.atlasFeature.g.c[1]]; }"
    lng, lat, x, y = v.js(node)
    ref = prcoords.wgs_gcj(prcoords.Coords(y, x))
    assert _GEOD.inv(lng, lat, ref.lon, ref.lat)[2] < 0.5
    assert all(u.startswith("https://webrd0") for u in v.blocked)  # only Gaode tiles asked for
    v.page.check("input[name='atlas-basemap'][value='none']")
    assert v.js(first) == wgs
    assert v.js("() => document.documentElement.getAttribute('data-atlas-datum')") == "wgs84"


def test_gaode_basemap_moves_every_vertex_as_python_does(site, visit, real_atlas):
    """The page stores each vertex's GCJ-02 offset as its difference from the one before
    (payload.deltas): summed back in the page, every vertex lands where crs puts it."""
    import shapely

    from atlas.model import crs

    v = visit(url(site, "overview.html")).ready()
    v.page.check("input[name='atlas-basemap'][value='gaode']")
    every = ("id => { const l = atlas.layers.parks.features[id]; "
             "return l.getLatLngs().flat(3).map(p => [p.lng, p.lat]); }")
    for pid in ("jinghe_pv", "fengxi_ai", "konggang_aviation_economy"):
        got = v.js(every, pid)
        geom = real_atlas.parks.set_index("id").loc[pid, "geometry"]
        want = [tuple(c) for c in shapely.get_coordinates(crs.transform(geom))]
        # Leaflet drops each ring's closing vertex: compare with the rest, in order
        assert len(got) >= 4
        rest = [c for ring in _rings(geom) for c in ring[:-1]]
        assert len(got) == len(rest) and len(want) == len(rest) + len(_rings(geom))
        moved = [tuple(c) for ring in _rings(crs.transform(geom)) for c in ring[:-1]]
        for (lng, lat), (x, y) in zip(got, moved):
            assert _GEOD.inv(lng, lat, x, y)[2] < 0.5, pid
        assert _GEOD.inv(got[-1][0], got[-1][1], rest[-1][0], rest[-1][1])[2] > 100  # it moved


def _rings(geom):
    parts = getattr(geom, "geoms", [geom])
    return [list(r.coords) for p in parts for r in (p.exterior, *p.interiors)]
