"""Shared base layers carry no more decimals than their stated precision justifies."""

import json
import re

import pytest

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
    assert assets.minify(name, source) == small  # same text, same bytes
    # minifying again changes nothing: nothing left to take out
    assert assets.minify(name, small) == small


@pytest.mark.parametrize("name,text,kept,gone", [
    ("x.js", "/*! licence: keep me */\n/* drop me */\nvar a = 1;  // drop\n", "/*! licence: keep me */",
     "drop"),
    ("x.css", "/*! licence: keep me */\n/* drop me */\na  {  color : red ; }\n", "/*! licence: keep me */",
     "drop"),
])
def test_minify_keeps_licence_comments_and_drops_the_rest(name, text, kept, gone):
    from atlas.render.web import assets

    small = assets.minify(name, text)
    assert kept in small and gone not in small
    assert ("var a=1" in small) if name.endswith(".js") else ("a{color:red}" in small)


def test_minify_refuses_other_files():
    from atlas.render.web import assets

    with pytest.raises(ValueError, match="x.html"):
        assets.minify("x.html", "<p>")


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
