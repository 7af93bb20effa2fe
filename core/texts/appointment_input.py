"""Texts of the request conversation's input problems, corrections, leaving and sending."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # -- corrections on the summary ------------------------------------------------------------
    "vo.correction.done": {
        "de": "✏️ Geändert: <b>{item}</b> – <i>{value}</i>. Alles andere bleibt, wie es war.",
        "en": "✏️ Changed: <b>{item}</b> – <i>{value}</i>. Everything else stays as it was.",
    },
    "vo.correction.which": {
        "de": (
            "Was möchten Sie ändern? Tippen Sie unten auf »✏️« bei der Angabe. "
            "Oder schreiben Sie z. B. <i>Telefon: 0201 123456</i> oder <i>Geburtsjahr 1941</i>."
        ),
        "en": (
            "What would you like to change? Tap »✏️« next to the detail below. "
            "Or type e.g. <i>Phone: 0201 123456</i> or <i>Year of birth 1941</i>."
        ),
    },
    "vo.correction.person": {
        "de": "Für welche Person? Schreiben Sie den Namen dazu (z. B. <i>Erna Muster, 1941</i>) "
        "oder tippen Sie auf »✏️ Person(en)«.",
        "en": "For which person? Add the name (e.g. <i>Erna Muster, 1941</i>) or tap »✏️ Person(s)«.",
    },
    "vo.correction.buttons": {
        "de": "Das ändern Sie mit den Knöpfen. Danach kommt die Übersicht wieder.",
        "en": "You change this with the buttons. Then the summary comes back.",
    },
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
}
