"""Every row of the shipped data is quoted from the seeds; the checker catches misquotes."""

import pytest

import atlas
from atlas.data import provenance
from tests import edit

def test_numbers_are_compared_whole():
    assert provenance.numbers_in("产值达到 120 亿元左右") == {"120"}
    assert provenance.numbers_in("144.18 km²; 5G") == {"144.18", "5"}
    assert provenance.numbers_in("120.0") == {"120"}
    assert "12" not in provenance.numbers_in("120")
    assert provenance.numbers_in("专栏11 lists 10 parks; see 表1, 图2, Figure 2, §3",
                                 facts_only=True) == {"10"}


def test_whitespace_is_ignored_when_matching():
    assert provenance.squeeze("到 2025 年，产业园\n产值") == provenance.squeeze("到2025年，产业园产值")


def test_misquote_is_caught(data_copy):
    fields, rows = edit.read_rows(data_copy / "provenance.csv")
    target = next(r for r in rows if r["table"] == "parks" and "1000" in r["quote"])
    target["quote"] = target["quote"].replace("1000", "1200")
    edit.write_rows(data_copy / "provenance.csv", fields, rows)
    with pytest.raises(atlas.ValidationError) as info:
        atlas.load(data_copy)
    text = str(info.value)
    assert "provenance.csv" in text and "quote not found" in text


def test_unquoted_number_is_caught(data_copy):
    edit.set_cell(data_copy / "parks.csv", "jinghe_pv", "output_target_2025", "1200")
    with pytest.raises(atlas.ValidationError) as info:
        atlas.load(data_copy)
    assert any("jinghe_pv" in str(p) and "1200" in str(p) and "no quote" in str(p)
               for p in info.value.problems)


def test_row_without_source_is_caught(data_copy):
    edit.drop_row(data_copy / "provenance.csv", "jinghe_pv", key="id")
    with pytest.raises(atlas.ValidationError) as info:
        atlas.load(data_copy)
    assert any("jinghe_pv" in str(p) and "no source" in str(p) for p in info.value.problems)


def test_seed_file_outside_seeds_is_refused(tmp_path):
    seeds = provenance.Seeds(tmp_path)
    assert seeds.text("../etc/passwd") is None
