"""The quotes extractor: quotation marks, reported speech, speakers resolved to actors, offsets."""

from __future__ import annotations

import pytest

import communique
from communique.extract._quote_marks import pair_quote_marks

from .conftest import EXAMPLES


def quotes_of(text: str):
    doc = communique.analyze(text, only=["quotes"])
    return doc, doc.quotes


def only_quote(document: str, **expected):
    doc, quotes = quotes_of(document)
    matching = [q for q in quotes if all(getattr(q, k) == v for k, v in expected.items())]
    assert len(matching) == 1, [q.to_dict() for q in quotes]
    return doc, matching[0]


def actor_named(doc, name: str) -> str:
    """The id the actors extractor gave the actor mentioned as ``name`` (its id scheme is its own)."""
    ids = {a.id for a in doc.actors for m in a.mentions if m.text in name and len(m.text) > 2}
    assert len(ids) == 1, (name, ids)
    return ids.pop()


def speaker_words(doc, quote) -> str | None:
    if quote.speaker_start is None:
        return None
    return doc.text[quote.speaker_start : quote.speaker_end]


# -- quotation marks --------------------------------------------------------------------------------
def test_curly_marks_with_the_speaker_after():
    doc, q = only_quote("“We will not give up,” said Jonas Berg, the union leader.", direct=True)
    assert q.text == "We will not give up,"
    assert (q.speaker, q.cue) == (actor_named(doc, "Jonas Berg"), "said")
    assert speaker_words(doc, q).startswith("Jonas Berg")


def test_straight_marks():
    doc, q = only_quote('"Our city is safe and will stay safe," Maria Lopez said on Monday.', direct=True)
    assert q.text == "Our city is safe and will stay safe,"
    assert (q.speaker, q.cue) == (actor_named(doc, "Maria Lopez"), "said")


def test_doubled_apostrophes_pair_like_marks():
    spans, oddities = pair_quote_marks("''It is over,'' he said, ''and we won.''")
    assert [(s.start, s.end) for s in spans] == [(2, 13), (27, 38)]
    assert oddities == []


def test_a_quote_over_two_paragraphs_is_one_quote():
    text = (
        "“The first part of the statement runs to the end of this paragraph.\n\n"
        "“And the second paragraph closes it,” said Jonas Berg."
    )
    doc, q = only_quote(text, direct=True)
    assert q.text.startswith("The first part") and q.text.endswith("closes it,")
    assert q.speaker == actor_named(doc, "Jonas Berg")
    assert not doc.warnings


def test_unbalanced_mark_is_a_warning_and_the_rest_is_analysed():
    text = (
        "“This quote is never closed, the union wrote.\n\n"
        "Later that day: “This one is fine and complete,” said Maria Lopez."
    )
    doc, quotes = quotes_of(text)
    assert doc.status == "analysed"
    assert [w.code for w in doc.warnings] == ["CQW201"]
    assert doc.warnings[0].start == 0
    assert any(q.text == "This one is fine and complete," and q.speaker == actor_named(doc, "Maria Lopez") for q in quotes)


def test_a_stray_closing_mark_is_reported_not_fatal():
    spans, oddities = pair_quote_marks("He left” and then “came back here”.")
    assert len(spans) == 1 and len(oddities) == 1
    assert oddities[0].offset == 7


# -- reported speech ----------------------------------------------------------------------------------
def test_said_that():
    doc, q = only_quote("Henrik Lund said that the deal would cost 4.2 million euros over three years.")
    assert not q.direct
    assert q.text == "that the deal would cost 4.2 million euros over three years"
    assert (q.speaker, q.cue, speaker_words(doc, q)) == (actor_named(doc, "Henrik Lund"), "said", "Henrik Lund")


def test_according_to():
    doc, q = only_quote("According to the Chamber of Commerce, the strike cost local exporters 15 million euros.")
    assert q.text == "the strike cost local exporters 15 million euros"
    assert q.cue == "According to"
    assert q.speaker == actor_named(doc, "the Chamber of Commerce")


def test_told_someone():
    doc, q = only_quote("Amir Haddad told the Courier the strike would continue until April.")
    assert q.text == "the strike would continue until April"
    assert (q.speaker, q.cue) == (actor_named(doc, "Amir Haddad"), "told")


def test_colon_without_marks():
    doc, q = only_quote("Prime Minister Anna Berg said: the talks will resume next week in Geneva.")
    assert q.text == "the talks will resume next week in Geneva"
    assert q.speaker == actor_named(doc, "Anna Berg")


def test_colon_before_a_quotation():
    text = "Holm was blunt about the dispute: “Both sides must now return to the table.”"
    doc, q = only_quote(text, direct=True)
    assert q.cue == ":"
    assert speaker_words(doc, q) == "Holm"


def test_dash_and_name_after_a_quote():
    doc, q = only_quote("“Temporary contracts must end for every worker in this port.” — Amir Haddad")
    assert q.direct and q.cue == "—"
    assert speaker_words(doc, q) == "Amir Haddad"
    assert q.speaker == actor_named(doc, "Amir Haddad")


def test_transcript_line():
    doc, q = only_quote("MODERATOR: Welcome to the debate.\nHOLM: Thank you for having me here tonight.",
                        cue=":", text="Thank you for having me here tonight.")
    assert speaker_words(doc, q) == "HOLM"


# -- speakers ------------------------------------------------------------------------------------------
def test_he_said_after_a_named_speaker():
    text = ("Transport Minister Anders Holm praised both sides on Thursday. "
            "Speaking to reporters, he said: “Both sides showed courage.”")
    doc, q = only_quote(text, direct=True)
    assert speaker_words(doc, q) == "he"
    assert q.speaker == actor_named(doc, "Anders Holm")


def test_she_said_that():
    text = ("Sofia Lindqvist, the president of the chamber, met the press. "
            "She said that the strike had cost exporters dearly.")
    doc, q = only_quote(text, cue="said")
    assert q.speaker == actor_named(doc, "Sofia Lindqvist")


def test_role_noun_points_back_to_the_titled_person():
    text = ("Transport Minister Anders Holm praised both sides on Thursday. "
            "Later the minister said that the rules on arbitration would be reviewed.")
    doc, q = only_quote(text, cue="said")
    assert speaker_words(doc, q) == "the minister"
    assert q.speaker == actor_named(doc, "Anders Holm")


def test_speaker_named_in_the_previous_sentence():
    text = "Jonas Berg welcomed the agreement on Friday. “This is a fair deal for every member of our union.”"
    doc, q = only_quote(text, direct=True)
    assert q.cue is None
    assert q.speaker == actor_named(doc, "Jonas Berg")


def test_a_quote_after_a_quote_keeps_the_speaker_and_cue():
    text = "“The deal is fair,” said Jonas Berg. “Nobody wanted this strike to last this long.”"
    doc, quotes = quotes_of(text)
    assert [q.speaker for q in quotes] == [actor_named(doc, "Jonas Berg"), actor_named(doc, "Jonas Berg")]
    assert quotes[0].cue_start == quotes[1].cue_start


def test_scare_quotes_are_not_quotes():
    doc, quotes = quotes_of("The so-called “reform package” was debated for a second week in the chamber.")
    assert quotes == []


# -- the bundled example and offsets -------------------------------------------------------------------
@pytest.fixture(scope="module")
def port_strike():
    return communique.analyze(EXAMPLES / "written" / "news-port-strike.html", only=["quotes"])


def test_port_strike_example_has_each_form(port_strike):
    by_text = {q.text: q for q in port_strike.quotes}
    berg = by_text["This agreement is fair, and it is the result of our members standing together,"]
    assert berg.direct and berg.speaker == actor_named(port_strike, "Jonas Berg")
    assert by_text["Nobody wanted this strike to last."].speaker == actor_named(port_strike, "Jonas Berg")
    lund = by_text["that the deal would cost 4.2 million euros over three years"]
    assert not lund.direct and lund.speaker == actor_named(port_strike, "Henrik Lund")
    added = next(q for q in port_strike.quotes if q.cue == "added")
    assert added.speaker == actor_named(port_strike, "Henrik Lund")  # "He added that ..."
    chamber = next(q for q in port_strike.quotes if q.cue == "According to")
    assert chamber.text == "the strike cost local exporters about 15 million euros"
    holm = next(q for q in port_strike.quotes if q.text.startswith("Both sides showed courage."))
    assert holm.speaker == actor_named(port_strike, "Anders Holm")
    last = next(q for q in port_strike.quotes if q.text.startswith("We will keep organising."))
    assert last.speaker == actor_named(port_strike, "Amir Haddad")
    assert not port_strike.warnings


def test_every_offset_points_at_its_text(port_strike):
    text = port_strike.text
    assert port_strike.quotes
    for q in port_strike.quotes:
        assert text[q.start : q.end] == q.text
        if q.cue is not None:
            assert text[q.cue_start : q.cue_end] == q.cue
        if q.speaker_start is not None:
            assert q.speaker_start < q.speaker_end <= len(text)
            assert text[q.speaker_start : q.speaker_end].strip()


def test_quotes_require_actors_and_roles_and_set_an_empty_list():
    doc = communique.analyze("The weather was mild for the time of year across the region.", only=["quotes"])
    assert doc.quotes == []
    assert doc.extractors.index("quotes") > max(doc.extractors.index("actors"), doc.extractors.index("roles"))


def test_hard_wrapped_text_pairs_marks_across_line_breaks():
    doc = communique.analyze(EXAMPLES / "written" / "press-release-flood-relief.txt", only=["quotes"])
    assert not [w for w in doc.warnings if w.code == "CQW201"]
    direct = [q for q in doc.quotes if q.direct]
    assert len(direct) == 2 and direct[1].text.startswith("What they need now")
    assert {q.speaker for q in direct} == {actor_named(doc, "Farhana\nAkter")}
    network = next(q for q in doc.quotes if q.text.startswith("that water levels"))
    assert speaker_words(doc, network) == "The network"
    assert network.speaker == "organization:red-river-relief-network"  # "the network" -> the name


# -- what is not a quote, and the document's own voice -------------------------------------------------
@pytest.mark.parametrize("salutation", ["DEAR COLLEAGUES:", "TO THE MEMBERS OF THE COUNCIL:"])
def test_a_salutation_with_a_colon_is_not_a_transcript_line(salutation):
    doc, quotes = quotes_of(f"{salutation} We write about the harbour works and the closure of the old bridge.")
    assert quotes == []


def test_a_transcript_line_in_capitals_is_still_a_quote():
    doc, q = only_quote("CHAIRMAN HOLM: We write the rules of this harbour together, and we keep them.", cue=":")
    assert speaker_words(doc, q) == "CHAIRMAN HOLM"


def test_the_bare_object_of_a_speech_act_is_a_quote_but_a_date_is_not():
    doc, quotes = quotes_of("Transport Minister Anders Holm welcomed the agreement and praised both sides on Thursday.")
    assert [(q.text, q.cue) for q in quotes] == [("the agreement", "welcomed"), ("both sides", "praised")]
    assert {q.speaker for q in quotes} == {actor_named(doc, "Transport Minister Anders Holm")}
    doc, q = only_quote("Jonas Berg called for calm at the port on Monday.")
    assert (q.text, q.cue) == ("calm", "called")
    _, quotes = quotes_of("Jonas Berg spoke on Monday.")
    assert quotes == []


def test_an_object_with_something_said_of_it_is_a_quote():
    doc, q = only_quote("Jonas Berg called the agreement a victory for every worker in the port.")
    assert (q.text, q.cue, q.speaker) == ("the agreement a victory for every worker in the port", "called",
                                          actor_named(doc, "Jonas Berg"))


def test_the_addressee_of_a_speech_act_is_not_its_content():
    _, quotes = quotes_of("Jonas Berg told reporters at the port on Monday.")
    assert quotes == []


def test_stated_intentions_and_vows_are_quotes():
    doc, q = only_quote("Jonas Berg plans to rally the dock workers outside the ministry on Friday.")
    assert q.text == "to rally the dock workers outside the ministry on Friday" and q.cue == "plans"
    doc, q = only_quote("Jonas Berg vowed to fight the closure of the port until the end.")
    assert q.text == "to fight the closure of the port until the end" and q.cue == "vowed"


def test_the_documents_own_first_person_is_not_a_quote():
    text = ("We, the undersigned organisations, believe that the closure of the clinic will harm thousands "
            "of families. We urge the council to reverse its decision.\n\nIn solidarity,\n"
            "Harbour Residents Association\nRed River Relief Network")
    doc, quotes = quotes_of(text)
    assert len(doc.senders) == 2
    assert quotes == []


def test_a_whole_text_quotation_is_the_senders_statement():
    text = ("“The Government of Norland has agreed to every term of the proposal, and the tariffs announced "
            "last week will be held in reserve for as long as both sides honour the agreement.”")
    doc = communique.analyze(text, only=["quotes"], title="Statement from the Press Secretary")
    (q,) = doc.quotes
    assert q.direct and q.cue is None
    assert doc.senders and q.speaker == doc.senders[0]


def test_a_headline_with_a_name_and_colon_ends_with_its_line():
    text = ("Danube Water Alliance: new data show the spill reached the border\n"
            "NOVI SAD, 22 October 2024. The Danube Water Alliance, a network of environmental\n"
            "groups from five countries, met the press in the city hall on Tuesday.\n")
    doc, q = only_quote(text, cue=":")
    assert q.text == "new data show the spill reached the border" and not q.direct


def test_a_report_inside_a_clause_belongs_to_its_own_verb():
    doc, quotes = quotes_of("The Danube Water Alliance today published measurements showing that the chemical "
                            "spill reported upstream on 18 October reached the Serbian border within four days.")
    assert [q.cue for q in quotes if q.cue == "published"] == []


def test_it_points_back_to_an_organisation_named_by_description():
    text = ("The Danube Water Alliance published its report on Monday. The alliance called on the governments "
            "of Hungary and Serbia to share their data. It asked the commission to open an inquiry into the spill.")
    doc, q = only_quote(text, cue="asked")
    assert speaker_words(doc, q) == "It"
    assert q.speaker == actor_named(doc, "The Danube Water Alliance")


def test_a_letter_opening_is_not_a_quote():
    # "The undersigned organisations write ... about X": the letter's own voice, not a quote of X
    text = ("Dear colleagues,\n\nThe undersigned organisations write to you about the safety of journalists "
            "in the Sahel.")
    _, quotes = quotes_of(text)
    assert quotes == []


def test_senders_named_in_the_present_are_the_statements_own_voice():
    text = ("We, the Governments of Norway and Denmark, issue this joint statement.\n\n"
            "Norway and Denmark strongly condemn the attack on the harbour. Our two countries call for "
            "restraint on all sides. Norway and Denmark welcomed the ceasefire last year, "
            "and the Prime Minister of Finland condemned the attack.")
    doc = communique.analyze(text, only=["quotes"])
    assert {q.cue for q in doc.quotes} == {"welcomed", "condemned"}


def test_range_set_answers_as_the_list_scan_does():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from communique.extract._reported import RangeSet, inside

    ranges = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 60)).map(lambda p: (p[0], p[0] + p[1])), max_size=30)

    @settings(max_examples=300, deadline=None)
    @given(ranges, st.integers(-5, 270))
    def check(spans, offset):  # overlapping, nested, empty and unsorted ranges included
        assert (offset in RangeSet(spans)) == inside(offset, spans)

    check()
