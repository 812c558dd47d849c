"""Actor coding on the PLOVER gold-standard sentences: is each event actor's country and sector right?

    .venv/bin/python benchmarks/actors_plover.py [--data ../shared/data/plover/gsr_dev.jsonl] [--show 20]

For every source and target actor of every gold event, the actor text is found in the sentence, the
`actors` extractor runs on the sentence, and the actor whose mention overlaps that text most is
compared with the gold code: the country (ISO3, or IGO/NGO for international and non-governmental
bodies) and, where the gold gives one of PLOVER's sector codes, the sector. Printed: how many gold
actors were found at all, country accuracy over those with a country code, IGO/NGO accuracy, and
sector accuracy over those with a standard sector, each also over all gold actors (a miss counts
wrong).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "plover" / "gsr_dev.jsonl"
#: Codes of the older CAMEO lists that are not ISO 3166 (the gold keeps a few).
LEGACY = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
SECTORS = {
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS", "CRM",
    "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
}  # fmt: skip


def gold_actors(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        for event in item["expected_events"]:
            for actor in [*event["source"], *event["target"]]:
                if actor.get("text") and actor.get("code"):
                    yield item["id"], item["text"], actor


def best_actor(record, start: int, end: int):
    """The actor whose mention overlaps [start, end) most; on a tie, the one with the shorter mention."""
    best, best_key = None, (0, 0)
    for actor in record.actors or ():
        for m in actor.mentions:
            overlap = min(end, m.end) - max(start, m.start)
            key = (overlap, -(m.end - m.start))
            if overlap > 0 and key > best_key:
                best, best_key = actor, key
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--show", type=int, default=0, help="print this many errors")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"gold data not found at {args.data}", file=sys.stderr)
        return 2
    from communique import Pipeline
    from communique.ingest import from_text

    pipe = Pipeline(only=["actors"])
    cache: dict[str, object] = {}
    counts: Counter[str] = Counter()
    errors = []
    for sent_id, text, gold in gold_actors(args.data):
        code = LEGACY.get(gold["code"], gold["code"])
        sector = gold.get("sector")
        start = text.find(gold["text"])
        if start < 0:
            counts["text_not_found"] += 1
            continue
        record = cache.get(sent_id)
        if record is None:
            record = cache[sent_id] = pipe.analyze(from_text(text, id=sent_id, language="en"))
        actor = best_actor(record, start, start + len(gold["text"]))
        counts["gold"] += 1
        counts["found"] += actor is not None
        if code in ("IGO", "NGO"):
            counts["body_gold"] += 1
            ok = actor is not None and (actor.sector == code or (code == "IGO" and actor.type == "igo"))
            counts["body_ok"] += ok
        else:
            counts["country_gold"] += 1
            ok = actor is not None and actor.country == code
            counts["country_ok"] += ok
            counts["country_found"] += actor is not None
        if not ok:
            errors.append((gold["text"], code, sector, actor and (actor.name, actor.country, actor.sector)))
        if sector in SECTORS:
            counts["sector_gold"] += 1
            counts["sector_found"] += actor is not None
            good = actor is not None and actor.sector == sector
            counts["sector_ok"] += good
            if not good:
                errors.append((gold["text"], code, sector, actor and (actor.name, actor.country, actor.sector)))

    def pct(a: str, b: str) -> str:
        return f"{counts[a] / counts[b]:.3f} ({counts[a]}/{counts[b]})" if counts[b] else "n/a"

    print(f"data: {args.data}")
    print(f"gold actors: {counts['gold']} (texts not found in their sentence: {counts['text_not_found']})")
    print(f"actor found at the gold text:        {pct('found', 'gold')}")
    print(f"country accuracy, all country codes: {pct('country_ok', 'country_gold')}")
    print(f"country accuracy, where found:       {pct('country_ok', 'country_found')}")
    print(f"IGO/NGO accuracy:                    {pct('body_ok', 'body_gold')}")
    print(f"sector accuracy, all gold sectors:   {pct('sector_ok', 'sector_gold')}")
    print(f"sector accuracy, where found:        {pct('sector_ok', 'sector_found')}")
    for error in errors[: args.show]:
        print("  miss:", error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
