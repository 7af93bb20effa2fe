"""Proposals with several dates: the planned visits with every open option, and the option buttons.

A proposal holds one to three dates (`storage/appointment_options.py`); the request's own visit
time is its first date. While it is open, each date holds its time like a single proposal: the
calendar, the team's feed and the double-booking guard see one tentative visit per date (a copy
of the request with the date as its visit time and `option_index` set when there are several).
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from core.appointments.model import PROPOSED
from core.appointments.render import DAY_SHORT, options_text
from core.ids import parse_id
from core.messages import Button, Buttons
from core.texts import t
from storage.appointment_options import MAX_OPTIONS, ProposalOption
from storage.appointments import Appointment

__all__ = [
    "MAX_OPTIONS",
    "ProposalOption",
    "has_options",
    "merge_planned",
    "option_buttons",
    "option_label",
    "options_text",
    "parse_option",
]


def has_options(a: Appointment) -> bool:
    """Whether the request's current proposal offers several dates (else it is a single date)."""
    return a.status == PROPOSED and len(a.options) > 1


def merge_planned(dated: Sequence[Appointment], option_copies: Sequence[Appointment]) -> list[Appointment]:
    """The planned visits: `dated` (by their own visit time), a proposal replaced by its dates' copies.

    `option_copies` are the dates of current proposals in the same window (storage's
    `option_visits`); a proposed request that has them stands in the result once per date.
    """
    replaced = {a.id for a in option_copies}
    kept = [a for a in dated if not (a.status == PROPOSED and a.id in replaced)]
    return sorted(
        [*kept, *option_copies],
        key=lambda a: (a.visit_start or a.created_at, a.id, a.option_index or 0),
    )


def option_label(option: ProposalOption, tz: ZoneInfo, lang: str = "de") -> str:
    """The citizen's button for one date: 'Di 8.12., 10:00 passt'."""
    local = option.start.astimezone(tz)
    day = DAY_SHORT.get(lang, DAY_SHORT["de"])[local.weekday()]
    return t("vo.btn.option", lang, day=day, date=f"{local.day}.{local.month}.", start=f"{local:%H:%M}")


def option_buttons(a: Appointment, seq: int, options: Sequence[ProposalOption], tz: ZoneInfo) -> Buttons:
    """One button per date ('vc:opt:<id>:<seq>:<index>') and 'Keiner passt' ('vc:no:<id>:<seq>')."""
    rows = [(Button(option_label(o, tz, a.language), f"vc:opt:{a.id}:{seq}:{o.index}"),) for o in options]
    rows.append((Button(t("vo.btn.none_fits", a.language), f"vc:no:{a.id}:{seq}"),))
    return tuple(rows)


def parse_option(data: str | None) -> tuple[int, int, int] | None:
    """'vc:opt:<id>:<seq>:<index>' -> (id, seq, index); None for anything else (forged or malformed)."""
    parts = (data or "").split(":")
    if len(parts) != 5 or parts[:2] != ["vc", "opt"]:
        return None
    number, seq = parse_id(parts[2]), parse_id(parts[3])
    index = parse_id(parts[4], max_digits=1, minimum=0)
    if number is None or seq is None or index is None or index >= MAX_OPTIONS:
        return None
    return number, seq, index
