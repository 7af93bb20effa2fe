"""The question desk: what the bot does with a citizen's free text, channel-free.

A channel cleans the text and asks the desk; the desk decides and returns data, the channel
renders it:
- `take`: the text is empty or too long, or the citizen has an open ticket it may belong to;
- `route`: small talk or a stop question (`core.intents`), answered before the FAQ and before
  the open-ticket question, never offered to the team;
- `answer`: the FAQ answers (`Answer`, with the follow-ups of its entry), suggests up to three
  entries (`Suggest`, "Meinten Sie …?") or nothing fits (`OfferTeam`, ask the team); Vor-Ort
  wording adds the visit request below an answer, or offers it (`OfferVisit`) instead;
- `may_open_ticket`: the daily ticket limit before a question becomes a ticket.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Protocol

from core.clock import Clock
from core.config import Config, LimitsSection
from core.faq_learning import FaqLearning
from core.intents import Intent, Routed, route, wants_visit
from core.stops.model import BERLIN
from core.texts import Raw, fill_facts, t
from core.ticket_lifecycle import TicketLifecycle
from core.ticket_states import ANSWERED
from faq import Decision, Faq, FaqEntry, FaqMatcher, language_of
from storage import StatsRepository

__all__ = [
    "APPOINTMENT_OFFER",
    "FOLLOWUPS",
    "STOPS_NEXT",
    "Answer",
    "Matched",
    "OfferTeam",
    "OfferVisit",
    "OpenTicket",
    "QuestionDesk",
    "Rejected",
    "Suggest",
    "clean_text",
    "render_entry",
]

STOPS_NEXT = "stops.next"
"""Follow-up: the live stop plan (for the day or district the question names)."""
APPOINTMENT_OFFER = "appointment.offer"
"""Follow-up: the offer to request a Vor-Ort-Service visit right away."""

FOLLOWUPS: Mapping[str, tuple[str, ...]] = {
    "buergermobil": (STOPS_NEXT,),
    "vor-ort-service": (APPOINTMENT_OFFER,),
}
"""FAQ entry id -> what the channel shows after its answer."""

VISIT_TOPICS = frozenset(
    {
        "anmeldung",
        "ummeldung",
        "abmeldung",
        "meldebescheinigung",
        "lebensbescheinigung",
        "personalausweis",
        "reisepass",
        "eid-karte",
        "vorlaeufige-dokumente",
        "ausweis-verloren",
        "ausweis-abholen",
        "passfoto",
    }
)
"""FAQ entries about what the Vor-Ort-Service does at home (its entry's answer): Vor-Ort wording
adds the visit request below them."""

MAX_SUGGESTIONS = 3

_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str | None) -> str:
    """Normalise user text: NFC, no control or direction characters, trimmed."""
    if not text:
        return ""
    normal = unicodedata.normalize("NFC", text)
    return _CONTROL.sub("", normal).strip()


def render_entry(entry: FaqEntry, lang: str) -> str:
    """An FAQ entry as an HTML message with link and review date, its facts as of today (every channel)."""
    links = " · ".join(
        f'<a href="{html.escape(url, quote=True)}">{html.escape(_link_label(url))}</a>' for url in entry.links
    )
    note = t("faq.english_missing", lang) if lang == "en" and not entry.answer_en else ""
    return note + t(
        "faq.answer",
        lang,
        title=entry.title_for(lang),
        answer=fill_facts(entry.answer_for(lang), lang).strip(),
        links=Raw(links),
        reviewed=f"{entry.reviewed:%d.%m.%Y}",
    )


def _link_label(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


@dataclass(frozen=True)
class Rejected:
    """The text cannot be a question: `reason` is 'empty' or 'too_long' (`limit` characters)."""

    reason: str
    limit: int


@dataclass(frozen=True)
class OpenTicket:
    """The citizen has a ticket the text may belong to: ask whether it does or is a new question.

    `followup`: the ticket was answered and is in its follow-up window (a "Rückfrage"), else
    it still waits for staff (a "Nachtrag").
    """

    ticket_id: int
    followup: bool = False


@dataclass(frozen=True)
class Answer:
    """An FAQ entry answers the question; `followups` say what the channel adds after it."""

    entry: FaqEntry
    followups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggest:
    """Not sure: the entries offered as "Meinten Sie …?" (at most three, maybe none)."""

    entries: tuple[FaqEntry, ...]


@dataclass(frozen=True)
class OfferTeam:
    """Nothing fits: offer to send the question to the team."""


@dataclass(frozen=True)
class OfferVisit:
    """Someone cannot come to the office and the FAQ has no sure answer: offer the visit request,
    beside the entries that might fit (at most three, maybe none)."""

    entries: tuple[FaqEntry, ...] = ()


@dataclass(frozen=True)
class Matched:
    """The desk's reply to a question and the matcher's guesses (the topic of a later ticket)."""

    reply: Answer | Suggest | OfferTeam | OfferVisit
    guesses: tuple[str, ...]
    lang: str | None = None
    """The language the question is written in ('de', 'en'; None: unclear): the reply's language."""


class _Today(Protocol):
    def today(self) -> date: ...


class DeskSources(Protocol):
    """What the desk is built from (`core.services.Services` has it all)."""

    @property
    def matcher(self) -> FaqMatcher: ...
    @property
    def faq(self) -> Faq: ...
    @property
    def stats(self) -> StatsRepository: ...
    @property
    def tickets(self) -> TicketLifecycle: ...
    @property
    def stops(self) -> _Today: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def config(self) -> Config: ...
    @property
    def learning(self) -> FaqLearning | None: ...


class QuestionDesk:
    """Decides what happens with a citizen's question; records each question for the statistics."""

    def __init__(
        self,
        *,
        matcher: FaqMatcher,
        faq: Faq,
        stats: StatsRepository,
        tickets: TicketLifecycle,
        clock: Clock,
        limits: LimitsSection,
        followups: Mapping[str, tuple[str, ...]] = FOLLOWUPS,
        today: Callable[[], date] | None = None,
        learning: FaqLearning | None = None,
    ) -> None:
        self.learning = learning
        self.matcher = matcher
        self.faq = faq
        self.stats = stats
        self.tickets = tickets
        self.clock = clock
        self.limits = limits
        self.followups = followups
        self.today = today or (lambda: clock.now().astimezone(BERLIN).date())

    @classmethod
    def of(cls, services: DeskSources) -> QuestionDesk:
        """The desk over the running services."""
        return cls(
            matcher=services.matcher,
            faq=services.faq,
            stats=services.stats,
            tickets=services.tickets,
            clock=services.clock,
            limits=services.config.limits,
            today=services.stops.today,
            learning=services.learning,
        )

    async def take(self, user_id: int, text: str) -> Rejected | OpenTicket | None:
        """Before matching (text already cleaned): a reason to stop, a ticket it may belong to, or None.

        Only a ticket waiting for staff or answered within its follow-up window counts; after
        that window (or once closed) a new message is a new question.
        """
        if not text:
            return Rejected("empty", self.limits.max_text_length)
        if len(text) > self.limits.max_text_length:
            return Rejected("too_long", self.limits.max_text_length)
        candidates = await self.tickets.attachable(user_id)
        if not candidates:
            return None
        return OpenTicket(candidates[0].id, followup=candidates[0].status == ANSWERED)

    def route(self, text: str) -> Routed | None:
        """Small talk or a stop lookup (text already cleaned and taken); None: a question."""
        if not text or len(text) > self.limits.max_text_length:
            return None
        routed = route(text, self.today(), self.matcher)
        return routed if routed is not None and routed.intent is not Intent.VORORT else None

    async def answer(self, text: str, user_id: int | None = None) -> Matched:
        """Match the question: answer, suggest or offer the team (or the visit request).

        With the citizen's `user_id`, a question without a sure answer goes into the FAQ review list.
        """
        matched = await self._answer(text)
        if user_id is not None and self.learning is not None and not isinstance(matched.reply, Answer):
            await self.learning.record_miss(user_id, text, matched.lang, matched.guesses)
        return matched

    async def _answer(self, text: str) -> Matched:
        result = self.matcher.match(text)
        lang = language_of(text)
        await self.stats.record_question(
            result.decision.value, result.best.entry_id if result.best else None, self.clock.now()
        )
        visit = wants_visit(text)
        if result.decision is Decision.ANSWER and result.answer_id:
            answer = self.entry(result.answer_id)
            if answer is not None:
                if visit and answer.entry.id in VISIT_TOPICS and APPOINTMENT_OFFER not in answer.followups:
                    answer = replace(answer, followups=(*answer.followups, APPOINTMENT_OFFER))
                return Matched(answer, result.guesses, lang)
        suggested: tuple[FaqEntry, ...] = ()
        if result.decision is Decision.SUGGEST and result.suggestions:
            found = (self.faq.get(entry_id) for entry_id in result.suggestions[:MAX_SUGGESTIONS])
            suggested = tuple(entry for entry in found if entry is not None)
        if visit:
            others = tuple(entry for entry in suggested if entry.id not in self._visit_entries())
            return Matched(OfferVisit(others), result.guesses, lang)
        if suggested:
            return Matched(Suggest(suggested), result.guesses, lang)
        return Matched(OfferTeam(), result.guesses, lang)

    def _visit_entries(self) -> frozenset[str]:
        """The entries whose follow-up already is the visit request."""
        return frozenset(entry for entry, after in self.followups.items() if APPOINTMENT_OFFER in after)

    def entry(self, entry_id: str) -> Answer | None:
        """An entry as an answer (a "Meinten Sie …?" press), with its follow-ups; None if gone."""
        entry = self.faq.get(entry_id)
        return Answer(entry, self.followups.get(entry.id, ())) if entry is not None else None

    async def feedback(
        self, entry_id: str, helpful: bool, *, user_id: int | None = None, question: str | None = None
    ) -> FaqEntry | None:
        """Record 'Hat geholfen' / 'Hat nicht geholfen'; None when the entry is unknown.

        'Hat nicht geholfen' on the answer to the citizen's `question` goes into the review list.
        """
        entry = self.faq.get(entry_id)
        if entry is not None:
            await self.stats.record_feedback(entry.id, helpful, self.clock.now())
            if not helpful and user_id is not None and question and self.learning is not None:
                await self.learning.record_dislike(user_id, question, entry.id, language_of(question))
        return entry

    async def chose(self, entry_id: str, user_id: int, question: str | None) -> None:
        """The citizen chose `entry_id` under "Meinten Sie …?" for `question` (the review list)."""
        if question and self.learning is not None and self.faq.get(entry_id) is not None:
            await self.learning.record_choice(user_id, question, entry_id, language_of(question))

    async def escalated(self, user_id: int, question: str, ticket_id: int) -> None:
        """The question became a ticket: its review items are linked to it."""
        if self.learning is not None:
            await self.learning.link_ticket(user_id, question, ticket_id)

    async def may_open_ticket(self, user_id: int) -> bool:
        """Whether the citizen is below the daily ticket limit (tickets of the last 24 hours)."""
        since = self.clock.now() - timedelta(days=1)
        return await self.tickets.created_since(user_id, since) < self.limits.tickets_per_day

    def entries_for(self, question: str | None) -> tuple[FaqEntry, ...]:
        """The FAQ entries staff may answer a ticket's question with (the best three guesses)."""
        guesses = self.matcher.match(question).guesses if question else ()
        found = (self.faq.get(entry_id) for entry_id in guesses[:MAX_SUGGESTIONS])
        return tuple(entry for entry in found if entry is not None)

    def guesses(self, question: str, remembered: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The topic guesses for a new ticket: those remembered from the match, else matched again."""
        return remembered or self.matcher.match(question).guesses
