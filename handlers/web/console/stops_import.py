"""Upload a month's stop plan in the console: check, preview every change, then apply.

The upload is checked by the same core as the group's document import (`services.stops`:
limits in a worker thread, errors by line). Nothing is written before the staff member
confirms the preview; the file waits as a draft in the database (core/stops/drafts.py: an
hour, tied to the account, so it survives a restart), and "apply" checks it again and refuses
when the preview's fingerprint no longer matches (the plan changed). A second "apply" applies
nothing and says so; an expired preview says so too.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.staff_accounts import SignedIn
from core.stops.import_preview import ImportPreview
from core.stops.service import StopActionError
from core.stops.upload import MAX_IMPORT_BYTES, format_of
from handlers.web.app import web_state
from handlers.web.console.auth import BASE, staff_page
from handlers.web.console.render import page
from handlers.web.console.stops import ROLE, WEB_SUFFIX
from handlers.web.console.stops_show import stop_context

__all__ = ["import_apply", "import_form", "import_upload"]

MAX_NAME = 120
GONE = ("gone", "expired", "applied")
"""Why an apply found no draft: unknown (or another account's), expired, applied already."""


async def _import_page(
    request: Request, session: SignedIn, context: dict[str, Any], status_code: int = 200
) -> Response:
    stops = web_state(request).services.stops
    shared = stop_context(request, stops.now())
    values = {"kb": MAX_IMPORT_BYTES // 1024, "preview": None, "token": "", "problem": "", "failure": ""}
    values.update(context)
    template = "console/stops_import.html"
    return await page(request, session, template, {**shared, **values}, status_code=status_code)


@staff_page(ROLE)
async def import_form(request: Request, session: SignedIn) -> Response:
    """The upload form."""
    error = request.query_params.get("error", "")
    problem = f"import.{error}" if error in GONE else ""
    return await _import_page(request, session, {"problem": problem})


async def _read(upload: UploadFile) -> bytes | None:
    """The file's bytes, or None when it is larger than an import may be."""
    data = await upload.read(MAX_IMPORT_BYTES + 1)
    return None if len(data) > MAX_IMPORT_BYTES else data


@staff_page(ROLE)
async def import_upload(request: Request, session: SignedIn) -> Response:
    """Check an uploaded file and show the preview of every change (nothing is written)."""
    form = await request.form()  # the guard closes it (and the spooled file) afterwards
    return await _check(request, session, form.get("file"))


async def _check(request: Request, session: SignedIn, upload: object) -> Response:
    stops = web_state(request).services.stops
    if not isinstance(upload, UploadFile) or not upload.filename:
        return await _import_page(request, session, {"problem": "import.no_file"}, status_code=400)
    name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:MAX_NAME]
    fmt = format_of(name)
    if fmt is None:
        return await _import_page(request, session, {"problem": "import.bad_type"}, status_code=400)
    data = await _read(upload)
    if data is None:
        return await _import_page(request, session, {"problem": "import.too_big"}, status_code=413)
    preview = await stops.preview_import(name, data, fmt)
    token = ""
    if preview.ok:
        token = (await stops.drafts.put(session.account.id, name, fmt, data, stops.now())).token
    return await _import_page(
        request, session, _preview_context(preview, token), status_code=200 if preview.ok else 422
    )


def _preview_context(preview: ImportPreview, token: str) -> dict[str, Any]:
    return {"preview": preview, "token": token, "months": ", ".join(preview.result.months())}


@staff_page(ROLE)
async def import_apply(request: Request, session: SignedIn) -> Response:
    """Apply a previewed upload if its preview still holds; else the new preview."""
    services = web_state(request).services
    stops = services.stops
    chat = services.config.staff.chat_id
    announce = (chat, session.actor.name + WEB_SUFFIX) if chat is not None else None
    form = await request.form()
    token, fingerprint = str(form.get("token") or ""), str(form.get("fingerprint") or "")
    await stops.reload_if_changed()
    try:
        outcome = await stops.apply_draft(
            token, session.account.id, fingerprint, session.actor, announce=announce
        )
    except StopActionError as exc:
        return await _import_page(request, session, {"problem": "", "failure": str(exc)}, status_code=409)
    preview = outcome.preview
    if preview is None:
        reason = "gone" if outcome.outcome == "unknown" else outcome.outcome
        return RedirectResponse(f"{BASE}/stops/import?error={reason}", status_code=303)
    if outcome.outcome == "changed":
        context = {**_preview_context(preview, token if preview.ok else ""), "problem": "import.changed"}
        return await _import_page(request, session, context, status_code=409)
    services.kick_outbox()
    first = preview.result.months()[0]
    return RedirectResponse(f"{BASE}/stops?month={first}&done=imported", status_code=303)
