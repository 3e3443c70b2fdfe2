"""Output that appears whole or not at all, and never outside its folder."""

import contextlib
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
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def confined(base, name):
    """``base / name``, refusing any name that would land outside ``base``."""
    base = Path(base).resolve()
    path = (base / name).resolve()
    if base != path and base not in path.parents:
        raise ValueError(f"refusing to write '{name}': it would land outside {base}")
    return path


@contextlib.contextmanager
def staged_dir(target, replace=False):
    """Yield a temporary folder beside ``target``; on success move its files in.

    With ``replace``, the whole of ``target`` is swapped for the new folder
    (the old one is removed only after the swap). On any failure, including
    KeyboardInterrupt, the temporary folder is removed and ``target`` is as it was.
    """
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    os.chmod(stage, 0o777 & ~_umask())  # mkdtemp's 0700 would hide the maps from a web server
    try:
        yield stage
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
