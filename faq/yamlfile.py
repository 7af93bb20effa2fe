"""Reading the content YAML files (FAQ, facts, synonyms): a strict, fast safe loader."""

from __future__ import annotations

import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

__all__ = ["URL_RE", "FaqError", "parse_yaml", "read_yaml"]

URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)

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



class FaqError(Exception):
    """The FAQ file is unreadable or invalid; names file, entry, field and what was expected."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems: tuple[str, ...] = (
            (problems,) if isinstance(problems, str) else tuple(problems)
        )
        super().__init__("\n".join(self.problems))



def read_yaml(path: Path) -> Any:
    """Parse a YAML file with the safe loader; raise FaqError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FaqError(f"{path}: cannot read file ({exc})") from exc
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path) -> Any:
    """Parse YAML text read from `path` with the safe loader; raise FaqError naming the file."""
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
