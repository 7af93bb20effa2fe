"""Test support for the stop features: a bot on a copy of the test plan, uploads, locations, the alert job."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from core.clock import ManualClock
from handlers.telegram.offline import ApiCall
from tests.auxil.harness import STAFF_CHAT, Harness, make_config
from tests.auxil.paths import DATA


def stops_harness(tmp_path: Path, clock: ManualClock, alert_hour: int = 18) -> Harness:
    """A harness on a copy of the small test plan (imports are written next to the copy)."""
    plan = tmp_path / "plan" / "stops.yaml"
    plan.parent.mkdir()
    shutil.copy(DATA / "stops_test.yaml", plan)
    return Harness(make_config(tmp_path, stops={"plan": str(plan), "alert_hour": alert_hour}), clock)


async def send_document(
    harness: Harness, name: str, content: bytes, user: dict[str, Any] | None = None
) -> None:
    """A document sent to the staff group (by the staff member by default)."""
    file_id = f"file-{len(harness.api.files) + 1}"
    harness.api.files[file_id] = content
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
    await harness.process(update)


async def share_location(harness: Harness, latitude: float, longitude: float) -> None:
    """The citizen shares a location."""
    await harness.process(harness.factory.location(harness.citizen, latitude, longitude))


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
