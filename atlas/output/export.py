"""Writing layers out so GIS clients take them as they are: GeoJSON, one GeoPackage, CSV."""

import contextlib
import json
import math
from pathlib import Path

import pandas as pd
import pyogrio
import shapely
from shapely.geometry.polygon import orient

from atlas.core import schema
from atlas.core.builddate import source_date

from atlas.core.version import VERSION
from atlas.core import settings
from atlas.output.outdir import (EXPORT_MARKER, check_export_target, path_in_errors, sha256,
                                 staged_dir, write_marker)

FORMATS = schema.EXPORT_FORMATS
EXTENSIONS = {"geojson": ".geojson", "gpkg": ".gpkg", "csv": ".csv"}
GPKG_NAME = "atlas.gpkg"
#: GDAL >= 3.7 writes GeoPackage 1.4, which GDAL 3.6 (Debian 12) warns about on every open
GPKG_VERSION = "1.2"
BOM = "\ufeff"
DIGITS = 6  # about 0.1 m: far below the data's precision_m

#: columns used internally that an export would only confuse
_INTERNAL = {"color"}
#: geometry family -> layer-name suffix, in the order the layers are written
_FAMILIES = {"Polygon": "polygons", "LineString": "lines", "Point": "points"}


def _plain(value):
    """A cell as JSON-native Python: NaN -> None, numpy scalars -> Python."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def records(frame):
    """Rows of a layer as JSON-ready dicts, without geometry."""
    cols = [c for c in frame.columns if c != "geometry" and c not in _INTERNAL]
    out = []
    for row in frame[cols].to_dict("records"):
        out.append({k: _plain(v) for k, v in row.items()})
    return out


def park_records(parks):
    """Parks as the JSON the CLI prints: the contract keys first, then the rest."""
    out = []
    for rec in records(parks):
        first = ["id", "name_zh", "name_en", "new_city", "sectors", "output_target_2025",
                 "target_qualifier", "sources"]
        out.append({**{k: rec.get(k) for k in first}, **rec})
    return out


def right_hand(geom):
    """``geom`` with RFC 7946's winding: exterior rings counter-clockwise, holes clockwise."""
    if geom is None:
        return None
    if geom.geom_type == "Polygon":
        return orient(geom, sign=1.0)
    if geom.geom_type == "MultiPolygon":
        return shapely.MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])
    return geom


def _oriented(frame):
    return frame.set_geometry(frame.geometry.map(right_hand))


def feature_collection(frame):
    """An RFC 7946 FeatureCollection of a layer, properties JSON-native, right-hand wound."""
    features = []
    for rec, geom in zip(records(frame), frame.geometry.map(right_hand)):
        features.append(
            {"type": "Feature", "properties": rec, "geometry": _rounded(geom.__geo_interface__)}
        )
    return {"type": "FeatureCollection", "features": features}


def _rounded(geo, digits=DIGITS):
    def walk(c):
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            return [round(float(x), digits) for x in c]
        return [walk(x) for x in c]

    return {"type": geo["type"], "coordinates": walk(geo["coordinates"])}


def flat(frame):
    """A layer with lists joined by '; ' and sources as JSON, for GPKG and CSV."""
    frame = frame.drop(columns=[c for c in _INTERNAL if c in frame.columns]).copy()
    for col in frame.columns:
        if col == "geometry":
            continue
        if col in ("sources", "tags") or frame[col].map(
            lambda v: isinstance(v, (list, tuple)) and any(isinstance(x, dict) for x in v)
        ).any():
            frame[col] = frame[col].map(lambda s: json.dumps(_plain(s), ensure_ascii=False))
        elif frame[col].map(lambda v: isinstance(v, (list, tuple))).any():
            frame[col] = frame[col].map(
                lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v
            )
    return frame


def table(frame):
    """A layer as a plain table: attributes, then coordinates, then WKT.

    ``lon``/``lat`` (where the layer has points) are a point's own coordinates,
    empty for other shapes. ``label_lon``/``label_lat`` (where the layer has lines
    or polygons) are filled on every row: a point that lies on the line or inside
    the polygon (a point's own position), so the whole table can be mapped from
    two columns.
    """
    frame = _oriented(frame)
    out = pd.DataFrame(flat(frame).drop(columns="geometry"))
    geoms = list(frame.geometry)
    points = [g.geom_type == "Point" for g in geoms]
    if any(points):
        out["lon"] = [round(g.x, DIGITS) if p else None for g, p in zip(geoms, points)]
        out["lat"] = [round(g.y, DIGITS) if p else None for g, p in zip(geoms, points)]
    if not points or not all(points):
        where = [g if p else g.representative_point() for g, p in zip(geoms, points)]
        out["label_lon"] = [round(g.x, DIGITS) for g in where]
        out["label_lat"] = [round(g.y, DIGITS) for g in where]
    out["wkt"] = frame.geometry.to_wkt(rounding_precision=DIGITS)
    return out


def csv_text(frame, bom=False):
    """``table(frame)`` as CSV text; ``bom`` prefixes the UTF-8 byte order mark Excel wants."""
    text = table(frame).to_csv(index=False, lineterminator="\n")
    return BOM + text if bom else text


def gpkg_layers(frame, name):
    """``[(layer name, geometry type, frame)]``: one geometry type per GeoPackage layer.

    A layer holding several kinds of shape (the corridors: a polygon, lines and
    points) is split into ``NAME_polygons``, ``NAME_lines``, ``NAME_points``;
    where single and multi shapes mix, the singles become multi, because a
    GeoPackage layer, and a shapefile made from it, has one declared type.
    """
    families = frame.geometry.geom_type.str.removeprefix("Multi")
    found = [f for f in _FAMILIES if (families == f).any()]
    out = []
    for family in found:
        part = frame.loc[families == family].copy()
        kinds = set(part.geometry.geom_type)
        gtype = family if kinds == {family} else f"Multi{family}"
        if gtype != family:
            multi = getattr(shapely, gtype)
            part = part.set_geometry(
                part.geometry.map(lambda g: g if g.geom_type == gtype else multi([g]))
            )
        label = name if len(found) == 1 else f"{name}_{_FAMILIES[family]}"
        out.append((label, gtype, part))
    return out


@contextlib.contextmanager
def gdal_date():
    # GeoPackages stamp each layer with the time of writing; SOURCE_DATE_EPOCH pins it
    # (the reproducible-builds convention) so two exports give the same bytes
    when = source_date()
    if when is None:
        yield
        return
    before = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": when.strftime("%Y-%m-%dT%H:%M:%S.000Z")})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": before})


def _write_gpkg(atlas, path):
    with gdal_date():
        for name in schema.EXPORT_LAYERS:
            for label, gtype, part in gpkg_layers(_oriented(atlas.layers[name]), name):
                pyogrio.write_dataframe(
                    flat(part),
                    path,
                    layer=label,
                    driver="GPKG",
                    geometry_type=gtype,
                    promote_to_multi=False,
                    dataset_options={"VERSION": GPKG_VERSION},
                )


def write(atlas, fmt, out_dir, bom=False, force=False):
    """Write every export layer in ``fmt`` into ``out_dir``; returns the paths written.

    GeoJSON and CSV give one file per layer, GPKG one ``atlas.gpkg`` with every
    layer. ``bom`` (CSV only) starts each file with a UTF-8 byte order mark.
    Files appear all together or not at all. Other files in ``out_dir`` are left
    alone; a same-named file is replaced only if an earlier export wrote it
    (``.atlas-export.json`` lists it, unchanged) or ``force``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if bom and fmt != "csv":
        raise ValueError("a byte order mark is for CSV only; drop --bom or use --format csv")
    out_dir = Path(out_dir)
    names = ([GPKG_NAME] if fmt == "gpkg"
             else [f"{name}{EXTENSIONS[fmt]}" for name in schema.EXPORT_LAYERS])
    seeds = getattr(atlas, "seeds_dir", None) or settings.seeds()
    listed = check_export_target(out_dir, names, atlas.data_dir, seeds, force=force)

    def mark(stage):
        files = {**listed, **{n: sha256(stage / n) for n in names}}
        write_marker(stage, VERSION, name=EXPORT_MARKER, files=files)

    with staged_dir(out_dir, before_swap=mark) as stage:
        if fmt == "gpkg":
            with path_in_errors(out_dir / GPKG_NAME):
                _write_gpkg(atlas, stage / GPKG_NAME)
        else:
            for name in schema.EXPORT_LAYERS:
                frame = atlas.layers[name]
                path = stage / f"{name}{EXTENSIONS[fmt]}"
                if fmt == "geojson":
                    text = json.dumps(feature_collection(frame), ensure_ascii=False, indent=1) + "\n"
                else:
                    text = csv_text(frame, bom=bom)
                with path_in_errors(out_dir / path.name):
                    path.write_text(text, encoding="utf-8", newline="\n")
    return [out_dir / n for n in names]
