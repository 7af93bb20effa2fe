"""Quality of the matcher on the shipped FAQ: the dev cases and our own extra cases."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from faq import Decision, FaqMatcher
from tests.auxil.paths import DATA, ROOT


def evaluate(matcher: FaqMatcher, cases: list[dict[str, Any]]) -> tuple[float, float, list[str]]:
    """Share of right and of wrong answers, and a readable line per miss."""
    right = wrong = 0
    misses = []
    for case in cases:
        expect = case["expect"]
        result = matcher.match(case["q"])
        answered = result.decision is Decision.ANSWER
        ok = (None in expect and not answered) or (answered and result.answer_id in expect)
        right += ok
        wrong += answered and result.answer_id not in expect
        if not ok:
            misses.append(
                f"{case['q']!r}: expected {expect}, got {result.decision.value}"
                f" {[(c.entry_id, c.score) for c in result.candidates[:3]]}"
            )
    return right / len(cases), wrong / len(cases), misses


@pytest.fixture(scope="module")
def matcher() -> FaqMatcher:
    return FaqMatcher.from_paths()


def load_cases(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return cases


def test_dev_cases_match_the_shared_file() -> None:
    shared = ROOT.parent / "shared" / "faq_dev_cases.yaml"
    if shared.exists():
        assert load_cases("faq_dev_cases.yaml") == yaml.safe_load(shared.read_text("utf-8"))


def test_dev_cases(matcher: FaqMatcher) -> None:
    right, wrong, misses = evaluate(matcher, load_cases("faq_dev_cases.yaml"))
    assert right >= 0.95, "\n".join(misses)
    assert wrong <= 0.02, "\n".join(misses)


def test_extra_cases(matcher: FaqMatcher) -> None:
    cases = load_cases("faq_extra_cases.yaml")
    assert len(cases) >= 80
    right, wrong, misses = evaluate(matcher, cases)
    assert right >= 0.92, "\n".join(misses)
    assert wrong <= 0.03, "\n".join(misses)


def test_expected_ids_exist(matcher: FaqMatcher) -> None:
    for name in ("faq_dev_cases.yaml", "faq_extra_cases.yaml"):
        for case in load_cases(name):
            for entry_id in case["expect"]:
                assert entry_id is None or matcher.faq.get(entry_id), (name, entry_id)
