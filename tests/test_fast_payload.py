"""The page code's plain-dict look-ups give what the pandas calls they replace gave, and the
bilingual merge's shortcut gives what the full diff gives."""

import difflib
import math

import numpy as np
import pandas as pd
import pytest

import atlas
from atlas.render import bilingual
from atlas.render.web import payload


def _same(a, b):
    """Equal, NaN equal to NaN, and of the same types (the page's bytes depend on both)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return bool(a == b)


@pytest.fixture(scope="module")
def shipped():
    return atlas.load()


def test_records_equal_to_dict_records_on_every_shipped_layer(shipped):
    checked = 0
    for name, frame in shipped.layers.items():
        plain = frame.drop(columns="geometry") if "geometry" in frame.columns else frame
        expected = plain.to_dict("records")
        got = payload.records(frame)
        assert len(got) == len(expected) == len(frame), name
        for row, want in zip(got, expected):
            assert _same(row, want), (name, row.get("id"))
            checked += 1
    assert checked > 100


def test_records_turn_numpy_scalars_in_object_columns_into_python_ones():
    frame = pd.DataFrame({"id": ["a", "b"], "n": pd.Series([np.int64(3), None], dtype=object),
                          "x": [1.5, float("nan")]})
    got = payload.records(frame)
    assert _same(got, frame.to_dict("records"))
    assert type(got[0]["n"]) is int and got[1]["n"] is None


def test_same_check_can_fail():
    assert not _same({"a": 1}, {"a": 1.0})
    assert not _same([float("nan")], [None])


def test_by_id_keeps_the_asked_fields(shipped):
    cities = payload.by_id(shipped.new_cities)
    first = shipped.new_cities.iloc[0]
    assert set(cities) == set(shipped.new_cities["id"])
    assert cities[first["id"]] == {"id": first["id"], "name_zh": first["name_zh"],
                                   "name_en": first["name_en"]}


def test_merge_shortcut_gives_the_opcodes_of_the_full_diff(shipped):
    from atlas.maps import catalog
    from atlas.render.web import pages

    spec = catalog.get("corridors")
    parts = {code: pages._parts(shipped, spec, "none", code, None, None, False)
             for code in bilingual.LANGS}
    keys = {code: [bilingual._key(t) for t in bilingual._tokens(parts[code][2])]
            for code in bilingual.LANGS}
    assert keys["zh"] == keys["en"] and len(keys["zh"]) > 50
    for ka, kb in ((keys["zh"], keys["en"]), ([], []), (["<p", "#text"], ["<p", "#text"])):
        full = difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
        assert bilingual._opcodes(ka, kb) == full
    other = keys["en"][:10] + ["<b"] + keys["en"][10:]
    assert bilingual._opcodes(keys["zh"], other) == difflib.SequenceMatcher(
        None, keys["zh"], other, autojunk=False).get_opcodes()
    assert len(bilingual._opcodes(keys["zh"], other)) > 1
