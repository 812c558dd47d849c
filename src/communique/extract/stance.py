"""Stance: who stands for or against whom, with the sentence that shows it.

Holders and targets:

- the document's authors and senders (``record.authors`` / ``record.senders``, from the roles
  extractor) toward every other actor the document names outside quotations;
- each quoted speaker (``record.quotes``, from the quotes extractor) toward every other actor
  named inside the quotation.

Either list may be empty or ``None`` (when called directly without those extractors); the stances
of the other kind are still found.

Each mention of a target is classified by the news encoder's stance head (all-MiniLM-L6-v2
fine-tuned on NewsMTSC: the sentiment of the sentence toward the mention; see
``models/news_encoder/MODEL_CARD.md``). The mentions of one (holder, target) pair are then pooled:
the mentions classified favor or against vote with their probability, the larger total wins, and
the pair gets no record when no mention leans either way (neutral). ``confidence`` is the mean
probability of the winning class over the mentions that voted for it; the evidence span is the
sentence of the strongest of them.

    >>> communique.analyze(text, only=["stance"]).stances
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Any

from ..models.news_encoder import config_threads, load_news_encoder, sentence_encodings, sentence_spans
from ..schema import Stance
from . import Extractor

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..schema import Document

AGAINST, NEUTRAL, FAVOR = 0, 1, 2


class StanceExtractor(Extractor):
    name = "stance"
    assigns = ("stances",)
    # holders: authors/senders (roles extractor) and quote speakers (quotes extractor)
    requires = ("actors", "authors", "senders", "quotes")
    spacy = ("parser",)  # sentence boundaries
    version = "1"

    def __init__(self, **config: Any) -> None:
        super().__init__(**config)
        self.encoder = load_news_encoder(threads=config_threads(config))

    def pairs(self, record: Document) -> list[tuple[str, str, int, int]]:
        """(holder, target, mention start, mention end) for every mention that can carry a stance."""
        quotes = [q for q in (record.quotes or []) if q.end > q.start]
        mentions = [(a.id, m.start, m.end) for a in record.actors or [] for m in a.mentions]
        holders = list(dict.fromkeys([*(record.authors or []), *(record.senders or [])]))
        out = []
        for target, start, end in mentions:
            inside = [q for q in quotes if q.start <= start and end <= q.end]
            if inside:
                out.extend((q.speaker, target, start, end) for q in inside if q.speaker and q.speaker != target)
            else:
                out.extend((h, target, start, end) for h in holders if h != target)
        return out

    def __call__(self, doc: Doc, record: Document) -> None:
        pairs = self.pairs(record)
        if not pairs:
            record.stances = []
            return
        sentences = sentence_spans(doc)
        starts = [s for s, _ in sentences]

        def sentence_of(start: int) -> tuple[int, int] | None:
            i = bisect_right(starts, start) - 1
            return sentences[i] if i >= 0 and start < sentences[i][1] else None

        needed = [s for s in dict.fromkeys(sentence_of(p[2]) for p in pairs) if s is not None]
        encodings = sentence_encodings(doc, self.encoder, needed)
        probs: dict[tuple[int, int], Any] = {}
        votes: dict[tuple[str, str], list[tuple[int, float, tuple[int, int]]]] = {}
        for holder, target, start, end in pairs:
            sent = sentence_of(start)
            if sent is None:
                continue
            key = (start, end)
            if key not in probs:
                window = next((e for e in encodings[sent] if e.start <= start and end <= e.end), None)
                probs[key] = None if window is None else self.encoder.stance(window, start, end)
            p = probs[key]
            if p is None:
                continue
            label = int(p.argmax())
            votes.setdefault((holder, target), [])
            if label != NEUTRAL:
                votes[(holder, target)].append((label, float(p[label]), sent))
        stances = []
        for (holder, target), found in votes.items():
            favor = sum(v for label, v, _ in found if label == FAVOR)
            against = sum(v for label, v, _ in found if label == AGAINST)
            if favor == against:  # no lean (or only neutral mentions): no record
                continue
            winner = FAVOR if favor > against else AGAINST
            mine = [(v, s) for label, v, s in found if label == winner]
            best, (start, end) = max(mine)
            stances.append(
                Stance(
                    start=start,
                    end=end,
                    holder=holder,
                    target=target,
                    polarity="favor" if winner == FAVOR else "against",
                    confidence=round(sum(v for v, _ in mine) / len(mine), 4),
                )
            )
        stances.sort(key=lambda s: (s.start, s.holder, s.target))
        record.stances = stances
