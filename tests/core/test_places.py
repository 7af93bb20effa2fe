"""Essen's districts and postal codes: exact and fuzzy lookup, lookup inside addresses."""

from __future__ import annotations

import pytest

from core.places import (
    BOROUGHS,
    DISTRICTS,
    POSTAL_CODES,
    exact_area,
    find_area_in_text,
    fold,
    haversine_km,
    is_essen_postal_code,
    resolve_area,
)


def test_fifty_districts_in_nine_boroughs() -> None:
    assert len(BOROUGHS) == 9
    assert len(DISTRICTS) == 50
    assert sum(len(names) for names in BOROUGHS.values()) == 50


def test_every_postal_code_names_known_districts() -> None:
    for code, names in POSTAL_CODES.items():
        assert len(code) == 5 and code.startswith("45")
        assert all(name in DISTRICTS for name in names)


def test_fold_umlauts_and_punctuation() -> None:
    assert fold("Rüttenscheid") == "ruettenscheid"
    assert fold("Überruhr-Hinsel") == "ueberruhr hinsel"
    assert fold("Margarethenhöhe!") == "margarethenhoehe"
    assert fold("Straße") == "strasse"


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("Rüttenscheid", "Rüttenscheid"),
        ("Ruettenscheid", "Rüttenscheid"),
        ("rüttenscheid", "Rüttenscheid"),
        ("RÜTTENSCHEID", "Rüttenscheid"),
        ("Rü", "Rüttenscheid"),
        ("Steele", "Steele"),
        ("Essen-Steele", "Steele"),
        ("in Kettwig", "Kettwig"),
        ("Innenstadt", "Stadtkern"),
        ("Stadtmitte", "Stadtkern"),
        ("City", "Stadtkern"),
        ("Borbeck", "Borbeck-Mitte"),
        ("Altenessen Nord", "Altenessen-Nord"),
        ("Schönebeck", "Schönebeck"),
        ("Schonnebeck", "Schonnebeck"),
    ],
)
def test_resolve_exact_names_and_aliases(text: str, district: str) -> None:
    match = resolve_area(text)
    assert match is not None
    assert match.district == district
    assert match.score == 100.0


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("Borbek", "Borbeck-Mitte"),
        ("Rüttenscheidt", "Rüttenscheid"),
        ("Bergerhausn", "Bergerhausen"),
        ("Werdn", "Werden"),
        ("Frohnhasen", "Frohnhausen"),
        ("Rütten", "Rüttenscheid"),
    ],
)
def test_resolve_typos(text: str, district: str) -> None:
    match = resolve_area(text)
    assert match is not None
    assert match.district == district
    assert 80 <= match.score < 100


def test_alias_for_several_districts() -> None:
    altenessen = resolve_area("Altenessen")
    assert altenessen is not None
    assert set(altenessen.districts) == {"Altenessen-Nord", "Altenessen-Süd"}
    assert set(altenessen.postal_codes) == {"45326", "45329"}
    assert altenessen.borough == "Stadtbezirk V"
    assert altenessen.lat is not None  # the Altenessener Markt
    ueberruhr = resolve_area("Überruhr")
    assert ueberruhr is not None
    assert set(ueberruhr.districts) == {"Überruhr-Hinsel", "Überruhr-Holthausen"}


def test_postal_codes() -> None:
    rue = resolve_area("45130")
    assert rue is not None
    assert rue.district == "Rüttenscheid"
    assert rue.postal_code == "45130"
    assert rue.postal_codes == ("45130",)
    assert rue.borough == "Stadtbezirk II"
    borbeck = resolve_area(" 45355 ")
    assert borbeck is not None
    assert borbeck.districts == ("Borbeck-Mitte", "Bedingrade")
    assert resolve_area("45130 Essen") == rue


@pytest.mark.parametrize("code", ["44787", "10115", "45100", "4513", "451300"])
def test_foreign_or_malformed_postal_codes(code: str) -> None:
    assert resolve_area(code) is None
    assert not is_essen_postal_code(code)


def test_is_essen_postal_code() -> None:
    assert is_essen_postal_code("45127")
    assert is_essen_postal_code("45359")
    assert not is_essen_postal_code("44787")


@pytest.mark.parametrize("text", ["", "   ", "Bochum", "Hamburg", "xyz", "Ess", "Wattenscheid"])
def test_unknown_places(text: str) -> None:
    assert resolve_area(text) is None


def test_ambiguous_typo_names_alternatives() -> None:
    match = resolve_area("Schonebeck")
    assert match is not None
    assert {match.district, *match.alternatives} == {"Schonnebeck", "Schönebeck"}


def test_exact_area_is_not_fuzzy() -> None:
    assert exact_area("Borbeck") is not None
    assert exact_area("Borbek") is None
    assert exact_area("45130") is not None


def test_district_record_has_borough_codes_and_coordinates() -> None:
    rue = DISTRICTS["Rüttenscheid"]
    assert rue.borough == "Stadtbezirk II"
    assert rue.postal_codes == ("45130", "45131")
    assert rue.lat == pytest.approx(51.437)
    assert DISTRICTS["Schuir"].lat is None  # no known place there


def test_find_area_in_address_postal_code_wins() -> None:
    match = find_area_in_text("Seniorenheim Am Park, Rüttenscheider Str. 10, 45130 Essen")
    assert match is not None
    assert match.district == "Rüttenscheid"
    assert match.postal_code == "45130"
    # The postal code decides even when the street is named after another district.
    match = find_area_in_text("Steeler Straße 5, 45138 Essen")
    assert match is not None
    assert match.district == "Huttrop"


def test_find_area_in_text_by_name() -> None:
    for text, district in [
        ("Altenheim in Kettwig", "Kettwig"),
        ("Haus Sonne, Essen-Horst", "Horst"),
        ("Pflegeheim Altenessen-Nord, Karlsplatz", "Altenessen-Nord"),
        ("wohnt in Borbek bei der Tochter", "Borbeck-Mitte"),
    ]:
        match = find_area_in_text(text)
        assert match is not None, text
        assert match.district == district


def test_find_area_in_text_ignores_streets_names_and_other_cities() -> None:
    assert find_area_in_text("Musterweg 1, 44787 Bochum") is None
    assert find_area_in_text("Horst Müller, Steeler Str. 5") is None
    assert find_area_in_text("Rüttenscheider Straße 10") is None
    assert find_area_in_text("keine Ortsangabe") is None


def test_haversine() -> None:
    assert haversine_km(51.474, 6.950, 51.474, 6.950) == 0
    # Borbeck to Kettwig, roughly 12.5 km
    assert haversine_km(51.474, 6.950, 51.362, 6.944) == pytest.approx(12.46, abs=0.1)
