"""Everything a web page needs, inlined: pages open from disk with no network.

Leaflet's JavaScript, CSS and images are read at build time from the pinned
``xstatic-leaflet`` package (never copied into the repo); the atlas's own
JavaScript and CSS are package files under ``atlas/render/web/js/``, kept readable there and
minified (pinned rjsmin and rcssmin) where a page inlines them or ``--shared-assets`` writes
them. folium's default
CDN links (Leaflet, jQuery, Bootstrap, Font Awesome, …) are dropped: the maps
need none of them.
"""

import base64
import importlib
import html
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from folium.template import Template

from atlas.maps import style
from atlas.render.minify import minify

#: the atlas's own scripts and styles (package data)
_OWN = "js"

#: what a page can load by itself: <script src>, <link href>, <img src>, CSS url() …
_LOADING_ATTR = re.compile(
    r"<(script|link|img|iframe|source|embed|object|audio|video|track|input|image|use)\b"
    r"[^>]*?\s(src|href|data|srcset|poster|xlink:href)\s*=\s*[\"']?([^\"'\s>]+)",
    re.IGNORECASE,
)
_CSS_URL = re.compile(r"url\(\s*[\"']?([^\"')]+)[\"']?\s*\)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import\s+[\"']([^\"']+)[\"']", re.IGNORECASE)
_SOURCE_MAP = re.compile(r"^\s*//[#@]\s*sourceMappingURL=.*$", re.MULTILINE)
_CSS_SOURCE_MAP = re.compile(r"/\*[#@]\s*sourceMappingURL=.*?\*/")


def _xstatic(name):
    """The installed xstatic package ``name`` (its BASE_DIR holds the files, VERSION the pin)."""
    return importlib.import_module(f"xstatic.pkg.{name}")


def _script(path):
    """A minified script without its source-map comment (the map file is not shipped)."""
    return _SOURCE_MAP.sub("", path.read_text(encoding="utf-8")).rstrip() + "\n"


def leaflet_dir():
    """The installed xstatic-leaflet data folder (leaflet.js, leaflet.css, images/)."""
    return Path(_xstatic("leaflet").BASE_DIR)


def leaflet_version():
    return _xstatic("leaflet").VERSION


@lru_cache(maxsize=None)
def leaflet_js():
    """Leaflet's minified JavaScript."""
    return _script(leaflet_dir() / "leaflet.js")


@lru_cache(maxsize=None)
def leaflet_css():
    """Leaflet's CSS with its images (layer and marker icons) as data: URIs."""
    folder = leaflet_dir()
    text = (folder / "leaflet.css").read_text(encoding="utf-8")

    def inline(match):
        target = match.group(1).strip()
        if target.startswith("#") or target.startswith("data:"):
            return match.group(0)  # e.g. url(#default#VML): a fragment, never fetched
        path = (folder / target).resolve()
        if folder.resolve() not in path.parents or not path.is_file():
            raise FileNotFoundError(f"leaflet.css refers to {target}, not in {folder}")
        mime = "image/png" if path.suffix == ".png" else "image/svg+xml"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'url("data:{mime};base64,{data}")'

    return _CSS_SOURCE_MAP.sub("", _CSS_URL.sub(inline, text))


def markercluster_dir():
    """The installed xstatic-leaflet-markercluster data folder."""
    return Path(_xstatic("leaflet_markercluster").BASE_DIR)


def markercluster_version():
    return _xstatic("leaflet_markercluster").VERSION


@lru_cache(maxsize=None)
def markercluster_js():
    """Leaflet.markercluster's minified JavaScript."""
    return _script(markercluster_dir() / "leaflet.markercluster.js")


@lru_cache(maxsize=None)
def markercluster_css():
    """Leaflet.markercluster's two style sheets (animation, then the default cluster icons)."""
    folder = markercluster_dir()
    return "".join(_CSS_SOURCE_MAP.sub("", (folder / name).read_text(encoding="utf-8"))
                   for name in ("MarkerCluster.css", "MarkerCluster.Default.css"))


class Css(str):
    """A style sheet among a page's extra scripts: inlined as <style>, not <script>."""


@lru_cache(maxsize=None)
def own(name):
    """One of the atlas's own asset files (``atlas/render/web/js/NAME``) as text."""
    text = resources.files("atlas.render.web").joinpath(_OWN, name).read_text(encoding="utf-8")
    if name.endswith(".css"):  # the style sheets take their colours from the style table
        text = style.css_variables() + text
    return text


@lru_cache(maxsize=None)
def own_min(name):
    """One of the atlas's own asset files minified, as pages inline it (the package keeps
    the readable source)."""
    return minify(name, own(name))


def script_json(obj):
    """JSON safe inside <script>: no '</script', '<!--', '-->' or line separators can close it."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _checked_script(code):
    lowered = code.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise ValueError("inlined script contains '</script' or '<!--'")
    return code


def _checked_style(code):
    if "</style" in code.lower():
        raise ValueError("inlined style contains '</style'")
    return code


def inline_script(code):
    return f"<script>\n{_checked_script(code)}</script>"


def inline_style(code):
    return f"<style>\n{_checked_style(code)}</style>"


def json_block(element_id, obj):
    """A ``<script type="application/json">`` data island, read with JSON.parse."""
    return f'<script type="application/json" id="{html.escape(element_id)}">{script_json(obj)}</script>'


VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
# folium's map template stops phone users zooming the page (WCAG 1.4.4)
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*user-scalable=no[^>]*>')


def allow_zoom(page):
    """``page`` with folium's viewport meta replaced by one that lets readers zoom."""
    return _FOLIUM_VIEWPORT.sub(VIEWPORT, page, count=1)


def head(title, lang="zh", styles=(), scripts=()):
    """An offline ``<head>`` for pages built without folium (the home page)."""
    parts = [
        '<meta charset="utf-8">',
        VIEWPORT,
        f"<title>{html.escape(title)}</title>",
    ]
    parts += [inline_style(s) for s in styles]
    parts += [inline_script(s) for s in scripts]
    return "<head>\n" + "\n".join(parts) + "\n</head>"


def html_lang(lang):
    return "zh-CN" if lang == "zh" else "en"


def loaded_urls(page):
    """Every URL the markup or CSS of ``page`` would fetch on load (not <a> links).

    Used at build time and in tests to prove a page needs no network. Tile URL
    templates of switchable basemaps live in the JSON data, not in markup, and
    are only requested once the reader turns such a basemap on.
    """
    found = [m.group(3) for m in _LOADING_ATTR.finditer(page)]
    for style in re.findall(r"<style[^>]*>(.*?)</style>", page, re.DOTALL | re.IGNORECASE):
        found += [u for u in _CSS_URL.findall(style) if not u.startswith("#")]
        found += _CSS_IMPORT.findall(style)
    found += [u for u in re.findall(r"style=\"[^\"]*url\(([^)]+)\)", page)]
    return found


def remote_urls(page):
    """The loaded URLs that would need the network (anything but data: and fragments)."""
    return [u for u in loaded_urls(page) if not (u.startswith("data:") or u.startswith("#"))]


# --- folium without the CDN -------------------------------------------------------------


class OfflineMap(folium.Map):
    """A folium Map that links no CDN: the figure header gets Leaflet inlined instead."""

    default_js = []
    default_css = []

    def __init__(self, *args, scripts=(), **kwargs):
        kwargs.setdefault("tiles", None)
        super().__init__(*args, **kwargs)
        self.add_child(InlineAssets(scripts), name="atlas_assets")


def rendered(text):
    """``Element(text)`` as branca makes it for a rendered macro, without parsing ``text``
    as a Jinja template again when that gives the same bytes: parsing the inlined Leaflet
    took a fifth of a map page's time."""
    # Jinja reads these (a tag, a newline it rewrites or the last one it drops)
    if "{{" in text or "{%" in text or "{#" in text or "\r" in text or text.endswith("\n"):
        return Element(text)
    return _Verbatim(text)


class _Verbatim(Element):
    _template = Template("{{ this.text }}")

    def __init__(self, text):
        super().__init__()
        self.text = text


class RenderedMacro(MacroElement):
    """A MacroElement whose rendered header, html and script go into the figure as they
    are (see ``rendered``)."""

    def render(self, **kwargs):
        figure = self.get_root()
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            if macros.get(part) is not None:
                getattr(figure, part).add_child(rendered(macros[part](self, kwargs)),
                                                name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class InlineAssets(RenderedMacro):
    """Leaflet's CSS and JS and the atlas's own, inlined into the page head."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        {{ this.markup }}
        {% endmacro %}
        """
    )

    def __init__(self, scripts=(), leaflet=True):
        super().__init__()
        self._name = "AtlasAssets"
        own_assets = [inline_style(own_min("atlas.css")), inline_script(own_min("atlas.js"))]
        if leaflet:  # a map of the caller's (folium.Map) brings its own Leaflet
            own_assets = [inline_style(leaflet_css())] + own_assets[:1] + [
                inline_script(leaflet_js())] + own_assets[1:]
        self.markup = "\n".join(own_assets + [
            inline_style(code) if isinstance(code, Css) else inline_script(code)
            for code in scripts])


class Markup(Element):
    """Ready-made (already escaped) markup; never parsed as a template."""

    _template = Template("{{ this.markup }}")

    def __init__(self, markup, name="Markup"):
        super().__init__()
        self._name = name
        self.markup = markup


class Script(RenderedMacro):
    """Code run after the map is created (goes in the figure's closing script)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        {% endmacro %}
        """
    )

    def __init__(self, code, name="Script"):
        super().__init__()
        self._name = name
        self.code = _checked_script(code)


def stabilize(figure):
    """Give every element of a folium figure a fixed id (folium's are random).

    Ids follow the element's position in the tree, so the same construction
    always yields the same names: ``map_atlas`` and friends.
    """
    seen = set()
    counter = [0]

    def walk(element, path):
        if id(element) in seen:
            return
        seen.add(id(element))
        if isinstance(element, folium.Map):
            element._id = "atlas"
        else:
            counter[0] += 1
            element._id = f"a{counter[0]}"
        for attr in ("header", "html", "script"):
            child = element.__dict__.get(attr)
            if isinstance(child, Element):
                walk(child, path + (attr,))
        for key, child in list(element._children.items()):
            walk(child, path + (key,))

    walk(figure, ())
    return figure


# --- shared assets (atlas build --shared-assets) ---------------------------------------------

SHARED_FOLDER = "assets"


def shared_assets():
    """[(file name, content, inlined markup, linking markup)] of what every map page inlines
    alike: Leaflet's CSS and JS and the atlas's own. ``--shared-assets`` writes each once
    into ``assets/`` and links it from the pages (relative, so still offline)."""
    items = [("leaflet.css", leaflet_css(), inline_style),
             ("atlas.css", own_min("atlas.css"), inline_style),
             ("leaflet.js", leaflet_js(), inline_script),
             ("atlas.js", own_min("atlas.js"), inline_script)]
    out = []
    for name, content, inline in items:
        href = f"{SHARED_FOLDER}/{name}"
        link = (f'<link rel="stylesheet" href="{href}">' if name.endswith(".css")
                else f'<script src="{href}"></script>')
        out.append((name, content, inline(content), link))
    return out


def link_shared(page):
    """``page`` with each inlined shared asset replaced by a link to it, and the names of
    the assets it now links (none if it inlined none)."""
    used = []
    for name, _, inlined, link in shared_assets():
        if inlined in page:
            page = page.replace(inlined, link)
            used.append(name)
    return page, used
