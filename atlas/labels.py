"""Words shown to people, in Chinese and English."""

from atlas import schema


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
