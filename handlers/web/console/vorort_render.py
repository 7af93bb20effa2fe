"""Rendering the Vor-Ort pages: the console's shared context plus the Vor-Ort words and labels."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from core.staff_accounts import SignedIn
from core.texts import t
from handlers.web.console.render import language_of, page
from handlers.web.console.vorort_texts import vorort_words

__all__ = ["vo_page"]


async def vo_page(
    request: Request, session: SignedIn, template: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """A Vor-Ort page: `t` has the Vor-Ort words, `label(key)` the core's texts (already safe HTML)."""
    lang = language_of(request)

    def label(key: str, **values: object) -> Markup:
        return Markup(t(key, lang, **values))  # core texts escape their values themselves

    shared = {"t": vorort_words(lang), "label": label}
    return await page(request, session, template, {**shared, **context}, status_code=status_code)
