"""Texts of proposals with several dates: the citizen's message and buttons, the staff side, the web."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "vo.notice.proposals": {
        "de": (
            "📅 <b>Terminvorschläge zu {reference}</b>\n"
            "{options}\n"
            "Ort: {place}\n\n"
            "Welcher Termin passt Ihnen? Tippen Sie auf einen Termin, oder auf „Keiner passt“."
        ),
        "en": (
            "📅 <b>Proposed dates for {reference}</b>\n"
            "{options}\n"
            "Place: {place}\n\n"
            "Which date suits you? Tap a date, or “None of these”."
        ),
    },
    "vo.option_line": {"de": "{number}. {when}", "en": "{number}. {when}"},
    "vo.btn.option": {"de": "✅ {day} {date}, {start} passt", "en": "✅ {day} {date}, {start} suits me"},
    "vo.btn.none_fits": {"de": "❌ Keiner passt", "en": "❌ None of these"},
    "vo.options_gone": {
        "de": "Dieser Vorschlag ist nicht mehr aktuell. Den aktuellen Stand sehen Sie mit /meineanfragen.",
        "en": "This proposal is no longer current. See the current state with /meineanfragen.",
    },
    "vo.already_confirmed": {
        "de": "Ihr Termin zu {reference} ist schon bestätigt: {when}",
        "en": "Your appointment for {reference} is already confirmed: {when}",
    },
    "vo.mine.options": {"de": "\n📅 Vorschläge:\n{options}", "en": "\n📅 Proposed dates:\n{options}"},
    "vo.staff.visit_options": {"de": "\n<b>Vorgeschlagene Termine:</b>\n{options}"},
    "vo.staff.proposed_options": {
        "de": "📅 {count} Terminvorschläge für {reference} gesendet (von {name}):\n{options}"
    },
    "vo.staff.option_conflict": {"de": "⚠️ {reference}, Termin {number}: Überschneidung mit {others}."},
    "web.vo.options_gone": {
        "de": "Dieser Vorschlag ist nicht mehr aktuell.",
        "en": "This proposal is no longer current.",
    },
    "web.vo.already_confirmed": {
        "de": "Ihr Termin ist schon bestätigt.",
        "en": "Your appointment is already confirmed.",
    },
    "web.vo.choose_date": {"de": "Welcher Termin passt Ihnen?", "en": "Which date suits you?"},
    "web.vo.choose_missing": {
        "de": "Bitte wählen Sie einen Termin aus.",
        "en": "Please choose one of the dates.",
    },
}
