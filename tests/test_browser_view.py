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
    assert {"index.html", "report.html", "embed.html", "parks.html", "output.html"} <= set(found)
    return found


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
def test_every_page_has_no_wcag2_aa_violation(browser, builds, lang):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for name in pages_of(builds[lang]):
        context, page, blocked, errors = open_page(browser, (builds[lang] / name).as_uri(), DESKTOP)
        result = axe.run(page, options=WCAG).response
        assert result["testEngine"]["name"] == "axe-core"
        assert result["passes"], name  # the WCAG rules ran and checked something
        found[name] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        assert not errors and not blocked
        context.close()
    assert found == {name: [] for name in found}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_is_wider_than_a_phone(browser, builds, lang):
    widths = {}
    for name in pages_of(builds[lang]):
        context, page, _, _ = open_page(browser, (builds[lang] / name).as_uri(), PHONE)
        widths[name] = page.evaluate("document.scrollingElement.scrollWidth")
        # the wide tables are still all there, scrolling inside their own box
        boxes = page.evaluate("""() => [...document.querySelectorAll('table')]
            .filter(t => t.scrollWidth > t.clientWidth + 1)
            .map(t => getComputedStyle(t).overflowX)""")
        assert all(o in ("auto", "scroll") for o in boxes), (name, boxes)
        context.close()
    assert widths == {name: 390 for name in widths}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_pages_let_a_phone_user_zoom(builds, lang):
    for name in pages_of(builds[lang]):
        text = (builds[lang] / name).read_text(encoding="utf-8")
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
        assert "user-scalable" not in text and "maximum-scale" not in text, name
