"""One map spec: a map declared once in the catalog renders on the web, in print and on the
home page; web and print share the symbol point, the words and the colour rules."""

import json
import re

import pytest
from matplotlib.colors import to_hex
from pyproj import Transformer

from atlas.core import schema, settings
from atlas.maps import catalog, rules, style, words
from atlas.maps.spec import LabelRule, LayerSpec, MapSpec, Words
from atlas.render.print import figure
from atlas.render import bilingual
from atlas.render.web import pages

#: a map no renderer has heard of: only the new cities, over the districts and rivers
CITIES = MapSpec(
    name="cities",
    title=Words("新城范围", "The new cities"),
    figure_title=Words("西咸新区的新城", "Xixian New Area: the new cities"),
    label=Words("新城", "new cities"),
    description=Words("五个新城与能源金贸区。", "The five new cities and the Energy Trade Zone."),
    layers=(catalog.DISTRICTS, catalog.RIVERS,
            LayerSpec("new_cities", "new_cities", "fill", Words("新城", "New cities"),
                      group="new_cities", fill="own", label=LabelRule("name", "top"))),
    extent=("new_cities",),
)


@pytest.fixture
def with_cities(monkeypatch):
    monkeypatch.setattr(catalog, "MAPS", catalog.MAPS + (CITIES,))
    monkeypatch.setattr(catalog, "NAMES", catalog.NAMES + (CITIES.name,))
    return CITIES


def _payload(page):
    m = re.search(r'<script type="application/json" id="atlas-data">(.*?)</script>', page.html, re.S)
    return json.loads(m.group(1))


def test_a_new_map_in_the_catalog_renders_on_the_web(with_cities, synthetic_atlas):
    built = {p.name: p for p in pages.render_pages(synthetic_atlas, lang="en")}
    page = built["cities"]
    data = _payload(page)
    assert [layer["id"] for layer in data["layers"]] == ["context_districts", "rivers", "new_cities"]
    cities = data["layers"][2]
    assert [f["id"] for f in cities["features"]] == list(synthetic_atlas.new_cities["id"])
    assert [f["st"]["fillColor"] for f in cities["features"]] == [
        style.new_city_color(c) for c in synthetic_atlas.new_cities["id"]]
    assert page.drawn == {"context_districts": len(synthetic_atlas.context_districts),
                          "new_cities": len(synthetic_atlas.new_cities),
                          "rivers": len(synthetic_atlas.rivers)}
    assert "<h1>The new cities</h1>" in bilingual.single(page.html, "en")
    # the home page links it with a preview, and every page's navigation lists it
    home = built["index"].html
    assert 'data-atlas-map="cities"' in home and "The new cities" in home
    assert all('href="cities.html"' in p.html for name, p in built.items() if name != "index")


def test_a_new_map_in_the_catalog_renders_in_print(with_cities, synthetic_atlas, tmp_path):
    mapfig = figure.build(synthetic_atlas, "cities", lang="zh")
    gids = {c.get_gid() for c in mapfig.map_ax.collections}
    assert {"districts", "rivers", "new-cities"} <= gids
    assert not gids & {"parks", "target-symbols", "nodes"}
    assert mapfig.title.get_text() == "西咸新区的新城"
    city_labels = {i.key for i in mapfig.labels if i.kind == "city"}
    assert city_labels and city_labels <= {f"city:{c}" for c in synthetic_atlas.new_cities["id"]}
    titles = [leg.get_title().get_text() for leg in mapfig.legends]
    assert "新城" in titles
    paths = figure.render_all(synthetic_atlas, tmp_path, lang="en", dpi=30, formats=("png",),
                              maps=["cities"])
    assert [p.name for p in paths] == ["cities.en.png"]


def test_symbols_sit_at_the_same_point_on_the_web_and_in_print(real_atlas):
    spec = catalog.get("output")
    web = {p.name: p for p in pages.render_pages(real_atlas)}
    targets = {layer["id"]: layer for layer in _payload(web[spec.name])["layers"]}["targets"]
    on_web = {f["id"]: tuple(f["g"]["c"]) for f in targets["features"]}
    mapfig = figure.build(real_atlas, spec.name, lang="zh")
    to_lonlat = Transformer.from_crs(settings.projected_crs, "EPSG:4326", always_xy=True)
    in_print = {pid: to_lonlat.transform(x, y) for pid, (x, y) in mapfig.symbols.items()}
    stated = real_atlas.parks[real_atlas.parks["output_target_2025"].notna()]
    assert set(on_web) == set(in_print) == set(stated["id"])
    for pid, (lon, lat) in on_web.items():
        assert in_print[pid] == pytest.approx((lon, lat), abs=1e-7), pid
    # and the point is the shared rule's, inside its park
    for row in stated.itertuples():
        point = rules.symbol_point(row.geometry)
        assert on_web[row.id] == (point.x, point.y)
        assert row.geometry.contains(point)


def test_one_table_of_qualifier_words():
    assert tuple(words.QUALIFIERS) == schema.TARGET_QUALIFIERS
    for key, (zh, en) in words.QUALIFIERS.items():
        assert zh in words.target_label(120.0, key, "zh")
        assert words.target_label(120.0, key, "en").startswith(en + " ")
    assert words.qualifier_list(["about", "strive_to_exceed"], "zh") == "左右、力争突破"
    assert words.qualifier_list(["about", "reach"], "en") == "about, reach"


def test_platform_kinds_are_named_once(real_atlas):
    overview = catalog.get("overview")
    mapfig = figure.build(real_atlas, overview.name, lang="en")
    legend = [t.get_text() for leg in mapfig.legends for t in leg.get_texts()]
    web = {p.name: p for p in pages.render_pages(real_atlas, lang="en")}
    layers = {layer["id"]: layer for layer in _payload(web[overview.name])["layers"]}
    web_items = [i["l"] for i in layers["platforms"]["legend"]["items"]]
    for kind in set(real_atlas.platforms["kind"]):
        name = words.words(words.PLATFORM_KINDS, kind, "en")
        assert name in web_items
        assert any(t.startswith(name + " (") for t in legend), name


def test_the_belt_fill_rule_is_shared(real_atlas):
    corridors = catalog.get("corridors")
    layer = next(x for x in corridors.layers if x.data == "new_cities")
    expected = rules.fills(real_atlas, layer, real_atlas.new_cities)
    assert set(expected) - {style.BLANK}  # some new city is in a belt
    web = {p.name: p for p in pages.render_pages(real_atlas)}
    cities = {x["id"]: x for x in _payload(web[corridors.name])["layers"]}["new_cities"]
    assert [f["st"]["fillColor"] for f in cities["features"]] == expected
    mapfig = figure.build(real_atlas, corridors.name, lang="zh")
    drawn = [c for c in mapfig.map_ax.collections if c.get_gid() in ("new-cities", "special-zone")]
    faces = [to_hex(f[:3]) for c in drawn for f in c.get_facecolors()]
    special = list(real_atlas.new_cities["zone_type"] == "special_zone")
    ordered = [c for c, s in zip(expected, special) if not s] + [c for c, s in zip(expected, special) if s]
    assert faces == ordered
