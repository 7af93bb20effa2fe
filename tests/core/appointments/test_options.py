"""Proposals with several dates: the guard per date, one accepted, the rest dropped, stale presses."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.appointments import AppointmentError, NewRequest, Slot
from core.appointments.calendar import build_days, visit_conflicts
from core.appointments.core import ConflictError
from core.appointments.export import visits_ics
from core.appointments.options import merge_planned, option_buttons, option_label, parse_option
from core.services import Services
from core.staff import StaffActor
from storage.appointment_options import ProposalOption
from storage.appointments import Applicant, Appointment

BERLIN = ZoneInfo("Europe/Berlin")
SAM = StaffActor(user_id=42, name="Sam Team")
CITIZEN, OTHER = 1001, 1002
FRIDAY = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
BUFFER = timedelta(minutes=30)


def _slot(hours: float, length: float = 1) -> Slot:
    start = FRIDAY + timedelta(hours=hours)
    return Slot(start, start + timedelta(hours=length))


def _request() -> NewRequest:
    return NewRequest(
        relationship="self",
        reason="mobility",
        reason_text=None,
        services=("id_card",),
        service_text=None,
        place_kind="home",
        place="Borbecker Str. 5, 45355 Essen",
        district="Borbeck-Mitte",
        postal_code="45355",
        applicants=(Applicant("Erna Muster", 1938),),
        contact_name=None,
        phone="+49201123456",
        preferred_time="any",
    )


async def _new(services: Services, user: int = CITIZEN) -> int:
    a = await services.appointments.create(user_id=user, chat_id=user, language="de", request=_request())
    return a.id


async def _citizen_texts(services: Services, chat_id: int = CITIZEN) -> list[str]:
    rows = await services.db.fetchall("SELECT payload FROM outbox WHERE chat_id = ? ORDER BY id", (chat_id,))
    return [str(r["payload"]) for r in rows]


# -- pure parts ----------------------------------------------------------------------------------
def _visit(number: int, hours: float, status: str = "bestaetigt", option: int | None = None) -> Appointment:
    values: dict[str, object] = {f.name: None for f in dataclasses.fields(Appointment)}
    values.update(
        id=number,
        status=status,
        visit_start=FRIDAY + timedelta(hours=hours),
        visit_end=FRIDAY + timedelta(hours=hours + 1),
        proposal_seq=1,
        persons=1,
        options=(),
        option_index=option,
        applicants=(),
        services=(),
        created_at=FRIDAY,
    )
    return Appointment(**values)  # type: ignore[arg-type]


def test_a_proposal_with_dates_stands_once_per_date_and_its_dates_never_clash() -> None:
    dated = [_visit(1, 0), _visit(2, 0, "termin_vorgeschlagen"), _visit(3, 5, "termin_vorgeschlagen")]
    copies = [_visit(2, 0, "termin_vorgeschlagen", 0), _visit(2, 0.5, "termin_vorgeschlagen", 1)]
    planned = merge_planned(dated, copies)
    assert [(a.id, a.option_index) for a in planned] == [(1, None), (2, 0), (2, 1), (3, None)]
    found = visit_conflicts(planned, BUFFER)
    assert [c.appointment.id for c in found[1]] == [2, 2]  # both dates of VO-2 collide with VO-1
    assert [c.appointment.id for c in found[(2, 0)]] == [1]  # never with its own other date
    days = build_days(planned, date(2026, 11, 23), date(2026, 11, 29), BERLIN, BUFFER)
    friday = days[4].visits
    assert [(v.appointment.id, v.option) for v in friday] == [(1, None), (2, 0), (2, 1), (3, None)]
    assert friday[0].clashes == "VO-2" and friday[1].proposed
    ics = visits_ics(planned, FRIDAY).decode()
    assert "UID:vor-ort-2@buergermobil.essen.de" in ics and "UID:vor-ort-2-2@buergermobil.essen.de" in ics
    assert "VO-2 (Vorschlag 2)" in ics and ics.count("STATUS:TENTATIVE") == 3


def test_option_buttons_and_their_strict_parsing() -> None:
    a = _visit(7, 0, "termin_vorgeschlagen")
    options = (
        ProposalOption(7, 3, 0, FRIDAY, FRIDAY + timedelta(hours=1)),
        ProposalOption(7, 3, 1, FRIDAY + timedelta(days=4), FRIDAY + timedelta(days=4, hours=1)),
    )
    a = dataclasses.replace(a, language="de", options=options)
    buttons = option_buttons(a, 3, options, BERLIN)
    assert [[(b.label, b.action) for b in row] for row in buttons] == [
        [("✅ Fr 27.11., 10:00 passt", "vc:opt:7:3:0")],
        [("✅ Di 1.12., 10:00 passt", "vc:opt:7:3:1")],
        [("❌ Keiner passt", "vc:no:7:3")],
    ]
    assert option_label(options[1], BERLIN, "en") == "✅ Tue 1.12., 10:00 suits me"
    assert parse_option("vc:opt:7:3:1") == (7, 3, 1)
    forgeries = ("vc:opt:7:3:3", "vc:opt:7:3:-1", "vc:opt:7:3:²", "vc:opt:7:3", "vc:opt:x:3:0", "vc:yes:7:3")
    for forged in forgeries:
        assert parse_option(forged) is None, forged


# -- the service ---------------------------------------------------------------------------------
async def test_each_date_meets_the_guard_and_is_flagged_alone(services: Services) -> None:
    appointments = services.appointments
    first, second = await _new(services), await _new(services, OTHER)
    await appointments.propose(first, SAM, _slot(0))  # VO-1 holds Friday 10:00-11:00
    with pytest.raises(ConflictError) as raised:
        await appointments.propose_options(second, SAM, [_slot(4), _slot(0.5)])
    assert set(raised.value.by_option) == {1}  # only the second date collides
    assert [c.appointment.id for c in raised.value.by_option[1]] == [first]
    assert (await appointments.get(second)).status == "neu"  # nothing was sent
    a = await appointments.propose_options(second, SAM, [_slot(4), _slot(0.5)], override=True)
    assert a.status == "termin_vorgeschlagen" and a.proposal_seq == 1
    assert [(o.index, o.start) for o in a.options] == [(0, _slot(4).start), (1, _slot(0.5).start)]
    assert a.visit_start == _slot(4).start  # the request's own time is its first date
    # a third request now meets both open dates of VO-2
    third = await _new(services, 1003)
    clashes = await appointments.conflicts_for(_slot(4.25), exclude=third)
    assert [(c.appointment.id, c.appointment.option_index) for c in clashes] == [(second, 0)]
    with pytest.raises(AppointmentError, match="duplicate_option"):
        await appointments.propose_options(third, SAM, [_slot(6), _slot(6)])
    with pytest.raises(AppointmentError, match="too_many_options"):
        await appointments.propose_options(third, SAM, [_slot(6 + n) for n in range(4)])


async def test_the_citizen_accepts_one_date_once_and_the_others_go(services: Services) -> None:
    appointments = services.appointments
    number = await _new(services)
    await appointments.propose_options(number, SAM, [_slot(0), _slot(3), _slot(24 * 4)])
    planned = await appointments.planned_between(FRIDAY - timedelta(days=1), FRIDAY + timedelta(days=7))
    assert [p.option_index for p in planned] == [0, 1, 2]
    with pytest.raises(AppointmentError, match="stale"):
        await appointments.accept(number, CITIZEN, 1)  # "Passt" is no answer to several dates
    with pytest.raises(AppointmentError, match="not_found"):
        await appointments.accept(number, OTHER, 1, option=1)  # someone else's request
    before = len(await _citizen_texts(services))
    a = await appointments.accept(number, CITIZEN, 1, option=1)
    assert a.status == "bestaetigt" and (a.visit_start, a.visit_end) == (_slot(3).start, _slot(3).end)
    assert a.options == ()
    rows = await services.db.fetchall("SELECT * FROM appointment_options WHERE appointment_id = ?", (number,))
    assert rows == []  # the other dates are dropped
    planned = await appointments.planned_between(FRIDAY - timedelta(days=1), FRIDAY + timedelta(days=7))
    assert [(p.status, p.option_index, p.visit_start) for p in planned] == [
        ("bestaetigt", None, _slot(3).start)
    ]
    sent = await _citizen_texts(services)
    assert len(sent) == before + 2 and "Ihr Termin ist bestätigt" in sent[-2] and "13:00" in sent[-2]
    for index in (1, 0):  # the same button again, or another date of the accepted proposal
        with pytest.raises(AppointmentError, match="already_confirmed"):
            await appointments.accept(number, CITIZEN, 1, option=index)
    assert len(await _citizen_texts(services)) == len(sent)  # no second confirmation


async def test_a_new_proposal_replaces_the_dates_and_none_fits_goes_back(services: Services) -> None:
    appointments = services.appointments
    number = await _new(services)
    await appointments.propose_options(number, SAM, [_slot(0), _slot(3)])
    await appointments.propose_options(number, SAM, [_slot(5), _slot(6), _slot(7)])
    with pytest.raises(AppointmentError, match="stale"):
        await appointments.accept(number, CITIZEN, 1, option=0)  # an older proposal's button
    a = await appointments.get(number)
    assert a.proposal_seq == 2 and [o.start for o in a.options] == [_slot(h).start for h in (5, 6, 7)]
    assert (await appointments.for_user(CITIZEN))[0].options == a.options
    declined = await appointments.decline(number, CITIZEN, 2, "lieber nachmittags")
    assert declined.status == "in_bearbeitung" and declined.options == () and declined.visit_start is None
    planned = await appointments.planned_between(FRIDAY - timedelta(days=1), FRIDAY + timedelta(days=7))
    assert planned == []
    # a single date is the proposal of before: 'Passt' confirms it
    single = await appointments.propose(number, SAM, _slot(2))
    assert len(single.options) == 1
    assert (await appointments.accept(number, CITIZEN, 3)).visit_start == _slot(2).start


async def test_staff_confirm_needs_the_chosen_date_and_deletion_drops_dates(services: Services) -> None:
    appointments = services.appointments
    number = await _new(services)
    await appointments.propose_options(number, SAM, [_slot(0), _slot(3)])
    with pytest.raises(AppointmentError, match="choose_option"):
        await appointments.confirm(number, SAM)
    a = await appointments.confirm(number, SAM, 1)
    assert a.status == "bestaetigt" and a.visit_start == _slot(3).start
    other = await _new(services)
    await appointments.propose_options(other, SAM, [_slot(24), _slot(27)])
    await appointments.delete_user(CITIZEN)
    rows = await services.db.fetchall("SELECT * FROM appointment_options")
    assert rows == []
    assert (await appointments.get(other)).status == "abgesagt"
