"""Actor networks read from the store: the workbench draws them, the GEXF/GraphML exports write them.

Three networks, each aggregated in SQL so that a large corpus never goes through Python row by row:

- ``signed``: who stands for or against whom (``stances``), directed, one edge per holder, target
  and polarity, weighted by the number of stance records;
- ``cosign``: actors that signed the same document (``documents.signatories``), undirected, weighted
  by the number of documents they signed together;
- ``events``: who did what to whom (``events`` + ``event_actors``), directed, one edge per actor,
  recipient and PLOVER type, weighted by the number of events.

Filters apply to the document a record comes from: its publication date (``published``, ISO dates
compare as strings, so ``date_to="2024-03"`` keeps March 2024 out and ``"2024-03-31"`` keeps it in)
and its genre.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

NETWORKS = ("signed", "cosign", "events")
#: Actors fetched per query when looking up node attributes (well under SQLite's variable limit).
_CHUNK = 500


@dataclass(frozen=True)
class Filters:
    """Which documents' records count: publication date range (inclusive) and genres."""

    date_from: str | None = None
    date_to: str | None = None
    genres: tuple[str, ...] = ()

    def where(self, alias: str = "d") -> tuple[str, list[Any]]:
        """SQL conditions on the documents table ``alias``, and their parameters."""
        clauses, params = [], []
        if self.date_from:
            clauses.append(f"{alias}.published >= ?")
            params.append(self.date_from)
        if self.date_to:
            # A bare year or month as upper bound includes the whole of it.
            clauses.append(f"{alias}.published <= ?")
            params.append(self.date_to + ("-99" * ((10 - len(self.date_to)) // 3)))
        if self.genres:
            clauses.append(f"{alias}.genre IN ({', '.join('?' * len(self.genres))})")
            params.extend(self.genres)
        return (" AND ".join(clauses) or "1"), params


@dataclass
class Network:
    """Nodes (actor id -> attributes) and weighted edges of one network."""

    kind: str
    directed: bool
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "directed": self.directed, "nodes": self.nodes, "edges": self.edges}


def _rows(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[sqlite3.Row]:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur.execute(sql, params).fetchall()


def _attach_nodes(conn: sqlite3.Connection, net: Network, extra: dict[str, dict[str, Any]] | None = None) -> Network:
    ids = sorted({e["source"] for e in net.edges} | {e["target"] for e in net.edges} | set(extra or ()))
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        for r in _rows(conn, f"SELECT id, name, type, country, sector FROM actors WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
            net.nodes[r["id"]] = {"name": r["name"], "type": r["type"], "country": r["country"], "sector": r["sector"]}
    for actor_id in ids:  # an id with no actors row (should not happen: the store adds one) keeps its id as name
        net.nodes.setdefault(actor_id, {"name": actor_id, "type": "other", "country": None, "sector": None})
        net.nodes[actor_id].update((extra or {}).get(actor_id, {}))
    return net


def signed_network(conn: sqlite3.Connection, filters: Filters = Filters()) -> Network:
    where, params = filters.where()
    rows = _rows(
        conn,
        "SELECT s.holder, s.target, s.polarity, count(*) AS n, count(DISTINCT s.doc_id) AS documents, "
        "min(d.published) AS first, max(d.published) AS last "
        f"FROM stances s JOIN documents d ON d.id = s.doc_id WHERE {where} "
        "GROUP BY s.holder, s.target, s.polarity ORDER BY s.holder, s.target, s.polarity",
        params,
    )
    net = Network("signed", directed=True)
    net.edges = [
        {"source": r["holder"], "target": r["target"], "polarity": r["polarity"], "weight": r["n"],
         "documents": r["documents"], "first": r["first"], "last": r["last"]}
        for r in rows
    ]  # fmt: skip
    return _attach_nodes(conn, net)


def cosign_network(conn: sqlite3.Connection, filters: Filters = Filters()) -> Network:
    where, params = filters.where()
    signed = (
        "SELECT DISTINCT d.id AS doc_id, j.value AS actor FROM documents d, json_each(d.signatories) j "
        f"WHERE d.signatories IS NOT NULL AND {where}"
    )
    pairs = _rows(
        conn,
        f"WITH sig AS ({signed}) SELECT a.actor AS source, b.actor AS target, count(*) AS n, "
        "group_concat(a.doc_id, char(31)) AS docs "
        "FROM sig a JOIN sig b ON a.doc_id = b.doc_id AND a.actor < b.actor "
        "GROUP BY a.actor, b.actor ORDER BY a.actor, b.actor",
        params,
    )
    signers = _rows(conn, f"WITH sig AS ({signed}) SELECT actor, count(*) AS n FROM sig GROUP BY actor", params)
    net = Network("cosign", directed=False)
    net.edges = [
        {"source": r["source"], "target": r["target"], "weight": r["n"], "doc_ids": sorted(r["docs"].split("\x1f"))}
        for r in pairs
    ]
    return _attach_nodes(conn, net, {r["actor"]: {"signed": r["n"]} for r in signers})


def event_network(conn: sqlite3.Connection, filters: Filters = Filters()) -> Network:
    where, params = filters.where()
    rows = _rows(
        conn,
        "SELECT a.actor_id AS source, r.actor_id AS target, e.type, count(*) AS n "
        "FROM events e JOIN documents d ON d.id = e.doc_id "
        "JOIN event_actors a ON a.event_id = e.id AND a.role = 'actor' "
        "JOIN event_actors r ON r.event_id = e.id AND r.role = 'recipient' "
        f"WHERE {where} GROUP BY a.actor_id, r.actor_id, e.type ORDER BY 1, 2, 3",
        params,
    )
    net = Network("events", directed=True)
    net.edges = [{"source": r["source"], "target": r["target"], "type": r["type"], "weight": r["n"]} for r in rows]
    return _attach_nodes(conn, net)


def build_network(conn: sqlite3.Connection, kind: str, filters: Filters = Filters()) -> Network:
    builders = {"signed": signed_network, "cosign": cosign_network, "events": event_network}
    if kind not in builders:
        raise ValueError(f"unknown network {kind!r}; choose one of {', '.join(NETWORKS)}")
    return builders[kind](conn, filters)
