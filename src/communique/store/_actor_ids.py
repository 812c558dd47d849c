"""Corpus-wide actor ids: the single writer joins spelling variants to the actors already stored.

Extractors give an actor the knowledge base does not know the id ``<type>:<slug of its name>``
(:func:`~communique.extract._actor_names.canonical_id`), a pure function of the name, so any worker
process gives the same name the same id. What no worker can do alone is see that "Volodymyr
Zelenskiy" in one document is the "Volodymyr Zelensky" of another: that needs the corpus. So the
process that writes the results (one per run, writing in input order) does it when it stores a
document: each actor whose id is new to the corpus is compared with the names already stored
(rapidfuzz, :func:`~communique.extract._actor_names.same_actor_name`) and, on a match, takes the
stored actor's id and name everywhere in the document (actors, ``members``, roles and the role
lists, quotes, events, demands, stances). The index starts from the store's ``actors`` table, so a
resumed run, or a second run into the same database, joins variants exactly as one run would; the
result does not depend on how many workers analysed the documents.

Knowledge-base ids (``kb:``, the base's persons), office ids and document-local ids (``local:``) are
never renamed: the knowledge base already names them, and a local id is the document's own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from ..extract._actor_names import OTHER_CUTOFF, PERSON_CUTOFF, same_actor_name
from ..schema import Actor, Document

#: Above this many names the index stops learning new ones (ids stay deterministic), bounding memory.
MAX_NAMES = 200_000
_FIXED_PREFIXES = ("kb:", "office:", "local:")
_ROLE_LISTS = ("authors", "senders", "addressees", "signatories")


class CorpusActorIds:
    """The corpus's actor ids by type and folded name; ``conn`` (a store's) seeds it on first use.

    Everything is compared on the id itself (``person:volodymyr-zelensky`` -> type ``person``, name
    "volodymyr zelensky"), so the index holds the same thing whether it was filled by this run or
    read back from the store; names are kept only to give a renamed actor its stored name.
    """

    def __init__(self, conn: sqlite3.Connection | None = None) -> None:
        self._conn = conn
        self._names: dict[str, str] = {}  # id -> its latest stored name (as the store's actors table)
        self._buckets: dict[tuple[str, str], tuple[list[str], list[str]]] = {}  # (type, initial) -> names, ids
        self._kb_ids: frozenset[str] | None = None

    def __len__(self) -> int:
        return len(self._names)

    # -- the writer's two calls ----------------------------------------------------------------------
    def reconcile(self, doc: Document) -> dict[str, str]:
        """Give the document's actors their corpus ids, in place; returns {old id: new id}.

        An actor whose id the corpus has keeps it; one whose id is new takes the id (and the name)
        of a stored actor whose name it is a spelling variant of, else of an earlier actor of the
        same document, else keeps its own.
        """
        if not doc.actors:
            return {}
        self._load()
        renames: dict[str, str] = {}
        pending: dict[tuple[str, str], tuple[list[str], list[str]]] = {}  # new ids of this document
        new_names: dict[str, str] = {}
        for actor in doc.actors:
            if actor.id in self._names or actor.id in new_names or not self._renamable(actor.id):
                continue
            type_, folded = _split(actor.id)
            target = _near(self._buckets, type_, folded) or _near(pending, type_, folded)
            if target is not None:
                renames[actor.id] = target
                actor.name = self._names.get(target) or new_names[target]
            else:
                new_names[actor.id] = actor.name
                _add(pending, type_, folded, actor.id)
        if renames:
            rename_actor_ids(doc, renames)
        return renames

    def remember(self, doc: Document) -> None:
        """Add a stored document's actors to the index (call it once its transaction committed)."""
        self._load()
        for actor in doc.actors or ():
            self._learn(actor.id, actor.name)

    # -- the index ----------------------------------------------------------------------------------------
    def _load(self) -> None:
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        rows = conn.execute(  # actors of stored documents, in the order they were first stored
            "SELECT id, name FROM actors a WHERE EXISTS (SELECT 1 FROM document_actors d WHERE d.actor_id = a.id) "
            "ORDER BY rowid"
        )
        for actor_id, name in rows:
            self._learn(actor_id, name)

    def _learn(self, actor_id: str, name: str) -> None:
        if actor_id in self._names:
            self._names[actor_id] = name  # the latest name, as the store's upsert keeps it
            return
        if len(self._names) >= MAX_NAMES or not self._renamable(actor_id):
            return
        self._names[actor_id] = name
        _add(self._buckets, *_split(actor_id), actor_id)

    def _renamable(self, actor_id: str) -> bool:
        if actor_id.startswith(_FIXED_PREFIXES) or ":" not in actor_id:
            return False
        if self._kb_ids is None:
            from ..kb import load_kb

            self._kb_ids = frozenset(load_kb().entries)
        return actor_id not in self._kb_ids


def _split(actor_id: str) -> tuple[str, str]:
    type_, _, key = actor_id.partition(":")
    return type_, key.replace("-", " ")


def _near(buckets, type_: str, folded: str) -> str | None:
    """The id of the first-stored best near-match of ``folded`` among the names of its bucket."""
    bucket = buckets.get((type_, folded[:1]))
    if not bucket or len(folded) < 6:
        return None
    from rapidfuzz import fuzz, process

    names, ids = bucket
    cutoff = PERSON_CUTOFF if type_ == "person" else OTHER_CUTOFF
    # best first, ties in the order the names were stored, so the choice is deterministic
    for candidate, _score, index in process.extract(folded, names, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5):
        if same_actor_name(type_, folded, candidate):
            return ids[index]
    return None


def _add(buckets, type_: str, folded: str, actor_id: str) -> None:
    names, ids = buckets.setdefault((type_, folded[:1]), ([], []))
    names.append(folded)
    ids.append(actor_id)


def rename_actor_ids(doc: Document, renames: dict[str, str]) -> None:
    """Replace actor ids everywhere in ``doc`` by ``renames``; actors that become one are merged."""
    if not renames:
        return

    def new(actor_id: str | None) -> str | None:
        return renames.get(actor_id, actor_id) if actor_id is not None else None

    def unique(ids: Iterable[str]) -> list[str]:
        return list(dict.fromkeys(new(i) for i in ids))

    merged: dict[str, Actor] = {}
    for actor in doc.actors or ():
        actor.id = new(actor.id)
        actor.members = [m for m in unique(actor.members) if m != actor.id]
        first = merged.get(actor.id)
        if first is None:
            merged[actor.id] = actor
            continue
        spans = {(m.start, m.end) for m in first.mentions}
        first.mentions = sorted([*first.mentions, *(m for m in actor.mentions if (m.start, m.end) not in spans)],
                                key=lambda m: (m.start, m.end))  # fmt: skip
        first.members = [m for m in dict.fromkeys([*first.members, *actor.members]) if m != first.id]
        first.country = first.country or actor.country
        first.sector = first.sector or actor.sector
    if doc.actors is not None:
        doc.actors = list(merged.values())
    for field in _ROLE_LISTS:
        ids = getattr(doc, field)
        if ids is not None:
            setattr(doc, field, unique(ids))
    _each(doc.roles, "actor", new)
    _each(doc.quotes, "speaker", new)
    _each(doc.demands, "by", new)
    _each(doc.demands, "target", new)
    _each(doc.stances, "holder", new)
    _each(doc.stances, "target", new)
    _each(doc.events, "claimed_by", new)
    for event in doc.events or ():
        event.actors = unique(event.actors)
        event.recipients = unique(event.recipients)


def _each(records, field: str, new: Callable[[str | None], str | None]) -> None:
    for record in records or ():
        setattr(record, field, new(getattr(record, field)))
