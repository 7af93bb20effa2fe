"""Texts of the replies to small talk and of the Vor-Ort-Service offer for free text (`core.intents`)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "talk.greeting": {
        "de": "Guten Tag! 👋 Schreiben Sie mir Ihre Frage in ganz normalen Worten. Oder tippen Sie unten auf einen Knopf.",
        "en": "Hello! 👋 Type your question in plain words. Or tap a button below.",
    },
    "talk.thanks": {
        "de": "Gern geschehen! Haben Sie noch eine Frage? Dann schreiben Sie einfach.",
        "en": "You are welcome! Do you have another question? Just type it.",
    },
    "talk.goodbye": {
        "de": "Auf Wiedersehen! Sie können mir jederzeit wieder schreiben.",
        "en": "Goodbye! You can write to me again at any time.",
    },
    "talk.menu": {
        "de": "Hier ist das Menü. Tippen Sie unten auf einen Knopf. Oder schreiben Sie Ihre Frage.",
        "en": "Here is the menu. Tap a button below. Or type your question.",
    },
    "talk.human": {
        "de": (
            "Ich bin ein Computerprogramm (ein Bot), kein Mensch.\n"
            "Was ich nicht beantworten kann, gebe ich an unser Team weiter. "
            "Dort antworten Menschen, hier im Chat.\n"
            "Lieber telefonieren? ServiceCenter: <b>115</b> oder <b>{phone}</b>"
        ),
        "en": (
            "I am a computer program (a bot), not a person.\n"
            "What I cannot answer, I pass on to our team. "
            "People answer there, here in the chat.\n"
            "Prefer the phone? ServiceCenter: <b>115</b> or <b>{phone}</b>"
        ),
    },
    "talk.insult": {
        "de": (
            "Das tut mir leid. Versuchen Sie es gern mit anderen Worten, "
            "oder tippen Sie unten auf einen Knopf.\n"
            "Lieber telefonieren? ServiceCenter: <b>115</b> oder <b>{phone}</b>"
        ),
        "en": (
            "I am sorry. Please try other words, or tap a button below.\n"
            "Prefer the phone? ServiceCenter: <b>115</b> or <b>{phone}</b>"
        ),
    },
    "talk.yes_no": {
        "de": "Bitte tippen Sie auf einen Knopf unter meiner Nachricht. Oder schreiben Sie Ihre Frage.",
        "en": "Please tap a button under my message. Or type your question.",
    },
    "talk.okay": {
        "de": "Gut! Haben Sie noch eine Frage? Dann schreiben Sie einfach.",
        "en": "Fine! Do you have another question? Just type it.",
    },
    "talk.emoji": {
        "de": "Schreiben Sie mir Ihre Frage gern in Worten. Oder tippen Sie unten auf einen Knopf.",
        "en": "Feel free to type your question in words. Or tap a button below.",
    },
    "talk.visit": {
        "de": (
            "Kann jemand nicht selbst ins Bürgeramt kommen? Dann hilft der <b>Vor-Ort-Service</b>: "
            "Ein Team des Bürgeramts kommt nach Hause oder ins Pflegeheim.\n"
            "Möchten Sie den Besuch gleich hier im Chat anfragen? Das dauert etwa 3 Minuten."
        ),
        "en": (
            "Can someone not come to the Bürgeramt themselves? Then the <b>Vor-Ort-Service</b> helps: "
            "a team of the Bürgeramt comes to their home or care home.\n"
            "Would you like to request the visit right here in the chat? It takes about 3 minutes."
        ),
    },
    "talk.visit_or": {
        "de": "Oder meinten Sie eines davon?",
        "en": "Or did you mean one of these?",
    },
}
