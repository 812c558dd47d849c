"""The techniques extractor and the news encoder it shares with stance."""

from __future__ import annotations

import communique
from communique.models import MODELS_DIR
from communique.models.news_encoder import MAX_PIECES, load_news_encoder
from communique.schema import PTC_TECHNIQUES

LOADED = (
    "These corrupt, treacherous cowards have betrayed our great nation again and again. "
    "The committee will meet on Tuesday to review the budget."
)


def test_spans_lie_in_the_text_and_carry_known_labels():
    record = communique.analyze(LOADED, only=["techniques"])
    assert record.techniques, "loaded wording should give at least one span"
    for t in record.techniques:
        assert 0 <= t.start < t.end <= len(LOADED)
        assert t.label in PTC_TECHNIQUES
        assert 0 <= t.confidence <= 1
    assert any(t.start < LOADED.index("The committee") for t in record.techniques)


def test_a_long_sentence_is_encoded_in_windows_covering_all_of_it():
    encoder = load_news_encoder()
    text = " ".join(["peace"] * (3 * MAX_PIECES))
    windows = encoder.encode(text, [(0, len(text))])
    assert len(windows) >= 3
    assert windows[0].start == 0 and windows[-1].end == len(text)
    assert all(len(w.vectors) <= MAX_PIECES for w in windows)


def test_committed_models_stay_within_the_size_budget():
    total = sum(f.stat().st_size for f in MODELS_DIR.rglob("*") if f.is_file())
    assert total <= 60 * 2**20, f"models take {total / 2**20:.1f} MB, over the 60 MB budget"


def test_length_batches_cover_everything_in_order_and_stay_small():
    from communique.models.news_encoder import BATCH, PAD_SLACK, _length_batches

    lengths = sorted([5] * 40 + [30, 31, 33, 90, 126])
    ranges = _length_batches(lengths)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(lengths)
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
    for start, end in ranges:
        assert end - start <= BATCH
        assert lengths[end - 1] <= lengths[start] * PAD_SLACK + 4
    assert _length_batches([]) == []
