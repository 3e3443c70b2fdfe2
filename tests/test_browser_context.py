"""The national and Shanghai pages in headless Chromium, offline (issue 14)."""

import pytest

from atlas.render.web import pages as webmap
from tests.test_browser import Visit, expected_paths, url, write_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(real_atlas, tmp_path_factory):
    return write_site(webmap.render_pages(real_atlas), tmp_path_factory.mktemp("context_site"))


@pytest.fixture
def page(chromium, site):
    opened = []

    def go(name):
        v = Visit(chromium, url(site, name)).ready()
        opened.append(v)
        return v

    yield go
    for v in opened:
        v.close()


def _paths(v):
    return v.js("() => document.querySelectorAll('.leaflet-overlay-pane path').length")


def test_national_page_draws_every_zone_centre_and_province_offline(page, site, real_atlas):
    v = page("national.html")
    assert v.errors == [] and v.blocked == [] and v.dialogs == []
    expected, data = expected_paths(site, "national.html")
    drawn = v.js("() => atlas.drawn()")
    assert drawn == expected
    assert drawn["zone_areas"] == 12 and drawn["centre_areas"] == 9
    assert drawn["context_provinces"] == len(real_atlas.context_provinces) == 34
    assert drawn["context_prefectures"] == 17
    assert _paths(v) == sum(expected.values())
    # the timeline: one dot per approval, in the side panel
    assert v.js("() => document.querySelectorAll('#atlas-side svg circle.event').length") == 12
    legends = v.js("() => [...document.querySelectorAll('[data-atlas-legend]')]"
                   ".map(e => e.getAttribute('data-atlas-legend'))")
    assert sorted(legends) == sorted(s["id"] for s in data["layers"] if s.get("legend"))


def test_national_popups_quote_and_say_not_stated(page, site):
    v = page("national.html")
    _, data = expected_paths(site, "national.html")
    zones = next(s for s in data["layers"] if s["id"] == "zone_areas")
    jqy = next(f for f in zones["features"] if f["id"] == "shandong_jiqingyan")
    pop = jqy["pop"]
    assert dict(pop["rows"])["依据"] == "据名称推读（非原文）"
    assert pop["lists"][0][1] == ["济南市", "青岛市", "烟台市"]
    assert any("2017. 10. 10" in s["quote"] for s in pop["src"])
    centres = next(s for s in data["layers"] if s["id"] == "centre_areas")
    henan = next(f for f in centres["features"] if f["id"] == "henan_rcc")
    assert dict(henan["pop"]["rows"])["定位目标"] == "未说明（原表为“/”）"
    # a click opens the popup with the quote
    v.js("() => atlas.layers.zone_areas.group.getLayers()"
         ".find(l => l.atlasFeature.id === 'shandong_jiqingyan').fire('click')")
    text = v.page.locator(".leaflet-popup-content").inner_text()
    assert "济青烟" in text and "济南市" in text


def test_shanghai_page_draws_districts_and_places_offline(page, site):
    v = page("shanghai.html")
    assert v.errors == [] and v.blocked == [] and v.dialogs == []
    expected, _ = expected_paths(site, "shanghai.html")
    drawn = v.js("() => atlas.drawn()")
    assert drawn == expected
    assert drawn["shanghai_districts"] == 16 and drawn["shanghai_places"] == 3
    assert _paths(v) == sum(expected.values())
    rows = v.js("() => [...document.querySelectorAll('.atlas-benchmark tbody tr')].map(r => "
                "[...r.cells].map(c => c.innerText))")
    assert len(rows) == 14
    assert any("13 个" in r[2] for r in rows)
    assert all(r[3] == "《十四五科技创新发展规划》无可比数字" for r in rows)
    # sources by short title and locator, never a file number
    assert any("《沪科提复〔2025〕53号》答复" in r[2] for r in rows)
