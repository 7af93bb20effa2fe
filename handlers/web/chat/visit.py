"""The Vor-Ort-Service request as an accessible web form: the chat's checks, consent and summary.

GET shows the form; "Prüfen" posts it and shows the problems next to their fields (and as a
list at the top) or the summary with the checklist; "Absenden" posts it again and sends the
request (keyed by the form's draft key: a second press sends nothing twice). The staff get the
same card as from Telegram; the receipt and later proposals arrive in the web chat.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from core.appointments import Appointment
from core.appointments.checklist import render_checklist
from core.appointments.form import MAX_PERSONS, FormResult, read_form
from core.appointments.model import PLACE_KINDS, REASONS, RELATIONSHIPS, SERVICES, TIMES
from core.appointments.render import render_summary
from core.appointments.request import NewRequest
from core.outbox import message_payload
from core.texts import t
from handlers.web import web_state
from handlers.web.chat.render import safe_html
from handlers.web.chat.routes import current, limits_of
from handlers.web.chat.session import Prefs, chat_of, same_origin, set_session_cookie

__all__ = ["visit_form", "visit_post"]

_KEY = re.compile(r"^[0-9a-f]{16}$")
_FIELDS = (
    "key",
    "for_whom",
    "reason",
    "reason_text",
    "service_text",
    "place_kind",
    "place",
    "contact_name",
    "phone",
    "times",
    "consent",
)


def _context(request: Request, values: dict[str, list[str]], result: FormResult | None) -> dict[str, Any]:
    prefs = Prefs.read(request)
    errors = {}
    if result is not None:
        errors = {name: t(key, prefs.lang, **details) for name, (key, details) in result.errors.items()}
    return {
        "lang": prefs.lang,
        "prefs": prefs,
        "t": t,
        "v": {name: (values.get(name) or [""])[0] for name in _FIELDS},
        "chosen": set(values.get("services") or ()),
        "names": (values.get("name") or []) + [""] * MAX_PERSONS,
        "years": (values.get("year") or []) + [""] * MAX_PERSONS,
        "errors": errors,
        "relationships": RELATIONSHIPS,
        "reasons": REASONS,
        "services": SERVICES,
        "places": PLACE_KINDS,
        "times": TIMES,
        "persons": MAX_PERSONS,
        "days": web_state(request).services.config.privacy.retention_days,
        "embed": request.query_params.get("embed") == "1",
    }


async def visit_form(request: Request) -> Response:
    """The empty form."""
    state = web_state(request)
    context = _context(request, {"key": [secrets.token_hex(8)]}, None)
    return state.templates.TemplateResponse(request, "chat/visit.html", context)


async def visit_post(request: Request) -> Response:
    """Check the form, show the summary, or send the request."""
    if not same_origin(request):
        return Response(status_code=403)
    state = web_state(request)
    services = state.services
    visitor = await current(request)
    if not limits_of(state).allow(request, visitor):
        return Response(t("web.too_many", Prefs.read(request).lang), status_code=429, media_type="text/plain")
    form = await request.form()
    values: dict[str, list[str]] = {}
    for name, value in form.multi_items():
        if isinstance(value, str):
            values.setdefault(name, []).append(value[:500])
    if not _KEY.match((values.get("key") or [""])[0]):
        values["key"] = [secrets.token_hex(8)]
    step = (values.get("step") or [""])[0]
    if step == "edit":  # back from the summary: the form with what was entered
        return state.templates.TemplateResponse(request, "chat/visit.html", _context(request, values, None))
    result = read_form(values, services.stops.today())
    context = _context(request, values, result)
    lang = context["lang"]
    if not result.ok:
        return state.templates.TemplateResponse(request, "chat/visit.html", context, status_code=422)
    draft = result.draft
    if step != "send":
        people = len(draft.get("applicants") or [])
        context["summary"] = safe_html(render_summary(draft, lang))
        context["checklist"] = safe_html(render_checklist(draft["services"], draft["for_whom"], lang, people))
        context["hidden"] = [
            (name, value) for name, items in values.items() for value in items if name != "step"
        ]
        return state.templates.TemplateResponse(request, "chat/visit_summary.html", context)
    request_data = NewRequest.from_draft(draft)
    chat = chat_of(state)
    visitor = visitor or await chat.start(lang)
    if await services.appointments.sent_today(visitor.citizen_id) >= services.config.limits.requests_per_day:
        limit, phone = services.config.limits.requests_per_day, services.config.office_hours.phone
        context["key_text"] = safe_html(t("vo.err.limit", lang, count=limit, phone=phone))
        return state.templates.TemplateResponse(request, "chat/notice_text.html", context, status_code=429)
    phone = services.config.office_hours.phone

    def receipt(a: Appointment) -> dict[str, Any]:
        return message_payload(t("vo.created", lang, reference=a.reference, phone=phone))

    appointment = await services.appointments.create(
        user_id=visitor.citizen_id,
        chat_id=visitor.citizen_id,
        language=lang,
        request=request_data,
        draft_key=f"web:{visitor.citizen_id}:{draft['key']}",
        receipt=receipt,
    )
    services.kick_outbox()
    context["reference"] = appointment.reference
    context["sent"] = safe_html(t("vo.created", lang, reference=appointment.reference, phone=phone))
    response = state.templates.TemplateResponse(request, "chat/visit_sent.html", context)
    set_session_cookie(response, request, state, visitor)
    return response
