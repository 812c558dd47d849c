"""Where records live: the embedded SQLite store (and, in ``export``, the ways out of it)."""

from ._sqlite import DOCUMENT_COLUMNS, PLACE_COLUMNS, STORE_VERSION, TABLE_COLUMNS, Store

__all__ = ["DOCUMENT_COLUMNS", "PLACE_COLUMNS", "STORE_VERSION", "TABLE_COLUMNS", "Store"]
