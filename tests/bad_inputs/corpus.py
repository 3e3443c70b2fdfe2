"""One broken copy of the real data per class of fault, built in code.

Each case names what it breaks and what a planner must be told: the file,
the row or feature, and the field.
"""

import json
import math
from dataclasses import dataclass, field

from atlas.core import settings
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
    absent: tuple = ()  # each must NOT appear in stderr (a misleading fix)
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

# --- issue 9: no crash, messages that help, conventions enforced ---------------------------


def _line_of(name, row_id):
    """Line number of a row in the shipped CSV (header is line 1; no multi-line cells there)."""
    lines = (settings.default_data_dir / name).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(row_id + ","))


def _raw(name, fn):
    """Rewrite a file's bytes with fn(bytes) -> bytes."""
    def mutate(d):
        path = d / name
        path.write_bytes(fn(path.read_bytes()))

    return mutate


def _doc(name, fn):
    """Edit a GeoJSON file as a parsed document: fn(doc) changes it in place."""
    def mutate(d):
        doc = edit.read_features(d / name)
        fn(doc)
        edit.write_features(d / name, doc)

    return mutate


def _feature(doc, fid):
    return next(f for f in doc["features"] if f["properties"]["id"] == fid)


def _props(name, fid, **changes):
    return _doc(name, lambda doc: _feature(doc, fid)["properties"].update(changes))


def _row_bytes(name, row_id, fn):
    """Rewrite one CSV row's bytes (the line starting with its id) with fn(bytes)."""
    def change(raw):
        lines = raw.split(b"\n")
        n = _line_of(name, row_id) - 1
        lines[n] = fn(lines[n])
        return b"\n".join(lines)

    return _raw(name, change)


def _folder_for(name):
    def mutate(d):
        (d / name).unlink()
        (d / name).mkdir()
        (d / name / "inside.txt").write_text("a folder where a file should be")

    return mutate


def _utf16(name, codec, bom):
    def change(raw):
        data = raw.decode("utf-8").encode(codec)
        return ({"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec] if bom else b"") + data

    return _raw(name, change)


def _deep(levels):
    def change(raw):
        return ('{"type": "FeatureCollection", "features": ' + "[" * levels + "]" * levels
                + "}").encode()

    return change


def _duplicate_key(name, fid):
    """The feature's properties name precision_m twice (the second one wins in json.loads)."""
    def change(raw):
        text = raw.decode("utf-8")
        needle = f'"id": "{fid}"'
        assert needle in text
        return text.replace(needle, needle + ', "precision_m": 1', 1).encode("utf-8")

    return _raw(name, change)


def _heavy(d):
    """fengxi_ai redrawn as a 6,000-vertex circle round its own centre."""
    from shapely.geometry import mapping, shape

    doc = edit.read_features(d / "parks.geojson")
    f = _feature(doc, "fengxi_ai")
    c = shape(f["geometry"]).centroid
    ring = [[round(c.x + 0.01 * math.cos(2 * math.pi * k / 6000), 6),
             round(c.y + 0.01 * math.sin(2 * math.pi * k / 6000), 6)] for k in range(6000)]
    f["geometry"] = mapping(shape({"type": "Polygon", "coordinates": [ring + [ring[0]]]}))
    f["geometry"] = json.loads(json.dumps(f["geometry"]))
    edit.write_features(d / "parks.geojson", doc)


def _drop_sources(table, row_id):
    def mutate(d):
        fields, rows = edit.read_rows(d / "provenance.csv")
        kept = [r for r in rows if not (r["table"] == table and r["id"] == row_id)]
        assert len(kept) < len(rows)
        edit.write_rows(d / "provenance.csv", fields, kept)

    return mutate


def _seed_file(d):
    fields, rows = edit.read_rows(d / "provenance.csv")
    rows[0]["file"] = "no_such_seed.txt"
    edit.write_rows(d / "provenance.csv", fields, rows)


MERCATOR = 6378137 * math.pi / 180  # metres per degree of longitude in EPSG:3857
QUOTE_LINE = _line_of("parks.csv", "jinghe_pv")
PLATFORM_QUOTE_LINE = _line_of("platforms.csv", "aoxiang_town")
UNCLOSED = {"type": "Polygon", "coordinates": [[[108.70, 34.20], [108.72, 34.20], [108.72, 34.22],
                                                [108.70, 34.22]]]}
NO_GBK = ("-f GBK",)  # never tell a planner to convert from GBK a file that is not GBK

#: `atlas figure` stops in load() exactly as `atlas validate` does, so it runs on the first
#: classes and on every class that passes (it must still draw); the rest run validate and
#: build only, which keeps the corpus within about two minutes on a shared machine
FIGURE_CASES = list(CASES)

CASES += [
    Case("deep_nesting_json", _raw("parks.geojson", _deep(100_000)), 1,
         ("parks.geojson", "nested more than 32 deep", "not a GeoJSON file")),
    Case("nesting_40_deep", _raw("parks.geojson", _deep(40)), 1,
         ("parks.geojson", "nested more than 32 deep")),
    Case("z_coordinates", _coords("parks.geojson", "jinghe_pv", lambda x, y: (x, y, 400.0)), 0,
         ("parks.geojson", "jinghe_pv", "'geometry'", "Z (height)", "dropped"), warning=True),
    Case("zm_coordinates", _coords("platforms.geojson", "aoxiang_town",
                                   lambda x, y: (x, y, 400.0, 7.0)), 0,
         ("platforms.geojson", "aoxiang_town", "'geometry'", "Z and M", "dropped"), warning=True),
    Case("utf16_le_bom_csv", _utf16("parks.csv", "utf-16-le", True), 1,
         ("parks.csv", "UTF-16LE, with byte-order mark", "iconv -f UTF-16 -t UTF-8"),
         absent=NO_GBK),
    Case("utf16_be_bom_csv", _utf16("parks.csv", "utf-16-be", True), 1,
         ("parks.csv", "UTF-16BE, with byte-order mark", "iconv -f UTF-16 -t UTF-8"),
         absent=NO_GBK),
    Case("utf16_le_no_bom_csv", _utf16("sectors.csv", "utf-16-le", False), 1,
         ("sectors.csv", "UTF-16LE, no byte-order mark", "iconv -f UTF-16LE -t UTF-8"),
         absent=NO_GBK),
    Case("utf16_be_no_bom_csv", _utf16("sectors.csv", "utf-16-be", False), 1,
         ("sectors.csv", "UTF-16BE, no byte-order mark", "iconv -f UTF-16BE -t UTF-8"),
         absent=NO_GBK),
    Case("utf16_geojson", _utf16("parks.geojson", "utf-16-le", True), 1,
         ("parks.geojson", "UTF-16", "iconv -f UTF-16 -t UTF-8"), absent=NO_GBK),
    Case("gb18030_csv", _encode("sectors.csv", "gb18030"), 1,
         ("sectors.csv", "GBK/GB18030", "iconv -f GB18030 -t UTF-8")),
    Case("one_gbk_row_in_utf8", _row_bytes("parks.csv", "jinghe_pv",
                                           lambda b: b.decode("utf-8").encode("gbk")), 1,
         ("parks.csv", f"line {QUOTE_LINE}", "the rest of the file is UTF-8",
          "do not convert the whole file"), absent=("iconv",)),
    Case("latin1_row", _row_bytes("parks.csv", "jinghe_pv", lambda b: b.replace(
        b",jinghe,", ",jinghe,".encode() + "Café".encode("latin-1") + b";", 1)), 1,
         ("parks.csv", f"line {QUOTE_LINE}", "not GBK or UTF-16"), absent=("iconv",)),
    Case("unbalanced_quote", _row_bytes("parks.csv", "jinghe_pv",
                                        lambda b: b.replace(b",", b',"', 1)), 1,
         ("parks.csv", f"unbalanced double quote starting on line {QUOTE_LINE}",
          "1 problem(s)")),
    Case("unbalanced_quote_before_quoted_cells",
         _row_bytes("platforms.csv", "aoxiang_town", lambda b: b.replace(b",", b',"', 1)), 1,
         ("platforms.csv", f"unbalanced double quote starting on line {PLATFORM_QUOTE_LINE}",
          "1 problem(s)")),
    Case("thousands_separator", _cell("parks.csv", "fengxi_ai", "output_target_2025", "1,000"), 1,
         ("parks.csv", "fengxi_ai", "'output_target_2025'",
          "write 1000 without the thousands separator", "1 problem(s)"), absent=("appear in no",)),
    Case("decimal_comma", _cell("parks.csv", "fengxi_ai", "output_target_2025", "1,00"), 1,
         ("parks.csv", "fengxi_ai", "'output_target_2025'", "has a comma",
          "write 1.00 with a decimal point", "1 problem(s)")),
    Case("exponent", _cell("parks.csv", "fengxi_ai", "output_target_2025", "1e2"), 1,
         ("parks.csv", "fengxi_ai", "'output_target_2025'", "exponent",
          "write 100 in plain digits", "1 problem(s)")),
    Case("underscore", _cell("parks.csv", "fengxi_ai", "output_target_2025", "1_00"), 1,
         ("parks.csv", "fengxi_ai", "'output_target_2025'", "write 100 without the underscore",
          "1 problem(s)")),
    Case("full_width_digits", _cell("parks.csv", "fengxi_ai", "output_target_2025", "１２０"), 1,
         ("parks.csv", "fengxi_ai", "'output_target_2025'", "full-width",
          "write 120 in half-width", "1 problem(s)")),
    Case("number_overflow", _cell("parks.csv", "fengxi_ai", "output_target_2025", "9" * 400), 1,
         ("parks.csv", "fengxi_ai", "'output_target_2025'", "too large", "1 problem(s)")),
    Case("full_width_precision", _props("parks.geojson", "jinghe_pv", precision_m="５００"), 1,
         ("parks.geojson", "jinghe_pv", "'precision_m'", "full-width")),
    Case("full_width_id_csv", _cell("context_districts.csv", "d610402", "id", "d６１０４０２"), 1,
         ("context_districts.csv", "'id'", "full-width", "write 'd610402'", "1 problem(s)")),
    Case("full_width_id_geojson", _props("context_districts.geojson", "d610402", id="d６１０４０２"),
         1, ("context_districts.geojson", "'id'", "full-width", "write 'd610402'",
             "1 problem(s)")),
    Case("web_mercator", _coords("parks.geojson", "jinghe_pv",
                                 lambda x, y: (x * MERCATOR, y * MERCATOR * 1.2)), 1,
         ("parks.geojson", "jinghe_pv", "'geometry'", "projected coordinates (EPSG:3857?)",
          "1 problem(s)"), absent=("nan",)),
    Case("empty_feature_collection", _doc("platforms.geojson", lambda d: d.update(features=[])),
         1, ("platforms.geojson", "'features'", "this file has no features", "1 problem(s)")),
    Case("wkt_geometry", _geometry("parks.geojson", "fengxi_ai",
                                   "POLYGON ((108.70 34.20, 108.72 34.20, 108.72 34.22, 108.70 34.20))"),
         1, ("parks.geojson", "fengxi_ai", "'geometry'", "text string (WKT?)",
             "needs an object with type and coordinates")),
    Case("geometry_a_number", _geometry("parks.geojson", "fengxi_ai", 7), 1,
         ("parks.geojson", "fengxi_ai", "'geometry'", "must be an object")),
    Case("duplicate_json_key", _duplicate_key("parks.geojson", "fengxi_ai"), 1,
         ("parks.geojson", "fengxi_ai", "'precision_m'", "more than once in this feature")),
    Case("duplicate_top_level_key", _raw("parks.geojson", lambda b: b.replace(
        b'"type": "FeatureCollection"', b'"type": "FeatureCollection", "type": "FeatureCollection"',
        1)), 1, ("parks.geojson", "'type'", "more than once in the FeatureCollection")),
    Case("folder_for_csv", _folder_for("parks.csv"), 1,
         ("parks.csv", "is a folder, expected a file"), absent=("Errno",)),
    Case("folder_for_geojson", _folder_for("rivers.geojson"), 1,
         ("rivers.geojson", "is a folder, expected a file"), absent=("Errno",)),
    Case("unclosed_ring", _geometry("parks.geojson", "fengxi_ai", UNCLOSED), 1,
         ("parks.geojson", "fengxi_ai", "'geometry'", "ring 1 is not closed", "RFC 7946")),
    Case("seven_decimals", _coords("parks.geojson", "jinghe_pv",
                                   lambda x, y: (x + 0.0000001234, y)), 0,
         ("parks.geojson", "jinghe_pv", "'geometry'", "decimals", "round them"), warning=True),
    Case("unknown_property", _props("parks.geojson", "jinghe_pv", area_mu=1500), 0,
         ("parks.geojson", "jinghe_pv", "'area_mu'", "unknown property"), warning=True),
    Case("heavy_feature", _heavy, 0,
         ("parks.geojson", "fengxi_ai", "'geometry'", "6,001 vertices",
          "over the budget of 5,000", "simplify it with a tolerance of"), warning=True),
    Case("position_one_number", _geometry("platforms.geojson", "aoxiang_town",
                                          {"type": "Point", "coordinates": [108.8]}), 1,
         ("platforms.geojson", "aoxiang_town", "'geometry'", "two numbers")),
    Case("coordinates_as_text", _geometry("platforms.geojson", "aoxiang_town",
                                          {"type": "Point", "coordinates": ["108.8", "34.3"]}), 1,
         ("platforms.geojson", "aoxiang_town", "'geometry'", "two numbers")),
    Case("unknown_geometry_type", _geometry("platforms.geojson", "aoxiang_town",
                                            {"type": "Circle", "coordinates": [108.8, 34.3]}), 1,
         ("platforms.geojson", "aoxiang_town", "'geometry'", "cannot be read")),
    Case("null_geometry", _geometry("platforms.geojson", "aoxiang_town", None), 1,
         ("platforms.geojson", "aoxiang_town", "'geometry'", "missing (null)")),
    Case("top_level_list", _raw("parks.geojson", lambda b: b"[]"), 1,
         ("parks.geojson", "'type'", "must be a GeoJSON FeatureCollection")),
    Case("features_not_a_list", _doc("parks.geojson", lambda d: d.update(features={})), 1,
         ("parks.geojson", "'features'", "must be a list")),
    Case("feature_not_an_object", _doc("rivers.geojson", lambda d: d["features"].append(1)), 1,
         ("rivers.geojson", "feature 4", "not a GeoJSON Feature object")),
    Case("feature_without_id", _props("rivers.geojson", "wei", id=None), 1,
         ("rivers.geojson", "'id'", "feature has no id")),
    Case("duplicate_feature_id", _props("parks.geojson", "jinghe_pv", id="fengxi_ai"), 1,
         ("parks.geojson", "fengxi_ai", "'id'", "duplicate of feature")),
    Case("precision_negative", _props("parks.geojson", "jinghe_pv", precision_m=-5), 1,
         ("parks.geojson", "jinghe_pv", "'precision_m'", "positive number of metres")),
    Case("nul_in_csv", _row_bytes("parks.csv", "jinghe_pv", lambda b: b + b"\x00"), 1,
         ("parks.csv", f"line {QUOTE_LINE}", "NUL character")),
    Case("more_cells_than_header", _row_bytes("parks.csv", "jinghe_pv", lambda b: b + b",x,y"), 1,
         ("parks.csv", f"row {QUOTE_LINE}", "more cells than the header")),
    Case("unknown_qualifier", _cell("parks.csv", "fengxi_ai", "target_qualifier", "approx"), 1,
         ("parks.csv", "fengxi_ai", "'target_qualifier'", "'approx' is not one of")),
    Case("unknown_geocode_method", _props("parks.geojson", "jinghe_pv", geocode_method="gps"), 0,
         ("parks.geojson", "jinghe_pv", "'geocode_method'", "not a known method"), warning=True),
    Case("crs_member", _doc("rivers.geojson", lambda d: d.update(
        crs={"type": "name", "properties": {"name": "EPSG:4326"}})), 0,
         ("rivers.geojson", "'crs'", "RFC 7946"), warning=True),
    Case("bom_geojson", _raw("rivers.geojson", lambda b: b"\xef\xbb\xbf" + b), 0,
         ("rivers.geojson", "BOM"), warning=True),
    Case("row_without_source", _drop_sources("parks", "jinghe_pv"), 1,
         ("parks.csv", "jinghe_pv", "has no source")),
    Case("unknown_seed_file", _seed_file, 1,
         ("provenance.csv", "'file'", "no_such_seed.txt", "not found in seeds")),
    Case("control_characters", _cell("parks.csv", "fengxi_ai", "name_en", "Fengxi\x07AI"), 1,
         ("parks.csv", "fengxi_ai", "'name_en'", "control characters")),
    Case("bad_colour", lambda d: edit.set_cell(d / "sectors.csv", "photovoltaic", "color", "orange",
                                                key="key"), 1,
         ("sectors.csv", "photovoltaic", "'color'", "#rrggbb")),
    Case("semicolon_csv", _raw("rivers.csv", lambda b: b.replace(b",", b";")), 1,
         ("rivers.csv", "header", "required column is missing")),
    Case("missing_provenance", _remove("provenance.csv"), 1, ("provenance.csv", "missing")),
    Case("header_only_csv", _raw("rivers.csv", lambda b: b.split(b"\n")[0] + b"\n"), 1,
         ("rivers.csv", "this table has no rows", "3 features in rivers.geojson", "1 problem(s)")),
    # the national and Shanghai context tables (issue 14)
    Case("zone_unknown_member", _cell("demo_zones.csv", "ningbo", "members", "c330200;c999999"), 1,
         ("demo_zones.csv", "ningbo", "'members'", "c999999", "context_prefectures")),
    Case("zone_bad_date", _cell("demo_zones.csv", "ningbo", "approved", "2016/9/19"), 1,
         ("demo_zones.csv", "ningbo", "'approved'", "2016/9/19", "2016-09-19")),
    Case("zone_unquoted_date", _cell("demo_zones.csv", "ningbo", "approved", "2017-09-19"), 1,
         ("demo_zones.csv", "ningbo", "'approved'", "2017", "no quote")),
    Case("zone_reading_without_note",
         _cell("demo_zones.csv", "sichuan_chengdemian", "members_note_zh", ""), 1,
         ("demo_zones.csv", "sichuan_chengdemian", "'members_note_zh'", "read from the name")),
    Case("centre_slash_kept", _cell("innovation_centres.csv", "henan_rcc", "positioning_zh", "/"), 1,
         ("innovation_centres.csv", "henan_rcc", "'positioning_zh'", "not_stated")),
    Case("benchmark_unknown_place", _cell("shanghai_benchmark.csv", "xc_tasks", "place", "pudong"), 1,
         ("shanghai_benchmark.csv", "xc_tasks", "'place'", "pudong", "shanghai_places.csv")),
    Case("shanghai_place_in_xian",
         _geometry("shanghai_places.geojson", "xicen", {"type": "Point", "coordinates": [108.7, 34.3]}),
         1, ("shanghai_places.geojson", "xicen", "'geometry'")),
    Case("missing_provinces", _remove("context_provinces.geojson"), 1,
         ("context_provinces.geojson", "missing")),
]


FIGURE_CASES += [c for c in CASES if c.code == 0 and c not in FIGURE_CASES]

#: text payloads: the data is valid and the atlas must show them as text
PAYLOAD_CASES = [
    Case(f"payload_{i}", _cell("parks.csv", "fengxi_ai", "name_zh", p), 0, (), extra={"payload": p})
    for i, p in enumerate(PAYLOADS)
]
