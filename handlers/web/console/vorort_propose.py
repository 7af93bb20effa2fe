"""The console's proposal form: one to three dates, checked field by field, then the core's guard.

The first date is `day` / `start` / `end` (as before), the others `day2` … `end3`; a further date
counts when any of its fields is filled. With one date a mistake comes back as `?error=` (as
before); with several the page comes back (422) with each mistake next to its field and the
values kept. A date that collides with a planned visit shows the collisions of each date and
"Trotzdem vorschlagen" (409).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from starlette.datastructures import FormData

from core.appointments.options import MAX_OPTIONS
from core.appointments.validation import InputError, Slot, parse_slot
from core.services import Services

__all__ = ["FIELDS", "Proposal", "read_proposal"]

FIELDS: tuple[tuple[str, str, str], ...] = (
    ("day", "start", "end"),
    *((f"day{n}", f"start{n}", f"end{n}") for n in range(2, MAX_OPTIONS + 1)),
)
"""The form's fields of each date: day, start, end."""

_ON_END = frozenset({"slot_order"})
_ON_DAY = frozenset({"slot_sunday", "slot_holiday", "slot_past"})


@dataclass
class Proposal:
    """What the form holds: the values as typed, the dates that parsed, the mistakes by field name."""

    values: dict[str, str]
    slots: list[Slot] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def several(self) -> bool:
        """Whether more than the first date was filled in."""
        return any(self.values[name] for names in FIELDS[1:] for name in names)

    @property
    def first_error(self) -> str:
        """The first mistake's code (for the redirect of a single date)."""
        return next(iter(self.errors.values()))


def _one(
    values: dict[str, str], names: tuple[str, str, str], services: Services
) -> tuple[Slot | None, str, str]:
    """A date's slot, or (None, the field of the mistake, its code)."""
    day, start, end = (values[name] for name in names)
    for name, value in zip(names, (day, start, end), strict=True):
        if not value:
            return None, name, "empty"
    try:
        date.fromisoformat(day)
    except ValueError:
        return None, names[0], "slot_format"
    for name, clock in ((names[1], start), (names[2], end)):
        try:
            datetime.strptime(clock, "%H:%M")  # the form's time fields: exactly a time each
        except ValueError:
            return None, name, "slot_format"
    try:
        slot = parse_slot(f"{day} {start}-{end}", services.clock.now(), services.office_hours.tz)
    except InputError as error:
        where = names[2] if error.code in _ON_END else names[0] if error.code in _ON_DAY else names[1]
        return None, where, error.code
    return slot, "", ""


def read_proposal(form: FormData, services: Services) -> Proposal:
    """The dates of the form, each checked; a further date with no field filled is left out."""
    values = {}
    for names in FIELDS:
        for name in names:
            raw = form.get(name)
            values[name] = raw.strip()[:100] if isinstance(raw, str) else ""
    proposal = Proposal(values)
    seen: set[tuple[datetime, datetime]] = set()
    for number, names in enumerate(FIELDS):
        if number > 0 and not any(values[name] for name in names):
            continue
        slot, where, code = _one(values, names, services)
        if slot is None:
            proposal.errors[where] = code
        elif (slot.start, slot.end) in seen:
            proposal.errors[names[0]] = "duplicate_option"
        else:
            seen.add((slot.start, slot.end))
            proposal.slots.append(slot)
    return proposal
