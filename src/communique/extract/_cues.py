"""The cue words of reported speech: which verbs introduce what someone said, and how.

Lists written for communique from the usual English verbs of saying, reporting and stating a
position (the figures in docs/accuracy.md were tuned on PolNeAR train and dev only). Each set says
how the verb carries its content, since "said that ...", "urged X to ...", "criticised X for ..."
and "called for ..." hang their content on the verb in different ways.
"""

from __future__ import annotations

#: Verbs whose clausal complement is what was said or held ("said that ...", "believes ...").
SPEECH_VERBS = frozenset(
    """
    say tell add state claim argue insist assert maintain explain note observe remark comment reply
    respond answer write tweet post report announce declare confirm deny admit acknowledge concede
    warn caution predict suggest propose recommend stress emphasize emphasise reiterate repeat recall
    mention testify allege complain protest boast brag joke quip contend counter retort vow pledge
    promise threaten urge ask demand conclude estimate indicate signal hint reveal disclose inform
    assure reassure shout yell exclaim wonder speculate concur agree disagree point
    believe think feel hope fear expect worry doubt suspect know realize realise show find
    """.split()
)
#: Verbs that report what evidence shows: a quote only when their subject is someone, or a source
#: of information ("the poll found that ..."), not any fact ("the agreement showed that ...").
EVIDENCE_VERBS = frozenset("show demonstrate prove".split())
#: Nouns that name a source of information, for the evidence verbs.
SOURCE_NOUNS = frozenset(
    """
    poll polling survey study research report analysis data figure statistic number result record
    document email memo filing letter statement transcript video footage recording audit review
    investigation inquiry probe evidence projection estimate model census tally count paper article
    story book interview testimony ruling verdict opinion finding file cable log database index
    average chart graphic map photo image picture slide ad advertisement tweet post message website
    page percent majority minority
    """.split()
)
#: Verbs that report speech only right beside a quotation ("he continued: “...”").
QUOTE_ONLY_VERBS = frozenset("continue begin conclude".split())
#: Speech acts whose content is an infinitive ("vowed to ...", "urged X to ...", "refused to ..."),
#: beliefs about what will happen ("expects to win", "hopes to ...") and stated intentions ("plans
#: to ...", "wants to ...", "decided to ..."): news attribution counts what someone means to do as
#: their stated position (docs/quotes.md, "What is a quote").
INFINITIVE_VERBS = frozenset(
    """
    vow pledge promise swear threaten urge ask demand call refuse decline agree offer encourage advise
    tell order invite warn implore beg instruct expect hope fear predict want plan intend seek aim
    prefer decide
    """.split()
)
#: Speech acts whose object is what was said or its subject: "criticised the ruling", "cited the
#: report", "called the plan a disgrace", "accused X of lying". With something said of the object
#: the content is the object and that predicate (form "small clause"); alone, the object (form
#: "object"), unless it only says when or where.
OBJECT_VERBS = frozenset(
    """
    criticize criticise praise slam blast condemn denounce accuse defend deny announce propose
    discuss describe cite mention question dismiss reject endorse applaud welcome call demand
    predict recommend blame thank mock attack urge tout hail decry lament dispute challenge label
    brand portray characterize characterise depict
    """.split()
)
#: Verbs whose content follows a preposition ("called for ...", "referred to ...").
PREPOSITION_VERBS = {
    "call": ("for",),
    "talk": ("about",),
    "speak": ("about", "of"),
    "ask": ("about",),
    "refer": ("to",),
    "point": ("to",),
    "comment": ("on",),
    "warn": ("about", "of", "against"),
    "complain": ("about",),
    "argue": ("for", "against"),
    "push": ("for",),
    "advocate": ("for",),
    "testify": ("about",),
    "write": ("about",),
    "tweet": ("about",),
}
#: Verbs of the lexicon whose bare object is not what was said: the addressee ("told reporters",
#: "asked him", "warned them") or, for a belief or a finding, a thing known or found ("knew the
#: city", "found moderators"). Every other verb of saying reports its object ("said as much",
#: "noted the clot's existence", "repeated the claim").
NO_OBJECT_CONTENT = frozenset(
    """
    tell ask inform assure reassure warn caution remind advise answer respond reply invite order
    believe think feel hope fear expect worry doubt suspect know realize realise show find wonder
    continue begin conclude point add maintain counter observe signal indicate
    """.split()
)
#: Entity types of a prepositional object that says when or where, not what ("spoke on Monday",
#: "talked in Ohio"), and of a direct object that is a time the parser took for an object
#: ("announced Monday"): circumstances, not content.
CIRCUMSTANCE_ENTITIES = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "CARDINAL", "ORDINAL"})
TIME_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL"})
#: Prepositions after an object that say something of it: "described X as Y" takes any phrase,
#: "accused X of ..." and "criticised X for ..." a clause ("of lying", "for failing to act").
PREDICATE_AS = "as"
REASON_PREPOSITIONS = frozenset("for of".split())
#: Verbs that take a clause without reporting anyone's words or views ("made sure that ...").
NOT_REPORTING = frozenset(
    """
    be have do make mean ensure seem appear help let get become remain happen matter depend turn
    keep leave put give take come go need try use like look sound feel_like want
    """.split()
)
#: Nouns that report what someone said or holds through a "that" clause ("his claim that ...").
REPORT_NOUNS = frozenset(
    """
    claim statement assertion argument warning promise pledge belief view suggestion insistence
    allegation accusation charge announcement remark comment vow threat assurance admission
    contention conviction prediction fear hope complaint
    """.split()
)
