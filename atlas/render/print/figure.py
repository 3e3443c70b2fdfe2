"""Static, print-quality figures of the atlas maps (PNG, SVG, PDF).

Each figure draws the layers its map spec (atlas.maps.catalog) declares, with
geopandas/matplotlib in the projected CRS, styled from atlas.maps.style (the
one colour table), with a title, legend, scale bar, north arrow, inset locator,
non-colliding labels and a credit line. It never asks which map it draws: each
layer's symbol says how to draw it. Chinese text uses a real CJK font
(atlas.render.fonts) or fails clearly.

Importing this module does not switch matplotlib's backend: figures are made
with matplotlib.figure.Figure and an Agg canvas, whatever the caller uses.
"""

import dataclasses
import math
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import matplotlib as mpl
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from atlas.core import settings
from atlas.maps import catalog, rules, style
from atlas.maps.spec import MapSpec
from atlas.maps.words import PLATFORM_KINDS, PRINT, TEXT, ZONE_BASES, count, main_source, source_title, target_label, total_label, words
from atlas.model import measure, query
from atlas.render import fonts
from atlas.render.print import cartography

FORMATS = ("png", "svg", "pdf")
SIZES = {"a4": (210.0, 297.0), "a4-landscape": (297.0, 210.0)}
LANGS = ("zh", "en")
MM = 1 / 25.4  # inches per millimetre


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
    symbols: dict = field(default_factory=dict)  # park id -> (x, y) of its graduated symbol
    chars: str = ""  # every character the atlas may print: the PDF font subset (fonts.pdf_text)


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


def check_dpi(dpi, size_mm):
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


def _spec(map_name):
    """The map spec to draw: a MapSpec, or the name of one in the catalog."""
    if isinstance(map_name, MapSpec):
        return map_name
    return catalog.get(map_name)  # raises ValueError naming the maps


def check_options(map_name, lang):
    """ValueError for an unknown map or language."""
    _spec(map_name)
    _check_lang(lang)


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

_FILTERS = ("sector", "cluster", "new_city", "belt")


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


def credit_text(atlas, lang, spec=None):
    """The figure's credit line: what ``spec.credit`` declares, else the plan and the
    Xixian district outlines."""
    w = PRINT[lang]
    credit = spec.credit if spec is not None else None
    if credit is not None:
        titles = [source_title(f, lang) for f in credit.sources]
        if lang == "zh":
            return (f"{w['sources']}：{'、'.join(titles)}；{credit.outlines(lang)}。"
                    f"{credit.made(lang)}。{w['projection']}")
        return (f"{w['sources']}: {'; '.join(titles)}; {credit.outlines(lang)}. "
                f"{credit.made(lang)}. {w['projection']}")
    title, publisher, date = main_source(atlas)
    title = title.strip("《》")
    if lang == "zh":
        who = "，".join(x for x in (publisher, date) if x)
        return (f"{w['sources']}：《{title}》" + (f"（{who}）" if who else "") + w["credit_tail"]
                + w["projection"])
    who = ", ".join(x for x in (publisher, date) if x)
    return (f"{w['sources']}: 《{title}》" + (f" ({who})" if who else "") + w["credit_tail"]
            + w["projection"])


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


def _filter_line(given, parks, lang):
    w = PRINT[lang]
    n = len(parks)
    if not given:
        return w["all_parks"].format(n=n)
    what = w["filter_sep"].join(w["filter_item"].format(key=w[k], value=v)
                                for k, v in given.items())
    return w["filter"].format(what=what, n=n, s="s" if n != 1 else "")


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




def _free_corner(geoms, boxes, corners):
    """The first corner whose box no feature crosses (else the least crowded)."""
    scores = []
    for box, corner in zip(boxes, corners):
        area = shapely.box(*box)
        scores.append(sum(1 for g in geoms if g.intersects(area)))
    return corners[scores.index(min(scores))]


# --- drawing: one function per symbol of a layer spec ---------------------------------------


@dataclass
class _Sheet:
    """What the drawing steps share: the axes, the data (WGS84 and projected), what was drawn."""

    atlas: object
    spec: object
    lang: str
    ax: object
    wgs: dict  # data layer -> GeoDataFrame (parks: the selection)
    proj: dict  # the same, projected
    drawn: dict = field(default_factory=dict)  # data layer -> features drawn
    busy: list = field(default_factory=list)  # geometries the furniture should not cover
    avoid: list = field(default_factory=list)  # (geometry, key) labels should not cover
    symbols: dict = field(default_factory=dict)  # park id -> projected symbol point
    symbol_sizes: dict = field(default_factory=dict)  # park id -> marker area (pt²)
    totals: dict = field(default_factory=dict)  # new city id -> total 2025 target
    width_pt: float = 1.0  # width of the map panel in points

    def rows(self, layer):
        """The layer's selected rows, projected, with their fill colours in ``fill_color``."""
        frame = rules.select(self.atlas, layer, self.proj[layer.data])
        if layer.fill and len(frame):
            frame = frame.assign(fill_color=rules.fills(self.atlas, layer, frame))
        elif layer.fill:  # nothing to draw (a data folder without zones): an empty column
            frame = frame.assign(fill_color=[])
        self.drawn[layer.data] = self.drawn.get(layer.data, 0) + len(frame)
        return frame


def _draw_fill(sheet, layer):
    frame = sheet.rows(layer)
    if layer.data == "context_districts":  # the base: dashed outlines under everything
        _plot(frame, sheet.ax, "districts", facecolor=list(frame["fill_color"]),
              edgecolor=style.DISTRICT_EDGE, linewidth=0.5, linestyle=(0, (4, 2)), zorder=1)
        return
    if layer.data == "new_cities":
        opacity = style.NEW_CITY_OPACITY if layer.opacity is None else layer.opacity
        special = frame["zone_type"] == "special_zone"  # dashed, as on the web maps
        for subset, gid, dash in ((frame[~special], "new-cities", "solid"),
                                  (frame[special], "special-zone", (0, (4, 3)))):
            _plot(subset, sheet.ax, gid, facecolor=[to_rgba(c, opacity) for c in subset["fill_color"]],
                  edgecolor=style.NEW_CITY_EDGE, linewidth=0.9, linestyle=dash, zorder=3)
        return
    # parks: polygons filled, points as dots; they are what the labels and furniture avoid
    opacity = style.PARK_OPACITY if layer.opacity is None else layer.opacity
    polys, points = _split(frame)
    _plot(polys, sheet.ax, layer.data, facecolor=[to_rgba(c, opacity) for c in polys["fill_color"]],
          edgecolor=style.PARK_EDGE, linewidth=0.6, zorder=6)
    _plot(points, sheet.ax, f"{layer.data}-points", color=list(points["fill_color"]), marker="o",
          markersize=42, edgecolor=style.PARK_EDGE, linewidth=0.6, zorder=7)
    sheet.busy += list(frame.geometry)
    sheet.avoid += [(g, f"park:{i}") for g, i in zip(frame.geometry, frame["id"])]


def _draw_line(sheet, layer):
    frame = sheet.rows(layer)
    _plot(frame, sheet.ax, layer.id, color=list(frame["fill_color"]), linewidth=1.3, zorder=2)


def _draw_outline(sheet, layer):
    frame = sheet.rows(layer)
    _plot(frame, sheet.ax, layer.select or layer.id, facecolor="none",
          edgecolor=list(frame["fill_color"]), linewidth=1.2, linestyle=(0, (5, 2)), zorder=4)


def _draw_band(sheet, layer):
    frame = sheet.rows(layer)
    for row in frame.itertuples():
        one = frame[frame["id"] == row.id]
        color = row.fill_color
        if row.geometry.geom_type in ("Polygon", "MultiPolygon"):
            _plot(one, sheet.ax, f"belt-{row.id}", facecolor=to_rgba(color, 0.15),
                  edgecolor=color, linewidth=2.0, zorder=5)
            continue
        # as on the web map: a band either side of the axis, and the axis itself
        band = one.assign(geometry=one.geometry.buffer(style.BELT_BAND_KM * 1000))
        _plot(band, sheet.ax, f"belt-band-{row.id}",
              facecolor=to_rgba(color, style.BELT_BAND_OPACITY), edgecolor="none", zorder=4.5)
        _plot(one, sheet.ax, f"belt-{row.id}", color=color, linewidth=2.2, alpha=0.9, zorder=5,
              capstyle="round")
        sheet.busy.append(row.geometry)


def _draw_marker(sheet, layer):
    frame = sheet.rows(layer)
    if "kind" in frame and layer.fill == "platform_kind":  # one marker shape per kind
        groups = [(k, frame[frame["kind"] == k]) for k in style.PLATFORM_MARKER]
        groups.append(("other", frame[~frame["kind"].isin(list(style.PLATFORM_MARKER))]))
        for kind, subset in groups:
            _plot(subset, sheet.ax, f"{layer.id}-{kind}", color=list(subset["fill_color"]),
                  marker=style.PLATFORM_MARKER.get(kind, "o"), markersize=34,
                  edgecolor=style.MARKER_EDGE, linewidth=0.5, zorder=8)
    else:
        _plot(frame, sheet.ax, layer.select or layer.id, color=list(frame["fill_color"]), marker="D",
              markersize=30, edgecolor=style.MARKER_EDGE, linewidth=0.6, zorder=8)
    sheet.busy += list(frame.geometry)
    sheet.avoid += [(g, f"{_label_kind(layer)}:{i}") for g, i in zip(frame.geometry, frame["id"])]


def _symbol_size(cls):
    """Marker area (pt²) of a target class: style.TARGET_RADII are web pixels (1 px = 0.75 pt)."""
    return (2 * style.TARGET_RADII[cls] * 0.75 * 0.5) ** 2


def _draw_graduated(sheet, layer):
    """A symbol per stated target, sized by class, at the point the web map uses."""
    wgs = rules.select(sheet.atlas, layer, sheet.wgs[layer.data])
    stated = rules.target_classes(wgs)
    if not stated:
        return
    rows = wgs.iloc[[i for i, _ in stated]]
    points = gpd.GeoSeries([rules.symbol_point(g) for g in rows.geometry], crs=wgs.crs)
    at = gpd.GeoDataFrame({"id": list(rows["id"])}, geometry=list(
        points.to_crs(settings.projected_crs)), crs=settings.projected_crs)
    classes = [cls for _, cls in stated]
    _plot(at, sheet.ax, "target-symbols", color=[style.TARGET_COLORS[c] for c in classes],
          markersize=[_symbol_size(c) for c in classes], edgecolor=style.TARGET_EDGE,
          linewidth=0.6, zorder=7.5)
    for pid, point, cls in zip(at["id"], at.geometry, classes):
        sheet.symbols[pid] = point
        sheet.symbol_sizes[pid] = _symbol_size(cls)


#: how each symbol of a layer spec is drawn in print
DRAW = {
    "fill": _draw_fill,
    "line": _draw_line,
    "outline": _draw_outline,
    "band": _draw_band,
    "marker": _draw_marker,
    "graduated": _draw_graduated,
}


# --- labels: what each layer's label rule asks for ------------------------------------------

#: the LabelItem kind of a layer: how cartography.LabelPlacer treats its labels
_KINDS = {"window": "window", "belts": "belt", "nodes": "node"}


_PRIORITY = {"park": 0, "city": 1, "river": 3}


def _label_kind(layer):
    if layer.select in _KINDS:
        return _KINDS[layer.select]
    return {"parks": "park", "new_cities": "city", "rivers": "river"}.get(layer.data, layer.data)


def _label_text(sheet, layer, kind, row):
    zh = sheet.lang == "zh"
    rule = layer.label.text
    if rule in ("short", "target"):
        text = _wrap(row.short_name_zh if zh else row.short_name_en, sheet.lang)
        if rule == "target":
            text += "\n" + target_label(row.output_target_2025, row.target_qualifier, sheet.lang)
        return text
    name = row.name_zh if zh else _wrap(row.name_en, sheet.lang, 16 if kind == "city" else 22)
    if rule == "total":
        total = sheet.totals.get(row.id)
        if total is not None:  # with its wordings (左右, 力争突破), as on the web map
            name += "\n" + _wrap(total_label(total[0], total[1], sheet.lang), sheet.lang, 24)
    return name


def _labels(sheet, layer, view):
    """LabelItems for one layer: parks on their shape, cities and corridors on what is in
    view, rivers only where a fair length is in view (and they may be dropped)."""
    kind = _label_kind(layer)
    frame = rules.select(sheet.atlas, layer, sheet.proj[layer.data])
    colors = rules.fills(sheet.atlas, layer, frame) if layer.fill else [None] * len(frame)
    items = []
    for row, fill in zip(frame.itertuples(), colors):
        text = _label_text(sheet, layer, kind, row)
        key = f"{kind}:{row.id}"
        if kind == "park":
            items.append(cartography.LabelItem(text, row.geometry, kind, fontsize=7,
                                               color=style.LABEL_TEXT, key=key))
            continue
        visible = row.geometry.intersection(view)
        if visible.is_empty:
            continue
        if kind == "city":
            if visible.area < 0.002 * view.area:
                continue
            items.append(cartography.LabelItem(text, visible, kind, fontsize=8.5,
                                               color=style.CITY_LABEL, weight="bold", key=key))
        elif kind == "river":
            if visible.length < 0.15 * (view.bounds[2] - view.bounds[0]):
                continue
            items.append(cartography.LabelItem(text, visible, kind, fontsize=7,
                                               color=style.RIVER_LABEL, style="italic",
                                               required=False, key=key))
        else:  # the window, belts and nodes, in their own colours
            items.append(cartography.LabelItem(text, visible, kind, fontsize=7.5, color=fill,
                                               weight="bold" if kind == "belt" else "normal",
                                               key=key))
    return items


def _place_labels(sheet, renderer, obstacles, extent):
    """Every label the spec asks for in print; they avoid the parks, markers and symbols."""
    metres_per_pt = (extent[2] - extent[0]) / sheet.width_pt
    symbols = [(point.buffer(math.sqrt(sheet.symbol_sizes[pid]) / 2 * metres_per_pt),
                f"park:{pid}") for pid, point in sheet.symbols.items()]
    placer = cartography.LabelPlacer(sheet.ax, renderer, features=sheet.avoid + symbols,
                                     obstacles=obstacles)
    view = shapely.box(*extent)
    items = [item for layer in sheet.spec.layers_on("print") if layer.labelled_on("print")
             for item in _labels(sheet, layer, view)]
    for item in sorted(items, key=lambda i: _PRIORITY.get(i.kind, 2)):  # first placed, best placed
        placer.add(item)
    return placer.place()


# --- legends: one section per group of layers, the base last --------------------------------


def _patch(color, alpha=1.0, edge=None, hatch=None):
    return Patch(facecolor=to_rgba(color, alpha), edgecolor=edge or style.LEGEND_EDGE,
                 linewidth=0.6, hatch=hatch)


def _fixed(layer, lang):
    """The spec's own legend entries as handles."""
    out = []
    for entry in layer.legend:
        color = rules.color(entry.color)
        edge = rules.color(entry.edge) if entry.edge else "none"
        if entry.symbol == "line":
            handle = Line2D([], [], color=color, linewidth=1.2)
        else:
            handle = _patch(color, 1.0 if layer.opacity is None else layer.opacity, edge)
        out.append((handle, entry.words(lang)))
    return out


def _legend_fill(sheet, layer):
    lang, atlas = sheet.lang, sheet.atlas
    frame = rules.select(atlas, layer, sheet.wgs[layer.data])
    opacity = layer.opacity
    if layer.fill == "district":
        return [(_patch(style.DISTRICT_FILL, 1, style.DISTRICT_EDGE), layer.name(lang))]
    if layer.fill == "own":
        return [(_patch(c, style.NEW_CITY_OPACITY if opacity is None else opacity,
                        style.NEW_CITY_EDGE), getattr(r, f"name_{lang}"))
                for c, r in zip(rules.fills(atlas, layer, frame), frame.itertuples())]
    if layer.fill == "belt_membership":
        belts = rules.SELECTIONS["belts"](atlas, atlas.corridors)
        return [(_patch(style.belt_color(r.id), opacity, style.NEW_CITY_EDGE),
                 TEXT[lang]["member_city"] + getattr(r, f"name_{lang}"))
                for r in belts.itertuples()] + _fixed(layer, lang)
    if layer.fill == "cluster":
        tax = atlas.taxonomy
        present = set(frame["cluster"])
        return [(_patch(tax.color(c), style.PARK_OPACITY, style.PARK_EDGE),
                 count(tax.name(c, lang), int((frame["cluster"] == c).sum()), lang))
                for c in tax.clusters if c in present]
    if layer.fill == "zone_basis":  # how each zone's extent is known
        return [(_patch(style.ZONE_BASIS_COLORS[b], style.PARK_OPACITY, style.PROVINCE_EDGE),
                 count(words(ZONE_BASES, b, lang), int((frame["members_basis"] == b).sum()), lang))
                for b in ZONE_BASES if b in set(frame["members_basis"])]
    if layer.fill == "province":
        return [(_patch(style.PROVINCE_FILL, 1, style.PROVINCE_EDGE), layer.name(lang))]
    if layer.fill == "target_class":
        classes = frame["output_target_2025"].map(style.target_class)
        entries = [(_patch(color, style.PARK_OPACITY, style.PARK_EDGE),
                    count(label, int((classes == i).sum()), lang))
                   for i, (color, label) in enumerate(zip(style.TARGET_COLORS, _class_labels(lang)))]
        missing = int(classes.isna().sum())
        if missing:
            entries.append((_patch(style.TARGET_NONE, style.PARK_OPACITY, style.PARK_EDGE),
                            count(PRINT[lang]["not_stated"], missing, lang)))
        return entries
    return _fixed(layer, lang)


def _class_labels(lang):
    unit = " 亿元" if lang == "zh" else " 100 M CNY"
    return [label.replace(unit, "") for label in style.target_class_labels(lang)]


def _legend_graduated(sheet, layer):
    lang = sheet.lang
    frame = rules.select(sheet.atlas, layer, sheet.wgs[layer.data])
    labels = _class_labels(lang)
    entries = [(Line2D([], [], color=style.TARGET_COLORS[i], marker="o", linestyle="none",
                       markeredgecolor=style.TARGET_EDGE, markeredgewidth=0.6,
                       markersize=math.sqrt(_symbol_size(i))), labels[i])
               for i in sorted({cls for _, cls in rules.target_classes(frame)})]
    blank = Patch(visible=False)
    for key in ("about", "reach", "strive_to_exceed"):  # labels keep the plan's wording
        n = int((frame["target_qualifier"] == key).sum())
        if n:
            entries.append((blank, count(PRINT[lang][f"qualifier_{key}"], n, lang)))
    return entries


def _legend_line(sheet, layer):
    frame = rules.select(sheet.atlas, layer, sheet.wgs[layer.data])
    if not len(frame):
        return []
    color = rules.fills(sheet.atlas, layer, frame)[0]
    return [(Line2D([], [], color=color, linewidth=1.2), layer.name(sheet.lang))]


def _legend_outline(sheet, layer):
    frame = rules.select(sheet.atlas, layer, sheet.wgs[layer.data])
    return [(_patch(style.BLANK, 0, c), getattr(r, f"name_{sheet.lang}"))
            for c, r in zip(rules.fills(sheet.atlas, layer, frame), frame.itertuples())]


def _legend_band(sheet, layer):
    frame = rules.select(sheet.atlas, layer, sheet.wgs[layer.data])
    return [((_patch(c, style.BELT_BAND_OPACITY, "none"), Line2D([], [], color=c, linewidth=2.2)),
             getattr(r, f"name_{sheet.lang}"))
            for c, r in zip(rules.fills(sheet.atlas, layer, frame), frame.itertuples())]


def _legend_marker(sheet, layer):
    lang = sheet.lang
    frame = rules.select(sheet.atlas, layer, sheet.wgs[layer.data])
    if layer.fill == "platform_kind":
        kinds = [k for k in style.PLATFORM_MARKER if k in set(frame["kind"])]
        return [(Line2D([], [], color=style.platform_color(k), marker=style.PLATFORM_MARKER[k],
                        linestyle="none", markeredgecolor=style.MARKER_EDGE, markersize=6),
                 count(words(PLATFORM_KINDS, k, lang), int((frame["kind"] == k).sum()), lang))
                for k in kinds]
    if "belt" not in frame:  # points of one colour (the Shanghai places)
        color = rules.fills(sheet.atlas, layer, frame)[0] if len(frame) else style.SWATCH_DEFAULT
        return [(Line2D([], [], color=color, marker="D", linestyle="none", markersize=5),
                 count(layer.name(lang), len(frame), lang))]
    # nodes: coloured by their belt
    belts = rules.SELECTIONS["belts"](sheet.atlas, sheet.atlas.corridors)
    entries = [(Line2D([], [], color=style.belt_color(r.id), marker="D", linestyle="none",
                       markersize=5), getattr(r, f"name_{lang}"))
               for r in belts.itertuples() if r.id in set(frame["belt"])]
    if (frame["belt"].fillna("") == "").any():
        entries.append((Line2D([], [], color=style.BELT_DEFAULT, marker="D", linestyle="none",
                               markersize=5), TEXT[lang]["node_no_belt"]))
    return entries


LEGEND = {
    "fill": _legend_fill,
    "line": _legend_line,
    "outline": _legend_outline,
    "band": _legend_band,
    "marker": _legend_marker,
    "graduated": _legend_graduated,
}


def _legend_sections(sheet):
    """(title, entries) per group of layers in spec order, the base layers last. A group of
    one layer is titled by the layer's name, a larger one by the group's name."""
    groups = {}
    for layer in sheet.spec.layers_on("print"):
        groups.setdefault(layer.group or layer.id, []).append(layer)
    order = [g for g in groups if g != "base"] + (["base"] if "base" in groups else [])
    sections = []
    for group in order:
        layers = groups[group]
        title = (layers[0].name(sheet.lang) if len(layers) == 1
                 else TEXT[sheet.lang].get(f"g_{group}", group))
        entries = [e for layer in layers for e in LEGEND[layer.symbol](sheet, layer)]
        if entries:
            sections.append((title, entries))
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


def _credit(fig, atlas, lang, layout, spec=None):
    text = credit_text(atlas, lang, spec)
    x, y = layout["credit"]
    artist = fig.text(x, y, text, ha="left", va="bottom", fontsize=6.3, color=style.FURNITURE_TEXT,
                      wrap=False, gid="credit", linespacing=1.3)
    renderer = fig.canvas.get_renderer()
    width_px = layout["text_width_mm"] * MM * fig.dpi
    if artist.get_window_extent(renderer).width > width_px:
        # break into lines by measuring: CJK may break anywhere, Latin at spaces
        words = re.findall(r"[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+\s*",
                           text)
        def fits(parts):
            artist.set_text("".join(parts))
            return artist.get_window_extent(renderer).width <= width_px

        # each line takes as many words as fit (at least one); widths grow with the words,
        # so a binary search finds that in a few measurements instead of one per word
        lines, start = [], 0
        while start < len(words):
            low, high = start + 1, len(words)
            while low < high:
                middle = (low + high + 1) // 2
                if fits(words[start:middle]):
                    low = middle
                else:
                    high = middle - 1
            lines.append("".join(words[start:low]).rstrip())
            start = low
        artist.set_text("\n".join(lines))
    return artist




# --- the figure -----------------------------------------------------------------------------


def build(atlas, map_name, size="a4", lang="zh", sector=None, cluster=None, new_city=None,
          belt=None, points=None):
    """Draw one map (a catalog name or a MapSpec) as a matplotlib figure; returns a MapFigure
    (call .fig.savefig or save). ``points`` (atlas.model.points.Points): a planner's list,
    drawn as a hexbin density on a map that declares a points layer."""
    spec = _spec(map_name)
    _check_lang(lang)
    w, h = parse_size(size)
    selected, given = select_parks(atlas, sector=sector, cluster=cluster, new_city=new_city,
                                   belt=belt)
    with mpl.rc_context(fonts.rc_params()):
        return _build(atlas, spec, (w, h), lang, selected, given, points)


def _build(atlas, spec, size_mm, lang, selected, given, points=None):
    w, h = size_mm
    layout = _layout(w, h)
    fig, ax, legend_ax, inset_ax = _sheet_axes(size_mm, layout)
    wgs = dict(atlas.layers, parks=selected)
    proj = {name: measure.projected(frame) for name, frame in wgs.items()}
    sheet = _Sheet(atlas, spec, lang, ax, wgs, proj, width_pt=layout["map"][2] * w / 25.4 * 72,
                   totals=_city_totals(atlas))
    extent = _frame_map(ax, spec, proj, given)
    for layer in spec.layers_on("print"):
        DRAW[layer.symbol](sheet, layer)
    density_legend = None
    if points is not None and spec.points is not None and spec.points.shown_on("print"):
        from atlas.render.print import density

        density_legend = density.draw(ax, points, extent, lang)
    ax.set_xlabel("")  # geopandas names the CRS axes; a map needs no axis titles
    ax.set_ylabel("")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    scale, north = _furniture(ax, lang, sheet.busy, renderer, spec.scale_bar)
    labels = _place_labels(sheet, renderer, [i.box for i in (scale, north) if i], extent)
    if spec.inset:
        cartography.draw_inset(inset_ax, proj["context_cities"],
                               proj["new_cities"].dissolve().geometry, extent, lang=lang)
        inset_ax.set_xlabel("")
        inset_ax.set_ylabel("")
        inset_ax.set_title(PRINT[lang]["location"], fontsize=7.5, fontweight="bold", loc="left",
                           pad=3)
    else:  # a Xi'an locator would mislead beside a map of China or of Shanghai
        inset_ax.set_axis_off()
    sections = _legend_sections(sheet) + ([density_legend] if density_legend else [])
    legends = _place_legends(legend_ax, sections + _callouts(labels, lang))
    tx, ty = layout["title"]
    title = fig.text(tx, ty, spec.figure_title(lang), ha="left", va="top", fontsize=14,
                     fontweight="bold", color=style.TITLE, gid="title")
    subtitle = spec.subtitle(lang) if spec.subtitle else _filter_line(given, proj["parks"], lang)
    fig.text(tx, ty - 7.5 / h, subtitle, ha="left", va="top",
             fontsize=8.5, color=style.SUBTITLE, gid="subtitle")
    credit = _credit(fig, atlas, lang, layout, spec)
    symbols = {pid: (p.x, p.y) for pid, p in sheet.symbols.items()}
    return MapFigure(fig, spec.name, lang, ax, legend_ax, inset_ax, proj["parks"], labels, scale,
                     north, legends, title, credit, extent, symbols, charset(atlas))


def charset(atlas):
    """Every character the figures of this atlas can print: its data and the wording, so
    that one PDF font subset serves every figure of a build."""
    from atlas.maps import words as wording

    chars = set()
    seen = set()

    def walk(value):
        if isinstance(value, str):
            chars.update(value)
        elif isinstance(value, dict):
            walk(list(value.keys()) + list(value.values()))
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value) and id(value) not in seen:  # map specs, taxonomy
            seen.add(id(value))
            walk([getattr(value, f.name) for f in dataclasses.fields(value)])

    for name in sorted(vars(wording)):
        if not name.startswith("_"):
            walk(vars(wording)[name])
    walk(list(catalog.MAPS))
    walk(atlas.taxonomy)
    for spec in catalog.MAPS:
        walk([spec.figure_title(lang) for lang in LANGS])
    frames = [*atlas.layers.values(), *(v for v in vars(atlas).values()
                                        if isinstance(v, pd.DataFrame))]
    for frame in frames:
        for column in frame.columns:  # str columns are not object columns in pandas 3
            walk([v for v in frame[column] if isinstance(v, (str, list, tuple))])
    return "".join(sorted(chars))


def _sheet_axes(size_mm, layout):
    """A figure (not registered with pyplot) with its map, legend and inset axes."""
    w, h = size_mm
    fig = Figure(figsize=(w * MM, h * MM), dpi=100)
    FigureCanvasAgg(fig)
    fig.patch.set_facecolor(style.BLANK)
    # geopandas asks for a redraw after every layer; one draw at the end is enough
    fig.canvas.draw_idle = lambda *args, **kwargs: None
    ax = fig.add_axes(layout["map"])
    legend_ax = fig.add_axes(layout["legend"])
    legend_ax.set_axis_off()
    inset_ax = fig.add_axes(layout["inset"])
    return fig, ax, legend_ax, inset_ax


def _city_totals(atlas):
    """{new city id: (total target, the qualifier keys it adds up)}."""
    totals = measure.totals(atlas, "new_city")
    return {cid: (float(v), q) for cid, v, q in
            zip(totals["id"], totals["output_target_2025"], totals["qualifiers"])
            if v is not None and v == v}


def _frame_map(ax, spec, proj, given):
    """Fit the view: the spec's extent, or the selected parks and their new cities."""
    cities = proj["new_cities"]
    parks = proj["parks"]
    if given:
        focus = pd.concat([parks.geometry,
                           cities[cities["id"].isin(parks["new_city_id"])].geometry])
    else:
        focus = pd.concat([proj[name].geometry for name in spec.extent])
    extent = cartography.fit_bounds(shapely.GeometryCollection(list(focus)).bounds, ax, pad=0.07,
                                    min_span=12000.0)
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor(style.BLANK)
    for spine in ax.spines.values():
        spine.set_edgecolor(style.MAP_FRAME)
        spine.set_linewidth(0.7)
    return extent


def _furniture(ax, lang, busy, renderer, scale_bar=True):
    """Scale bar and north arrow, each in the corner fewest features cross; no scale bar
    (None) where UTM 49N is not true to distance (maps far from Xi'an)."""
    corners = ("upper right", "upper left", "lower right")
    north_corner = _free_corner(busy, [cartography.north_arrow_extent(ax, c) for c in corners],
                                corners)
    bar_corners = [c for c in ("lower left", "lower right", "upper left") if c != north_corner]
    bar_corner = _free_corner(busy, [cartography.scale_bar_extent(ax, c) for c in bar_corners],
                              bar_corners)
    scale = cartography.add_scale_bar(ax, lang=lang, corner=bar_corner) if scale_bar else None
    north = cartography.add_north_arrow(ax, lang=lang, corner=north_corner)
    for item in (i for i in (scale, north) if i is not None):
        boxes = [a.get_window_extent(renderer) for a in item.artists]
        item.box = boxes[0].union(boxes)
    return scale, north


def _callouts(labels, lang):
    callouts = [i for i in labels if i.callout]
    if not callouts:
        return []
    blank = Patch(visible=False)
    joiner = "" if lang == "zh" else " "
    return [(PRINT[lang]["numbered"],
             [(blank, f"{i.callout}  {i.text.replace(chr(10), joiner)}") for i in callouts])]


# --- writing --------------------------------------------------------------------------------


def save(mapfig, path, fmt, dpi=300):
    """Write a built figure to ``path``; deterministic bytes where matplotlib allows.

    The caller makes it atomic (atlas.output writes to a temporary file or folder).
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise OSError(f"cannot write {path}: folder {path.parent} does not exist")
    metadata = {  # also the signature outdir.check_replace_file recognises
        "png": {"Software": "xixian-atlas (matplotlib)"},
        "svg": {"Date": None, "Creator": "xixian-atlas (matplotlib)"},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": "xixian-atlas (matplotlib)",
                "Producer": None},
    }[fmt]
    with mpl.rc_context(fonts.rc_params()):
        if fmt == "pdf":
            with fonts.pdf_text(mapfig.fig, mapfig.chars):
                mapfig.fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata,
                                   facecolor=style.BLANK)
        else:
            mapfig.fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata,
                               facecolor=style.BLANK)
    return path


def close(mapfig):
    """Free a figure's drawing memory (it was never registered with pyplot)."""
    mapfig.fig.clear()


def render_all(atlas, folder, lang="zh", dpi=300, size="a4", formats=FORMATS, maps=None):
    """Every map of the catalog (or those named in ``maps``) in every format in ``folder``
    (overview.zh.png ...); returns the paths. `atlas build` gives it a temporary folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in catalog.MAPS if maps is None else [catalog.get(name) for name in maps]:
        mapfig = build(atlas, spec, size=size, lang=lang)
        try:
            for fmt in formats:
                written.append(save(mapfig, folder / f"{mapfig.map_name}.{lang}.{fmt}", fmt,
                                    dpi=dpi))
        finally:
            close(mapfig)
    return written
