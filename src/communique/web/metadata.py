"""Datasette metadata for a communique database: titles, descriptions, column meanings, facets.

Table and column descriptions come from ``communique.store.columns`` (the record schema's field
descriptions), so Datasette explains every column exactly as docs/schema.md does. ``label_column``
makes Datasette show an actor's name wherever a column points at ``actors.id``.
"""

from __future__ import annotations

from typing import Any

from ..store.columns import TABLES, table_columns

#: Facets offered on each table's page (Datasette computes the counts).
FACETS: dict[str, list[Any]] = {
    "documents": ["genre", "status", "language", {"array": "signatories"}, {"array": "extractors"}],
    "actors": ["type", "country", "sector"],
    "document_actors": ["type", "country"],
    "mentions": ["actor_id"],
    "roles": ["role", "actor"],
    "quotes": ["direct", "speaker"],
    "events": ["type", "modality", "place_country", "date_granularity"],
    "event_actors": ["role", "actor_id"],
    "demands": ["by", "target"],
    "stances": ["polarity", "holder", "target"],
    "techniques": ["label"],
    "failures": ["code"],
}

TITLES = {
    "documents": "Documents",
    "actors": "Actors",
    "document_actors": "Actors per document",
    "mentions": "Actor mentions",
    "roles": "Document roles (evidence)",
    "quotes": "Quotes",
    "events": "Events (PLOVER)",
    "event_actors": "Event actors and recipients",
    "demands": "Demands",
    "stances": "Stances",
    "techniques": "Persuasion techniques",
    "failures": "Inputs that failed",
}


def build_metadata(database: str, workbench_url: str = "/-/communique") -> dict[str, Any]:
    """The metadata dict for serving the communique database named ``database``."""
    tables: dict[str, Any] = {}
    for table, what in TABLES.items():
        entry: dict[str, Any] = {
            "title": TITLES[table],
            "description": what,
            "columns": {name: description for name, _, description in table_columns(table)},
            "facets": FACETS.get(table, []),
        }
        tables[table] = entry
    tables["actors"]["label_column"] = "name"
    tables["documents"].update({"fts_table": "documents_fts", "fts_pk": "pk", "label_column": "title", "sort_desc": "published"})
    tables["events"]["sort"] = "date"
    tables["meta"] = {"hidden": True}
    return {
        "title": "communique workbench",
        "description_html": (
            f'Records extracted from political statements, letters and news, each pointing to its evidence. '
            f'Open the <a href="{workbench_url}">workbench</a> for documents with every record highlighted '
            f"in place, actor pages, networks, a timeline and a map; the tables below are Datasette's "
            f"(facets, full-text search, JSON and CSV; add <code>?_stream=on</code> to a CSV link for every row)."
        ),
        "databases": {database: {"tables": tables}},
    }
