"""Time a planner's list on the maps (atlas build --points) at 10^4, 10^5 and 10^6 rows.
Run:

    .venv/bin/python benchmarks/bench_points.py [ROWS ...]     # default 10000 100000 1000000

For each size, on a seeded synthetic list (tests/synthetic_list.py, NOT real data):

- join s: the atlas join of the checked rows (transform, new city, park, belt, edge
  distance, sectors, summary), measured apart from reading the file;
- pages + s: what the list adds to building the HTML pages (the same build without a
  list in the same run is the baseline), and parks fig + s for the parks figure's hexbin;
- page MB: parks.html with the list;
- first clusters s: navigation start to the first cluster icon in headless Chromium
  (Debian's, every non-file request blocked); filter ms: the first click on the 光伏 chip
  until markercluster has clustered the last slice; again ms: 光伏 once more (the page
  keeps the groups of recent filters); back to all ms: the 全部 click (median of 3);
- folium: FastMarkerCluster on the same points, its CDN scripts replaced by the same
  Leaflet and Leaflet.markercluster read from the pinned xstatic packages and inlined
  (folium links them from a CDN, which cannot load offline) and, instead of its default
  AwesomeMarkers icons (another CDN plugin), the same canvas circle markers as the atlas;
  it has no filter, so only its size and first clusters are compared, as atlas / folium.

A browser step that takes longer than TIMEOUT_S is reported as "> TIMEOUT_S s (too slow)".
"""

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import atlas  # noqa: E402
from atlas.data import userlist  # noqa: E402
from atlas.maps import catalog  # noqa: E402
from atlas.model import join as join_mod  # noqa: E402
from atlas.output import points as points_out  # noqa: E402
from atlas.render.print import figure  # noqa: E402
from atlas.render.table import render  # noqa: E402
from atlas.render.web import assets  # noqa: E402
from atlas.render.web import pages as webmap  # noqa: E402
from tests.browser import block_network, launch  # noqa: E402
from tests.synthetic_list import make  # noqa: E402

TIMEOUT_S = 60


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def folium_page(lat, lon):
    """folium's FastMarkerCluster page on the same points, made offline: every CDN <script>
    and stylesheet link dropped, Leaflet and Leaflet.markercluster inlined from xstatic."""
    import folium
    from folium.plugins import FastMarkerCluster

    m = folium.Map(location=[34.35, 108.75], zoom_start=10, tiles=None)
    # its default callback draws AwesomeMarkers icons, another CDN plugin: draw the same
    # canvas circle markers as the atlas instead
    callback = ("(function () { var r = L.canvas({padding: 0.2}); return function (row) {"
                " return L.circleMarker(new L.LatLng(row[0], row[1]), {renderer: r, radius: 4});"
                " }; })()")
    FastMarkerCluster(list(zip(lat.tolist(), lon.tolist())), callback=callback).add_to(m)
    page = m.get_root().render()
    page = re.sub(r'<script src="https?://[^"]*"></script>', "", page)
    page = re.sub(r'<link rel="stylesheet" href="https?://[^"]*"/?>', "", page)
    inline = "\n".join([assets.inline_style(assets.leaflet_css()),
                        assets.inline_style(assets.markercluster_css()),
                        assets.inline_script(assets.leaflet_js()),
                        assets.inline_script(assets.markercluster_js()),
                        # markercluster needs a deepest zoom; folium gives it to tiles only
                        assets.inline_script("L.Map.mergeOptions({maxZoom: 18});")])
    page = page.replace("<head>", "<head>\n" + inline, 1)
    remote = assets.remote_urls(page)
    if remote:
        raise RuntimeError(f"the folium page would still load {remote[:3]}")
    return page


def first_clusters(browser, path):
    """Seconds from navigation start to the first cluster icon, or None past TIMEOUT_S."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    block_network(context)
    page = context.new_page()
    try:
        page.goto(path.as_uri(), wait_until="commit", timeout=TIMEOUT_S * 1000)
        page.wait_for_selector(".marker-cluster", timeout=TIMEOUT_S * 1000)
        return page.evaluate("performance.now()") / 1000, page, context
    except Exception:  # noqa: BLE001 - a timeout is a result here
        return None, page, context


def filter_ms(page):
    """ms from a chip click until markercluster has clustered the last slice: 光伏 the first
    time (clustered), 光伏 again (a kept group, median of 2) and 全部 back to every point
    (median of 3)."""
    runs, back = [], []
    for _ in range(3):
        for value in ("光伏", None):
            selector = ("button[data-atlas-filter='all']" if value is None else
                        f"button[data-atlas-filter='sector'][data-atlas-value='{value}']")
            t = page.evaluate(
                """(sel) => new Promise(done => {
                     atlas.points.doneMs = null;
                     const t0 = performance.now();
                     document.querySelector(sel).click();
                     const wait = () => atlas.points.doneMs ? done(atlas.points.doneMs - t0)
                                                            : setTimeout(wait, 5);
                     wait();
                   })""", selector)
            (runs if value is not None else back).append(t)
    return runs[0], statistics.median(runs[1:]), statistics.median(back)


def main(sizes):
    from playwright.sync_api import sync_playwright

    a = atlas.load()
    parks_spec = catalog.get("parks")
    figure.close(figure.build(a, parks_spec))  # fonts and caches warm before timing
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = launch(pw)
        tmp = Path(tmp)
        for n in sizes:
            frame, _ = make(n, seed=2026)
            checked = userlist.cells(userlist.from_frame(frame).frame)
            t_join, _ = timed(lambda: join_mod.join(checked, a))
            pts = points_out.load(frame, a)
            t_base, _ = timed(lambda: webmap.render_pages(a))
            t_pages, pages = timed(lambda: webmap.render_pages(a, points=pts))
            fig_base, base_fig = timed(lambda: figure.build(a, parks_spec))
            figure.close(base_fig)
            fig_pts, pts_fig = timed(lambda: figure.build(a, parks_spec, points=pts))
            figure.close(pts_fig)
            parks_html = next(p.html for p in pages if p.name == "parks")
            ours = tmp / f"parks_{n}.html"
            ours.write_text(parks_html, encoding="utf-8")
            joined = pts.result.joined
            theirs = tmp / f"folium_{n}.html"
            theirs.write_text(folium_page(joined["lat_wgs84"].to_numpy(),
                                          joined["lon_wgs84"].to_numpy()), encoding="utf-8")
            t_ours, page, context = first_clusters(browser, ours)
            f_ms, again_ms, all_ms = (filter_ms(page) if t_ours is not None
                                      else (None, None, None))
            context.close()
            t_theirs, _, context = first_clusters(browser, theirs)
            context.close()
            size_ours, size_theirs = ours.stat().st_size, theirs.stat().st_size

            def s(v):
                return f"> {TIMEOUT_S} s (too slow)" if v is None else f"{v:.2f}"

            ratio = (f"{t_ours / t_theirs:.2f}×" if t_ours and t_theirs else "–")
            rows.append([f"{n:,}", f"{pts.result.counts['joined']:,}", f"{t_join:.2f}",
                         f"{t_pages - t_base:.2f}", f"{fig_pts - fig_base:.2f}",
                         f"{size_ours / 2**20:.1f}", s(t_ours),
                         "–" if f_ms is None else f"{f_ms:.0f}",
                         "–" if again_ms is None else f"{again_ms:.0f}",
                         "–" if all_ms is None else f"{all_ms:.0f}",
                         f"{size_theirs / 2**20:.1f}", s(t_theirs),
                         f"{size_ours / size_theirs:.2f}×", ratio])
            print(rows[-1], flush=True)
        browser.close()
    print(render(["rows", "joined", "join s", "pages + s", "parks fig + s", "page MB",
                  "first clusters s", "filter ms", "again ms", "back to all ms", "folium MB", "folium first s",
                  "size atlas/folium", "first atlas/folium"], rows))
    print("pages + s: all five pages with the list minus without it, same run; filter: 光伏 chip "
          "→ markercluster done; folium: FastMarkerCluster, CDN replaced by the same inlined "
          "xstatic Leaflet + markercluster")


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
