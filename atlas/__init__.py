"""Xixian Innovation Atlas: the innovation layout of 西咸新区 as data and maps.

In a notebook::

    import atlas
    a = atlas.load()                          # the layers: a.parks, a.new_cities, …
    m = atlas.web_map("parks", sector="光伏")  # a folium.Map that works offline
    fig = atlas.figure("output", lang="en")   # a matplotlib Figure
    atlas.build("my-maps")                    # the whole atlas, written now
    j = atlas.join("firms.csv", crs="gcj02")  # a planner's list: j.joined, j.summary

The heavy libraries (geopandas, folium, matplotlib) are imported only when a
function that needs them is called.
"""

from atlas.core.supported import check_python

check_python()

from atlas.data.problems import ValidationError  # noqa: E402 - after the version check
from atlas.model.query import QueryError  # noqa: E402
from atlas.core.version import VERSION as __version__  # noqa: E402

__all__ = ["Atlas", "QueryError", "ValidationError", "build", "figure", "join", "load", "parks_total",
           "web_map"]


def load(data_dir=None, *, seeds_dir=None):
    """Load and validate the atlas data (``geodata/`` unless given); see ``atlas.Atlas``.

    Raises ValidationError listing every problem in the data.
    """
    from atlas.data.load import load as _load

    return _load(data_dir, seeds_dir=seeds_dir)


def build(out="maps_out", *, atlas=None, data_dir=None, seeds_dir=None, basemap="none",
          lang="zh", figures=True, force=False, points=None, points_options=None):
    """Build the whole atlas into ``out`` now; returns what was written (``.paths``).

    ``out`` must be empty, missing or an earlier build: the atlas never deletes
    files that it did not write. ``points``: a planner's list (a path or a DataFrame, as
    for ``atlas.join``) drawn on the overview and parks maps; ``points_options`` are
    ``atlas.join``'s options for it (name, lon, lat, sector_text, value, crs,
    fix_swapped). Only a name or value column named there goes into the pages.
    """
    from pathlib import Path

    from atlas.output.build import build as _build

    atlas = atlas if atlas is not None else load(data_dir, seeds_dir=seeds_dir)
    layer = None
    if points is not None:
        from atlas.output import points as _points

        source = points if hasattr(points, "columns") else Path(points)
        layer = _points.load(source, atlas, **dict(points_options or {}))
    return _build(atlas, Path(out), basemap=basemap, lang=lang, figures=figures, force=force,
                  points=layer)


def web_map(name="parks", *, atlas=None, m=None, lang="zh", basemap="none", sector=None,
            cluster=None, new_city=None, belt=None, map_kwds=None):
    """One map of the atlas as a ``folium.Map`` that displays in Jupyter and works offline.

    ``name`` is a map of ``atlas.maps.catalog`` (overview, parks, output, corridors).
    The filters keep only the parks that match, as ``atlas parks`` does. ``m`` adds
    the atlas's layers, legend and panel to an existing ``folium.Map`` (which keeps
    its own Leaflet and tiles); ``map_kwds`` go to ``folium.Map`` otherwise.
    """
    from atlas.maps import catalog
    from atlas.model import query
    from atlas.render.web import pages

    spec = catalog.get(name)
    atlas = atlas if atlas is not None else load()
    given = {k: v for k, v in (("sector", sector), ("cluster", cluster), ("new_city", new_city),
                               ("belt", belt)) if v}
    parks = query.parks(atlas, **given) if given else None
    if parks is not None and not len(parks):
        raise QueryError("no park matches " + "; ".join(f"{k}={v}" for k, v in given.items()))
    filtered = "; ".join(f"{k.replace('_', '-')}={v}" for k, v in given.items()) or None
    return pages.folium_map(atlas, spec, basemap=basemap, lang=lang, parks=parks,
                            filtered=filtered, m=m, map_kwds=map_kwds, term=sector or cluster)


def parks_total(*, atlas=None, sector=None, cluster=None, new_city=None, belt=None, search=None,
                lang="zh"):
    """The stated 2025 targets of the filtered parks added up, qualifiers kept apart:
    ``{"parks", "stated", "not_stated", "total", "by_qualifier", "text"}`` where ``text``
    reads e.g. '合计 1,500 亿元，其中 1,000 亿元为“力争突破”口径、500 亿元为“左右”口径'."""
    from atlas.maps.words import target_total_text
    from atlas.model import query

    atlas = atlas if atlas is not None else load()
    found = query.parks(atlas, sector=sector, cluster=cluster, new_city=new_city, belt=belt,
                        q=search, lang=lang)
    total = query.target_total(found)
    return {**total, "text": target_total_text(total, lang)}


def figure(name="overview", *, atlas=None, lang="zh", size="a4", sector=None, cluster=None,
           new_city=None, belt=None):
    """One map of the atlas as a matplotlib ``Figure`` (print quality; the caller's
    matplotlib backend is left as it is). Save it with ``fig.savefig(...)``."""
    from atlas.render.print import figure as print_figure

    atlas = atlas if atlas is not None else load()
    built = print_figure.build(atlas, name, size=size, lang=lang, sector=sector, cluster=cluster,
                               new_city=new_city, belt=belt)
    return built.fig


def join(source, *, atlas=None, data_dir=None, seeds_dir=None, name=None, lon=None, lat=None,
         sector_text=None, value=None, crs="wgs84", fix_swapped=False):
    """Join a planner's list to new cities, parks, belts and sectors; see ``atlas join --help``.

    ``source`` is a path (.csv in UTF-8/GBK, .xlsx, .geojson, .gpkg) or a (Geo)DataFrame.
    ``name``, ``lon``, ``lat``, ``sector_text``, ``value`` name its columns (common
    headers such as 经度/纬度, 企业名称, 行业, 产值 are guessed); ``crs`` is wgs84, gcj02
    or bd09. Returns ``atlas.model.join.Joined``: ``.joined`` (a GeoDataFrame in WGS84),
    ``.rejected`` (row, reason, detail), ``.summary`` and ``.counts``; ``.columns`` maps
    each role to the file's header. Rows in = joined + rejected, always.
    """
    from atlas.output.joined import join as _join

    atlas = atlas if atlas is not None else load(data_dir, seeds_dir=seeds_dir)
    return _join(source, atlas, name=name, lon=lon, lat=lat, sector_text=sector_text,
                 value=value, crs=crs, fix_swapped=fix_swapped)


def __getattr__(name):
    # the Atlas class lives with the loader, which imports geopandas: load it on first use
    if name == "Atlas":
        from atlas.data.load import Atlas

        return Atlas
    raise AttributeError(f"module 'atlas' has no attribute '{name}'")


def __dir__():
    return sorted(set(globals()) | {"Atlas"})
