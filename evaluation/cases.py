"""The evaluation cases (evaluation/cases/*.yaml): questions, what counts as right, tags."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from evaluation.scoring import ABSTAIN

__all__ = ["CASES_DIR", "INTENTS", "TAGS", "Case", "CaseError", "load_cases", "parse_cases"]

CASES_DIR = Path(__file__).resolve().parent / "cases"
INTENTS = frozenset({"smalltalk", "stops", "vorort"})
"""Expected values that are intents routed before the FAQ, not entry ids."""
TAGS = frozenset({
    "typo", "colloquial", "long", "dictation", "relative", "english", "smalltalk",
    "stop_freetext", "vorort_freetext", "out_of_scope", "near_miss",
})


class CaseError(Exception):
    """A case file is malformed; the message names the file and the case."""


@dataclass(frozen=True)
class Case:
    """One question, the values that count as right (ids, intents, 'abstain'), its tags."""

    question: str
    expected: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def language(self) -> str:
        """The language the reply must be in."""
        return "en" if "english" in self.tags else "de"


def load_cases(path: Path) -> tuple[Case, ...]:
    """Read one case file."""
    return parse_cases(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


def parse_cases(
    data: Any, where: str = "<cases>", known_ids: frozenset[str] | None = None
) -> tuple[Case, ...]:
    """Validate parsed YAML (`cases:` list of {q, expect, tags}); ids are checked when given."""
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise CaseError(f"{where}: expected a mapping with a 'cases:' list")
    cases: list[Case] = []
    for number, raw in enumerate(data["cases"], start=1):
        label = f"{where}: case #{number}"
        if not isinstance(raw, dict) or not isinstance(raw.get("q"), str) or not raw["q"].strip():
            raise CaseError(f"{label}: expected {{q: text, expect: ..., tags: [...]}}")
        expect = raw.get("expect")
        values = tuple(expect) if isinstance(expect, list) else (expect,)
        if not values or not all(isinstance(v, str) and v for v in values):
            raise CaseError(f"{label}: 'expect' must be an id, an intent, 'abstain' or a list of them")
        tags = raw.get("tags")
        if not isinstance(tags, list) or not tags or not set(tags) <= TAGS:
            raise CaseError(f"{label}: 'tags' must be a non-empty list of {sorted(TAGS)}")
        if known_ids is not None:
            unknown = [v for v in values if v not in known_ids | INTENTS | {ABSTAIN}]
            if unknown:
                raise CaseError(f"{label}: unknown expected values {unknown}")
        cases.append(Case(raw["q"].strip(), values, tuple(tags)))
    return tuple(cases)
