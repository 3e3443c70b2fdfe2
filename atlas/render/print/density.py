"""A planner's list on a printed figure: a hexbin density, since thousands of single dots
on an A4 map blur into one patch. The legend says what a cell counts."""

import numpy as np
import pyproj
from matplotlib import colormaps
from matplotlib.colors import Normalize
from matplotlib.patches import RegularPolygon

from atlas.core import settings
from atlas.maps import style
from atlas.maps.words import POINTS as WORDS

#: hexagon size across, in metres: a few hundred cells over a new city, each readable in print
CELL_M = 1500.0


def draw(ax, points, extent, lang):
    """Hexbin the joined points inside ``extent`` (x0, y0, x1, y1, projected metres) on
    ``ax``; returns the legend section (title, [(handle, label)]), or None if none fall in."""
    joined = points.result.joined
    to_utm = pyproj.Transformer.from_crs("EPSG:4326", settings.projected_crs, always_xy=True)
    x, y = to_utm.transform(joined["lon_wgs84"].to_numpy(dtype=float),
                            joined["lat_wgs84"].to_numpy(dtype=float))
    x0, y0, x1, y1 = extent
    inside = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
    if not inside.any():
        return None
    gridsize = max(1, int(round((x1 - x0) / CELL_M)))
    cmap = colormaps[style.DENSITY_CMAP]
    cells = ax.hexbin(x[inside], y[inside], gridsize=gridsize, extent=(x0, x1, y0, y1),
                      mincnt=1, cmap=cmap, alpha=0.85, linewidths=0.2, edgecolors=style.POINT_EDGE,
                      zorder=4)
    cells.set_gid("points-hexbin")
    counts = cells.get_array()
    top = int(counts.max())
    norm = Normalize(vmin=1, vmax=max(top, 2))
    cells.set_norm(norm)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    steps = sorted({1, max(1, top // 4), max(1, top // 2), top})
    entries = [(RegularPolygon((0, 0), 6, radius=1, facecolor=cmap(norm(k)),
                               edgecolor=style.POINT_EDGE), str(k)) for k in steps]
    km = (x1 - x0) / gridsize / 1000
    title = WORDS[lang]["cell"].format(km=round(km, 1))
    return title, entries
