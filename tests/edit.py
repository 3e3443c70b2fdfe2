"""Helpers that break a copy of the data in one precise way."""

import csv
import io
import json


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def write_rows(path, fields, rows, encoding="utf-8"):
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def set_cell(path, row_id, field, value, key="id"):
    fields, rows = read_rows(path)
    hits = [r for r in rows if r[key] == row_id]
    assert hits, f"{row_id} not in {path.name}"
    for r in hits:
        r[field] = value
    write_rows(path, fields, rows)


def drop_row(path, row_id, key="id"):
    fields, rows = read_rows(path)
    kept = [r for r in rows if r[key] != row_id]
    assert len(kept) < len(rows)
    write_rows(path, fields, kept)


def duplicate_row(path, row_id, key="id"):
    fields, rows = read_rows(path)
    rows.append(dict(next(r for r in rows if r[key] == row_id)))
    write_rows(path, fields, rows)


def drop_column(path, column):
    fields, rows = read_rows(path)
    for r in rows:
        r.pop(column)
    write_rows(path, [f for f in fields if f != column], rows)


def read_features(path):
    return json.loads(path.read_text(encoding="utf-8"))


def write_features(path, doc):
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def set_geometry(path, feature_id, geometry):
    doc = read_features(path)
    hits = [f for f in doc["features"] if f["properties"]["id"] == feature_id]
    assert hits
    for f in hits:
        f["geometry"] = geometry
    write_features(path, doc)


def map_coords(path, feature_id, fn):
    """Apply fn(x, y) -> (x, y) to every coordinate of one feature."""
    doc = read_features(path)

    def walk(c):
        if c and isinstance(c[0], (int, float)):
            return list(fn(c[0], c[1]))
        return [walk(x) for x in c]

    for f in doc["features"]:
        if f["properties"]["id"] == feature_id:
            f["geometry"]["coordinates"] = walk(f["geometry"]["coordinates"])
    write_features(path, doc)
