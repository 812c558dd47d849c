"""Corpus-wide actor ids: deterministic per document, spelling variants joined by the writer."""

from __future__ import annotations

import hashlib
import io
import json

import pytest

from communique.extract._actor_names import canonical_id, fold, same_actor_name
from communique.ingest import from_text
from communique.run import run_batch
from communique.schema import Actor, Demand, Document, Event, Mention, Quote, Role, Stance
from communique.store import Store
from communique.store._actor_ids import CorpusActorIds

from .conftest import run_cli


@pytest.mark.parametrize(
    ("type_", "a", "b", "same"),
    [
        ("person", "Oleksandr Syrsky", "Oleksandr Syrskyi", True),
        ("person", "Mohammed bin Salman", "Mohammad bin Salman", True),
        ("person", "Kim Jong-un", "Kim Jong Un", True),
        ("organization", "Organization for Economic Co-operation", "Organization for Economic Cooperation", True),
        ("organization", "International Organisation for Refugees", "International Organization for Refugees", True),
        ("person", "Ana Garcia", "Ann Garcia", False),
        ("person", "Kim Jong-un", "Kim Jong-il", False),
        ("person", "John Smith", "John Smyth", False),
        ("person", "George W. Bush", "George H. W. Bush", False),
        ("organization", "International Organization for Refugees", "International Organization for Reporters", False),
        ("organization", "Brigade 12", "Brigade 13", False),
    ],
)
def test_spelling_variants_and_namesakes(type_, a, b, same):
    assert same_actor_name(type_, fold(a), fold(b)) is same


def test_extractor_ids_do_not_depend_on_earlier_documents(actors_pipeline):
    """Any process gives a name the same id whatever it analysed before (no per-process memory)."""
    actors_pipeline.analyze(from_text("On Monday, Sergei Shoigu said the talks had failed.", language="en"))
    doc = actors_pipeline.analyze(from_text("On Tuesday, Sergey Shoigu said the line held.", language="en"))
    assert [a.id for a in doc.actors] == [canonical_id("person", "Sergey Shoigu")]


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_variant_in_a_later_run_takes_the_stored_id(tmp_path, actors_pipeline):
    db = tmp_path / "corpus.db"
    first = _write(tmp_path, "a.txt", "On Monday, Sergei Shoigu said the talks had failed. Maria Garcia reported it.")
    second = _write(tmp_path, "b.txt", "On Tuesday, Sergey Shoigu said the line held. Mario Garcia reported it.")
    run_batch([first], db=db, pipeline=actors_pipeline)
    run_batch([second], db=db, pipeline=actors_pipeline)  # a second run: a new Store, read back from the file
    with Store(db) as store:
        docs = list(store.iter_documents())
    names = [{a.name: a.id for a in d.actors if a.type == "person"} for d in docs]
    assert names[0] == {"Sergei Shoigu": "person:sergei-shoigu", "Maria Garcia": "person:maria-garcia"}
    # the variant takes the stored id and name; a namesake keeps an id of its own
    assert names[1] == {"Sergei Shoigu": "person:sergei-shoigu", "Mario Garcia": "person:mario-garcia"}
    mention = docs[1].actor("person:sergei-shoigu").mentions[0]
    assert mention.text == "Sergey Shoigu"  # the evidence is the document's own spelling


def _document(doc_id, text, actors):
    return Document(id=doc_id, source=f"{doc_id}.txt", content_hash=hashlib.sha256(text.encode()).hexdigest(), text=text,
                    actors=actors)  # fmt: skip


def _person(actor_id, name, text, words):
    start = text.index(words)
    end = start + len(words.strip())
    return Actor(id=actor_id, name=name, type="person", mentions=[Mention(start=start, end=end, text=text[start:end])])


def test_every_record_of_the_document_follows_the_new_id(tmp_path):
    with Store(tmp_path / "c.db") as store:
        text = "Amara Nwachukwu met them."
        store.write(_document("one", text, [_person("person:amara-nwachukwu", "Amara Nwachukwu", text, "Amara Nwachukwu")]))
    text = "Amara Nwachuku said: talk. Amara Nwachukwu urged Zed Qua."
    variant, exact, other = "person:amara-nwachuku", "person:amara-nwachukwu", "person:zed-qua"
    doc = _document("two", text, [
        _person(variant, "Amara Nwachuku", text, "Amara Nwachuku "),
        _person(exact, "Amara Nwachukwu", text, "Amara Nwachukwu"),
        _person(other, "Zed Qua", text, "Zed Qua"),
        Actor(id="group:the-two", name="the two", type="group", members=[variant, other], mentions=[]),
    ])  # fmt: skip
    doc.roles = [Role(role="author", actor=variant, start=0, end=14, text=text[0:14])]
    doc.authors, doc.senders, doc.addressees, doc.signatories = [variant, exact], [variant], [other], []
    doc.quotes = [Quote(speaker=variant, text="talk", start=21, end=25, direct=False, cue=":")]
    doc.events = [Event(type="REQUEST", cameo="10", mode=None, negated=False, actors=[variant], recipients=[other],
                        date=None, place=None, trigger="urged", start=43, end=48, confidence=0.5, claimed_by=variant)]  # fmt: skip
    doc.demands = [Demand(by=variant, target=other, text="talk", start=21, end=25)]
    doc.stances = [Stance(holder=other, target=variant, polarity="favor", start=0, end=25, confidence=0.5)]
    with Store(tmp_path / "c.db") as store:  # reopened: the stored actors are read back
        store.write(doc)
        back = store.get("two")
    assert back == doc
    assert [a.id for a in back.actors] == [exact, other, "group:the-two"]  # the two spellings are one actor
    assert [m.text for m in back.actor(exact).mentions] == ["Amara Nwachuku", "Amara Nwachukwu"]
    assert back.actor("group:the-two").members == [exact, other]
    assert back.roles[0].actor == back.quotes[0].speaker == back.demands[0].by == back.stances[0].target == exact
    assert back.events[0].actors == [exact] and back.events[0].claimed_by == exact
    assert back.authors == [exact] and back.senders == [exact] and back.addressees == [other]


def test_knowledge_base_and_local_ids_are_never_renamed():
    index = CorpusActorIds()
    index.remember(_document("k", "x", [
        Actor(id="kb:rus-gov", name="Government of Russia", type="organization", mentions=[]),
        Actor(id="local:k:the-ministry", name="the ministry", type="organization", mentions=[]),
    ]))  # fmt: skip
    doc2 = _document("l", "y", [
        Actor(id="kb:rus-gow", name="x", type="organization", mentions=[]),
        Actor(id="local:l:the-ministry", name="the ministry", type="organization", mentions=[]),
    ])  # fmt: skip
    assert index.reconcile(doc2) == {}
    assert len(index) == 0


def test_run_without_a_database_joins_variants_too(tmp_path, actors_pipeline):
    paths = [_write(tmp_path, "a.txt", "On Monday, Sergei Shoigu said the talks had failed."),
             _write(tmp_path, "b.txt", "On Tuesday, Sergey Shoigu said the line held.")]
    out = io.StringIO()
    run_batch(paths, json_out=out, pipeline=actors_pipeline)
    ids = [[a["id"] for a in json.loads(line)["actors"]] for line in out.getvalue().splitlines()]
    assert ids == [["person:sergei-shoigu"], ["person:sergei-shoigu"]]


@pytest.mark.slow
def test_separate_processes_give_one_id(tmp_path):
    db = tmp_path / "p.db"
    for name, text in (("a.txt", "On Monday, Sergei Shoigu said the talks had failed."),
                       ("b.txt", "On Tuesday, Sergey Shoigu said the line held.")):
        result = run_cli("analyze", str(_write(tmp_path, name, text)), "--db", str(db), "--only", "actors")
        assert result.returncode == 0, result.stderr.decode()
    with Store(db) as store:
        assert {a.id for d in store.iter_documents() for a in d.actors} == {"person:sergei-shoigu"}
