"""The atlas's layers as the JSON the web maps draw: geometry, styles, labels, popups.

Everything a reader sees is prepared here in one language, as plain text; the
page script sets it with ``textContent``. Coordinates stay WGS84 (6 decimals)
and carry their GCJ-02 offsets for the Gaode basemap.
"""

import contextlib
import contextvars
import math
import os
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

import numpy as np
import shapely

from atlas.model import crs as gcj02

from atlas.model import measure

from atlas.core import settings

from atlas.maps import rules, style
from atlas.maps.words import (CENTRE_KINDS, CONTEXT, ZONE_BASES)
from atlas.maps.words import (CARRIER_ROLES, CORRIDOR_KINDS, FIELDS, GEOCODE, MATCH, PLACES,
                              PLATFORM_KINDS, TEXT, ZONE_TYPES, cluster_name, count,
                              source_name, target_label, total_label, words)
from atlas.maps.words import BENCH, QUALIFIERS, TOTAL, qualifier
from atlas.core.builddate import build_day
from atlas.core.version import VERSION
from atlas.model import query
from atlas.model import tags as tags_mod
from atlas.model.sector import normalize

def pick(row, field, lang):
    """``field_zh`` or ``field_en`` of a row (the Chinese one when English is empty)."""
    en = _text(row.get(f"{field}_en"))
    zh = _text(row.get(f"{field}_zh"))
    return (en or zh) if lang == "en" else (zh or en)


def _text(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def number(value):
    """A cell as a float, or None when empty / NaN."""
    if value is None:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def fmt_num(value, digits=2):
    """12.3456 -> '12.35'; 1500.0 -> '1,500'."""
    if value is None:
        return ""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".")


# --- geometry ---------------------------------------------------------------------------

#: work that depends only on a geometry (its coordinates, offsets, label point, band), done
#: once for both languages of a page and for every page showing it. Shapely geometries are
#: immutable, and an entry keeps its geometry alive, so its id cannot be reused meanwhile.
_BY_GEOMETRY = {}
_BY_GEOMETRY_MAX = 20_000


def _by_geometry(kind, geom, args, make):
    key = (kind, id(geom), args)
    hit = _BY_GEOMETRY.get(key)
    if hit is not None and hit[0] is geom:
        return hit[1]
    if len(_BY_GEOMETRY) >= _BY_GEOMETRY_MAX:
        _BY_GEOMETRY.clear()
    value = make()
    _BY_GEOMETRY[key] = (geom, value)
    return value


def _nest(geo, decimals=6):
    """Rounded nested coordinates of a ``__geo_interface__`` dict."""

    def walk(c):
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            return [round(float(c[0]), decimals), round(float(c[1]), decimals)]
        return [walk(x) for x in c]

    return walk(geo["coordinates"])


def encode(geom, decimals=6):
    """({"t": type, "c": coords}, GCJ-02 offsets as ``deltas``) of a shapely geometry
    (shared: never change what it returns)."""
    return _by_geometry("encode", geom, decimals, lambda: _encode(geom, decimals))


def _encode(geom, decimals):
    geo = geom.__geo_interface__
    coords = _nest(geo, decimals)
    rounded = shapely.transform(geom, lambda xy: np.round(xy, decimals))
    return {"t": geo["type"], "c": coords}, deltas(gcj02.offsets_micro(rounded))


def deltas(offsets):
    """Flat (dlon, dlat, …) offsets with each pair after the first stored as its difference
    from the pair before: the offset changes slowly along a shape, so the numbers are short.
    atlas.js (toLatLngs) sums them back."""
    return list(offsets[:2]) + [offsets[i] - offsets[i - 2] for i in range(2, len(offsets))]


def base_decimals(precision_m):
    """Decimals of a degree for a shared base layer: the coarsest step (0.1 m · 10^(6-d))
    still under a tenth of the feature's stated precision; 300 m -> 4 (about 11 m),
    3,000 m -> 3. Unknown precision keeps 6."""
    p = number(precision_m)
    if p is None or p <= 0:
        return 6
    return min(6, max(1, math.ceil(-math.log10(p / 10 / 111_320))))


def _edge_part(geom, top):
    """The polygon's largest part, and the piece of a vertical line through its centre
    that reaches highest (``top``) or lowest; (None, None) if the line misses it."""
    if geom.geom_type == "MultiPolygon":
        geom = max(geom.geoms, key=lambda g: g.area)
    x0, y0, x1, y1 = geom.bounds
    centre = geom.representative_point()
    probe = shapely.LineString([(centre.x, y0 - 1), (centre.x, y1 + 1)]).intersection(geom)
    if probe.is_empty:
        return geom, None
    parts = getattr(probe, "geoms", [probe])
    if top:
        return geom, max(parts, key=lambda g: g.bounds[3])
    return geom, min(parts, key=lambda g: g.bounds[1])


def bottom_point(geom):
    """The point where a label hung below a polygon starts (a point stays itself)."""
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        return rules.symbol_point(geom)
    _, part = _edge_part(geom, top=False)
    if part is None:
        return rules.symbol_point(geom)
    return shapely.Point(round(part.bounds[0], 6), round(part.bounds[1], 6))


def top_point(geom):
    """A point just inside the top of a polygon, above its centre: where a name sits clear of
    what the polygon contains. Falls back to rules.symbol_point."""
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        return rules.symbol_point(geom)
    whole, part = _edge_part(geom, top=True)
    if part is None:
        return rules.symbol_point(geom)
    lo, hi = part.bounds[1], part.bounds[3]
    y = hi - min((hi - lo) * 0.08, (whole.bounds[3] - whole.bounds[1]) * 0.06)
    return shapely.Point(round(part.bounds[0], 6), round(y, 6))


def label(text, geom, fid, direction="center", offset=(0, 0), at=None, rank=None):
    """A permanent label; among overlapping labels of one layer the higher ``rank`` wins."""
    pt = at
    if pt is None:
        pt = _by_geometry("symbol", geom, (), lambda: rules.symbol_point(geom))
    d = _by_geometry("offsets", pt, (), lambda: gcj02.offsets_micro(pt))
    out = {"t": text, "p": [pt.x, pt.y], "d": d, "id": fid}
    if rank is not None:
        out["pr"] = rank
    if direction != "center":
        out["dir"] = direction
    if tuple(offset) != (0, 0):
        out["off"] = list(offset)
    return out


def feature(fid, geom, tip=None, pop=None, lab=None, st=None, decimals=6, precision_m=None):
    g, d = encode(geom, decimals)
    out = {"id": fid, "g": g, "d": d}
    cap = measure.zoom_cap(precision_m, _by_geometry("lat", geom, (), lambda: geom.centroid.y))
    if cap is not None:  # atlas.js adds log2 of the viewport's shorter side
        out["mz"] = round(cap, 3)
    if tip:
        out["tip"] = tip
    if pop:
        out["pop"] = pop
    if lab:
        out["lab"] = lab
    if st:
        out["st"] = st
    return out


def bounds(frames, pad=0.02):
    """[[south, west], [north, east]] around the given GeoDataFrames."""
    boxes = np.array([f.total_bounds for f in frames if len(f)])
    x0, y0 = boxes[:, 0].min(), boxes[:, 1].min()
    x1, y1 = boxes[:, 2].max(), boxes[:, 3].max()
    return [[round(y0 - pad, 5), round(x0 - pad, 5)], [round(y1 + pad, 5), round(x1 + pad, 5)]]


def band(line, km):
    """A belt's axis widened into a band ``km`` either side (measured in UTM), in WGS84."""
    return _by_geometry("band", line, km, lambda: _band(line, km))


def _band(line, km):
    import geopandas as gpd

    series = gpd.GeoSeries([line], crs="EPSG:4326").to_crs(settings.projected_crs)
    widened = series.buffer(km * 1000, cap_style="round", join_style="round").simplify(50)
    return widened.to_crs("EPSG:4326").iloc[0]


# --- popups -----------------------------------------------------------------------------


def sources(row, lang="zh"):
    """Each quote with its source named as a planner would: the plan's short title and
    locator (words.source_name), never a file name or a column name."""
    return [{"cite": source_name(str(s.get("file", "")), str(s.get("locator", "")), lang),
             "quote": str(s.get("quote", ""))}
            for s in row.get("sources") or []]


def drawn_from(row, lang):
    """What an outline was drawn from: the data's note is English, so the Chinese view
    names the method in Chinese and says where the note is."""
    note = _text(row.get("digitized_from"))
    if lang == "en" or not note:
        return note
    return FIELDS["zh"]["drawn_from_note"].format(
        method=words(GEOCODE, row.get("geocode_method"), "zh"))


def precision_text(row, lang):
    method = words(GEOCODE, row.get("geocode_method"), lang)
    p = number(row.get("precision_m"))
    if p is None:
        return method
    return f"±{fmt_num(p, 0)} m，{method}" if lang == "zh" else f"±{fmt_num(p, 0)} m, {method}"


def popup(title, sub, rows, lists=(), notes=(), row=None, lang="zh"):
    out = {"title": title, "sub": sub, "rows": [[k, v] for k, v in rows if v not in (None, "")]}
    lists = [[k, [str(x) for x in v]] for k, v in lists if v]
    if lists:
        out["lists"] = lists
    notes = [n for n in notes if n]
    if notes:
        out["notes"] = notes
    if row is not None:
        src = sources(row, lang)
        if src:
            out["src"] = src
    return out


def sector_names(keys, taxonomy, lang):
    # in the page's language only
    return ("、" if lang == "zh" else ", ").join(taxonomy.name(k, lang) for k in keys)


def indicative(lang):
    return measure.INDICATIVE_ZH if lang == "zh" else measure.INDICATIVE


def other_tags(row, taxonomy, lang):
    """The park's sectors from an anchor project or another chapter, with that basis:
    '集成电路（重点项目）、元宇宙（他处）'."""
    i = 0 if lang == "zh" else 1
    seen = []
    for t in row.get("tags") or []:
        if t["basis"] in tags_mod.OWN:
            continue
        basis = tags_mod.BASIS[t["basis"]][i]
        name = taxonomy.name(t["sector"], lang)
        where = source_name(t.get("file", ""), t["locator"], lang)
        text = f"{name}（{basis}，{where}）" if i == 0 else f"{name} ({basis}, {where})"
        if text not in seen:
            seen.append(text)
    return ("、" if i == 0 else "; ").join(seen)


def park_popup(row, atlas, lang):
    f = FIELDS[lang]
    tax = atlas.taxonomy
    zh = lang == "zh"
    area = number(row.get("area_km2"))
    mu = number(row.get("area_mu"))
    per_mu = number(row.get("output_per_mu_wan"))
    per_km2 = number(row.get("output_per_km2"))
    if area is None:
        area_text = f["point_no_area"]
    elif zh:
        area_text = f"{fmt_num(area)} km²（约 {fmt_num(mu, 0)} 亩）"
    else:
        area_text = f"{fmt_num(area)} km² (about {fmt_num(mu, 0)} mu)"
    target = number(row.get("output_target_2025"))
    no_area = measure.NO_OFFICIAL_AREA_ZH if zh else measure.NO_OFFICIAL_AREA
    rows = [
        (f["new_city"], row["new_city"] if zh else row["new_city_en"]),
        (f["sectors"], sector_names(row["sectors"], tax, lang)),
        # every cluster the park is in; the one colour and the sector that decides it
        (f["clusters"], ("、" if zh else "; ").join(cluster_name(tax, c, lang)
                                                     for c in row.get("clusters") or [])),
        (f["colour"], f["colour_by"].format(cluster=tax.name(row["cluster"], lang),
                                            sector=tax.name(row["color_sector"], lang))
         if row.get("cluster") and row.get("color_sector") else ""),
        (f["other_tags"], other_tags(row, tax, lang)),
        (f["wording"], "、".join(row.get("sector_wording_zh") or [])),
        (f["target"], target_label(target, row.get("target_qualifier"), lang)),
        (f["target_wording"], _text(row.get("target_wording_zh"))),
        (f["area"], area_text),
        # 亩均 only from an official park area; outlines are schematic
        (f["per_mu"],
         (f"{fmt_num(per_mu, 1)} 万元/亩" if zh else f"{fmt_num(per_mu, 1)} × 10⁴ CNY per mu")
         if per_mu is not None else no_area),
        (f["per_km2"],
         (f"{fmt_num(per_km2)} 亿元/km²" if zh else f"{fmt_num(per_km2)} × 10⁸ CNY per km²")
         if per_km2 is not None else no_area),
        (f["aliases"], "、".join(row.get("aliases_zh") or [])),
        (f["precision"], precision_text(row, lang)),
        (f["drawn_from"], drawn_from(row, lang)),
    ]
    title = row["name_zh"] if zh else row["name_en"]
    sub = row["name_en"] if zh else row["name_zh"]
    notes = [indicative(lang)] if per_mu is not None or area is not None else []
    return popup(title, sub, rows, [(f["anchors"], row.get("anchor_projects_zh") or [])],
                 notes, row=row, lang=lang)


def city_popup(row, atlas, lang):
    f = FIELDS[lang]
    zh = lang == "zh"
    area = number(row.get("area_km2"))
    official = number(row.get("official_area_km2"))
    belts = by_id(atlas.corridors)
    belt = row.get("belt") or ""
    belt_name = pick(belts[belt], "name", lang) if belt in belts else ""
    role = _text(row.get("three_engines_role") if zh else (row.get("three_engines_role_en")
                                                           or row.get("three_engines_role")))
    official_text = ""
    if official is not None:
        official_text = f"{fmt_num(official)} km²"
        if area:
            diff = (area - official) / official * 100
            official_text += (f"（勾绘与之相差 {diff:+.0f}%）" if zh
                              else f" (digitized differs by {diff:+.0f}%)")
        src = _text(row.get("official_area_source"))
        if src:
            official_text += ("；来源：" if zh else "; source: ") + src
    rows = [
        (f["zone_type"], words(ZONE_TYPES, row.get("zone_type"), lang)),
        (f["belt"], belt_name),
        (f["three_engines"], role),
        (f["area"], f"{fmt_num(area)} km²" if area is not None else ""),
        (f["official_area"], official_text),
        (f["precision"], precision_text(row, lang)),
        (f["drawn_from"], drawn_from(row, lang)),
    ]
    lists = [
        (f["business_forms"], row.get("business_forms_zh") or []),
        (f["focus"], row.get("focus_industries_zh") or []),
    ]
    notes = [_text(row.get("positioning_zh"))]
    title = row["name_zh"] if zh else row["name_en"]
    sub = row["name_en"] if zh else row["name_zh"]
    return popup(title, sub, rows, lists, notes, row=row, lang=lang)


def member_names(atlas, members, lang):
    cities = by_id(atlas.new_cities)
    corridors = by_id(atlas.corridors)
    out = []
    for m in members:
        if m in cities:
            out.append(pick(cities[m], "name", lang))
        elif m in corridors:
            out.append(pick(corridors[m], "name", lang))
        else:
            out.append(m)
    return out


def corridor_popup(row, atlas, lang):
    f = FIELDS[lang]
    zh = lang == "zh"
    rows = [
        (f["kind"], words(CORRIDOR_KINDS, row.get("kind"), lang)),
        (f["role"], pick(row, "role", lang)),
        (f["precision"], precision_text(row, lang)),
        (f["drawn_from"], drawn_from(row, lang)),
    ]
    if row.get("kind") == "node" and row.get("belt"):
        belts = by_id(atlas.corridors)
        if row["belt"] in belts:
            rows.insert(1, (f["belt"], pick(belts[row["belt"]], "name", lang)))
    lists = [(f["members"], member_names(atlas, row.get("members") or [], lang))]
    title = row["name_zh"] if zh else row["name_en"]
    sub = row["name_en"] if zh else row["name_zh"]
    return popup(title, sub, rows, lists, row=row, lang=lang)


def platform_popup(row, atlas, lang):
    f = FIELDS[lang]
    zh = lang == "zh"
    rows = [
        (f["kind"], words(PLATFORM_KINDS, row.get("kind"), lang)),
        (f["new_city"], row["new_city"] if zh else row["new_city_en"]),
        (f["role"], pick(row, "role", lang)),
        (f["precision"], precision_text(row, lang)),
        (f["drawn_from"], drawn_from(row, lang)),
    ]
    title = row["name_zh"] if zh else row["name_en"]
    sub = row["name_en"] if zh else row["name_zh"]
    return popup(title, sub, rows, row=row, lang=lang)


# --- layers -----------------------------------------------------------------------------


#: which labels win when two would overlap (higher first)
LABEL_PRIORITY = {
    "atlas-label-target": 6, "atlas-label-park": 5, "atlas-label-node": 4, "atlas-label-city": 3,
    "atlas-label-belt": 2, "atlas-label-river": 1, "atlas-label-district": 0,
}


def layer(lid, name, group, features, style_, kind, schema_name=None, legend=None, show=True,
          swatch="fill", swatch_color=None, label_class=None, interactive=True,
          under_tiles=False):
    spec = {
        "id": lid,
        "name": name,
        "group": group,
        "features": features,
        "style": style_,
        "kind": kind,
        "schema": schema_name,
        "show": show,
        "swatch": swatch,
        "swatchColor": swatch_color or style.SWATCH_DEFAULT,
    }
    if legend:
        spec["legend"] = legend
    if label_class:
        spec["labelClass"] = label_class
        spec["labelPriority"] = LABEL_PRIORITY.get(label_class, 0)
    if not interactive:
        spec["interactive"] = False
    if under_tiles:
        spec["underTiles"] = True
    return spec


def _native(value):
    # as DataFrame.to_dict gives them: numpy scalars in object columns become Python's
    if isinstance(value, np.generic) and not isinstance(value, (np.datetime64, np.timedelta64)):
        return value.item()
    return value


#: rows and selections already read, while ``same_data`` holds (None outside it)
_READ = contextvars.ContextVar("atlas_rows_read", default=None)


@contextlib.contextmanager
def same_data():
    """While the data cannot change (the renders of a page, the pages of a build), each frame's
    rows and each layer's selection are read once. Entries keep their frames alive, so an id
    is never reused inside; nested uses share the outermost one."""
    token = _READ.set({}) if _READ.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _READ.reset(token)


def _read_once(key, sources, make):
    read = _READ.get()
    if read is None:
        return make()
    key = key + tuple(id(s) for s in sources)
    if key not in read:
        read[key] = (sources, make())
    return read[key][1]


def records(frame, fields=None):
    """Rows of a (Geo)DataFrame as plain dicts without the geometry, in file order: the same
    values as ``to_dict("records")``, read column by column (per-row pandas calls cost more
    than the page they make). ``fields``: only these columns. Callers read the rows, never
    change them (within ``same_data`` they are shared)."""
    fields = None if fields is None else tuple(fields)
    return list(_read_once(("records", fields), (frame,), lambda: _records(frame, fields)))


def _records(frame, fields):
    cols = [c for c in frame.columns if c != "geometry"] if fields is None else list(fields)
    columns = []
    for c in cols:
        column = frame[c]
        values = column.tolist()
        if column.dtype == object:
            values = [_native(v) for v in values]
        columns.append(values)
    return [dict(zip(cols, vals)) for vals in zip(*columns)] if cols else [{} for _ in range(len(frame))]


def by_id(frame, fields=("name_zh", "name_en")):
    """{id: row} of a frame, ``fields`` of each row only (a dict look-up per member or park
    instead of ``set_index`` + ``.loc``)."""
    fields = ("id",) + tuple(fields)
    return _read_once(("by_id", fields), (frame,),
                      lambda: {r["id"]: r for r in records(frame, fields)})


def rows_of(frame):
    """Rows of a GeoDataFrame as (dict, geometry) pairs, in file order."""
    return list(zip(records(frame), list(frame.geometry)))


def _entries(spec, lang, **extra):
    """The spec's fixed legend entries as payload items."""
    out = []
    for entry in spec.legend:
        item = {"k": entry.symbol, "c": rules.color(entry.color), "l": entry.words(lang)}
        if entry.edge:
            item["e"] = rules.color(entry.edge)
        item.update(extra)
        out.append(item)
    return out


#: where a label sits on the web for each LabelRule.anchor: (direction, anchor point)
_ANCHORS = {
    "centre": ("center", rules.symbol_point),
    "top": ("bottom", top_point),  # hangs below a point just inside the top of the shape
    "bottom": ("bottom", bottom_point),  # hangs below the shape
    "right": ("right", rules.symbol_point),
    "symbol": ("right", rules.symbol_point),  # beside the graduated symbol
}


def _label(spec, text, geom, fid, offset=(0, 0), rank=None):
    """The label a layer's label rule asks for on the web, or None."""
    if not spec.labelled_on("web"):
        return None
    direction, anchor = _ANCHORS[spec.label.anchor]
    at = _by_geometry("anchor", geom, spec.label.anchor, lambda: anchor(geom))
    return label(text, geom, fid, direction, offset, at=at, rank=rank)


def _legend(spec, lang, items):
    legend = {"title": spec.name(lang), "items": items}
    if spec.note:
        legend["note"] = spec.note(lang)
    return legend


def _districts(atlas, spec, frame, lang):
    feats = []
    for row, geom in rows_of(frame):
        name = pick(row, "name", lang)
        city = pick(row, "city", lang)
        tip = f"{name}（{city}）" if lang == "zh" and city else (f"{name} ({city})" if city else name)
        feats.append(feature(row["id"], geom, tip=tip, lab=_label(spec, name, geom, row["id"]),
                             decimals=base_decimals(row.get("precision_m"))))
    t = TEXT[lang]
    name = spec.name(lang)
    return layer(
        spec.id, name, spec.group, feats,
        {"color": style.DISTRICT_EDGE, "weight": 1, "fillColor": style.DISTRICT_FILL,
         "fillOpacity": 1, "opacity": 0.9},
        "polygon", spec.data,
        legend=_legend(spec, lang, [{"k": "fill", "c": style.DISTRICT_FILL,
                                     "e": style.DISTRICT_EDGE, "l": t["districts_credit"]}]),
        swatch_color=style.DISTRICT_FILL, label_class="atlas-label-district", under_tiles=True,
    )


def _city_bounds(atlas, spec, frame, lang):
    feats = [feature(row["id"], geom, tip=pick(row, "name", lang),
                     decimals=base_decimals(row.get("precision_m"))) for row, geom in rows_of(frame)]
    return layer(
        spec.id, spec.name(lang), spec.group, feats,
        {"color": style.CITY_EDGE, "weight": 2, "dashArray": "6 4", "fill": False, "opacity": 0.8},
        "line", spec.data, legend=_legend(spec, lang, _entries(spec, lang, w=2, dash=True)),
        swatch="line", swatch_color=style.CITY_EDGE, interactive=False,
    )


def _rivers(atlas, spec, frame, lang):
    feats = []
    for row, geom in rows_of(frame):
        name = pick(row, "name", lang)
        feats.append(feature(row["id"], geom, tip=name, lab=_label(spec, name, geom, row["id"]),
                             decimals=base_decimals(row.get("precision_m"))))
    return layer(
        spec.id, spec.name(lang), spec.group, feats,
        {"color": style.RIVER, "weight": 3, "opacity": 0.9}, "line", spec.data,
        legend=_legend(spec, lang, _entries(spec, lang, w=3)),
        swatch="line", swatch_color=style.RIVER, label_class="atlas-label-river",
    )


def city_total_label(atlas, lang):
    """A new city's name and its parks' total target (the 'total' label rule)."""
    totals = by_id(measure.totals(atlas, "new_city"), ("output_target_2025", "qualifiers"))

    def text(row):
        name = pick(row, "name", lang)
        if row["id"] not in totals:
            return name
        total = number(totals[row["id"]]["output_target_2025"])
        if total is None:
            return name
        # the wordings it adds up go on the map too, not only in the side panel
        return f"{name}\n{total_label(total, totals[row['id']]['qualifiers'], lang)}"

    return text


def _fill_legend(atlas, spec, frame, colors, lang):
    """Legend items that follow the data, by the layer's colour rule."""
    if spec.fill == "own":
        return [{"k": "fill", "c": c, "e": style.NEW_CITY_EDGE, "l": pick(row, "name", lang),
                 **({"dash": True} if row.get("zone_type") == "special_zone" else {})}
                for (row, _), c in zip(rows_of(frame), colors)]
    if spec.fill == "belt_membership":
        return [{"k": "fill", "c": style.belt_color(r["id"]), "e": style.NEW_CITY_EDGE,
                 "l": ("成员新城：" if lang == "zh" else "member new city: ") + pick(r, "name", lang)}
                for r, _ in rows_of(rules.SELECTIONS["belts"](atlas, atlas.corridors))]
    return []


def _new_cities(atlas, spec, frame, lang):
    feats = []
    colors = rules.fills(atlas, spec, frame)
    text_of = None
    if spec.labelled_on("web"):
        text_of = city_total_label(atlas, lang) if spec.label.text == "total" else (
            lambda row: pick(row, "name", lang))
    for (row, geom), color in zip(rows_of(frame), colors):
        name = pick(row, "name", lang)
        st = {"fillColor": color}
        if row.get("zone_type") == "special_zone":
            st["dashArray"] = "5 4"
        text = text_of(row) if text_of else None
        lab = _label(spec, text, geom, row["id"]) if text else None
        feats.append(feature(row["id"], geom, tip=name, pop=city_popup(row, atlas, lang),
                             lab=lab, st=st, decimals=base_decimals(row.get("precision_m")),
                             precision_m=row.get("precision_m")))
    items = _fill_legend(atlas, spec, frame, colors, lang) + _entries(spec, lang)
    return layer(
        spec.id, spec.name(lang), spec.group, feats,
        {"color": style.NEW_CITY_EDGE, "weight": 1.5, "fillOpacity":
         style.NEW_CITY_OPACITY if spec.opacity is None else spec.opacity, "opacity": 0.9},
        "polygon", spec.data, legend=_legend(spec, lang, items),
        swatch_color=style.new_city_color("fengdong"), label_class="atlas-label-city",
    )


def _class_labels(lang):
    """'≤ 100 亿元' …; in English the unit goes in the title: '≤ 100', …, '> 1000'."""
    if lang == "zh":
        return style.target_class_labels(lang)
    return [text.replace(" 100 M CNY", "") for text in style.target_class_labels(lang)]


def _parks(atlas, spec, frame, lang):
    if spec.fill == "target_class":
        return _parks_by_target(atlas, spec, frame, lang)
    feats = []
    clusters = []
    for row, geom in rows_of(frame):
        name = row["short_name_zh"] if lang == "zh" else row["short_name_en"]
        st = {"fillColor": row["color"]}
        if geom.geom_type == "Point":
            st.update({"radius": 8, "color": style.MARKER_EDGE, "weight": 2})
        offset = (0, 10) if geom.geom_type == "Point" else (0, 2)
        lab = _label(spec, name, geom, row["id"], offset)
        feats.append(feature(row["id"], geom, tip=name, pop=park_popup(row, atlas, lang), st=st,
                             lab=lab, precision_m=row.get("precision_m")))
        if row["cluster"] and row["cluster"] not in clusters:
            clusters.append(row["cluster"])
    tax = atlas.taxonomy
    order = [k for k in tax.clusters if k in clusters]
    items = [{"k": "fill", "c": tax.color(k), "e": style.PARK_EDGE,
              "l": cluster_name(tax, k, lang)} for k in order]
    return layer(
        spec.id, spec.name(lang), spec.group, feats,
        {"color": style.PARK_EDGE, "weight": 1.2, "fillOpacity": style.PARK_OPACITY, "opacity": 1},
        "polygon", spec.data, legend=_legend(spec, lang, items),
        swatch_color=tax.color(order[0]) if order else None, label_class="atlas-label-park",
    )


def _park_tip(row, lang):
    name = row["short_name_zh"] if lang == "zh" else row["short_name_en"]
    tlabel = target_label(number(row["output_target_2025"]), row["target_qualifier"], lang)
    return name, tlabel, (f"{name}：{tlabel}" if lang == "zh" else f"{name}: {tlabel}")


def _parks_by_target(atlas, spec, frame, lang):
    """Parks filled by target class (a choropleth)."""
    feats = []
    for (row, geom), color in zip(rows_of(frame), rules.fills(atlas, spec, frame)):
        st = {"fillColor": color}
        if geom.geom_type == "Point":
            st.update({"radius": 6})
        feats.append(feature(row["id"], geom, tip=_park_tip(row, lang)[2],
                             pop=park_popup(row, atlas, lang), st=st,
                             precision_m=row.get("precision_m")))
    labels = _class_labels(lang)
    none_item = {"k": "fill", "c": style.TARGET_NONE, "e": style.PARK_EDGE,
                 "l": target_label(None, None, lang)}
    items = [{"k": "fill", "c": c, "e": style.PARK_EDGE, "l": text}
             for c, text in zip(style.TARGET_COLORS, labels)] + [none_item]
    return layer(
        spec.id, spec.name(lang), spec.group, feats,
        {"color": style.PARK_EDGE, "weight": 1, "fillOpacity": 0.6, "opacity": 0.9}, "polygon",
        spec.data, legend=_legend(spec, lang, items), swatch_color=style.TARGET_COLORS[2])


def _targets(atlas, spec, frame, lang):
    """A graduated symbol per stated target, at the shared symbol point, its qualifier in
    the label."""
    feats = []
    rows = rows_of(frame)
    for i, cls in rules.target_classes(frame):
        row, geom = rows[i]
        name, tlabel, tip = _park_tip(row, lang)
        at = rules.symbol_point(geom)
        radius = style.TARGET_RADII[cls]
        lab = _label(spec, f"{name}\n{tlabel}", geom, row["id"], (radius + 2, 0),
                     rank=number(row["output_target_2025"]))
        feats.append(feature(row["id"], at, tip=tip, pop=park_popup(row, atlas, lang),
                             st={"radius": radius, "fillColor": style.TARGET_COLORS[cls]}, lab=lab))
    items = [{"k": "circle", "c": c, "r": r, "e": style.TARGET_EDGE, "l": text}
             for c, r, text in zip(style.TARGET_COLORS, style.TARGET_RADII, _class_labels(lang))]
    return layer(
        spec.id, spec.name(lang), spec.group, feats,
        {"color": style.TARGET_EDGE, "weight": 1.2, "fillOpacity": 0.85, "opacity": 1}, "point",
        None, legend=_legend(spec, lang, items), swatch="circle",
        swatch_color=style.TARGET_COLORS[3], label_class="atlas-label-target")


def _window(atlas, spec, frame, lang):
    feats = []
    for row, geom in rows_of(frame):
        name = pick(row, "name", lang)
        feats.append(feature(row["id"], geom, tip=name, pop=corridor_popup(row, atlas, lang),
                             lab=_label(spec, name, geom, row["id"])))
    return layer(
        spec.id, spec.name(lang), spec.group, feats,
        {"color": style.WINDOW, "weight": 2.5, "dashArray": "8 6", "fillColor": style.WINDOW,
         "fillOpacity": 0.05, "opacity": 0.9}, "polygon", spec.data,
        legend=_legend(spec, lang, _entries(spec, lang, dash=True, o=0.05)),
        swatch_color=style.WINDOW, label_class="atlas-label-belt")


def _belts(atlas, spec, frame, lang):
    feats, items = [], []
    for (row, geom), color in zip(rows_of(frame), rules.fills(atlas, spec, frame)):
        name = pick(row, "name", lang)
        shape = band(geom, style.BELT_BAND_KM) if geom.geom_type in ("LineString", "MultiLineString") else geom
        lab = _label(spec, name, geom, row["id"])
        feats.append(feature(row["id"], shape, tip=name, pop=corridor_popup(row, atlas, lang),
                             st={"fillColor": color, "color": color}, lab=lab))
        items.append({"k": "band", "c": color, "l": name})
    return layer(
        spec.id, spec.name(lang), spec.group, feats,
        {"weight": 1, "dashArray": "4 4", "fillOpacity": style.BELT_BAND_OPACITY, "opacity": 0.7},
        "polygon", spec.data, legend=_legend(spec, lang, items), swatch="band",
        swatch_color=style.belt_color("sci_tech_belt"), label_class="atlas-label-belt")


def _nodes(atlas, spec, frame, lang):
    zh = lang == "zh"
    feats = []
    for (row, geom), color in zip(rows_of(frame), rules.fills(atlas, spec, frame)):
        name = pick(row, "name", lang)
        lab = _label(spec, name, geom, row["id"], (8, 0))
        feats.append(feature(row["id"], geom, tip=name, pop=corridor_popup(row, atlas, lang),
                             st={"fillColor": color}, lab=lab))
    items = [{"k": "point", "c": style.belt_color(row["id"]), "l": pick(row, "name", lang)}
             for row, _ in rows_of(rules.SELECTIONS["belts"](atlas, atlas.corridors))]
    if (frame["belt"].fillna("") == "").any():
        items.append({"k": "point", "c": style.BELT_DEFAULT,
                      "l": "文中未指明所属示范带" if zh else "belt not stated in the text"})
    return layer(
        spec.id, spec.name(lang), spec.group, feats,
        {"radius": 7, "color": style.MARKER_EDGE, "weight": 2, "fillOpacity": 1}, "point",
        spec.data, legend=_legend(spec, lang, items), swatch="point", swatch_color=style.NODE,
        label_class="atlas-label-node")


def _platforms(atlas, spec, frame, lang):
    feats, kinds = [], []
    for (row, geom), color in zip(rows_of(frame), rules.fills(atlas, spec, frame)):
        name = pick(row, "name", lang)
        feats.append(feature(row["id"], geom, tip=name, pop=platform_popup(row, atlas, lang),
                             st={"fillColor": color}))
        if row.get("kind") not in kinds:
            kinds.append(row.get("kind"))
    order = [k for k in PLATFORM_KINDS if k in kinds] + [k for k in kinds if k not in PLATFORM_KINDS]
    items = [{"k": "point", "c": style.platform_color(k), "l": words(PLATFORM_KINDS, k, lang)}
             for k in order]
    return layer(
        spec.id, spec.name(lang), spec.group, feats,
        {"radius": 5, "color": style.MARKER_EDGE, "weight": 1.5, "fillOpacity": 1}, "point",
        spec.data, legend=_legend(spec, lang, items), swatch="point", swatch_color=style.PLATFORM)


def _core_engines(atlas, spec, frame, lang):
    """The platforms the window's role names, highlighted and labelled with the layer's name."""
    zh = lang == "zh"
    name = spec.name(lang)
    feats = []
    for row, geom in rows_of(frame):
        pname = pick(row, "name", lang)
        lab = _label(spec, f"{pname}（{name}）" if zh else f"{pname} ({name.lower()})", geom,
                     row["id"], (10, 0))
        feats.append(feature(row["id"], geom, tip=pname, pop=platform_popup(row, atlas, lang),
                             lab=lab))
    color = rules.fills(atlas, spec, frame)[0]
    items = [{"k": "point", "c": color, "l": "、".join(pick(r, "name", lang) for r, _ in rows_of(frame))}]
    return layer(
        spec.id, name, spec.group, feats,
        {"radius": 9, "color": style.MARKER_EDGE, "weight": 2.5, "fillColor": color,
         "fillOpacity": 1}, "point", "platforms", legend=_legend(spec, lang, items),
        swatch="point", swatch_color=color, label_class="atlas-label-node")


def carrier_text(row, lang):
    """'name（role）' / 'name (role)' of a carrier."""
    role = words(CARRIER_ROLES, row.get("role"), lang)
    name = pick(row, "name", lang)
    return f"{name}（{role}）" if lang == "zh" else f"{name} ({role})"


def _carriers(atlas, spec, frame, lang):
    """One point per park holding every carrier the plan places in it: the carriers share
    the park block's point, so a point each would hide all but one."""
    zh = lang == "zh"
    w = PLACES[lang]
    f = FIELDS[lang]
    parks = by_id(atlas.parks, ("name_zh", "name_en", "new_city_en"))
    feats = []
    rows = rows_of(frame)
    for pid in dict.fromkeys(r["park"] for r, _ in rows):
        group = [(r, g) for r, g in rows if r["park"] == pid]
        park = parks[pid]
        pname = park["name_zh"] if zh else park["name_en"]
        first = group[0][0]
        precision = w["precision"].format(m=fmt_num(number(first.get("precision_m")), 0))
        title = w["at_park"].format(park=pname, n=len(group))
        pop = popup(title, "", [(f["new_city"], first["new_city_zh"] if zh else
                                 park["new_city_en"]), (f["precision"], precision)],
                    [(w["layer"], [carrier_text(r, lang) for r, _ in group])], lang=lang)
        # one quote often names several carriers: show it once, naming them all
        quotes = {}
        for r, _ in group:
            for s in sources(r, lang):
                q = quotes.setdefault((s["cite"], s["quote"]), [])
                q.append(pick(r, "name", lang))
        quotes = [{"cite": f"{cite} · {('、' if zh else '; ').join(n)}", "quote": q}
                  for (cite, q), n in quotes.items()]
        if quotes:
            pop["src"] = quotes
        feats.append(feature(pid, group[0][1], tip=title, pop=pop,
                             st={"fillColor": style.CARRIER}))
    items = [{"k": "point", "c": style.CARRIER,
              "l": count(spec.name(lang), len(rows), lang)}]
    return layer(
        spec.id, spec.name(lang), spec.group, feats,
        {"radius": 6, "color": style.MARKER_EDGE, "weight": 1.5, "fillOpacity": 1}, "point",
        None, legend=_legend(spec, lang, items), swatch="point", swatch_color=style.CARRIER)


# --- the national and Shanghai maps (issue 14) ----------------------------------------------


def _unit_names(atlas, ids, lang):
    names = {}
    for name in ("context_provinces", "context_prefectures", "shanghai_districts"):
        frame = atlas.layers[name]
        names.update(zip(frame["id"], frame["name_zh" if lang == "zh" else "name_en"]))
    return [names.get(i, i) for i in ids]


def _outline_base(atlas, spec, frame, lang):
    """Provinces or Shanghai's districts: a pale base with names as tooltips, no popup."""
    feats = [feature(row["id"], geom, tip=pick(row, "name", lang),
                     lab=_label(spec, pick(row, "name", lang), geom, row["id"]),
                     decimals=base_decimals(row.get("precision_m")))
             for row, geom in rows_of(frame)]
    items = _entries(spec, lang) or [{"k": "fill", "c": style.PROVINCE_FILL, "e": style.PROVINCE_EDGE,
                                      "l": spec.name(lang)}]
    return layer(
        spec.id, spec.name(lang), spec.group, feats,
        {"color": style.PROVINCE_EDGE, "weight": 0.8, "fillColor": style.PROVINCE_FILL,
         "fillOpacity": 1, "opacity": 0.9},
        "polygon", spec.data, legend=_legend(spec, lang, items), swatch_color=style.PROVINCE_FILL,
        label_class="atlas-label-district", under_tiles=True)


def zone_popup(row, atlas, lang):
    c = CONTEXT[lang]
    zh = lang == "zh"
    rows = [(c["coverage"], row["coverage_zh"]), (c["approved"], row["approved"]),
            (c["basis"], words(ZONE_BASES, row["members_basis"], lang)),
            (c["positioning"], row["positioning_zh"]), (c["tasks"], row["tasks_zh"])]
    lists = [(c["drawn_as"], _unit_names(atlas, row["members"], lang))]
    note = _text(row.get("members_note_zh") if zh else row.get("members_note_en"))
    return popup(row["name_zh"] if zh else row["name_en"], row["name_en"] if zh else row["name_zh"],
                 rows, lists, [note], row=row, lang=lang)


def _zone_areas(atlas, spec, frame, lang):
    feats = []
    for (row, geom), color in zip(rows_of(frame), rules.fills(atlas, spec, frame)):
        name = pick(row, "name", lang)
        feats.append(feature(row["id"], geom, tip=f"{name} · {row['approved']}",
                             pop=zone_popup(row, atlas, lang), st={"fillColor": color},
                             decimals=base_decimals(row.get("precision_m"))))
    present = [b for b in ZONE_BASES if b in set(frame["members_basis"])]
    items = [{"k": "fill", "c": style.ZONE_BASIS_COLORS[b], "e": style.PROVINCE_EDGE,
              "l": count(words(ZONE_BASES, b, lang), int((frame["members_basis"] == b).sum()), lang)}
             for b in present]
    return layer(
        spec.id, spec.name(lang), spec.group, feats,
        {"color": style.PROVINCE_EDGE, "weight": 1, "fillOpacity": 0.6, "opacity": 1}, "polygon",
        spec.data, legend=_legend(spec, lang, items), swatch_color=style.ZONE_BASIS_COLORS["quote"])


def centre_popup(row, atlas, lang):
    c = CONTEXT[lang]
    zh = lang == "zh"

    def cell(col):
        if row.get(col):
            return row[col]
        return c["not_stated"] if col in (row.get("not_stated") or []) else c["blank"]

    rows = [(c["kind"], words(CENTRE_KINDS, row["kind"], lang)),
            (c["coverage"], _text(row.get("coverage_zh")))]
    if row["kind"] != "argued":
        rows += [(c["proposed"], cell("proposed_zh")), (c["aims"], cell("positioning_zh")),
                 (c["tasks"], cell("tasks_zh"))]
    else:
        rows.append((c["aims"], row["positioning_zh"]))
    lists = [(c["drawn_as"], _unit_names(atlas, row["members"], lang))]
    note = _text(row.get("note_zh") if zh else row.get("note_en"))
    return popup(row["name_zh"] if zh else row["name_en"], row["name_en"] if zh else row["name_zh"],
                 rows, lists, [note], row=row, lang=lang)


def _centre_areas(atlas, spec, frame, lang):
    feats = []
    for (row, geom), color in zip(rows_of(frame), rules.fills(atlas, spec, frame)):
        weight = 3.5 if row["kind"] == "argued" else 2
        feats.append(feature(row["id"], geom, tip=pick(row, "name", lang),
                             pop=centre_popup(row, atlas, lang),
                             lab=_label(spec, pick(row, "name", lang), geom, row["id"]),
                             st={"color": color, "weight": weight},
                             decimals=base_decimals(row.get("precision_m"))))
    present = [k for k in CENTRE_KINDS if k in set(frame["kind"])]
    items = [{"k": "line", "c": style.CENTRE_COLORS[k], "w": 2,
              "l": count(words(CENTRE_KINDS, k, lang), int((frame["kind"] == k).sum()), lang)}
             for k in present]
    return layer(
        spec.id, spec.name(lang), spec.group, feats,
        {"fill": False, "weight": 2, "dashArray": "6 3", "opacity": 1}, "polygon", spec.data,
        legend=_legend(spec, lang, items), swatch="line",
        swatch_color=style.CENTRE_COLORS["argued"])


def shanghai_place_popup(row, atlas, lang):
    c = CONTEXT[lang]
    zh = lang == "zh"
    district = (_unit_names(atlas, [row["district"]], lang)[0] if row.get("district")
                else c["no_district"])
    rows = [(c["role"], row["role_zh"] if zh else row["role_en"]), (c["district"], district),
            (c["precision"], precision_text(row, lang))]
    bench = atlas.shanghai_benchmark
    figures = [r["figure_zh"] for _, r in bench[bench["place"] == row["id"]].iterrows()]
    return popup(row["name_zh"] if zh else row["name_en"], row["name_en"] if zh else row["name_zh"],
                 rows, [(c["figures"], figures)], [_text(row.get("digitized_from"))], row=row,
                 lang=lang)


def _shanghai_places(atlas, spec, frame, lang):
    feats = [feature(row["id"], geom, tip=pick(row, "name", lang),
                     pop=shanghai_place_popup(row, atlas, lang),
                     lab=_label(spec, pick(row, "name", lang), geom, row["id"], (10, 0)),
                     st={"fillColor": style.SHANGHAI_PLACE})
             for row, geom in rows_of(frame)]
    items = [{"k": "point", "c": style.SHANGHAI_PLACE, "l": count(spec.name(lang), len(feats), lang)}]
    return layer(
        spec.id, spec.name(lang), spec.group, feats,
        {"radius": 8, "color": style.MARKER_EDGE, "weight": 2, "fillOpacity": 1}, "point", spec.data,
        legend=_legend(spec, lang, items), swatch="point", swatch_color=style.SHANGHAI_PLACE,
        label_class="atlas-label-node")


#: how each (data layer, symbol, selection) of a map spec is drawn on the web
BUILDERS = {
    ("context_provinces", "fill", ""): _outline_base,
    ("shanghai_districts", "fill", ""): _outline_base,
    ("zone_areas", "fill", ""): _zone_areas,
    ("context_prefectures", "outline", ""): _city_bounds,
    ("centre_areas", "outline", ""): _centre_areas,
    ("shanghai_places", "marker", ""): _shanghai_places,
    ("context_districts", "fill", ""): _districts,
    ("context_cities", "outline", ""): _city_bounds,
    ("rivers", "line", ""): _rivers,
    ("new_cities", "fill", ""): _new_cities,
    ("parks", "fill", ""): _parks,
    ("parks", "graduated", ""): _targets,
    ("corridors", "outline", "window"): _window,
    ("corridors", "band", "belts"): _belts,
    ("corridors", "marker", "nodes"): _nodes,
    ("platforms", "marker", ""): _platforms,
    ("platforms", "marker", "core_engines"): _core_engines,
    ("carriers", "marker", "located"): _carriers,
}


def build_layer(atlas, spec, lang, frame=None):
    """One layer of a map spec as payload; ``frame`` replaces its data layer (filtered parks).
    None when the selection is empty (a map draws no empty highlight)."""
    rows = _read_once(("select",), (atlas, spec, frame), lambda: rules.select(atlas, spec, frame))
    if spec.select and not len(rows):
        return None
    return BUILDERS[spec.data, spec.symbol, spec.select](atlas, spec, rows, lang)


# --- basemaps ---------------------------------------------------------------------------

BASEMAP_IDS = ("none", "osm", "positron", "gaode", "tianditu")


def basemaps(lang):
    """The switchable basemaps; Tianditu only when ``TIANDITU_KEY`` is set."""
    zh = lang == "zh"
    out = [
        {"id": "none", "name": "无（离线，默认）" if zh else "None (offline, default)"},
        {"id": "osm", "name": "OpenStreetMap", "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
         "attr": "© OpenStreetMap contributors", "sub": "abc", "maxZoom": 19},
        {"id": "positron", "name": "CartoDB Positron",
         "url": "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
         "attr": "© OpenStreetMap contributors © CARTO", "sub": "abcd", "maxZoom": 19},
        {"id": "gaode", "name": "高德地图（GCJ-02）" if zh else "Gaode / AMap (GCJ-02)",
         "url": "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
         "attr": "© 高德地图 AutoNavi", "sub": "1234", "maxZoom": 18, "gcj": True},
    ]
    key = os.environ.get("TIANDITU_KEY", "").strip()
    if key:
        tk = quote(key, safe="")
        wmts = ("https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
                "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}"
                "&TILEROW={y}&TILECOL={x}&tk=" + tk)
        out.append({"id": "tianditu", "name": "天地图" if zh else "Tianditu",
                    "url": wmts.replace("{layer}", "vec"), "overlay": wmts.replace("{layer}", "cva"),
                    "attr": "© 天地图 Tianditu", "sub": "01234567", "maxZoom": 18})
    return out


def check_basemap(name, lang="zh"):
    ids = [b["id"] for b in basemaps(lang)]
    if name not in ids:
        if name == "tianditu":
            raise ValueError("the Tianditu basemap needs a key: set the TIANDITU_KEY environment variable")
        raise ValueError(f"unknown basemap '{name}'; choose one of {', '.join(ids)}")
    return name


# --- the parks page's filter data ---------------------------------------------------------


@lru_cache(maxsize=1)
def fold_table():
    """Characters whose Python casefold differs from their lowercase (JS has no casefold).

    Only characters that NFKC leaves alone matter: normalize() applies NFKC first.
    """
    table = {}
    for cp in range(0x20000):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        low = ch.lower()
        folded = ch.casefold()
        if folded != low and unicodedata.normalize("NFKC", ch) == ch:
            table[ch] = folded
    return table


def taxonomy_index(taxonomy):
    """{normalized name: sorted keys} and {cluster: members}: Taxonomy.resolve's data. The
    page gets the members only: it inverts sector_index's ``own`` and ``syn`` into the
    names (the same names, already on the page)."""
    names = {}
    for key in taxonomy:
        row = taxonomy.row(key)
        for name in [row["key"], row["name_zh"], row["name_en"], *row.get("synonyms", [])]:
            names.setdefault(normalize(name), set()).add(key)
    members = {k: taxonomy.members(k) for k in taxonomy.clusters}
    return {"names": {n: sorted(k) for n, k in sorted(names.items())}, "members": members}


def city_index(atlas):
    out = {}
    for row in atlas.new_cities.itertuples():
        for n in (row.id, row.name_zh, row.name_en, row.short_zh, row.short_en):
            if n:
                out.setdefault(normalize(n), row.id)
    return out


def belt_index(atlas):
    """Belt names as atlas.model.query matches them (秦创原 and 业 dropped), to belt id."""
    out = {}
    belts = atlas.corridors[atlas.corridors["kind"] == "belt"]
    for row in belts.itertuples():
        for n in sorted({query.belt_key(n) for n in (row.id, row.name_zh, row.name_en)}):
            out.setdefault(n, row.id)
    return out


def sector_index(taxonomy, lang):
    """What atlas.model.tags.reasons reads of each sector: its normalized own names (a
    ``direct`` match), its normalized synonyms, its cluster, and its name to show."""
    out = {}
    for key in taxonomy:
        row = taxonomy.row(key)
        out[key] = {
            "own": sorted({normalize(n) for n in (key, row["name_zh"], row["name_en"])}),
            "syn": sorted({normalize(n) for n in row.get("synonyms", [])}),
            "cluster": taxonomy.cluster_of(key),
            "name": taxonomy.name(key, lang),
        }
    return out


def match_words(lang):
    """The words of a match reason on the parks page (atlas.model.tags.HOW and BASIS)."""
    i = 0 if lang == "zh" else 1
    return {"how": {k: v[i] for k, v in tags_mod.HOW.items()},
            "basis": {k: v[i] for k, v in tags_mod.BASIS.items()},
            "order": list(tags_mod.BASES), **MATCH[lang]}


#: fields whose quote says where a park's 2025 target comes from
_TARGET_FIELDS = ("output_target_2025", "target_wording_zh", "target_qualifier")


def target_source(atlas, row):
    """《plan title》locator「quote」 of the quote stating a park's 2025 target ('' if none)."""
    titles = {}
    if "file" in atlas.manifest and "title" in atlas.manifest:
        titles = dict(zip(atlas.manifest["file"], atlas.manifest["title"].fillna("")))
    found = [s for s in row.get("sources") or [] if s.get("field") in _TARGET_FIELDS]
    out = []
    for s in found:
        title = titles.get(s.get("file"), "")
        text = (f"《{title}》" if title else "") + f"{s.get('locator', '')}「{s.get('quote', '')}」"
        if text not in out:
            out.append(text)
    return " | ".join(out)


def take_away_row(atlas, row, lang):
    """A park's row in the page's CSV and GeoJSON downloads and its printed table, in the
    order of BENCH columns: name, new city, sectors, target, qualifier, wording, source."""
    zh = lang == "zh"
    value = number(row["output_target_2025"])
    return [row["short_name_zh"] if zh else row["short_name_en"],
            row["new_city"] if zh else row["new_city_en"],
            ("、" if zh else ", ").join(row["sectors_zh"] if zh else row["sectors_en"]),
            value, qualifier(row["target_qualifier"], lang), row.get("target_wording_zh") or "",
            target_source(atlas, row)]


def _compact(field):
    """A search field without its kind: the text alone when it is shown as normalized."""
    _, norm, shown = field
    return norm if norm == shown else [norm, shown]


def search_groups(row, taxonomy, keys):
    """A park's query.search_fields, compact: ``[[kind, entry, …], …]`` in search order, an
    entry being the text (shown as normalized) or ``[normalized, shown]``; the "sector"
    group lists sector keys, whose fields the page holds once (``sector_search``). Keys not
    yet in ``keys`` are added to it."""
    before, sector_keys, after = query.search_parts(row, taxonomy)
    out = []
    for part in (before, None, after):
        if part is None:
            if sector_keys:
                out.append(["sector", *sector_keys])
            keys.extend(k for k in sector_keys if k not in keys)
            continue
        for field in part:
            if not out or out[-1][0] != field[0]:
                out.append([field[0]])
            out[-1].append(_compact(field))
    return out


def sector_search(key, taxonomy, lang):
    """``[shown, normalized, …]`` of a sector's search fields (query.sector_search_fields):
    shown once, and a normalized text only at its first place (a later equal one would
    never be the first field holding a term)."""
    fields = query.sector_search_fields(key, taxonomy, lang)
    shown = {f[2] for f in fields}
    if len(shown) > 1:  # the page shows one name per sector
        raise ValueError(f"sector {key}: search fields shown as {sorted(shown)}")
    norms = []
    for f in fields:
        if f[1] not in norms:
            norms.append(f[1])
    return [fields[0][2] if fields else "", *norms]


def parks_filter_data(atlas, parks, total, lang="zh", term=None, base=None):
    """The parks page's filter data: each park's tags (sector, basis, locator, quote) and the
    taxonomy, so that the page script matches and explains as atlas.model.query does.
    ``term``: the sector or cluster a filtered map (`atlas map`) was made for; ``base``: all
    of its filters, which the page's `atlas figure` command keeps."""
    items, keys = [], []
    for row in records(parks):
        tags = [[t["sector"], t["basis"], source_name(t.get("file", ""), t["locator"], lang)
                 if t["locator"] else "", t["quote"]] for t in row["tags"]]
        items.append({"id": row["id"], "sectors": list(row["sectors"]),
                      "tagged": sorted(row["tagged_sectors"]), "tags": tags,
                      "city": row["new_city_id"], "belt": row["belt"] or "",
                      "find": search_groups(row, atlas.taxonomy, keys),
                      "q": row["target_qualifier"] or "",
                      "label": target_label(number(row["output_target_2025"]),
                                            row["target_qualifier"], lang),
                      "row": take_away_row(atlas, row, lang)})
    return {
        "layer": "parks",
        "total": total,
        "items": items,
        "tax": {"members": taxonomy_index(atlas.taxonomy)["members"]},
        "sectors": sector_index(atlas.taxonomy, lang),
        "findSectors": {key: sector_search(key, atlas.taxonomy, lang) for key in keys},
        "term": term or "",
        "why": match_words(lang),
        "cities": city_index(atlas),
        "belts": belt_index(atlas),
        "fold": fold_table(),
        "w": BENCH[lang],
        "tw": TOTAL[lang],
        "qual": {k: qualifier(k, lang) for k in QUALIFIERS},
        "version": VERSION,
        "built": build_day(),  # printed under the table (a key input of the page: build.py)
        "base": dict(base or {}),
    }


_TAG = re.compile(r"<[^>]*>")


def plain(text):
    """Text for a <title>: tags dropped (it is escaped as well)."""
    return _TAG.sub("", str(text))
