"""Writing a joined list: the joined table, its summary and its error report.

Enterprise lists are often confidential: only the columns the planner named (or
that were guessed from common headers) are written, under the planner's own headers,
beside what the join added. Files appear all together or not at all, and replace
only files that an earlier ``atlas join`` or ``atlas export`` wrote.
"""

import json
import math
from pathlib import Path

import pandas as pd
import pyogrio

from atlas.core.version import VERSION
from atlas.data import userlist
from atlas.model import join as join_mod
from atlas.model.join import REASONS
from atlas.output.export import BOM, GPKG_VERSION, gdal_date
from atlas.output.outdir import (EXPORT_MARKER, check_export_target, path_in_errors, sha256,
                                 staged_dir, write_marker)

FORMATS = ("csv", "geojson", "gpkg")
#: what the join adds to each row, in this order
ADDED = ("lon_wgs84", "lat_wgs84", "new_city_id", "new_city", "park_id", "park", "belt",
         "nearest_park_id", "park_edge_m", "park_precision_m", "park_note", "sectors",
         "sector_reasons", "fixed")


def join(source, atlas, crs="wgs84", fix_swapped=False, **names):
    """Read a list (a path, or a (Geo)DataFrame), check its cells and join it; see
    ``atlas.join``. ``names`` maps roles (name, lon, lat, sector_text, value) to headers."""
    if hasattr(source, "columns"):
        listed = userlist.from_frame(source, **names)
    else:
        listed = userlist.read(source, **names)
    result = join_mod.join(userlist.cells(listed.frame), atlas, crs=crs, fix_swapped=fix_swapped)
    result.columns = listed.columns
    return result


def table(result, columns):
    """The joined rows as a plain DataFrame: ``row``, the planner's columns under their own
    headers, then ADDED. ``columns`` maps role -> header ('' for coordinates taken from
    a GeoJSON/GPKG geometry, which are not repeated)."""
    joined = result.joined
    out = pd.DataFrame({"row": joined["row"].to_numpy()})
    for role in ("name", "lon", "lat", "sector_text", "value"):
        header = columns.get(role)
        if header:
            out[header] = joined[role].to_numpy()
    for col in ADDED:
        if col in joined:
            out[col] = joined[col].to_numpy()
    return out


def errors(result):
    """The error report: every rejected row with its reason in words, then any fixes."""
    rej = result.rejected
    out = pd.DataFrame({"row": rej["row"].to_numpy(), "reason": rej["reason"].to_numpy(),
                        "reason_text": rej["reason"].map(REASONS).to_numpy(),
                        "detail": rej["detail"].to_numpy()})
    fixed = pd.DataFrame({"row": result.fixed["row"].to_numpy(), "reason": "fixed",
                          "reason_text": "fixed and joined", "detail": result.fixed["fix"]})
    return pd.concat([out, fixed], ignore_index=True).sort_values("row", kind="stable")


def summary(result):
    """The summary table: the row counts first (rows in = joined + rejected), then rows,
    value sums and rows without a value by new city, park and sector."""
    c = result.counts
    counts = [("rows", "rows_in", "读入行数", c["rows_in"]), ("rows", "joined", "已连接", c["joined"]),
              ("rows", "rejected", "已拒绝", c["rejected"])]
    counts += [("rejected", k, REASONS[k], n) for k, n in c["by_reason"].items()]
    head = pd.DataFrame(counts, columns=["group", "key", "name_zh", "rows"])
    both = pd.concat([head, result.summary], ignore_index=True)
    return both.astype({"rows": "Int64", "rows_without_value": "Int64"})


def _csv(frame, bom=False):
    text = frame.to_csv(index=False, lineterminator="\n")
    return BOM + text if bom else text


def _plain(v):
    if isinstance(v, float) and math.isnan(v):
        return None
    return v.item() if hasattr(v, "item") else v


def geojson_text(result, columns):
    """RFC 7946 points in WGS84, rounded to 6 decimals, properties as in ``table``."""
    frame = table(result, columns)
    keys = list(frame.columns)
    lines = []
    for values in frame.itertuples(index=False, name=None):
        props = dict(zip(keys, map(_plain, values)))
        point = [props["lon_wgs84"], props["lat_wgs84"]]
        lines.append(json.dumps({"type": "Feature", "properties": props,
                                 "geometry": {"type": "Point", "coordinates": point}},
                                ensure_ascii=False))
    return '{"type": "FeatureCollection", "features": [\n' + ",\n".join(lines) + "\n]}\n"


def write(result, columns, fmt, out_dir, *, data_dir, seeds_dir, stem="joined", bom=False,
          force=False):
    """Write ``STEM.FMT`` (the joined rows), ``STEM_summary.csv`` and ``STEM_errors.csv``
    into ``out_dir``; returns their paths. ``bom`` applies to the CSV files. Never into
    the atlas's data or seeds folder."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    names = [f"{stem}.{fmt}", f"{stem}_summary.csv", f"{stem}_errors.csv"]
    listed = check_export_target(out_dir, names, data_dir, seeds_dir, force=force)

    def mark(stage):
        files = {**listed, **{n: sha256(stage / n) for n in names}}
        write_marker(stage, VERSION, name=EXPORT_MARKER, files=files)

    with staged_dir(out_dir, before_swap=mark) as stage:
        main = stage / names[0]
        with path_in_errors(out_dir / names[0]):
            if fmt == "csv":
                main.write_text(_csv(table(result, columns), bom), encoding="utf-8", newline="\n")
            elif fmt == "geojson":
                main.write_text(geojson_text(result, columns), encoding="utf-8", newline="\n")
            else:
                frame = table(result, columns)
                with gdal_date():
                    pyogrio.write_dataframe(
                        result.joined[["geometry"]].assign(**frame).set_geometry("geometry"),
                        main, layer=stem, driver="GPKG", geometry_type="Point",
                        dataset_options={"VERSION": GPKG_VERSION})
        for name, frame in ((names[1], summary(result)), (names[2], errors(result))):
            with path_in_errors(out_dir / name):
                (stage / name).write_text(_csv(frame, bom), encoding="utf-8", newline="\n")
    return [out_dir / n for n in names]
