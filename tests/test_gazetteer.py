"""The offline gazetteer and date resolution used by the events extractor."""

from __future__ import annotations

from importlib import resources

from communique.extract.event_when_where import resolve_date
from communique.kb.gazetteer import gazetteer


def test_gazetteer_is_compact_package_data():
    size = resources.files("communique.kb").joinpath("data", "places.tsv.gz").stat().st_size
    assert size < 3_000_000


def test_lookup_exact_alias_and_qualified_names():
    g = gazetteer()
    assert g.lookup("Basra").country == "IRQ"
    assert g.lookup("northern Syria").geonames_id == 163843
    assert g.lookup("U.K.").country == "GBR"
    assert g.lookup("Qwertyvillezz") is None
    assert g.lookup("Africa") is None


def test_documents_countries_settle_ambiguous_names():
    g = gazetteer()
    assert g.lookup("Paris").country == "FRA"
    assert g.lookup("Hyderabad").country == "IND"
    assert g.lookup("Hyderabad", {"PAK"}).country == "PAK"


def test_dates_resolve_against_publication_with_granularity():
    assert resolve_date("last year", "2024-03-01").date == "2023"
    assert resolve_date("August 2019", "2024-03-01").granularity == "month"
    assert resolve_date("3 March", "2024-03-01", future=True).date == "2024-03-03"
    assert resolve_date("Friday", None) is None
    assert resolve_date("the weekend", "2024-03-01") is None


def test_a_places_own_name_before_an_alternate_name_and_venues_in_their_town():
    g = gazetteer()
    assert g.lookup("New Delhi").name == "New Delhi"  # also an alternate name of Delhi, ten times bigger
    assert g.lookup("the White House").name == "Washington"  # not Casablanca, whose translation it is
    assert g.lookup("Pentagon").name == "Arlington" and g.is_venue("the Kremlin")
    assert not g.is_venue("Paris")


def test_a_world_city_beats_a_small_namesake_in_the_documents_country():
    g = gazetteer()
    assert g.lookup("Paris", {"USA"}).country == "FRA"
    assert g.lookup("Geneva", {"USA"}).country == "CHE"
    assert g.lookup("Berlin", {"USA"}).country == "DEU"
    # places of comparable size: the document's country decides
    assert g.lookup("Tripoli", {"LBN"}).country == "LBN"
    assert g.lookup("Springfield", {"USA"}).country == "USA"
