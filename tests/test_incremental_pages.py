"""Incremental by layer: an edited park, new city or river re-renders only the map pages
that can show it; the others come from the cache, and the build equals a clean one."""

import json
import re

import pytest

from atlas.cli import main
from atlas.render import bilingual
from atlas.render.web import pages as webmap

from tests.edit import set_cell

def _both_languages(page):
    """A map page's text with its other language's data (deflated in #atlas-l10n) unpacked."""
    island = re.search(r'<script type="application/json" id="atlas-l10n">(.*?)</script>', page, re.S)
    patch = bilingual.payload_unpack(json.loads(island.group(1)))
    return page + json.dumps(patch["values"], ensure_ascii=False)


#: the new area's maps (each draws rivers and new cities, and reads the parks)
XIXIAN = {"overview.html", "parks.html", "output.html", "corridors.html"}
ELSEWHERE = {"national.html", "shanghai.html"}


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("table,row_id,field,value", [
    ("parks.csv", "fengdong_advanced_manufacturing", "short_name_en", "Fengdong Heavy Works Park"),
    ("new_cities.csv", "fengdong", "name_en", "Fengdong Renamed New City"),
    ("rivers.csv", "feng", "name_en", "Fenghe Renamed River"),
])
def test_an_edit_rebuilds_only_the_pages_that_show_it(tmp_path, data_copy, monkeypatch, table,
                                                       row_id, field, value):
    rendered = []
    real = webmap.map_page
    monkeypatch.setattr(webmap, "map_page",
                        lambda a, spec, *r, **k: rendered.append(spec.filename) or real(a, spec, *r, **k))

    def build(out, *extra):
        argv = ["build", "--data", str(data_copy), "--out", str(tmp_path / out),
                "--figures", "none"]
        assert main(argv + list(extra)) == 0
        return _snapshot(tmp_path / out)

    monkeypatch.setenv("ATLAS_CACHE", str(tmp_path / "cache"))
    first = build("first")
    assert set(rendered) == XIXIAN | ELSEWHERE
    rendered.clear()
    assert build("again") == first  # unchanged: every page from the cache
    assert rendered == []

    set_cell(data_copy / table, row_id, field, value)
    edited = build("edited")
    redrawn = set(rendered)
    served = (XIXIAN | ELSEWHERE) - redrawn
    monkeypatch.setenv("ATLAS_CACHE", str(tmp_path / "other-cache"))
    clean = build("clean", "--no-cache")
    assert edited == clean  # the cached pages are what a clean build makes

    changed = {name for name in first if first[name] != clean[name]}
    assert changed & XIXIAN, "the edit shows on no map page"
    assert changed & XIXIAN <= redrawn <= XIXIAN
    assert ELSEWHERE <= served  # the national and Shanghai maps show nothing of it
    for name in changed & XIXIAN:
        assert value in _both_languages(clean[name].decode("utf-8")), name
    for name in served:
        assert edited[name] == first[name], name
