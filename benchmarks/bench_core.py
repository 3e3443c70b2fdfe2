"""Time the data side: load+validate, queries, exports; print sizes. Run:

    .venv/bin/python benchmarks/bench_core.py
"""

import statistics
import tempfile
import time
from pathlib import Path

import atlas
from atlas.output import export
from atlas.model import measure
from atlas.model import query
from atlas.core import settings
from atlas.render.table import render


def timed(fn, repeat=5):
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main():
    data = settings.default_data_dir
    size = sum(p.stat().st_size for p in data.iterdir() if p.is_file())
    print(f"geodata/: {len(list(data.iterdir()))} files, {size / 1024:.0f} KiB")
    a = atlas.load()
    rows = [("load + validate (incl. provenance)", timed(atlas.load))]
    rows.append(("query --sector 新能源", timed(lambda: query.parks(a, sector="新能源"), 50)))
    rows.append(("totals by new city/belt/cluster",
                 timed(lambda: [measure.totals(a, by) for by in ("new_city", "belt", "cluster")])))
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in export.FORMATS:
            out = Path(tmp) / fmt
            rows.append((f"export --format {fmt}", timed(lambda: export.write(a, fmt, out), 3)))
            kib = sum(p.stat().st_size for p in out.iterdir()) / 1024
            rows.append((f"  {fmt} output size (KiB)", kib))
    print(render(["step", "median"], [(n, f"{v:.3f}" + ("" if "KiB" in n else " s"))
                                      for n, v in rows], numeric=["median"]))


if __name__ == "__main__":
    main()
