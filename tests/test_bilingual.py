"""One page, both languages; plain words for planners (no file, column or id names in
what a person reads), checked on the HTML of every built page."""

import json
import re
from html.parser import HTMLParser

import pytest

from atlas.maps import catalog

from atlas.maps import words
from atlas.render import bilingual, minify
from atlas.render.docs import embed, report
from atlas.render.web import home, pages as webmap

#: what a planner should never read: seed file names, column names, OCR jargon
NOT_WORDS = re.compile(r"\d{3}_[0-9a-f]{6,}|_zh\b|_en\b|\.txt\b|\bocr\b", re.I)
CJK = re.compile(r"[\u4e00-\u9fff]")
_VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "area", "col"}


class Visible(HTMLParser):
    """The text a person sees in one language: no scripts or styles, no text of the other
    language (span.l10n[lang]); names and placeholders count as text."""

    def __init__(self, lang):
        super().__init__()
        self.lang, self.stack, self.hidden, self.text = bilingual.HTML_LANG[lang], [], 0, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        other = "l10n" in (a.get("class") or "").split() and a.get("lang") != self.lang
        if not self.hidden:
            self.text += [a[k] for k in ("alt", "placeholder", "aria-label") if a.get(k)]
        if tag not in _VOID:
            hide = tag in ("script", "style") or other
            self.stack.append(hide)
            self.hidden += hide

    def handle_endtag(self, tag):
        if tag not in _VOID and self.stack:
            self.hidden -= self.stack.pop()

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.text.append(data.strip())


def visible(page, lang):
    """The text of ``page`` (a whole page, read through ``bilingual.single``, or a part of a
    map page) a reader of ``lang`` sees."""
    parser = Visible(lang)
    parser.feed(bilingual.single(page, lang) if bilingual.unpack(page) else page)
    return parser.text


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _island(page, element_id):
    m = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', page, re.S)
    return json.loads(m.group(1)) if m else None


@pytest.fixture(scope="module", params=["zh", "en"])
def built(real_atlas, request):
    """Every page of a build whose default language is the param: {filename: html}."""
    lang = request.param
    pages = webmap.render_pages(real_atlas, lang=lang)
    out = {p.filename: p.html for p in pages}
    out["report.html"] = report.render(real_atlas, [f"figures/parks.{lang}.png"], lang=lang)
    out["embed.html"] = embed.render(real_atlas, [(p.filename, p.title_zh, p.title_en)
                                                  for p in pages[1:]], lang=lang)
    return lang, out


def test_every_page_carries_both_languages_and_a_switch(built):
    lang, pages = built
    assert set(pages) == {"index.html", "report.html", "embed.html"} | {
        f"{name}.html" for name in catalog.NAMES}
    other = "en" if lang == "zh" else "zh"
    names = {"zh": "中文", "en": "English"}
    for name, page in pages.items():
        assert f'<html lang="{bilingual.HTML_LANG[lang]}"' in page, name
        switch = re.findall(r'<button type="button" class="atlas-lang-switch"[^>]*>(.*?)</button>',
                            page)
        assert len(switch) == 1, name
        packed = bilingual.unpack(page)
        if packed is None:  # a map page: its text in both languages, CSS shows one
            assert page.count('class="l10n" lang="zh-CN"') > 5, name
            assert page.count('class="l10n" lang="en"') > 5, name
            assert "English" in switch[0] and "中文" in switch[0], name
            assert "html[lang|=\"zh\"] .l10n[lang=\"en\"]" in page, name
        else:  # home, report, snippets: the other language packed
            default, patch = packed
            assert default == lang and len(patch["text"]) == len(patch["at"]) > 5, name
            # the switch names the language it switches to, in the page and in the patch
            assert names[other] in switch[0] and names[lang] not in switch[0], name
            assert names[lang] in patch["text"], name
            assert 'id="atlas-l10n-pack"' in page and "DecompressionStream" in page, name
        assert "AtlasL10n" in page, name
        # each language's visible text is in that language: the zh view reads Chinese
        # headings, the en view none
        zh_text, en_text = visible(page, "zh"), visible(page, "en")
        assert zh_text != en_text, name
        assert sum(bool(CJK.search(t)) for t in zh_text) > sum(bool(CJK.search(t)) for t in en_text)


def test_headings_and_chips_speak_one_language(built):
    _, pages = built
    parks = pages["parks.html"]
    chip = re.search(r'<button type="button" class="atlas-filter[^"]*" data-atlas-filter="sector"'
                     r'[^>]*>(.*?)</button>', parks).group(1)
    zh_chip = "".join(visible(chip, "zh"))
    en_chip = "".join(visible(chip, "en"))
    assert CJK.search(zh_chip) and not re.search("[a-z]{3,}", zh_chip), zh_chip
    assert re.search("[a-z]{3,}", en_chip) and not CJK.search(en_chip), en_chip
    for name, page in pages.items():
        h1 = {code: re.search(r"<h1>(.*?)</h1>", bilingual.single(page, code), re.S).group(1)
              for code in ("zh", "en")}
        assert not CJK.search("".join(visible(h1["en"], "en"))), name
        assert CJK.search("".join(visible(h1["zh"], "zh"))), name


def test_no_file_column_or_id_names_in_what_a_person_reads(built):
    _, pages = built
    for name, page in pages.items():
        for lang in ("zh", "en"):
            bad = [t for t in visible(page, lang) if NOT_WORDS.search(t)]
            assert not bad, (name, lang, bad[:3])
        # the map pages' data: popups, tooltips, labels, legends, both languages
        data, l10n = _island(page, "atlas-data"), _island(page, "atlas-l10n")
        if data is None:
            continue
        shown = [s for s in _strings(data) if NOT_WORDS.search(s)]
        shown += [s for s in _strings(bilingual.payload_unpack(l10n)["values"])
                  if NOT_WORDS.search(s)]
        assert not shown, (name, shown[:3])


def test_the_visible_text_check_can_fail():
    page = ('<html lang="zh-CN"><body><p>002_bc9165981370adad.txt</p>'
            '<span class="l10n" lang="en">name_zh</span></body></html>')
    assert [t for t in visible(page, "zh") if NOT_WORDS.search(t)] == ["002_bc9165981370adad.txt"]
    assert [t for t in visible(page, "en") if NOT_WORDS.search(t)] == [
        "002_bc9165981370adad.txt", "name_zh"]


def test_popups_name_sources_by_short_title_and_locator(built):
    lang, pages = built
    data = _island(pages["parks.html"], "atlas-data")
    park = next(f for layer in data["layers"] if layer["id"] == "parks"
                for f in layer["features"] if f["id"] == "jinghe_pv")
    cites = [s["cite"] for s in park["pop"]["src"]]
    if lang == "zh":
        assert "《十四五科技创新发展规划》专栏11" in cites
        rows = dict(park["pop"]["rows"])
        assert "勾绘依据" in rows and not re.search("[a-z]{4,}", rows["勾绘依据"].replace("English", ""))
        assert park["pop"]["notes"] == ["示意：按手工勾绘面积估算"]
    else:
        assert "14th Five-Year S&T Innovation Plan, Box 11" in cites
    assert all(set(s) == {"cite", "quote"} for s in park["pop"]["src"])


def test_every_seed_has_a_short_title_in_both_languages(real_atlas):
    files = set(real_atlas.manifest["file"])
    assert files == set(words.SOURCE_TITLES)
    for zh, en in words.SOURCE_TITLES.values():
        assert CJK.search(zh) and en and not CJK.search(en)
    assert words.source_name("002_bc9165981370adad.txt", "专栏11", "en") == \
        "14th Five-Year S&T Innovation Plan, Box 11"
    assert words.locator_words("第四章第三节（小标题）", "en") == "Chapter 4, Section 3 （小标题）"
    assert words.source_title("999_unknown.txt", "zh") == words.UNLISTED_SOURCE[0]


def test_merge_keeps_both_texts_and_attributes():
    zh = '<html lang="zh-CN"><head><title>园区</title></head><body><p title="甲">你好 <b>地图</b></p><input placeholder="搜索"></body></html>'
    en = '<html lang="en"><head><title>Parks</title></head><body><p title="A">Hello <b>map</b></p><input placeholder="Search"></body></html>'
    page = bilingual.merge(zh, en, default="en")
    assert page.startswith('<html lang="en">')
    assert '<span class="l10n" lang="zh-CN">你好</span><span class="l10n" lang="en">Hello</span>' in page
    # the default's value is the tag's own: null in data-l10n, not stored twice
    assert 'placeholder="Search" data-l10n="{&quot;placeholder&quot;:[&quot;搜索&quot;,null]}"' in page
    assert 'placeholder="搜索"' in bilingual.single(page, "zh") and 'null' not in bilingual.single(page, "zh")
    assert 'placeholder="Search"' in bilingual.single(page, "en")
    assert ">园区</title>" in bilingual.single(page, "zh") and ">Parks</title>" in bilingual.single(page, "en")
    assert "<title data-l10n=" in page and ">Parks</title>" in page
    # a part only one render has is kept whole, in its language
    page = bilingual.merge("<body><p>图</p><img src=a.png></body>", "<body><p>map</p></body>")
    assert '<div class="l10n" lang="zh-CN"><img src=a.png></div>' in page
    with pytest.raises(bilingual.MergeError):
        bilingual.merge("<body><p>a<b>b</p></body>", "<body><p>a</p><i>c</i></body>")


def test_payload_diff_lists_only_what_differs():
    zh = {"a": "图层", "b": [1, {"c": "同"}], "d": ["一"]}
    en = {"a": "Layers", "b": [1, {"c": "同"}], "d": ["one", "two"]}
    assert bilingual.payload_diff(zh, en) == [[["a"], "图层", "Layers"], [["d"], ["一"], ["one", "two"]]]


def test_payload_patch_stores_each_other_language_value_once():
    zh = {"a": "图层", "b": [{"c": "来源", "d": "同"}, {"c": "来源", "d": "同"}], "e": ["一"]}
    en = {"a": "Layers", "b": [{"c": "Source", "d": "同"}, {"c": "Source", "d": "同"}], "e": ["one", "two"]}
    packed = bilingual.payload_patch(zh, en, "zh")
    assert set(packed) == {"pack"}  # deflated: the page unpacks it at load
    patch = bilingual.payload_unpack(packed)
    assert patch["values"] == ["Layers", "Source", ["one", "two"]]
    # the walk: a, b, b.0, b.0.c, b.0.d, b.1, b.1.c, b.1.d, e, e.0 → places 0, 3, 6, 8
    assert patch["at"] == [1, 3, 3, 2] and patch["ix"] == [0, 1, 1, 2]
    assert bilingual.patch_leaves(zh, patch) == [
        (("a",), "Layers"), (("b", 0, "c"), "Source"), (("b", 1, "c"), "Source"),
        (("e",), ["one", "two"])]
    # opening in English, the patch holds the Chinese
    assert bilingual.payload_unpack(bilingual.payload_patch(zh, en, "en"))["values"] == [
        "图层", "来源", ["一"]]
    # keys are walked sorted, lists in turn (the page's script walks them so): "10" before "9",
    # item 10 after item 9
    zh = {"9": "九", "10": "十", "l": [str(i) for i in range(12)]}
    en = {"9": "nine", "10": "ten", "l": [str(i) for i in range(10)] + ["ten", "eleven"]}
    patch = bilingual.payload_patch(zh, en, "zh")
    assert bilingual.patch_leaves(zh, patch) == [
        (("10",), "ten"), (("9",), "nine"), (("l", 10), "ten"), (("l", 11), "eleven")]


def test_pages_are_deterministic(real_atlas):
    one = [p.html for p in webmap.render_pages(real_atlas, lang="en")]
    two = [p.html for p in webmap.render_pages(real_atlas, lang="en")]
    assert one == two


def _patched(data, island):
    """The page's data after the switch: each leaf the patch names set to its value."""
    data = json.loads(json.dumps(data))
    for path, value in bilingual.patch_leaves(data, island):
        node = data
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
    return data


def test_the_patch_turns_each_map_page_into_its_other_language(real_atlas):
    for spec in catalog.MAPS:
        zh, en = (webmap.map_page(real_atlas, spec, "none", code).html for code in ("zh", "en"))
        data_zh, data_en = _island(zh, "atlas-data"), _island(en, "atlas-data")
        assert data_zh != data_en, spec.name
        for a, b in ((data_zh, data_en), (data_en, data_zh)):
            island = _island(zh if a is data_zh else en, "atlas-l10n")
            got = _patched(a, island)
            got["lang"], want = b["lang"], dict(b)
            assert got == want, spec.name


def test_no_view_shows_a_title_in_the_other_language(built):
    """A Chinese reader sees no English map title (the old subtitle did), and the reverse."""
    _, pages = built
    for name, page in pages.items():
        if name in ("report.html", "embed.html"):
            continue
        for lang, other in (("zh", "en"), ("en", "zh")):
            seen = bilingual.single(page, lang)
            body = seen[seen.index("<body"):]
            # quotes stay in the plan's words, and data islands are not read as text
            body = re.sub(r"<(blockquote|script)\b.*?</\1>", "", body, flags=re.S)
            for spec in catalog.MAPS:
                assert spec.title(other) not in body, (name, lang, spec.name)


def _doc(lang, words, chart, snippet):
    return (f'<!DOCTYPE html>\n<html lang="{bilingual.HTML_LANG[lang]}"><head><title>{words[0]}'
            f'</title></head><body><h1>{words[0]}</h1><p title="{words[1]}">{words[2]} <b>1,000</b>'
            f' </p><p>{words[3]}</p><img src="a.png" alt="{words[1]}">{chart}'
            f'<textarea>\n{snippet}</textarea>\n{_AFTER.format(words[1])}<a href="parks.html">{words[1]}</a>'
            '</body></html>\n')


# a long text that starts on a new line just after a textarea: stored as edits, and its
# newline is its own (the parser drops only the one just inside the textarea)
_AFTER = "\nparks.html · output.html · corridors.html · national.html · shanghai.html: {}"


def _chart(label):
    """An inline chart as the report has them: the two languages differ in its words only."""
    return ('<svg xmlns="http://www.w3.org/2000/svg" role="img">' + "".join(
        f'<rect x="{i}" width="10" height="{i * 3}"/>' for i in range(40)) + f"<text>{label}</text></svg>")


_SNIPPET = "&lt;iframe src=&#34;parks.html&#34; width=&#34;100%&#34; height=&#34;480&#34; " \
           "loading=&#34;lazy&#34; style=&#34;border:0&#34; title=&#34;{}&#34;&gt;&lt;/iframe&gt;"
_ZH = _doc("zh", ("报告", "园区", "一段文字", "只有中文 &amp; 符号"), _chart("产值"), _SNIPPET.format("特色产业园区"))
_EN = _doc("en", ("Report", "Parks", "Some text", "English &amp; signs"), _chart("Output"),
           _SNIPPET.format("Featured parks"))


@pytest.mark.parametrize("default", ["zh", "en"])
def test_a_packed_page_holds_one_language_and_gives_back_both(default):
    page = bilingual.document(_ZH, _EN, default=default)
    other_words = ("Report", "Some text", "Output") if default == "zh" else ("报告", "一段文字", "产值")
    outside = re.sub(r'<script type="text/plain" id="atlas-l10n-pack".*?</script>', "", page, flags=re.S)
    assert not any(w in outside for w in other_words[:2])
    assert 'class="l10n"' not in page  # nothing of the other language in the page itself
    # each language comes back exactly as it was rendered
    assert bilingual.single(page, "zh") == _ZH
    assert bilingual.single(page, "en") == _EN
    default_, patch = bilingual.unpack(page)
    assert default_ == default
    # the chart is stored as the words that differ, the long snippet as edits on the default's
    other_chart = "Output" if default == "zh" else "产值"
    assert other_chart in patch["text"] and "<rect" not in json.dumps(patch, ensure_ascii=False)
    assert any(isinstance(t, list) for t in patch["text"])
    assert bilingual.document(_ZH, _EN, default=default) == page  # the same bytes twice


def test_a_packed_page_keeps_a_part_only_one_language_has_and_the_structure_check():
    zh = _ZH.replace("<h1>", '<figure><img src="a.png"></figure><h1>')
    page = bilingual.document(zh, _EN)
    assert '<div class="l10n" lang="zh-CN"><figure><img src="a.png"></figure></div>' in page
    assert bilingual.single(page, "zh") == zh and bilingual.single(page, "en") == _EN
    with pytest.raises(bilingual.MergeError):
        bilingual.document(_ZH.replace("<b>1,000</b>", "<b>1,000"), _EN)


def test_blank_text():
    assert bilingual._blank(" \n\u3000&nbsp;") and not bilingual._blank(" x ")


@pytest.mark.parametrize("name", ["bilingual.js", "bilingual.css", "docs.js", "docs.css"])
def test_the_switch_files_are_minified_where_pages_carry_them(name):
    from importlib import resources

    source = resources.files("atlas.render").joinpath("lang", name).read_text(encoding="utf-8")
    small = bilingual.asset(name)
    assert small == minify.minify(name, source)
    assert len(small) < 0.8 * len(source)
    assert "/*" not in small and "\n  " not in small  # no comment blocks, no indents


def test_each_packed_page_gives_back_both_renders_to_the_byte(real_atlas):
    """The home page, the report and the snippets page: what the reader of each language
    gets (bilingual.single, as the browser's switch does) is that language's render."""
    maps = webmap.render_pages(real_atlas, lang="zh")[1:]
    listed = [(p.filename, p.title_zh, p.title_en) for p in maps]
    renders = {
        "index": [home._render_one(real_atlas, maps, code, None).html for code in ("zh", "en")],
        "report": [report._render_one(real_atlas, [], code) for code in ("zh", "en")],
        "embed": [embed._render_one(real_atlas, listed, "", code, code) for code in ("zh", "en")],
    }
    for name, (zh, en) in renders.items():
        for default in ("zh", "en"):
            page = bilingual.document(zh, en, default=default)
            assert bilingual.single(page, "zh") == zh, (name, default)
            assert bilingual.single(page, "en") == en, (name, default)
            # and the page itself carries one language: the other one is only in the pack
            assert len(page.encode()) < len(zh.encode()) + len(en.encode()) * 0.5, name
