"""Plain-text tables that line up Chinese text in a terminal."""

import unicodedata


def width(text):
    """Display width: wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def pad(text, cols, right=False):
    text = str(text)
    gap = " " * max(cols - width(text), 0)
    return gap + text if right else text + gap


def render(headers, rows, numeric=()):
    """A table with a header rule; columns named in ``numeric`` are right-aligned."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = [
        "  ".join(pad(h, w, h in numeric) for h, w in zip(headers, widths)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for row in cells:
        lines.append(
            "  ".join(pad(v, w, h in numeric) for v, h, w in zip(row, headers, widths)).rstrip()
        )
    return "\n".join(lines)
