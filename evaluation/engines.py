"""The engines the evaluation compares: the bot's understanding and a naive rapidfuzz baseline.

Each engine turns a message into a `Reply`: what the citizen gets (an entry id, an intent
name, or None for "no answer from the FAQ": suggestions or the team) and its language.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from rapidfuzz import fuzz, process, utils

from faq import Decision, Faq, FaqMatcher

__all__ = ["BASELINE_CUTOFF", "BaselineEngine", "BotEngine", "Engine", "Reply"]

BASELINE_CUTOFF = 60.0
"""The baseline answers when its best WRatio score reaches this (0..100)."""
ROUTER_MODULE = "core.intents"
"""Where the intent routing lives (`route(text, today, matcher)`), once it exists."""


@dataclass(frozen=True)
class Reply:
    """What the engine does: an entry id or intent name (None: no answer); the language."""

    given: str | None
    lang: str | None


class Engine(Protocol):
    """Something that replies to a message."""

    name: str

    def reply(self, text: str) -> Reply:
        """The engine's reply to one message."""
        ...


class BotEngine:
    """The bot: the intent routing (when the project has it), then the FAQ matcher."""

    name = "engine"

    def __init__(self, matcher: FaqMatcher, today: datetime.date | None = None) -> None:
        self.matcher = matcher
        self.today = today or datetime.date(2026, 12, 1)
        self.router = _router()

    def reply(self, text: str) -> Reply:
        """Route first; an ordinary question goes to the matcher (ANSWER only counts)."""
        if self.router is not None:
            routed = self.router(text, self.today, self.matcher)
            if routed is not None:
                return Reply(str(routed.intent.value), routed.lang)
        result = self.matcher.match(text)
        if result.decision is Decision.ANSWER and result.answer_id:
            return Reply(result.answer_id, result.lang)
        return Reply(None, result.lang)


class BaselineEngine:
    """Plain `rapidfuzz.process.extractOne` over every title and example question."""

    name = "baseline"

    def __init__(self, faq: Faq, cutoff: float = BASELINE_CUTOFF) -> None:
        self.cutoff = cutoff
        self._choices: list[str] = []
        self._ids: list[str] = []
        for entry in faq.entries:
            for text in (entry.title, *entry.questions):
                self._choices.append(text)
                self._ids.append(entry.id)

    def reply(self, text: str) -> Reply:
        """The entry of the closest title or question, if it scores at least the cutoff."""
        found = process.extractOne(
            text, self._choices, scorer=fuzz.WRatio, processor=utils.default_process,
            score_cutoff=self.cutoff,
        )
        return Reply(self._ids[found[2]] if found is not None else None, "de")


def _router() -> Callable[[str, datetime.date, FaqMatcher], Any] | None:
    """The project's intent router, or None while it has none."""
    if importlib.util.find_spec(ROUTER_MODULE) is None:
        return None
    route: Callable[[str, datetime.date, FaqMatcher], Any] = importlib.import_module(ROUTER_MODULE).route
    return route
