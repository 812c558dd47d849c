"""Event triggers: the PLOVER lexicon, matching words and phrases of a parse, and folding the
triggers that another trigger governs into it (one event per clause, as PLOVER codes a sentence).

Written for communique: the lexicon (events_lexicon.yaml) is data; these functions read the spaCy
dependency parse (labels of en_core_web_sm).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .event_syntax import SPEECH_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

VERBAL = {"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
MATERIAL_CONFLICT = {"PROTEST", "SANCTION", "COERCE", "ASSAULT", "MOBILIZE"}
#: Relations that separate two events: coordinated, adverbial, parenthetical or relative clauses.
SEPARATE = {"conj", "advcl", "parataxis", "relcl", "appos", "acl"}
#: Verbs whose subject does the act they take part in ("were engaged in ethnic cleansing").
PARTICIPATION_VERBS = {"engage", "involve", "participate", "take", "join", "persist"}
MILITARY_ASSAULT_MODES = {"heavy-weapons", "aerial", "drone", "firearms"}


@dataclass
class Lexicon:
    categories: dict[str, dict[str, Any]]
    verbs: dict[str, tuple[str, str | None]]
    nouns: dict[str, tuple[str, str | None]]
    phrases: dict[tuple[str, str], tuple[str, str | None]]
    assault_cues: dict[str, str]
    intent_verbs: frozenset[str]
    carrier_verbs: frozenset[str]
    need_complement: frozenset[str]
    phrase_words: frozenset[str] = frozenset()  # every word of a phrase: only these look at children
    munitions: frozenset[str] = frozenset()  # what is fired or set off: an instrument, not a target

    def cameo(self, category: str, mode: str | None) -> str:
        if category == "ACCUSE" and mode == "investigate":
            return "09"
        if category == "ASSAULT":
            if mode == "unconventional":
                return "20"
            if mode in MILITARY_ASSAULT_MODES:
                return "19"
        return str(self.categories[category]["cameo"])


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    import yaml

    with resources.files(__package__).joinpath("events_lexicon.yaml").open("r", encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    categories = {k: v for k, v in raw.items() if isinstance(v, dict) and "cameo" in v}
    verbs: dict[str, tuple[str, str | None]] = {}
    nouns: dict[str, tuple[str, str | None]] = {}
    phrases: dict[tuple[str, str], tuple[str, str | None]] = {}
    for category, entry in categories.items():  # file order: the first listing of a word wins
        for lemma, mode in (entry.get("verbs") or {}).items():
            verbs.setdefault(lemma, (category, mode))
        for lemma, mode in (entry.get("nouns") or {}).items():
            nouns.setdefault(lemma, (category, mode))
        for phrase, mode in (entry.get("phrases") or {}).items():
            first, _, second = phrase.partition(" ")
            phrases.setdefault((first, second), (category, mode))
            phrases.setdefault((second, first), (category, mode))
    return Lexicon(
        categories, verbs, nouns, phrases, dict(raw.get("assault_mode_cues") or {}),
        frozenset(raw.get("intent_verbs") or ()), frozenset(raw.get("carrier_verbs") or ()),
        frozenset(raw.get("need_complement") or ()), frozenset(w for pair in phrases for w in pair),
        frozenset(raw.get("munitions") or ()),
    )  # fmt: skip


@dataclass
class Trigger:
    token: Token
    category: str
    mode: str | None
    kind: str  # phrase, verb, noun or demand
    partner: Token | None = None
    inner: list[Trigger] = field(default_factory=list)  # triggers folded into this one
    claim_of: Trigger | None = None  # the ACCUSE whose content this event is
    via: str = ""  # the relation under the trigger it was folded into (xcomp: its complement)
    demand: dict[str, Any] | None = None

    @property
    def tokens(self) -> list[Token]:
        return [self.token] + ([self.partner] if self.partner is not None else [])


def _children_lemmas(token: Token):
    for child in token.children:
        yield child, child.lemma_.lower()
        if child.dep_ in ("prep", "agent", "prt"):
            for grand in child.children:
                if grand.dep_ == "pobj":
                    yield grand, grand.lemma_.lower()


def match_token(lex: Lexicon, token: Token) -> Trigger | None:
    """The lexicon entry a token starts, phrases first."""
    pos = token.pos_
    if pos not in ("VERB", "NOUN", "PROPN", "ADJ", "AUX"):
        return None
    lemma = token.lemma_.lower()
    for child, child_lemma in _children_lemmas(token) if lemma in lex.phrase_words else ():
        hit = lex.phrases.get((lemma, child_lemma)) or lex.phrases.get((lemma, child.lower_))
        if hit:
            return Trigger(token, hit[0], hit[1], "phrase", partner=child)
    if pos == "VERB":
        hit = lex.verbs.get(lemma)
        if hit and lemma in lex.need_complement and not any(c.dep_ == "xcomp" for c in token.children):
            return None
        if lemma == "protest" and not any(
            c.dep_ in ("ccomp", "dobj") or (c.dep_ == "prep" and c.lower_ in ("to", "with")) for c in token.children
        ):  # "thousands protested in the capital" is a protest; "protested that / to X" a complaint
            hit = ("PROTEST", "demo")
    elif pos in ("NOUN", "PROPN"):
        hit = lex.nouns.get(lemma) or lex.nouns.get(token.lower_)
    else:
        hit = None
    if hit:
        return Trigger(token, hit[0], hit[1], "verb" if pos == "VERB" else "noun")
    return None


def find_triggers(lex: Lexicon, sent: Span, demands: dict[int, dict[str, Any]]) -> list[Trigger]:
    found: dict[int, Trigger] = {}
    attribution = attribution_tokens(sent)
    for token in sent:
        if token.i in attribution and token.i not in demands:
            continue
        if token.ent_type_ and token.ent_type_ != "NORP" and token.i not in demands:
            continue  # part of a name ("Ceasefire Violations Committee", "March")
        if token.i in demands:
            found[token.i] = Trigger(token, "REQUEST", demands[token.i].get("mode"), "demand", demand=demands[token.i])
            continue
        trig = match_token(lex, token)
        if trig is not None and trig.kind == "noun" and token.dep_ in ("compound", "amod", "poss"):
            continue  # a modifier ("riot police", "relief officials"), not an event
        if trig is not None:
            found[token.i] = trig
    # the partner word of a phrase is part of that trigger, not an event of its own
    for trig in list(found.values()):
        if trig.partner is not None and trig.partner.i in found and found[trig.partner.i].kind != "demand":
            partner = found.pop(trig.partner.i)
            if partner is not trig:
                trig.inner.append(partner)
    return fold(lex, list(found.values()))


def attribution_tokens(sent: Span) -> set[int]:
    """Tokens that say who reports, not what happened: the subject and modifiers of a speech verb
    ("relief officials in Nairobi said", "told AFP by phone") and "according to X"."""
    out: set[int] = set()
    for tok in sent:
        if tok.lemma_ in SPEECH_VERBS and tok.pos_ == "VERB":
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass", "agent", "dative") or (
                    child.dep_ == "prep" and child.lower_ in ("by", "in", "at", "to", "from", "through", "via")
                ):
                    out.update(t.i for t in child.subtree)
        elif tok.lower_ == "according" and tok.dep_ == "prep":
            out.update(t.i for t in tok.subtree)
    return out


def _background(deps: list[str], path: list[Token]) -> bool:
    """Whether a trigger sits in a clause that describes a participant (relative clause, participle
    modifying a noun: "refugees who were expelled", "demonstrators protesting"), not an event."""
    for dep, tok in zip(deps, path, strict=False):
        if dep == "relcl" or (dep == "acl" and tok.tag_ in ("VBN", "VBG")):
            return True
    return False


def _subordinate(deps: list[str], path: list[Token]) -> bool:
    """A subjectless adverbial clause ("to demand reforms", "killing 20", "saying he must resign")
    tells the purpose or manner of the governing event: it is folded into it."""
    for dep, tok in zip(deps, path, strict=False):
        if dep == "advcl" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            return True
    return False


def fold(lex: Lexicon, triggers: list[Trigger]) -> list[Trigger]:
    """Fold each trigger into the nearest trigger that governs it within the same clause; drop the
    triggers of relative and participial clauses."""
    by_token = {t.token.i: t for t in triggers}
    governs = dict(by_token)
    for t in triggers:  # the verb whose object a nominal trigger is governs for it ("continued their
        if t.token.dep_ in ("dobj", "attr") and t.token.pos_ in ("NOUN", "PROPN"):  # hunger strike to
            governs.setdefault(t.token.head.i, t)  # demand ...": the demand is the strike's)
    parent: dict[int, Trigger] = {}
    dropped: set[int] = set()
    for trig in triggers:
        node, deps, path = trig.token, [], []
        while node.head.i != node.i:
            deps.append(node.dep_)
            path.append(node)
            node = node.head
            gov = governs.get(node.i)
            if gov is None or gov is trig:
                continue
            adjunct = deps == ["pobj", "prep"] and path[1].lower_ == "in" and gov.category == trig.category
            if node.i not in by_token and not any(d in ("advcl", "xcomp") for d in deps) and not adjunct:
                continue  # through its verb, a nominal trigger takes in clauses and "in protest", not phrases
            if _background(deps, path):
                dropped.add(trig.token.i)
                break
            trig.via = deps[-1]
            same = gov.category == trig.category
            if gov.category == "ACCUSE" and trig.category in MATERIAL_CONFLICT and trig.token.pos_ == "VERB" and any(
                d in ("ccomp", "xcomp", "pcomp") for d in deps
            ):
                trig.claim_of = gov  # "accused Y of shelling": Y's shelling is the accuser's claim
                break
            if any(d in SEPARATE for d in deps) and not same and (not _subordinate(deps, path) or gov.mode == "visit"):
                break  # what a visit was made for is done there, an event of its own ("went to X to offer ...")
            if "parataxis" in deps or ("conj" in deps and not same):
                break
            parent[trig.token.i] = gov
            break
        else:
            if _background(deps, path):
                dropped.add(trig.token.i)
    # carriers ("ordered patrols", "ordered X to suspend publication"): the material act wins
    for child_i, gov in list(parent.items()):
        child = by_token[child_i]
        if gov.token.lemma_ in lex.carrier_verbs and gov.category not in MATERIAL_CONFLICT and child.category not in VERBAL:
            parent.pop(child_i)
            parent[gov.token.i] = child
    roots = []
    for trig in triggers:
        top, seen = trig, set()
        while top.token.i in parent and top.token.i not in seen:
            seen.add(top.token.i)
            top = parent[top.token.i]
        if top is trig:
            if trig.token.i not in dropped:
                roots.append(trig)
        else:
            top.inner.append(trig)
    return roots


def all_inner(trig: Trigger) -> list[Trigger]:
    out = []
    for sub in trig.inner:
        out.append(sub)
        out.extend(all_inner(sub))
    return out


def anchor_of(trig: Trigger) -> Token:
    """The verb that carries a nominal trigger ("launched an investigation", "imposed a curfew")."""
    tok = trig.token
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "attr", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        return tok.head
    if trig.partner is not None and trig.partner.pos_ == "VERB" and tok.pos_ != "VERB":
        return trig.partner
    if tok.pos_ in ("NOUN", "PROPN"):  # "launched 10 days of war games", "return to Geneva for talks"
        node = tok
        for _ in range(3):
            if node.dep_ == "pobj" and (node.head.lower_ in ("of", "for", "to", "into") or (
                node.head.lower_ == "in" and node.head.head.lemma_.lower() in PARTICIPATION_VERBS
            )):  # "engaged in ethnic cleansing", "took part in the attack"
                node = node.head.head
            elif node.dep_ in ("dobj", "attr") and node.i != tok.i:
                node = node.head
            else:
                break
            if node.pos_ in ("VERB", "AUX"):
                return node
    return tok
