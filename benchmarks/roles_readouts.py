"""Readout roles against the readout's own title: who spoke with whom.

    .venv/bin/python benchmarks/roles_readouts.py [--n 120] [--split test|dev|all] [--show 10]

A silver standard, not a gold one: White House readouts are titled "Readout of President Biden's Call
with Prime Minister Kishida of Japan"; the title names the side that issued the readout and its
counterpart. The `roles` extractor reads the text (its title rule for readouts plays no part in who
the sender and addressee are), and a prediction counts as right when the surname at the end of the
title's name is in the name of the predicted actor. Only titles of the form "Readout of <X>['s]
<call|meeting|...> with <Y>" with a personal name on both sides are used; a deterministic sample
is split in halves by a hash of the path (dev for tuning, test for reporting). Printed: sender and
addressee accuracy (exactly one actor, the right one) and recall (the right one among those found).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "whitehouse"
TITLE = re.compile(
    r"^Readout of (?:the )?(?P<x>.+?)(?:’s|'s|’ s)? (?:Phone |Virtual |Bilateral |Video |Telephone )?"
    r"(?:Call|Meeting|Conversation|Phone Call|Call and Meeting|Meetings?)(?: and \w+)? [Ww]ith (?P<y>.+?)"
    r"(?: of (?:the )?[A-Z][\w ]+| on .+| in .+| at .+)?$"
)
TITLES = re.compile(
    r"^(?:President|Vice President|Prime Minister|Crown Prince|Secretary(?: of State)?|Chancellor|King|Queen|"
    r"Emir|Sultan|National Security Advisor|First Lady|Second Gentleman|Foreign Minister|Minister|Deputy "
    r"Secretary|His Majesty|Her Majesty|His Highness|Her Excellency|His Excellency|Pope|Governor|Mayor|Senator)\s+"
)


NOT_PEOPLE = re.compile(r"\b(?:House|Team|Leaders|Officials|Mayors|Legislators|Caucus|Council|Group|Members|"
                        r"Committee|Executives|Governors|Delegation|Trilateral|Republic|Minister|Secretary)\b")


def surname(name: str) -> str | None:
    """The surname of a personal name with or without its title; None for anything else."""
    name = re.sub(r",? Jr\.?$", "", name.strip())
    titled = False
    while TITLES.match(name):
        name, titled = TITLES.sub("", name, count=1), True
    words = [w for w in re.split(r"\s+", name) if w]
    if not words or not all(w[:1].isupper() for w in words) or len(words) > 6 or NOT_PEOPLE.search(name):
        return None
    if len(words) < 2 and not titled:
        return None
    last = words[-1].strip(".,")
    return last if len(last) > 2 and last.isalpha() else None


def load(split: str, n: int):
    rows = []
    with open(DATA / "index.csv", encoding="utf-8") as fh:
        for item in csv.DictReader(fh):
            if item["kind"] != "readout":
                continue
            title = " ".join(item["title"].replace("u2019", "’").split())
            found = TITLE.match(title)
            if not found:
                continue
            x, y = surname(found.group("x")), surname(found.group("y"))
            if not x or not y or x == y:
                continue
            key = hashlib.sha256(item["path"].encode()).hexdigest()
            half = "dev" if int(key, 16) % 2 == 0 else "test"
            if split in ("all", half):
                rows.append((key, item["path"], x, y))
    return [(path, x, y) for _, path, x, y in sorted(rows)[:n]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=120)
    parser.add_argument("--split", default="test", choices=("dev", "test", "all"))
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"data not found at {DATA}", file=sys.stderr)
        return 2
    from communique import Pipeline
    from communique.ingest import iter_inputs

    items = load(args.split, args.n)
    pipe = Pipeline(only=["roles"])
    totals = {"sender": [0, 0, 0], "addressee": [0, 0, 0]}  # exact, among, total
    shown = 0
    for path, x, y in items:
        (doc,) = list(iter_inputs([DATA / path]))
        record = pipe.analyze(doc)
        names = {a.id: a.name for a in record.actors or ()}
        for role, want, ids in (("sender", x, record.senders), ("addressee", y, record.addressees)):
            hits = [i for i in ids if want.lower() in names.get(i, "").lower()]
            totals[role][0] += len(ids) == 1 and len(hits) == 1
            totals[role][1] += bool(hits)
            totals[role][2] += 1
            if not (len(ids) == 1 and len(hits) == 1) and shown < args.show:
                shown += 1
                print(f"  miss {role}: want {want!r}, got {[names.get(i, i) for i in ids]} ({path})")
    print(f"split {args.split}: {len(items)} readouts whose titles name both sides")
    for role, (exact, among, total) in totals.items():
        print(f"{role:9s} accuracy {exact / total:.3f} ({exact}/{total}), found among predicted {among / total:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
