"""The staff commands, one line each: the command menu of the staff chats and /hilfe there."""

from __future__ import annotations

import html

from core.texts import t

__all__ = ["STAFF_COMMANDS", "staff_help_text"]

STAFF_COMMANDS = [
    ("offen", "Offene Anfragen"),
    ("ticket", "Eine Anfrage ansehen: /ticket 12"),
    ("schliessen", "Anfrage schließen: /schliessen 12 (ohne Antwort: telefonisch, dublette, sonstiges)"),
    ("oeffnen", "Geschlossene Anfrage wieder öffnen: /oeffnen 12"),
    ("statistik", "Zahlen der letzten 7 Tage"),
    ("weiter", "Anfrage weitergeben: /weiter 12 ziel"),
    ("termine", "Geplante Vor-Ort-Besuche und wartende Anfragen"),
    ("vorschlag", "Termin vorschlagen: /vorschlag 12 3.12. 10:00-11:00"),
    ("protokoll", "Protokoll: /protokoll 50 oder /protokoll #12"),
    ("lernen", "Fragen, die der Bot nicht konnte: der FAQ beibringen"),
    ("entwurf", "FAQ-Entwürfe aus Team-Antworten: /entwurf 3 link https://…"),
    ("ausfall", "Bürgermobil-Halt absagen: /ausfall (Halt) (Grund)"),
    ("verlegen", "Bürgermobil-Halt verlegen: /verlegen (Halt) 10:00-14:00"),
    ("hilfe", "Diese Übersicht"),
]
"""(command, one line) for every staff command, in the order the menu shows them."""


def staff_help_text() -> str:
    """/hilfe in a staff chat: every staff command with one line, and how replies work."""
    lines = [f"/{command} – {html.escape(line)}" for command, line in STAFF_COMMANDS]
    return t("staff.help", commands="\n".join(lines))
