"""One broken copy of the real data per class of fault, built in code.

Each case names what it breaks and what a planner must be told: the file,
the row or feature, and the field.
"""

import json
from dataclasses import dataclass, field

from tests import edit

LONG_NAME = "园" * 2000
# digit-free, because every number in a row must be quoted from the seeds
PAYLOADS = ("<img src=x onerror=alert(document.domain)>", "{{ x }}{% raw %}",
            "</script><script>alert(document.cookie)</script>")


@dataclass
class Case:
    name: str
    mutate: object  # callable(data_dir)
    code: int  # expected exit code of validate/build/figure
    needles: tuple  # each must appear in stderr
    warning: bool = False  # succeeds, but must warn
    notes: str = ""
    extra: dict = field(default_factory=dict)


def _truncate(name):
    def mutate(d):
        path = d / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: len(text) // 2], encoding="utf-8")

    return mutate


def _empty(name):
    return lambda d: (d / name).write_bytes(b"")


def _remove(name):
    return lambda d: (d / name).unlink()


def _drop_column(name, column):
    return lambda d: edit.drop_column(d / name, column)


def _duplicate(name, row_id):
    return lambda d: edit.duplicate_row(d / name, row_id)


def _extra_row(name, new_id):
    def mutate(d):
        fields, rows = edit.read_rows(d / name)
        rows.append(dict(rows[0], id=new_id))
        edit.write_rows(d / name, fields, rows)

    return mutate


def _cell(name, row_id, column, value):
    return lambda d: edit.set_cell(d / name, row_id, column, value)


def _geometry(name, fid, geometry):
    return lambda d: edit.set_geometry(d / name, fid, geometry)


def _coords(name, fid, fn):
    return lambda d: edit.map_coords(d / name, fid, fn)


def _encode(name, encoding, bom=False):
    def mutate(d):
        path = d / name
        data = path.read_text(encoding="utf-8").encode(encoding)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)

    return mutate


def _misquote(d):
    fields, rows = edit.read_rows(d / "provenance.csv")
    row = next(r for r in rows if r["table"] == "parks" and r["id"] == "jinghe_pv"
               and "1000" in r["quote"])
    row["quote"] = row["quote"].replace("1000", "1200")
    edit.write_rows(d / "provenance.csv", fields, rows)


def _gcj02_district_copy(d):
    """A park redrawn by tracing 秦都区 on a Gaode map: the outline is GCJ-02."""
    from atlas.model.crs import wgs_to_gcj

    districts = edit.read_features(d / "context_districts.geojson")
    qindu = next(f for f in districts["features"] if f["properties"]["id"] == "d610402")
    doc = edit.read_features(d / "parks.geojson")
    for f in doc["features"]:
        if f["properties"]["id"] == "qinhan_health":
            geom = json.loads(json.dumps(qindu["geometry"]))

            def walk(c):
                if c and isinstance(c[0], (int, float)):
                    return list(wgs_to_gcj(c[0], c[1]))
                return [walk(x) for x in c]

            geom["coordinates"] = walk(geom["coordinates"])
            f["geometry"] = geom
    edit.write_features(d / "parks.geojson", doc)


BOWTIE = {"type": "Polygon", "coordinates": [[[108.70, 34.20], [108.72, 34.22], [108.72, 34.20],
                                              [108.70, 34.22], [108.70, 34.20]]]}

CASES = [
    Case("truncated_json", _truncate("parks.geojson"), 1, ("parks.geojson", "line", "invalid JSON")),
    Case("empty_geojson", _empty("platforms.geojson"), 1, ("platforms.geojson", "empty")),
    Case("empty_csv", _empty("parks.csv"), 1, ("parks.csv", "empty")),
    Case("missing_layer_file", _remove("rivers.geojson"), 1, ("rivers.geojson", "missing")),
    Case("missing_column", _drop_column("parks.csv", "new_city"), 1,
         ("parks.csv", "header", "new_city", "missing")),
    Case("duplicate_id", _duplicate("parks.csv", "fengxi_ai"), 1,
         ("parks.csv", "fengxi_ai", "'id'", "duplicate")),
    Case("id_only_in_table", _extra_row("parks.csv", "orphan_park"), 1,
         ("parks.csv", "orphan_park", "'id'", "no feature")),
    Case("unknown_new_city", _cell("parks.csv", "jinghe_pv", "new_city", "fengbei"), 1,
         ("parks.csv", "jinghe_pv", "'new_city'", "fengbei")),
    Case("unknown_sector", _cell("parks.csv", "jinghe_pv", "sectors", "photovoltaic;teleport"), 1,
         ("parks.csv", "jinghe_pv", "'sectors'", "teleport")),
    Case("self_intersecting", _geometry("parks.geojson", "fengxi_ai", BOWTIE), 1,
         ("parks.geojson", "fengxi_ai", "'geometry'", "invalid", "Self-intersection")),
    Case("empty_geometry", _geometry("parks.geojson", "fengxi_ai",
                                     {"type": "Polygon", "coordinates": []}), 1,
         ("parks.geojson", "fengxi_ai", "'geometry'", "empty")),
    Case("point_for_polygon", _geometry("new_cities.geojson", "qinhan",
                                        {"type": "Point", "coordinates": [108.8, 34.4]}), 1,
         ("new_cities.geojson", "qinhan", "'geometry'", "Point", "Polygon")),
    Case("swapped_lon_lat", _coords("platforms.geojson", "aoxiang_town", lambda x, y: (y, x)), 1,
         ("platforms.geojson", "aoxiang_town", "'geometry'", "swapped")),
    Case("nan_coordinate", _coords("parks.geojson", "jinghe_pv",
                                   lambda x, y: (float("nan"), y)), 1,
         ("parks.geojson", "jinghe_pv", "'geometry'", "non-finite")),
    Case("500_km_away", _coords("parks.geojson", "jinghe_pv", lambda x, y: (x + 5.4, y)), 1,
         ("parks.geojson", "jinghe_pv", "'geometry'", "outside", "km")),
    Case("gcj02_as_wgs84", _gcj02_district_copy, 0,
         ("parks.geojson", "qinhan_health", "GCJ-02"), warning=True),
    Case("gbk_csv", _encode("parks.csv", "gbk"), 1, ("parks.csv", "not UTF-8", "GBK", "iconv")),
    Case("bom_csv", _encode("parks.csv", "utf-8", bom=True), 0, ("parks.csv", "BOM"),
         warning=True),
    Case("target_yue", _cell("parks.csv", "fengxi_ai", "output_target_2025", "约120"), 1,
         ("parks.csv", "fengxi_ai", "'output_target_2025'", "not a number")),
    Case("target_negative", _cell("parks.csv", "fengxi_ai", "output_target_2025", "-5"), 1,
         ("parks.csv", "fengxi_ai", "'output_target_2025'", "negative")),
    Case("target_empty", _cell("parks.csv", "fengxi_ai", "output_target_2025", ""), 1,
         ("parks.csv", "fengxi_ai", "'output_target_2025'", "empty")),
    Case("target_nan", _cell("parks.csv", "fengxi_ai", "output_target_2025", "NaN"), 1,
         ("parks.csv", "fengxi_ai", "'output_target_2025'", "not a number")),
    Case("name_2000_chars", _cell("parks.csv", "fengxi_ai", "name_zh", LONG_NAME), 1,
         ("parks.csv", "fengxi_ai", "'name_zh'", "2000 characters")),
    Case("id_escapes_folder", _cell("platforms.csv", "aoxiang_town", "id", "../../etc/x"), 1,
         ("platforms.csv", "../../etc/x", "'id'", "lowercase")),
    Case("quote_not_in_seed", _misquote, 1, ("provenance.csv", "jinghe_pv", "'quote'", "not found")),
]

#: text payloads: the data is valid and the atlas must show them as text
PAYLOAD_CASES = [
    Case(f"payload_{i}", _cell("parks.csv", "fengxi_ai", "name_zh", p), 0, (), extra={"payload": p})
    for i, p in enumerate(PAYLOADS)
]
