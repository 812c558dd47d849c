"""Genre: the bundled examples, the rules one by one, and the labelled set's integrity."""

from __future__ import annotations

import csv

import pytest

from communique.extract.genre import classify
from communique.ingest import iter_inputs

from .conftest import EXAMPLES, ROOT, shared

EXPECTED = {
    "whitehouse/2021-01-20-letter-his-excellency-antonio-guterres.md": "open_letter",
    "whitehouse/2021-01-23-readout-of-president-joe-biden-call-with-president-andres-manuel-lopez-obrador-of-mexico.md": "readout",
    "whitehouse/2023-10-22-joint-statement-on-israel-2.md": "joint_statement",
    "whitehouse/2024-10-03-g7-leaders-statement-on-recent-developments-in-the-middle-east.md": "joint_statement",
    "whitehouse/2021-11-07-statement-by-president-joe-biden-on-the-terrorist-attack-in-iraq.md": "press_release",
    "written/open-letter-journalists-safety.md": "open_letter",
    "written/opinion-sanctions-byline.md": "opinion",
    "written/news-port-strike.html": "news_report",
    "written/press-release-flood-relief.txt": "press_release",
    "written/press-release-river-monitoring.pdf": "press_release",
    "written/speech-mayor-bridge.txt": "speech",
}


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_bundled_examples(relative):
    (doc,) = list(iter_inputs([EXAMPLES / relative]))
    genre, reason = classify(doc.text, doc.title)
    assert genre == EXPECTED[relative], reason
    assert reason


def test_text_cues_without_a_title():
    assert classify("Dear Minister,\n\nWe ask you to act.\n\nSincerely,\n\nAna Ruiz\n")[0] == "open_letter"
    assert classify("We, the leaders of Chile and Peru, welcome the accord. We will meet again.")[0] == "joint_statement"
    assert classify("President Ruiz spoke today with Prime Minister Li about trade. The leaders agreed to meet.")[0] == "readout"
    assert classify("Thank you. (Applause.) It is good to be here with you all, and I thank you.")[0] == "speech"
    assert classify("FOR IMMEDIATE RELEASE\n\nThe Alliance today announced a fund.\n\nMedia contact: a@b.example")[0] == "press_release"
    news = "MADRID (Reuters) - Police said on Monday that two men were arrested. Officials told reporters the men were held."
    assert classify(news)[0] == "news_report"
    assert classify("Lorem ipsum dolor sit amet.") == ("other", "no genre cue found")


def test_title_wins_and_says_so():
    genre, reason = classify("Some text.", "Readout of the Secretary's Call with the Foreign Minister")
    assert (genre, reason) == ("readout", "title says 'Readout'")
    assert classify("Text.", "Statement by President A, Prime Minister B, and Prime Minister C")[0] == "joint_statement"


def test_labelled_set_points_at_shared_data():
    root = shared("whitehouse")
    rows = list(csv.DictReader(open(ROOT / "benchmarks" / "data" / "genre_labels.csv", encoding="utf-8")))
    assert len(rows) > 500 and {r["split"] for r in rows} == {"dev", "test"}
    for row in rows:
        if row["corpus"] == "whitehouse":
            assert (root / row["id"]).exists(), row["id"]
