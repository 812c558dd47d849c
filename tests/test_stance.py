"""The stance extractor: holders from document roles and quote speakers, targets from actors."""

from __future__ import annotations

import pytest

from communique.extract.actors import ActorsExtractor
from communique.pipeline import load_spacy
from communique.schema import Document, Quote

TEXT = (
    "The brutal dictator Viktor Orlov crushed peaceful protesters and jailed journalists. "
    "Maria Santos bravely defended the rights of refugees and won wide praise for her courage. "
    "Maria Santos said that Viktor Orlov is a liar and a thug."
)


@pytest.fixture(scope="module")
def extractor():
    from communique.extract.stance import StanceExtractor

    return StanceExtractor()


def analysed(authors=None, quotes=None):
    doc = load_spacy()(TEXT)
    record = Document(id="t", source="t", content_hash="-", text=TEXT)
    ActorsExtractor()(doc, record)
    record.authors = authors
    record.quotes = quotes
    return doc, record


def quote() -> Quote:
    start = TEXT.index("Viktor Orlov is")
    end = len(TEXT) - 1
    return Quote(start=start, end=end, speaker="person:maria-santos", text=TEXT[start:end], direct=False, cue="said")


def test_pairs_split_mentions_between_author_and_speaker(extractor):
    _, record = analysed(authors=["organization:the-daily"], quotes=[quote()])
    pairs = extractor.pairs(record)
    in_quote = TEXT.index("Viktor Orlov is")
    assert ("person:maria-santos", "person:viktor-orlov", in_quote, in_quote + 12) in pairs
    assert all(h == "organization:the-daily" for h, _, s, _ in pairs if s < in_quote)
    # a speaker holds no stance toward itself
    assert not any(h == t for h, t, _, _ in pairs)


def test_author_and_speaker_stances(extractor):
    doc, record = analysed(authors=["organization:the-daily"], quotes=[quote()])
    extractor(doc, record)
    found = {(s.holder, s.target): s for s in record.stances}
    assert found[("organization:the-daily", "person:viktor-orlov")].polarity == "against"
    assert found[("organization:the-daily", "person:maria-santos")].polarity == "favor"
    assert found[("person:maria-santos", "person:viktor-orlov")].polarity == "against"
    for s in record.stances:
        assert 0 <= s.confidence <= 1
        assert TEXT[s.start : s.end].strip() and s.end <= len(TEXT)


def test_no_holders_means_no_stances_but_the_field_is_set(extractor):
    doc, record = analysed()
    extractor(doc, record)
    assert record.stances == []
