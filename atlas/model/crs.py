"""WGS84 → GCJ-02, the obfuscated datum that Gaode (AMap) tiles are drawn in.

The published GCJ-02 algorithm: an offset built from a few sine terms of the
longitude and latitude relative to (105°E, 35°N), scaled onto the Krasovsky 1940
ellipsoid. Offsets are a few hundred metres in Xixian. The atlas keeps all data
in WGS84 and uses this only to line overlays up with Gaode tiles in the web maps.
Outside China the transform is the identity.
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
