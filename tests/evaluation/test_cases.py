"""The evaluation case files: valid, large enough, and independent of the FAQ's wording."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from evaluation.cases import CASES_DIR, TAGS, CaseError, load_cases, parse_cases
from faq import load_faq
from faq.model import DEFAULT_FAQ_PATH
from faq.normalize import fold

FAQ = load_faq(DEFAULT_FAQ_PATH)
IDS = frozenset(entry.id for entry in FAQ.entries)
DEV = load_cases(CASES_DIR / "dev.yaml")
HELDOUT = load_cases(CASES_DIR / "heldout.yaml")


def _plain(text: str) -> str:
    return " ".join(fold(text).replace("?", " ").replace(".", " ").replace(",", " ").split())


def test_there_are_400_cases_in_two_splits_covering_every_tag() -> None:
    assert len(DEV) + len(HELDOUT) >= 400
    for split in (DEV, HELDOUT):
        assert {tag for case in split for tag in case.tags} == TAGS


def test_every_expected_value_is_an_entry_an_intent_or_abstain() -> None:
    for name in ("dev.yaml", "heldout.yaml"):
        import yaml

        data = yaml.safe_load((CASES_DIR / name).read_text(encoding="utf-8"))
        assert len(parse_cases(data, name, IDS)) == len(data["cases"])


def test_no_case_is_an_faq_example_question() -> None:
    examples = [_plain(q) for entry in FAQ.entries for q in (*entry.questions, *entry.questions_en)]
    for case in (*DEV, *HELDOUT):
        question = _plain(case.question)
        for example in examples:
            assert fuzz.ratio(question, example) < 90, (case.question, example)


def test_the_splits_do_not_share_a_question() -> None:
    assert not {_plain(c.question) for c in DEV} & {_plain(c.question) for c in HELDOUT}


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"cases": [{"q": "", "expect": "x", "tags": ["typo"]}]}, "case #1"),
        ({"cases": [{"q": "a", "expect": [], "tags": ["typo"]}]}, "'expect'"),
        ({"cases": [{"q": "a", "expect": "x", "tags": ["nope"]}]}, "'tags'"),
        ({"cases": [{"q": "a", "expect": "nosuchentry", "tags": ["typo"]}]}, "unknown"),
        ([], "'cases:'"),
    ],
)
def test_malformed_cases_are_reported(data: object, problem: str) -> None:
    with pytest.raises(CaseError, match=problem):
        parse_cases(data, "f.yaml", IDS)
