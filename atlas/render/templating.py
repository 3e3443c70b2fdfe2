"""HTML from jinja2 templates, with every value escaped unless marked safe."""

from functools import lru_cache

import jinja2


@lru_cache(maxsize=None)
def environment(package):
    """The template environment of ``package`` (its ``templates/`` folder)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,  # a park named '<script>' or '{{ x }}' renders as text
        undefined=jinja2.StrictUndefined,  # a missing value is a bug, not an empty cell
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(package, name, **context):
    """Render ``templates/NAME`` of ``package`` with ``context``."""
    return environment(package).get_template(name).render(**context)
