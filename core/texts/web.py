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
    # -- the page ----------------------------------------------------------------------------
    "web.title": {
        "de": "Chat – Bürgermobil der Stadt Essen",
        "en": "Chat – Bürgermobil of the City of Essen",
    },
    "web.brand": {"de": "🚐 Bürgermobil · Stadt Essen", "en": "🚐 Bürgermobil · City of Essen"},
    "web.heading": {"de": "Fragen Sie uns", "en": "Ask us"},
    "web.skip": {"de": "Zum Inhalt springen", "en": "Skip to content"},
    "web.settings": {"de": "Darstellung und Sprache", "en": "Display and language"},
    "web.large": {"de": "Große Schrift", "en": "Large text"},
    "web.contrast": {"de": "Hoher Kontrast", "en": "High contrast"},
    "web.history": {"de": "Gesprächsverlauf", "en": "Conversation"},
    "web.you": {"de": "Sie:", "en": "You:"},
    "web.bot": {"de": "Bürgermobil:", "en": "Bürgermobil:"},
    "web.ask_label": {"de": "Ihre Frage", "en": "Your question"},
    "web.send": {"de": "Senden", "en": "Send"},
    "web.more": {"de": "Weitere Angebote", "en": "More"},
    "web.privacy_title": {"de": "Datenschutz – bevor Sie schreiben", "en": "Privacy – before you write"},
    "web.privacy": {
        "de": (
            "<p>Wenn Sie eine Frage senden, speichern wir Ihre Nachrichten, unsere Antworten und "
            "eine zufällige Sitzungsnummer (ein Cookie in Ihrem Browser). Keinen Namen, keine "
            "E-Mail, keine Telefonnummer. Vorher speichern wir nichts.</p>"
            "<p>Wozu: nur um Ihre Frage zu beantworten. Wie lange: bis {days} Tage nach Ihrer "
            "letzten Nachricht. Sie können alles herunterladen oder löschen.</p>"
            "<p>Verantwortlich: {controller}.</p>"
        ),
        "en": (
            "<p>When you send a question we store your messages, our answers and a random session "
            "number (a cookie in your browser). No name, no e-mail, no phone number. Before that "
            "we store nothing.</p>"
            "<p>Why: only to answer your question. How long: up to {days} days after your last "
            "message. You can download or delete everything.</p>"
            "<p>Responsible: {controller}.</p>"
        ),
    },
    "web.privacy_more": {"de": "Ausführliche Datenschutzerklärung", "en": "Full privacy notice"},
    "web.resume_title": {"de": "Auf einem anderen Gerät weiter", "en": "Continue on another device"},
    "web.code_label": {"de": "Ihr Code (zum Beispiel K7M-4QP)", "en": "Your code (for example K7M-4QP)"},
    "web.resume": {"de": "Gespräch öffnen", "en": "Open conversation"},
    "web.new_code": {
        "de": "Neuen Code erstellen (andere Geräte abmelden)",
        "en": "Make a new code (sign out other devices)",
    },
    "web.my_data": {"de": "Meine Daten herunterladen", "en": "Download my data"},
    "web.delete": {"de": "Alles löschen", "en": "Delete everything"},
    "web.sign_out": {"de": "Auf diesem Gerät abmelden", "en": "Sign out on this device"},
    "web.back": {"de": "Zurück zum Chat", "en": "Back to the chat"},
    "web.too_many": {
        "de": "Sie haben sehr viele Nachrichten geschickt. Bitte warten Sie eine Minute.",
        "en": "You sent a lot of messages. Please wait a minute.",
    },
    "web.no_session": {
        "de": "Dieses Gespräch ist nicht mehr offen. Bitte schreiben Sie Ihre Frage neu.",
        "en": "This conversation is no longer open. Please write your question again.",
    },
    "web.code_unknown": {
        "de": "Diesen Code kennen wir nicht. Bitte prüfen Sie ihn. Er hat 6 Zeichen, zum Beispiel K7M-4QP.",
        "en": "We do not know this code. Please check it. It has 6 characters, for example K7M-4QP.",
    },
    "web.delete_confirm": {
        "de": "Wollen Sie wirklich alles löschen? Ihr Gespräch, Ihr Code und offene Fragen an das Team werden gelöscht.",
        "en": "Do you really want to delete everything? Your conversation, your code and open questions to the team are deleted.",
    },
    "web.delete_yes": {"de": "Ja, alles löschen", "en": "Yes, delete everything"},
    "web.deleted": {
        "de": "Erledigt: Wir haben alles gelöscht, was wir zu diesem Gespräch gespeichert hatten.",
        "en": "Done: we deleted everything we had stored about this conversation.",
    },
    # -- stops page ----------------------------------------------------------------------------
    "web.stops.title": {"de": "Wo ist das Bürgermobil?", "en": "Where is the Bürgermobil?"},
    "web.stops.search": {
        "de": "Stadtteil, Postleitzahl oder Tag (zum Beispiel Borbeck, 45355 oder Dienstag)",
        "en": "District, postal code or day (for example Borbeck, 45355 or Tuesday)",
    },
    "web.stops.find": {"de": "Suchen", "en": "Search"},
    "web.stops.next": {"de": "Die nächsten Haltestellen", "en": "The next stops"},
    "web.stops.in": {"de": "Haltestellen in {area}", "en": "Stops in {area}"},
    "web.stops.on_day": {"de": "Haltestellen an diesem Tag", "en": "Stops on that day"},
    "web.stops.nearby": {"de": "In der Nähe", "en": "Nearby"},
    "web.stops.none": {"de": "Dafür ist kein Halt geplant.", "en": "No stop is planned for that."},
    "web.stops.unknown": {
        "de": "Das habe ich nicht erkannt. Hier sind die nächsten Haltestellen.",
        "en": "I did not recognise that. Here are the next stops.",
    },
    "web.stops.map": {"de": "Karte (OpenStreetMap)", "en": "Map (OpenStreetMap)"},
    "web.stops.ics": {"de": "In den Kalender (.ics)", "en": "Add to calendar (.ics)"},
    "web.stops.gone": {"de": "Diesen Halt gibt es nicht mehr.", "en": "This stop no longer exists."},
    "web.stops.alerts": {
        "de": "Erinnerungen an einen Halt gibt es nur im Telegram-Bot. Auf dieser Seite speichern wir dafür nichts.",
        "en": "Reminders for a stop are only available in the Telegram bot. This page stores nothing for them.",
    },
    # -- the Vor-Ort form ----------------------------------------------------------------------
    "web.vo.title": {
        "de": "Hausbesuch anfragen (Vor-Ort-Service)",
        "en": "Request a home visit (Vor-Ort-Service)",
    },
    "web.vo.intro": {
        "de": "Das Team kommt zu Menschen, die nicht ins Bürgeramt kommen können. Füllen Sie alle Felder aus. Danach sehen Sie eine Übersicht.",
        "en": "The team visits people who cannot come to the office. Please fill in all fields. Then you see a summary.",
    },
    "web.vo.problems": {"de": "Bitte prüfen Sie diese Angaben", "en": "Please check these details"},
    "web.vo.choose": {"de": "Bitte wählen Sie eine Antwort.", "en": "Please choose an answer."},
    "web.vo.reason": {
        "de": "Warum ist ein Besuch im Amt nicht möglich?",
        "en": "Why is a visit to the office not possible?",
    },
    "web.vo.reason_hint": {
        "de": "Nicht nötig, wenn Sie für Bewohner/innen Ihrer Einrichtung anfragen.",
        "en": "Not needed when you ask for residents of your care home.",
    },
    "web.vo.reason_text": {"de": "Bei „Anderer Grund“: welcher?", "en": "For “Another reason”: which?"},
    "web.vo.services": {
        "de": "Was wird gebraucht? (mehrere möglich)",
        "en": "What is needed? (several possible)",
    },
    "web.vo.service_text": {"de": "Bei „Etwas anderes“: was?", "en": "For “Something else”: what?"},
    "web.vo.place": {
        "de": "Adresse in Essen (Straße, Hausnummer, Postleitzahl oder Stadtteil)",
        "en": "Address in Essen (street, number, postal code or district)",
    },
    "web.vo.persons": {"de": "Für wen genau?", "en": "For whom exactly?"},
    "web.vo.persons_hint": {
        "de": "Name und Geburtsjahr. Bei einem Pflegeheim bis zu {count} Personen, sonst eine.",
        "en": "Name and year of birth. For a care home up to {count} people, otherwise one.",
    },
    "web.vo.name": {"de": "Name, Person {number}", "en": "Name, person {number}"},
    "web.vo.year": {
        "de": "Geburtsjahr, Person {number} (zum Beispiel 1941)",
        "en": "Year of birth, person {number} (for example 1941)",
    },
    "web.vo.contact": {"de": "Wie erreichen wir Sie?", "en": "How do we reach you?"},
    "web.vo.contact_name": {
        "de": "Ihr Name (wenn Sie für eine andere Person anfragen)",
        "en": "Your name (if you ask for someone else)",
    },
    "web.vo.phone": {"de": "Telefonnummer für Rückfragen", "en": "Phone number for questions"},
    "web.vo.consent_title": {"de": "Einverständnis", "en": "Consent"},
    "web.vo.consent": {
        "de": "Wir speichern Ihre Angaben nur für diese Anfrage. Nur das Team des Bürgeramts sieht sie. {days} Tage nach dem Abschluss löschen wir Namen, Telefonnummer, Adresse und Texte.",
        "en": "We store your details only for this request. Only the Bürgeramt team sees them. {days} days after it is finished we delete names, phone number, address and texts.",
    },
    "web.vo.consent_yes": {"de": "Ja, ich bin einverstanden.", "en": "Yes, I agree."},
    "web.vo.consent_needed": {
        "de": "Ohne Ihr Einverständnis können wir die Anfrage nicht annehmen.",
        "en": "Without your consent we cannot take the request.",
    },
    "web.vo.check": {"de": "Angaben prüfen", "en": "Check details"},
    "web.vo.summary_title": {"de": "Bitte prüfen Sie Ihre Anfrage", "en": "Please check your request"},
    "web.vo.checklist": {"de": "Das brauchen Sie beim Besuch", "en": "What you need for the visit"},
    "web.vo.send": {"de": "Anfrage absenden", "en": "Send request"},
    "web.vo.edit": {"de": "Angaben ändern", "en": "Change details"},
    "web.vo.sent_title": {"de": "Anfrage gesendet", "en": "Request sent"},
    "web.vo.sent_next": {
        "de": "Das Team meldet sich mit einem Terminvorschlag. Sie sehen ihn im Chat auf dieser Seite.",
        "en": "The team will get back to you with a proposed date. You will see it in the chat on this page.",
    },
    "web.vo.declined": {
        "de": "Danke. Das Team schlägt Ihnen einen anderen Termin vor.",
        "en": "Thank you. The team will propose another date.",
    },
    "web.vo.proposal_gone": {
        "de": "Dieser Terminvorschlag gilt nicht mehr.",
        "en": "This proposal is no longer valid.",
    },
    "web.widget.title": {
        "de": "Den Chat auf einer Seite der Stadt einbinden",
        "en": "Embed the chat on a city page",
    },
    "web.widget.intro": {
        "de": "Fügen Sie diesen Ausschnitt in die Seite ein. Der Chat lädt nichts von anderen Servern.",
        "en": "Paste this snippet into the page. The chat loads nothing from other servers.",
    },
    "web.widget.origins": {
        "de": "Die Seite muss in web.chat_embed_origins stehen (zum Beispiel https://www.essen.de), sonst zeigt der Browser den Chat nicht an.",
        "en": "The page must be listed in web.chat_embed_origins (for example https://www.essen.de), otherwise the browser does not show the chat.",
    },
    "web.cookie.title": {
        "de": "Der Chat kann sich in diesem Rahmen nichts merken",
        "en": "The chat cannot remember anything in this frame",
    },
    "web.cookie.blocked": {
        "de": (
            "Ihr Browser lässt den eingebetteten Chat kein Cookie speichern. Ohne dieses Cookie findet "
            "der Chat Ihre Fragen und die Antworten des Teams nicht wieder. Öffnen Sie den Chat bitte "
            "in einem eigenen Fenster. Dort funktioniert er wie gewohnt."
        ),
        "en": (
            "Your browser does not let the embedded chat store a cookie. Without it the chat cannot find "
            "your questions and the team's answers again. Please open the chat in a window of its own. "
            "It works as usual there."
        ),
    },
    "web.cookie.open": {"de": "Chat in neuem Fenster öffnen", "en": "Open the chat in a new window"},
    "web.cookie.allow": {"de": "Cookie hier erlauben", "en": "Allow the cookie here"},
    "web.cookie.denied": {
        "de": "Der Browser hat es nicht erlaubt. Bitte öffnen Sie den Chat in einem neuen Fenster.",
        "en": "The browser did not allow it. Please open the chat in a new window.",
    },
    "web.mine.title": {"de": "Meine Anfragen", "en": "My requests"},
    "web.mine.not_found": {
        "de": "Diese Anfrage habe ich nicht gefunden. Ihre Anfragen sehen Sie unter „Meine Anfragen“.",
        "en": "I could not find this request. See your requests under “My requests”.",
    },
    "web.mine.none": {
        "de": "Sie haben noch keine Anfragen. Stellen Sie eine Frage im Chat oder fragen Sie einen Hausbesuch an.",
        "en": "You have no requests yet. Ask a question in the chat or request a home visit.",
    },
    "web.mine.visits": {"de": "Hausbesuche (Vor-Ort-Service)", "en": "Home visits (Vor-Ort-Service)"},
    "web.mine.questions": {"de": "Fragen an das Team", "en": "Questions for the team"},
    "web.mine.other_date": {"de": "Passt nicht – anderer Termin", "en": "Does not suit me – another date"},
    "web.mine.cancel_title": {"de": "Anfrage absagen", "en": "Cancel the request"},
    "web.mine.reason": {
        "de": "Warum sagen Sie ab? (freiwillig, es hilft dem Team)",
        "en": "Why are you cancelling? (optional, it helps the team)",
    },
    "web.mine.date_title": {"de": "Terminvorschlag", "en": "Proposed date"},
    "web.mine.proposed": {
        "de": "Das Team schlägt für <b>{reference}</b> vor: <b>{when}</b>",
        "en": "The team proposes for <b>{reference}</b>: <b>{when}</b>",
    },
    "web.mine.wish": {
        "de": "Passt der Termin nicht? Welcher Tag oder welche Uhrzeit passt besser? (freiwillig)",
        "en": "Does the date not suit you? Which day or time would be better? (optional)",
    },
    "web.mine.send_wish": {"de": "Passt nicht – Wunsch senden", "en": "Does not suit me – send my wish"},
    "web.mine.back": {"de": "Zurück zu „Meine Anfragen“", "en": "Back to “My requests”"},
    "web.mine.answer_title": {"de": "Dem Team antworten", "en": "Reply to the team"},
    "web.mine.answer_label": {"de": "Ihre Antwort zu {reference}", "en": "Your reply about {reference}"},
    "web.mine.done.cancelled": {
        "de": "Die Anfrage ist abgesagt. Das Team weiß Bescheid.",
        "en": "The request is cancelled. The team has been told.",
    },
    "web.mine.done.accepted": {
        "de": "Danke! Der Termin ist bestätigt. Die Bestätigung steht im Chat.",
        "en": "Thank you! The date is confirmed. The confirmation is in the chat.",
    },
    "web.mine.done.declined": {
        "de": "Danke. Das Team schlägt Ihnen einen anderen Termin vor.",
        "en": "Thank you. The team will propose another date.",
    },
    "web.mine.done.answered": {
        "de": "Danke, Ihre Antwort ist beim Team.",
        "en": "Thank you, your reply has reached the team.",
    },
    "web.mine.done.closed": {"de": "Danke für Ihre Rückmeldung.", "en": "Thank you for letting us know."},
}
