"""The loader: an exhaustive join, every problem collected, derived figures."""

import math

import pytest

import atlas
from atlas import ValidationError
from atlas.model import measure
from tests import edit


def problems_of(data_dir):
    with pytest.raises(ValidationError) as info:
        atlas.load(data_dir)
    return [str(p) for p in info.value.problems]


def test_shipped_data_loads_with_every_layer(real_atlas):
    counts = {name: len(frame) for name, frame in real_atlas.layers.items()}
    assert counts["new_cities"] == 6
    assert counts["parks"] == 10
    assert counts["rivers"] == 3
    assert counts["context_districts"] == 7
    assert all(n > 0 for n in counts.values())
    assert real_atlas.parks.crs.to_epsg() == 4326


def test_parks_are_joined_to_their_new_city(real_atlas):
    pv = real_atlas.parks.set_index("id").loc["jinghe_pv"]
    assert pv["new_city"] == "泾河新城"
    assert pv["new_city_id"] == "jinghe"
    assert pv["belt"] == "adv_manufacturing_belt"
    assert "photovoltaic" in pv["sectors"]
    assert pv["sources"] and all({"file", "locator", "quote"} <= set(s) for s in pv["sources"])


def test_areas_are_measured_in_a_projected_crs(real_atlas):
    city = real_atlas.new_cities.set_index("id").loc["qinhan"]
    utm = measure.projected(real_atlas.new_cities).set_index("id").loc["qinhan"]
    assert city["area_km2"] == pytest.approx(utm.geometry.area / 1e6, rel=1e-3)
    assert city["area_mu"] == pytest.approx(city["area_km2"] * 1500, rel=1e-3)


def test_no_intensity_from_schematic_areas(real_atlas):
    # every park outline is schematic and no official park area is given yet
    for park in real_atlas.parks.itertuples():
        assert park.output_per_km2 != park.output_per_km2  # NaN
        assert park.output_per_mu_wan != park.output_per_mu_wan
        assert park.intensity_note == measure.NO_OFFICIAL_AREA


def test_intensity_only_from_an_official_area(data_copy):
    fields, rows = edit.read_rows(data_copy / "parks.csv")
    rows[0]["official_area_km2"] = "2"
    rows[0]["official_area_source"] = "a planner's record"
    edit.write_rows(data_copy / "parks.csv", fields, rows)
    park = atlas.load(data_copy).parks.iloc[0]
    assert park["output_per_km2"] == pytest.approx(60)
    assert park["output_per_mu_wan"] == pytest.approx(120 * 1e4 / 3000, abs=0.1)
    assert park["intensity_note"] == ""


@pytest.mark.parametrize("by", ["new_city", "belt", "cluster"])
def test_totals_add_up_to_the_stated_sum(real_atlas, by):
    table = measure.totals(real_atlas, by)
    if by == "cluster":  # a park counts in each of its clusters: rows overlap
        assert table["overlapping"].all()
        assert table["parks"].sum() > 10
        for row in table.itertuples():
            assert row.parks == sum(row.id in c for c in real_atlas.parks["clusters"])
        return
    assert not table["overlapping"].any()
    assert table["parks"].sum() == 10
    assert table["output_target_2025"].fillna(0).sum() == pytest.approx(2490)


def test_totals_by_new_city_keep_the_qualifiers(real_atlas):
    jinghe = measure.totals(real_atlas, "new_city").set_index("id").loc["jinghe"]
    assert jinghe["output_target_2025"] == 1500
    assert jinghe["qualifiers"] == ["about", "strive_to_exceed"]


# --- each class of problem, on a copy of the real data -------------------------


def test_id_only_in_the_table(data_copy):
    fields, rows = edit.read_rows(data_copy / "parks.csv")
    rows.append(dict(rows[0], id="jinghe_new_park"))
    edit.write_rows(data_copy / "parks.csv", fields, rows)
    found = problems_of(data_copy)
    assert any("parks.csv" in p and "jinghe_new_park" in p and "no feature" in p for p in found)


def test_id_only_in_the_geometry(data_copy):
    edit.drop_row(data_copy / "platforms.csv", "aoxiang_town")
    found = problems_of(data_copy)
    assert any(
        "platforms.geojson" in p and "aoxiang_town" in p and "no row in platforms.csv" in p
        for p in found
    )


def test_duplicate_id(data_copy):
    edit.duplicate_row(data_copy / "new_cities.csv", "fengxi")
    found = problems_of(data_copy)
    assert any("new_cities.csv" in p and "fengxi" in p and "duplicate" in p for p in found)


def test_unknown_new_city(data_copy):
    edit.set_cell(data_copy / "parks.csv", "fengxi_ai", "new_city", "fengbei")
    found = problems_of(data_copy)
    assert any(
        "parks.csv" in p and "fengxi_ai" in p and "'new_city'" in p and "fengbei" in p
        for p in found
    )


def test_unknown_sector(data_copy):
    edit.set_cell(data_copy / "parks.csv", "fengxi_ai", "sectors", "quantum_teleport")
    found = problems_of(data_copy)
    assert any("fengxi_ai" in p and "'sectors'" in p and "quantum_teleport" in p for p in found)


def test_invalid_geometry(data_copy):
    bowtie = {"type": "Polygon", "coordinates": [[[108.7, 34.2], [108.8, 34.3], [108.8, 34.2],
                                                  [108.7, 34.3], [108.7, 34.2]]]}
    edit.set_geometry(data_copy / "parks.geojson", "fengxi_ai", bowtie)
    found = problems_of(data_copy)
    assert any("parks.geojson" in p and "fengxi_ai" in p and "invalid" in p for p in found)


def test_empty_geometry(data_copy):
    edit.set_geometry(data_copy / "parks.geojson", "qinhan_health",
                      {"type": "Polygon", "coordinates": []})
    found = problems_of(data_copy)
    assert any("qinhan_health" in p and "'geometry'" in p and "empty" in p for p in found)


def test_swapped_lon_lat(data_copy):
    edit.map_coords(data_copy / "platforms.geojson", "aoxiang_town", lambda x, y: (y, x))
    found = problems_of(data_copy)
    assert any("aoxiang_town" in p and "swapped" in p for p in found)


def test_far_away_coordinates(data_copy):
    edit.map_coords(data_copy / "platforms.geojson", "aoxiang_town", lambda x, y: (x + 5, y))
    found = problems_of(data_copy)
    assert any("aoxiang_town" in p and "outside the expected area" in p and "km" in p
               for p in found)


@pytest.mark.parametrize("value", ["约120", "NaN", "abc"])
def test_non_numeric_target(data_copy, value):
    edit.set_cell(data_copy / "parks.csv", "fengdong_advanced_manufacturing",
                  "output_target_2025", value)
    found = problems_of(data_copy)
    assert any("fengdong_advanced_manufacturing" in p and "output_target_2025" in p
               and "not a number" in p for p in found)


def test_negative_target(data_copy):
    edit.set_cell(data_copy / "parks.csv", "jinghe_pv", "output_target_2025", "-5")
    found = problems_of(data_copy)
    assert any("jinghe_pv" in p and "output_target_2025" in p and "negative" in p for p in found)


def test_gbk_file_is_refused_with_a_way_to_convert(data_copy):
    path = data_copy / "parks.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    found = problems_of(data_copy)
    assert any("parks.csv" in p and "not UTF-8" in p and "GBK" in p and "iconv" in p
               for p in found)


def test_bom_is_read_with_a_warning(data_copy):
    path = data_copy / "sectors.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    loaded = atlas.load(data_copy)
    assert any("sectors.csv" in w and "BOM" in w for w in loaded.warnings)
    assert len(loaded.sectors) > 0


def test_every_problem_is_reported_at_once(data_copy):
    edit.set_cell(data_copy / "parks.csv", "jinghe_pv", "output_target_2025", "-5")
    edit.set_cell(data_copy / "parks.csv", "fengxi_ai", "new_city", "nowhere")
    edit.duplicate_row(data_copy / "new_cities.csv", "fengxi")
    edit.map_coords(data_copy / "platforms.geojson", "aoxiang_town", lambda x, y: (y, x))
    found = problems_of(data_copy)
    assert len(found) >= 4
    for needle in ("negative", "nowhere", "duplicate", "swapped"):
        assert any(needle in p for p in found), needle


def test_unsafe_id_is_refused(data_copy):
    edit.set_cell(data_copy / "platforms.csv", "aoxiang_town", "id", "../../etc/x")
    found = problems_of(data_copy)
    assert any("../../etc/x" in p and "lowercase" in p for p in found)


def test_data_dir_from_environment(data_copy, monkeypatch):
    edit.set_cell(data_copy / "parks.csv", "jinghe_pv", "name_en", "Renamed PV Park")
    monkeypatch.setenv("ATLAS_DATA", str(data_copy))
    loaded = atlas.load()
    assert "Renamed PV Park" in set(loaded.parks["name_en"])
    assert not math.isnan(loaded.parks["output_target_2025"].sum())


@pytest.mark.parametrize("feature", [3, "x", {"type": "Feature", "geometry": "POINT (1 2)"},
                                     {"type": "Feature", "properties": [1], "geometry": None}])
def test_malformed_feature_is_a_problem_not_a_crash(data_copy, feature):
    doc = edit.read_features(data_copy / "platforms.geojson")
    doc["features"].append(feature)
    edit.write_features(data_copy / "platforms.geojson", doc)
    found = problems_of(data_copy)
    assert any("platforms.geojson" in p and "feature 17" in p for p in found)


def test_a_node_may_be_left_out_of_both_belts(data_copy):
    from atlas.render.web import pages as webmap

    edit.set_cell(data_copy / "corridors.csv", "yanliang", "belt", "")
    edit.set_cell(data_copy / "corridors.csv", "adv_manufacturing_belt", "members",
                  "qinhan;jinghe;konggang;econ_dev_zone;weibei_new_city")
    loaded = atlas.load(data_copy)
    pages = {p.name: p for p in webmap.render_pages(loaded)}
    assert "文中未指明属于哪条示范带" in pages["corridors"].html
    assert pages["corridors"].drawn["corridors"] == 9


def test_a_node_in_an_unknown_belt_is_a_problem(data_copy):
    edit.set_cell(data_copy / "corridors.csv", "yanliang", "belt", "orbital_belt")
    found = problems_of(data_copy)
    assert any("corridors.csv" in p and "yanliang" in p and "'belt'" in p for p in found)
