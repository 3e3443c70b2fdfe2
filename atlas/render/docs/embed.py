"""embed.html: copy-ready snippets for putting the maps into web pages and documents.

For each interactive map: a responsive <iframe>, a Markdown image linking to the
live map, and an <img> of the static figure with alt text. Every snippet sits in
a read-only textarea with a copy button; the page works offline (no network, own
few lines of script, a fallback when the clipboard API is unavailable).

The page and the HTML snippets are jinja2 templates (``templates/embed.html.j2``,
``templates/snippets.html.j2``, autoescaped); Markdown is escaped here.
"""

import re
from pathlib import PurePosixPath

from markupsafe import Markup

from atlas.maps import catalog
from atlas.render import bilingual, templating
from atlas.render.docs import sheets

_PACKAGE = "atlas.render.docs"

_WORDS = {
    "title": ("嵌入与引用代码", "Embed and link snippets"),
    "lead": (
        "把交互地图放进网页，或把静态图放进文档与 Markdown。点“复制”后粘贴即可。"
        "Word/PDF 报告请用 figures/ 下的 PNG、SVG 或 PDF 静态图。",
        "Put the interactive maps into web pages, or the static figures into documents and "
        "Markdown: press Copy, then paste. For Word/PDF reports use the PNG, SVG or PDF "
        "figures in figures/.",
    ),
    "iframe": ("响应式 iframe（网页）", "Responsive iframe (web pages)"),
    "markdown": ("Markdown（静态图，链接到交互地图）", "Markdown (static figure linking to the live map)"),
    "img": ("<img> 静态图（含替代文字）", "<img> static figure (with alt text)"),
    "copy": ("复制", "Copy"),
    "copied": ("已复制", "Copied"),
    "failed": ("请按 Ctrl+C 复制", "Press Ctrl+C to copy"),
    "open": ("打开交互地图", "Open the interactive map"),
    "base": (
        "链接相对于本页所在文件夹；发布到网站后，用 `atlas build` 的 base_url 生成绝对地址。",
        "Links are relative to this folder; for a published site, render with a base_url to "
        "get absolute addresses.",
    ),
    "alt_static": ("（静态图）", " (static figure)"),
    "no_figure": ("此地图没有静态图：Markdown 只给出链接。", "This map has no static figure: the Markdown is a plain link."),
}


def _w(key, lang):
    return _WORDS[key][0 if lang == "zh" else 1]


def _join(base_url, path):
    if not base_url:
        return path
    return base_url if base_url.endswith("/") and not path else base_url.rstrip("/") + "/" + path


def _check_base(base_url):
    if not base_url:
        return ""
    if not re.match(r"^(https?://|/|\./|\.\./)", base_url) and ":" in base_url.split("/")[0]:
        raise ValueError(f"base_url '{base_url}' must be http(s)://…, or a relative path")
    if any(ch in base_url for ch in "\"'<> \t\n"):
        raise ValueError(f"base_url '{base_url}' contains quotes, spaces or angle brackets")
    return base_url


def _md_text(text):
    """Text safe inside Markdown link/image brackets."""
    return re.sub(r"([\\\[\]()*_`<>])", r"\\\1", str(text))


def _md_url(url):
    return str(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def figure_for(filename, lang):
    """'parks.html' -> 'figures/parks.zh.png' when the map has a static figure, else None."""
    stem = PurePosixPath(filename).stem
    if stem in catalog.NAMES:
        return f"figures/{stem}.{lang}.png"
    return None


def _snippet_markup():
    """The template module whose macros write the iframe and img snippets."""
    return templating.environment(_PACKAGE).get_template("snippets.html.j2").module


def snippets(atlas, filename, title_zh, title_en, base_url="", lang="zh", fig_lang=None):
    """{'iframe', 'markdown', 'img'} snippet text for one map (img None without a figure);
    ``fig_lang``: the language of the figure it shows (default ``lang``)."""
    title = title_zh if lang == "zh" else title_en
    url = _join(base_url, filename)
    fig = figure_for(filename, fig_lang or lang)
    markup = _snippet_markup()
    # str(): plain text again, so the page escapes it once more inside its textarea
    iframe = str(markup.iframe(url, title))
    alt = _alt(atlas, filename, title, lang)
    if fig:
        img_url = _join(base_url, fig)
        markdown = f"[![{_md_text(alt)}]({_md_url(img_url)})]({_md_url(url)} \"{_md_text(title).replace(chr(34), '')}\")"
        img = str(markup.img(url, img_url, alt))
    else:
        markdown = f"[{_md_text(title)}]({_md_url(url)})"
        img = None
    return {"iframe": iframe, "markdown": markdown, "img": img}


def _alt(atlas, filename, title, lang):
    """Alt text that says what the figure shows, not just its name."""
    stem = PurePosixPath(filename).stem
    n_parks, n_cities = len(atlas.parks), len(atlas.new_cities)
    zh = lang == "zh"
    what = {
        "overview": (f"西咸新区 {n_cities} 个新城（区）、{n_parks} 个特色产业园区与科创平台的位置",
                     f"the {n_cities} new cities and zones of Xixian New Area, its {n_parks} "
                     "featured parks and innovation platforms"),
        "parks": (f"{n_parks} 个特色产业园区的位置，按产业集群着色",
                  f"where the {n_parks} featured parks are, coloured by industry cluster"),
        "output": ("各特色产业园区 2025 年产值目标（分级着色，标注规划措辞）",
                   "each featured park's 2025 output target, in graded colours with the plan's "
                   "wording"),
        "corridors": ("秦创原总窗口与两条示范带及其节点", "the Qinchuangyuan general window, its two "
                      "belts and their nodes"),
    }.get(stem)
    if not what:
        return title
    return f"{title}：{what[0]}" if zh else f"{title}: map of {what[1]}"


def _map_boxes(atlas, index, filename, title_zh, title_en, base_url, lang, fig_lang):
    """One map's entry on the page: its links, its preview and its three snippet boxes."""
    title = title_zh if lang == "zh" else title_en
    parts = snippets(atlas, filename, title_zh, title_en, base_url, lang, fig_lang)
    return {
        "index": index,
        "title": title,
        "url": _join(base_url, filename),
        "preview": figure_for(filename, fig_lang),
        "alt": _alt(atlas, filename, title, lang),
        "snippets": [{"id": f"snippet-{index}-{kind}", "label": _w(kind, lang),
                      "text": _textarea(parts[kind])}
                     for kind in ("iframe", "markdown", "img") if parts[kind] is not None],
    }


def render(atlas, maps, base_url="", lang="zh", figures=None):
    """embed.html as a string. ``maps``: (filename, title_zh, title_en) per interactive map;
    ``figures``: the figure paths the build wrote (None: those of both languages). Each
    language shows its own figure where there is one, else the build language's."""
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language '{lang}'; choose zh or en")
    # both languages in one page, opening in ``lang`` (atlas.render.bilingual)
    def fig_lang(code):
        if figures is None or any(f.endswith(f".{code}.png") for f in figures):
            return code
        return lang

    zh, en = (_render_one(atlas, maps, base_url, code, fig_lang(code)) for code in ("zh", "en"))
    return bilingual.document(zh, en, default=lang)


def _textarea(text):
    """Text as a textarea holds it: only '&' and '<' need escaping there (its content is
    raw text up to '</textarea'), so the snippets' many quotes stay quotes."""
    return Markup(str(text).replace("&", "&amp;").replace("<", "&lt;"))


def _render_one(atlas, maps, base_url, lang, fig_lang):
    base_url = _check_base(base_url)
    return templating.render(
        _PACKAGE, "embed.html.j2",
        css=sheets.css("embed.css"), script=sheets.script("embed.js"),
        html_lang="zh-CN" if lang == "zh" else "en",
        words={key: _w(key, lang) for key in _WORDS},
        base_url=base_url,
        maps=[_map_boxes(atlas, index, filename, title_zh, title_en, base_url, lang, fig_lang)
              for index, (filename, title_zh, title_en) in enumerate(maps, start=1)],
    )
