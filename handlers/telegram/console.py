"""The offline console chat: the very same handlers and database, driven from a terminal.

Buttons show as numbered choices. Messages to the staff group are shown too, and `:team`
switches to the staff side (`:team 3` answers ticket #3), so one person can try the whole loop
in one terminal. What is printed, edits included, is `console_view.py`'s.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from pathlib import Path
from typing import Any

from telegram import Update

from core.config import Config
from core.ids import ascii_digits, parse_id
from core.services import Services, create_services
from core.texts import t
from handlers.telegram.console_view import ChatView, ConsoleView, html_to_text
from handlers.telegram.context import BotApplication
from handlers.telegram.offline import ApiCall, OfflineBotApi
from handlers.telegram.offline_bot import CITIZEN_ID, OfflineBot

__all__ = ["CITIZEN_ID", "DEMO_STAFF_CHAT", "STAFF_USER_ID", "Console", "html_to_text", "run_console"]

STAFF_USER_ID = 2001
DEMO_STAFF_CHAT = -1001000000001

HELP = """\
Konsole des Bürgermobil-Bots (offline, ohne Telegram).
  Schreiben Sie wie in Telegram. Knöpfe wählen Sie mit ihrer Nummer (1, 2, …),
  das Menü mit m1 … m4. Befehle wie /start, /hilfe, /termin gehen auch.
  :team     als Mitarbeiterin im Team-Chat schreiben; zeigt die offenen Anfragen
            (Text = Antwort auf die gewählte Anfrage, sonst auf die letzte Karte)
  :team 3   die Anfrage #3 wählen: Text geht als Antwort an sie
  :buerger  zurück zur Bürger-Sicht
  :ort 51.45 7.01   einen Standort teilen
  :datei PLAN.csv   (im Team-Chat) einen Halteplan als Datei hochladen
  :hilfe    diese Hilfe      :ende   beenden
Geänderte Nachrichten des Bots erscheinen als »(geändert)«.
"""

_TEAM = re.compile(r"^:(?:team|staff)(?:\s+#?(?P<number>\S+))?$")
_LIST = 10
"""Most open tickets `:team` lists."""
_LOOK_BACK = 50
"""Printed staff-chat messages searched for the last card."""


class Console(OfflineBot):
    """Renders what the bot sends and turns typed lines into Telegram updates."""

    def __init__(self, services: Services, write: Callable[[str], None] = print) -> None:
        staff_chat = services.config.staff.chat_id or DEMO_STAFF_CHAT
        super().__init__(OfflineBotApi(on_call=self._render), staff_chat, STAFF_USER_ID)
        self.write = write
        self.attach(services)
        self.as_staff = False
        self.ticket: int | None = None
        """The ticket the staff side answers (chosen with `:team N`); None: the last card."""
        self.screen = ConsoleView(self._name_of)
        self.views = self.screen.chats
        self.screen.chat(CITIZEN_ID)
        self.screen.chat(self.staff_chat)

    def _name_of(self, chat: int) -> str:
        return "Team-Chat" if chat == self.staff_chat else ("Sie" if chat == CITIZEN_ID else str(chat))

    def _render(self, call: ApiCall, result: dict[str, Any]) -> None:
        text = self.screen.render(call, result)
        if text is not None:
            self.write(text)

    async def _team(self, number: str | None) -> None:
        """`:team [N]`: the staff side; lists the open tickets, or chooses ticket N to answer."""
        self.as_staff = True
        if number is not None:
            ticket_id = parse_id(number)
            ticket = await self.services.tickets.get(ticket_id) if ticket_id is not None else None
            if ticket is None:
                self.write(f"— Anfrage #{number} gibt es nicht. :team zeigt die offenen Anfragen. —")
                return
            self.ticket = ticket.id
            state = html_to_text(t(f"status.{ticket.status}"))
            self.write(f"— Team-Chat. Ihr Text geht als Antwort an Anfrage #{ticket.id} ({state}). —")
            return
        self.ticket = None
        waiting = await self.services.tickets.unanswered(limit=_LIST)
        lines = ["— Sie schreiben jetzt als Mitarbeiterin im Team-Chat. —"]
        if waiting:
            lines.append("Offene Anfragen:")
            for ticket, question in waiting:
                lines.append(f"  #{ticket.id}  {html_to_text(question or '…')[:60]}")
            lines.append("Text = Antwort auf die letzte Karte. Eine andere wählen: :team <Nummer>, z. B. "
                         f":team {waiting[0][0].id}")
        else:
            lines.append("Keine offenen Anfragen. Text = Antwort auf die letzte Karte.")
        self.write("\n".join(lines))

    async def _reply_target(self, view: ChatView) -> dict[str, Any] | None:
        """What a staff text replies to: the chosen ticket's newest message, else the last message."""
        if self.ticket is not None:
            ticket = await self.services.tickets.get(self.ticket)
            chat = ticket.staff_chat_id if ticket is not None and ticket.staff_chat_id else self.staff_chat
            message_id = await self.services.tickets.latest_message(chat, self.ticket)
            if message_id is not None:
                return self.factory.bot_message(chat, message_id)
            self.write(f"— Zu Anfrage #{self.ticket} gibt es keine Karte im Team-Chat. —")
            return None
        return await self._last_card(view)

    async def _last_card(self, view: ChatView) -> dict[str, Any] | None:
        """The newest printed staff-chat message that belongs to a ticket or request (else the last one)."""
        services = self.services
        for message_id in list(reversed(view.printed))[:_LOOK_BACK]:
            linked = await services.tickets.ticket_for_message(self.staff_chat, message_id) is not None
            if linked or await services.appointments.lookup(self.staff_chat, message_id) is not None:
                return self.factory.bot_message(self.staff_chat, message_id)
        return view.last_bot_message

    def _document(self, user: dict[str, Any], chat: int, path_text: str) -> Update | None:
        """A file from disk, sent as a document (e.g. a stop plan for the staff chat)."""
        path = Path(path_text).expanduser()
        try:
            content = path.read_bytes()
        except OSError as exc:
            self.write(f"Datei nicht lesbar: {path} ({exc.strerror})")
            return None
        file_id = f"console-{len(self.api.files) + 1}"
        self.api.files[file_id] = content
        document = {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_name": path.name,
            "file_size": len(content),
        }
        return self.factory.message(user, chat_id=chat, document=document)

    async def handle_line(self, line: str) -> bool:
        """Process one typed line; False when the user wants to leave."""
        text = line.strip()
        if text in (":ende", ":quit", ":q", ":exit"):
            return False
        if text in (":hilfe", ":help"):
            self.write(HELP)
            return True
        team = _TEAM.match(text)
        if team is not None:
            await self._team(team.group("number"))
            return True
        if text in (":buerger", ":bürger", ":citizen"):
            self.as_staff = False
            self.write("— Sie schreiben jetzt als Bürgerin. —")
            return True
        chat = self.staff_chat if self.as_staff else CITIZEN_ID
        user = self.staff if self.as_staff else self.citizen
        view = self.screen.chat(chat)
        update = None
        if text.startswith(":ort"):
            parts = text.split()
            try:
                update = self.factory.location(user, float(parts[1]), float(parts[2]))
            except (IndexError, ValueError):
                self.write("Bitte so: :ort 51.45 7.01")
                return True
        elif text.startswith(":datei"):
            update = self._document(user, chat, text.removeprefix(":datei").strip())
            if update is None:
                return True
        elif ascii_digits(text, 3) and view.inline and 1 <= int(text) <= len(view.inline):
            _, data = view.inline[int(text) - 1]
            update = self.factory.callback(user, data, chat_id=chat, message_id=view.inline_message or 1)
        elif re.fullmatch(r"m\d", text) and view.menu and 1 <= int(text[1:]) <= len(view.menu):
            update = self.factory.text(user, view.menu[int(text[1:]) - 1], chat_id=chat)
        elif self.as_staff and not text.startswith("/") and (target := await self._reply_target(view)):
            update = self.factory.text(user, text, chat_id=chat, reply_to=target)
        elif self.as_staff and not text.startswith("/") and self.ticket is not None:
            return True  # the chosen ticket has no card here (said so): nothing is sent
        else:
            update = self.factory.text(user, text, chat_id=chat)
        await self.process(update)
        return True


Alongside = Callable[[Services, BotApplication], AbstractAsyncContextManager[str | None]]
"""Something that runs next to the console while it runs (the web server); yields its URL or None."""


async def run_console(
    config: Config,
    read: Callable[[str], str] = input,
    alongside: Alongside | None = None,
    write: Callable[[str], None] = print,
) -> None:
    """Run the console chat until ':ende' or end of input (with `alongside` running meanwhile)."""
    if config.staff.chat_id is None:
        config = replace(config, staff=replace(config.staff, chat_id=DEMO_STAFF_CHAT))
    services = await create_services(config)
    console = Console(services, write=write)
    await console.start()
    try:
        async with contextlib.AsyncExitStack() as stack:
            if alongside is not None:
                url = await stack.enter_async_context(alongside(services, console.app))
                if url is not None:
                    console.write(f"Web-Server: {url}")
            await _chat(console, read)
    finally:
        await console.stop()
        console.write("Auf Wiedersehen!")


async def _chat(console: Console, read: Callable[[str], str]) -> None:
    """The typed conversation: help, /start, then one line at a time."""
    console.write(HELP)
    await console.handle_line("/start")
    while True:
        try:
            line = await asyncio.to_thread(read, "\nSie> " if not console.as_staff else "\nTeam> ")
        except (EOFError, KeyboardInterrupt):
            break
        if not await console.handle_line(line):
            break
