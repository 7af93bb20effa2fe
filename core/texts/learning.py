"""Texts of the FAQ review loop for staff (/lernen, /entwurf; `core/faq_learning.py`)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "learn.header": {
        "de": "📚 <b>Fragen, die der Bot nicht konnte</b> · Gruppe {position} von {groups} ({items} Fragen)",
        "en": "📚 <b>Questions the bot could not answer</b> · group {position} of {groups} ({items} questions)",
    },
    "learn.group": {
        "de": "❓ <b>{text}</b>\n{count}× gefragt · {kinds}",
        "en": "❓ <b>{text}</b>\nasked {count}× · {kinds}",
    },
    "learn.kind.unanswered": {"de": "{count}× ohne Antwort", "en": "{count}× not answered"},
    "learn.kind.suggestion": {"de": "{count}× „Meinten Sie“ gewählt", "en": "{count}× chose a suggestion"},
    "learn.kind.not_helpful": {"de": "{count}× 👎 nicht geholfen", "en": "{count}× 👎 not helpful"},
    "learn.variants": {"de": "Auch so gefragt: {variants}", "en": "Also asked as: {variants}"},
    "learn.entries": {"de": "Gewählt oder abgelehnt: {entries}", "en": "Chosen or disliked: {entries}"},
    "learn.tickets": {"de": "Anfragen: {tickets}", "en": "Tickets: {tickets}"},
    "learn.drafts_waiting": {
        "de": "📝 Offene Entwürfe: {count} (/entwurf)",
        "en": "📝 Open drafts: {count} (/entwurf)",
    },
    "learn.empty": {
        "de": "✅ Keine offenen Fragen. Die FAQ hat gerade nichts zu lernen.",
        "en": "✅ No open questions. Nothing for the FAQ to learn right now.",
    },
    "learn.pick_entry": {
        "de": "Zu welchem Eintrag passt „{text}“? Tippen Sie auf den Eintrag.",
        "en": "Which entry does “{text}” belong to? Tap the entry.",
    },
    "learn.no_candidates": {
        "de": "Kein Eintrag passt. Machen Sie aus einer Team-Antwort einen Entwurf (/entwurf).",
        "en": "No entry fits. Turn a team answer into a draft (/entwurf).",
    },
    "learn.added": {
        "de": "✅ „{text}“ ist jetzt eine Beispielfrage von „{title}“ ({entry}). Die FAQ ist neu geladen.",
        "en": "✅ “{text}” is now an example question of “{title}” ({entry}). The FAQ is reloaded.",
    },
    "learn.dismissed": {"de": "🙈 „{text}“ ist von der Liste.", "en": "🙈 “{text}” is off the list."},
    "learn.done": {"de": "Diese Frage ist schon erledigt.", "en": "This question has been dealt with already."},
    "learn.no_entry": {"de": "Den Eintrag „{entry}“ gibt es nicht.", "en": "There is no entry “{entry}”."},
    "learn.broken": {
        "de": (
            "⚠️ Die FAQ hat Fehler. Nichts wurde geändert; der Bot antwortet weiter mit der "
            "bisherigen FAQ.\n<code>{problems}</code>"
        ),
        "en": (
            "⚠️ The FAQ has errors. Nothing was changed; the bot keeps answering with the "
            "FAQ it had.\n<code>{problems}</code>"
        ),
    },
    "learn.refused": {
        "de": (
            "⚠️ Diese Frage kann so keine Beispielfrage werden. Nichts wurde geändert; "
            "die Frage bleibt auf der Liste.\n<code>{problems}</code>"
        ),
        "en": (
            "⚠️ This question cannot become an example question as it is. Nothing was changed; "
            "the question stays on the list.\n<code>{problems}</code>"
        ),
    },
    "learn.reloaded": {"de": "🔄 FAQ neu geladen: {count} Einträge.", "en": "🔄 FAQ reloaded: {count} entries."},
    "learn.draft": {
        "de": (
            "📝 <b>Entwurf {number}</b> (aus Anfrage #{ticket})\n"
            "ID: <code>{entry}</code>\nTitel: {title}\nFrage: {question}\nLink: {link}\n"
            "Antwort:\n{answer}\n\n"
            "Ergänzen: <code>/entwurf {number} titel …</code> · <code>/entwurf {number} link https://…</code>"
            " (auch: frage, antwort, id)"
        ),
        "en": (
            "📝 <b>Draft {number}</b> (from ticket #{ticket})\n"
            "ID: <code>{entry}</code>\nTitle: {title}\nQuestion: {question}\nLink: {link}\n"
            "Answer:\n{answer}\n\n"
            "Complete it: <code>/entwurf {number} title …</code> · <code>/entwurf {number} link https://…</code>"
            " (also: question, answer, id)"
        ),
    },
    "learn.missing": {"de": "– fehlt –", "en": "– missing –"},
    "learn.drafts": {"de": "📝 <b>Offene Entwürfe</b>", "en": "📝 <b>Open drafts</b>"},
    "learn.no_drafts": {"de": "Keine offenen Entwürfe.", "en": "No open drafts."},
    "learn.no_ticket": {"de": "Anfrage #{number} gibt es nicht.", "en": "There is no ticket #{number}."},
    "learn.no_answer": {
        "de": "Anfrage #{number} hat noch keine Antwort vom Team. Ein Entwurf braucht eine Antwort.",
        "en": "Ticket #{number} has no team answer yet. A draft needs one.",
    },
    "learn.no_draft": {"de": "Entwurf {number} gibt es nicht.", "en": "There is no draft {number}."},
    "learn.draft_field": {
        "de": "Unbekanntes Feld „{field}“. Möglich: titel, frage, antwort, link, id.",
        "en": "Unknown field “{field}”. Possible: title, question, answer, link, id.",
    },
    "learn.draft_done": {"de": "Entwurf {number} ist schon freigegeben.", "en": "Draft {number} is approved already."},
    "learn.draft_empty": {"de": "Bitte einen Text für „{field}“ angeben.", "en": "Please give a text for “{field}”."},
    "learn.draft_link": {
        "de": "Entwurf {number} braucht noch einen Link zur offiziellen Quelle: /entwurf {number} link https://…",
        "en": "Draft {number} still needs a link to the official source: /entwurf {number} link https://…",
    },
    "learn.draft_literal": {
        "de": (
            "Die Antwort nennt Beträge oder Telefonnummern direkt ({found}). Diese stehen in "
            "faq/facts.yaml; bitte dort als Platzhalter nehmen."
        ),
        "en": "The answer states amounts or phone numbers literally ({found}); use the placeholders of faq/facts.yaml.",
    },
    "learn.approved": {
        "de": "✅ Entwurf {number} ist freigegeben: neuer Eintrag „{entry}“. Die FAQ ist neu geladen.",
        "en": "✅ Draft {number} is approved: new entry “{entry}”. The FAQ is reloaded.",
    },
    "learn.draft_edited": {"de": "Entwurf {number} geändert.", "en": "Draft {number} changed."},
    "learn.usage_draft": {
        "de": "Bitte so: /entwurf (alle) · /entwurf 3 · /entwurf 3 link https://www.essen.de/…",
        "en": "Like this: /entwurf (all) · /entwurf 3 · /entwurf 3 link https://www.essen.de/…",
    },
    "learn.checked": {
        "de": "✅ „{id}“ geprüft. Nächste Prüfung: {due}.",
        "en": "✅ “{id}” checked. Next check: {due}.",
    },
    "learn.btn.example": {"de": "➕ Als Beispielfrage", "en": "➕ As example question"},
    "learn.btn.dismiss": {"de": "🙈 Verwerfen", "en": "🙈 Dismiss"},
    "learn.btn.next": {"de": "➡️ Nächste", "en": "➡️ Next"},
    "learn.btn.draft": {"de": "📝 Entwurf aus Antwort #{number}", "en": "📝 Draft from answer #{number}"},
    "learn.btn.approve": {"de": "✅ Freigeben", "en": "✅ Approve"},
    "learn.btn.reload": {"de": "🔄 FAQ neu laden", "en": "🔄 Reload FAQ"},
    "learn.btn.back": {"de": "↩️ Zurück", "en": "↩️ Back"},
}
