"""One page, both languages: a Chinese and an English render of the same page merged.

The renderers still write each page in one language; ``merge`` lays the two
renders side by side. Where their text differs it keeps both, as
``<span class="l10n" lang="zh-CN">…</span><span class="l10n" lang="en">…</span>``
(the style sheet hides the one that is not ``<html lang>``); where an attribute
differs (a placeholder, a link to a figure) the tag keeps the default's value and
carries the other in ``data-l10n`` (the default's place is null: it is in the tag
already). ``payload_diff`` does the same for a page's JSON: the page holds its default
language's data, and ``payload_patch`` the places that differ, each string once, deflated.
Home, report and snippets go further (``document``): the page holds one language only and
the other one's text and attributes are packed.
``lang/bilingual.js`` switches in place and keeps ``?lang=`` in the URL.
"""

import base64
import difflib
import html
import itertools
import json
import re
import zlib
from importlib import resources

from atlas.render.minify import minify

LANGS = ("zh", "en")
HTML_LANG = {"zh": "zh-CN", "en": "en"}

_TOKEN = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<[^>]+>)",
                    re.S | re.I)
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
# text in these cannot hold a <span>: it keeps the default and the tag carries both
_PLAIN_TEXT = {"title", "option", "textarea"}


# what JavaScript's \s calls blank: the page's script skips such text nodes too
_BLANK = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*")
# the HTML parser drops one newline just after these open
_SKIPS_NEWLINE = {"textarea", "pre", "listing"}


def _blank(raw):
    return _BLANK.fullmatch(html.unescape(raw)) is not None


class _Packed(str):
    """A text piece that keeps the default's text; ``value`` is the other language's."""

    def __new__(cls, text, value):
        piece = super().__new__(cls, text)
        piece.value = value
        return piece


def _ops(a, b):
    """[[start, end, inserted], …] (on ``a``, last first) that turn ``a`` into ``b``, or None
    where the edits would not be clearly shorter than ``b`` itself. Lines are matched first,
    then words and signs within the lines that differ."""
    if min(len(a), len(b)) < 40 or max(a + b) > "\uffff":  # JS counts UTF-16 units
        return None
    ops = []
    for (i, j), (k, m) in _diff(a.splitlines(keepends=True), b.splitlines(keepends=True)):
        ops += [[i + x, i + y, b[k + u:k + v]]
                for (x, y), (u, v) in _diff(_WORD.findall(a[i:j]), _WORD.findall(b[k:m]))]
    size = sum(len(o[2]) + 12 for o in ops)
    return ops[::-1] if size < len(b) * 0.9 else None


_WORD = re.compile(r"\w+|\W", re.S)


def _diff(pa, pb):
    """[((start, end) in "".join(pa), (start, end) in "".join(pb))] of the parts that differ."""
    at_a = [0, *itertools.accumulate(map(len, pa))]
    at_b = [0, *itertools.accumulate(map(len, pb))]
    return [((at_a[i1], at_a[i2]), (at_b[j1], at_b[j2])) for op, i1, i2, j1, j2 in
            difflib.SequenceMatcher(None, pa, pb, autojunk=False).get_opcodes() if op != "equal"]


def _apply_ops(a, ops):
    for start, end, inserted in ops:
        a = a[:start] + inserted + a[end:]
    return a


def _shown(raw, parent):
    """A text token as the browser's text node holds it."""
    text = html.unescape(raw)
    return text[1:] if parent in _SKIPS_NEWLINE and text.startswith("\n") else text


def _written(text, parent, like):
    """A text node's text as the templates write it (autoescaped), after ``like``'s newline."""
    lead = "\n" if parent in _SKIPS_NEWLINE and like.startswith("\n") else ""
    return lead + "".join(_ESCAPES.get(c, c) for c in text)


_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}


def _text_value(mine, other, parent):
    """The other language's text: its HTML as written, or the edits on the default's text
    (where the edited text, written again, is the other's HTML to the byte)."""
    shown = _shown(other, parent)
    if _written(shown, parent, mine) != other:
        return other
    ops = _ops(_shown(mine, parent), shown)
    return other if ops is None else ops


def _raw(value):
    """An attribute's value as written, without its quotes (entities kept)."""
    if value is None:
        return ""
    return value[1:-1] if value[:1] in "\"'" else value


def _pack_tag(a, b, default, attrs):
    """The default's tag marked ``data-lp``; its other-language attributes go to ``attrs``."""
    (name, attrs_a), (_, attrs_b) = _tag(a), _tag(b)
    mine, other = (attrs_a, attrs_b) if default == "zh" else (attrs_b, attrs_a)
    pairs = {attr: _raw(vo) for (attr, vm), (_, vo) in zip(mine, other)
             if vm != vo and not (name == "html" and attr == "lang")}
    base = a if default == "zh" else b
    if not pairs:
        return base
    attrs.append(pairs)
    end = -2 if base.endswith("/>") else -1
    return f"{base[:end]} data-lp{base[end:]}"



class MergeError(ValueError):
    """The two renders of a page do not have the same structure."""


def _tokens(page):
    return [t for t in _TOKEN.split(page) if t]


def _tag(token):
    """(name, [(attr, raw value or None)]) of a tag token; None for text, scripts, comments."""
    if not token.startswith("<") or token.startswith("<!") or token.startswith("</") \
            or re.match(r"<(script|style)\b", token, re.I):
        return None
    body = token[1:-1].rstrip("/")
    m = re.match(r"\s*([^\s/>]+)", body)
    if not m:
        return None
    attrs = [(a.group(1), a.group(2)) for a in _ATTR.finditer(body[m.end():])]
    return m.group(1).lower(), attrs


def _key(token):
    if not token.startswith("<"):
        return "#text"
    tag = _tag(token)
    if tag is None:
        return token if token.startswith("<!") or token.lower().startswith(("<script", "<style")) \
            else token.lower()
    return "<" + tag[0] + " " + " ".join(a for a, _ in tag[1])


def _unquote(raw):
    if raw is None:
        return ""
    if raw[:1] in "\"'":
        raw = raw[1:-1]
    return html.unescape(raw)


def _with_l10n(token, pairs):
    """``token`` with a data-l10n attribute holding {attr: [zh, en]}."""
    code = html.escape(json.dumps(pairs, ensure_ascii=False, sort_keys=True,
                                  separators=(",", ":")), quote=True)
    end = -2 if token.endswith("/>") else -1
    return f'{token[:end]} data-l10n="{code}"{token[end:]}'


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


def _balanced(tokens):
    """Do these tokens close every element they open, and no other?"""
    depth = 0
    for token in tokens:
        tag = _tag(token)
        if tag is not None and tag[0] not in _VOID and not token.endswith("/>"):
            depth += 1
        elif token.startswith("</"):
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _merge_tag(a, b, default):
    if a == b:
        return a
    (name, attrs_a), (_, attrs_b) = _tag(a), _tag(b)
    pairs = {}
    for (attr, va), (_, vb) in zip(attrs_a, attrs_b):
        if va != vb:
            pairs[attr] = [_unquote(va), _unquote(vb)]
    if name == "html":
        pairs.pop("lang", None)
    base = a if default == "zh" else b
    return _with_l10n(base, _drop_default(pairs, default)) if pairs else base


def _drop_default(pairs, default):
    """{attr: [zh, en]} with the default language's value null: the tag holds it already."""
    at = LANGS.index(default)
    return {k: [None if i == at else v for i, v in enumerate(pair)] for k, pair in pairs.items()}


def _span(text, lang):
    return f'<span class="l10n" lang="{HTML_LANG[lang]}">{text}</span>'


def _merge_text(a, b, parent):
    if a == b or not a.strip() and not b.strip():
        return a
    lead = a[:len(a) - len(a.lstrip())]
    trail = a[len(a.rstrip()):]
    return lead + _span(a.strip(), "zh") + _span(b.strip(), "en") + trail


def _opcodes(ka, kb):
    """SequenceMatcher's opcodes; the usual case, the same structure, is one run, found
    without the quadratic search."""
    if ka == kb:
        return [("equal", 0, len(ka), 0, len(kb))] if ka else []
    return difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()


def merge(page_zh, page_en, default="zh"):
    """One HTML text holding both renders; shows ``default`` until the page switches."""
    return "".join(_merged(page_zh, page_en, default, packed=False)[0])


def _merged(page_zh, page_en, default, packed):
    """([output pieces], {"text": …, "attr": …}). ``packed``: text and attributes that differ
    keep the default's value in place, and the other language's goes to the patch: a
    text by its place among the page's non-blank text nodes (a ``_Packed`` piece until the
    page is whole), a tag's attributes by its place among the tags marked ``data-lp``."""
    if default not in LANGS:
        raise ValueError(f"unknown language '{default}'; choose zh or en")
    ta, tb = _tokens(page_zh), _tokens(page_en)
    ka, kb = [_key(t) for t in ta], [_key(t) for t in tb]
    out, parent, title_at = [], None, None
    attrs = []
    for op, i1, i2, j1, j2 in _opcodes(ka, kb):
        if op != "equal":  # a part only one language has (a figure drawn in one language)
            if not (_balanced(ta[i1:i2]) and _balanced(tb[j1:j2])):
                where = "".join(ta[max(0, i1 - 3):i2 + 1])[:300]
                raise MergeError(f"the zh and en renders differ in structure near: {where!r}")
            for code, part in (("zh", ta[i1:i2]), ("en", tb[j1:j2])):
                if part:
                    out.append(f'<div class="l10n" lang="{HTML_LANG[code]}">{"".join(part)}</div>')
            continue
        for a, b in zip(ta[i1:i2], tb[j1:j2]):
            if not a.startswith("<"):
                mine, other = (a, b) if default == "zh" else (b, a)
                if packed and a != b and not _blank(a) and not _blank(b):
                    out.append(_Packed(mine, _text_value(mine, other, parent)))
                elif parent in _PLAIN_TEXT and a != b:
                    out.append(mine)
                    opener = out[title_at]
                    out[title_at] = _with_l10n(opener, _drop_default(
                        {"text": [html.unescape(a), html.unescape(b)]}, default))
                else:
                    out.append(_merge_text(a, b, parent))
                continue
            tag = _tag(a)
            if tag is not None:
                parent, title_at = tag[0], len(out)
            elif a.startswith("</"):
                parent = None
            if tag is None:
                out.append(a if default == "zh" else b)
            elif packed and a != b:
                out.append(_pack_tag(a, b, default, attrs))
            else:
                out.append(_merge_tag(a, b, default))
    if not packed:
        return out, None
    # each text by the count of non-blank text nodes since the previous one (small
    # numbers, which deflate well)
    gaps, texts, at, last = [], [], 0, -1
    for piece in out:
        if isinstance(piece, _Packed):
            gaps.append(at - last)
            texts.append(piece.value)
            at, last = at + 1, at
        else:
            at += sum(1 for t in _tokens(piece) if not t.startswith("<") and not _blank(t))
    return [str(piece) for piece in out], {"at": gaps, "text": texts, "attr": attrs}


def payload_diff(zh, en, path=()):
    """[[path, zh value, en value]] for every place two JSON-like values differ; a part
    whose shape differs is one entry."""
    if zh == en:
        return []
    if isinstance(zh, dict) and isinstance(en, dict) and zh.keys() == en.keys():
        return [d for k in sorted(zh) for d in payload_diff(zh[k], en[k], path + (k,))]
    if isinstance(zh, list) and isinstance(en, list) and len(zh) == len(en):
        return [d for i, (x, y) in enumerate(zip(zh, en)) for d in payload_diff(x, y, path + (i,))]
    return [[list(path), zh, en]]


def payload_patch(zh, en, lang):
    """What turns the page's data (``lang``'s) into the other language's, packed:
    {"pack": base64 of raw deflate}; ``payload_unpack`` gives {"at": …, "ix": …,
    "values": […]}. The page draws from its own data and unpacks this at load."""
    return {"pack": pack(_payload_places(zh, en, lang))}


def payload_unpack(island):
    """The {"at", "ix", "values"} a ``payload_patch`` (or a page's #atlas-l10n) packed."""
    if "pack" not in island:
        return island
    return json.loads(zlib.decompress(base64.b64decode(island["pack"]), -15).decode("utf-8"))


def _payload_places(zh, en, lang):
    """{"at": …, "ix": …, "values": […]}. A walk of the data (an object's keys sorted, a list's items in turn,
    each place before what it holds) numbers its places; ``at`` names each place that
    differs by its gap from the previous one, ``ix`` the index of its other-language value
    in ``values``, where a value used at many places (a source title, a row label) is
    stored once. Gaps and indexes are small numbers; the key paths they replace were a
    third of the patch."""
    mine, other = (zh, 2) if lang == "zh" else (en, 1)
    number = {path: n for n, path in enumerate(_places(mine))}
    at, ix, values, index, last = [], [], [], {}, -1
    for diff in payload_diff(zh, en):
        place, value = number[tuple(diff[0])], diff[other]
        key = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if key not in index:
            index[key] = len(values)
            values.append(value)
        at.append(place - last)
        ix.append(index[key])
        last = place
    return {"at": at, "ix": ix, "values": values}


def _places(value, path=()):
    """The path of every place under ``value``, in the page script's walk order."""
    items = sorted(value.items()) if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        yield path + (key,)
        if isinstance(item, (dict, list, tuple)):  # JSON has a list where Python had a tuple
            yield from _places(item, path + (key,))


def patch_leaves(data, patch):
    """[(path, value)] of the places a ``payload_patch`` sets in ``data`` (the page's own)."""
    patch = payload_unpack(patch)
    places = list(_places(data))
    out, at = [], -1
    for gap, i in zip(patch["at"], patch["ix"]):
        at += gap
        out.append((places[at], patch["values"][i]))
    return out


def asset(name):
    """A file of lang/ as the page carries it: minified."""
    text = resources.files("atlas.render").joinpath("lang", name).read_text(encoding="utf-8")
    return minify(name, text)


def switch():
    """The zh/en switch: a real button, named in the language it switches to."""
    return ('<button type="button" class="atlas-lang-switch" data-atlas-lang-switch="1">'
            '<span class="l10n" lang="zh-CN"><span lang="en">English</span></span>'
            '<span class="l10n" lang="en"><span lang="zh-CN">中文</span></span></button>')


def document(page_zh, page_en, default="zh"):
    """A whole page (home, report, snippets) in both languages, with the switch, its style
    and its script. The page is written in ``default``; the other language's text and
    attributes are packed (``pack``) and ``lang/docs.js`` unpacks them."""
    css, code = asset("docs.css"), asset("docs.js")
    if "</style" in css.lower() or "</script" in code.lower():
        raise ValueError("docs.css or docs.js would close its own element")
    renders = []
    for lang, page in (("zh", page_zh), ("en", page_en)):
        page = page.replace("</head>", f"<style>\n{css}</style>\n</head>", 1)
        body = re.search(r"<body\b[^>]*>", page)
        if body is None:
            raise MergeError("the page has no <body>")
        renders.append(page[:body.end()] + f'\n<div class="atlas-lang-bar">{_switch_in(lang)}</div>'
                       + page[body.end():])
    pieces, patch = _merged(*renders, default, packed=True)
    page = "".join(pieces)
    at = page.rindex("</body>")
    return (page[:at] + f'<script type="text/plain" id="atlas-l10n-pack" data-default="{default}">'
            f"{pack(patch)}</script>\n<script>\n{code}</script>\n" + page[at:])


def _switch_in(lang):
    """The switch on a page in ``lang``: named in the language it switches to."""
    to = "en" if lang == "zh" else "zh"
    return ('<button type="button" class="atlas-lang-switch" data-atlas-lang-switch="1">'
            f'<span lang="{HTML_LANG[to]}">{"English" if to == "en" else "中文"}</span></button>')


def pack(patch):
    """A patch as base64 of raw deflate (the browser's DecompressionStream('deflate-raw')),
    the same bytes for the same patch."""
    text = json.dumps(patch, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    z = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    return base64.b64encode(z.compress(text.encode("utf-8")) + z.flush()).decode("ascii")


def unpack(page):
    """(default language, patch) of a page ``document`` wrote, else None."""
    m = re.search(r'<script type="text/plain" id="atlas-l10n-pack" data-default="(\w+)">'
                  r'([^<]*)</script>', page)
    if m is None:
        return None
    text = zlib.decompress(base64.b64decode(m.group(2)), -15).decode("utf-8")
    return m.group(1), json.loads(text)


def _unpacked(page, lang):
    """A ``document`` page with the other language's text and attributes put in place, the
    switch, its script, style and pack left out."""
    default, patch = unpack(page)
    places = itertools.accumulate(patch["at"], initial=-1)
    next(places)
    texts = dict(zip(places, patch["text"]))
    attrs = iter(patch["attr"])
    out, at, parent = [], 0, None
    for token in _tokens(page):
        if not token.startswith("<"):
            if not _blank(token):
                value = texts.get(at) if lang != default else None
                if isinstance(value, list):
                    token = _written(_apply_ops(_shown(token, parent), value), parent, token)
                elif value is not None:
                    token = value
                at += 1
            out.append(token)
            continue
        tag = _tag(token)
        if tag is not None:
            parent = tag[0]
        elif token.startswith("</"):
            parent = None  # as ``_merged`` follows it
        if tag is not None and any(a == "data-lp" for a, _ in tag[1]):
            pairs = next(attrs)
            token = re.sub(r" data-lp(?=/?>)", "", token, count=1)
            if lang != default:
                for attr, value in pairs.items():
                    token = re.sub(rf'(\s{re.escape(attr)}=)("[^"]*"|\'[^\']*\'|[^\s>]+)',
                                   lambda x, v=value: f'{x.group(1)}"{v}"', token, count=1)
        out.append(token)
    text = re.sub(r'<html lang="[^"]*"', f'<html lang="{HTML_LANG[lang]}"', "".join(out), count=1)
    text = re.sub(r'\n?<div class="atlas-lang-bar"><button[^>]*>.*?</button></div>', "", text,
                  flags=re.S)
    text = re.sub(r'<script type="text/plain" id="atlas-l10n-pack"[^>]*>[^<]*</script>\n', "",
                  text)
    text = text.replace(f"<style>\n{asset('docs.css')}</style>\n", "")
    return text.replace(f"<script>\n{asset('docs.js')}</script>\n", "")


def _one_language_tag(token, lang):
    """A tag with its data-l10n attributes set to ``lang``'s values, and data-l10n gone."""
    m = re.search(r' data-l10n="([^"]*)"', token)
    pairs = json.loads(html.unescape(m.group(1)))
    token = token[:m.start()] + token[m.end():]
    for attr, values in pairs.items():
        if attr == "text" or values[LANGS.index(lang)] is None:  # null: the tag's own value
            continue
        value = html.escape(values[LANGS.index(lang)], quote=True)
        token = re.sub(rf'(\s{re.escape(attr)}=)("[^"]*"|\'[^\']*\'|[^\s>]+)',
                       lambda x: f'{x.group(1)}"{value}"', token, count=1)
    return token


def single(page, lang):
    """The page as a reader of ``lang`` sees it: the other language's text, the switch and
    its script and style left out (for tests and for reading a page as text)."""
    if unpack(page) is not None:
        return single(_unpacked(page, lang), lang)
    keep = HTML_LANG[lang]
    out, stack, skip, text_next = [], [], 0, None
    for token in _tokens(page):
        if text_next is not None and not token.startswith("<"):
            out.append(html.escape(text_next, quote=False))
            text_next = None
            continue
        tag = _tag(token)
        opens = tag is not None and tag[0] not in _VOID and not token.endswith("/>")
        if skip:
            skip += 1 if opens else -1 if token.startswith("</") else 0
            continue
        m = re.match(r'<(span|div) class="l10n" lang="([^"]+)">', token)
        if m and m.group(2) != keep:
            skip = 1
            continue
        if opens:
            stack.append(bool(m))  # a kept wrapper is unwrapped: its tags go
            if m:
                continue
        elif token.startswith("</") and stack and stack.pop():
            continue
        if 'data-l10n="' in token:
            pairs = json.loads(html.unescape(re.search(r' data-l10n="([^"]*)"', token).group(1)))
            if "text" in pairs and pairs["text"][LANGS.index(lang)] is not None:
                text_next = pairs["text"][LANGS.index(lang)]
            token = _one_language_tag(token, lang)
        out.append(token)
    text = re.sub(r'<html lang="[^"]*"', f'<html lang="{keep}"', "".join(out), count=1)
    text = re.sub(r'\n?<div class="atlas-lang-bar"><button[^>]*>.*?</button></div>', "", text,
                  flags=re.S)
    text = text.replace(f"<style>\n{asset('bilingual.css')}</style>\n", "")
    return text.replace(f"<script>\n{asset('bilingual.js')}</script>\n", "")
