"""The sector taxonomy: canonical sectors, their clusters, synonyms and colours."""

import difflib
import re
import unicodedata


def normalize(text):
    """Fold case, width and spacing so that '光伏', ' PhotoVoltaic ' and 'ＰＶ' compare simply."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    return re.sub(r"\s+", " ", text).strip()


class Taxonomy:
    """Sectors keyed by ``key``; a sector whose cluster is empty is itself a cluster."""

    def __init__(self, rows):
        self._rows = {row["key"]: row for row in rows}
        self._order = [row["key"] for row in rows]
        self._members = {}
        for row in rows:
            cluster = row.get("cluster") or row["key"]
            self._members.setdefault(cluster, []).append(row["key"])
        self._names = {}
        for row in rows:
            for name in [row["key"], row["name_zh"], row["name_en"], *row.get("synonyms", [])]:
                self._names.setdefault(normalize(name), set()).add(row["key"])

    def __contains__(self, key):
        return key in self._rows

    def __iter__(self):
        return iter(self._order)

    @property
    def clusters(self):
        return [k for k in self._order if self.is_cluster(k)]

    def is_cluster(self, key):
        return not self._rows[key].get("cluster")

    def cluster_of(self, key):
        return self._rows[key].get("cluster") or key

    def members(self, cluster):
        """The cluster's own key and every sector under it, in file order."""
        return list(self._members.get(cluster, []))

    def row(self, key):
        return self._rows[key]

    def name(self, key, lang="zh"):
        return self._rows[key]["name_en" if lang == "en" else "name_zh"]

    def color(self, key):
        return self._rows[key]["color"]

    def ambiguous_names(self):
        """Names or synonyms that point at more than one sector."""
        return {n: sorted(keys) for n, keys in self._names.items() if len(keys) > 1}

    def resolve(self, query):
        """The sector keys a query means: exact (normalized) match on key, names or
        synonyms; a cluster brings all its members. Empty set if nothing matches."""
        keys = set()
        for key in self._names.get(normalize(query), ()):
            keys.add(key)
            if self.is_cluster(key):
                keys.update(self.members(key))
        return frozenset(keys)

    def suggestions(self, query, limit=8):
        """The nearest known names, for error messages: those that contain the query
        or that it contains, then the closest spellings (difflib)."""
        q = normalize(query)
        found = []
        for key in self._order:
            row = self._rows[key]
            names = [row["name_zh"], row["name_en"], *row.get("synonyms", [])]
            if q and any(q in normalize(n) or normalize(n) in q for n in names if n):
                found.append(key)
        close = difflib.get_close_matches(q, sorted(self._names), n=limit, cutoff=0.5)
        for name in close:
            found.extend(sorted(self._names[name]))
        keys = list(dict.fromkeys(found))[:limit]
        return [f"{self._rows[k]['name_zh']} ({self._rows[k]['name_en']})" for k in keys]
