"""Quotes and speakers on PolNeAR (Newell et al., LREC 2018), with textacy as the peer for direct quotes.

    make bench-deps                                      # textacy, benchmark-only (not in the runtime lock)
    .venv/bin/python benchmarks/quotes_polnear.py --split test
    .venv/bin/python benchmarks/quotes_polnear.py --split dev --misses 30   # tuning: print misses (never on test)

Gold: ``../shared/data/polnear/data/<split>/attributions/*.ann`` (brat standoff) over
``.../<split>/text/<article>.txt``. Each ``E`` line is one attribution: its Content span (sometimes
discontinuous, ``s e;s e``), its Cue and its Source (absent for ``Attribution-no-source``).

Duplicates: a few articles were annotated by several annotators (file suffix ``_xxxx``). Each
annotation is scored separately against the same predictions, and its counts are weighted by
1/(number of annotators of that article), so every article weighs the same as a singly annotated one
and no annotator is preferred. (The counts printed are these weighted counts.)

Metrics, all one-to-one (each gold and each predicted content is matched at most once):

* A predicted attribution is a group of communique quotes that share one cue (a quotation split by
  "he said" is one attribution in PolNeAR, as in communique's records); a quote without a cue is a
  group of its own. Its characters are the union of its quotes' spans.
* overlap: a prediction and a gold Content share at least one character; pairs are matched greedily
  by the largest shared character count.
* exact: the outer bounds (first to last character) of prediction and gold are equal after trimming
  white space, quotation marks and the punctuation ``,.;:`` at both ends (PolNeAR keeps the marks
  and the comma inside them, communique's quote text excludes the marks).
* speaker accuracy: over overlap-matched pairs whose gold attribution has a Source, the share where
  the predicted speaker is right: its words (``speaker_start``/``speaker_end``) overlap the gold
  Source span, or the actor it was resolved to has a mention that overlaps the gold Source span
  (the same entity named elsewhere). "span" accuracy counts the first condition only.
* direct quotes (the side-by-side with textacy): gold = Contents whose trimmed text begins and ends
  with a double quotation mark (" “ ” or the doubled '' of the New York Times texts); predictions = communique's ``direct`` quotes and textacy's
  ``direct_quotations`` contents; same matching as above, and speaker accuracy by span overlap
  (textacy gives speaker tokens, no entity). textacy refuses a whole article when its count of
  quotation marks is odd; its rows count such an article as no predictions, and two more rows
  compare both systems on the articles textacy could read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear" / "data"
_TRIM = " \t\n\"“”„‘’'`.,;:"
_DQUOTES = "\"“”„"

Frags = list[tuple[int, int]]


@dataclass
class GoldAttribution:
    content: Frags
    source: Frags | None


@dataclass
class Article:
    name: str
    text: str
    annotations: list[list[GoldAttribution]] = field(default_factory=list)


@dataclass
class Prediction:
    content: Frags
    speaker: Frags | None = None
    actor_mentions: Frags = field(default_factory=list)


def parse_ann(path: Path) -> list[GoldAttribution]:
    spans: dict[str, Frags] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if re.match(r"^T\d+\t", line):
            tid, body = line.split("\t")[:2]
            _kind, _, offsets = body.partition(" ")
            frags = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
            spans[tid] = [f for f in frags if len(f) == 2]  # type: ignore[misc]
        elif re.match(r"^E\d+\t", line):
            roles = {}
            for arg in line.split("\t")[1].split():
                role, _, ref = arg.partition(":")
                roles[re.sub(r"\d+$", "", role)] = ref  # Content2 -> Content (a second content)
                if role.startswith("Content") and role != "Content":
                    roles.setdefault("_more", "")
                    roles["_more"] += " " + ref
            events.append(roles)
    gold = []
    for roles in events:
        refs = [roles.get("Content")] + roles.get("_more", "").split()
        content = sorted(f for r in refs if r and r in spans for f in spans[r])
        if not content:
            continue
        source = spans.get(roles.get("Source", ""))
        gold.append(GoldAttribution(content=content, source=source or None))
    return gold


def load_split(data: Path, split: str) -> list[Article]:
    by_name: dict[str, Article] = {}
    for ann in sorted((data / split / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        if name not in by_name:
            raw = (data / split / "text" / f"{name}.txt").read_bytes().decode("utf-8")
            by_name[name] = Article(name, raw)
        by_name[name].annotations.append(parse_ann(ann))
    return list(by_name.values())


# -- matching ------------------------------------------------------------------------------------
def _chars(frags: Frags) -> set[int]:
    return {i for s, e in frags for i in range(s, e)}


def _bounds(text: str, frags: Frags) -> tuple[int, int]:
    start, end = min(s for s, _ in frags), max(e for _, e in frags)
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def match(text: str, gold: list[Frags], pred: list[Frags], exact: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, prediction index)."""
    if exact:
        where = defaultdict(list)
        for j, p in enumerate(pred):
            where[_bounds(text, p)].append(j)
        pairs = []
        for i, g in enumerate(gold):
            js = where.get(_bounds(text, g))
            if js:
                pairs.append((i, js.pop(0)))
        return pairs
    gold_chars = [_chars(g) for g in gold]
    pred_chars = [_chars(p) for p in pred]
    scored = []
    for i, gc in enumerate(gold_chars):
        for j, pc in enumerate(pred_chars):
            shared = len(gc & pc)
            if shared:
                scored.append((shared, i, j))
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in sorted(scored, reverse=True):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def _overlaps(a: Frags | None, b: Frags | None) -> bool:
    return bool(a and b and any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b))


def is_direct(text: str, frags: Frags) -> bool:
    start, end = min(s for s, _ in frags), max(e for _, e in frags)
    inner = text[start:end].strip().rstrip(".,;:").strip()
    opens = inner[:1] in _DQUOTES or inner[:2] in ("''", "``")
    closes = inner[-1:] in _DQUOTES or inner[-2:] == "''"
    return len(inner) > 2 and opens and closes


class Score:
    def __init__(self) -> None:
        self.c: dict[str, float] = defaultdict(float)

    def add(self, text: str, gold: list[GoldAttribution], pred: list[Prediction], weight: float) -> None:
        g = [a.content for a in gold]
        p = [x.content for x in pred]
        self.c["gold"] += weight * len(g)
        self.c["pred"] += weight * len(p)
        self.c["exact"] += weight * len(match(text, g, p, exact=True))
        for i, j in match(text, g, p, exact=False):
            self.c["overlap"] += weight
            if gold[i].source is None:
                continue
            self.c["speaker_n"] += weight
            span_ok = _overlaps(pred[j].speaker, gold[i].source)
            self.c["speaker_span"] += weight * span_ok
            self.c["speaker"] += weight * (span_ok or _overlaps(pred[j].actor_mentions, gold[i].source))

    def prf(self, key: str) -> tuple[float, float, float]:
        tp = self.c[key]
        p = tp / self.c["pred"] if self.c["pred"] else 0.0
        r = tp / self.c["gold"] if self.c["gold"] else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def report(self) -> dict[str, float]:
        out = {"gold": round(self.c["gold"], 1), "predicted": round(self.c["pred"], 1)}
        for key in ("exact", "overlap"):
            p, r, f = self.prf(key)
            out |= {f"{key}_p": p, f"{key}_r": r, f"{key}_f1": f}
        n = self.c["speaker_n"]
        out["speaker_pairs"] = round(n, 1)
        out["speaker_accuracy"] = self.c["speaker"] / n if n else 0.0
        out["speaker_span_accuracy"] = self.c["speaker_span"] / n if n else 0.0
        return out


# -- systems ---------------------------------------------------------------------------------------
def communique_predictions(articles: list[Article]) -> tuple[list[list[Prediction]], list[list[Prediction]], float]:
    from communique import Pipeline
    from communique.ingest import from_text

    pipe = Pipeline(only=["quotes"])
    items = [from_text(a.text, id=a.name) for a in articles]
    for a, item in zip(articles, items):
        assert item.text == a.text, f"{a.name}: text changed on reading; offsets would not match"
    started = time.perf_counter()
    records = list(pipe.pipe(items))
    seconds = time.perf_counter() - started
    all_preds, direct_preds = [], []
    for record in records:
        mentions = {a.id: [(m.start, m.end) for m in a.mentions] for a in record.actors or []}
        quotes = record.quotes or []
        all_preds.append(_group_by_cue(quotes, mentions))
        direct_preds.append(_group_by_cue([q for q in quotes if q.direct], {}))
    return all_preds, direct_preds, seconds


def _group_by_cue(quotes: list, mentions: dict[str, Frags]) -> list[Prediction]:
    """One prediction per cue: the quotes that share a cue are one attribution, as in PolNeAR."""
    groups: dict[object, list] = defaultdict(list)
    for k, q in enumerate(quotes):
        groups[(q.cue_start, q.cue_end) if q.cue_start is not None else ("solo", k)].append(q)
    preds = []
    for qs in groups.values():
        speaker = [(q.speaker_start, q.speaker_end) for q in qs if q.speaker_start is not None][:1]
        actor = next((q.speaker for q in qs if q.speaker), None)
        preds.append(Prediction([(q.start, q.end) for q in qs], speaker or None, mentions.get(actor, [])))
    return preds


def textacy_predictions(articles: list[Article]) -> tuple[list[list[Prediction] | None], int, float]:
    """textacy's direct quotations per article, None for an article it refused."""
    from textacy.extract.triples import direct_quotations

    from communique.pipeline import load_spacy

    nlp = load_spacy()
    out, failed = [], 0
    started = time.perf_counter()
    for doc in nlp.pipe((a.text for a in articles), batch_size=16):
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # textacy gives up on a document with an odd number of quote marks
            failed += 1
            out.append(None)
            continue
        groups: dict[tuple[int, ...], Prediction] = {}  # grouped by cue, as communique's quotes are
        for t in triples:
            key = tuple(c.i for c in t.cue)
            content = (t.content.start_char, t.content.end_char)
            if key in groups:
                groups[key].content.append(content)
            else:
                speaker = (min(s.idx for s in t.speaker), max(s.idx + len(s.text) for s in t.speaker))
                groups[key] = Prediction([content], [speaker])
        out.append(list(groups.values()))
    return out, failed, time.perf_counter() - started


# -- misses, for tuning on train/dev only --------------------------------------------------------------
def print_misses(articles: list[Article], preds: list[list[Prediction]], n: int) -> None:
    shown = 0
    for article, pred in zip(articles, preds):
        gold = article.annotations[0]
        pairs = match(article.text, [g.content for g in gold], [p.content for p in pred], exact=False)
        matched_g = {i for i, _ in pairs}
        matched_p = {j for _, j in pairs}
        t = article.text
        for i, g in enumerate(gold):
            if i not in matched_g and shown < n:
                s, e = min(a for a, _ in g.content), max(b for _, b in g.content)
                src = t[g.source[0][0] : g.source[0][1]] if g.source else None
                print(f"FN {article.name}: [{src}] {t[s:e][:150]!r}")
                shown += 1
        for j, p in enumerate(pred):
            if j not in matched_p and shown < n:
                s, e = min(a for a, _ in p.content), max(b for _, b in p.content)
                print(f"FP {article.name}: {t[s:e][:150]!r}")
                shown += 1
        for i, j in pairs:
            g, p = gold[i], pred[j]
            if g.source and not _overlaps(p.speaker, g.source) and not _overlaps(p.actor_mentions, g.source) and shown < n:
                s, e = min(a for a, _ in g.content), max(b for _, b in g.content)
                sp = t[p.speaker[0][0] : p.speaker[0][1]] if p.speaker else None
                print(f"SPK {article.name}: gold [{t[g.source[0][0]:g.source[0][1]]}] pred [{sp}] {t[s:e][:100]!r}")
                shown += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--split", default="test", choices=["train", "dev", "test"])
    ap.add_argument("--limit", type=int, default=0, help="first N articles only (0 = all)")
    ap.add_argument("--no-textacy", action="store_true", help="skip the textacy peer")
    ap.add_argument("--misses", type=int, default=0, help="print N misses (train/dev only)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"PolNeAR not found at {args.data} (../shared/data is absent)")
    if args.misses and args.split == "test":
        sys.exit("--misses is for tuning; it is refused on the test split")
    articles = load_split(args.data, args.split)
    if args.limit:
        articles = articles[: args.limit]
    preds, direct_preds, seconds = communique_predictions(articles)
    figures: dict[str, object] = {
        "split": args.split,
        "articles": len(articles),
        "annotations": sum(len(a.annotations) for a in articles),
    }
    all_score, direct_score = Score(), Score()
    for article, pred, dpred in zip(articles, preds, direct_preds):
        w = 1 / len(article.annotations)
        for gold in article.annotations:
            all_score.add(article.text, gold, pred, w)
            direct_score.add(article.text, [g for g in gold if is_direct(article.text, g.content)], dpred, w)
    figures["communique_all"] = all_score.report()
    figures["communique_direct"] = direct_score.report()
    figures["communique_seconds"] = round(seconds, 1)
    if not args.no_textacy:
        tx_preds, failed, tx_seconds = textacy_predictions(articles)
        tx_score, tx_read, cq_read = Score(), Score(), Score()
        for article, pred, dpred in zip(articles, tx_preds, direct_preds):
            w = 1 / len(article.annotations)
            for gold in article.annotations:
                direct_gold = [g for g in gold if is_direct(article.text, g.content)]
                tx_score.add(article.text, direct_gold, pred or [], w)
                if pred is not None:  # the articles textacy could read, for both systems
                    tx_read.add(article.text, direct_gold, pred, w)
                    cq_read.add(article.text, direct_gold, dpred, w)
        figures["textacy_direct"] = tx_score.report()
        figures["textacy_direct_read"] = tx_read.report()
        figures["communique_direct_read"] = cq_read.report()
        figures["textacy_failed_documents"] = failed
        figures["textacy_seconds"] = round(tx_seconds, 1)
    print_table(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    if args.misses:
        print_misses(articles, preds, args.misses)


def print_table(figures: dict) -> None:
    print(f"PolNeAR {figures['split']}: {figures['articles']} articles, {figures['annotations']} annotations")
    rows = [("communique, all contents", figures["communique_all"]),
            ("communique, direct quotes", figures["communique_direct"])]
    if "textacy_direct" in figures:
        rows.append(("textacy, direct quotes", figures["textacy_direct"]))
        n = figures["articles"] - figures["textacy_failed_documents"]
        rows.append((f"communique, direct ({n} read)", figures["communique_direct_read"]))
        rows.append((f"textacy, direct ({n} read)", figures["textacy_direct_read"]))
    print(f"{'system':28} {'gold':>7} {'pred':>7}  {'exact P/R/F1':>20}  {'overlap P/R/F1':>20}  {'speaker':>7} {'(span)':>7}")
    for name, r in rows:
        print(
            f"{name:28} {r['gold']:>7} {r['predicted']:>7}  "
            f"{r['exact_p']:.3f}/{r['exact_r']:.3f}/{r['exact_f1']:.3f}  "
            f"{r['overlap_p']:.3f}/{r['overlap_r']:.3f}/{r['overlap_f1']:.3f}  "
            f"{r['speaker_accuracy']:.3f} {r['speaker_span_accuracy']:>7.3f}"
        )
    if "textacy_failed_documents" in figures:
        print(f"textacy gave up on {figures['textacy_failed_documents']} of {figures['articles']} documents "
              "(odd number of quote marks)")
    print(f"communique: {figures['communique_seconds']} s" +
          (f"; textacy (with parsing): {figures['textacy_seconds']} s" if "textacy_seconds" in figures else ""))


if __name__ == "__main__":
    main()
