"""Train the sentence gate of the techniques extractor (communique.models.sentence_gate).

    training/.venv/bin/python training/train_sentence_gate.py [--recall 0.95]

A logistic regression (scikit-learn) over the hashed features of communique's own featuriser, on
PTC train lines (label: the line overlaps a technique span), minus the 20 held-out articles, where
the threshold is set so that the lines passed hold ``--recall`` of the span characters. Writes
src/communique/models/news_encoder/sentence_gate.npz (weights as float16).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))
from data import ptc_article_ids, read_ptc  # noqa: E402

from communique.models.sentence_gate import BUCKETS, GATE_FILE, features  # noqa: E402

HOLDOUT_ARTICLES = 20


def matrix(chunks):
    rows, cols = [], []
    for i, ch in enumerate(chunks):
        f = sorted(set(features(ch.text)))
        rows += [i] * len(f)
        cols += f
    return csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(chunks), BUCKETS))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--recall", type=float, default=0.8)
    ap.add_argument("--C", type=float, default=0.5)
    args = ap.parse_args()
    ids = ptc_article_ids("train")
    train, hold = read_ptc("train", ids[:-HOLDOUT_ARTICLES]), read_ptc("train", ids[-HOLDOUT_ARTICLES:])
    y = np.array([bool(c.spans) for c in train])
    clf = LogisticRegression(C=args.C, max_iter=2000, class_weight="balanced").fit(matrix(train), y)
    scores = clf.predict_proba(matrix(hold))[:, 1]
    chars = np.array([sum(e - s for s, e in c.spans) for c in hold], dtype=float)
    order = np.argsort(-scores)
    kept = np.cumsum(chars[order]) / chars.sum()
    cut = int(np.searchsorted(kept, args.recall)) + 1
    threshold = float(scores[order][min(cut, len(order)) - 1])
    passed = scores >= threshold
    print(f"held out: {len(hold)} lines; threshold {threshold:.3f} passes {passed.mean():.1%} of lines, "
          f"{chars[passed].sum() / chars.sum():.1%} of span characters, "
          f"{np.mean([bool(c.spans) for c in hold]):.1%} of lines have spans")
    GATE_FILE.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(GATE_FILE, weights=clf.coef_[0].astype(np.float16), bias=np.float32(clf.intercept_[0]), threshold=np.float32(threshold))
    print(f"wrote {GATE_FILE}")


if __name__ == "__main__":
    main()
