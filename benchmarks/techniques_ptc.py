"""Persuasion techniques on the PTC (SemEval-2020 Task 11): span identification F1 and technique
classification micro-F1 of the ``techniques`` extractor.

    .venv/bin/python benchmarks/techniques_ptc.py                      # PTC dev (75 articles)
    .venv/bin/python benchmarks/techniques_ptc.py --split train --holdout  # the 20 train articles held out of training
    .venv/bin/python benchmarks/techniques_ptc.py --no-classifier          # spans labelled by the encoder's tc head alone
    .venv/bin/python benchmarks/techniques_ptc.py --articles DIR --labels FILE  # any articles with gold labels
    .venv/bin/python benchmarks/techniques_ptc.py --gate-sweep 0.31,0.4,0.5     # SI and White House share by gate threshold

The metrics follow the task's definitions (Da San Martino et al., SemEval-2020 Task 11), written here
from the task description:

- SI: gold spans of an article that overlap are merged, and so are predicted ones; with S the
  predicted and T the gold spans over all articles (an intersection only counts within one article),
  P = (1/|S|) sum_s sum_t |s & t| / |s|,  R = (1/|T|) sum_s sum_t |s & t| / |t|,  F1 = 2PR/(P+R);
  characters in common give partial credit.
- TC: every gold span is given, the system labels it; a span annotated k times (with k techniques)
  is labelled k times, and labels are matched to the gold labels of the same span as multisets
  (order does not matter). micro P = correct / predicted, R = correct / gold, F1 their harmonic mean.
  Here each span gets the extractor's k most probable distinct techniques.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PTC = ROOT.parent / "shared" / "data" / "ptc" / "ptc_v2"
#: The PTC train articles held out of training (the last 20 by id), for choosing settings.
HOLDOUT_ARTICLES = 20


def merge(spans):
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [tuple(x) for x in out]


def si_scores(pred: dict[str, list], gold: dict[str, list]) -> dict[str, float]:
    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for art in set(pred) | set(gold):
        ps, gs = merge(pred.get(art, [])), merge(gold.get(art, []))
        n_pred, n_gold = n_pred + len(ps), n_gold + len(gs)
        for s0, s1 in ps:
            for t0, t1 in gs:
                common = min(s1, t1) - max(s0, t0)
                if common > 0:
                    p_sum += common / (s1 - s0)
                    r_sum += common / (t1 - t0)
    p = p_sum / n_pred if n_pred else 0.0
    r = r_sum / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "predicted": n_pred, "gold": n_gold}


def tc_scores(pred: dict, gold: dict) -> dict:
    """pred, gold: {(article, start, end): [labels]}."""
    correct = n_pred = n_gold = 0
    per = defaultdict(lambda: [0, 0, 0])  # correct, predicted, gold by technique
    for key in set(pred) | set(gold):
        p, g = Counter(pred.get(key, [])), Counter(gold.get(key, []))
        both = p & g
        correct += sum(both.values())
        n_pred += sum(p.values())
        n_gold += sum(g.values())
        for label, n in both.items():
            per[label][0] += n
        for label, n in p.items():
            per[label][1] += n
        for label, n in g.items():
            per[label][2] += n
    prec = correct / n_pred if n_pred else 0.0
    rec = correct / n_gold if n_gold else 0.0
    per_f1 = {}
    for label, (c, np_, ng) in sorted(per.items()):
        pp, rr = (c / np_ if np_ else 0.0), (c / ng if ng else 0.0)
        per_f1[label] = round(2 * pp * rr / (pp + rr) if pp + rr else 0.0, 3)
    return {"precision": prec, "recall": rec, "micro_f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0, "spans": n_gold, "per_technique_f1": per_f1}


def read_labels(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    labels: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            art, tech, start, end = line.split("\t")
            labels[art].append((int(start), int(end), tech))
    return labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev", choices=("dev", "train"))
    ap.add_argument("--holdout", action="store_true", help="with --split train: only the articles held out of training")
    ap.add_argument("--articles", type=Path, help="folder of article<ID>.txt files (default: the split's)")
    ap.add_argument("--labels", type=Path, help="TC gold labels file (default: the split's)")
    ap.add_argument("--threshold", type=float, help="in-span probability threshold (default: the extractor's)")
    ap.add_argument("--sweep", help="comma-separated thresholds: print SI for each (encodings reused)")
    ap.add_argument("--no-gate", action="store_true", help="encode every sentence (the sentence gate off)")
    ap.add_argument("--gate-threshold", type=float, help="the sentence gate's threshold (default: the extractor's)")
    ap.add_argument("--gate-sweep", help="comma-separated gate thresholds: SI for each, and the share of White House "
                    "characters each passes (what the encoder costs there)")
    ap.add_argument("--whitehouse-docs", type=int, default=200, help="with --gate-sweep: documents spread over the White House corpus")
    ap.add_argument("--no-classifier", action="store_true", help="label spans with the encoder's tc head alone (no stacked classifier)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (a quick check)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    articles_dir = args.articles or PTC / f"{args.split}-articles"
    labels_file = args.labels or PTC / f"{args.split}-task-flc-tc.labels"
    if not articles_dir.exists() or not labels_file.exists():
        sys.exit(f"PTC data not found ({articles_dir}, {labels_file}): needs ../shared/data/ptc")
    gold = read_labels(labels_file)
    ids = sorted(re.sub(r"\D", "", p.name) for p in articles_dir.glob("article*.txt"))
    if args.holdout:
        ids = ids[-HOLDOUT_ARTICLES:]
    if args.limit:
        ids = ids[: args.limit]

    from communique.extract.techniques import DEFAULT_GATE_THRESHOLD, DEFAULT_THRESHOLD
    from communique.pipeline import Pipeline
    from communique.schema import Document

    config: dict = {"techniques": {"gate": not args.no_gate, "classifier": not args.no_classifier}}
    if args.threshold is not None:
        config["techniques"]["threshold"] = args.threshold
    if args.gate_threshold is not None:
        config["techniques"]["gate_threshold"] = args.gate_threshold
    pipe = Pipeline(only=["techniques"], config=config)
    extractor = pipe.extractors[0]
    sweep = [float(t) for t in args.sweep.split(",")] if args.sweep else []
    gate_sweep = sorted(float(t) for t in args.gate_sweep.split(",")) if args.gate_sweep else []
    si_gate: dict[float, dict[str, list]] = {t: {} for t in gate_sweep}
    si_sweep: dict[float, dict[str, list]] = {t: {} for t in sweep}
    si_pred: dict[str, list] = {}
    si_gold: dict[str, list] = {}
    tc_pred: dict = {}
    tc_gold: dict = defaultdict(list)
    started = time.perf_counter()
    texts = []
    for i in ids:  # newline="": offsets count every character of the file, "\r" included
        with open(articles_dir / f"article{i}.txt", encoding="utf-8", newline="") as fh:
            texts.append(fh.read())
    with pipe.nlp.select_pipes(disable=pipe.disabled):
        docs = pipe.nlp.pipe(texts, batch_size=8)
        for art, text, doc in zip(ids, texts, docs):
            record = Document(id=art, source=art, content_hash="-", text=text)
            for t in sweep:  # the encodings are cached in the doc: only the span decoding is redone
                extractor.threshold = t
                extractor(doc, record)
                si_sweep[t][art] = [(x.start, x.end) for x in record.techniques]
            extractor.threshold = args.threshold if args.threshold is not None else DEFAULT_THRESHOLD
            for t in gate_sweep:  # loosest first: the stricter gates reuse its encodings
                extractor.gate_threshold = t
                extractor(doc, record)
                si_gate[t][art] = [(x.start, x.end) for x in record.techniques]
            extractor.gate_threshold = args.gate_threshold if args.gate_threshold is not None else DEFAULT_GATE_THRESHOLD
            extractor(doc, record)
            si_pred[art] = [(t.start, t.end) for t in record.techniques]
            si_gold[art] = [(s, e) for s, e, _ in gold.get(art, [])]
            for s, e, tech in gold.get(art, []):
                tc_gold[(art, s, e)].append(tech)
            keys = [k for k in tc_gold if k[0] == art]
            for key, probs in zip(keys, extractor.classify_spans(doc, [(k[1], k[2]) for k in keys])):
                k = len(tc_gold[key])
                if probs is None:
                    tc_pred[key] = ["Loaded_Language"] * k  # (not reached: every span has pieces)
                    continue
                best = probs.argsort()[::-1][:k]
                tc_pred[key] = [_label(i) for i in best]
    seconds = time.perf_counter() - started
    result = {
        "articles": len(ids),
        "split": "custom" if args.articles else args.split + (" (held-out train articles)" if args.holdout else ""),
        "threshold": extractor.threshold,
        "gate": extractor.gate is not None,
        "classifier": extractor.classifier is not None,
        "si": si_scores(si_pred, si_gold),
        "tc": tc_scores(tc_pred, tc_gold),
        "seconds": round(seconds, 1),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    if gate_sweep:
        shares = whitehouse_share(pipe, gate_sweep, args.whitehouse_docs)
        for t in gate_sweep:
            sc = si_scores(si_gate[t], si_gold)
            print(f"gate threshold {t:.3f}: SI F1 {sc['f1']:.4f} (P {sc['precision']:.4f} R {sc['recall']:.4f}); "
                  f"passes {shares[t]:.1%} of the characters of {args.whitehouse_docs} White House documents")
    for t in sweep:
        sc = si_scores(si_sweep[t], si_gold)
        print(f"threshold {t:.2f}: SI P {sc['precision']:.4f} R {sc['recall']:.4f} F1 {sc['f1']:.4f} ({sc['predicted']} spans)")
    si, tc = result["si"], result["tc"]
    print(f"PTC {result['split']}: {len(ids)} articles, threshold {result['threshold']}, sentence gate {'on' if result['gate'] else 'off'}, stacked classifier {'on' if result['classifier'] else 'off'}, {seconds:.0f} s")
    print(f"SI  P {si['precision']:.4f}  R {si['recall']:.4f}  F1 {si['f1']:.4f}   ({si['predicted']} predicted, {si['gold']} gold spans)")
    print(f"TC  micro P {tc['precision']:.4f}  R {tc['recall']:.4f}  F1 {tc['micro_f1']:.4f}   ({tc['spans']} gold labels)")
    for label, f1 in tc["per_technique_f1"].items():
        print(f"    {label:<40}{f1:.3f}")


def whitehouse_share(pipe, thresholds: list[float], n: int) -> dict[float, float]:  # noqa: ANN001
    """Share of the sentence characters of n White House documents that each gate threshold passes."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from throughput import DEFAULT_CORPUS, _read, corpus_files

    from communique.models.news_encoder import sentence_spans

    gate = pipe.extractors[0].gate
    if gate is None or not DEFAULT_CORPUS.exists():
        return {t: float("nan") for t in thresholds}
    texts = [d.text for d in _read(corpus_files(DEFAULT_CORPUS, n))]
    total = 0
    passed = dict.fromkeys(thresholds, 0)
    with pipe.nlp.select_pipes(disable=pipe.disabled):
        for doc in pipe.nlp.pipe(texts, batch_size=8):
            spans = sentence_spans(doc)
            scores = gate.scores([doc.text[s:e] for s, e in spans])
            total += sum(e - s for s, e in spans)
            for t in thresholds:
                passed[t] += sum(e - s for (s, e), p in zip(spans, scores) if p >= t)
    return {t: passed[t] / total if total else 0.0 for t in thresholds}


def _label(i: int) -> str:
    from communique.schema import PTC_TECHNIQUES

    return PTC_TECHNIQUES[int(i)]


if __name__ == "__main__":
    main()
