"""Tables out of the store, streamed: CSV and Parquet (one file per table) and JSON Lines records.

Rows are read with ``fetchmany`` in batches and written as they come, so an export holds one batch in
memory whatever the size of the database, and nothing is capped. Columns are exactly the store's
(``communique.store.columns`` describes each; docs/schema.md lists them).
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..store import Store
from ..store.columns import TABLES, table_columns

BATCH_ROWS = 2000
#: Columns stored as SQLite integers that are booleans in the schema (typed as booleans in Parquet).
BOOLEAN_COLUMNS = {("quotes", "direct"), ("events", "negated")}


def select_tables(names: Sequence[str] | None) -> list[str]:
    """The tables to export, in documented order; ``None`` means all of them."""
    from ..errors import ExportError

    if not names:
        return list(TABLES)
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        raise ExportError(f"No table {', '.join(unknown)}; tables are: {', '.join(TABLES)}.")
    return [t for t in TABLES if t in names]


def iter_batches(conn: sqlite3.Connection, table: str) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``table`` in row order, in batches of tuples (columns as :func:`table_columns`)."""
    names = ", ".join(f'"{name}"' for name, _, _ in table_columns(table))
    cursor = conn.cursor()
    cursor.row_factory = None
    cursor.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid')
    while batch := cursor.fetchmany(BATCH_ROWS):
        yield batch


def write_csv(store: Store, out: Path, tables: Sequence[str]) -> dict[str, int]:
    """``out/<table>.csv`` for each table, UTF-8, a header row, RFC 4180 quoting; rows per table."""
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in tables:
        n = 0
        with (out / f"{table}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([name for name, _, _ in table_columns(table)])
            for batch in iter_batches(store.conn, table):
                writer.writerows(batch)
                n += len(batch)
        counts[table] = n
    return counts


def _arrow_schema(table: str):
    import pyarrow as pa

    types = {"INTEGER": pa.int64(), "REAL": pa.float64(), "TEXT": pa.string()}
    fields = []
    for name, sqltype, description in table_columns(table):
        kind = pa.bool_() if (table, name) in BOOLEAN_COLUMNS else types.get(sqltype, pa.string())
        fields.append(pa.field(name, kind, metadata={"description": description}))
    return pa.schema(fields, metadata={"table": table, "description": TABLES[table]})


def write_parquet(store: Store, out: Path, tables: Sequence[str]) -> dict[str, int]:
    """``out/<table>.parquet`` for each table, one row group per batch; rows per table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in tables:
        schema = _arrow_schema(table)
        n = 0
        with pq.ParquetWriter(out / f"{table}.parquet", schema, compression="zstd") as writer:
            for batch in iter_batches(store.conn, table):
                columns = list(zip(*batch))
                arrays = [
                    pa.array([None if v is None else bool(v) for v in col] if f.type == pa.bool_() else col, type=f.type)
                    for f, col in zip(schema, columns)
                ]
                writer.write_batch(pa.record_batch(arrays, schema=schema))
                n += len(batch)
        counts[table] = n
    return counts


def write_jsonl(store: Store, out: Path) -> dict[str, int]:
    """One complete record per line (exactly as ``analyze --json`` writes it), in storage order."""
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for doc in store.iter_documents():
            fh.write(doc.to_json())
            fh.write("\n")
            n += 1
    return {"documents": n}
