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

from atlas.core.cachedir import cache_dir

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


# --- PDF fonts ------------------------------------------------------------------------------
# Noto Sans CJK is OpenType with CFF outlines. matplotlib's PDF writer embeds every font it
# subsets as TrueType (CIDFontType2, FontFile2), so poppler warns "Mismatch between font type
# and embedded font file", and it re-reads the 20 MB collection for each PDF (about a second
# per font file). So once per glyph set we cut the font down to the characters the atlas can
# show, convert the outlines to TrueType quadratics and cache the small file; the PDFs then
# embed a true TrueType subset of it, fast and without the warning. Advance widths are kept,
# so text measures the same; PNG and SVG keep the installed font.

PDF_FAMILY = "Xixian Atlas CJK"  # the cached fonts' family: never an installed one
_CONVERTER = "cu2qu-1"  # bump when the conversion changes, so old cache files are not reused
#: always in the subset: ASCII, Latin-1, punctuation, arrows, maths (≤), shapes, CJK and
#: full-width punctuation; the rest comes from the data and the wording (figure.charset)
BASE_CHARS = "".join(chr(c) for c in [*range(0x20, 0x7F), *range(0xA0, 0x100),
                                       *range(0x2010, 0x2070), *range(0x2190, 0x2300),
                                       *range(0x25A0, 0x2600), *range(0x3000, 0x3040),
                                       *range(0xFF00, 0xFF66)])


def _source_files(family):
    """The installed files of ``family`` for the weights figures use (regular, bold)."""
    files = []
    for weight in ("normal", "bold"):
        path = font_manager.findfont(font_manager.FontProperties(family=family, weight=weight),
                                     fallback_to_default=False)
        if _face(path) not in files:
            files.append(_face(path))
    return files


def _face(path):
    """(file, face index in a collection) of a matplotlib font path."""
    return str(path), getattr(path, "face_index", 0)


def _convert(source, chars, out):
    """Write ``chars`` of the font ``source`` (file, face) to ``out`` with TrueType outlines."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable
    from fontTools.ttLib.tables._g_l_y_f import table__g_l_y_f

    options = subset.Options(glyph_names=False, notdef_outline=True, recalc_timestamp=False,
                             layout_features=[], name_IDs=[1, 2, 3, 4, 6])
    options.drop_tables += ["VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "BASE", "DSIG"]
    font = TTFont(source[0], fontNumber=source[1], lazy=False, recalcTimestamp=False)
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=[ord(c) for c in chars])
    cutter.subset(font)
    if "CFF " in font:  # cubic CFF outlines -> quadratic glyf outlines
        order = font.getGlyphOrder()
        glyphs = font.getGlyphSet()
        glyf = table__g_l_y_f()
        glyf.glyphOrder = order
        glyf.glyphs = {}
        for name in order:
            pen = TTGlyphPen(None)
            glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
            glyf.glyphs[name] = pen.glyph()
        del font["CFF "]
        font["glyf"] = glyf
        font["loca"] = newTable("loca")
        font["head"].glyphDataFormat = 0
        maxp = font["maxp"]
        maxp.tableVersion = 0x00010000
        for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                     "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                     "maxComponentElements", "maxPoints", "maxContours",
                     "maxCompositePoints", "maxCompositeContours", "maxComponentDepth"):
            setattr(maxp, attr, 1 if attr == "maxZones" else 0)
        font["post"].formatType = 3.0
        font.sfntVersion = "\x00\x01\x00\x00"
    weight = "Bold" if font["OS/2"].usWeightClass >= 600 else "Regular"
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    ps = PDF_FAMILY.replace(" ", "") + "-" + weight
    for name_id, text in ((1, PDF_FAMILY), (2, weight), (3, ps), (4, f"{PDF_FAMILY} {weight}"),
                          (6, ps)):
        names.setName(text, name_id, 3, 1, 0x409)
    font.recalcTimestamp = False
    font.save(out)


def pdf_fonts(chars):
    """{installed CJK file: cached TrueType file of PDF_FAMILY holding ``chars``}, made once
    per glyph set; {} if that fails (PDFs then embed the installed font, as before)."""
    return dict(_pdf_fonts(cjk_font()[0], _glyphs(chars)))


def _glyphs(chars):
    return "".join(sorted(set(chars) | set(BASE_CHARS)))


def pdf_font_jobs(chars):
    """[(installed file, glyphs)]: each a ``make_pdf_font`` call that ``pdf_fonts(chars)``
    needs, so that a build can make them side by side (one file per process)."""
    return [(source, _glyphs(chars)) for source in _source_files(cjk_font()[0])]


def make_pdf_font(source, glyphs):
    """The cached subset of one installed file (made now if missing), or None if that
    fails."""
    import hashlib

    stat = os.stat(source[0])
    key = hashlib.sha256("\n".join([_CONVERTER, *map(str, source), str(stat.st_size),
                                    str(stat.st_mtime_ns), glyphs]).encode()).hexdigest()
    path = cache_dir() / "fonts" / f"{key[:32]}.ttf"
    if not path.is_file():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            _convert(source, glyphs, str(temp))
            os.replace(temp, path)
        except (OSError, ImportError, KeyError, AttributeError):
            return None
    return path


@lru_cache(maxsize=8)
def _pdf_fonts(family, chars):
    made = []
    for source in _source_files(family):
        path = make_pdf_font(source, chars)
        if path is None:
            return ()
        font_manager.fontManager.addfont(str(path))
        made.append((source, (str(path), 0)))
    return tuple(made)


class pdf_text:
    """Within this block every text of ``fig`` the cached fonts cover is set in PDF_FAMILY."""

    def __init__(self, fig, chars):
        self.fig, self.chars, self.saved = fig, chars, []

    def __enter__(self):
        from matplotlib.text import Text

        made = pdf_fonts(self.chars)
        if not made:
            return self
        covered = {src: _cmap(dst) for src, dst in made.items()}
        for text in self.fig.findobj(Text):
            props = text.get_fontproperties()
            source = _face(font_manager.findfont(props))
            have = covered.get(source)
            if have is None or not text.get_text():
                continue
            need = {ord(c) for c in text.get_text() if not c.isspace()}
            if not need <= have | (need - _cmap(source)):
                continue  # a character the subset lacks: keep the installed font
            swapped = props.copy()
            swapped.set_family([PDF_FAMILY, FALLBACK])
            self.saved.append((text, props))
            text.set_fontproperties(swapped)
        return self

    def __exit__(self, *exc):
        for text, props in self.saved:
            text.set_fontproperties(props)
        return False


@lru_cache(maxsize=16)
def _cmap(face):
    return frozenset(font_manager.get_font(font_manager.FontPath(*face)).get_charmap())
