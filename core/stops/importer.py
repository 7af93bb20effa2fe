"""Check a month's stop list sent by staff (CSV or YAML) and write it as an include file.

Design: an import becomes `imports/<JJJJ-MM>.yaml` next to the plan file, which the plan
includes (`include: [imports/*.yaml]`). One file per month; importing a month again
replaces that month's file completely. Nothing is written while any row has an error.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import logging
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, Literal

import yaml

from core.places import exact_area, find_area_in_text, fold, is_essen_postal_code, resolve_area
from core.stops.fields import FieldError, check_wall_time, parse_date, parse_time
from core.stops.loader import (
    ESSEN_LAT_RANGE,
    ESSEN_LON_RANGE,
    YamlContext,
    load_yaml,
    parse_event,
    unique_place_id,
)
from core.stops.model import BERLIN, Event, Place, PlanError, slugify
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

_COLUMNS: dict[str, str] = {
    "datum": "date", "date": "date", "tag": "date",
    "start": "start", "beginn": "start", "von": "start", "from": "start", "anfang": "start",
    "ende": "end", "end": "end", "bis": "end", "to": "end",
    "ortid": "place_id", "placeid": "place_id", "ort": "place_id", "place": "place_id",
    "id": "place_id",
    "bezirk": "district", "stadtteil": "district", "district": "district",
    "name": "name", "platz": "name", "ortsname": "name",
    "adresse": "address", "address": "address", "anschrift": "address",
    "titel": "title", "title": "title", "anlass": "title",
    "hinweis": "note", "notiz": "note", "bemerkung": "note", "note": "note",
    "lat": "lat", "breitengrad": "lat", "lon": "lon", "laengengrad": "lon",
}


class ImportRejectedError(ValueError):
    """An import cannot be written (it has errors or the plan does not include imports)."""


@dataclass
class ImportResult:
    """The checked rows of an import: the one-off stops and German messages per row."""

    stops: list[Event] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True if there is something to import and no row has an error."""
        return bool(self.stops) and not self.errors

    def months(self) -> list[str]:
        """The months ("2027-01") the stops fall in."""
        return sorted({f"{event.day:%Y-%m}" for event in self.stops})


def _read_source(source: str | Path | bytes) -> tuple[str, str]:
    """Return (text, name); str is a file path if such a file exists, else the text itself."""
    if isinstance(source, Path) or (
        isinstance(source, str) and "\n" not in source and len(source) < 4096
        and os.path.isfile(source)
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
        rows = _csv_rows(text, plan, result)
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


# ---- CSV -------------------------------------------------------------------------------


MAX_CSV_FIELD = 2000
"""A cell longer than this is no stop (names and addresses are a few dozen characters)."""


def _csv_rows(text: str, plan: StopPlan, result: ImportResult) -> list[tuple[int, Event]]:
    csv.field_size_limit(MAX_CSV_FIELD)  # process-wide; the bot reads no other CSV
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    rows: list[tuple[int, Event]] = []
    try:
        _read_csv(reader, plan, result, rows)
    except csv.Error as exc:  # a field over the limit, a NUL byte, an open quote at the end
        message = f"Feld länger als {MAX_CSV_FIELD} Zeichen" if "field larger" in str(exc) else str(exc)
        result.errors.append(f"Zeile {reader.line_num}: kein gültiges CSV ({message})")
        return []
    return rows


def _delimiter(text: str) -> str:
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    return max(";,\t", key=header_line[:10_000].count)


def _read_csv(reader: Any, plan: StopPlan, result: ImportResult, rows: list[tuple[int, Event]]) -> None:
    header: list[str] | None = None
    columns: dict[int, str] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells) or cells[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = cells
            for index, name in enumerate(cells):
                key = _COLUMNS.get(re.sub(r"[^a-z]", "", fold(name).replace(" ", "")))
                if key is None:
                    result.warnings.append(f"Zeile {line}: Spalte '{name.strip()}' wird ignoriert")
                elif key in columns.values():
                    result.errors.append(f"Zeile {line}: Spalte '{name.strip()}' ist doppelt")
                else:
                    columns[index] = key
            missing = [c for c in ("date", "start", "end") if c not in columns.values()]
            if missing:
                german = {"date": "datum", "start": "start", "end": "ende"}
                result.errors.append(
                    f"Zeile {line}: Spalte(n) {', '.join(german[m] for m in missing)} fehlen "
                    "(erwartet: datum;start;ende;ort_id;bezirk;name;adresse)"
                )
                rows.clear()
                return
            continue
        values = {
            key: cells[index].strip() for index, key in columns.items()
            if index < len(cells) and cells[index].strip()
        }
        event = _row_event(values, line, plan, result)
        if event is not None:
            rows.append((line, event))


def _row_event(
    values: dict[str, str], line: int, plan: StopPlan, result: ImportResult
) -> Event | None:
    """Build one event from a CSV row, collecting every error of the row."""
    errors: list[str] = []

    def read(key: str, label: str, convert: Any) -> Any:
        if key not in values:
            errors.append(f"Zeile {line}: {label} fehlt")
            return None
        try:
            return convert(values[key])
        except FieldError as exc:
            message = str(exc)
            if key in ("start", "end") and not message.startswith(label):
                message = f"{label}: {message}"
            errors.append(f"Zeile {line}: {message}")
            return None

    day = read("date", "Datum", parse_date)
    start = read("start", "Beginn", parse_time)
    end = read("end", "Ende", parse_time)
    if start is not None and end is not None and end <= start:
        errors.append(f"Zeile {line}: Ende {end:%H:%M} liegt vor Beginn {start:%H:%M}"
                      if end < start else f"Zeile {line}: Ende und Beginn sind gleich")
    if day is not None:
        for clock in (start, end):
            if clock is not None:
                try:
                    check_wall_time(day, clock)
                except FieldError as exc:
                    errors.append(f"Zeile {line}: {exc}")
    place = _row_place(values, line, plan, errors, result)
    result.errors.extend(errors)
    if errors or day is None or start is None or end is None or place is None:
        return None
    return Event(day, start, end, place, values.get("title"), values.get("note"))


def _row_place(
    values: dict[str, str], line: int, plan: StopPlan, errors: list[str],
    result: ImportResult,
) -> Place | None:
    """The plan's place by id, or a new place from district, name and address."""
    place_id = values.get("place_id")
    if place_id:
        place = plan.place_index.get(place_id) or plan.place_index.get(place_id.casefold())
        if place is None:
            errors.append(f"Zeile {line}: Ort '{place_id}' ist unbekannt")
        return place
    district_text, name = values.get("district"), values.get("name")
    if not district_text or not name:
        errors.append(f"Zeile {line}: Ort fehlt (ort_id oder bezirk und name angeben)")
        return None
    address = values.get("address")
    if address:
        codes = re.findall(r"(?<!\d)\d{5}(?!\d)", address)
        foreign = [code for code in codes if not is_essen_postal_code(code)]
        if foreign and not any(is_essen_postal_code(code) for code in codes):
            errors.append(f"Zeile {line}: Adresse '{address}' liegt nicht in Essen "
                          f"(PLZ {foreign[0]})")
            return None
    district = district_text
    if exact_area(district_text) is None:
        guess = resolve_area(district_text, min_score=85)
        if guess is None:
            errors.append(f"Zeile {line}: '{district_text}' ist kein Essener Stadtteil")
            return None
        district = guess.district
        result.warnings.append(f"Zeile {line}: Stadtteil '{district_text}' als "
                               f"'{district}' gelesen")
    known = _same_place(plan, district, name)
    if known is not None:
        return known
    lat = lon = None
    if values.get("lat") or values.get("lon"):
        try:
            lat = float(values.get("lat", "").replace(",", "."))
            lon = float(values.get("lon", "").replace(",", "."))
        except ValueError:
            errors.append(f"Zeile {line}: Koordinaten '{values.get('lat', '')}', "
                          f"'{values.get('lon', '')}' sind keine Zahlen")
            lat = lon = None
        if lat is not None and lon is not None and not (
            ESSEN_LAT_RANGE[0] <= lat <= ESSEN_LAT_RANGE[1]
            and ESSEN_LON_RANGE[0] <= lon <= ESSEN_LON_RANGE[1]
        ):
            errors.append(f"Zeile {line}: Koordinaten {lat}, {lon} liegen nicht in Essen")
            lat = lon = None
    place_id = slugify(f"{district} {name}")
    if place_id in plan.place_index:
        place_id = unique_place_id(place_id, dict(plan.place_index))
    return Place(place_id, district, name, address, lat, lon)


def _same_place(plan: StopPlan, district: str, name: str) -> Place | None:
    """A plan place with the same district and name (so its id is reused)."""
    area = exact_area(district)
    wanted = set(area.districts) if area else set()
    for place in plan.places:
        other = exact_area(place.district)
        if other and wanted & set(other.districts) and fold(place.name) == fold(name):
            return place
    return None


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
        result.errors.append("Die Datei muss eine Liste von Terminen sein "
                             "(oder 'events:' mit einer Liste)")
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
                result.errors.append(f"Zeile {lines.get(path, '?')}: Adresse "
                                     f"'{event.place.address}' liegt nicht in Essen")
                continue
        rows.append((lines.get(path, 0), event))
    return rows


# ---- checks across rows ----------------------------------------------------------------


def _check_rows(
    rows: list[tuple[int, Event]], plan: StopPlan, today: date, result: ImportResult
) -> None:
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
            result.warnings.append(f"Zeile {line}: {event.day:%d.%m.%Y} liegt in der "
                                   "Vergangenheit")
        holiday = plan.holiday(event.day)
        if holiday:
            result.warnings.append(f"Zeile {line}: {event.day:%d.%m.%Y} ist ein Feiertag "
                                   f"({holiday}); der Termin gilt trotzdem")
        for other_line, other in by_day[event.day]:
            if other.start < event.end and event.start < other.end:
                result.warnings.append(f"Zeile {line}: überschneidet sich zeitlich mit "
                                       f"Zeile {other_line} ({other.place.label})")
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
            raise ImportRejectedError(f"the plan file does not include {relative} "
                               f"(add 'include: [{IMPORT_DIR}/*.yaml]')")
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
