"""Places the plan names (carriers) and its quantified place targets.

A carrier is drawn only where the text places it finer than a new city: inside a
park whose schematic block exists, at that block's representative point and with
the park's precision. Carriers the text ties only to a new city are listed as
"located only to 新城"; those it ties to nothing are listed as unlocated.
"""

import geopandas as gpd

from atlas.core import schema

#: how a carrier's point was found, where it has one
WITHIN_PARK = "within_park_block"


def check(carriers, targets, cities, parks, report):
    """Cross-checks of carriers.csv and place_targets.csv (None if unreadable).

    ``parks`` is None when parks.csv could not be read: its ids are then not
    checked, so one unreadable file gives one problem, not one per carrier.
    """
    for row in carriers or []:
        where = f"row {row['_row']} (id={row.get('id', '')})"
        level = row.get("location_level", "")
        if level not in schema.LOCATION_LEVELS:
            report.problem("carriers.csv", where, "location_level",
                           f"'{level}' is not one of {', '.join(schema.LOCATION_LEVELS)}")
        if level == "park":
            park = None if parks is None else parks.get(row.get("park", ""))
            if parks is None:
                pass
            elif park is None:
                report.problem("carriers.csv", where, "park",
                               f"'{row.get('park', '')}' is not a park id (location_level is park)")
            elif park.get("new_city") != row.get("new_city"):
                report.problem("carriers.csv", where, "new_city",
                               f"must be the park's new city '{park.get('new_city')}'")
        elif row.get("park"):
            report.problem("carriers.csv", where, "park", f"is set but location_level is {level}")
        if level in ("park", "new_city") and cities and row.get("new_city") not in cities:
            report.problem("carriers.csv", where, "new_city",
                           f"'{row.get('new_city', '')}' is not a new city id")
        if level == "unlocated" and row.get("new_city"):
            report.problem("carriers.csv", where, "new_city",
                           "is set but location_level is unlocated")
    for row in targets or []:
        where = f"row {row['_row']} (id={row.get('id', '')})"
        if row.get("qualifier") not in schema.PLACE_QUALIFIERS:
            report.problem("place_targets.csv", where, "qualifier",
                           f"'{row.get('qualifier', '')}' is not one of "
                           f"{', '.join(schema.PLACE_QUALIFIERS)}")


def locate(carriers, parks, new_cities):
    """Carriers as a layer: park-level ones at their park's point, the rest without geometry."""
    frame = carriers.copy()
    by_park = parks.set_index("id")
    names = dict(zip(new_cities["id"], new_cities["name_zh"]))
    points, precision, method = [], [], []
    for row in frame.itertuples():
        if row.location_level == "park" and row.park in by_park.index:
            park = by_park.loc[row.park]
            points.append(park.geometry.representative_point())
            precision.append(float(park["precision_m"]))
            method.append(WITHIN_PARK)
        else:
            points.append(None)
            precision.append(float("nan"))
            method.append("")
    frame["precision_m"] = precision
    frame["geocode_method"] = method
    frame["new_city_zh"] = frame["new_city"].map(lambda c: names.get(c, ""))
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")


def located(atlas):
    """Carriers drawn as points (inside a park's schematic block)."""
    return atlas.carriers[atlas.carriers["location_level"] == "park"]


def only_new_city(atlas):
    """Carriers the text places only in a new city: listed, never drawn."""
    return atlas.carriers[atlas.carriers["location_level"] == "new_city"]
