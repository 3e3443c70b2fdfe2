"""Output that appears whole or not at all, and never outside its folder."""

import contextlib
import os
import shutil
import tempfile
from pathlib import Path


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
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(stage, 0o777 & ~umask)  # mkdtemp's 0700 would hide the maps from a web server
    try:
        yield stage
        if replace:
            old = None
            if target.exists():
                old = target.parent / f".{target.name}.old-{os.getpid()}"
                os.replace(target, old)
            os.replace(stage, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        else:
            target.mkdir(parents=True, exist_ok=True)
            for item in sorted(stage.iterdir()):
                os.replace(item, target / item.name)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)
