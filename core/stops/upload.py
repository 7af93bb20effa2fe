"""A stop-plan upload, checked with limits: size, nesting, aliases (loader), CSV field size.

Runs in a worker thread (`asyncio.to_thread`), so a hostile file never blocks the citizens'
updates; whatever goes wrong becomes one line for the staff group, never a traceback.
"""

from __future__ import annotations

import csv
import logging
from datetime import date

import yaml

from core.stops.importer import Format, ImportResult, validate_import
from core.stops.plan import StopPlan

__all__ = ["ERROR_CHARS", "MAX_IMPORT_BYTES", "check_upload", "format_of"]

logger = logging.getLogger(__name__)

MAX_IMPORT_BYTES = 512 * 1024
"""A month's plan is a few kilobytes."""
ERROR_CHARS = 300
"""One error line at most this long."""
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
"""UTF-16 and UTF-32 byte order marks (Excel's "Unicode text"); without one, UTF-16 shows as
a NUL byte beside every letter. A single NUL is a row's problem (checked by line)."""


_FORMATS: dict[str, Format] = {"csv": "csv", "yaml": "yaml", "yml": "yaml"}


def format_of(name: str) -> Format | None:
    """The import format by the file name's ending (.csv, .yaml, .yml); None for anything else."""
    return _FORMATS.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None


def _one_line(message: str) -> str:
    line = " ".join(message.split())
    return line if len(line) <= ERROR_CHARS else line[: ERROR_CHARS - 1] + "…"


def _failed(message: str) -> ImportResult:
    result = ImportResult()
    result.errors.append(message)
    return result


def check_upload(data: bytes, fmt: Format, plan: StopPlan, today: date) -> ImportResult:
    """Validate an uploaded file against the plan; every error is one short line, nothing raises."""
    if len(data) > MAX_IMPORT_BYTES:
        return _failed(f"Die Datei ist zu groß (höchstens {MAX_IMPORT_BYTES // 1024} KB).")
    if not data.strip():
        return _failed("Die Datei ist leer.")
    if data.startswith(_WIDE_BOMS) or data.count(b"\x00") * 4 > len(data):
        return _failed(
            "Die Datei ist kein Text in UTF-8 oder Windows-1252 (vielleicht UTF-16 oder ein Excel-Blatt). "
            "Bitte als „CSV UTF-8“ oder YAML speichern."
        )
    try:
        result = validate_import(data, fmt, plan, today=today)
    except (RecursionError, MemoryError, ValueError, csv.Error, yaml.YAMLError) as exc:
        logger.warning("stop import: file not readable: %s", type(exc).__name__)
        return _failed(f"Die Datei konnte nicht gelesen werden ({type(exc).__name__}).")
    result.errors = [_one_line(message) for message in result.errors]
    result.warnings = [_one_line(message) for message in result.warnings]
    return result
