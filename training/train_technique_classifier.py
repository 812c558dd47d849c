"""Train the technique classifier stacked on the news encoder (communique.models.technique_classifier).

    # 1. encode every gold span of PTC train as the extractor does (runtime venv: spaCy + int8 encoder)
    nice -n 10 .venv/bin/python training/train_technique_classifier.py dump
    # 2. fit the logistic regression, choose its settings on the 20 held-out train articles, write
    #    src/communique/models/news_encoder/technique_classifier.npz (float16)
    nice -n 10 training/.venv/bin/python training/train_technique_classifier.py fit

Step 1 keeps the span vectors (mean, [CLS]) in artifacts/technique_features/train.npz so
that step 2 can try settings without encoding again. Step 2 fits on the train articles minus the
last 20 (by id), with the encoder head's logits (times a weight) as a fixed offset, picks the
weight, the regularisation and the feature groups by TC micro-F1 on those 20 (each gold
span labelled with its k most probable distinct techniques, as the benchmark does), then refits on
all 371 articles with the chosen settings. PTC dev is never read here; benchmarks/techniques_ptc.py
reports it.

Note: the encoder was fine-tuned on the same train articles (minus the same 20), so its vectors fit
those spans better than unseen ones; the held-out articles are what keeps the choice honest.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))
from data import TECHNIQUES, ptc_article_ids, read_ptc_article, read_ptc_labels, save_features  # noqa: E402

from communique.models.technique_classifier import (  # noqa: E402
    BUCKETS,
    CLASSIFIER_FILE,
    hashed_features,
    surface_features,
)

HOLDOUT_ARTICLES = 20
FEATURES = ROOT / "artifacts" / "technique_features"


def dump(split: str) -> None:
    from communique.extract.techniques import span_repeats
    from communique.pipeline import Pipeline

    labels = read_ptc_labels(split)
    ids = ptc_article_ids(split)
    pipe = Pipeline(only=["techniques"], config={"techniques": {"classifier": False}})
    extractor = pipe.extractors[0]
    texts = [read_ptc_article(split, i) for i in ids]
    rows: dict[str, list] = {k: [] for k in ("mean", "cls")}
    meta = []
    with pipe.nlp.select_pipes(disable=pipe.disabled):
        for n, (art, text, doc) in enumerate(zip(ids, texts, pipe.nlp.pipe(texts, batch_size=8))):
            spans: dict[tuple[int, int], list[str]] = {}
            for s, e, tech in labels.get(art, []):
                spans.setdefault((s, e), []).append(tech)
            keys = list(spans)
            normalised = " ".join(text.lower().split())
            for (s, e), window in zip(keys, extractor.span_windows(doc, keys)):
                idx = window.pieces(s, e) if window is not None else []
                if not len(idx):
                    continue
                vec = window.vectors
                rows["mean"].append(vec[idx].mean(0))
                rows["cls"].append(vec[0])
                meta.append({"article": art, "start": s, "end": e, "labels": spans[(s, e)],
                             "window": [window.start, window.end], "repeats": span_repeats(text, s, e, normalised)})
            if n % 25 == 0:
                print(f"{split}: {n}/{len(ids)} articles, {len(meta)} spans", flush=True)
    save_features(FEATURES, split, rows, meta, "spans")


def load(split: str):
    """Dumped spans with the head's logits, surface values and hashed features."""
    data = np.load(FEATURES / f"{split}.npz")
    meta = json.loads((FEATURES / f"{split}.json").read_text())
    texts = {a: read_ptc_article(split, a) for a in {m["article"] for m in meta}}
    heads = np.load(CLASSIFIER_FILE.parent / "heads.npz")
    repeats = np.log1p(np.array([m["repeats"] for m in meta], dtype=np.float32))[:, None]
    head = np.hstack([data["mean"], data["cls"], repeats]) @ heads["tc.weight"].T + heads["tc.bias"]
    surface = np.array([surface_features(texts[m["article"]], m["start"], m["end"], m["repeats"], tuple(m["window"])) for m in meta])
    hashed = [hashed_features(texts[m["article"]], m["start"], m["end"]) for m in meta]
    return meta, head, surface, hashed


def design(surface, hashed, rows, groups: set[str]):
    """Surface values (zeros when switched off) and the hashed-bucket matrix of the given rows."""
    from scipy.sparse import csr_matrix

    dense = surface[rows] if "surface" in groups else np.zeros_like(surface[rows])
    r, c = [], []
    if "hashed" in groups:
        for i, row in enumerate(rows):
            r += [i] * len(hashed[row])
            c += hashed[row]
    sparse = csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(len(rows), BUCKETS))
    return dense, sparse


def fit(head, surface, hashed, meta, rows, groups, C: float, head_weight: float):
    """Multinomial logistic regression with head_weight x the head's logits as a fixed offset, over
    standardised surface values + hashed buckets, one sample per gold label; L2 penalty
    sum(w^2) / (2 C n) as scikit-learn's C. Fitted with PyTorch's full-batch L-BFGS: scikit-learn
    has no offset term, and its solvers took minutes a fit on the shared cores."""
    import torch

    torch.set_num_threads(1)
    sample_rows = [r for r in rows for _ in meta[r]["labels"]]
    y = torch.tensor([TECHNIQUES.index(t) for r in rows for t in meta[r]["labels"]])
    dense, sparse = design(surface, hashed, sample_rows, groups)
    mean, scale = dense.mean(0), dense.std(0)
    scale[scale < 1e-6] = 1.0  # a switched-off or constant feature keeps weight 0
    Xd = torch.tensor((dense - mean) / scale, dtype=torch.float32)
    coo = sparse.tocoo()
    Xs = torch.sparse_coo_tensor(np.vstack([coo.row, coo.col]), coo.data, sparse.shape).coalesce()
    offset = torch.tensor(head_weight * head[sample_rows], dtype=torch.float32)
    k, n = len(TECHNIQUES), len(sample_rows)
    Wd = torch.zeros(dense.shape[1], k, requires_grad=True)
    Wh = torch.zeros(BUCKETS, k, requires_grad=True)
    b = torch.zeros(k, requires_grad=True)
    opt = torch.optim.LBFGS([Wd, Wh, b], max_iter=150, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        logits = offset + Xd @ Wd + torch.sparse.mm(Xs, Wh) + b
        penalty = (Wd.pow(2).sum() + Wh.pow(2).sum()) / (2 * C)
        loss = (torch.nn.functional.cross_entropy(logits, y, reduction="sum") + penalty) / n
        loss.backward()
        return loss

    opt.step(closure)
    return {"surface": Wd.detach().numpy().T.copy(), "hashed": Wh.detach().numpy(), "bias": b.detach().numpy(),
            "mean": mean.astype(np.float32), "scale": scale.astype(np.float32), "head_weight": np.float32(head_weight)}


def predict(model, head, surface, hashed, rows, groups):
    dense, sparse = design(surface, hashed, rows, groups)
    logits = model["head_weight"] * head[rows] + ((dense - model["mean"]) / model["scale"]) @ model["surface"].T
    return np.asarray(logits + model["bias"] + sparse @ model["hashed"])


def tc_f1(logits, meta, rows) -> float:
    correct = total = 0
    for i, r in enumerate(rows):
        gold = meta[r]["labels"]
        pred = [TECHNIQUES[j] for j in np.argsort(-logits[i])[: len(gold)]]
        correct += sum((Counter(pred) & Counter(gold)).values())
        total += len(gold)
    return correct / total  # predicted = gold count, so micro P = R = F1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", choices=("dump", "fit"))
    ap.add_argument("--split", default="train")
    ap.add_argument("--C", type=float, nargs="*", default=[0.003, 0.01, 0.03])
    ap.add_argument("--head-weight", type=float, nargs="*", default=[0.7, 1.0])
    ap.add_argument("--groups", nargs="*", default=["surface", "hashed", "surface,hashed"],
                    help="feature groups to compare (comma-separated within one choice)")
    args = ap.parse_args()
    if args.step == "dump":
        dump(args.split)
        return
    meta, head, surface, hashed = load("train")
    hold_ids = set(ptc_article_ids("train")[-HOLDOUT_ARTICLES:])
    train_rows = [i for i, m in enumerate(meta) if m["article"] not in hold_ids]
    hold_rows = [i for i, m in enumerate(meta) if m["article"] in hold_ids]
    print(f"{len(train_rows)} spans to fit, {len(hold_rows)} held out; "
          f"encoder head alone on held-out: TC micro-F1 {tc_f1(head[hold_rows], meta, hold_rows):.4f}")
    best = (-1.0, None, None, None)
    for g in args.groups:
        groups = set(filter(None, g.split(",")))
        for w in args.head_weight:
            for C in args.C:
                model = fit(head, surface, hashed, meta, train_rows, groups, C, w)
                f1 = tc_f1(predict(model, head, surface, hashed, hold_rows, groups), meta, hold_rows)
                print(f"groups {sorted(groups)} head weight {w} C {C}: held-out TC micro-F1 {f1:.4f}", flush=True)
                if f1 > best[0] + 1e-9:
                    best = (f1, groups, w, C)
    f1, groups, w, C = best
    print(f"chosen: groups {sorted(groups)} head weight {w} C {C} (held-out {f1:.4f}); refitting on all train articles")
    model = fit(head, surface, hashed, meta, list(range(len(meta))), groups, C, w)
    if "hashed" not in groups:  # all zeros: ship an empty table (the extractor then skips hashing)
        model["hashed"] = np.zeros((0, len(TECHNIQUES)), dtype=np.float32)
    np.savez_compressed(CLASSIFIER_FILE, **{k: v.astype(np.float16) if k in ("surface", "hashed") else v for k, v in model.items()})
    print(f"wrote {CLASSIFIER_FILE} ({CLASSIFIER_FILE.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
