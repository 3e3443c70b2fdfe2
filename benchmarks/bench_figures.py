"""Time to build each static figure and to write it in each format, and the file sizes.

    .venv/bin/python benchmarks/bench_figures.py [--data DIR] [--dpi 300] [--lang zh]
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

import matplotlib.pyplot as plt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import atlas  # noqa: E402
from atlas.maps import catalog
from atlas.render.print import figure  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="data folder (default: the shipped geodata/)")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--lang", choices=figure.LANGS, default="zh")
    parser.add_argument("--size", default="a4")
    args = parser.parse_args()
    a = atlas.load(args.data)
    print(f"{'map':<10} {'build s':>8} " + " ".join(f"{f + ' s':>7} {f + ' KB':>8}"
                                                   for f in figure.FORMATS))
    total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name in catalog.NAMES:
            start = time.perf_counter()
            mapfig = figure.build(a, name, size=args.size, lang=args.lang)
            built = time.perf_counter() - start
            cells = []
            for fmt in figure.FORMATS:
                start = time.perf_counter()
                path = figure.save(mapfig, Path(tmp) / f"{name}.{fmt}", fmt, dpi=args.dpi)
                took = time.perf_counter() - start
                total += took
                cells.append(f"{took:7.2f} {path.stat().st_size / 1024:8.0f}")
            plt.close(mapfig.fig)
            total += built
            print(f"{name:<10} {built:8.2f} " + " ".join(cells))
    print(f"total {total:.1f} s for {len(catalog.NAMES)} maps x {len(figure.FORMATS)} formats "
          f"({args.lang}, {args.dpi} dpi, {args.size})")


if __name__ == "__main__":
    main()
