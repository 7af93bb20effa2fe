"""The matcher's prepared state and a big FAQ's validated entries on disk, keyed by content.

Analysing 5,000 entries takes seconds; reading their state back takes a fraction of one.
A state file is named and keyed by a SHA-256 over everything the state comes from
(`content_digest`): the FAQ's entries and the synonyms (their content, not a file's name or
date), the source of the ``faq`` package (changed analysis code makes other terms), the
state format and the matcher's language. A changed FAQ gets a new file and the old ones of
the same language are removed; a missing, foreign or damaged file is ignored and the state
rebuilt. The file is a numpy ``.npz`` read with ``allow_pickle=False`` (arrays and one JSON
document, no code), written to a temporary file renamed into place, so a crash never leaves
half a state that would be read.

A big FAQ file (`ENTRIES_FROM_BYTES` and more) also keeps its validated entries there
(`load_faq_cached`): parsing and checking 5,000 entries' YAML takes a large part of a
second, reading them back as JSON a small one. That file is keyed by the bytes of the FAQ
file and of its facts file, the ``faq`` package's source and the entries' format; an edited
file gets a new key (the old file is removed), and a damaged or foreign file is ignored with
a warning and the YAML parsed again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import hashlib
import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import numpy as np

from faq.model import Faq, FaqEntry, facts_for, load_faq, parse_faq
from faq.state import MatcherState, Phrases, Postings
from faq.synonyms import Synonyms
from faq.yamlfile import FaqError, parse_yaml

__all__ = [
    "ENTRIES_FORMAT", "ENTRIES_FROM_BYTES", "STATE_FORMAT", "content_digest", "derived_key", "entries_key",
    "entries_path", "load_faq_cached", "load_state", "state_key", "state_path", "store_state",
]

logger = logging.getLogger(__name__)

STATE_FORMAT = "faq-state-1"
"""Changes whenever the stored state's layout or meaning changes: older files are then rebuilt."""
_SOURCES = Path(__file__).resolve().parent
_ARRAYS = (
    "post_starts", "post_entries", "post_values", "idf", "reach", "importance",
    "phrase_terms", "phrase_starts", "phrase_totals", "phrase_of_entry",
)


@functools.cache
def _source_digest() -> bytes:
    """SHA-256 over the ``faq`` package's source (read once per process)."""
    digest = hashlib.sha256()
    for source in sorted(_SOURCES.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.digest()


def content_digest(faq: Faq, synonyms: Synonyms | None) -> str:
    """SHA-256 over what a matcher's terms come from: entries, synonyms, the analysis code."""
    digest = hashlib.sha256()
    digest.update(_source_digest())
    # every field of every entry, in field order (one repr in C, not one call per entry)
    digest.update(repr([tuple(vars(entry).values()) for entry in faq.entries]).encode("utf-8"))
    if synonyms is not None:
        digest.update(repr(sorted(synonyms.groups.items())).encode("utf-8"))
    return digest.hexdigest()


def derived_key(label: str, digest: str) -> str:
    """The key of something derived from content with this digest (`label`: what and which format)."""
    return hashlib.sha256(f"{label}|{digest}".encode()).hexdigest()


def state_key(digest: str, language: str) -> str:
    """The key of a matcher's state in this language for content with this digest."""
    return derived_key(f"{STATE_FORMAT}|{language}", digest)


def state_path(folder: Path, key: str, language: str) -> Path:
    """Where the state with this key is stored."""
    return folder / f"{STATE_FORMAT}-{language}-{key[:32]}.npz"


def store_state(folder: Path, key: str, language: str, state: MatcherState) -> None:
    """Write the state atomically and remove older states of the language; failures only log."""
    place = state_path(folder, key, language)
    meta = {
        "key": key,
        "format": STATE_FORMAT,
        "language": language,
        "ids": state.ids,
        "terms": state.postings.terms,
        "surfaces": state.surfaces,
        "correctable": state.correctable,
        "merge": state.merge,
        "topics": {term: sorted(entries) for term, entries in state.topics.items()},
        "core": [sorted(terms) for terms in state.core],
    }
    meta_bytes = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    def write(file: IO[bytes]) -> None:
        np.savez(
            file,
            meta=meta_bytes,
            post_starts=state.postings.starts,
            post_entries=state.postings.entries,
            post_values=state.postings.values,
            idf=state.idf,
            reach=state.reach,
            importance=state.importance,
            phrase_terms=state.phrases.terms,
            phrase_starts=state.phrases.starts,
            phrase_totals=state.phrases.totals,
            phrase_of_entry=state.phrases.of_entry,
        )

    stale = f"{STATE_FORMAT.rsplit('-', 1)[0]}-*-{language}-*.npz"
    _replace_atomically(folder, place, write, stale, "FAQ matcher state")


def load_state(folder: Path, key: str, language: str, size: int) -> MatcherState | None:
    """The stored state with this key, or None when it is missing, foreign or unreadable."""
    place = state_path(folder, key, language)
    if not place.exists():
        return None
    try:
        with place.open("rb") as file, np.load(file, allow_pickle=False) as stored:
            meta: dict[str, Any] = json.loads(bytes(stored["meta"]).decode("utf-8"))
            arrays = {name: stored[name] for name in _ARRAYS}
        if (meta.get("key"), meta.get("format"), meta.get("language")) != (key, STATE_FORMAT, language):
            logger.warning("FAQ matcher state %s belongs to other texts: rebuilding", place.name)
            return None
        return _state(meta, arrays, size)
    except (OSError, ValueError, KeyError, TypeError, IndexError, zipfile.BadZipFile, EOFError):
        logger.warning("FAQ matcher state %s is unreadable: rebuilding", place.name, exc_info=True)
        return None


def _state(meta: dict[str, Any], arrays: dict[str, np.ndarray[Any, Any]], size: int) -> MatcherState:
    """The state from its stored parts, checked for consistency (ValueError when they differ)."""
    terms: list[str] = meta["terms"]  # JSON gives the types it was written with
    ids: list[str] = meta["ids"]
    if not all(isinstance(x, str) for x in (*terms, *ids)):
        raise ValueError("terms and ids must be strings")
    if len(ids) != size or len(meta["core"]) != size:
        raise ValueError("entry count differs")
    for name in ("idf", "reach", "importance"):
        if arrays[name].shape != (len(terms),) or arrays[name].dtype != np.float64:
            raise ValueError(f"{name} does not fit the terms")
    postings = Postings(
        terms,
        arrays["post_starts"].astype(np.int64, copy=False),
        arrays["post_entries"].astype(np.int32, copy=False),
        arrays["post_values"].astype(np.float64, copy=False),
    )
    phrases = Phrases(
        arrays["phrase_terms"].astype(np.int32, copy=False),
        arrays["phrase_starts"].astype(np.int64, copy=False),
        arrays["phrase_totals"].astype(np.float64, copy=False),
        arrays["phrase_of_entry"].astype(np.int64, copy=False),
    )
    if len(phrases.of_entry) != size + 1:
        raise ValueError("phrases do not fit the entries")
    for values, bound in ((postings.entries, size), (phrases.terms, len(terms))):
        if len(values) and (int(values.min()) < 0 or int(values.max()) >= bound):
            raise ValueError("positions out of range")
    return MatcherState(
        ids=ids,
        surfaces=meta["surfaces"],
        correctable=meta["correctable"],
        merge=meta["merge"],
        postings=postings,
        idf=arrays["idf"],
        reach=arrays["reach"],
        importance=arrays["importance"],
        topics={term: frozenset(entries) for term, entries in meta["topics"].items()},
        core=[frozenset(terms) for terms in meta["core"]],
        phrases=phrases,
    )


# -- the validated entries of a big FAQ file ---------------------------------------------------

ENTRIES_FORMAT = "faq-entries-1"
"""Changes whenever the stored entries' layout changes: older files are then ignored and replaced."""
ENTRIES_FROM_BYTES = 1024 * 1024
"""FAQ files this big or bigger keep their validated entries in the cache (smaller ones parse fast)."""


def _date(value: Any) -> datetime.date:
    if not isinstance(value, str):
        raise TypeError("a date must be stored as text")
    return datetime.date.fromisoformat(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not {str}.issuperset(map(type, value)):
        raise TypeError("expected a list of texts")
    return tuple(value)


def _optional(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else read(value)


_READERS: dict[str, Callable[[Any], Any]] = {
    "str": _text,
    "str | None": _optional(_text),
    "tuple[str, ...]": _texts,
    "datetime.date": _date,
    "datetime.date | None": _optional(_date),
}
_FIELDS = tuple((field.name, _READERS[str(field.type)]) for field in dataclasses.fields(FaqEntry))


def entries_key(faq_bytes: bytes, facts_bytes: bytes | None) -> str:
    """The key of the entries validated from an FAQ file with these bytes (and its facts file's)."""
    digest = hashlib.sha256(f"{ENTRIES_FORMAT}|".encode())
    digest.update(_source_digest())
    digest.update(hashlib.sha256(faq_bytes).digest())
    digest.update(b"-" if facts_bytes is None else hashlib.sha256(facts_bytes).digest())
    return digest.hexdigest()


def entries_path(folder: Path, key: str) -> Path:
    """Where the entries with this key are stored."""
    return folder / f"{ENTRIES_FORMAT}-{key[:32]}.json"


def _stored(entry: FaqEntry) -> list[Any]:
    values = []
    for name, _ in _FIELDS:
        value = getattr(entry, name)
        values.append(value.isoformat() if isinstance(value, datetime.date) else value)
    return values


def _entry(values: Any) -> FaqEntry:
    if not isinstance(values, list) or len(values) != len(_FIELDS):
        raise ValueError("an entry of another shape")
    return FaqEntry(**{name: read(value) for (name, read), value in zip(_FIELDS, values, strict=True)})


def _load_entries(folder: Path, key: str) -> tuple[FaqEntry, ...] | None:
    """The stored entries with this key, or None when they are missing, foreign or unreadable."""
    place = entries_path(folder, key)
    try:
        text = place.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        logger.warning("FAQ entries cache %s is unreadable: reading the YAML", place.name, exc_info=True)
        return None
    try:
        stored = json.loads(text)
        if not isinstance(stored, dict) or (stored.get("key"), stored.get("format")) != (key, ENTRIES_FORMAT):
            logger.warning("FAQ entries cache %s belongs to other texts: reading the YAML", place.name)
            return None
        entries = stored["entries"]
        if not isinstance(entries, list) or not entries:
            raise ValueError("no entries")
        return tuple(_entry(values) for values in entries)
    except (ValueError, TypeError, KeyError):
        logger.warning("FAQ entries cache %s is damaged: reading the YAML", place.name, exc_info=True)
        return None


def _store_entries(folder: Path, key: str, entries: tuple[FaqEntry, ...]) -> None:
    """Write the entries atomically and remove older entry files; failures only log."""
    place = entries_path(folder, key)
    document = {"key": key, "format": ENTRIES_FORMAT, "entries": [_stored(entry) for entry in entries]}
    def write(file: IO[bytes]) -> None:
        file.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    stale = f"{ENTRIES_FORMAT.rsplit('-', 1)[0]}-*.json"
    _replace_atomically(folder, place, write, stale, "FAQ entries cache")


def load_faq_cached(path: Path | str, facts_path: Path | str | None = None, cache: Path | None = None) -> Faq:
    """`load_faq`, with a big file's validated entries read from (or stored in) the folder `cache`.

    The facts are read as `load_faq` reads them (a small file); the entries come from the
    cache only when it holds them for exactly these FAQ and facts bytes.
    """
    source = Path(path)
    try:
        size = source.stat().st_size
    except OSError:
        size = 0
    if cache is None or size < ENTRIES_FROM_BYTES:
        return load_faq(source, facts_path)
    facts, facts_file = facts_for(source, facts_path)
    try:
        data = source.read_bytes()
        facts_bytes = facts_file.read_bytes() if facts_file is not None else None
    except OSError as exc:
        raise FaqError(f"{source}: cannot read file ({exc})") from exc
    key = entries_key(data, facts_bytes)
    entries = _load_entries(cache, key)
    if entries is not None:
        return Faq(entries, source, facts)
    try:  # universal newlines, as `read_yaml` reads a file
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise FaqError(f"{source}: cannot read file ({exc})") from exc
    faq = parse_faq(parse_yaml(text, source), source, facts)
    _store_entries(cache, key, faq.entries)
    return faq


def _replace_atomically(
    folder: Path, place: Path, write: Callable[[IO[bytes]], None], stale: str, what: str
) -> None:
    """Write `place` through a staging file in `folder`, then remove the files matching `stale`
    (older versions). An OS error only logs: a missing cache costs the next start time, no more."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(prefix=f".{place.name}.", dir=folder)
        try:
            with os.fdopen(handle, "wb") as file:
                write(file)
            os.replace(staging, place)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(staging)
        for other in folder.glob(stale):
            if other != place:
                with contextlib.suppress(OSError):
                    other.unlink()
    except OSError:
        logger.warning("%s could not be written to %s", what, folder, exc_info=True)
