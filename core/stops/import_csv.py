"""The CSV rows of a staff import (Excel's ';' or ',' or tabs) and the result they build.

Column names are German or English ("datum", "date", "ort_id" …); every problem becomes one
German message naming the row, collected in `ImportResult`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from core.places import exact_area, fold, is_essen_postal_code, resolve_area
from core.stops.fields import FieldError, check_wall_time, parse_date, parse_time
from core.stops.loader import ESSEN_LAT_RANGE, ESSEN_LON_RANGE, unique_place_id
from core.stops.model import Event, Place, slugify
from core.stops.plan import StopPlan

__all__ = ["MAX_CSV_FIELD", "ImportResult", "csv_rows"]

_COLUMNS: dict[str, str] = {
    "datum": "date",
    "date": "date",
    "tag": "date",
    "start": "start",
    "beginn": "start",
    "von": "start",
    "from": "start",
    "anfang": "start",
    "ende": "end",
    "end": "end",
    "bis": "end",
    "to": "end",
    "ortid": "place_id",
    "placeid": "place_id",
    "ort": "place_id",
    "place": "place_id",
    "id": "place_id",
    "bezirk": "district",
    "stadtteil": "district",
    "district": "district",
    "name": "name",
    "platz": "name",
    "ortsname": "name",
    "adresse": "address",
    "address": "address",
    "anschrift": "address",
    "titel": "title",
    "title": "title",
    "anlass": "title",
    "hinweis": "note",
    "notiz": "note",
    "bemerkung": "note",
    "note": "note",
    "lat": "lat",
    "breitengrad": "lat",
    "lon": "lon",
    "laengengrad": "lon",
}


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


# ---- CSV -------------------------------------------------------------------------------


MAX_CSV_FIELD = 2000
"""A cell longer than this is no stop (names and addresses are a few dozen characters)."""


def csv_rows(text: str, plan: StopPlan, result: ImportResult) -> list[tuple[int, Event]]:
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
            key: cells[index].strip()
            for index, key in columns.items()
            if index < len(cells) and cells[index].strip()
        }
        event = _row_event(values, line, plan, result)
        if event is not None:
            rows.append((line, event))


def _row_event(values: dict[str, str], line: int, plan: StopPlan, result: ImportResult) -> Event | None:
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
        errors.append(
            f"Zeile {line}: Ende {end:%H:%M} liegt vor Beginn {start:%H:%M}"
            if end < start
            else f"Zeile {line}: Ende und Beginn sind gleich"
        )
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
    values: dict[str, str],
    line: int,
    plan: StopPlan,
    errors: list[str],
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
            errors.append(f"Zeile {line}: Adresse '{address}' liegt nicht in Essen (PLZ {foreign[0]})")
            return None
    district = district_text
    if exact_area(district_text) is None:
        guess = resolve_area(district_text, min_score=85)
        if guess is None:
            errors.append(f"Zeile {line}: '{district_text}' ist kein Essener Stadtteil")
            return None
        district = guess.district
        result.warnings.append(f"Zeile {line}: Stadtteil '{district_text}' als '{district}' gelesen")
    known = _same_place(plan, district, name)
    if known is not None:
        return known
    lat = lon = None
    if values.get("lat") or values.get("lon"):
        try:
            lat = float(values.get("lat", "").replace(",", "."))
            lon = float(values.get("lon", "").replace(",", "."))
        except ValueError:
            errors.append(
                f"Zeile {line}: Koordinaten '{values.get('lat', '')}', "
                f"'{values.get('lon', '')}' sind keine Zahlen"
            )
            lat = lon = None
        if (
            lat is not None
            and lon is not None
            and not (
                ESSEN_LAT_RANGE[0] <= lat <= ESSEN_LAT_RANGE[1]
                and ESSEN_LON_RANGE[0] <= lon <= ESSEN_LON_RANGE[1]
            )
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
