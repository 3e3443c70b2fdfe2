"""Reading a planner's own list (enterprises, projects) from CSV, XLSX, GeoJSON or GPKG.

The list is the planner's, not the atlas's: it is read as text cells, only the
columns the planner names (or that are guessed from common headers) are kept,
and each row keeps its place in the file so that every fault can name it.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from atlas.data.problems import Collector
from atlas.data.readers import NumberError, parse_number, read_bytes, utf16_kind

#: the roles a column can play, and headers that are taken for them when not named
ROLES = ("name", "lon", "lat", "sector_text", "value")
GUESSES = {
    "lon": ("经度", "lon", "lng", "longitude", "x", "gcj_lng", "gcj_lon", "bd_lng", "bd_lon"),
    "lat": ("纬度", "lat", "latitude", "y", "gcj_lat", "bd_lat"),
    "name": ("企业名称", "名称", "项目名称", "单位名称", "name", "company"),
    "sector_text": ("行业", "所属行业", "产业", "行业类别", "产业类别", "industry", "sector"),
    "value": ("产值", "投资额", "总投资", "营业收入", "税收", "value", "output"),
}
OPTION = {"name": "--name", "lon": "--lon", "lat": "--lat", "sector_text": "--sector-text",
          "value": "--value"}
FORMATS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".geojson": "geojson",
           ".json": "geojson", ".gpkg": "gpkg"}


class ColumnError(ValueError):
    """A column the planner named is not in the file, or one that is needed cannot be found."""


@dataclass
class UserList:
    """A planner's list as text cells: one column per role found, plus ``row``, the row's
    place in the file (CSV/XLSX: the spreadsheet row, header = 1; GeoJSON/GPKG: feature
    number from 1)."""

    path: Path
    kind: str
    frame: pd.DataFrame
    #: role -> the file's header for it
    columns: dict
    encoding: str = ""
    #: rows whose geometry is given (GeoJSON/GPKG), as lon/lat text already in ``frame``
    from_geometry: bool = False
    warnings: list = field(default_factory=list)


def _fail(path, message):
    report = Collector()
    report.problem(Path(path).name, "", "", message)
    report.raise_if_any()


def _decode(path, raw):
    """(text, encoding name) of a CSV as Excel saves it: UTF-8 (BOM or not), GBK/GB18030
    or UTF-16; a file in none of these is unreadable as a whole."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "UTF-8 with BOM"
    utf16 = utf16_kind(raw)  # Excel's "Unicode Text", with or without a byte-order mark
    if utf16:
        name, bom = utf16
        try:
            return raw[2 if bom else 0:].decode(name.lower()), name
        except UnicodeDecodeError:
            pass
    for name in ("utf-8", "gb18030"):  # GBK is a subset of GB18030
        try:
            return raw.decode(name), name.upper()
        except UnicodeDecodeError:
            continue
    _fail(path, "is neither UTF-8, GBK/GB18030 nor UTF-16 text; save it from Excel as "
                "'CSV UTF-8' and try again")
    return None


def _read_csv(path):
    report = Collector()
    raw = read_bytes(Path(path), report)
    report.raise_if_any()
    if b"\x00" in raw and not utf16_kind(raw):
        _fail(path, "holds binary data (NUL bytes); is it really a CSV file?")
    text, encoding = _decode(path, raw)
    if not text.strip():
        _fail(path, "is empty (it needs a header row and at least one row)")
    header = text.split("\n", 1)[0]
    sep = "\t" if "\t" in header and "," not in header else ","  # Excel's "Unicode text" is tabbed
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                            skip_blank_lines=False, sep=sep)
    except (pd.errors.ParserError, csv.Error) as exc:
        _fail(path, f"cannot be read as CSV: {exc}")
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.insert(0, "row", range(2, len(frame) + 2))
    return frame, encoding


def _read_xlsx(path):
    try:
        import openpyxl  # noqa: F401 - pandas reads .xlsx through it
    except ImportError:
        raise ColumnError(
            f"{Path(path).name}: reading .xlsx needs the openpyxl package, which is not "
            "installed; save the sheet as 'CSV UTF-8' in Excel, or install openpyxl"
        ) from None
    try:
        frame = pd.read_excel(path, dtype=str, keep_default_na=False)
    except Exception as exc:  # noqa: BLE001 - any failure means the workbook is unreadable
        _fail(path, f"cannot be read as an Excel workbook: {exc}")
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.insert(0, "row", range(2, len(frame) + 2))
    return frame


def _read_geo(path):
    import pyogrio

    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError,
            OSError) as exc:
        _fail(path, f"cannot be read as GeoJSON/GeoPackage: {exc}")
    if gdf.crs is not None and not gdf.crs.is_geographic:
        gdf = gdf.to_crs("EPSG:4326")  # a projected GPKG: its own CRS says how to undo it
    return _text_cells(gdf)


def _text_cells(frame):
    """Every cell of a (Geo)DataFrame as stripped text, with ``row`` from 1; a geometry
    column becomes ``_lon``/``_lat`` (points) and ``_shape`` (the type of anything else)."""
    geoms = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else None
    plain = pd.DataFrame(frame.drop(columns=geoms.name) if geoms is not None else frame)
    plain = plain.astype(object)
    plain = plain.where(plain.notna(), "").astype(str)
    plain.columns = [str(c).strip() for c in plain.columns]
    if geoms is not None:
        is_point = (geoms.notna() & (geoms.geom_type == "Point")).to_numpy()
        plain["_lon"], plain["_lat"], plain["_shape"] = "", "", ""
        plain.loc[is_point, "_lon"] = geoms[is_point].x.map(repr).to_numpy()
        plain.loc[is_point, "_lat"] = geoms[is_point].y.map(repr).to_numpy()
        # a shape that is not a point has no coordinates the join can use; say which shape
        other = geoms.notna().to_numpy() & ~is_point
        plain.loc[other, "_shape"] = geoms[other].geom_type.to_numpy()
    plain.insert(0, "row", range(1, len(plain) + 1))
    return plain


def _pick(frame, role, named):
    headers = [c for c in frame.columns if c not in ("row", "_lon", "_lat", "_shape")]
    if named is not None:
        if named not in headers:
            raise ColumnError(
                f"{OPTION[role]} {named}: no such column; the columns are: {', '.join(headers)}"
            )
        return named
    folded = {h.casefold(): h for h in headers}
    for guess in GUESSES[role]:
        if guess.casefold() in folded:
            return folded[guess.casefold()]
    return None


def read(path, name=None, lon=None, lat=None, sector_text=None, value=None):
    """The list in ``path`` as a UserList, keeping only the named or guessed columns.

    Raises ValidationError when the file is unreadable as a whole, ColumnError when a
    named column is missing or no coordinates can be found.
    """
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ColumnError(f"{path.name}: unknown kind of file; give a .csv, .xlsx, .geojson "
                          "or .gpkg file")
    if not path.is_file():
        _fail(path, f"not found ({path})" if not path.exists() else f"is not a file ({path})")
    encoding = ""
    if kind == "csv":
        frame, encoding = _read_csv(path)
    elif kind == "xlsx":
        frame = _read_xlsx(path)
    else:
        frame = _read_geo(path)
    given = {"name": name, "lon": lon, "lat": lat, "sector_text": sector_text, "value": value}
    return _select(frame, path, kind, encoding, given)


def from_frame(frame, name=None, lon=None, lat=None, sector_text=None, value=None):
    """A UserList from a DataFrame already in memory (cells become text; a GeoDataFrame's
    point geometry gives the coordinates when no lon/lat columns are found)."""
    if isinstance(frame, gpd.GeoDataFrame) and frame.crs is not None and not frame.crs.is_geographic:
        frame = frame.to_crs("EPSG:4326")
    plain = _text_cells(frame)
    given = {"name": name, "lon": lon, "lat": lat, "sector_text": sector_text, "value": value}
    return _select(plain, Path("(table)"), "table", "", given)


def _select(frame, path, kind, encoding, given):
    columns = {role: _pick(frame, role, given[role]) for role in ROLES}
    from_geometry = "_lon" in frame and columns["lon"] is None
    if from_geometry:
        columns["lon"], columns["lat"] = "_lon", "_lat"
    for role in ("lon", "lat"):
        if columns[role] is None:
            raise ColumnError(
                f"{path.name}: no {role} column found; name it with {OPTION[role]} COLUMN "
                f"(the columns are: {', '.join(c for c in frame.columns if c != 'row')})"
            )
    keep = {role: col for role, col in columns.items() if col is not None}
    out = pd.DataFrame({"row": frame["row"].to_numpy()})
    for role, col in keep.items():
        out[role] = frame[col].astype(str).str.strip().to_numpy()
    if "_shape" in frame:
        out["shape"] = frame["_shape"].to_numpy()
    # a line with nothing in it is not a row (Excel leaves some at the end)
    empty = (out[list(keep)] == "").all(axis=1)
    if "shape" in out:
        empty &= out["shape"] == ""
    out = out[~empty].reset_index(drop=True)
    columns = {r: (c if not c.startswith("_") else "") for r, c in keep.items()}
    return UserList(path, kind, out, columns, encoding, from_geometry)


#: a coordinate cell: plain decimal degrees (a comma as decimal point is not guessed at)
_DEGREES = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"


def cells(frame):
    """The list's cells checked one by one: adds ``lon_in``/``lat_in`` (floats, NaN where
    unusable), ``value_num`` (float, NaN where empty) and ``reason``/``detail`` (empty
    for a good row). Reasons: missing coordinates, not a point, non-numeric coordinates,
    unparseable value, duplicate row. Nothing is dropped."""
    frame = frame.copy()
    n = len(frame)
    reason = pd.Series([""] * n, index=frame.index, dtype=object)
    detail = pd.Series([""] * n, index=frame.index, dtype=object)

    def mark(mask, why, text):
        # text(part) words the reason for the rows marked only: strings cost at 10^5 rows
        mask = mask & (reason == "")
        if mask.any():
            reason[mask] = why
            detail[mask] = text(frame[mask])

    lon, lat = frame["lon"], frame["lat"]
    if "shape" in frame:
        mark(frame["shape"] != "", "not_a_point",
             lambda p: "the feature is a " + p["shape"] + ", not a point; give points "
                       "(or lon/lat columns)")
    mark((lon == "") | (lat == ""), "missing_coordinates",
         lambda p: "lon '" + p["lon"] + "', lat '" + p["lat"] + "': a coordinate is empty")
    numeric = lon.str.fullmatch(_DEGREES) & lat.str.fullmatch(_DEGREES)
    mark(~numeric, "non_numeric_coordinates",
         lambda p: "lon '" + p["lon"].str.slice(0, 30) + "', lat '" + p["lat"].str.slice(0, 30)
         + "': write decimal degrees, e.g. 108.7123")
    frame["lon_in"] = pd.to_numeric(lon.where(numeric), errors="coerce")
    frame["lat_in"] = pd.to_numeric(lat.where(numeric), errors="coerce")

    frame["value_num"] = float("nan")
    if "value" in frame:
        value = frame["value"]
        plain = value.str.fullmatch(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
        frame.loc[plain, "value_num"] = pd.to_numeric(value[plain])
        bad = (value != "") & ~plain
        for i in frame.index[bad & (reason == "")]:
            try:
                parse_number(value[i])
                why = f"'{value[i]}' is not a plain number"
            except NumberError as exc:
                why = str(exc)
            reason[i], detail[i] = "unparseable_value", why

    roles = [c for c in ROLES if c in frame]
    dup = frame.duplicated(subset=roles, keep="first")
    if dup.any():
        first = frame.groupby(roles, sort=False)["row"].transform("first")
        mark(dup, "duplicate_row",
             lambda p: "the same as row " + first[p.index].astype(str) + " in every column used")
    frame["reason"], frame["detail"] = reason, detail
    return frame
