"""Privacy: /datenschutz, /meinedaten (message + JSON), /loeschen, the retention purge, clean logs."""

from __future__ import annotations

import json
import logging
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.clock import ManualClock
from core.outbox import message_payload
from core.privacy_owners import UsersOwner
from handlers.telegram.offline import ApiCall
from handlers.telegram.sessions import SEEN_KEY, SessionOwner
from storage.owners import PersonalDataRepository
from tests.harness import CITIZEN_ID, STAFF_CHAT, Harness
from tests.telegram_html import sent_html_problems

QUESTION = "Darf ich im Garten ein Baumhaus bauen?"
ANSWER = "Ja, mit einer Genehmigung vom Bauamt."
OTHER_ID = 4242


async def ask_and_answer(bot: Harness, question: str = QUESTION, answer: str | None = ANSWER) -> ApiCall:
    """A citizen question escalated to staff (and answered, unless answer is None); returns the card."""
    await bot.send(question)
    await bot.press("esc:yes")
    card = bot.to_staff()[-1]
    if answer is not None:
        await bot.staff_send(answer, card)
    return card


def exported_json(bot: Harness, chat_id: int = CITIZEN_ID) -> dict[str, Any]:
    document = bot.api.sent(chat_id, "sendDocument")[-1]
    assert document.params.get("parse_mode") == "HTML"
    return json.loads(b"".join(document.files.values()).decode("utf-8"))  # type: ignore[no-any-return]


async def persisted_keys(bot: Harness) -> list[tuple[str, str]]:
    rows = await bot.services.db.fetchall("SELECT kind, key FROM persistence")
    return [(str(r["kind"]), str(r["key"])) for r in rows]


# -- /datenschutz ------------------------------------------------------------------------------


async def test_privacy_notice_says_what_why_how_long_and_who(bot: Harness) -> None:
    await bot.send("/datenschutz")
    notice = bot.last_citizen().text
    privacy = bot.config.privacy
    assert f"{privacy.retention_days} Tage" in notice
    assert privacy.controller in notice and privacy.privacy_url in notice
    assert bot.config.office_hours.phone in notice
    for part in ("Was wir speichern", "Wozu", "Wie lange", "/meinedaten", "/loeschen"):
        assert part in notice
    await bot.send("/privacy", user=bot.factory.user(CITIZEN_ID, "John", "en"))
    assert "How long" in bot.last_citizen().text
    assert sent_html_problems(bot.api.calls) == []


# -- /meinedaten -------------------------------------------------------------------------------


async def test_my_data_shows_everything_as_message_and_json(bot: Harness) -> None:
    other = bot.factory.user(OTHER_ID, "Otto", "de")
    await bot.send("Gibt es Hitzefrei im Rathaus?", user=other)
    await bot.press("esc:yes", user=other)
    await bot.send("/start")
    await ask_and_answer(bot)
    await bot.send("/meinedaten")
    readable = "\n".join(c.text for c in bot.to_citizen() if c.method == "sendMessage")
    assert "Ihre gespeicherten Daten" in readable
    assert "Baumhaus" in readable and "Genehmigung" in readable
    assert "Hitzefrei" not in readable
    data = exported_json(bot)
    assert data["user_id"] == CITIZEN_ID
    assert data["data"]["users"]["user_id"] == CITIZEN_ID
    messages = data["data"]["tickets"]["tickets"][0]["messages"]
    assert [m["from"] for m in messages] == ["citizen", "staff"]
    assert messages[0]["text"] == QUESTION and messages[1]["text"] == ANSWER
    assert "Sam Team" not in json.dumps(data)  # staff names are not the citizen's data
    assert "Hitzefrei" not in json.dumps(data, ensure_ascii=False)
    assert any(ANSWER in (m["text"] or "") for m in data["data"]["outbox"]["messages"])
    assert sent_html_problems(bot.api.calls) == []
    audit = await bot.services.audit.entries()
    assert audit[0].action == "data_export" and audit[0].actor_id is None


async def test_my_data_includes_a_pending_question_and_features_own_data(bot: Harness) -> None:
    class Reminders:
        name = "reminders"

        async def export(self, user_id: int) -> dict[str, Any]:
            return {"stops": ["Steele <Markt>"]} if user_id == CITIZEN_ID else {}

        async def delete(self, user_id: int) -> int:
            return 0

        async def purge(self, finished_before: datetime) -> int:
            return 0

    bot.services.data_owners.register(Reminders())
    await bot.send("qwertz unklar")  # not sent to the team yet: kept in the session
    await bot.send("/meinedaten")
    data = exported_json(bot)
    assert data["data"]["session"]["user_data"]["pending_question"] == "qwertz unklar"
    assert data["data"]["reminders"] == {"stops": ["Steele <Markt>"]}
    readable = "\n".join(c.text for c in bot.to_citizen())
    assert "Steele &lt;Markt&gt;" in readable
    assert sent_html_problems(bot.api.calls) == []


async def test_long_exports_stay_within_message_limits(bot: Harness) -> None:
    bot.with_config(limits=bot.config.limits.__class__(tickets_per_day=50, messages_per_minute=500))
    await bot.restart()
    for number in range(12):
        await ask_and_answer(bot, f"Frage Nummer {number}: " + "<&> " * 400, answer="Antwort " + "& " * 900)
    await bot.send("/meinedaten")
    sent = [c for c in bot.to_citizen() if c.method == "sendMessage"][-4:]
    assert "mehr steht in der Datei" in sent[-1].text
    assert sent_html_problems(bot.api.calls) == []
    assert len(exported_json(bot)["data"]["tickets"]["tickets"]) == 12


async def test_my_data_is_refused_in_groups(bot: Harness) -> None:
    await bot.send("/meinedaten", user=bot.staff, chat_id=STAFF_CHAT)
    assert "privaten Chat" in bot.to_staff()[-1].text
    assert bot.api.sent(STAFF_CHAT, "sendDocument") == []
    await bot.send("/loeschen", user=bot.staff, chat_id=STAFF_CHAT)
    assert "privaten Chat" in bot.to_staff()[-1].text


# -- /loeschen ---------------------------------------------------------------------------------


async def test_delete_after_confirmation_keeps_only_anonymous_figures(bot: Harness) -> None:
    await bot.send("/start")
    card = await ask_and_answer(bot)
    await bot.send("Noch eine Frage zum Baumhaus: wie hoch?")
    await bot.press("tk:add:1")  # the ticket is open again
    await bot.send("/loeschen")
    confirm = bot.last_citizen()
    assert "Alle Ihre Daten löschen?" in confirm.text
    await bot.press(bot.button(confirm, "Ja, alles löschen"))
    done = bot.last_citizen()
    assert "Ihre Daten sind gelöscht" in done.text
    db = bot.services.db

    assert await bot.services.users.get(CITIZEN_ID) is None
    ticket = await db.fetchone("SELECT * FROM tickets WHERE id = 1")
    assert ticket is not None
    assert ticket["user_id"] is None and ticket["chat_id"] is None and ticket["anonymised_at"]
    assert ticket["status"] == "closed" and ticket["created_at"] and ticket["first_answer_at"]
    texts = await db.fetchall("SELECT text FROM ticket_messages WHERE ticket_id = 1")
    assert texts and all(r["text"] is None for r in texts)
    assert await db.fetchall("SELECT id FROM outbox WHERE chat_id = ?", (CITIZEN_ID,)) == []
    payloads = [str(r["payload"]) for r in await db.fetchall("SELECT payload FROM outbox")]
    assert not any("Baumhaus" in p or "Genehmigung" in p for p in payloads)
    await bot.app.update_persistence()
    assert not [k for k in await persisted_keys(bot) if k[1] == str(CITIZEN_ID)]
    await bot.services.stats.flush()  # FAQ events are written in batches
    faq_events = await db.fetchone("SELECT COUNT(*) AS n FROM faq_events")
    assert faq_events is not None and faq_events["n"] == 1  # anonymous statistics stay

    staff_texts = bot.api.texts(STAFF_CHAT)
    assert any("hat ihre Daten löschen lassen" in text for text in staff_texts)
    blanked = [c for c in bot.api.calls if c.method == "editMessageText" and c.chat_id == STAFF_CHAT]
    assert any(c.params["message_id"] == card.message_id and "gelöscht" in c.text for c in blanked)
    entry = (await bot.services.audit.entries())[0]
    assert entry.action == "data_deleted" and entry.actor_id is None

    # staff can no longer answer, and nothing breaks
    await bot.staff_send("Eine späte Antwort", card)
    assert not any("späte Antwort" in c.text for c in bot.to_citizen())
    # the citizen starts afresh
    await bot.send("/meinedaten")
    assert "tickets" not in exported_json(bot)["data"]
    assert sent_html_problems(bot.api.calls) == []


async def test_keep_changes_nothing(bot: Harness) -> None:
    await ask_and_answer(bot)
    await bot.send("/loeschen")
    await bot.press(bot.button(bot.last_citizen(), "behalten"))
    assert "nichts gelöscht" in bot.last_citizen().text
    ticket = await bot.services.tickets.repo.get(1)
    assert ticket is not None and ticket.user_id == CITIZEN_ID
    await bot.press("del:yes:" + "0" * 12)  # the old token was dropped with "keep"
    assert "nicht mehr gültig" in bot.last_citizen().text


@pytest.mark.parametrize(
    "data", ["del:yes", "del:yes:", "del:yes:deadbeef0000", "del:maybe:x", "del:yes:a:b"]
)
async def test_forged_delete_presses_delete_nothing(bot: Harness, data: str) -> None:
    await ask_and_answer(bot)
    await bot.send("/loeschen")
    await bot.press(data)
    assert "Es wurde nichts gelöscht" in bot.last_citizen().text
    ticket = await bot.services.tickets.repo.get(1)
    assert ticket is not None and ticket.user_id == CITIZEN_ID


async def test_a_delete_button_expires_and_is_bound_to_its_user(bot: Harness, clock: ManualClock) -> None:
    await ask_and_answer(bot)
    await bot.send("/loeschen")
    button = bot.button(bot.last_citizen(), "Ja, alles löschen")
    other = bot.factory.user(OTHER_ID, "Otto", "de")
    await bot.press(button, user=other)
    assert "nicht mehr gültig" in bot.api.last(OTHER_ID).text
    clock.advance(timedelta(hours=2))
    await bot.press(button)
    assert "nicht mehr gültig" in bot.last_citizen().text
    ticket = await bot.services.tickets.repo.get(1)
    assert ticket is not None and ticket.user_id == CITIZEN_ID


# -- retention purge ---------------------------------------------------------------------------


async def run_purge_job(bot: Harness) -> None:
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name("privacy-purge")
    await job.run(bot.app)
    await bot.settle()


async def test_purge_job_runs_daily_at_half_past_three_berlin(bot: Harness) -> None:
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name("privacy-purge")
    assert job.next_t is not None
    assert job.next_t.astimezone(ZoneInfo("Europe/Berlin")).time() == time(3, 30)


async def test_purge_anonymises_only_what_finished_before_the_retention(
    bot: Harness, clock: ManualClock
) -> None:
    days = bot.config.privacy.retention_days
    idle = bot.factory.user(OTHER_ID, "Otto", "de")
    await bot.send("/start", user=idle)  # never comes back
    await ask_and_answer(bot, "Alte Frage zum Baumhaus?")
    await bot.send("/schliessen 1", user=bot.staff, chat_id=STAFF_CHAT)
    clock.advance(timedelta(days=days - 20))
    await ask_and_answer(bot, "Neuere Frage zum Gartenhaus?")
    await bot.send("/schliessen 2", user=bot.staff, chat_id=STAFF_CHAT)
    await bot.send("Noch eine Frage zur Gartenlaube?")
    await bot.press("esc:yes")  # ticket 3 stays open
    clock.advance(timedelta(days=21))
    await bot.app.update_persistence()

    await run_purge_job(bot)
    repo = bot.services.tickets.repo
    old, recent, still_open = (await repo.get(1), await repo.get(2), await repo.get(3))
    assert old is not None and old.user_id is None and old.anonymised_at is not None
    assert (await repo.messages(1))[0].text is None and old.status == "closed"
    assert recent is not None and recent.user_id == CITIZEN_ID
    assert (await repo.messages(2))[0].text == "Neuere Frage zum Gartenhaus?"
    assert still_open is not None and still_open.user_id == CITIZEN_ID
    assert await bot.services.users.get(OTHER_ID) is None  # idle too long, nothing open
    assert await bot.services.users.get(CITIZEN_ID) is not None
    assert OTHER_ID not in bot.app.user_data  # its session is gone from memory …
    assert ("user", str(OTHER_ID)) not in await persisted_keys(bot)  # … and from the database
    assert bot.app.user_data[CITIZEN_ID][SEEN_KEY]
    payloads = " ".join(
        str(r["payload"]) for r in await bot.services.db.fetchall("SELECT payload FROM outbox")
    )
    assert "Alte Frage" not in payloads and "Gartenhaus" in payloads
    entry = (await bot.services.audit.entries())[0]
    assert entry.action == "retention_purge" and entry.detail is not None and "tickets=1" in entry.detail

    await run_purge_job(bot)  # idempotent
    assert "tickets=0" in ((await bot.services.audit.entries())[0].detail or "")


async def test_session_purge_reads_the_stamp_in_sql_and_keeps_the_edge_cases(bot: Harness) -> None:
    services = bot.services
    today = services.clock.now().date()
    old = (today - timedelta(days=400)).isoformat()
    recent = (today - timedelta(days=3)).isoformat()
    rows = [
        ("user", "101", {"lang": "de", SEEN_KEY: old}),  # stale: goes, with its chat and conversations
        ("chat", "101", {"x": 1}),
        ("conv:ask", json.dumps([101, 101]), 2),
        ("conv:ask", json.dumps([202, 202]), 2),
        ("user", "102", {"lang": "de", "pending_question": "Wo ist das Bürgeramt? Ä"}),  # unstamped
        ("user", "103", {SEEN_KEY: None}),  # a stamp that is not a day: left alone
        ("user", "104", {SEEN_KEY: 5}),
        ("user", "105", {"lang": "en", SEEN_KEY: recent}),
    ]
    for kind, key, data in rows:
        await services.db.execute(
            "INSERT INTO persistence (kind, key, data) VALUES (?, ?, ?)",
            (kind, key, json.dumps(data, ensure_ascii=False)),
        )
    owner = SessionOwner(bot.persistence, services.clock)
    cutoff = services.clock.now() - timedelta(days=bot.config.privacy.retention_days)

    assert await owner.purge(cutoff) == 1
    keys = await persisted_keys(bot)
    assert ("user", "101") not in keys and ("chat", "101") not in keys
    assert ("conv:ask", json.dumps([101, 101])) not in keys and ("conv:ask", json.dumps([202, 202])) in keys
    stored = {
        str(r["key"]): json.loads(r["data"])
        for r in await services.db.fetchall("SELECT key, data FROM persistence WHERE kind = 'user'")
    }
    assert stored == {
        "102": {"lang": "de", "pending_question": "Wo ist das Bürgeramt? Ä", SEEN_KEY: today.isoformat()},
        "103": {SEEN_KEY: None},
        "104": {SEEN_KEY: 5},
        "105": {"lang": "en", SEEN_KEY: recent},
    }
    assert await owner.purge(cutoff) == 0  # nothing more to do, the stamped one stays
    assert len(await persisted_keys(bot)) == 5


async def test_user_purge_is_one_statement_but_keeps_open_tickets_and_referenced_rows(
    bot: Harness, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    await bot.send("Noch eine Frage zur Gartenlaube?")
    await bot.press("esc:yes")  # an open ticket keeps the citizen
    services = bot.services
    stamp = "2020-01-01T00:00:00+00:00"
    for user_id in (501, 502, 503):
        await services.db.execute(
            "INSERT INTO users (user_id, chat_id, first_seen, last_seen) VALUES (?, ?, ?, ?)",
            (user_id, user_id, stamp, stamp),
        )
    clock.advance(timedelta(days=bot.config.privacy.retention_days + 1))
    cutoff = clock.now() - timedelta(days=bot.config.privacy.retention_days)
    owner = UsersOwner(PersonalDataRepository(services.db))
    async with services.db.transaction() as conn:  # a feature whose rows point at a user
        await conn.execute("CREATE TABLE feature_refs (user_id INTEGER REFERENCES users (user_id))")
        await conn.execute("INSERT INTO feature_refs (user_id) VALUES (502)")

    assert await owner.purge(cutoff) == 2  # 501 and 503; 502 referenced, the citizen has an open ticket
    remaining = {int(r["user_id"]) for r in await services.db.fetchall("SELECT user_id FROM users")}
    assert remaining == {CITIZEN_ID, 502}
    assert any("still referenced" in r.getMessage() for r in caplog.records)
    await services.db.execute("DELETE FROM feature_refs")
    assert await owner.purge(cutoff) == 1  # now in one statement
    assert await services.users.get(CITIZEN_ID) is not None


async def test_a_failing_owner_does_not_stop_the_purge(
    bot: Harness, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken:
        name = "broken"

        async def export(self, user_id: int) -> dict[str, Any]:
            return {}

        async def delete(self, user_id: int) -> int:
            raise RuntimeError("disk on fire")

        async def purge(self, finished_before: datetime) -> int:
            raise RuntimeError("disk on fire")

    bot.services.data_owners.register(Broken())
    await ask_and_answer(bot)
    await bot.send("/schliessen 1", user=bot.staff, chat_id=STAFF_CHAT)
    clock.advance(timedelta(days=bot.config.privacy.retention_days + 1))
    await run_purge_job(bot)
    ticket = await bot.services.tickets.repo.get(1)
    assert ticket is not None and ticket.anonymised_at is not None
    detail = (await bot.services.audit.entries())[0].detail or ""
    assert "FEHLER: broken" in detail and "tickets=1" in detail
    assert any(r.levelno == logging.ERROR and "broken" in r.getMessage() for r in caplog.records)


async def test_deletion_with_a_failing_owner_says_so(bot: Harness) -> None:
    class Broken:
        name = "broken"

        async def export(self, user_id: int) -> dict[str, Any]:
            return {}

        async def delete(self, user_id: int) -> int:
            raise RuntimeError("disk on fire")

        async def purge(self, finished_before: datetime) -> int:
            return 0

    bot.services.data_owners.register(Broken())
    await ask_and_answer(bot)
    await bot.send("/loeschen")
    await bot.press(bot.button(bot.last_citizen(), "Ja"))
    assert "nicht gelöscht werden" in bot.last_citizen().text
    ticket = await bot.services.tickets.repo.get(1)
    assert ticket is not None and ticket.user_id is None  # the others did their part


# -- logs --------------------------------------------------------------------------------------


async def test_info_logs_carry_no_texts_names_or_phone_numbers(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    person = bot.factory.user(CITIZEN_ID, "Erika Mustermann", "de")
    secret_question = "Mein Nachbar Herr Schmitz parkt falsch, Tel 0171 9876543"
    await bot.send("/start", user=person)
    await bot.send(secret_question, user=person)
    await bot.press("esc:yes", user=person)
    card = bot.to_staff()[-1]
    await bot.staff_send("Bitte rufen Sie das Ordnungsamt an: 0201 123456", card)
    bot.api.blocked_chats.add(CITIZEN_ID)
    await bot.staff_send("Zweite Antwort an Frau Mustermann", card)
    bot.api.blocked_chats.clear()
    await bot.send("/meinedaten", user=person)
    await bot.send("/loeschen", user=person)
    await bot.press(bot.button(bot.last_citizen(), "Ja"), user=person)
    assert caplog.records, "the run logs something at INFO"
    logged = caplog.text
    for secret in ("Mustermann", "Erika", "Schmitz", "9876543", "0171", "123456", "Ordnungsamt", "Sam Team"):
        assert secret not in logged, secret


async def test_users_are_purged_last_so_other_owners_still_see_who_blocked_the_bot(
    bot: Harness, clock: ManualClock
) -> None:
    seen: list[int] = []

    class Subscriptions:
        name = "subscriptions"

        async def export(self, user_id: int) -> dict[str, Any]:
            return {}

        async def delete(self, user_id: int) -> int:
            return 0

        async def purge(self, finished_before: datetime) -> int:
            rows = await bot.services.db.fetchall("SELECT user_id FROM users WHERE blocked_at IS NOT NULL")
            seen.extend(int(r["user_id"]) for r in rows)
            return len(rows)

    bot.services.data_owners.register(Subscriptions())
    await bot.send("/start")
    async with bot.services.db.transaction() as conn:
        await bot.services.outbox.add(conn, CITIZEN_ID, message_payload("Erinnerung"), "note")
    bot.api.blocked_chats.add(CITIZEN_ID)
    await bot.settle()
    clock.advance(timedelta(days=bot.config.privacy.retention_days + 1))
    await run_purge_job(bot)
    assert seen == [CITIZEN_ID]
    assert await bot.services.users.get(CITIZEN_ID) is None


async def test_a_forgotten_user_who_blocks_the_bot_is_noted_again(bot: Harness) -> None:
    async with bot.services.db.transaction() as conn:
        await bot.services.outbox.add(conn, 5555, message_payload("Erinnerung"), "note")
    bot.api.blocked_chats.add(5555)
    await bot.settle()
    user = await bot.services.users.get(5555)
    assert user is not None and user.blocked_at is not None
