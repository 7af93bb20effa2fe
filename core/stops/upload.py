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

__all__ = ["ERROR_CHARS", "MAX_IMPORT_BYTES", "check_upload"]

logger = logging.getLogger(__name__)

MAX_IMPORT_BYTES = 512 * 1024
"""A month's plan is a few kilobytes."""
ERROR_CHARS = 300
"""One error line at most this long."""


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
    try:
        result = validate_import(data, fmt, plan, today=today)
    except (RecursionError, MemoryError, ValueError, csv.Error, yaml.YAMLError) as exc:
        logger.warning("stop import: file not readable: %s", type(exc).__name__)
        return _failed(f"Die Datei konnte nicht gelesen werden ({type(exc).__name__}).")
    result.errors = [_one_line(message) for message in result.errors]
    result.warnings = [_one_line(message) for message in result.warnings]
    return result
