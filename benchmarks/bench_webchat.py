"""Benchmark 8: 100 concurrent web chats, the first answer over the event stream, and memory.

The server runs in its own process (`python -m benchmarks.bench_webchat serve bot DIR`): the
services from `create_services` and the web chat part on uvicorn, on a SQLite file, as
`python -m bot run` serves them (without the Telegram application, which a question in the
web chat does not touch). This process plays the browsers with httpx, each chat with its own
cookie and, as nginx would set it, its own X-Forwarded-For address (the trusted proxy is
127.0.0.1, so the per-address limits count each citizen on their own):

1. connect: each chat sends "Hallo" as the page's script does (`X-Chat-Script: 1`, 204), then
   opens `/chat/events` (server-sent events) and waits for the reply;
2. rounds: every chat sends an FAQ example question at the same moment (a burst of 100) and
   waits; the figure is the time from the post until the first bot message after the
   citizen's own one arrives on its event stream (p50, p95; the issue's goal: p95 < 500 ms);
   a warm-up burst before it is not measured (the first English question builds the English
   matcher, about 3 s of CPU once per process);
3. steady: each chat asks again after a random think time (5 s on average, so 100 chats send
   about 20 questions a second), the same figure (goal: p95 < 500 ms);
4. without JavaScript: one burst of form posts (303) each followed by the page (GET /chat)
   that shows the answer;
5. staff replies: every chat sends a question the FAQ cannot answer and "Ja, an das Team
   senden"; then the server process answers every ticket as staff would
   (`TicketService.answer`, what a reply in the staff group calls, one every 50 ms), and each
   page measures from that moment until the answer arrives on its event stream (goal: < 3 s).

The baseline, in the same run and with the same clients: a bare Starlette app on the same
uvicorn setup that echoes each post as two events (the citizen's message, a bot message):
what HTTP, SSE and the clients cost without the bot. Memory is the server's resident size
(psutil) when started, with 100 chats connected, and after the rounds; CPU is the server
process's user + system time per answer. Both processes share the machine's cores, so the
latencies also show what else runs (the JSON keeps the load average).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil  # type: ignore[import-untyped]

from benchmarks.common import STAFF_CHAT, STAFF_ID, figure, percentile, questions_from_faq, result
from faq import DEFAULT_FAQ_PATH, load_faq

__all__ = ["run"]

ROOT = Path(__file__).resolve().parents[1]
P95_TARGET_MS = 500.0
THINK_SECONDS = 5.0
WARM_UP = ("Was kostet ein Personalausweis?", "How much is an ID card?", "Wo ist das Bürgerbüro?")
_EVENT_ID = re.compile(r'id="m(\d+)"')
_SENT = re.compile(r"Antwort (\d+\.\d+)")
ESCALATED = "Darf ich im Garten ein Baumhaus bauen?"
STAFF_PACE = 0.05
STAFF_TARGET_S = 3.0
PROFILE_ENV = "BENCH_WEBCHAT_PROFILE"


# -- the server process ---------------------------------------------------------------------------
async def _serve_bot(directory: Path) -> None:
    from core.config import load_config
    from core.services import create_services
    from handlers.web import create_app, running_server
    from handlers.web.chat import chat_part

    config = load_config(
        None,
        overrides={
            "storage": {"database": str(directory / "webchat.sqlite3")},
            "staff": {"chat_id": STAFF_CHAT},
            "limits": {"messages_per_minute": 120},  # the chats ask faster than people type
        },
    )
    services = await create_services(config)
    try:
        app = create_app(services, [chat_part()], b"bench-webchat-key-" * 2)
        # no Telegram here: the outbox sends through the router (the web inbox; rows for the staff
        # group wait for a channel that never connects)
        services.outbox.sender = services.channels
        handled: list[float] = []
        async with running_server(_timed(app, handled), "127.0.0.1", 0) as url:
            await _staff_desk(url, services, handled)
    finally:
        await services.close()


def _timed(app: Any, handled: list[float]) -> Any:
    """The app, noting for each script post to /chat/send the seconds from its arrival to its answer.

    The answer (204) goes out after the turn's commit, when the answer is already on its way to the
    page: this is the bot's own share of the first answer, without the clients and the network.
    """

    async def timed(scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("path") != "/chat/send":
            await app(scope, receive, send)
            return
        started = time.perf_counter()

        async def noted(message: Any) -> None:
            if message.get("type") == "http.response.start":
                handled.append(time.perf_counter() - started)
            await send(message)

        await app(scope, receive, noted)

    return timed


async def _staff_desk(url: str, services: Any, handled: list[float]) -> None:
    """Print the URL; on each line "answer" from stdin answer every waiting ticket as staff would.

    Each answer is `TicketService.answer` (what a reply in the staff group calls), one every
    STAFF_PACE seconds, its text carrying the moment it was sent; the outbox delivers it. On
    "handled" it prints the times noted by `_timed` since the last time (and forgets them).
    """
    from core.staff import StaffActor

    print(json.dumps({"url": url}), flush=True)
    loop = asyncio.get_running_loop()
    actor = StaffActor(STAFF_ID, "Benchmark")
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        if line.strip() == "handled":
            print(json.dumps({"handled": handled[:]}), flush=True)
            handled.clear()
            continue
        if line.strip() != "answer":
            continue
        waiting = await services.tickets.unanswered(limit=10_000)
        for ticket, _ in waiting:
            await services.tickets.answer(ticket.id, actor, f"Antwort {time.time():.6f}")
            services.kick_outbox()
            await asyncio.sleep(STAFF_PACE)
        print(json.dumps({"answered": len(waiting)}), flush=True)


async def _serve_echo() -> None:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response, StreamingResponse
    from starlette.routing import Route

    from handlers.web import running_server

    queues: dict[str, asyncio.Queue[str]] = {}
    ids = itertools.count(1)

    async def send(request: Request) -> Response:
        sid = request.cookies.get("sid") or f"s{next(ids)}"
        text = str((await request.form()).get("text", ""))
        queue = queues.setdefault(sid, asyncio.Queue())
        queue.put_nowait(f'<div class="msg msg-mine" id="m{next(ids)}">{text}</div>')
        queue.put_nowait(f'<div class="msg msg-bot" id="m{next(ids)}">Echo: {text}</div>')
        response = Response(status_code=204)
        response.set_cookie("sid", sid, httponly=True)
        return response

    async def events(request: Request) -> Response:
        queue = queues.setdefault(request.cookies.get("sid") or "", asyncio.Queue())

        async def stream() -> AsyncIterator[str]:
            yield "retry: 2000\n\n"
            while True:
                yield f"data: {await queue.get()}\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream")

    app = Starlette(routes=[Route("/chat/send", send, methods=["POST"]), Route("/chat/events", events)])
    async with running_server(app, "127.0.0.1", 0) as url:
        await _until_stdin_closes(url)


async def _until_stdin_closes(url: str) -> None:
    print(json.dumps({"url": url}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


@contextlib.contextmanager
def _server(kind: str, directory: Path) -> Any:
    """Start a server process; yields (base URL, psutil process, Popen); ends it by closing its stdin."""
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.bench_webchat", "serve", kind, str(directory)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {kind} server did not start (exit {process.wait(30)})")
        yield json.loads(line)["url"], psutil.Process(process.pid), process
    finally:
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def _rss_mb(process: Any) -> float:
    return float(process.memory_info().rss) / 1024 / 1024


# -- the browsers ---------------------------------------------------------------------------------
@dataclass
class Chat:
    """One citizen's browser: its client (cookies), its event stream, the events seen."""

    index: int
    client: httpx.AsyncClient
    events: asyncio.Queue[tuple[bool, int, float, str]] = field(default_factory=asyncio.Queue)
    reader: asyncio.Task[None] | None = None

    async def listen(self) -> None:
        """Read the event stream: (a bot message?, message id, arrival time) per event."""
        async with self.client.stream("GET", "/chat/events?after=0") as answer:
            data: list[str] = []
            async for line in answer.aiter_lines():
                if line.startswith("data: "):
                    data.append(line[6:])
                elif not line and data:
                    html = "\n".join(data)
                    data = []
                    found = _EVENT_ID.search(html)
                    if found:
                        at = time.perf_counter()
                        self.events.put_nowait(("msg-bot" in html, int(found.group(1)), at, html))

    retried: int = 0

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        """A post; once more when the connection broke before an answer (counted in `retried`)."""
        try:
            return await self.client.post(path, **kwargs)
        except (httpx.ReadError, httpx.RemoteProtocolError):
            self.retried += 1
            return await self.client.post(path, **kwargs)

    async def ask(self, text: str) -> float:
        """Post like the page's script; seconds until the first bot message after the own one."""
        while not self.events.empty():
            self.events.get_nowait()
        started = time.perf_counter()
        sent = await self.post("/chat/send", data={"text": text}, headers={"x-chat-script": "1"})
        if sent.status_code != 204:
            raise RuntimeError(f"chat {self.index}: post answered {sent.status_code}: {sent.text[:80]}")
        mine = None
        while True:
            bot, message_id, at, _ = await asyncio.wait_for(self.events.get(), 30)
            if not bot and mine is None:
                mine = message_id
            elif bot and mine is not None and message_id > mine:
                return at - started

    async def escalate(self, text: str) -> None:
        """A question the FAQ cannot answer, then "Ja, an das Team senden"; returns with the receipt."""
        while not self.events.empty():
            self.events.get_nowait()
        script = {"x-chat-script": "1"}
        await self.post("/chat/send", data={"text": text}, headers=script)
        offer = None
        while offer is None:
            bot, message_id, _, html = await asyncio.wait_for(self.events.get(), 60)
            if bot and 'value="esc:yes"' in html:
                offer = message_id
        pressed = await self.post("/chat/press", data={"message": offer, "action": "esc:yes"}, headers=script)
        if pressed.status_code != 204:
            raise RuntimeError(f"chat {self.index}: the press answered {pressed.status_code}")
        while True:
            bot, message_id, _, html = await asyncio.wait_for(self.events.get(), 60)
            if bot and message_id > offer:
                return

    async def staff_reply(self) -> float:
        """Seconds from the staff answer (its text says when it was sent) until it is on the page."""
        while True:
            _, _, _, html = await asyncio.wait_for(self.events.get(), 120)
            found = _SENT.search(html)
            if found:
                return time.time() - float(found.group(1))

    async def ask_without_script(self, text: str) -> float:
        """The form post (303) and the page it leads to, until the page shows a bot message."""
        started = time.perf_counter()
        sent = await self.post("/chat/send", data={"text": text})
        if sent.status_code != 303:
            raise RuntimeError(f"chat {self.index}: form post answered {sent.status_code}")
        page = await self.client.get("/chat")
        if text.split()[0] not in page.text or "msg-bot" not in page.text:
            shown = re.findall(r'<div class="text">(.*?)</div>', page.text, re.S)[-3:]
            raise RuntimeError(f"chat {self.index}: the page lacks the answer to {text!r}: {shown}")
        return time.perf_counter() - started


def _client(url: str, index: int) -> httpx.AsyncClient:
    address = f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256 + 1}"
    # idle connections are dropped before uvicorn's keep-alive timeout (5 s) closes them under a post
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4, keepalive_expiry=2.0)
    return httpx.AsyncClient(base_url=url, headers={"x-forwarded-for": address}, timeout=60, limits=limits)


async def _drive(
    url: str,
    process: Any,
    chats: int,
    rounds: int,
    questions: list[str],
    think: float,
    staff: subprocess.Popen[str] | None,
) -> dict[str, Any]:
    """Connect the chats, run the bursts; latencies in seconds, memory in MB."""
    memory = {"started": _rss_mb(process)}
    browsers = [Chat(i, _client(url, i)) for i in range(chats)]
    try:
        connected = await asyncio.gather(*(_connect(chat) for chat in browsers))
        # warm-up, not measured: the first German and English questions build the matchers' caches
        await asyncio.gather(*(chat.ask(text) for chat, text in zip(browsers, WARM_UP, strict=False)))
        await asyncio.sleep(0.5)
        await _handled(staff)  # the connects and the warm-up are not measured
        memory["connected"] = _rss_mb(process)
        samples: list[float] = []
        cpu = _cpu_seconds(process)
        client_cpu = time.process_time()
        started = time.perf_counter()
        for turn in range(rounds):
            burst = [chat.ask(questions[(chat.index + turn * chats) % len(questions)]) for chat in browsers]
            samples.extend(await asyncio.gather(*burst))
            await asyncio.sleep(0.3)
        seconds = time.perf_counter() - started - 0.3 * rounds
        cpu = _cpu_seconds(process) - cpu
        client_cpu = time.process_time() - client_cpu
        burst_handled = await _handled(staff)
        steady = await asyncio.gather(*(_steady(chat, questions, rounds, chats, think) for chat in browsers))
        steady_handled = await _handled(staff)
        memory["after"] = _rss_mb(process)
        form_posts: list[float] = []
        replies: list[float] = []
        if staff is not None:
            burst = [
                chat.ask_without_script(questions[-1 - chat.index % len(questions)]) for chat in browsers
            ]
            form_posts = list(await asyncio.gather(*burst))
        if staff is not None and staff.stdin is not None and staff.stdout is not None:
            await asyncio.gather(*(chat.escalate(ESCALATED) for chat in browsers))
            staff.stdin.write("answer\n")
            staff.stdin.flush()
            replies = list(await asyncio.gather(*(chat.staff_reply() for chat in browsers)))
            await asyncio.get_running_loop().run_in_executor(None, staff.stdout.readline)  # all sent
    finally:
        for chat in browsers:
            if chat.reader is not None:
                chat.reader.cancel()
        await asyncio.gather(*(c.reader for c in browsers if c.reader), return_exceptions=True)
        await asyncio.gather(*(chat.client.aclose() for chat in browsers))
    return {
        "connect": connected,
        "answers": samples,
        "handled": burst_handled,
        "steady_handled": steady_handled,
        "steady": [value for values in steady for value in values],
        "form_posts": form_posts,
        "staff_replies": replies,
        "posts_retried": sum(chat.retried for chat in browsers),
        "memory_mb": memory,
        "answers_per_second": len(samples) / seconds if seconds > 0 else 0.0,
        "server_cpu_ms_per_answer": cpu * 1000 / max(1, len(samples)),
        "client_cpu_ms_per_answer": client_cpu * 1000 / max(1, len(samples)),
    }


async def _handled(staff: subprocess.Popen[str] | None) -> list[float]:
    """The bot server's own times for the script posts since the last ask (none for the echo)."""
    if staff is None or staff.stdin is None or staff.stdout is None:
        return []
    staff.stdin.write("handled\n")
    staff.stdin.flush()
    line = await asyncio.get_running_loop().run_in_executor(None, staff.stdout.readline)
    return [float(value) for value in json.loads(line)["handled"]]


def _cpu_seconds(process: Any) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


async def _steady(chat: Chat, questions: list[str], rounds: int, chats: int, think: float) -> list[float]:
    """Questions at random moments (a think time of `think` seconds on average, as people type)."""
    pause = random.Random(chat.index)
    taken = []
    for turn in range(rounds):
        await asyncio.sleep(pause.expovariate(1 / think))
        taken.append(await chat.ask(questions[(chat.index * 7 + turn * chats + 3) % len(questions)]))
    return taken


async def _connect(chat: Chat) -> float:
    """The first message (makes the session and its cookie), then the event stream and the reply."""
    started = time.perf_counter()
    sent = await chat.post("/chat/send", data={"text": "Hallo"}, headers={"x-chat-script": "1"})
    if sent.status_code != 204:
        raise RuntimeError(f"chat {chat.index}: first post answered {sent.status_code}")
    chat.reader = asyncio.get_running_loop().create_task(chat.listen())
    while True:
        bot, _, at, _ = await asyncio.wait_for(chat.events.get(), 30)
        if bot:
            return at - started


def _ms(values: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values]
    return {
        "p50": statistics.median(ms) if ms else 0.0,
        "p95": percentile(ms, 0.95),
        "max": max(ms, default=0.0),
    }


def run(quick: bool = False, size: int | None = None) -> dict[str, Any]:
    """Run the benchmark; `size` overrides the number of chats (tests)."""
    chats = size or 100
    rounds = 2 if size else 3 if quick else 6
    think = 0.2 if size else THINK_SECONDS
    faq = load_faq(DEFAULT_FAQ_PATH)
    questions = questions_from_faq(faq, max(chats * rounds, 50))
    runs: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-webchat-") as tmp:
        for kind in ("echo", "bot"):
            directory = Path(tmp) / kind
            directory.mkdir()
            with _server(kind, directory) as (url, process, popen):
                staff = popen if kind == "bot" else None
                runs[kind] = asyncio.run(_drive(url, process, chats, rounds, questions, think, staff))
    bot, echo = runs["bot"], runs["echo"]
    answers, baseline, posts = _ms(bot["answers"]), _ms(echo["answers"]), _ms(bot["form_posts"])
    steady, steady_base = _ms(bot["steady"]), _ms(echo["steady"])
    replies = _ms(bot["staff_replies"])
    handled, steady_handled = _ms(bot["handled"]), _ms(bot["steady_handled"])
    mem, base_mem = bot["memory_mb"], echo["memory_mb"]
    per_chat_kb = (mem["connected"] - mem["started"]) * 1024 / chats
    figures = [
        figure(f"burst ({chats} chats at once), first answer over SSE: p50", answers["p50"], "ms"),
        figure(
            f"burst ({chats} chats at once), first answer over SSE: p95",
            answers["p95"],
            "ms",
            f"< {P95_TARGET_MS:g} ms",
            answers["p95"] < P95_TARGET_MS,
        ),
        figure(f"steady ({chats} chats, a question every {think:g} s each): p50", steady["p50"], "ms"),
        figure(
            f"steady ({chats} chats, a question every {think:g} s each): p95",
            steady["p95"],
            "ms",
            f"< {P95_TARGET_MS:g} ms",
            steady["p95"] < P95_TARGET_MS,
        ),
        figure("steady baseline (echo): p95", steady_base["p95"], "ms"),
        figure(
            "burst: the bot's own share (post in → answer stored, in the server): p50", handled["p50"], "ms"
        ),
        figure(
            "burst: the bot's own share (post in → answer stored, in the server): p95", handled["p95"], "ms"
        ),
        figure("steady: the bot's own share (in the server): p95", steady_handled["p95"], "ms"),
        figure("burst baseline (echo over SSE): p50", baseline["p50"], "ms"),
        figure("burst baseline (echo over SSE): p95", baseline["p95"], "ms"),
        figure("server CPU per answer (bot)", bot["server_cpu_ms_per_answer"], "ms"),
        figure("server CPU per answer (baseline)", echo["server_cpu_ms_per_answer"], "ms"),
        figure("answers per second (bot)", bot["answers_per_second"], "/s"),
        figure("answers per second (baseline)", echo["answers_per_second"], "/s"),
        figure(
            f"staff reply on the page ({chats} answers, one per {STAFF_PACE:g} s): p50", replies["p50"], "ms"
        ),
        figure(
            f"staff reply on the page ({chats} answers, one per {STAFF_PACE:g} s): p95",
            replies["p95"],
            "ms",
            f"< {STAFF_TARGET_S * 1000:g} ms",
            replies["p95"] < STAFF_TARGET_S * 1000,
        ),
        figure("no JavaScript (post + page): p50", posts["p50"], "ms"),
        figure("no JavaScript (post + page): p95", posts["p95"], "ms"),
        figure("server memory, started", mem["started"], "MB"),
        figure(f"server memory, {chats} chats connected", mem["connected"], "MB"),
        figure("server memory per connected chat", per_chat_kb, "KB"),
        figure(
            "baseline memory per connected chat",
            (base_mem["connected"] - base_mem["started"]) * 1024 / chats,
            "KB",
        ),
    ]
    return result(
        "webchat",
        f"Web chat: {chats} concurrent chats over SSE",
        quick,
        figures,
        chats=chats,
        rounds=rounds,
        answers=answers,
        baseline=baseline,
        steady=steady,
        steady_baseline=steady_base,
        handled=handled,
        steady_handled=steady_handled,
        form_posts=posts,
        staff_replies=replies,
        connect=_ms(bot["connect"]),
        memory_mb=mem,
        baseline_memory_mb=base_mem,
        samples=len(bot["answers"]),
        posts_retried={kind: data["posts_retried"] for kind, data in runs.items()},
        client_cpu_ms_per_answer={k: round(v["client_cpu_ms_per_answer"], 2) for k, v in runs.items()},
        load_average=os.getloadavg(),
    )


@contextlib.contextmanager
def _profiled(target: str | None) -> Any:
    """With BENCH_WEBCHAT_PROFILE=FILE the bot's server runs under cProfile and writes its stats there."""
    if not target:
        yield
        return
    import cProfile

    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        profile.dump_stats(target)


def main(argv: list[str]) -> None:
    """`serve bot DIR` / `serve echo DIR`: a server process; without arguments: run and print JSON."""
    if argv[:1] == ["serve"]:
        if argv[1] == "bot":
            with _profiled(os.environ.get(PROFILE_ENV)):
                asyncio.run(_serve_bot(Path(argv[2])))
        else:
            asyncio.run(_serve_echo())
        return
    print(json.dumps(run(quick="--quick" in argv), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
