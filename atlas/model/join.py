"""A planner's points joined to new cities, parks, belts and sectors, with a summary.

Input is a table whose cells were already checked (``atlas.data.userlist.cells``):
``lon_in``/``lat_in`` floats and ``reason`` for rows already rejected. Here rows are
rejected for where they lie (swapped, far outside Shaanxi, GCJ-02 while declared
WGS84), moved to WGS84, and joined with vectorized point-in-polygon tests: with 16
polygons a prepared ``contains_xy`` per polygon beats building a spatial index.
"""

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from atlas.core import settings
from atlas.model import crs as crs_mod
from atlas.model.sector import normalize

#: Shaanxi province's extent (105°29′–111°15′E, 31°42′–39°35′N) widened by about 0.5°:
#: a point beyond it is far outside, whatever its coordinate system
SHAANXI = (105.0, 31.2, 111.8, 40.1)

#: what each rejection reason means, in the error report
REASONS = {
    "missing_coordinates": "coordinates missing",
    "not_a_point": "feature is not a point",
    "non_numeric_coordinates": "coordinates not numbers",
    "swapped_coordinates": "longitude and latitude swapped",
    "outside_shaanxi": "far outside Shaanxi",
    "looks_gcj02": "looks GCJ-02 while declared WGS84",
    "duplicate_row": "duplicate row",
    "unparseable_value": "value not a number",
}
OUTSIDE = "outside"
OUTSIDE_ZH = "新区外"

#: the ``park_note`` of a point: outside the parks and far from them, inside and near an
#: edge, inside, outside but near an edge (nearer than the park's precision_m)
PARK_NOTES = (
    "",
    "in a schematic park, nearer its edge than its precision: may lie outside",
    "in a schematic park: only as good as its precision_m",
    "outside the parks, nearer a park edge than its precision: may lie inside",
)

#: a GCJ-02 copy of a WGS84 point lands within this many degrees (about 1 m) of it moved
_SAME_POINT = 1e-5


@dataclass
class Joined:
    """The join's result: ``joined`` (a GeoDataFrame in WGS84, one row per accepted input
    row), ``rejected`` (row, reason, detail), ``summary`` (counts and value sums by new
    city, park and sector) and ``counts`` (rows in, joined, rejected, by reason)."""

    joined: gpd.GeoDataFrame
    rejected: pd.DataFrame
    summary: pd.DataFrame
    counts: dict
    fixed: pd.DataFrame
    #: role -> the planner's header for it (set by whoever read the list)
    columns: dict = None


def _inside(box, x, y):
    x0, y0, x1, y1 = box
    return (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)


def _looks_gcj(frame, ok):
    """Row numbers (index labels) of points that are another row of the same name moved by
    the GCJ-02 offset: a list merged from a WGS84 source and a Gaode one."""
    if "name" not in frame:
        return {}
    part = frame[ok & (frame["name"] != "")]
    part = part[part["name"].duplicated(keep=False)]
    found = {}
    for _, group in part.groupby("name", sort=False):
        gx, gy = crs_mod.wgs_to_gcj(group["lon_in"].to_numpy(), group["lat_in"].to_numpy())
        xs, ys = group["lon_in"].to_numpy(), group["lat_in"].to_numpy()
        for a, row_a in enumerate(group["row"]):
            near = (np.abs(xs - gx[a]) < _SAME_POINT) & (np.abs(ys - gy[a]) < _SAME_POINT)
            for b in np.flatnonzero(near):
                if b != a:
                    found[group.index[b]] = row_a
    return found


def _match_text(text, taxonomy, names):
    """(sector keys, reasons) for one industry text: a sector's name or synonym equal to a
    piece of the text ('direct'/'synonym') or contained in it ('contains'), longest first
    so that 新能源汽车 wins over 新能源."""
    t = normalize(text)
    if not t:
        return (), ()
    keys, reasons, taken = [], [], []
    for name, key, how in names:
        start = t.find(name)
        if start < 0:
            continue
        end = start + len(name)
        if any(s <= start and end <= e for s, e in taken):
            continue  # inside a longer name already matched
        if name.isascii() and not _word_at(t, start, end):
            continue  # 'ai' inside 'retail'
        taken.append((start, end))
        if key in keys:
            continue
        whole = t == name
        kind = how if whole else "contains"
        keys.append(key)
        reasons.append(f"{taxonomy.name(key)}: {_HOW[kind]} «{name}»")
    return tuple(keys), tuple(reasons)


_HOW = {"direct": "名称", "synonym": "同义词", "contains": "含"}


def _word_at(text, start, end):
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _names(taxonomy):
    out = []
    for key in taxonomy:
        row = taxonomy.row(key)
        out += [(normalize(n), key, "direct") for n in (key, row["name_zh"], row["name_en"]) if n]
        out += [(normalize(n), key, "synonym") for n in row.get("synonyms", []) if n]
    out = [(n, k, h) for n, k, h in out if len(n) >= 2]
    return sorted(set(out), key=lambda t: (-len(t[0]), t[0], t[1]))


def sectors_of(texts, taxonomy):
    """{text: (keys, reasons)} for each distinct industry text."""
    names = _names(taxonomy)
    return {t: _match_text(t, taxonomy, names) for t in pd.unique(pd.Series(texts, dtype=object))}


def _locate(x, y, polygons):
    """Index into ``polygons`` of the first one holding each point, -1 for none."""
    where = np.full(len(x), -1)
    for i, poly in enumerate(polygons):
        shapely.prepare(poly)
        hit = (where < 0) & shapely.contains_xy(poly, x, y)
        where[hit] = i
    return where


def _to_line(x, y, coords):
    """Squared distance from each point to a polyline given by its vertices."""
    best = np.full(len(x), np.inf)
    for (ax, ay), (bx, by) in zip(coords[:-1], coords[1:]):
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        px, py = x - ax, y - ay
        t = (px * dx + py * dy) / length2 if length2 else np.zeros(len(x))
        np.clip(t, 0.0, 1.0, out=t)
        px -= t * dx
        py -= t * dy
        np.minimum(best, px * px + py * py, out=best)
    return best


def _edge_distance(x, y, lines):
    """(distance, index of the line) from each point to the nearest of ``lines``.

    The distance to a line's bounding box is a lower bound, so each point is measured
    against the line whose box is nearest, and then only against lines whose box is
    nearer than that: a few segments per point instead of every segment of every
    outline, several times faster than an STRtree nearest query here.
    """
    coords = [shapely.get_coordinates(line) for line in lines]
    boxes = np.array([[c[:, 0].min(), c[:, 1].min(), c[:, 0].max(), c[:, 1].max()]
                      for c in coords])
    bound = np.empty((len(lines), len(x)))
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        gx = np.maximum(np.maximum(x0 - x, x - x1), 0.0)
        gy = np.maximum(np.maximum(y0 - y, y - y1), 0.0)
        bound[i] = gx * gx + gy * gy
    owner = bound.argmin(axis=0)
    best = np.empty(len(x))
    for i in range(len(lines)):
        mine = owner == i
        best[mine] = _to_line(x[mine], y[mine], coords[i])
    for i in range(len(lines)):
        maybe = np.flatnonzero((bound[i] < best) & (owner != i))
        if len(maybe):
            d2 = _to_line(x[maybe], y[maybe], coords[i])
            closer = d2 < best[maybe]
            best[maybe[closer]] = d2[closer]
            owner[maybe[closer]] = i
    return np.sqrt(best), owner


def places(atlas, lon, lat):
    """New city, park, belt and distance to the nearest park edge of WGS84 points.

    Returns a DataFrame aligned with the inputs. ``park_edge_m`` is the distance in
    metres (EPSG:32649) from the point to the nearest park boundary: inside a park,
    how far in; outside, how far away.
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    cities, parks = atlas.new_cities, atlas.parks
    city_at = _locate(lon, lat, list(cities.geometry))
    park_at = _locate(lon, lat, list(parks.geometry))
    to_utm = pyproj.Transformer.from_crs("EPSG:4326", settings.projected_crs, always_xy=True)
    ux, uy = to_utm.transform(lon, lat)
    rings = list(parks.to_crs(settings.projected_crs).geometry.boundary)
    dist, nearest = _edge_distance(ux, uy, rings)

    def pick(frame, at, col, empty=""):
        values = frame[col].to_numpy(dtype=object)
        return np.where(at >= 0, values[np.maximum(at, 0)], empty)

    park_belt = pick(parks, at=park_at, col="belt")
    city_belt = pick(cities, at=city_at, col="belt")
    precision = parks["precision_m"].to_numpy(dtype=float)
    out = pd.DataFrame({
        "new_city_id": pick(cities, city_at, "id", OUTSIDE),
        "new_city": pick(cities, city_at, "name_zh", OUTSIDE_ZH),
        "park_id": pick(parks, park_at, "id"),
        "park": pick(parks, park_at, "short_name_zh"),
        "belt": np.where(park_at >= 0, park_belt, city_belt),
        "nearest_park_id": parks["id"].to_numpy(dtype=object)[nearest],
        "park_edge_m": np.rint(dist).astype(int),
        "park_precision_m": precision[nearest],
    })
    out["belt"] = out["belt"].fillna("")
    near_edge = dist < precision[nearest]
    # codes into a small table: numpy string arrays of long notes cost at 10^6 rows
    code = np.where(park_at >= 0, np.where(near_edge, 1, 2), np.where(near_edge, 3, 0))
    note = np.array(PARK_NOTES, dtype=object)[code]
    out["park_note"] = note
    return out


def _given(part):
    return "lon " + part["lon"] + ", lat " + part["lat"]


def join(frame, atlas, crs="wgs84", fix_swapped=False):
    """Join a checked list (see the module docstring) to the atlas; returns Joined.

    ``crs`` is the system the coordinates are given in (wgs84, gcj02, bd09);
    ``fix_swapped`` swaps longitude and latitude where that is plainly the mistake,
    else such rows are rejected. Every input row is either joined or rejected.
    """
    if crs not in crs_mod.SYSTEMS:
        raise ValueError(f"unknown coordinate system {crs!r}; choose one of "
                         f"{', '.join(crs_mod.SYSTEMS)}")
    frame = frame.copy()
    reason, detail = frame["reason"].copy(), frame["detail"].copy()
    x, y = frame["lon_in"].to_numpy(), frame["lat_in"].to_numpy()
    ok = (reason == "").to_numpy()
    in_box = _inside(SHAANXI, x, y)
    swapped = ok & ~in_box & _inside(SHAANXI, y, x)
    fixed_rows = frame.loc[swapped & fix_swapped, "row"]
    if fix_swapped:
        x, y = np.where(swapped, y, x), np.where(swapped, x, y)
    else:
        reason[swapped] = "swapped_coordinates"
        detail[swapped] = (_given(frame[swapped]) + ": longitude and latitude look swapped; "
                           "fix the file or add --fix-swapped")
    ok = (reason == "").to_numpy()
    far = ok & ~_inside(SHAANXI, x, y)
    reason[far] = "outside_shaanxi"
    detail[far] = _given(frame[far]) + ": far outside Shaanxi (a typo, or projected metres?)"
    frame["lon_in"], frame["lat_in"] = x, y
    if crs == "wgs84":
        ok = (reason == "").to_numpy()
        for idx, other in _looks_gcj(frame, pd.Series(ok, index=frame.index)).items():
            reason[idx] = "looks_gcj02"
            detail[idx] = (f"this point is row {other}'s point (same name) moved by the GCJ-02 "
                           "offset: it was copied from a Gaode/Tencent map; give it in WGS84 or "
                           "join that list with --crs gcj02")
    ok = (reason == "").to_numpy()

    rejected = pd.DataFrame({"row": frame["row"][~ok], "reason": reason[~ok],
                             "detail": detail[~ok]}).reset_index(drop=True)
    good = frame[ok].reset_index(drop=True)
    wx, wy = crs_mod.to_wgs84(good["lon_in"].to_numpy(), good["lat_in"].to_numpy(), crs)
    where = places(atlas, wx, wy)
    joined = pd.concat([good.drop(columns=["lon_in", "lat_in", "reason", "detail"]), where],
                       axis=1)
    joined.insert(joined.columns.get_loc("new_city_id"), "lon_wgs84", np.round(wx, 6))
    joined.insert(joined.columns.get_loc("new_city_id"), "lat_wgs84", np.round(wy, 6))
    if "sector_text" in joined:
        found = sectors_of(joined["sector_text"], atlas.taxonomy)
        joined["sectors"] = joined["sector_text"].map({t: "; ".join(k) for t, (k, _) in found.items()})
        joined["sector_reasons"] = joined["sector_text"].map(
            {t: " | ".join(r) for t, (_, r) in found.items()})
    joined["fixed"] = np.where(joined["row"].isin(set(fixed_rows)), "swapped lon/lat", "")
    geometry = gpd.GeoSeries(shapely.points(wx, wy), crs="EPSG:4326")
    joined = gpd.GeoDataFrame(joined, geometry=geometry)

    counts = {"rows_in": len(frame), "joined": len(joined), "rejected": len(rejected),
              "fixed": len(fixed_rows),
              "by_reason": {k: int((rejected["reason"] == k).sum()) for k in REASONS
                            if (rejected["reason"] == k).any()}}
    fixed = pd.DataFrame({"row": fixed_rows.to_numpy(), "fix": "swapped lon/lat"})
    return Joined(joined, rejected, summary(joined, atlas), counts, fixed)


def summary(joined, atlas):
    """Rows, value sums and rows without a value, by new city, park and sector.

    A row matched to several sectors counts under each, so sector totals may exceed
    the number of rows.
    """
    value = joined["value_num"] if "value_num" in joined else pd.Series(np.nan, joined.index)
    frame = pd.DataFrame({"value": value.to_numpy(), "new_city_id": joined["new_city_id"],
                          "park_id": joined["park_id"]})
    if "sectors" in joined:  # split each distinct text once, not each row
        split = {t: t.split("; ") for t in pd.unique(joined["sectors"])}
        frame["sectors"] = joined["sectors"].map(split).to_numpy()
    else:
        frame["sectors"] = ""
    names = {
        "new_city": {OUTSIDE: OUTSIDE_ZH, **dict(zip(atlas.new_cities["id"],
                                                     atlas.new_cities["name_zh"]))},
        "park": {"": "园区外", **dict(zip(atlas.parks["id"], atlas.parks["short_name_zh"]))},
        "sector": {"": "未匹配", **{k: atlas.taxonomy.name(k) for k in atlas.taxonomy}},
    }
    parts = []
    for group, col, frame_g in (("new_city", "new_city_id", frame),
                                ("park", "park_id", frame),
                                ("sector", "sectors", frame.explode("sectors"))):
        keys = frame_g[col].fillna("")
        grouped = frame_g.assign(key=keys, none=frame_g["value"].isna()).groupby("key", sort=False)
        stats = pd.DataFrame({"rows": grouped.size(), "value_sum": grouped["value"].sum(),
                              "rows_without_value": grouped["none"].sum()})
        order = [k for k in names[group] if k in stats.index]
        stats = stats.reindex(order)
        parts.append(pd.DataFrame({
            "group": group, "key": stats.index, "name_zh": [names[group][k] for k in order],
            "rows": stats["rows"].astype(int).to_numpy(),
            "value_sum": stats["value_sum"].round(6).to_numpy(),
            "rows_without_value": stats["rows_without_value"].astype(int).to_numpy(),
        }))
    return pd.concat(parts, ignore_index=True)
