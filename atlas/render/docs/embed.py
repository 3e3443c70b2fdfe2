"""embed.html: copy-ready snippets for putting the maps into web pages and documents.

For each interactive map: a responsive <iframe>, a Markdown image linking to the
live map, and an <img> of the static figure with alt text. Every snippet sits in
a read-only textarea with a copy button; the page works offline (no network, own
few lines of script, a fallback when the clipboard API is unavailable).
"""

import html
import re
from pathlib import PurePosixPath

from atlas.maps import catalog

SCRIPT = """
(function () {
  function done(button, ok) {
    var status = document.getElementById('copy-status');
    var label = button.getAttribute('data-label');
    button.textContent = ok ? button.getAttribute('data-copied') : button.getAttribute('data-failed');
    status.textContent = button.textContent;
    setTimeout(function () { button.textContent = label; }, 1600);
  }
  function fallback(area) {
    area.focus();
    area.select();
    try { return document.execCommand('copy'); } catch (e) { return false; }
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-copy]');
    if (!button) { return; }
    var area = document.getElementById(button.getAttribute('data-copy'));
    if (!area) { return; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(function () { done(button, true); },
        function () { done(button, fallback(area)); });
    } else {
      done(button, fallback(area));
    }
  });
})();
"""

CSS = """
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  "Noto Sans", sans-serif; color: #1a1a1a; max-width: 980px; margin: 0 auto; padding: 24px;
  line-height: 1.5; }
h1 { font-size: 1.6em; margin: 0 0 .3em; }
h2 { font-size: 1.25em; margin: 1.6em 0 .5em; border-bottom: 1px solid #ccc; }
.map { display: grid; grid-template-columns: 220px 1fr; gap: 16px; align-items: start; }
.map img.preview { width: 100%; border: 1px solid #ccc; }
.snippet { margin: 0 0 12px; }
.snippet label { font-weight: bold; display: block; margin-bottom: 2px; }
textarea { width: 100%; font-family: "Noto Sans Mono CJK SC", ui-monospace, monospace;
  font-size: 12px; padding: 6px; border: 1px solid #bbb; border-radius: 4px; resize: vertical; }
button { margin-top: 4px; padding: 3px 12px; border: 1px solid #1f5a99; background: #1f5a99;
  color: white; border-radius: 4px; cursor: pointer; font: inherit; font-size: .9em; }
button:focus-visible { outline: 3px solid #f0a000; }
.note { color: #555; font-size: .9em; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media (max-width: 640px) { .map { grid-template-columns: 1fr; } }
"""

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


def _e(text):
    return html.escape(str(text), quote=True)


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


def snippets(atlas, filename, title_zh, title_en, base_url="", lang="zh"):
    """{'iframe', 'markdown', 'img'} snippet text for one map (img None without a figure)."""
    title = title_zh if lang == "zh" else title_en
    url = _join(base_url, filename)
    fig = figure_for(filename, lang)
    iframe = (
        '<div style="position:relative;width:100%;max-width:1200px;aspect-ratio:4/3;">'
        f'<iframe src="{_e(url)}" title="{_e(title)}" loading="lazy" allowfullscreen '
        'style="position:absolute;inset:0;width:100%;height:100%;border:0;"></iframe></div>'
    )
    alt = _alt(atlas, filename, title, lang)
    if fig:
        img_url = _join(base_url, fig)
        markdown = f"[![{_md_text(alt)}]({_md_url(img_url)})]({_md_url(url)} \"{_md_text(title).replace(chr(34), '')}\")"
        img = (f'<a href="{_e(url)}"><img src="{_e(img_url)}" alt="{_e(alt)}" '
               'style="max-width:100%;height:auto;" loading="lazy"></a>')
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


def render(atlas, maps, base_url="", lang="zh"):
    """embed.html as a string. ``maps``: (filename, title_zh, title_en) per interactive map."""
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language '{lang}'; choose zh or en")
    base_url = _check_base(base_url)
    zh = lang == "zh"
    out = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(_w('title', lang))}</title><style>{CSS}</style></head><body>",
           f"<h1>{_e(_w('title', lang))}</h1>", f'<p class="note">{_e(_w("lead", lang))}</p>']
    if not base_url:
        out.append(f'<p class="note">{_e(_w("base", lang))}</p>')
    out.append('<p id="copy-status" class="sr-only" role="status" aria-live="polite"></p>')
    for index, (filename, title_zh, title_en) in enumerate(maps, start=1):
        title = title_zh if zh else title_en
        parts = snippets(atlas, filename, title_zh, title_en, base_url, lang)
        url = _join(base_url, filename)
        fig = figure_for(filename, lang)
        out.append(f'<section class="embed" id="map-{index}"><h2>{_e(title)}</h2><div class="map">')
        if fig:
            out.append(f'<div><a href="{_e(url)}"><img class="preview" src="{_e(fig)}" '
                       f'alt="{_e(_alt(atlas, filename, title, lang))}"></a>'
                       f'<p><a href="{_e(url)}">{_e(_w("open", lang))}</a></p></div>')
        else:
            out.append(f'<div><p><a href="{_e(url)}">{_e(_w("open", lang))}</a></p>'
                       f'<p class="note">{_e(_w("no_figure", lang))}</p></div>')
        out.append("<div>")
        for kind in ("iframe", "markdown", "img"):
            text = parts[kind]
            if text is None:
                continue
            box = f"snippet-{index}-{kind}"
            rows = 3 if kind != "iframe" else 4
            out.append(
                f'<div class="snippet"><label for="{box}">{_e(_w(kind, lang))}</label>'
                f'<textarea id="{box}" rows="{rows}" readonly spellcheck="false">{_e(text)}</textarea>'
                f'<button type="button" data-copy="{box}" data-label="{_e(_w("copy", lang))}" '
                f'data-copied="{_e(_w("copied", lang))}" data-failed="{_e(_w("failed", lang))}">'
                f"{_e(_w('copy', lang))}</button></div>"
            )
        out.append("</div></div></section>")
    out.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(out) + "\n"
