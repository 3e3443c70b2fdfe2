"""Where the atlas reads its data and how it measures.

Module attributes are read at call time, so tests and scripts may change them.
"""

import os
from pathlib import Path

from atlas.core import shipped

#: the checkout's root folder (in an installed package: the folder holding ``atlas/``)
root = Path(__file__).resolve().parents[2]

#: the shipped data (checkout or installed package); ``--data``/``ATLAS_DATA`` override
default_data_dir = shipped.folder("geodata")

#: the source documents that provenance quotes must be found in; ``--seeds``/``ATLAS_SEEDS``
seeds_dir = shipped.folder("seeds")

#: UTM zone 49N: Xixian (108.5–109.1°E) sits near its central meridian (111°E is
#: 2° away), so areas are good to well under 0.1 %.
projected_crs = "EPSG:32649"

#: 1 亩 = 10000/15 m², so 1 km² = 1500 亩
mu_per_km2 = 1500

#: lon/lat bounds that every new-area feature must fall in
new_area_envelope = (108.3, 34.0, 109.3, 34.8)

#: lon/lat bounds for context layers and the belts' nodes outside the new area
context_envelope = (107.5, 33.5, 110.0, 35.7)

#: lon/lat bounds for the national map's provinces and prefectures, and for Shanghai's
national_envelope = (73.0, 3.0, 136.0, 54.0)
shanghai_envelope = (120.8, 30.6, 122.3, 32.0)

#: the longest name or short text field the atlas accepts (characters)
max_name_length = 120


def data_dir(explicit=None):
    """The data folder: the argument, else ``$ATLAS_DATA``, else the shipped one.

    A missing shipped folder is a broken installation (InstallationError), not bad data.
    """
    if explicit:
        return _folder(explicit, "data", "--data")
    env = os.environ.get("ATLAS_DATA")
    if env:
        return _folder(env, "data", "$ATLAS_DATA")
    return shipped.require(default_data_dir, "data")


def seeds(explicit=None):
    """The seeds folder: the argument, else ``$ATLAS_SEEDS``, else the shipped one."""
    if explicit:
        return _folder(explicit, "seeds", "--seeds")
    env = os.environ.get("ATLAS_SEEDS")
    if env:
        return _folder(env, "seeds", "$ATLAS_SEEDS")
    return shipped.require(seeds_dir, "seeds")


def _folder(path, what, given_by):
    # a wrong --data/--seeds is a usage error (exit 2) with one clear message, not one
    # "missing file" per table or "seed file not found" per provenance row
    path = Path(path)
    if not path.is_dir():
        raise FileNotFoundError(f"{what} folder not found: {path} (given by {given_by})")
    return path
