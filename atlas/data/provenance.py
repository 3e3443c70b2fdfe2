"""Check that every attribute row is backed by a verbatim quote from the seeds."""

import re
import unicodedata
from pathlib import Path

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SPACE = re.compile(r"\s+")
#: citations of the text itself (专栏11, 表1, 第四章第3节, Box 11, seed 002) are not facts
_REFERENCE = re.compile(
    r"专栏\s*\d+|表\s*\d+|图\s*\d+|第\s*[\d一二三四五六七八九十]+\s*[章节]|"
    r"§\s*\d+|\b(?:box|table|figure|chapter|section|seed|file|column)\s*\d+|\b00\d_[0-9a-f]+(?:\.txt)?",
    re.IGNORECASE,
)

#: columns holding ids, keys, codes or styling rather than facts: not scanned for numbers
NOT_FACTS = frozenset({
    "id", "key", "color", "seq", "_row", "official_area_source", "sectors", "new_city", "belt",
    "members", "cluster", "subject_id", "subject_table", "kind", "zone_type", "target_qualifier",
    "three_engines_role_en", "origin",
    # a park's official area comes from the planner's own records, named in official_area_source
    "official_area_km2", "park", "location_level", "role", "subject", "qualifier",
    "coverage", "members_basis", "not_stated", "topic", "place", "district",
})


def squeeze(text):
    """Text with all whitespace removed and width folded, for comparison."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def numbers_in(text, facts_only=False):
    """Numbers in a text as canonical strings: '120.0' -> '120', '5G' -> '5'.

    With ``facts_only``, citations such as 专栏11 or 表1 are skipped.
    """
    out = set()
    # units like km² are not numbers: drop superscripts before NFKC turns them into digits
    text = unicodedata.normalize("NFKC", re.sub("[\u00b2\u00b3\u00b9\u2070-\u2079]", "", text))
    if facts_only:
        text = _REFERENCE.sub(" ", text)
    for match in _NUMBER.findall(text):
        value = match.lstrip("0") or "0"
        if "." in value:
            value = value.rstrip("0").rstrip(".")
            value = value if not value.startswith(".") else "0" + value
        out.add(value)
    return out


class Seeds:
    """The seed files, read once and squeezed."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self._cache = {}

    def text(self, name):
        """Squeezed text of a seed file, or None if it is not a file inside the folder."""
        if name not in self._cache:
            path = (self.folder / name).resolve()
            inside = self.folder.resolve() in path.parents
            self._cache[name] = (
                squeeze(path.read_text(encoding="utf-8")) if inside and path.is_file() else None
            )
        return self._cache[name]


def check(provenance_rows, tables, seeds, report, filename="provenance.csv", skip=None):
    """Report quotes not found in their seed, rows with no source, and numbers not quoted.

    ``tables`` maps a table name to (Table, rows) for every table that needs sources.
    ``skip`` holds (table, key, column) cells already reported as malformed numbers:
    '1,000' is one mistake, not also the unquoted numbers 1 and 0.
    Returns {(table, id): [source dicts]}.
    """
    skip = set(skip or ())
    sources = {}
    known = {name: {row[t.key] for row in rows} for name, (t, rows) in tables.items()}
    for row in provenance_rows:
        where = f"row {row['_row']} ({row['table']}/{row['id']})"
        text = seeds.text(row["file"])
        if text is None:
            report.problem(filename, where, "file", f"seed file '{row['file']}' not found in seeds/")
        elif squeeze(row["quote"]) not in text:
            report.problem(
                filename, where, "quote", f"quote not found in {row['file']}: «{row['quote'][:60]}»"
            )
        if row["table"] not in known:
            report.problem(filename, where, "table", f"unknown table '{row['table']}'")
        elif row["id"] not in known[row["table"]]:
            report.problem(filename, where, "id", f"no {row['table']} row has id '{row['id']}'")
        sources.setdefault((row["table"], row["id"]), []).append(
            {
                "file": row["file"],
                "locator": row["locator"],
                "quote": row["quote"],
                "field": row.get("field", "") or "*",
            }
        )
    for name, (table, rows) in tables.items():
        for row in rows:
            rid = row[table.key]
            where = f"row {row['_row']} ({table.key}={rid})"
            found = sources.get((name, rid))
            if not found:
                report.problem(
                    table.filename, where, "", "has no source: add a row to provenance.csv"
                )
                continue
            quoted = set().union(*(numbers_in(s["quote"]) for s in found))
            for col, value in row.items():
                if col in NOT_FACTS or not isinstance(value, str) or (name, rid, col) in skip:
                    continue
                missing = numbers_in(value, facts_only=True) - quoted
                if missing:
                    report.problem(
                        table.filename,
                        where,
                        col,
                        f"number(s) {', '.join(sorted(missing))} appear in no quote for this row",
                    )
    return sources
