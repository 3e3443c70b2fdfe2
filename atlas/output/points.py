"""A planner's list for ``atlas build --points``: joined as ``atlas join`` joins it, with the
roles the page may show and the digest the build cache keys on."""

import hashlib
import json
from pathlib import Path

from atlas.model.points import SHOWABLE, Points
from atlas.output import joined as joined_out

#: the column options `atlas join` and `atlas build --points` share
ROLES = ("name", "lon", "lat", "sector_text", "value")


def _source_digest(source):
    if hasattr(source, "columns"):  # a (Geo)DataFrame: its headers and cells
        import pandas as pd

        frame = pd.DataFrame(source).copy()
        if "geometry" in frame:
            frame["geometry"] = frame["geometry"].map(lambda g: None if g is None else g.wkb_hex)
        digest = hashlib.sha256(json.dumps(list(map(str, frame.columns))).encode())
        digest.update(pd.util.hash_pandas_object(frame.astype(str), index=True).to_numpy()
                      .tobytes())
        return digest.hexdigest()
    return hashlib.sha256(Path(source).read_bytes()).hexdigest()


def load(source, atlas, crs="wgs84", fix_swapped=False, **names):
    """Points for a build: ``source`` (a path or a DataFrame) read and joined as by
    ``atlas join``; ``names`` maps roles to headers. Only a name or value column given here
    by name goes into the pages (a guessed one is used for the join, not shown)."""
    unknown = set(names) - set(ROLES)
    if unknown:
        raise ValueError(f"points: unknown column roles {sorted(unknown)}; use {', '.join(ROLES)}")
    result = joined_out.join(source, atlas, crs=crs, fix_swapped=fix_swapped, **names)
    shown = tuple(r for r in SHOWABLE if names.get(r))
    options = {"crs": crs, "fix_swapped": bool(fix_swapped), **{r: names.get(r) for r in ROLES}}
    digest = hashlib.sha256(json.dumps([_source_digest(source), options], sort_keys=True,
                                       ensure_ascii=False).encode()).hexdigest()
    return Points(result, shown, digest)
