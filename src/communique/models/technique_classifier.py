"""Technique classification of a span: a logistic regression stacked on the news encoder's tc head.

The encoder's ``tc`` head sees only [mean of the span's vectors; [CLS]; repeats]. This classifier
adds, to ``HEAD_WEIGHT`` x the head's logits, a linear term over what the head cannot see:

- surface features: span length in characters and words, how often the span recurs in the
  document (Repetition), quotation marks, "!" and "?", capitals, whether the span is the whole
  sentence, where in the document it lies;
- hashed words and word pairs of the span, its first and last word, and the words just around it
  (Slogans, Flag-Waving and Doubt have typical wording).

Trained on PTC train by ``training/train_technique_classifier.py`` with the head's logits as a fixed
offset (settings chosen on the 20 held-out train articles); weights float16 in
``news_encoder/technique_classifier.npz``. The shipped file uses the surface features only: the
hashed words did not help on the held-out articles, so its hashed table is empty and no hashing is
done. When the file is absent the extractor uses the head alone.

Hashing (zlib.crc32) instead of a vocabulary keeps the model one array and the featurisation
identical at training and run time; it is written here because it is a few lines.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import MODELS_DIR

CLASSIFIER_FILE = MODELS_DIR / "news_encoder" / "technique_classifier.npz"
BUCKETS = 1 << 15
#: Words either side of the span whose hashed features are added (prefixed, so distinct from the span's).
CONTEXT_WORDS = 3
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+|[!?“”\"]")
SURFACE = (
    "log_chars", "log_words", "log_repeats", "repeated", "quote", "exclaim", "question",
    "caps_share", "whole_sentence", "position",
)  # fmt: skip


def hashed_features(text: str, start: int, end: int) -> list[int]:
    """Bucket indices of the span's words, word pairs, edge words and neighbouring words."""
    span = [w.lower() for w in _WORD.findall(text[start:end])]
    before = [w.lower() for w in _WORD.findall(text[max(0, start - 80) : start])][-CONTEXT_WORDS:]
    after = [w.lower() for w in _WORD.findall(text[end : end + 80])][:CONTEXT_WORDS]
    keys = [f"w:{w}" for w in span]
    keys += [f"b:{a} {b}" for a, b in zip(span, span[1:])]
    if span:
        keys += [f"first:{span[0]}", f"last:{span[-1]}", f"n:{min(len(span), 12)}"]
    keys += [f"pre:{w}" for w in before] + [f"post:{w}" for w in after]
    return sorted({zlib.crc32(k.encode()) % BUCKETS for k in keys})


def surface_features(text: str, start: int, end: int, repeats: int, sentence: tuple[int, int]) -> np.ndarray:
    """The SURFACE values of one span (scaled to roughly 0..3)."""
    piece = text[start:end]
    raw = _WORD.findall(piece)
    words = [w for w in raw if w[0].isalnum()]
    caps = sum(1 for w in words if w[:1].isupper())
    sent_len = max(1, sentence[1] - sentence[0])
    return np.array(
        [
            np.log1p(len(piece)) / 3,
            np.log1p(len(words)) / 2,
            np.log1p(repeats),
            float(repeats > 0),
            float(any(c in piece for c in "\"“”")),
            float("!" in piece),
            float("?" in piece),
            caps / len(words) if words else 0.0,
            min(1.0, len(piece) / sent_len),
            start / max(1, len(text)),
        ],
        dtype=np.float32,
    )


class TechniqueClassifier:
    def __init__(self, path: Path = CLASSIFIER_FILE) -> None:
        data = np.load(path)
        self.head_weight = float(data["head_weight"])  # scale of the encoder head's logits
        self.surface = data["surface"].astype(np.float32)  # [techniques, len(SURFACE)]
        self.hashed = data["hashed"].astype(np.float32)  # [BUCKETS, techniques], or empty
        self.bias = data["bias"].astype(np.float32)
        self.mean = data["mean"].astype(np.float32)  # standardisation of the surface features
        self.scale = data["scale"].astype(np.float32)
        # the hashed group may have been switched off in training (empty table): skip hashing then
        self.uses_words = bool(np.any(self.hashed))

    def probabilities(self, head_logits: np.ndarray, surface: np.ndarray, hashed: list[int]) -> np.ndarray:
        logits = self.head_weight * head_logits + self.surface @ ((surface - self.mean) / self.scale) + self.bias
        if hashed:
            logits = logits + self.hashed[hashed].sum(0)
        z = np.exp(logits - logits.max())
        return z / z.sum()


@lru_cache(maxsize=1)
def load_technique_classifier() -> TechniqueClassifier | None:
    """The classifier, or None when its file is absent (then the encoder's tc head is used)."""
    return TechniqueClassifier() if CLASSIFIER_FILE.exists() else None
