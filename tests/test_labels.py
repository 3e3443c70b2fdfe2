"""Words shown to people come from the data, not from the code."""

import dataclasses

from atlas.render.print import figure

from atlas.render.docs import report

from atlas.render.web import home as webindex
from atlas.maps.words import main_source, target_label


def test_main_source_is_the_manifest_row_the_parks_cite(real_atlas):
    title, publisher, date = main_source(real_atlas)
    row = real_atlas.manifest.set_index("file").loc["002_bc9165981370adad.txt"]
    assert (title, publisher, date) == (row["title"], row["publisher"], row["date"])


def test_credits_follow_the_manifest(real_atlas):
    manifest = real_atlas.manifest.copy()
    manifest.loc[manifest["file"].str.startswith("002"), "title"] = "改名后的规划"
    renamed = dataclasses.replace(real_atlas, manifest=manifest)
    for lang in ("zh", "en"):
        assert "改名后的规划" in figure.credit_text(renamed, lang)
        assert "改名后的规划" in report.render(renamed, [], lang=lang)
        assert "改名后的规划" in webindex.render(renamed, [], lang=lang).html
        assert "“十四五”科技创新发展规划" not in figure.credit_text(renamed, lang)


def test_target_wording_keeps_the_qualifier():
    assert target_label(120.0, "about") == "120 亿元左右"
    assert target_label(1000.0, "strive_to_exceed") == "力争突破 1000 亿元"
    assert target_label(100.0, "reach", "en") == "reach 100 (100 M CNY)"
    assert target_label(float("nan"), "", "zh") == "规划未说明"
