"""FAQ data model and the strict loader of the FAQ YAML file."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faq.facts import DEFAULT_FACTS_NAME, FactBook, load_facts
from faq.yamlfile import URL_RE, FaqError, read_yaml

__all__ = [
    "DEFAULT_FAQ_PATH",
    "Faq",
    "FaqEntry",
    "FaqError",
    "facts_for",
    "facts_path_for",
    "load_faq",
    "parse_faq",
    "read_yaml",
    "validate_faq",
]

DEFAULT_FAQ_PATH: Path = Path(__file__).resolve().parent / "essen.yaml"

ID_RE = re.compile(r"^[a-z0-9-]+$")
KNOWN_FIELDS = frozenset(
    {
        "id",
        "title",
        "title_en",
        "department",
        "questions",
        "questions_en",
        "keywords",
        "keywords_en",
        "answer",
        "answer_en",
        "links",
        "reviewed",
        "review_by",
    }
)

_Report = Callable[[str, str], None]


@dataclass(frozen=True)
class FaqEntry:
    """One question topic with its example questions and the answer."""

    id: str
    title: str
    questions: tuple[str, ...]
    answer: str
    links: tuple[str, ...]
    reviewed: datetime.date
    keywords: tuple[str, ...] = ()
    answer_en: str | None = None
    title_en: str | None = None
    department: str | None = None
    questions_en: tuple[str, ...] = ()
    review_by: datetime.date | None = None
    keywords_en: tuple[str, ...] = ()
    """English words and phrases of this topic only (the English matcher's keywords)."""

    def title_for(self, lang: str) -> str:
        """Return the title in `lang` ('en' uses the English title when present)."""
        if lang.lower().startswith("en") and self.title_en:
            return self.title_en
        return self.title

    def answer_for(self, lang: str) -> str:
        """Return the answer in `lang` ('en' uses the English answer when present)."""
        if lang.lower().startswith("en") and self.answer_en:
            return self.answer_en
        return self.answer


@dataclass(frozen=True)
class Faq:
    """The loaded FAQ: entries in file order, the file they came from, and the facts they name."""

    entries: tuple[FaqEntry, ...]
    source: Path | None = None
    facts: FactBook = field(default_factory=FactBook)
    _by_id: Mapping[str, FaqEntry] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {entry.id: entry for entry in self.entries})

    def get(self, entry_id: str) -> FaqEntry | None:
        """Return the entry with this id, or None."""
        return self._by_id.get(entry_id)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[FaqEntry]:
        return iter(self.entries)

    def answer(self, entry: FaqEntry, lang: str, day: datetime.date) -> str:
        """The entry's answer in `lang` with its facts filled in as they hold on `day`."""
        return self.facts.render(entry.answer_for(lang), lang, day)



def facts_path_for(faq_path: Path | str) -> Path:
    """The facts file of an FAQ file: `facts.yaml` in the same folder."""
    return Path(faq_path).parent / DEFAULT_FACTS_NAME


def load_faq(path: Path | str, facts_path: Path | str | None = None) -> Faq:
    """Load and strictly validate an FAQ file and its facts; raise FaqError listing every problem.

    The facts come from `facts_path`, else from `facts.yaml` next to the FAQ when it exists.
    """
    source = Path(path)
    return parse_faq(read_yaml(source), source, facts_for(source, facts_path)[0])


def facts_for(faq_path: Path, facts_path: Path | str | None = None) -> tuple[FactBook, Path | None]:
    """The facts of an FAQ file (`facts_path`, else `facts.yaml` beside it when it exists) and their file."""
    facts_file = Path(facts_path) if facts_path is not None else facts_path_for(faq_path)
    if facts_path is None and not facts_file.exists():
        return FactBook(), None
    return load_facts(facts_file), facts_file


def parse_faq(data: Any, source: Path | None = None, facts: FactBook | None = None) -> Faq:
    """Validate parsed YAML data and build the Faq; raise FaqError listing every problem."""
    faq, problems = validate_faq(data, source, facts)
    if problems:
        raise FaqError(problems)
    return faq


def validate_faq(
    data: Any, source: Path | None = None, facts: FactBook | None = None
) -> tuple[Faq, list[str]]:
    """Validate parsed YAML data; return the valid entries and every problem found.

    Every `{fact:id}` placeholder of an answer must name a fact of `facts`; titles (buttons,
    suggestions) hold none.
    """
    facts = facts if facts is not None else FactBook()
    faq, problems = _validate_entries(data, source, facts)
    where = str(source) if source is not None else "<faq>"
    for entry in faq.entries:
        for name in ("title", "title_en"):
            if "{fact:" in (getattr(entry, name) or ""):
                problems.append(
                    f"{where}: entry '{entry.id}', field '{name}': expected a title without"
                    " {fact:...} placeholders (they belong in the answer)"
                )
        for name in ("answer", "answer_en"):
            text = getattr(entry, name) or ""
            for fact_id in facts.unknown(text):
                problems.append(
                    f"{where}: entry '{entry.id}', field '{name}': unknown fact placeholder"
                    f" {{fact:{fact_id}}}: expected the id of a fact in"
                    f" {facts.source or 'the facts file'}"
                )
    return faq, problems


def _validate_entries(
    data: Any, source: Path | None, facts: FactBook
) -> tuple[Faq, list[str]]:
    """Validate the entries themselves (schema, unique ids)."""
    where = str(source) if source is not None else "<faq>"
    problems: list[str] = []
    if not isinstance(data, dict):
        problems.append(f"{where}: expected a mapping with 'version: 1' and 'entries:'")
        return Faq((), source, facts), problems
    if data.get("version") != 1:
        problems.append(f"{where}: field 'version': expected 1")
    unknown = sorted(str(key) for key in data if key not in ("version", "entries"))
    if unknown:
        problems.append(f"{where}: unknown top-level keys {unknown}: expected version, entries")
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        problems.append(f"{where}: field 'entries': expected a non-empty list of entries")
        return Faq((), source, facts), problems
    entries: list[FaqEntry] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(raw_entries, start=1):
        entry = _parse_entry(raw, number, where, problems)
        if entry is None:
            continue
        if entry.id in seen:
            problems.append(
                f"{where}: entry '{entry.id}' (#{number}), field 'id': expected a unique id,"
                f" already used by entry #{seen[entry.id]}"
            )
            continue
        seen[entry.id] = number
        entries.append(entry)
    return Faq(tuple(entries), source, facts), problems


def _parse_entry(raw: Any, number: int, where: str, problems: list[str]) -> FaqEntry | None:
    """Validate one entry, appending problems; return the entry when it is valid."""
    if not isinstance(raw, dict):
        problems.append(f"{where}: entry #{number}: expected a mapping of fields")
        return None
    raw_id = raw.get("id")
    label = f"entry '{raw_id}' (#{number})" if isinstance(raw_id, str) else f"entry #{number}"
    before = len(problems)

    def bad(name: str, expected: str) -> None:
        problems.append(f"{where}: {label}, field '{name}': expected {expected}")

    for name in sorted(str(key) for key in raw if key not in KNOWN_FIELDS):
        bad(name, "no such field (allowed: " + ", ".join(sorted(KNOWN_FIELDS)) + ")")
    if not isinstance(raw_id, str) or not ID_RE.match(raw_id):
        bad("id", "a string of lower-case letters, digits and '-'")
    title = _text(raw, "title", required=True, bad=bad)
    answer = _text(raw, "answer", required=True, bad=bad)
    title_en = _text(raw, "title_en", required=False, bad=bad)
    answer_en = _text(raw, "answer_en", required=False, bad=bad)
    department = _text(raw, "department", required=False, bad=bad)
    questions = _text_list(raw, "questions", minimum=1, bad=bad)
    questions_en = _text_list(raw, "questions_en", minimum=0, bad=bad)
    keywords = _text_list(raw, "keywords", minimum=0, bad=bad)
    keywords_en = _text_list(raw, "keywords_en", minimum=0, bad=bad)
    links = _text_list(raw, "links", minimum=1, bad=bad)
    if links is not None and not all(URL_RE.match(link) for link in links):
        bad("links", "a list of http(s) URLs")
        links = None
    reviewed = raw.get("reviewed")
    if isinstance(reviewed, str):
        try:
            reviewed = datetime.date.fromisoformat(reviewed)
        except ValueError:
            reviewed = None
    if not isinstance(reviewed, datetime.date) or isinstance(reviewed, datetime.datetime):
        bad("reviewed", "a date YYYY-MM-DD")
        reviewed = None
    review_by = raw.get("review_by")
    if isinstance(review_by, str):
        try:
            review_by = datetime.date.fromisoformat(review_by)
        except ValueError:
            review_by = False
    if review_by is not None and (
        not isinstance(review_by, datetime.date) or isinstance(review_by, datetime.datetime)
    ):
        bad("review_by", "a date YYYY-MM-DD (when the entry must be checked again)")
        review_by = None
    elif review_by is not None and isinstance(reviewed, datetime.date) and review_by < reviewed:
        bad("review_by", f"a date not before reviewed ({reviewed.isoformat()})")
    if len(problems) > before:
        return None
    assert isinstance(raw_id, str) and title is not None and answer is not None
    assert questions is not None and links is not None and isinstance(reviewed, datetime.date)
    return FaqEntry(
        id=raw_id,
        title=title,
        questions=questions,
        answer=answer,
        links=links,
        reviewed=reviewed,
        keywords=keywords or (),
        answer_en=answer_en,
        title_en=title_en,
        department=department,
        questions_en=questions_en or (),
        review_by=review_by,
        keywords_en=keywords_en or (),
    )


def _text(raw: dict[Any, Any], name: str, *, required: bool, bad: _Report) -> str | None:
    """Return a non-empty string field (stripped), reporting a wrong type."""
    value = raw.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        bad(name, "a non-empty string")
        return None
    return value.strip()


def _text_list(
    raw: dict[Any, Any], name: str, *, minimum: int, bad: _Report
) -> tuple[str, ...] | None:
    """Return a list-of-strings field as a tuple, reporting a wrong shape."""
    value = raw.get(name)
    if value is None and minimum == 0:
        return ()
    plural = "" if minimum <= 1 else "s"
    what = f"a list of at least {minimum} non-empty string{plural}" if minimum else (
        "a list of non-empty strings"
    )
    if name == "links":
        what = "a list of http(s) URLs"
    if not isinstance(value, list) or len(value) < minimum:
        bad(name, what)
        return None
    if not all(isinstance(item, str) and item.strip() for item in value):
        bad(name, what)
        return None
    return tuple(item.strip() for item in value)
