"""Date and place accuracy of coded events, on events labelled by hand for communique.

    .venv/bin/python benchmarks/events_dates_places.py            # both gold files, each and together
    .venv/bin/python benchmarks/events_dates_places.py --errors   # also list every miss

The gold file (written for this project; see benchmarks/gold/README.md) lists events of the bundled
examples and of White House readouts (public domain; read from ../shared/data/whitehouse), each with
the character offset and words of its trigger and the date and place a careful reader gives it:
the ISO date at the granularity the text supports (the publication date for an act reported as done
"today" or without a date, null when the text does not tell), and the GeoNames place where the
event happened (null when the text names none).

Two gold files: ``event_dates_places.jsonl`` (the first set, whose errors were read while the coder
was developed) and ``event_places_check.jsonl`` (labelled later, from the text alone, in documents
not read while developing; see benchmarks/gold/README.md). An event is found when the pipeline codes
an event whose trigger words overlap the gold trigger's characters (the same words at the same offset
first, else the nearest overlapping trigger). Date accuracy: found events whose date string equals the gold (so granularity must match
too), over all gold events. Place accuracy: found events whose place has the gold GeoNames id, or
no place when the gold has none, over all gold events; also the same over gold events that have a
place, and the share of predicted places that are right.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = (ROOT / "benchmarks" / "gold" / "event_dates_places.jsonl", ROOT / "benchmarks" / "gold" / "event_places_check.jsonl")
WHITEHOUSE = ROOT.parent / "shared" / "data" / "whitehouse"


def resolve(doc: str) -> Path:
    if doc.startswith("whitehouse:"):
        return WHITEHOUSE / doc.split(":", 1)[1]
    return ROOT / doc


def trigger_spans(record) -> list[tuple[int, int, object]]:
    """Each event's trigger as a character span (a trigger of words apart: from its first word)."""
    spans = []
    for e in record.events or ():
        at = record.text.find(e.trigger, e.start)
        if at < 0:
            first = e.trigger.split(" ")[0]
            at = record.text.find(first, e.start)
            spans.append((at, at + len(first), e))
        else:
            spans.append((at, at + len(e.trigger), e))
    return spans


def find_event(spans, g: dict):
    start, end = g["trigger_start"], g["trigger_start"] + len(g["trigger"])
    exact = [e for s, t, e in spans if s == start and t == end]
    if exact:
        return exact[0]
    near = sorted((abs(s - start), i) for i, (s, t, _) in enumerate(spans) if s < end and t > start)
    return spans[near[0][1]][2] if near else None


class Tally:
    def __init__(self) -> None:
        self.n = self.found = self.date_ok = self.place_ok = 0
        self.gold_places = self.gold_place_ok = self.pred_places = self.pred_place_ok = 0

    def add(self, g: dict, e) -> None:
        self.n += 1
        gp = g["place"]["geonames_id"] if g["place"] else None
        self.gold_places += gp is not None
        if e is None:
            return
        pp = e.place.geonames_id if e.place else None
        self.found += 1
        self.date_ok += e.date == g["date"]
        self.place_ok += pp == gp
        self.gold_place_ok += gp is not None and pp == gp
        self.pred_places += pp is not None
        self.pred_place_ok += pp is not None and pp == gp

    def report(self, title: str, docs: int) -> None:
        n = max(self.n, 1)
        print(f"{title}: {self.n} events in {docs} documents; found by the coder: {self.found}")
        print(f"  date accuracy:  {self.date_ok / n:.3f} ({self.date_ok}/{self.n})")
        print(f"  place accuracy: {self.place_ok / n:.3f} ({self.place_ok}/{self.n}); on the {self.gold_places} "
              f"events with a place: {self.gold_place_ok / max(self.gold_places, 1):.3f} "
              f"({self.gold_place_ok}/{self.gold_places}); predicted places right: {self.pred_place_ok}/{self.pred_places}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, nargs="+", default=list(GOLD))
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args(argv)
    by_doc: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for path in args.gold:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                g = json.loads(line)
                by_doc[g["doc"]].append((path.name, g))
    missing = [d for d in by_doc if not resolve(d).exists()]
    if missing:
        print(f"skipping {len(missing)} document(s) not found (../shared/data absent?): {missing[:2]}", file=sys.stderr)
    from communique import Pipeline
    from communique.ingest import iter_inputs

    pipe = Pipeline(only=["events"])
    docs = [d for d in by_doc if d not in missing]
    tallies = {p.name: Tally() for p in args.gold}
    doc_counts = {p.name: len({d for d in docs if any(f == p.name for f, _ in by_doc[d])}) for p in args.gold}
    total = Tally()
    for doc, record in zip(docs, pipe.pipe(iter_inputs([str(resolve(d)) for d in docs])), strict=True):
        spans = trigger_spans(record)
        for name, g in by_doc[doc]:
            e = find_event(spans, g)
            tallies[name].add(g, e)
            total.add(g, e)
            if not args.errors:
                continue
            if e is None:
                print(f"not found: {doc} @{g['trigger_start']} {g['trigger']!r}")
                continue
            gp = g["place"]["geonames_id"] if g["place"] else None
            if e.date != g["date"] or (e.place.geonames_id if e.place else None) != gp:
                print(f"{doc} {g['trigger']!r} ({e.trigger!r}): date {e.date} ({e.date_source}) vs {g['date']}; "
                      f"place {e.place.name if e.place else None} vs {g['place']['name'] if g['place'] else None}")
    for name, tally in tallies.items():
        tally.report(name, doc_counts[name])
    if len(tallies) > 1:
        total.report("all", len(docs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
