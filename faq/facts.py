"""Structured facts (fees, deadlines, phone numbers, rules) with sources and validity dates.

The facts live in one YAML file (`faq/facts.yaml`, next to the FAQ). FAQ answers and the
bot's texts name a fact with a placeholder `{fact:<id>}`; it is filled in when the text is
shown, for the day it is shown on: a fact with `valid_until` gives its successor `then:`
after that day (or, without one, a sentence that the bot has no current value), a fact
with `valid_from` in the future is not stated yet. So a fee lives in one place.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faq.yamlfile import URL_RE, FaqError, read_yaml

__all__ = [
    "DEFAULT_FACTS_NAME",
    "DEFAULT_FACTS_PATH",
    "FACT_KINDS",
    "PLACEHOLDER_RE",
    "Fact",
    "FactBook",
    "FactText",
    "load_facts",
    "parse_facts",
    "placeholders",
]

DEFAULT_FACTS_NAME = "facts.yaml"
"""The facts file of an FAQ is this file next to it."""
DEFAULT_FACTS_PATH: Path = Path(__file__).resolve().parent / DEFAULT_FACTS_NAME

FACT_ID_RE = re.compile(r"^[a-z0-9_]+$")
PLACEHOLDER_RE = re.compile(r"\{fact:([^{}\s]*)\}")
_BRACES = re.compile(r"[{}]")
FACT_KINDS = frozenset({"fee", "phone", "deadline", "rule", "contact", "amount"})
KNOWN_FIELDS = frozenset(
    {
        "id", "kind", "topic", "value", "then", "valid_from", "valid_until",
        "source", "reviewed", "review_by", "note",
    }
)

UNKNOWN_NOW = {
    "de": "(dazu habe ich keinen aktuellen Stand – bitte fragen Sie beim ServiceCenter: 115)",
    "en": "(I have no current information on this – please ask the ServiceCenter: 115)",
}
"""Shown for a fact that has no value on the day (expired without successor, not yet valid)."""


@dataclass(frozen=True)
class FactText:
    """A fact's wording in German and, where it differs, in English."""

    de: str
    en: str

    def for_lang(self, lang: str) -> str:
        """The wording in `lang` ('en…' English, else German)."""
        return self.en if lang.lower().startswith("en") else self.de


@dataclass(frozen=True)
class Fact:
    """One fact: its value, when it holds, where it is written officially, when to check it."""

    id: str
    kind: str
    value: FactText
    sources: tuple[str, ...]
    reviewed: datetime.date
    review_by: datetime.date
    topics: tuple[str, ...] = ()
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    then: FactText | None = None
    note: str | None = None

    def value_on(self, day: datetime.date) -> FactText | None:
        """The value that holds on `day`, the successor after `valid_until`, or None."""
        if self.valid_from is not None and day < self.valid_from:
            return None
        if self.valid_until is not None and day > self.valid_until:
            return self.then
        return self.value

    def texts(self) -> tuple[FactText, ...]:
        """Every wording the fact can take (value and successor)."""
        return (self.value,) if self.then is None else (self.value, self.then)


@dataclass(frozen=True)
class FactBook:
    """The loaded facts by id, and the file they came from."""

    facts: tuple[Fact, ...] = ()
    source: Path | None = None
    _by_id: Mapping[str, Fact] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {fact.id: fact for fact in self.facts})

    def get(self, fact_id: str) -> Fact | None:
        """The fact with this id, or None."""
        return self._by_id.get(fact_id)

    def __len__(self) -> int:
        return len(self.facts)

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts)

    def unknown(self, text: str) -> list[str]:
        """The placeholder ids in `text` that name no fact."""
        return [name for name in placeholders(text) if name not in self._by_id]

    def render(self, text: str, lang: str, day: datetime.date) -> str:
        """Fill every `{fact:id}` in `text` with the fact's wording on `day`.

        An unknown id or a fact without a value on that day becomes the sentence that
        the bot has no current value (the loader and `faq check` keep that from shipping).
        """
        if "{fact:" not in text:
            return text

        def fill(match: re.Match[str]) -> str:
            fact = self._by_id.get(match.group(1))
            value = fact.value_on(day) if fact is not None else None
            if value is None:
                return UNKNOWN_NOW["en" if lang.lower().startswith("en") else "de"]
            return value.for_lang(lang)

        return PLACEHOLDER_RE.sub(fill, text)


def placeholders(text: str) -> list[str]:
    """The fact ids named by `{fact:id}` placeholders in `text`, in order."""
    return PLACEHOLDER_RE.findall(text)


def load_facts(path: Path | str) -> FactBook:
    """Load and strictly validate a facts file; raise FaqError listing every problem."""
    source = Path(path)
    book, problems = parse_facts(read_yaml(source), source)
    if problems:
        raise FaqError(problems)
    return book


def parse_facts(data: Any, source: Path | None = None) -> tuple[FactBook, list[str]]:
    """Validate parsed YAML data; return the valid facts and every problem found."""
    where = str(source) if source is not None else "<facts>"
    problems: list[str] = []
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(
        data.get("facts"), list
    ):
        problems.append(f"{where}: expected a mapping with 'version: 1' and 'facts:' (a list)")
        return FactBook((), source), problems
    unknown = sorted(str(key) for key in data if key not in ("version", "facts"))
    if unknown:
        problems.append(f"{where}: unknown top-level keys {unknown}: expected version, facts")
    facts: list[Fact] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(data["facts"], start=1):
        fact = _parse_fact(raw, number, where, problems)
        if fact is None:
            continue
        if fact.id in seen:
            problems.append(
                f"{where}: fact '{fact.id}' (#{number}), field 'id': expected a unique id,"
                f" already used by fact #{seen[fact.id]}"
            )
            continue
        seen[fact.id] = number
        facts.append(fact)
    return FactBook(tuple(facts), source), problems


def _parse_fact(raw: Any, number: int, where: str, problems: list[str]) -> Fact | None:
    """Validate one fact, appending problems; return it when it is valid."""
    if not isinstance(raw, dict):
        problems.append(f"{where}: fact #{number}: expected a mapping of fields")
        return None
    raw_id = raw.get("id")
    label = f"fact '{raw_id}' (#{number})" if isinstance(raw_id, str) else f"fact #{number}"
    before = len(problems)

    def bad(name: str, expected: str) -> None:
        problems.append(f"{where}: {label}, field '{name}': expected {expected}")

    for name in sorted(str(key) for key in raw if key not in KNOWN_FIELDS):
        bad(name, "no such field (allowed: " + ", ".join(sorted(KNOWN_FIELDS)) + ")")
    if not isinstance(raw_id, str) or not FACT_ID_RE.match(raw_id):
        bad("id", "a string of lower-case letters, digits and '_'")
    kind = raw.get("kind")
    if kind not in FACT_KINDS:
        bad("kind", "one of " + ", ".join(sorted(FACT_KINDS)))
    value = _fact_text(raw.get("value"), "value", bad, required=True)
    then = _fact_text(raw.get("then"), "then", bad, required=False)
    sources = raw.get("source")
    if isinstance(sources, str):
        sources = [sources]
    if (
        not isinstance(sources, list)
        or not sources
        or not all(isinstance(url, str) and URL_RE.match(url.strip()) for url in sources)
    ):
        bad("source", "the official page(s) that state the fact: an http(s) URL or a list of them")
        sources = None
    topics = raw.get("topic", [])
    if isinstance(topics, str):
        topics = [topics]
    if not isinstance(topics, list) or not all(isinstance(item, str) for item in topics):
        bad("topic", "an FAQ entry id or a list of them")
        topics = []
    dates = {
        name: _date(raw, name, bad, required=name in ("reviewed", "review_by"))
        for name in ("reviewed", "review_by", "valid_from", "valid_until")
    }
    start, end = dates["valid_from"], dates["valid_until"]
    if start is not None and end is not None and end < start:
        bad("valid_until", f"a date not before valid_from ({start.isoformat()})")
    if then is not None and end is None:
        bad("then", "only together with valid_until (the successor holds after that day)")
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        bad("note", "a string")
    if len(problems) > before:
        return None
    assert isinstance(raw_id, str) and isinstance(kind, str) and value is not None
    assert sources is not None
    reviewed, review_by = dates["reviewed"], dates["review_by"]
    assert reviewed is not None and review_by is not None
    return Fact(
        id=raw_id,
        kind=kind,
        value=value,
        sources=tuple(url.strip() for url in sources),
        reviewed=reviewed,
        review_by=review_by,
        topics=tuple(topics),
        valid_from=start,
        valid_until=end,
        then=then,
        note=note,
    )


def _fact_text(value: Any, name: str, bad: Any, *, required: bool) -> FactText | None:
    """A wording: one string for both languages, or a mapping with de and en."""
    if value is None and not required:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and value.strip() and not _BRACES.search(value):
        return FactText(value.strip(), value.strip())
    if (
        isinstance(value, dict)
        and set(value) == {"de", "en"}
        and all(
            isinstance(text, str) and text.strip() and not _BRACES.search(text)
            for text in value.values()
        )
    ):
        return FactText(value["de"].strip(), value["en"].strip())
    bad(name, "a non-empty string without { }, or a mapping with non-empty 'de' and 'en'")
    return None


def _date(raw: dict[Any, Any], name: str, bad: Any, *, required: bool) -> datetime.date | None:
    """A YYYY-MM-DD date field."""
    value = raw.get(name)
    if value is None and not required:
        return None
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        bad(name, "a date YYYY-MM-DD")
        return None
    return value
