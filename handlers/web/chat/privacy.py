"""The web citizen's privacy rights in the page: download everything (JSON), delete everything."""

from __future__ import annotations

import base64
import json

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.ids import parse_id
from core.texts import t
from handlers.web import web_state
from handlers.web.chat.routes import current
from handlers.web.chat.session import COOKIE, Prefs, chat_of, same_origin, set_chat_cookie

__all__ = ["delete_data", "file_download", "my_data"]


async def my_data(request: Request) -> Response:
    """Everything stored about this chat's citizen, from every data owner, as a JSON file."""
    visitor = await current(request)
    if visitor is None:
        return RedirectResponse("/chat", status_code=303)
    services = web_state(request).services
    data = await services.privacy.export_everything(visitor.citizen_id)
    await services.privacy.record("data_exported", actor_name="citizen")
    body = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    return Response(
        body,
        media_type="application/json; charset=utf-8",
        headers={
            "content-disposition": 'attachment; filename="meine-daten.json"',
            "cache-control": "no-store",
        },
    )


async def delete_data(request: Request) -> Response:
    """Ask once, then delete through every data owner and end the session."""
    if not same_origin(request):
        return Response(status_code=403)
    state = web_state(request)
    visitor = await current(request)
    prefs = Prefs.read(request)
    if visitor is None:
        return RedirectResponse("/chat", status_code=303)
    form = await request.form()
    context = {"lang": visitor.language, "prefs": prefs, "t": t}
    if form.get("confirm") != "yes":
        return state.templates.TemplateResponse(request, "chat/delete.html", context)
    await state.services.privacy.delete_everything(visitor.citizen_id)
    state.services.kick_outbox()  # the staff chat hears about open tickets that went
    response = state.templates.TemplateResponse(request, "chat/deleted.html", context)
    set_chat_cookie(response, request, state, COOKIE, "", 0, private=True)
    return response


async def file_download(request: Request) -> Response:
    """A file the bot sent in the chat (e.g. the calendar file of a confirmed visit)."""
    visitor = await current(request)
    message_id = parse_id(str(request.path_params["message_id"]))
    if visitor is None or message_id is None:
        return Response(status_code=404)
    message = await chat_of(web_state(request)).message(visitor, message_id)
    document = message.payload.get("document") if message is not None else None
    if not isinstance(document, dict):
        return Response(status_code=404)
    name = "".join(ch for ch in str(document.get("filename") or "datei") if ch.isalnum() or ch in "._-")[:80]
    content = base64.b64decode(str(document.get("content") or ""))
    media = "text/calendar" if name.endswith(".ics") else "application/octet-stream"
    return Response(
        content, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'}
    )
