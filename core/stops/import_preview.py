"""The dry run of a month's import: every stop of the months it covers, before and after.

Pure: the checked import and the live plan in, the changes out. The plan after the import is
the live plan with this import's months replaced (`StopPlan.with_import`), so staff overrides
and holidays count exactly as they will once the file is written. A fingerprint over the file,
the changes and the plan's state lets "apply" refuse when anything moved in between.
"""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Literal

from core.stops.import_csv import ImportResult
from core.stops.importer import IMPORT_DIR
from core.stops.model import Stop
from core.stops.plan import StopPlan

__all__ = ["ChangeKind", "ImportPreview", "PlanChange", "plan_changes", "preview_of"]

ChangeKind = Literal["added", "removed", "confirmed", "changed", "unchanged"]
"""added: a new date; removed: a date that goes away (a rule date the month's plan does not
have); confirmed: an expected date the plan confirms at the same time; changed: same place and
day, other time or state; unchanged: the same as now."""


@dataclass(frozen=True)
class PlanChange:
    """One stop of an imported month: how it is now and how it will be."""

    kind: ChangeKind
    before: Stop | None
    after: Stop | None

    @property
    def stop(self) -> Stop:
        """The stop as it will be (or as it was, when removed)."""
        shown = self.after or self.before
        assert shown is not None
        return shown


@dataclass(frozen=True)
class ImportPreview:
    """A checked upload with the changes it would make; `fingerprint` ties an apply to this preview."""

    name: str
    result: ImportResult
    changes: tuple[PlanChange, ...]
    fingerprint: str

    @property
    def ok(self) -> bool:
        """True if it can be applied (no errors, at least one stop)."""
        return self.result.ok

    def count(self, kind: ChangeKind) -> int:
        """How many changes are of a kind."""
        return sum(1 for change in self.changes if change.kind == kind)


def _months(result: ImportResult) -> list[date]:
    return [date(int(key[:4]), int(key[5:7]), 1) for key in result.months()]


def _state(stop: Stop) -> tuple[object, ...]:
    return (stop.start, stop.end, stop.place.id, stop.cancelled, stop.title, stop.note)


def _kind(before: Stop, after: Stop) -> ChangeKind:
    if _state(before) == _state(after):
        return "unchanged" if before.confirmed == after.confirmed else "confirmed"
    return "changed"


def plan_changes(result: ImportResult, plan: StopPlan, plan_path: Path) -> tuple[PlanChange, ...]:
    """The stops of every imported month before and after the import, in time order."""
    if not result.ok:
        return ()
    directory = plan_path.resolve().parent / IMPORT_DIR
    events = [replace(e, origin=str(directory / f"{e.day:%Y-%m}.yaml")) for e in result.stops]
    after_plan = plan.with_import(events, result.months())
    changes: list[PlanChange] = []
    for first in _months(result):
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        before = {s.stop_id: s for s in plan.stops_between(first, last, include_cancelled=True)}
        after = {s.stop_id: s for s in after_plan.stops_between(first, last, include_cancelled=True)}
        for stop_id, old in before.items():
            new = after.get(stop_id)
            kind: ChangeKind = "removed" if new is None else _kind(old, new)
            changes.append(PlanChange(kind, old, new))
        changes.extend(PlanChange("added", None, new) for key, new in after.items() if key not in before)
    changes.sort(key=lambda change: (change.stop.start, change.stop.place.id))
    return tuple(changes)


def _digest(data: bytes, changes: tuple[PlanChange, ...], plan_state: str) -> str:
    digest = hashlib.sha256(data)
    for change in changes:
        digest.update(repr((change.kind, change.before and _state(change.before))).encode())
        digest.update(repr(change.after and (change.after.stop_id, *_state(change.after))).encode())
    digest.update(plan_state.encode())
    return digest.hexdigest()[:32]


def preview_of(
    name: str, data: bytes, result: ImportResult, plan: StopPlan, plan_path: Path, plan_state: str
) -> ImportPreview:
    """The preview of a checked upload; `plan_state` names the plan's files and overrides."""
    changes = plan_changes(result, plan, plan_path)
    return ImportPreview(name, result, changes, _digest(data, changes, plan_state))
