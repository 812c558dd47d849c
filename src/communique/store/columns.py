"""What every table and column of the store means: one source for the workbench, the exports and docs.

Column descriptions come from the record schema (the pydantic field descriptions in
``communique.schema``) wherever a column stores a record field; only the columns the store adds
(keys, positions, bookkeeping) are described here. The Datasette metadata of ``communique serve``,
the CSV/Parquet exports and the "Tables" section of docs/schema.md (spliced by ``make schema``) all
read :func:`table_columns`, so a new field or column shows up everywhere with its description, and a
test fails if a column has none.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel

from ..schema import Actor, Demand, Document, ErrorInfo, Event, Mention, Place, Quote, Role, Stance, Technique

#: Tables in the order they are documented and exported, with what one row is.
TABLES: dict[str, str] = {
    "documents": "One row per analysed document: metadata, the text every offset points into, tone, "
    "and the actor ids of each role as JSON arrays.",
    "actors": "One row per actor id across the corpus, with its latest normalised attributes.",
    "document_actors": "The actors of one document, as that document's record lists them.",
    "mentions": "Every place an actor is named or referred to in a document.",
    "roles": "Evidence for a document role: author, sender, addressee or signatory.",
    "quotes": "Direct and reported speech, with speaker and cue.",
    "events": "Events coded in PLOVER (with the CAMEO root code), date and geocoded place.",
    "event_actors": "Who did an event (role `actor`) and to whom (role `recipient`), in list order.",
    "demands": "Demands and calls to action: who demands what of whom.",
    "stances": "Who stands for (favor) or against whom, with the evidence span.",
    "techniques": "Persuasion techniques (Propaganda Techniques Corpus labels) with their span.",
    "failures": "Inputs that could not be analysed, with their coded error (retried by the next run).",
}

#: The record model whose field descriptions describe a table's like-named columns.
TABLE_MODELS: dict[str, tuple[type[BaseModel], ...]] = {
    "documents": (Document,),
    "actors": (Actor,),
    "document_actors": (Actor,),
    "mentions": (Mention,),
    "roles": (Role,),
    "quotes": (Quote,),
    "events": (Event,),
    "demands": (Demand,),
    "stances": (Stance,),
    "techniques": (Technique,),
    "failures": (ErrorInfo,),
}

_DOC = "Id of the document the record belongs to (`documents.id`)."
_SEQ = "Position of the record in its document's list, from 0."
_ROW = "Row id of the record in this table (stable within one database)."

#: Columns the store adds, or whose meaning differs from the like-named record field.
STORE_COLUMNS: dict[tuple[str, str], str] = {
    ("documents", "pk"): "Integer row id (the full-text index's key).",
    ("documents", "authors"): "JSON array of the actor ids of the authors; evidence in `roles`.",
    ("documents", "senders"): "JSON array of the actor ids of the senders; evidence in `roles`.",
    ("documents", "addressees"): "JSON array of the actor ids of the addressees; evidence in `roles`.",
    ("documents", "signatories"): "JSON array of the actor ids of the signatories; evidence in `roles`.",
    ("documents", "extensions"): "JSON object: records of kinds added by third-party extractors, by kind.",
    ("documents", "warnings"): "JSON array of warnings: {code, message, start, end}.",
    ("documents", "extractors"): "JSON array of the names of the extractors that ran, in order.",
    ("documents", "kinds"): "JSON array of the record kinds that were assigned (a kind not listed was "
    "not extracted, so its absence is not a finding).",
    ("documents", "pipeline"): "JSON object: versions of communique, the spaCy model and the extractors.",
    ("documents", "analysed_at"): "When the document was stored, ISO 8601 UTC.",
    ("document_actors", "doc_id"): _DOC,
    ("document_actors", "actor_id"): "Actor id (`actors.id`).",
    ("document_actors", "seq"): _SEQ,
    ("document_actors", "members"): "JSON array: for a group, the ids of the actors it is made of.",
    ("mentions", "actor_id"): "Id of the actor mentioned (`actors.id`).",
    ("event_actors", "event_id"): "Row id of the event (`events.id`).",
    ("event_actors", "role"): "`actor` (who did it) or `recipient` (to whom it was done).",
    ("event_actors", "seq"): "Position of the actor in the event's `actors` or `recipients` list, from 0.",
    ("event_actors", "actor_id"): "Actor id (`actors.id`).",
    ("failures", "source"): "Where the input came from: a path, path:line, or `-` for stdin.",
    ("failures", "doc_id"): "The document id, if it was known before the failure.",
    ("failures", "failed_at"): "When the failure was recorded, ISO 8601 UTC.",
}


@lru_cache(maxsize=1)
def _store_layout() -> dict[str, list[tuple[str, str]]]:
    """Table -> [(column, declared SQL type)], read from schema.sql itself (never restated here)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(resources.files("communique.store").joinpath("schema.sql").read_text(encoding="utf-8"))
        return {
            table: [(row[1], row[2].upper()) for row in conn.execute(f'PRAGMA table_info("{table}")')]
            for table in TABLES
        }
    finally:
        conn.close()


def describe(table: str, column: str) -> str:
    """The description of one column: the store's own words, else the record field's."""
    if (table, column) in STORE_COLUMNS:
        return STORE_COLUMNS[(table, column)]
    if column == "doc_id":
        return _DOC
    if column == "seq":
        return _SEQ
    if column == "id" and table not in ("documents", "actors"):
        return _ROW
    if table == "events" and column.startswith("place_"):
        field = Place.model_fields.get(column.removeprefix("place_"))
        if field is not None:
            return f"Place: {field.description}"
    for model in TABLE_MODELS.get(table, ()):
        field = model.model_fields.get(column)
        if field is not None and field.description:
            return field.description
    return ""


def table_columns(table: str) -> list[tuple[str, str, str]]:
    """[(column, SQL type, description)] of a store table, in the table's column order."""
    return [(name, sqltype, describe(table, name)) for name, sqltype in _store_layout()[table]]


def markdown_tables() -> str:
    """Every column of every table with its meaning, as Markdown (spliced into docs/schema.md)."""
    parts = []
    for table, what in TABLES.items():
        parts += [f"### Table `{table}`", "", what, "", "| column | SQL type | description |", "|---|---|---|"]
        for name, sqltype, description in table_columns(table):
            parts.append(f"| `{name}` | {sqltype} | {description.replace('|', chr(92) + '|')} |")
        parts.append("")
    return "\n".join(parts)
