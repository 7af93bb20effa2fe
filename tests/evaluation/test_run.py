"""Running engines over cases: the bot engine, the baseline and the printed table."""

from __future__ import annotations

import pytest

from evaluation.__main__ import main
from evaluation.cases import Case
from evaluation.engines import BaselineEngine, BotEngine, Reply
from evaluation.run import format_misses, format_table, run
from faq import FaqMatcher


@pytest.fixture(scope="module")
def matcher() -> FaqMatcher:
    return FaqMatcher.from_paths()


class Echo:
    """An engine that gives the question back as the entry id (None for 'nix')."""

    name = "echo"

    def reply(self, text: str) -> Reply:
        return Reply(None if text == "nix" else text, "en" if text == "en" else "de")


CASES = (
    Case("a", ("a",), ("typo",)),
    Case("b", ("a",), ("typo", "long")),
    Case("nix", ("abstain",), ("out_of_scope",)),
    Case("en", ("en",), ("english",)),
    Case("de", ("de",), ("english",)),
)


def test_run_scores_each_case_and_checks_the_language() -> None:
    result = run(Echo(), CASES)
    assert result.report.by_tag["typo"].right == 1 and result.report.by_tag["typo"].wrong == 1
    assert result.report.by_tag["out_of_scope"].right == 1
    assert result.report.by_tag["english"].right == 1  # "en" answered in English
    assert result.report.by_tag["english"].wrong == 1  # "de": right entry, German reply
    assert len(result.millis) == len(CASES)


def test_table_and_misses_name_tags_and_cases() -> None:
    result = run(Echo(), CASES)
    table = format_table("t", [result, result])
    assert "typo" in table and "OVERALL" in table and "(unanswerable)" in table
    assert " 60.0" in table  # 3 of 5 right overall
    misses = format_misses(result)
    assert "got b: b" in misses and "(wrong language)" in misses and "nix" not in misses


def test_bot_engine_answers_abstains_and_baseline_always_guesses(matcher: FaqMatcher) -> None:
    bot = BotEngine(matcher)
    assert bot.reply("Führerschein umtauschen").given == "fuehrerschein"
    assert bot.reply("qwertz").given is None
    baseline = BaselineEngine(matcher.faq)
    assert baseline.reply("Führerschein umtauschen").given == "fuehrerschein"
    assert BaselineEngine(matcher.faq, cutoff=100.0).reply("Führerschein bitte").given is None


def test_main_prints_both_engines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--only", "heldout", "--misses", "heldout"]) == 0
    out = capsys.readouterr().out
    assert "heldout (" in out and "engine" in out and "baseline" in out and "dev (" not in out
