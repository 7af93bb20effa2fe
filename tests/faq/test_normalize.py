"""Normalisation of German text: folding, tokens, separable verbs, stems, compounds, typos."""

from __future__ import annotations

import pytest

from faq.normalize import STOPWORDS, Vocabulary, fold, stem, tokenize


@pytest.mark.parametrize(
    ("variants", "folded"),
    [
        (["Müll", "Muell", "MÜLL", "mu\u0308ll"], "muell"),
        (["Straße", "Strasse", "STRASSE", "straẞe"], "strasse"),
        (["Bürgeramt", "Buergeramt", "BÜRGERAMT"], "buergeramt"),
        (["Führerschein", "Fuehrerschein"], "fuehrerschein"),
        (["Café", "Cafe"], "cafe"),
        (["Passphoto", "Passfoto"], "passfoto"),
    ],
)
def test_fold_umlauts_sharp_s_case_and_accents(variants: list[str], folded: str) -> None:
    assert {fold(v) for v in variants} == {folded}


def test_tokenize_drops_punctuation_and_splits_hyphens() -> None:
    assert tokenize("EC-Karte!!! Geht das???") == ["ec", "karte", "geht", "das"]
    assert tokenize("„Perso“ (neu), bitte…") == ["perso", "neu", "bitte"]


def test_stems_meet_across_inflection_and_missing_umlauts() -> None:
    assert stem("anmeldung") == stem("anmelden") == stem("anmeldungen")
    assert stem("fuehrerschein") == stem("fuhrerschein") == stem(fold("Führerschein"))
    assert stem("hunde") == stem("hund")


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("Wo melde ich mich an?", "anmelde"),
        ("Ich ziehe von Rüttenscheid nach Steele um", "umziehe"),
        ("Ich wandere nach Kanada aus, was muss ich tun?", "auswandere"),
        ("Wie melde ich mich ab wenn ich nach Australien gehe?", "abmelde"),
        ("Meine Mutter ist im Heim und ihr Ausweis läuft ab", "ablaeuft"),
    ],
)
def test_separable_verbs_are_joined(text: str, joined: str) -> None:
    assert joined in tokenize(text)


def test_compounds_split_against_the_vocabulary() -> None:
    vocabulary = Vocabulary(["hund", "steuer", "anmeldung", "wohnsitz", "geburt", "urkunde"])
    parts = vocabulary.split("hundesteueranmeldung")
    assert parts is not None
    assert [stem(p) for p in parts] == [stem("hund"), stem("steuer"), stem("anmeldung")]
    assert vocabulary.split("wohnsitzanmeldung") == ("wohnsitz", "anmeldung")
    parts = vocabulary.split("geburtsurkunde")  # with a Fugen-s
    assert parts is not None
    assert [stem(p) for p in parts] == [stem("geburt"), stem("urkunde")]
    assert vocabulary.split("kommunalwahl") is None


def test_typos_are_corrected_but_short_real_words_are_not_bent() -> None:
    vocabulary = Vocabulary(["personalausweis", "reisepass", "weiter", "sperrmuell"])
    assert vocabulary.correct("persnalausweis")[0] == "personalausweis"
    assert vocabulary.correct("reisepas")[0] == "reisepass"
    assert vocabulary.correct("sperrmull")[0] == "sperrmuell"
    assert vocabulary.correct("wetter") == ()  # a real word, one letter from "weiter"
    assert vocabulary.correct("qwertz") == ()


def test_a_word_one_letter_off_an_faq_word_is_that_word_not_a_compound() -> None:
    vocabulary = Vocabulary(["wohngeld", "wohnen", "gelten", "hundesteuer", "hund", "steuer"])
    assert [t.surface for t in vocabulary.resolve("wohngelt")] == ["wohngeld"]
    # a compound of FAQ words that is no near copy of one is still split
    assert [t.surface for t in vocabulary.resolve("steuerhund")] == ["steuer", "hund"]


def test_compound_parts_take_the_form_the_faq_holds() -> None:
    vocabulary = Vocabulary(["schwerbehindert", "ausweis"])
    tokens = vocabulary.resolve("schwerbehindertausweiss")
    assert [t.stem for t in tokens] == [stem("schwerbehindert"), stem("ausweis")]


def test_nouns_in_erung_meet_their_verbs() -> None:
    assert stem("einbuergerung") == stem("einbuergern")
    assert stem("verlaengerung") == stem("verlaengern")
    assert stem("anmeldung") == stem("anmelden")  # unchanged where Snowball already agrees


def test_a_question_word_inside_unpunctuated_text_starts_a_clause() -> None:
    tokens = tokenize("meine tochter kommt naechstes jahr in die schule wo melde ich sie an")
    assert "anmelde" in tokens
    assert "ankommt" not in tokens


def test_the_words_that_report_a_story_are_stop_words() -> None:
    """"Die Nachbarin sagt …", "meine Tochter meinte …", "da war alles drin": no topic."""
    text = "die Polizei sagt, meine Tochter meinte, ich glaube, da war alles drin"
    topical = [w for w in tokenize(text) if w not in STOPWORDS]
    assert topical == ["polizei", "tochter"]


def test_every_form_of_brauchen_is_a_stop_word() -> None:
    """'gebraucht' (needed, or second-hand) names no topic, like 'brauche'."""
    assert {"brauch", "brauche", "braucht", "gebraucht"} <= STOPWORDS
