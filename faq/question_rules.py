"""Rules every example question meets: in `faq check`, and before staff add one from the review.

- No question twice: not within an entry, not in two entries (folded for comparison).
- As listed, a question finds its own entry first (else it would pull citizens elsewhere).
- No question is one of the evaluation cases (`evaluation/cases/*.yaml`): an evaluation case
  in the FAQ hides the very miss it is there to show.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import yaml

from faq.matcher import FaqMatcher
from faq.model import Faq
from faq.normalize import clauses

__all__ = [
    "EVALUATION_CASES",
    "duplicate_problems",
    "evaluation_case_problems",
    "evaluation_questions",
    "listed_conflict",
    "new_question_problems",
    "normalised",
]

EVALUATION_CASES = Path(__file__).resolve().parents[1] / "evaluation" / "cases"
"""Where the evaluation cases live in a checkout (absent in a deployment without them)."""


def normalised(question: str) -> str:
    """A question folded for comparison: case, umlauts, ß and punctuation ignored."""
    return " ".join(word for clause in clauses(question) for word, _ in clause)


def _questions(faq: Faq) -> Iterator[tuple[str, str]]:
    """Every (entry id, example question) of the FAQ, German and English ones."""
    for entry in faq.entries:
        for question in (*entry.questions, *entry.questions_en):
            yield entry.id, question


def duplicate_problems(faq: Faq) -> list[str]:
    """A question listed twice in one entry, or in two entries."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for entry in faq.entries:
        own: set[str] = set()
        for question in entry.questions:
            key = normalised(question)
            if key in own:
                problems.append(f"entry '{entry.id}': question '{question}' appears twice in this entry")
            elif key in seen:
                problems.append(
                    f"entry '{entry.id}': question '{question}' duplicates a question of entry '{seen[key]}'"
                )
            own.add(key)
        for key in own:
            seen.setdefault(key, entry.id)
    return problems


def listed_conflict(matcher: FaqMatcher, entry_id: str, question: str) -> str | None:
    """The problem when the question, asked as listed, does not find its own entry first."""
    best = matcher.match(question).best
    if best is not None and best.entry_id == entry_id:
        return None
    where = f"'{best.entry_id}' ({best.score:.1f})" if best else "no entry"
    return f"conflict: entry '{entry_id}' question '{question}' is matched to {where}"


@lru_cache(maxsize=4)
def evaluation_questions(folder: Path = EVALUATION_CASES) -> frozenset[str]:
    """The evaluation cases' questions, folded (empty when the folder is not there)."""
    found: set[str] = set()
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases = data.get("cases") if isinstance(data, dict) else None
        for case in cases if isinstance(cases, list) else ():
            if isinstance(case, dict) and isinstance(case.get("q"), str):
                found.add(normalised(case["q"]))
    return frozenset(found)


def evaluation_case_problems(faq: Faq, folder: Path = EVALUATION_CASES) -> list[str]:
    """Example questions that are evaluation cases."""
    cases = evaluation_questions(folder)
    return [
        f"entry '{entry_id}': question '{question}' is an evaluation case ({folder}): "
        "remove it, it hides the miss the case is there to show"
        for entry_id, question in _questions(faq)
        if normalised(question) in cases
    ]


def new_question_problems(
    faq: Faq, matcher: FaqMatcher, entry_id: str, question: str, folder: Path = EVALUATION_CASES
) -> list[str]:
    """What speaks against `question` as a new example question of `entry_id` (FAQ and matcher
    with it added): a duplicate in another entry, a conflict, an evaluation case."""
    key = normalised(question)
    problems = [
        f"question '{question}' is already an example question of entry '{other}'"
        for other, listed in _questions(faq)
        if other != entry_id and normalised(listed) == key
    ]
    if key in evaluation_questions(folder):
        problems.append(f"question '{question}' is an evaluation case: it stays out of the FAQ")
    conflict = listed_conflict(matcher, entry_id, question)
    if conflict is not None:
        problems.append(conflict)
    return problems
