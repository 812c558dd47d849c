"""The tone extractor: document and sentence tone on the GDELT-like scale of docs/tone.md."""

from __future__ import annotations

import communique


def test_negative_and_positive_wording_score_accordingly():
    text = (
        "We strongly condemn this cowardly and brutal attack on innocent civilians. "
        "The talks were warm, friendly and productive, and both sides welcomed the progress."
    )
    record = communique.analyze(text, only=["tone"])
    sentences = record.extensions["sentence_tones"]
    assert [text[s["start"] : s["end"]].split()[0] for s in sentences] == ["We", "The"]
    assert sentences[0]["tone"] < 0 and sentences[0]["compound"] < -0.5
    assert sentences[1]["tone"] > 0 and sentences[1]["compound"] > 0.5
    assert record.tone is not None and -100 <= record.tone <= 100


def test_negation_reverses_a_word_and_neutral_text_is_zero():
    good = communique.analyze("The proposal is good for the region.", only=["tone"])
    not_good = communique.analyze("The proposal is not good for the region.", only=["tone"])
    assert good.tone > 0 > not_good.tone
    flat = communique.analyze("The delegation arrived in Geneva on Tuesday morning.", only=["tone"])
    assert flat.tone == 0.0
    assert flat.extensions["sentence_tones"][0]["tone"] == 0.0
