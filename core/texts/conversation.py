"""Texts of the conversation as people use it: cancellations with dates, conflicts, staff help."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # no silent cancellation
    "privacy.delete_visit_warning": {
        "de": "⚠️ <b>Ihr Termin {reference} am {when} wird dann abgesagt.</b> Das Vor-Ort-Team bekommt Bescheid.",
        "en": "⚠️ <b>Your appointment {reference} on {when} will then be cancelled.</b> The team will be told.",
    },
    "vo.cancel_ask_visit": {
        "de": "Möchten Sie den Termin <b>{reference}</b> am <b>{when}</b> wirklich absagen?",
        "en": "Do you really want to cancel the appointment <b>{reference}</b> on <b>{when}</b>?",
    },
    "vo.staff.cancelled_visit": {
        "de": (
            "🚫 <b>{reference} abgesagt</b> von der Person: Der Termin am {when} ({district}) entfällt. "
            "Bitte nicht hinfahren – die Zeit ist wieder frei."
        ),
    },
    "vo.staff.data_deleted_visit": {
        "de": (
            "🗑 <b>{reference} abgesagt</b>: Die Person hat ihre Daten löschen lassen. "
            "Der Termin am {when} ({district}) entfällt. Bitte nicht hinfahren – die Zeit ist wieder frei."
        ),
    },
    # double-booking guard
    "vo.staff.conflict": {
        "de": (
            "⚠️ <b>{reference}: {when} überschneidet sich</b> mit geplanten Besuchen "
            "({buffer} Min. Fahrzeit dazwischen):\n{lines}\n\n"
            "Bitte eine andere Zeit wählen – oder trotzdem vorschlagen."
        ),
    },
    "vo.staff.conflict_line": {"de": "• {other} · {when} · {district} · {status} – {gap}"},
    "vo.staff.conflict_overlap": {"de": "gleichzeitig"},
    "vo.staff.conflict_gap": {"de": "nur {minutes} Min. Abstand"},
    "vo.staff.btn.force": {"de": "Trotzdem vorschlagen"},
    "vo.staff.conflict_overridden": {
        "de": "⚠️ {reference} wurde trotz Überschneidung mit {others} vorgeschlagen.",
    },
    "vo.staff.already_proposed": {"de": "{reference}: Dieser Termin ist schon vorgeschlagen."},
    "vo.staff.upcoming_proposed": {"de": " <i>(vorgeschlagen, noch nicht bestätigt)</i>"},
    # staff tools
    "staff.help": {
        "de": (
            "<b>Befehle im Team-Chat</b>\n{commands}\n\n"
            "<i>Antworten Sie auf die Karte einer Anfrage, um der Person zu antworten. "
            "Einen Halteplan laden Sie als CSV- oder YAML-Datei hier hoch.</i>"
        ),
    },
    "staff.no_routes": {
        "de": (
            "Weitergeben geht noch nicht: Es sind keine anderen Team-Chats eingerichtet. "
            "Die Betreuung trägt sie unter <code>staff.routes</code> in der Konfiguration ein."
        ),
    },
    "staff.stats_visits": {
        "de": (
            "\n<b>Vor-Ort-Service</b>\n"
            "Neue Anfragen: {requests}\n"
            "Bestätigt: {confirmed} · Erledigt: {done} · Abgesagt: {cancelled}\n"
            "Mittlere Zeit bis zum Terminvorschlag: {days}\n"
            "Warten jetzt auf einen Termin oder eine Antwort: {waiting}\n"
            "<b>Bürgermobil-Erinnerungen</b>: {people} Personen mit {subscriptions} Abos"
        ),
    },
    "vo.staff.waiting_header": {"de": "\n<b>Warten auf einen Termin oder eine Antwort ({count})</b>"},
    "vo.staff.waiting_line": {"de": "{reference} · {state} · seit {age} · {district} · {persons} P."},
    "vo.staff.btn.propose_for": {"de": "📅 {reference} Termin vorschlagen"},
    # forms that take real answers
    "vo.correction.postal": {
        "de": "✏️ Ich habe nur die Postleitzahl geändert: <i>{place}</i>",
        "en": "✏️ I changed only the postal code: <i>{place}</i>",
    },
    "vo.correction.unclear": {
        "de": (
            "Was möchten Sie korrigieren? Schreiben Sie z. B. <i>45136</i> für die Postleitzahl. "
            "Am Ende können Sie auch jede Angabe mit »Ändern« korrigieren."
        ),
        "en": (
            "What would you like to correct? Type e.g. <i>45136</i> for the postal code. "
            "At the end you can also change every detail with »Change«."
        ),
    },
    "vo.residents.line": {
        "de": "Zeile {number} verstehe ich nicht: »{line}«.",
        "en": "I do not understand line {number}: »{line}«.",
    },
    "vo.residents.too_many": {
        "de": "Für einen Besuch gehen höchstens {limit} Personen. Bitte teilen Sie die Liste auf.",
        "en": "One visit takes at most {limit} people. Please split the list.",
    },
    "vo.residents.taken": {
        "de": "✅ {count} Personen notiert (eine pro Zeile).",
        "en": "✅ {count} people noted (one per line).",
    },
    # voice notes, photos, documents, videos
    "media.offer": {
        "de": (
            "Danke für Ihre Nachricht ({label}). Ich selbst kann sie nicht anhören oder lesen.\n"
            "Soll ich sie an unser Team senden? Sie bekommen die Antwort hier im Chat."
        ),
        "en": (
            "Thank you for your message ({label}). I cannot listen to or read it myself.\n"
            "Shall I send it to our team? You will get the answer here in the chat."
        ),
    },
    "media.photo_hint": {
        "de": "\n\n📷 Bitte schicken Sie keine Fotos von Ausweisen oder Pässen.",
        "en": "\n\n📷 Please do not send photos of ID cards or passports.",
    },
    "media.added": {
        "de": "Danke, Ihre Nachricht ({label}) ist bei Anfrage <b>#{number}</b>. Das Team sieht sie.",
        "en": "Thank you, your message ({label}) is with request <b>#{number}</b>. The team can see it.",
    },
    "media.too_big": {
        "de": (
            "Diese Datei ist zu groß ({size} MB, höchstens {limit} MB). "
            "Bitte schicken Sie ein kleineres Foto oder eine kürzere Aufnahme – oder rufen Sie an: {phone}"
        ),
        "en": (
            "This file is too large ({size} MB, at most {limit} MB). "
            "Please send a smaller photo or a shorter recording – or call us: {phone}"
        ),
    },
    # /meinedaten: who wrote a message
    "privacy.author.citizen": {"de": "Sie", "en": "you"},
    "privacy.author.staff": {"de": "Team", "en": "team"},
    "privacy.author.faq": {"de": "FAQ", "en": "FAQ"},
    "privacy.author.system": {"de": "System", "en": "system"},
}
