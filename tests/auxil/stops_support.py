"""Test support for the stop features: a plan copy, an offline API that serves uploaded files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from core.clock import ManualClock
from handlers.telegram.offline import ApiCall, OfflineBotApi
from tests.auxil.harness import STAFF_CHAT, STAFF_ID, Harness, make_config
from tests.auxil.paths import DATA

FileServingApi = OfflineBotApi
"""The offline Bot API serves uploaded files itself (`api.files`)."""


def stops_harness(tmp_path: Path, clock: ManualClock, alert_hour: int = 18) -> Harness:
    """A harness on a copy of the small test plan (imports are written next to the copy)."""
    plan = tmp_path / "plan" / "stops.yaml"
    plan.parent.mkdir()
    shutil.copy(DATA / "stops_test.yaml", plan)
    config = make_config(
        tmp_path,
        stops={"plan": str(plan), "alert_hour": alert_hour},
        limits={"messages_per_minute": 1000},
    )
    harness = Harness(config, clock)
    harness.api = FileServingApi()
    harness.api.add_member(STAFF_CHAT, STAFF_ID)
    return harness


async def send_document(
    harness: Harness, name: str, content: bytes, user: dict[str, Any] | None = None
) -> None:
    """A document sent to the staff group (by the staff member by default)."""
    api = harness.api
    assert isinstance(api, FileServingApi)
    file_id = f"file-{len(api.files) + 1}"
    api.files[file_id] = content
    update = harness.factory.message(
        user or harness.staff,
        chat_id=STAFF_CHAT,
        document={
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_name": name,
            "file_size": len(content),
        },
    )
    await harness.app.process_update(update)
    await harness.settle()


async def share_location(harness: Harness, latitude: float, longitude: float) -> None:
    """The citizen shares a location."""
    await harness.app.process_update(harness.factory.location(harness.citizen, latitude, longitude))
    await harness.settle()


async def run_alert_job(harness: Harness) -> None:
    """Run the evening-reminder job of the application once, as its scheduler would."""
    from handlers.telegram.app import STOP_ALERTS_JOB

    queue = harness.app.job_queue
    assert queue is not None
    (job,) = queue.get_jobs_by_name(STOP_ALERTS_JOB)
    await job.run(harness.app)
    await harness.settle()


def last_call(harness: Harness, chat_id: int, method: str) -> ApiCall:
    """The last call of a method to a chat."""
    calls = harness.api.sent(chat_id, method)
    assert calls, f"no {method} to {chat_id}"
    return calls[-1]
