"""Single files the CLI writes: a filtered parks map, one figure. Whole or not at all."""

from contextlib import contextmanager
from pathlib import Path

from atlas.output.outdir import atomic_file, check_replace_file


def _check_parent(out):
    """A clear error where ``out``'s folder cannot be made: part of its path is a file."""
    for folder in [out.parent, *out.parent.parents]:
        if folder.exists():
            if not folder.is_dir():
                raise OSError(f"cannot write {out}: {folder} is a file, not a folder")
            return


@contextmanager
def _parent_made(out):
    """Make ``out``'s missing folders; if the write fails, remove the ones made here (and
    only those, innermost first, and only while still empty)."""
    made = []
    for folder in reversed([out.parent, *out.parent.parents]):
        if not folder.exists():
            folder.mkdir()
            made.append(folder)
    try:
        yield
    except BaseException:
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                break
        raise


def write_filtered_parks_map(atlas, out, sector=None, cluster=None, new_city=None, belt=None,
                             basemap="none", lang="zh", force=False):
    """Write a parks map holding only the parks that match; returns the path written.

    Raises QueryError for an unknown name or when nothing matches. The file
    appears whole or not at all. An existing file is replaced only if the atlas
    wrote it (it carries pages.GENERATOR) or ``force``.
    """
    from atlas.render.web import pages

    out = Path(out)
    if out.is_dir():
        raise ValueError(f"{out} is a folder; give a file name such as {out / 'parks.html'}")
    _check_parent(out)
    check_replace_file(out, force=force)
    page = pages.filtered_parks_page(atlas, sector=sector, cluster=cluster, new_city=new_city,
                                     belt=belt, basemap=basemap, lang=lang)
    with _parent_made(out), atomic_file(out) as tmp:
        tmp.write_text(page.html, encoding="utf-8", newline="\n")
    return out


def write_figure(atlas, map_name, out=None, fmt=None, dpi=300, size="a4", lang="zh",
                 sector=None, cluster=None, new_city=None, belt=None, force=False):
    """Draw one map and write it; returns the path written.

    The format is ``fmt``, else the suffix of ``out``, else PNG. Without ``out``
    the file goes in the current folder, named after the map, filters and language.
    An existing file is replaced only if the atlas wrote it (see figure.save's
    metadata) or ``force``. Missing folders of ``out`` are made.
    """
    from atlas.render.print import figure

    figure.check_options(map_name, lang)
    fmt = figure.resolve_format(out, fmt)
    size_mm = figure.parse_size(size)
    figure.check_dpi(dpi, size_mm)
    filters = {"sector": sector, "cluster": cluster, "new_city": new_city, "belt": belt}
    if out is None:
        out = Path.cwd() / figure.default_name(map_name, lang, fmt, filters)
    out = Path(out)
    _check_parent(out)
    check_replace_file(out, force=force)
    mapfig = figure.build(atlas, map_name, size=size, lang=lang, **filters)
    try:
        with _parent_made(out), atomic_file(out) as tmp:
            figure.save(mapfig, tmp, fmt, dpi=dpi)
        return out
    finally:
        figure.close(mapfig)
