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


def parks(atlas, sector=None, new_city=None, belt=None, cluster=None, direct=False):
    """The parks matching every given filter (each may be None), in data order.

    A sector or cluster matches any of a park's tags (named, positioning, anchor
    or elsewhere); with a sector query the result has a ``match_reasons`` column.
    ``direct`` keeps only parks whose match is in their 重点发展 list.
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
    found = frame[mask]
    if reasons is not None:
        found = found.copy()
        found["match_reasons"] = found["id"].map(reasons)
    return found
