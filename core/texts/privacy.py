"""Texts of privacy (/datenschutz, /meinedaten, /loeschen), flood control, other inputs and the audit log."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # /datenschutz
    "privacy.notice": {
        "de": (
            "<b>🔒 Datenschutz</b>\n\n"
            "<b>Was wir speichern</b>\n"
            "• Ihre Telegram-Nummer (ID), Ihre Sprache und wann Sie zuletzt geschrieben haben.\n"
            "• Fragen, die Sie an unser Team schicken, und unsere Antworten.\n"
            "• Wenn Sie einen Besuch zu Hause anfragen oder Erinnerungen bestellen: "
            "die Angaben, die Sie dafür machen.\n"
            "Ihren Telegram-Namen speichern wir nicht. Fotos, Sprachnachrichten und Dateien, "
            "die Sie an das Team schicken, speichern wir nicht selbst – nur Telegrams Kennung dafür.\n\n"
            "<b>Wozu</b>\n"
            "Nur um Ihre Frage oder Anfrage zu bearbeiten und Ihnen zu antworten. "
            "Keine Werbung. Wir geben nichts weiter – außer an die zuständige Stelle der Stadt, "
            "wenn Ihre Frage dorthin gehört.\n\n"
            "<b>Wie lange</b>\n"
            "Abgeschlossene Anfragen: {days} Tage nach dem Abschluss. Dann löschen wir Texte und Angaben. "
            "Es bleiben nur anonyme Zahlen (zum Beispiel: wie viele Fragen es gab).\n\n"
            "<b>Ihre Rechte</b>\n"
            "/meinedaten – alles sehen, was wir über Sie gespeichert haben\n"
            "/loeschen – alles löschen\n"
            "Sie können auch Berichtigung verlangen, widersprechen oder sich bei der "
            "Datenschutz-Aufsicht (LDI NRW) beschweren.\n\n"
            "<b>Verantwortlich</b>\n"
            "{controller}\n"
            "Fragen zum Datenschutz: {dpo}\n"
            "Allgemeine Fragen: ServiceCenter {phone}\n"
            "Ausführlich: {url}\n\n"
            "<i>Telegram selbst ist ein privater Anbieter. Was Telegram speichert, liegt nicht bei uns.</i>"
        ),
        "en": (
            "<b>🔒 Privacy</b>\n\n"
            "<b>What we store</b>\n"
            "• Your Telegram number (ID), your language and when you last wrote.\n"
            "• Questions you send to our team, and our answers.\n"
            "• If you request a home visit or order reminders: the details you give for that.\n"
            "We do not store your Telegram name. Photos, voice messages and files you send to the team "
            "are not stored by us – only Telegram's id for them.\n\n"
            "<b>What for</b>\n"
            "Only to handle your question or request and to answer you. No advertising. "
            "We pass nothing on – except to the responsible city office if your question belongs there.\n\n"
            "<b>How long</b>\n"
            "Closed requests: {days} days after they were closed. Then we delete texts and details. "
            "Only anonymous figures remain (for example: how many questions there were).\n\n"
            "<b>Your rights</b>\n"
            "/meinedaten – see everything we stored about you\n"
            "/loeschen – delete everything\n"
            "You can also ask for corrections, object, or complain to the data protection "
            "authority (LDI NRW).\n\n"
            "<b>Responsible</b>\n"
            "{controller}\n"
            "Privacy questions: {dpo}\n"
            "General questions: ServiceCenter {phone}\n"
            "In detail: {url}\n\n"
            "<i>Telegram itself is a private company. What Telegram stores is not up to us.</i>"
        ),
    },
    "privacy.private_only": {
        "de": "Bitte nutzen Sie diesen Befehl im privaten Chat mit dem Bot – hier könnten andere mitlesen.",
        "en": "Please use this command in your private chat with the bot – others could read along here.",
    },
    # /meinedaten
    "privacy.export_header": {
        "de": "<b>📋 Ihre gespeicherten Daten</b> (Stand {when})",
        "en": "<b>📋 Your stored data</b> (as of {when})",
    },
    "privacy.export_none": {
        "de": "Wir haben zurzeit keine Daten über Sie gespeichert.",
        "en": "We currently store no data about you.",
    },
    "privacy.export_more": {
        "de": "<i>… mehr steht in der Datei.</i>",
        "en": "<i>… the rest is in the file.</i>",
    },
    "privacy.export_caption": {
        "de": "Alle Daten als Datei (JSON). Löschen können Sie sie mit /loeschen.",
        "en": "All data as a file (JSON). You can delete it with /loeschen.",
    },
    "privacy.section.users": {"de": "Ihr Konto beim Bot", "en": "Your account with the bot"},
    "privacy.section.tickets": {"de": "Ihre Fragen an das Team", "en": "Your questions to the team"},
    "privacy.section.outbox": {"de": "Nachrichten an Sie", "en": "Messages to you"},
    "privacy.section.session": {"de": "Laufendes Gespräch", "en": "Current conversation"},
    # /loeschen
    "privacy.delete_confirm": {
        "de": (
            "<b>🗑 Alle Ihre Daten löschen?</b>\n\n"
            "Wir löschen dann: Ihr Konto beim Bot, die Texte Ihrer Fragen und unserer Antworten, "
            "Ihre Anfragen und Erinnerungen. Offene Anfragen werden geschlossen – "
            "das Team kann Ihnen dann nicht mehr antworten.\n"
            "Es bleiben nur anonyme Zahlen.\n\n"
            "Das lässt sich nicht rückgängig machen."
        ),
        "en": (
            "<b>🗑 Delete all your data?</b>\n\n"
            "We will delete: your account with the bot, the texts of your questions and our answers, "
            "your requests and reminders. Open requests will be closed – "
            "the team can then no longer answer you.\n"
            "Only anonymous figures remain.\n\n"
            "This cannot be undone."
        ),
    },
    "privacy.btn.delete": {"de": "🗑 Ja, alles löschen", "en": "🗑 Yes, delete everything"},
    "privacy.btn.keep": {"de": "Nein, behalten", "en": "No, keep it"},
    "privacy.deleted": {
        "de": (
            "✅ Ihre Daten sind gelöscht ({count} Einträge).\n"
            "Die Nachrichten hier im Chat liegen bei Telegram. Sie können den Chat in Telegram selbst "
            "löschen. Wenn Sie wieder schreiben, fangen wir neu an."
        ),
        "en": (
            "✅ Your data has been deleted ({count} records).\n"
            "The messages in this chat are stored by Telegram. You can delete the chat in Telegram "
            "yourself. If you write again, we start afresh."
        ),
    },
    "privacy.delete_cancelled": {
        "de": "In Ordnung, es wurde nichts gelöscht.",
        "en": "All right, nothing was deleted.",
    },
    "privacy.delete_expired": {
        "de": "Dieser Knopf ist nicht mehr gültig. Es wurde nichts gelöscht. Bitte senden Sie /loeschen noch einmal.",
        "en": "This button is no longer valid. Nothing was deleted. Please send /loeschen again.",
    },
    "privacy.delete_partial": {
        "de": (
            "Ein Teil Ihrer Daten konnte gerade nicht gelöscht werden. Bitte senden Sie /loeschen "
            "gleich noch einmal oder rufen Sie uns an: {phone}"
        ),
        "en": (
            "Part of your data could not be deleted just now. Please send /loeschen again in a moment "
            "or call us: {phone}"
        ),
    },
    "staff.ticket_deleted_by_user": {
        "de": (
            "🗑 Anfrage #{number}: Die Person hat ihre Daten löschen lassen. "
            "Die Anfrage ist geschlossen, eine Antwort ist nicht mehr möglich."
        ),
    },
    "staff.card_deleted": {"de": "🗑 Anfrage #{number} – Inhalt auf Wunsch der Person gelöscht."},
    "staff.list_deleted": {
        "de": "🗑 Diese Liste ist veraltet: eine Person hat ihre Daten löschen lassen. /offen zeigt die aktuelle."
    },
    # flood control and groups
    "guard.flood": {
        "de": (
            "⏳ Sie schreiben sehr schnell. Bitte warten Sie eine Minute – danach lese ich Ihre "
            "Nachrichten wieder. Eilig? ServiceCenter: {phone}"
        ),
        "en": (
            "⏳ You are writing very fast. Please wait one minute – then I will read your messages "
            "again. Urgent? ServiceCenter: {phone}"
        ),
    },
    "guard.flood_toast": {"de": "Bitte warten Sie eine Minute.", "en": "Please wait one minute."},
    "group.stranger": {
        "de": (
            "Guten Tag! Ich bin der Bürgerservice-Bot der Stadt Essen und arbeite nur im privaten Chat. "
            "Schreiben Sie mir gern direkt. Diese Gruppe verlasse ich jetzt."
        ),
        "en": (
            "Hello! I am the City of Essen's citizen service bot and only work in private chats. "
            "Feel free to write to me directly. I am leaving this group now."
        ),
    },
    "group.not_staff": {
        "de": (
            "Diese Gruppe ist kein Team-Chat des Bots. Chat-ID: <code>{chat_id}</code>\n"
            "Soll sie einer werden, tragen Sie die ID in der Konfiguration unter "
            "<code>staff.chat_id</code> (oder <code>staff.routes</code>) ein und starten den Bot neu. "
            "Bis dahin lese ich hier nicht mit."
        ),
    },
    # other inputs (private chats)
    "input.photo_id": {
        "de": (
            "📷 <b>Bitte schicken Sie keine Fotos von Ausweisen, Pässen oder anderen Dokumenten "
            "über den Chat.</b> Wir brauchen sie hier nicht, und ein Chat ist dafür nicht sicher genug.\n"
            "Wir haben das Bild nicht gespeichert. Sie können es hier löschen: "
            "lange darauf tippen → »Löschen«.\n\n"
            "<b>So geht es stattdessen:</b> Bringen Sie Ihre Dokumente zum Termin im Bürgeramt, "
            "zum Bürgermobil oder zum Besuch zu Hause mit. Fragen schreiben Sie hier einfach als Text. "
            "Telefon: {phone}"
        ),
        "en": (
            "📷 <b>Please do not send photos of ID cards, passports or other documents through the "
            "chat.</b> We do not need them here, and a chat is not safe enough for them.\n"
            'We did not store the image. You can delete it here: press and hold it → "Delete".\n\n'
            "<b>Instead:</b> bring your documents to your appointment at the citizens' office, to the "
            "Bürgermobil or to the home visit. Type your questions here as text. Phone: {phone}"
        ),
    },
    "input.document": {
        "de": (
            "📄 Dateien kann ich nicht lesen. Bitte schicken Sie keine Dokumente mit persönlichen "
            "Daten über den Chat – wir haben die Datei nicht gespeichert.\n"
            "Schreiben Sie Ihre Frage bitte als Text. Telefon: {phone}"
        ),
        "en": (
            "📄 I cannot read files. Please do not send documents with personal data through the chat "
            "– we did not store the file.\n"
            "Please type your question as text. Phone: {phone}"
        ),
    },
    "input.voice": {
        "de": "🎤 Sprachnachrichten und Audio kann ich leider nicht anhören. Bitte schreiben Sie Ihre Frage als Text – oder rufen Sie uns an: {phone}",
        "en": "🎤 Sorry, I cannot listen to voice messages or audio. Please type your question – or call us: {phone}",
    },
    "input.video": {
        "de": "🎬 Videos kann ich leider nicht ansehen. Bitte schreiben Sie Ihre Frage als Text – oder rufen Sie uns an: {phone}",
        "en": "🎬 Sorry, I cannot watch videos. Please type your question – or call us: {phone}",
    },
    "input.sticker": {
        "de": "😊 Danke! Ich verstehe aber nur Text. Schreiben Sie mir Ihre Frage oder tippen Sie unten auf einen Knopf.",
        "en": "😊 Thank you! But I only understand text. Type your question or tap a button below.",
    },
    "input.contact": {
        "de": "👤 Kontakte brauche ich nicht, und wir haben ihn nicht gespeichert. Bitte schreiben Sie Ihre Frage als Text.",
        "en": "👤 I do not need contacts, and we did not store it. Please type your question as text.",
    },
    "input.poll": {
        "de": "📊 An Umfragen kann ich nicht teilnehmen. Bitte schreiben Sie Ihre Frage als Text.",
        "en": "📊 I cannot take part in polls. Please type your question as text.",
    },
    "input.other": {
        "de": "Diese Art von Nachricht kann ich nicht lesen. Bitte schreiben Sie Ihre Frage als Text oder tippen Sie unten auf einen Knopf.",
        "en": "I cannot read this kind of message. Please type your question or tap a button below.",
    },
    "input.edited": {
        "de": "✏️ Sie haben eine Nachricht geändert. Geänderte Nachrichten lese ich nicht noch einmal. Bitte schicken Sie die Korrektur als neue Nachricht.",
        "en": "✏️ You changed a message. I do not read changed messages again. Please send the correction as a new message.",
    },
    "input.unknown_command": {
        "de": "Diesen Befehl kenne ich nicht. Mit /hilfe sehen Sie, was ich kann – oder schreiben Sie Ihre Frage einfach als Text.",
        "en": "I do not know this command. /help shows what I can do – or simply type your question.",
    },
    "staff.unknown_command": {
        "de": "Diesen Befehl kenne ich nicht. Tippen Sie »/«, um die Team-Befehle zu sehen.",
    },
    "staff.edited_reply": {
        "de": (
            "✏️ Die Änderung an Ihrer Antwort zu #{number} erreicht die Person nicht – die erste Fassung "
            "ist schon unterwegs. Bitte schicken Sie eine Korrektur als neue Antwort auf die Karte."
        ),
    },
    # audit log (staff, German)
    "audit.header": {"de": "<b>Protokoll</b> · die neuesten {count} Einträge\nEine Anfrage: /protokoll #12"},
    "audit.header_ticket": {"de": "<b>Protokoll zu Anfrage #{number}</b>"},
    "audit.none": {"de": "Keine Einträge."},
    "audit.usage": {"de": "Bitte so: /protokoll · /protokoll 50 · /protokoll #12"},
    "audit.line": {"de": "{when} · <b>{who}</b> · {action}{ref}{detail}"},
    "audit.system": {"de": "System"},
    "audit.citizen": {"de": "Bürger/in"},
}

AUDIT_ACTIONS: dict[str, str] = {
    "faq_question_added": "FAQ: Beispielfrage hinzugefügt",
    "faq_question_dismissed": "FAQ: Frage verworfen",
    "faq_draft_created": "FAQ: Entwurf angelegt",
    "faq_draft_edited": "FAQ: Entwurf geändert",
    "faq_draft_approved": "FAQ: Entwurf freigegeben",
    "faq_checked": "FAQ: geprüft",
    "faq_reloaded": "FAQ neu geladen",
    "ticket_created": "Anfrage erstellt",
    "ticket_claimed": "übernommen",
    "ticket_answered": "beantwortet",
    "ticket_closed": "geschlossen",
    "ticket_reopened": "wieder offen (Nachtrag)",
    "ticket_handed_over": "weitergegeben",
    "ticket_viewed": "angesehen",
    "ticket_anonymised": "anonymisiert",
    "answer_delivery_failed": "Antwort nicht zustellbar",
    "audit_viewed": "Protokoll angesehen",
    "data_export": "Auskunft über eigene Daten",
    "data_deleted": "Daten auf Wunsch gelöscht",
    "retention_purge": "Aufbewahrungsfrist: alte Daten gelöscht",
    "ticket_released": "wieder freigegeben",
    "ticket_note_added": "interne Notiz",
    "canned_answer_saved": "Textbaustein gespeichert",
    "canned_answer_deleted": "Textbaustein gelöscht",
    "staff_account_added": "Konto angelegt",
    "staff_account_disabled": "Konto abgeschaltet",
    "staff_password_set": "neues Passwort gesetzt",
    "staff_signed_in": "in der Web-Konsole angemeldet",
    "staff_signed_out": "in der Web-Konsole abgemeldet",
    "staff_login_failed": "Anmeldung fehlgeschlagen",
    "staff_locked": "Konto nach falschen Passwörtern gesperrt",
    "staff_login_refused": "Anmeldung über das Stadt-Konto abgewiesen",
    "staff_role_set": "Rolle vom Stadt-Konto übernommen",
}
"""German labels of audit actions (unknown actions are shown by their name)."""

FIELD_LABELS: dict[str, dict[str, str]] = {
    "user_id": {"de": "Telegram-ID", "en": "Telegram ID"},
    "chat_id": {"de": "Chat-ID", "en": "Chat ID"},
    "language": {"de": "Sprache", "en": "Language"},
    "first_seen": {"de": "zuerst geschrieben", "en": "first message"},
    "last_seen": {"de": "zuletzt geschrieben", "en": "last message"},
    "blocked_at": {"de": "Bot blockiert seit", "en": "bot blocked since"},
    "tickets": {"de": "Anfragen", "en": "Requests"},
    "number": {"de": "Nummer", "en": "Number"},
    "status": {"de": "Status", "en": "Status"},
    "topic": {"de": "Thema", "en": "Topic"},
    "created_at": {"de": "erstellt", "en": "created"},
    "closed_at": {"de": "abgeschlossen", "en": "closed"},
    "messages": {"de": "Nachrichten", "en": "Messages"},
    "from": {"de": "von", "en": "from"},
    "at": {"de": "Zeit", "en": "time"},
    "text": {"de": "Text", "en": "Text"},
    "delivery": {"de": "Zustellung", "en": "delivery"},
    "file": {"de": "Datei (Art)", "en": "file (kind)"},
    "file_id": {"de": "Telegram-Datei-Kennung", "en": "Telegram file id"},
    "pending_media": {"de": "noch nicht gesendete Datei", "en": "file not sent yet"},
    "purpose": {"de": "Art", "en": "kind"},
    "user_data": {"de": "Gesprächsdaten", "en": "Conversation data"},
    "chat_data": {"de": "Chat-Daten", "en": "Chat data"},
    "conversations": {"de": "Gesprächsstand", "en": "Conversation state"},
    "seen": {"de": "zuletzt aktiv (Tag)", "en": "last active (day)"},
    "lang": {"de": "gewählte Sprache", "en": "chosen language"},
    "pending_question": {"de": "noch nicht gesendete Frage", "en": "question not sent yet"},
}
"""Readable names of exported fields for /meinedaten (unknown fields keep their name)."""
