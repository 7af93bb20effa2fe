"""Texts of the Vor-Ort-Service requests: the citizen conversation, notices and the staff side."""

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
    "vo.svc.certificate": {
        "de": "Melde- oder Lebensbescheinigung",
        "en": "Certificate of registration or proof of life",
    },
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
        "en": 'What is needed? You can tap several. Then tap "Next".',
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
    "vo.ask.place_kind": {
        "de": "Wo soll der Besuch stattfinden?",
        "en": "Where should the visit take place?",
    },
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
        "en": '📝 <b>Please check your details</b>\n\n{summary}\n\nIs everything right? Then tap "Send".',
    },
    "vo.summary.line": {"de": "<b>{label}:</b> {value}", "en": "<b>{label}:</b> {value}"},
    "vo.person": {"de": "{name} (geb. {year})", "en": "{name} (born {year})"},
    "vo.ask.resume": {
        "de": "Sie haben eine angefangene Anfrage. Möchten Sie dort weitermachen?",
        "en": "You have an unfinished request. Would you like to continue it?",
    },
    "vo.picked": {"de": "✔️ {choice}", "en": "✔️ {choice}"},
    # -- input problems -----------------------------------------------------------------------
    "vo.err.empty": {
        "de": "Ich habe keinen Text bekommen. Bitte schreiben Sie Ihre Antwort als Nachricht.",
        "en": "I did not get any text. Please type your answer as a message.",
    },
    "vo.err.too_long": {
        "de": "Das ist zu lang. Bitte fassen Sie es in höchstens {limit} Zeichen zusammen.",
        "en": "That is too long. Please keep it to at most {limit} characters.",
    },
    "vo.err.name_digits": {
        "de": "Ein Name enthält keine Ziffern. Bitte nur Vor- und Nachname, z. B. <i>Erna Muster</i>.",
        "en": "A name has no digits. Please just first and last name, e.g. <i>Erna Muster</i>.",
    },
    "vo.err.name_invalid": {
        "de": "Das sieht nicht wie ein Name aus. Bitte Vor- und Nachname, z. B. <i>Erna Muster</i>.",
        "en": "That does not look like a name. Please first and last name, e.g. <i>Erna Muster</i>.",
    },
    "vo.err.year_format": {
        "de": "Bitte das Geburtsjahr mit vier Ziffern, z. B. <i>1938</i>.",
        "en": "Please the year of birth with four digits, e.g. <i>1938</i>.",
    },
    "vo.err.year_range": {
        "de": "Bitte ein Geburtsjahr zwischen {low} und {high}.",
        "en": "Please a year of birth between {low} and {high}.",
    },
    "vo.err.phone_invalid": {
        "de": (
            "Das ist leider keine gültige Telefonnummer. Bitte mit Vorwahl, "
            "z. B. <i>0201 123456</i> oder <i>0170 1234567</i>."
        ),
        "en": (
            "That is not a valid phone number. Please with area code, "
            "e.g. <i>0201 123456</i> or <i>0170 1234567</i>."
        ),
    },
    "vo.err.phone_no_area_code": {
        "de": "Bitte geben Sie die Nummer mit Vorwahl an, z. B. <i>0201 123456</i>.",
        "en": "Please give the number with its area code, e.g. <i>0201 123456</i>.",
    },
    "vo.err.phone_foreign": {
        "de": (
            "Bitte geben Sie eine deutsche Telefonnummer an. Ist das nicht möglich, "
            "rufen Sie bitte das ServiceCenter an: <b>{phone}</b>."
        ),
        "en": (
            "Please give a German phone number. If that is not possible, "
            "please call the ServiceCenter: <b>{phone}</b>."
        ),
    },
    "vo.err.place_short": {
        "de": "Bitte etwas genauer: Name der Einrichtung oder Straße, dazu Postleitzahl oder Stadtteil.",
        "en": "Please be a little more precise: facility name or street, plus postal code or district.",
    },
    "vo.err.place_unknown": {
        "de": (
            "Ich konnte keinen Essener Stadtteil und keine Essener Postleitzahl erkennen. "
            "Bitte ergänzen Sie z. B. <i>45130</i> oder <i>Rüttenscheid</i>."
        ),
        "en": (
            "I could not recognise an Essen district or postal code. "
            "Please add e.g. <i>45130</i> or <i>Rüttenscheid</i>."
        ),
    },
    "vo.err.outside_essen": {
        "de": (
            "Die Postleitzahl {postal_code} liegt nicht in Essen. Der Vor-Ort-Service besucht nur Menschen in Essen. "
            "Außerhalb von Essen hilft Ihnen das Bürgeramt der jeweiligen Stadt. "
            "Fragen? ServiceCenter Essen: <b>{phone}</b>.\n"
            "Ist die Adresse doch in Essen, schreiben Sie sie bitte noch einmal."
        ),
        "en": (
            "The postal code {postal_code} is not in Essen. The Vor-Ort-Service only visits people in Essen. "
            "Outside Essen, the citizens' office of that town can help. "
            "Questions? ServiceCenter Essen: <b>{phone}</b>.\n"
            "If the address is in Essen after all, please write it again."
        ),
    },
    "vo.err.use_buttons": {
        "de": "Bitte tippen Sie auf einen der Knöpfe.",
        "en": "Please tap one of the buttons.",
    },
    "vo.err.text_only": {
        "de": "Bitte schreiben Sie Ihre Antwort als Text.",
        "en": "Please type your answer as text.",
    },
    "vo.err.old_button": {
        "de": "Dieser Knopf gehört zu einem früheren Schritt. Hier geht es weiter:",
        "en": "This button belongs to an earlier step. Here is where we are:",
    },
    "vo.err.limit": {
        "de": "Sie haben heute schon {count} Anfragen gesendet. Bitte rufen Sie uns an: <b>{phone}</b>.",
        "en": "You have already sent {count} requests today. Please call us: <b>{phone}</b>.",
    },
    "vo.err.gone": {
        "de": "Ihre angefangene Anfrage ist nicht mehr da. Mit /termin beginnen Sie neu.",
        "en": "Your unfinished request is gone. Start again with /termin.",
    },
    "vo.err.stale_button": {
        "de": "Dieser Knopf ist nicht mehr gültig. Mit /termin können Sie einen Besuch anfragen.",
        "en": "This button is no longer valid. Use /termin to request a visit.",
    },
    # -- leaving, pausing, timeouts -----------------------------------------------------------
    "vo.cancelled": {
        "de": "Die Anfrage ist abgebrochen. Es wurde nichts gesendet. Sie können jederzeit neu beginnen: /termin",
        "en": "The request is cancelled. Nothing was sent. You can start again at any time: /termin",
    },
    "vo.nothing_to_cancel": {
        "de": "Es läuft gerade nichts, das ich abbrechen könnte.",
        "en": "Nothing is running right now that I could cancel.",
    },
    "vo.paused": {
        "de": (
            "Ihre Terminanfrage ist angehalten. Ihre Angaben bleiben 2 Stunden gespeichert: "
            "Mit /termin machen Sie dort weiter. Tippen Sie jetzt gern noch einmal auf den Knopf im Menü."
        ),
        "en": (
            "Your request is paused. Your details are kept for 2 hours: "
            "continue with /termin. Feel free to tap the menu button again now."
        ),
    },
    "vo.reply_cancelled": {
        "de": "In Ordnung, es wurde nichts gesendet.",
        "en": "All right, nothing was sent.",
    },
    "vo.timeout": {
        "de": (
            "Sie haben eine Weile nicht geantwortet. Ihre angefangene Anfrage ist deshalb beendet, "
            "es wurde nichts gesendet. Mit /termin können Sie neu beginnen."
        ),
        "en": (
            "You have not answered for a while, so your unfinished request has ended; "
            "nothing was sent. Start again with /termin."
        ),
    },
    # -- sent -----------------------------------------------------------------------------------
    "vo.created": {
        "de": (
            "✅ <b>Ihre Anfrage ist beim Team angekommen.</b> Ihre Nummer: <b>{reference}</b>\n\n"
            "So geht es weiter: Unser Team ruft Sie an oder schlägt Ihnen hier im Chat einen Termin vor. "
            "Passt er, bestätigen Sie ihn mit einem Tipp.\n"
            "Ihre Anfragen sehen oder absagen: /meineanfragen\n"
            "Fragen? ServiceCenter: <b>{phone}</b>"
        ),
        "en": (
            "✅ <b>Your request has reached the team.</b> Your number: <b>{reference}</b>\n\n"
            "What happens next: our team will call you or propose a date here in the chat. "
            "If it suits you, confirm it with one tap.\n"
            "See or cancel your requests: /meineanfragen\n"
            "Questions? ServiceCenter: <b>{phone}</b>"
        ),
    },
    "vo.faq_offer": {
        "de": "Möchten Sie den Besuch gleich hier im Chat anfragen? Das dauert etwa 3 Minuten.",
        "en": "Would you like to request the visit right here in the chat? It takes about 3 minutes.",
    },
    # -- notices to the citizen ---------------------------------------------------------------
    "vo.notice.claimed": {
        "de": "👤 Ihre Anfrage <b>{reference}</b> wird jetzt bearbeitet. Wir melden uns bei Ihnen.",
        "en": "👤 Your request <b>{reference}</b> is now being handled. We will get in touch.",
    },
    "vo.notice.proposal": {
        "de": ("📅 <b>Terminvorschlag zu {reference}</b>\n{when}\nOrt: {place}\n\nPasst Ihnen der Termin?"),
        "en": ("📅 <b>Proposed date for {reference}</b>\n{when}\nPlace: {place}\n\nDoes this date suit you?"),
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
        "en": '❓ <b>Question from the team about {reference}</b>\n\n{text}\n\nTap "Reply" or call: <b>{phone}</b>',
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
    "vo.mine.header": {
        "de": "<b>Ihre Besuchsanfragen (Vor-Ort-Service)</b>",
        "en": "<b>Your home visit requests</b>",
    },
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
    "vo.staff.declined": {
        "de": "❌ {reference}: Termin passt nicht. Wunsch: {wish}\n<i>Antworten Sie für eine Rückfrage.</i>"
    },
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
    "vo.staff.data_deleted": {
        "de": "🗑 {reference}: Die Person hat ihre Daten löschen lassen. Die Anfrage ist abgesagt."
    },
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
}
