"""Xixian Innovation Atlas: the innovation layout of 西咸新区 as data and maps.

In a notebook::

    import atlas
    a = atlas.load()                          # the layers: a.parks, a.new_cities, …
    m = atlas.web_map("parks", sector="光伏")  # a folium.Map that works offline
    fig = atlas.figure("output", lang="en")   # a matplotlib Figure
    atlas.build("my-maps")                    # the whole atlas, written now

The heavy libraries (geopandas, folium, matplotlib) are imported only when a
function that needs them is called.
"""

from atlas.core.supported import check_python

check_python()

from atlas.data.problems import ValidationError  # noqa: E402 - after the version check
from atlas.model.query import QueryError  # noqa: E402
from atlas.core.version import VERSION as __version__  # noqa: E402

__all__ = ["Atlas", "QueryError", "ValidationError", "build", "figure", "load", "web_map"]


def load(data_dir=None, *, seeds_dir=None):
    """Load and validate the atlas data (``geodata/`` unless given); see ``atlas.Atlas``.

    Raises ValidationError listing every problem in the data.
    """
    from atlas.data.load import load as _load

    return _load(data_dir, seeds_dir=seeds_dir)


def build(out="maps_out", *, atlas=None, data_dir=None, seeds_dir=None, basemap="none",
          lang="zh", figures=True, force=False):
    """Build the whole atlas into ``out`` now; returns what was written (``.paths``).

    ``out`` must be empty, missing or an earlier build: the atlas never deletes
    files that it did not write.
    """
    from pathlib import Path

    from atlas.output.build import build as _build

    atlas = atlas if atlas is not None else load(data_dir, seeds_dir=seeds_dir)
    return _build(atlas, Path(out), basemap=basemap, lang=lang, figures=figures, force=force)


def __getattr__(name):
    # the Atlas class lives with the loader, which imports geopandas: load it on first use
    if name == "Atlas":
        from atlas.data.load import Atlas

        return Atlas
    raise AttributeError(f"module 'atlas' has no attribute '{name}'")


def __dir__():
    return sorted(set(globals()) | {"Atlas"})
