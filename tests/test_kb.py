"""The actor knowledge base: built by scripts/build_kb.py, neutral aliases, lookups."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from communique.kb import alias_key, case_matches, load_kb

ROOT = Path(__file__).resolve().parent.parent


def _build_module():
    spec = importlib.util.spec_from_file_location("build_kb", ROOT / "scripts" / "build_kb.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_kb_is_what_the_script_builds():
    build = _build_module()
    shipped = (ROOT / "src" / "communique" / "kb" / "data" / "kb.json").read_text(encoding="utf-8")
    assert shipped == build.render(build.build()), "kb.json is stale: run scripts/build_kb.py"


def test_countries_sectors_and_institutions():
    kb = load_kb()
    assert len(kb.countries) > 240
    assert kb.lookup("Russia").id == "kb:rus" and kb.lookup("Russians").country == "RUS"
    assert kb.adjective_country("Turkish") == "TUR" and kb.capital_country("Damascus") == "SYR"
    assert kb.institution("SYR", "REB").name == "Rebels (Syria)"
    assert kb.institution("USA", "GOV").name == "Government of the United States"
    plover = {"COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
              "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC"}  # fmt: skip
    assert set(kb.sectors) == plover | {"IGO", "NGO"}
    for entry in kb.entries.values():
        assert entry.sector is None or entry.sector in kb.sectors
        assert entry.country is None or entry.country in kb.countries


def test_partisan_and_hostile_names_are_plain_aliases():
    kb = load_kb()
    for alias, target in [
        ("the Kremlin", "kb:rus-gov"), ("Kiev regime", "kb:ukr-gov"), ("Kyiv junta", "kb:ukr-gov"),
        ("Zionist entity", "kb:isr-gov"), ("Great Satan", "kb:usa-gov"), ("Beijing regime", "kb:chn-gov"),
        ("the White House", "kb:usa-gov"), ("Pentagon", "kb:usa-mil"), ("Israel Defense Forces", "kb:isr-mil"),
    ]:  # fmt: skip
        entry = kb.lookup(alias)
        assert entry is not None and entry.id == target, alias
    # an alias carries no judgement: the entry is the same record whatever name reached it
    assert kb.lookup("Zionist entity") is kb.lookup("Israeli cabinet")


def test_case_rules():
    assert case_matches("US", "US") and not case_matches("US", "us")
    assert case_matches("Turkey", "Turkey") and not case_matches("Turkey", "turkey")
    assert case_matches("regime in Damascus", "Regime in Damascus")
    assert alias_key("The  Kremlin’s") == "kremlin's"


def test_fuzzy_spelling_variants():
    kb = load_kb()
    assert kb.fuzzy("Organisation for Security and Cooperation in Europe").id == "kb:osce"
    assert kb.fuzzy("Organization of Peace and Friendship") is None
