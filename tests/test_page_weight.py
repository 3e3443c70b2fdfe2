"""Page weight (issue 15): shared base layers carry no more decimals than their stated
precision justifies; the atlas's own JS and CSS are minified; the parks page holds each
sector's search words once; GCJ-02 offsets are stored as differences."""

import json
import re

import numpy as np
import pytest
import shapely

from atlas.render import minify
from atlas.render.web import pages as webmap
from atlas.render.web import payload


@pytest.mark.parametrize("precision,decimals", [(300, 4), (2000, 3), (3000, 3), (20, 5), (10, 6),
                                                (0.5, 6), (None, 6), ("", 6), (50000, 2)])
def test_base_decimals_keep_a_tenth_of_the_precision(precision, decimals):
    assert payload.base_decimals(precision) == decimals
    if decimals < 6:  # the rounding step stays under a tenth of the precision ...
        assert 10 ** -decimals * 111_320 <= precision / 10
        if decimals > 1:  # ... and one decimal fewer would not
            assert 10 ** -(decimals - 1) * 111_320 > precision / 10


def _decimals(coords):
    if isinstance(coords[0], (int, float)):
        return max(len(repr(float(c)).split(".")[1].rstrip("0")) for c in coords)
    return max(_decimals(c) for c in coords)


def test_base_layers_are_rounded_to_their_precision_and_parks_are_not(real_atlas):
    page = next(p for p in webmap.render_pages(real_atlas) if p.name == "overview")
    island = re.search(r'<script type="application/json" id="atlas-data">(.*?)</script>',
                       page.html, re.S).group(1)
    layers = {layer["id"]: layer for layer in json.loads(island)["layers"]}
    districts = real_atlas.layers["context_districts"]
    seen = set()
    for lid, layer in layers.items():
        for feat in layer.get("features", []):
            most = _decimals(feat["g"]["c"])
            if feat["id"] in set(districts["id"]):
                row = districts.set_index("id").loc[feat["id"]]
                assert most <= payload.base_decimals(row["precision_m"]), (lid, feat["id"])
                assert len(feat["d"]) == 2 * sum(1 for _ in _points(feat["g"]["c"]))
                seen.add("district")
            elif feat["id"] in set(real_atlas.layers["parks"]["id"]):
                seen.add("park")
    assert seen == {"district", "park"}


def _points(coords):
    if isinstance(coords[0], (int, float)):
        yield coords
    else:
        for c in coords:
            yield from _points(c)


# --- the atlas's own JS and CSS, minified where pages carry them (issue 15's page weight) ----


OWN = ("atlas.js", "parks.js", "points.js", "atlas.css", "index.css")


@pytest.mark.parametrize("name", OWN)
def test_own_assets_are_minified_readable_in_the_package_and_deterministic(name):
    from atlas.render.web import assets

    source, small = assets.own(name), assets.own_min(name)
    assert "/*" in source  # the package keeps its comments
    assert "\n  " in source and "\n  " not in small  # indentation gone
    assert len(small) < 0.9 * len(source)
    assert "/*" not in small  # no comment left (ours carry no licence comment)
    assert minify.minify(name, source) == small  # same text, same bytes
    # minifying again changes nothing: nothing left to take out
    assert minify.minify(name, small) == small


@pytest.mark.parametrize("name,text,kept,gone", [
    ("x.js", "/*! licence: keep me */\n/* drop me */\nvar a = 1;  // drop\n", "/*! licence: keep me */",
     "drop"),
    ("x.css", "/*! licence: keep me */\n/* drop me */\na  {  color : red ; }\n", "/*! licence: keep me */",
     "drop"),
])
def test_minify_keeps_licence_comments_and_drops_the_rest(name, text, kept, gone):
    small = minify.minify(name, text)
    assert kept in small and gone not in small
    assert ("var a=1" in small) if name.endswith(".js") else ("a{color:red}" in small)


def test_minify_refuses_other_files():
    with pytest.raises(ValueError, match="x.html"):
        minify.minify("x.html", "<p>")


def test_map_pages_inline_the_minified_assets_and_leaflet_as_published(real_atlas):
    from atlas.render.web import assets

    built = {p.name: p.html for p in webmap.render_pages(real_atlas)}
    for name in ("overview", "parks", "output", "corridors"):
        page = built[name]
        assert assets.inline_script(assets.own_min("atlas.js")) in page, name
        assert assets.inline_style(assets.own_min("atlas.css")) in page, name
        assert assets.own("atlas.js") not in page, name
        # Leaflet is published minified, with its licence header: inlined as it is
        assert assets.inline_script(assets.leaflet_js()) in page and "@preserve" in page, name
    assert assets.inline_script(assets.own_min("parks.js")) in built["parks"]
    assert assets.own_min("index.css") in built["index"]


# --- the parks page's search index: sectors once per page ------------------------------------


def _expand(groups, sectors):
    """parks.js searchFields in Python: a park's compact groups back to search_fields."""
    out = []
    for kind, *entries in groups:
        for e in entries:
            if kind == "sector":
                out += [["sector", n, sectors[e][0]] for n in sectors[e][1:]]
            elif isinstance(e, str):
                out.append([kind, e, e])
            else:
                out.append([kind, e[0], e[1]])
    return out


def _first_hits(fields, terms):
    from atlas.model import query

    return [next(((f[0], f[2]) for f in fields if query.term_in(t, f[1])), None) for t in terms]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_search_index_holds_each_sectors_synonyms_once_and_finds_the_same(real_atlas, lang):
    from atlas.model import query

    data = payload.parks_filter_data(real_atlas, real_atlas.parks, 10, lang)
    sectors = data["findSectors"]
    rows = {r["id"]: r for r in real_atlas.parks.drop(columns="geometry").to_dict("records")}
    terms = set()
    for item in data["items"]:
        full = query.search_fields(rows[item["id"]], real_atlas.taxonomy, lang)
        short = _expand(item["find"], sectors)
        # the same fields in the same order, less repeated normalized texts of one sector
        assert [f for f in full if f[0] != "sector"] == [f for f in short if f[0] != "sector"]
        assert {tuple(f) for f in full} == {tuple(f) for f in short}
        assert len(short) <= len(full)
        terms |= {w for f in full for w in f[1].split(" ") if w}
        # a park names sector keys, never their synonyms
        assert not any(isinstance(e, list) and len(e) == 3 for g in item["find"] for e in g)
        for kind, *entries in item["find"]:
            if kind == "sector":
                assert entries and all(e in sectors for e in entries)
        # the first field holding a term is the same one (first-hit order kept)
        sample = sorted(terms)[:400]
        assert _first_hits(full, sample) == _first_hits(short, sample), item["id"]
    assert any(f[0] == "sector" for item in data["items"] for f in _expand(item["find"], sectors))
    for key, (shown, *norms) in sectors.items():
        assert shown == real_atlas.taxonomy.name(key, lang) and len(norms) == len(set(norms))
    # each synonym once per page: the parks no longer repeat them
    items, table = (json.dumps(x, ensure_ascii=False) for x in (data["items"], sectors))
    assert '"solar photovoltaic"' in table and "solar photovoltaic" not in items
    assert table.count('"solar photovoltaic"') == 1


def test_page_names_index_is_rebuilt_from_the_sectors(real_atlas):
    """parks.js builds taxonomy_index's names from sector_index's own and syn: same data."""
    names = payload.taxonomy_index(real_atlas.taxonomy)["names"]
    sectors = payload.sector_index(real_atlas.taxonomy, "zh")
    rebuilt = {}
    for key in sorted(sectors):
        for n in sectors[key]["own"] + sectors[key]["syn"]:
            rebuilt.setdefault(n, [])
            if key not in rebuilt[n]:
                rebuilt[n].append(key)
    assert rebuilt == names and len(names) > 100
    data = payload.parks_filter_data(real_atlas, real_atlas.parks, 10, "zh")
    assert data["tax"] == {"members": payload.taxonomy_index(real_atlas.taxonomy)["members"]}


def test_compact_search_entries_keep_the_shown_form_only_where_it_differs():
    assert payload._compact(["name", "沣东新城", "沣东新城"]) == "沣东新城"
    assert payload._compact(["name", "fengdong new city", "Fengdong New City"]) == [
        "fengdong new city", "Fengdong New City"]


# --- GCJ-02 offsets as differences, and one heading for all popups' quotes --------------------


def test_offsets_are_stored_as_differences_that_sum_back(real_atlas):
    import itertools

    from atlas.model import crs

    assert payload.deltas([5, -3, 7, -1, 6, 0]) == [5, -3, 2, 2, -1, 1]
    assert payload.deltas([]) == [] and payload.deltas([4, 2]) == [4, 2]
    page = next(p for p in webmap.render_pages(real_atlas) if p.name == "overview")
    data = json.loads(re.search(r'id="atlas-data">(.*?)</script>', page.html, re.S).group(1))
    frames = {n: real_atlas.layers[n].set_index("id") for n in ("parks", "context_districts")}
    checked = 0
    for layer in data["layers"]:
        for feat in layer["features"]:
            d = feat["d"]
            summed = [list(itertools.accumulate(d[0::2])), list(itertools.accumulate(d[1::2]))]
            for name, frame in frames.items():
                if layer["id"] == name and feat["id"] in frame.index:
                    geom = frame.loc[feat["id"], "geometry"]
                    decimals = 6 if name == "parks" else payload.base_decimals(
                        frame.loc[feat["id"], "precision_m"])
                    rounded = shapely.transform(geom, lambda xy: np.round(xy, decimals))
                    want = crs.offsets_micro(rounded)
                    assert summed == [want[0::2], want[1::2]], feat["id"]
                    checked += 1
    assert checked >= 15  # ten parks, seven districts
    feats = [f for layer in data["layers"] for f in layer["features"]]
    short = sum(len(json.dumps(f["d"], separators=(",", ":"))) for f in feats)
    absolute = sum(len(json.dumps([list(itertools.accumulate(f["d"][k::2])) for k in (0, 1)],
                                  separators=(",", ":"))) for f in feats)
    assert short < 0.7 * absolute  # the point of storing differences


def test_popups_share_one_source_heading(real_atlas):
    pages = {p.name: p.html for p in webmap.render_pages(real_atlas)}
    for name in ("overview", "parks"):
        data = json.loads(re.search(r'id="atlas-data">(.*?)</script>', pages[name], re.S).group(1))
        pops = [f["pop"] for layer in data["layers"] for f in layer["features"] if "pop" in f]
        assert any(p.get("src") for p in pops)
        assert not any("srcLabel" in p for p in pops)
        assert data["t"]["srcLabel"] == "原文出处"


# --- the snippets page: its own style and script minified, only the colours it uses ------


def test_css_variables_can_keep_only_the_colours_a_sheet_uses():
    from atlas.maps import style

    every = style.css_variables(style.DOCUMENT)
    some = style.css_variables(style.DOCUMENT, used_in="a{color:var(--atlas-doc-ink)}")
    assert some == ":root {\n  --atlas-doc-ink: " + style.DOCUMENT["doc-ink"] + ";\n}\n"
    assert len(every) > len(some) and every.count("--atlas-") == len(style.DOCUMENT)


@pytest.mark.parametrize("name", ["embed", "report"])
def test_the_docs_pages_define_every_colour_they_use_and_no_other(real_atlas, name):
    from atlas.render.docs import embed, report

    if name == "embed":
        page = embed._render_one(real_atlas, [("parks.html", "园区", "Parks")], "", "zh", "zh")
    else:
        page = report._render_one(real_atlas, [], "zh")
    css = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    defined = set(re.findall(r"(--atlas-[\w-]+):", css))
    used = set(re.findall(r"var\((--atlas-[\w-]+)\)", css))
    assert used and defined == used
    assert "\n  " not in css and "/*" not in css  # minified
    if name == "embed":
        script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
        assert "navigator.clipboard" in script and "\n  " not in script


def test_a_sheet_that_would_close_its_element_is_refused(monkeypatch):
    from atlas.render.docs import sheets

    monkeypatch.setattr(sheets, "_read", lambda name: "a{color:red}</style><script>x()")
    with pytest.raises(ValueError, match="close its own"):
        sheets.css("embed.css")
    monkeypatch.setattr(sheets, "_read", lambda name: "var a = '</script>';")
    with pytest.raises(ValueError, match="close its own"):
        sheets.script("embed.js")


def test_snippet_boxes_escape_only_what_a_textarea_needs(real_atlas):
    from atlas.render.docs import embed

    page = embed._render_one(real_atlas, [("parks.html", 'A "<b>&', "B")], "", "zh", "zh")
    box = re.search(r'<textarea id="snippet-1-iframe"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert box.startswith('&lt;iframe src="parks.html" title="A &amp;#34;&amp;lt;b&amp;gt;&amp;amp;"')
    assert "&#34;" not in box and "&gt;" not in box and "<" not in box
