"""Date and place accuracy of coded events, on events labelled by hand for communique.

    .venv/bin/python benchmarks/events_dates_places.py        # benchmarks/gold/event_dates_places.jsonl

The gold file (written for this project; see benchmarks/gold/README.md) lists events of the bundled
examples and of White House readouts (public domain; read from ../shared/data/whitehouse), each with
the character offset and words of its trigger and the date and place a careful reader gives it:
the ISO date at the granularity the text supports (the publication date for an act reported as done
"today" or without a date, null when the text does not tell), and the GeoNames place where the
event happened (null when the text names none).

An event is found when the pipeline codes an event whose trigger has the same words at the same
offset. Date accuracy: found events whose date string equals the gold (so granularity must match
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
GOLD = ROOT / "benchmarks" / "gold" / "event_dates_places.jsonl"
WHITEHOUSE = ROOT.parent / "shared" / "data" / "whitehouse"


def resolve(doc: str) -> Path:
    if doc.startswith("whitehouse:"):
        return WHITEHOUSE / doc.split(":", 1)[1]
    return ROOT / doc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args(argv)
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_doc = defaultdict(list)
    for g in gold:
        by_doc[g["doc"]].append(g)
    missing = [d for d in by_doc if not resolve(d).exists()]
    if missing:
        print(f"skipping {len(missing)} document(s) not found (../shared/data absent?): {missing[:2]}", file=sys.stderr)
    from communique import Pipeline
    from communique.ingest import iter_inputs

    pipe = Pipeline(only=["events"])
    docs = [d for d in by_doc if d not in missing]
    n = found = date_ok = place_ok = gold_places = gold_place_ok = pred_places = pred_place_ok = 0
    for doc, record in zip(docs, pipe.pipe(iter_inputs([str(resolve(d)) for d in docs])), strict=True):
        index = {}
        for e in record.events or ():
            index[(record.text.find(e.trigger, e.start), e.trigger)] = e
        for g in by_doc[doc]:
            n += 1
            e = index.get((g["trigger_start"], g["trigger"]))
            gp = g["place"]["geonames_id"] if g["place"] else None
            gold_places += gp is not None
            if e is None:
                if args.errors:
                    print(f"not found: {doc} @{g['trigger_start']} {g['trigger']!r}")
                continue
            found += 1
            date_ok += e.date == g["date"]
            pp = e.place.geonames_id if e.place else None
            place_ok += pp == gp
            gold_place_ok += gp is not None and pp == gp
            pred_places += pp is not None
            pred_place_ok += pp is not None and pp == gp
            if args.errors and (e.date != g["date"] or pp != gp):
                print(f"{doc} {g['trigger']!r}: date {e.date} ({e.date_source}) vs {g['date']}; "
                      f"place {e.place.name if e.place else None} vs {g['place']['name'] if g['place'] else None}")
    print(f"events labelled: {n} in {len(docs)} documents; found by the coder: {found}")
    print(f"date accuracy:  {date_ok / n:.3f} ({date_ok}/{n})")
    print(f"place accuracy: {place_ok / n:.3f} ({place_ok}/{n}); on the {gold_places} events with a place: "
          f"{gold_place_ok / max(gold_places, 1):.3f}; predicted places right: {pred_place_ok}/{pred_places}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
