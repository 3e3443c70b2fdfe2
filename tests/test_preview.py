"""The home page's map previews: compact SVG path data that draws the same vertices."""

import re

import pytest
from shapely.geometry import LineString, Polygon, box

from atlas.render.web import home

_NUM = re.compile(r"-?(?:\d*\.\d+|\d+)")


def _vertices(d):
    """Absolute (x, y) of each subpath of compact path data: 'M x y l dx dy … [z]'."""
    rings = []
    for sub in re.findall(r"M[^M]*", d):
        head, _, rest = sub.partition("l")
        x, y = (float(v) for v in _NUM.findall(head))
        ring = [(x, y)]
        steps = [float(v) for v in _NUM.findall(rest)]
        for dx, dy in zip(steps[::2], steps[1::2]):
            x, y = x + dx, y + dy
            ring.append((round(x, 6), round(y, 6)))
        rings.append(ring)
    return rings


@pytest.mark.parametrize("tenths,text", [(0, "0"), (15, "1.5"), (20, "2"), (-3, "-.3"), (3, ".3"),
                                         (-120, "-12"), (-1207, "-120.7")])
def test_numbers_in_tenths_are_written_short(tenths, text):
    assert home._tenths(tenths) == text
    assert float(text) * 10 == pytest.approx(tenths)


def test_separators_only_where_the_path_grammar_needs_them():
    assert home._numbers([(15, 3), (-2, 4)]) == "1.5.3-.2.4"
    assert home._numbers([(10, 20), (3, 40)]) == "1 2 .3 4"
    assert [float(v) for v in _NUM.findall("1.5.3-.2.4")] == [1.5, 0.3, -0.2, 0.4]


def test_a_ring_draws_its_vertices_to_a_tenth_of_a_pixel():
    c = home._Canvas(((34.0, 108.0), (35.0, 109.0)))
    ring = [(108.1, 34.1), (108.9, 34.15), (108.55, 34.9), (108.1, 34.1)]
    d = c._ring(ring, close=True)
    assert d.startswith("M") and d.endswith("z") and " L" not in d
    (drawn,) = _vertices(d)
    want = [c.xy(x, y) for x, y in ring[:-1]]  # closed by z, not by a repeated vertex
    assert len(drawn) == len(want)
    for (x, y), (wx, wy) in zip(drawn, want):
        assert abs(x - wx) <= 0.05 + 1e-9 and abs(y - wy) <= 0.05 + 1e-9


def test_alike_shapes_that_touch_become_one_path_and_overlapping_ones_do_not():
    c = home._Canvas(((34.0, 108.0), (35.0, 109.0)))
    look = {"fill": "#aaaaaa", "stroke": "#333333", "width": 0.6, "opacity": 1.0}
    c.shape(box(108.1, 34.1, 108.4, 34.4), **look)
    c.shape(box(108.4, 34.1, 108.7, 34.4), **look)  # touches the first: merged
    c.shape(box(108.6, 34.2, 108.8, 34.6), **look)  # overlaps the second: kept apart
    c.shape(box(108.1, 34.6, 108.2, 34.7), **dict(look, fill="#bbbbbb"))  # looks different
    shapes = c._merged()
    assert [s["d"].count("M") for s in shapes] == [2, 1, 1]
    svg = str(c.svg("t"))
    assert svg.count("<path") == 3 and "fill-opacity" not in svg and "evenodd" not in svg


def test_holes_keep_the_even_odd_rule_and_lines_draw_no_fill():
    c = home._Canvas(((34.0, 108.0), (35.0, 109.0)))
    outer = box(108.1, 34.1, 108.9, 34.9)
    c.shape(Polygon(outer.exterior.coords, [box(108.4, 34.4, 108.6, 34.6).exterior.coords]),
            fill="#aaaaaa", stroke="#333333", width=0.6, opacity=0.5)
    c.shape(LineString([(108.2, 34.2), (108.8, 34.8)]), stroke="#0000ff", width=1.4)
    svg = str(c.svg("t"))
    paths = re.findall(r"<path[^>]*>", svg)
    assert 'fill-rule="evenodd"' in paths[0] and 'fill-opacity="0.5"' in paths[0]
    assert 'fill="none"' in paths[1] and "evenodd" not in paths[1] and "z" not in paths[1]


def test_every_preview_of_the_atlas_is_compact(real_atlas):
    from atlas.maps import catalog

    for spec in catalog.MAPS:
        svg = str(home.preview(real_atlas, spec, spec.name))
        assert svg.count("<path") + svg.count("<circle") >= 3, spec.name
        assert " L" not in svg and 'fill-opacity="1.0"' not in svg, spec.name
        for d in re.findall(r' d="([^"]*)"', svg):
            for ring in _vertices(d):  # every vertex lands inside the 300 × 210 box (± margin)
                assert all(-50 <= x <= 350 and -50 <= y <= 260 for x, y in ring), spec.name
