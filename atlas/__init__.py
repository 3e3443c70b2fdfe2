"""Xixian Innovation Atlas: the innovation layout of 西咸新区 as data and maps."""

from atlas.data.problems import ValidationError
from atlas.data.load import Atlas, load
from atlas.model.query import QueryError

__all__ = ["Atlas", "QueryError", "ValidationError", "load"]
__version__ = "0.1.0"
