"""Genre accuracy on the labelled set in benchmarks/data/genre_labels.csv (ids and labels only).

    .venv/bin/python benchmarks/genre.py [--split test|dev|all] [--errors 10]

Texts are read from ../shared/data (White House Markdown through communique's own reader; Wikinews
rows from its CSV files). The genre extractor's rules (``communique.extract.genre.classify``) run
twice: with the document's title, as in a normal run, and on the text alone. The labels of the
White House documents were derived from their titles, so the "with title" figures mostly measure
the title rules; the "text only" figures are the harder and more telling test. Printed: accuracy,
macro-F1 over the labels present, per-label precision/recall/F1 and the confusion matrix.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
LABELS = ROOT / "benchmarks" / "data" / "genre_labels.csv"


def load(split: str) -> list[tuple[str, str, str | None, str]]:
    """(id, text, title, label) of every labelled document in ``split``."""
    from communique.ingest import iter_inputs

    wanted = [r for r in csv.DictReader(open(LABELS, encoding="utf-8")) if split in ("all", r["split"])]
    wiki: dict[str, dict[str, str]] = {}
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        with open(DATA / "wikinews" / name, encoding="utf-8") as fh:
            wiki.update({row["url"]: row for row in csv.DictReader(fh)})
    out = []
    for row in wanted:
        if row["corpus"] == "wikinews":
            item = wiki[row["id"]]
            out.append((row["id"], item["text"], item["title"], row["label"]))
        else:
            (doc,) = list(iter_inputs([DATA / "whitehouse" / row["id"]]))
            out.append((row["id"], doc.text, doc.title, row["label"]))
    return out


def report(name: str, gold: list[str], predicted: list[str]) -> None:
    labels = sorted(set(gold))
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    f1s = []
    lines = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        lines.append(f"  {label:16s} P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  (n={tp + fn})")
    print(f"{name}: accuracy {correct / len(gold):.3f} ({correct}/{len(gold)}), macro-F1 {sum(f1s) / len(f1s):.3f}")
    print("\n".join(lines))
    confusion = Counter(zip(gold, predicted, strict=True))
    columns = sorted(set(predicted) | set(labels))
    print("  confusion (rows gold, columns predicted):")
    print("  " + " " * 16 + " ".join(f"{c[:7]:>7s}" for c in columns))
    for label in labels:
        print(f"  {label:16s}" + " ".join(f"{confusion[(label, c)]:7d}" for c in columns))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("dev", "test", "all"))
    parser.add_argument("--errors", type=int, default=0, help="print this many text-only errors")
    args = parser.parse_args()
    if not (DATA / "whitehouse").exists() or not (DATA / "wikinews").exists():
        print(f"data not found under {DATA}", file=sys.stderr)
        return 2
    from communique.extract.genre import classify

    items = load(args.split)
    gold = [label for *_, label in items]
    print(f"split {args.split}: {len(items)} documents, labels {dict(sorted(Counter(gold).items()))}")
    with_title = [classify(text, title)[0] for _, text, title, _ in items]
    report("with title", gold, with_title)
    text_only = [classify(text, None) for _, text, _, _ in items]
    report("text only", gold, [g for g, _ in text_only])
    shown = 0
    for (doc_id, text, _, label), (genre, reason) in zip(items, text_only, strict=True):
        if genre != label and shown < args.errors:
            shown += 1
            print(f"  {label} -> {genre} ({reason}) {doc_id}: {text[:120]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
