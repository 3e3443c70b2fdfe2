"""One page, both languages: a Chinese and an English render of the same page merged.

The renderers still write each page in one language; ``merge`` lays the two
renders side by side. Where their text differs it keeps both, as
``<span class="l10n" lang="zh-CN">…</span><span class="l10n" lang="en">…</span>``
(the style sheet hides the one that is not ``<html lang>``); where an attribute
differs (a placeholder, a link to a figure) the tag keeps the default's value and
carries the other in ``data-l10n`` (the default's place is null: it is in the tag
already). ``payload_diff`` does the same for a page's JSON: the page holds its default
language's data, and ``payload_patch`` the leaves that differ, each string once.
``lang/bilingual.js`` switches in place and keeps ``?lang=`` in the URL.
"""

import difflib
import html
import json
import re
from importlib import resources

LANGS = ("zh", "en")
HTML_LANG = {"zh": "zh-CN", "en": "en"}

_TOKEN = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<[^>]+>)",
                    re.S | re.I)
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
# text in these cannot hold a <span>: it keeps the default and the tag carries both
_PLAIN_TEXT = {"title", "option", "textarea"}


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
    """{attr: [zh, en]} with the default language's value null: the tag holds it already
    (a chart's data: URL is then stored twice, not three times)."""
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
    if default not in LANGS:
        raise ValueError(f"unknown language '{default}'; choose zh or en")
    ta, tb = _tokens(page_zh), _tokens(page_en)
    ka, kb = [_key(t) for t in ta], [_key(t) for t in tb]
    out, parent, title_at = [], None, None
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
                if parent in _PLAIN_TEXT and a != b:
                    out.append(a if default == "zh" else b)
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
            out.append(_merge_tag(a, b, default) if tag is not None else (a if default == "zh" else b))
    return "".join(out)


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
    """What turns the page's data (``lang``'s) into the other language's: {"tree": …,
    "values": […]}. The tree follows the data's keys (list indices as text) down to each
    leaf that differs, where it holds the index of that leaf's other-language value in
    ``values``; a value used at many leaves (a source title, a row label) is stored once."""
    other = 2 if lang == "zh" else 1
    tree, values, index = {}, [], {}
    for diff in payload_diff(zh, en):
        path, value = diff[0], diff[other]
        key = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if key not in index:
            index[key] = len(values)
            values.append(value)
        node = tree
        for step in path[:-1]:
            node = node.setdefault(str(step), {})
        node[str(path[-1])] = index[key]
    return {"tree": tree, "values": values}


def patch_leaves(tree, values):
    """[(path, value)] of a ``payload_patch`` tree, in the order the page's script walks it."""
    out = []
    for key, node in tree.items():
        if isinstance(node, dict):
            out += [((key,) + path, v) for path, v in patch_leaves(node, values)]
        else:
            out.append(((key,), values[node]))
    return out


def asset(name):
    """lang/bilingual.js or lang/bilingual.css as text."""
    return resources.files("atlas.render").joinpath("lang", name).read_text(encoding="utf-8")


def switch():
    """The zh/en switch: a real button, named in the language it switches to."""
    return ('<button type="button" class="atlas-lang-switch" data-atlas-lang-switch="1">'
            '<span class="l10n" lang="zh-CN"><span lang="en">English</span></span>'
            '<span class="l10n" lang="en"><span lang="zh-CN">中文</span></span></button>')


def document(page_zh, page_en, default="zh"):
    """A whole page (home, report, snippets) in both languages, with the switch, its style
    and its script."""
    page = merge(page_zh, page_en, default)
    css = asset("bilingual.css")
    code = asset("bilingual.js")
    if "</style" in css.lower() or "</script" in code.lower():
        raise ValueError("bilingual.css or bilingual.js would close its own element")
    page = page.replace("</head>", f"<style>\n{css}</style>\n</head>", 1)
    body = re.search(r"<body\b[^>]*>", page)
    if body is None:
        raise MergeError("the page has no <body>")
    page = (page[:body.end()] + f'\n<div class="atlas-lang-bar">{switch()}</div>'
            + page[body.end():])
    at = page.rindex("</body>")
    return page[:at] + f"<script>\n{code}</script>\n" + page[at:]


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
