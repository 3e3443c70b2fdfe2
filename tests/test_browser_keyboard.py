"""The parks page from the keyboard alone (issue 15, GB/T 37668 / WCAG 2.1.1, 2.4.7, 4.1.2):
tabbing from the top reaches every chip, the search box, copy link, both downloads, the
language switch and the layer panel toggle, each with a visible focus and an accessible name
(as Chromium's accessibility tree computes it), and Enter or Space works each of them."""

import pytest

from atlas.maps.words import BENCH
from tests.test_browser import Visit, site, site_en, url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

#: a key for the focused element: its id, else what it is (chip, switch, panel toggle)
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const c = getComputedStyle(e);
  let key = e.id ? '#' + e.id : e.tagName.toLowerCase();
  if (e.hasAttribute('data-atlas-filter'))
    key = 'chip:' + e.getAttribute('data-atlas-filter') + ':' + e.getAttribute('data-atlas-value');
  else if (e.hasAttribute('data-atlas-lang-switch')) key = 'lang-switch';
  else if (e.matches('.atlas-control.atlas-layers > summary')) key = 'layers-toggle';
  return {key, outline: [c.outlineStyle, parseFloat(c.outlineWidth)], shadow: c.boxShadow};
}"""

#: what must be reached: every chip that can be chosen, and these
CONTROLS = ["#atlas-search", "#atlas-copy", "#atlas-dl-csv", "#atlas-dl-geojson", "#atlas-print",
            "lang-switch", "layers-toggle"]
CHIPS = """() => [...document.querySelectorAll('button[data-atlas-filter]')].filter(b => !b.disabled)
    .map(b => 'chip:' + b.getAttribute('data-atlas-filter') + ':' + b.getAttribute('data-atlas-value'))"""


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


class Keys(Visit):
    """A Visit that tabs, and asks Chromium's accessibility tree for the focused name."""

    def __init__(self, browser, address):
        super().__init__(browser, address)
        self.cdp = self.context.new_cdp_session(self.page)

    def name(self):
        """The accessible name of the focused element, as Chromium computes it."""
        found = self.cdp.send("Runtime.evaluate", {"expression": "document.activeElement"})
        node = self.cdp.send("DOM.describeNode", {"objectId": found["result"]["objectId"]})
        tree = self.cdp.send("Accessibility.getPartialAXTree",
                             {"backendNodeId": node["node"]["backendNodeId"],
                              "fetchRelatives": False})
        return (tree["nodes"][0].get("name") or {}).get("value", "")

    def tab_through(self, limit=400):
        """{key: (focus style, name)} of every Tab stop from the top until focus leaves."""
        stops = {}
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            got = self.js(FOCUSED)
            if got is None:  # past the last stop: focus left the page
                return stops
            if got["key"] not in stops:  # links and map shapes share keys: the first counts
                stops[got["key"]] = got, self.name()
        raise AssertionError(f"focus never left the page after {limit} Tabs")


def visible(focus):
    style, width = focus["outline"]
    return (style != "none" and width > 0) or focus["shadow"] != "none"


@pytest.fixture
def keys(browser):
    opened = []

    def go(address):
        k = Keys(browser, address)
        opened.append(k)
        return k.ready()

    yield go
    for k in opened:
        k.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tabbing_from_the_top_reaches_every_control_with_focus_and_name(site, site_en, keys,
                                                                        lang):
    k = keys(url(site if lang == "zh" else site_en, "parks.html"))
    assert k.js("() => document.documentElement.lang").startswith(lang)
    chips = k.js(CHIPS)
    assert len(chips) > 20  # all, clusters, sectors, new cities, belts
    stops = k.tab_through()
    missing = [c for c in chips + CONTROLS if c not in stops]
    assert missing == [], missing
    for key in chips + CONTROLS:
        focus, name = stops[key]
        assert visible(focus), (key, focus)
        assert name.strip(), key
    # names in the page's language only: the other language's text is hidden from the tree
    other = "English" if lang == "zh" else "中文"
    assert stops["lang-switch"][1].strip() == other
    assert stops["#atlas-copy"][1] == BENCH[lang]["copy"]
    assert stops["#atlas-dl-csv"][1] == BENCH[lang]["csv"]
    sector = stops["chip:sector:" + ("光伏" if lang == "zh" else "photovoltaic")][1]
    assert ("photovoltaic" in sector) is (lang == "en") and ("光伏" in sector) is (lang == "zh")
    assert stops["layers-toggle"][1]


def test_enter_and_space_work_every_kind_of_control(site, keys):
    k = keys(url(site, "parks.html"))
    press = k.page.keyboard.press
    # chips: Enter, then Space, combine filters as a click does
    k.page.focus("button[data-atlas-filter='sector'][data-atlas-value='光伏']")
    press("Enter")
    k.page.wait_for_function("() => decodeURIComponent(location.hash) === '#sector=光伏'")
    k.page.focus("button[data-atlas-filter='new-city'][data-atlas-value='泾河新城']")
    press("Space")
    k.page.wait_for_function("() => decodeURIComponent(location.hash).includes('new-city=泾河新城')")
    assert k.count() == 1 and k.visible_parks() == ["jinghe_pv"]
    k.page.focus("button[data-atlas-filter='all']")
    press("Enter")
    k.page.wait_for_function("() => location.hash === ''")
    assert k.count() == 10
    # the search box takes typing
    k.page.focus("#atlas-search")
    k.page.keyboard.type("隆基")
    k.page.wait_for_function("() => document.getElementById('atlas-count')"
                             ".getAttribute('data-atlas-visible') === '1'")
    assert k.visible_parks() == ["jinghe_pv"]
    # copy link (here to a stand-in clipboard)
    k.js("() => { window.copied = []; navigator.clipboard.writeText = t => { copied.push(t);"
         " return Promise.resolve(); }; }")
    k.page.focus("#atlas-copy")
    press("Enter")
    k.page.wait_for_function("() => document.getElementById('atlas-copy-msg').textContent !== ''")
    assert k.js("() => copied") == [k.js("() => location.href")]
    # both downloads, one by Enter and one by Space
    for button, key, ext in (("#atlas-dl-csv", "Enter", ".csv"), ("#atlas-dl-geojson", "Space",
                                                                   ".geojson")):
        k.page.focus(button)
        with k.page.expect_download() as info:
            press(key)
        assert info.value.suggested_filename.endswith(ext), button
    # the layer panel opens and closes
    toggle = ".atlas-control.atlas-layers > summary"
    before = k.js(f"() => document.querySelector('{toggle}').parentElement.open")
    k.page.focus(toggle)
    press("Enter")
    assert k.js(f"() => document.querySelector('{toggle}').parentElement.open") is (not before)
    press("Space")
    assert k.js(f"() => document.querySelector('{toggle}').parentElement.open") is before
    # the language switch, both ways, keeping the filter
    k.page.focus("[data-atlas-lang-switch]")
    press("Enter")
    k.page.wait_for_function("() => document.documentElement.lang.startsWith('en')")
    press("Space")
    k.page.wait_for_function("() => document.documentElement.lang.startsWith('zh')")
    assert k.visible_parks() == ["jinghe_pv"]
    assert k.errors == [] and k.blocked == []
