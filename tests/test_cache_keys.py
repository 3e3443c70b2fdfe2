"""The build cache's keys depend on the inputs only: not on hash seeds, the working folder,
or the lock and backup files an open spreadsheet or editor leaves beside the data."""

import json
import os
from pathlib import Path

import atlas
from atlas.output import build, buildcache
from tests.procs import python_outputs

ROOT = Path(__file__).resolve().parents[1]

_KEYS = """
import json, sys
import atlas
from atlas.output import build, buildcache
a = atlas.load()
c = buildcache.Cache(a, root=sys.argv[1])
keys = {"pages": c.key("pages", "none", "zh", [])}
for job in build.figure_jobs("all", "zh"):
    keys["/".join(map(str, job))] = c.figure_key(*job)
print(json.dumps(keys, sort_keys=True))
"""


def _run(seed, cwd, cache):
    return {"env": dict(os.environ, PYTHONHASHSEED=str(seed), PYTHONPATH=str(ROOT)), "cwd": cwd,
            "args": [str(cache)]}


def test_keys_do_not_depend_on_hash_seed_or_working_folder(tmp_path):
    (tmp_path / "w").mkdir()
    one, two = map(json.loads, python_outputs(_KEYS, [_run(1, ROOT, tmp_path / "c1"),
                                                      _run(4242, tmp_path / "w", tmp_path / "c2")]))
    assert len(one) == 1 + 2 * len(build.figure_jobs("default", "zh"))
    assert one == two


def test_lock_and_backup_files_beside_the_data_do_not_change_the_keys(tmp_path, data_copy):
    a = atlas.load(data_copy)
    before = buildcache.Cache(a, root=tmp_path).key("pages", "none", "zh", [])
    for name in (".~lock.parks.csv#", "~$parks.xlsx", "parks.csv~", ".parks.csv.swp",
                 "#parks.csv#"):
        (data_copy / name).write_text("user,host,time\n", encoding="utf-8")
    assert buildcache.Cache(a, root=tmp_path).key("pages", "none", "zh", []) == before
    # the check can fail: a real edit changes the key
    with open(data_copy / "parks.csv", "a", encoding="utf-8") as f:
        f.write("\n")
    assert buildcache.Cache(a, root=tmp_path).key("pages", "none", "zh", []) != before


def _all_keys(data):
    """{item: key} of the shipped maps' figures (English, default formats), map pages and the
    page set, for the data in ``data``."""
    from atlas.maps import catalog

    c = buildcache.Cache(atlas.load(data), root=data.parent / "unused-cache")
    keys = {f"figure:{job[0]}": c.figure_key(*job, "") for job in build.figure_jobs("default", "en")}
    keys.update({f"page:{name}": c.page_key(name, "none", "en", "", "2023-11-14")
                 for name in catalog.NAMES})
    keys["pages"] = c.key("pages", "none", "en", [], "", "2023-11-14")
    return keys


def test_an_edited_park_changes_every_figure_key_and_a_platform_only_its_maps(data_copy):
    """The keys test_build's end-to-end rebuild relies on, without drawing: a park (which
    every figure reads) redraws every figure and re-renders the parks and the new area's
    pages; a platform only the figures and pages of the maps that can show it."""
    from atlas.maps import catalog
    from atlas.output.buildcache import figure_tables, page_tables
    from tests.edit import set_cell

    before = _all_keys(data_copy)
    set_cell(data_copy / "parks.csv", "fengdong_advanced_manufacturing", "short_name_en",
             "Fengdong Heavy Manufacturing Park")
    parked = _all_keys(data_copy)
    changed = {k for k in before if before[k] != parked[k]}
    assert {f"figure:{n}" for n in catalog.NAMES} <= changed
    assert {"pages", "page:parks", "page:output", "page:overview"} <= changed
    set_cell(data_copy / "platforms.csv", "aoxiang_town", "kind", "pilot_platform")
    platformed = _all_keys(data_copy)
    changed = {k for k in parked if parked[k] != platformed[k]}
    a = atlas.load(data_copy)
    figures = {f"figure:{n}" for n in catalog.NAMES if "platforms" in figure_tables(a, catalog.get(n))}
    pages = {f"page:{n}" for n in catalog.NAMES if "platforms" in page_tables(a, catalog.get(n))}
    assert "figure:overview" in figures and len(figures) < len(catalog.NAMES)
    assert changed == figures | pages | {"pages"}

