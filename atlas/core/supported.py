"""The oldest Python the atlas runs on, checked before anything else is imported.

Kept free of newer syntax so that an old interpreter reaches the message.
"""

import sys

#: keep in step with python_requires in setup.cfg (a test checks)
MIN_PYTHON = (3, 11)


def check_python(version_info=None):
    """Raise RuntimeError with a plain message if this Python is too old."""
    version = tuple(version_info or sys.version_info)[:2]
    if version < MIN_PYTHON:
        raise RuntimeError(
            "the atlas needs Python %d.%d or newer; this is Python %d.%d"
            % (MIN_PYTHON + version)
        )
