"""Carriers the plan names, where the text places them, and its quantified place targets."""

import pytest

import atlas
from atlas.model import places
from atlas.data import provenance
from tests import edit


def _fold(text):
    # the seed's OCR writes 沔 for 沣 in places; atlas names use 沣 (discrepancy ocr_*)
    return provenance.squeeze(text).replace("沔", "沣")


def test_at_least_forty_carriers_are_located(real_atlas):
    located = len(places.located(real_atlas)) + len(real_atlas.platforms)
    assert located >= 40
    assert len(places.only_new_city(real_atlas)) >= 30


@pytest.mark.parametrize("cid", [
    "innovation_eco_city", "life_science_centre", "jinghe_materials_platform", "xidian_ai_base",
    "innovation_harbour_phase2", "fengdong_life_science_park", "fengdong_testing_zone",
    "northwest_tech_transfer_centre", "roadshow_centre", "konggang_bio_park",
    "digital_sci_tech_city", "fengxi_idc", "intelligent_manufacturing_centre",
])
def test_the_places_the_issue_lists_are_recorded(real_atlas, cid):
    assert cid in set(real_atlas.carriers["id"])


def test_every_carrier_is_named_in_its_quotes(real_atlas):
    for row in real_atlas.carriers.itertuples():
        quotes = [_fold(s["quote"]) for s in row.sources]
        assert any(_fold(row.name_zh) in q for q in quotes), row.id


def test_points_only_inside_a_park_block_with_the_parks_precision(real_atlas):
    parks = real_atlas.parks.set_index("id")
    for row in real_atlas.carriers.itertuples():
        if row.location_level == "park":
            park = parks.loc[row.park]
            assert park.geometry.contains(row.geometry)
            assert row.precision_m == park["precision_m"]
            assert row.geocode_method == places.WITHIN_PARK
            assert row.new_city == park["new_city_id"]
        else:
            assert row.geometry is None or row.geometry.is_empty
            assert row.precision_m != row.precision_m  # NaN: no point, no precision
            assert bool(row.new_city) == (row.location_level == "new_city")


def test_place_targets_as_numbers_with_qualifiers(real_atlas):
    t = real_atlas.place_targets.set_index("id")
    assert (t.loc["shuangchuang_carriers_per_new_city", ["value_min", "value_max"]] == [3, 5]).all()
    assert t.loc["provincial_parks", "qualifier"] == "range"
    for key, n in (("incubation_carriers", 100), ("commercialization_carriers", 10),
                   ("promoter_clusters", 6)):
        assert t.loc[key, "value_min"] == n and t.loc[key, "qualifier"] == "at_least"
        assert "以上" in t.loc[key, "wording_zh"]
    assert t.loc["clusters_over_100bn", "value_min"] == 6
    assert t.loc["clusters_over_10bn", "value_min"] == 15


def test_a_carrier_in_an_unknown_park_is_refused(data_copy):
    edit.set_cell(data_copy / "carriers.csv", "longi_pv_chain", "park", "jinghe_nowhere")
    with pytest.raises(atlas.ValidationError) as err:
        atlas.load(data_copy)
    assert any("carriers.csv" in str(p) and "longi_pv_chain" in str(p) and "'park'" in str(p)
               for p in err.value.problems)


def test_a_new_city_carrier_may_not_claim_a_park(data_copy):
    edit.set_cell(data_copy / "carriers.csv", "roadshow_centre", "park", "fengxi_ai")
    with pytest.raises(atlas.ValidationError) as err:
        atlas.load(data_copy)
    assert any("roadshow_centre" in str(p) and "location_level is new_city" in str(p)
               for p in err.value.problems)


def test_the_eleventh_park_is_named_but_not_drawn(real_atlas):
    row = real_atlas.carriers.set_index("id").loc["new_axis_hq_belt"]
    assert row["location_level"] == "unlocated" and not row["new_city"]
    assert row["geometry"] is None or row["geometry"].is_empty
    assert "new_axis_hq_belt" not in set(real_atlas.parks["id"])
    assert "inferred" in row["role_en"]
    quotes = " ".join(s["quote"] for s in row["sources"])
    assert "10 大特色产业园区" in quotes and "总部经济" in quotes and "新中心新轴线" in quotes
