"""Texts of the web chat (the page's own words; the answers are the same texts as in Telegram)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "web.code": {
        "de": (
            "🔑 Ihr Code: <b>{code}</b>\n"
            "Mit diesem Code sehen Sie die Antwort auch auf einem anderen Gerät. "
            "Schreiben Sie ihn sich auf. Geben Sie ihn nicht weiter."
        ),
        "en": (
            "🔑 Your code: <b>{code}</b>\n"
            "With this code you can see the answer on another device too. "
            "Write it down. Do not share it."
        ),
    },
    "web.code_known": {
        "de": "🔑 Ihr Code bleibt derselbe wie bei Ihrer ersten Anfrage.",
        "en": "🔑 Your code stays the same as for your first request.",
    },
    "web.code_new": {
        "de": (
            "🔑 Ihr neuer Code: <b>{code}</b>\nDer alte Code gilt nicht mehr. Andere Geräte sind abgemeldet."
        ),
        "en": "🔑 Your new code: <b>{code}</b>\nThe old code no longer works. Other devices are signed out.",
    },
    "web.followup.stops": {
        "de": "🚐 Wann und wo das Bürgermobil hält, sehen Sie auf der Seite „Haltestellen“.",
        "en": "🚐 See when and where the Bürgermobil stops on the page “Stops”.",
    },
    "web.followup.visit": {
        "de": "🏠 Einen Hausbesuch können Sie hier mit einem Formular anfragen.",
        "en": "🏠 You can request a home visit here with a form.",
    },
    "web.btn.stops": {"de": "Haltestellen ansehen", "en": "See the stops"},
    "web.btn.visit": {"de": "Hausbesuch anfragen", "en": "Request a home visit"},
}
