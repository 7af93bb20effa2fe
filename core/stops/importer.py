"""Check a month's stop list sent by staff (CSV or YAML) and write it as an include file.

Design: an import becomes `imports/<JJJJ-MM>.yaml` next to the plan file, which the plan
includes (`include: [imports/*.yaml]`). One file per month; importing a month again
replaces that month's file completely. Nothing is written while any row has an error.
An imported month is the truth for that month: it replaces the plan's rule dates there
(see core/stops/certainty.py). CSV rows are read in core/stops/import_csv.py.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Literal

import yaml

from core.places import find_area_in_text
from core.stops.import_csv import ImportResult, csv_rows
from core.stops.loader import YamlContext, load_yaml, parse_event
from core.stops.model import BERLIN, Event, PlanError
from core.stops.plan import StopPlan

logger = logging.getLogger(__name__)

__all__ = [
    "IMPORT_DIR",
    "Format",
    "ImportRejectedError",
    "ImportResult",
    "validate_import",
    "write_import",
]

IMPORT_DIR = "imports"
"""Folder next to the plan file that holds imported month files."""

Format = Literal["yaml", "csv"]


class ImportRejectedError(ValueError):
    """An import cannot be written (it has errors or the plan does not include imports)."""


def _read_source(source: str | Path | bytes) -> tuple[str, str]:
    """Return (text, name); str is a file path if such a file exists, else the text itself."""
    if isinstance(source, Path) or (
        isinstance(source, str) and "\n" not in source and len(source) < 4096 and os.path.isfile(source)
    ):
        path = Path(source)
        return _decode(path.read_bytes()), path.name
    if isinstance(source, bytes):
        return _decode(source), "<upload>"
    return source, "<text>"


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def validate_import(
    source: str | Path | bytes,
    fmt: Format,
    plan: StopPlan,
    today: date | None = None,
) -> ImportResult:
    """Check an import against the plan's places; every problem is a German message per row."""
    text, _name = _read_source(source)
    today = today or datetime.now(UTC).astimezone(BERLIN).date()
    result = ImportResult()
    rows: list[tuple[int, Event]] = []
    if fmt == "csv":
        rows = csv_rows(text, plan, result)
    elif fmt == "yaml":
        rows = _yaml_rows(text, plan, result)
    else:
        raise ValueError(f"unknown import format {fmt!r} (expected 'yaml' or 'csv')")
    if not rows and not result.errors:
        result.errors.append("Die Datei enthält keine Termine.")
    _check_rows(rows, plan, today, result)
    result.stops = [event for _line, event in rows]
    if result.errors:
        result.stops = []
    result.errors.sort(key=_line_number)
    result.warnings.sort(key=_line_number)
    return result


def _line_number(message: str) -> int:
    """The row a message is about, for sorting ("Zeile 7: …" -> 7)."""
    match = re.match(r"Zeile (\d+)", message)
    return int(match.group(1)) if match else 0


# ---- YAML ------------------------------------------------------------------------------


def _yaml_rows(text: str, plan: StopPlan, result: ImportResult) -> list[tuple[int, Event]]:
    try:
        data, lines = load_yaml(text, "Datei")
    except PlanError as exc:
        result.errors.append(str(exc))
        return []
    ctx = YamlContext(None, lines)
    prefix: tuple[str | int, ...] = ()
    if isinstance(data, dict) and set(data) <= {"events", "version"}:
        data, prefix = data.get("events"), ("events",)
    if not isinstance(data, list):
        result.errors.append("Die Datei muss eine Liste von Terminen sein (oder 'events:' mit einer Liste)")
        return []
    places = dict(plan.place_index)
    rows: list[tuple[int, Event]] = []
    for index, item in enumerate(data):
        path = (*prefix, index)
        try:
            event = parse_event(ctx, item, path, places)
        except PlanError as exc:
            result.errors.append(str(exc))
            continue
        if event.place.address:
            area = find_area_in_text(event.place.address)
            codes = re.findall(r"(?<!\d)\d{5}(?!\d)", event.place.address)
            if codes and area is None:
                result.errors.append(
                    f"Zeile {lines.get(path, '?')}: Adresse '{event.place.address}' liegt nicht in Essen"
                )
                continue
        rows.append((lines.get(path, 0), event))
    return rows


# ---- checks across rows ----------------------------------------------------------------


def _check_rows(rows: list[tuple[int, Event]], plan: StopPlan, today: date, result: ImportResult) -> None:
    """Duplicates, past dates, holidays, and clashes with the plan or other rows."""
    seen: dict[tuple[date, str, time], int] = {}
    by_day: dict[date, list[tuple[int, Event]]] = defaultdict(list)
    months = {f"{event.day:%Y-%m}" for _line, event in rows}
    for line, event in rows:
        key = (event.day, event.place.id, event.start)
        if key in seen:
            result.errors.append(f"Zeile {line}: doppelt (wie Zeile {seen[key]})")
            continue
        seen[key] = line
        if event.day < today:
            result.warnings.append(f"Zeile {line}: {event.day:%d.%m.%Y} liegt in der Vergangenheit")
        holiday = plan.holiday(event.day)
        if holiday:
            result.warnings.append(
                f"Zeile {line}: {event.day:%d.%m.%Y} ist ein Feiertag ({holiday}); der Termin gilt trotzdem"
            )
        for other_line, other in by_day[event.day]:
            if other.start < event.end and event.start < other.end:
                result.warnings.append(
                    f"Zeile {line}: überschneidet sich zeitlich mit Zeile {other_line} ({other.place.label})"
                )
        by_day[event.day].append((line, event))
        for stop in plan.stops_on(event.day):
            if not stop.confirmed or _replaced_by_import(stop.stop_id, plan, months):
                continue  # rule dates and earlier imports of these months are replaced
            if stop.start.time() < event.end and event.start < stop.end.time():
                result.warnings.append(
                    f"Zeile {line}: zur selben Zeit hält das Bürgermobil laut Plan schon in "
                    f"{stop.place.label} ({stop.start:%H:%M}–{stop.end:%H:%M} Uhr)"
                )


def _replaced_by_import(stop_id: str, plan: StopPlan, months: set[str]) -> bool:
    """True if the stop comes from an import file this import will replace."""
    for event in plan.events:
        if event.origin and Path(event.origin).stem in months:
            day_prefix = f"{event.day.isoformat()}-{event.place.id}"
            if stop_id == day_prefix or stop_id.startswith(day_prefix + "-"):
                return True
    return False


# ---- writing ---------------------------------------------------------------------------


def write_import(
    result: ImportResult, plan: StopPlan, plan_path: str | Path, source_name: str = ""
) -> list[Path]:
    """Write one `imports/<JJJJ-MM>.yaml` per month next to the plan; returns the files."""
    if not result.ok:
        raise ImportRejectedError("the import has errors or no stops; nothing written")
    directory = Path(plan_path).resolve().parent / IMPORT_DIR
    for month in result.months():
        relative = f"{IMPORT_DIR}/{month}.yaml"
        if not any(fnmatch.fnmatch(relative, pattern) for pattern in plan.includes):
            raise ImportRejectedError(
                f"the plan file does not include {relative} (add 'include: [{IMPORT_DIR}/*.yaml]')"
            )
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    by_month: dict[str, list[Event]] = defaultdict(list)
    for event in sorted(result.stops, key=lambda e: (e.day, e.start, e.place.id)):
        by_month[f"{event.day:%Y-%m}"].append(event)
    stamp = datetime.now(UTC).astimezone(BERLIN)
    for month, events in by_month.items():
        target = directory / f"{month}.yaml"
        _atomic_write(target, _render_month(month, events, plan, source_name, stamp))
        written.append(target)
        logger.info("imported %s stops into %s", len(events), target)
    return written


def _render_month(
    month: str, events: Iterable[Event], plan: StopPlan, source_name: str, stamp: datetime
) -> str:
    header = (
        f"# Importierte Einzeltermine für {month} – von `python -m bot stops import` erzeugt\n"
        f"# am {stamp:%d.%m.%Y %H:%M} Uhr aus {source_name or 'einer Datei'}.\n"
        "# Ein neuer Import für diesen Monat ersetzt die Datei vollständig.\n"
    )
    body = {
        "version": 1,
        "events": [event.to_dict(event.place.id in plan.place_index) for event in events],
    }
    return header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=100)


def _atomic_write(target: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
