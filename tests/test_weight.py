"""Number cells, CSV quoting and the weight budgets for features and pages."""

import json
import math

import pytest
import shapely

from atlas.data import readers as atlas_io
from atlas.model import weight
from atlas.data.problems import Collector
from atlas.cli import main
from atlas.data.readers import parse_number


@pytest.mark.parametrize("cell, value", [("120", 120.0), ("1.5", 1.5), (" 80 ", 80.0),
                                         ("-5", -5.0), (".5", 0.5), ("", None)])
def test_plain_numbers_are_read(cell, value):
    assert parse_number(cell) == value


@pytest.mark.parametrize("cell, says", [
    ("1,000", "write 1000 without the thousands separator"),
    ("12,345.5", "write 12345.5 without the thousands separator"),
    ("1,00", "write 1.00 with a decimal point, or 100"),
    ("1e2", "write 100 in plain digits"),
    ("2.5E3", "write 2500 in plain digits"),
    ("1_00", "write 100 without the underscore"),
    ("１００", "write 100 in half-width"),
    ("约120", "is not a number"),
    ("NaN", "is not a number"),
    ("inf", "is not a number"),
    ("9" * 400, "too large"),
])
def test_numbers_float_would_take_are_refused_with_what_to_write(cell, says):
    with pytest.raises(ValueError) as err:
        parse_number(cell)
    assert says in str(err.value)


def _read(tmp_path, text):
    from atlas.core import schema

    table = next(layer.table for layer in schema.LAYERS if layer.name == "rivers")
    path = tmp_path / "rivers.csv"
    path.write_text(text, encoding="utf-8")
    report = Collector()
    return atlas_io.read_csv(path, table, report), report


def test_a_quoted_cell_may_hold_a_line_break(tmp_path):
    rows, report = _read(tmp_path, 'id,name_zh,name_en\nwei,渭河,"Wei\nRiver"\nfeng,沣河,Feng\n')
    assert not report.problems
    assert [r["name_en"] for r in rows] == ["Wei\nRiver", "Feng"]


def test_an_unclosed_quote_is_one_problem_on_its_line(tmp_path):
    rows, report = _read(tmp_path, 'id,name_zh,name_en\nwei,"渭河,Wei\nfeng,沣河,Feng\n'
                                   'jing,泾河,Jing\n')
    assert rows is None
    assert [str(p) for p in report.problems] == [
        "rivers.csv: line 2: unbalanced double quote starting on line 2: a cell that starts "
        'with " must end with "; write a quote inside a cell as ""'
    ]


def test_shipped_data_is_within_the_budgets(real_atlas):
    from atlas.render.web import pages as webmap

    heaviest = max(weight.vertices(g) for f in real_atlas.layers.values() for g in f.geometry)
    assert 0 < heaviest <= weight.vertex_budget
    pages = webmap.render_pages(real_atlas)
    sizes = {p.filename: len(p.html.encode("utf-8")) for p in pages}
    assert max(sizes.values()) <= weight.page_budget_bytes, sizes
    assert weight.page_warnings(pages, real_atlas) == []


def test_a_heavy_feature_gets_a_tolerance_that_brings_it_under_budget():
    # 12,000 vertices on a ring with a ~30 m zigzag: only a tolerance near that removes them
    ring = [(108.7 + (0.05 + 0.0003 * (k % 2)) * math.cos(2 * math.pi * k / 12_000),
             34.3 + (0.05 + 0.0003 * (k % 2)) * math.sin(2 * math.pi * k / 12_000))
            for k in range(12_000)]
    circle = shapely.Polygon(ring)
    tol, left = weight.tolerance_for(circle)
    assert left <= weight.vertex_budget < weight.vertices(circle)
    assert weight.vertices(shapely.simplify(circle, tol, preserve_topology=True)) == left
    # it is the smallest tolerance tried that does: the one before it leaves too many
    before = weight._TOLERANCES[weight._TOLERANCES.index(tol) - 1]
    assert weight.vertices(shapely.simplify(circle, before)) > weight.vertex_budget
    said = weight.feature_warning(circle)
    assert f"{weight.vertices(circle):,} vertices" in said and f"{tol:g}°" in said
    assert f"about {tol * 111_320:,.0f} m" in said
    assert weight.feature_warning(shapely.Point(108.7, 34.3)) is None


def test_a_page_over_budget_is_reported_not_silent(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(weight, "page_budget_bytes", 300_000)
    out = tmp_path / "maps"
    assert main(["build", "--out", str(out), "--html-only"]) == 0
    stderr = capsys.readouterr().err
    heavy = sorted(p.name for p in out.glob("*.html") if p.stat().st_size > 300_000)
    assert heavy  # today overview, parks and output are over 300 KB
    for name in heavy:
        assert f"warning: {name}: page is" in stderr
    assert "context_cities.geojson c610400 (638 vertices)" in stderr
    # each page names the features it draws: the national outlines are not the overview's
    said = next(line for line in stderr.splitlines() if "warning: overview.html" in line)
    assert "context_cities" in said and "zone_areas" not in said and "context_provinces" not in said
    recorded = json.loads((out / "build.json").read_text(encoding="utf-8"))["warnings"]
    assert sum("over the budget" in w for w in recorded) == len(heavy)
