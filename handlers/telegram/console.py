"""The offline console chat: the very same handlers and database, driven from a terminal.

Buttons show as numbered choices. Messages to the staff group are shown too, and `:team`
switches to the staff side, so one person can try the whole loop in one terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import re
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from telegram import Update

from core.config import Config
from core.ids import ascii_digits
from core.services import Services, create_services
from handlers.telegram.context import BotApplication
from handlers.telegram.offline import ApiCall, OfflineBotApi
from handlers.telegram.offline_bot import CITIZEN_ID, OfflineBot

__all__ = ["CITIZEN_ID", "DEMO_STAFF_CHAT", "STAFF_USER_ID", "Console", "run_console"]

STAFF_USER_ID = 2001
DEMO_STAFF_CHAT = -1001000000001

HELP = """\
Konsole des Bürgermobil-Bots (offline, ohne Telegram).
  Schreiben Sie wie in Telegram. Knöpfe wählen Sie mit ihrer Nummer (1, 2, …),
  das Menü mit m1 … m4. Befehle wie /start, /hilfe, /termin gehen auch.
  :team     als Mitarbeiterin im Team-Chat schreiben (Text = Antwort auf die letzte Karte)
  :buerger  zurück zur Bürger-Sicht
  :ort 51.45 7.01   einen Standort teilen
  :datei PLAN.csv   (im Team-Chat) einen Halteplan als Datei hochladen
  :hilfe    diese Hilfe      :ende   beenden
"""

_TAG = re.compile(r"<[^>]+>")


def html_to_text(text: str) -> str:
    """Telegram HTML to plain terminal text."""
    text = re.sub(r'<a href="([^"]+)">([^<]*)</a>', r"\2 (\1)", text)
    return html.unescape(_TAG.sub("", text))


@dataclass
class _ChatView:
    inline: list[tuple[str, str]] = field(default_factory=list)
    inline_message: int | None = None
    menu: list[str] = field(default_factory=list)
    last_bot_message: dict[str, Any] | None = None


class Console(OfflineBot):
    """Renders what the bot sends and turns typed lines into Telegram updates."""

    def __init__(self, services: Services, write: Callable[[str], None] = print) -> None:
        staff_chat = services.config.staff.chat_id or DEMO_STAFF_CHAT
        super().__init__(OfflineBotApi(on_call=self._render), staff_chat, STAFF_USER_ID)
        self.write = write
        self.attach(services)
        self.as_staff = False
        self.views: dict[int, _ChatView] = {CITIZEN_ID: _ChatView(), self.staff_chat: _ChatView()}

    def _render(self, call: ApiCall, result: dict[str, Any]) -> None:
        if call.method not in ("sendMessage", "editMessageText", "sendDocument", "sendVenue", "sendLocation"):
            return
        chat = call.chat_id
        if chat is None:
            return
        who = "Team-Chat" if chat == self.staff_chat else ("Sie" if chat == CITIZEN_ID else str(chat))
        lines = [f"\n🤖 Bot → {who}:"]
        if call.method == "sendVenue":
            lines.append(f"📍 {call.params.get('title')}, {call.params.get('address')}")
        elif call.method == "sendLocation":
            lines.append(f"📍 {call.params.get('latitude')}, {call.params.get('longitude')}")
        elif call.method == "sendDocument":
            name = next(iter(call.files), "datei")
            lines.append(f"📎 Datei ({name}, {sum(len(v) for v in call.files.values())} Bytes)")
        if call.text:
            lines.extend("   " + line for line in html_to_text(call.text).splitlines())
        view = self.views.setdefault(chat, _ChatView())
        markup = call.params.get("reply_markup")
        buttons = call.buttons
        if isinstance(markup, dict | str) and "inline_keyboard" in str(markup):
            view.inline = buttons
            view.inline_message = result.get("message_id")
            for number, (label, _) in enumerate(buttons, start=1):
                lines.append(f"   [{number}] {label}")
        elif buttons:
            view.menu = [label for label, _ in buttons]
            lines.append("   Menü: " + "  ".join(f"m{n}={label}" for n, label in enumerate(view.menu, 1)))
        if result.get("message_id") and call.method != "editMessageText":
            view.last_bot_message = result
        self.write("\n".join(lines))

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
        if text in (":team", ":staff"):
            self.as_staff = True
            self.write(
                "— Sie schreiben jetzt als Mitarbeiterin im Team-Chat. Text = Antwort auf die letzte Karte. —"
            )
            return True
        if text in (":buerger", ":bürger", ":citizen"):
            self.as_staff = False
            self.write("— Sie schreiben jetzt als Bürgerin. —")
            return True
        chat = self.staff_chat if self.as_staff else CITIZEN_ID
        user = self.staff if self.as_staff else self.citizen
        view = self.views.setdefault(chat, _ChatView())
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
        elif self.as_staff and not text.startswith("/") and view.last_bot_message:
            update = self.factory.text(user, text, chat_id=chat, reply_to=view.last_bot_message)
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
