"""PLOVER event coding on the PLOVER gold-standard records: category F1 and event-level F1.

    .venv/bin/python benchmarks/events_plover.py                       # ../shared/data/plover/gsr_dev.jsonl
    .venv/bin/python benchmarks/events_plover.py --gold PATH --errors  # also list every miss

Definitions (also in docs/accuracy.md):

- The unit is a sentence. Gold rows with the same text are one sentence whose gold events are the
  union of the rows' events (a few sentences carry two events). Each sentence is analysed alone by
  ``Pipeline(only=["events"])`` with no publication date (the records' dates are placeholders).
- Predicted events that count: every event except those the text says did not happen
  (``negated: true``) and conditional ones (``modality: hypothetical``); claimed, future and
  demanded events count, as PLOVER codes them.
- Category F1 (per category, then macro-averaged over the 16 categories): for each sentence, the set
  of predicted categories against the set of gold categories (``code_current_manual``).
- Event-level F1: predicted and gold events are paired one-to-one (greedily, in text order); a pair
  matches when the category is the same, the actor side matches and the recipient side matches.
  A side matches when the set of codes on the predicted side shares a code with the gold side, or
  both are empty. Predicted codes: each actor's ``country`` (ISO3) or, when it has none, its sector
  when that is IGO or NGO. Gold codes: each ``source``/``target`` entry's ``code``, with three
  pre-ISO codes of the records read as their ISO3 (JAP->JPN, VTN->VNM, ITL->ITA).
  Precision = matched / counted predicted events; recall = matched / gold events. A second line
  reads IGO and NGO as one code (the records code Amnesty International and the Red Cross as IGO,
  where the actor knowledge base, like CAMEO, says NGO).
- Event places: for each gold event with a location (``eventLoc``), the first predicted event of
  its category: right when its place is the gazetteer's place for the gold name (same GeoNames id);
  the country line counts the same country.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = ROOT.parent / "shared" / "data" / "plover" / "gsr_dev.jsonl"
CATEGORIES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
LEGACY_CODES = {"JAP": "JPN", "VTN": "VNM", "ITL": "ITA"}
SECTOR_CODES = {"IGO", "NGO"}


def load_gold(path: Path) -> dict[str, list[dict]]:
    by_text: dict[str, list[dict]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            for event in row["expected_events"]:
                by_text[row["text"]].append(event)
    return dict(by_text)


def gold_codes(side: list[dict]) -> set[str]:
    return {LEGACY_CODES.get(a["code"], a["code"]) for a in side if a.get("code")}


def predicted_codes(record, actor_ids: list[str], depth: int = 0) -> set[str]:
    codes = set()
    for actor_id in actor_ids:
        actor = record.actor(actor_id)
        if actor is None:
            continue
        if actor.country:
            codes.add(actor.country)
        elif actor.sector in SECTOR_CODES:
            codes.add(actor.sector)
        elif actor.members and depth == 0:  # "Hungarian and Romanian officials": the members' codes
            codes |= predicted_codes(record, actor.members, 1)
    return codes


def side_matches(pred: set[str], gold: set[str], merge_io: bool = False) -> bool:
    if merge_io:  # international organisations: IGO and NGO read as one code
        pred = {"IO" if c in SECTOR_CODES else c for c in pred}
        gold = {"IO" if c in SECTOR_CODES else c for c in gold}
    return bool(pred & gold) or (not pred and not gold)


def match_events(record, golds: list[dict], preds: list, merge_io: bool) -> int:
    """Matched pairs, one-to-one, greedily in text order."""
    unmatched, matched = list(golds), 0
    for e in preds:
        pa, pr = predicted_codes(record, e.actors), predicted_codes(record, e.recipients)
        for g in unmatched:
            if (g["code_current_manual"] == e.type and side_matches(pa, gold_codes(g["source"]), merge_io)
                    and side_matches(pr, gold_codes(g["target"]), merge_io)):  # fmt: skip
                unmatched.remove(g)
                matched += 1
                break
    return matched


def count_failing_sides(record, golds: list[dict], preds: list, sides: Counter) -> int:
    """For each gold event, the first predicted event of its category: which sides fail and how
    (a phrase whose actors have no code, no phrase at all, a wrong code, an extra recipient)."""
    failing = 0
    for g in golds:
        e = next((p for p in preds if p.type == g["code_current_manual"]), None)
        if e is None:
            continue
        bad = False
        for codes, gold, text in ((predicted_codes(record, e.actors), gold_codes(g["source"]), e.actor_text),
                                  (predicted_codes(record, e.recipients), gold_codes(g["target"]), e.recipient_text)):
            if side_matches(codes, gold):
                continue
            bad = True
            if not codes:
                sides["phrase without country" if text else "no phrase"] += 1
            else:
                sides["extra" if not gold else "wrong code"] += 1
        failing += bad
    return failing


def place_hits(golds: list[dict], preds: list, lookup) -> tuple[int, int, int]:
    """Gold events with a location, and how many of them the coder places right (place, country)."""
    n = same = country = 0
    for g in golds:
        name = (g.get("eventLoc") or {}).get("name")
        if not name:
            continue
        n += 1
        e = next((p for p in preds if p.type == g["code_current_manual"]), None)
        want = lookup(name)
        if e is None or e.place is None or want is None:
            continue
        same += e.place.geonames_id == want.geonames_id
        country += e.place.country == want.country
    return n, same, country


def counted(event) -> bool:
    return not event.negated and event.modality != "hypothetical"


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--errors", action="store_true", help="print each sentence whose categories differ")
    ap.add_argument("--sides", action="store_true",
                    help="why category-matched events miss at event level: count failing actor/recipient sides")
    args = ap.parse_args(argv)
    if not args.gold.exists():
        print(f"gold data not found at {args.gold} (../shared/data is absent)", file=sys.stderr)
        return 2
    from communique import Pipeline
    from communique.ingest._document import make_input

    gold = load_gold(args.gold)
    pipe = Pipeline(only=["events"])
    texts = list(gold)
    inputs = [make_input(t, f"gsr:{i}", {"id": f"gsr-{i}", "language": "en"}) for i, t in enumerate(texts)]
    started = time.perf_counter()
    records = list(pipe.pipe(inputs))
    seconds = time.perf_counter() - started

    cat = {c: Counter() for c in CATEGORIES}
    sides: Counter = Counter()
    side_events = 0
    ev_tp = ev_tp_io = ev_pred = ev_gold = 0
    from communique.kb.gazetteer import gazetteer

    places = Counter()
    for text, record in zip(texts, records, strict=True):
        golds = gold[text]
        preds = [e for e in (record.events or []) if counted(e)]
        gold_set = {g["code_current_manual"] for g in golds}
        pred_set = {e.type for e in preds}
        for c in CATEGORIES:
            if c in gold_set and c in pred_set:
                cat[c]["tp"] += 1
            elif c in pred_set:
                cat[c]["fp"] += 1
            elif c in gold_set:
                cat[c]["fn"] += 1
        ev_pred += len(preds)
        ev_gold += len(golds)
        if args.sides:
            side_events += count_failing_sides(record, golds, preds, sides)
        for key, value in zip(("gold", "place", "country"), place_hits(golds, preds, gazetteer().lookup), strict=True):
            places[key] += value
        ev_tp += match_events(record, golds, preds, merge_io=False)
        ev_tp_io += match_events(record, golds, preds, merge_io=True)
        if args.errors and gold_set != pred_set:
            print(f"- gold {sorted(gold_set)} predicted {[(e.type, e.trigger, e.modality) for e in preds]}\n  {text}")

    print(f"PLOVER events on {args.gold.name}: {len(texts)} sentences, {ev_gold} gold events, "
          f"{ev_pred} predicted ({seconds:.1f} s)")  # fmt: skip
    print(f"{'category':<10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}")
    f1s = []
    for c in CATEGORIES:
        p, r, f = f1(cat[c]["tp"], cat[c]["fp"], cat[c]["fn"])
        f1s.append(f)
        print(f"{c:<10} {p:6.3f} {r:6.3f} {f:6.3f} {cat[c]['tp'] + cat[c]['fn']:5d}")
    micro = f1(sum(cat[c]["tp"] for c in CATEGORIES), sum(cat[c]["fp"] for c in CATEGORIES),
               sum(cat[c]["fn"] for c in CATEGORIES))  # fmt: skip
    print(f"macro-F1 (16 categories): {sum(f1s) / len(f1s):.3f}")
    print(f"micro-F1 (categories):    {micro[2]:.3f}")
    p, r, f = f1(ev_tp, ev_pred - ev_tp, ev_gold - ev_tp)
    print(f"event-level P/R/F1 (category + actor country + recipient country): {p:.3f} / {r:.3f} / {f:.3f}")
    p, r, f = f1(ev_tp_io, ev_pred - ev_tp_io, ev_gold - ev_tp_io)
    print(f"  the same, IGO and NGO read as one code:                         {p:.3f} / {r:.3f} / {f:.3f}")
    print(f"event places ({places['gold']} gold events with a location): same place {places['place']}, "
          f"same country {places['country']}")
    if args.sides:
        print(f"gold events whose category is found but a side fails: {side_events}; failing sides: "
              + ", ".join(f"{k} {v}" for k, v in sides.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
