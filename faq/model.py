"""FAQ data model and the strict loader of the FAQ YAML file."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "DEFAULT_FAQ_PATH",
    "Faq",
    "FaqEntry",
    "FaqError",
    "load_faq",
    "parse_faq",
    "read_yaml",
    "validate_faq",
]

DEFAULT_FAQ_PATH: Path = Path(__file__).resolve().parent / "essen.yaml"

ID_RE = re.compile(r"^[a-z0-9-]+$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
KNOWN_FIELDS = frozenset(
    {
        "id",
        "title",
        "title_en",
        "department",
        "questions",
        "questions_en",
        "keywords",
        "answer",
        "answer_en",
        "links",
        "reviewed",
    }
)

_Base: type[yaml.CSafeLoader | yaml.SafeLoader]
try:  # the C parser reads large files about ten times faster
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe YAML loader that rejects a key given twice in one mapping.

    Plain YAML keeps the last of two equal keys silently; in a file edited by hand
    (a second `answer:`, a synonym group added twice) that loses text unnoticed.
    """

    def construct_mapping(
        self, node: yaml.MappingNode, deep: bool = False
    ) -> dict[Hashable, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:
                continue
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark,
                    f"found the key {key!r} twice", key_node.start_mark,
                )
            seen.add(key)
        result: dict[Hashable, Any] = super().construct_mapping(node, deep=deep)
        return result


_Report = Callable[[str, str], None]


class FaqError(Exception):
    """The FAQ file is unreadable or invalid; names file, entry, field and what was expected."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems: tuple[str, ...] = (
            (problems,) if isinstance(problems, str) else tuple(problems)
        )
        super().__init__("\n".join(self.problems))


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
    """The loaded FAQ: entries in file order and the file they came from."""

    entries: tuple[FaqEntry, ...]
    source: Path | None = None
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


def read_yaml(path: Path) -> Any:
    """Parse a YAML file with the safe loader; raise FaqError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FaqError(f"{path}: cannot read file ({exc})") from exc
    try:
        try:
            return _fast_load(text)
        except _Fallback:
            return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}, line {mark.line + 1}" if mark is not None else str(path)
        raise FaqError(f"{where}: not valid YAML: {exc.problem or exc.context}") from exc
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date like 2026-02-30
        raise FaqError(f"{path}: not valid YAML: {exc}") from exc


class _Fallback(Exception):
    """The fast reader met a YAML feature it leaves to PyYAML (tags, merge keys, …)."""


_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_SCALARS = yaml.constructor.SafeConstructor()
_NO_KEY = object()


def _fast_load(text: str) -> Any:
    """Build data from libyaml's parse events as the safe loader would, several times faster.

    PyYAML's constructor is pure Python and dominates the load time of large files;
    this reads the C parser's events directly. Anything unusual (explicit tags,
    merge keys, several documents) is left to the regular loader.
    """
    try:
        from yaml._yaml import CParser
    except ImportError as exc:  # pragma: no cover - PyYAML built without libyaml
        raise _Fallback from exc
    parser = CParser(text)
    anchors: dict[str, Any] = {}
    # each open collection: [container, pending mapping key or _NO_KEY]
    frames: list[list[Any]] = []
    result: Any = None
    documents = 0

    def add(value: Any, event: yaml.Event) -> None:
        nonlocal result
        anchor = getattr(event, "anchor", None)
        if anchor is not None and not isinstance(event, yaml.AliasEvent):
            anchors[anchor] = value
        if not frames:
            result = value
            return
        frame = frames[-1]
        container = frame[0]
        if isinstance(container, list):
            container.append(value)
        elif frame[1] is _NO_KEY:
            try:
                duplicate = value in container
            except TypeError as exc:
                raise _Fallback from exc
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", None,
                    f"found the key {value!r} twice", _mark(event),
                )
            if value == "<<":
                raise _Fallback
            frame[1] = value
        else:
            container[frame[1]] = value
            frame[1] = _NO_KEY

    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, yaml.ScalarEvent):
                add(_scalar(event), event)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if event.tag not in (None, "!"):
                    raise _Fallback
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                frames.append([container, _NO_KEY])
                if event.anchor is not None:
                    anchors[event.anchor] = container
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                done = frames.pop()[0]
                add(done, event)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in anchors:
                    raise _Fallback
                add(anchors[event.anchor], event)
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Fallback
    finally:
        parser.dispose()
    return result


def _mark(event: yaml.Event) -> yaml.Mark | None:
    """The event's position as a PyYAML mark (libyaml's marks have no buffer)."""
    mark = event.start_mark
    if mark is None:
        return None
    return yaml.Mark("<yaml>", mark.index, mark.line, mark.column, None, None)  # type: ignore[arg-type]


def _scalar(event: yaml.ScalarEvent) -> Any:
    """The Python value of a scalar, resolved like the safe loader does."""
    if event.tag not in (None, "!"):
        if event.tag == _STR_TAG:
            return event.value
        raise _Fallback
    tag: str = _RESOLVER.resolve(  # type: ignore[no-untyped-call]
        yaml.ScalarNode, event.value, event.implicit
    )
    if tag == _STR_TAG:
        return event.value
    construct = _SCALARS.yaml_constructors.get(tag)
    if construct is None or tag.endswith((":merge", ":value")):
        raise _Fallback
    return construct(_SCALARS, yaml.ScalarNode(tag, event.value))


def load_faq(path: Path | str) -> Faq:
    """Load and strictly validate an FAQ file; raise FaqError listing every problem."""
    source = Path(path)
    return parse_faq(read_yaml(source), source)


def parse_faq(data: Any, source: Path | None = None) -> Faq:
    """Validate parsed YAML data and build the Faq; raise FaqError listing every problem."""
    faq, problems = validate_faq(data, source)
    if problems:
        raise FaqError(problems)
    return faq


def validate_faq(data: Any, source: Path | None = None) -> tuple[Faq, list[str]]:
    """Validate parsed YAML data; return the valid entries and every problem found."""
    where = str(source) if source is not None else "<faq>"
    problems: list[str] = []
    if not isinstance(data, dict):
        problems.append(f"{where}: expected a mapping with 'version: 1' and 'entries:'")
        return Faq((), source), problems
    if data.get("version") != 1:
        problems.append(f"{where}: field 'version': expected 1")
    unknown = sorted(str(key) for key in data if key not in ("version", "entries"))
    if unknown:
        problems.append(f"{where}: unknown top-level keys {unknown}: expected version, entries")
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        problems.append(f"{where}: field 'entries': expected a non-empty list of entries")
        return Faq((), source), problems
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
    return Faq(tuple(entries), source), problems


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
