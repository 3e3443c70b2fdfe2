"""Property tests: arbitrary text never crashes the loader or the queries."""

import atexit
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import atlas
from atlas.model import query
from atlas.core import settings as atlas_settings
from tests import edit

# text a planner might paste: any Unicode except surrogates, CSV-hostile bits included
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(q=TEXT)
def test_sector_query_never_crashes_and_never_overmatches(real_atlas, q):
    try:
        found = query.parks(real_atlas, sector=q)
    except query.QueryError as exc:
        assert str(exc)
        return
    keys = real_atlas.taxonomy.resolve(q)
    assert keys
    for sectors in found["sectors"]:
        assert keys.intersection(sectors)
    # and nothing that matches is left out
    everyone = real_atlas.parks
    expected = {pid for pid, s in zip(everyone["id"], everyone["sectors"]) if keys.intersection(s)}
    assert set(found["id"]) == expected


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(q=TEXT)
def test_new_city_and_belt_queries_never_crash(real_atlas, q):
    for kwargs in ({"new_city": q}, {"belt": q}, {"cluster": q}):
        try:
            query.parks(real_atlas, **kwargs)
        except query.QueryError as exc:
            assert str(exc)


_WORK = Path(tempfile.mkdtemp(prefix="atlas-prop-"))
atexit.register(shutil.rmtree, _WORK, True)
_CLEAN = _WORK / "clean"
shutil.copytree(atlas_settings.default_data_dir, _CLEAN)


def _fresh():
    target = _WORK / "case"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(_CLEAN, target)
    return target


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(column=st.sampled_from(["name_zh", "name_en", "short_name_zh", "anchor_projects_zh",
                               "output_target_2025", "target_qualifier", "sectors", "new_city"]),
       value=TEXT)
def test_loader_never_crashes_on_any_cell(column, value):
    data = _fresh()
    edit.set_cell(data / "parks.csv", "qinhan_health", column, value)
    try:
        loaded = atlas.load(data)
    except atlas.ValidationError as exc:
        assert exc.problems
        assert all(p.file and p.message for p in exc.problems)
        return
    assert len(loaded.parks) == 10  # nothing silently dropped
