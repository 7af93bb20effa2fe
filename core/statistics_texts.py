"""The words of the statistics page and the monthly report (German first, English second), and
the charts with their tables built from the figures, the same for the web pages and the PDF."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.statistics import Dashboard, MonthReport, MonthVisits, Topic, WeekFigures
from core.statistics_charts import Chart, Series

__all__ = ["LABELS", "ChartTable", "charts", "hours", "month_name", "pct", "summary", "topic_rows", "words"]

MONTHS = {
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}  # fmt: skip

LABELS: dict[str, dict[str, str]] = {
    "de": {
        "page": "Statistik",
        "intro": "Die letzten {weeks} Wochen (die aktuelle läuft noch) und die letzten {months} Monate.",
        "topic_period": "Themen und Fragen der letzten {weeks} Wochen",
        "report": "Monatsbericht",
        "report_title": "Monatsbericht {month}",
        "report_for": "Bericht für den Monat",
        "report_show": "Bericht ansehen",
        "report_pdf": "Als PDF herunterladen",
        "report_print": "Zum Drucken: Strg+P (im Browser).",
        "report_made": "Erstellt am {day}. Ohne personenbezogene Daten.",
        "bad_month": "Bitte einen Monat wie 2026-11 wählen.",
        "week": "KW {n}",
        "col.week": "Woche",
        "col.month": "Monat",
        "col.count": "Anzahl",
        "col.topic": "Thema",
        "col.question": "Frage",
        "chart.tickets": "Anfragen an das Team pro Woche",
        "chart.share": "Beantwortete Fragen pro Woche: vom Bot und vom Team",
        "chart.times": "Zeit bis zur ersten Antwort des Teams pro Woche, in Stunden",
        "chart.sla": "Anfragen in der versprochenen Zeit beantwortet, in Prozent",
        "chart.visits": "Vor-Ort-Service pro Monat",
        "s.tickets": "Anfragen",
        "s.bot": "vom Bot",
        "s.staff": "vom Team",
        "s.share": "Anteil Bot",
        "s.median": "Median",
        "s.p90": "90 % bis",
        "s.sla": "in der Zeit",
        "s.sla_counted": "gezählt",
        "s.requests": "neue Anfragen",
        "s.confirmed": "geplante Besuche",
        "s.done": "erledigte Besuche",
        "topics": "Häufigste Themen der Bot-Antworten",
        "unanswered": "Anfragen an das Team nach nächstem FAQ-Thema",
        "repeated": "Fragen, die mindestens {n} verschiedene Personen gleich gestellt haben",
        "no_topic": "kein passendes Thema",
        "none": "Noch keine Daten.",
        "subscribers": "Bürgermobil-Erinnerungen: {people} Personen mit {subscriptions} Abos (Stand jetzt).",
        "sum.answers": "Beantwortete Fragen: {all}. Davon vom Bot: {bot} ({share}), vom Team: {staff}.",
        "sum.questions": "Fragen an den Bot: {questions}. Anfragen an das Team: {tickets}.",
        "sum.times": "Erste Antwort des Teams: Median {median}, 90 % bis {p90}.",
        "sum.sla": "In der versprochenen Zeit beantwortet: {kept} von {counted} ({share}).",
        "sum.visits": "Vor-Ort-Service: {requests} neue Anfragen, {done} Besuche, {cancelled} abgesagt.",
        "h": "{n} Std.",
    },
    "en": {
        "page": "Statistics",
        "intro": "The last {weeks} weeks (the current week is still running) and the last {months} months.",
        "topic_period": "Topics and questions of the last {weeks} weeks",
        "report": "Monthly report",
        "report_title": "Monthly report {month}",
        "report_for": "Report for the month",
        "report_show": "Show report",
        "report_pdf": "Download as PDF",
        "report_print": "To print: Ctrl+P (in the browser).",
        "report_made": "Made on {day}. No personal data.",
        "bad_month": "Please choose a month like 2026-11.",
        "week": "week {n}",
        "col.week": "Week",
        "col.month": "Month",
        "col.count": "Count",
        "col.topic": "Topic",
        "col.question": "Question",
        "chart.tickets": "Tickets for the team per week",
        "chart.share": "Questions answered per week: by the bot and by the team",
        "chart.times": "Time to the team's first answer per week, in hours",
        "chart.sla": "Tickets answered within the promised time, in percent",
        "chart.visits": "Vor-Ort-Service per month",
        "s.tickets": "tickets",
        "s.bot": "by the bot",
        "s.staff": "by the team",
        "s.share": "bot share",
        "s.median": "median",
        "s.p90": "90 % within",
        "s.sla": "in time",
        "s.sla_counted": "counted",
        "s.requests": "new requests",
        "s.confirmed": "planned visits",
        "s.done": "visits done",
        "topics": "Most frequent topics of the bot's answers",
        "unanswered": "Tickets for the team by nearest FAQ topic",
        "repeated": "Questions at least {n} different people asked the same way",
        "no_topic": "no matching topic",
        "none": "No data yet.",
        "subscribers": "Bürgermobil alerts: {people} people with {subscriptions} subscriptions (now).",
        "sum.answers": "Questions answered: {all}. By the bot: {bot} ({share}), by the team: {staff}.",
        "sum.questions": "Questions to the bot: {questions}. Tickets for the team: {tickets}.",
        "sum.times": "The team's first answer: median {median}, 90 % within {p90}.",
        "sum.sla": "Answered within the promised time: {kept} of {counted} ({share}).",
        "sum.visits": "Vor-Ort-Service: {requests} new requests, {done} visits done, {cancelled} cancelled.",
        "h": "{n} h",
    },
}


def words(lang: str) -> dict[str, str]:
    """The labels of a language (German when unknown)."""
    return LABELS.get(lang, LABELS["de"])


def _number(value: float, lang: str, digits: int = 1) -> str:
    """Rounded half up (13.25 → '13,3'), decimal comma in German."""
    step = Decimal(1).scaleb(-digits)
    text = str(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))
    return text.replace(".", ",") if lang == "de" else text


def pct(share: float | None, lang: str) -> str:
    """0.667 → '67 %' ('–' without a value)."""
    return "–" if share is None else f"{round(share * 100)} %"


def hours(minutes: float | None, lang: str) -> str:
    """Minutes as hours with one decimal: '13,3 Std.'."""
    return "–" if minutes is None else words(lang)["h"].format(n=_number(minutes / 60, lang))


def month_name(month: date, lang: str) -> str:
    """'November 2026'."""
    return f"{MONTHS.get(lang, MONTHS['de'])[month.month - 1]} {month.year}"


@dataclass(frozen=True)
class ChartTable:
    """A chart and the table of its data (headers, then rows of cells)."""

    key: str
    chart: Chart
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _week_label(week: WeekFigures, lang: str) -> str:
    return words(lang)["week"].format(n=week.iso_week)


def _week_charts(weeks: Sequence[WeekFigures], lang: str) -> list[ChartTable]:
    w = words(lang)
    names = [_week_label(x, lang) for x in weeks]
    first_col = w["col.week"]
    tickets = Chart(w["chart.tickets"], names, [Series(w["s.tickets"], [x.tickets for x in weeks])])
    share = Chart(
        w["chart.share"],
        names,
        [
            Series(w["s.bot"], [x.bot_answers for x in weeks]),
            Series(w["s.staff"], [x.staff_answers for x in weeks]),
        ],
        stacked=True,
        total_label=lambda values: pct(_share(values), lang),
    )
    times = Chart(
        w["chart.times"],
        names,
        [
            Series(w["s.median"], [_h(x.median_minutes) for x in weeks]),
            Series(w["s.p90"], [_h(x.p90_minutes) for x in weeks]),
        ],
        label=lambda value: _number(value, lang),
    )
    sla = Chart(
        w["chart.sla"],
        names,
        [Series(w["s.sla"], [None if x.sla_share is None else round(x.sla_share * 100) for x in weeks])],
        label=lambda value: f"{value:g} %",
    )
    return [
        ChartTable(
            "tickets",
            tickets,
            (first_col, w["s.tickets"]),
            tuple((n, str(x.tickets)) for n, x in zip(names, weeks, strict=True)),
        ),
        ChartTable(
            "share",
            share,
            (first_col, w["s.bot"], w["s.staff"], w["s.share"]),
            tuple(
                (n, str(x.bot_answers), str(x.staff_answers), pct(x.bot_share, lang))
                for n, x in zip(names, weeks, strict=True)
            ),
        ),
        ChartTable(
            "times",
            times,
            (first_col, w["s.median"], w["s.p90"]),
            tuple(
                (n, hours(x.median_minutes, lang), hours(x.p90_minutes, lang))
                for n, x in zip(names, weeks, strict=True)
            ),
        ),
        ChartTable(
            "sla",
            sla,
            (first_col, w["s.sla"], w["s.sla_counted"], "%"),
            tuple(
                (n, str(x.sla_kept), str(x.sla_counted), pct(x.sla_share, lang))
                for n, x in zip(names, weeks, strict=True)
            ),
        ),
    ]  # fmt: skip


def _share(values: Sequence[float | None]) -> float | None:
    bot, staff = (v or 0.0 for v in values)
    return bot / (bot + staff) if bot + staff else None


def _h(minutes: float | None) -> float | None:
    return None if minutes is None else round(minutes / 60, 1)


def _visit_chart(months: Sequence[MonthVisits], lang: str) -> ChartTable:
    w = words(lang)
    names = [month_name(m.month, lang)[:3] + f" {m.month.year % 100:02d}" for m in months]
    chart = Chart(
        w["chart.visits"],
        names,
        [
            Series(w["s.requests"], [m.requests for m in months]),
            Series(w["s.confirmed"], [m.confirmed for m in months]),
            Series(w["s.done"], [m.done for m in months]),
        ],
    )
    rows = tuple((month_name(m.month, lang), str(m.requests), str(m.confirmed), str(m.done)) for m in months)
    return ChartTable("visits", chart, (w["col.month"], w["s.requests"], w["s.confirmed"], w["s.done"]), rows)


def charts(board: Dashboard, lang: str) -> list[ChartTable]:
    """Every chart of the page or report, each with its table."""
    return [*_week_charts(board.weeks, lang), _visit_chart(board.months, lang)]


def topic_rows(topics: Sequence[Topic], lang: str) -> list[tuple[str, str]]:
    """(title, count) rows; a ticket without a near topic says so."""
    return [(t.title or words(lang)["no_topic"], str(t.count)) for t in topics]


def summary(report: MonthReport, lang: str) -> list[str]:
    """The report's short text: one sentence per figure."""
    w, total = words(lang), report.total
    visits = next((m for m in report.months if m.month == report.month), None)
    return [
        w["sum.questions"].format(questions=report.questions, tickets=total.tickets),
        w["sum.answers"].format(
            all=total.bot_answers + total.staff_answers,
            bot=total.bot_answers,
            share=pct(total.bot_share, lang),
            staff=total.staff_answers,
        ),
        w["sum.times"].format(median=hours(total.median_minutes, lang), p90=hours(total.p90_minutes, lang)),
        w["sum.sla"].format(kept=total.sla_kept, counted=total.sla_counted, share=pct(total.sla_share, lang)),
        w["sum.visits"].format(
            requests=visits.requests if visits else 0,
            done=visits.done if visits else 0,
            cancelled=report.cancelled,
        ),
        w["subscribers"].format(people=report.people, subscriptions=report.subscriptions),
    ]
