"""The sector taxonomy: names, synonyms and clusters resolve the way planners expect."""

import pytest

from atlas.model.sector import Taxonomy, normalize


def test_normalize_folds_case_width_and_space():
    assert normalize("  Photo  Voltaic ") == "photo voltaic"
    assert normalize("ＰＶ") == "pv"


@pytest.fixture(scope="module")
def tax(real_atlas):
    return real_atlas.taxonomy


def test_every_sector_resolves_by_each_of_its_names(real_atlas, tax):
    for row in real_atlas.sectors.itertuples():
        for name in [row.key, row.name_zh, row.name_en, *row.synonyms]:
            assert row.key in tax.resolve(name), (row.key, name)


def test_cluster_brings_its_members(tax):
    members = tax.members("new_energy")
    assert "photovoltaic" in members
    assert tax.resolve("新能源") >= set(members)


def test_photovoltaic_finds_only_itself(tax):
    assert tax.resolve("photovoltaic") == {"photovoltaic"}
    assert tax.resolve("光伏") == {"photovoltaic"}


def test_unknown_gives_nothing_and_suggestions(tax):
    assert tax.resolve("量子") == frozenset()
    assert tax.suggestions("光") and all(isinstance(s, str) for s in tax.suggestions("光"))


def test_synthetic_taxonomy():
    tax = Taxonomy([
        {"key": "a", "name_zh": "甲", "name_en": "A", "cluster": "", "synonyms": ["alpha"],
         "color": "#000000"},
        {"key": "b", "name_zh": "乙", "name_en": "B", "cluster": "a", "synonyms": [],
         "color": "#000000"},
    ])
    assert tax.resolve("ALPHA") == {"a", "b"}
    assert tax.resolve("乙") == {"b"}
    assert tax.clusters == ["a"]
    assert tax.cluster_of("b") == "a"
