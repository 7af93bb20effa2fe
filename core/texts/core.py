"""Texts of the main menu, questions, tickets and the staff loop."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # main menu buttons (reply keyboard)
    "btn.ask": {"de": "❓ Frage stellen", "en": "❓ Ask a question"},
    "btn.visit": {"de": "🏠 Termin zu Hause (Vor-Ort-Service)", "en": "🏠 Home visit (Vor-Ort-Service)"},
    "btn.stops": {"de": "🚐 Wo ist das Bürgermobil?", "en": "🚐 Where is the Bürgermobil?"},
    "btn.contact": {"de": "📞 Kontakt & Telefon", "en": "📞 Contact & phone"},
    "btn.yes_send": {"de": "Ja, an das Team senden", "en": "Yes, send it to the team"},
    "btn.no": {"de": "Nein, danke", "en": "No, thanks"},
    "btn.helpful": {"de": "👍 Hat geholfen", "en": "👍 That helped"},
    "btn.not_helpful": {"de": "👎 Hat nicht geholfen", "en": "👎 Did not help"},
    "btn.none_of_these": {
        "de": "Nein – Frage an das Team senden",
        "en": "No – send my question to the team",
    },
    "btn.add_to_ticket": {"de": "Zu Anfrage #{number} hinzufügen", "en": "Add to request #{number}"},
    "btn.new_question": {"de": "Neue Frage", "en": "New question"},
    "btn.german": {"de": "Deutsch", "en": "Deutsch"},
    "btn.english": {"de": "English", "en": "English"},
    "start.greeting": {
        "de": (
            "Guten Tag{name}! Ich bin der Bot des Bürgermobils der Stadt Essen.\n"
            "Ich beantworte Fragen zu Ämtern und Diensten. "
            "Was ich nicht weiß, gebe ich an unser Team weiter.\n\n"
            "🔒 Datenschutz: Wir speichern nur, was für Ihre Anfrage nötig ist. "
            "Mehr mit /datenschutz oder hier: {privacy_url}\n\n"
            "Tippen Sie unten auf einen Knopf oder schreiben Sie einfach Ihre Frage."
        ),
        "en": (
            "Hello{name}! I am the bot of the City of Essen's Bürgermobil.\n"
            "I answer questions about city offices and services. "
            "What I do not know, I pass on to our team.\n\n"
            "🔒 Privacy: we only store what your request needs. "
            "More with /datenschutz or here: {privacy_url}\n\n"
            "Tap a button below or simply type your question."
        ),
    },
    "help": {
        "de": (
            "<b>So funktioniert es</b>\n"
            "• Schreiben Sie Ihre Frage in ganz normalen Worten.\n"
            "• Weiß ich keine Antwort, frage ich unser Team. Die Antwort kommt hier im Chat.\n"
            "• /termin – Besuch zu Hause anfragen (Vor-Ort-Service)\n"
            "• /buergermobil – wo und wann das Bürgermobil steht\n"
            "• /abo – Erinnerung, wenn das Bürgermobil in Ihren Stadtteil kommt\n"
            "• /meineanfragen – Ihre Anfragen\n"
            "• /sprache – Sprache wechseln (Deutsch / English)\n"
            "• /datenschutz, /meinedaten, /loeschen – Ihre Daten\n\n"
            "Lieber telefonieren? ServiceCenter: <b>{fact:servicecenter_115}</b> oder <b>{phone}</b>"
        ),
        "en": (
            "<b>How it works</b>\n"
            "• Type your question in plain words.\n"
            "• If I do not know the answer, I ask our team. The answer comes here in the chat.\n"
            "• /termin – request a home visit (Vor-Ort-Service)\n"
            "• /buergermobil – where and when the Bürgermobil stops\n"
            "• /abo – a reminder when the Bürgermobil comes to your district\n"
            "• /meineanfragen – your requests\n"
            "• /language – change language (Deutsch / English)\n"
            "• /datenschutz, /meinedaten, /loeschen – your data\n\n"
            "Prefer the phone? ServiceCenter: <b>{fact:servicecenter_115}</b> or <b>{phone}</b>"
        ),
    },
    "ask.prompt": {
        "de": "Bitte schreiben Sie Ihre Frage in einer Nachricht. Zum Beispiel: »Was kostet ein Personalausweis?«",
        "en": 'Please type your question in one message. For example: "How much is an ID card?"',
    },
    "contact": {
        "de": (
            "<b>ServiceCenter der Stadt Essen</b>\n"
            "📞 {fact:servicecenter_115} oder {phone}\n"
            "🕖 {hours}\n"
            "{email_line}"
            "Oder schreiben Sie hier Ihre Frage. Unser Team antwortet im Chat."
        ),
        "en": (
            "<b>ServiceCenter of the City of Essen</b>\n"
            "📞 {fact:servicecenter_115} or {phone}\n"
            "🕖 {hours}\n"
            "{email_line}"
            "Or type your question here. Our team answers in this chat."
        ),
    },
    "hours.format": {"de": "{days}, {opens}–{closes} Uhr", "en": "{days}, {opens}–{closes}"},
    "language.choose": {"de": "Welche Sprache möchten Sie?", "en": "Which language would you like?"},
    "language.set": {
        "de": "Ich schreibe Ihnen jetzt auf Deutsch.",
        "en": "I will now write to you in English.",
    },
    # FAQ answers
    "faq.answer": {
        "de": "<b>{title}</b>\n\n{answer}\n\n🔗 {links}\n<i>Stand: {reviewed}</i>",
        "en": "<b>{title}</b>\n\n{answer}\n\n🔗 {links}\n<i>Last checked: {reviewed}</i>",
    },
    "faq.english_missing": {
        "de": "",
        "en": "<i>(This answer is only available in German.)</i>\n",
    },
    "faq.did_it_help": {"de": "Hat Ihnen das geholfen?", "en": "Did this help you?"},
    "faq.suggest": {
        "de": "Ich bin nicht ganz sicher. Meinten Sie eines davon?",
        "en": "I am not quite sure. Did you mean one of these?",
    },
    "faq.no_match": {
        "de": (
            "Dazu habe ich leider keine sichere Antwort.\n"
            "Soll ich Ihre Frage an unser Team schicken? Sie bekommen die Antwort hier im Chat."
        ),
        "en": (
            "I am sorry, I have no reliable answer to that.\n"
            "Shall I send your question to our team? You will get the answer here in the chat."
        ),
    },
    "faq.thanks": {"de": "Danke für Ihre Rückmeldung!", "en": "Thank you for your feedback!"},
    "faq.not_helpful": {
        "de": "Das tut mir leid. Soll ich Ihre Frage an unser Team schicken?",
        "en": "I am sorry. Shall I send your question to our team?",
    },
    "faq.okay": {
        "de": "In Ordnung. Sie können jederzeit eine neue Frage schreiben.",
        "en": "All right. You can type a new question at any time.",
    },
    "faq.nothing_pending": {
        "de": "Ich habe keine offene Frage von Ihnen gespeichert. Bitte schreiben Sie Ihre Frage noch einmal.",
        "en": "I have no pending question from you. Please type your question again.",
    },
    "faq.entry_gone": {
        "de": "Diese Antwort gibt es nicht mehr. Bitte stellen Sie Ihre Frage noch einmal.",
        "en": "This answer no longer exists. Please ask your question again.",
    },
    # tickets, citizen side
    "ticket.created": {
        "de": "✅ Ihre Frage ist bei unserem Team angekommen. Ihre Nummer: <b>#{number}</b>.\n{expectation}",
        "en": "✅ Your question has reached our team. Your number: <b>#{number}</b>.\n{expectation}",
    },
    "ticket.expect_open": {
        "de": "Wir antworten in der Regel bis {deadline}. Die Antwort kommt hier im Chat.",
        "en": "We usually answer by {deadline}. The answer will come here in the chat.",
    },
    "ticket.expect_closed": {
        "de": "Unser Team ist gerade nicht im Dienst. Es ist ab {back} wieder da und antwortet dann so schnell wie möglich.",
        "en": "Our team is off duty right now. It is back from {back} and will answer as soon as possible.",
    },
    "ticket.add_or_new": {
        "de": "Sie haben noch eine offene Anfrage (#{number}). Gehört Ihre Nachricht dazu, oder ist es eine neue Frage?",
        "en": "You still have an open request (#{number}). Does your message belong to it, or is it a new question?",
    },
    "ticket.added": {
        "de": "Danke, ich habe das zu Anfrage <b>#{number}</b> hinzugefügt. Das Team sieht es.",
        "en": "Thank you, I added this to request <b>#{number}</b>. The team can see it.",
    },
    "ticket.answer": {
        "de": (
            "💬 <b>Antwort zu Ihrer Anfrage #{number}</b>\n\n{text}\n\n"
            "<i>Ist alles geklärt? Tippen Sie unten. Rückfragen sind bis {until} möglich.</i>"
        ),
        "en": (
            "💬 <b>Answer to your request #{number}</b>\n\n{text}\n\n"
            "<i>All settled? Tap below. Questions about it are possible until {until}.</i>"
        ),
    },
    "ticket.closed_notice": {
        "de": "Ihre Anfrage #{number} ist abgeschlossen. Schreiben Sie gern, wenn noch etwas offen ist.",
        "en": "Your request #{number} is closed. Feel free to write if anything is still open.",
    },
    "ticket.limit": {
        "de": "Sie haben heute schon viele Anfragen gestellt. Bitte rufen Sie uns an: {phone}.",
        "en": "You have sent many requests today. Please call us: {phone}.",
    },
    "mytickets.none": {
        "de": "Sie haben zurzeit keine Anfragen.",
        "en": "You have no requests at the moment.",
    },
    "mytickets.header": {"de": "<b>Ihre Anfragen</b>", "en": "<b>Your requests</b>"},
    "mytickets.line": {
        "de": "#{number} · {status} · {date}\n<i>{question}</i>",
        "en": "#{number} · {status} · {date}\n<i>{question}</i>",
    },
    "status.open": {"de": "wartet auf das Team", "en": "waiting for the team"},
    "status.claimed": {"de": "in Bearbeitung", "en": "being handled"},
    "status.answered": {"de": "beantwortet", "en": "answered"},
    "status.closed": {"de": "abgeschlossen", "en": "closed"},
    "cancel.done": {
        "de": "Gut, abgebrochen. Tippen Sie unten auf einen Knopf oder schreiben Sie Ihre Frage.",
        "en": "All right, cancelled. Tap a button below or type your question.",
    },
    "stale_button": {
        "de": "Dieser Knopf ist nicht mehr gültig. Bitte nutzen Sie das Menü unten.",
        "en": "This button is no longer valid. Please use the menu below.",
    },
    "error.generic": {
        "de": (
            "Entschuldigung, da ist bei mir etwas schiefgegangen. "
            "Bitte versuchen Sie es gleich noch einmal oder rufen Sie uns an: {phone}."
        ),
        "en": ("Sorry, something went wrong on my side. Please try again in a moment or call us: {phone}."),
    },
    "input.too_long": {
        "de": "Ihre Nachricht ist sehr lang. Bitte fassen Sie sie in höchstens {limit} Zeichen zusammen.",
        "en": "Your message is very long. Please shorten it to at most {limit} characters.",
    },
    "input.empty": {
        "de": "Ich habe keinen Text erkannt. Bitte schreiben Sie Ihre Frage in Worten.",
        "en": "I could not find any text. Please type your question in words.",
    },
    # staff side (staff texts are German; staff work in German)
    "staff.card": {
        "de": (
            "🆕 <b>Anfrage #{number}</b> · {language} · {channel} · {created}\n"
            "Status: {status}\n\n"
            "<b>Frage:</b>\n{question}\n\n"
            "<b>FAQ-Vermutungen:</b> {guesses}\n\n"
            "<i>Antworten Sie auf diese Nachricht, um dem Bürger zu antworten.</i>"
        ),
    },
    "staff.no_guesses": {"de": "keine"},
    "staff.btn.claim": {"de": "Übernehmen"},
    "staff.btn.close": {"de": "Erledigt"},
    "staff.btn.faq": {"de": "FAQ-Antwort senden"},
    "staff.btn.back": {"de": "Zurück"},
    "staff.followup": {
        "de": "➕ <b>Nachtrag zu #{number}</b>\n\n{text}\n\n<i>Antworten Sie auf diese Nachricht, um zu antworten.</i>",
    },
    "staff.claimed": {"de": "👤 #{number} übernommen von {name}."},
    "staff.already_claimed": {"de": "#{number} ist schon von {name} übernommen."},
    "staff.claim_past": {"de": "#{number} ist schon {status}. Übernehmen ist nicht mehr nötig."},
    "staff.closed": {"de": "✔️ #{number} geschlossen von {name}."},
    "staff.web_claimed": {"de": "👤 #{number} übernommen von {name} (Web-Konsole)."},
    "staff.web_released": {"de": "↩️ #{number} wieder frei (von {name}, Web-Konsole)."},
    "staff.web_answered": {"de": "💬 Antwort von {name} (Web-Konsole) zu #{number}:\n{text}"},
    "staff.web_closed": {"de": "✔️ #{number} geschlossen von {name} (Web-Konsole). Grund: {reason}"},
    "staff.web_reopened": {"de": "🔁 #{number} wieder geöffnet von {name} (Web-Konsole)."},
    "staff.answer_queued": {"de": "📨 Antwort zu #{number} wird zugestellt …"},
    "staff.delivered": {"de": "✅ Antwort zu #{number} wurde zugestellt."},
    "staff.delivery_failed": {
        "de": "⚠️ Antwort zu #{number} konnte nicht zugestellt werden ({reason}). Die Antwort ist gespeichert.",
    },
    "staff.pick_faq": {"de": "Welche FAQ-Antwort soll #{number} bekommen?"},
    "staff.faq_sent": {"de": "📨 FAQ-Antwort »{title}« an #{number} wird zugestellt."},
    "staff.ticket_closed_cannot_answer": {
        "de": "#{number} ist geschlossen. Die Antwort wird trotzdem zugestellt und die Anfrage wieder geöffnet.",
    },
    "staff.unknown_reply": {
        "de": "Ich weiß nicht, zu welcher Anfrage diese Antwort gehört. Bitte antworten Sie direkt auf die Karte der Anfrage.",
    },
    "staff.no_ticket": {"de": "Anfrage #{number} gibt es nicht."},
    "outbox.staff_chat_refused": {
        "de": (
            "⚠️ Die Team-Gruppe {chat_id} nimmt seit {hours} Stunde(n) keine Nachrichten vom Bot an "
            "(wurde der Bot entfernt?). {waiting} Nachricht(en) warten, z. B. neue Anfragen. "
            "Bitte fügen Sie den Bot wieder zur Gruppe hinzu; dann kommt alles an."
        ),
    },
    "staff.citizen_deleted": {
        "de": "#{number}: Die Person hat ihre Daten löschen lassen. Eine Antwort kann nicht mehr zugestellt werden.",
    },
    "staff.start": {
        "de": (
            "Dies ist der Team-Chat des Bürgermobil-Bots. Neue Anfragen erscheinen hier als Karte. "
            "Antworten Sie auf eine Karte, um dem Bürger zu antworten.\n"
            "Anfragen: /offen · /ticket N · /schliessen N · /statistik · /weiter N ZIEL · /protokoll\n"
            "Vor-Ort-Service: /termine · /vorschlag N DATUM ZEIT\n"
            "Bürgermobil: /ausfall · /verlegen · Halteplan als CSV- oder YAML-Datei hier hochladen"
        ),
    },
    "staff.not_allowed": {
        "de": "Diese Funktion ist nur für das Team im Team-Chat.",
        "en": "This function is only for the team in the team chat.",
    },
    "staff.usage_ticket": {"de": "Bitte so: /ticket 12"},
    "staff.usage_close": {
        "de": "Bitte so: /schliessen 12 (ohne Antwort mit Grund: telefonisch, dublette, sonstiges)"
    },
    "staff.open_header": {"de": "<b>Offene Anfragen ({count})</b>"},
    "staff.open_none": {"de": "Keine offenen Anfragen. 🎉"},
    "staff.open_line": {"de": "#{number} · {age} · {who}\n<i>{question}</i>"},
    "staff.nobody": {"de": "niemand"},
    "staff.thread_header": {"de": "<b>Anfrage #{number}</b> · {status} · {language} · seit {created}"},
    "staff.thread_line": {"de": "<b>{who}</b> ({when}): {text}"},
    "staff.who.citizen": {"de": "Bürger/in"},
    "staff.who.faq": {"de": "FAQ"},
    "staff.who.system": {"de": "System"},
    "staff.stats": {
        "de": (
            "<b>Statistik der letzten 7 Tage</b>\n"
            "Fragen: {questions}\n"
            "Direkt aus der FAQ beantwortet: {answered} ({rate})\n"
            "Vorschläge gezeigt: {suggested}\n"
            "An das Team weitergegeben: {tickets}\n"
            "Offen jetzt: {open}\n"
            "Mittlere Zeit bis zur ersten Antwort: {median}\n"
            "Häufigste Themen: {top}"
        ),
    },
    "staff.stats_share": {"de": "\n<b>Vom Bot beantwortet, Woche für Woche</b>\n{weeks}"},
    "staff.stats_share_week": {"de": "KW {week}: {share} ({bot} von {answered})"},
    "staff.stats_share_none": {"de": "KW {week}: – (noch keine Antworten)"},
    "staff.reminder": {
        "de": "⏰ Anfrage <b>#{number}</b> wartet seit {age} auf eine Antwort. Wer übernimmt?",
    },
    "staff.handover": {"de": "↪️ #{number} weitergegeben an {target} von {name}."},
    # weekly review list (core/faq_review.py)
    "review.digest": {
        "de": (
            "📋 <b>Zur Prüfung fällig: {count}</b>\n"
            "Bitte Gebühren, Fristen und Links mit der offiziellen Quelle vergleichen, "
            "dann <code>reviewed</code> und <code>review_by</code> setzen "
            "(faq/essen.yaml, faq/facts.yaml) und <code>python -m bot faq check</code> laufen lassen.\n\n"
            "{lines}"
        ),
    },
    "review.line.entry": {"de": "• Eintrag <code>{id}</code> ({title}) – fällig seit {due}"},
    "review.line.fact": {"de": "• Fakt <code>{id}</code> ({title}) – fällig seit {due}"},
    "review.more": {"de": "… und {count} weitere (<code>python -m bot faq check</code> zeigt alle)"},
    "staff.usage_handover": {"de": "Bitte so: /weiter 12 {targets}"},
    "staff.unknown_route": {"de": "Unbekanntes Ziel »{target}«. Möglich: {targets}"},
    "staff.anonymised": {"de": "(gelöscht)"},
}
