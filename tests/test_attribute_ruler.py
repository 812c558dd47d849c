"""The table attribute ruler gives exactly spaCy's annotations (communique._attribute_ruler)."""

from __future__ import annotations

import pytest
import spacy

from communique._attribute_ruler import TableAttributeRuler, use_table_attribute_ruler
from communique.pipeline import DEFAULT_MODEL, load_spacy

# every kind of pattern in en_core_web_sm's ruler: tag map, word + tag rules, word sets (IN),
# dependency tests (NOT_IN with ''), regular expressions, two-token patterns with index 0 and 1,
# space tokens, and a sentence the parser may tag oddly
TEXTS = [
    "I ain't gonna sign it, y'all. Let's go, c'mon! They gotta see that nothin' changed.",
    "It is what it is: you gave it to me and I gave it to you, but we don't have it.",
    "There are  two\n\nenvoys who were not told; she'd have done it, whether or not it rained.",
    "The ministers AREN'T here. Has he got the letter? He gets it. Do what you must, do it.",
    "That which was said, was said; those who'd known said nothing, though some had.  ",
    "",
    "   \n ",
]


@pytest.fixture(scope="module")
def pipelines():
    return load_spacy(table_ruler=False), load_spacy()


def view(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_) for t in doc]


def test_load_spacy_uses_the_table_ruler_under_the_stock_name(pipelines):
    stock, table = pipelines
    assert type(table.get_pipe("attribute_ruler")) is TableAttributeRuler
    assert type(stock.get_pipe("attribute_ruler")) is not TableAttributeRuler
    assert table.pipe_names == stock.pipe_names


def test_same_annotations_as_spacy(pipelines):
    stock, table = pipelines
    for text in TEXTS:
        assert view(table(text)) == view(stock(text)), text


def test_same_matches_as_spacy(pipelines):
    stock, table = pipelines
    with stock.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        docs = [stock(t) for t in TEXTS]
    for doc in docs:
        assert table.get_pipe("attribute_ruler").match(doc) == stock.get_pipe("attribute_ruler").match(doc)


def test_patterns_added_later_are_used():
    nlp = use_table_attribute_ruler(spacy.load(DEFAULT_MODEL))  # a pipeline of its own: load_spacy's is shared
    ruler = nlp.get_pipe("attribute_ruler")
    ruler(nlp.make_doc("warm the table up"))
    ruler.add([[{"LOWER": "envoy"}]], {"POS": "PROPN"})  # after first use: the table is rebuilt
    ruler.add([[{"LOWER": "the"}, {"LOWER": "envoy"}]], {"LEMMA": "ENVOY"}, index=-1)
    doc = nlp("The envoy arrived.")
    assert doc[1].pos_ == "PROPN" and doc[1].lemma_ == "ENVOY"


def test_bad_index_raises_spacys_error():
    nlp = use_table_attribute_ruler(spacy.load(DEFAULT_MODEL))  # a pipeline of its own: load_spacy's is shared
    nlp.get_pipe("attribute_ruler").add([[{"LOWER": "envoy"}, {"LOWER": "arrived"}]], {"LEMMA": "x"}, index=5)
    with pytest.raises(ValueError, match="E1001"):
        nlp("The envoy arrived.")


def test_the_table_stays_small_and_repeats_give_the_same_answers(pipelines):
    stock, table = pipelines
    text = "The envoys met. The envoys meet again; the envoy is meeting the envoys."
    assert view(table(text)) == view(stock(text))
    assert view(table(text)) == view(stock(text))  # second time: from the table
    ruler = table.get_pipe("attribute_ruler")
    # words no pattern names share one stand-in, so new words rarely add rows
    before = len(ruler._table)
    table("The ambassadors welcomed the negotiators, commissioners and plenipotentiaries.")
    table("The delegates welcomed the mediators, secretaries and representatives.")
    assert len(ruler._table) - before <= 3


def test_other_pipelines_are_left_alone():
    blank = spacy.blank("en")
    assert use_table_attribute_ruler(blank).pipe_names == []
