"""Spotting coordinates pasted from Chinese map sites (GCJ-02) as if they were WGS84.

GCJ-02 is offset from WGS84 by a few hundred metres around Xi'an, so one
feature alone cannot be told apart. It can when a feature was traced from a
Gaode/Tencent map along a real boundary that the atlas also has in WGS84: moving
it back from GCJ-02 then makes it fit a context district far better.
"""

import shapely

from atlas.model import crs as gcj02

#: a traced copy fits its district at least this well once moved back
_FIT = 0.97


def gcj_to_wgs(geom, rounds=4):
    """Inverse of gcj02.transform by fixed-point iteration (error well under 1 m)."""
    guess = geom
    for _ in range(rounds):
        moved = gcj02.transform(guess)
        delta = shapely.get_coordinates(moved) - shapely.get_coordinates(geom)
        guess = shapely.set_coordinates(guess, shapely.get_coordinates(guess) - delta)
    return guess


def _fit(a, b):
    union = a.union(b).area
    return a.intersection(b).area / union if union else 0.0


def suspected_gcj02(geom, districts):
    """The name of the district this polygon looks GCJ-02-traced from, else None."""
    if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    if not geom.is_valid:
        return None
    back = gcj_to_wgs(geom)
    for name, district in districts:
        if not geom.intersects(district):
            continue
        after = _fit(back, district)
        if after >= _FIT and after - _fit(geom, district) > 0.01:
            return name
    return None
