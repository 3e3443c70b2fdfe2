"""Incremental by layer: an edited park, new city or river re-renders only the map pages
that can show it; the others come from the cache, and the build equals a clean one. An
unchanged rebuild renders nothing; a new build day (printed on the parks page) renders the
map pages again."""

import base64
import json
import os
import re
import shutil

import pytest

from atlas.cli import main
from atlas.core import settings
from atlas.render import bilingual
from atlas.render.web import pages as webmap

from tests.conftest import SOURCE_DATE_EPOCH
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


def _build(data, out, *extra):
    assert main(["build", "--data", str(data), "--out", str(out), "--figures", "none",
                 *extra]) == 0
    return _snapshot(out)


def _recording(mp):
    """The map pages rendered from now on (not served from the cache)."""
    rendered = []
    real = webmap.map_page
    mp.setattr(webmap, "map_page",
               lambda a, spec, *r, **k: rendered.append(spec.filename) or real(a, spec, *r, **k))
    return rendered


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """An HTML-only build of a copy of the shipped data into a cache of its own:
    (its files, the data, the cache, the map pages it rendered)."""
    base = tmp_path_factory.mktemp("incremental")
    data, cache = base / "geodata", base / "cache"
    shutil.copytree(settings.default_data_dir, data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ATLAS_CACHE", str(cache))
        rendered = _recording(mp)
        files = _build(data, base / "first")
    return files, data, cache, list(rendered)


def test_an_unchanged_rebuild_renders_nothing_and_a_new_day_renders_the_map_pages(
        first, tmp_path, monkeypatch):
    files, data, cache, rendered_first = first
    assert set(rendered_first) == XIXIAN | ELSEWHERE
    monkeypatch.setenv("ATLAS_CACHE", str(cache))
    rendered = _recording(monkeypatch)
    assert _build(data, tmp_path / "again") == files  # unchanged: every page from the cache
    assert rendered == []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(SOURCE_DATE_EPOCH) + 86400))
    later = _build(data, tmp_path / "later")
    assert set(rendered) == XIXIAN | ELSEWHERE  # the day is in every page's key
    # only the parks page prints the day (and the marker lists the files' hashes)
    assert {name for name in files if files[name] != later[name]} == {"parks.html",
                                                                      ".atlas-build.json"}
    assert '"built":"2023-11-15"' in later["parks.html"].decode("utf-8")


@pytest.mark.parametrize("table,row_id,field,value", [
    ("parks.csv", "fengdong_advanced_manufacturing", "short_name_en", "Fengdong Heavy Works Park"),
    ("new_cities.csv", "fengdong", "name_en", "Fengdong Renamed New City"),
    ("rivers.csv", "feng", "name_en", "Fenghe Renamed River"),
])
def test_an_edit_rebuilds_only_the_pages_that_show_it(first, tmp_path, monkeypatch, table,
                                                       row_id, field, value):
    files, data, cache, _ = first
    data_copy = tmp_path / "geodata"  # the module's data stays as first built
    shutil.copytree(data, data_copy)
    fresh = os.environ["ATLAS_CACHE"]  # this test's own empty cache (conftest)
    set_cell(data_copy / table, row_id, field, value)
    monkeypatch.setenv("ATLAS_CACHE", str(cache))
    rendered = _recording(monkeypatch)
    edited = _build(data_copy, tmp_path / "edited")
    redrawn = set(rendered)
    served = (XIXIAN | ELSEWHERE) - redrawn
    monkeypatch.setenv("ATLAS_CACHE", fresh)
    clean = _build(data_copy, tmp_path / "clean", "--no-cache")
    assert edited == clean  # the cached pages are what a clean build makes

    changed = {name for name in files if files[name] != clean[name]}
    assert changed & XIXIAN, "the edit shows on no map page"
    assert changed & XIXIAN <= redrawn <= XIXIAN
    assert ELSEWHERE <= served  # the national and Shanghai maps show nothing of it
    assert "build.json" not in changed  # feature counts did not change
    for name in changed & XIXIAN:
        assert value in _both_languages(clean[name].decode("utf-8")), name
    for name in served:
        assert edited[name] == files[name], name
    if table == "parks.csv":  # the report names the park too, in its text or its charts
        assert "parks.html" in changed and "report.html" in changed
        raw = clean["report.html"].decode("utf-8")
        text = bilingual.single(raw, "zh") + bilingual.single(raw, "en")
        charts = [base64.b64decode(blob).decode("utf-8")
                  for blob in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", text)]
        assert any(value in t for t in [text, *charts])
