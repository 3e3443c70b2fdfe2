"""Where the atlas keeps what it can always make again (built figures and pages, PDF fonts).

$ATLAS_CACHE, else $XDG_CACHE_HOME/xixian-atlas, else ~/.cache/xixian-atlas: never inside
an output folder, so builds still publish in one atomic swap. Read at call time.
"""

import os
from pathlib import Path


def cache_dir():
    if os.environ.get("ATLAS_CACHE"):
        return Path(os.environ["ATLAS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "xixian-atlas"
