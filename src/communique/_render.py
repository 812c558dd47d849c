"""A document as terminal text with its records marked in place (``communique show``).

Each kind has its own brackets, closed by the record's label, e.g. ``[Biden]a2`` for an actor
mention, ``«...»q1`` for a quote, ``{condemned}e3`` for an event; the records are listed below the
text under the same labels. Overlapping spans nest; crossing spans interleave their brackets.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Document

#: kind -> (label prefix, opening bracket, closing bracket, ANSI colour)
MARKS = {
    "actors": ("a", "[", "]", "36"),
    "quotes": ("q", "«", "»", "32"),
    "events": ("e", "{", "}", "33"),
    "demands": ("d", "⟨", "⟩", "35"),
    "stances": ("s", "⟪", "⟫", "34"),
    "techniques": ("t", "⟦", "⟧", "31"),
}


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    kind: str
    label: str


def _marks(doc: Document, kinds: tuple[str, ...]) -> tuple[list[_Mark], list[str]]:
    marks: list[_Mark] = []
    legend: list[str] = []
    name = {a.id: a.name for a in doc.actors or ()}

    def who(actor_id: str | None) -> str:
        return "?" if actor_id is None else name.get(actor_id, actor_id)

    for kind in kinds:
        prefix = MARKS[kind][0]
        for n, rec in enumerate(getattr(doc, kind) or (), start=1):
            label = f"{prefix}{n}"
            if kind == "actors":
                facts = ", ".join(x for x in (rec.type, rec.country, rec.sector) if x)
                legend.append(f"{label:>5}  actor      {rec.name} ({facts}) id={rec.id}, {len(rec.mentions)} mention(s)")
                marks.extend(_Mark(m.start, m.end, kind, label) for m in rec.mentions)
                continue
            if kind == "quotes":
                how = "direct" if rec.direct else "reported"
                legend.append(f"{label:>5}  quote      {how}, speaker {who(rec.speaker)}, cue {rec.cue!r}")
            elif kind == "events":
                place = rec.place.name if rec.place else "-"
                legend.append(
                    f"{label:>5}  event      {rec.type} (CAMEO {rec.cameo}) {rec.modality}; "
                    f"{', '.join(map(who, rec.actors)) or '-'} -> {', '.join(map(who, rec.recipients)) or '-'}; "
                    f"date {rec.date or '-'}; place {place}; conf {rec.confidence:.2f}"
                )
            elif kind == "demands":
                legend.append(f"{label:>5}  demand     by {who(rec.by)} of {who(rec.target)}")
            elif kind == "stances":
                legend.append(f"{label:>5}  stance     {who(rec.holder)} {rec.polarity} {who(rec.target)} ({rec.confidence:.2f})")
            elif kind == "techniques":
                legend.append(f"{label:>5}  technique  {rec.label} ({rec.confidence:.2f})")
            marks.append(_Mark(rec.start, rec.end, kind, label))
    return marks, legend


def render_marked(doc: Document, *, kinds: tuple[str, ...] = tuple(MARKS), color: bool = False) -> str:
    """The text with every record of ``kinds`` marked in place, then a legend of the records."""
    marks, legend = _marks(doc, tuple(k for k in kinds if k in MARKS))
    opens: dict[int, list[_Mark]] = {}
    closes: dict[int, list[_Mark]] = {}
    for m in marks:
        if m.end <= m.start:
            continue
        opens.setdefault(m.start, []).append(m)
        closes.setdefault(m.end, []).append(m)
    out: list[str] = []
    text = doc.text
    stack: list[_Mark] = []
    for pos in range(len(text) + 1):
        for m in sorted(closes.get(pos, ()), key=stack.index, reverse=True):
            _, _, close, colour = MARKS[m.kind]
            out.append(f"\x1b[{colour}m{close}{m.label}\x1b[0m" if color else f"{close}{m.label}")
            stack.remove(m)
        for m in sorted(opens.get(pos, ()), key=lambda m: -(m.end - m.start)):
            _, opening, _, colour = MARKS[m.kind]
            out.append(f"\x1b[{colour}m{opening}\x1b[0m" if color else opening)
            stack.append(m)
        if pos < len(text):
            out.append(text[pos])
    return "".join(out) + "\n\n" + "\n".join(legend)


def render_header(doc: Document) -> str:
    name = {a.id: a.name for a in doc.actors or ()}
    lines = [
        f"{doc.title or '(untitled)'}",
        f"id {doc.id} · source {doc.source} · published {doc.published or '-'} · language {doc.language}"
        f" · status {doc.status}",
    ]
    if doc.genre:
        lines.append(f"genre {doc.genre}" + (f" ({doc.genre_reason})" if doc.genre_reason else ""))
    for role in ("authors", "senders", "addressees", "signatories"):
        ids = getattr(doc, role)
        if ids:
            lines.append(f"{role}: " + "; ".join(name.get(i, i) for i in ids))
    if doc.tone is not None:
        lines.append(f"tone {doc.tone:+.2f}")
    for w in doc.warnings:
        lines.append(f"warning [{w.code}] {w.message}")
    return "\n".join(lines)
