"""A real CJK font for the static figures, or a clear error: never tofu boxes.

The figures use one CJK font for every script (its Latin letters are good), with
DejaVu Sans (shipped with matplotlib) as a per-glyph fallback for the odd symbol
the CJK font lacks. ``ATLAS_CJK_FONT`` may name a font file or a family to use
instead of the search below.
"""

import os
from functools import lru_cache
from pathlib import Path

from matplotlib import font_manager

#: families tried in order; Noto Sans CJK SC is Debian's fonts-noto-cjk
PREFERRED = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Source Han Sans",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
)

#: file names of CJK fonts to register if matplotlib's font cache predates their install
_CJK_FILE_HINTS = ("cjk", "han", "hei", "wqy", "droidsansfallback", "yahei", "pingfang")

#: characters every atlas figure needs: if a font lacks any of them it is not used
PROBE = "西咸新区沣东泾河秦汉空港园区产值亿元左右力争突破示意北图例"

FALLBACK = "DejaVu Sans"

INSTALL_HINT = (
    "The figures need a font with Chinese characters and none was found. Install one, e.g. "
    "on Debian/Ubuntu: `sudo apt-get install fonts-noto-cjk` (Fedora: `sudo dnf install "
    "google-noto-sans-cjk-fonts`; macOS and Windows ship one), or point ATLAS_CJK_FONT at a "
    ".ttf/.otf/.ttc file with Chinese glyphs. Then run the command again."
)


class MissingFontError(OSError):
    """No installed font can draw the figures' Chinese text."""


def _covers(path, text=PROBE):
    """Whether the font at ``path`` (a file or matplotlib FontPath) has every glyph of text."""
    try:
        font = font_manager.get_font(path)
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(ch)) for ch in text)


def _by_family(name):
    """The file matplotlib would use for a family, or None if it would substitute another."""
    try:
        return font_manager.findfont(
            font_manager.FontProperties(family=name), fallback_to_default=False
        )
    except ValueError:
        return None


def _preferred():
    for family in PREFERRED:
        path = _by_family(family)
        if path and _covers(path):
            return family, str(path)
    return None


@lru_cache(maxsize=None)
def _find(override):
    if override:
        candidate = Path(override)
        if candidate.is_file():
            if not _covers(str(candidate)):
                raise MissingFontError(
                    f"ATLAS_CJK_FONT={override} has no Chinese glyphs. " + INSTALL_HINT
                )
            font_manager.fontManager.addfont(str(candidate))
            return font_manager.FontProperties(fname=str(candidate)).get_name(), str(candidate)
        path = _by_family(override)
        if path and _covers(path):
            return override, str(path)
        raise MissingFontError(
            f"ATLAS_CJK_FONT={override} is neither a font file nor an installed family with "
            "Chinese glyphs. " + INSTALL_HINT
        )
    found = _preferred()
    if found:
        return found
    # matplotlib caches its font list: register CJK files installed after the cache was made
    for fname in sorted(font_manager.findSystemFonts()):
        if any(hint in Path(fname).name.lower() for hint in _CJK_FILE_HINTS):
            try:
                font_manager.fontManager.addfont(fname)
            except (OSError, RuntimeError, ValueError):
                continue
    found = _preferred()
    if found:
        return found
    for entry in sorted(font_manager.fontManager.ttflist, key=lambda e: (e.name, e.fname)):
        if any(hint in entry.name.lower() for hint in _CJK_FILE_HINTS) and _covers(entry.fname):
            return entry.name, entry.fname
    raise MissingFontError(INSTALL_HINT)


def cjk_font():
    """(family, path) of the CJK font the figures use; raises MissingFontError."""
    return _find(os.environ.get("ATLAS_CJK_FONT", ""))


def rc_params():
    """matplotlib settings for print figures: the CJK font, text kept as text, no dates."""
    family, _ = cjk_font()
    return {
        "font.family": [family, FALLBACK],
        "axes.unicode_minus": False,
        "svg.fonttype": "none",  # SVG text stays searchable, editable text
        "svg.hashsalt": "xixian-atlas",  # stable ids, so two builds are byte-identical
        "pdf.fonttype": 42,  # embed TrueType/CID fonts (subsetted), not Type 3
        "ps.fonttype": 42,
        "pdf.compression": 6,
        "path.simplify": True,
        "figure.dpi": 100,
        "savefig.dpi": 300,
    }
