"""Time ``atlas join`` on seeded synthetic lists beside geopandas.sjoin. Run:

    .venv/bin/python benchmarks/bench_join.py [ROWS ...]     # default 10000 100000 1000000

For each size: reading the CSV (decode, parse, check every cell), the atlas join
(coordinate transform BD-09 → WGS84, new city, park, belt, distance to the park
edge, sectors, summary), its spatial part alone, and geopandas.sjoin of the same
WGS84 points against the new cities and the parks (no edge distance, no
transform, no sectors). The lists are synthetic (tests/synthetic_list.py).
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import atlas  # noqa: E402
from atlas.data import userlist  # noqa: E402
from atlas.model import join as join_mod  # noqa: E402
from atlas.render.table import render  # noqa: E402
from tests.synthetic_list import make  # noqa: E402


def timed(fn, repeat, clock=time.perf_counter):
    runs, result = [], None
    for _ in range(repeat):
        start = clock()
        result = fn()
        runs.append(clock() - start)
    return statistics.median(runs), result


def sjoin(a, points):
    cities = gpd.sjoin(points, a.new_cities[["id", "geometry"]], predicate="within", how="left")
    parks = gpd.sjoin(points, a.parks[["id", "geometry"]], predicate="within", how="left")
    return cities, parks


def main(sizes):
    a = atlas.load()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            repeat = 3 if n <= 100_000 else 1
            frame, _ = make(n, seed=2026, crs_name="bd09")
            path = Path(tmp) / f"list_{n}.csv"
            frame.to_csv(path, index=False)
            t_read, checked = timed(lambda: userlist.cells(userlist.read(path).frame), repeat)
            t_join, result = timed(lambda: join_mod.join(checked, a, crs="bd09"), repeat)
            # CPU seconds as well: the 2-core machine is shared, wall time swings with its load
            cpu_join, _ = timed(lambda: join_mod.join(checked, a, crs="bd09"), repeat,
                                time.process_time)
            lon, lat = result.joined["lon_wgs84"].to_numpy(), result.joined["lat_wgs84"].to_numpy()
            t_places, _ = timed(lambda: join_mod.places(a, lon, lat), repeat)

            def peer():
                points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
                return sjoin(a, points)

            t_sjoin, _ = timed(peer, repeat)
            rows.append([f"{n:,}", f"{t_read:.2f}", f"{t_join:.2f}", f"{cpu_join:.2f}",
                         f"{t_places:.2f}",
                         f"{t_sjoin:.2f}", f"{t_sjoin / t_places:.1f}×",
                         f"{result.counts['joined']:,} + {result.counts['rejected']:,}"])
    print(render(["rows", "read+check s", "atlas join s", "join CPU s", "spatial part s",
                  "gpd.sjoin s", "sjoin / spatial", "joined + rejected"], rows))
    print("atlas join: BD-09 → WGS84, new city, park, belt, edge distance (UTM), sectors, "
          "summary; gpd.sjoin: point-in-polygon only, on WGS84 points")


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
