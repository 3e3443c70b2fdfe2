"""What carrying both languages costs each page, beside the page in one language, and
beside the same page of an older build.

    .venv/bin/python benchmarks/bench_weight.py [--data DIR] [--lang zh|en] [--before DIR] [--first N]

Prints (never asserts), per page: the bilingual page's bytes and gzip bytes, the same
page rendered in one language only (the reference, made in the same run), and the
ratios. With ``--before DIR`` (a folder built by an older commit, see benchmarks/README.md)
also that build's bytes of the page and this page's ratio to them, and the pages that list
the maps (home, snippets) listing only the maps that build had. Issue 15 allows at most
1.20 (to one language, and to the build before the issue). With ``--first N``, per map
page in headless Chromium (file://, network blocked), the median over N loads of the ms to
the first drawn feature as opened and with ?lang= the other language, and the ms at which
that link is in the other language (its patch is unpacked after the first drawing).
"""

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import atlas  # noqa: E402
from atlas.maps import catalog  # noqa: E402
from atlas.render.docs import embed, report  # noqa: E402
from atlas.render.web import home, pages  # noqa: E402


def single_pages(a, lang):
    """{filename: html} of every page in ``lang`` alone (no merge, no switch)."""
    out = {}
    maps = []
    for spec in catalog.MAPS:
        parts = pages._parts(a, spec, "none", lang, None, None, False)
        page = pages._page(spec, lang, pages._folium(spec, lang, "none", *parts), parts[0])
        maps.append(page)
        out[page.filename] = page.html
    out["index.html"] = home._render_one(a, maps, lang, None).html
    out["report.html"] = report._render_one(a, [], lang)
    listed = [(p.filename, p.title_zh, p.title_en) for p in maps]
    out["embed.html"] = embed._render_one(a, listed, "", lang, lang)
    return out


def both_pages(a, lang, maps=None):
    maps = maps or [pages.map_page(a, spec, "none", lang) for spec in catalog.MAPS]
    out = {p.filename: p.html for p in maps}
    out.update(listing_pages(a, lang, maps))
    out["report.html"] = report.render(a, [], lang)
    return out


def listing_pages(a, lang, maps):
    """The pages that list every map (home, snippets), listing ``maps``."""
    listed = [(p.filename, p.title_zh, p.title_en) for p in maps]
    return {"index.html": home.render(a, maps, lang).html,
            "embed.html": embed.render(a, listed, "", lang, figures=[])}


# when the page is first in a language (bilingual.js says so once it has switched)
_WATCH = """document.addEventListener('atlas:lang', () => {
  if (window.langMs === undefined) window.langMs = performance.now(); });"""


def first_drawn(pages, lang, runs):
    """{page: (ms drawn as opened, ms drawn with ?lang=other, ms in the other language)}."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_PATH, block_network, launch

    if not CHROMIUM_PATH.exists():
        return {}
    other = "en" if lang == "zh" else "zh"
    out = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = launch(pw)
        for name, text in pages.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
        for name in sorted(n for n, t in pages.items() if 'id="atlas-data"' in t):
            times = {"plain": [], "other": [], "lang": []}
            for _ in range(runs):
                for kind, query in (("plain", ""), ("other", f"?lang={other}")):
                    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
                    block_network(ctx)
                    page = ctx.new_page()
                    page.add_init_script(_WATCH)
                    page.goto((Path(tmp) / name).as_uri() + query)
                    page.wait_for_selector("html[data-atlas-ready='1']", state="attached")
                    times[kind].append(page.evaluate("() => atlas.drawnMs || atlas.readyMs"))
                    if kind == "other":
                        page.wait_for_function("() => window.langMs !== undefined")
                        times["lang"].append(page.evaluate("() => window.langMs"))
                    ctx.close()
            out[name] = tuple(statistics.median(times[k]) for k in ("plain", "other", "lang"))
        browser.close()
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    parser.add_argument("--before", metavar="DIR", type=Path, default=None,
                        help="a folder built by an older commit: each page's bytes there")
    parser.add_argument("--first", type=int, default=0, metavar="N",
                        help="also time the first drawn feature in Chromium, N loads a page")
    args = parser.parse_args(argv)
    if args.before is not None and not args.before.is_dir():
        parser.error(f"--before {args.before}: not a folder")
    a = atlas.load(args.data)
    maps = [pages.map_page(a, spec, "none", args.lang) for spec in catalog.MAPS]
    one, two = single_pages(a, args.lang), both_pages(a, args.lang, maps)
    print(f"{'page':<16}{'one lang':>10}{'both':>10}{'ratio':>7}"
          f"{'gz one':>10}{'gz both':>10}{'ratio':>7}"
          + (f"{'before':>10}{'now/before':>12}" if args.before else ""))
    for name in sorted(two):
        a1, a2 = one[name].encode("utf-8"), two[name].encode("utf-8")
        g1, g2 = len(gzip.compress(a1, mtime=0)), len(gzip.compress(a2, mtime=0))
        line = (f"{name:<16}{len(a1):>10,}{len(a2):>10,}{len(a2) / len(a1):>7.2f}"
                f"{g1:>10,}{g2:>10,}{g2 / g1:>7.2f}")
        if args.before:
            old = args.before / name
            size = old.stat().st_size if old.is_file() else None
            line += (f"{size:>10,}{len(a2) / size:>12.2f}" if size
                     else f"{'-':>10}{'-':>12}")  # a page the older build did not have
        print(line)
    if args.before:
        # the listing pages grow with every map added since; listed with only the maps
        # the older build had, they compare like with like
        had = [p for p in maps if (args.before / p.filename).is_file()]
        if len(had) < len(maps):
            print(f"\nlisting only the {len(had)} maps {args.before} has "
                  f"({', '.join(p.name for p in had)}):")
            print(f"{'page':<16}{'now':>10}{'before':>10}{'now/before':>12}")
            for name, text in sorted(listing_pages(a, args.lang, had).items()):
                size = (args.before / name).stat().st_size
                now = len(text.encode("utf-8"))
                print(f"{name:<16}{now:>10,}{size:>10,}{now / size:>12.2f}")
    if args.first:
        print(f"\n{'page':<16}{'drawn ms':>10}{'?lang= ms':>11}{'in it ms':>10}")
        for name, (plain, other, lang) in first_drawn(two, args.lang, args.first).items():
            print(f"{name:<16}{plain:>10.0f}{other:>11.0f}{lang:>10.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
