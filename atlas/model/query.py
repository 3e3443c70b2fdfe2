"""Finding parks by sector, cluster, new city or belt."""

from atlas.model import tags as tags_mod
from atlas.model.sector import normalize


class QueryError(ValueError):
    """A query names nothing the atlas knows; the message lists what it does know."""


def resolve_sector(atlas, query):
    keys = atlas.taxonomy.resolve(query)
    if not keys:
        hint = atlas.taxonomy.suggestions(query)
        known = ", ".join(
            f"{atlas.taxonomy.name(k)} ({atlas.taxonomy.name(k, 'en')})" for k in atlas.taxonomy
        )
        raise QueryError(
            f"no sector or cluster is called '{query}'."
            + (f" Did you mean: {', '.join(hint)}?" if hint else "")
            + f" Known: {known}"
        )
    return keys


def resolve_cluster(atlas, query):
    keys = {k for k in atlas.taxonomy.resolve(query) if atlas.taxonomy.is_cluster(k)}
    if not keys:
        known = ", ".join(
            f"{atlas.taxonomy.name(k)} ({atlas.taxonomy.name(k, 'en')})"
            for k in atlas.taxonomy.clusters
        )
        raise QueryError(f"no cluster is called '{query}'. Known clusters: {known}")
    found = set()
    for key in keys:
        found.update(atlas.taxonomy.members(key))
    return frozenset(found)


def resolve_new_city(atlas, query):
    q = normalize(query)
    for row in atlas.new_cities.itertuples():
        names = (row.id, row.name_zh, row.name_en, row.short_zh, row.short_en)
        if q in {normalize(n) for n in names if n}:
            return row.id
    known = ", ".join(f"{r.name_zh} ({r.id})" for r in atlas.new_cities.itertuples())
    raise QueryError(f"no new city is called '{query}'. Known: {known}")


def belt_key(name):
    # the plan writes both 先进制造示范带 and 先进制造业示范带, with or without 秦创原
    return normalize(name).replace("秦创原", "").replace("业", "")


def resolve_belt(atlas, query):
    q = belt_key(query)
    belts = atlas.corridors[atlas.corridors["kind"] == "belt"]
    for row in belts.itertuples():
        if q in {belt_key(n) for n in (row.id, row.name_zh, row.name_en)}:
            return row.id
    known = ", ".join(f"{r.name_zh} ({r.id})" for r in belts.itertuples())
    raise QueryError(f"no belt is called '{query}'. Known: {known}")


def match_reasons(atlas, sector, direct=False):
    """{park id: [reason]} for every park a sector query finds (see atlas.model.tags.reasons).

    With ``direct``, only reasons whose basis is ``named`` count.
    """
    resolve_sector(atlas, sector)  # an unknown term is an error, with suggestions
    found = {}
    for pid, park_tags in zip(atlas.parks["id"], atlas.parks["tags"]):
        why = tags_mod.reasons(sector, park_tags, atlas.taxonomy)
        if direct:
            why = [r for r in why if r["basis"] == "named"]
        if why:
            found[pid] = why
    return found


def parks(atlas, sector=None, new_city=None, belt=None, cluster=None, direct=False, q=None,
          lang="zh"):
    """The parks matching every given filter (each may be None), in data order.

    A sector or cluster matches any of a park's tags (named, positioning, anchor
    or elsewhere); with a sector query the result has a ``match_reasons`` column.
    ``direct`` keeps only parks whose match is in their 重点发展 list. ``q`` searches as
    :func:`search` does (the parks page's search box) and adds a ``search_matches`` column.
    """
    frame = atlas.parks
    mask = frame["id"].notna()
    reasons = match_reasons(atlas, sector, direct) if sector is not None else None
    if reasons is not None:
        mask &= frame["id"].isin(reasons)
    if cluster is not None:
        keys = resolve_cluster(atlas, cluster)
        mask &= frame["tagged_sectors"].map(lambda s: bool(keys.intersection(s)))
    if new_city is not None:
        mask &= frame["new_city_id"] == resolve_new_city(atlas, new_city)
    if belt is not None:
        mask &= frame["belt"] == resolve_belt(atlas, belt)
    hits = search(atlas, q, lang) if q is not None and q.strip() else None
    if hits is not None:
        mask &= frame["id"].isin(hits)
    found = frame[mask]
    if reasons is not None or hits is not None:
        found = found.copy()
    if reasons is not None:
        found["match_reasons"] = found["id"].map(reasons)
    if hits is not None:
        found["search_matches"] = found["id"].map(hits)
    return found


def target_total(parks):
    """The stated 2025 targets of ``parks`` added up, with how much of it each qualifier
    words: ``{"parks", "stated", "not_stated", "total", "by_qualifier"}``.

    Parks whose target the plan does not state are counted in ``not_stated``, never
    added as 0. ``total`` is None when no park states one. ``by_qualifier`` runs from the
    largest share down (then by key), so that the words built from it are stable.
    """
    values = [v for v in parks["output_target_2025"]]
    shares = {}
    stated = 0
    for value, qual in zip(values, parks["target_qualifier"]):
        if value is None or value != value:
            continue
        stated += 1
        key = qual if isinstance(qual, str) else ""
        shares[key] = shares.get(key, 0.0) + float(value)
    ordered = sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))
    return {
        "parks": len(values),
        "stated": stated,
        "not_stated": len(values) - stated,
        "total": sum(v for _, v in ordered) if stated else None,
        "by_qualifier": dict(ordered),
    }


def _word_char(ch):
    return ch.isascii() and ch.isalnum()


def term_in(term, text):
    """Is normalized ``term`` in normalized ``text``? A Latin letter or digit at either end
    of the term must meet a word boundary there ("ai" is in "ai" and "ai chips", not in
    "airport" or "chain"); Chinese has no spaces, so it matches anywhere."""
    start = text.find(term)
    while start >= 0:
        end = start + len(term)
        left_ok = not _word_char(term[0]) or start == 0 or not _word_char(text[start - 1])
        right_ok = not _word_char(term[-1]) or end == len(text) or not _word_char(text[end])
        if left_ok and right_ok:
            return True
        start = text.find(term, start + 1)
    return False


def search_fields(row, taxonomy, lang="zh"):
    """What a planner may type to find a park: ``[kind, normalized text, text to show]``
    for its names, aliases, sectors (names and synonyms, and those of their clusters),
    anchor projects and new city. The parks page searches the same list, which it puts
    together from ``search_parts`` and ``sector_search_fields`` (sectors once per page)."""
    before, keys, after = search_parts(row, taxonomy)
    return (before + [f for key in keys for f in sector_search_fields(key, taxonomy, lang)]
            + after)


def search_parts(row, taxonomy):
    """``(fields before the sectors, the sector and cluster keys in search order, fields
    after)`` of a park's search_fields; the fields are ``[kind, normalized, shown]``."""
    def fields(*pairs):
        out = []
        for kind, text in pairs:
            if text:
                out.append([kind, normalize(text), str(text)])
        return out

    before = fields(*[("name", row.get(f))
                      for f in ("name_zh", "short_name_zh", "name_en", "short_name_en")],
                    *[("alias", a) for a in row.get("aliases_zh") or []])
    keys = []
    for key in row.get("tagged_sectors") or []:
        for k in (key, taxonomy.cluster_of(key)):
            if k and k not in keys:
                keys.append(k)
    after = fields(*[("anchor", a) for a in row.get("anchor_projects_zh") or []],
                   *[("new_city", row.get(f)) for f in ("new_city", "new_city_en")])
    return before, keys, after


def sector_search_fields(key, taxonomy, lang="zh"):
    """``[["sector", normalized, shown]]`` for a sector's (or cluster's) names and synonyms,
    shown as its name in ``lang``."""
    info = taxonomy.row(key)
    shown = taxonomy.name(key, lang)
    return [["sector", normalize(name), shown or str(name)]
            for name in (info["name_zh"], info["name_en"], *info.get("synonyms", [])) if name]


def search_hits(fields, text):
    """``[[term, kind, shown]]``: for each term of ``text`` (split on spaces) the first field
    holding it; None when a term is found nowhere (the terms combine with AND)."""
    hits = []
    for term in normalize(text).split(" "):
        if not term:
            continue
        found = next((f for f in fields if term_in(term, f[1])), None)
        if found is None:
            return None
        hits.append([term, found[0], found[2]])
    return hits


def search(atlas, text, lang="zh"):
    """``{park id: [[term, kind, shown]]}`` for the parks every term of ``text`` finds."""
    found = {}
    for row in atlas.parks.drop(columns="geometry").to_dict("records"):
        hits = search_hits(search_fields(row, atlas.taxonomy, lang), text)
        if hits is not None:
            found[row["id"]] = hits
    return found
