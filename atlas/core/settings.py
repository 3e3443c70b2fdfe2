"""Where the atlas reads its data and how it measures.

Module attributes are read at call time, so tests and scripts may change them.
"""

import os
from pathlib import Path

root = Path(__file__).resolve().parents[2]

#: the shipped data; ``--data DIR`` or ``ATLAS_DATA`` point elsewhere
default_data_dir = root / "geodata"

#: the source documents that provenance quotes must be found in
seeds_dir = root / "seeds"

#: UTM zone 49N: Xixian (108.5–109.1°E) sits near its central meridian (111°E is
#: 2° away), so areas are good to well under 0.1 %.
projected_crs = "EPSG:32649"

#: 1 亩 = 10000/15 m², so 1 km² = 1500 亩
mu_per_km2 = 1500

#: lon/lat bounds that every new-area feature must fall in
new_area_envelope = (108.3, 34.0, 109.3, 34.8)

#: lon/lat bounds for context layers and the belts' nodes outside the new area
context_envelope = (107.5, 33.5, 110.0, 35.7)

#: the longest name or short text field the atlas accepts (characters)
max_name_length = 120


def data_dir(explicit=None):
    """The data folder: the argument, else ``$ATLAS_DATA``, else the shipped one."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("ATLAS_DATA")
    if env:
        return Path(env)
    return default_data_dir


def seeds(explicit=None):
    """The seeds folder: the argument, else ``$ATLAS_SEEDS``, else the shipped one."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("ATLAS_SEEDS")
    return Path(env) if env else seeds_dir
