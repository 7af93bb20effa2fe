"""Vor-Ort-Service appointment requests: from the first question to a confirmed home visit."""

from core.appointments.checklist import checklist_keys, render_checklist
from core.appointments.model import STATES, TRANSITIONS, TransitionError, can_move, check_move
from core.appointments.privacy import AppointmentDataOwner
from core.appointments.request import NewRequest
from core.appointments.service import REF, AppointmentError, AppointmentService
from core.appointments.validation import InputError, Slot, normalise_phone, parse_slot
from storage.appointments import Appointment, reference_of

__all__ = [
    "REF",
    "STATES",
    "TRANSITIONS",
    "Appointment",
    "AppointmentDataOwner",
    "AppointmentError",
    "AppointmentService",
    "InputError",
    "NewRequest",
    "Slot",
    "TransitionError",
    "can_move",
    "check_move",
    "checklist_keys",
    "normalise_phone",
    "parse_slot",
    "reference_of",
    "render_checklist",
]
