"""The YAML layer of the stop plan: a safe loader, line numbers, and located error messages.

The loader refuses anchors, aliases and deep nesting and keeps 13:00 and dates as text;
`YamlContext` turns a path in the file into "Datei, Zeile 7: rules, Eintrag 2, start".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from core.stops.fields import FieldError
from core.stops.model import PlanError

__all__ = ["MAX_YAML_DEPTH", "Path_", "YamlContext", "load_yaml"]

_T = TypeVar("_T")
Path_ = tuple[str | int, ...]


MAX_YAML_DEPTH = 20
"""A stop plan nests four levels; deeper files are hostile (5,000 levels overflow the stack)."""


class _Loader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1 sexagesimal numbers (13:00 stays "13:00"), aliases or deep nesting.

    Anchors and aliases are refused: a few hundred bytes of nested aliases expand to gigabytes.
    """

    _depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        """Compose one node; refuse anchors, aliases and nesting deeper than MAX_YAML_DEPTH."""
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise ComposerError(None, None, "Anker und Aliase (&, *) sind nicht erlaubt", event.start_mark)
        if self._depth >= MAX_YAML_DEPTH:
            problem = f"mehr als {MAX_YAML_DEPTH} Ebenen verschachtelt"
            raise ComposerError(None, None, problem, event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Dates stay strings too (parse_date reports "31.02." or "2027-02-31" as a clear error).
_DROPPED = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _one_line(exc: yaml.YAMLError) -> str:
    """A YAML error in one line: 'Zeile 3: …' instead of a quoted excerpt with a caret."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        return f"Zeile {exc.problem_mark.line + 1}: {exc.problem or exc.context or 'Syntaxfehler'}"
    return " ".join(str(exc).split())


def load_yaml(text: str, source: str) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML; return the data and the line number of every key and list item."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise PlanError(f"{source}: kein gültiges YAML: {_one_line(exc)}") from None
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}

    def walk(item: Node, path: Path_) -> None:
        lines[path] = item.start_mark.line + 1
        if isinstance(item, MappingNode):
            seen: set[str] = set()
            for key, value in item.value:
                if isinstance(key, ScalarNode):
                    if key.value in seen:
                        raise PlanError(
                            f"{source}, Zeile {key.start_mark.line + 1}: "
                            f"Schlüssel '{key.value}' steht doppelt"
                        )
                    seen.add(key.value)
                    walk(value, (*path, key.value))
        elif isinstance(item, SequenceNode):
            for index, child in enumerate(item.value):
                walk(child, (*path, index))

    if node is not None:
        walk(node, ())
    return data, lines


class YamlContext:
    """Where we are in a YAML file, for error messages (source None: "Zeile N (...)")."""

    def __init__(self, source: str | None, lines: dict[Path_, int]) -> None:
        self.source = source
        self.lines = lines

    def where(self, path: Path_) -> str:
        """Human-readable location: file, line, section, entry number, field."""
        line = None
        for cut in range(len(path), -1, -1):
            line = self.lines.get(path[:cut])
            if line is not None:
                break
        parts: list[str] = []
        for item in path:
            parts.append(f"Eintrag {item + 1}" if isinstance(item, int) else f"{item}")
        location = ", ".join(parts) or "Datei"
        if self.source is None:
            return f"Zeile {line} ({location})" if line else location
        return f"{self.source}, Zeile {line}: {location}" if line else f"{self.source}: {location}"

    def error(self, path: Path_, message: str) -> PlanError:
        """Build a PlanError for a location."""
        return PlanError(f"{self.where(path)}: {message}")

    def field(self, entry: dict[str, Any], path: Path_, key: str, convert: Callable[[Any], _T]) -> _T:
        """Read a required field through a converter."""
        if entry.get(key) is None:
            raise self.error(path, f"Feld '{key}' fehlt")
        try:
            return convert(entry[key])
        except FieldError as exc:
            raise self.error((*path, key), str(exc)) from None

    def optional(
        self, entry: dict[str, Any], path: Path_, key: str, convert: Callable[[Any], _T]
    ) -> _T | None:
        """Read an optional field through a converter."""
        if entry.get(key) is None:
            return None
        return self.field(entry, path, key, convert)

    def mapping(self, value: Any, path: Path_, allowed: set[str]) -> dict[str, Any]:
        """Check that an entry is a mapping with only known keys."""
        if not isinstance(value, dict):
            raise self.error(path, "erwartet einen Eintrag mit Feldern (key: value)")
        unknown = sorted(str(k) for k in value if k not in allowed)
        if unknown:
            raise self.error(path, f"unbekanntes Feld '{unknown[0]}' (erlaubt: {', '.join(sorted(allowed))})")
        return {str(k): v for k, v in value.items()}

    def sequence(self, value: Any, path: Path_) -> list[Any]:
        """Check that a section is a list (or empty)."""
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(path, "erwartet eine Liste (Einträge mit '- ')")
        return value
