"""Work a map page shares between its two languages and between pages (issue 12: one map
in-process no slower than explore()) gives the bytes the unshared work gave."""

import pandas as pd
import pytest
import shapely
from branca.element import Element, Figure

from atlas.maps import catalog
from atlas.render.web import assets, pages, payload


def _render(element):
    figure = Figure()
    figure.header.add_child(element, name="x")
    return figure.header.render()


@pytest.mark.parametrize("text", [
    "<script>\nL.map('a');\n        </script>\n        ",
    "plain { braces } and } {",
    "a jinja tag {{ 1 + 1 }} stays Jinja's",
    "{% if true %}kept{% endif %}",
    "ends with a newline\n",
    "windows\r\nline ends",
    "",
])
def test_rendered_markup_gives_what_brancas_template_element_gives(text):
    assert _render(assets.rendered(text)) == _render(Element(text))


def test_rendered_skips_the_template_parse_only_for_plain_text():
    assert type(assets.rendered("<b>x</b>")) is not Element
    assert type(assets.rendered("{{ x }}")) is Element
    assert _render(assets.rendered("{{ 2 * 3 }}")).endswith(" 6")  # a tag is still Jinja


def test_encode_shared_by_geometry_equals_a_fresh_encoding():
    geom = shapely.Polygon([(108.70001234, 34.3), (108.8, 34.3), (108.8, 34.4)])
    payload._BY_GEOMETRY.clear()
    first = payload.encode(geom, 4)
    assert payload.encode(geom, 4) is first  # the second call is the shared one
    assert first == payload._encode(geom, 4)
    assert payload.encode(geom, 6) == payload._encode(geom, 6) != first  # keyed on decimals
    moved = shapely.Polygon([(108.71, 34.3), (108.8, 34.3), (108.8, 34.4)])
    assert payload.encode(moved, 4) != first


def test_same_data_reads_each_frame_once_and_only_inside():
    frame = pd.DataFrame({"id": ["a", "b"], "name_zh": ["甲", "乙"], "name_en": ["A", "B"]})
    with payload.same_data():
        one, two = payload.records(frame), payload.records(frame)
        assert one == two and one is not two and one[0] is two[0]
        assert payload.by_id(frame) is payload.by_id(frame)
        with payload.same_data():  # a nested scope shares the outer one
            assert payload.records(frame)[0] is one[0]
    frame.loc[0, "name_en"] = "A2"  # outside the scope the frame is read again
    assert payload.records(frame)[0]["name_en"] == "A2"
    assert payload.records(frame)[0] is not payload.records(frame)[0]


@pytest.mark.parametrize("name", ["overview", "corridors"])
def test_map_page_is_the_same_cold_and_warm(real_atlas, name):
    spec = catalog.get(name)
    payload._BY_GEOMETRY.clear()
    cold = pages.map_page(real_atlas, spec, "none", "en").html
    assert payload._BY_GEOMETRY  # the geometry work was kept for the next page
    warm = pages.map_page(real_atlas, spec, "none", "en").html
    assert warm == cold and 'id="atlas-data"' in warm
    payload._BY_GEOMETRY.clear()
    # a filtered page shares the same memo and still draws only its parks
    parks = real_atlas.parks.iloc[:2]
    page = pages.map_page(real_atlas, catalog.filterable(), "none", "zh", parks=parks,
                          standalone=True)
    assert page.drawn["parks"] == 2
    assert pages.map_page(real_atlas, spec, "none", "en").html == cold
