"""The figures ``communique summary`` (and ``make demo``) print about a database."""

from __future__ import annotations

import os
from typing import Any

from .store import Store


def database_summary(db: str | os.PathLike[str], *, top: int = 10) -> dict[str, Any]:
    with Store(db, readonly=True) as store:
        q = store.conn.execute
        counts = store.counts()
        span = q("SELECT min(published), max(published) FROM documents").fetchone()
        return {
            "database": str(db),
            "documents": counts["documents"],
            "failed": counts["failures"],
            "near_duplicates": q("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()[0],
            "published_from": span[0],
            "published_to": span[1],
            "by_status": dict(q("SELECT status, count(*) FROM documents GROUP BY status ORDER BY 2 DESC").fetchall()),
            "by_genre": dict(
                q("SELECT coalesce(genre, '(not classified)'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC").fetchall()
            ),
            "records": {k: counts[k] for k in ("actors", "mentions", "roles", "quotes", "events", "demands", "stances", "techniques")},
            "failures_by_code": dict(q("SELECT code, count(*) FROM failures GROUP BY code ORDER BY 2 DESC").fetchall()),
            "top_actors": [
                dict(r)
                for r in q(
                    "SELECT a.id, a.name, a.type, a.country, count(DISTINCT m.doc_id) AS documents, "
                    "count(*) AS mentions FROM mentions m JOIN actors a ON a.id = m.actor_id "
                    "GROUP BY a.id ORDER BY documents DESC, mentions DESC, a.id LIMIT ?",
                    (top,),
                ).fetchall()
            ],
        }


def _table(title: str, rows: list[tuple[Any, ...]], headers: tuple[str, ...]) -> list[str]:
    if not rows:
        return [title, "  (none)", ""]
    cells = [tuple(str("-" if v is None else v) for v in row) for row in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    line = "  " + "  ".join("-" * w for w in widths)
    out = [title, "  " + "  ".join(h.ljust(w) for h, w in zip(headers, widths)), line]
    for c in cells:
        out.append("  " + "  ".join(v.rjust(w) if v.replace(".", "").isdigit() else v.ljust(w) for v, w in zip(c, widths)))
    return out + [""]


def format_summary(f: dict[str, Any]) -> str:
    lines = [
        f"communique database {f['database']}: {f['documents']} documents"
        f" ({f['published_from'] or '?'} .. {f['published_to'] or '?'}), {f['failed']} failed,"
        f" {f['near_duplicates']} near-duplicates of another",
        "",
    ]
    lines += _table("Documents by genre", list(f["by_genre"].items()), ("genre", "documents"))
    lines += _table("Records", list(f["records"].items()), ("kind", "rows"))
    lines += _table(
        "Most present actors",
        [(a["name"], a["type"], a["country"], a["documents"], a["mentions"]) for a in f["top_actors"]],
        ("actor", "type", "country", "documents", "mentions"),
    )
    if f["failures_by_code"]:
        lines += _table("Failures", list(f["failures_by_code"].items()), ("code", "documents"))
    return "\n".join(lines).rstrip() + "\n"
