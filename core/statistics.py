"""The service's figures, channel-free: tickets per week, the bot's share, answer times, SLA,
topics, Vor-Ort requests and visits per month, stop-alert subscribers.

Used by the console's statistics page, /statistik and the monthly report. Periods are whole
local days (the office's timezone): a week runs Monday to Sunday, a month from the 1st.
What counts:
- bot answers: questions the FAQ answered itself (decision "answer"; the per-day counters);
- staff answers: tickets of the period that staff have answered (`first_answer_at` set);
- the bot's share: bot answers / (bot answers + staff answers);
- time to the first staff answer: median (the middle value, or the mean of the two middle
  ones) and p90 (nearest rank: the smallest time that 90 % of the answers did not exceed);
- SLA kept: tickets answered within `office_hours.answer_within_hours` of working time,
  out of those answered or already past that time (a ticket still within it is not counted).
No figure names a person; repeated questions are shown only when at least
`REPEATED_MIN_PEOPLE` different citizens sent the same text.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.officehours import OfficeHours
from core.statistics_sla import TicketTimes, WorkingTime
from faq import Faq
from storage.db import Database
from storage.statistics import StatisticsRepository, normalise

__all__ = [
    "REPEATED_MIN_PEOPLE",
    "BadMonth",
    "Dashboard",
    "MonthReport",
    "MonthVisits",
    "Statistics",
    "Topic",
    "WeekFigures",
    "month_start",
    "normalise",
    "parse_month",
    "percentile",
    "repeated",
]

REPEATED_MIN_PEOPLE = 3
"""A question text is shown only when at least this many different citizens sent it."""
TOP = 10


class BadMonth(ValueError):
    """A month that is not written YYYY-MM with a month from 01 to 12."""


def parse_month(text: str) -> date:
    """'2026-11' → 1 November 2026; anything else raises BadMonth with a plain message."""
    parts = text.strip().split("-")
    if (
        len(parts) != 2
        or len(parts[0]) != 4
        or len(parts[1]) != 2
        or not all(p.isascii() and p.isdigit() for p in parts)
    ):
        raise BadMonth(f"expected a month like 2026-11 (YYYY-MM), got {text!r}")
    year, month = int(parts[0]), int(parts[1])
    if not 1 <= month <= 12 or year < 2000:
        raise BadMonth(f"expected a month like 2026-11 (YYYY-MM, month 01 to 12), got {text!r}")
    return date(year, month, 1)


def month_start(day: date, shift: int = 0) -> date:
    """The first day of the month of `day`, moved by `shift` months."""
    index = day.year * 12 + day.month - 1 + shift
    return date(index // 12, index % 12 + 1, 1)


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile of sorted values (None when empty)."""
    if not values:
        return None
    rank = max(1, math.ceil(share * len(values)))
    return values[rank - 1]


@dataclass(frozen=True)
class WeekFigures:
    """One week (or the part of it inside a month)."""

    start: date
    """The week's Monday (or the month's first day for a week cut by the month)."""
    tickets: int
    bot_answers: int
    staff_answers: int
    median_minutes: float | None
    p90_minutes: float | None
    sla_kept: int
    sla_counted: int

    @property
    def iso_week(self) -> int:
        """The ISO week number (KW)."""
        return self.start.isocalendar().week

    @property
    def bot_share(self) -> float | None:
        """Bot answers out of all answers (None without answers)."""
        answered = self.bot_answers + self.staff_answers
        return self.bot_answers / answered if answered else None

    @property
    def sla_share(self) -> float | None:
        """Tickets answered in time out of those counted."""
        return self.sla_kept / self.sla_counted if self.sla_counted else None


@dataclass(frozen=True)
class Topic:
    """An FAQ topic (entry id and its title) with a count."""

    entry_id: str
    title: str
    count: int


@dataclass(frozen=True)
class MonthVisits:
    """Vor-Ort-Service figures of one month."""

    month: date
    requests: int
    confirmed: int
    """Visits confirmed and not yet marked done (planned in the month)."""
    done: int


@dataclass(frozen=True)
class Dashboard:
    """What the statistics page shows: recent weeks and months."""

    weeks: tuple[WeekFigures, ...]
    total: WeekFigures
    """All the weeks together (start: the first week's Monday)."""
    questions: int
    top_topics: tuple[Topic, ...]
    unanswered_topics: tuple[Topic, ...]
    repeated_questions: tuple[tuple[str, int], ...]
    months: tuple[MonthVisits, ...]
    people: int
    subscriptions: int


@dataclass(frozen=True)
class MonthReport(Dashboard):
    """The council's monthly report: the dashboard's figures for one calendar month."""

    month: date
    cancelled: int
    created: datetime
    """When the report was made (shown on it)."""


def repeated(
    questions: Sequence[tuple[str, int]], min_people: int = REPEATED_MIN_PEOPLE
) -> tuple[tuple[str, int], ...]:
    """The texts at least `min_people` different citizens sent (normalised), with how often: most first
    (what `StatisticsRepository.repeated_questions` asks SQLite for, on texts in memory)."""
    counts: Counter[str] = Counter()
    people: dict[str, set[int]] = {}
    for text, user in questions:
        key = normalise(text)
        if key:
            counts[key] += 1
            people.setdefault(key, set()).add(user)
    shown = [(key, n) for key, n in counts.items() if len(people[key]) >= min_people]
    return tuple(sorted(shown, key=lambda item: (-item[1], item[0]))[:TOP])


class Statistics:
    """Computes the figures from the database (read-only)."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        office_hours: OfficeHours,
        faq: Callable[[], Faq],
        before_read: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self.repo = StatisticsRepository(db)
        self.clock = clock
        self.office_hours = office_hours
        self.tz: ZoneInfo = office_hours.tz
        self._faq = faq
        self._before_read = before_read

    def _utc(self, day: date) -> datetime:
        """Local midnight at the start of `day`."""
        return datetime.combine(day, time(0), self.tz)

    def today(self) -> date:
        """The office's day now."""
        return self.clock.now().astimezone(self.tz).date()

    def title(self, entry_id: str, lang: str = "de") -> str:
        """An FAQ entry's title (its id when the entry is gone)."""
        entry = self._faq().get(entry_id)
        return entry.title_for(lang) if entry is not None else entry_id

    async def _flush(self) -> None:
        """Write the FAQ events still counted in memory, so the figures include them."""
        if self._before_read is not None:
            await self._before_read()

    async def weekly(self, weeks: int = 12) -> tuple[WeekFigures, ...]:
        """The last `weeks` weeks, oldest first; the last one is the current (partial) week."""
        return (await self._recent(weeks))[0]

    async def _recent(self, weeks: int) -> tuple[tuple[WeekFigures, ...], TicketTimes]:
        await self._flush()
        monday = self.today() - timedelta(days=self.today().weekday())
        bounds = [monday - timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]
        spans = [(start, start + timedelta(days=7)) for start in bounds]
        tickets = await self._tickets(spans[0][0], spans[-1][1])
        return await self._weeks(spans, tickets), tickets

    async def _tickets(self, start: date, end: date) -> TicketTimes:
        """The tickets created in [start, end) (local days) with their working-time totals."""
        working = WorkingTime(self.office_hours, start - timedelta(days=1), self.today() + timedelta(days=1))
        return TicketTimes(await self.repo.ticket_times(self._utc(start), self._utc(end)), working)

    async def _weeks(
        self, spans: Sequence[tuple[date, date]], tickets: TicketTimes
    ) -> tuple[WeekFigures, ...]:
        """The figures of each span; `tickets` are those of all spans."""
        bounds = [self._utc(start) for start, _ in spans] + [self._utc(spans[-1][1])]
        answers = await self.repo.answers_per_span(bounds)
        weeks = []
        for (start, _), lo, hi, bot in zip(spans, bounds, bounds[1:], answers, strict=False):
            weeks.append(self._figures(start, tickets, *tickets.between(lo.timestamp(), hi.timestamp()), bot))
        return tuple(weeks)

    def _figures(self, start: date, tickets: TicketTimes, lo: int, hi: int, bot_answers: int) -> WeekFigures:
        allowed = self.office_hours.section.answer_within_hours * 3600
        part = tickets.figures(lo, hi, self.clock.now().timestamp(), allowed)
        return WeekFigures(
            start=start,
            tickets=part.tickets,
            bot_answers=bot_answers,
            staff_answers=part.answered,
            median_minutes=part.median_minutes,
            p90_minutes=part.p90_minutes,
            sla_kept=part.sla_kept,
            sla_counted=part.sla_counted,
        )

    def _topics(self, counts: Counter[str]) -> tuple[Topic, ...]:
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP]
        return tuple(Topic(entry, self.title(entry) if entry else "", n) for entry, n in ranked)

    async def _months(self, first: date, count: int) -> tuple[MonthVisits, ...]:
        starts = [month_start(first, k) for k in range(count)]
        bounds = [self._utc(m) for m in [*starts, month_start(starts[-1], 1)]]
        counts = await self.repo.per_month(bounds)
        return tuple(MonthVisits(m, *figures) for m, figures in zip(starts, counts, strict=True))

    async def _overview(
        self, start: date, end: date, weeks: tuple[WeekFigures, ...], tickets: TicketTimes
    ) -> dict[str, object]:
        """The parts of the dashboard and the report computed over the whole period."""
        lo, hi = self._utc(start), self._utc(end)
        decisions = await self.repo.faq_decisions(lo, hi)
        answered = Counter({entry: n for (d, entry), n in decisions.items() if d == "answer" and entry})
        unanswered = await self.repo.ticket_topics(lo, hi)
        first, last = tickets.between(lo.timestamp(), hi.timestamp())
        people, subscriptions = await self.repo.subscribers()
        return {
            "weeks": weeks,
            "total": self._figures(
                start, tickets, first, last, sum(answered.values()) + decisions[("answer", "")]
            ),
            "questions": sum(decisions.values()),
            "top_topics": self._topics(answered),
            "unanswered_topics": self._topics(unanswered),
            "repeated_questions": tuple(await self.repo.repeated_questions(lo, hi, REPEATED_MIN_PEOPLE, TOP)),
            "people": people,
            "subscriptions": subscriptions,
        }

    async def dashboard(self, weeks: int = 12, months: int = 6, topic_weeks: int = 4) -> Dashboard:
        """The statistics page: the last `weeks` weeks, the last `months` months; the totals,
        topics and repeated questions of the last `topic_weeks` weeks."""
        recent, tickets = await self._recent(weeks)
        end = recent[-1].start + timedelta(days=7)
        start = recent[-min(topic_weeks, weeks)].start
        parts = await self._overview(start, end, recent, tickets)
        return Dashboard(
            **parts,  # type: ignore[arg-type]
            months=await self._months(month_start(self.today(), 1 - months), months),
        )

    async def month_report(self, month: date) -> MonthReport:
        """The figures of one calendar month; weeks are cut at the month's edges."""
        await self._flush()
        first, after = month_start(month), month_start(month, 1)
        tickets = await self._tickets(first, after)
        starts = [first] + [
            first + timedelta(days=k)
            for k in range(1, (after - first).days)
            if (first + timedelta(days=k)).weekday() == 0
        ]
        spans = list(zip(starts, [*starts[1:], after], strict=True))
        weeks = await self._weeks(spans, tickets)
        parts = await self._overview(first, after, weeks, tickets)
        return MonthReport(
            **parts,  # type: ignore[arg-type]
            months=await self._months(month_start(first, -5), 6),
            month=first,
            cancelled=await self.repo.cancelled(self._utc(first), self._utc(after)),
            created=self.clock.now(),
        )
