"""Reading the data files, with every fault reported against its file and row."""

import csv
import io as _io
import json
import math
import warnings

import shapely
from shapely.geometry import shape

_BOM = b"\xef\xbb\xbf"


def _decode(path, raw, report):
    """Text of a UTF-8 file; a BOM is accepted with a warning, other encodings refused."""
    if raw.startswith(_BOM):
        report.warn(path.name, "", "", "UTF-8 with a byte-order mark (BOM); read as UTF-8")
        raw = raw[len(_BOM):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("gbk")
            hint = " It looks GBK-encoded (Excel's default on Chinese Windows)."
        except UnicodeDecodeError:
            pass
        report.problem(
            path.name,
            f"line {line}",
            "",
            "not UTF-8." + hint + " Save it as 'CSV UTF-8' in Excel, or convert it with "
            f"`iconv -f GBK -t UTF-8 {path.name} > fixed.csv`.",
        )
        return None


def read_csv(path, table, report):
    """Rows of a CSV table as dicts of stripped strings, or None if unreadable.

    Each row dict carries ``_row``, its line number in the file (header is 1).
    """
    if not path.exists():
        report.problem(path.name, "", "", f"file is missing (expected at {path})")
        return None
    text = _decode(path, path.read_bytes(), report)
    if text is None:
        return None
    if not text.strip():
        report.problem(path.name, "", "", "file is empty (it needs at least a header row)")
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        report.problem(path.name, f"line {line}", "", "contains a NUL character; is it really CSV?")
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
        for raw in reader:
            n = reader.line_num
            if None in raw:
                report.problem(path.name, f"row {n}", "", "has more cells than the header")
            row = {k: (v or "").strip() for k, v in raw.items() if k is not None}
            if not any(row.values()):
                continue
            row["_row"] = n
            rows.append(row)
    except csv.Error as exc:
        report.problem(path.name, f"line {reader.line_num}", "", f"cannot be read as CSV: {exc}")
        return None
    return rows


def split_list(value):
    """'a; b;c' -> ['a', 'b', 'c'] (empty items dropped)."""
    return [item.strip() for item in (value or "").split(";") if item.strip()]


def parse_number(value):
    """A cell as a float, or None if empty; raises ValueError if it is not a number."""
    if value is None or value == "":
        return None
    number = float(value.replace(",", ""))
    if math.isnan(number) or math.isinf(number):
        raise ValueError(value)
    return number


def read_geojson(path, report):
    """Features of a GeoJSON FeatureCollection as (properties, geometry) pairs, or None."""
    if not path.exists():
        report.problem(path.name, "", "", f"file is missing (expected at {path})")
        return None
    raw = path.read_bytes()
    if not raw.strip():
        report.problem(path.name, "", "", "file is empty")
        return None
    text = _decode(path, raw, report)
    if text is None:
        return None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        report.problem(
            path.name, f"line {exc.lineno} column {exc.colno}", "", f"invalid JSON: {exc.msg}"
        )
        return None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        report.problem(path.name, "", "type", "must be a GeoJSON FeatureCollection")
        return None
    if "crs" in doc:
        report.warn(path.name, "", "crs", "RFC 7946 GeoJSON has no 'crs'; it is read as WGS84")
    features = doc.get("features")
    if not isinstance(features, list):
        report.problem(path.name, "", "features", "must be a list")
        return None
    out = []
    for n, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), (dict, type(None))):
            report.problem(path.name, f"feature {n}", "", "is not a GeoJSON Feature object")
            continue
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            report.problem(path.name, f"feature {n}", "properties", "must be an object")
            continue
        fid = props.get("id")
        where = f"feature {n}" + (f" (id={fid})" if fid not in (None, "") else "")
        if fid in (None, ""):
            report.problem(path.name, where, "id", "feature has no id")
            continue
        geom = None
        try:
            raw_geom = feature.get("geometry")
            if raw_geom is None:
                report.problem(path.name, where, "geometry", "is missing (null)")
            elif not _finite_coordinates(raw_geom.get("coordinates")):
                report.problem(
                    path.name, where, "geometry", "has non-finite coordinates (NaN or infinity)"
                )
            else:
                with warnings.catch_warnings():
                    # NaN coordinates warn here; they are reported below as a problem
                    warnings.simplefilter("ignore", RuntimeWarning)
                    geom = shape(raw_geom)
        except Exception as exc:  # shapely raises several types for malformed input
            report.problem(path.name, where, "geometry", f"cannot be read: {exc}")
        out.append((dict(props, id=str(fid), _where=where), geom))
    return out


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
