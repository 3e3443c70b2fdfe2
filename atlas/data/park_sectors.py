"""Reading ``park_sectors.csv``: every park–sector tag checked against its seed.

The rule the tags follow is in ``atlas.model.tags`` and ``geodata/README.md``.
"""

from atlas.core.schema import PARK_SECTORS
from atlas.data import provenance
from atlas.data.readers import read_csv, split_list
from atlas.model.sector import normalize
from atlas.model.tags import BASES, OWN, fallback, sector_words


def read(folder, taxonomy, park_rows, seeds, report):
    """Tags from ``park_sectors.csv``, checked; {park id: [tag dict]} in file order.

    Without the file (an older data folder) each park's ``sectors`` become
    ``named`` tags with no quote, and a warning says so.
    """
    path = folder / PARK_SECTORS.filename
    parks = {r["id"]: r for r in park_rows or []}
    if not path.exists():
        report.warn(PARK_SECTORS.filename, "", "", "file is missing: tags fall back to "
                    "parks.csv sectors, with no basis or quote")
        return {pid: [fallback(k) for k in split_list(r.get("sectors"))]
                for pid, r in parks.items()}
    rows = read_csv(path, PARK_SECTORS, report) or []
    tags, seen = {}, {}
    for row in rows:
        where = f"row {row['_row']} ({row.get('park', '')}/{row.get('sector', '')})"
        ok = True
        for col in PARK_SECTORS.required:
            if not row.get(col):
                report.problem(PARK_SECTORS.filename, where, col, "is empty")
                ok = False
        if not ok:
            continue
        pair = (row["park"], row["sector"])
        if pair in seen:
            report.problem(PARK_SECTORS.filename, where, "sector", f"duplicate of row {seen[pair]}")
        seen.setdefault(pair, row["_row"])
        if parks and row["park"] not in parks:
            report.problem(PARK_SECTORS.filename, where, "park", f"'{row['park']}' is not a park id")
        if row["basis"] not in BASES:
            report.problem(PARK_SECTORS.filename, where, "basis",
                           f"'{row['basis']}' is not one of {', '.join(BASES)}")
        if row["sector"] not in taxonomy:
            report.problem(PARK_SECTORS.filename, where, "sector",
                           f"'{row['sector']}' is not a sector key in sectors.csv")
            continue
        text = seeds.text(row["file"])
        quote = provenance.squeeze(row["quote"])
        if text is None:
            report.problem(PARK_SECTORS.filename, where, "file",
                           f"seed file '{row['file']}' not found in seeds/")
        elif quote not in text:
            report.problem(PARK_SECTORS.filename, where, "quote",
                           f"quote not found in {row['file']}: «{row['quote'][:60]}»")
        words = sector_words(taxonomy, row["sector"])
        if not any(normalize(w) in normalize(quote) for w in words):
            report.problem(PARK_SECTORS.filename, where, "quote",
                           f"names none of the sector's words ({'、'.join(words)})")
        tags.setdefault(row["park"], []).append(
            {k: row[k] for k in ("sector", "basis", "file", "locator", "quote")})
    for pid, prow in parks.items():
        own = [t["sector"] for t in tags.get(pid, []) if t["basis"] in OWN]
        listed = split_list(prow.get("sectors"))
        if set(own) != set(listed):
            report.problem("parks.csv", f"row {prow['_row']} (id={pid})", "sectors",
                           f"must equal the park's named and positioning tags in "
                           f"{PARK_SECTORS.filename} ({';'.join(own) or 'none'})")
    return tags
