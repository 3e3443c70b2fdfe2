"""Shared base layers carry no more decimals than their stated precision justifies."""

import json
import re

import pytest

from atlas.render.web import pages as webmap
from atlas.render.web import payload


@pytest.mark.parametrize("precision,decimals", [(300, 4), (2000, 3), (3000, 3), (20, 5), (10, 6),
                                                (0.5, 6), (None, 6), ("", 6), (50000, 2)])
def test_base_decimals_keep_a_tenth_of_the_precision(precision, decimals):
    assert payload.base_decimals(precision) == decimals
    if decimals < 6:  # the rounding step stays under a tenth of the precision ...
        assert 10 ** -decimals * 111_320 <= precision / 10
        if decimals > 1:  # ... and one decimal fewer would not
            assert 10 ** -(decimals - 1) * 111_320 > precision / 10


def _decimals(coords):
    if isinstance(coords[0], (int, float)):
        return max(len(repr(float(c)).split(".")[1].rstrip("0")) for c in coords)
    return max(_decimals(c) for c in coords)


def test_base_layers_are_rounded_to_their_precision_and_parks_are_not(real_atlas):
    page = next(p for p in webmap.render_pages(real_atlas) if p.name == "overview")
    island = re.search(r'<script type="application/json" id="atlas-data">(.*?)</script>',
                       page.html, re.S).group(1)
    layers = {layer["id"]: layer for layer in json.loads(island)["layers"]}
    districts = real_atlas.layers["context_districts"]
    seen = set()
    for lid, layer in layers.items():
        for feat in layer.get("features", []):
            most = _decimals(feat["g"]["c"])
            if feat["id"] in set(districts["id"]):
                row = districts.set_index("id").loc[feat["id"]]
                assert most <= payload.base_decimals(row["precision_m"]), (lid, feat["id"])
                assert len(feat["d"]) == 2 * sum(1 for _ in _points(feat["g"]["c"]))
                seen.add("district")
            elif feat["id"] in set(real_atlas.layers["parks"]["id"]):
                seen.add("park")
    assert seen == {"district", "park"}


def _points(coords):
    if isinstance(coords[0], (int, float)):
        yield coords
    else:
        for c in coords:
            yield from _points(c)
