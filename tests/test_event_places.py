"""Where events happened: own place phrases, places that are topics, trips, calls and datelines."""

from __future__ import annotations

import pytest

from communique import Pipeline
from communique.ingest._document import make_input


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(only=["events"])


def events_of(pipe, text: str, published: str | None = "2024-05-16"):
    meta = {"language": "en", **({"published": published} if published else {})}
    (record,) = list(pipe.pipe([make_input(text, "test", meta)]))
    return {e.trigger: e for e in record.events}


def place(event):
    return event.place.name if event.place else None


def test_a_trip_places_what_was_said_during_it_but_not_its_topics(pipe):
    events = events_of(pipe, "The Foreign Minister traveled to Nairobi, Kenya on Monday. She met with President Ruto. "
                             "The two leaders discussed the situation in Sudan. She congratulated the President on the election.")  # fmt: skip
    assert place(events["traveled"]) == "Nairobi"
    assert place(events["met"]) == "Nairobi"
    assert place(events["discussed"]) == "Nairobi"  # Sudan is what they talked about
    assert place(events["congratulated"]) == "Nairobi"


def test_a_call_has_no_place_and_neither_has_what_was_said_on_it(pipe):
    events = events_of(pipe, "The Prime Minister spoke by phone with the Chancellor. "
                             "The leaders discussed the war in Ukraine and agreed to stay in close contact.")  # fmt: skip
    assert place(events["discussed"]) is None
    assert place(events["agreed"]) is None


def test_a_topic_is_not_a_place_but_a_meeting_venue_is(pipe):
    events = events_of(pipe, "The minister expressed concern regarding the situation in Venezuela.")
    assert all(e.place is None for e in events.values())
    events = events_of(pipe, "The President met with the Prime Minister of Japan at the White House on Tuesday.")
    assert place(events["met"]) == "Washington"


def test_a_material_act_happens_where_its_target_is(pipe):
    events = events_of(pipe, "Rebel fighters shelled a village in northern Syria.")
    assert place(events["shelled"]) == "Syria"


def test_a_dateline_places_the_documents_own_statements_and_dates_them(pipe):
    text = ("DHAKA, 14 August 2024 - The relief network today called on donors to fund the second round of "
            "distributions.\n\nThe network urges the government to release the pledged funds.")  # fmt: skip
    events = events_of(pipe, text, published=None)
    request = next(e for e in events.values() if e.type == "REQUEST")
    assert place(request) == "Dhaka"
    assert request.date == "2024-08-14" and request.date_source in ("text", "dateline")
    assert all(place(e) == "Dhaka" for e in events.values() if e.type == "REQUEST")


PLACE_PHRASES = [
    ("Militants detonated a series of bombs in the capital Kabul.", "detonated", "Kabul"),
    ("Police arrested protesters in the city of Basra.", "arrested", "Basrah"),
    ("Rebels shelled a town in the north of Syria.", "shelled", "Syria"),
    ("Troops attacked a village north of Kabul.", "attacked", "Kabul"),  # near Kabul
    ("Serbia eased emergency measures on Wednesday in Montenegro province.", "eased emergency measures", "Montenegro"),
]


@pytest.mark.parametrize(("text", "trigger", "name"), PLACE_PHRASES)
def test_a_place_named_inside_a_place_phrase_is_the_events_place(pipe, text, trigger, name):
    assert place(events_of(pipe, text)[trigger]) == name


def test_a_dateline_is_not_the_actor_and_does_not_place_planned_acts(pipe):
    text = ("NAIROBI, 3 May 2024 - The coalition today condemned the attack on aid workers.\n\n"
            "The coalition will hold talks with donors next week.")  # fmt: skip
    events = events_of(pipe, text, published=None)
    accuse = next(e for e in events.values() if e.type == "ACCUSE")
    assert place(accuse) == "Nairobi" and accuse.date == "2024-05-03"
    assert accuse.actor_text == "The coalition"  # not the dateline's town, which the parser makes the subject
    planned = [e for e in events.values() if e is not accuse]
    assert planned and all(place(e) is None for e in planned)
