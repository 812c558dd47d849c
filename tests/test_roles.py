"""Document roles on the bundled open letter, joint statements and opinion piece: exact, with evidence."""

from __future__ import annotations

import pytest

from communique.ingest import from_text, iter_inputs

from .conftest import EXAMPLES

G7 = "whitehouse/2024-10-03-g7-leaders-statement-on-recent-developments-in-the-middle-east.md"
QUAD = (
    "whitehouse/2022-07-08-statement-by-president-joe-biden-prime-minister-anthony-albanese-and-prime-"
    "minister-narendra-modi-mourning-former-prime-minister-abe.md"
)
ISRAEL = "whitehouse/2023-10-22-joint-statement-on-israel-2.md"


@pytest.fixture(scope="module")
def roles_pipeline():
    from communique import Pipeline

    return Pipeline(only=["roles"])


def analyse(pipeline, relative):
    (item,) = list(iter_inputs([EXAMPLES / relative]))
    return pipeline.analyze(item)


def evidence(doc, role):
    """[(actor id, evidence text, description)] of one role, checking every span points at its text."""
    out = []
    for r in doc.roles:
        if r.role != role:
            continue
        if r.origin == "text":
            assert doc.text[r.start : r.end] == r.text
        else:
            assert r.start is None and r.end is None
        out.append((r.actor, r.text, r.description))
    assert [a for a, _, _ in out] == getattr(doc, {"author": "authors", "sender": "senders",
                                                  "addressee": "addressees", "signatory": "signatories"}[role])  # fmt: skip
    return out


def test_open_letter(roles_pipeline):
    doc = analyse(roles_pipeline, "written/open-letter-journalists-safety.md")
    assert doc.genre == "open_letter"
    assert evidence(doc, "addressee") == [("person:antonio-guterres", "Secretary-General Guterres", None)]
    assert evidence(doc, "sender") == [
        ("organization:coalition-for-press-freedom", "Coalition for Press Freedom", None),
        ("organization:observatory-for-media-rights-in-the-sahel", "Observatory for Media Rights in the Sahel", None),
        ("organization:reporters-safety-network", "Reporters' Safety Network", None),
        ("organization:international-union-of-photojournalists", "International Union of Photojournalists", None),
    ]
    assert evidence(doc, "signatory") == [
        ("person:amina-diallo", "Amina Diallo", "Executive Director, Coalition for Press Freedom"),
        ("person:tomas-herrera", "Tomás Herrera", "Coordinator, Reporters' Safety Network"),
    ]
    # the front matter names the author; the text has no byline: a metadata role without offsets
    assert evidence(doc, "author") == [("organization:coalition-for-press-freedom", "Coalition for Press Freedom", None)]
    assert [r.origin for r in doc.roles if r.role == "author"] == ["metadata"]
    guterres = doc.actor("person:antonio-guterres")
    assert (guterres.name, guterres.sector) == ("Antonio Guterres", "IGO")
    assert [doc.actor(i).sector for i in doc.senders] == ["NGO", "NGO", "NGO", "JRN"]  # typed from their names


def test_opinion_byline(roles_pipeline):
    doc = analyse(roles_pipeline, "written/opinion-sanctions-byline.md")
    assert doc.genre == "opinion"
    assert evidence(doc, "author") == [
        ("person:maria-jensen", "Maria Jensen", "a senior fellow at the Nordic Institute for Security Studies in Oslo")
    ]
    assert doc.text[doc.roles[0].start - 3 : doc.roles[0].end] == "By Maria Jensen"
    assert (doc.senders, doc.addressees, doc.signatories) == ([], [], [])


def test_g7_joint_statement(roles_pipeline):
    doc = analyse(roles_pipeline, G7)
    assert doc.genre == "joint_statement"
    assert evidence(doc, "sender") == [("kb:g7", "Leaders of the G7", "the Leaders of the G7")]
    assert (doc.authors, doc.addressees, doc.signatories) == ([], [], [])


def test_leaders_of_three_countries(roles_pipeline):
    doc = analyse(roles_pipeline, QUAD)
    assert doc.genre == "joint_statement"
    described = "the leaders of Australia, India, and the United States"
    assert evidence(doc, "sender") == [
        ("kb:aus-gov", "Australia", described),
        ("kb:ind-gov", "India", described),
        ("kb:usa-gov", "United States", described),
    ]
    assert (doc.authors, doc.addressees, doc.signatories) == ([], [], [])


def test_joint_statement_written_as_a_readout(roles_pipeline):
    doc = analyse(roles_pipeline, ISRAEL)
    assert doc.genre == "joint_statement"
    assert evidence(doc, "sender") == [
        ("person:joe-biden", "President Joseph R. Biden", None),
        ("person:justin-trudeau", "Prime Minister Trudeau of Canada", None),
        ("person:emmanuel-macron", "President Emmanuel Macron of France", None),
        ("person:olaf-scholz", "Chancellor Olaf Scholz of Germany", None),
        ("person:giorgia-meloni", "Prime Minister Giorgia Meloni of Italy", None),
        ("person:rishi-sunak", "Prime Minister Rishi Sunak of the United Kingdom", None),
    ]
    assert {doc.actor(i).country for i in doc.senders} == {"USA", "CAN", "FRA", "DEU", "ITA", "GBR"}
    assert (doc.authors, doc.addressees, doc.signatories) == ([], [], [])


def test_readout_sender_and_counterpart(roles_pipeline):
    doc = analyse(
        roles_pipeline,
        "whitehouse/2025-01-23-readout-of-president-donald-j-trump-call-with-crown-prince-mohammad-bin-salman.md",
    )
    assert doc.genre == "readout"
    assert [a for a, *_ in evidence(doc, "sender")] == ["person:donald-trump"]
    assert [a for a, *_ in evidence(doc, "addressee")] == ["person:mohammed-bin-salman"]


def test_letter_address_block_and_signature(roles_pipeline):
    doc = analyse(roles_pipeline, "whitehouse/2021-01-20-letter-his-excellency-antonio-guterres.md")
    ((actor, text, description),) = evidence(doc, "addressee")
    assert (actor, text) == ("person:antonio-guterres", "Mr. António Guterres")
    assert description.startswith("Secretary-General, United Nations")
    assert evidence(doc, "signatory") == [("person:joe-biden", "JOSEPH R. BIDEN JR.", None)]
    assert doc.senders == ["person:joe-biden"]  # a letter signed only by a person is sent in their name


def test_comma_list_signed_and_salutation_office(roles_pipeline):
    text = (
        "Dear Madam Speaker:\n\nWe write about the bill.\n\n"
        "Signed: Alpha Rights Network, Beta Press Union and Delta Aid Foundation\n\n"
        "Yours sincerely,\n\nAna Ruiz\nCarla Mendes, Director, Gamma Watch\n"
    )
    doc = roles_pipeline.analyze(from_text(text, language="en"))
    (addressee,) = evidence(doc, "addressee")
    assert addressee[1] == "Madam Speaker" and doc.actor(addressee[0]).sector == "LEG"
    organisations = ["Alpha Rights Network", "Beta Press Union", "Delta Aid Foundation"]
    assert [t for _, t, _ in evidence(doc, "sender")] == organisations
    assert [(t, d) for _, t, d in evidence(doc, "signatory")] == [
        *((o, None) for o in organisations), ("Ana Ruiz", None), ("Carla Mendes", "Director, Gamma Watch")
    ]


def test_metadata_author_without_text(roles_pipeline):
    doc = roles_pipeline.analyze(from_text("The ministry said the port reopened.", language="en", author="Lena Sørensen"))
    assert evidence(doc, "author") == [("person:lena-sorensen", "Lena Sørensen", None)]
    assert doc.actor("person:lena-sorensen").mentions == []


def test_roles_round_trip_through_the_store(roles_pipeline, tmp_path):
    from communique.store import Store

    doc = analyse(roles_pipeline, "written/open-letter-journalists-safety.md")
    with Store(tmp_path / "r.db") as store:
        store.write(doc)
        again = store.get(doc.id)
    assert again.to_dict() == doc.to_dict()  # metadata roles keep their null offsets
