"""What the map shows is not hidden or confusable: zoom caps, legend colours and swatches."""

import json
import math
import re

import pytest

from atlas.maps import style
from atlas.model import measure
from atlas.render.web import pages as webmap


def lab(hex_colour):
    """CIE L*a*b* (D65) of an sRGB hex colour."""
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in rgb]
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def delta_e(a, b):
    return math.dist(lab(a.lower()), lab(b.lower()))


#: two legend colours closer than this (CIE76) read as the same colour
DISTINCT = 10.0


def payloads(atlas, lang):
    out = {}
    for page in webmap.render_pages(atlas, lang=lang):
        found = re.search(r'<script type="application/json" id="atlas-data">(.*?)</script>',
                          page.html, re.S)
        if found:  # a map page
            out[page.filename] = json.loads(found.group(1))
    assert {"parks.html", "output.html", "overview.html"} <= set(out)
    return out


def legend_items(data):
    return [(layer["id"], item) for layer in data["layers"] if layer.get("legend")
            for item in layer["legend"]["items"]]


def test_a_three_km_sketch_is_not_shown_at_a_one_km_scale():
    # at the cap, ± precision (2 × precision_m across) fills a quarter of the shorter side
    for p, side in ((3000, 900), (3000, 390), (300, 720)):
        z = measure.zoom_cap(p, 34.3, side)
        metres_per_px = 40075016.686 / 256 * math.cos(math.radians(34.3)) / 2 ** z
        assert 2 * p / metres_per_px == pytest.approx(measure.PRECISION_VIEW_SHARE * side)
        assert side * metres_per_px == pytest.approx(8 * p)  # ±3 km: 24 km across, not 1 km
    # ten times as precise: log2(10) zoom levels closer; a bigger screen: closer by its ratio
    assert measure.zoom_cap(300, 34.3, 900) - measure.zoom_cap(3000, 34.3, 900) == pytest.approx(
        math.log2(10))
    assert measure.zoom_cap(3000, 34.3, 1) + math.log2(900) == pytest.approx(
        measure.zoom_cap(3000, 34.3, 900))
    assert measure.zoom_cap(3000, 34.3, 900) < 12.5
    for unknown in (None, "", float("nan"), 0, -5, "abc"):
        assert measure.zoom_cap(unknown, 34.3) is None


def test_parks_and_new_cities_carry_their_zoom_cap(real_atlas):
    data = payloads(real_atlas, "zh")["parks.html"]
    layers = {layer["id"]: layer for layer in data["layers"]}
    precision = real_atlas.parks.set_index("id")["precision_m"]
    for f in layers["parks"]["features"]:
        lat = real_atlas.parks.set_index("id").geometry[f["id"]].centroid.y
        assert f["mz"] == pytest.approx(measure.zoom_cap(precision[f["id"]], lat), abs=1e-3)
    assert all("mz" in f for f in layers["new_cities"]["features"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_two_legend_entries_of_a_page_share_a_colour(real_atlas, lang):
    checked = 0
    for name, data in payloads(real_atlas, lang).items():
        items = legend_items(data)
        for i, (layer_a, a) in enumerate(items):
            for layer_b, b in items[i + 1:]:
                if a["l"] in b["l"] or b["l"] in a["l"]:
                    continue  # one thing in two layers (a belt's band, its nodes, its members)
                checked += 1
                # a swatch is its fill and its edge: one of them must tell the two apart
                apart = max(delta_e(a["c"], b["c"]),
                            delta_e(a.get("e", a["c"]), b.get("e", b["c"])))
                assert apart >= DISTINCT, (name, layer_a, a, layer_b, b)
    assert checked > 100


def test_the_style_table_has_no_two_unrelated_colours_alike():
    named = {"window": style.WINDOW, "window core": style.WINDOW_CORE,
             **{f"new city {k}": v for k, v in style.NEW_CITY.items()},
             **{f"platform {k}": v for k, v in style.PLATFORM_KIND.items()},
             **{f"belt {k}": v for k, v in style.BELT.items()}, "carrier": style.CARRIER}
    pairs = [(a, b) for a in named for b in named if a < b]
    close = [(a, b) for a, b in pairs if delta_e(named[a], named[b]) < DISTINCT]
    assert pairs and close == []


def test_window_swatch_is_dashed_and_nearly_empty_as_drawn(real_atlas):
    checked = 0
    for name, data in payloads(real_atlas, "zh").items():
        layers = {layer["id"]: layer for layer in data["layers"]}
        if "corridor_window" not in layers:
            continue
        window = layers["corridor_window"]
        assert window["style"]["dashArray"]
        (item,) = window["legend"]["items"]
        assert item["dash"] is True and item["o"] == window["style"]["fillOpacity"]
        assert item["e"] == window["style"]["color"] == style.WINDOW
        if "new_cities" in layers:
            # a legend entry per new city is dashed where that city's outline is
            drawn = {f["tip"]: bool(f.get("st", {}).get("dashArray"))
                     for f in layers["new_cities"]["features"]}
            per_city = [i for i in layers["new_cities"]["legend"]["items"] if i["l"] in drawn]
            assert all(bool(i.get("dash")) == drawn[i["l"]] for i in per_city), name
            checked += len(per_city)
    assert checked >= 6 and True in drawn.values()


def test_a_total_names_the_wordings_it_adds_up():
    from atlas.maps.words import total_label

    assert total_label(220.0, ["about"]) == "合计 220 亿元（左右）"
    assert total_label(1500.0, ["about", "strive_to_exceed"]) == "合计 1,500 亿元（左右、力争突破，仅示意）"
    assert total_label(1500.0, ["about", "strive_to_exceed"], "en") == (
        "total 1,500 (100 M CNY; about, strive to exceed; indicative)")
    assert total_label(100.0, [], "en") == "total 100 (100 M CNY)"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_output_map_new_city_totals_carry_their_qualifiers_on_the_map(real_atlas, lang):
    from atlas.maps.words import qualifier

    totals = measure.totals(real_atlas, "new_city").set_index("id")
    layers = {layer["id"]: layer for layer in payloads(real_atlas, lang)["output.html"]["layers"]}
    labelled = 0
    for f in layers["new_cities"]["features"]:
        quals = totals.loc[f["id"], "qualifiers"]
        if totals.loc[f["id"], "output_target_2025"] != totals.loc[f["id"], "output_target_2025"]:
            continue
        assert quals and all(qualifier(q, lang) in f["lab"]["t"] for q in quals), f["lab"]
        if len(quals) > 1:
            assert ("仅示意" if lang == "zh" else "indicative") in f["lab"]["t"]
        labelled += 1
    assert labelled >= 4
