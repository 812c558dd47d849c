"""The SQLite store: one writer, one transaction per document, records readable back exactly.

Writing a document replaces whatever was stored under its id (the rows of every record kind go with
it, by ``ON DELETE CASCADE``), so analysing the same content twice never duplicates it. The file runs
in WAL mode: a reader (the web workbench) never blocks the writer, and a killed writer loses at most
the document whose transaction was open.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DatabaseCorrupt, DatabaseNotFound, DocumentNotFound, SchemaMismatch, StoreError
from ..schema import (
    SCHEMA_VERSION,
    Actor,
    Demand,
    Document,
    ErrorRecord,
    Event,
    Mention,
    Place,
    Quote,
    Role,
    Stance,
    Technique,
    Warning,
)
from ._actor_ids import CorpusActorIds

STORE_VERSION = "1"

#: Record kind -> (table, the record fields stored as plain columns of that table).
TABLE_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "roles": ("roles", ("role", "actor", "start", "end", "text", "description", "origin")),
    "quotes": (
        "quotes",
        ("speaker", "text", "direct", "cue", "start", "end", "cue_start", "cue_end", "speaker_start", "speaker_end"),
    ),
    "events": (
        "events",
        ("type", "cameo", "mode", "modality", "negated", "date", "date_granularity", "date_source",
         "trigger", "actor_text", "recipient_text", "claimed_by", "start", "end", "confidence"),
    ),  # fmt: skip
    "demands": ("demands", ("by", "target", "text", "start", "end")),
    "stances": ("stances", ("holder", "target", "polarity", "start", "end", "confidence")),
    "techniques": ("techniques", ("label", "start", "end", "confidence")),
}
#: Fields of an Event's place, stored as place_<field> columns of `events`.
PLACE_COLUMNS = tuple(Place.model_fields)
#: Document fields stored as plain columns of `documents` (lists of ids are stored as JSON).
DOCUMENT_COLUMNS = (
    "id", "source", "title", "published", "language", "status", "genre", "genre_reason", "author",
    "site", "url", "content_hash", "duplicate_of", "text", "tone", "schema_version",
)  # fmt: skip
DOCUMENT_JSON_COLUMNS = ("authors", "senders", "addressees", "signatories", "extensions", "warnings", "extractors")
LIST_KINDS = ("roles", "actors", "quotes", "events", "demands", "stances", "techniques")
_MODELS = {"roles": Role, "quotes": Quote, "demands": Demand, "stances": Stance, "techniques": Technique}


def _q(name: str) -> str:
    return f'"{name}"'


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Store:
    """An open communique database. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True, readonly: bool = False) -> None:
        self.path = Path(path)
        if not self.path.exists() and (readonly or not create):
            raise DatabaseNotFound(source=str(self.path))
        try:
            if readonly:
                uri = f"file:{self.path.resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._check_or_create(readonly)
            self.actor_ids = CorpusActorIds(self.conn)  # read from the store at the first write
        except sqlite3.DatabaseError as err:
            raise DatabaseCorrupt(f"SQLite cannot use this file: {err}; restore it or choose another path.", source=str(self.path)) from None

    @classmethod
    def over(cls, conn: sqlite3.Connection, path: str | os.PathLike[str] = "") -> Store:
        """Read through a connection that someone else opened and owns (e.g. Datasette's read-only
        one, with ``row_factory = sqlite3.Row``); :meth:`close` is then theirs to call, not ours."""
        store = cls.__new__(cls)
        store.path, store.conn = Path(path), conn
        return store

    # -- lifecycle --------------------------------------------------------------------------------
    def _check_or_create(self, readonly: bool) -> None:
        has_meta = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
        ).fetchone()
        if has_meta:
            row = self.conn.execute("SELECT value FROM meta WHERE key='store_version'").fetchone()
            if row is None or row["value"] != STORE_VERSION:
                found = row["value"] if row else "none"
                raise SchemaMismatch(
                    f"The database has store version {found}, this communique writes {STORE_VERSION}; "
                    "analyse into a new file.",
                    source=str(self.path),
                )
            if not readonly:  # added after store version 1 was released; cheap when present
                self.conn.execute("CREATE INDEX IF NOT EXISTS documents_source ON documents(source)")
            return
        if readonly:
            raise DatabaseCorrupt("The file is not a communique database.", source=str(self.path))
        other = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if other:
            raise SchemaMismatch("The file is an SQLite database of something else; choose another path.", source=str(self.path))
        ddl = resources.files(__package__).joinpath("schema.sql").read_text(encoding="utf-8")
        self.conn.executescript(ddl)
        self.conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('store_version', ?), ('schema_version', ?)",
            (STORE_VERSION, SCHEMA_VERSION),
        )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------------
    def has(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def has_source(self, source: str) -> bool:
        """Whether a document read from ``source`` (a path) is stored."""
        return self.conn.execute("SELECT 1 FROM documents WHERE source = ?", (source,)).fetchone() is not None

    def write(
        self,
        result: Document | ErrorRecord,
        pipeline: dict[str, Any] | None = None,
        *,
        also: Callable[[sqlite3.Connection], None] | None = None,
    ) -> None:
        """Store one result in its own transaction, replacing what was stored under its id.

        A document's actors first take their corpus ids (``_actor_ids``): an actor new to the store
        whose name is a spelling variant of a stored actor's takes that actor's id, in place, in
        every record of the document. ``also`` runs inside the transaction after a document is
        written (the near-duplicate index adds the document's signature with it: both are stored,
        or neither).
        """
        try:
            if isinstance(result, Document):
                self.actor_ids.reconcile(result)
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                if isinstance(result, ErrorRecord):
                    self._write_failure(result)
                else:
                    self._write_document(result, pipeline)
                    if also is not None:
                        also(self.conn)
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            raise StoreError(f"Writing {result.id or result.source} failed: {err}.", source=str(self.path)) from None
        if isinstance(result, Document):
            self.actor_ids.remember(result)

    def _write_failure(self, record: ErrorRecord) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO failures(source, doc_id, code, message, failed_at) VALUES (?,?,?,?,?)",
            (record.source, record.id, record.error.code, record.error.message, _now()),
        )

    def _write_document(self, doc: Document, pipeline: dict[str, Any] | None) -> None:
        c = self.conn
        c.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
        c.execute("DELETE FROM failures WHERE source = ? OR doc_id = ?", (doc.source, doc.id))
        data = doc.model_dump(mode="json")
        kinds = [k for k in LIST_KINDS if data[k] is not None]
        cols = [*DOCUMENT_COLUMNS, *DOCUMENT_JSON_COLUMNS, "kinds", "pipeline", "analysed_at"]
        values = [data[k] for k in DOCUMENT_COLUMNS]
        values += [None if data[k] is None else json.dumps(data[k], ensure_ascii=False) for k in DOCUMENT_JSON_COLUMNS]
        values += [json.dumps(kinds), json.dumps(pipeline) if pipeline else None, _now()]
        c.execute(
            f"INSERT INTO documents({', '.join(map(_q, cols))}) VALUES ({', '.join('?' * len(cols))})",
            values,
        )
        for seq, actor in enumerate(data["actors"] or ()):
            c.execute(
                "INSERT INTO actors(id, name, type, country, sector) VALUES (?,?,?,?,?) "
                "ON CONFLICT(id) DO UPDATE SET name=excluded.name, type=excluded.type, "
                "country=coalesce(excluded.country, actors.country), sector=coalesce(excluded.sector, actors.sector)",
                (actor["id"], actor["name"], actor["type"], actor["country"], actor["sector"]),
            )
            c.execute(
                "INSERT INTO document_actors(doc_id, actor_id, seq, name, type, country, sector, members) "
                "VALUES (?,?,?,?,?,?,?,?)",
                (doc.id, actor["id"], seq, actor["name"], actor["type"], actor["country"], actor["sector"], json.dumps(actor["members"])),
            )
            c.executemany(
                'INSERT INTO mentions(doc_id, actor_id, seq, "start", "end", text) VALUES (?,?,?,?,?,?)',
                [(doc.id, actor["id"], i, m["start"], m["end"], m["text"]) for i, m in enumerate(actor["mentions"])],
            )
        referenced = self._referenced_actor_ids(data)
        known = {a["id"] for a in data["actors"] or ()}
        for actor_id in sorted(referenced - known):
            # A record may point at an actor the actors extractor did not list (e.g. a role-only
            # actor); the corpus table still needs a row for the foreign key.
            c.execute(
                "INSERT OR IGNORE INTO actors(id, name, type) VALUES (?,?,?)",
                (actor_id, actor_id.split(":", 1)[-1], actor_id.split(":", 1)[0] if ":" in actor_id else "other"),
            )
        for kind, (table, fields) in TABLE_COLUMNS.items():
            for seq, item in enumerate(data[kind] or ()):
                row_cols = ["doc_id", "seq", *fields]
                row_vals = [doc.id, seq, *(item[f] for f in fields)]
                if kind == "events":
                    place = item["place"] or {}
                    row_cols += [f"place_{f}" for f in PLACE_COLUMNS]
                    row_vals += [place.get(f) for f in PLACE_COLUMNS]
                cur = c.execute(
                    f"INSERT INTO {table}({', '.join(map(_q, row_cols))}) VALUES ({', '.join('?' * len(row_cols))})",
                    row_vals,
                )
                if kind == "events":
                    c.executemany(
                        "INSERT INTO event_actors(event_id, role, seq, actor_id) VALUES (?,?,?,?)",
                        [(cur.lastrowid, "actor", i, a) for i, a in enumerate(item["actors"])]
                        + [(cur.lastrowid, "recipient", i, a) for i, a in enumerate(item["recipients"])],
                    )

    @staticmethod
    def _referenced_actor_ids(data: dict[str, Any]) -> set[str]:
        ids: set[str] = set()
        for role in data["roles"] or ():
            ids.add(role["actor"])
        for key in ("authors", "senders", "addressees", "signatories"):
            ids.update(data[key] or ())
        for quote in data["quotes"] or ():
            ids.add(quote["speaker"])
        for event in data["events"] or ():
            ids.update(event["actors"])
            ids.update(event["recipients"])
            ids.add(event["claimed_by"])
        for demand in data["demands"] or ():
            ids.update((demand["by"], demand["target"]))
        for stance in data["stances"] or ():
            ids.update((stance["holder"], stance["target"]))
        for actor in data["actors"] or ():
            ids.update(actor["members"])
        ids.discard(None)
        return ids

    # -- reading ----------------------------------------------------------------------------------
    def get(self, doc_id: str) -> Document:
        """The stored record of one document, exactly as it was written."""
        row = self.conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise DocumentNotFound(f"No document {doc_id!r} in {self.path}; list ids with `communique list`.")
        return self._document_from_row(row)

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document in insertion order, streamed."""
        cursor = self.conn.execute("SELECT id FROM documents ORDER BY pk")
        while True:
            rows = cursor.fetchmany(256)
            if not rows:
                return
            for row in rows:
                yield self.get(row["id"])

    def _document_from_row(self, row: sqlite3.Row) -> Document:
        c = self.conn
        doc_id = row["id"]
        data: dict[str, Any] = {k: row[k] for k in DOCUMENT_COLUMNS}
        for key in DOCUMENT_JSON_COLUMNS:
            data[key] = None if row[key] is None else json.loads(row[key])
        kinds = set(json.loads(row["kinds"]))
        actors = []
        # One query for the document's mentions: filtering on doc_id and actor_id together lets SQLite
        # pick the actor index, which makes reading a document slower the more the actor is mentioned.
        by_actor: dict[str, list[Mention]] = {}
        for m in c.execute("SELECT actor_id, start, \"end\", text FROM mentions WHERE doc_id = ? ORDER BY actor_id, seq", (doc_id,)):
            by_actor.setdefault(m["actor_id"], []).append(Mention(start=m["start"], end=m["end"], text=m["text"]))
        for a in c.execute("SELECT * FROM document_actors WHERE doc_id = ? ORDER BY seq", (doc_id,)):
            mentions = by_actor.get(a["actor_id"], [])
            actors.append(
                Actor(id=a["actor_id"], name=a["name"], type=a["type"], country=a["country"], sector=a["sector"],
                      members=json.loads(a["members"]), mentions=mentions)
            )  # fmt: skip
        data["actors"] = actors if "actors" in kinds else None
        for kind, (table, fields) in TABLE_COLUMNS.items():
            if kind not in kinds:
                data[kind] = None
                continue
            items = []
            for r in c.execute(f"SELECT * FROM {table} WHERE doc_id = ? ORDER BY seq", (doc_id,)):
                item = {f: r[f] for f in fields}
                if kind == "events":
                    place = {f: r[f"place_{f}"] for f in PLACE_COLUMNS}
                    item["place"] = Place(**place) if place["name"] is not None else None
                    members = c.execute(
                        "SELECT role, actor_id FROM event_actors WHERE event_id = ? ORDER BY role, seq", (r["id"],)
                    ).fetchall()
                    item["actors"] = [m["actor_id"] for m in members if m["role"] == "actor"]
                    item["recipients"] = [m["actor_id"] for m in members if m["role"] == "recipient"]
                    items.append(Event(**item))
                else:
                    items.append(_MODELS[kind](**item))
            data[kind] = items
        data["warnings"] = [Warning(**w) for w in data["warnings"]]
        return Document(**data)

    def counts(self) -> dict[str, int]:
        """Rows per table, for summaries."""
        tables = ["documents", "failures", "actors", "mentions", "roles", "quotes", "events", "demands", "stances", "techniques"]
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]
