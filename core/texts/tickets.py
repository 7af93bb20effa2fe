"""Texts of the ticket life cycle: follow-ups, "erledigt", closing reasons, reopening."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # citizen side
    "btn.ticket_done": {"de": "✅ Danke, erledigt", "en": "✅ Thanks, all done"},
    "btn.ticket_more": {"de": "❓ Ich habe noch eine Frage", "en": "❓ I have another question"},
    "btn.followup_yes": {"de": "Ja, Rückfrage zu #{number}", "en": "Yes, a question about #{number}"},
    "ticket.followup_or_new": {
        "de": (
            "Ist das eine Rückfrage zu Ihrer Anfrage #{number}? "
            "Dann zeige ich sie dem Team dort. Oder ist es eine neue Frage?"
        ),
        "en": (
            "Is this a question about your request #{number}? "
            "Then I show it to the team there. Or is it a new question?"
        ),
    },
    "ticket.followup_prompt": {
        "de": "Gern. Schreiben Sie Ihre Frage zu Anfrage <b>#{number}</b> einfach hier in den Chat.",
        "en": "Of course. Just type your question about request <b>#{number}</b> here in the chat.",
    },
    "ticket.followup_added": {
        "de": "Danke. Ihre Rückfrage zu <b>#{number}</b> ist beim Team. Die Antwort kommt hier im Chat.",
        "en": "Thank you. Your question about <b>#{number}</b> is with the team. The answer will come here.",
    },
    "ticket.followup_expired": {
        "de": (
            "Anfrage #{number} ist schon abgeschlossen. "
            "Schreiben Sie Ihre Frage einfach neu, dann bekommt sie eine neue Nummer."
        ),
        "en": (
            "Request #{number} is already closed. Just type your question again and it gets a new number."
        ),
    },
    "ticket.followup_new_question": {
        "de": "Anfrage #{number} ist schon abgeschlossen. Ich behandle Ihre Nachricht deshalb als neue Frage.",
        "en": "Request #{number} is already closed. So I treat your message as a new question.",
    },
    "ticket.done_thanks": {
        "de": "Danke für Ihre Rückmeldung! Anfrage <b>#{number}</b> ist jetzt abgeschlossen.",
        "en": "Thank you for letting us know! Request <b>#{number}</b> is now closed.",
    },
    "ticket.already_closed": {
        "de": "Anfrage #{number} ist bereits abgeschlossen. Eine neue Nachricht wird eine neue Frage.",
        "en": "Request #{number} is already closed. A new message becomes a new question.",
    },
    "ticket.closed.auto": {
        "de": (
            "Anfrage #{number} ist jetzt abgeschlossen, weil keine Rückfrage mehr kam. "
            "Wenn noch etwas offen ist, schreiben Sie einfach."
        ),
        "en": (
            "Request #{number} is now closed because no further question came. "
            "If anything is still open, just write."
        ),
    },
    "ticket.closed.citizen": {
        "de": "Anfrage #{number} ist abgeschlossen.",
        "en": "Request #{number} is closed.",
    },
    "ticket.closed.phone": {
        "de": "Ihre Anfrage #{number} wurde telefonisch geklärt und ist jetzt abgeschlossen. Danke!",
        "en": "Your request #{number} was settled by phone and is now closed. Thank you!",
    },
    "ticket.closed.duplicate": {
        "de": (
            "Ihre Anfrage #{number} war doppelt. Wir beantworten sie unter der anderen Nummer. "
            "Diese Nummer ist jetzt abgeschlossen."
        ),
        "en": (
            "Your request #{number} was a duplicate. We answer it under the other number. "
            "This number is now closed."
        ),
    },
    "ticket.closed.other": {
        "de": (
            "Unser Team hat Ihre Anfrage #{number} abgeschlossen. "
            "Wenn noch etwas offen ist, schreiben Sie uns gern oder rufen Sie an."
        ),
        "en": (
            "Our team has closed your request #{number}. "
            "If anything is still open, feel free to write or call us."
        ),
    },
    "ticket.reopened": {
        "de": "Ihre Anfrage #{number} ist wieder offen. Unser Team meldet sich hier im Chat.",
        "en": "Your request #{number} is open again. Our team will get back to you here in the chat.",
    },
    "mytickets.until": {
        "de": "Rückfragen möglich bis {until}",
        "en": "Questions about it possible until {until}",
    },
    "mytickets.btn.done": {"de": "✅ #{number} erledigt", "en": "✅ #{number} done"},
    "mytickets.btn.more": {"de": "❓ Frage zu #{number}", "en": "❓ Question on #{number}"},
    # staff side
    "staff.followup_question": {
        "de": (
            "↩️ <b>Rückfrage zu #{number}</b>\n\n{text}\n\n"
            "<i>Die Anfrage ist wieder offen. Antworten Sie auf diese Nachricht, um zu antworten.</i>"
        ),
    },
    "staff.media_caption": {"de": "{label} zu <b>#{number}</b> · Antworten Sie hierauf, um zu antworten."},
    "staff.closed_by_citizen": {
        "de": "✅ #{number}: Die Person hat »Danke, erledigt« gedrückt. Geschlossen."
    },
    "staff.close_reason_needed": {
        "de": "#{number} hat noch keine Antwort bekommen. Warum schließen? Die Person bekommt einen passenden Hinweis.",
    },
    "staff.btn.reason.phone": {"de": "📞 Telefonisch geklärt"},
    "staff.btn.reason.duplicate": {"de": "👯 Dublette"},
    "staff.btn.reason.other": {"de": "Anderer Grund"},
    "staff.btn.reopen": {"de": "Wieder öffnen"},
    "staff.reason.phone": {"de": "telefonisch geklärt"},
    "staff.reason.duplicate": {"de": "Dublette"},
    "staff.reason.other": {"de": "anderer Grund"},
    "staff.closed_reason": {"de": "✔️ #{number} geschlossen von {name} ({reason})."},
    "staff.reopened": {"de": "🔓 #{number} wieder geöffnet von {name}."},
    "staff.not_closed": {"de": "#{number} ist nicht geschlossen ({status})."},
    "staff.already_closed": {"de": "#{number} ist bereits geschlossen."},
    "staff.usage_reopen": {"de": "Bitte so: /oeffnen 12"},
    "staff.open_answered": {
        "de": "Beantwortet, Rückfrage noch möglich: {count} ({numbers})",
    },
}
