"""Where the data shipped with the atlas lives: the checkout, or the installed package.

In a checkout the top-level ``geodata/`` and ``seeds/`` are used as they are.
A non-editable install carries copies under ``atlas/_shipped/`` (setup.py
makes them at build time).
"""

from importlib.resources import files
from pathlib import Path

#: folder inside the installed package that holds the copies
PACKAGED = "_shipped"


class InstallationError(Exception):
    """The atlas itself is incomplete: its shipped data is missing (not a data error)."""


def _package_dir():
    # resolved through the import system, so it holds wherever this module moves to
    return Path(str(files("atlas"))).resolve()


def folder(name):
    """The shipped folder ``name`` (geodata or seeds), whether or not it exists.

    The packaged copy wins when present; otherwise the checkout's own folder, when
    the package sits in a checkout (next to setup.cfg); otherwise the packaged path,
    so that a message can say where the data was expected.
    """
    package = _package_dir()
    packaged = package / PACKAGED / name
    if packaged.is_dir():
        return packaged
    checkout = package.parent
    if (checkout / "setup.cfg").is_file() and (checkout / name).is_dir():
        return checkout / name
    return packaged


def require(path, what):
    """``path`` if it is a folder; else InstallationError naming it."""
    path = Path(path)
    if not path.is_dir():
        raise InstallationError(
            f"the atlas installation has no shipped {what} at {path}; "
            "reinstall, or pass --data and --seeds"
        )
    return path
