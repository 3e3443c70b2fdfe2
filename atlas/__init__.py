"""Xixian Innovation Atlas: the innovation layout of 西咸新区 as data and maps."""

from atlas.supported import check_python

check_python()

from atlas._validate import ValidationError  # noqa: E402 - after the version check
from atlas.load import Atlas, load  # noqa: E402
from atlas.query import QueryError  # noqa: E402

__all__ = ["Atlas", "QueryError", "ValidationError", "load"]
__version__ = "0.1.0"
