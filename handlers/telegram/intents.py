"""Replies to routed free text (`core.intents`): small talk with the menu, the stop lookup, the visit offer.

The desk (`core.questions.QuestionDesk.route`) decides; this module only renders. Small talk
never offers the team queue.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from core.intents import Intent, Routed, Talk
from core.questions import OfferVisit
from core.texts import t
from handlers.telegram.common import main_menu, reply
from handlers.telegram.context import BotContext
from handlers.telegram.stops_answer import answer_lookup

__all__ = ["answer_routed", "offer_visit"]

_WITH_PHONE = frozenset({Talk.HUMAN, Talk.INSULT, Talk.HELP})


def _talk_text(talk: Talk, context: BotContext, lang: str) -> str:
    phone = context.services.config.office_hours.phone
    if talk is Talk.HELP:
        return t("help", lang, phone=phone)
    if talk in _WITH_PHONE:
        return t(f"talk.{talk.value}", lang, phone=phone)
    return t(f"talk.{talk.value}", lang)


async def answer_routed(update: Update, context: BotContext, routed: Routed, lang: str) -> None:
    """Small talk: a short reply with the main menu. A stop question: the lookup with its result."""
    lang = routed.lang or lang
    if routed.intent is Intent.SMALLTALK and routed.talk is not None:
        await reply(update, _talk_text(routed.talk, context, lang), main_menu(lang))
    elif routed.intent is Intent.STOPS and routed.lookup is not None:
        await answer_lookup(update, context, routed.lookup, lang)


async def offer_visit(update: Update, offer: OfferVisit, lang: str) -> None:
    """Vor-Ort wording the FAQ has no sure answer to: the visit request, the entries that might
    fit ("Meinten Sie …?"), else the team."""
    rows = [[InlineKeyboardButton(t("vo.btn.start", lang), callback_data="vo:start")]]
    rows += [[InlineKeyboardButton(e.title_for(lang), callback_data=f"sg:{e.id}")] for e in offer.entries]
    rows.append([InlineKeyboardButton(t("btn.none_of_these", lang), callback_data="esc:yes")])
    text = t("talk.visit", lang) + ("\n\n" + t("talk.visit_or", lang) if offer.entries else "")
    await reply(update, text, InlineKeyboardMarkup(rows))
