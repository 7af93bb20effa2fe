"""Config errors in plain words: file, dotted key, what is expected; all of them at once."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
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

    def render(self, source: str) -> str:
        """One line naming file, key and expectation."""
        if self.unknown:
            return f"{source}: unknown key '{self.key}': {self.expected}"
        got = "" if self.got is None else f", got {self.got}"
        return f"{source}: key '{self.key}': expected {self.expected}{got}"


class ConfigError(Exception):
    """A configuration value is missing or wrong; the message names file, key and expectation."""

    def __init__(self, message: str, source: str = "", issues: Sequence[ConfigIssue] = ()) -> None:
        super().__init__(message)
        self.source = source
        self.issues = tuple(issues)

    @classmethod
    def from_issues(cls, source: str, issues: Sequence[ConfigIssue]) -> ConfigError:
        """One error listing every issue, one line each."""
        lines = [issue.render(source) for issue in issues]
        if len(lines) > 1:
            lines.insert(0, f"{source}: {len(lines)} errors in the configuration:")
        return cls("\n".join(lines), source, issues)


def unknown_key(prefix: str, key: str, allowed: Iterable[str]) -> ConfigIssue:
    """An unknown key, with the closest allowed key of its section as a suggestion."""
    allowed = sorted(allowed)
    hint = ""
    close = difflib.get_close_matches(key, allowed, n=1)
    if close:
        hint = f"did you mean '{prefix}{close[0]}'? "
    expected = hint + "expected one of " + ", ".join(f"'{prefix}{name}'" for name in allowed)
    return ConfigIssue(f"{prefix}{key}", expected, unknown=True)


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
            issues.append(ConfigIssue(key, str(context["expected"]), repr(context["got"])))
        elif kind in _UNKNOWN_ERRORS:
            prefix = _dotted(loc[:-1])
            issues.append(unknown_key(f"{prefix}." if prefix else "", str(loc[-1]), allowed_keys(prefix)))
        elif kind in _MAPPING_ERRORS:
            issues.append(ConfigIssue(_dotted(loc), "a mapping of keys", repr(item["input"])))
        else:
            message = str(item["msg"])
            issues.append(ConfigIssue(_dotted(loc), message[:1].lower() + message[1:], repr(item["input"])))
    return issues
