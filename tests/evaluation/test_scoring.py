"""Scoring of evaluation outcomes."""

from evaluation.scoring import ABSTAIN, Outcome, score, verdict


def test_verdicts() -> None:
    assert verdict(Outcome(("x",), ("a",), "a")) == "right"
    assert verdict(Outcome(("x",), ("a", "b"), "b")) == "right"
    assert verdict(Outcome(("x",), ("a",), "b")) == "wrong"
    assert verdict(Outcome(("x",), ("a",), None)) == "abstain"
    assert verdict(Outcome(("x",), (ABSTAIN,), None)) == "right"
    assert verdict(Outcome(("x",), (ABSTAIN,), "a")) == "wrong"
    assert verdict(Outcome(("x",), (ABSTAIN, "a"), "a")) == "right"


def test_an_intent_is_scored_like_an_id() -> None:
    assert verdict(Outcome(("smalltalk",), ("smalltalk",), "smalltalk")) == "right"
    assert verdict(Outcome(("smalltalk",), ("smalltalk",), "kontakt")) == "wrong"
    assert verdict(Outcome(("smalltalk",), ("smalltalk",), None)) == "abstain"


def test_the_right_entry_in_the_wrong_language_is_wrong() -> None:
    assert verdict(Outcome(("english",), ("a",), "a", language_ok=False)) == "wrong"
    assert verdict(Outcome(("english",), (ABSTAIN,), None, language_ok=False)) == "right"


def test_score_counts_overall_and_per_tag() -> None:
    report = score(
        [
            Outcome(("long", "relative"), ("a",), "a"),
            Outcome(("long",), ("a",), "b"),
            Outcome(("english",), ("a",), None),
        ]
    )
    assert (report.overall.right, report.overall.wrong, report.overall.abstain) == (1, 1, 1)
    assert report.by_tag["long"].total == 2
    assert report.by_tag["long"].share("wrong") == 0.5
    assert report.by_tag["relative"].right == 1
    assert report.by_tag["english"].abstain == 1
    assert score([]).overall.share("right") == 0.0
