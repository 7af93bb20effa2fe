"""Where is the Bürgermobil? The menu button, /buergermobil, lookups by day, district and
location, the calendar file, and the citizen's stop reminders (/abo).

After the menu button (or /buergermobil) typed text is read as a day or district for a while
(user_data flag: an expiry timestamp, JSON); text that is neither goes on to the FAQ.

Callback data (never trusted: stop, place and subscription are looked up again):
  so:ics:<stop id>      the .ics calendar file of a stop
  so:sub:p:<place id>   remind me of stops at this place
  so:sub:d:<key>        remind me of stops in this district (name or postal code)
  so:uns:<id>           remove one of my reminders
  so:area:<district>    "Meinten Sie …?" another district
  so:about              "Was ist das Bürgermobil?": the FAQ answer about it (`stops_answer.ABOUT`)
"""

from __future__ import annotations

import contextlib
import logging
import re

from telegram import InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import filters

from core.ids import parse_id
from core.places import resolve_area
from core.questions import FOLLOWUPS, STOPS_NEXT, render_entry
from core.stops import parse_day_query
from core.stops.html import as_lang, format_km, stop_html, when_where
from core.stops.query import Lookup, read_lookup
from core.stops.service import MAX_SUBSCRIPTIONS, SubscriptionError
from core.texts import Raw, t
from handlers.telegram import questions
from handlers.telegram.common import clean_text, is_private, language, main_menu, reply
from handlers.telegram.context import BotApplication, BotContext
from handlers.telegram.stops_answer import ABOUT, answer_lookup, intro_shown, send_intro, send_overview
from handlers.telegram.stops_view import (
    AWAIT,
    stops_keyboard,
    subscriptions_message,
    venue_buttons,
)

__all__ = [
    "AWAIT",
    "COMMAND_TEXT",
    "Lookup",
    "abo_command",
    "area_prompt",
    "awaiting_filter",
    "back_to_menu",
    "day_button",
    "location_hint",
    "read_lookup",
    "shared_location",
    "stop_button",
    "stops_menu",
    "stops_text",
]

logger = logging.getLogger(__name__)

AWAIT_SECONDS = 30 * 60
FAR_KM = 25.0
COMMAND_TEXT = re.compile(r"^/b(?:ü|ue|u)rgermobil(?:@\w+)?(?:\s+(?P<args>.*))?$", re.IGNORECASE | re.DOTALL)
"""/bürgermobil arrives as plain text (Telegram commands are ASCII only)."""
_DAY_BUTTONS = {"stops.btn.today": "heute", "stops.btn.tomorrow": "morgen", "stops.btn.week": "diese Woche"}


# -- the awaiting flag ------------------------------------------------------------------------------


class _AwaitingLookup(filters.MessageFilter):
    """Messages of users who were just asked for a day or district (flag in user_data)."""

    def __init__(self, app: BotApplication) -> None:
        super().__init__(name="AwaitingStopLookup")
        self._app = app

    def filter(self, message: Message) -> bool:
        user = message.from_user
        if user is None:
            return False
        data = self._app.user_data.get(user.id)
        return isinstance(data, dict) and data.get(AWAIT) is not None


def awaiting_filter(app: BotApplication) -> filters.MessageFilter:
    """A filter for text that should be read as a stop lookup."""
    return _AwaitingLookup(app)


def _set_awaiting(context: BotContext) -> None:
    if context.user_data is not None:
        context.user_data[AWAIT] = context.services.clock.now().timestamp() + AWAIT_SECONDS


def _awaiting(context: BotContext) -> bool:
    value = context.user_data.get(AWAIT) if context.user_data is not None else None
    return isinstance(value, int | float) and value > context.services.clock.now().timestamp()


def _clear_awaiting(context: BotContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(AWAIT, None)


# -- answers --------------------------------------------------------------------------------------------


async def stops_menu(update: Update, context: BotContext) -> None:
    """The menu button, /buergermobil [day or district] and /bürgermobil: today's and the next stops."""
    lang = language(update, context)
    message = update.effective_message
    argument = " ".join(context.args or [])
    if not argument and message is not None and message.text:
        match = COMMAND_TEXT.match(message.text.strip())
        argument = (match.group("args") or "") if match else ""
    argument = clean_text(argument)
    stops = context.services.stops
    if argument:
        lookup = read_lookup(argument, stops.today())
        if lookup is None:
            await reply(update, t("stops.area_unknown", lang, text=argument[:60]))
        else:
            await answer_lookup(update, context, lookup, lang)
    else:
        await send_overview(update, context, lang)
    if is_private(update):
        _set_awaiting(context)
        await reply(update, t("stops.prompt", lang), stops_keyboard(lang))


async def day_button(update: Update, context: BotContext) -> None:
    """'Heute', 'Morgen', 'Diese Woche' on the stops keyboard."""
    message = update.effective_message
    lang = language(update, context)
    stops = context.services.stops
    label = message.text if message is not None else ""
    word = next((w for key, w in _DAY_BUTTONS.items() if label in {t(key, "de"), t(key, "en")}), "heute")
    query = parse_day_query(word, stops.today())
    _set_awaiting(context)
    await answer_lookup(update, context, Lookup(day=query), lang)


async def area_prompt(update: Update, context: BotContext) -> None:
    """'Stadtteil oder PLZ eingeben': the next text is read as a district."""
    lang = language(update, context)
    _set_awaiting(context)
    await reply(update, t("stops.ask_area", lang), stops_keyboard(lang))


async def location_hint(update: Update, context: BotContext) -> None:
    """The location button's label arrived as text (a computer, or the console)."""
    lang = language(update, context)
    _set_awaiting(context)
    await reply(update, t("stops.location_hint", lang), stops_keyboard(lang))


async def back_to_menu(update: Update, context: BotContext) -> None:
    """'Zurück zum Menü': the main menu again; typed text is a question again."""
    lang = language(update, context)
    _clear_awaiting(context)
    await reply(update, t("stops.back", lang), main_menu(lang))


async def stops_text(update: Update, context: BotContext) -> None:
    """Typed text after the stops button: a day or district, else an ordinary question."""
    message = update.effective_message
    if message is None or not is_private(update):
        return
    text = clean_text(message.text)
    services = context.services
    lookup = None
    if _awaiting(context) and len(text) <= services.config.limits.max_text_length:
        lookup = read_lookup(text, services.stops.today(), services.matcher)
    if lookup is None:
        _clear_awaiting(context)
        await questions.free_text(update, context)
        return
    _set_awaiting(context)
    await answer_lookup(update, context, lookup, language(update, context))


async def shared_location(update: Update, context: BotContext) -> None:
    """A shared location: the nearest upcoming stops with distance, each as a map pin."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or message.location is None or chat is None or not is_private(update):
        return
    lang = language(update, context)
    stops = context.services.stops
    nearest = stops.nearest(message.location.latitude, message.location.longitude)
    if not nearest:
        await reply(update, t("stops.none_planned", lang))
        return
    await send_intro(update, context, lang)
    now = stops.now()
    parts = [t("stops.nearest_header", lang)]
    if nearest[0][1] > FAR_KM:
        parts.append(t("stops.far_away", lang))
    parts.append("\n\n".join(stop_html(stop, lang, now, distance_km=km) for stop, km in nearest))
    parts.append(t("stops.venue_pin", lang))
    await reply(update, "\n\n".join(parts))
    for stop, km in nearest:
        place = stop.place
        if place.lat is None or place.lon is None:
            continue
        address = when_where(stop, as_lang(lang)).split(" · ")[0]
        if place.address:
            address += f" · {place.address}"
        await chat.send_venue(
            latitude=place.lat,
            longitude=place.lon,
            title=f"{place.label} · {format_km(km, lang)}"[:120],
            address=address[:200],
            reply_markup=venue_buttons(stop, lang),
        )
    _set_awaiting(context)


# -- buttons and /abo -------------------------------------------------------------------------------


async def _acknowledge(update: Update) -> None:
    query = update.callback_query
    if query is not None:
        with contextlib.suppress(TelegramError):
            await query.answer()


async def stop_button(update: Update, context: BotContext) -> None:
    """A button under a stop answer or the /abo list."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    await _acknowledge(update)
    lang = language(update, context)
    parts = (query.data or "").split(":", 3)
    action = parts[1] if len(parts) > 1 else ""
    if query.data == ABOUT:
        await _about(update, context, lang)
    elif action == "ics" and len(parts) == 3:
        await _send_calendar(update, context, parts[2], lang)
    elif action == "sub" and len(parts) == 4 and parts[2] in ("p", "d"):
        kind = "place" if parts[2] == "p" else "district"
        await _subscribe(update, context, kind, parts[3], lang)
    elif action == "uns" and len(parts) == 3 and (subscription_id := parse_id(parts[2])) is not None:
        await _unsubscribe(update, context, subscription_id, lang)
    elif action == "area" and len(parts) == 3 and (area := resolve_area(parts[2])) is not None:
        await answer_lookup(update, context, Lookup(area=area), lang, intro=False)  # pressed under a plan
    else:
        await reply(update, t("stale_button", lang))


async def _about(update: Update, context: BotContext, lang: str) -> None:
    """The FAQ answer about the Bürgermobil (the long intro), without the plan it was pressed under."""
    desk = questions.desk(context)
    about = [entry_id for entry_id, followups in FOLLOWUPS.items() if STOPS_NEXT in followups]
    answer = desk.entry(about[0]) if about else None
    if answer is None:  # the FAQ has no such entry: the short intro card
        intro_shown(context)
        await reply(update, t("stops.intro", lang))
        return
    intro_shown(context)
    await reply(update, render_entry(answer.entry, lang))


async def _send_calendar(update: Update, context: BotContext, stop_id: str, lang: str) -> None:
    stops = context.services.stops
    stop = stops.find(stop_id)
    chat = update.effective_chat
    if stop is None or chat is None:
        await reply(update, t("stops.stop_gone", lang))
        await send_overview(update, context, lang, intro=False)
        return
    if stop.cancelled:
        await reply(update, t("stops.stop_cancelled", lang, stop=Raw(stop_html(stop, lang))))
        return
    await chat.send_document(
        document=stops.ics(stop, lang),
        filename=f"buergermobil-{stop.stop_id}.ics",
        caption=t("stops.ics_caption", lang, stop=Raw(stop_html(stop, lang, details=False))),
        parse_mode=ParseMode.HTML,
    )


async def _subscribe(update: Update, context: BotContext, kind: str, key: str, lang: str) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    if not is_private(update):
        await reply(update, t("stale_button", lang))
        return
    services = context.services
    stops = services.stops
    label = stops.subscription_label(kind, key, lang)
    if label is None:
        await reply(update, t("stops.subscribe_unknown", lang))
        return
    await services.users.touch(user.id, chat.id, lang, services.clock.now())
    try:
        subscription, created = await stops.subscribe(
            user_id=user.id, chat_id=chat.id, kind=kind, key=key, lang=lang
        )
    except SubscriptionError:
        await reply(update, t("stops.subscribe_limit", lang, limit=MAX_SUBSCRIPTIONS))
        return
    if not created:
        await reply(update, t("stops.already_subscribed", lang, label=label))
        return
    following = stops.next_for(subscription)
    next_line = (
        t("stops.subscribe_next", lang, stop=Raw(stop_html(following, lang, details=False)))
        if following
        else ""
    )
    await reply(update, t("stops.subscribed", lang, label=label, next=Raw(next_line)))


async def _unsubscribe(update: Update, context: BotContext, subscription_id: int, lang: str) -> None:
    user = update.effective_user
    query = update.callback_query
    if user is None or query is None:
        return
    stops = context.services.stops
    removed = await stops.subscriptions.remove(user.id, subscription_id)
    if removed is None:
        await reply(update, t("stops.unsubscribe_gone", lang))
        return
    label = stops.subscription_label(removed.kind, removed.key, lang) or removed.key
    listing, markup = subscriptions_message(stops, await stops.subscriptions.for_user(user.id), lang)
    text = t("stops.unsubscribed", lang, label=label) + "\n\n" + listing
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as exc:
        logger.debug("subscription list not edited: %s", exc)
        await reply(update, text, markup)


async def abo_command(update: Update, context: BotContext) -> None:
    """/abo: the reminders with remove buttons; /abo <district or postal code> subscribes."""
    user = update.effective_user
    if user is None or not is_private(update):
        return
    lang = language(update, context)
    stops = context.services.stops
    argument = clean_text(" ".join(context.args or []))
    if argument:
        lookup = read_lookup(argument, stops.today())
        if lookup is None or lookup.area is None:
            await reply(update, t("stops.area_unknown", lang, text=argument[:60]))
            return
        await _subscribe(update, context, "district", stops.district_key(lookup.area), lang)
        return
    text, markup = subscriptions_message(stops, await stops.subscriptions.for_user(user.id), lang)
    keyboard: InlineKeyboardMarkup | ReplyKeyboardMarkup = markup if markup is not None else main_menu(lang)
    await reply(update, text, keyboard)
