"""Areas, intensities and totals, measured in a projected CRS."""

import math

import geopandas as gpd
import pandas as pd
from pyproj import Geod

from atlas.core import settings

_GEOD = Geod(ellps="WGS84")

#: shown wherever a per-area figure is, because the areas are hand-digitized
INDICATIVE = "indicative: hand-digitized area"
INDICATIVE_ZH = "示意：按手工勾绘面积估算"
#: shown instead of 亩均 where a park has no official area (drawn areas are schematic)
NO_OFFICIAL_AREA = "no official area"
NO_OFFICIAL_AREA_ZH = "无官方面积"


#: zooming to a feature stops where its uncertainty (± precision_m, 2 × precision_m across)
#: fills this share of the viewport's shorter side: a ±3 km sketch is never shown at 1 km scale
PRECISION_VIEW_SHARE = 0.25
#: metres per pixel at web-mercator zoom 0 on the equator (256 px tiles, as Leaflet draws them)
_M_PER_PX_Z0 = 40075016.686 / 256


def zoom_cap(precision_m, lat, viewport_px=1.0):
    """The closest zoom a feature of ± ``precision_m`` may be shown at, on a viewport whose
    shorter side is ``viewport_px`` pixels (None if the precision is unknown).

    The web maps get it for a 1 px viewport and add log2(shorter side) in the browser.
    """
    try:
        p = float(precision_m)
    except (TypeError, ValueError):
        return None
    if not p > 0:
        return None
    metres_per_px = 2 * p / (PRECISION_VIEW_SHARE * viewport_px)
    return math.log2(_M_PER_PX_Z0 * math.cos(math.radians(lat)) / metres_per_px)


def distance_km(a, b):
    """Great-circle distance between two lon/lat points in km."""
    return _GEOD.inv(a.x, a.y, b.x, b.y)[2] / 1000


def add_areas(frame):
    """Add ``area_km2`` and ``area_mu`` (亩) to polygon rows; points get NaN."""
    projected = frame.geometry.to_crs(settings.projected_crs)
    polygonal = frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"])
    area = (projected.area / 1e6).where(polygonal)
    frame["area_km2"] = area.round(3)
    frame["area_mu"] = (area * settings.mu_per_km2).round(0)


def add_intensity(parks):
    """The plan's 亩均 yardstick, from the official park area only: 2025 target per km²
    (亿元) and per 亩 (万元). Drawn outlines are schematic, so without an official area
    both stay empty and ``intensity_note`` says so."""
    target = pd.to_numeric(parks["output_target_2025"], errors="coerce")
    official = pd.to_numeric(parks.get("official_area_km2"), errors="coerce")
    official = official.where(official > 0)
    parks["output_per_km2"] = (target / official).round(2)
    parks["output_per_mu_wan"] = (target * 1e4 / (official * settings.mu_per_km2)).round(1)
    parks["intensity_note"] = official.map(
        lambda a: "" if a == a else NO_OFFICIAL_AREA
    )


def totals(atlas, by):
    """Parks and stated 2025 targets summed by ``new_city``, ``belt`` or ``cluster``.

    By new city or belt each park counts once. By cluster a park counts in every
    cluster it belongs to, so those rows overlap (``overlapping`` is True and
    their sum exceeds the total). ``qualifiers`` lists the wordings being added
    up, since a sum of "about" and "strive to exceed" figures is itself only
    indicative.
    """
    parks = atlas.parks
    if by == "new_city":
        groups = atlas.new_cities[["id", "name_zh", "name_en"]].to_dict("records")
        column = "new_city_id"
    elif by == "belt":
        belts = atlas.corridors[atlas.corridors["kind"] == "belt"]
        groups = belts[["id", "name_zh", "name_en"]].to_dict("records")
        column = "belt"
    elif by == "cluster":
        tax = atlas.taxonomy
        groups = [
            {"id": k, "name_zh": tax.name(k), "name_en": tax.name(k, "en")} for k in tax.clusters
        ]
        column = "cluster"
    else:
        raise ValueError(f"cannot total by {by!r}")
    rows = []
    for group in groups:
        if by == "cluster":
            members = parks[parks["clusters"].map(lambda cs, g=group["id"]: g in cs)]
        else:
            members = parks[parks[column] == group["id"]]
        targets = pd.to_numeric(members["output_target_2025"], errors="coerce")
        rows.append(
            {
                **group,
                "parks": len(members),
                "park_ids": list(members["id"]),
                "output_target_2025": float(targets.sum()) if targets.notna().any() else None,
                "targets_stated": int(targets.notna().sum()),
                "qualifiers": sorted(set(members["target_qualifier"].dropna()) - {""}),
                "park_area_km2": round(float(members["area_km2"].sum()), 2),
                "overlapping": by == "cluster",
            }
        )
    return pd.DataFrame(rows)


def projected(frame):
    """A copy of a layer in the projected CRS, for measuring and static figures."""
    return gpd.GeoDataFrame(frame, geometry="geometry").to_crs(settings.projected_crs)
