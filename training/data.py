"""Reading NewsMTSC and the PTC into encoder-ready examples (training only; runtime code is in src/).

Both corpora are read from ``../shared/data`` and never copied into the repository.

- NewsMTSC: one example per sentence, with every labelled target's character span and class
  (0 = against/negative, 1 = neutral, 2 = favor/positive). One encoder pass serves all targets of a
  sentence, exactly as the runtime extractor does.
- PTC: one example per chunk of the article; a chunk is one line (the corpus has one sentence per
  line), or several consecutive lines when a gold span crosses a line break, so that every gold span
  lies inside one chunk. Each chunk carries its merged propaganda spans (for span identification) and
  its labelled spans (for technique classification), with offsets relative to the chunk.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from communique.schema import PTC_TECHNIQUES as TECHNIQUES  # noqa: E402  (the 14 labels, in schema order)

SHARED = ROOT.parent / "shared" / "data"
NEWSMTSC = SHARED / "newsmtsc"
PTC = SHARED / "ptc" / "ptc_v2"

POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}


@dataclass
class StanceExample:
    text: str
    targets: list[tuple[int, int, int]]  # (start, end, class)


@dataclass
class Chunk:
    article: str
    offset: int  # where the chunk starts in the article
    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # merged propaganda spans, chunk-relative
    labelled: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, technique index)
    repeats: list[int] = field(default_factory=list)  # per labelled span: other occurrences in the article


def read_newsmtsc(split: str) -> list[StanceExample]:
    examples = []
    with open(NEWSMTSC / f"{split}.jsonl", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            targets = [(t["from"], t["to"], POLARITY[t["polarity"]]) for t in obj["targets"]]
            examples.append(StanceExample(obj["sentence_normalized"], targets))
    return examples


def read_ptc_article(split: str, article_id: str) -> str:
    # newline="" keeps "\r" if any, so that offsets match the files byte-for-character
    with open(PTC / f"{split}-articles" / f"article{article_id}.txt", encoding="utf-8", newline="") as fh:
        return fh.read()


def read_ptc_labels(split: str) -> dict[str, list[tuple[int, int, str]]]:
    """Technique labels by article id: (start, end, technique)."""
    labels: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    with open(PTC / f"{split}-task-flc-tc.labels", encoding="utf-8") as fh:
        for line in fh:
            art, tech, start, end = line.rstrip("\n").split("\t")
            labels[art].append((int(start), int(end), tech))
    return labels


def ptc_article_ids(split: str) -> list[str]:
    return sorted(re.sub(r"\D", "", p.name) for p in (PTC / f"{split}-articles").glob("article*.txt"))


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def ptc_chunks(split: str, article_id: str, labels: list[tuple[int, int, str]]) -> list[Chunk]:
    text = read_ptc_article(split, article_id)
    # line boundaries, then joined where a gold span crosses a break
    bounds = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            bounds.append([pos, pos + len(line)])
        pos += len(line) + 1
    for s, e, _ in labels:
        first = next((i for i, b in enumerate(bounds) if b[1] > s), None)
        last = next((i for i, b in enumerate(bounds) if b[1] >= e), len(bounds) - 1)
        if first is not None and last > first:
            bounds[first:last + 1] = [[bounds[first][0], bounds[last][1]]]
    chunks = []
    merged = merge_spans([(s, e) for s, e, _ in labels])
    for b0, b1 in bounds:
        chunk = Chunk(article_id, b0, text[b0:b1])
        chunk.spans = [(max(s, b0) - b0, min(e, b1) - b0) for s, e in merged if s < b1 and e > b0]
        chunk.labelled = [
            (s - b0, e - b0, TECHNIQUES.index(t)) for s, e, t in labels if s >= b0 and e <= b1
        ]
        chunk.repeats = [span_repeats(text, b0 + s, b0 + e) for s, e, _ in chunk.labelled]
        chunks.append(chunk)
    return chunks


def span_repeats(text: str, start: int, end: int) -> int:
    """How many other times the span's words occur in the article (case-insensitive).

    The same count is computed at run time (communique.extract.techniques); Repetition cannot be
    seen inside one sentence, so the classifier gets it as a feature.
    """
    needle = " ".join(text[start:end].lower().split())
    if len(needle) < 3:
        return 0
    return max(0, " ".join(text.lower().split()).count(needle) - 1)


def read_ptc(split: str, articles: list[str] | None = None) -> list[Chunk]:
    labels = read_ptc_labels(split)
    chunks = []
    for art in articles or ptc_article_ids(split):
        chunks.extend(ptc_chunks(split, art, labels.get(art, [])))
    return chunks


def save_features(folder: Path, split: str, blocks: dict[str, list], meta: list[dict], what: str) -> None:
    """Keep dumped vectors (float32 .npz) and their metadata (.json) for later fitting steps."""
    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(folder / f"{split}.npz", **{k: np.array(v, dtype=np.float32) for k, v in blocks.items()})
    (folder / f"{split}.json").write_text(json.dumps(meta))
    print(f"wrote {folder / split}.npz: {len(meta)} {what}")
