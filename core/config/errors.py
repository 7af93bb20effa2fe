"""Config errors in plain words: file, dotted key, what is expected; all of them at once."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pydantic import ValidationError

__all__ = ["ConfigError", "ConfigIssue", "issues_from_validation", "unknown_key"]

_MAPPING_ERRORS = frozenset(
    {"dataclass_type", "dataclass_args_type", "model_type", "model_attributes_type", "dict_type"}
)
_UNKNOWN_ERRORS = frozenset({"unexpected_keyword_argument", "extra_forbidden"})


@dataclass(frozen=True)
class ConfigIssue:
    """One wrong key: where it is and what the bot expects there."""

    key: str
    expected: str
    got: str | None = None
    unknown: bool = False
    line: int | None = None

    def render(self, source: str) -> str:
        """One line naming file (and line, if known), key and expectation."""
        where = source if self.line is None else f"{source}, line {self.line}"
        if self.unknown:
            return f"{where}: unknown key '{self.key}': {self.expected}"
        got = "" if self.got is None else f", got {self.got}"
        return f"{where}: key '{self.key}': expected {self.expected}{got}"


def _line_of(key: str, lines: Mapping[str, int]) -> int | None:
    """The line of the key, else of the nearest enclosing key that is in the file."""
    parts = key.split(".")
    while parts:
        line = lines.get(".".join(parts))
        if line is not None:
            return line
        parts.pop()
    return None


class ConfigError(Exception):
    """A configuration value is missing or wrong; the message names file, key and expectation."""

    def __init__(self, message: str, source: str = "", issues: Sequence[ConfigIssue] = ()) -> None:
        super().__init__(message)
        self.source = source
        self.issues = tuple(issues)

    @classmethod
    def from_issues(
        cls, source: str, issues: Sequence[ConfigIssue], key_lines: Mapping[str, int] | None = None
    ) -> ConfigError:
        """One error listing every issue, one line each, in file order where lines are known."""
        located = [replace(issue, line=_line_of(issue.key, key_lines or {})) for issue in issues]
        located.sort(key=lambda issue: issue.line if issue.line is not None else 1 << 30)
        lines = [issue.render(source) for issue in located]
        if len(lines) > 1:
            lines.insert(0, f"{source}: {len(lines)} errors in the configuration:")
        return cls("\n".join(lines), source, located)


def unknown_key(prefix: str, key: str, allowed: Iterable[str]) -> ConfigIssue:
    """An unknown key, with the closest allowed key of its section as a suggestion."""
    allowed = sorted(allowed)
    hint = ""
    close = difflib.get_close_matches(key, allowed, n=1)
    if close:
        hint = f"did you mean '{prefix}{close[0]}'? "
    expected = hint + "expected one of " + ", ".join(f"'{prefix}{name}'" for name in allowed)
    return ConfigIssue(f"{prefix}{key}", expected, unknown=True)


def _shown(value: object) -> str:
    """A found value for the message (a YAML null reads as "nothing")."""
    return "nothing" if value is None else repr(value)


def _dotted(loc: Iterable[str | int]) -> str:
    return ".".join(str(part) for part in loc)


def issues_from_validation(
    error: ValidationError, allowed_keys: Callable[[str], Iterable[str]]
) -> list[ConfigIssue]:
    """Plain-words issues for each pydantic error; allowed_keys(section) feeds did-you-mean."""
    issues: list[ConfigIssue] = []
    for item in error.errors(include_url=False):
        loc = item["loc"]
        context: dict[str, Any] = item.get("ctx") or {}
        kind = item["type"]
        if kind == "config":
            key = _dotted((*loc[:-1], context["key"])) if "key" in context else _dotted(loc)
            issues.append(ConfigIssue(key, str(context["expected"]), _shown(context["got"])))
        elif kind in _UNKNOWN_ERRORS:
            prefix = _dotted(loc[:-1])
            issues.append(unknown_key(f"{prefix}." if prefix else "", str(loc[-1]), allowed_keys(prefix)))
        elif kind in _MAPPING_ERRORS:
            issues.append(ConfigIssue(_dotted(loc), "a mapping of keys", _shown(item["input"])))
        else:
            message = str(item["msg"])
            issues.append(ConfigIssue(_dotted(loc), message[:1].lower() + message[1:], _shown(item["input"])))
    return issues
