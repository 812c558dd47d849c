"""Stance toward a person mention on NewsMTSC: macro-F1 over negative / neutral / positive.

    .venv/bin/python benchmarks/stance_newsmtsc.py                 # devtest_rw and devtest_mt
    .venv/bin/python benchmarks/stance_newsmtsc.py --model artifacts/news_encoder/encoder.onnx  # float32

Measures the stance head of the news encoder exactly as the ``stance`` extractor calls it: the
sentence is encoded once, each labelled mention is classified from its word-piece vectors and the
sentence vector. NewsMTSC's classes map to the extractor's: negative = against, neutral = no record,
positive = favor. Printed as the field reports it (Hamborg & Donnay, EACL 2021: F1m = macro-F1 over
the three classes; best published 83.1 on devtest_rw and 82.5 on devtest_mt), with accuracy.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
NEWSMTSC = ROOT.parent / "shared" / "data" / "newsmtsc"
POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}  # negative, neutral, positive = against, neutral, favor


def macro_f1(conf: np.ndarray) -> float:
    f1s = []
    for c in range(len(conf)):
        tp, pred, gold = conf[c, c], conf[:, c].sum(), conf[c].sum()
        p, r = (tp / pred if pred else 0.0), (tp / gold if gold else 0.0)
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return float(np.mean(f1s))


def evaluate(encoder, path: Path) -> dict:
    conf = np.zeros((3, 3), dtype=int)
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        obj = json.loads(line)
        text = obj["sentence_normalized"]
        windows = encoder.encode(text, [(0, len(text))])
        for t in obj["targets"]:
            window = next((w for w in windows if w.start <= t["from"] and t["to"] <= w.end), windows[0])
            probs = encoder.stance(window, t["from"], t["to"])
            pred = 1 if probs is None else int(probs.argmax())
            conf[POLARITY[t["polarity"]], pred] += 1
    return {
        "sentences": len(lines),
        "targets": int(conf.sum()),
        "macro_f1": macro_f1(conf),
        "accuracy": float(np.trace(conf) / conf.sum()),
        "confusion (rows gold neg/neu/pos, cols predicted)": conf.tolist(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--splits", default="devtest_rw,devtest_mt")
    ap.add_argument("--model", type=Path, help="another encoder .onnx file to measure (e.g. the float32 export)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not NEWSMTSC.exists():
        sys.exit(f"NewsMTSC not found at {NEWSMTSC} (../shared/data/newsmtsc)")
    from communique.models.news_encoder import MODEL_DIR, NewsEncoder

    model_dir = MODEL_DIR
    if args.model:  # a folder like the shipped one, with this encoder file in place of the int8 one
        tmp = Path(tempfile.mkdtemp())
        for f in ("tokenizer.json", "heads.npz"):
            shutil.copy(MODEL_DIR / f, tmp / f)
        shutil.copy(args.model, tmp / "encoder.int8.onnx")
        model_dir = tmp
    encoder = NewsEncoder(model_dir)
    results = {}
    for split in args.splits.split(","):
        started = time.perf_counter()
        results[split] = evaluate(encoder, NEWSMTSC / f"{split}.jsonl")
        results[split]["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for split, r in results.items():
        print(f"{split}: {r['targets']} targets in {r['sentences']} sentences  macro-F1 {r['macro_f1']:.4f}  accuracy {r['accuracy']:.4f}  ({r['seconds']} s)")


if __name__ == "__main__":
    main()
