"""Build the genre-labelled set used by benchmarks/genre.py (ids and labels only, never texts).

    .venv/bin/python scripts/build_genre_labels.py   # writes benchmarks/data/genre_labels.csv

Labels come from the publishers' own kinds: the White House index's heuristic `kind` (from the
title) mapped to our genres, "Remarks by ..." titles for speeches, and Wikinews articles for news
reports. Mapping: readout -> readout, joint_statement -> joint_statement, statement and fact_sheet ->
press_release (official statements and fact sheets issued to the press), letter -> open_letter
(letters the White House published), "Remarks ..." -> speech, Wikinews -> news_report. The sample
is deterministic (hash of the id) and split half dev, half test. Opinion pieces and "other" have no
source in the shared data and are left out of the set (see docs/accuracy.md).
"""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "benchmarks" / "data" / "genre_labels.csv"
PER_LABEL = 120  # documents per label at most (half dev, half test)
MIN_CHARS = 300  # shorter texts are mostly pointers ("To view the letter, visit ...")
KIND_LABEL = {
    "readout": "readout", "joint_statement": "joint_statement", "statement": "press_release",
    "fact_sheet": "press_release", "letter": "open_letter",
}  # fmt: skip
SPEECH_TITLE = re.compile(r"^remarks (?:by|as prepared|of)\b", re.I)


def rank(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def main() -> None:
    rows: list[tuple[str, str, str, str]] = []
    by_label: dict[str, list[tuple[str, str]]] = {}
    with open(DATA / "whitehouse" / "index.csv", encoding="utf-8") as fh:
        for item in csv.DictReader(fh):
            label = KIND_LABEL.get(item["kind"])
            if label is None and item["kind"] == "other" and SPEECH_TITLE.search(item["title"]):
                label = "speech"
            if label is None or int(item["chars"]) < MIN_CHARS:
                continue
            by_label.setdefault(label, []).append(("whitehouse", item["path"]))
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        with open(DATA / "wikinews" / name, encoding="utf-8") as fh:
            for item in csv.DictReader(fh):
                if len(item["text"]) >= MIN_CHARS:
                    by_label.setdefault("news_report", []).append(("wikinews", item["url"]))
    for label, items in sorted(by_label.items()):
        chosen = sorted(items, key=lambda x: rank(x[1]))[:PER_LABEL]
        for corpus, key in chosen:
            split = "dev" if int(rank("split:" + key), 16) % 2 == 0 else "test"
            rows.append((corpus, key, split, label))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(("corpus", "id", "split", "label"))
        writer.writerows(sorted(rows))
    counts: dict[tuple[str, str], int] = {}
    for _, _, split, label in rows:
        counts[(label, split)] = counts.get((label, split), 0) + 1
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} documents")
    for (label, split), n in sorted(counts.items()):
        print(f"  {label:16s} {split:4s} {n}")


if __name__ == "__main__":
    main()
