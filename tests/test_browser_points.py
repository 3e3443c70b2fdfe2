"""A planner's list on the parks page in Chromium (network blocked): built with 2,000
synthetic points through the CLI, the clusters draw, the sector and new-city filters filter
the points, and the side panel's counts equal `atlas join`'s summary for the same filter."""

import csv
import io

import pytest

from atlas.cli import main
from tests.synthetic_list import make
from tests.test_browser import Visit, url

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(site folder, the CLI's summary rows {(group, key): rows}, joined rows per park and
    sector set) for a build with 2,000 synthetic points."""
    folder = tmp_path_factory.mktemp("points_site")
    frame, _ = make(2000, seed=3)
    path = folder / "firms.csv"
    frame.to_csv(path, index=False)
    assert main(["build", "--out", str(folder / "out"), "--figures", "none",
                 "--points", str(path)]) == 0
    assert main(["join", str(path), "--out", str(folder / "joined")]) == 0
    summary = {(r["group"], r["key"]): int(r["rows"]) for r in
               csv.DictReader(io.StringIO((folder / "joined" / "joined_summary.csv")
                                          .read_text("utf-8")))}
    rows = list(csv.DictReader(io.StringIO((folder / "joined" / "joined.csv")
                                           .read_text("utf-8"))))
    return folder / "out", summary, rows


@pytest.fixture(scope="module")
def page(chromium, built):
    v = Visit(chromium, url(built[0], "parks.html")).ready()
    v.page.wait_for_selector(".marker-cluster", timeout=10000)
    yield v
    v.close()


def shown(v):
    return int(v.page.get_attribute("#atlas-points-shown", "data-atlas-points-shown"))


def per_park(v):
    return {k: int(n) for k, n in v.js(
        "() => [...document.querySelectorAll('[data-atlas-points-park]')].map(tr => "
        "[tr.getAttribute('data-atlas-points-park'), "
        "tr.querySelector('[data-atlas-points-n]').getAttribute('data-atlas-points-n')])")
        if int(n)}


def in_group(v):
    return v.js("() => atlas.points.group.getLayers().length")


def choose(v, key, value):
    v.page.click(f"button[data-atlas-filter='{key}'][data-atlas-value='{value}']")
    v.page.wait_for_function(
        "(want) => document.querySelector(`button[data-atlas-filter='${want[0]}']"
        "[data-atlas-value='${want[1]}']`).getAttribute('aria-pressed') === 'true'", arg=[key, value])


def test_clusters_draw_and_hold_every_joined_point(page, built):
    _, summary, _ = built
    assert page.errors == [] and page.blocked == []
    joined = summary[("rows", "joined")]
    assert joined + summary[("rows", "rejected")] == summary[("rows", "rows_in")] == 2000
    assert in_group(page) == shown(page) == joined
    numbers = page.js("() => [...document.querySelectorAll('.marker-cluster')]"
                      ".map(e => parseInt(e.textContent, 10))")
    assert len(numbers) > 5 and min(numbers) >= 2
    assert sum(numbers) <= joined
    totals = page.page.get_attribute("[data-atlas-points-totals]", "data-atlas-points-totals")
    assert totals == f"2000,{joined},{summary[('rows', 'rejected')]}"


def test_counts_per_park_equal_the_cli_summary(page, built):
    _, summary, _ = built
    page.page.click("button[data-atlas-filter='all']")
    expected = {("" if k == "" else k): n for (g, k), n in summary.items() if g == "park"}
    assert per_park(page) == expected


def test_the_sector_filter_filters_the_points(page, built):
    _, summary, rows = built
    choose(page, "sector", "光伏")
    assert page.js("() => atlas.points.count({sectors: ['photovoltaic']}).total") == shown(page)
    want = summary[("sector", "photovoltaic")]
    assert 0 < want < summary[("rows", "joined")]
    assert shown(page) == in_group(page) == want
    expected = {}
    for r in rows:
        if "photovoltaic" in r["sectors"].split("; "):
            expected[r["park_id"]] = expected.get(r["park_id"], 0) + 1
    assert per_park(page) == expected
    page.page.click("button[data-atlas-filter='all']")
    assert shown(page) == summary[("rows", "joined")]


def test_the_new_city_filter_filters_the_points(page, built):
    _, summary, rows = built
    page.page.click("button[data-atlas-filter='all']")
    choose(page, "new-city", "泾河新城")
    assert shown(page) == in_group(page) == summary[("new_city", "jinghe")]
    expected = {}
    for r in rows:
        if r["new_city_id"] == "jinghe":
            expected[r["park_id"]] = expected.get(r["park_id"], 0) + 1
    assert per_park(page) == expected
    page.page.click("button[data-atlas-filter='all']")


def test_single_points_at_high_zoom(page):
    page.page.wait_for_function("() => !atlas.map._animatingZoom")
    assert page.js("() => document.querySelectorAll('.marker-cluster').length") > 0
    # past disableClusteringAtZoom every point in view is itself, not a cluster (asked again
    # while a fit queued by an earlier filter change may still move the map)
    page.page.wait_for_function(
        "() => { const m = atlas.points.markers[0]; if (atlas.map.getZoom() !== 17 && "
        "!atlas.map._animatingZoom) atlas.map.setView(m.getLatLng(), 17, {animate: false}); "
        "return atlas.map.getZoom() === 17 && !document.querySelector('.marker-cluster'); }",
        timeout=8000)
    assert page.js("() => atlas.map.hasLayer(atlas.points.markers[0])")


def test_the_cluster_filter_keeps_points_with_a_member_sector(page, built, real_atlas):
    _, _, rows = built
    page.page.click("button[data-atlas-filter='all']")
    tax = real_atlas.taxonomy
    cluster = next(k for k in tax.clusters if tax.name(k) == "新能源")
    members = set(tax.members(cluster))
    choose(page, "cluster", "新能源")
    want = sum(1 for r in rows if members & set(r["sectors"].split("; ")))
    assert 0 < want and shown(page) == in_group(page) == want
    page.page.click("button[data-atlas-filter='all']")


def test_on_the_gaode_basemap_the_points_move_with_the_other_layers(page, built):
    from atlas.model import crs

    _, _, rows = built
    first = rows[0]
    lon, lat = float(first["lon_wgs84"]), float(first["lat_wgs84"])

    def where():
        return page.js("() => { const p = atlas.points.markers[0].getLatLng(); "
                       "return [p.lng, p.lat]; }")

    assert abs(where()[0] - lon) < 2e-5 and abs(where()[1] - lat) < 2e-5
    page.js("() => atlas.setBasemap('gaode')")  # its tiles are blocked: only the datum counts
    page.page.wait_for_function("() => document.documentElement.getAttribute('data-atlas-datum')"
                                " === 'gcj02'")
    gx, gy = crs.wgs_to_gcj(lon, lat)
    assert abs(where()[0] - float(gx)) < 2e-5 and abs(where()[1] - float(gy)) < 2e-5
    assert in_group(page) == shown(page)
    page.js("() => atlas.setBasemap('none')")
    assert abs(where()[0] - lon) < 2e-5 and abs(where()[1] - lat) < 2e-5
