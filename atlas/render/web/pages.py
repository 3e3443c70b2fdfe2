"""The interactive atlas: offline, single-file HTML maps built with folium.

``render_pages`` returns every page as a :class:`Page`; ``atlas build`` writes
them. Each map page is a folium figure whose CDN links are replaced by Leaflet
inlined from the pinned ``xstatic-leaflet`` package (see :mod:`atlas.render.web.assets`),
so it opens from disk with no network. The data travel as one JSON island that
the page script (``atlas/render/web/js/``) draws; all text in it is set as text.

Pages: ``index.html`` (home), ``overview.html``, ``parks.html`` (filters, search,
deep links), ``output.html`` (2025 targets) and ``corridors.html`` (一总两带).
"""

import html
from dataclasses import dataclass, field
from pathlib import Path

from branca.element import MacroElement
from folium.template import Template

from atlas.model import measure

from atlas.model import query

from atlas.core import schema
from atlas.maps import catalog

from atlas.maps import style

from atlas.render.web import assets as webassets

from atlas.render.web import payload as webdata
from atlas.maps.words import target_label
from atlas.model import weight
from atlas.output.outdir import atomic_file, check_replace_file
from atlas.model.query import QueryError
from atlas.render.web.payload import FIELDS, TEXT, fmt_num, number, pick

LANGS = ("zh", "en")

@dataclass
class Page:
    """One HTML page of the atlas."""

    name: str  # "overview"
    filename: str  # "overview.html"
    title_zh: str
    title_en: str
    html: str
    drawn: dict = field(default_factory=dict)  # schema layer name -> features embedded

    def title(self, lang="zh"):
        return self.title_zh if lang == "zh" else self.title_en


def _check_lang(lang):
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}'; choose zh or en")
    return lang


def render_pages(atlas, basemap="none", lang="zh", downloads=None):
    """Every page of the interactive atlas, home page first.

    ``downloads``: what else the build wrote for reports, linked from the home
    page: a list of (href, label_zh, label_en) with hrefs relative to it.
    """
    from atlas.render.web import home as webindex

    _check_lang(lang)
    webdata.check_basemap(basemap, lang)
    maps = [
        _overview(atlas, basemap, lang),
        _parks(atlas, atlas.parks, basemap, lang),
        _output(atlas, basemap, lang),
        _corridors(atlas, basemap, lang),
    ]
    pages = [webindex.render(atlas, maps, lang, downloads=downloads)] + maps
    # a page over the budget is reported with the build (and in build.json), never silent
    for warning in weight.page_warnings(pages, atlas):
        if warning not in atlas.warnings:
            atlas.warnings.append(warning)
    return pages


#: the signature outdir.check_replace_file looks for (no version or date: builds stay identical)
GENERATOR = '<meta name="generator" content="xixian-atlas">'


def write_filtered_parks_map(atlas, out, sector=None, cluster=None, new_city=None, belt=None,
                             basemap="none", lang="zh", force=False):
    """Write a parks map holding only the parks that match; returns the path written.

    Raises QueryError for an unknown name or when nothing matches. The file
    appears whole or not at all. An existing file is replaced only if the atlas wrote
    it (it carries GENERATOR) or ``force``.
    """
    _check_lang(lang)
    out = Path(out)
    if out.is_dir():
        raise ValueError(f"{out} is a folder; give a file name such as {out / 'parks.html'}")
    if not out.parent.exists():
        raise ValueError(f"folder {out.parent} does not exist")
    check_replace_file(out, force=force)
    webdata.check_basemap(basemap, lang)
    parks = query.parks(atlas, sector=sector, cluster=cluster, new_city=new_city, belt=belt)
    given = [(k, v) for k, v in (("sector", sector), ("cluster", cluster),
                                  ("new-city", new_city), ("belt", belt)) if v]
    what = "; ".join(f"{k}={v}" for k, v in given)
    if not len(parks):
        raise QueryError(f"no park matches {what}; nothing was written")
    page = _parks(atlas, parks, basemap, lang, filtered=what or None, standalone=True)
    with atomic_file(out) as tmp:
        tmp.write_text(page.html, encoding="utf-8", newline="\n")
    return out


# --- page scaffold ----------------------------------------------------------------------


class _Boot(MacroElement):
    """Starts the page script once folium has created the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        AtlasMap.boot({{ this._parent.get_name() }}, "atlas-data");
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "AtlasBoot"


def _esc(text):
    return html.escape(str(text), quote=True)


def _nav(current, lang, filtered=False):
    if filtered:
        return ""
    links = []
    entries = [("index", "index.html", TEXT[lang]["home"])]
    entries += [(m.name, m.filename, m.title(lang)) for m in catalog.MAPS]
    for name, filename, label in entries:
        cur = ' aria-current="page"' if name == current else ""
        links.append(f'<a href="{_esc(filename)}"{cur}>{_esc(label)}</a>')
    return '<nav class="atlas-nav">' + "".join(links) + "</nav>"


def sources_list(atlas, lang):
    """(title, detail) per source document: the manifest, else the files quoted."""
    out = []
    manifest = atlas.manifest
    if len(manifest) and "file" in manifest.columns:
        for row in manifest.fillna("").to_dict("records"):
            title = row.get("title") or row["file"]
            detail = ", ".join(x for x in (row.get("publisher", ""), row.get("date", "")) if x)
            out.append((title, detail, row["file"]))
    else:
        files = sorted({s["file"] for srcs in atlas.parks["sources"] for s in srcs})
        out = [(f, "", f) for f in files]
    return out


def credits_html(atlas, lang):
    t = TEXT[lang]
    items = []
    for title, detail, file in sources_list(atlas, lang):
        text = f"{title}（{detail}）" if detail and lang == "zh" else (f"{title} ({detail})" if detail else title)
        items.append(f"<li>{_esc(text)}</li>")
    methods = set(atlas.context_districts["geocode_method"])
    district = f"<p>{_esc(t['districts_credit'])}</p>" if "extracted_cnmaps_simplified" in methods else ""
    return (
        '<footer class="atlas-credits">'
        f"<strong>{_esc(t['credits'])}</strong>"
        f'<p class="atlas-caveat" data-atlas-caveat="1">{_esc(t["caveat"])}</p>'
        f"<div>{_esc(t['sources'])}：</div><ul>{''.join(items)}</ul>"
        f"{district}"
        "</footer>"
    ) if lang == "zh" else (
        '<footer class="atlas-credits">'
        f"<strong>{_esc(t['credits'])}</strong>"
        f'<p class="atlas-caveat" data-atlas-caveat="1">{_esc(t["caveat"])}</p>'
        f"<div>{_esc(t['sources'])}:</div><ul>{''.join(items)}</ul>"
        f"{district}"
        "</footer>"
    )


def _side(atlas, name, lang, body, title=None, filtered=False, legend_first=True, wide=False):
    spec = catalog.get(name)
    title = title or spec.title(lang)
    other = spec.title("en" if lang == "zh" else "zh")
    desc = spec.description(lang)
    cls = ' class="atlas-side-wide"' if wide else ""
    return (
        f'<aside id="atlas-side"{cls}>'
        f"<h1>{_esc(title)}</h1>"
        f'<div class="atlas-sub">{_esc(other)}</div>'
        f"{_nav(name, lang, filtered)}"
        f"<p>{_esc(desc)}</p>"
        f"{_LEGEND if legend_first else ''}"
        f"{body}"
        f"{_LEGEND if legend_first is False else ''}"
        f"{credits_html(atlas, lang)}"
        "</aside>"
    )


#: filled by the page script from each layer's legend
_LEGEND = '<details id="atlas-legend" class="atlas-legend-side" open></details>'


def _groups(lang):
    t = TEXT[lang]
    return [{"id": g, "name": t[f"g_{g}"]}
            for g in ("new_cities", "parks", "targets", "corridors", "platforms", "base")]


def _payload(page, lang, basemap, layers, view, **extra):
    t = TEXT[lang]
    data = {
        "page": page,
        "lang": lang,
        "t": {k: t[k] for k in ("layers", "legend", "tiles", "noSector", "noCluster", "noCity",
                                 "noBelt", "noneMatch")},
        "basemapNote": t["basemapNote"],
        "basemaps": webdata.basemaps(lang),
        "basemap": basemap,
        "groups": _groups(lang),
        "layers": layers,
        "view": {"bounds": view},
    }
    data.update(extra)
    return data


def _drawn(layers):
    """Features embedded per schema layer (a schema layer may be split over several)."""
    out = {}
    for spec in layers:
        if spec.get("schema"):
            out.setdefault(spec["schema"], set()).update(f["id"] for f in spec["features"])
    return {k: len(v) for k, v in sorted(out.items())}


def _map_page(atlas, name, lang, basemap, layers, view, side, scripts=(), title=None, **extra):
    spec = catalog.get(name)
    filename, zh, en = spec.filename, spec.title.zh, spec.title.en
    payload = _payload(name, lang, basemap, layers, view, **extra)
    (s, w), (n, e) = view
    m = webassets.OfflineMap(
        location=[(s + n) / 2, (w + e) / 2], zoom_start=10, scripts=scripts,
        zoom_control=True, control_scale=False, zoom_snap=0.25, zoom_delta=0.5,
    )
    figure = m.get_root()
    figure.title = _esc(webdata.plain(title or (zh if lang == "zh" else en)))
    figure.html.add_child(webassets.Markup(side + webassets.json_block("atlas-data", payload),
                                           name="AtlasSide"), name="atlas_side")
    m.add_child(_Boot(), name="atlas_boot")
    webassets.stabilize(figure)
    page = figure.render()
    page = page.replace("<html>", f'<html lang="{webassets.html_lang(lang)}">', 1)
    page = page.replace("<head>", "<head>\n    " + GENERATOR, 1)  # lets `atlas map` know its own files
    remote = webassets.remote_urls(page)
    if remote:  # never ship a page that needs the network
        raise RuntimeError(f"{filename} would load {remote}")
    return Page(name, filename, zh, en, page, _drawn(layers))


# --- overview ---------------------------------------------------------------------------


def _overview(atlas, basemap, lang):
    layers = webdata.base_layers(atlas, lang, cities=True)
    layers.append(webdata.new_city_layer(atlas, lang))
    layers += webdata.corridor_layers(atlas, lang)
    layers.append(webdata.park_layer(atlas, atlas.parks, lang))
    layers.append(webdata.platform_layer(atlas, lang))
    view = webdata.bounds([atlas.new_cities, atlas.parks])
    counts = _counts_table(atlas, lang)
    return _map_page(atlas, "overview", lang, basemap, layers, view,
                     _side(atlas, "overview", lang, counts))


def _counts_table(atlas, lang):
    zh = lang == "zh"
    names = {
        "new_cities": ("新城与特别功能区", "New cities and special zone"),
        "parks": ("特色产业园区", "Featured parks"),
        "corridors": ("一总两带要素", "Window, belts and nodes"),
        "platforms": ("创新平台", "Platforms"),
        "context_districts": ("县级行政区", "Counties and districts"),
        "rivers": ("河流", "Rivers"),
    }
    rows = "".join(
        f'<tr><td>{_esc(names[k][0 if zh else 1])}</td><td class="num">{len(atlas.layers[k])}</td></tr>'
        for k in names
    )
    head = "本图包含" if zh else "On this map"
    return f'<h2>{_esc(head)}</h2><table class="atlas-table">{rows}</table>'


# --- parks ------------------------------------------------------------------------------


def _parks(atlas, parks, basemap, lang, filtered=None, standalone=False):
    t = TEXT[lang]
    zh = lang == "zh"
    layers = webdata.base_layers(atlas, lang)
    layers.append(webdata.new_city_layer(atlas, lang, opacity=0.25))
    layers.append(webdata.park_layer(atlas, parks, lang, labels=True))
    # the whole new area, or around the parks of a filtered map
    view = webdata.bounds([parks], pad=0.05) if standalone else webdata.bounds([atlas.new_cities, atlas.parks])
    total = len(parks)
    tax = atlas.taxonomy

    def count(keys):
        keys = set(keys)
        return int(parks["sectors"].map(lambda s: bool(keys.intersection(s))).sum())

    def button(kind, value, text, n, color=None, extra=""):
        dot = f'<span class="atlas-dot" style="background:{_esc(color)}"></span>' if color else ""
        empty = " atlas-empty" if n == 0 else ""
        return (f'<button type="button" class="atlas-filter{empty}" data-atlas-filter="{kind}" '
                f'data-atlas-value="{_esc(value)}" aria-pressed="false"{extra}>{dot}{_esc(text)} '
                f'<span class="atlas-count">({n})</span></button>')

    def both(zh_name, en_name):
        return f"{zh_name} {en_name}" if zh else f"{en_name} {zh_name}"

    clusters = []
    for c in tax.clusters:
        members = tax.members(c)
        name = tax.name(c, lang)
        head = button("cluster", name, both(tax.name(c), tax.name(c, "en")), count(members),
                      tax.color(c))
        subs = "".join(
            button("sector", tax.name(k, lang), both(tax.name(k), tax.name(k, "en")),
                   count(tax.resolve(k)))
            for k in members if k != c
        )
        clusters.append(f'<div class="atlas-cluster">{head}'
                        + (f'<div class="atlas-filters">{subs}</div>' if subs else "") + "</div>")
    cities = "".join(
        button("new-city", row["name_zh"] if zh else row["name_en"],
               both(row["name_zh"], row["short_en"] or row["name_en"]),
               int((parks["new_city_id"] == row["id"]).sum()))
        for row in atlas.new_cities.drop(columns="geometry").to_dict("records")
    )
    belt_rows = atlas.corridors[atlas.corridors["kind"] == "belt"].drop(columns="geometry")
    belts = "".join(
        button("belt", row["name_zh"] if zh else row["name_en"], both(row["name_zh"], row["name_en"]),
               int((parks["belt"] == row["id"]).sum()))
        for row in belt_rows.to_dict("records")
    )
    items = []
    for row in parks.drop(columns="geometry").to_dict("records"):
        name = row["short_name_zh"] if zh else row["short_name_en"]
        sub = (f"{row['new_city']} · {'、'.join(row['sectors_zh'])} · "
               f"{target_label(number(row['output_target_2025']), row['target_qualifier'], lang)}"
               if zh else
               f"{row['new_city_en']} · {', '.join(row['sectors_en'])} · "
               f"{target_label(number(row['output_target_2025']), row['target_qualifier'], lang)}")
        items.append(
            f'<li data-atlas-park="{_esc(row["id"])}"><button type="button" '
            f'data-atlas-zoom="parks:{_esc(row["id"])}"><span class="atlas-dot" '
            f'style="background:{_esc(row["color"])}"></span>{_esc(name)}'
            f'<span class="atlas-sub">{_esc(sub)}</span></button></li>'
        )
    banner = ""
    title = None
    if filtered:
        banner = (f'<p class="atlas-banner">'
                  f'{_esc(webdata.TEXT[lang]["filtered"].format(what=filtered, n=total, total=len(atlas.parks)))}</p>')
        parks_title = catalog.get("parks").title
        title = f"{parks_title.zh}：{filtered}" if zh else f"{parks_title.en}: {filtered}"
    body = (
        f"{banner}"
        f'<div><span id="atlas-count" class="atlas-counter" data-atlas-visible="{total}">'
        f"{total} / {total}</span>"
        f'<span class="atlas-counter-label">{_esc(t["parks_counter"])}</span></div>'
        f'<input id="atlas-search" type="search" autocomplete="off" placeholder="{_esc(t["search"])}" '
        f'aria-label="{_esc(t["search"])}">'
        f'<div id="atlas-filter-msg" role="status"></div>'
        '<div class="atlas-columns"><div class="atlas-column">'
        f'<h2>{_esc(t["by_sector"])}</h2>'
        f'<div class="atlas-filters">{button("all", "", t["all_parks"], total)}</div>'
        f'{"".join(clusters)}'
        f'<h2>{_esc(t["by_city"])}</h2><div class="atlas-filters">{cities}</div>'
        f'<h2>{_esc(t["by_belt"])}</h2><div class="atlas-filters">{belts}</div>'
        '</div><div class="atlas-column">'
        f'<h2>{_esc(t["park_list"])}</h2><ul class="atlas-list" id="atlas-park-list">{"".join(items)}</ul>'
        f"{_LEGEND}"
        "</div></div>"
    )
    side = _side(atlas, "parks", lang, body, title=title, filtered=standalone, legend_first=None,
                 wide=True)
    return _map_page(atlas, "parks", lang, basemap, layers, view, side,
                     scripts=(webassets.own("parks.js"),), title=title,
                     parks=webdata.parks_filter_data(atlas, parks, total))


# --- output targets ---------------------------------------------------------------------


def _qualifier_note(quals, lang):
    if len(quals) <= 1:
        return ""
    words = [schema.TARGET_QUALIFIERS[q][0 if lang == "zh" else 1] for q in quals
             if q in schema.TARGET_QUALIFIERS]
    if lang == "zh":
        return "合计含“" + "”“".join(words) + "”口径，仅示意"
    return "sum mixes " + ", ".join(f"“{w}”" for w in words) + "; indicative"


def _output(atlas, basemap, lang):
    zh = lang == "zh"
    f = FIELDS[lang]
    totals = measure.totals(atlas, "new_city").set_index("id")

    def city_label(row):
        name = pick(row, "name", lang)
        if row["id"] not in totals.index:
            return name
        total = number(totals.loc[row["id"], "output_target_2025"])
        if total is None:
            return name
        return f"{name}\n{fmt_num(total)} 亿元" if zh else f"{name}\n{fmt_num(total)} × 10⁸ CNY"

    layers = webdata.base_layers(atlas, lang)
    layers.append(webdata.new_city_layer(atlas, lang, fill=lambda r: "#ffffff", label_fn=city_label,
                                         opacity=0.55,
                                         legend_items=[{"k": "fill", "c": "#ffffff", "e": style.NEW_CITY_EDGE,
                                                        "l": "标注：新城合计目标" if zh else "label: total target of the new city"}]))
    # parks filled by target class (a choropleth) ...
    park_feats, symbol_feats = [], []
    for row, geom in webdata.rows_of(atlas.parks):
        target = number(row["output_target_2025"])
        cls = style.target_class(target)
        color = style.TARGET_NONE if cls is None else style.TARGET_COLORS[cls]
        name = row["short_name_zh"] if zh else row["short_name_en"]
        tlabel = target_label(target, row["target_qualifier"], lang)
        pop = webdata.park_popup(row, atlas, lang)
        st = {"fillColor": color}
        if geom.geom_type == "Point":
            st.update({"radius": 6})
        park_feats.append(webdata.feature(row["id"], geom, tip=f"{name}：{tlabel}" if zh else f"{name}: {tlabel}",
                                          pop=pop, st=st))
        # ... and a graduated symbol per stated target, its qualifier in the label
        if cls is not None:
            at = webdata.label_point(geom)
            radius = style.TARGET_RADII[cls]
            symbol_feats.append(webdata.feature(
                row["id"], at, tip=f"{name}：{tlabel}" if zh else f"{name}: {tlabel}", pop=pop,
                st={"radius": radius, "fillColor": color},
                lab=webdata.label(f"{name}\n{tlabel}", at, row["id"], "right", (radius + 2, 0), at=at,
                                  rank=target)))
    if zh:
        labels = style.target_class_labels(lang)
    else:  # the unit goes in the title: '≤ 100', '100–200', …, '> 1000'
        labels = [label.replace(" 100 M CNY", "") for label in style.target_class_labels(lang)]
    class_items = [{"k": "circle", "c": c, "r": r, "e": "#67000d", "l": l}
                   for c, r, l in zip(style.TARGET_COLORS, style.TARGET_RADII, labels)]
    none_item = {"k": "fill", "c": style.TARGET_NONE, "e": style.PARK_EDGE,
                 "l": target_label(None, None, lang)}
    p_name = "园区（按目标分级着色）" if zh else "Parks (coloured by target class, 100 M CNY)"
    s_name = "2025 年产值目标（分级符号）" if zh else "2025 output target (graduated symbols, 100 M CNY)"
    layers.append(webdata.layer(
        "parks", p_name, "parks", park_feats,
        {"color": style.PARK_EDGE, "weight": 1, "fillOpacity": 0.6, "opacity": 0.9}, "polygon", "parks",
        legend={"title": p_name, "items": [{"k": "fill", "c": c, "e": style.PARK_EDGE, "l": l}
                                           for c, l in zip(style.TARGET_COLORS, labels)] + [none_item]},
        swatch_color=style.TARGET_COLORS[2]))
    layers.append(webdata.layer(
        "targets", s_name, "targets", symbol_feats,
        {"color": "#67000d", "weight": 1.2, "fillOpacity": 0.85, "opacity": 1}, "point", None,
        legend={"title": s_name, "items": class_items,
                "note": ("标注保留原文口径：左右 / 达到 / 力争突破" if zh else
                         "labels keep the wording: about / reach / strive to exceed")},
        swatch="circle", swatch_color=style.TARGET_COLORS[3], label_class="atlas-label-target"))
    view = webdata.bounds([atlas.new_cities, atlas.parks])

    rows = []
    for cid, row in totals.iterrows():
        total = number(row["output_target_2025"])
        value = f"{fmt_num(total)}" if total is not None else "—"
        note = _qualifier_note(row["qualifiers"], lang)
        name = row["name_zh"] if zh else row["name_en"]
        note_html = f'<div class="atlas-note">{_esc(note)}</div>' if note else ""
        rows.append(f'<tr><td>{_esc(name)}{note_html}</td><td class="num">{int(row["parks"])}</td>'
                    f'<td class="num">{_esc(value)}</td></tr>')
    grand = sum(number(v) or 0 for v in totals["output_target_2025"])
    unit = "亿元" if zh else "10⁸ CNY"
    head = (f'<tr><th>{_esc(f["new_city"])}</th><th class="num">{_esc(f["parks"])}</th>'
            f'<th class="num">{_esc(unit)}</th></tr>')
    rows.append(f'<tr><th>{"合计" if zh else "Total"}</th><th class="num">{len(atlas.parks)}</th>'
                f'<th class="num">{fmt_num(grand)}</th></tr>')
    plist = []
    ranked = atlas.parks.drop(columns="geometry").to_dict("records")
    ranked.sort(key=lambda r: -(number(r["output_target_2025"]) or -1))
    for row in ranked:
        name = row["short_name_zh"] if zh else row["short_name_en"]
        tl = target_label(number(row["output_target_2025"]), row["target_qualifier"], lang)
        plist.append(f'<li><button type="button" data-atlas-zoom="parks:{_esc(row["id"])}">'
                     f'{_esc(name)}<span class="atlas-sub">{_esc(tl)}</span></button></li>')
    body = (
        f'<h2>{"按新城合计" if zh else "Totals by new city"}</h2>'
        f'<table class="atlas-table" id="atlas-totals">{head}{"".join(rows)}</table>'
        f'<p class="atlas-note">{_esc("合计仅把文中数字相加；“左右”“力争突破”等口径不同，合计仅作示意。" if zh else "Totals simply add the stated figures; as the qualifiers differ, they are indicative.")}</p>'
        f'<h2>{"各园区目标" if zh else "Targets by park"}</h2><ul class="atlas-list">{"".join(plist)}</ul>'
    )
    return _map_page(atlas, "output", lang, basemap, layers, view, _side(atlas, "output", lang, body))


# --- corridors --------------------------------------------------------------------------


def _core_engines(atlas, lang):
    """The platforms the window's role names (西部科技创新港, its core engine), or None."""
    zh = lang == "zh"
    windows = atlas.corridors[atlas.corridors["kind"] == "window"]
    text = " ".join(webdata._text(t) for t in windows["role_zh"])
    core = atlas.platforms[atlas.platforms["name_zh"].map(lambda n: bool(n) and n in text)]
    if not len(core):
        return None
    name = "总窗口核心引擎" if zh else "Core engine of the window"
    feats = []
    for row, geom in webdata.rows_of(core):
        pname = pick(row, "name", lang)
        feats.append(webdata.feature(
            row["id"], geom, tip=pname, pop=webdata.platform_popup(row, atlas, lang),
            lab=webdata.label(f"{pname}（{name}）" if zh else f"{pname} ({name.lower()})", geom,
                              row["id"], "right", (10, 0))))
    return webdata.layer(
        "corridor_core", name, "corridors", feats,
        {"radius": 9, "color": "#ffffff", "weight": 2.5, "fillColor": style.WINDOW, "fillOpacity": 1},
        "point", "platforms",
        legend={"title": name, "items": [{"k": "point", "c": style.WINDOW, "l": "、".join(
            pick(r, "name", lang) for r in core.drop(columns="geometry").to_dict("records"))}]},
        swatch="point", swatch_color=style.WINDOW, label_class="atlas-label-node")


def _corridors(atlas, basemap, lang):
    zh = lang == "zh"
    frame = atlas.corridors
    belt_of = {}
    for row in frame[frame["kind"] == "belt"].to_dict("records"):
        for m in row["members"] or []:
            belt_of.setdefault(m, row["id"])
    cities = atlas.new_cities.set_index("id")

    def fill(row):
        belt = belt_of.get(row["id"]) or (row.get("belt") or None)
        return style.belt_color(belt) if belt else "#ffffff"

    legend = [{"k": "fill", "c": style.belt_color(r["id"]), "e": style.NEW_CITY_EDGE,
               "l": ("成员新城：" if zh else "member new city: ") + pick(r, "name", lang)}
              for r in frame[frame["kind"] == "belt"].to_dict("records")]
    legend.append({"k": "fill", "c": "#ffffff", "e": style.NEW_CITY_EDGE,
                   "l": "不属于示范带" if zh else "in no belt"})
    layers = webdata.base_layers(atlas, lang)
    layers.append(webdata.new_city_layer(atlas, lang, fill=fill, opacity=0.3, legend_items=legend))
    layers += webdata.corridor_layers(atlas, lang)
    core = _core_engines(atlas, lang)
    if core:
        layers.append(core)
    view = webdata.bounds([atlas.new_cities, atlas.corridors], pad=0.03)

    records = frame.drop(columns="geometry").to_dict("records")
    by_id = {r["id"]: r for r in records}

    def member_item(m):
        if m in cities.index:
            c = cities.loc[m]
            role = webdata._text(c.get("positioning_zh")) or webdata._text(
                c.get("three_engines_role") if zh else c.get("three_engines_role_en"))
            return pick(c, "name", lang), role, f"new_cities:{m}"
        n = by_id[m]
        return pick(n, "name", lang), pick(n, "role", lang), f"corridor_nodes:{m}"

    def items(members):
        return "".join(
            f'<li><button type="button" data-atlas-zoom="{_esc(target)}">{_esc(mname)}'
            f'<span class="atlas-sub">{_esc(mrole)}</span></button></li>'
            for mname, mrole, target in (member_item(m) for m in members)
        )

    parts = []
    for row in records:
        kind = row["kind"]
        if kind == "node":
            continue
        lid = "corridor_window" if kind == "window" else "corridor_belts"
        members = [m for m in row["members"] or [] if m in cities.index or m in by_id]
        members += [r["id"] for r in records
                    if r["kind"] == "node" and r.get("belt") == row["id"] and r["id"] not in members]
        role = pick(row, "role", lang)
        lis = items(members)
        parts.append(
            f'<h2><button type="button" class="atlas-filter" data-atlas-zoom="{lid}:{_esc(row["id"])}">'
            f"{_esc(pick(row, 'name', lang))}</button></h2>"
            + (f"<p>{_esc(role)}</p>" if role else "")
            + (f'<ul class="atlas-list">{lis}</ul>' if lis else "")
        )
    loose = [r["id"] for r in records if r["kind"] == "node" and not r.get("belt")]
    if loose:
        head = ("新区外的协同成员区（文中未指明属于哪条示范带）" if zh else
                "Partner zones outside the new area (the text does not say which belt)")
        parts.append(f"<h2>{_esc(head)}</h2>" f'<ul class="atlas-list">{items(loose)}</ul>')
    body = "".join(parts)
    return _map_page(atlas, "corridors", lang, basemap, layers, view, _side(atlas, "corridors", lang, body))
