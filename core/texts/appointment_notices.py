"""Texts of the Vor-Ort-Service notices to the citizen, /meineanfragen, the checklist and the staff side."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # -- notices to the citizen ---------------------------------------------------------------
    "vo.notice.claimed": {
        "de": "👤 Ihre Anfrage <b>{reference}</b> wird jetzt bearbeitet. Wir melden uns bei Ihnen.",
        "en": "👤 Your request <b>{reference}</b> is now being handled. We will get in touch.",
    },
    "vo.notice.proposal": {
        "de": (
            "📅 <b>Terminvorschlag zu {reference}</b>\n"
            "{when}\n"
            "Ort: {place}\n\n"
            "Passt Ihnen der Termin?"
        ),
        "en": (
            "📅 <b>Proposed date for {reference}</b>\n"
            "{when}\n"
            "Place: {place}\n\n"
            "Does this date suit you?"
        ),
    },
    "vo.notice.confirmed": {
        "de": (
            "✅ <b>Ihr Termin ist bestätigt</b> ({reference})\n"
            "{when}\n"
            "Ort: {place}\n\n"
            "📋 <b>Bitte legen Sie bereit:</b>\n{checklist}\n\n"
            "Den Termin für Ihren Kalender schicke ich gleich als Datei. "
            "Absagen: /meineanfragen · Fragen: <b>{phone}</b>"
        ),
        "en": (
            "✅ <b>Your appointment is confirmed</b> ({reference})\n"
            "{when}\n"
            "Place: {place}\n\n"
            "📋 <b>Please have ready:</b>\n{checklist}\n\n"
            "I will send the date as a calendar file next. "
            "Cancel: /meineanfragen · Questions: <b>{phone}</b>"
        ),
    },
    "vo.notice.ics": {
        "de": "📎 Termin {reference} für Ihren Kalender",
        "en": "📎 Appointment {reference} for your calendar",
    },
    "vo.notice.declined": {
        "de": "Danke. Unser Team schlägt Ihnen einen anderen Termin vor oder ruft Sie an.",
        "en": "Thank you. Our team will propose another date or call you.",
    },
    "vo.notice.rejected": {
        "de": (
            "Ihre Anfrage <b>{reference}</b> kann das Team leider nicht übernehmen.\n"
            "Grund: {reason}\n\n"
            "Fragen? ServiceCenter: <b>{phone}</b>"
        ),
        "en": (
            "Unfortunately the team cannot take on your request <b>{reference}</b>.\n"
            "Reason: {reason}\n\n"
            "Questions? ServiceCenter: <b>{phone}</b>"
        ),
    },
    "vo.notice.done": {
        "de": "✔️ Ihre Anfrage <b>{reference}</b> ist erledigt. Vielen Dank!",
        "en": "✔️ Your request <b>{reference}</b> is done. Thank you!",
    },
    "vo.notice.question": {
        "de": "❓ <b>Rückfrage des Teams zu {reference}</b>\n\n{text}\n\nTippen Sie auf »Antworten« oder rufen Sie an: <b>{phone}</b>",
        "en": "❓ <b>Question from the team about {reference}</b>\n\n{text}\n\nTap \"Reply\" or call: <b>{phone}</b>",
    },
    "vo.notice.reminder": {
        "de": (
            "⏰ <b>Erinnerung: Morgen kommt das Bürgeramt</b> ({reference})\n"
            "{when}\n"
            "Ort: {place}\n\n"
            "📋 <b>Bitte legen Sie bereit:</b>\n{checklist}\n\n"
            "Geht es doch nicht? Bitte absagen: /meineanfragen oder <b>{phone}</b>"
        ),
        "en": (
            "⏰ <b>Reminder: the Bürgeramt visits tomorrow</b> ({reference})\n"
            "{when}\n"
            "Place: {place}\n\n"
            "📋 <b>Please have ready:</b>\n{checklist}\n\n"
            "Cannot make it after all? Please cancel: /meineanfragen or <b>{phone}</b>"
        ),
    },
    "vo.ask.wish": {
        "de": "Wann passt es Ihnen besser? Schreiben Sie es kurz, z. B. <i>lieber nachmittags</i> – oder senden Sie ohne Wunsch.",
        "en": "When would suit you better? Write it briefly, e.g. <i>rather afternoons</i> – or send without a wish.",
    },
    "vo.ask.answer": {
        "de": "Bitte schreiben Sie Ihre Antwort an das Team zu {reference} in einer Nachricht.",
        "en": "Please type your reply to the team about {reference} in one message.",
    },
    "vo.answer_sent": {
        "de": "📨 Danke, Ihre Antwort zu {reference} ist beim Team.",
        "en": "📨 Thank you, your reply about {reference} has reached the team.",
    },
    "vo.accepted": {
        "de": "Danke! Ihr Termin ist bestätigt. Die Bestätigung mit Checkliste kommt gleich.",
        "en": "Thank you! Your appointment is confirmed. The confirmation with a checklist follows.",
    },
    "vo.proposal_gone": {
        "de": "Dieser Terminvorschlag gilt nicht mehr. Den aktuellen Stand sehen Sie mit /meineanfragen.",
        "en": "This proposal is no longer valid. See the current state with /meineanfragen.",
    },
    "vo.not_found": {
        "de": "Diese Anfrage habe ich nicht gefunden. Ihre Anfragen sehen Sie mit /meineanfragen.",
        "en": "I could not find this request. See your requests with /meineanfragen.",
    },
    "vo.not_open": {
        "de": "Die Anfrage {reference} ist schon abgeschlossen ({status}).",
        "en": "The request {reference} is already closed ({status}).",
    },
    "vo.cancel_ask": {
        "de": "Möchten Sie die Anfrage <b>{reference}</b> wirklich absagen?",
        "en": "Do you really want to cancel the request <b>{reference}</b>?",
    },
    "vo.cancel_done": {
        "de": "Die Anfrage <b>{reference}</b> ist abgesagt. Das Team weiß Bescheid.",
        "en": "The request <b>{reference}</b> is cancelled. The team has been told.",
    },
    "vo.cancel_kept": {
        "de": "Gut, die Anfrage <b>{reference}</b> bleibt bestehen.",
        "en": "Fine, the request <b>{reference}</b> stays.",
    },
    # -- /meineanfragen -------------------------------------------------------------------------
    "vo.mine.header": {"de": "<b>Ihre Besuchsanfragen (Vor-Ort-Service)</b>", "en": "<b>Your home visit requests</b>"},
    "vo.mine.line": {
        "de": "<b>{reference}</b> · {status} · vom {date}\n{services} · {district}{visit}",
        "en": "<b>{reference}</b> · {status} · from {date}\n{services} · {district}{visit}",
    },
    "vo.mine.visit": {"de": "\n📅 {when}", "en": "\n📅 {when}"},
    "vo.state.neu": {"de": "eingegangen", "en": "received"},
    "vo.state.in_bearbeitung": {"de": "in Bearbeitung", "en": "being handled"},
    "vo.state.termin_vorgeschlagen": {"de": "Termin vorgeschlagen", "en": "date proposed"},
    "vo.state.bestaetigt": {"de": "Termin bestätigt", "en": "appointment confirmed"},
    "vo.state.erledigt": {"de": "erledigt", "en": "done"},
    "vo.state.abgesagt": {"de": "abgesagt", "en": "cancelled"},
    "vo.state.abgelehnt": {"de": "abgelehnt", "en": "declined"},
    "vo.when": {"de": "{day}, {date}, {start}–{end} Uhr", "en": "{day}, {date}, {start}–{end}"},
    # -- checklist ------------------------------------------------------------------------------
    "vo.check.documents": {
        "de": "Den bisherigen Personalausweis oder Reisepass der Person (auch wenn er abgelaufen ist).",
        "en": "The person's current ID card or passport (even if it has expired).",
    },
    "vo.check.photo": {
        "de": (
            "Passfoto: Das Team macht das Foto beim Besuch mit dem Bürgerkoffer. "
            "Alternativ geht ein digitales biometrisches Foto von einem Fotostudio."
        ),
        "en": (
            "Passport photo: the team takes it during the visit with its mobile kit. "
            "Alternatively, a digital biometric photo from a photo studio works."
        ),
    },
    "vo.check.present": {
        "de": "Die Person muss beim Besuch selbst dabei sein (Unterschrift und Fingerabdrücke).",
        "en": "The person must be present at the visit (signature and fingerprints).",
    },
    "vo.check.landlord": {
        "de": "Für die An- oder Ummeldung: die Wohnungsgeberbestätigung (vom Vermieter, im Heim von der Heimleitung).",
        "en": "To register an address: the landlord's confirmation (Wohnungsgeberbestätigung; in a care home from its management).",
    },
    "vo.check.life_certificate": {
        "de": "Für eine Lebensbescheinigung: das Formular, das die Person bekommen hat (z. B. von der Rentenstelle).",
        "en": "For a proof of life: the form the person received (e.g. from the pension office).",
    },
    "vo.check.proxy": {
        "de": (
            "Wenn Sie für die Person handeln: eine Vollmacht mit ihrer Unterschrift – "
            "oder bei einer rechtlichen Betreuung den Betreuerausweis."
        ),
        "en": (
            "If you act for the person: a power of attorney signed by them – "
            "or, for a legal guardianship, the guardian's papers."
        ),
    },
    "vo.check.each_person": {
        "de": "Für jede Person eigene Unterlagen (Ausweis, wenn nötig Vollmacht).",
        "en": "Separate documents for each person (ID, a power of attorney if needed).",
    },
    "vo.check.fees": {
        "de": "Gebühren: Welche anfallen und wie Sie bezahlen können, sagt Ihnen das Team beim Rückruf.",
        "en": "Fees: the team will tell you which fees apply and how to pay when they call.",
    },
    "vo.check.no_fees": {
        "de": "Die An- oder Ummeldung selbst kostet nichts.",
        "en": "Registering an address itself is free of charge.",
    },
    # -- staff side (German) ------------------------------------------------------------------
    "vo.staff.card": {
        "de": (
            "🏠 <b>Vor-Ort-Anfrage {reference}</b> · {language} · {created}\n"
            "Status: <b>{status}</b>{claimed}\n\n"
            "<b>Für wen:</b> {who}\n"
            "<b>Grund:</b> {why}\n"
            "<b>Anliegen:</b> {services}\n"
            "<b>Ort:</b> {place_kind}: {place}\n"
            "<b>Stadtteil:</b> {district}\n"
            "<b>Person(en) ({persons}):</b>\n{people}\n"
            "<b>Ansprechperson:</b> {contact}\n"
            "<b>Telefon:</b> {phone}\n"
            "<b>Wunschzeit:</b> {times}{visit}{extra}\n\n"
            "<i>Antworten Sie auf diese Nachricht für eine Rückfrage an die Person.</i>"
        ),
    },
    "vo.staff.state.neu": {"de": "neu"},
    "vo.staff.state.in_bearbeitung": {"de": "in Bearbeitung"},
    "vo.staff.state.termin_vorgeschlagen": {"de": "Termin vorgeschlagen"},
    "vo.staff.state.bestaetigt": {"de": "bestätigt"},
    "vo.staff.state.erledigt": {"de": "erledigt"},
    "vo.staff.state.abgesagt": {"de": "abgesagt (von der Person)"},
    "vo.staff.state.abgelehnt": {"de": "abgelehnt"},
    "vo.staff.claimed_by": {"de": " · bei {name}"},
    "vo.staff.visit": {"de": "\n<b>Termin:</b> {when}"},
    "vo.staff.wish": {"de": "\n<b>Wunsch der Person:</b> {wish}"},
    "vo.staff.reject_reason": {"de": "\n<b>Ablehnungsgrund:</b> {reason}"},
    "vo.staff.anonymised": {"de": "(gelöscht)"},
    "vo.staff.btn.claim": {"de": "Übernehmen"},
    "vo.staff.btn.propose": {"de": "Termin vorschlagen"},
    "vo.staff.btn.ask": {"de": "Rückfrage"},
    "vo.staff.btn.reject": {"de": "Ablehnen"},
    "vo.staff.btn.done": {"de": "Erledigt"},
    "vo.staff.claimed": {"de": "👤 {reference} übernommen von {name}."},
    "vo.staff.already_claimed": {"de": "{reference} ist schon bei {name}."},
    "vo.staff.prompt.propose": {
        "de": (
            "📅 <b>{reference}</b>: Antworten Sie auf diese Nachricht mit Datum und Zeit, z. B. <code>3.12. 10:00-11:00</code>\n"
            "Wunschzeit der Person: {times}\n"
            "Oder als Befehl: <code>/vorschlag {number} 3.12.2026 10:00-11:00</code>"
        ),
    },
    "vo.staff.prompt.reject": {
        "de": "🚫 <b>{reference}</b>: Antworten Sie auf diese Nachricht mit dem Grund der Ablehnung. Die Person bekommt ihn zu lesen.",
    },
    "vo.staff.prompt.ask": {
        "de": "❓ <b>{reference}</b>: Antworten Sie auf diese Nachricht mit Ihrer Frage. Sie geht an die Person, die angefragt hat.",
    },
    "vo.staff.proposed": {"de": "📅 Vorschlag für {reference} gesendet: {when} (von {name})"},
    "vo.staff.confirmed": {"de": "✅ {reference}: Termin bestätigt – {when}"},
    "vo.staff.declined": {"de": "❌ {reference}: Termin passt nicht. Wunsch: {wish}\n<i>Antworten Sie für eine Rückfrage.</i>"},
    "vo.staff.no_wish": {"de": "kein Wunsch angegeben"},
    "vo.staff.cancelled": {"de": "🚫 {reference} wurde von der Person abgesagt."},
    "vo.staff.rejected": {"de": "🚫 {reference} abgelehnt von {name}. Grund: {reason}"},
    "vo.staff.done": {"de": "✔️ {reference} erledigt ({name})."},
    "vo.staff.question_sent": {"de": "📨 Rückfrage zu {reference} wird zugestellt."},
    "vo.staff.citizen_answer": {
        "de": "💬 <b>Antwort zu {reference}</b>\n\n{text}\n\n<i>Antworten Sie auf diese Nachricht für eine weitere Rückfrage.</i>",
    },
    "vo.staff.reminder": {
        "de": "⏰ Morgen: Besuch {reference} · {when}\n{place} ({district}) · {persons} Person(en) · {services}\nTel. {phone}",
    },
    "vo.staff.delivery_failed": {
        "de": "⚠️ Nachricht an die Person zu {reference} konnte nicht zugestellt werden ({reason}). Bitte anrufen: {phone}",
    },
    "vo.staff.blanked": {"de": "🗑 {reference}: Angaben gelöscht (Datenschutz)."},
    "vo.staff.data_deleted": {"de": "🗑 {reference}: Die Person hat ihre Daten löschen lassen. Die Anfrage ist abgesagt."},
    "vo.staff.not_possible": {"de": "{reference}: Das geht im Status »{status}« nicht."},
    "vo.staff.no_request": {"de": "Die Anfrage {reference} gibt es nicht."},
    "vo.staff.slot.empty": {"de": "Bitte Datum und Zeit angeben, z. B. <code>3.12. 10:00-11:00</code>."},
    "vo.staff.slot.slot_format": {
        "de": "Datum oder Zeit nicht erkannt. Bitte so: <code>3.12. 10:00-11:00</code> oder <code>03.12.2026 10-11 Uhr</code>.",
    },
    "vo.staff.slot.slot_order": {"de": "Das Ende muss nach dem Beginn liegen."},
    "vo.staff.slot.slot_past": {"de": "Dieser Zeitpunkt liegt in der Vergangenheit."},
    "vo.staff.slot.slot_sunday": {"de": "Das ist ein Sonntag. Bitte einen Werktag wählen."},
    "vo.staff.slot.slot_holiday": {"de": "Das ist ein Feiertag in NRW. Bitte einen anderen Tag wählen."},
    "vo.staff.slot.retry": {"de": "{problem}\nAntworten Sie einfach noch einmal auf die Aufforderung."},
    "vo.staff.reason_missing": {"de": "Bitte einen Grund angeben (höchstens {limit} Zeichen)."},
    "vo.staff.usage_propose": {"de": "Bitte so: <code>/vorschlag 12 3.12.2026 10:00-11:00</code>"},
    "vo.staff.upcoming_none": {"de": "Keine geplanten Besuche in den nächsten {days} Tagen."},
    "vo.staff.upcoming_header": {"de": "<b>Geplante Vor-Ort-Besuche</b> (bestätigt und vorgeschlagen)"},
    "vo.staff.upcoming_day": {"de": "\n<b>{day}</b>"},
    "vo.staff.upcoming_line": {"de": "{start}–{end} · {reference} · {district} · {persons} P. · {services}"},
    "vo.staff.web_confirmed": {"de": "✅ {reference}: Termin bestätigt von {name} (Web-Konsole) – {when}"},
    "vo.staff.cancel_reason": {"de": "Grund: {reason}"},
}
