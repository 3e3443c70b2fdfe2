"""The rules a map spec names: which rows a layer shows, what colour each gets, where its
symbol sits. Web, print and the home-page previews all call these, so they agree."""

import math

import shapely
from shapely import affinity
from shapely.ops import polylabel

from atlas.maps import style


def _text(value):
    return "" if value is None or value != value else str(value)


# --- selections: which rows of a data layer a layer shows ----------------------------------


def _kind(kind):
    return lambda atlas, frame: frame[frame["kind"] == kind]


def _core_engines(atlas, frame):
    """The platforms the window's role names (西部科技创新港, its core engine)."""
    windows = atlas.corridors[atlas.corridors["kind"] == "window"]
    text = " ".join(_text(t) for t in windows["role_zh"])
    return frame[frame["name_zh"].map(lambda n: bool(n) and n in text)]


def _located(atlas, frame):
    """Carriers the text places within a park: the only ones with a point."""
    return frame[frame["location_level"] == "park"]


SELECTIONS = {
    "located": _located,
    "window": _kind("window"),
    "belts": _kind("belt"),
    "nodes": _kind("node"),
    "core_engines": _core_engines,
}


def select(atlas, layer, frame=None):
    """The rows ``layer`` (a LayerSpec) shows of ``frame`` (default: its whole data layer)."""
    if frame is None:  # a map layer may show a table with points (the carriers)
        frame = atlas.layers[layer.data] if layer.data in atlas.layers else getattr(atlas, layer.data)
    if not layer.select:
        return frame
    return SELECTIONS[layer.select](atlas, frame)


# --- colour rules: a fill colour per row ----------------------------------------------------


def belt_membership(atlas):
    """{member id: belt id}: a belt's members, first belt first."""
    belt_of = {}
    for row in atlas.corridors[atlas.corridors["kind"] == "belt"].itertuples():
        for member in row.members or []:
            belt_of.setdefault(member, row.id)
    return belt_of


def _new_city_belt(atlas, frame):
    belt_of = belt_membership(atlas)
    out = []
    for cid, belt in zip(frame["id"], frame["belt"]):
        belt = belt_of.get(cid) or (belt or None)
        out.append(style.belt_color(belt) if belt else style.BLANK)
    return out


def _target_class(atlas, frame):
    out = []
    for value in frame["output_target_2025"]:
        cls = style.target_class(_number(value))
        out.append(style.TARGET_NONE if cls is None else style.TARGET_COLORS[cls])
    return out


FILLS = {
    "own": lambda atlas, frame: [style.new_city_color(c) for c in frame["id"]],
    "blank": lambda atlas, frame: [style.BLANK] * len(frame),
    "belt_membership": _new_city_belt,
    "cluster": lambda atlas, frame: [c or style.SWATCH_DEFAULT for c in frame["color"]],
    "target_class": _target_class,
    "platform_kind": lambda atlas, frame: [style.platform_color(k) for k in frame["kind"]],
    "own_belt": lambda atlas, frame: [style.belt_color(b) for b in frame["id"]],
    "belt": lambda atlas, frame: [style.belt_color(b or None) for b in frame["belt"]],
    "window": lambda atlas, frame: [style.WINDOW] * len(frame),
    "window_core": lambda atlas, frame: [style.WINDOW_CORE] * len(frame),
    "carrier": lambda atlas, frame: [style.CARRIER] * len(frame),
    "district": lambda atlas, frame: [style.DISTRICT_FILL] * len(frame),
    "river": lambda atlas, frame: [style.RIVER] * len(frame),
    "city_edge": lambda atlas, frame: [style.CITY_EDGE] * len(frame),
    "province": lambda atlas, frame: [style.PROVINCE_FILL] * len(frame),
    "zone_basis": lambda atlas, frame: [style.ZONE_BASIS_COLORS[b] for b in frame["members_basis"]],
    "centre_kind": lambda atlas, frame: [style.CENTRE_COLORS[k] for k in frame["kind"]],
    "shanghai_place": lambda atlas, frame: [style.SHANGHAI_PLACE] * len(frame),
}


def fills(atlas, layer, frame):
    """The fill colour of each row of ``frame`` by ``layer.fill``, in row order."""
    return FILLS[layer.fill](atlas, frame)


def color(name):
    """A colour named in a LegendEntry: an attribute of atlas.maps.style."""
    return getattr(style, name)


# --- the graduated symbols ------------------------------------------------------------------


def _number(value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def target_classes(frame):
    """(row position, class) of each row with a stated 2025 target."""
    out = []
    for i, value in enumerate(frame["output_target_2025"]):
        cls = style.target_class(_number(value))
        if cls is not None:
            out.append((i, cls))
    return out


def symbol_point(geom):
    """Where a feature's symbol or label sits, in WGS84 (web labels, and graduated symbols on
    web and print): the pole of inaccessibility of its largest part (measured with longitude
    shrunk by cos(latitude), so in true proportions), the middle of a line, or the point. Rounded to 6 decimals, as the web payload stores it; the printed
    figure projects this same point."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        if geom.geom_type == "MultiPolygon":
            geom = max(geom.geoms, key=lambda g: g.area)
        k = math.cos(math.radians(geom.centroid.y))
        true = affinity.scale(geom, xfact=k, yfact=1.0, origin=(0, 0))
        pt = polylabel(true, tolerance=max(true.length / 500, 1e-6))
        pt = shapely.Point(pt.x / k, pt.y)
    elif geom.geom_type in ("LineString", "MultiLineString"):
        if geom.geom_type == "MultiLineString":
            geom = max(geom.geoms, key=lambda g: g.length)
        pt = geom.interpolate(0.5, normalized=True)
    else:
        pt = geom
    return shapely.Point(round(pt.x, 6), round(pt.y, 6))
