"""The build cache's keys depend on the inputs only: not on hash seeds, the working folder,
or the lock and backup files an open spreadsheet or editor leaves beside the data."""

import json
import os
import subprocess
import sys
from pathlib import Path

import atlas
from atlas.output import build, buildcache

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


def _keys(seed, cwd, cache):
    env = dict(os.environ, PYTHONHASHSEED=str(seed), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _KEYS, str(cache)], env=env, cwd=cwd,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_keys_do_not_depend_on_hash_seed_or_working_folder(tmp_path):
    (tmp_path / "w").mkdir()
    one = _keys(1, ROOT, tmp_path / "c1")
    two = _keys(4242, tmp_path / "w", tmp_path / "c2")
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
