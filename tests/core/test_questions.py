"""QuestionDesk (core/questions.py): the decisions on a citizen's question, without Telegram."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from core.clock import ManualClock
from core.config import LimitsSection
from core.questions import (
    APPOINTMENT_OFFER,
    STOPS_NEXT,
    Answer,
    OfferTeam,
    OpenTicket,
    QuestionDesk,
    Rejected,
    Suggest,
)
from faq import Candidate, Decision, Faq, FaqEntry, MatchResult
from tests.auxil.harness import OFFICE_TIME


def _entry(entry_id: str) -> FaqEntry:
    return FaqEntry(
        id=entry_id,
        title=entry_id.title(),
        questions=(f"{entry_id}?",),
        answer=f"About {entry_id}.",
        links=(),
        reviewed=datetime.date(2026, 11, 1),
    )


FAQ = Faq(tuple(_entry(name) for name in ("buergermobil", "vor-ort-service", "reisepass", "ummelden")))


@dataclass
class FakeMatcher:
    """Answers with the result set for a text; NONE for anything else."""

    results: dict[str, MatchResult] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def match(self, text: str) -> MatchResult:
        self.calls.append(text)
        return self.results.get(text, MatchResult(text, Decision.NONE, ()))


@dataclass
class FakeStats:
    questions: list[tuple[str, str | None]] = field(default_factory=list)
    feedback: list[tuple[str, bool]] = field(default_factory=list)

    async def record_question(self, decision: str, entry_id: str | None, now: datetime.datetime) -> None:
        self.questions.append((decision, entry_id))

    async def record_feedback(self, entry_id: str, helpful: bool, now: datetime.datetime) -> None:
        self.feedback.append((entry_id, helpful))


@dataclass(frozen=True)
class FakeTicket:
    id: int
    status: str = "open"


@dataclass
class FakeTickets:
    open: dict[int, list[int]] = field(default_factory=dict)
    answered: dict[int, list[int]] = field(default_factory=dict)
    created: dict[int, list[datetime.datetime]] = field(default_factory=dict)

    async def attachable(self, user_id: int) -> list[FakeTicket]:
        waiting = [FakeTicket(number) for number in self.open.get(user_id, [])]
        return waiting + [FakeTicket(number, "answered") for number in self.answered.get(user_id, [])]

    async def created_since(self, user_id: int, since: datetime.datetime) -> int:
        return sum(1 for moment in self.created.get(user_id, []) if moment >= since)


def _result(text: str, decision: Decision, *ids: str) -> MatchResult:
    return MatchResult(text, decision, tuple(Candidate(i, 90.0 - n) for n, i in enumerate(ids)))


def _desk(matcher: FakeMatcher | None = None, tickets: FakeTickets | None = None) -> tuple[QuestionDesk, Any]:
    stats = FakeStats()
    desk = QuestionDesk(
        matcher=matcher or FakeMatcher(),  # type: ignore[arg-type]
        faq=FAQ,
        stats=stats,  # type: ignore[arg-type]
        tickets=tickets or FakeTickets(),  # type: ignore[arg-type]
        clock=ManualClock(OFFICE_TIME),
        limits=LimitsSection(tickets_per_day=2, max_text_length=60),
    )
    return desk, stats


async def test_empty_and_too_long_texts_are_rejected_before_matching() -> None:
    matcher = FakeMatcher()
    desk, _ = _desk(matcher)
    assert await desk.take(1, "") == Rejected("empty", 60)
    assert await desk.take(1, "x" * 61) == Rejected("too_long", 60)
    assert await desk.take(1, "x" * 60) is None
    assert matcher.calls == []


async def test_a_text_of_a_citizen_with_an_open_ticket_may_belong_to_it() -> None:
    desk, _ = _desk(tickets=FakeTickets(open={1: [7, 3]}))
    assert await desk.take(1, "Noch eine Frage") == OpenTicket(7)
    assert await desk.take(2, "Noch eine Frage") is None


async def test_a_text_after_an_answer_in_the_window_is_offered_as_a_followup() -> None:
    desk, _ = _desk(tickets=FakeTickets(answered={1: [4]}))
    assert await desk.take(1, "Und wo genau?") == OpenTicket(4, followup=True)


async def test_a_confident_match_is_answered_with_the_entry_followups() -> None:
    text = "Wo ist der Bus?"
    desk, stats = _desk(FakeMatcher({text: _result(text, Decision.ANSWER, "buergermobil", "ummelden")}))
    matched = await desk.answer(text)
    assert matched.reply == Answer(FAQ.get("buergermobil"), (STOPS_NEXT,))  # type: ignore[arg-type]
    assert matched.guesses == ("buergermobil", "ummelden")
    assert stats.questions == [("answer", "buergermobil")]


async def test_followups_are_chosen_by_entry_and_absent_for_others() -> None:
    desk, _ = _desk()
    visit = desk.entry("vor-ort-service")
    passport = desk.entry("reisepass")
    assert visit is not None and visit.followups == (APPOINTMENT_OFFER,)
    assert passport is not None and passport.followups == ()
    assert desk.entry("gone") is None


async def test_unsure_match_suggests_at_most_three_known_entries() -> None:
    text = "Pass oder ummelden"
    ids = ("reisepass", "gone", "ummelden", "buergermobil")
    desk, stats = _desk(FakeMatcher({text: _result(text, Decision.SUGGEST, *ids)}))
    matched = await desk.answer(text)
    assert isinstance(matched.reply, Suggest)
    assert [entry.id for entry in matched.reply.entries] == ["reisepass", "ummelden"]  # 'gone' skipped, 3 max
    assert stats.questions == [("suggest", "reisepass")]


async def test_no_match_offers_the_team_and_an_answer_for_a_vanished_entry_too() -> None:
    vanished = _result("alt", Decision.ANSWER, "removed-entry")
    desk, stats = _desk(FakeMatcher({"alt": vanished}))
    assert (await desk.answer("Wetter morgen?")).reply == OfferTeam()
    assert (await desk.answer("alt")).reply == OfferTeam()
    assert stats.questions == [("none", None), ("answer", "removed-entry")]


async def test_daily_ticket_limit_counts_the_last_24_hours() -> None:
    earlier = OFFICE_TIME - datetime.timedelta(hours=25)
    recent = OFFICE_TIME - datetime.timedelta(hours=1)
    desk, _ = _desk(tickets=FakeTickets(created={1: [earlier, recent], 2: [recent, recent]}))
    assert await desk.may_open_ticket(1) is True
    assert await desk.may_open_ticket(2) is False


async def test_feedback_is_recorded_for_known_entries_only() -> None:
    desk, stats = _desk()
    assert await desk.feedback("reisepass", False) == FAQ.get("reisepass")
    assert await desk.feedback("gone", True) is None
    assert stats.feedback == [("reisepass", False)]


async def test_ticket_guesses_remembered_or_matched_again() -> None:
    matcher = FakeMatcher({"Pass": _result("Pass", Decision.SUGGEST, "reisepass")})
    desk, _ = _desk(matcher)
    assert desk.guesses("Pass", ("ummelden",)) == ("ummelden",)
    assert matcher.calls == []
    assert desk.guesses("Pass") == ("reisepass",)


async def test_staff_faq_choices_are_the_best_three_known_guesses() -> None:
    text = "Pass weg"
    ids = ("reisepass", "gone", "ummelden", "buergermobil", "vor-ort-service")
    desk, _ = _desk(FakeMatcher({text: _result(text, Decision.SUGGEST, *ids)}))
    assert [entry.id for entry in desk.entries_for(text)] == ["reisepass", "ummelden"]
    assert desk.entries_for(None) == ()
    assert desk.entries_for("") == ()
