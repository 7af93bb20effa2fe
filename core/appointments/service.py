"""Vor-Ort-Service requests: create, move through the states, tell citizen and staff, remind.

AppointmentService joins the service's parts: the citizen's request lifecycle
(bot/appointments/lifecycle.py), staff actions (staff_actions.py), reminders and outbox
hooks (reminders.py) and retention (retention.py), all built on ServiceCore (core.py).
"""

from __future__ import annotations

from datetime import timedelta

from core.appointments.core import REF, AppointmentError, ConflictError
from core.appointments.desk import StaffDesk
from core.appointments.feeds import TeamFeeds
from core.appointments.lifecycle import RequestLifecycle
from core.appointments.reminders import REMIND_FROM, REMIND_UNTIL, Reminders
from core.appointments.request import staff_chat_for
from core.appointments.retention import Retention
from core.appointments.staff_actions import PROMPT_KINDS, StaffActions
from core.clock import Clock
from core.config import Config
from core.outbox import Outbox
from faq import Faq
from storage import Database

__all__ = [
    "PROMPT_KINDS",
    "REF",
    "REMIND_FROM",
    "REMIND_UNTIL",
    "AppointmentError",
    "AppointmentService",
    "ConflictError",
]


class AppointmentService(RequestLifecycle, StaffActions, StaffDesk, TeamFeeds, Reminders, Retention):
    """The domain of Vor-Ort-Service requests."""

    @classmethod
    def from_config(
        cls, config: Config, db: Database, outbox: Outbox, clock: Clock, faq: Faq
    ) -> AppointmentService:
        """Build the service from the bot's config."""
        return cls(
            db,
            outbox,
            clock,
            config.office_hours.tz,
            staff_chat_for(config, faq),
            config.office_hours.phone,
            timedelta(minutes=config.staff.travel_buffer_minutes),
        )
