"""The report's charts inline as SVG (issue 15's page weight): no base64 images, each
chart's ids under its own prefix, the two languages differing in words only, every value
label inside its figure; and the places tables quoting a passage once for the carriers it
names."""

import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from atlas.render import bilingual
from atlas.render.docs import report

CHARTS = ("targets", "growth", "approvals")


@pytest.fixture(scope="module")
def page(real_atlas):
    return report.render(real_atlas, [], "zh")


@pytest.fixture(scope="module")
def pages(page):
    return {lang: bilingual.single(page, lang) for lang in bilingual.LANGS}


def _chart(html, name):
    m = re.search(rf'<figure class="chart" id="chart-{name}">(<svg .*?</svg>)<figcaption>',
                  html, re.S)
    assert m, name
    return m.group(1)


class _Ids(HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.ids, self.texts, self.svg = [], [], 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.ids += [v for k, v in attrs if k == "id"]
        self.svg += tag == "svg"

    def handle_endtag(self, tag):
        self.svg -= tag == "svg"

    def handle_data(self, data):
        if self.svg and data.strip():
            self.texts.append(data.strip())


def test_the_charts_are_inline_svg_not_base64_images(page, pages):
    for html in (page, *pages.values()):
        assert not re.search(r"data:image/svg\+xml;base64,[A-Za-z0-9+/]", html)
        assert "<img" not in html  # built without figures: the charts are the only pictures
    for lang, html in pages.items():
        for name in CHARTS:
            svg = _chart(html, name)
            root = re.match(r"<svg\b[^>]*>", svg).group(0)
            assert 'role="img"' in root
            label = re.search(r'aria-label="([^"]+)"', root).group(1)
            assert re.search(r"<title>[^<]+</title>", svg)
            # no page-wide style sheet, prolog or doctype inside the page
            assert "<style" not in svg and "<?xml" not in svg and "<!DOCTYPE" not in svg
            assert bool(re.search(r"[\u4e00-\u9fff]", label)) == (lang == "zh"), label


def test_chart_ids_have_their_chart_prefix_and_no_id_repeats(page, pages):
    for html in (page, *pages.values()):
        ids = _Ids(html).ids
        assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    html = pages["zh"]
    used = 0
    for name in CHARTS:
        svg = _chart(html, name)
        inner = re.findall(r'\sid="([^"]+)"', svg)
        assert all(i.startswith(f"chart-{name}-") for i in inner), inner
        # every reference resolves inside its own chart
        refs = re.findall(r'(?:url\(#|href="#)([^)"]+)', svg)
        assert set(refs) <= set(inner), (name, refs)
        used += len(inner)
    assert used >= 2  # the matplotlib charts do have ids (clip paths, tick marks)


def test_both_languages_differ_in_words_only(real_atlas):
    """The zh and en chart markups are the same once their words are taken out."""
    def bare(svg):
        svg = re.sub(r'aria-label="[^"]*"', "", svg)
        return re.sub(r">[^<]+<", "><", svg)

    for draw in (report.targets_chart, report.growth_chart, report.approvals_timeline):
        zh, en = draw(real_atlas, "zh"), draw(real_atlas, "en")
        assert zh != en and bare(zh) == bare(en), draw.__name__
        assert draw(real_atlas, "zh") == zh  # and the same bytes every time


def test_single_gives_each_language_its_chart_words(pages, real_atlas):
    parks = real_atlas.parks
    for lang, html in pages.items():
        words = _Ids(_chart(html, "targets")).texts
        names = parks["short_name_zh" if lang == "zh" else "short_name_en"]
        assert set(names) <= set(words), lang
        assert ("2025 output target (100 M CNY)" in words) == (lang == "en")
        assert ("2025 年产值目标（亿元）" in words) == (lang == "zh")
        assert ("cluster" in words) == (lang == "en") and ("产业集群" in words) == (lang == "zh")
        zones = real_atlas.demo_zones["name_zh" if lang == "zh" else "name_en"]
        timeline = " ".join(_Ids(_chart(html, "approvals")).texts)
        assert all(z in timeline for z in zones)
    assert "strive to exceed 1000 (100 M CNY)" in _Ids(_chart(pages["en"], "targets")).texts


def test_the_pack_holds_the_charts_words_not_their_drawing(page):
    """The other language's patch stores a chart's words (texts and its accessible name),
    never a whole chart or edits on its drawing."""
    _, patch = bilingual.unpack(page)
    assert not any(isinstance(v, dict) for a in patch["attr"] for v in a.values())
    svg_attrs = [a for a in patch["attr"] if "aria-label" in a]
    assert len(svg_attrs) == len(CHARTS) and all(set(a) == {"aria-label"} for a in svg_attrs)
    assert all("<" not in t for t in patch["text"] if isinstance(t, str))
    # the three charts together: 41.7 KB of base64 before, about 15 KB of markup now
    charts = sum(len(_chart(page, name).encode("utf-8")) for name in CHARTS)
    assert charts <= 18_000, charts


def _figure_and_labels(atlas, name, lang, xmax="shared"):
    parks = atlas.parks.copy()
    parks["_t"] = pd.to_numeric(parks["output_target_2025"], errors="coerce")
    parks = parks.sort_values("_t", ascending=True, na_position="first", kind="stable")
    rows = report._growth_rows(atlas)
    draw = {"targets": lambda code, x: report._targets_figure(atlas, parks, code, x),
            "growth": lambda code, x: report._growth_figure(rows, code, x)}[name]
    if xmax != "shared":  # the figure as drawn before the shared x-limit, for contrast
        fig, labels = draw(lang, xmax)
        fig.tight_layout()
        return fig, labels
    fig = report._same_layout(draw, (lang,))[lang]
    # the value labels are the texts placed in data units (the cluster key is set in points)
    ax = fig.axes[0]
    return fig, [t for t in ax.texts if t.get_transform() == ax.transData]


def _outside(fig, labels):
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    axes = fig.axes[0].get_window_extent(renderer)
    out = []
    for t in labels:
        e = t.get_window_extent(renderer)
        if e.x1 > min(box.x1, axes.x1) + 0.5 or e.x0 < box.x0:
            out.append(t.get_text())
    return out


@pytest.mark.parametrize("name", ["targets", "growth"])
@pytest.mark.parametrize("lang", bilingual.LANGS)
def test_every_value_label_lies_inside_the_figure(real_atlas, name, lang):
    with report._chart_style():
        fig, labels = _figure_and_labels(real_atlas, name, lang)
        fig.canvas.draw()
        bars = len(real_atlas.parks) if name == "targets" else len(report._growth_rows(real_atlas))
        assert len(labels) == bars and all(t.get_text() for t in labels)
        assert _outside(fig, labels) == []


def test_the_english_top_label_did_overrun_at_the_old_limit(real_atlas):
    """The check above can fail: at the old x-limit (1.3 × the largest target) the English
    "strive to exceed 1000" label runs past the axes."""
    with report._chart_style():
        fig, labels = _figure_and_labels(real_atlas, "targets", "en", xmax=None)
        fig.canvas.draw()
        assert any("strive to exceed" in t for t in _outside(fig, labels))


class _Places(HTMLParser):
    """Per places table: [(cells, rowspan of the quote cell or None)] for each carrier row."""

    def __init__(self, text):
        super().__init__()
        self.tables, self.table, self.row = {}, None, None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id", "").startswith("places-") and a["id"] != "places-targets":
            self.table = self.tables.setdefault(a["id"], [])
        elif tag == "tr" and self.table is not None:
            self.row = [0, None]
        elif tag == "td" and self.row is not None:
            self.row[0] += 1
            if self.row[0] == 3:
                self.row[1] = int(a.get("rowspan", 1))

    def handle_endtag(self, tag):
        if tag == "tr" and self.row is not None:
            if self.row[0]:
                self.table.append(tuple(self.row))
            self.row = None
        elif tag == "table":
            self.table = None


@pytest.mark.parametrize("lang", bilingual.LANGS)
def test_places_quote_a_passage_once_for_the_carriers_it_names(pages, real_atlas, lang):
    tables = _Places(pages[lang]).tables
    assert set(tables) == {"places-park", "places-new_city", "places-unlocated"}
    carriers = real_atlas.carriers
    spans = 0
    for level in ("park", "new_city", "unlocated"):
        rows = tables[f"places-{level}"]
        assert len(rows) == (carriers["location_level"] == level).sum()
        covered = 0
        for cells, span in rows:
            if covered:  # a row under a spanning quote has its name and role only
                assert cells == 2 and span is None
                covered -= 1
            else:
                assert cells == 3 and span >= 1
                covered = span - 1
                spans += span > 1
        assert covered == 0
    assert spans >= 5  # the parks' anchor projects are named a sentence at a time
    html = pages[lang]
    quote = "依托秦川高档工业母机创新基地、中国电子、环境气象整备产业园"
    assert html.count(quote) == 1  # the five carriers it names share one cell


@pytest.mark.browser
@pytest.mark.parametrize("lang", bilingual.LANGS)
def test_the_charts_print_with_their_words(page, lang, tmp_path):
    """The report printed to PDF by Chromium (network blocked), as opened and switched to
    English by ?lang=en: the charts' words are text in the PDF, in that language."""
    import subprocess

    playwright = pytest.importorskip("playwright.sync_api")
    from tests.browser import block_network, launch

    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    blocked = []
    with playwright.sync_playwright() as p:
        browser = launch(p)
        tab = browser.new_page()
        block_network(tab, blocked)
        tab.goto(path.as_uri() + f"?lang={lang}")
        tab.wait_for_load_state("load")
        tab.wait_for_function(f"() => document.documentElement.lang.startsWith('{lang}')")
        if lang == "en":  # the patch is unpacked after load
            tab.wait_for_function("() => !/[\\u4e00-\\u9fff]/.test("
                                  "document.querySelector('#chart-targets svg').textContent)")
        drawn = tab.evaluate("[...document.querySelectorAll('figure.chart svg')]"
                             ".map(s => s.getBoundingClientRect().width)")
        tab.pdf(path=str(tmp_path / "report.pdf"), prefer_css_page_size=True,
                print_background=True)
        browser.close()
    assert not blocked and len(drawn) == 3 and min(drawn) > 300
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"],
                                             capture_output=True, text=True, check=True).stdout)
    # (the timeline draws years only: its names are tooltips, <title>s, not print)
    words = {"zh": ["2025年产值目标（亿元）", "力争突破1000亿元", "产业集群", "2025目标÷2020基数"],
             "en": ["2025outputtarget(100MCNY)", "strivetoexceed1000(100MCNY)",
                    "2025target÷2020baseline"]}
    for word in words[lang]:
        assert word in text, word
    # the other language's axis titles are not printed (its words may be quoted elsewhere)
    for other in words["en" if lang == "zh" else "zh"][::3]:
        assert other not in text, other


def test_the_report_lays_each_chart_out_once_for_both_languages(real_atlas, monkeypatch):
    calls = []
    real = report._same_layout

    def counted(draw, langs=("zh", "en")):
        calls.append(langs)
        return real(draw, langs)

    monkeypatch.setattr(report, "_same_layout", counted)
    page = report.render(real_atlas, [], "zh")
    assert calls == [("zh", "en"), ("zh", "en")]  # the targets chart, then the growth chart
    # the same charts as made one language at a time
    monkeypatch.setattr(report, "_same_layout", real)
    for code in ("zh", "en"):
        assert str(report.targets_chart(real_atlas, code)) in bilingual.single(page, code)
        assert str(report.growth_chart(real_atlas, code)) in bilingual.single(page, code)

