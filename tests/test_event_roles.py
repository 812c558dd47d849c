"""Actors and recipients of events in constructions the role finder reads (event_roles.py):
quantities, munitions, mobilised forces, stance adjuncts, participles, possessive pronouns."""

from __future__ import annotations

import pytest

from communique import Pipeline
from communique.ingest._document import make_input


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(only=["events"])


def coded(pipe, text: str):
    (record,) = list(pipe.pipe([make_input(text, "test", {"language": "en", "published": "2024-05-16"})]))
    return record


def sides(pipe, text: str, category: str) -> tuple[str | None, str | None]:
    record = coded(pipe, text)
    found = [e for e in record.events if e.type == category]
    assert found, f"no {category} in {[(e.type, e.trigger) for e in record.events]}"
    return found[0].actor_text, found[0].recipient_text


def test_a_quantity_names_the_people_it_counts(pipe):
    actor, _ = sides(pipe, "Thousands of Kurdish refugees protested against the Turkish government.", "PROTEST")
    assert actor == "Thousands of Kurdish refugees"
    assert sides(pipe, "Gunmen kidnapped up to 16 Turkish advisers.", "COERCE")[1] == "16 Turkish advisers"


def test_munitions_are_not_targets_and_where_they_were_aimed_is(pipe):
    assert sides(pipe, "Hamas fired a series of rockets at Israeli towns.", "ASSAULT")[1] == "Israeli towns"
    assert sides(pipe, "Hamas fired rockets at Israeli towns.", "ASSAULT")[1] == "Israeli towns"
    # a munition with nothing it was aimed at leaves no recipient (and the coder terminates)
    assert sides(pipe, "Rebel fighters fired a series of shells.", "ASSAULT")[1] is None


def test_a_mobilisations_own_forces_are_not_its_target(pipe):
    assert sides(pipe, "The army mobilized thousands of soldiers against Armenia.", "MOBILIZE")[1] == "Armenia"


def test_in_protest_against_and_in_defiance_of_name_the_target(pipe):
    assert sides(pipe, "Students marched in protest against the Iranian government.", "PROTEST")[1] == "the Iranian government"
    record = coded(pipe, "Protesters burned flags in defiance of the Chinese government.")
    assert [e.recipient_text for e in record.events] == ["the Chinese government"]


def test_condemning_or_investigating_a_deed_targets_its_doer(pipe):
    assert sides(pipe, "France condemned the attack by Russian forces.", "ACCUSE")[1] == "Russian forces"
    assert sides(pipe, "The council condemned the killings carried out by Syrian forces.", "ACCUSE")[1] == "Syrian forces"
    assert sides(pipe, "The commission investigated crimes committed by Serbian forces.", "ACCUSE")[1] == "Serbian forces"


def test_participation_verbs_keep_the_subject_as_the_actor(pipe):
    actor, recipient = sides(pipe, "Pakistani troops were engaged in clashes with Indian soldiers.", "ASSAULT")
    assert (actor, recipient) == ("Pakistani troops", "Indian soldiers")


def test_their_forces_are_the_forces_of_the_speaker_when_they_name_no_country(pipe):
    actor, recipient = sides(pipe, "The rebels said their forces attacked the convoy.", "ASSAULT")
    assert actor == "The rebels" and recipient == "the convoy"
