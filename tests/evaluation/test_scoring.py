"""Scoring of evaluation outcomes."""

from evaluation.scoring import Outcome, score, verdict


def test_verdicts() -> None:
    assert verdict(Outcome(("x",), "a", "a")) == "right"
    assert verdict(Outcome(("x",), "a", "b")) == "wrong"
    assert verdict(Outcome(("x",), "a", None)) == "none"
    assert verdict(Outcome(("x",), None, None)) == "right"
    assert verdict(Outcome(("x",), None, "a")) == "wrong"


def test_score_counts_overall_and_per_tag() -> None:
    report = score(
        [
            Outcome(("long", "relative"), "a", "a"),
            Outcome(("long",), "a", "b"),
            Outcome(("english",), "a", None),
        ]
    )
    assert (report.overall.right, report.overall.wrong, report.overall.none) == (1, 1, 1)
    assert report.by_tag["long"].total == 2
    assert report.by_tag["long"].share("wrong") == 0.5
    assert report.by_tag["relative"].right == 1
    assert report.by_tag["english"].none == 1
    assert score([]).overall.share("right") == 0.0
