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
    from communique.models.news_encoder import BATCH, MAX_CELLS, PAD_SLACK, _length_batches

    lengths = sorted([5] * 40 + [30, 31, 33, 90, 126] + [120] * 40)
    ranges = _length_batches(lengths)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(lengths)
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
    for start, end in ranges:
        assert end - start <= BATCH
        assert lengths[end - 1] <= lengths[start] * PAD_SLACK + 4
        # a call holds at most MAX_CELLS pieces (with [CLS] and [SEP]) unless one sentence is wider
        assert end - start == 1 or (end - start) * (lengths[end - 1] + 2) <= MAX_CELLS
    assert _length_batches([]) == []


def test_a_stricter_sentence_gate_passes_a_subset():
    from communique.models.sentence_gate import load_sentence_gate

    gate = load_sentence_gate()
    sentences = ["The committee met on Monday.", "These traitors will destroy our great nation!", "Rain fell."]
    scores = gate.scores(sentences)
    loose, strict = gate.passes(sentences, 0.0), gate.passes(sentences, float(scores.max()) + 1e-6)
    assert loose.all() and not strict.any()
    assert (gate.passes(sentences) == (scores >= gate.threshold)).all()
    assert gate.passes([], 0.5).shape == (0,)


def test_stacked_classifier_is_shipped_and_changes_the_heads_probabilities_only_by_its_features():
    import numpy as np

    from communique.extract.techniques import TechniquesExtractor
    from communique.models.technique_classifier import SURFACE, load_technique_classifier, surface_features

    classifier = load_technique_classifier()
    assert classifier is not None, "technique_classifier.npz should be committed"
    assert classifier.surface.shape == (len(PTC_TECHNIQUES), len(SURFACE))
    text = "Make America great again! They say it daily. Make America great again!"
    start, end = 0, text.index("!")
    values = surface_features(text, start, end, 1, (0, text.index("!") + 1))
    assert values[SURFACE.index("repeated")] == 1.0 and values[SURFACE.index("exclaim")] == 0.0
    head = np.zeros(len(PTC_TECHNIQUES), dtype=np.float32)
    once = classifier.probabilities(head, surface_features(text, start, end, 0, (0, 25)), [])
    twice = classifier.probabilities(head, values, [])
    assert abs(once.sum() - 1) < 1e-5 and abs(twice.sum() - 1) < 1e-5
    rep = PTC_TECHNIQUES.index("Repetition")
    assert twice[rep] > once[rep], "a recurring span should lean more to Repetition"

    doc = communique.pipeline.Pipeline(only=["techniques"]).nlp(text)
    stacked, alone = TechniquesExtractor(), TechniquesExtractor(classifier=False)
    (p_stacked,), (p_alone,) = stacked.classify_spans(doc, [(start, end)]), alone.classify_spans(doc, [(start, end)])
    assert p_stacked.shape == p_alone.shape == (len(PTC_TECHNIQUES),)
    assert not np.allclose(p_stacked, p_alone)
