"""WGS84 ↔ GCJ-02 (Gaode/AMap, Tencent) and BD-09 (Baidu), on numpy arrays.

The published GCJ-02 algorithm: an offset built from a few sine terms of the
longitude and latitude relative to (105°E, 35°N), scaled onto the Krasovsky 1940
ellipsoid. Offsets are a few hundred metres in Xixian. The atlas keeps all data
in WGS84 and uses this only to line overlays up with Gaode tiles in the web maps.
Outside China the transform is the identity. Planners' lists come in GCJ-02 or
BD-09, so ``to_wgs84`` brings them back: GCJ-02 by fixed-point iteration of the
forward offset, BD-09 by the published closed form to GCJ-02 and then the same.
``tests/test_join.py`` checks them against prcoords.
"""

import numpy as np
import shapely

#: Krasovsky 1940 semi-major axis (m) and first eccentricity squared
_A = 6378245.0
_EE = 0.00669342162296594323

#: coarse box in which the offset applies (lon0, lat0, lon1, lat1)
CHINA_BOX = (72.004, 0.8293, 137.8347, 55.8271)


def _d_lat(x, y):
    d = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    d += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    d += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    d += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return d


def _d_lon(x, y):
    d = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    d += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    d += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    d += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return d


def offset(lon, lat):
    """(dlon, dlat) in degrees to add to WGS84 coordinates; arrays or scalars."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    x, y = lon - 105.0, lat - 35.0
    rad = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = _d_lat(x, y) * 180.0 / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = _d_lon(x, y) * 180.0 / (_A / sqrt_magic * np.cos(rad) * np.pi)
    x0, y0, x1, y1 = CHINA_BOX
    inside = (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)
    return np.where(inside, dlon, 0.0), np.where(inside, dlat, 0.0)


def wgs_to_gcj(lon, lat):
    """GCJ-02 (lon, lat) of a WGS84 point; scalars in, floats out (arrays in, arrays out)."""
    dlon, dlat = offset(lon, lat)
    out_lon, out_lat = np.asarray(lon, dtype=float) + dlon, np.asarray(lat, dtype=float) + dlat
    if out_lon.ndim == 0:
        return float(out_lon), float(out_lat)
    return out_lon, out_lat


def transform(geom):
    """A shapely geometry moved from WGS84 to GCJ-02."""

    def move(coords):
        lon, lat = wgs_to_gcj(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(geom, move)


def offsets_micro(geom):
    """The GCJ-02 offset of every vertex, in millionths of a degree, as a flat int list.

    Vertices are in ``shapely.get_coordinates`` order, which is the order of the
    nested GeoJSON coordinates: (dlon0, dlat0, dlon1, dlat1, ...).
    """
    coords = shapely.get_coordinates(geom)
    dlon, dlat = offset(coords[:, 0], coords[:, 1])
    flat = np.column_stack([dlon, dlat]).ravel()
    return [int(v) for v in np.rint(flat * 1e6)]


def gcj_to_wgs(lon, lat, rounds=3):
    """WGS84 (lon, lat) of GCJ-02 points, arrays in and out; error well under a millimetre.

    The offset changes slowly, so subtracting the offset at the current guess
    converges by a factor of about 10^-5 per round.
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    x, y = lon, lat
    for _ in range(rounds):
        dlon, dlat = offset(x, y)
        x, y = lon - dlon, lat - dlat
    return x, y


#: BD-09's extra rotation and shift (Baidu's published constants)
_X_PI = np.pi * 3000.0 / 180.0
_BD_DLON, _BD_DLAT = 0.0065, 0.006


def gcj_to_bd(lon, lat):
    """BD-09 (lon, lat) of GCJ-02 points."""
    x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    z = np.hypot(x, y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta) + _BD_DLON, z * np.sin(theta) + _BD_DLAT


def bd_to_gcj(lon, lat, rounds=3):
    """GCJ-02 (lon, lat) of BD-09 points: the closed-form inverse, then refined so that
    ``gcj_to_bd`` gives the input back to well under a millimetre."""
    bd_lon, bd_lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    x, y = bd_lon - _BD_DLON, bd_lat - _BD_DLAT
    z = np.hypot(x, y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    gx, gy = z * np.cos(theta), z * np.sin(theta)
    for _ in range(rounds):
        fx, fy = gcj_to_bd(gx, gy)
        gx, gy = gx - (fx - bd_lon), gy - (fy - bd_lat)
    return gx, gy


#: the coordinate systems a planner's list may be in
SYSTEMS = ("wgs84", "gcj02", "bd09")


def to_wgs84(lon, lat, system):
    """WGS84 (lon, lat) arrays of points given in ``system`` (one of SYSTEMS)."""
    if system == "wgs84":
        return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if system == "gcj02":
        return gcj_to_wgs(lon, lat)
    if system == "bd09":
        return gcj_to_wgs(*bd_to_gcj(lon, lat))
    raise ValueError(f"unknown coordinate system {system!r}; choose one of {', '.join(SYSTEMS)}")
