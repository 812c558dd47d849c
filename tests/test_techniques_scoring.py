"""The SemEval-2020 Task 11 metrics of benchmarks/techniques_ptc.py, checked on hand-computed cases."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "techniques_ptc", Path(__file__).resolve().parent.parent / "benchmarks" / "techniques_ptc.py"
)
ptc = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(ptc)


def test_si_gives_partial_credit_for_overlap():
    # gold 0-10; predicted 5-15 overlaps 5 chars: P = 5/10, R = 5/10
    scores = ptc.si_scores({"a": [(5, 15)]}, {"a": [(0, 10)]})
    assert scores["precision"] == pytest.approx(0.5)
    assert scores["recall"] == pytest.approx(0.5)
    assert scores["f1"] == pytest.approx(0.5)


def test_si_merges_overlapping_spans_and_keeps_articles_apart():
    # gold spans 0-10 and 5-20 merge into 0-20; the prediction 0-20 in article "a" is perfect,
    # the same offsets in article "b" (no gold there) only add a false positive
    scores = ptc.si_scores({"a": [(0, 20)], "b": [(0, 20)]}, {"a": [(0, 10), (5, 20)]})
    assert scores["gold"] == 1 and scores["predicted"] == 2
    assert scores["precision"] == pytest.approx(0.5)
    assert scores["recall"] == pytest.approx(1.0)


def test_si_sums_over_several_gold_spans():
    # one prediction 0-30 covering gold 0-10 and 20-30: P = (10+10)/30, R = (1 + 1)/2
    scores = ptc.si_scores({"a": [(0, 30)]}, {"a": [(0, 10), (20, 30)]})
    assert scores["precision"] == pytest.approx(20 / 30)
    assert scores["recall"] == pytest.approx(1.0)


def test_tc_matches_labels_of_one_span_as_multisets():
    gold = {("a", 0, 5): ["Doubt", "Slogans"], ("a", 9, 12): ["Repetition"]}
    pred = {("a", 0, 5): ["Slogans", "Loaded_Language"], ("a", 9, 12): ["Repetition"]}
    scores = ptc.tc_scores(pred, gold)
    assert scores["precision"] == pytest.approx(2 / 3)
    assert scores["recall"] == pytest.approx(2 / 3)
    assert scores["micro_f1"] == pytest.approx(2 / 3)
    assert scores["per_technique_f1"]["Repetition"] == 1.0
    assert scores["per_technique_f1"]["Doubt"] == 0.0
