"""The routes of the console's stop-plan pages (added to `console_part()`)."""

from __future__ import annotations

from starlette.routing import Route

from handlers.web.console.auth import BASE
from handlers.web.console.stops import (
    change_progress,
    change_rows,
    month_page,
    stop_cancel,
    stop_change_form,
    stop_move,
)
from handlers.web.console.stops_import import import_apply, import_form, import_upload

__all__ = ["stop_routes"]


def stop_routes() -> list[Route]:
    """Month view, import, cancel/move with preview, and the sending progress."""
    return [
        Route(f"{BASE}/stops", month_page, methods=["GET"], name="console_stops"),
        Route(f"{BASE}/stops/import", import_form, methods=["GET"], name="console_stops_import"),
        Route(f"{BASE}/stops/import", import_upload, methods=["POST"]),
        Route(f"{BASE}/stops/import/apply", import_apply, methods=["POST"]),
        Route(f"{BASE}/stops/changes/{{change_id:int}}", change_progress, methods=["GET"]),
        Route(f"{BASE}/stops/changes/{{change_id:int}}/progress", change_rows, methods=["GET"]),
        Route(f"{BASE}/stops/{{stop_id}}/{{kind}}", stop_change_form, methods=["GET"]),
        Route(f"{BASE}/stops/{{stop_id}}/cancel", stop_cancel, methods=["POST"]),
        Route(f"{BASE}/stops/{{stop_id}}/move", stop_move, methods=["POST"]),
    ]
