"""The speed targets of issue 12, each beside a reference workload measured in the same run.

    .venv/bin/python benchmarks/bench_targets.py [--code DIR] [--runs N] [--skip-browser]

``--code DIR`` measures another checkout of the atlas (e.g. an older commit exported with
``git archive``); where it has no ``--figures`` option its default build is used for both
build targets. Builds run as commands with a fresh, empty ATLAS_CACHE (the rebuild reuses
it). Prints seconds and ratios; asserts nothing. The references:

  * fig300: one A4 matplotlib figure with 2,000 line segments and a title, saved as a
    300 dpi PNG (what one atlas figure costs at the least);
  * python: ``python -c pass`` (the interpreter's own start-up);
  * explore: ``GeoDataFrame.explore()`` on the same layers as the atlas map, rendered to HTML;
  * blank: navigating headless Chromium to an empty file:// page.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def median_of(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def fig300(tmp):
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(210 / 25.4, 297 / 25.4))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    rng = np.random.default_rng(12)
    ax.plot(rng.random(2000).cumsum(), rng.random(2000).cumsum(), lw=0.5)
    ax.set_title("reference figure")
    fig.savefig(Path(tmp) / "ref.png", dpi=300)


def cli(code, *argv, env=None):
    """Wall seconds of one `atlas` command run from ``code`` (a fresh interpreter, started
    outside any checkout: ``python -c`` puts the working folder first on the path)."""
    run_env = dict(os.environ, PYTHONPATH=str(code), **(env or {}))
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-c",
                           "import sys; from atlas.cli import main; sys.exit(main())", *argv],
                          env=run_env, capture_output=True, text=True, cwd=tempfile.gettempdir())
    took = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"atlas {' '.join(argv)} failed:\n{done.stderr[-2000:]}")
    return took


def has_option(code, option):
    env = dict(os.environ, PYTHONPATH=str(code))
    out = subprocess.run([sys.executable, "-c",
                          "import sys; from atlas.cli import main; sys.exit(main())", "build",
                          "--help"], env=env, capture_output=True, text=True,
                         cwd=tempfile.gettempdir()).stdout
    return option in out


def in_process_map(runs):
    """(atlas map page s, explore() s) for the overview's layers, medians."""
    import atlas
    from atlas.maps import catalog
    from atlas.render.web import pages as webmap

    sys.path.insert(0, str(HERE))
    from bench_webmap import LAYERS, explore_html

    a = atlas.load()
    spec = catalog.get("overview")
    webmap.map_page(a, spec, "none", "zh")  # warm both: imports and first-use caches
    explore_html(a, LAYERS["overview"])
    ours = median_of(lambda: webmap.map_page(a, spec, "none", "zh"), runs)
    theirs = median_of(lambda: explore_html(a, LAYERS["overview"]), runs)
    return ours, theirs


def first_drawn(runs, tmp):
    """(median ms to the first drawn feature over the map pages, median ms to a blank page)."""
    import atlas
    from atlas.render.web import pages as webmap
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(HERE.parent))
    from tests.browser import CHROMIUM_PATH, block_network, launch

    if not CHROMIUM_PATH.exists():
        return None, None, None
    folder = Path(tmp) / "site"
    folder.mkdir()
    pages = [p for p in webmap.render_pages(atlas.load()) if p.name != "index"]
    for page in pages:
        (folder / page.filename).write_text(page.html, encoding="utf-8")
    (folder / "blank.html").write_text("<!doctype html><title>blank</title>", encoding="utf-8")
    drawn, ready, blank = [], [], []
    with sync_playwright() as pw:
        browser = launch(pw)
        for _ in range(runs):
            for page_file in [p.filename for p in pages] + ["blank.html"]:
                ctx = browser.new_context(viewport={"width": 1400, "height": 900})
                block_network(ctx)
                page = ctx.new_page()
                page.goto((folder / page_file).as_uri())
                if page_file == "blank.html":
                    blank.append(page.evaluate(
                        "() => performance.getEntriesByType('navigation')[0].loadEventEnd"))
                else:
                    page.wait_for_selector("html[data-atlas-ready='1']", state="attached")
                    # drawnMs: the features are in the document (older code: all of boot)
                    drawn.append(page.evaluate("() => atlas.drawnMs || atlas.readyMs"))
                    ready.append(page.evaluate("() => atlas.readyMs"))
                ctx.close()
        browser.close()
    return statistics.median(drawn), statistics.median(ready), statistics.median(blank)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--code", default=str(HERE.parent),
                        help="the checkout to measure (default: this one)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    code = Path(args.code).resolve()
    sys.path.insert(0, str(code))
    rows = []

    with tempfile.TemporaryDirectory() as tmp:
        ref_fig = median_of(lambda: fig300(tmp), 3)
        ref_py = median_of(lambda: subprocess.run([sys.executable, "-c", "pass"]), args.runs)
        cache = {"ATLAS_CACHE": str(Path(tmp) / "cache")}
        figures_option = has_option(code, "--figures")
        default = cli(code, "build", "--out", str(Path(tmp) / "a"), env=cache)
        rows.append(("default `atlas build`, cold cache", default, 10.0, "s", default / ref_fig,
                     "fig300"))
        # the planner's loop: data edited, so every figure and page is drawn again, but the
        # PDF font subset made by the first build is reused (--no-cache skips only outputs)
        redraw = ["--no-cache"] if has_option(code, "--no-cache") else []
        edited = cli(code, "build", "--out", str(Path(tmp) / "a"), *redraw, env=cache)
        rows.append(("default `atlas build`, outputs redrawn", edited, 10.0, "s",
                     edited / ref_fig, "fig300"))
        every = (["--figures", "all"] if figures_option else [])
        all_s = cli(code, "build", "--out", str(Path(tmp) / "b"), *every, *redraw, env=cache)
        rows.append(("`atlas build --figures all`, outputs redrawn", all_s, 15.0, "s",
                     all_s / ref_fig, "fig300"))
        again = cli(code, "build", "--out", str(Path(tmp) / "a"), env=cache)
        rows.append(("unchanged rebuild (default)", again, 2.0, "s", again / ref_fig, "fig300"))
        helps = median_of(lambda: cli(code, "--help"), args.runs)
        rows.append(("`atlas --help`", helps, 0.25, "s", helps / ref_py, "python"))
        ours, theirs = in_process_map(args.runs)
        rows.append(("one map in-process (overview)", ours, theirs * 1.0, "s", ours / theirs,
                     "explore"))
        if not args.skip_browser:
            drawn, ready, blank = first_drawn(max(1, args.runs // 2), tmp)
            if drawn is not None:
                rows.append(("first drawn feature, median (ms)", drawn, 250.0, "ms",
                             drawn / blank, "blank"))
                rows.append(("page ready (labels, panels), median (ms)", ready, None, "ms",
                             ready / blank, "blank"))

    print(f"code: {code}")
    print(f"references: fig300 {ref_fig:.2f} s, python {ref_py:.3f} s"
          + (f", explore {theirs:.3f} s" if rows else ""))
    print(f"{'target':<42}{'value':>10}{'target':>10}{'ratio':>8}  vs     met")
    for name, value, target, unit, ratio, ref in rows:
        shown = f"{value:.0f} {unit}" if unit == "ms" else f"{value:.2f} {unit}"
        if target is None:  # shown for context, no target
            print(f"{name:<42}{shown:>10}{'-':>10}{ratio:>8.2f}  {ref:<7}-")
            continue
        goal = f"{target:.0f} {unit}" if unit == "ms" else f"{target:.2f} {unit}"
        print(f"{name:<42}{shown:>10}{goal:>10}{ratio:>8.2f}  {ref:<7}{'yes' if value <= target else 'NO'}")


if __name__ == "__main__":
    main()
