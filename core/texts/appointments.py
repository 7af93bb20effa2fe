"""Texts of the Vor-Ort-Service request conversation: buttons, answer options and the steps.

Input problems, corrections and leaving are `appointment_input.py`; notices, the checklist and
the staff side `appointment_notices.py`.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # -- buttons of the conversation ----------------------------------------------------------
    "vo.btn.back": {"de": "⬅️ Zurück", "en": "⬅️ Back"},
    "vo.btn.cancel": {"de": "✖️ Abbrechen", "en": "✖️ Cancel"},
    "vo.btn.next": {"de": "Weiter ➡️", "en": "Next ➡️"},
    "vo.btn.ok": {"de": "✔️ Verstanden, weiter", "en": "✔️ Understood, next"},
    "vo.btn.consent_yes": {"de": "✔️ Ja, einverstanden", "en": "✔️ Yes, I agree"},
    "vo.btn.consent_no": {"de": "Nein", "en": "No"},
    "vo.btn.send": {"de": "✅ Absenden", "en": "✅ Send"},
    "vo.btn.more_yes": {"de": "➕ Weitere Person", "en": "➕ Another person"},
    "vo.btn.more_no": {"de": "Weiter ➡️", "en": "Next ➡️"},
    "vo.btn.resume": {"de": "▶️ Weitermachen", "en": "▶️ Continue"},
    "vo.btn.new": {"de": "🔄 Neu beginnen", "en": "🔄 Start again"},
    "vo.btn.start": {"de": "🏠 Besuch hier anfragen", "en": "🏠 Request a visit here"},
    "vo.btn.edit": {"de": "✏️ {item}", "en": "✏️ {item}"},
    "vo.btn.yes": {"de": "✅ Passt", "en": "✅ Suits me"},
    "vo.btn.no": {"de": "❌ Passt nicht", "en": "❌ Does not suit me"},
    "vo.btn.answer": {"de": "💬 Antworten", "en": "💬 Reply"},
    "vo.btn.cancel_request": {"de": "{reference} absagen", "en": "Cancel {reference}"},
    "vo.btn.cancel_confirm": {"de": "Ja, absagen", "en": "Yes, cancel it"},
    "vo.btn.keep": {"de": "Nein, behalten", "en": "No, keep it"},
    "vo.btn.no_wish": {"de": "Ohne Wunsch senden", "en": "Send without a wish"},
    # -- answer options (also used in summaries and on the staff card) -------------------------
    "vo.who.self": {"de": "Für mich", "en": "For me"},
    "vo.who.relative": {
        "de": "Für Angehörige oder eine Person, die ich betreue",
        "en": "For a relative or someone I care for",
    },
    "vo.who.care_staff": {
        "de": "Für Bewohner/innen der Einrichtung, in der ich arbeite",
        "en": "For residents of the care home where I work",
    },
    "vo.why.care_home": {"de": "Lebt im Pflegeheim", "en": "Lives in a care home"},
    "vo.why.mobility": {
        "de": "Bettlägerig oder stark gehbehindert",
        "en": "Bedridden or severely limited in mobility",
    },
    "vo.why.hospital": {"de": "Im Krankenhaus", "en": "In hospital"},
    "vo.why.other": {"de": "Anderer Grund", "en": "Another reason"},
    "vo.svc.address": {"de": "An- oder Ummeldung", "en": "Register or change address"},
    "vo.svc.id_card": {"de": "Personalausweis", "en": "ID card"},
    "vo.svc.passport": {"de": "Reisepass", "en": "Passport"},
    "vo.svc.certificate": {"de": "Melde- oder Lebensbescheinigung", "en": "Certificate of registration or proof of life"},
    "vo.svc.other": {"de": "Etwas anderes", "en": "Something else"},
    "vo.where.home": {"de": "Zu Hause (Wohnadresse)", "en": "At home (home address)"},
    "vo.where.care_home": {"de": "Pflegeheim / Einrichtung", "en": "Care home / facility"},
    "vo.where.hospital": {"de": "Krankenhaus", "en": "Hospital"},
    "vo.time.morning": {"de": "Werktags vormittags", "en": "Weekday mornings"},
    "vo.time.afternoon": {"de": "Werktags nachmittags", "en": "Weekday afternoons"},
    "vo.time.any": {"de": "Egal, jederzeit", "en": "Any time"},
    "vo.item.who": {"de": "Für wen", "en": "For whom"},
    "vo.item.why": {"de": "Grund", "en": "Reason"},
    "vo.item.svc": {"de": "Anliegen", "en": "Services"},
    "vo.item.where": {"de": "Ort", "en": "Place"},
    "vo.item.persons": {"de": "Person(en)", "en": "Person(s)"},
    "vo.item.contact": {"de": "Ansprechperson", "en": "Contact person"},
    "vo.item.phone": {"de": "Telefon", "en": "Phone"},
    "vo.item.times": {"de": "Wunschzeit", "en": "Preferred time"},
    # -- the steps ----------------------------------------------------------------------------
    "vo.step": {"de": "<i>Schritt {number} von 8</i>\n", "en": "<i>Step {number} of 8</i>\n"},
    "vo.intro": {
        "de": (
            "🏠 <b>Vor-Ort-Service: Das Bürgeramt kommt zu Ihnen</b>\n"
            "Für Menschen, die nicht ins Bürgeramt kommen können. Ich stelle Ihnen ein paar kurze Fragen. "
            "Danach ruft unser Team an oder schlägt Ihnen hier einen Termin vor.\n"
            "Abbrechen geht jederzeit mit /abbrechen."
        ),
        "en": (
            "🏠 <b>Vor-Ort-Service: the Bürgeramt comes to you</b>\n"
            "For people who cannot come to the Bürgeramt. I will ask a few short questions. "
            "Then our team will call you or propose a date here.\n"
            "You can cancel at any time with /abbrechen."
        ),
    },
    "vo.ask.for_whom": {"de": "Für wen ist der Besuch?", "en": "Who is the visit for?"},
    "vo.ask.reason": {
        "de": "Warum ist ein Besuch im Bürgeramt nicht möglich?",
        "en": "Why is a visit to the Bürgeramt not possible?",
    },
    "vo.ask.reason_text": {
        "de": "Bitte beschreiben Sie den Grund kurz in einer Nachricht.",
        "en": "Please describe the reason briefly in one message.",
    },
    "vo.hint.stop": {
        "de": (
            "ℹ️ Der Vor-Ort-Service ist für Menschen, die ohne fremde Hilfe nicht ins Bürgeramt kommen. "
            "Ist ein kurzer Weg möglich? Dann hilft vielleicht auch das Bürgermobil in Ihrer Nähe: /buergermobil. "
            "Ihre Anfrage nehmen wir trotzdem gern auf – unser Team entscheidet."
        ),
        "en": (
            "ℹ️ The Vor-Ort-Service is for people who cannot come to the Bürgeramt without help. "
            "Is a short trip possible? Then the Bürgermobil near you may help too: /buergermobil. "
            "We will still gladly take your request – our team decides."
        ),
    },
    "vo.ask.services": {
        "de": "Was wird gebraucht? Sie können mehreres antippen. Dann auf »Weiter«.",
        "en": "What is needed? You can tap several. Then tap \"Next\".",
    },
    "vo.ask.services_chosen": {"de": "Gewählt: {chosen}", "en": "Chosen: {chosen}"},
    "vo.ask.service_text": {
        "de": "Was genau brauchen Sie? Bitte schreiben Sie es kurz in einer Nachricht.",
        "en": "What exactly do you need? Please write it briefly in one message.",
    },
    "vo.err.services_none": {
        "de": "Bitte wählen Sie mindestens ein Anliegen aus.",
        "en": "Please choose at least one service.",
    },
    "vo.ask.place_kind": {"de": "Wo soll der Besuch stattfinden?", "en": "Where should the visit take place?"},
    "vo.ask.place.home": {
        "de": (
            "Bitte schreiben Sie die Adresse mit Postleitzahl oder Stadtteil.\n"
            "Zum Beispiel: <i>Rüttenscheider Str. 10, 45130 Essen</i>"
        ),
        "en": (
            "Please write the address with postal code or district.\n"
            "For example: <i>Rüttenscheider Str. 10, 45130 Essen</i>"
        ),
    },
    "vo.ask.place.care_home": {
        "de": (
            "Wie heißt die Einrichtung, und wo ist sie? Bitte mit Straße und Postleitzahl oder Stadtteil.\n"
            "Zum Beispiel: <i>Haus Abendsonne, Borbecker Str. 5, 45355 Essen</i>"
        ),
        "en": (
            "What is the name of the facility and where is it? Please with street and postal code or district.\n"
            "For example: <i>Haus Abendsonne, Borbecker Str. 5, 45355 Essen</i>"
        ),
    },
    "vo.ask.place.hospital": {
        "de": (
            "Welches Krankenhaus? Bitte mit Station, wenn bekannt, und Stadtteil oder Postleitzahl.\n"
            "Zum Beispiel: <i>Elisabeth-Krankenhaus, Station 4, Huttrop</i>"
        ),
        "en": (
            "Which hospital? Please with the ward if known, and district or postal code.\n"
            "For example: <i>Elisabeth-Krankenhaus, ward 4, Huttrop</i>"
        ),
    },
    "vo.place.found": {"de": "📍 Erkannt: {district}", "en": "📍 Recognised: {district}"},
    "vo.ask.applicant.self": {
        "de": "Wie heißen Sie? Bitte Vor- und Nachname und Ihr Geburtsjahr, z. B. <i>Erna Muster, 1938</i>",
        "en": "What is your name? Please first and last name and your year of birth, e.g. <i>Erna Muster, 1938</i>",
    },
    "vo.ask.applicant.other": {
        "de": (
            "Wie heißt die Person, die besucht werden soll? Bitte Vor- und Nachname und Geburtsjahr, "
            "z. B. <i>Erna Muster, 1938</i>"
        ),
        "en": (
            "What is the name of the person to be visited? Please first and last name and year of birth, "
            "e.g. <i>Erna Muster, 1938</i>"
        ),
    },
    "vo.ask.applicant.next": {
        "de": "Name und Geburtsjahr der nächsten Person, z. B. <i>Karl Beispiel, 1941</i>",
        "en": "Name and year of birth of the next person, e.g. <i>Karl Beispiel, 1941</i>",
    },
    "vo.ask.applicant_year": {
        "de": "In welchem Jahr ist {name} geboren? Bitte vierstellig, z. B. <i>1938</i>",
        "en": "In which year was {name} born? Please four digits, e.g. <i>1938</i>",
    },
    "vo.ask.more": {
        "de": "Bisher:\n{people}\n\nSoll das Team beim selben Besuch noch jemanden in der Einrichtung besuchen?",
        "en": "So far:\n{people}\n\nShould the team see anyone else in the facility during the same visit?",
    },
    "vo.ask.contact_name": {
        "de": "Wie heißen Sie? Wir brauchen Ihren Namen als Ansprechperson für den Rückruf.",
        "en": "What is your name? We need it as the contact person for the call back.",
    },
    "vo.ask.phone": {
        "de": (
            "Unter welcher Telefonnummer können wir Sie zurückrufen?\n"
            "Zum Beispiel: <i>0201 123456</i> oder <i>0170 1234567</i>"
        ),
        "en": (
            "Which phone number can we call you back on?\n"
            "For example: <i>0201 123456</i> or <i>0170 1234567</i>"
        ),
    },
    "vo.ask.times": {
        "de": "Wann passt ein Besuch am besten?",
        "en": "When does a visit suit best?",
    },
    "vo.ask.checklist": {
        "de": "📋 <b>Bitte legen Sie für den Besuch bereit:</b>\n{items}",
        "en": "📋 <b>Please have ready for the visit:</b>\n{items}",
    },
    "vo.ask.consent": {
        "de": (
            "🔒 <b>Einverständnis</b>\n"
            "Wir speichern Ihre Angaben nur für diese Anfrage. Nur das Team des Bürgeramts sieht sie. "
            "{days} Tage nach dem Abschluss löschen wir Namen, Telefonnummer, Adresse und Texte. "
            "Sie können die Anfrage jederzeit mit /meineanfragen absagen.\n\n"
            "Sind Sie damit einverstanden?"
        ),
        "en": (
            "🔒 <b>Consent</b>\n"
            "We store your details only for this request. Only the Bürgeramt team sees them. "
            "{days} days after it is finished we delete names, phone number, address and texts. "
            "You can cancel the request at any time with /meineanfragen.\n\n"
            "Do you agree?"
        ),
    },
    "vo.consent_declined": {
        "de": (
            "In Ordnung, ich habe nichts gespeichert. Sie können einen Besuch auch telefonisch anfragen: "
            "ServiceCenter <b>{phone}</b>."
        ),
        "en": (
            "All right, I stored nothing. You can also request a visit by phone: "
            "ServiceCenter <b>{phone}</b>."
        ),
    },
    "vo.ask.summary": {
        "de": "📝 <b>Bitte prüfen Sie Ihre Angaben</b>\n\n{summary}\n\nStimmt alles? Dann tippen Sie auf »Absenden«.",
        "en": "📝 <b>Please check your details</b>\n\n{summary}\n\nIs everything right? Then tap \"Send\".",
    },
    "vo.summary.line": {"de": "<b>{label}:</b> {value}", "en": "<b>{label}:</b> {value}"},
    "vo.person": {"de": "{name} (geb. {year})", "en": "{name} (born {year})"},
    "vo.ask.resume": {
        "de": "Sie haben eine angefangene Anfrage. Möchten Sie dort weitermachen?",
        "en": "You have an unfinished request. Would you like to continue it?",
    },
    "vo.picked": {"de": "✔️ {choice}", "en": "✔️ {choice}"},
}
