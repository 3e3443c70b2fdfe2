"""Writing layers out: GeoJSON, GeoPackage and CSV, one file per layer."""

import json
import math

import pandas as pd

from atlas import schema
from atlas.outdir import staged_dir

FORMATS = ("geojson", "gpkg", "csv")
EXTENSIONS = {"geojson": ".geojson", "gpkg": ".gpkg", "csv": ".csv"}

#: columns used internally that an export would only confuse
_INTERNAL = {"color"}


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


def feature_collection(frame):
    """An RFC 7946 FeatureCollection of a layer, properties JSON-native."""
    features = []
    for rec, geom in zip(records(frame), frame.geometry):
        features.append(
            {"type": "Feature", "properties": rec, "geometry": _rounded(geom.__geo_interface__)}
        )
    return {"type": "FeatureCollection", "features": features}


def _rounded(geo, digits=6):
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


def write(atlas, fmt, out_dir):
    """Write every export layer in ``fmt`` into ``out_dir``; returns the paths written.

    Files appear all together or not at all.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    written = []
    with staged_dir(out_dir) as stage:
        for name in schema.EXPORT_LAYERS:
            frame = atlas.layers[name]
            path = stage / f"{name}{EXTENSIONS[fmt]}"
            if fmt == "geojson":
                text = json.dumps(feature_collection(frame), ensure_ascii=False, indent=1)
                path.write_text(text + "\n", encoding="utf-8")
            elif fmt == "gpkg":
                flat(frame).to_file(path, driver="GPKG", layer=name, engine="pyogrio")
            else:
                table = pd.DataFrame(flat(frame).drop(columns="geometry"))
                table["wkt"] = frame.geometry.to_wkt(rounding_precision=6)
                table.to_csv(path, index=False, encoding="utf-8")
            written.append(out_dir / path.name)
    return written
