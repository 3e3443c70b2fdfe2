"""The docs pages' own style sheets and scripts (templates/*.css, *.js) as a page carries
them: minified, a style sheet headed by only the colours it uses."""

from importlib import resources

from markupsafe import Markup

from atlas.maps import style
from atlas.render.minify import minify

_PACKAGE = "atlas.render.docs"


def _read(name):
    return resources.files(_PACKAGE).joinpath("templates", name).read_text(encoding="utf-8")


def css(name):
    """templates/NAME with the document colours it uses, minified, safe inside <style>."""
    text = _read(name)
    out = minify(name, style.css_variables(style.DOCUMENT, used_in=text) + text)
    if "</style" in out.lower():
        raise ValueError(f"{name} would close its own <style>")
    return Markup(out)


def script(name):
    """templates/NAME minified, safe inside <script>."""
    out = minify(name, _read(name))
    if "</script" in out.lower() or "<!--" in out:
        raise ValueError(f"{name} would close its own <script>")
    return Markup(out)
