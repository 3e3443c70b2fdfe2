"""Reading the data files, with every fault reported against its file and row."""

import csv
import io as _io
import json
import math
import re
import unicodedata
import warnings

import shapely
from shapely.geometry import shape

_BOM = b"\xef\xbb\xbf"


def read_bytes(path, report, what="file"):
    """Bytes of a data file, or None with the reason reported against its path."""
    if not path.exists():
        report.problem(path.name, "", "", f"{what} is missing (expected at {path})")
        return None
    if path.is_dir():
        report.problem(path.name, "", "", f"is a folder, expected a file ({path})")
        return None
    try:
        return path.read_bytes()
    except OSError as exc:
        report.problem(path.name, "", "", f"cannot be read ({path}): {exc.strerror or exc}")
        return None


def utf16_kind(raw):
    """'UTF-16LE'/'UTF-16BE' and whether it has a BOM, or None if the bytes are not UTF-16."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return ("UTF-16LE" if raw[:2] == b"\xff\xfe" else "UTF-16BE"), True
    sample = raw[:4000]
    half = len(sample) // 2
    if half < 2:
        return None
    # ASCII text in UTF-16 has a NUL in every other byte: odd bytes (LE) or even bytes (BE)
    for name, zeros in (("UTF-16LE", sample[1::2]), ("UTF-16BE", sample[0::2])):
        if zeros.count(0) > 0.4 * half:
            try:
                raw[: len(raw) // 2 * 2].decode(name.lower())
            except UnicodeDecodeError:
                continue
            return name, False
    return None


def _is_gbk(chunk):
    """True if bytes read as GB18030 and hold Chinese text (GBK is a subset of GB18030)."""
    try:
        text = chunk.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _save_as(path):
    if path.suffix == ".csv":
        return "Save it as 'CSV UTF-8' in Excel"
    return "Save it as UTF-8 (QGIS: Export › Save Features As, encoding UTF-8)"


def _decode(path, raw, report):
    """Text of a UTF-8 file; a BOM is accepted with a warning, other encodings are named."""
    if raw.startswith(_BOM):
        report.warn(path.name, "", "", "UTF-8 with a byte-order mark (BOM); read as UTF-8")
        raw = raw[len(_BOM):]
    found = utf16_kind(raw)
    if found:
        name, bom = found
        source = "UTF-16" if bom else name  # without a BOM iconv must be told the byte order
        report.problem(
            path.name, "", "",
            f"is UTF-16 encoded ({name}, {'with' if bom else 'no'} byte-order mark), not UTF-8. "
            f"{_save_as(path)}, or convert it with "
            f"`iconv -f {source} -t UTF-8 {path.name} > fixed_{path.name}`.",
        )
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = raw[: exc.start].count(b"\n") + 1
    lines = raw.split(b"\n")
    bad, good_non_ascii = [], 0
    for n, line in enumerate(lines, start=1):
        try:
            line.decode("utf-8")
            good_non_ascii += not line.isascii()
        except UnicodeDecodeError:
            bad.append(n)
    gbk_lines = all(_is_gbk(lines[n - 1]) for n in bad)
    shown = ", ".join(str(n) for n in bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
    if good_non_ascii and gbk_lines:
        report.problem(
            path.name, f"line {shown}", "",
            "is not UTF-8 (it looks GBK, as Excel writes on Chinese Windows); the rest of the "
            "file is UTF-8. Retype the text of that line and save the file as UTF-8; do not "
            "convert the whole file.",
        )
    elif gbk_lines and _is_gbk(raw):
        report.problem(
            path.name, f"line {first}", "",
            "not UTF-8: the file is GBK/GB18030-encoded (Excel's default on Chinese Windows). "
            f"{_save_as(path)}, or convert it with "
            f"`iconv -f GB18030 -t UTF-8 {path.name} > fixed_{path.name}`.",
        )
    else:
        report.problem(
            path.name, f"line {shown}", "",
            "not UTF-8, and not GBK or UTF-16 either: check the characters on that line. "
            f"{_save_as(path)}.",
        )
    return None


def read_csv(path, table, report):
    """Rows of a CSV table as dicts of stripped strings, or None if unreadable.

    Each row dict carries ``_row``, its line number in the file (header is 1).
    """
    raw = read_bytes(path, report)
    if raw is None:
        return None
    text = _decode(path, raw, report)
    if text is None:
        return None
    if not text.strip():
        report.problem(path.name, "", "", "file is empty (it needs at least a header row)")
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        report.problem(path.name, f"line {line}", "", "contains a NUL character; is it really CSV?")
        return None
    quote = _unbalanced_quote(text)
    if quote:
        # everything after it is misread; one problem, not one per swallowed row
        report.problem(
            path.name, f"line {quote}", "",
            f"unbalanced double quote starting on line {quote}: a cell that starts with \" must "
            'end with "; write a quote inside a cell as ""',
        )
        return None
    reader = csv.DictReader(_io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in table.columns if c not in header]
        for col in missing:
            report.problem(path.name, "header", col, "required column is missing")
        if missing:
            return None
        reader.fieldnames = header
        rows = []
        for raw_row in reader:
            n = reader.line_num
            if None in raw_row:
                report.problem(path.name, f"row {n}", "", "has more cells than the header")
            row = {k: (v or "").strip() for k, v in raw_row.items() if k is not None}
            if not any(row.values()):
                continue
            row["_row"] = n
            rows.append(row)
    except csv.Error as exc:
        report.problem(path.name, f"line {reader.line_num}", "", f"cannot be read as CSV: {exc}")
        return None
    return rows


def _unbalanced_quote(text):
    """Line of a quote that swallows line breaks and rows after it, or None.

    A quoted cell may hold a line break; one that also holds what looks like
    whole rows, or leaves its record short or long, was never closed.
    """
    reader = csv.reader(_io.StringIO(text, newline=""))
    width = None
    start = 1
    try:
        for record in reader:
            if width is None:
                width = len(record)
            else:
                line = start
                for cell in record:
                    if "\n" in cell:
                        rows_inside = any(part.count(",") >= width - 1
                                          for part in cell.split("\n")[1:])
                        if rows_inside or len(record) != width:
                            return line
                    line += cell.count("\n")
            start = reader.line_num + 1
    except csv.Error:
        return start
    return None


def split_list(value):
    """'a; b;c' -> ['a', 'b', 'c'] (empty items dropped)."""
    return [item.strip() for item in (value or "").split(";") if item.strip()]


_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")


class NumberError(ValueError):
    """A cell that is not a plain number; the message says what to write instead."""


def parse_number(value):
    """A cell as a float, or None if empty; raises NumberError if it is not a plain number.

    Only ASCII digits with an optional point are numbers: float() would also take
    '1_00', '1e2' and full-width '１００', and a stripped comma made '1,00' 100.
    """
    if value is None or value == "":
        return None
    text = value.strip()
    if _PLAIN_NUMBER.fullmatch(text):
        number = float(text)
        if math.isinf(number):
            raise NumberError(f"'{value[:20]}…' is too large to be a number")
        return number
    folded = unicodedata.normalize("NFKC", text)
    if folded != text and _PLAIN_NUMBER.fullmatch(folded):
        raise NumberError(
            f"'{value}' has full-width (全角) digits; write {folded} in half-width (半角) digits"
        )
    if _THOUSANDS.fullmatch(text):
        raise NumberError(
            f"'{value}' has a thousands separator; write {text.replace(',', '')} "
            "without the thousands separator"
        )
    if "," in text and _PLAIN_NUMBER.fullmatch(text.replace(",", ".", 1)):
        raise NumberError(
            f"'{value}' has a comma; write {text.replace(',', '.', 1)} with a decimal point, "
            f"or {text.replace(',', '')} if the comma separates thousands"
        )
    if "_" in text and _PLAIN_NUMBER.fullmatch(text.replace("_", "")):
        raise NumberError(
            f"'{value}' has an underscore; write {text.replace('_', '')} without the underscore"
        )
    if re.fullmatch(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+", text):
        plain = format(float(text), "f").rstrip("0").rstrip(".")
        raise NumberError(f"'{value}' is written as an exponent; write {plain} in plain digits")
    raise NumberError(
        f"'{value}' is not a number; write digits only (e.g. 120) and put words such as "
        "约/左右 in the qualifier or wording columns"
    )


#: GeoJSON nests five deep at most (a MultiPolygon's numbers inside a FeatureCollection
#: are seven); anything far deeper is not GeoJSON and would exhaust the stack
_MAX_DEPTH = 32
#: 6 decimals of a degree is about 0.1 m, finer than any hand-drawn line (RFC 7946 §11.2)
_MAX_DECIMALS = 6


class _Object(dict):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates = ()


def _object(pairs):
    obj = _Object(pairs)
    if len(obj) < len(pairs):
        seen = set()
        obj.duplicates = sorted({k for k, _ in pairs if k in seen or seen.add(k)})
    return obj


def _depth(doc):
    """How deeply lists and objects nest, without recursion."""
    deepest, stack = 0, [(doc, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (list, dict)):
            deepest = max(deepest, depth)
            if depth > _MAX_DEPTH:
                return depth
            stack.extend((child, depth + 1) for child in
                         (node.values() if isinstance(node, dict) else node))
    return deepest


def _duplicates(node):
    """Keys given twice in any object inside a parsed JSON value."""
    found = set()
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            found.update(getattr(node, "duplicates", ()))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return sorted(found)


def read_geojson(path, report, properties=None):
    """Features of a GeoJSON FeatureCollection as (properties, geometry) pairs, or None.

    ``properties``: the property names a feature may carry; others are warned about.
    """
    raw = read_bytes(path, report)
    if raw is None:
        return None
    if not raw.strip():
        report.problem(path.name, "", "", "file is empty")
        return None
    text = _decode(path, raw, report)
    if text is None:
        return None
    try:
        doc = json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        report.problem(
            path.name, f"line {exc.lineno} column {exc.colno}", "", f"invalid JSON: {exc.msg}"
        )
        return None
    except RecursionError:
        doc = None
    if doc is None or _depth(doc) > _MAX_DEPTH:
        report.problem(
            path.name, "", "",
            f"lists or objects are nested more than {_MAX_DEPTH} deep; GeoJSON needs at most "
            "7 levels, so this is not a GeoJSON file",
        )
        return None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        report.problem(path.name, "", "type", "must be a GeoJSON FeatureCollection")
        return None
    if doc.duplicates:
        report.problem(path.name, "", ", ".join(doc.duplicates),
                       "key given more than once in the FeatureCollection; keep one")
    if "crs" in doc:
        report.warn(path.name, "", "crs", "RFC 7946 GeoJSON has no 'crs'; it is read as WGS84")
    features = doc.get("features")
    if not isinstance(features, list):
        report.problem(path.name, "", "features", "must be a list")
        return None
    if not features:
        report.problem(path.name, "", "features",
                       "this file has no features; its table's rows have nothing to join to")
        return None
    out = []
    for n, feature in enumerate(features, start=1):
        read = _feature(path.name, n, feature, report, properties)
        if read is not None:
            out.append(read)
    return out


def _feature(fname, n, feature, report, properties):
    """One feature as (properties, geometry or None), or None if it has no usable id."""
    if not isinstance(feature, dict):
        report.problem(fname, f"feature {n}", "", "is not a GeoJSON Feature object")
        return None
    props = feature.get("properties") or {}
    if not isinstance(props, dict):
        report.problem(fname, f"feature {n}", "properties", "must be an object")
        return None
    fid = props.get("id")
    where = f"feature {n}" + (f" (id={fid})" if fid not in (None, "") else "")
    if fid in (None, ""):
        report.problem(fname, where, "id", "feature has no id")
        return None
    fid = str(fid)
    folded = unicodedata.normalize("NFKC", fid)
    if folded != fid:
        report.problem(fname, where, "id",
                       f"has full-width (全角) characters; write '{folded}' in half-width (半角)")
        fid = folded  # joined as meant, so the table's row is not reported missing too
    duplicates = _duplicates(feature)
    if duplicates:
        report.problem(fname, where, ", ".join(duplicates),
                       "key given more than once in this feature; keep one")
    for key in sorted(props):
        if properties is not None and key not in properties:
            report.warn(fname, where, key,
                        "unknown property, ignored: attributes belong in the CSV table")
    raw_geom = feature.get("geometry")
    geom = None
    if isinstance(raw_geom, str):
        report.problem(fname, where, "geometry",
                       "is a text string (WKT?); GeoJSON needs an object with type and "
                       'coordinates, e.g. {"type": "Point", "coordinates": [108.7, 34.3]}')
    elif raw_geom is None:
        report.problem(fname, where, "geometry", "is missing (null)")
    elif not isinstance(raw_geom, dict):
        report.problem(fname, where, "geometry", "must be an object with type and coordinates")
    else:
        geom = _geometry(fname, where, raw_geom, report)
    return dict(props, id=fid, _where=where), geom


def _geometry(fname, where, raw_geom, report):
    """A shapely geometry from a GeoJSON geometry object, or None with the fault reported."""
    coords = raw_geom.get("coordinates")
    if not _finite_coordinates(coords):
        report.problem(fname, where, "geometry", "has non-finite coordinates (NaN or infinity)")
        return None
    positions = list(_positions(coords))
    if any(len(p) < 2 or not all(_is_number(v) for v in p) for p in positions):
        report.problem(fname, where, "geometry",
                       "every position must be [longitude, latitude] as two numbers")
        return None
    extra = max((len(p) for p in positions), default=2)
    if extra > 2:
        what = "Z (height)" if extra == 3 else "Z and M"
        report.warn(fname, where, "geometry",
                    f"has {what} values ({extra} numbers per position); only longitude and "
                    "latitude are used, the rest is dropped")
        raw_geom = dict(raw_geom, coordinates=_flatten_2d(coords))
        coords = raw_geom["coordinates"]
    decimals = max((_decimals(v) for p in positions for v in p[:2]), default=0)
    if decimals > _MAX_DECIMALS:
        report.warn(fname, where, "geometry",
                    f"coordinates have {decimals} decimals; {_MAX_DECIMALS} (about 0.1 m) is "
                    "the convention: round them")
    for ring_no, ring in _rings(raw_geom.get("type"), coords):
        if len(ring) >= 2 and ring[0] != ring[-1]:
            report.problem(fname, where, "geometry",
                           f"ring {ring_no} is not closed: RFC 7946 says its last position "
                           "must repeat the first")
            return None
    try:
        with warnings.catch_warnings():
            # NaN coordinates warn here; they are reported as a problem above
            warnings.simplefilter("ignore", RuntimeWarning)
            return shape(raw_geom)
    except Exception as exc:  # shapely raises several types for malformed input
        report.problem(fname, where, "geometry", f"cannot be read: {exc}")
        return None


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _positions(coords):
    """Every position (innermost list) in nested GeoJSON coordinates."""
    if isinstance(coords, list):
        if coords and not isinstance(coords[0], list):
            yield coords
        else:
            for child in coords:
                yield from _positions(child)


def _flatten_2d(coords):
    if isinstance(coords, list) and coords and not isinstance(coords[0], list):
        return coords[:2]
    return [_flatten_2d(c) for c in coords] if isinstance(coords, list) else coords


def _decimals(value):
    text = repr(value)
    if "e" in text or "." not in text:
        return 0
    return len(text.split(".")[1])


def _rings(kind, coords):
    """(number, ring) for every ring of a Polygon or MultiPolygon."""
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    number = 0
    for polygon in polygons if isinstance(polygons, list) else []:
        for ring in polygon if isinstance(polygon, list) else []:
            number += 1
            if isinstance(ring, list):
                yield number, ring


def _finite_coordinates(coords):
    """False if any number in nested GeoJSON coordinates is NaN or infinite."""
    if isinstance(coords, (int, float)):
        return math.isfinite(coords)
    if isinstance(coords, list):
        return all(_finite_coordinates(c) for c in coords)
    return True  # other shapes are left to shapely to reject


def is_finite(geom):
    coords = shapely.get_coordinates(geom)
    return bool(len(coords)) and bool((abs(coords) < 1e9).all())
