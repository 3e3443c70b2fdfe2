"""Park–sector tags: which sectors each park has, on what basis, with its quote.

One rule for all parks (geodata/README.md): a tag is ``named`` (in the park's
重点发展 list in 专栏11), ``positioning`` (its 打造… sentence), ``anchor`` (an
anchor project's name) or ``elsewhere`` (another chapter ties the park to the
sector). ``parks.csv``'s ``sectors`` are exactly its named and positioning tags.
"""

from atlas.model.sector import normalize

BASES = ("named", "positioning", "anchor", "elsewhere")
#: bases that make a sector the park's own (its ``sectors`` in parks.csv)
OWN = ("named", "positioning")

#: how a park's one map colour is chosen; shown in legends
COLOUR_RULE = {
    "zh": "每个园区只用一种颜色：园区名称含有其重点发展或定位句中某一产业的名称（或同义词）时，"
    "取该产业所属集群的颜色；否则取重点发展清单中第一个产业所属集群的颜色。"
    "园区可属多个集群，筛选与合计按全部集群计。",
    "en": "Each park has one colour: if the park's name contains the name (or a synonym) of one "
    "of its named or positioning sectors, the colour of that sector's cluster; otherwise the "
    "cluster of the first sector in its 重点发展 list. A park may belong to several clusters; "
    "filters and totals count every one.",
}


def sector_words(taxonomy, key):
    """The Chinese words that name a sector: its name and its Chinese synonyms."""
    row = taxonomy.row(key)
    words = [row["name_zh"], *row.get("synonyms", [])]
    return [w for w in words if w and any("\u4e00" <= ch <= "\u9fff" for ch in w)]


def fallback(key):
    return {"sector": key, "basis": "named", "file": "", "locator": "", "quote": ""}


def clusters(tags, taxonomy):
    """Every cluster a park's tags fall in, in taxonomy order."""
    found = {taxonomy.cluster_of(t["sector"]) for t in tags}
    return [c for c in taxonomy.clusters if c in found]


def colour_cluster(name_zh, tags, taxonomy):
    """(cluster, deciding sector) by COLOUR_RULE; ('', '') for a park with no own sector."""
    own = [t["sector"] for t in tags if t["basis"] in OWN]
    name = normalize(name_zh)
    for key in own:
        if any(normalize(w) in name for w in sector_words(taxonomy, key)):
            return taxonomy.cluster_of(key), key
    named = [t["sector"] for t in tags if t["basis"] == "named"] or own
    return (taxonomy.cluster_of(named[0]), named[0]) if named else ("", "")


def reasons(query, tags, taxonomy):
    """How a park's tags match a sector query: a list of reason dicts, best first.

    ``how`` is ``direct`` (the query is the sector's key or name), ``synonym``,
    ``cluster`` (the query is a cluster the sector belongs to) or ``anchor``
    (the tag comes from an anchor project); ``basis`` and ``quote`` are the tag's.
    """
    q = normalize(query)
    out = []
    for tag in tags:
        key = tag["sector"]
        row = taxonomy.row(key)
        if q in {normalize(key), normalize(row["name_zh"]), normalize(row["name_en"])}:
            how = "direct"
        elif q in {normalize(s) for s in row.get("synonyms", [])}:
            how = "synonym"
        elif taxonomy.cluster_of(key) in taxonomy.resolve(query) and taxonomy.cluster_of(
            key
        ) != key:
            how = "cluster"
        else:
            continue
        if tag["basis"] == "anchor":
            how = "anchor"
        out.append({
            "how": how,
            "sector": key,
            "sector_zh": row["name_zh"],
            "sector_en": row["name_en"],
            **{k: tag[k] for k in ("basis", "file", "locator", "quote")},
        })
    order = {b: i for i, b in enumerate(BASES)}
    return sorted(out, key=lambda r: order.get(r["basis"], len(order)))


HOW = {
    "direct": ("直接", "direct"),
    "synonym": ("同义词", "synonym"),
    "cluster": ("集群", "cluster"),
    "anchor": ("重点项目", "anchor project"),
}
BASIS = {
    "named": ("重点发展", "named"),
    "positioning": ("定位句", "positioning"),
    "anchor": ("重点项目", "anchor"),
    "elsewhere": ("他处", "elsewhere"),
}


def reason_text(reason, lang="zh", quote=True):
    """One match reason in words, e.g. '医疗器械：直接（他处，专栏13…）«…»'."""
    i = 0 if lang == "zh" else 1
    sector = reason["sector_zh"] if lang == "zh" else reason["sector_en"]
    text = f"{sector}: {HOW[reason['how']][i]}, {BASIS[reason['basis']][i]} ({reason['locator']})"
    return text + (f" «{reason['quote']}»" if quote and reason.get("quote") else "")
