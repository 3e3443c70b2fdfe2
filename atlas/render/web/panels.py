"""The side panel of each map page, rendered from templates/panel_*.html.j2.

A map spec names its panel (``MapSpec.panel``); each panel here gathers what its
template shows. Templates escape every value (autoescape), so names from the
data render as text.
"""

from atlas.maps import catalog, rules
from atlas.maps.words import (CARRIER_ROLES, CLUSTER_ORIGINS, PLACES, TEXT, cluster_name, qualifier,
                              source_title, target_label, words)
from atlas.maps.words import BENCH, target_total_text
from atlas.maps.words import BENCHMARK_TOPICS, CENTRE_KINDS, CONTEXT, ZONE_BASES, source_name
from atlas.model import measure, places, query
from atlas.render import templating, timeline
from atlas.render.web.payload import FIELDS, by_id, fmt_num, number, pick, records, sources

_PACKAGE = "atlas.render.web"


def side(atlas, spec, lang, parks, title=None, filtered=None, standalone=False):
    """The <aside> of a map page: title, navigation, description, legend, panel, credits."""
    context = {
        "title": title or spec.title(lang),
        "nav": [] if standalone else nav(spec.name, lang),
        "description": spec.description(lang),
        "credits": credits(atlas, lang, spec),
        "wide": False,
    }
    if spec.panel:
        context.update(PANELS[spec.panel](atlas, lang, parks=parks, filtered=filtered))
    template = f"panel_{spec.panel or 'none'}.html.j2"
    return templating.render(_PACKAGE, template, **context).strip()


def nav(current, lang):
    """Links to the home page and every map, the current one marked."""
    links = [{"href": "index.html", "label": TEXT[lang]["home"], "current": current == "index"}]
    links += [{"href": m.filename, "label": m.title(lang), "current": m.name == current}
              for m in catalog.MAPS]
    return links


def sources_list(atlas, lang):
    """(title, detail, file) per source document: the manifest, else the files quoted."""
    out = []
    manifest = atlas.manifest
    if len(manifest) and "file" in manifest.columns:
        for row in manifest.fillna("").to_dict("records"):
            title = source_title(row["file"], lang, row.get("title", ""))
            detail = ", ".join(x for x in (row.get("publisher", ""), row.get("date", "")) if x)
            out.append((title, detail, row["file"]))
    else:
        files = sorted({s["file"] for srcs in atlas.parks["sources"] for s in srcs})
        out = [(source_title(f, lang), "", f) for f in files]
    return out


def credits(atlas, lang, spec=None):
    """The page's credits: the sources ``spec.credit`` declares (else every source listed)
    and where the outlines come from."""
    t = TEXT[lang]
    credit = spec.credit if spec is not None else None
    items = []
    for title, detail, file in sources_list(atlas, lang):
        if credit is not None and file not in credit.sources:
            continue
        if detail:
            items.append(f"{title}（{detail}）" if lang == "zh" else f"{title} ({detail})")
        else:
            items.append(title)
    methods = set(atlas.context_districts["geocode_method"])
    return {
        "title": t["credits"],
        "caveat": t["caveat"],
        "sources": t["sources"] + ("：" if lang == "zh" else ":"),
        "entries": items,
        "districts": t["districts_credit"] if "extracted_cnmaps_simplified" in methods else "",
    } if credit is None else {
        "title": t["credits"],
        "caveat": credit.made(lang) + ("。" if lang == "zh" else "."),
        "sources": t["sources"] + ("：" if lang == "zh" else ":"),
        "entries": items,
        "districts": credit.outlines(lang) + ("。" if lang == "zh" else "."),
    }


# --- the panels -------------------------------------------------------------------------


_COUNTED = {
    "new_cities": ("新城与特别功能区", "New cities and special zone"),
    "parks": ("特色产业园区", "Featured parks"),
    "corridors": ("一总两带要素", "Window, belts and nodes"),
    "platforms": ("创新平台", "Platforms"),
    "context_districts": ("县级行政区", "Counties and districts"),
    "rivers": ("河流", "Rivers"),
}


def _counts(atlas, lang, **_):
    i = 0 if lang == "zh" else 1
    rows = [(names[i], len(atlas.layers[k])) for k, names in _COUNTED.items()]
    rows.append((PLACES[lang]["layer"], len(places.located(atlas))))
    return {"head": "本图包含" if lang == "zh" else "On this map", "rows": rows}


def carrier_rows(atlas, frame, lang):
    """Carriers as name, role, new city, park and quotes, for lists and tables."""
    zh = lang == "zh"
    parks = by_id(atlas.parks)
    cities = by_id(atlas.new_cities)
    out = []
    for r in records(frame):
        park = r.get("park") or ""
        city = r.get("new_city") or ""
        out.append({
            "id": r["id"], "name": pick(r, "name", lang), "other": pick(r, "name", "en" if zh else "zh"),
            # the English role says more where the data gives one (role_en)
            "role": (_text(r.get("role_en")) if not zh else "")
            or words(CARRIER_ROLES, r.get("role"), lang),
            "park_id": park if park in parks else "",
            "park": pick(parks[park], "name", lang) if park in parks else "",
            "new_city": pick(cities[city], "name", lang) if city in cities else "",
            "quotes": sources(r, lang),
        })
    return out


def _places(atlas, lang, **_):
    """The overview's panel: what the map holds, and every carrier the plan names, by how
    precisely the text places it."""
    w = PLACES[lang]
    frame = atlas.carriers
    located = carrier_rows(atlas, places.located(atlas), lang)
    by_park = {}
    for row in located:
        by_park.setdefault(row["park_id"], {"name": row["park"], "id": row["park_id"],
                                            "rows": []})["rows"].append(row)
    only_city = carrier_rows(atlas, places.only_new_city(atlas), lang)
    by_city = {}
    for row in only_city:
        by_city.setdefault(row["new_city"], []).append(row)
    unlocated = carrier_rows(atlas, frame[frame["location_level"] == "unlocated"], lang)
    context = _counts(atlas, lang)
    context.update({
        "wide": True, "w": w,
        "located": list(by_park.values()), "n_located": len(located),
        "only_city": list(by_city.items()), "n_only_city": len(only_city),
        "unlocated": unlocated,
    })
    return context


def _filters(atlas, lang, parks, filtered=None, **_):
    zh = lang == "zh"
    t = TEXT[lang]
    total = len(parks)
    tax = atlas.taxonomy

    def count(keys):
        # every tag counts, as in atlas.model.query.parks (a park is in each of its clusters)
        keys = set(keys)
        return int(parks["tagged_sectors"].map(lambda s: bool(keys.intersection(s))).sum())

    def button(kind, value, text, n, color=""):
        return {"kind": kind, "value": value, "text": text, "n": n, "color": color}

    def both(zh_name, en_name):  # a chip speaks the page's language only
        return zh_name if zh else en_name

    clusters = []
    for c in tax.clusters:
        members = tax.members(c)
        head = button("cluster", tax.name(c, lang), cluster_name(tax, c, lang),
                      count(members), tax.color(c))
        subs = [button("sector", tax.name(k, lang), both(tax.name(k), tax.name(k, "en")),
                       count(tax.resolve(k)))
                for k in members if k != c]
        clusters.append({"head": head, "subs": subs})
    cities = [
        button("new-city", row["name_zh"] if zh else row["name_en"],
               both(row["name_zh"], row["short_en"] or row["name_en"]),
               int((parks["new_city_id"] == row["id"]).sum()))
        for row in records(atlas.new_cities)
    ]
    belt_rows = rules.SELECTIONS["belts"](atlas, atlas.corridors).drop(columns="geometry")
    belts = [
        button("belt", row["name_zh"] if zh else row["name_en"],
               both(row["name_zh"], row["name_en"]), int((parks["belt"] == row["id"]).sum()))
        for row in belt_rows.to_dict("records")
    ]
    items = []
    for row in records(parks):
        target = target_label(number(row["output_target_2025"]), row["target_qualifier"], lang)
        sub = (f"{row['new_city']} · {'、'.join(row['sectors_zh'])} · {target}" if zh else
               f"{row['new_city_en']} · {', '.join(row['sectors_en'])} · {target}")
        items.append({"id": row["id"], "color": row["color"],
                      "name": row["short_name_zh"] if zh else row["short_name_en"], "sub": sub})
    plan = [tax.name(c, lang) for c in tax.clusters if tax.row(c).get("origin") == "plan"]
    clusters_note = t["clusters_note"].format(plan=("、" if zh else ", ").join(plan),
                                              mark=words(CLUSTER_ORIGINS, "atlas", lang))
    banner = (t["filtered"].format(what=filtered, n=total, total=len(atlas.parks))
              if filtered else "")
    summary = query.target_total(parks)
    b = BENCH[lang]
    return {"wide": True, "t": t, "b": b, "banner": banner, "total": total,
            "total_text": target_total_text(summary, lang),
            "print_title": b["print_all"].format(n=total),
            "figure_cmd": f"atlas figure parks --lang {lang} --size a4-landscape --dpi 300 "
                          f"--out parks.png",
            "all": button("all", "", t["all_parks"], total), "clusters": clusters,
            "clusters_note": clusters_note,
            "cities": cities, "belts": belts, "items": items}


def _qualifier_note(quals, lang):
    if len(quals) <= 1:
        return ""
    names = [qualifier(q, lang) for q in quals if qualifier(q, lang)]
    if lang == "zh":
        return "合计含“" + "”“".join(names) + "”口径，仅示意"
    return "sum mixes " + ", ".join(f"“{w}”" for w in names) + "; indicative"


def _totals(atlas, lang, **_):
    zh = lang == "zh"
    f = FIELDS[lang]
    totals = measure.totals(atlas, "new_city").set_index("id")
    rows = []
    for _, row in totals.iterrows():
        total = number(row["output_target_2025"])
        rows.append({"name": row["name_zh"] if zh else row["name_en"],
                     "note": _qualifier_note(row["qualifiers"], lang), "parks": int(row["parks"]),
                     "value": fmt_num(total) if total is not None else "—"})
    grand = sum(number(v) or 0 for v in totals["output_target_2025"])
    ranked = records(atlas.parks)
    ranked.sort(key=lambda r: -(number(r["output_target_2025"]) or -1))
    words = {
        "by_city": "按新城合计" if zh else "Totals by new city",
        "new_city": f["new_city"], "parks": f["parks"], "unit": "亿元" if zh else "10⁸ CNY",
        "total": "合计" if zh else "Total",
        "indicative": ("合计仅把文中数字相加；“左右”“力争突破”等口径不同，合计仅作示意。" if zh else
                       "Totals simply add the stated figures; as the qualifiers differ, "
                       "they are indicative."),
        "by_park": "各园区目标" if zh else "Targets by park",
    }
    return {"words": words, "rows": rows, "n_parks": len(atlas.parks), "grand": fmt_num(grand),
            "ranked": [{"id": r["id"], "name": r["short_name_zh"] if zh else r["short_name_en"],
                        "target": target_label(number(r["output_target_2025"]),
                                               r["target_qualifier"], lang)} for r in ranked]}


def _members(atlas, lang, **_):
    zh = lang == "zh"
    frame = atlas.corridors
    cities = by_id(atlas.new_cities, ("name_zh", "name_en", "positioning_zh",
                                      "three_engines_role", "three_engines_role_en"))
    rows = records(frame)
    nodes = {r["id"]: r for r in rows}

    def member(m):
        if m in cities:
            c = cities[m]
            role = _text(c.get("positioning_zh")) or _text(
                c.get("three_engines_role") if zh else c.get("three_engines_role_en"))
            return {"name": pick(c, "name", lang), "role": role, "target": f"new_cities:{m}"}
        n = nodes[m]
        return {"name": pick(n, "name", lang), "role": pick(n, "role", lang),
                "target": f"corridor_nodes:{m}"}

    parts = []
    for row in rows:
        kind = row["kind"]
        if kind == "node":
            continue
        lid = "corridor_window" if kind == "window" else "corridor_belts"
        ids = [m for m in row["members"] or [] if m in cities or m in nodes]
        ids += [r["id"] for r in rows
                if r["kind"] == "node" and r.get("belt") == row["id"] and r["id"] not in ids]
        parts.append({"target": f"{lid}:{row['id']}", "name": pick(row, "name", lang),
                      "role": pick(row, "role", lang), "members": [member(m) for m in ids]})
    loose = [member(r["id"]) for r in rows if r["kind"] == "node" and not r.get("belt")]
    head = ("新区外的协同成员区（文中未指明属于哪条示范带）" if zh else
            "Partner zones outside the new area (the text does not say which belt)")
    return {"parts": parts, "loose": loose, "loose_head": head}


def _text(value):
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _context(atlas, lang, **_):
    """The national page: the approvals timeline, the zones by date, the centres."""
    c = CONTEXT[lang]
    zones = atlas.demo_zones.sort_values(["approved", "seq"])
    names = zones["name_zh"] if lang == "zh" else zones["name_en"]
    svg = timeline.svg(zip(zones["approved"], names), c["timeline"], "2021-01-01")
    return {
        "timeline_head": c["timeline"], "timeline": svg, "wide": True,
        "zones": [{"id": r["id"], "name": pick(r, "name", lang), "approved": r["approved"],
                   "basis": words(ZONE_BASES, r["members_basis"], lang)}
                  for _, r in zones.iterrows()],
        "centres_head": words(CENTRE_KINDS, "international", lang) + " · "
        + words(CENTRE_KINDS, "regional_candidate", lang),
        "centres": [{"id": r["id"], "name": pick(r, "name", lang),
                     "kind": words(CENTRE_KINDS, r["kind"], lang)}
                    for _, r in atlas.innovation_centres.sort_values("seq").iterrows()],
    }


def _benchmark(atlas, lang, **_):
    """The Shanghai page: each figure a seed gives, quoted, beside the new area's."""
    c = CONTEXT[lang]
    zh = lang == "zh"
    places = dict(zip(atlas.shanghai_places["id"], atlas.shanghai_places["name_zh" if zh else "name_en"]))
    rows = []
    for _, r in atlas.shanghai_benchmark.sort_values("seq").iterrows():
        src = next(s for s in r["sources"] if s["field"] in ("figure_zh", "*"))
        mine = [s for s in r["sources"] if s["field"] == "xixian_zh"]
        rows.append({
            "place_id": r["place"] if r["place"] in places else "",
            "place": places.get(r["place"], c["shanghai"]),
            "topic": words(BENCHMARK_TOPICS, r["topic"], lang),
            "quote": src["quote"], "source": source_name(src["file"], src["locator"], lang),
            "xixian": "；".join(s["quote"] for s in mine) if r["xixian_zh"] else c["no_comparable"],
        })
    heads = (["地点", "方面", "原文"] if zh else ["Place", "Topic", "Quote"]) + [c["xixian_head"]]
    note = c["no_area"]
    return {"head": c["figures"], "heads": heads, "rows": rows, "note": note, "wide": True}


#: the panels a map spec can name
PANELS = {"counts": _counts, "places": _places, "filters": _filters, "totals": _totals, "members": _members,
          "context": _context, "benchmark": _benchmark}
