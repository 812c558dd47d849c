"""The document page's text: every record highlighted in place, and what its pop-up shows.

The text is cut at every record boundary into segments; each segment carries the keys of the records
that cover it and one nested band per kind (drawn as stacked coloured underlines by communique.css),
so overlapping and crossing records stay readable: a band per kind, the pop-up lists every record at
that point. All text goes through ``markupsafe.escape`` (and the records through JSON for the
script), so a document made of HTML shows as text and never becomes markup.

The sweep below is written here because no library cuts text by overlapping spans into HTML; it is
linear in the text length plus the number of record boundaries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from ..schema import Document

#: Kinds in band order (the first is drawn closest to the text), with label and source table.
KINDS: dict[str, tuple[str, str]] = {
    "mention": ("actor mention", "mentions"),
    "quote": ("quote", "quotes"),
    "event": ("event", "events"),
    "demand": ("demand", "demands"),
    "stance": ("stance", "stances"),
    "technique": ("technique", "techniques"),
    "role": ("role", "roles"),
    "extension": ("third-party record", "documents"),
}
_EVIDENCE_SHOWN = 600


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str
    key: str


@dataclass
class Links:
    """How the page links to a record's row and to an actor (URLs built by the plugin)."""

    row: Callable[[str, Any], str]
    actor: Callable[[str], str]


def _field(label: str, value: Any, href: str | None = None) -> list[Any]:
    return [label, "" if value is None else str(value), href]


def _actor_field(label: str, actor_id: str | None, names: dict[str, str], links: Links) -> list[Any]:
    if actor_id is None:
        return _field(label, "(not resolved)")
    return _field(label, names.get(actor_id, actor_id), links.actor(actor_id))


def _actors_field(label: str, ids: list[str], names: dict[str, str], links: Links) -> list[list[Any]]:
    if not ids:
        return [_field(label, "(none)")]
    return [_actor_field(label, a, names, links) for a in ids]


def collect(doc: Document, row_ids: dict[tuple[str, Any], int], names: dict[str, str], links: Links) -> tuple[list[Mark], dict[str, dict[str, Any]]]:
    """The marks to draw and, by key, each record's pop-up content.

    ``row_ids`` maps (kind, seq) - and (mention, (actor id, seq)) - to the record's row id.
    """
    marks: list[Mark] = []
    records: dict[str, dict[str, Any]] = {}
    numbered = dict.fromkeys(KINDS, 0)
    text = doc.text

    def who(actor_id: str | None) -> str:
        return "?" if actor_id is None else names.get(actor_id, actor_id)

    def add(kind: str, seq: Any, start: int | None, end: int | None, title: str, fields: list[list[Any]], evidence: str | None = None) -> None:
        # A record without offsets (a role taken from the input's metadata) is listed, not drawn.
        key = f"{kind}-{numbered[kind]}"
        numbered[kind] += 1
        row = row_ids.get((kind, seq))
        spanned = start is not None and end is not None
        evidence = text[start:end] if spanned else (evidence or "")
        records[key] = {
            "key": key,
            "kind": kind,
            "kindLabel": KINDS[kind][0],
            "title": title,
            "evidence": evidence if len(evidence) <= _EVIDENCE_SHOWN else evidence[:_EVIDENCE_SHOWN] + " …",
            "span": [start, end],
            "fields": fields,
            "row": None if row is None else links.row(KINDS[kind][1], row),
        }
        if spanned and end > start:
            marks.append(Mark(start, end, kind, key))

    for actor in doc.actors or ():
        facts = [_field("type", actor.type), _field("country", actor.country), _field("sector", actor.sector)]
        for i, m in enumerate(actor.mentions):
            add("mention", (actor.id, i), m.start, m.end, actor.name,
                [_actor_field("actor", actor.id, names, links), *facts, _field("mention", f"{i + 1} of {len(actor.mentions)}")])  # fmt: skip
    for i, q in enumerate(doc.quotes or ()):
        add("quote", i, q.start, q.end, f"{'direct' if q.direct else 'reported'}, by {who(q.speaker)}",
            [_actor_field("speaker", q.speaker, names, links), _field("cue", q.cue), _field("direct", "yes" if q.direct else "no")])  # fmt: skip
    for i, e in enumerate(doc.events or ()):
        place = e.place
        where = None
        if place is not None:
            where = ", ".join(str(x) for x in (place.name, place.country) if x)
            if place.lat is not None and place.lon is not None:
                where += f" ({place.lat:.4f}, {place.lon:.4f})"
        add("event", i, e.start, e.end, f"{e.type}" + (" (negated)" if e.negated else "")
            + f": {', '.join(map(who, e.actors)) or '?'} → {', '.join(map(who, e.recipients)) or '?'}",
            [_field("PLOVER type", e.type), _field("CAMEO root", e.cameo), _field("mode", e.mode), _field("modality", e.modality),
             *_actors_field("actor", e.actors, names, links), _field("actor words", getattr(e, "actor_text", None)),
             *_actors_field("recipient", e.recipients, names, links), _field("recipient words", getattr(e, "recipient_text", None)),
             _field("date", e.date), _field("date from", e.date_source), _field("place", where), _field("trigger", e.trigger),
             *([_actor_field("claimed by", e.claimed_by, names, links)] if e.claimed_by else []),
             _field("confidence", f"{e.confidence:.2f}")])  # fmt: skip
    for i, d in enumerate(doc.demands or ()):
        add("demand", i, d.start, d.end, f"by {who(d.by)} of {who(d.target)}",
            [_actor_field("by", d.by, names, links), _actor_field("of", d.target, names, links), _field("what", d.text)])  # fmt: skip
    for i, s in enumerate(doc.stances or ()):
        add("stance", i, s.start, s.end, f"{who(s.holder)} {s.polarity} {who(s.target)}",
            [_actor_field("holder", s.holder, names, links), _field("polarity", s.polarity),
             _actor_field("target", s.target, names, links), _field("confidence", f"{s.confidence:.2f}")])  # fmt: skip
    for i, t in enumerate(doc.techniques or ()):
        add("technique", i, t.start, t.end, t.label.replace("_", " "),
            [_field("technique", t.label), _field("confidence", f"{t.confidence:.2f}")])
    for i, r in enumerate(doc.roles or ()):
        origin = getattr(r, "origin", "text")
        add("role", i, r.start, r.end, f"{r.role}: {who(r.actor)}",
            [_field("role", r.role), _actor_field("actor", r.actor, names, links), _field("self-description", r.description),
             *([_field("from", "the input's metadata, not the text")] if origin == "metadata" else [])], evidence=r.text)  # fmt: skip
    for name, items in doc.extensions.items():  # kinds added by third-party extractors (docs/extending.md)
        for item in items:
            start, end = item.get("start"), item.get("end")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text):
                add("extension", None, start, end, name,
                    [_field(k, v if isinstance(v, str | int | float) or v is None else repr(v)) for k, v in item.items()
                     if k not in ("start", "end")])  # fmt: skip
    return marks, records


def segments(length: int, marks: list[Mark]) -> list[tuple[int, int, tuple[Mark, ...]]]:
    """Cut [0, length) at every mark boundary: (start, end, marks covering it) in text order."""
    opens: dict[int, list[Mark]] = {}
    closes: dict[int, list[Mark]] = {}
    for m in marks:
        start, end = max(0, m.start), min(length, m.end)
        if end > start:
            opens.setdefault(start, []).append(m)
            closes.setdefault(end, []).append(m)
    cuts = sorted({0, length, *opens, *closes})
    active: dict[str, Mark] = {}
    out = []
    for a, b in zip(cuts, cuts[1:]):
        for m in closes.get(a, ()):
            active.pop(m.key, None)
        for m in opens.get(a, ()):
            active[m.key] = m
        out.append((a, b, tuple(active.values())))
    return out


def render_text(text: str, marks: list[Mark]) -> Markup:
    """The escaped text with each covered segment wrapped in one band per kind."""
    order = list(KINDS)
    parts: list[str] = []
    for start, end, covering in segments(len(text), marks):
        chunk = str(escape(text[start:end]))
        if not covering:
            parts.append(chunk)
            continue
        kinds = sorted({m.kind for m in covering}, key=order.index)
        inner = chunk
        for depth, kind in enumerate(kinds):
            inner = f'<span class="band b-{kind} d{depth}">{inner}</span>'
        keys = " ".join(m.key for m in covering)
        parts.append(f'<span class="seg" data-r="{keys}" data-at="{start}">{inner}</span>')
    return Markup("".join(parts))


def kind_counts(records: dict[str, dict[str, Any]]) -> dict[str, int]:
    counts = {kind: 0 for kind in KINDS}
    for record in records.values():
        counts[record["kind"]] += 1
    return counts
