"""A planner's list on a web page: compact columns, the side-panel counts, markercluster.

The points travel as columns of integers, never as GeoJSON features with repeated keys:
longitude and latitude in 1e-5 degree steps (about a metre) from an origin, an index
into a table of the distinct sector sets, and an index into a table of the distinct
(new city, park, belt) places, and a coarse grid of GCJ-02 offsets for the Gaode
basemap. Names and values go in only when the planner named those
columns (Points.shown); the industry text and every other column never do.
"""

import html

import numpy as np
import pandas as pd

from atlas.maps import style
from atlas.maps.words import POINTS as WORDS
from atlas.model import crs
from atlas.model.join import REASONS
from atlas.render.web import assets

#: coordinate step: 1e-5 degree is about 1 m here, finer than any geocoder's address points
STEP = 1e-5
#: the GCJ-02 offset (for the Gaode basemap) travels as a grid of this many degrees that the
#: page interpolates: the offset changes over tenths of a degree, so bilinear interpolation
#: stays within about a metre (tests check it) for a few KB instead of two ints per point
SHIFT_STEP = 0.02


def shift_grid(lon, lat):
    """The GCJ-02 offsets (millionths of a degree) on a SHIFT_STEP grid covering the points:
    {"x0", "y0", "step", "nx", "ny", "dx": [...], "dy": [...]} with node (i, j) at
    index j * nx + i."""
    if not len(lon):
        return None
    x0 = np.floor(np.min(lon) / SHIFT_STEP) * SHIFT_STEP
    y0 = np.floor(np.min(lat) / SHIFT_STEP) * SHIFT_STEP
    nx = int(np.ceil((np.max(lon) - x0) / SHIFT_STEP)) + 2
    ny = int(np.ceil((np.max(lat) - y0) / SHIFT_STEP)) + 2
    gx, gy = np.meshgrid(x0 + SHIFT_STEP * np.arange(nx), y0 + SHIFT_STEP * np.arange(ny))
    dx, dy = crs.offset(gx.ravel(), gy.ravel())
    return {"x0": round(float(x0), 6), "y0": round(float(y0), 6), "step": SHIFT_STEP,
            "nx": nx, "ny": ny, "dx": np.rint(dx * 1e6).astype(int).tolist(),
            "dy": np.rint(dy * 1e6).astype(int).tolist()}


def shifted(grid, lon, lat):
    """GCJ-02 (lon, lat) from the grid, as points.js computes it (bilinear)."""
    fx = (np.asarray(lon) - grid["x0"]) / grid["step"]
    fy = (np.asarray(lat) - grid["y0"]) / grid["step"]
    i = np.clip(np.floor(fx).astype(int), 0, grid["nx"] - 2)
    j = np.clip(np.floor(fy).astype(int), 0, grid["ny"] - 2)
    tx, ty = fx - i, fy - j
    out = []
    for values in (np.asarray(grid["dx"]), np.asarray(grid["dy"])):
        def at(a, b, values=values):
            return values[b * grid["nx"] + a]

        out.append(((1 - tx) * (1 - ty) * at(i, j) + tx * (1 - ty) * at(i + 1, j)
                    + (1 - tx) * ty * at(i, j + 1) + tx * ty * at(i + 1, j + 1)) / 1e6)
    return np.asarray(lon) + out[0], np.asarray(lat) + out[1]


def _codes(values):
    """(table of distinct values in first-seen order, int code per value)."""
    codes, table = pd.factorize(pd.Series(values, dtype=object), sort=False)
    return list(table), codes


def payload(points, atlas, lang):
    """The JSON the page's points.js reads (see the module docstring)."""
    joined = points.result.joined
    x = np.rint(joined["lon_wgs84"].to_numpy(dtype=float) / STEP).astype(np.int64)
    y = np.rint(joined["lat_wgs84"].to_numpy(dtype=float) / STEP).astype(np.int64)
    x0, y0 = (int(x.min()), int(y.min())) if len(x) else (0, 0)
    sectors = (joined["sectors"].fillna("") if "sectors" in joined
               else pd.Series("", index=joined.index))
    sector_sets, s_codes = _codes(sectors)
    keys = sorted({k for text in sector_sets for k in text.split("; ") if k})
    place_keys = (joined["new_city_id"].fillna("") + "\t" + joined["park_id"].fillna("")
                  + "\t" + joined["belt"].fillna(""))
    places, w_codes = _codes(place_keys)
    names = {r.id: (r.short_name_zh if lang == "zh" else r.short_name_en)
             for r in atlas.parks.itertuples()}
    c = points.result.counts
    out = {
        "step": STEP, "x0": x0, "y0": y0,
        "x": (x - x0).tolist(), "y": (y - y0).tolist(),
        "sectors": keys,
        "sets": [[keys.index(k) for k in text.split("; ") if k] for text in sector_sets],
        "s": s_codes.tolist(),
        "places": [p.split("\t") for p in places],
        "w": w_codes.tolist(),
        "parks": [[pid, names[pid]] for pid in atlas.parks["id"]],
        "shift": shift_grid(joined["lon_wgs84"].to_numpy(dtype=float),
                            joined["lat_wgs84"].to_numpy(dtype=float)),
        "counts": {"rows_in": c["rows_in"], "joined": c["joined"], "rejected": c["rejected"]},
        "color": style.POINT,
        "edge": style.POINT_EDGE,
        "t": {k: WORDS[lang][k] for k in ("shown", "outside")},
    }
    if "name" in points.shown and "name" in joined:
        out["names"] = joined["name"].fillna("").astype(str).tolist()
    if "value" in points.shown and "value_num" in joined:
        values = joined["value_num"].to_numpy(dtype=float)
        out["values"] = [None if np.isnan(v) else round(float(v), 6) for v in values]
    return out


def scripts():
    """What a page with points inlines after the atlas's own: markercluster's CSS and JS
    (from the pinned xstatic package) and points.js."""
    return (assets.Css(assets.markercluster_css()), assets.markercluster_js(),
            assets.own_min("points.js"))


def data_block(points, atlas, lang):
    return assets.json_block("atlas-points-data", payload(points, atlas, lang))


def side_section(points, atlas, lang):
    """The side panel's block: rows in = joined + rejected (with reasons), then points per
    park for the current filter (filled here for no filter; points.js keeps it current)."""
    t = WORDS[lang]
    c = points.result.counts
    esc = html.escape
    by_park = points.counts_by_park()
    rows = []
    for r in atlas.parks.itertuples():
        name = r.short_name_zh if lang == "zh" else r.short_name_en
        rows.append((r.id, name, by_park.get(r.id, 0)))
    rows.append(("", t["outside"], by_park.get("", 0)))
    body = "".join(
        f'<tr data-atlas-points-park="{esc(pid)}"><td>{esc(name)}</td>'
        f'<td class="atlas-num" data-atlas-points-n="{n}">{n}</td></tr>' for pid, name, n in rows)
    why = "".join(f"<li>{esc(REASONS[k])}: {n}</li>" for k, n in c["by_reason"].items())
    return (
        '<section id="atlas-points" class="atlas-points">'
        f'<h2>{esc(t["title"])}</h2>'
        f'<p data-atlas-points-totals="{c["rows_in"]},{c["joined"]},{c["rejected"]}">'
        f'{esc(t["totals"].format(**c))}</p>'
        + (f"<ul>{why}</ul>" if why else "")
        + f'<p id="atlas-points-shown" data-atlas-points-shown="{c["joined"]}">'
          f'{esc(t["shown"].format(n=c["joined"]))}</p>'
        f'<table class="atlas-points-table"><thead><tr><th>{esc(t["park"])}</th>'
        f'<th>{esc(t["count"])}</th></tr></thead><tbody>{body}</tbody></table>'
        f'<p class="atlas-note">{esc(t["private"])}</p>'
        f'<p class="atlas-note">{esc(t["no_search"])}</p>'
        "</section>")


def credit(lang):
    return html.escape(WORDS[lang]["credit"].format(version=assets.markercluster_version()))


def into_side(side, points, atlas, lang):
    """The side panel with the points block before the credits and markercluster credited."""
    marker = '<footer class="atlas-credits">'
    if marker not in side:
        raise ValueError("the side panel has no credits footer to put the points before")
    before, footer = side.split(marker, 1)
    if "</ul>" not in footer:
        raise ValueError("the side panel's credits have no list to credit markercluster in")
    footer = footer.replace("</ul>", f"<li>{credit(lang)}</li></ul>", 1)
    return before + side_section(points, atlas, lang) + marker + footer
