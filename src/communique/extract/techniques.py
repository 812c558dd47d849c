"""Persuasion techniques: which stretches of a text use which of the 14 PTC techniques.

Span identification and classification as in SemEval-2020 Task 11, by the news encoder (all-MiniLM-
L6-v2 fine-tuned on the Propaganda Techniques Corpus; ``models/news_encoder/MODEL_CARD.md``):

1. a cheap gate (``models/sentence_gate.py``) drops the sentences unlikely to hold a technique; the
   others are encoded once (shared with the stance extractor);
2. the span head gives each word piece a probability of lying inside a technique span; runs of
   pieces above ``threshold`` become spans, a new span starting where the head says "begins here",
   and a span that ends inside a word is widened to the whole word;
3. each span gets one technique from the encoder's classification head (the span's vectors, the
   sentence's vector, how often the span's words recur in the document) corrected by a logistic
   regression stacked on it (``models/technique_classifier.py``: surface features such as length
   and repetition, the span's hashed words and its neighbours); without its file (or with
   ``classifier=False``) the head alone decides.

``confidence`` = mean in-span probability x probability of the technique. A text is analysed, not
judged: a span says that the wording uses a technique, not that the text is propaganda.

    >>> communique.analyze("Only a traitor would sign this shameful deal.", only=["techniques"]).techniques
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..models.news_encoder import Encoded, config_threads, load_news_encoder, sentence_encodings, sentence_spans
from ..models.sentence_gate import load_sentence_gate
from ..models.technique_classifier import hashed_features, load_technique_classifier, surface_features
from ..schema import PTC_TECHNIQUES, Technique
from . import Extractor, document_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..schema import Document

#: In-span probability from which a word piece counts as inside a span, chosen on the PTC train
#: articles held out of training (``benchmarks/techniques_ptc.py --split train --holdout
#: --threshold X``), never on dev.
DEFAULT_THRESHOLD = 0.25
#: Spans shorter than this many characters are dropped (a lone piece of punctuation or a stray letter).
MIN_SPAN_CHARS = 2
#: The sentence gate's threshold. The gate file's own (0.31) keeps 80% of the technique characters
#: of the held-out PTC train articles; 0.40 encodes a fifth fewer White House characters (33.5%
#: against 41.6% of 200 documents) for SI 0.422 against 0.429 on those articles (dev: 0.374 against
#: 0.370; ``benchmarks/techniques_ptc.py --gate-sweep``), chosen for the throughput budget.
DEFAULT_GATE_THRESHOLD = 0.40


def span_repeats(text: str, start: int, end: int, normalised: str | None = None) -> int:
    """How many other times the span's words occur in the text (case-insensitive, spaces normalised).

    The classification head was trained with this count (training/data.py computes it the same way).
    """
    needle = " ".join(text[start:end].lower().split())
    if len(needle) < 3:
        return 0
    hay = normalised if normalised is not None else " ".join(text.lower().split())
    return max(0, hay.count(needle) - 1)


class TechniquesExtractor(Extractor):
    name = "techniques"
    assigns = ("techniques",)
    requires = ()
    spacy = ("parser",)  # sentence boundaries
    version = "3"

    def __init__(self, **config: Any) -> None:
        super().__init__(**config)
        self.encoder = load_news_encoder(threads=config_threads(config))
        self.threshold = float(config.get("threshold", DEFAULT_THRESHOLD))
        # gate=False encodes every sentence (slower; the benchmark reports both); gate_threshold
        # overrides the gate's own threshold (higher: faster, fewer spans found; docs/accuracy.md)
        self.gate = load_sentence_gate() if config.get("gate", True) else None
        self.gate_threshold = float(config.get("gate_threshold", DEFAULT_GATE_THRESHOLD))
        # classifier=False: the encoder's tc head alone (the benchmark compares both)
        self.classifier = load_technique_classifier() if config.get("classifier", True) else None

    # -- span identification ----------------------------------------------------------------------
    def find_spans(self, text: str, window: Encoded) -> list[tuple[int, int, float]]:
        """(start, end, mean in-span probability) of the spans the head finds in one window."""
        tags = self.encoder.span_tags(window)  # [pieces, (O, B, I)]
        inside = tags[:, 1] + tags[:, 2]
        offsets = window.offsets[1:]
        spans: list[tuple[int, int, float]] = []
        run: list[int] = []

        def close() -> None:
            if run:
                start, end = int(offsets[run[0], 0]), int(offsets[run[-1], 1])
                while end < len(text) and text[end].isalnum():  # widen to the end of the word
                    end += 1
                while start > 0 and text[start - 1].isalnum():
                    start -= 1
                if end - start >= MIN_SPAN_CHARS:
                    spans.append((start, end, float(inside[run].mean())))
                run.clear()

        for i in range(len(inside)):
            if inside[i] < self.threshold:
                close()
                continue
            if run and tags[i, 1] > tags[i, 2]:
                close()  # the head says a new span begins here
            run.append(i)
        close()
        return spans

    # -- classification ---------------------------------------------------------------------------
    def classify(
        self, text: str, window: Encoded, start: int, end: int, normalised: str | None = None
    ) -> np.ndarray | None:
        """Probabilities of the 14 techniques (schema.PTC_TECHNIQUES order) for text[start:end]."""
        repeats = span_repeats(text, start, end, normalised)
        if self.classifier is None:
            return self.encoder.technique(window, start, end, repeats)
        idx = window.pieces(start, end)
        if not len(idx):
            return None
        head = self.encoder.technique_logits(window, idx, repeats)
        surface = surface_features(text, start, end, repeats, (window.start, window.end))
        hashed = hashed_features(text, start, end) if self.classifier.uses_words else []
        return self.classifier.probabilities(head, surface, hashed)

    def span_windows(self, doc: Doc, spans: list[tuple[int, int]]) -> list[Encoded | None]:
        """The encoded window of each given span: the span is encoded with the sentence(s) it lies
        in; a span longer than one window gets the window holding its start."""
        sentences = sentence_spans(doc)
        out = []
        for start, end in spans:
            covering = [s for s in sentences if s[1] > start and s[0] < end]
            ctx = (min([start, *(s[0] for s in covering)]), max([end, *(s[1] for s in covering)]))
            windows = sentence_encodings(doc, self.encoder, [ctx])[ctx]
            window = next((w for w in windows if w.start <= start and end <= w.end), None)
            if window is None:  # longer than one window: classify the part in the first window
                window = next((w for w in windows if w.end > start), None)
            out.append(window)
        return out

    def classify_spans(self, doc: Doc, spans: list[tuple[int, int]]) -> list[np.ndarray | None]:
        """Technique probabilities for given spans (the benchmark's TC task)."""
        text = document_text(doc)
        normalised = " ".join(text.lower().split())
        return [
            None if window is None else self.classify(text, window, start, end, normalised)
            for (start, end), window in zip(spans, self.span_windows(doc, spans))
        ]

    def gated_sentences(self, doc: Doc) -> list[tuple[int, int]]:
        """The sentences worth encoding: those the gate passes (every sentence without a gate)."""
        sentences = sentence_spans(doc)
        if self.gate is None:
            return sentences
        text = document_text(doc)
        keep = self.gate.passes([text[s:e] for s, e in sentences], self.gate_threshold)
        return [s for s, k in zip(sentences, keep) if k]

    def __call__(self, doc: Doc, record: Document) -> None:
        text = document_text(doc)
        normalised = " ".join(text.lower().split())
        sentences = self.gated_sentences(doc)
        found = []
        for windows in sentence_encodings(doc, self.encoder, sentences).values():
            for window in windows:
                for start, end, p_span in self.find_spans(text, window):
                    probs = self.classify(text, window, start, end, normalised)
                    if probs is None:
                        continue
                    label = int(probs.argmax())
                    found.append(
                        Technique(
                            start=start,
                            end=end,
                            label=PTC_TECHNIQUES[label],
                            confidence=round(p_span * float(probs[label]), 4),
                        )
                    )
        found.sort(key=lambda t: (t.start, t.end))
        record.techniques = found
