"""The SQL behind the workbench pages, as plain functions of a sqlite3 connection.

Datasette runs them on its own read-only connection (``Database.execute_fn``), so they share its
thread pool; they are plain functions so that tests can call them on any connection too.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from typing import Any

from ..store.networks import Filters

#: Rows shown per list on an actor page; the rest are one click away in Datasette's table view.
ACTOR_LIST_LIMIT = 200
#: Events drawn at most on the timeline and the map (a browser slows beyond); the page says so.
EVENT_LIMIT = 5000


def _all(conn: sqlite3.Connection, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return [dict(r) for r in cur.execute(sql, params).fetchall()]


def _one(conn: sqlite3.Connection, sql: str, params: Any = ()) -> Any:
    return conn.execute(sql, params).fetchone()[0]


def is_communique_database(conn: sqlite3.Connection) -> bool:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'store_version'").fetchone()
    except sqlite3.DatabaseError:
        return False
    return row is not None


def overview(conn: sqlite3.Connection) -> dict[str, Any]:
    counts = {t: _one(conn, f"SELECT count(*) FROM {t}") for t in
              ("documents", "actors", "mentions", "roles", "quotes", "events", "demands", "stances", "techniques")}  # fmt: skip
    return {
        "counts": counts,
        "documents": _all(conn, "SELECT id, title, published, genre, status FROM documents ORDER BY published DESC, id LIMIT 100"),
        "actors": _all(
            conn,
            "SELECT a.id, a.name, a.type, a.country, count(DISTINCT m.doc_id) AS documents FROM actors a "
            "JOIN mentions m ON m.actor_id = a.id GROUP BY a.id ORDER BY documents DESC, a.name LIMIT 30",
        ),
        "genres": genres(conn),
        "span": _all(conn, "SELECT min(published) AS first, max(published) AS last FROM documents")[0],
    }


def genres(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT genre FROM documents WHERE genre IS NOT NULL ORDER BY genre")]


def row_ids(conn: sqlite3.Connection, doc_id: str) -> dict[tuple[str, Any], int]:
    """(kind, seq) -> row id of every record of a document; mentions keyed by (actor id, seq)."""
    ids: dict[tuple[str, Any], int] = {}
    for r in conn.execute("SELECT id, actor_id, seq FROM mentions WHERE doc_id = ?", (doc_id,)):
        ids[("mention", (r[1], r[2]))] = r[0]
    for kind, table in (("quote", "quotes"), ("event", "events"), ("demand", "demands"), ("stance", "stances"),
                        ("technique", "techniques"), ("role", "roles")):  # fmt: skip
        for r in conn.execute(f"SELECT id, seq FROM {table} WHERE doc_id = ?", (doc_id,)):
            ids[(kind, r[1])] = r[0]
    return ids


def document_pk(conn: sqlite3.Connection, doc_id: str) -> int | None:
    row = conn.execute("SELECT pk FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return None if row is None else row[0]


def actor_names(conn: sqlite3.Connection, ids: set[str]) -> dict[str, str]:
    ids_list = sorted(i for i in ids if i)
    names: dict[str, str] = {}
    for i in range(0, len(ids_list), 500):
        chunk = ids_list[i : i + 500]
        names.update(conn.execute(f"SELECT id, name FROM actors WHERE id IN ({', '.join('?' * len(chunk))})", chunk).fetchall())
    return names


def _limited(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> dict[str, Any]:
    rows = _all(conn, f"{sql} LIMIT {ACTOR_LIST_LIMIT + 1}", params)
    return {"rows": rows[:ACTOR_LIST_LIMIT], "more": len(rows) > ACTOR_LIST_LIMIT}


def actor_page(conn: sqlite3.Connection, actor_id: str) -> dict[str, Any] | None:
    """Everything by and about one actor; None when the id is unknown."""
    actors = _all(conn, "SELECT id, name, type, country, sector FROM actors WHERE id = ?", (actor_id,))
    if not actors:
        return None
    p = (actor_id,)
    doc = "d.id AS doc_id, d.title, d.published, d.genre"
    roles_sql = " UNION ALL ".join(
        f"SELECT '{role}' AS role, {doc} FROM documents d, json_each(d.{role}) j WHERE d.{role} IS NOT NULL AND j.value = ?1"
        for role in ("authors", "senders", "signatories", "addressees")
    )
    stance_cols = f"s.id, s.polarity, s.confidence, s.holder, s.target, {doc}"
    events_sql = (
        f"SELECT e.id, e.seq, e.type, e.date, e.place_name, e.trigger, {doc} FROM events e JOIN documents d ON d.id = e.doc_id "
        "WHERE e.id IN (SELECT event_id FROM event_actors WHERE actor_id = ? AND role = '{role}') "
        "ORDER BY coalesce(e.date, d.published), e.id"
    )
    data = {
        "actor": actors[0],
        "mentioned_in": _one(conn, "SELECT count(DISTINCT doc_id) FROM mentions WHERE actor_id = ?", p),
        "mentions": _one(conn, "SELECT count(*) FROM mentions WHERE actor_id = ?", p),
        "roles": _limited(conn, f"SELECT * FROM ({roles_sql}) ORDER BY published, doc_id, role", p),
        "quotes": _limited(conn, f"SELECT q.id, q.seq, q.text, q.direct, {doc} FROM quotes q JOIN documents d ON d.id = q.doc_id "
                                 "WHERE q.speaker = ? ORDER BY d.published, q.id", p),
        "events_as_actor": _limited(conn, events_sql.format(role="actor"), p),
        "events_as_recipient": _limited(conn, events_sql.format(role="recipient"), p),
        "stances_given": _limited(conn, f"SELECT {stance_cols}, t.name AS other_name, s.target AS other FROM stances s "
                                        "JOIN documents d ON d.id = s.doc_id LEFT JOIN actors t ON t.id = s.target "
                                        "WHERE s.holder = ? ORDER BY d.published, s.id", p),
        "stances_received": _limited(conn, f"SELECT {stance_cols}, h.name AS other_name, s.holder AS other FROM stances s "
                                           "JOIN documents d ON d.id = s.doc_id LEFT JOIN actors h ON h.id = s.holder "
                                           "WHERE s.target = ? ORDER BY d.published, s.id", p),
        "demands_by": _limited(conn, f"SELECT x.id, x.text, x.target AS other, o.name AS other_name, {doc} FROM demands x "
                                     "JOIN documents d ON d.id = x.doc_id LEFT JOIN actors o ON o.id = x.target "
                                     'WHERE x."by" = ? ORDER BY d.published, x.id', p),
        "demands_of": _limited(conn, f'SELECT x.id, x.text, x."by" AS other, o.name AS other_name, {doc} FROM demands x '
                                     'JOIN documents d ON d.id = x.doc_id LEFT JOIN actors o ON o.id = x."by" '
                                     "WHERE x.target = ? ORDER BY d.published, x.id", p),
        "documents": _limited(conn, f"SELECT {doc}, count(*) AS mentions FROM mentions m JOIN documents d ON d.id = m.doc_id "
                                    "WHERE m.actor_id = ? GROUP BY d.id ORDER BY d.published, d.id", p),
        "stances_by_month": stances_by_month(conn, actor_id),
        "extracted": extracted_kinds(conn),
    }  # fmt: skip
    return data


def extracted_kinds(conn: sqlite3.Connection) -> set[str]:
    """Record kinds extracted in at least one document (an empty list means "none found" only for these)."""
    return {r[0] for r in conn.execute("SELECT DISTINCT j.value FROM documents d, json_each(d.kinds) j")}


def stances_by_month(conn: sqlite3.Connection, actor_id: str) -> list[dict[str, Any]]:
    """Per publication month: stances the actor gave and received, favor and against."""
    rows = _all(
        conn,
        "SELECT substr(d.published, 1, 7) AS month, "
        "sum(s.holder = ?1 AND s.polarity = 'favor') AS given_favor, "
        "sum(s.holder = ?1 AND s.polarity = 'against') AS given_against, "
        "sum(s.target = ?1 AND s.polarity = 'favor') AS received_favor, "
        "sum(s.target = ?1 AND s.polarity = 'against') AS received_against "
        "FROM stances s JOIN documents d ON d.id = s.doc_id "
        "WHERE (s.holder = ?1 OR s.target = ?1) GROUP BY month ORDER BY month",
        (actor_id,),
    )
    peak = max((max(r["given_favor"], r["given_against"], r["received_favor"], r["received_against"]) for r in rows), default=0)
    for r in rows:
        r["month"] = r["month"] or "undated"
        r["peak"] = peak
    return rows


def events(conn: sqlite3.Connection, filters: Filters, types: tuple[str, ...] = ()) -> dict[str, Any]:
    """Events for the timeline and the map, filtered by event date (else publication date), genre, type."""
    clauses, params = ["1"], []
    if filters.date_from:
        clauses.append("coalesce(e.date, d.published) >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        clauses.append("coalesce(e.date, d.published) <= ?")
        params.append(filters.date_to + ("-99" * ((10 - len(filters.date_to)) // 3)))
    if filters.genres:
        clauses.append(f"d.genre IN ({', '.join('?' * len(filters.genres))})")
        params.extend(filters.genres)
    if types:
        clauses.append(f"e.type IN ({', '.join('?' * len(types))})")
        params.extend(types)
    where = " AND ".join(clauses)
    total = _one(conn, f"SELECT count(*) FROM events e JOIN documents d ON d.id = e.doc_id WHERE {where}", params)
    rows = _all(
        conn,
        "SELECT e.id, e.seq, e.doc_id, e.type, e.cameo, e.modality, e.negated, e.date, e.date_granularity, e.trigger, "
        "e.place_name, e.place_country, e.place_lat, e.place_lon, d.title, d.published, d.genre, "
        "(SELECT group_concat(coalesce(a.name, x.actor_id), '; ') FROM event_actors x LEFT JOIN actors a ON a.id = x.actor_id "
        " WHERE x.event_id = e.id AND x.role = 'actor') AS actors, "
        "(SELECT group_concat(coalesce(a.name, x.actor_id), '; ') FROM event_actors x LEFT JOIN actors a ON a.id = x.actor_id "
        " WHERE x.event_id = e.id AND x.role = 'recipient') AS recipients "
        f"FROM events e JOIN documents d ON d.id = e.doc_id WHERE {where} "
        f"ORDER BY coalesce(e.date, d.published), e.id LIMIT {EVENT_LIMIT}",
        params,
    )
    for r in rows:
        r["country_numeric"] = country_numeric(r["place_country"])
    return {"total": total, "shown": len(rows), "events": rows}


@lru_cache(maxsize=512)
def country_numeric(iso3: str | None) -> str | None:
    """ISO 3166-1 numeric code (the ids of the world-atlas basemap) of an alpha-3 code."""
    if not iso3:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return None if country is None else country.numeric
