"""The local overlay of the FAQ: what staff approved, kept beside the shipped file.

The shipped `essen.yaml` stays as it is; `essen.local.yaml` (or the config's
`faq.overlay_path`) adds to it:

    version: 1
    questions:          # more German example questions of an entry (shipped or new)
      anmeldung: ["Wo melde ich mich nach dem Umzug an?"]
    questions_en:       # the same in English
      anmeldung: ["Where do I register after moving?"]
    entries:            # new entries, the full schema of the FAQ file
      - id: ...
    reviewed:           # "checked today": new review dates of entries and facts
      entries: {anmeldung: {reviewed: 2026-12-03, review_by: 2027-12-03}}
      facts: {servicecenter_115: {reviewed: 2026-12-03, review_by: 2027-06-30}}

`apply_overlay` merges it into a loaded FAQ and names file and key of every problem;
the editing helpers change the raw data, `write_overlay` saves it atomically.
"""

from __future__ import annotations

import datetime
import difflib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from faq.cache import load_faq_cached
from faq.facts import FactBook
from faq.model import Faq, validate_faq
from faq.yamlfile import FaqError, read_yaml

__all__ = [
    "OVERLAY_SUFFIX",
    "add_entry",
    "add_question",
    "apply_overlay",
    "empty_overlay",
    "load_with_overlay",
    "overlay_path_for",
    "read_overlay",
    "set_reviewed",
    "write_overlay",
]

OVERLAY_SUFFIX = ".local.yaml"
TOP_KEYS = ("version", "questions", "questions_en", "entries", "reviewed")
_HEADER = (
    "# Local additions to the FAQ, approved by staff (/lernen, the web console, `faq review`).\n"
    "# Merged with the shipped file at start and on every reload; check with: python -m bot faq check\n"
)


def overlay_path_for(faq_path: Path | str) -> Path:
    """The default overlay of an FAQ file: `essen.yaml` -> `essen.local.yaml` beside it."""
    path = Path(faq_path)
    return path.with_name(path.stem + OVERLAY_SUFFIX)


def empty_overlay() -> dict[str, Any]:
    """An overlay that changes nothing."""
    return {"version": 1}


def read_overlay(path: Path) -> dict[str, Any]:
    """The raw overlay data; an absent file is an empty overlay; unreadable YAML raises FaqError."""
    if not path.exists():
        return empty_overlay()
    data = read_yaml(path)
    if data is None:
        return empty_overlay()
    if not isinstance(data, dict):
        raise FaqError(f"{path}: expected a mapping with 'version: 1'")
    return data


def load_with_overlay(
    faq_path: Path | str,
    overlay_path: Path | str | None = None,
    facts_path: Path | str | None = None,
    *,
    cache: Path | None = None,
) -> Faq:
    """Load the shipped FAQ and merge its overlay (default beside it); raise FaqError on any problem.

    `cache`: a folder where a big FAQ file's validated entries are kept (`faq.cache.load_faq_cached`).
    """
    base = load_faq_cached(faq_path, facts_path, cache)
    path = Path(overlay_path) if overlay_path is not None else overlay_path_for(faq_path)
    faq, problems = apply_overlay(base, read_overlay(path), path)
    if problems:
        raise FaqError(problems)
    return faq


def apply_overlay(base: Faq, data: Mapping[str, Any], source: Path) -> tuple[Faq, list[str]]:
    """The FAQ with the overlay merged in, and every problem (file and key named)."""
    problems: list[str] = []

    def bad(key: str, expected: str) -> None:
        problems.append(f"{source}: key '{key}': {expected}")

    if data.get("version") != 1:
        bad("version", "expected 1")
    for key in sorted(str(k) for k in data if k not in TOP_KEYS):
        bad(key, "unknown key: expected one of " + ", ".join(TOP_KEYS) + _did_you_mean(key, TOP_KEYS))
    entries = list(base.entries)
    shipped = {entry.id for entry in entries}
    raw_new = data.get("entries")
    if raw_new is not None:
        if not isinstance(raw_new, list):
            bad("entries", "expected a list of entries")
        elif raw_new:
            added, entry_problems = validate_faq({"version": 1, "entries": raw_new}, source, base.facts)
            problems.extend(entry_problems)
            for entry in added.entries:
                if entry.id in shipped:
                    shipped_file = base.source or "the FAQ"
                    bad(f"entries.{entry.id}", f"the id is already used by an entry of {shipped_file}")
                else:
                    entries.append(entry)
    by_id = {entry.id: number for number, entry in enumerate(entries)}
    for key, field in (("questions", "questions"), ("questions_en", "questions_en")):
        for entry_id, questions in _id_map(data, key, bad, by_id):
            texts = questions if isinstance(questions, list) else [None]
            if not texts or not all(isinstance(q, str) and q.strip() for q in texts):
                bad(f"{key}.{entry_id}", "expected a list of non-empty strings")
                continue
            entry = entries[by_id[entry_id]]
            have = list(getattr(entry, field))
            have += [q.strip() for q in questions if q.strip() not in have]
            if field == "questions":
                entries[by_id[entry_id]] = replace(entry, questions=tuple(have))
            else:
                entries[by_id[entry_id]] = replace(entry, questions_en=tuple(have))
    facts = base.facts
    reviewed = data.get("reviewed")
    if reviewed is not None:
        if not isinstance(reviewed, dict):
            bad("reviewed", "expected a mapping with 'entries' and/or 'facts'")
        else:
            for key in sorted(str(k) for k in reviewed if k not in ("entries", "facts")):
                bad(f"reviewed.{key}", "unknown key: expected entries or facts")
            for entry_id, dates in _id_map(reviewed, "entries", bad, by_id, prefix="reviewed."):
                parsed = _dates(dates, f"reviewed.entries.{entry_id}", bad)
                if parsed is not None:
                    at = by_id[entry_id]
                    entries[at] = replace(entries[at], reviewed=parsed[0], review_by=parsed[1])
            fact_ids = {fact.id: number for number, fact in enumerate(facts)}
            changed = list(facts)
            for fact_id, dates in _id_map(reviewed, "facts", bad, fact_ids, prefix="reviewed.", what="fact"):
                parsed = _dates(dates, f"reviewed.facts.{fact_id}", bad)
                if parsed is not None and parsed[1] is not None:
                    at = fact_ids[fact_id]
                    changed[at] = replace(changed[at], reviewed=parsed[0], review_by=parsed[1])
                elif parsed is not None:
                    bad(f"reviewed.facts.{fact_id}.review_by", "expected a date YYYY-MM-DD (facts need one)")
            facts = FactBook(tuple(changed), facts.source)
    return Faq(tuple(entries), base.source, facts), problems


def _id_map(
    data: Mapping[str, Any],
    key: str,
    bad: Any,
    known: Mapping[str, int],
    *,
    prefix: str = "",
    what: str = "FAQ entry",
) -> list[tuple[str, Any]]:
    """The (id, value) pairs of a mapping keyed by known ids; unknown ids are problems."""
    raw = data.get(key)
    if raw is None:
        return []
    if not isinstance(raw, dict):
        bad(prefix + key, f"expected a mapping of {what} id to values")
        return []
    found: list[tuple[str, Any]] = []
    for name, value in raw.items():
        if str(name) not in known:
            bad(f"{prefix}{key}.{name}", f"expected the id of a {what}" + _did_you_mean(str(name), known))
            continue
        found.append((str(name), value))
    return found


def _dates(raw: Any, key: str, bad: Any) -> tuple[datetime.date, datetime.date | None] | None:
    """(reviewed, review_by) of a `reviewed:` item, or None after reporting a problem."""
    if not isinstance(raw, dict) or "reviewed" not in raw:
        bad(key, "expected a mapping with reviewed (and review_by) dates")
        return None
    values: list[datetime.date | None] = []
    for name in ("reviewed", "review_by"):
        value = raw.get(name)
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                value = False
        if value is None and name == "review_by":
            values.append(None)
            continue
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            bad(f"{key}.{name}", "expected a date YYYY-MM-DD")
            return None
        values.append(value)
    reviewed, review_by = values
    assert reviewed is not None
    if review_by is not None and review_by < reviewed:
        bad(f"{key}.review_by", f"expected a date not before reviewed ({reviewed.isoformat()})")
        return None
    return reviewed, review_by


def _did_you_mean(name: str, known: Any) -> str:
    close = difflib.get_close_matches(name, [str(k) for k in known], n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


# -- editing -------------------------------------------------------------------------------------


def add_question(data: dict[str, Any], entry_id: str, question: str, lang: str = "de") -> bool:
    """Add an example question to an entry; False when the overlay has it already."""
    key = "questions_en" if lang == "en" else "questions"
    questions = data.setdefault(key, {}).setdefault(entry_id, [])
    if question in questions:
        return False
    questions.append(question)
    return True


def add_entry(data: dict[str, Any], raw: Mapping[str, Any]) -> None:
    """Add a new entry (the FAQ file's fields), replacing one of the same id in the overlay."""
    entries = [
        e for e in data.get("entries") or [] if not (isinstance(e, dict) and e.get("id") == raw.get("id"))
    ]
    data["entries"] = [*entries, dict(raw)]


def set_reviewed(
    data: dict[str, Any], kind: str, item_id: str, reviewed: datetime.date, review_by: datetime.date
) -> None:
    """Record that an entry or a fact (`kind` 'entry' / 'fact') was checked on `reviewed`."""
    section = data.setdefault("reviewed", {}).setdefault("facts" if kind == "fact" else "entries", {})
    section[item_id] = {"reviewed": reviewed, "review_by": review_by}


def write_overlay(path: Path, data: Mapping[str, Any]) -> None:
    """Write the overlay atomically (a temporary file beside it, then a rename)."""
    ordered = {key: data[key] for key in TOP_KEYS if key in data and data[key] not in ({}, [])}
    ordered.setdefault("version", 1)
    text = _HEADER + yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
