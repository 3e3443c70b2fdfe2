"""Output that appears whole or not at all, and never outside its folder."""

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_file(path):
    """Yield a temporary path beside ``path``; on success it replaces ``path``.

    The file gets ordinary permissions (mkstemp's 0600 would hide it from a web
    server); on any failure the temporary file is removed and ``path`` untouched.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        with path_in_errors(path, tmp):
            yield Path(tmp)
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


@contextlib.contextmanager
def path_in_errors(path, *aliases):
    """Make an OSError that names no file (a full disk: ENOSPC from write) name ``path``.

    ``aliases`` are temporary names that mean ``path`` to the user.
    """
    try:
        yield
    except OSError as exc:
        if exc.filename is None or str(exc.filename) in {str(a) for a in aliases}:
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise


def confined(base, name):
    """``base / name``, refusing any name that would land outside ``base``."""
    base = Path(base).resolve()
    path = (base / name).resolve()
    if base != path and base not in path.parents:
        raise ValueError(f"refusing to write '{name}': it would land outside {base}")
    return path


@contextlib.contextmanager
def staged_dir(target, replace=False, before_swap=None):
    """Yield a temporary folder beside ``target``; on success move its files in.

    With ``replace``, the whole of ``target`` is swapped for the new folder
    (the old one is removed only after the swap). On any failure, including
    KeyboardInterrupt, the temporary folder is removed and ``target`` is as it was.
    ``before_swap(stage)``, if given, runs last and may still refuse.
    """
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    os.chmod(stage, 0o777 & ~_umask())  # mkdtemp's 0700 would hide the maps from a web server
    try:
        try:
            yield stage
        except OSError as exc:  # name the file as the user will know it, not the temporary one
            name = str(exc.filename) if exc.filename is not None else str(stage)
            if name.startswith(str(stage)):
                shown = str(target) + name[len(str(stage)):]
                raise OSError(exc.errno, exc.strerror or str(exc), shown) from exc
            raise
        if before_swap is not None:
            before_swap(stage)
        if replace:
            old = None
            if target.exists():
                old = target.parent / f".{target.name}.old-{os.getpid()}"
                os.replace(target, old)
            try:
                os.replace(stage, target)
            except BaseException:
                if old is not None:  # put the previous output back
                    os.replace(old, target)
                raise
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        else:
            target.mkdir(parents=True, exist_ok=True)
            for item in sorted(stage.iterdir()):
                os.replace(item, target / item.name)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


# --- what the atlas owns ---------------------------------------------------------------------

#: the file ``atlas build`` leaves in every folder it builds, listing what it wrote
MARKER = ".atlas-build.json"

#: hand-written files the build carries over byte for byte (maps_out/README.md is committed)
CARRIED = ("README.md",)

#: how a single file written by ``atlas map``/``figure`` says who wrote it
SIGNATURES = (
    b'<meta name="generator" content="xixian-atlas',  # HTML
    b"tEXtSoftware\x00xixian-atlas",  # PNG text chunk
    b"<dc:title>xixian-atlas",  # SVG metadata (matplotlib's Creator)
    b"/Creator (xixian-atlas",  # PDF info
)

#: how far from either end of a file its signature may sit (a folium page's <head> is short)
_SIGNED_SPAN = 64 * 1024

_FRESH = "choose a folder of its own that is empty or does not exist yet, e.g. --out maps_out"


class RefusedError(ValueError):
    """Writing there could destroy something the atlas did not write (exit 2)."""


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _entries(folder):
    """Every file, link and folder below ``folder``, as relative posix paths (folders end in /)."""
    def unreadable(exc):  # a folder it cannot list might hold anything: never guess
        raise RefusedError(
            f"refusing to replace {folder}: cannot read {exc.filename} ({exc.strerror}), so the "
            "atlas cannot prove it wrote what is there"
        )

    out = []
    for top, dirs, files in os.walk(folder, onerror=unreadable):
        rel = Path(top).relative_to(folder)
        for d in dirs:
            p = Path(top) / d
            out.append((rel / d).as_posix() + ("" if p.is_symlink() else "/"))
        out += [(rel / f).as_posix() for f in files]
    return sorted(p for p in out if p != MARKER)


def write_marker(folder, version, name=MARKER, files=None):
    """Record ``files`` ({path: sha256}; default every file in ``folder``) so that a later
    run can prove they are the atlas's own."""
    folder = Path(folder)
    if files is None:
        files = {p: sha256(folder / p) for p in _entries(folder) if not p.endswith("/")}
    doc = {"generator": "xixian-atlas", "version": version, "files": dict(sorted(files.items()))}
    (folder / name).write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def read_marker(folder, name=MARKER):
    """The files an earlier run listed, {path: sha256}; None without a marker."""
    path = Path(folder) / name
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        files = doc["files"]
        if not (isinstance(files, dict) and all(isinstance(v, str) for v in files.values())):
            raise TypeError
    except (ValueError, KeyError, TypeError) as exc:
        raise RefusedError(
            f"refusing to write into {folder}: its {name} cannot be read ({type(exc).__name__}), "
            f"so the atlas cannot prove it wrote what is there; {_FRESH}"
        ) from None
    return files


def _named(paths, limit=5):
    shown = ", ".join(paths[:limit])
    return shown + (f" and {len(paths) - limit} more" if len(paths) > limit else "")


def _git_top(path):
    for folder in [path, *path.parents]:
        if (folder / ".git").exists():
            return folder
    return None


def _is_within(path, folder):
    return path == folder or folder in path.parents


def check_build_target(out, data_dir, seeds_dir, force=False):
    """Refuse an ``--out`` that ``atlas build`` must not replace; raise RefusedError saying why.

    Runs before any work. ``force`` only allows replacing a marked build whose own files
    were edited since; it never lets the build near the data, seeds, home, root or a checkout.
    """
    given = Path(out)
    out = given.resolve()
    protected = [
        (Path(data_dir).resolve(), "the data folder"),
        (Path(seeds_dir).resolve(), "the seeds folder"),
    ]
    for top in (_git_top(Path.cwd().resolve()), _git_top(Path(__file__).resolve().parent)):
        if top is not None:
            protected.append((top, "a git checkout"))
    protected += [(Path.home().resolve(), "your home folder"), (Path("/").resolve(), "the file-system root")]
    why = "it is the working folder of a git checkout" if (out / ".git").exists() else None
    for folder, what in protected:
        if not why and out == folder:
            why = f"it is {what}"
    for folder, what in protected:  # the data before home and root: say the nearest loss
        if not why and _is_within(folder, out):
            why = f"it holds {what} ({folder})"
    if why:
        raise RefusedError(
            f"refusing to build into {given}: {why}, and a build replaces the whole folder; "
            f"{_FRESH} or ~/xixian-atlas-maps"
        )
    if out.exists() and not out.is_dir():
        raise RefusedError(
            f"refusing to build into {given}: it is an existing file, not a folder; "
            f"{_FRESH} or {given.parent / (given.stem + '-atlas')}"
        )
    check_owned(given, force=force)


def check_owned(out, force=False):
    """Refuse a folder holding anything a previous build did not list (or, without ``force``,
    a listed file whose bytes changed since)."""
    out = Path(out)
    if not out.is_dir():
        return
    entries = _entries(out)
    listed = read_marker(out)
    fix = (f"move them out, or build into a new sub-folder such as {out / 'atlas-maps'} "
           "or a fresh folder such as maps_out")
    if listed is None:
        foreign = [p for p in entries if p not in CARRIED]
        if foreign:
            raise RefusedError(
                f"refusing to build into {out}: it holds files the atlas did not write "
                f"({_named(foreign)}), and a build replaces the whole folder; {fix}"
            )
        return
    folders = {str(p) + "/" for f in listed for p in Path(f).parents if str(p) != "."}
    foreign = [p for p in entries if p not in listed and p not in folders and p not in CARRIED]
    if foreign:
        raise RefusedError(
            f"refusing to build into {out}: besides an earlier build it holds files the atlas "
            f"did not write ({_named(foreign)}); {fix}"
        )
    edited = [p for p in entries if p in listed and p not in CARRIED and sha256(out / p) != listed[p]]
    if edited and not force:
        raise RefusedError(
            f"refusing to build into {out}: these files of an earlier build were edited since "
            f"({_named(edited)}); copy them elsewhere to keep the edits, or add --force to "
            "replace them"
        )


def check_replace_file(path, force=False):
    """Refuse to replace a file the atlas did not write (it carries no signature) unless ``force``."""
    path = Path(path)
    if not path.exists() or force:
        return
    if path.is_dir():
        raise RefusedError(f"{path} is a folder; give a file name inside it")
    with open(path, "rb") as f:  # HTML, PNG and SVG sign near the start, PDF near the end
        data = f.read(_SIGNED_SPAN)
        f.seek(max(f.seek(0, os.SEEK_END) - _SIGNED_SPAN, 0))
        data += b"\n" + f.read()
    if not any(sig in data for sig in SIGNATURES):
        raise RefusedError(
            f"refusing to replace {path}: the atlas did not write it (it carries no "
            "xixian-atlas signature); give another file name, or add --force to replace it"
        )


#: the file ``atlas export`` keeps beside its files, listing what it wrote
EXPORT_MARKER = ".atlas-export.json"


def check_export_target(out, names, data_dir, seeds_dir, force=False):
    """Refuse an export that would overwrite the data, or a file no earlier export wrote
    (or one edited since) unless ``force``; returns the earlier listing to extend."""
    given, out = Path(out), Path(out).resolve()
    for folder, what in ((Path(data_dir).resolve(), "the data folder"),
                         (Path(seeds_dir).resolve(), "the seeds folder")):
        if out == folder:
            raise RefusedError(f"refusing to export into {given}: it is {what}; "
                               "give a folder of its own, e.g. --out exports")
    if out.exists() and not out.is_dir():
        raise RefusedError(f"refusing to export into {given}: it is an existing file, not a folder")
    listed = (read_marker(out, EXPORT_MARKER) or {}) if out.is_dir() else {}
    clash = [n for n in names if (out / n).is_dir() or (out / n).is_symlink()]
    if clash:
        raise RefusedError(f"refusing to export into {given}: {_named(clash)} would replace a "
                           "folder or link; give another folder")
    foreign = [n for n in names if (out / n).is_file() and listed.get(n) != sha256(out / n)]
    if foreign and not force:
        raise RefusedError(
            f"refusing to export into {given}: it already holds {_named(foreign)}, which no "
            "earlier export wrote (or which were edited since); give another folder, or add "
            "--force to replace them"
        )
    return listed
