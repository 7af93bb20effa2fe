"""'Meine Anfragen' in the web chat: the citizen's tickets and Vor-Ort requests, with their state.

A proposed date gets "Passt" and "Passt nicht" (with a wish for another date), a proposal with
several dates one button per date (on the date page a radio group) and "Keiner passt", an open request
"Absagen" (with a reason, asked once more before it is done), a team question "Antworten", an
answered ticket "Erledigt". Each is a plain form (works without JavaScript) that calls the
same core service as the Telegram buttons (`core.webchat.requests`); the page then shows what
happened (a message in the chat too).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.appointments import AppointmentError, InputError
from core.ids import parse_id
from core.texts import t
from core.webchat import Visitor
from core.webchat.requests import check_note, problem_text
from handlers.web import web_state
from handlers.web.chat.render import safe_html
from handlers.web.chat.routes import current, limits_of
from handlers.web.chat.session import Prefs, chat_of, same_origin

__all__ = [
    "answer_form",
    "answer_post",
    "cancel_form",
    "cancel_post",
    "date_form",
    "date_post",
    "overview",
    "ticket_done",
]

PAGE = "/chat/anfragen"
_DONE = {"cancelled", "accepted", "declined", "answered", "closed"}
"""What a redirect back to the list may announce (?ok=…), nothing else."""


def _context(request: Request, visitor: Visitor | None, **more: Any) -> dict[str, Any]:
    prefs = Prefs.read(request)
    lang = visitor.language if visitor is not None else prefs.lang
    return {"lang": lang, "prefs": prefs, "t": t, **more}


async def overview(request: Request) -> Response:
    """The list: Vor-Ort requests first (as in Telegram's /meineanfragen), then the tickets."""
    state = web_state(request)
    visitor = await current(request)
    context = _context(request, visitor, requests=[], tickets=[], done=None)
    if visitor is not None:
        mine = chat_of(state).requests
        lang = visitor.language
        context["requests"] = [
            {"r": r, "html": safe_html(r.line)} for r in await mine.requests_of(visitor.citizen_id, lang)
        ]
        context["tickets"] = [
            {"k": k, "html": safe_html(k.line)} for k in await mine.tickets_of(visitor.citizen_id, lang)
        ]
        done = request.query_params.get("ok", "")
        context["done"] = f"web.mine.done.{done}" if done in _DONE else None
    return state.templates.TemplateResponse(request, "chat/mine.html", context)


def _back(done: str) -> Response:
    return RedirectResponse(f"{PAGE}?ok={done}#anfragen", status_code=303)


def _problem(request: Request, visitor: Visitor, text: str, status: int = 409) -> Response:
    state = web_state(request)
    context = _context(request, visitor, key_text=safe_html(text))
    return state.templates.TemplateResponse(request, "chat/notice_text.html", context, status_code=status)


async def _guarded(request: Request) -> tuple[Visitor | None, int | None, Response | None]:
    """The visitor and the request number of the path; or the answer that refuses."""
    if request.method == "POST" and not same_origin(request):
        return None, None, Response(status_code=403)
    visitor = await current(request)
    if visitor is None:
        return None, None, RedirectResponse(PAGE, status_code=303)
    if request.method == "POST" and not limits_of(web_state(request)).allow(request, visitor):
        return visitor, None, _problem(request, visitor, t("web.too_many", visitor.language), 429)
    number = parse_id(str(request.path_params.get("number", "")))
    if number is None:
        return visitor, None, _problem(request, visitor, t("vo.not_found", visitor.language), 404)
    return visitor, number, None


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: value[: 4 * 500] for key, value in form.items() if isinstance(value, str)}


# -- cancel a request --------------------------------------------------------------------------------
async def cancel_form(request: Request) -> Response:
    """ "Really cancel?" with an optional reason."""
    visitor, number, refused = await _guarded(request)
    if refused is not None or visitor is None or number is None:
        return refused or Response(status_code=400)
    return await _cancel_page(request, visitor, number, "", None)


async def _cancel_page(
    request: Request, visitor: Visitor, number: int, reason: str, error: str | None
) -> Response:
    requests = chat_of(web_state(request)).requests
    lang = visitor.language
    try:
        a = await requests.request(visitor.citizen_id, number)
        if not a.is_open:
            raise AppointmentError("not_open", a)
    except AppointmentError as problem:
        return _problem(request, visitor, problem_text(problem, lang))
    context = _context(
        request, visitor, a=a, ask=safe_html(requests.cancel_question(a, lang)), reason=reason, error=error
    )
    status = 422 if error else 200
    return web_state(request).templates.TemplateResponse(
        request, "chat/mine_cancel.html", context, status_code=status
    )


async def cancel_post(request: Request) -> Response:
    """Cancel it, with the reason (optional), through the core service the Telegram side uses."""
    visitor, number, refused = await _guarded(request)
    if refused is not None or visitor is None or number is None:
        return refused or Response(status_code=400)
    form = await _form(request)
    lang = visitor.language
    try:
        reason = check_note(form.get("reason"))
    except InputError as error:
        return await _cancel_page(
            request, visitor, number, form.get("reason", ""), _input_problem(error, lang)
        )
    try:
        await chat_of(web_state(request)).requests.cancel(visitor.citizen_id, number, reason, lang)
    except AppointmentError as problem:
        return _problem(request, visitor, problem_text(problem, lang))
    return _back("cancelled")


# -- a proposed date -----------------------------------------------------------------------------
async def date_form(request: Request) -> Response:
    """The proposed date: "Passt", or "Passt nicht" with a wish for another date."""
    visitor, number, refused = await _guarded(request)
    if refused is not None or visitor is None or number is None:
        return refused or Response(status_code=400)
    return await _date_page(request, visitor, number, parse_id(request.query_params.get("seq", "")), "", None)


async def _date_page(
    request: Request,
    visitor: Visitor,
    number: int,
    seq: int | None,
    wish: str,
    error: str | None,
    choose_error: str | None = None,
) -> Response:
    requests = chat_of(web_state(request)).requests
    lang = visitor.language
    try:
        a = await requests.request(visitor.citizen_id, number)
        if seq is None or a.status != "termin_vorgeschlagen" or a.proposal_seq != seq:
            raise AppointmentError("stale", a)
    except AppointmentError as problem:
        return _problem(request, visitor, problem_text(problem, lang))
    context = _context(
        request,
        visitor,
        a=a,
        seq=seq,
        when=requests.when(a, lang),
        options=requests.option_whens(a, lang),
        wish=wish,
        error=error,
        choose_error=choose_error,
    )
    status = 422 if error or choose_error else 200
    return web_state(request).templates.TemplateResponse(
        request, "chat/mine_date.html", context, status_code=status
    )


async def date_post(request: Request) -> Response:
    """Accept the date, or decline it with the wish; a stale proposal is refused by the core."""
    visitor, number, refused = await _guarded(request)
    if refused is not None or visitor is None or number is None:
        return refused or Response(status_code=400)
    form = await _form(request)
    lang = visitor.language
    seq = parse_id(form.get("seq", ""))
    if seq is None:
        return _problem(request, visitor, t("vo.proposal_gone", lang))
    requests = chat_of(web_state(request)).requests
    try:
        if form.get("answer") == "yes" or "option" in form:
            option = parse_id(form.get("option", ""), max_digits=1, minimum=0) if "option" in form else None
            a = await requests.request(visitor.citizen_id, number)
            if option is None and requests.choices(a, lang):
                missing = t("web.vo.choose_missing", lang)
                return await _date_page(request, visitor, number, seq, "", None, missing)
            await requests.accept(visitor.citizen_id, number, seq, lang, option=option)
            return _back("accepted")
        try:
            wish = check_note(form.get("wish"))
        except InputError as error:
            return await _date_page(
                request, visitor, number, seq, form.get("wish", ""), _input_problem(error, lang)
            )
        await requests.decline(visitor.citizen_id, number, seq, wish, lang)
    except AppointmentError as problem:
        return _problem(request, visitor, problem_text(problem, lang))
    return _back("declined")


# -- answer a question of the team ---------------------------------------------------------------
async def answer_form(request: Request) -> Response:
    """The team asked something about the request: a text field for the answer."""
    visitor, number, refused = await _guarded(request)
    if refused is not None or visitor is None or number is None:
        return refused or Response(status_code=400)
    return await _answer_page(request, visitor, number, "", None)


async def _answer_page(
    request: Request, visitor: Visitor, number: int, text: str, error: str | None
) -> Response:
    requests = chat_of(web_state(request)).requests
    try:
        a = await requests.request(visitor.citizen_id, number)
        if not a.is_open:
            raise AppointmentError("not_open", a)
    except AppointmentError as problem:
        return _problem(request, visitor, problem_text(problem, visitor.language))
    context = _context(request, visitor, a=a, text=text, error=error)
    status = 422 if error else 200
    return web_state(request).templates.TemplateResponse(
        request, "chat/mine_answer.html", context, status_code=status
    )


async def answer_post(request: Request) -> Response:
    """Send the answer to the team (a note in the staff chat)."""
    visitor, number, refused = await _guarded(request)
    if refused is not None or visitor is None or number is None:
        return refused or Response(status_code=400)
    form = await _form(request)
    lang = visitor.language
    try:
        text = check_note(form.get("text"), required=True)
    except InputError as error:
        return await _answer_page(request, visitor, number, form.get("text", ""), _input_problem(error, lang))
    assert text is not None
    try:
        await chat_of(web_state(request)).requests.reply(visitor.citizen_id, number, text, lang)
    except AppointmentError as problem:
        return _problem(request, visitor, problem_text(problem, lang))
    return _back("answered")


# -- a ticket --------------------------------------------------------------------------------------
async def ticket_done(request: Request) -> Response:
    """ "Erledigt" for an answered ticket."""
    visitor, number, refused = await _guarded(request)
    if refused is not None or visitor is None or number is None:
        return refused or Response(status_code=400)
    await chat_of(web_state(request)).requests.done(visitor.citizen_id, number, visitor.language)
    return _back("closed")


def _input_problem(error: InputError, lang: str) -> str:
    return t(f"vo.err.{error.code}", lang, **error.details)
