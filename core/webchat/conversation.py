"""The web chat, channel-free: the same question desk, tickets and texts as the Telegram channel.

A web page (`handlers/web/chat/`) calls `WebChat`: `send` a question, `press` a button of a
bot message, `resume` with the reference code on another device. The decisions are
`core.questions.QuestionDesk`'s (one matcher, "Meinten Sie …?", the same staff queue); the
button actions are the Telegram channel's callback data (`fb:`, `sg:`, `esc:`, `tk:`). Every
message of the chat is stored (`web_messages`) so the page shows it now and later; staff
answers arrive through the outbox (`core/webchat/inbox.py`). Nothing is stored before the
citizen sends their first message.
"""

from __future__ import annotations

import html
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import quote

from core.appointments import AppointmentError, AppointmentService
from core.appointments.options import parse_option
from core.channels import ChannelRouter
from core.clock import Clock
from core.ids import parse_id
from core.intents import Intent, Routed, Talk
from core.messages import Button, Buttons, buttons_from_data, rows
from core.outbox import message_payload
from core.privacy import Privacy
from core.questions import (
    APPOINTMENT_OFFER,
    STOPS_NEXT,
    Answer,
    OfferVisit,
    OpenTicket,
    QuestionDesk,
    Rejected,
    Suggest,
    clean_text,
    render_entry,
)
from core.texts import Raw, t
from core.ticket_reads import TicketError
from core.tickets import TicketService
from core.webchat.identity import Identity
from core.webchat.inbox import Listeners
from core.webchat.requests import WebRequests, problem_text
from core.webchat.sessions import Visitor, WebSessions, pick_language
from core.webchat.turns import commit_turn, current_turn, turn
from storage import Database, UserRepository
from storage.webchat import WebChatRepository, WebMessage

__all__ = ["GO_STOPS", "GO_VISIT", "Visitor", "WebChat"]

logger = logging.getLogger(__name__)

GO_STOPS = "go:stops"
"""A button the page draws as a link to its stops page."""
GO_VISIT = "go:visit"
"""A button the page draws as a link to the Vor-Ort request form."""


_WITH_PHONE = frozenset({Talk.HUMAN, Talk.INSULT, Talk.HELP})


def _yes_no(lang: str) -> Buttons:
    return rows([[Button(t("btn.yes_send", lang), "esc:yes")], [Button(t("btn.no", lang), "esc:no")]])


class WebChat(WebSessions):
    """Questions, button presses and sessions of web citizens."""

    def __init__(
        self,
        *,
        db: Database,
        clock: Clock,
        desk: Callable[[], QuestionDesk],
        tickets: TicketService,
        appointments: AppointmentService,
        users: UserRepository,
        privacy: Privacy,
        phone: str,
        kick_outbox: Callable[[], None],
        identity: Identity,
        listeners: Listeners,
        channels: ChannelRouter,
    ) -> None:
        self.db = db
        self.clock = clock
        self._desk = desk
        self.tickets = tickets
        self.appointments = appointments
        self.users = users
        self.privacy = privacy
        self.phone = phone
        self.kick_outbox = kick_outbox
        self.repo = WebChatRepository(db)
        self.identity = identity
        self.listeners = listeners
        self.last_seen: OrderedDict[str, datetime] = OrderedDict()
        self.requests = WebRequests(
            appointments=appointments,
            tickets=tickets,
            channels=channels,
            kick_outbox=kick_outbox,
            say=self._say,
        )
        """The citizen's own tickets and requests ("Meine Anfragen")."""

    @property
    def desk(self) -> QuestionDesk:
        """The question desk over the running services (the Telegram channel's too)."""
        return self._desk()

    # -- the chat ------------------------------------------------------------------------------
    async def history(self, visitor: Visitor) -> list[WebMessage]:
        """The chat as stored, oldest first."""
        return await self.repo.messages(visitor.citizen_id)

    async def send(self, visitor: Visitor | None, text: str | None, lang: str = "de") -> Visitor | None:
        """The citizen sends a question; a first message creates the citizen and the session.

        Returns the visitor (with a cookie when new), or None when an empty text came from
        someone unknown (then nothing at all is stored).
        """
        question = clean_text(text)
        if visitor is None:
            if not question:
                return None
            visitor = await self._new_citizen(pick_language(lang))
        async with turn(visitor.citizen_id) as collected:  # one transaction for the whole turn
            collected.add("citizen", message_payload(_plain(question)))
            await self.seen(visitor)
            await self._turn(visitor, question)
        await commit_turn(self.db, self.repo, self.listeners, collected, self.clock.now())
        return visitor

    async def _set_pending(self, citizen_id: int, pending: dict[str, Any] | None) -> None:
        """Remember (or forget) the question waiting for "send to the team?" (in the turn, if one runs)."""
        collected = current_turn(citizen_id)
        if collected is not None:
            collected.pending = pending
        else:
            await self.repo.set_pending(citizen_id, pending)

    async def _turn(self, visitor: Visitor, question: str) -> None:
        """What the bot answers to a question (collected in the turn)."""
        lang = visitor.language
        taken = await self.desk.take(visitor.citizen_id, question)
        if isinstance(taken, Rejected):
            key = "input.empty" if taken.reason == "empty" else "input.too_long"
            await self._say(visitor.citizen_id, t(key, lang, limit=taken.limit))
        elif (routed := self.desk.route(question)) is not None:  # small talk, a stop question
            await self._routed(visitor, routed, question)
        elif isinstance(taken, OpenTicket):
            await self._set_pending(visitor.citizen_id, {"text": question, "guesses": []})
            number = taken.ticket_id
            buttons = rows(
                [
                    [Button(t("btn.add_to_ticket", lang, number=number), f"tk:add:{number}")],
                    [Button(t("btn.new_question", lang), "tk:new")],
                ]
            )
            await self._say(visitor.citizen_id, t("ticket.add_or_new", lang, number=number), buttons)
        else:
            await self._answer(visitor, question)

    async def _routed(self, visitor: Visitor, routed: Routed, question: str) -> None:
        """Small talk gets its short reply (never the team queue); a stop question the stops page."""
        lang = routed.lang or visitor.language
        if routed.intent is Intent.SMALLTALK and routed.talk is not None:
            talk = routed.talk
            if talk is Talk.HELP:
                text = t("help", lang, phone=self.phone)
            elif talk in _WITH_PHONE:
                text = t(f"talk.{talk.value}", lang, phone=self.phone)
            else:
                text = t(f"talk.{talk.value}", lang)
            await self._say(visitor.citizen_id, text)
        else:
            go = rows([[Button(t("web.btn.stops", lang), f"{GO_STOPS}?q={quote(question[:80])}")]])
            await self._say(visitor.citizen_id, t("web.followup.stops", lang), go)

    async def _answer(self, visitor: Visitor, question: str) -> None:
        lang = visitor.language
        matched = await self.desk.answer(question, visitor.citizen_id)
        await self._set_pending(visitor.citizen_id, {"text": question, "guesses": list(matched.guesses)})
        reply = matched.reply
        if isinstance(reply, Answer):
            await self._entry(visitor, reply)
        elif isinstance(reply, Suggest):
            lines = [[Button(entry.title_for(lang), f"sg:{entry.id}")] for entry in reply.entries]
            lines.append([Button(t("btn.none_of_these", lang), "esc:yes")])
            await self._say(visitor.citizen_id, t("faq.suggest", lang), rows(lines))
        elif isinstance(reply, OfferVisit):
            lines = [[Button(t("web.btn.visit", lang), GO_VISIT)]]
            lines += [[Button(entry.title_for(lang), f"sg:{entry.id}")] for entry in reply.entries]
            lines.append([Button(t("btn.none_of_these", lang), "esc:yes")])
            text = t("talk.visit", lang) + ("\n\n" + t("talk.visit_or", lang) if reply.entries else "")
            await self._say(visitor.citizen_id, text, rows(lines))
        else:
            await self._say(visitor.citizen_id, t("faq.no_match", lang), _yes_no(lang))

    async def _entry(self, visitor: Visitor, answer: Answer) -> None:
        lang, entry = visitor.language, answer.entry
        feedback = rows(
            [
                [
                    Button(t("btn.helpful", lang), f"fb:1:{entry.id}"),
                    Button(t("btn.not_helpful", lang), f"fb:0:{entry.id}"),
                ]
            ]
        )
        text = render_entry(entry, lang)
        await self._say(visitor.citizen_id, text, feedback)
        for followup in answer.followups:
            if followup == STOPS_NEXT:
                go = rows([[Button(t("web.btn.stops", lang), GO_STOPS)]])
                await self._say(visitor.citizen_id, t("web.followup.stops", lang), go)
            elif followup == APPOINTMENT_OFFER:
                go = rows([[Button(t("web.btn.visit", lang), GO_VISIT)]])
                await self._say(visitor.citizen_id, t("web.followup.visit", lang), go)

    async def press(self, visitor: Visitor, message_id: int, action: str) -> bool:
        """A button under one of the bot's messages; False when that button is not there (any more)."""
        message = await self.repo.message(visitor.citizen_id, message_id)
        if message is None or message.author != "bot" or not _offers(message.payload, action):
            await self._say(visitor.citizen_id, t("stale_button", visitor.language))
            return False
        if action.startswith("go:"):
            return True  # a link, drawn by the page; nothing to remove
        remaining = {key: value for key, value in message.payload.items() if key != "buttons"}
        now = self.clock.now()
        await self.repo.edit(visitor.citizen_id, message_id, remaining, now)
        self.listeners.notify(visitor.citizen_id, [replace(message, payload=remaining, edited_at=now)])
        await self.seen(visitor)
        await self._dispatch(visitor, message_id, action)
        return True

    async def _dispatch(self, visitor: Visitor, message_id: int, action: str) -> None:
        lang = visitor.language
        if action.startswith("fb:"):
            _, helpful, entry_id = [*action.split(":"), "", ""][:3]
            pending = await self.repo.pending(visitor.citizen_id)
            question = str(pending["text"]) if pending is not None else None
            found = await self.desk.feedback(
                entry_id, helpful == "1", user_id=visitor.citizen_id, question=question
            )
            if found is None:
                await self._say(visitor.citizen_id, t("stale_button", lang))
            elif helpful == "1":
                await self._say(visitor.citizen_id, t("faq.thanks", lang))
            else:
                await self._say(visitor.citizen_id, t("faq.not_helpful", lang), _yes_no(lang))
        elif action.startswith("sg:"):
            answer = self.desk.entry(action.removeprefix("sg:"))
            if answer is None:
                await self._say(visitor.citizen_id, t("faq.entry_gone", lang))
            else:
                pending = await self.repo.pending(visitor.citizen_id)
                chosen_for = str(pending["text"]) if pending else None
                await self.desk.chose(answer.entry.id, visitor.citizen_id, chosen_for)
                await self._entry(visitor, answer)
        elif action == "esc:no":
            await self._set_pending(visitor.citizen_id, None)
            await self._say(visitor.citizen_id, t("faq.okay", lang))
        elif action == "esc:yes":
            await self._escalate(visitor, message_id)
        elif action == "tk:new":
            pending = await self.repo.pending(visitor.citizen_id)
            if pending is None:
                await self._say(visitor.citizen_id, t("faq.nothing_pending", lang))
            else:
                await self._answer(visitor, str(pending["text"]))
        elif action.startswith("tk:add:"):
            await self._add_to_ticket(visitor, parse_id(action.removeprefix("tk:add:")))
        elif action.startswith(("vc:yes:", "vc:no:", "vc:opt:")):
            await self._proposal(visitor, action)
        elif action.startswith("tk:done:"):
            number = parse_id(action.removeprefix("tk:done:"))
            if number is None:
                await self._say(visitor.citizen_id, t("stale_button", lang))
            else:
                await self.requests.done(visitor.citizen_id, number, lang)
        elif action.startswith("tk:more:"):
            await self._more(visitor, parse_id(action.removeprefix("tk:more:")))

    async def _more(self, visitor: Visitor, ticket_id: int | None) -> None:
        """ "Ich habe noch eine Frage": the next message is offered to that ticket (while it takes one)."""
        lang = visitor.language
        try:
            if ticket_id is None:
                raise TicketError("forged ticket number")
            ticket = await self.tickets.check_followup(ticket_id, visitor.citizen_id)
        except TicketError:
            own = await self.tickets.get(ticket_id) if ticket_id is not None else None
            if own is None or own.user_id != visitor.citizen_id:
                await self._say(visitor.citizen_id, t("stale_button", lang))
            else:
                await self._say(visitor.citizen_id, t("ticket.followup_expired", lang, number=own.id))
            return
        await self._say(visitor.citizen_id, t("ticket.followup_prompt", lang, number=ticket.id))

    async def _proposal(self, visitor: Visitor, action: str) -> None:
        """'Passt' / 'Passt nicht' under a proposed visit (the same service calls as in Telegram)."""
        lang = visitor.language
        if action.startswith("vc:opt:"):
            await self._option(visitor, action)
            return
        parts = action.split(":")
        number = parse_id(parts[2]) if len(parts) == 4 else None
        seq = parse_id(parts[3]) if len(parts) == 4 else None
        if number is None or seq is None:
            await self._say(visitor.citizen_id, t("stale_button", lang))
            return
        try:
            if parts[1] == "yes":
                await self.requests.accept(visitor.citizen_id, number, seq, lang)
            else:
                await self.requests.decline(visitor.citizen_id, number, seq, None, lang)
        except AppointmentError as error:
            await self._say(visitor.citizen_id, problem_text(error, lang))

    async def _option(self, visitor: Visitor, action: str) -> None:
        """One date of a proposal with several (the same service call as the Telegram button)."""
        lang = visitor.language
        chosen = parse_option(action)
        if chosen is None:
            await self._say(visitor.citizen_id, t("web.vo.options_gone", lang))
            return
        number, seq, index = chosen
        try:
            await self.requests.accept(visitor.citizen_id, number, seq, lang, option=index)
        except AppointmentError as error:
            await self._say(visitor.citizen_id, problem_text(error, lang))

    async def _escalate(self, visitor: Visitor, message_id: int) -> None:
        lang = visitor.language
        pending = await self.repo.pending(visitor.citizen_id)
        if pending is None:
            await self._say(visitor.citizen_id, t("faq.nothing_pending", lang))
            return
        if not await self.desk.may_open_ticket(visitor.citizen_id):
            await self._say(visitor.citizen_id, t("ticket.limit", lang, phone=self.phone))
            return
        question = str(pending["text"])
        remembered = tuple(str(g) for g in pending.get("guesses") or ())
        guesses = self.desk.guesses(question, remembered)
        known = await self.repo.has_code(visitor.citizen_id)
        code = None if known else await self._issue_code(visitor.citizen_id)
        expectation = Raw(self.tickets.expectation(lang))
        key_line = t("web.code", lang, code=code) if code else t("web.code_known", lang)

        def receipt(number: int) -> dict[str, Any]:
            text = t("ticket.created", lang, number=number, expectation=expectation)
            return message_payload(f"{text}\n\n{key_line}")

        number = await self.tickets.create(
            user_id=visitor.citizen_id,
            chat_id=visitor.citizen_id,
            language=lang,
            text=question,
            guesses=guesses,
            press_key=f"web:{visitor.citizen_id}:{message_id}",
            receipt=receipt,
        )
        await self.desk.escalated(visitor.citizen_id, question, number)
        await self._set_pending(visitor.citizen_id, None)
        self.kick_outbox()  # the receipt comes through the outbox, like in Telegram

    async def _add_to_ticket(self, visitor: Visitor, ticket_id: int | None) -> None:
        lang = visitor.language
        pending = await self.repo.pending(visitor.citizen_id)
        if pending is None:
            await self._say(visitor.citizen_id, t("faq.nothing_pending", lang))
            return
        try:
            if ticket_id is None:
                raise TicketError("forged ticket number")
            ticket = await self.tickets.add_citizen_message(
                ticket_id, visitor.citizen_id, str(pending["text"])
            )
        except TicketError:
            await self._say(visitor.citizen_id, t("stale_button", lang))
            return
        await self._set_pending(visitor.citizen_id, None)
        self.kick_outbox()
        await self._say(visitor.citizen_id, t("ticket.added", lang, number=ticket.id))


def _plain(text: str) -> str:
    """A citizen's text as safe HTML (it is shown, never interpreted)."""
    return html.escape(text, quote=False)


def _offers(payload: dict[str, Any], action: str) -> bool:
    """Whether a stored message shows a button with this action (presses are never trusted)."""
    try:
        buttons = buttons_from_data(payload.get("buttons", []))
    except ValueError:
        return False
    return any(button.action == action for line in buttons for button in line)
