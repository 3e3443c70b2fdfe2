"""Cross-checks of the national and Shanghai context tables (issue 14)."""

import re

from atlas.core import schema
from atlas.data.readers import split_list

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check(rows, report):
    """Report members, kinds, dates and "/" fields that do not hold together."""
    units = set()
    for name in ("context_provinces", "context_prefectures", "shanghai_districts"):
        units |= {r["id"] for r in rows.get(name) or []}
    for row in rows.get("demo_zones") or []:
        where = _where(row)
        _members("demo_zones.csv", where, row, units, report)
        known = _one_of("demo_zones.csv", where, row, "coverage", schema.ZONE_COVERAGES, report)
        if known and row.get("coverage") and schema.ZONE_COVERAGES[row["coverage"]] != row.get("coverage_zh"):
            report.problem("demo_zones.csv", where, "coverage",
                           f"'{row['coverage']}' does not match coverage_zh '{row.get('coverage_zh')}'")
        _one_of("demo_zones.csv", where, row, "members_basis", schema.MEMBERS_BASES, report)
        # a reading of the name or a whole province is an inference: it must say so
        if row.get("members_basis") in ("name_reading", "whole_province") and not row.get("members_note_zh"):
            report.problem("demo_zones.csv", where, "members_note_zh",
                           "is empty: say how the members were read from the name")
        if row.get("approved") and not _DATE.match(row["approved"]):
            report.problem("demo_zones.csv", where, "approved",
                           f"'{row['approved']}' is not a date like 2016-09-19")
    for row in rows.get("innovation_centres") or []:
        where = _where(row)
        _members("innovation_centres.csv", where, row, units, report)
        _one_of("innovation_centres.csv", where, row, "kind", schema.CENTRE_KINDS, report)
        for col in split_list(row.get("not_stated")):
            if col not in schema.INNOVATION_CENTRES.optional:
                report.problem("innovation_centres.csv", where, "not_stated", f"'{col}' is not a column")
            elif row.get(col):
                report.problem("innovation_centres.csv", where, col,
                               "is listed in not_stated (the table says \"/\") but is filled")
        for col in ("positioning_zh", "tasks_zh"):
            if row.get(col, "").strip() == "/":
                report.problem("innovation_centres.csv", where, col,
                               "is \"/\": leave it empty and list it in not_stated")
    districts = {r["id"] for r in rows.get("shanghai_districts") or []}
    for row in rows.get("shanghai_places") or []:
        if row.get("district") and row["district"] not in districts:
            report.problem("shanghai_places.csv", _where(row), "district",
                           f"'{row['district']}' is not an id in shanghai_districts.csv")
    places = {r["id"] for r in rows.get("shanghai_places") or []} | {"shanghai"}
    for row in rows.get("shanghai_benchmark") or []:
        where = _where(row)
        if row.get("place") and row["place"] not in places:
            report.problem("shanghai_benchmark.csv", where, "place",
                           f"'{row['place']}' is not 'shanghai' or an id in shanghai_places.csv")
        _one_of("shanghai_benchmark.csv", where, row, "topic", schema.BENCHMARK_TOPICS, report)


def _one_of(filename, where, row, column, allowed, report):
    """True if the cell is empty or one of ``allowed``; else reports it and gives False."""
    value = row.get(column)
    if value and value not in allowed:
        report.problem(filename, where, column, f"'{value}' is not one of {', '.join(allowed)}")
        return False
    return True


def _members(filename, where, row, units, report):
    for key in split_list(row.get("members")):
        if key not in units:
            report.problem(filename, where, "members",
                           f"'{key}' is not an id in context_provinces, context_prefectures "
                           "or shanghai_districts")


def _where(row):
    return f"row {row['_row']} (id={row.get('id', '')})"


def areas(layers, demo_zones, centres):
    """The zones and centres as drawable layers: each row's attributes over the union of
    its members' outlines (``zone_areas``, ``centre_areas``)."""
    import geopandas as gpd
    import shapely

    units = {}
    for name in ("context_provinces", "context_prefectures", "shanghai_districts"):
        frame = layers[name]
        for uid, geom, prec in zip(frame["id"], frame.geometry, frame["precision_m"]):
            units[uid] = (geom, prec)
    out = {}
    for name, table in (("zone_areas", demo_zones), ("centre_areas", centres)):
        records = []
        for row in table.to_dict("records"):
            members = [units[m] for m in row["members"]]
            row["geometry"] = shapely.union_all([g for g, _ in members])
            row["geocode_method"] = "extracted_cnmaps_simplified"
            row["precision_m"] = max(p for _, p in members)
            row["digitized_from"] = "union of " + ", ".join(row["members"])
            records.append(row)
        columns = list(table.columns) + ["geometry", "geocode_method", "precision_m",
                                         "digitized_from"]
        out[name] = gpd.GeoDataFrame(records, columns=columns, geometry="geometry",
                                     crs="EPSG:4326")
    return out
