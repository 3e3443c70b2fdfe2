"""The build cache: figures and pages kept by a hash of everything they are made from.

A key covers the data and seeds folders (every file's bytes), the atlas's own code and
templates, the versions of the libraries that draw, the CJK font file, and the options of
the item. Same key, same bytes: so a rebuild copies what did not change instead of drawing
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
              "jinja2", "XStatic-Leaflet", "pillow")
_CODE_SUFFIXES = {".py", ".j2", ".js", ".css", ".json", ".txt", ".html"}
_LAYOUT = "1"  # bump when the cache's own layout changes


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
        if suffixes and path.suffix not in suffixes:
            continue
        digest.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


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


class Cache:
    """Keys and entries of one build's inputs."""

    def __init__(self, atlas, root=None):
        self.root = Path(root) if root is not None else cache_dir()
        seeds = atlas.seeds_dir or settings.seeds()
        self.base = [code_digest(), _tree_digest(atlas.data_dir), _tree_digest(seeds),
                     _font_identity()]

    def key(self, kind, *options):
        """The hash naming one item: this build's inputs plus the item's own options."""
        text = json.dumps([kind, self.base, options], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

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
