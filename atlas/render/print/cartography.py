"""Map furniture for the static figures: scale bar, north arrow, inset, labels.

Everything here works on an axes whose data units are metres of the projected
CRS (settings.projected_crs), and places text in display (pixel) space so that
collisions are judged by what the renderer will actually draw.
"""

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import shapely
import shapely.prepared
from shapely.ops import nearest_points, polylabel
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Polygon as MplPolygon, Rectangle
from matplotlib.transforms import Bbox
from pyproj import Transformer

from atlas.core import settings

from atlas.maps import style
from atlas.maps.words import PRINT

# --- scale bar ------------------------------------------------------------------------------


def nice_length_km(span_m, fraction=0.22):
    """A round length (1, 2, 5 x 10^n km) near ``fraction`` of a span in metres."""
    target = span_m * fraction / 1000
    if target <= 0:
        raise ValueError("span must be positive")
    exponent = math.floor(math.log10(target))
    best = 1
    for step in (1, 2, 5, 10):
        if step * 10**exponent <= target:
            best = step
    return best * 10**exponent


@dataclass
class ScaleBar:
    length_km: float
    x0: float  # data coordinates (metres) of the bar's ends
    x1: float
    y: float
    artists: list = field(default_factory=list)
    box: Bbox = None  # display extent, an obstacle for labels


def scale_bar_extent(ax, corner="lower left"):
    """The box (data coordinates) a scale bar in ``corner`` takes, background included."""
    x_lo, x_hi = ax.get_xlim()
    y_lo, y_hi = ax.get_ylim()
    width, height = x_hi - x_lo, y_hi - y_lo
    length = nice_length_km(width) * 1000
    x0 = x_lo + width * 0.035 if "left" in corner else x_hi - width * 0.085 - length
    y = y_lo + height * 0.045 if "lower" in corner else y_hi - height * 0.075
    return (x0 - width * 0.012, y - height * 0.018, x0 + length + width * 0.038, y + height * 0.04)


def add_scale_bar(ax, lang="zh", fontsize=7, segments=None, corner="lower left"):
    """A segmented scale bar in km at the lower left of a projected map axes.

    Its length is measured in the axes' data units (metres of the projected CRS),
    so it is true to the map whatever the figure size or dpi.
    """
    x_lo, x_hi = ax.get_xlim()
    y_lo, y_hi = ax.get_ylim()
    width, height = x_hi - x_lo, y_hi - y_lo
    km = nice_length_km(width)
    if segments is None:
        segments = 5 if km in (5, 50, 500) else 4 if km in (2, 20, 200) else 2
        if km == 1:
            segments = 2
    length = km * 1000
    x0 = x_lo + width * 0.035 if "left" in corner else x_hi - width * 0.085 - length
    y = y_lo + height * 0.045 if "lower" in corner else y_hi - height * 0.075
    bar_h = height * 0.008
    artists = []
    background = FancyBboxPatch(
        (x0 - width * 0.012, y - height * 0.018),
        length + width * 0.05,
        height * 0.058,
        boxstyle="round,pad=0,rounding_size=%f" % (width * 0.004),
        facecolor=(1, 1, 1, 0.8),
        edgecolor="none",
        zorder=20,
        gid="scalebar-background",
    )
    ax.add_patch(background)
    artists.append(background)
    seg = length / segments
    for i in range(segments):
        rect = Rectangle(
            (x0 + i * seg, y),
            seg,
            bar_h,
            facecolor=style.FURNITURE if i % 2 == 0 else style.BLANK,
            edgecolor=style.FURNITURE,
            linewidth=0.6,
            zorder=21,
            gid="scalebar-segment",
        )
        ax.add_patch(rect)
        artists.append(rect)
    ticks = [0, km / 2, km] if segments in (2, 4) else [0, km]
    for value in ticks:
        text = ax.text(
            x0 + value * 1000,
            y + bar_h * 1.6,
            f"{value:g}",
            ha="center",
            va="bottom",
            fontsize=fontsize,
            zorder=22,
            gid="scalebar-tick",
        )
        artists.append(text)
    unit = ax.text(
        x0 + length + width * 0.008,
        y + bar_h / 2,
        PRINT[lang]["km"],
        ha="left",
        va="center",
        fontsize=fontsize,
        zorder=22,
        gid="scalebar-unit",
    )
    artists.append(unit)
    return ScaleBar(km, x0, x0 + length, y, artists)


# --- north arrow ----------------------------------------------------------------------------


def true_north_angle(x, y, crs=None):
    """Degrees clockwise from grid north (up) to true north at a projected point."""
    crs = crs or settings.projected_crs
    back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    forward = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    lon, lat = back.transform(x, y)
    x1, y1 = forward.transform(lon, lat + 0.01)
    return math.degrees(math.atan2(x1 - x, y1 - y))


@dataclass
class NorthArrow:
    angle: float  # degrees clockwise from up
    artists: list = field(default_factory=list)
    box: Bbox = None


#: the arrow's centre (axes fraction) in each corner; its height is 0.045 of the axes
NORTH_ARROW_CENTRES = {"upper right": (0.955, 0.885), "upper left": (0.045, 0.885),
                       "lower right": (0.955, 0.10), "lower left": (0.045, 0.10)}


def north_arrow_extent(ax, corner="upper right"):
    """The box (data coordinates) a north arrow in ``corner`` takes."""
    bbox = ax.get_window_extent()
    aspect = bbox.width / bbox.height
    cx, cy = NORTH_ARROW_CENTRES[corner]
    size = 0.045
    (x0, y0), (x1, y1) = ax.transLimits.inverted().transform(
        [(cx - 1.2 * size / aspect, cy - 0.85 * size), (cx + 1.2 * size / aspect, cy + 2.1 * size)])
    return (x0, y0, x1, y1)


def add_north_arrow(ax, lang="zh", fontsize=9, corner="upper right"):
    """A north arrow in a corner, turned to true north at the map centre."""
    x_lo, x_hi = ax.get_xlim()
    y_lo, y_hi = ax.get_ylim()
    angle = true_north_angle((x_lo + x_hi) / 2, (y_lo + y_hi) / 2)
    # draw in axes fraction, correcting for the axes' aspect so the arrow is not skewed
    bbox = ax.get_window_extent()
    aspect = bbox.width / bbox.height
    (cx, cy), size = NORTH_ARROW_CENTRES[corner], 0.045
    theta = math.radians(angle)

    def at(dx, dy):  # rotate a point given in units of the arrow's height (y up)
        rx = dx * math.cos(theta) + dy * math.sin(theta)
        ry = -dx * math.sin(theta) + dy * math.cos(theta)
        return (cx + rx * size / aspect, cy + ry * size)

    tip, left, right, notch = at(0, 1), at(-0.42, -0.55), at(0.42, -0.55), at(0, -0.25)
    dark = MplPolygon([tip, notch, left], closed=True, transform=ax.transAxes,
                      facecolor=style.FURNITURE, edgecolor=style.FURNITURE, linewidth=0.6, zorder=22,
                      gid="north-arrow")
    light = MplPolygon([tip, right, notch], closed=True, transform=ax.transAxes,
                       facecolor=style.BLANK, edgecolor=style.FURNITURE, linewidth=0.6, zorder=22,
                       gid="north-arrow")
    ax.add_patch(dark)
    ax.add_patch(light)
    letter = ax.text(*at(0, 1.55), PRINT[lang]["north"], transform=ax.transAxes,
                     ha="center", va="center", fontsize=fontsize, fontweight="bold",
                     zorder=22, gid="north-arrow-letter")
    back = FancyBboxPatch((cx - 1.2 * size / aspect, cy - 0.85 * size), 2.4 * size / aspect,
                          2.95 * size, boxstyle="round,pad=0,rounding_size=0.006",
                          transform=ax.transAxes, facecolor=(1, 1, 1, 0.8), edgecolor="none",
                          zorder=21, gid="north-arrow-background")
    ax.add_patch(back)
    return NorthArrow(angle, [back, dark, light, letter])


# --- inset locator --------------------------------------------------------------------------


def draw_inset(ax, cities, area, extent, lang="zh", fontsize=6):
    """The map's place within 西安/咸阳: city outlines, the new area, the map frame.

    ``cities`` and ``area`` are projected GeoDataFrame/GeoSeries; ``extent`` is
    (x0, y0, x1, y1) of the main map in the same CRS.
    """
    cities.plot(ax=ax, facecolor=style.DISTRICT_FILL, edgecolor=style.CITY_EDGE, linewidth=0.5)
    ax.collections[-1].set_gid("inset-cities")
    area.plot(ax=ax, facecolor=style.INSET_AREA, edgecolor="none", alpha=0.85)
    ax.collections[-1].set_gid("inset-new-area")
    x0, y0, x1, y1 = extent
    frame = Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor="none", edgecolor=style.FURNITURE,
                      linewidth=0.8, gid="inset-extent")
    ax.add_patch(frame)
    name = "name_zh" if lang == "zh" else "name_en"
    for row in cities.itertuples():
        point = label_point(row.geometry, avoid=shapely.box(x0, y0, x1, y1))
        ax.text(point.x, point.y, getattr(row, name), ha="center", va="center",
                fontsize=fontsize, color=style.FURNITURE_TEXT, gid="inset-label")
    bx0, by0, bx1, by1 = fit_bounds(cities.total_bounds, ax, pad=0.03)
    ax.set_xlim(bx0, bx1)
    ax.set_ylim(by0, by1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(style.INSET_EDGE)
        spine.set_linewidth(0.6)


def fit_bounds(bounds, ax, pad=0.05, min_span=0.0):
    """Bounds padded, then widened to the axes' shape so that 1 unit is the same in x and y."""
    x0, y0, x1, y1 = bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    span_x = max(x1 - x0, min_span) * (1 + 2 * pad)
    span_y = max(y1 - y0, min_span) * (1 + 2 * pad)
    box = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    aspect = (box.width * fig_w) / (box.height * fig_h)
    if span_x / span_y < aspect:
        span_x = span_y * aspect
    else:
        span_y = span_x / aspect
    return (cx - span_x / 2, cy - span_y / 2, cx + span_x / 2, cy + span_y / 2)


def label_point(geom, avoid=None):
    """A point well inside a polygon, away from ``avoid`` where possible."""
    if geom.geom_type == "Point":
        return geom
    if avoid is not None:
        rest = geom.difference(avoid.buffer(2000))
        if not rest.is_empty and rest.area > 0.25 * geom.area:
            geom = rest
    if geom.geom_type == "MultiPolygon":
        geom = max(geom.geoms, key=lambda g: g.area)
    # pole of inaccessibility: the most central point, better than a centroid for odd shapes
    return polylabel(geom, tolerance=max(geom.length / 500, 1.0))


# --- labels ---------------------------------------------------------------------------------


@dataclass
class LabelItem:
    """A label to place: text, the feature it names, how it looks."""

    text: str
    geometry: object  # projected shapely geometry of the feature
    kind: str  # park, city, node, belt, river, window
    fontsize: float = 7
    color: str = style.LABEL_TEXT
    weight: str = "normal"
    style: str = "normal"
    required: bool = True  # a required label is never dropped (a numbered callout at worst)
    key: str = ""  # feature id, for tests and the legend's callout key
    artist: object = None
    leader: object = None
    callout: str = ""  # the number shown instead of the text if the text did not fit


def _overlap(a, b):
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _inside(box, frame):
    return box[0] >= frame[0] and box[1] >= frame[1] and box[2] <= frame[2] and box[3] <= frame[3]


class LabelPlacer:
    """Greedy placement in display space: each label takes the cheapest free spot.

    A spot is free when its box (with the text's background padding) overlaps no
    placed label and no obstacle (scale bar, north arrow) and lies inside the map.
    Its cost is the distance from the feature plus penalties for covering other
    features. Labels away from their feature get a thin leader line.
    """

    GAP = 2.5  # px between a feature and its label
    PAD = 0.25  # text background padding, in units of the font size

    def __init__(self, ax, renderer, features=(), obstacles=()):
        self.ax = ax
        self.renderer = renderer
        frame = ax.get_window_extent(renderer)
        self.frame = (frame.x0 + 2, frame.y0 + 2, frame.x1 - 2, frame.y1 - 2)
        self.placed = [tuple(b.extents) for b in obstacles]
        # display boxes of features that labels should not cover
        self.features = [(self._pixel_box(g), key) for g, key in features]
        self._feature_array = None
        self._weights = None
        self.items = []

    # geometry helpers
    def _pixel_box(self, geom):
        x0, y0, x1, y1 = geom.bounds
        (px0, py0), (px1, py1) = self.ax.transData.transform([(x0, y0), (x1, y1)])
        if geom.geom_type == "Point" or (px1 - px0) < 6:
            cx, cy = (px0 + px1) / 2, (py0 + py1) / 2
            return (cx - 4, cy - 4, cx + 4, cy + 4)
        return (px0, py0, px1, py1)

    def _to_data(self, x, y):
        return self.ax.transData.inverted().transform((x, y))

    def _measure(self, item):
        text = self.ax.text(0, 0, item.text, fontsize=item.fontsize, color=item.color,
                            fontweight=item.weight, fontstyle=item.style, ha="center",
                            va="center", zorder=30, linespacing=1.15,
                            gid=f"label-{item.kind}")
        ext = text.get_window_extent(self.renderer)
        pad = self.PAD * item.fontsize * self.ax.figure.dpi / 72
        return text, ext.width + 2 * pad, ext.height + 2 * pad, pad

    def _cost(self, box, own_key, item):
        """None if the box is not free, else its penalty for covering features."""
        if not _inside(box, self.frame):
            return None
        if self.placed:
            placed = np.asarray(self.placed)
            w = np.minimum(placed[:, 2], box[2]) - np.maximum(placed[:, 0], box[0])
            h = np.minimum(placed[:, 3], box[3]) - np.maximum(placed[:, 1], box[1])
            if np.any((w > 0) & (h > 0)):
                return None
        if not self.features:
            return 0.0
        if self._feature_array is None:
            self._feature_array = np.asarray([f for f, _ in self.features], dtype=float)
        boxes = self._feature_array
        w = np.clip(np.minimum(boxes[:, 2], box[2]) - np.maximum(boxes[:, 0], box[0]), 0, None)
        h = np.clip(np.minimum(boxes[:, 3], box[3]) - np.maximum(boxes[:, 1], box[1]), 0, None)
        hits = w * h
        if not hits.any():
            return 0.0
        area = (box[2] - box[0]) * (box[3] - box[1])
        if self._weights is None or self._weights[0] != own_key:
            self._weights = (own_key, np.array([0.6 if key == own_key else 2.5
                                                for _, key in self.features]))
        return float((self._weights[1] * hits).sum() * 100 / area)

    def _candidates(self, item, w, h):
        """(cx, cy, distance) label centres to try, nearest first."""
        geom = item.geometry
        if item.kind in ("city", "window", "district"):
            yield from self._inner_candidates(geom, w, h)
            if item.kind == "district":
                return
        if item.kind in ("belt", "river"):
            line = geom if geom.geom_type != "MultiLineString" else max(geom.geoms,
                                                                       key=lambda g: g.length)
            for frac in np.linspace(0.05, 0.95, 19):
                p = line.interpolate(frac, normalized=True)
                px, py = self.ax.transData.transform((p.x, p.y))
                for k in (0, 1, 2, 3):
                    for dx, dy in ((0, 0), (0, h / 2 + 4), (0, -h / 2 - 4), (w / 2 + 4, 0),
                                   (-w / 2 - 4, 0)):
                        if k and not (dx or dy):
                            continue
                        dx += 12 * k * (1 if dx > 0 else -1 if dx < 0 else 0)
                        dy += 12 * k * (1 if dy > 0 else -1 if dy < 0 else 0)
                        yield px + dx, py + dy, abs(frac - 0.5) * 50 + math.hypot(dx, dy) * 0.5
            return
        # an area's name belongs inside it: outside spots are a last resort
        outside_cost = 150.0 if item.kind in ("city", "window") else 0.0
        fb = self._pixel_box(geom)
        cx, cy = (fb[0] + fb[2]) / 2, (fb[1] + fb[3]) / 2
        hw, hh = (fb[2] - fb[0]) / 2, (fb[3] - fb[1]) / 2
        g = self.GAP
        for ring in range(0, 40):
            r = ring * 6.0
            # the eight positions hugging the feature, pushed out ring by ring
            base = [
                (hw + g + w / 2 + r, 0), (-(hw + g + w / 2 + r), 0),
                (0, hh + g + h / 2 + r), (0, -(hh + g + h / 2 + r)),
                (hw + g + w / 2 + r, hh + g + h / 2 + r), (-(hw + g + w / 2 + r), hh + g + h / 2 + r),
                (hw + g + w / 2 + r, -(hh + g + h / 2 + r)),
                (-(hw + g + w / 2 + r), -(hh + g + h / 2 + r)),
            ]
            if ring:
                # and sliding along each side
                for s in (-0.5, 0.5):
                    base += [(hw + g + w / 2 + r, s * (h + 2 * hh)),
                             (-(hw + g + w / 2 + r), s * (h + 2 * hh)),
                             (s * (w + 2 * hw), hh + g + h / 2 + r),
                             (s * (w + 2 * hw), -(hh + g + h / 2 + r))]
            for dx, dy in base:
                dist = max(math.hypot(dx, dy) - math.hypot(hw, hh), 0) + ring * 4
                yield cx + dx, cy + dy, dist + outside_cost

    def _inner_candidates(self, geom, w, h):
        """Centres whose label box lies (mostly) inside an area, nearest its middle first."""
        point = label_point(geom)
        px, py = self.ax.transData.transform((point.x, point.y))
        fb = self._pixel_box(geom)
        step = max(h * 0.5, 4.0)
        xs = np.arange(fb[0] + w / 2, fb[2] - w / 2 + 1, step)
        ys = np.arange(fb[1] + h / 2, fb[3] - h / 2 + 1, step)
        spots = [(0.0, px, py)]
        prepared = shapely.prepared.prep(geom)
        for x in xs:
            for y in ys:
                spots.append((math.hypot(x - px, y - py), x, y))
        spots.sort()
        for dist, x, y in spots:
            (x0, y0), (x1, y1) = self.ax.transData.inverted().transform(
                [(x - w / 2, y - h / 2), (x + w / 2, y + h / 2)])
            box = shapely.box(x0, y0, x1, y1)
            if prepared.contains(box):
                outside = 0.0
            else:
                outside = 1 - geom.intersection(box).area / box.area
                if outside > 0.2:
                    continue
            yield x, y, dist * 0.3 + outside * 300

    def add(self, item):
        self.items.append(item)

    def place(self):
        """Place every label; returns the items (each with .artist, maybe .leader)."""
        order = {"city": 0, "park": 1, "belt": 2, "node": 3, "window": 4, "river": 5,
                 "district": 6}
        callouts = 0
        for item in sorted(self.items, key=lambda i: order.get(i.kind, 9)):
            text, w, h, pad = self._measure(item)
            best = self._best(item, w, h)
            if best is None and item.required:
                # the last resort: a small number beside the feature, keyed in the legend
                callouts += 1
                item.callout = str(callouts)
                text.set_text(item.callout)
                text, w, h, pad = self._remeasure(text, item)
                for cx, cy, dist in self._candidates(item, w, h):
                    box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                    if self._cost(box, item.key, item) is not None:
                        best = (dist, cx, cy, box)
                        break
            if best is None:
                text.remove()
                continue
            _, cx, cy, box = best
            self.placed.append(box)
            x, y = self._to_data(cx, cy)
            text.set_position((x, y))
            text.set_bbox(dict(boxstyle=f"round,pad={self.PAD}", facecolor=(1, 1, 1, 0.78),
                               edgecolor="none"))
            item.artist = text
            item.leader = self._leader(item, box)
        return [i for i in self.items if i.artist is not None]

    def _best(self, item, w, h):
        """(cost, cx, cy, box) of the cheapest free spot, trying candidates nearest first and
        stopping at a nearly free one or after 1,200. Candidates are costed 64 at a time
        with the placed boxes and weights set up once per label, not once per candidate."""
        placed = np.asarray(self.placed, dtype=float).reshape(-1, 4)
        features = np.asarray([f for f, _ in self.features], dtype=float).reshape(-1, 4)
        weights = np.array([0.6 if key == item.key else 2.5 for _, key in self.features])
        candidates = self._candidates(item, w, h)
        best, tried = None, 0
        while True:
            chunk = list(itertools.islice(candidates, 64))
            if not chunk:
                return best
            spots = np.asarray(chunk, dtype=float)
            boxes = np.column_stack([spots[:, 0] - w / 2, spots[:, 1] - h / 2,
                                     spots[:, 0] + w / 2, spots[:, 1] + h / 2])
            costs = spots[:, 2] + self._costs(boxes, placed, features, weights)
            for (cx, cy, _), box, cost in zip(chunk, boxes, costs.tolist()):
                tried += 1
                if cost != cost:  # NaN: not free
                    continue
                if best is None or cost < best[0]:
                    best = (cost, cx, cy, tuple(box.tolist()))
                if best[0] < 1 or tried > 1200:
                    return best

    def _costs(self, boxes, placed, features, weights):
        """Penalty of each box (rows x0, y0, x1, y1) for covering features; NaN where the box
        leaves the map or overlaps a placed label (what _cost says of one box)."""
        x0, y0, x1, y1 = (boxes[:, i:i + 1] for i in range(4))
        f = self.frame
        free = ((x0 >= f[0]) & (y0 >= f[1]) & (x1 <= f[2]) & (y1 <= f[3]))[:, 0]
        if len(placed):
            pw = np.minimum(placed[:, 2], x1) - np.maximum(placed[:, 0], x0)
            ph = np.minimum(placed[:, 3], y1) - np.maximum(placed[:, 1], y0)
            free &= ~np.any((pw > 0) & (ph > 0), axis=1)
        penalty = np.zeros(len(boxes))
        if len(features):
            fw = np.clip(np.minimum(features[:, 2], x1) - np.maximum(features[:, 0], x0), 0, None)
            fh = np.clip(np.minimum(features[:, 3], y1) - np.maximum(features[:, 1], y0), 0,
                         None)
            area = ((x1 - x0) * (y1 - y0))[:, 0]
            penalty = (weights * (fw * fh)).sum(axis=1) * 100 / area
        return np.where(free, penalty, np.nan)

    def _remeasure(self, text, item):
        ext = text.get_window_extent(self.renderer)
        pad = self.PAD * item.fontsize * self.ax.figure.dpi / 72
        return text, ext.width + 2 * pad, ext.height + 2 * pad, pad

    def _leader(self, item, box):
        """A thin line from the feature to a label that does not touch it."""
        if item.kind in ("belt", "river", "district"):
            return None
        if item.kind in ("city", "window"):
            (x0, y0), (x1, y1) = self.ax.transData.inverted().transform(
                [(box[0], box[1]), (box[2], box[3])])
            if item.geometry.intersects(shapely.box(x0, y0, x1, y1)):
                return None
        fb = self._pixel_box(item.geometry)
        gap_x = max(fb[0] - box[2], box[0] - fb[2], 0)
        gap_y = max(fb[1] - box[3], box[1] - fb[3], 0)
        if math.hypot(gap_x, gap_y) <= self.GAP + 3:
            return None
        # from the feature's nearest point to the label's nearest point
        lx = min(max((fb[0] + fb[2]) / 2, box[0]), box[2])
        ly = min(max((fb[1] + fb[3]) / 2, box[1]), box[3])
        point = item.geometry
        if point.geom_type != "Point":
            point = nearest_points(point, shapely.Point(*self._to_data(lx, ly)))[0]
        x1, y1 = self._to_data(lx, ly)
        line = Line2D([point.x, x1], [point.y, y1], color=style.FURNITURE_TEXT, linewidth=0.5, zorder=29,
                      gid=f"leader-{item.kind}")
        self.ax.add_line(line)
        return line


def label_boxes(items, renderer):
    """Display boxes of placed labels, background padding included (for tests)."""
    out = []
    for item in items:
        patch = item.artist.get_bbox_patch()
        item.artist.update_bbox_position_size(renderer)
        out.append(patch.get_window_extent(renderer) if patch else
                   item.artist.get_window_extent(renderer))
    return out
