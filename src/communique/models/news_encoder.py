"""The news encoder: all-MiniLM-L6-v2 fine-tuned jointly for stance and persuasion techniques.

One int8 ONNX encoder turns a sentence into token vectors; small linear heads (numpy, in
``heads.npz``) read them:

- ``stance``: [mean of a target mention's token vectors; [CLS]] -> against / neutral / favor;
- ``si``: per token, O / B / I of a persuasion-technique span;
- ``tc``: [mean of a span's token vectors; [CLS]; log1p(other occurrences of the span in the
  document)] -> one of the 14 PTC techniques.

Because the heads share the encoder, the stance and techniques extractors encode each sentence once
between them: :func:`sentence_encodings` keeps what was encoded in the document's shared state.
Trained by ``training/train_news_encoder.py``; see ``news_encoder/MODEL_CARD.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ModelNotInstalled
from . import MODELS_DIR

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_DIR = MODELS_DIR / "news_encoder"
#: Word pieces per encoder pass, [CLS] and [SEP] included: a longer sentence is cut into windows.
MAX_PIECES = 128
#: Sentences per onnxruntime call at most (sorted by length, so that padding stays small).
BATCH = 32
#: A batch ends where a sentence is this many times longer than the batch's shortest (plus 4 pieces):
#: padding measured as half of the work with one batch per document.
PAD_SLACK = 1.25
#: Word pieces per onnxruntime call at most (sentences x width): onnxruntime keeps the memory of its
#: largest call in an arena for the rest of the process, and attention's share of it grows with
#: sentences x width x width, so a cap on the call keeps the arena small (docs/performance.md).
MAX_CELLS = 2048
STANCE_LABELS = ("against", "neutral", "favor")


@dataclass
class Encoded:
    """One encoded stretch of text: token vectors and their character spans in the document."""

    start: int  # document offset of the stretch
    end: int
    vectors: np.ndarray  # [pieces, hidden], [CLS] first; [SEP] and padding removed
    offsets: np.ndarray  # [pieces, 2] document character spans of the pieces ([CLS]: -1, -1)

    def pieces(self, start: int, end: int) -> np.ndarray:
        """Indices of the word pieces overlapping the characters start..end."""
        s, e = self.offsets[:, 0], self.offsets[:, 1]
        return np.nonzero((e > s) & (s < end) & (e > start))[0]


def softmax(logits: np.ndarray) -> np.ndarray:
    z = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


class NewsEncoder:
    """The ONNX encoder with its tokenizer and heads, loaded once (see :func:`load_news_encoder`)."""

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int | None = None) -> None:
        files = [model_dir / n for n in ("encoder.int8.onnx", "tokenizer.json", "heads.npz")]
        missing = [f.name for f in files if not f.exists()]
        if missing:
            raise ModelNotInstalled(
                f"The news encoder files {missing} are missing from {model_dir}; reinstall communique "
                "(they are package data) or run training/export_news_encoder.py."
            )
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        # one thread by default: spaCy and the rest of the pipeline run in this process too, and on
        # a shared two-core machine a second onnxruntime thread measured slower, not faster
        # (docs/performance.md); ``threads`` in the extractor config overrides it
        options.intra_op_num_threads = threads or 1
        options.inter_op_num_threads = 1
        # no busy-waiting between operators: on a shared machine spinning threads steal the cores
        # spaCy and the other processes need (measured: docs/performance.md)
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(files[0]), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(files[1]))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        heads = np.load(files[2])
        self.heads = {k: heads[k].astype(np.float32) for k in heads.files}
        self.cls_id = self.tokenizer.token_to_id("[CLS]")
        self.sep_id = self.tokenizer.token_to_id("[SEP]")

    # -- encoding ---------------------------------------------------------------------------------
    def encode(self, text: str, spans: list[tuple[int, int]]) -> list[Encoded]:
        """Encode each ``text[start:end]``; a span longer than MAX_PIECES pieces gives several windows."""
        windows: list[tuple[int, int, list[int], list[tuple[int, int]]]] = []
        # one call per sentence, not encode_batch: encode_batch hands the sentences to a rayon
        # thread pool whose threads compete with spaCy for the same cores, and a sentence is too
        # short to gain from threads
        pieces = [self.tokenizer.encode(text[s:e], add_special_tokens=False) for s, e in spans]
        for (s, _e), enc in zip(spans, pieces):
            ids, offs = enc.ids, enc.offsets
            step = MAX_PIECES - 2
            for k in range(0, max(1, len(ids)), step):
                w_ids, w_offs = ids[k : k + step], offs[k : k + step]
                if not w_ids:
                    continue
                w_offs = [(s + a, s + b) for a, b in w_offs]
                windows.append((w_offs[0][0], w_offs[-1][1], w_ids, w_offs))
        order = sorted(range(len(windows)), key=lambda i: len(windows[i][2]))
        out: list[Encoded | None] = [None] * len(windows)
        for b, e in _length_batches([len(windows[i][2]) for i in order]):
            batch = [windows[i] for i in order[b:e]]
            width = max(len(w[2]) for w in batch) + 2
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for r, w in enumerate(batch):
                n = len(w[2])
                ids[r, 0], ids[r, 1 : n + 1], ids[r, n + 1] = self.cls_id, w[2], self.sep_id
                mask[r, : n + 2] = 1
            (hidden,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            for r, w in enumerate(batch):
                n = len(w[2])
                offsets = np.array([(-1, -1), *w[3]], dtype=np.int64)
                out[order[b + r]] = Encoded(w[0], w[1], hidden[r, : n + 1], offsets)
        return [x for x in out if x is not None]

    # -- heads ------------------------------------------------------------------------------------
    def _linear(self, name: str, x: np.ndarray) -> np.ndarray:
        return x @ self.heads[f"{name}.weight"].T + self.heads[f"{name}.bias"]

    def stance(self, enc: Encoded, start: int, end: int) -> np.ndarray | None:
        """Probabilities (against, neutral, favor) of the sentence toward the mention start..end."""
        idx = enc.pieces(start, end)
        if not len(idx):
            return None
        feats = np.concatenate([enc.vectors[idx].mean(0), enc.vectors[0]])
        return softmax(self._linear("stance", feats))

    def span_tags(self, enc: Encoded) -> np.ndarray:
        """Probabilities [pieces, (O, B, I)] of each word piece ([CLS] excluded)."""
        return softmax(self._linear("si", enc.vectors[1:]))

    def technique(self, enc: Encoded, start: int, end: int, repeats: int) -> np.ndarray | None:
        """Probabilities of the 14 techniques for the span start..end."""
        idx = enc.pieces(start, end)
        if not len(idx):
            return None
        return softmax(self.technique_logits(enc, idx, repeats))

    def technique_logits(self, enc: Encoded, idx: np.ndarray, repeats: int) -> np.ndarray:
        """The tc head's logits for the span made of the word pieces idx (not empty)."""
        feats = np.concatenate([enc.vectors[idx].mean(0), enc.vectors[0], [np.log1p(repeats)]])
        return self._linear("tc", feats.astype(np.float32))


def _length_batches(lengths: list[int]) -> list[tuple[int, int]]:
    """(start, end) ranges over ascending lengths: at most BATCH items, and a new batch where the
    length outgrows the batch's first by PAD_SLACK, so that little of the work is padding."""
    ranges: list[tuple[int, int]] = []
    start = 0
    for i, n in enumerate(lengths):
        full = i - start >= BATCH or (i - start + 1) * (n + 2) > MAX_CELLS
        if i > start and (full or n > lengths[start] * PAD_SLACK + 4):
            ranges.append((start, i))
            start = i
    if lengths:
        ranges.append((start, len(lengths)))
    return ranges


@lru_cache(maxsize=2)
def load_news_encoder(model_dir: str = str(MODEL_DIR), threads: int | None = None) -> NewsEncoder:
    """The encoder, loaded once per process and shared by the extractors that use it."""
    return NewsEncoder(Path(model_dir), threads)


def sentence_encodings(doc: Doc, encoder: NewsEncoder, sentences: list[tuple[int, int]]) -> dict:
    """Encodings of the given (start_char, end_char) sentences, cached in the document's shared state.

    Returns {sentence span: [Encoded windows]}; a sentence already encoded by another extractor is
    not encoded again.
    """
    from ..extract import document_text, shared_state

    cache: dict[tuple[int, int], list[Encoded]] = shared_state(doc).setdefault("news_encodings", {})
    todo = [s for s in dict.fromkeys(sentences) if s not in cache]
    if todo:
        encoded = encoder.encode(document_text(doc), todo)
        for span in todo:
            cache[span] = [e for e in encoded if e.start >= span[0] and e.end <= span[1]]
    return {s: cache[s] for s in sentences}


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of each non-blank sentence, trimmed of surrounding white space.

    Kept in the document's shared state: walking ``doc.sents`` is not free and both extractors
    that use the encoder need the list.
    """
    from ..extract import shared_state

    state = shared_state(doc)
    if "sentence_spans" not in state:
        state["sentence_spans"] = _sentence_spans(doc)
    return state["sentence_spans"]


def _sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    from ..extract import document_text, sentences

    spans = []
    text = document_text(doc)
    for sent in sentences(doc):
        s, e = sent.start_char, sent.end_char
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def config_threads(config: dict[str, Any]) -> int | None:
    value = config.get("threads")
    return int(value) if value else None
