"""The parks page in Chromium matches and explains parks exactly as atlas.model.query does.

For every sector and cluster the filter offers, and the nine terms of issue 11's
"Done when", the page's park ids and each park's reasons (how, basis, sector) are
Python's. Network blocked (tests/browser.py).
"""

import pytest

from atlas.model import query
from tests.test_browser import Visit, site, site_en, url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

#: issue 11, "Done when"
DONE_WHEN = ("医疗器械", "智能制造", "临空", "元宇宙", "航空", "半导体", "先进制造", "生物医药", "数字经济")


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


@pytest.fixture(scope="module")
def page(browser, site):  # noqa: F811
    v = Visit(browser, url(site, "parks.html")).ready()
    yield v
    v.close()


def offered(v, kind):
    return v.js(f"() => [...document.querySelectorAll(\"button[data-atlas-filter='{kind}']\")]"
                ".map(b => b.getAttribute('data-atlas-value'))")


def python_reasons(atlas, term):
    return {pid: [(r["how"], r["basis"], r["sector"]) for r in why]
            for pid, why in query.match_reasons(atlas, term).items()}


def js_reasons(v, term):
    return v.js("""t => {
        const ids = atlas.parks.match({sector: t}).ids;
        const out = {};
        ids.forEach(id => { out[id] = atlas.parks.reasons(t, id).map(r => [r.how, r.basis, r.sector]); });
        return out;
    }""", term)


def test_every_offered_and_issue_term_matches_as_in_python(page, real_atlas):
    sectors = offered(page, "sector")
    clusters = offered(page, "cluster")
    assert len(sectors) > 20 and len(clusters) == len(real_atlas.taxonomy.clusters)
    terms = sorted(set(sectors) | set(clusters) | set(DONE_WHEN))
    for term in terms:
        expected = python_reasons(real_atlas, term)
        got = {pid: [tuple(r) for r in why] for pid, why in js_reasons(page, term).items()}
        assert got == expected, term
        # order of parks is the data order in both
        assert list(js_reasons(page, term)) == list(query.parks(real_atlas, sector=term)["id"]), term


def test_done_when_terms_find_parks_with_reasons(page, real_atlas):
    for term in DONE_WHEN:
        got = js_reasons(page, term)
        assert got, term
        assert all(why for why in got.values()), term


def test_cluster_filter_matches_python(page, real_atlas):
    for term in offered(page, "cluster"):
        ids = page.js("t => atlas.parks.match({cluster: t}).ids", term)
        assert ids == list(query.parks(real_atlas, cluster=term)["id"]), term


def test_deep_link_to_new_vocabulary_shows_reasons_with_quotes(browser, site, real_atlas):  # noqa: F811
    v = Visit(browser, url(site, "parks.html", "#sector=临空")).ready()
    try:
        expected = query.match_reasons(real_atlas, "临空")
        assert v.count() == len(expected) > 0
        shown = v.js("""() => [...document.querySelectorAll('[data-atlas-park]')]
            .filter(e => !e.hidden).map(e => {
              const box = e.querySelector('[data-atlas-why]');
              return [e.getAttribute('data-atlas-park'), box.hidden,
                      [...box.querySelectorAll('.atlas-why-reason')].map(
                         r => [r.dataset.how, r.dataset.basis, r.dataset.sector]),
                      [...box.querySelectorAll('blockquote')].map(q => q.textContent),
                      box.querySelector('summary').textContent];
            })""")
        assert [s[0] for s in shown] == list(expected)
        for pid, hidden, lines, quotes, summary in shown:
            assert not hidden
            assert lines == [[r["how"], r["basis"], r["sector"]] for r in expected[pid]]
            assert quotes == [f"「{r['quote']}」" for r in expected[pid] if r["quote"]]
            assert summary.startswith("匹配依据")
        # without a filter no reasons are shown
        v.page.click("button[data-atlas-filter='all']")
        assert v.js("() => [...document.querySelectorAll('[data-atlas-why]')].every(b => b.hidden)")
        assert v.errors == [] and v.blocked == []
    finally:
        v.close()


def test_english_page_explains_in_english(browser, site_en, real_atlas):  # noqa: F811
    v = Visit(browser, url(site_en, "parks.html", "#sector=medical devices")).ready()
    try:
        expected = query.match_reasons(real_atlas, "medical devices")
        assert v.count() == len(expected) > 0
        text = v.page.inner_text("#atlas-park-list")
        assert "Why it matched" in text and "匹配依据" not in text
        assert v.errors == []
    finally:
        v.close()


def test_parks_legend_states_the_colour_rule_and_marks_the_atlas_grouping(browser, site):  # noqa: F811
    from atlas.model import tags

    v = Visit(browser, url(site, "parks.html")).ready()
    try:
        legend = v.page.inner_text("#atlas-legend")
        assert tags.COLOUR_RULE["zh"] in legend
        assert "先进制造（图集归类）" in legend
        assert "新能源 new energy（" not in legend
        assert "图集归类" in v.page.inner_text("#atlas-clusters-note")
    finally:
        v.close()


def test_overview_carriers_popup_and_lists(browser, site, real_atlas):  # noqa: F811
    from atlas.model import places

    located = places.located(real_atlas)
    v = Visit(browser, url(site, "overview.html")).ready()
    try:
        assert v.js("() => atlas.layers.carriers.group.getLayers().length") == \
            located["park"].nunique()
        v.page.click("details[data-atlas-park='qinhan_health'] summary")
        v.page.click("[data-atlas-zoom='carriers:qinhan_health'] >> nth=0")
        v.page.wait_for_selector(".leaflet-popup-content")
        popup = v.page.inner_text(".leaflet-popup-content")
        for row in located[located["park"] == "qinhan_health"].itertuples():
            assert row.name_zh in popup
        assert "非实际位置" in popup and "原文出处" in popup
        # the carriers located only to a new city are listed, in a table, with their quotes
        v.page.click("#atlas-carriers-city details >> nth=0")
        first = v.page.inner_text("#atlas-carriers-city details >> nth=0")
        assert "「" in first
        assert v.errors == [] and v.blocked == []
    finally:
        v.close()


def test_filtered_map_explains_its_parks(browser, real_atlas, tmp_path):
    from atlas.output import files

    out = files.write_filtered_parks_map(real_atlas, tmp_path / "md.html", sector="医疗器械")
    v = Visit(browser, out.as_uri()).ready()
    try:
        expected = query.match_reasons(real_atlas, "医疗器械")
        shown = v.js("""() => [...document.querySelectorAll('[data-atlas-why]')].map(b =>
            [b.getAttribute('data-atlas-why'), b.hidden,
             [...b.querySelectorAll('.atlas-why-reason')].map(r => [r.dataset.how, r.dataset.basis])])""")
        assert [s[0] for s in shown] == list(expected)
        for pid, hidden, lines in shown:
            assert not hidden and lines == [[r["how"], r["basis"]] for r in expected[pid]]
        assert v.errors == [] and v.blocked == []
    finally:
        v.close()
