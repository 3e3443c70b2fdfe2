"""A planner's list on the maps (atlas build --points) without a browser: what the pages
hold (compact columns, only the named columns), the side-panel counts, the print hexbin,
the build cache, the CLI's exit codes."""

import json
import re

import numpy as np
import pytest

import atlas as api
from atlas.cli import main
from atlas.maps import catalog
from atlas.render import bilingual
from atlas.output import build as build_mod
from atlas.output import points as points_out
from atlas.render.print import figure
from atlas.render.web import pages as webmap
from tests.synthetic_list import make


@pytest.fixture(scope="module")
def listed(tmp_path_factory):
    """A seeded synthetic list of 600 rows (with planted bad rows) as a CSV file."""
    frame, expected = make(600, seed=7)
    path = tmp_path_factory.mktemp("points") / "firms.csv"
    frame.to_csv(path, index=False)
    return path, frame, expected


@pytest.fixture(scope="module")
def plain_points(real_atlas, listed):
    return points_out.load(listed[0], real_atlas)


@pytest.fixture(scope="module")
def plain_pages(real_atlas, plain_points):
    return {p.name: p.html for p in webmap.render_pages(real_atlas, points=plain_points)}


def block(page):
    m = re.search(r'<script type="application/json" id="atlas-points-data">(.*?)</script>', page,
                  re.S)
    return None if m is None else json.loads(m.group(1))


def test_only_maps_declaring_points_carry_them(plain_pages, real_atlas):
    declared = {m.name for m in catalog.MAPS if m.points is not None}
    assert declared == {"overview", "parks"}
    for name, page in plain_pages.items():
        carried = block(page) is not None
        assert carried == (name in declared), name
        assert ("L.MarkerClusterGroup" in page) == carried, name
        assert ("Leaflet.markercluster" in page) == carried, name  # credited where used
    for page in webmap.render_pages(real_atlas):  # no list, no markercluster
        assert block(page.html) is None and "MarkerClusterGroup" not in page.html


def test_points_are_integer_columns_not_features(plain_pages, plain_points):
    data = block(plain_pages["parks"])
    n = plain_points.result.counts["joined"]
    assert n > 500
    for key in ("x", "y", "s", "w"):
        assert len(data[key]) == n and all(type(v) is int for v in data[key]), key
    assert '"properties"' not in re.search(r'id="atlas-points-data">(.*?)</script>',
                                          plain_pages["parks"], re.S).group(1)
    joined = plain_points.result.joined
    lon = [(data["x0"] + x) * data["step"] for x in data["x"]]
    lat = [(data["y0"] + y) * data["step"] for y in data["y"]]
    assert max(abs(a - b) for a, b in zip(lon, joined["lon_wgs84"])) < 1e-5
    assert max(abs(a - b) for a, b in zip(lat, joined["lat_wgs84"])) < 1e-5
    # each point's sector set and place decode to the join's
    for i in (0, 7, n // 2, n - 1):
        keys = [data["sectors"][k] for k in data["sets"][data["s"][i]]]
        assert "; ".join(keys) == joined["sectors"].iloc[i]
        city, park, belt = data["places"][data["w"][i]]
        assert (city, park, belt) == (joined["new_city_id"].iloc[i], joined["park_id"].iloc[i],
                                      joined["belt"].iloc[i])
    # about 20 bytes a point beside the fixed GCJ-02 grid: far under GeoJSON's ~150
    size = len(re.search(r'id="atlas-points-data">(.*?)</script>', plain_pages["parks"],
                         re.S).group(1))
    grid = len(json.dumps(data["shift"], separators=(",", ":")))
    assert size - grid < 25 * n


def test_columns_not_named_stay_out_of_the_pages(plain_pages, listed):
    _, frame, _ = listed
    for page in plain_pages.values():
        assert "合成企业" not in page  # the name column was guessed, not named: not shown
        assert "光伏组件制造" not in page and "餐饮服务" not in page  # industry text: never
        for value in frame["产值"].iloc[:50]:
            if value:
                assert f'"{value}"' not in page and f",{value}," not in page
        assert "names" not in (block(page) or {}) and "values" not in (block(page) or {})


def test_named_name_and_value_columns_go_in(real_atlas, listed):
    points = points_out.load(listed[0], real_atlas, name="企业名称", value="产值")
    assert points.shown == ("name", "value")
    page = webmap.map_page(real_atlas, catalog.get("parks"), "none", "zh", points=points).html
    data = block(page)
    assert data["names"][0] == points.result.joined["name"].iloc[0]
    assert data["names"][0].startswith("合成企业")
    assert len(data["values"]) == len(data["x"])
    assert "光伏组件制造" not in page  # the industry text still never goes in


def test_side_panel_counts_per_park_equal_the_join_summary(plain_pages, plain_points):
    summary = plain_points.result.summary
    parks = summary[summary["group"] == "park"]
    expected = {("" if k == "" else k): int(n) for k, n in zip(parks["key"], parks["rows"])}
    page = bilingual.single(plain_pages["parks"], "zh")
    found = dict(re.findall(r'data-atlas-points-park="([^"]*)"><td>[^<]*</td>'
                            r'<td class="atlas-num" data-atlas-points-n="(\d+)"', page))
    found = {k: int(v) for k, v in found.items()}
    assert {k: v for k, v in found.items() if v} == expected
    c = plain_points.result.counts
    assert f'data-atlas-points-totals="{c["rows_in"]},{c["joined"]},{c["rejected"]}"' in page
    assert c["rows_in"] == 600 and c["rejected"] > 0


def test_pages_with_points_are_deterministic(real_atlas, listed, plain_pages):
    again = points_out.load(listed[0], real_atlas)
    for page in webmap.render_pages(real_atlas, points=again):
        assert page.html == plain_pages[page.name]


def test_print_figures_draw_a_hexbin_with_a_legend(real_atlas, plain_points):
    with_points = figure.build(real_atlas, "parks", points=plain_points)
    try:
        cells = [c for c in with_points.map_ax.collections if c.get_gid() == "points-hexbin"]
        assert len(cells) == 1
        assert int(cells[0].get_array().sum()) <= plain_points.result.counts["joined"]
        assert int(cells[0].get_array().sum()) > 0.8 * plain_points.result.counts["joined"]
        titles = [t.get_text() for lg in with_points.legends for t in [lg.get_title()]]
        assert any(t.startswith("每格内名单点数") for t in titles)
    finally:
        figure.close(with_points)
    for name, points in (("parks", None), ("output", plain_points)):  # no list; no layer
        other = figure.build(real_atlas, name, points=points)
        try:
            assert not [c for c in other.map_ax.collections if c.get_gid() == "points-hexbin"]
        finally:
            figure.close(other)


def test_the_list_is_an_input_of_the_cache_keys(real_atlas, listed, tmp_path):
    from atlas.output import buildcache

    store = buildcache.Cache(real_atlas, root=tmp_path / "cache")
    other = points_out.load(listed[0], real_atlas, crs="gcj02")
    plain = points_out.load(listed[0], real_atlas)
    assert plain.digest != other.digest  # options count, not only the bytes
    keys = {}
    for label, pts in (("none", None), ("plain", plain), ("other", other)):
        keys[label] = {name: build_mod._cached_figure(store, (name, "zh", ("png",)), pts)[0]
                       for name in ("overview", "parks", "output")}
    assert len({keys[k]["parks"] for k in keys}) == 3
    assert len({keys[k]["overview"] for k in keys}) == 3
    assert len({keys[k]["output"] for k in keys}) == 1  # a map without points: one figure


def test_a_changed_list_rebuilds_the_pages(real_atlas, tmp_path):
    first, _ = make(300, seed=1)
    second, _ = make(300, seed=2)
    path = tmp_path / "list.csv"
    out = tmp_path / "out"
    first.to_csv(path, index=False)
    api.build(out, atlas=real_atlas, figures=False, points=path)
    a = (out / "parks.html").read_text("utf-8")
    second.to_csv(path, index=False)
    api.build(out, atlas=real_atlas, figures=False, points=path)  # cached pages otherwise
    b = (out / "parks.html").read_text("utf-8")
    assert a != b and block(b) != block(a)
    manifest = json.loads((out / "build.json").read_text("utf-8"))
    assert manifest["points"]["rows_in"] == 300
    assert "合成企业" not in (out / "build.json").read_text("utf-8")


# --- the command line -----------------------------------------------------------------------


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_build_with_points_reports_the_rows(capsys, listed, tmp_path):
    path, _, expected = listed
    code, out, err = run(capsys, "build", "--out", str(tmp_path / "o"), "--figures", "none",
                         "--points", str(path))
    assert code == 0, err
    c = re.search(r"firms.csv: rows in (\d+) = joined (\d+) \+ rejected (\d+)", err)
    assert c and int(c[1]) == 600 and int(c[2]) + int(c[3]) == 600
    assert int(c[3]) == sum(expected.values())
    listed_rows = {int(r) for r in re.findall(r"firms.csv: row (\d+): ", err)}
    assert len(listed_rows) == int(c[3])  # under 20 rejected: every one on screen
    assert re.search(r"firms.csv: row \d+: duplicate row", err)
    assert str(tmp_path / "o" / "parks.html") in out


def test_cli_build_prints_the_same_count_line_as_join(capsys, listed, tmp_path):
    path = listed[0]
    _, _, err_build = run(capsys, "build", "--out", str(tmp_path / "o"), "--figures", "none",
                          "--points", str(path))
    _, _, err_join = run(capsys, "join", str(path))
    line = [x for x in err_join.splitlines() if x.startswith("rows in")][0]
    assert f"firms.csv: {line}" in err_build


@pytest.mark.parametrize("content,message", [
    (b"\x00\x01\x02 not a table", "cannot read your list"),
    (b"", "cannot read your list"),
])
def test_cli_build_unreadable_list_exits_1_and_writes_nothing(capsys, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    code, out, err = run(capsys, "build", "--out", str(tmp_path / "o"), "--figures", "none",
                         "--points", str(path))
    assert code == 1 and message in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_cli_build_every_row_rejected_exits_1(capsys, tmp_path):
    path = tmp_path / "far.csv"
    path.write_text("名称,经度,纬度\nA,116.4,39.9\nB,2.35,48.85\n", encoding="utf-8")
    code, _, err = run(capsys, "build", "--out", str(tmp_path / "o"), "--figures", "none",
                       "--points", str(path))
    assert code == 1 and "far.csv: row 2: far outside Shaanxi" in err
    assert "no row could be joined" in err and not (tmp_path / "o").exists()


@pytest.mark.parametrize("argv,message", [
    (["--lon", "东经"], "--lon 东经: no such column"),
    (["--crs", "utm"], "invalid choice"),
])
def test_cli_build_bad_list_options_exit_2(capsys, listed, tmp_path, argv, message):
    code, _, err = run(capsys, "build", "--out", str(tmp_path / "o"), "--figures", "none",
                       "--points", str(listed[0]), *argv)
    assert code == 2 and message in err
    assert not (tmp_path / "o").exists()


def test_cli_list_options_without_points_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "build", "--out", str(tmp_path / "o"), "--name", "企业名称")
    assert code == 2 and "give it with --points FILE" in err


def test_build_help_says_only_named_columns_go_into_the_pages(capsys):
    code, out, _ = run(capsys, "build", "--help")
    assert code == 0
    text = " ".join(out.split())
    assert "--points FILE" in text and "confidential" in text
    assert "only the columns you name go into the pages" in text


def test_a_figure_with_points_is_byte_deterministic(real_atlas, plain_points, tmp_path):
    out = []
    for i in range(2):
        fig = figure.build(real_atlas, "overview", points=plain_points)
        try:
            figure.save(fig, tmp_path / f"o{i}.png", "png")
        finally:
            figure.close(fig)
        out.append((tmp_path / f"o{i}.png").read_bytes())
    assert out[0] == out[1]


def test_a_dataframe_list_has_a_digest_of_its_cells(real_atlas, listed):
    _, frame, _ = listed
    first = points_out.load(frame, real_atlas)
    again = points_out.load(frame.copy(), real_atlas)
    changed = frame.copy()
    changed.loc[5, "行业"] = "餐饮服务" if changed.loc[5, "行业"] != "餐饮服务" else "软件开发"
    other = points_out.load(changed, real_atlas)
    assert first.digest == again.digest != other.digest
    assert first.result.counts == points_out.load(listed[0], real_atlas).result.counts


def test_unknown_roles_and_shown_roles_are_refused(real_atlas, listed):
    from atlas.model.points import Points

    with pytest.raises(ValueError, match="unknown column roles"):
        points_out.load(listed[0], real_atlas, industry="行业")
    with pytest.raises(ValueError, match="cannot show"):
        Points(points_out.load(listed[0], real_atlas).result, shown=("sector_text",))


def test_the_gcj02_grid_moves_points_within_a_metre(plain_pages, plain_points):
    from atlas.model import crs
    from atlas.render.web import points as webpoints

    grid = block(plain_pages["parks"])["shift"]
    joined = plain_points.result.joined
    lon, lat = joined["lon_wgs84"].to_numpy(), joined["lat_wgs84"].to_numpy()
    gx, gy = webpoints.shifted(grid, lon, lat)
    ex, ey = crs.wgs_to_gcj(lon, lat)
    moved = np.hypot(ex - lon, ey - lat)
    assert moved.min() > 3e-3  # hundreds of metres: the grid matters
    assert np.abs(gx - ex).max() < 1e-5 and np.abs(gy - ey).max() < 1e-5
    assert len(grid["dx"]) == grid["nx"] * grid["ny"] < 5000
