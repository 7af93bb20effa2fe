"""The synonyms file: format, validation, and extension by an operator."""

from __future__ import annotations

from pathlib import Path

import pytest

from faq import (
    DEFAULT_FAQ_PATH,
    DEFAULT_SYNONYMS_PATH,
    Decision,
    FaqError,
    FaqMatcher,
    SynonymsError,
    load_faq,
    load_synonyms,
)
from faq.normalize import tokenize
from faq.synonyms import SynonymTable


def test_shipped_synonyms_load() -> None:
    synonyms = load_synonyms(DEFAULT_SYNONYMS_PATH)
    assert "perso" in synonyms.groups["personalausweis"]
    assert "lappen" in synonyms.groups["führerschein"]
    assert synonyms.source == DEFAULT_SYNONYMS_PATH


def test_table_replaces_words_and_phrases_longest_first() -> None:
    table = SynonymTable(load_synonyms(DEFAULT_SYNONYMS_PATH))
    words = [t.surface for t in table.apply(tokenize("Perso und EC-Karte im Altenheim"))]
    assert words == ["personalausweis", "und", "girocard", "im", "pflegeheim"]
    # inflected variants and umlaut spellings match too
    tokens = table.apply(tokenize("zwei Knollen, ein Strafzettel, Knoellchens"))
    assert [t.surface for t in tokens] == ["zwei", "knoellchen", "ein", "knoellchen", "knoellchens"]
    assert tokens[1].stem == tokens[3].stem == tokens[4].stem


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Geheimnummer vergessen", "pin"),
        ("bei der Landtagswahl", "wahl"),
        ("die Kommunalwahl im Herbst", "wahl"),
        ("unser Kind ist auf die Welt gekommen", "geboren"),
    ],
)
def test_everyday_words_name_the_faq_term(text: str, canonical: str) -> None:
    """Kinds of elections are elections; a secret number is the PIN; born is born."""
    table = SynonymTable(load_synonyms(DEFAULT_SYNONYMS_PATH))
    assert canonical in [t.surface for t in table.apply(tokenize(text))]


def test_operator_extends_the_synonyms(tmp_path: Path) -> None:
    faq = load_faq(DEFAULT_FAQ_PATH)
    question = "Ich habe einen Wauwau, was muss ich tun?"
    shipped = FaqMatcher(faq, load_synonyms(DEFAULT_SYNONYMS_PATH))
    assert shipped.match(question).decision is not Decision.ANSWER
    extended = tmp_path / "synonyms.yaml"
    extended.write_text(
        DEFAULT_SYNONYMS_PATH.read_text(encoding="utf-8")
        + "\n# added by the operator\nhundehalter:\n  - wauwau\n  - fiffi\n",
        encoding="utf-8",
    )
    matcher = FaqMatcher.from_paths(DEFAULT_FAQ_PATH, extended)
    assert matcher.match(question).answer_id == "hundeanmeldung"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- perso\n", "expected a mapping of canonical term -> list of variants"),
        ("personalausweis: perso\n", "key 'personalausweis': expected a list"),
        ("personalausweis: [perso, 3]\n", "key 'personalausweis': expected a list"),
        (
            "personalausweis: [perso]\nreisepass: [Perso]\n",
            "key 'reisepass': variant 'Perso' is already a variant of 'personalausweis'",
        ),
        ("hund: [welpe]\nhund: [töle]\n", "found the key 'hund' twice"),
    ],
)
def test_invalid_synonyms_name_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "synonyms.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SynonymsError) as caught:
        load_synonyms(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)
    assert isinstance(caught.value, FaqError)


def test_empty_synonyms_file_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert load_synonyms(path).groups == {}


def test_needing_care_is_not_being_bedridden() -> None:
    """'pflegebedürftig' is the care advice's word; 'bettlägerig' (cannot leave the house) the visit's."""
    table = SynonymTable(load_synonyms(DEFAULT_SYNONYMS_PATH))
    words = [t.surface for t in table.apply(tokenize("pflegebedürftig, ein Pflegefall, im Rollstuhl"))]
    assert "pflegebeduerftig" in words and "pflegefall" in words
    assert words.count("bettlaegerig") == 1
