"""Messages and buttons of the stop lookups: pure functions from the plan to HTML and markup."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from core.places import AreaMatch
from core.stops import DayQuery, Stop
from core.stops.html import as_lang, stop_html
from core.stops.render import format_day
from core.stops.service import AreaAnswer, StopService, StopSubscription
from core.texts import Raw, t

__all__ = [
    "AWAIT",
    "KEYBOARD_KEYS",
    "area_label",
    "area_message",
    "button_label",
    "day_message",
    "fits",
    "keyboard_pattern",
    "overview_message",
    "stop_buttons",
    "stops_keyboard",
    "subscriptions_message",
]

AWAIT = "stops_await"
"""user_data key: until when (epoch seconds) typed text is read as a stop lookup (`stops.py`)."""
KEYBOARD_KEYS = (
    "stops.btn.today",
    "stops.btn.tomorrow",
    "stops.btn.week",
    "stops.btn.area",
    "stops.btn.location",
)
MAX_BUTTON_ROWS = 6
MAX_LIST = 25
LIST_BUDGET = 3000
"""Characters of stop lines in one message (Telegram allows 4096 with header and footer)."""


def button_label(key: str, lang: str, **values: object) -> str:
    """A text for a button label (labels are not HTML: no escaping)."""
    return html.unescape(t(key, lang, **values))


def keyboard_pattern(*keys: str) -> str:
    """A regex matching the labels of these keyboard buttons in both languages."""
    labels = sorted({t(key, lang) for key in keys for lang in ("de", "en")})
    return "^(" + "|".join(re.escape(label) for label in labels) + ")$"


def fits(data: str) -> bool:
    """Whether callback data fits Telegram's 64-byte limit."""
    return len(data.encode("utf-8")) <= 64


def stops_keyboard(lang: str) -> ReplyKeyboardMarkup:
    """The reply keyboard while looking for the Bürgermobil (one button shares the location)."""
    return ReplyKeyboardMarkup(
        [
            [t("stops.btn.today", lang), t("stops.btn.tomorrow", lang), t("stops.btn.week", lang)],
            [t("stops.btn.area", lang)],
            [KeyboardButton(t("stops.btn.location", lang), request_location=True)],
            [t("stops.btn.menu", lang)],
        ],
        resize_keyboard=True,
        is_persistent=True,
    )


def stop_buttons(
    stops: Sequence[Stop],
    service: StopService,
    lang: str,
    *,
    area: AreaMatch | None = None,
    alternatives: Sequence[str] = (),
) -> InlineKeyboardMarkup | None:
    """One row per stop still to come: calendar file and reminder for its place."""
    now = service.now()
    rows: list[list[InlineKeyboardButton]] = []
    for stop in stops:
        if stop.cancelled or stop.end <= now or len(rows) >= MAX_BUTTON_ROWS:
            continue
        day = format_day(stop.start.date(), as_lang(lang))
        rows.append(
            [
                InlineKeyboardButton(
                    button_label("stops.btn.calendar_short", lang, day=day, district=stop.place.district),
                    callback_data=f"so:ics:{stop.stop_id}",
                ),
                InlineKeyboardButton(
                    button_label("stops.btn.remind", lang), callback_data=f"so:sub:p:{stop.place.id}"
                ),
            ]
        )
    if area is not None:
        data = f"so:sub:d:{service.district_key(area)}"
        if fits(data):
            label = button_label("stops.btn.remind_area", lang, area=area_label(area, service, lang))
            rows.append([InlineKeyboardButton(label, callback_data=data)])
    for name in alternatives[:2]:
        data = f"so:area:{name}"
        if fits(data):
            rows.append(
                [
                    InlineKeyboardButton(
                        button_label("stops.btn.did_you_mean", lang, district=name), callback_data=data
                    )
                ]
            )
    rows = [[b for b in row if fits(str(b.callback_data))] for row in rows]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


def venue_buttons(stop: Stop, lang: str) -> InlineKeyboardMarkup:
    """The two buttons under a map pin."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    button_label("stops.btn.calendar", lang), callback_data=f"so:ics:{stop.stop_id}"
                ),
                InlineKeyboardButton(
                    button_label("stops.btn.remind", lang), callback_data=f"so:sub:p:{stop.place.id}"
                ),
            ]
        ]
    )


def _lines(stops: Sequence[Stop], service: StopService, lang: str, *, with_date: bool = True) -> str:
    """The stops, as many as fit one Telegram message (long lists without addresses)."""
    now = service.now()
    details = len(stops) <= 8
    shown: list[str] = []
    used = 0
    for stop in stops[:MAX_LIST]:
        block = stop_html(stop, lang, now, with_date=with_date, details=details)
        if used + len(block) > LIST_BUDGET:
            break
        shown.append(block)
        used += len(block) + 2
    if len(shown) < len(stops):
        shown.append("…")
    return "\n\n".join(shown)


def _long_day(day: date, lang: str) -> str:
    return format_day(day, as_lang(lang), long=True)


def overview_message(service: StopService, lang: str) -> tuple[str, list[Stop]]:
    """Today's stops and the next ones, from the live plan."""
    today = service.today()
    todays, later = service.overview()
    parts = [t("stops.title", lang), t("stops.today_header", lang, day=_long_day(today, lang))]
    if todays:
        parts.append(_lines(todays, service, lang, with_date=False))
    else:
        holiday = service.plan.holiday(today)
        parts.append(
            t("stops.today_none", lang) + (f"\n{t('stops.holiday', lang, name=holiday)}" if holiday else "")
        )
    parts.append(t("stops.next_header", lang))
    parts.append(_lines(later, service, lang) if later else t("stops.none_planned", lang))
    parts.append(t("stops.footer", lang))
    return "\n\n".join(parts), [*todays, *later]


def _day_label(query: DayQuery, today: date, lang: str) -> str:
    if query.single_day:
        if (query.start - today).days in (0, 1, 2):
            word = query.label if lang != "en" else query.label_en
            return f"{word} ({_long_day(query.start, lang)})"
        return ("am " if lang != "en" else "on ") + _long_day(query.start, lang)
    word = query.label if lang != "en" else query.label_en
    return f"{word} ({query.start.day}.{query.start.month}.–{query.end.day}.{query.end.month}.)"


def day_message(
    service: StopService, query: DayQuery, lang: str, area: AreaMatch | None = None
) -> tuple[str, list[Stop]]:
    """The stops of a day or range (optionally in one district), else the next one after it."""
    stops = service.on_days(query, area)
    label = _day_label(query, service.today(), lang)
    if area is not None:
        label += " · " + area_label(area, service, lang)
    parts = [t("stops.day_header", lang, label=label)]
    shown = list(stops)
    if stops:
        parts.append(_lines(stops, service, lang, with_date=not query.single_day))
    else:
        parts.append(t("stops.day_none" if query.single_day else "stops.range_none", lang))
        holidays = [name for name in (service.plan.holiday(d) for d in query.days()[:31]) if name]
        if holidays and query.single_day:
            parts.append(t("stops.holiday", lang, name=holidays[0]))
        following = service.next_after(query.end, area)
        if following is not None:
            parts.append(t("stops.next_after", lang) + "\n" + stop_html(following, lang, service.now()))
            shown.append(following)
    parts.append(t("stops.footer", lang))
    return "\n\n".join(parts), shown


def area_label(area: AreaMatch, service: StopService, lang: str) -> str:
    """ "Rüttenscheid", "Altenessen" or "PLZ 45149 (Haarzopf, Margarethenhöhe, Fulerum)"."""
    if area.postal_code:
        return f"{t('stops.postal_label', lang, code=area.postal_code)} ({', '.join(area.districts)})"
    return service.district_key(area)


def area_message(service: StopService, answer: AreaAnswer, lang: str) -> tuple[str, list[Stop]]:
    """The next stops in a district, or the nearest ones elsewhere."""
    label = area_label(answer.area, service, lang)
    parts = [t("stops.area_header", lang, area=label)]
    now = service.now()
    if answer.stops:
        parts.append(_lines(answer.stops, service, lang))
    if answer.nearby:
        parts.append(t("stops.area_none", lang, area=label))
        parts.append("\n\n".join(stop_html(s, lang, now, distance_km=km) for s, km in answer.nearby))
    if not answer.stops and not answer.nearby:
        parts.append(t("stops.none_planned", lang))
    parts.append(t("stops.footer", lang))
    return "\n\n".join(parts), [*answer.stops, *(s for s, _ in answer.nearby)]


def not_essen_message(service: StopService, code: str, lang: str) -> tuple[str, list[Stop]]:
    """A postal code outside Essen: say so and show the next stops."""
    following = service.plan.next_stops(service.now(), limit=3)
    parts = [t("stops.not_essen", lang, code=code), _lines(following, service, lang)]
    return "\n\n".join(parts), following


def subscriptions_message(
    service: StopService, subscriptions: Sequence[StopSubscription], lang: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The user's reminders, each with a remove button."""
    if not subscriptions:
        return t("stops.subs_none", lang), None
    lines = [t("stops.subs_header", lang)]
    rows = []
    now = service.now()
    for subscription in subscriptions:
        label = service.subscription_label(subscription.kind, subscription.key, lang) or subscription.key
        lines.append(t("stops.subs_line", lang, label=label))
        following = service.next_for(subscription)
        if following is not None:
            lines.append(t("stops.subs_next", lang, stop=Raw(stop_html(following, lang, now, details=False))))
        rows.append(
            [
                InlineKeyboardButton(
                    button_label("stops.btn.remove", lang, label=label[:40]),
                    callback_data=f"so:uns:{subscription.id}",
                )
            ]
        )
    return "\n".join(lines), InlineKeyboardMarkup(rows)
