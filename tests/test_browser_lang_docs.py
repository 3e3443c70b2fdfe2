"""The home page, the report and the snippets page carry the other language packed: in
Chromium (network blocked) the switch puts back every text and attribute exactly as
``bilingual.single`` reads them, and a ?lang= link opens in its language."""

from html.parser import HTMLParser

import pytest

from atlas.render import bilingual
from atlas.render.docs import embed, report
from atlas.render.web import home, pages as webmap
from tests.test_browser import browser, url, visit  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

# every non-blank text node outside scripts, styles, the switch and the hidden language
TEXTS = """() => {
  const out = [], w = document.createTreeWalker(document, 4), on = document.documentElement.lang;
  let n;
  while ((n = w.nextNode())) {
    const p = n.parentNode, part = p.closest('.l10n');
    if (/^(script|style)$/i.test(p.localName) || !/\\S/.test(n.data) || p.closest('.atlas-lang-bar')
        || (part && part.getAttribute('lang') !== on)) continue;
    out.push(n.data.trim());
  }
  return out;
}"""
ATTRS = """() => [...document.querySelectorAll('img, a[title], [placeholder], [aria-label], [alt]')]
  .filter(e => !e.closest('.atlas-lang-bar'))
  .map(e => [e.localName, e.getAttribute('src'), e.getAttribute('alt'), e.getAttribute('title'),
             e.getAttribute('aria-label')])"""


class _Read(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts, self.attrs, self.skip, self.boxes, self.box = [], [], 0, [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
        self.box = tag == "textarea"
        if tag == "img" or (tag == "a" and "title" in a) or {"placeholder", "aria-label", "alt"} & set(a):
            self.attrs.append([tag, a.get("src"), a.get("alt"), a.get("title"), a.get("aria-label")])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.box:
            self.boxes.append(data[1:] if data.startswith("\n") else data)
            self.box = False
        if not self.skip and data.strip():
            self.texts.append(data.strip())


def _read(page, lang):
    r = _Read()
    r.feed(bilingual.single(page, lang))
    return r.texts, r.attrs, r.boxes


@pytest.fixture(scope="module")
def docs(real_atlas, tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    maps = webmap.render_pages(real_atlas, lang="zh")[1:]
    out = {
        "index.html": home.render(real_atlas, maps, "zh").html,
        "report.html": report.render(real_atlas, [], "zh"),
        "embed.html": embed.render(real_atlas, [(p.filename, p.title_zh, p.title_en) for p in maps],
                                   lang="zh"),
    }
    for name, page in out.items():
        (folder / name).write_text(page, encoding="utf-8")
    return folder, out


@pytest.mark.parametrize("name", ["index.html", "report.html", "embed.html"])
def test_the_switch_puts_back_every_text_and_attribute(docs, visit, name):  # noqa: F811
    folder, pages = docs
    v = visit(url(folder, name))
    page = v.page
    page.wait_for_function("() => window.AtlasL10n && document.readyState === 'complete'")
    v.js("() => AtlasL10n.ready")
    zh_texts, zh_attrs, _ = _read(pages[name], "zh")
    en_texts, en_attrs, en_boxes = _read(pages[name], "en")
    assert zh_texts != en_texts and len(en_texts) > 20
    assert v.js(TEXTS) == zh_texts and v.js(ATTRS) == zh_attrs

    page.get_by_role("button", name="English").click()
    assert page.get_attribute("html", "lang") == "en" and "lang=en" in v.js("() => location.search")
    assert v.js(TEXTS) == en_texts
    assert v.js(ATTRS) == en_attrs
    assert page.title() == en_texts[0]
    # what Copy copies is the English snippet
    values = v.js("() => [...document.querySelectorAll('textarea')].map(t => t.value)")
    assert values == en_boxes and (name != "embed.html" or len(values) > 10)
    links = v.js("() => [...document.querySelectorAll('a[href$=\".html\"], a[href*=\".html?\"]')]"
                 ".map(a => a.getAttribute('href'))")
    assert all("lang=en" in h for h in links if not h.startswith(("http", "#")))

    page.get_by_role("button", name="中文").click()
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert v.js(TEXTS) == zh_texts and v.js(ATTRS) == zh_attrs
    assert not v.errors and not v.blocked


def test_a_link_with_a_language_opens_in_it(docs, visit):  # noqa: F811
    folder, pages = docs
    v = visit(url(folder, "report.html") + "?lang=en")
    v.page.wait_for_function("() => document.documentElement.lang === 'en'")
    v.page.wait_for_function("() => !/[\\u4e00-\\u9fff]/.test(document.querySelector('h1').textContent)")
    assert v.js(TEXTS) == _read(pages["report.html"], "en")[0]
    assert not v.errors


def test_without_decompression_the_switch_says_so_in_both_languages(docs, visit):  # noqa: F811
    folder, _ = docs
    v = visit("about:blank")
    v.page.add_init_script("delete window.DecompressionStream")
    v.page.goto(url(folder, "embed.html"))
    v.page.wait_for_load_state("load")
    bar = v.page.locator(".atlas-lang-bar")
    assert v.page.locator("[data-atlas-lang-switch]").is_disabled()
    assert "无法切换语言" in bar.inner_text() and "cannot switch" in bar.inner_text()
    assert not v.errors


def test_copy_feedback_speaks_the_page_language_and_the_label_follows_a_switch(docs, visit):  # noqa: F811
    folder, _ = docs
    v = visit(url(folder, "embed.html"))
    page = v.page
    page.wait_for_function("() => window.AtlasL10n")
    v.js("() => AtlasL10n.ready")
    button = page.locator("button[data-copy]").first
    button.click()
    page.wait_for_function("() => document.getElementById('copy-status').textContent !== ''")
    assert page.inner_text("#copy-status") in ("已复制", "请按 Ctrl+C 复制")
    page.get_by_role("button", name="English").click()  # while the button still says it
    page.wait_for_function("() => document.querySelector('button[data-copy]').textContent === 'Copy'",
                           timeout=4000)
    button.click()
    page.wait_for_function("() => /Cop|Ctrl/.test(document.getElementById('copy-status').textContent)")
    assert page.inner_text("#copy-status") in ("Copied", "Press Ctrl+C to copy")
    assert not v.errors
