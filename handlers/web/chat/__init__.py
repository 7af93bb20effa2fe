"""The citizens' web chat: the chat page and widget, the stops page, the Vor-Ort form, privacy.

One `WebPart` (`chat_part`), mounted by `bot/web.py`. The conversation itself is channel-free
(`core.webchat`); these routes only read the request, call it and render the page.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from core.texts import t
from handlers.web import WebPart, WebState, web_state
from handlers.web.chat import embed, mine, privacy, routes, stops, visit
from handlers.web.chat.routes import framed
from handlers.web.chat.session import ChatLimits, Prefs, origin_site

__all__ = ["chat_part"]

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent


async def _startup(state: WebState) -> None:
    state.extras["chat"] = ChatLimits(state.services.config.limits.messages_per_minute)
    settings = state.settings
    if settings.public_url and not settings.behind_tls:
        own = origin_site(settings.public_url)
        if any(origin_site(origin) != own for origin in settings.chat_embed_origins):
            logger.warning(
                "web.chat_embed_origins names another site but web.public_url is not https:"
                " browsers keep the widget's cookie only over https"
            )


async def widget(request: Request) -> Response:
    """For the city's web team: the snippet that embeds the chat (an iframe, no script)."""
    state = web_state(request)
    base = state.settings.public_url or f"{request.url.scheme}://{request.url.netloc}"
    lang = Prefs.read(request).lang
    snippet = (
        f'<iframe src="{html.escape(base)}/chat?embed=1" title="{html.escape(t("web.title", lang))}"'
        ' style="width:100%;max-width:46rem;height:42rem;border:1px solid #c8c8c8"'
        ' loading="lazy"></iframe>'
    )
    context = {"lang": lang, "t": t, "snippet": snippet}
    return state.templates.TemplateResponse(request, "chat/widget.html", context)


def chat_part() -> WebPart:
    """The web chat's routes under /chat."""
    return WebPart(
        "chat",
        [
            Route("/chat", framed(routes.chat_page), methods=["GET"], name="chat"),
            Route("/chat/send", framed(routes.send), methods=["POST"]),
            Route("/chat/press", framed(routes.press), methods=["POST"]),
            Route("/chat/resume", framed(routes.resume), methods=["POST"]),
            Route("/chat/code", framed(routes.new_code), methods=["POST"]),
            Route("/chat/abmelden", framed(routes.sign_out), methods=["POST"]),
            Route("/chat/events", framed(routes.events), methods=["GET"]),
            Route("/chat/probe", framed(embed.probe), methods=["GET", "POST"]),
            Route("/chat/widget", widget, methods=["GET"]),
            Route("/chat/stops", framed(stops.stops_page), methods=["GET"]),
            Route("/chat/stops/{stop_id}.ics", framed(stops.stop_calendar), methods=["GET"]),
            Route("/chat/vorort", framed(visit.visit_form), methods=["GET"]),
            Route("/chat/vorort", framed(visit.visit_post), methods=["POST"]),
            Route("/chat/anfragen", framed(mine.overview), methods=["GET"]),
            Route("/chat/anfragen/{number}/absagen", framed(mine.cancel_form), methods=["GET"]),
            Route("/chat/anfragen/{number}/absagen", framed(mine.cancel_post), methods=["POST"]),
            Route("/chat/anfragen/{number}/termin", framed(mine.date_form), methods=["GET"]),
            Route("/chat/anfragen/{number}/termin", framed(mine.date_post), methods=["POST"]),
            Route("/chat/anfragen/{number}/antwort", framed(mine.answer_form), methods=["GET"]),
            Route("/chat/anfragen/{number}/antwort", framed(mine.answer_post), methods=["POST"]),
            Route("/chat/anfragen/fragen/{number}/erledigt", framed(mine.ticket_done), methods=["POST"]),
            Route("/chat/meinedaten", framed(privacy.my_data), methods=["GET"]),
            Route("/chat/loeschen", framed(privacy.delete_data), methods=["POST"]),
            Route("/chat/dateien/{message_id}", framed(privacy.file_download), methods=["GET"]),
            Mount("/chat/static", app=StaticFiles(directory=HERE / "static"), name="chat_static"),
        ],
        templates=HERE / "templates",
        startup=_startup,
    )
