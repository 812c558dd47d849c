"""The record schema: one definition shared by the CLI, the store, the exports and the web pages.

Every record kind is a pydantic model here. The JSON Schema shipped beside this module
(``record.schema.json``) and the field tables of ``docs/schema.md`` are generated from these models
by ``scripts/build_schema.py``; a test fails when either is stale, and another when a table of the
SQLite store lacks a column for a field. Change a field here, run ``make schema``, and all agree.

Lists of records are ``None`` when the extractor that assigns them did not run and ``[]`` when it ran
and found nothing, so an absent extractor is never mistaken for an empty result.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

ISO3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 country code")]
Offset = Annotated[int, Field(ge=0)]

#: The 16 PLOVER event categories (PLOVER manual, ontology in shared/data/plover).
PLOVER_CATEGORIES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

#: The 14 technique labels of the Propaganda Techniques Corpus (SemEval-2020 Task 11).
PTC_TECHNIQUES = (
    "Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy", "Causal_Oversimplification", "Doubt", "Exaggeration,Minimisation",
    "Flag-Waving", "Loaded_Language", "Name_Calling,Labeling", "Repetition", "Slogans",
    "Thought-terminating_Cliches", "Whataboutism,Straw_Men,Red_Herring",
)  # fmt: skip

GENRES = (
    "open_letter", "joint_statement", "press_release", "readout", "news_report", "opinion",
    "speech", "other",
)  # fmt: skip

ROLES = ("author", "sender", "addressee", "signatory")

STATUSES = ("analysed", "unsupported_language")


class Record(BaseModel):
    """Base of every record: strict about unknown keys, serialises to plain JSON types."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready Python objects, keys in schema order."""
        return self.model_dump(mode="json")

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)


class Span(Record):
    """Where a record's evidence is: ``text[start:end]``."""

    start: Offset = Field(description="Offset of the first character of the evidence in `text`.")
    end: Offset = Field(description="Offset one past the last character of the evidence.")


class Mention(Span):
    text: str = Field(description="The characters `text[start:end]`, for reading.")


class Actor(Record):
    id: str = Field(description="Corpus-wide actor id: the same actor keeps it across documents.")
    name: str = Field(description="Normalised name.")
    type: str = Field(description="person, organization, state, igo, group, location or other.")
    country: ISO3 | None = Field(default=None, description="ISO3 country the actor belongs to, or null.")
    sector: str | None = Field(
        default=None, description="PLOVER/CAMEO sector code (GOV, MIL, REB, PTY, NGO, IGO, MED, ...)."
    )
    members: list[str] = Field(
        default_factory=list, description="For a group: ids of the actors it is made of."
    )
    mentions: list[Mention] = Field(description="Every place the actor is named or referred to.")


class Role(Span):
    """Evidence that an actor holds a document role: a span of the text, or the input's metadata."""

    start: Offset | None = Field(
        description="Offset of the first character of the evidence in `text`; null when `origin` is metadata."
    )
    end: Offset | None = Field(description="Offset one past the last character of the evidence; null for metadata.")
    role: Literal["author", "sender", "addressee", "signatory"] = Field(
        description="author (byline), sender, addressee or signatory."
    )
    actor: str = Field(description="Actor id.")
    text: str = Field(description="The evidence characters, or the metadata value when `origin` is metadata.")
    description: str | None = Field(
        default=None, description="How the actor describes itself there (a byline's self-description)."
    )
    origin: Literal["text", "metadata"] = Field(
        default="text",
        description="text: the evidence is `text[start:end]`; metadata: the role comes only from the input's "
        "metadata (e.g. an HTML byline that was not part of the main text), with no offsets.",
    )


class Quote(Span):
    speaker: str | None = Field(description="Actor id of the speaker, or null when not resolved.")
    text: str = Field(description="What was said: the content span's characters.")
    direct: bool = Field(description="True for a quotation in quote marks, false for reported speech.")
    cue: str | None = Field(description='The cue word ("said", "according to", ":"), or null.')
    cue_start: Offset | None = Field(default=None, description="Offset of the cue, or null.")
    cue_end: Offset | None = Field(default=None, description="End offset of the cue, or null.")
    speaker_start: Offset | None = Field(default=None, description="Offset of the speaker's words.")
    speaker_end: Offset | None = Field(default=None, description="End offset of the speaker's words.")


class Place(Record):
    name: str = Field(description="Place name as in the gazetteer.")
    country: ISO3 | None = Field(default=None, description="ISO3 country of the place.")
    lat: float | None = Field(default=None, description="Latitude, WGS84.")
    lon: float | None = Field(default=None, description="Longitude, WGS84.")
    geonames_id: int | None = Field(default=None, description="GeoNames id, or null for a country.")
    start: Offset | None = Field(default=None, description="Offset of the place name in `text`.")
    end: Offset | None = Field(default=None, description="End offset of the place name.")


class Event(Span):
    type: Literal[PLOVER_CATEGORIES] = Field(description="PLOVER category (AGREE ... ASSAULT).")
    cameo: str | None = Field(description="CAMEO root code (two digits) mapped from the PLOVER type.")
    mode: str | None = Field(description="PLOVER mode of the category (e.g. phone, visit), or null.")
    modality: str = Field(
        default="asserted",
        description="asserted, negated, future, hypothetical, demanded, historical or claimed.",
    )
    negated: bool = Field(description="True when the text says the event did not happen.")
    actors: list[str] = Field(description="Actor ids of who did it.")
    recipients: list[str] = Field(description="Actor ids of whom it was done to.")
    actor_text: str | None = Field(
        default=None, description="The words naming who did it (also when no actor id was resolved)."
    )
    recipient_text: str | None = Field(
        default=None, description="The words naming whom it was done to (also when unresolved)."
    )
    date: str | None = Field(description="ISO date, possibly truncated (2019-08) to its granularity.")
    date_granularity: str | None = Field(default=None, description="day, month, year or null.")
    date_source: str | None = Field(
        default=None,
        description="How the date was found: text (a date phrase governed by the trigger), sentence "
        "(a date elsewhere in its sentence), document (the date of the meeting or call a readout reports), "
        "published (the publication date), dateline (the date of the document's dateline, when it has no "
        "publication date), or null.",
    )
    place: Place | None = Field(description="Where it happened, geocoded, or null.")
    trigger: str = Field(description="The words that express the event.")
    claimed_by: str | None = Field(
        default=None, description="Actor id of the speaker when the event is only their claim."
    )
    confidence: float = Field(ge=0, le=1, description="0..1.")


class Demand(Span):
    by: str | None = Field(description="Actor id of who demands, or null.")
    target: str | None = Field(description="Actor id of whom it is demanded of, or null.")
    text: str = Field(description="What is demanded.")


class Stance(Span):
    holder: str = Field(description="Actor id of who holds the stance.")
    target: str = Field(description="Actor id it is held toward.")
    polarity: Literal["favor", "against"] = Field(description="favor or against.")
    confidence: float = Field(ge=0, le=1, description="0..1.")


class Technique(Span):
    label: Literal[PTC_TECHNIQUES] = Field(description="PTC technique name.")
    confidence: float = Field(ge=0, le=1, description="0..1.")


class Warning(Record):  # noqa: A001 - a record kind, not the builtin
    code: str = Field(description="Stable code (CQW + number) of a recoverable oddity.")
    message: str = Field(description="What was odd and what was done about it.")
    start: Offset | None = Field(default=None, description="Where, if it has a place in `text`.")
    end: Offset | None = Field(default=None, description="End of that place.")


class Document(Record):
    """One analysed document: its text, its metadata and every record found in it."""

    schema_version: Literal["1"] = Field(default=SCHEMA_VERSION, description="Version of this schema.")
    id: str = Field(description="The input's id, else the first 16 hex digits of the text's SHA-256.")
    source: str = Field(description="Where the document came from: a path, path:line, or `-` for stdin.")
    title: str | None = Field(default=None, description="Title from the metadata or the file.")
    published: str | None = Field(
        default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Publication date, ISO 8601."
    )
    language: str | None = Field(default=None, description="ISO 639-1 code of the text's language.")
    status: Literal["analysed", "unsupported_language"] = Field(
        default="analysed",
        description="analysed, or unsupported_language when no extractor could run on the text.",
    )
    genre: Literal[GENRES] | None = Field(
        default=None, description="open_letter, joint_statement, press_release, readout, news_report, "
        "opinion, speech or other; null when the genre extractor did not run.",
    )
    genre_reason: str | None = Field(default=None, description="Why this genre was chosen.")
    author: str | None = Field(default=None, description="Author as given in the input's metadata.")
    site: str | None = Field(default=None, description="Site or outlet name from the metadata.")
    url: str | None = Field(default=None, description="Address of the original, from the metadata.")
    content_hash: str = Field(description="SHA-256 of `text`, hex.")
    duplicate_of: str | None = Field(
        default=None, description="Id of an earlier document this one is a near-copy of."
    )
    text: str = Field(description="The analysed text; every offset points into it.")
    tone: float | None = Field(default=None, description="Document tone; see docs/tone.md.")
    authors: list[str] | None = Field(default=None, description="Actor ids of the authors.")
    senders: list[str] | None = Field(default=None, description="Actor ids of the senders.")
    addressees: list[str] | None = Field(default=None, description="Actor ids of the addressees.")
    signatories: list[str] | None = Field(default=None, description="Actor ids of the signatories.")
    roles: list[Role] | None = Field(default=None, description="The evidence for each role.")
    actors: list[Actor] | None = Field(default=None, description="Actors named in the text.")
    quotes: list[Quote] | None = Field(default=None, description="Direct and reported speech.")
    events: list[Event] | None = Field(default=None, description="Events coded in PLOVER.")
    demands: list[Demand] | None = Field(default=None, description="Demands and calls to action.")
    stances: list[Stance] | None = Field(default=None, description="Who stands for or against whom.")
    techniques: list[Technique] | None = Field(default=None, description="Persuasion techniques.")
    extensions: dict[str, list[dict[str, Any]]] = Field(
        default_factory=dict, description="Records of kinds added by third-party extractors, by kind."
    )
    warnings: list[Warning] = Field(
        default_factory=list, description="Recoverable oddities met while reading or analysing."
    )
    extractors: list[str] = Field(
        default_factory=list, description="Names of the extractors that ran, in order."
    )

    def text_of(self, span: Span) -> str:
        """The evidence characters of a record."""
        return self.text[span.start : span.end]

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id in this document, or None."""
        for actor in self.actors or ():
            if actor.id == actor_id:
                return actor
        return None


class ErrorInfo(Record):
    code: str = Field(pattern=r"^CQ\d{3}$", description="Stable error code, see docs/errors.md.")
    message: str = Field(description="What went wrong and what to do.")


class ErrorRecord(Record):
    """What a document that failed becomes; the batch goes on."""

    id: str | None = Field(description="The document id if it was known before the failure.")
    source: str = Field(description="Where the document came from.")
    error: ErrorInfo = Field(description="The error's code and message.")


#: Record kinds that are lists on a Document and the model of their items.
RECORD_KINDS: dict[str, type[Record]] = {
    "roles": Role,
    "actors": Actor,
    "quotes": Quote,
    "events": Event,
    "demands": Demand,
    "stances": Stance,
    "techniques": Technique,
}
#: Document fields an extractor may assign besides the record lists.
SCALAR_KINDS = ("authors", "senders", "addressees", "signatories", "genre", "genre_reason", "tone")


def assignable_fields() -> frozenset[str]:
    """Every Document field an extractor may declare in ``assigns``."""
    return frozenset(RECORD_KINDS) | frozenset(SCALAR_KINDS)


def build_json_schema() -> dict[str, Any]:
    """The JSON Schema of one output line: a Document or an ErrorRecord."""
    doc = Document.model_json_schema(ref_template="#/$defs/{model}")
    err = ErrorRecord.model_json_schema(ref_template="#/$defs/{model}")
    defs = {**doc.pop("$defs", {}), **err.pop("$defs", {})}
    defs["Document"] = doc
    defs["ErrorRecord"] = err
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://communique.invalid/schema/record-v1.json",
        "title": "communique record",
        "description": "One JSON object per input document: an analysed Document or an ErrorRecord.",
        "oneOf": [{"$ref": "#/$defs/Document"}, {"$ref": "#/$defs/ErrorRecord"}],
        "$defs": dict(sorted(defs.items())),
    }


@lru_cache(maxsize=1)
def json_schema() -> dict[str, Any]:
    """The shipped JSON Schema (``record.schema.json``), loaded once."""
    with resources.files(__package__).joinpath("record.schema.json").open("r", encoding="utf-8") as fh:
        return json.load(fh)


def validate(obj: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``obj`` is a valid output record."""
    import jsonschema

    jsonschema.validate(obj, json_schema(), cls=jsonschema.Draft202012Validator)
