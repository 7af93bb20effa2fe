"""Matching questions to FAQ entries: decisions, umlauts, compounds, typos, thresholds."""

from __future__ import annotations

import pytest

from faq import (
    DEFAULT_FAQ_PATH,
    DEFAULT_SYNONYMS_PATH,
    Candidate,
    Decision,
    FaqMatcher,
    MatchResult,
    load_faq,
    load_synonyms,
)
from faq.normalize import QUERY_WORD_CACHE, WORD_CACHE, stem, tokenize
from faq.synonyms import SPARE_WORDS
from tests.auxil.paths import DATA


@pytest.fixture(scope="module")
def matcher() -> FaqMatcher:
    """The matcher on the shipped FAQ and synonyms."""
    return FaqMatcher.from_paths()


@pytest.fixture(scope="module")
def small() -> FaqMatcher:
    """The matcher on the small test FAQ (independent of the shipped content)."""
    return FaqMatcher(load_faq(DATA / "faq_small.yaml"), load_synonyms(DEFAULT_SYNONYMS_PATH))


def answer(matcher: FaqMatcher, text: str) -> str | None:
    result = matcher.match(text)
    return result.answer_id


@pytest.mark.parametrize(
    "text",
    [
        "Führerschein umtauschen",
        "Fuehrerschein umtauschen",
        "Fuhrerschein umtauschen",
        "FÜHRERSCHEIN UMTAUSCHEN!!!",
        "führerschein, umtauschen?",
    ],
)
def test_umlauts_case_and_punctuation_do_not_matter(matcher: FaqMatcher, text: str) -> None:
    assert answer(matcher, text) == "fuehrerschein"


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("Personalausweisverlängerung", "personalausweis"),
        ("Hundesteueranmeldung", "hundeanmeldung"),
        ("Wohnsitzanmeldung", "anmeldung"),
        ("Sperrmüllabholung bestellen", "sperrmuell"),
        ("Geburts-Urkunde bestellen", "urkunden"),
    ],
)
def test_compounds(matcher: FaqMatcher, text: str, entry_id: str) -> None:
    assert answer(matcher, text) == entry_id


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("Reisepas beantragen", "reisepass"),
        ("Fuehrungszeugnis beantragn", "fuehrungszeugnis"),
        ("Sperrmül abholen", "sperrmuell"),
        ("Persoanlausweis beantragen", "personalausweis"),
    ],
)
def test_typos(matcher: FaqMatcher, text: str, entry_id: str) -> None:
    assert answer(matcher, text) == entry_id


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("wie viel kostet der perso", "personalausweis"),
        ("Lappen umtauschen", "fuehrerschein"),
        ("Ich will meine Karre anmelden", "kfz-zulassung"),
        ("Kann ich mit EC-Karte bezahlen?", "bezahlung"),
        ("Behindertenausweis beantragen", "schwerbehindertenausweis"),
        ("Wann kommt der Bürgerbus?", "buergermobil"),
        ("Kann jemand vom Amt ins Altenheim kommen?", "vor-ort-service"),
        ("Handy im Bus verloren", "fundbuero"),
        ("Ich ziehe von Rüttenscheid nach Steele um", "ummeldung"),
    ],
)
def test_synonyms_and_colloquial_words(matcher: FaqMatcher, text: str, entry_id: str) -> None:
    assert answer(matcher, text) == entry_id


@pytest.mark.parametrize(
    "text",
    [
        "Wie spät ist es?",
        "qwertz",
        "Ich suche eine Wohnung",
        "Rentenantrag stellen",
        "Wann ist die nächste Kommunalwahl?",
        "Termin",
        "beantragen",
        "Stadt Essen",
        "",
        "???",
    ],
)
def test_no_confident_answer_without_topical_evidence(matcher: FaqMatcher, text: str) -> None:
    assert matcher.match(text).decision is not Decision.ANSWER


def test_three_decisions(small: FaqMatcher) -> None:
    answered = small.match("Wie melde ich meinen Hund an?")
    assert answered.decision is Decision.ANSWER
    assert answered.answer_id == "hundeanmeldung"
    assert answered.suggestions == ()
    suggested = small.match("Ausweis")
    assert suggested.decision is Decision.SUGGEST
    assert suggested.answer_id is None
    assert 1 <= len(suggested.suggestions) <= 3
    assert "personalausweis" in suggested.suggestions
    nothing = small.match("Wie wird das Wetter morgen?")
    assert nothing.decision is Decision.NONE
    assert nothing.answer_id is None
    assert nothing.suggestions == ()


def test_candidates_are_sorted_and_bounded(matcher: FaqMatcher) -> None:
    result = matcher.match("Ausweis verloren")
    scores = [c.score for c in result.candidates]
    assert 1 <= len(scores) <= 5
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 100.0 for s in scores)
    assert result.best == result.candidates[0]
    assert result.guesses[0] == result.candidates[0].entry_id
    assert len(result.guesses) <= 3


def test_thresholds_decide(small: FaqMatcher) -> None:
    faq = small.faq
    strict = FaqMatcher(faq, answer_threshold=100.1, suggest_threshold=100.1)
    assert strict.match("Wie melde ich meinen Hund an?").decision is Decision.NONE
    suggest_only = FaqMatcher(faq, answer_threshold=100.1, suggest_threshold=10.0)
    result = suggest_only.match("Wie melde ich meinen Hund an?")
    assert result.decision is Decision.SUGGEST
    assert result.suggestions[0] == "hundeanmeldung"
    with pytest.raises(ValueError, match="suggest_threshold"):
        FaqMatcher(faq, answer_threshold=30.0, suggest_threshold=40.0)


def test_match_result_properties() -> None:
    candidates = (
        Candidate("a", 90.0),
        Candidate("b", 70.0),
        Candidate("c", 60.0),
        Candidate("d", 30.0),
        Candidate("e", 10.0),
    )
    answered = MatchResult("q", Decision.ANSWER, candidates)
    assert answered.best == Candidate("a", 90.0)
    assert answered.answer_id == "a"
    assert answered.suggestions == ()
    assert answered.guesses == ("a", "b", "c")
    suggested = MatchResult("q", Decision.SUGGEST, candidates)
    assert suggested.answer_id is None
    assert suggested.suggestions == ("a", "b")  # 'c' is too far behind the best
    empty = MatchResult("q", Decision.NONE, ())
    assert empty.best is None
    assert empty.answer_id is None
    assert empty.suggestions == ()
    assert empty.guesses == ()


def test_example_questions_find_their_own_entry(matcher: FaqMatcher) -> None:
    for entry in matcher.faq.entries:
        for question in entry.questions:
            best = matcher.match(question).best
            assert best is not None
            assert best.entry_id == entry.id, (question, best)


def test_odd_input_is_handled_quickly(matcher: FaqMatcher) -> None:
    odd = ["a" * 4000, "Hund " * 800, "45127 2026", "🙂🙂", "Donaudampfschifffahrtskapitänsmützen"]
    for text in odd:
        result = matcher.match(text)
        assert result.query == text
        assert result.decision in (Decision.ANSWER, Decision.SUGGEST, Decision.NONE)
    assert matcher.match("45127 2026").decision is not Decision.ANSWER


def test_one_keyword_alone_needs_more_than_a_keyword_list() -> None:
    faq = load_faq(DATA / "faq_small.yaml")
    matcher = FaqMatcher(faq)
    # "Wochenmarkt" is only a keyword of 'buergermobil', in none of its questions
    result = matcher.match("Wochenmarkt")
    assert result.decision is Decision.SUGGEST
    assert result.suggestions == ("buergermobil",)
    # the title's word alone is enough
    assert matcher.match("Bürgermobil").answer_id == "buergermobil"


def test_no_suggestions_when_the_faq_knows_less_of_the_question_than_it_does_not(
    matcher: FaqMatcher,
) -> None:
    # only "hoch" is known; the fence is not: buttons for unrelated entries would confuse
    fence = matcher.match("Wie hoch darf ein Zaun sein?")
    assert fence.decision is Decision.NONE
    # a question whose key word the FAQ knows still gets its buttons or answer
    assert matcher.match("Wie hoch ist die Hundesteuer?").decision is not Decision.NONE


COUNTRIES = (
    "italien", "spanien", "polen", "niederlande", "frankreich", "rumaenien", "bulgarien", "griechenland",
    "kroatien",
)


def test_no_keyword_shares_its_stem_with_a_country() -> None:
    """'Spanier' and 'Spanien' stem alike: a nationality keyword would pull every holiday story."""
    countries = {stem(country) for country in COUNTRIES}
    faq = load_faq(DEFAULT_FAQ_PATH)
    clashes = [
        (entry.id, keyword)
        for entry in faq.entries
        for keyword in entry.keywords
        if any(stem(word) in countries for word in tokenize(keyword))
    ]
    assert clashes == []


def test_a_country_named_in_passing_does_not_point_to_the_eid_card(matcher: FaqMatcher) -> None:
    result = matcher.match("Mein Reisepass ist im Urlaub in Italien gestohlen worden")
    assert result.candidates[0].entry_id == "ausweis-verloren"
    assert "eid-karte" not in [c.entry_id for c in result.candidates[:3]]
    french = matcher.match("Ich bin Franzose und wohne jetzt in Essen, welchen Ausweis bekomme ich?")
    assert french.answer_id == "eid-karte"


def _name(index: int) -> str:
    """A made-up surname of its own for each index ("Bawe", "Dawe", …)."""
    letters = "bdfghklmnprstwz"
    name = ""
    while True:
        index, consonant = divmod(index, len(letters))
        index, vowel = divmod(index, 5)
        name += letters[consonant] + "aeiou"[vowel]
        if not index:
            return name.capitalize() + "we"


def test_words_nobody_writes_again_are_cached_only_up_to_a_bound() -> None:
    fresh = FaqMatcher(load_faq(DATA / "faq_small.yaml"), load_synonyms(DEFAULT_SYNONYMS_PATH))
    tokens = len(fresh._table._tokens)
    canon = len(fresh._canon_cache)
    before = fresh.match("Wie beantrage ich einen Personalausweis?")
    for i in range(3 * max(SPARE_WORDS, QUERY_WORD_CACHE)):  # each question signed with a new name
        fresh.match(f"Wie beantrage ich einen Personalausweis? Gruß, Erika {_name(i)}")
    assert len(fresh._table._tokens) <= tokens + SPARE_WORDS
    assert len(fresh._canon_cache) <= canon + QUERY_WORD_CACHE
    assert stem.cache_info().currsize <= WORD_CACHE
    assert fresh.vocabulary.correct.cache_info().currsize <= QUERY_WORD_CACHE
    assert fresh.match("Wie beantrage ich einen Personalausweis?") == before  # same decisions
