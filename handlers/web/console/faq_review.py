"""The FAQ review page of the console: what the bot could not answer, drafts, entries due for review.

The same core calls as /lernen in the staff group (`core.faq_learning.FaqLearning`): add a group
of questions as an example question, dismiss it, a draft entry from a staff answer, complete
and approve it, and "checked today" for entries and facts due for review. Every action is a POST
with the CSRF token, then a redirect back with `?done=`; a refused one shows the page again
with the reason (e.g. the overlay's file and key), and nothing is changed.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.faq_learning import FaqLearning, LearningError
from core.ids import parse_id
from core.staff_accounts import SignedIn
from core.texts import t as core_text
from handlers.web.app import web_state
from handlers.web.console.auth import BASE, staff_page
from handlers.web.console.faq_review_texts import faq_words
from handlers.web.console.render import language_of, page

__all__ = ["faq_act", "faq_page"]

PAGE = f"{BASE}/faq"
MAX_FIELD = 4000
DONE = ("added", "dismissed", "draft", "saved", "approved", "checked")


def _learning(request: Request) -> FaqLearning:
    learning = web_state(request).services.learning
    assert learning is not None, "create_services sets the review loop"
    return learning


async def _context(request: Request) -> dict[str, Any]:
    learning = _learning(request)
    faq = web_state(request).services.faq
    groups = await learning.groups(limit=30)
    rows = []
    for group in groups:
        candidates = learning.candidates(group)
        chosen = {entry.id for entry in candidates}
        others = sorted((e for e in faq.entries if e.id not in chosen), key=lambda e: e.title)
        rows.append(
            {
                "group": group,
                "candidates": candidates,
                "others": others,
                "answered": await learning.answered_tickets(group),
            }
        )
    words = faq_words(language_of(request))
    drafts = await learning.drafts()
    return {"groups": rows, "drafts": drafts, "due": learning.due(), "f": words, "error": None}


@staff_page("agent")
async def faq_page(request: Request, session: SignedIn) -> Response:
    """The review page."""
    done = request.query_params.get("done", "")
    context = await _context(request)
    context["done"] = done if done in DONE else ""
    return await page(request, session, "console/faq_review.html", context)


async def _refused(request: Request, session: SignedIn, exc: LearningError) -> Response:
    # t() escapes every value; its templates hold only <b> and <code>
    message = Markup(core_text(exc.key, language_of(request), **exc.values))
    context = {**await _context(request), "done": "", "error": message}
    return await page(request, session, "console/faq_review.html", context, status_code=409)


def _text(form: Any, name: str) -> str:
    return str(form.get(name) or "")[:MAX_FIELD]


@staff_page("agent")
async def faq_act(request: Request, session: SignedIn) -> Response:
    """One action of the review page (`/console/faq/{action}`)."""
    learning = _learning(request)
    action = str(request.path_params["action"])
    form = await request.form()
    number = parse_id(_text(form, "id"), max_digits=12)
    who = session.actor
    try:
        if action == "example" and number is not None:
            await learning.add_example(number, _text(form, "entry"), who)
            done = "added"
        elif action == "dismiss" and number is not None:
            await learning.dismiss(number, who)
            done = "dismissed"
        elif action == "draft" and number is not None:
            await learning.draft_from_ticket(number, who)
            done = "draft"
        elif action == "save" and number is not None:
            for field in ("title", "question", "answer", "link", "entry_id"):
                value = _text(form, field).strip()
                draft = await learning.draft(number)
                if value and value != (getattr(draft, field) or ""):
                    await learning.edit_draft(number, field, value, who)
            done = "saved"
        elif action == "approve" and number is not None:
            await learning.approve(number, who)
            done = "approved"
        elif action == "checked":
            await learning.mark_checked(_text(form, "kind"), _text(form, "item"), who)
            done = "checked"
        else:
            return RedirectResponse(PAGE, status_code=303)
    except LearningError as exc:
        return await _refused(request, session, exc)
    return RedirectResponse(f"{PAGE}?done={done}", status_code=303)
