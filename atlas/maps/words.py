"""Words shown to people, in Chinese and English."""

from atlas.core import schema


def target_label(value, qualifier, lang="zh"):
    """'120 亿元左右' / 'about 120 (100 M CNY)'; '未说明' where the seeds are silent."""
    if value is None or value != value:
        return "规划未说明" if lang == "zh" else "not stated in the plan"
    number = f"{value:g}"
    if lang == "zh":
        if qualifier == "about":
            return f"{number} 亿元左右"
        if qualifier == "strive_to_exceed":
            return f"力争突破 {number} 亿元"
        return f"达到 {number} 亿元"
    words = schema.TARGET_QUALIFIERS.get(qualifier, ("", ""))[1]
    return f"{words} {number} (100 M CNY)".strip()


def main_source(atlas):
    """(title, publisher, date) of the seed the parks cite most, from seeds/manifest.csv.

    Empty strings where the manifest does not list it, so nothing is shown that
    the manifest does not say.
    """
    from collections import Counter

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
