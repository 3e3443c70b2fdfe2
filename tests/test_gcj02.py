"""WGS84 → GCJ-02 against an independent implementation (prcoords, used only here)."""

import numpy as np
import prcoords
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from atlas.model import crs as gcj02

_GEOD = Geod(ellps="WGS84")


def reference(lon, lat):
    c = prcoords.wgs_gcj(prcoords.Coords(lat, lon), check_china=False)
    return c.lon, c.lat


def metres(a, b):
    return _GEOD.inv(a[0], a[1], b[0], b[1])[2]


XIXIAN = [
    (108.72, 34.33),  # 沣西
    (108.80, 34.27),  # 沣东
    (108.80, 34.40),  # 秦汉
    (108.76, 34.45),  # 空港
    (108.98, 34.50),  # 泾河
    (108.62, 34.30),  # 西部科技创新港
    (109.23, 34.66),  # 阎良
]


@pytest.mark.parametrize("lon, lat", XIXIAN)
def test_xixian_points_match_the_reference(lon, lat):
    assert metres(gcj02.wgs_to_gcj(lon, lat), reference(lon, lat)) < 0.5


def test_offset_in_xixian_is_a_few_hundred_metres():
    lon, lat = 108.80, 34.35
    shift = metres((lon, lat), gcj02.wgs_to_gcj(lon, lat))
    assert 200 < shift < 800


def test_grid_over_china_matches_the_reference():
    worst = 0.0
    for lon in np.linspace(74.0, 134.0, 41):
        for lat in np.linspace(18.5, 53.0, 31):
            worst = max(worst, metres(gcj02.wgs_to_gcj(lon, lat), reference(lon, lat)))
    assert worst < 0.5


@settings(max_examples=300, deadline=None)
@given(st.floats(107.5, 110.0), st.floats(33.5, 35.5))
def test_random_points_in_the_context_envelope(lon, lat):
    assert metres(gcj02.wgs_to_gcj(lon, lat), reference(lon, lat)) < 0.5


def test_outside_china_is_unchanged():
    assert gcj02.wgs_to_gcj(2.35, 48.85) == (2.35, 48.85)


def test_arrays_match_scalars():
    lons = np.array([p[0] for p in XIXIAN])
    lats = np.array([p[1] for p in XIXIAN])
    out_lon, out_lat = gcj02.wgs_to_gcj(lons, lats)
    for i, (lon, lat) in enumerate(XIXIAN):
        assert (out_lon[i], out_lat[i]) == pytest.approx(gcj02.wgs_to_gcj(lon, lat), abs=1e-12)


def test_geometry_transform_moves_every_vertex():
    poly = shapely.Polygon([(108.7, 34.3), (108.8, 34.3), (108.8, 34.4), (108.7, 34.3)])
    moved = gcj02.transform(poly)
    for a, b in zip(shapely.get_coordinates(poly), shapely.get_coordinates(moved)):
        assert metres(tuple(b), reference(*a)) < 0.5


def test_micro_offsets_follow_vertex_order():
    line = shapely.LineString([(108.7, 34.3), (108.9, 34.5)])
    d = gcj02.offsets_micro(line)
    assert len(d) == 4
    for i, (lon, lat) in enumerate(shapely.get_coordinates(line)):
        ref = reference(lon, lat)
        got = (lon + d[2 * i] / 1e6, lat + d[2 * i + 1] / 1e6)
        assert metres(got, ref) < 0.5
