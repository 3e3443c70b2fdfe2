"""The build cache: figures and pages kept by a hash of everything they are made from.

The key of the page set (home, report, embed, build.json, and which map pages) covers the
data and seeds folders (every file's bytes, lock and backup files aside); each map page's key
covers only the loaded tables it can read (page_tables), so an edited park leaves the national
and Shanghai pages cached; a figure key covers the tables the figure can read
(figure_tables) and the characters of the build's PDF font subset. Both cover the atlas's own code and templates, the versions of
the libraries that draw, the CJK font file, and the options of the item. Same key, same bytes: so a rebuild copies what did not change instead of drawing
it again, and a cached build is byte-identical to a clean one. The cache lives outside any
output folder ($ATLAS_CACHE, else $XDG_CACHE_HOME/xixian-atlas, else ~/.cache/xixian-atlas),
so a build still writes its folder in one atomic swap, and deleting the cache only costs time.
"""

import hashlib
import json
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from atlas.core import settings
from atlas.core.cachedir import cache_dir
from atlas.core.version import VERSION

#: libraries whose version can change what a figure or page looks like
_LIBRARIES = ("matplotlib", "geopandas", "shapely", "pyproj", "pandas", "numpy", "fonttools",
              "jinja2", "XStatic-Leaflet", "XStatic-Leaflet-MarkerCluster", "pillow",
              "rjsmin", "rcssmin")
_CODE_SUFFIXES = {".py", ".j2", ".js", ".css", ".json", ".txt", ".html"}
_LAYOUT = "3"  # bump when the cache's own layout changes


def _tree_digest(folder, suffixes=None):
    """SHA-256 of every file's relative path and bytes under ``folder`` (sorted)."""
    digest = hashlib.sha256()
    folder = Path(folder)
    if not folder.is_dir():
        digest.update(b"missing:" + str(folder).encode())
        return digest.hexdigest()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if not path.is_file() or "__pycache__" in rel or rel.startswith("_shipped/"):
            continue
        if _scratch(path.name):
            continue
        if suffixes and path.suffix not in suffixes:
            continue
        digest.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _scratch(name):
    """Files that come and go beside the data without being read: the lock file LibreOffice
    keeps while a CSV is open (.~lock.parks.csv#), Excel's (~$…), editors' swap and backup
    files (.x.swp, x~, #x#) and other hidden files. Keyed on, they made an unchanged
    rebuild miss every entry while a planner had a table open."""
    return name.startswith((".", "~$", "#")) or name.endswith(("~", "#", ".swp", ".tmp"))


@lru_cache(maxsize=1)
def code_digest():
    """The atlas's own source and templates, its version and the libraries' versions."""
    from importlib import metadata

    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    package = Path(__file__).resolve().parents[1]
    return hashlib.sha256("\n".join([_LAYOUT, VERSION, *versions,
                                     _tree_digest(package, _CODE_SUFFIXES)]).encode()).hexdigest()


def _font_identity():
    from atlas.render import fonts

    family, path = fonts.cjk_font()
    stat = os.stat(path)
    return [family, str(path), stat.st_size, stat.st_mtime_ns]


#: layers every figure reads whatever it draws: the parks it selects and the new cities and
#: belts (corridors) its totals, colours and legends come from
_EVERY_FIGURE = ("parks", "new_cities", "corridors")


def figure_tables(atlas, spec):
    """Names of the atlas tables a figure of ``spec`` may read: every loaded table except
    the geometry layers it neither draws nor always reads (e.g. rivers are left out of a
    map without rivers). When in doubt a table is in: a stale figure is a bug, a redraw
    is only slower."""
    from atlas.core import schema

    drawn = {layer.data for layer in spec.layers}
    skipped = {layer.name for layer in schema.LAYERS} - drawn - set(_EVERY_FIGURE)
    tables = [name for name in atlas.layers if name not in skipped]
    tables += [name for name, value in vars(atlas).items()
               if name != "layers" and _is_frame(value) and name not in skipped]
    return sorted(set(tables))


#: the new area's own layers: a map that draws one of them has popups, totals and panels
#: that read the parks, new cities and belts; the national and Shanghai maps read none
_XIXIAN = {"parks", "new_cities", "corridors", "carriers", "platforms"}


def page_tables(atlas, spec):
    """Names of the atlas tables the web page of ``spec`` may read: as figure_tables, but
    a map that draws nothing of the new area does not read its parks, cities and belts,
    so a park edited leaves the national and Shanghai pages in the cache."""
    tables = figure_tables(atlas, spec)
    if {layer.data for layer in spec.layers} & _XIXIAN:
        return tables
    return [t for t in tables if t not in _EVERY_FIGURE]


def _is_frame(value):
    import pandas as pd

    return isinstance(value, pd.DataFrame)


def _plain(value):
    """A value as JSON-able data whose text does not depend on set order or hash seeds."""
    import dataclasses

    if hasattr(value, "wkb_hex"):  # a shapely geometry
        return ["wkb", value.wkb_hex]
    if isinstance(value, dict):
        return [[_plain(k), _plain(v)] for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__,
                [[f.name, _plain(getattr(value, f.name))] for f in dataclasses.fields(value)]]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "__dict__") and not isinstance(value, type):  # e.g. the Taxonomy
        return [type(value).__name__, _plain(vars(value))]
    return repr(value)  # numpy scalars, NaN, dates: repr is exact and stable


def _table_digest(value):
    """SHA-256 of a loaded table (columns, dtypes, index and every cell) or other value."""
    if _is_frame(value):
        data = [list(map(str, value.columns)), [str(t) for t in value.dtypes],
                _plain(list(value.index)),
                [_plain(list(value[c])) for c in value.columns]]
    else:
        data = _plain(value)
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


class Cache:
    """Keys and entries of one build's inputs."""

    def __init__(self, atlas, root=None):
        self.root = Path(root) if root is not None else cache_dir()
        seeds = atlas.seeds_dir or settings.seeds()
        self.atlas = atlas
        self.code = [code_digest(), _font_identity()]
        self.base = [*self.code, _tree_digest(atlas.data_dir), _tree_digest(seeds)]
        self._tables = {}
        self._charset = None

    def key(self, kind, *options):
        """The hash naming one item: this build's inputs plus the item's own options."""
        text = json.dumps([kind, self.base, options], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

    def figure_key(self, name, *options):
        """The hash naming one figure of map ``name``: the tables it may read (figure_tables),
        the taxonomy, the PDF font's characters (one subset serves every figure, so they
        come from all the data), code, font and the figure's options."""
        from atlas.maps import catalog
        from atlas.render.print import figure

        if self._charset is None:
            self._charset = "".join(sorted(figure.charset(self.atlas)))
        inputs = self._inputs(figure_tables(self.atlas, catalog.get(name)))
        text = json.dumps(["figure", self.code, inputs, self._charset, [name, *options]],
                          ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def page_key(self, name, *options):
        """The hash naming the web page of map ``name``: the tables it may read
        (page_tables), the taxonomy, code, font and the page's options."""
        from atlas.maps import catalog

        inputs = self._inputs(page_tables(self.atlas, catalog.get(name)))
        text = json.dumps(["page", self.code, inputs, [name, *options]], ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def _inputs(self, tables):
        """[[table, digest]] of ``tables`` and the taxonomy; each table hashed once a build."""
        for table in tables:
            if table not in self._tables:
                value = self.atlas.layers.get(table)
                self._tables[table] = _table_digest(getattr(self.atlas, table)
                                                    if value is None else value)
        if "taxonomy" not in self._tables:
            self._tables["taxonomy"] = _table_digest(self.atlas.taxonomy)
        return [[t, self._tables[t]] for t in [*tables, "taxonomy"]]

    def _entry(self, key):
        return self.root / "builds" / key[:2] / key

    def get(self, key):
        """({name: bytes}, meta) stored under ``key``, or None (missing, or damaged)."""
        entry = self._entry(key)
        try:
            meta = json.loads((entry / "meta.json").read_text("utf-8"))
            files = {}
            for name, sha in meta["sha256"].items():
                if "/" in name or "\\" in name or name.startswith(".") or name == "meta.json":
                    return None
                content = (entry / name).read_bytes()
                if hashlib.sha256(content).hexdigest() != sha:
                    return None
                files[name] = content
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        return files, meta

    def put(self, key, files, meta):
        """Store ``files`` ({name: bytes}) and ``meta`` under ``key``; a cache that cannot
        be written only makes the next build slower, so failures are ignored."""
        entry = self._entry(key)
        if entry.is_dir():
            return
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            temp = Path(tempfile.mkdtemp(prefix=f".{key[:8]}.tmp-", dir=entry.parent))
        except OSError:
            return
        try:
            for name, content in files.items():
                (temp / name).write_bytes(content)
            meta = dict(meta, sha256={n: hashlib.sha256(c).hexdigest() for n, c in files.items()})
            (temp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
            os.rename(temp, entry)
        except OSError:
            shutil.rmtree(temp, ignore_errors=True)
