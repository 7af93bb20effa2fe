"""Reading the config: the YAML file (or the defaults), BOT_TOKEN from the environment, the schema.

Every problem is collected first and reported in one ConfigError, in file order: unknown keys
(with a "did you mean") and wrong values, each line naming the file, its line, the dotted key
and what is expected. A null value means "the default" everywhere.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from core.config import schema
from core.config.errors import ConfigError, ConfigIssue, issues_from_validation, unknown_key
from core.config.schema import Config

__all__ = ["load_config", "section_keys"]

_ADAPTER = TypeAdapter(Config)
# The YAML sections and their classes (Config.source is set by the loader, not a YAML key).
_SECTIONS: dict[str, type[Any]] = {
    "telegram": schema.TelegramSection,
    "storage": schema.StorageSection,
    "staff": schema.StaffSection,
    "office_hours": schema.OfficeHoursSection,
    "faq": schema.FaqSection,
    "stops": schema.StopsSection,
    "privacy": schema.PrivacySection,
    "limits": schema.LimitsSection,
    "bot": schema.BotSection,
    "web": schema.WebSection,
}
# Sections inside a section, by their dotted name.
_SUBSECTIONS: dict[str, type[Any]] = {
    "telegram.limits": schema.SendLimitsSection,
    "web.oidc": schema.OidcSection,
}


def section_keys(section: str) -> tuple[str, ...]:
    """The keys allowed in a section as written in YAML ("" for the top level)."""
    if not section:
        return tuple(_SECTIONS)
    cls = _SECTIONS.get(section) or _SUBSECTIONS.get(section)
    if cls is None:
        return ()
    names = []
    for name, info in cls.__pydantic_fields__.items():
        alias = info.validation_alias
        names.append(alias if isinstance(alias, str) else name)
    return tuple(names)


def _clean_section(name: str, value: Mapping[Any, Any], issues: list[ConfigIssue]) -> dict[str, Any]:
    """Known keys only; a null value means "the default", as everywhere in the file."""
    allowed = section_keys(name)
    section: dict[str, Any] = {}
    for raw_key, item in value.items():
        key = str(raw_key)
        if key not in allowed:
            issues.append(unknown_key(f"{name}.", key, allowed))
        elif f"{name}.{key}" in _SUBSECTIONS and isinstance(item, Mapping):
            section[key] = _clean_section(f"{name}.{key}", item, issues)
        elif item is not None:
            section[key] = item
    return section


def _clean(data: Mapping[Any, Any], issues: list[ConfigIssue]) -> dict[str, Any]:
    """The data without unknown keys (reported in issues) and without nulls."""
    clean: dict[str, Any] = {}
    for raw_key, value in data.items():
        name = str(raw_key)
        if name not in _SECTIONS:
            issues.append(unknown_key("", name, _SECTIONS))
        elif isinstance(value, Mapping):
            clean[name] = _clean_section(name, value, issues)
        elif value is not None:
            clean[name] = value  # not a mapping: the schema reports it
    token = os.environ.get("BOT_TOKEN")
    telegram = clean.get("telegram", {})
    if token and isinstance(telegram, dict):
        clean["telegram"] = {**telegram, "token": token}
    return clean


def _build(
    source: str, data: Mapping[Any, Any], base: Path, path: Path | None, key_lines: Mapping[str, int]
) -> Config:
    issues: list[ConfigIssue] = []
    clean = _clean(data, issues)
    try:
        config = _ADAPTER.validate_python({**clean, "source": path}, context={"base": base})
    except ValidationError as exc:
        issues.extend(issues_from_validation(exc, section_keys))
    if os.environ.get("BOT_TOKEN"):
        issues = [
            dataclasses.replace(issue, expected=f"{issue.expected} (from the environment variable BOT_TOKEN)")
            if issue.key == "telegram.token"
            else issue
            for issue in issues
        ]
    if issues:
        raise ConfigError.from_issues(source, issues, key_lines)
    return config


def _key_lines(node: yaml.Node | None, prefix: str = "", depth: int = 0) -> dict[str, int]:
    """The line (1-based) of each dotted key in the YAML document, three levels deep."""
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode) or depth > 2:
        return lines
    for key_node, value_node in node.value:
        key = f"{prefix}{key_node.value}"
        lines[key] = key_node.start_mark.line + 1
        lines.update(_key_lines(value_node, f"{key}.", depth + 1))
    return lines


def _read(file: Path) -> tuple[Mapping[Any, Any], dict[str, int]]:
    """The YAML file as a mapping and its key lines; errors name the file (and the line)."""
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"{file}: the config file does not exist", str(file)) from exc
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read the config file ({exc.strerror})", str(file)) from exc
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        loaded = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", exc)
        raise ConfigError(f"{file}: not valid YAML{where}: {problem}", str(file)) from exc
    finally:
        loader.dispose()
    if loaded is None:
        return {}, {}
    if not isinstance(loaded, Mapping):
        raise ConfigError(f"{file}: expected a mapping of sections at the top level", str(file))
    return loaded, _key_lines(node)


def load_config(path: Path | str | None = None, overrides: Mapping[str, Any] | None = None) -> Config:
    """Load and validate the config file; without a path, the embedded defaults."""
    if path is None:
        return _build("<defaults>", dict(overrides or {}), Path.cwd(), None, {})
    file = Path(path)
    loaded, key_lines = _read(file)
    merged = {**loaded, **(overrides or {})}
    return _build(str(file), merged, file.resolve().parent, file, key_lines)
