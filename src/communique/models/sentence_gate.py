"""A cheap gate that says which sentences are worth the techniques model.

The news encoder costs about as much per word as spaCy's whole pipeline, and most sentences of
most documents hold no persuasion technique. This gate is a logistic regression over hashed word
and word-pair features (plus a few surface features: lexicon sentiment words, "!", "?", quotation
marks, capitals), trained on the PTC lines by ``training/train_sentence_gate.py``; the techniques
extractor encodes only the sentences it passes. Its threshold was chosen on held-out PTC train
articles to keep 80% of the characters inside technique spans (see the model card and
docs/accuracy.md for the trade-off).

Hashing (zlib.crc32, fixed) rather than a vocabulary keeps the model one small array; written here
because the featurisation must be identical at training and at run time and is a few lines.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import MODELS_DIR

GATE_FILE = MODELS_DIR / "news_encoder" / "sentence_gate.npz"
BUCKETS = 1 << 16
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|[!?“”\"]")


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return frozenset(w for w, v in SentimentIntensityAnalyzer().lexicon.items() if abs(v) >= 1.0)


def features(sentence: str) -> list[int]:
    """Indices of the hashed features present in the sentence (with repeats)."""
    raw = _WORD.findall(sentence)
    words = [w.lower() for w in raw]
    lexicon = _lexicon()
    out = [zlib.crc32(w.encode()) % BUCKETS for w in words]
    out += [zlib.crc32(f"{a} {b}".encode()) % BUCKETS for a, b in zip(words, words[1:])]
    sentiment = sum(1 for w in words if w in lexicon)
    caps = sum(1 for w in raw[1:] if w[:1].isupper())
    dense = [f"#lex{min(sentiment, 4)}", f"#len{min(len(words) // 8, 6)}", f"#caps{min(caps, 4)}"]
    out += [zlib.crc32(d.encode()) % BUCKETS for d in dense]
    return out


class SentenceGate:
    def __init__(self, path: Path = GATE_FILE) -> None:
        data = np.load(path)
        self.weights = data["weights"].astype(np.float32)
        self.bias = float(data["bias"])
        self.threshold = float(data["threshold"])

    def scores(self, sentences: list[str]) -> np.ndarray:
        """Probability that each sentence holds a technique span."""
        logits = np.array([self.weights[features(s)].sum() for s in sentences], dtype=np.float32)
        return 1.0 / (1.0 + np.exp(-(logits + self.bias)))

    def passes(self, sentences: list[str], threshold: float | None = None) -> np.ndarray:
        """Which sentences pass: score >= ``threshold`` (default: the one stored with the weights)."""
        if not sentences:
            return np.zeros(0, dtype=bool)
        return self.scores(sentences) >= (self.threshold if threshold is None else threshold)


@lru_cache(maxsize=1)
def load_sentence_gate() -> SentenceGate | None:
    """The gate, or None when its file is absent (then every sentence is encoded)."""
    return SentenceGate() if GATE_FILE.exists() else None
