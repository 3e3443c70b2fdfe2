"""Xixian Innovation Atlas: the innovation layout of 西咸新区 as data and maps."""

from atlas.core.supported import check_python

check_python()

from atlas.data.problems import ValidationError  # noqa: E402 - after the version check
from atlas.data.load import Atlas, load  # noqa: E402
from atlas.model.query import QueryError  # noqa: E402

__all__ = ["Atlas", "QueryError", "ValidationError", "load"]
__version__ = "0.1.0"
