"""The words of the console's FAQ review page: German first, English second."""

from __future__ import annotations

__all__ = ["FAQ_TEXTS", "faq_words"]

FAQ_TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "title": "FAQ-Pflege",
        "intro": (
            "Hier lernt die FAQ aus dem, was der Bot nicht konnte. Freigegebene Änderungen stehen in der "
            "Zusatzdatei der FAQ und gelten sofort."
        ),
        "groups": "Fragen ohne sichere Antwort",
        "groups.none": "Keine offenen Fragen. Die FAQ hat gerade nichts zu lernen.",
        "asked": "× gefragt",
        "kind.unanswered": "ohne Antwort",
        "kind.suggestion": "„Meinten Sie“ gewählt",
        "kind.not_helpful": "👎 nicht geholfen",
        "variants": "Auch so gefragt",
        "tickets": "Anfragen",
        "entry": "Passender Eintrag",
        "entry.best": "Beste Treffer",
        "entry.all": "Alle Einträge",
        "example": "Als Beispielfrage hinzufügen",
        "dismiss": "Verwerfen",
        "draft.from": "Entwurf aus der Antwort zu #",
        "drafts": "Entwürfe aus Team-Antworten",
        "drafts.none": "Keine offenen Entwürfe.",
        "draft": "Entwurf",
        "draft.ticket": "aus Anfrage",
        "field.title": "Titel",
        "field.question": "Beispielfrage",
        "field.answer": "Antwort",
        "field.link": "Link zur offiziellen Quelle",
        "field.entry_id": "ID (Kleinbuchstaben, Ziffern, -)",
        "save": "Speichern",
        "approve": "Freigeben",
        "due": "Zur Prüfung fällig",
        "due.none": "Nichts ist in den nächsten 30 Tagen zur Prüfung fällig.",
        "due.overdue": "überfällig seit",
        "due.coming": "fällig am",
        "due.entry": "Eintrag",
        "due.fact": "Fakt",
        "due.sources": "Quellen",
        "checked": "Heute geprüft",
        "done.added": "Die Frage ist jetzt eine Beispielfrage. Die FAQ ist neu geladen.",
        "done.dismissed": "Die Frage ist von der Liste.",
        "done.draft": "Der Entwurf ist angelegt. Bitte Titel und Link ergänzen, dann freigeben.",
        "done.saved": "Der Entwurf ist gespeichert.",
        "done.approved": "Der Entwurf ist freigegeben und jetzt ein Eintrag der FAQ.",
        "done.checked": "Das Prüfdatum ist eingetragen.",
    },
    "en": {
        "title": "FAQ care",
        "intro": (
            "Here the FAQ learns from what the bot could not answer. Approved changes go into the FAQ's "
            "overlay file and apply at once."
        ),
        "groups": "Questions without a sure answer",
        "groups.none": "No open questions. Nothing for the FAQ to learn right now.",
        "asked": "× asked",
        "kind.unanswered": "not answered",
        "kind.suggestion": "chose a suggestion",
        "kind.not_helpful": "👎 not helpful",
        "variants": "Also asked as",
        "tickets": "Tickets",
        "entry": "Matching entry",
        "entry.best": "Best matches",
        "entry.all": "All entries",
        "example": "Add as example question",
        "dismiss": "Dismiss",
        "draft.from": "Draft from the answer to #",
        "drafts": "Drafts from team answers",
        "drafts.none": "No open drafts.",
        "draft": "Draft",
        "draft.ticket": "from ticket",
        "field.title": "Title",
        "field.question": "Example question",
        "field.answer": "Answer",
        "field.link": "Link to the official source",
        "field.entry_id": "ID (lower-case letters, digits, -)",
        "save": "Save",
        "approve": "Approve",
        "due": "Due for review",
        "due.none": "Nothing is due for review in the next 30 days.",
        "due.overdue": "overdue since",
        "due.coming": "due on",
        "due.entry": "Entry",
        "due.fact": "Fact",
        "due.sources": "Sources",
        "checked": "Checked today",
        "done.added": "The question is now an example question. The FAQ is reloaded.",
        "done.dismissed": "The question is off the list.",
        "done.draft": "The draft is made. Please add the title and the link, then approve it.",
        "done.saved": "The draft is saved.",
        "done.approved": "The draft is approved and now an entry of the FAQ.",
        "done.checked": "The review date is recorded.",
    },
}


def faq_words(language: str) -> dict[str, str]:
    """The page's texts in a language (German when unknown)."""
    return FAQ_TEXTS.get(language, FAQ_TEXTS["de"])
