"""Tone: how positive or negative the wording of a document and of each of its sentences is.

Two measures, both from VADER's lexicon (vaderSentiment, a library, rather than a word list of our
own); docs/tone.md says what they mean and how they compare with GDELT's AvgTone:

- ``record.tone`` (document) and each sentence's ``tone``: GDELT-style percentage, 100 x (positive
  words - negative words) / all words, so about -10..+10 for ordinary text, like GDELT's AvgTone;
- each sentence's ``compound``: VADER's normalised sentence score in -1..1 (negation, intensifiers,
  "but", capitals and exclamation marks taken into account).

Sentence records go to ``record.extensions["sentence_tones"]`` as ``{start, end, tone, compound}``.

    >>> communique.analyze("We strongly condemn this cowardly attack.", only=["tone"]).tone
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import Extractor, sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from ..schema import Document

#: How many words before a lexicon word a negation ("not", "never", "no", ...) reverses it: VADER's
#: own window for its negation rule.
NEGATION_WINDOW = 3


class ToneExtractor(Extractor):
    name = "tone"
    assigns = ("tone", "sentence_tones")
    requires = ()
    spacy = ("parser",)  # sentence boundaries
    version = "1"

    def __init__(self, **config: Any) -> None:
        super().__init__(**config)
        from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentimentIntensityAnalyzer, negated

        self.analyzer = SentimentIntensityAnalyzer()
        self.negated = negated
        # intensifiers ("strongly", "very") modify a word's valence in VADER; they carry none
        self.boosters = frozenset(BOOSTER_DICT)

    def word_polarity(self, words: list[str]) -> tuple[int, int]:
        """Counts of positive and negative lexicon words, a word after a negation counted reversed."""
        positive = negative = 0
        lexicon = self.analyzer.lexicon
        for i, word in enumerate(words):
            valence = lexicon.get(word)
            if not valence or word in self.boosters:
                continue
            if self.negated(words[max(0, i - NEGATION_WINDOW) : i]):
                valence = -valence
            if valence > 0:
                positive += 1
            else:
                negative += 1
        return positive, negative

    def sentence_tone(self, sent: Span) -> tuple[dict[str, Any], int, int, int]:
        words = [t.lower_ for t in sent if t.is_alpha or "'" in t.text]
        positive, negative = self.word_polarity(words)
        n = sum(1 for t in sent if t.is_alpha)
        text = sent.text
        compound = self.analyzer.polarity_scores(text)["compound"] if text.strip() else 0.0
        tone = 100.0 * (positive - negative) / n if n else 0.0
        record = {
            "start": sent.start_char,
            "end": sent.end_char,
            "tone": round(tone, 3),
            "compound": round(float(compound), 4),
        }
        return record, positive, negative, n

    def __call__(self, doc: Doc, record: Document) -> None:
        per_sentence = []
        positive = negative = words = 0
        for sent in sentences(doc):
            if not sent.text.strip():
                continue
            sent_record, pos, neg, n = self.sentence_tone(sent)
            per_sentence.append(sent_record)
            positive, negative, words = positive + pos, negative + neg, words + n
        record.tone = round(100.0 * (positive - negative) / words, 3) if words else 0.0
        record.extensions["sentence_tones"] = per_sentence
