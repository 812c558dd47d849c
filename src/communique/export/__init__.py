"""``communique export DB --format F --out PATH``: everything in a database, in a format, without caps.

| format  | PATH is     | what is written |
|---------|-------------|-----------------|
| csv     | a directory | ``<table>.csv`` per store table, header row, UTF-8 |
| parquet | a directory | ``<table>.parquet`` per store table, typed columns with descriptions |
| jsonl   | a file      | one complete record per document, as ``analyze --json`` writes it |
| gexf    | a file      | an actor network (``--network``) for Gephi |
| graphml | a file      | the same network as GraphML |
| gdelt   | a file      | a GDELT-style tab-separated event table |

Every format streams from SQLite in batches; the columns are documented in docs/schema.md.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..errors import ExportError, UnknownExportFormat
from ..store import Store
from ..store.networks import NETWORKS, Filters

FORMATS = ("csv", "jsonl", "parquet", "gexf", "graphml", "gdelt")


def export(
    db: str | os.PathLike[str],
    fmt: str,
    out: str | os.PathLike[str],
    *,
    tables: Sequence[str] | None = None,
    network: str = "signed",
    filters: Filters = Filters(),
) -> dict[str, int]:
    """Export database ``db`` as ``fmt`` to ``out``; returns what was written (rows, nodes, edges).

    ``tables`` limits csv/parquet to some tables; ``network`` and ``filters`` choose the graph of
    gexf/graphml. Raises CQ401 for an unknown format, CQ400 when the output cannot be written, and
    the store's errors (CQ301, CQ302, CQ304) for a database that cannot be read.
    """
    if fmt not in FORMATS:
        raise UnknownExportFormat(f"No exporter for {fmt!r}; formats are: {', '.join(FORMATS)}.")
    if network not in NETWORKS:
        raise ExportError(f"No network {network!r}; networks are: {', '.join(NETWORKS)}.")
    out_path = Path(out)
    if fmt in ("csv", "parquet") and out_path.exists() and not out_path.is_dir():
        raise ExportError(f"{fmt} writes one file per table: --out must be a directory, and {out_path} is a file.")
    if fmt not in ("csv", "parquet") and out_path.is_dir():
        raise ExportError(f"{fmt} writes one file: --out must be a file path, and {out_path} is a directory.")
    from .tables import select_tables, write_csv, write_jsonl, write_parquet

    chosen = select_tables(tables)
    with Store(db, readonly=True) as store:
        try:
            if fmt == "csv":
                return write_csv(store, out_path, chosen)
            if fmt == "parquet":
                return write_parquet(store, out_path, chosen)
            if fmt == "jsonl":
                return write_jsonl(store, out_path)
            if fmt == "gdelt":
                from .gdelt import write_gdelt

                return write_gdelt(store.conn, out_path)
            from .graphs import write_graph

            return write_graph(store.conn, out_path, fmt, network, filters)
        except OSError as err:
            raise ExportError(f"Could not write {out_path}: {err.strerror or err}; check the path and free space.") from None


__all__ = ["FORMATS", "export"]
