"""How fast and how big the interactive atlas is, beside a stock GeoDataFrame.explore().

    .venv/bin/python benchmarks/bench_webmap.py [--data DIR] [--runs N]

Prints (never asserts):
  1. time of webmap.render_pages on the data, and of ``atlas build --html-only``;
  2. each page's size (raw and gzipped);
  3. the Python side of GeoDataFrame.explore() for the same layers (its HTML needs
     the CDN, so it is only timed and measured, then opened offline for contrast);
  4. time to first render of each page in headless Chromium from file://, with
     every non-file request blocked (performance.now() when the features are drawn).
"""

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import atlas  # noqa: E402
from atlas.render.web import pages as webmap  # noqa: E402

from tests.browser import CHROMIUM_PATH, block_network, launch  # noqa: E402

CHROMIUM = str(CHROMIUM_PATH)

#: the layers each map page draws, for the explore() comparison
LAYERS = {
    "overview": ["context_districts", "context_cities", "rivers", "new_cities", "corridors",
                 "parks", "platforms"],
    "parks": ["context_districts", "rivers", "new_cities", "parks"],
    "output": ["context_districts", "rivers", "new_cities", "parks"],
    "corridors": ["context_districts", "rivers", "new_cities", "corridors"],
}


def timed(fn, runs):
    times = []
    result = None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times), result


def _mapclassify_stub():
    """explore() imports mapclassify even when no classification scheme is asked for; it is
    not installed here (no network), so stand in for it. Used only with scheme=…, never here."""
    import types

    try:
        import mapclassify  # noqa: F401
    except ImportError:
        stub = types.ModuleType("mapclassify")

        def classify(*args, **kwargs):
            raise RuntimeError("mapclassify stub: classification schemes are not benchmarked")

        stub.classify = classify
        sys.modules["mapclassify"] = stub


def explore_html(a, layers):
    """A stock explore() map of the same layers, rendered to HTML (Python side only)."""
    _mapclassify_stub()
    m = None
    for name in layers:
        frame = a.layers[name].copy()
        # explore() cannot serialize list/dict columns; keep the plain ones
        keep = [c for c in frame.columns
                if c == "geometry" or not frame[c].map(lambda v: isinstance(v, (list, dict))).any()]
        frame = frame[keep]
        m = frame.explore(m=m, name=name)
    return m.get_root().render()


def fmt_kb(n):
    return f"{n / 1024:7.1f}"


def browser_times(folder, names, explore_file=None):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {}, None
    if not Path(CHROMIUM).exists():
        return {}, None
    out = {}
    contrast = None
    with sync_playwright() as pw:
        b = launch(pw)
        for name in names:
            runs = []
            for _ in range(3):
                ctx = b.new_context(viewport={"width": 1400, "height": 900})
                block_network(ctx)
                page = ctx.new_page()
                page.goto((folder / name).as_uri())
                if name == "index.html":
                    t = page.evaluate("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
                    drawn = None
                else:
                    page.wait_for_selector("html[data-atlas-ready='1']", state="attached")
                    t = page.evaluate("() => atlas.readyMs")
                    drawn = page.evaluate("() => Object.values(atlas.drawn()).reduce((a, b) => a + b, 0)")
                runs.append((t, drawn))
                ctx.close()
            out[name] = (statistics.median(r[0] for r in runs), runs[0][1])
        if explore_file is not None:
            ctx = b.new_context()
            failed = block_network(ctx, [])
            page = ctx.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(explore_file.as_uri())
            page.wait_for_timeout(500)
            has_l = page.evaluate("() => typeof window.L !== 'undefined'")
            paths = page.evaluate("() => document.querySelectorAll('path').length")
            contrast = (len(failed), has_l, paths, len(errors))
            ctx.close()
        b.close()
    return out, contrast


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="data folder (default: the shipped geodata/)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    t = time.perf_counter()
    a = atlas.load(args.data)
    load_s = time.perf_counter() - t

    render_med, render_min, pages = timed(lambda: webmap.render_pages(a), args.runs)
    explore = {}
    for name, layers in LAYERS.items():
        med, _, html = timed(lambda layers=layers: explore_html(a, layers), args.runs)
        explore[name] = (med, len(html.encode("utf-8")), html)
    explore_total = sum(v[0] for v in explore.values())

    build_s = None
    with tempfile.TemporaryDirectory() as tmp:
        from atlas.output import build

        try:
            t = time.perf_counter()
            build.build(a, Path(tmp) / "maps_out", figures=False)
            build_s = time.perf_counter() - t
        except Exception as exc:  # the report/embed parts belong to other modules
            print(f"(atlas build --html-only failed: {type(exc).__name__}: {exc})")

        folder = Path(tmp) / "pages"
        folder.mkdir()
        for page in pages:
            (folder / page.filename).write_text(page.html, encoding="utf-8")
        explore_file = folder / "explore_overview.html"
        explore_file.write_text(explore["overview"][2], encoding="utf-8")
        ttfr, contrast = browser_times(folder, [p.filename for p in pages], explore_file)

    print(f"\natlas.load: {load_s * 1000:.0f} ms")
    print(f"webmap.render_pages (5 pages): median {render_med * 1000:.0f} ms, best {render_min * 1000:.0f} ms")
    if build_s is not None:
        print(f"atlas build --html-only (pages, report, embed, build.json): {build_s * 1000:.0f} ms")
    print(f"GeoDataFrame.explore() for the same layers (4 maps, Python side): {explore_total * 1000:.0f} ms")
    print(f"ratio render_pages / explore(): {render_med / explore_total:.2f}\n")

    header = f"{'page':<16}{'KiB':>8}{'gzip KiB':>10}{'explore KiB':>13}{'first render ms':>17}{'paths':>7}"
    print(header)
    print("-" * len(header))
    total = total_gz = 0
    for page in pages:
        raw = page.html.encode("utf-8")
        gz = len(gzip.compress(raw, 9))
        total += len(raw)
        total_gz += gz
        ex = explore.get(page.name)
        ms, drawn = ttfr.get(page.filename, (None, None))
        print(f"{page.filename:<16}{fmt_kb(len(raw)):>8}{fmt_kb(gz):>10}"
              f"{fmt_kb(ex[1]) if ex else '—':>13}"
              f"{(f'{ms:.0f}' if ms is not None else '—'):>17}{(drawn if drawn is not None else '—'):>7}")
    print("-" * len(header))
    print(f"{'total':<16}{fmt_kb(total):>8}{fmt_kb(total_gz):>10}"
          f"{fmt_kb(sum(v[1] for v in explore.values())):>13}")
    if ttfr:
        worst = max(v[0] for v in ttfr.values())
        print(f"\nslowest first render: {worst:.0f} ms (budget 1000 ms: {worst / 1000:.2f} of it)")
    if contrast:
        failed, has_l, paths, errors = contrast
        print(f"explore() overview opened offline: {failed} blocked requests, Leaflet loaded: {has_l}, "
              f"SVG paths drawn: {paths}, page errors: {errors}")
    embedded = sum(len(p.html) for p in pages)
    print(f"(all text of the 5 pages: {embedded:,} characters)")


if __name__ == "__main__":
    main()
