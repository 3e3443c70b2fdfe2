"""Read the data folder, validate everything, and join geometry to attributes."""

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.validation import explain_validity

from atlas.model import measure

from atlas.data import park_sectors, provenance, zones

from atlas.core import schema

from atlas.core import settings
from atlas.data.problems import Collector
from atlas.data.readers import is_finite, parse_number, read_csv, read_geojson, split_list
from atlas.model import places, tags, weight
from atlas.model.sector import Taxonomy

_ID = re.compile(r"^[a-z0-9_]+$")


@dataclass(repr=False)
class Atlas:
    """The joined, validated atlas: geometry layers and attribute tables.

    Each layer of ``schema.LAYERS`` is also a read-only attribute named after it
    (``atlas.parks``, ``atlas.new_cities`` …) that shows up in ``dir()``, ``help()``
    and tab completion, and always reads ``atlas.layers``.
    """

    data_dir: Path
    layers: dict
    sectors: pd.DataFrame
    taxonomy: Taxonomy
    indicators: pd.DataFrame
    discrepancies: pd.DataFrame
    manifest: pd.DataFrame
    warnings: list = field(default_factory=list)
    #: the seeds folder the quotes were checked against
    seeds_dir: Path = None
    carriers: pd.DataFrame = None
    place_targets: pd.DataFrame = None
    demo_zones: pd.DataFrame = None
    innovation_centres: pd.DataFrame = None
    shanghai_benchmark: pd.DataFrame = None

    def __repr__(self):
        counts = ", ".join(f"{name}: {len(frame)}" for name, frame in self.layers.items())
        return f"<Atlas from {self.data_dir} — {counts}; {len(self.warnings)} warning(s)>"

    def new_city(self, key):
        """A new city's row by id."""
        return self.new_cities.loc[self.new_cities["id"] == key].iloc[0]


def _layer_property(name):
    return property(lambda self: self.layers[name], doc=f"The {name.replace('_', ' ')} layer.")


for _layer in schema.LAYERS:
    if hasattr(Atlas, _layer.name):
        raise RuntimeError(f"layer name '{_layer.name}' clashes with an Atlas attribute")
    setattr(Atlas, _layer.name, _layer_property(_layer.name))


def load(data_dir=None, *, seeds_dir=None):
    """Load and validate the atlas data; raise ValidationError listing every problem."""
    folder = settings.data_dir(data_dir)
    report = Collector()
    if not folder.is_dir():
        report.problem(str(folder), "", "", "data folder not found")
        report.raise_if_any()

    rows = {}
    unparsed = set()  # (table, key, column) of number cells already reported
    for table in [layer.table for layer in schema.LAYERS] + list(schema.TABLES):
        rows[table.name] = _read_table(folder, table, report, unparsed)
    prov_rows = read_csv(folder / "provenance.csv", schema.PROVENANCE, report) or []
    for row in prov_rows:
        for col in schema.PROVENANCE.required:
            if not row.get(col):
                report.problem("provenance.csv", f"row {row['_row']}", col, "is empty")

    geoms = {layer.name: _read_layer(folder, layer, report) for layer in schema.LAYERS}
    for layer in schema.LAYERS:
        _join_ids(layer, rows[layer.name], geoms[layer.name], report)

    _check_gcj02(geoms, rows, report)
    taxonomy = Taxonomy(_converted(schema.SECTORS, rows["sectors"] or []))
    _check_references(rows, taxonomy, report)
    zones.check(rows, report)

    tables = [layer.table for layer in schema.LAYERS] + list(schema.TABLES)
    # a table that could not be read is reported once, not again for each of its sources
    needing = {t.name: (t, rows[t.name]) for t in tables if t.provenance and rows[t.name] is not None}
    unreadable = {t.name for t in tables if rows[t.name] is None}
    prov_rows = [r for r in prov_rows if r.get("table") not in unreadable]
    seeds = provenance.Seeds(settings.seeds(seeds_dir))
    sources = provenance.check(prov_rows, needing, seeds, report, skip=unparsed)
    park_tags = park_sectors.read(folder, taxonomy, rows["parks"], seeds, report)
    report.raise_if_any()

    layers = {}
    for layer in schema.LAYERS:
        layers[layer.name] = _frame(layer, rows[layer.name], geoms[layer.name], sources)
    _derive(layers, taxonomy, park_tags)
    manifest_path = settings.seeds(seeds_dir) / "manifest.csv"
    manifest = pd.read_csv(manifest_path, dtype=str) if manifest_path.exists() else pd.DataFrame()
    for ambiguous, keys in sorted(taxonomy.ambiguous_names().items()):
        report.warn("sectors.csv", "", "synonyms", f"'{ambiguous}' names several sectors: {keys}")
    carriers = _table_frame(schema.CARRIERS, rows["carriers"], sources)
    demo_zones = _table_frame(schema.DEMO_ZONES, rows["demo_zones"], sources).astype({"seq": int})
    centres = _table_frame(schema.INNOVATION_CENTRES, rows["innovation_centres"], sources)
    centres = centres.astype({"seq": int})
    layers.update(zones.areas(layers, demo_zones, centres))
    return Atlas(
        carriers=places.locate(carriers, layers["parks"], layers["new_cities"]),
        place_targets=_table_frame(schema.PLACE_TARGETS, rows["place_targets"], sources),
        demo_zones=demo_zones,
        innovation_centres=centres,
        shanghai_benchmark=_table_frame(schema.SHANGHAI_BENCHMARK, rows["shanghai_benchmark"], sources)
        .astype({"seq": int}),
        data_dir=folder,
        seeds_dir=settings.seeds(seeds_dir),
        layers=layers,
        sectors=_table_frame(schema.SECTORS, rows["sectors"], sources),
        taxonomy=taxonomy,
        indicators=_table_frame(schema.INDICATORS, rows["indicators"], sources).astype({"seq": int}),
        discrepancies=_table_frame(schema.DISCREPANCIES, rows["discrepancies"], sources),
        manifest=manifest,
        warnings=[str(w) for w in report.warnings],
    )


def _read_table(folder, table, report, unparsed):
    found = read_csv(folder / table.filename, table, report)
    if found is None:
        return None
    seen = {}
    for row in found:
        where = f"row {row['_row']}"
        key = row.get(table.key, "")
        if key:
            where += f" ({table.key}={key})"
        for col in table.required:
            if not row.get(col):
                report.problem(table.filename, where, col, "is empty")
        folded = unicodedata.normalize("NFKC", key)
        if key and table.key == "id" and folded != key and _ID.match(folded):
            report.problem(
                table.filename, where, "id",
                f"has full-width (全角) characters; write '{folded}' in half-width (半角)",
            )
            key = row["id"] = folded  # joined as meant: no knock-on 'no feature' problems
        elif key and table.key == "id" and not _ID.match(key):
            report.problem(
                table.filename, where, "id", "must be lowercase ASCII letters, digits and '_'"
            )
        if key in seen:
            report.problem(
                table.filename, where, table.key, f"duplicate of row {seen[key]}"
            )
        seen.setdefault(key, row["_row"])
        for col in table.numbers:
            try:
                value = parse_number(row.get(col, ""))
            except ValueError as exc:
                report.problem(table.filename, where, col, str(exc))
                unparsed.add((table.name, key, col))
                continue
            if value is not None and value < 0:
                report.problem(table.filename, where, col, f"{row[col]} is negative")
        for col in table.text:
            value = row.get(col, "")
            if len(value) > settings.max_name_length:
                report.problem(
                    table.filename,
                    where,
                    col,
                    f"is {len(value)} characters long; at most {settings.max_name_length}",
                )
        for col, value in row.items():
            if isinstance(value, str) and any(
                unicodedata.category(ch) == "Cc" and ch not in "\t\n" for ch in value
            ):
                report.problem(table.filename, where, col, "contains control characters")
    if table.name == "parks":
        for row in found:
            qual = row.get("target_qualifier", "")
            where = f"row {row['_row']} (id={row.get('id', '')})"
            if qual and qual not in schema.TARGET_QUALIFIERS:
                report.problem(
                    table.filename,
                    where,
                    "target_qualifier",
                    f"'{qual}' is not one of {', '.join(schema.TARGET_QUALIFIERS)}",
                )
            if qual and not row.get("output_target_2025"):
                report.problem(
                    table.filename, where, "output_target_2025", "is empty but has a qualifier"
                )
            if row.get("official_area_km2") and not row.get("official_area_source"):
                report.problem(
                    table.filename, where, "official_area_source",
                    "is empty but an official area is given: name the record it comes from",
                )
            if row.get("output_target_2025") and not qual:
                report.problem(
                    table.filename, where, "target_qualifier", "is empty but a target is given"
                )
    return found


def _read_layer(folder, layer, report):
    features = read_geojson(folder / layer.filename, report, schema.GEOMETRY_PROPERTIES)
    if features is None:
        return None
    fname = layer.filename
    box = getattr(settings, f"{layer.envelope}_envelope")
    seen = {}
    for props, geom in features:
        where = props["_where"]
        fid = props["id"]
        if fid in seen:
            report.problem(fname, where, "id", f"duplicate of {seen[fid]}")
        seen.setdefault(fid, where)
        method = props.get("geocode_method")
        if not method:
            report.problem(fname, where, "geocode_method", "is missing")
        elif method not in schema.GEOCODE_METHODS:
            report.warn(fname, where, "geocode_method", f"'{method}' is not a known method")
        precision = _precision(props.get("precision_m"))
        if isinstance(precision, str):
            report.problem(fname, where, "precision_m", precision)
        if geom is None:
            continue
        if geom.is_empty:
            report.problem(fname, where, "geometry", "is empty")
            continue
        if not is_finite(geom):
            report.problem(fname, where, "geometry", "has non-finite coordinates")
            continue
        if geom.geom_type not in layer.geom_types:
            report.problem(
                fname,
                where,
                "geometry",
                f"is a {geom.geom_type}; this layer needs {' or '.join(sorted(layer.geom_types))}",
            )
            continue
        if not _check_envelope(fname, where, geom, box, report):
            continue
        if not geom.is_valid:
            report.problem(fname, where, "geometry", f"is invalid: {explain_validity(geom)}")
        _check_winding(fname, where, geom, report)
        heavy = weight.feature_warning(geom)
        if heavy:
            report.warn(fname, where, "geometry", heavy)
    return features


def _check_winding(fname, where, geom, report):
    """Warn about clockwise exterior rings: RFC 7946 wants them counter-clockwise.

    Only a warning: readers that follow the older GeoJSON spec accept either, and
    ``atlas export`` writes every ring the RFC 7946 way.
    """
    parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    clockwise = [
        str(n)
        for n, part in enumerate(parts, start=1)
        if part.geom_type == "Polygon" and not part.exterior.is_ccw
    ]
    if not clockwise:
        return
    which = "its exterior ring runs"
    if geom.geom_type == "MultiPolygon":
        which = f"the exterior ring of part {', '.join(clockwise)} runs"
    report.warn(
        fname,
        where,
        "geometry",
        f"{which} clockwise; GeoJSON (RFC 7946) wants exterior rings counter-clockwise "
        "(exports are corrected; reverse the ring's points to fix the file)",
    )


def _precision(value):
    """precision_m as a positive float, or what is wrong with it."""
    fault = "must be a positive number of metres"
    if isinstance(value, str):
        try:
            value = parse_number(value)
        except ValueError as exc:
            return f"{exc}; it {fault}"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        return fault
    return float(value)


def _check_envelope(fname, where, geom, box, report):
    """True if the geometry lies where it should; else reports where it lies instead."""
    minx, miny, maxx, maxy = geom.bounds
    x0, y0, x1, y1 = box
    if minx >= x0 and maxx <= x1 and miny >= y0 and maxy <= y1:
        return True
    if miny >= x0 and maxy <= x1 and minx >= y0 and maxx <= y1:
        report.problem(
            fname,
            where,
            "geometry",
            "coordinates look swapped (latitude, longitude); GeoJSON wants longitude first",
        )
        return False
    if max(abs(minx), abs(maxx)) > 180 or max(abs(miny), abs(maxy)) > 90:
        report.problem(
            fname,
            where,
            "geometry",
            f"coordinates are out of range for degrees (x up to {max(abs(minx), abs(maxx)):,.0f}, "
            f"y up to {max(abs(miny), abs(maxy)):,.0f}): projected coordinates (EPSG:3857?). "
            "GeoJSON needs WGS84 longitude/latitude: export as EPSG:4326",
        )
        return False
    centre = shapely.Point((x0 + x1) / 2, (y0 + y1) / 2)
    km = measure.distance_km(centre, geom.centroid)
    report.problem(
        fname,
        where,
        "geometry",
        f"lies outside the expected area (lon {x0}–{x1}, lat {y0}–{y1}); its centre is "
        f"{km:.0f} km from the new area",
    )
    return False


def _join_ids(layer, table_rows, features, report):
    if table_rows is None or features is None:
        return
    if not table_rows:  # one problem, not one per feature
        report.problem(layer.table.filename, "", "", f"this table has no rows; each of the "
                       f"{len(features)} features in {layer.filename} needs one")
        return
    in_table = {row["id"] for row in table_rows}
    in_geom = {props["id"] for props, _ in features}
    for fid in sorted(in_geom - in_table):
        report.problem(
            layer.filename, f"id={fid}", "id", f"has geometry but no row in {layer.table.filename}"
        )
    for fid in sorted(in_table - in_geom):
        report.problem(
            layer.table.filename, f"id={fid}", "id", f"has a row but no feature in {layer.filename}"
        )
    if layer.geom_types_by_kind:
        kinds = {row["id"]: row.get("kind", "") for row in table_rows}
        for props, geom in features:
            allowed = layer.geom_types_by_kind.get(kinds.get(props["id"]))
            if geom is not None and allowed and geom.geom_type not in allowed:
                report.problem(
                    layer.filename,
                    props["_where"],
                    "geometry",
                    f"is a {geom.geom_type}; a '{kinds[props['id']]}' needs "
                    f"{' or '.join(sorted(allowed))}",
                )


def _check_gcj02(geoms, rows, report):
    """Warn about polygons that look traced on a GCJ-02 map (see atlas.data.coordcheck)."""
    from atlas.data.coordcheck import suspected_gcj02

    if not geoms.get("context_districts") or rows.get("context_districts") is None:
        return
    names = {r["id"]: r["name_zh"] for r in rows["context_districts"]}
    districts = [
        (names.get(props["id"], props["id"]), geom)
        for props, geom in geoms["context_districts"]
        if geom is not None and geom.is_valid
    ]
    for layer in ("parks", "new_cities"):
        for props, geom in geoms.get(layer) or []:
            name = suspected_gcj02(geom, districts)
            if name:
                report.warn(
                    f"{layer}.geojson",
                    props["_where"],
                    "geometry",
                    f"looks traced from a GCJ-02 (Gaode/Tencent) map: moved back to WGS84 it "
                    f"matches {name}'s boundary. Convert GCJ-02 coordinates to WGS84",
                )


def _check_references(rows, taxonomy, report):
    cities = {r["id"] for r in rows["new_cities"] or []}
    corridors = {r["id"]: r for r in rows["corridors"] or []}
    belts = {k for k, r in corridors.items() if r.get("kind") == "belt"}

    def where(row):
        return f"row {row['_row']} (id={row.get('id', '')})"

    def sectors_known(table, row):
        for key in split_list(row.get("sectors")):
            if key not in taxonomy:
                report.problem(
                    table, where(row), "sectors", f"'{key}' is not a sector key in sectors.csv"
                )

    for row in rows["parks"] or []:
        if row.get("new_city") and cities and row["new_city"] not in cities:
            report.problem(
                "parks.csv",
                where(row),
                "new_city",
                f"'{row['new_city']}' is not a new city id ({', '.join(sorted(cities))})",
            )
        if rows["sectors"] is not None:
            sectors_known("parks.csv", row)
    for row in rows["new_cities"] or []:
        if rows["sectors"] is not None:
            sectors_known("new_cities.csv", row)
        if row.get("belt") and corridors and row["belt"] not in belts:
            report.problem("new_cities.csv", where(row), "belt", f"'{row['belt']}' is not a belt id")
        if row.get("zone_type") not in ("new_city", "special_zone"):
            report.problem(
                "new_cities.csv", where(row), "zone_type", "must be new_city or special_zone"
            )
    for row in rows["platforms"] or []:
        if row.get("new_city") and cities and row["new_city"] not in cities:
            report.problem(
                "platforms.csv", where(row), "new_city", f"'{row['new_city']}' is not a new city id"
            )
    parks = None if rows["parks"] is None else {r["id"]: r for r in rows["parks"]}
    places.check(rows.get("carriers"), rows.get("place_targets"), cities, parks, report)
    for row in corridors.values():
        if row.get("kind") not in ("window", "belt", "node"):
            report.problem("corridors.csv", where(row), "kind", "must be window, belt or node")
        # a node's belt may be left empty: the plan itself does not assign them
        if row.get("kind") == "node" and row.get("belt") and row["belt"] not in belts:
            report.problem("corridors.csv", where(row), "belt", f"'{row.get('belt')}' is not a belt id")
        for member in split_list(row.get("members")):
            if member not in cities and member not in corridors:
                report.problem(
                    "corridors.csv", where(row), "members", f"'{member}' is not a new city or node id"
                )
    for row in rows["sectors"] or []:
        if row.get("cluster") and row["cluster"] not in taxonomy:
            report.problem(
                "sectors.csv", f"row {row['_row']} (key={row['key']})", "cluster",
                f"'{row['cluster']}' is not a sector key",
            )
        elif row.get("cluster") and not taxonomy.is_cluster(row["cluster"]):
            report.problem(
                "sectors.csv", f"row {row['_row']} (key={row['key']})", "cluster",
                f"'{row['cluster']}' is itself inside a cluster; clusters are one level deep",
            )
        origin = row.get("origin", "")
        if row.get("cluster") and origin:
            report.problem("sectors.csv", f"row {row['_row']} (key={row['key']})", "origin",
                           "only a cluster row (empty cluster) has an origin")
        elif not row.get("cluster") and origin not in ("plan", "atlas"):
            report.problem("sectors.csv", f"row {row['_row']} (key={row['key']})", "origin",
                           "a cluster row needs origin 'plan' (named by the plan) or 'atlas'")
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", row.get("color", "")):
            report.problem(
                "sectors.csv", f"row {row['_row']} (key={row['key']})", "color", "must be #rrggbb"
            )


def _converted(table, rows):
    out = []
    for row in rows:
        row = {k: v for k, v in row.items() if k != "_row"}
        for col in table.lists:
            row[col] = split_list(row.get(col))
        for col in table.numbers:
            row[col] = parse_number(row.get(col))
        out.append(row)
    return out


def _table_frame(table, rows, sources):
    records = _converted(table, rows or [])
    for row in records:
        row["sources"] = sources.get((table.name, row[table.key]), [])
    return pd.DataFrame(records, columns=list(table.columns) + ["sources"])


def _frame(layer, rows, features, sources):
    geometry = {props["id"]: (props, geom) for props, geom in features}
    records = []
    for row in _converted(layer.table, rows):
        props, geom = geometry[row["id"]]
        row["geocode_method"] = props.get("geocode_method")
        row["precision_m"] = _precision(props.get("precision_m"))
        row["digitized_from"] = props.get("digitized_from", "")
        row["sources"] = sources.get((layer.name, row["id"]), [])
        row["geometry"] = geom
        records.append(row)
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")


def _derive(layers, taxonomy, park_tags):
    cities = layers["new_cities"]
    corridors = layers["corridors"]
    belt_names = dict(zip(corridors["id"], corridors["name_zh"]))
    cities["belt_name_zh"] = cities["belt"].map(lambda b: belt_names.get(b, "") if b else "")
    measure.add_areas(cities)
    by_id = cities.set_index("id")
    for name in ("parks", "platforms"):
        frame = layers[name]
        frame["new_city_id"] = frame["new_city"]
        frame["new_city_en"] = frame["new_city_id"].map(by_id["name_en"])
        frame["new_city"] = frame["new_city_id"].map(by_id["name_zh"])
        frame["belt"] = frame["new_city_id"].map(by_id["belt"]).fillna("")
    parks = layers["parks"]
    parks["tags"] = parks["id"].map(lambda pid: park_tags.get(pid, []))
    parks["tagged_sectors"] = parks["tags"].map(lambda ts: [t["sector"] for t in ts])
    # a park is in every cluster its tags fall in; one of them colours it (tags.COLOUR_RULE)
    parks["clusters"] = parks["tags"].map(lambda ts: tags.clusters(ts, taxonomy))
    colour = [tags.colour_cluster(n, ts, taxonomy) for n, ts in zip(parks["name_zh"], parks["tags"])]
    parks["cluster"] = [c for c, _ in colour]
    parks["color_sector"] = [k for _, k in colour]
    parks["cluster_zh"] = parks["cluster"].map(lambda c: taxonomy.name(c) if c else "")
    parks["cluster_en"] = parks["cluster"].map(lambda c: taxonomy.name(c, "en") if c else "")
    parks["sectors_zh"] = parks["sectors"].map(lambda keys: [taxonomy.name(k) for k in keys])
    parks["sectors_en"] = parks["sectors"].map(lambda keys: [taxonomy.name(k, "en") for k in keys])
    parks["color"] = parks["cluster"].map(lambda c: taxonomy.color(c) if c else "#888888")
    measure.add_areas(parks)
    measure.add_intensity(parks)
