"""The FAQ the bot runs on: the shipped file plus its overlay, changed and reloaded without a restart.

`FaqLibrary.change` edits the overlay under a lock: it reads the file, applies the edit,
merges the result with the shipped FAQ and only writes it when the merge has no problem;
then the new matcher is built in a worker thread and both are swapped in one step
(`swap`, `Services.use_faq`). `reload` does the same for a file edited by hand. A broken
overlay raises `FaqReloadError` naming file and key, and the running FAQ stays.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from core.config import Config
from faq import Faq, FaqError, FaqMatcher, load_synonyms
from faq.cache import load_faq_cached
from faq.index import prepare_matcher
from faq.matcher import SHORTLIST_FROM
from faq.overlay import apply_overlay, overlay_path_for, read_overlay, write_overlay

__all__ = [
    "FaqChangeRefused", "FaqLibrary", "FaqReloadError", "Verify", "build_matcher", "faq_cache_folder",
    "overlay_path",
]

logger = logging.getLogger(__name__)

_T = TypeVar("_T")
Verify = Callable[[Faq, FaqMatcher], list[str]]
"""Problems of a changed FAQ (with its matcher) that keep the change from being written."""


class FaqReloadError(Exception):
    """The FAQ with its overlay is not valid; `problems` name file and key. The running FAQ stays."""

    def __init__(self, problems: tuple[str, ...]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class FaqChangeRefused(FaqReloadError):
    """The change itself is refused (a duplicate, a conflict, an evaluation case); nothing written."""


def overlay_path(config: Config) -> Path:
    """The overlay file of the configured FAQ."""
    return config.faq.overlay_path or overlay_path_for(config.faq.path)


def faq_cache_folder(config: Config) -> Path:
    """Where a big FAQ's entries, matcher states and lexical index are cached."""
    return config.faq.index_cache or config.storage.database.parent / "cache"


def build_matcher(config: Config, faq: Faq) -> FaqMatcher:
    """The matcher of `faq` with the configured synonyms and thresholds (blocking: run in a thread).

    A big FAQ gets its matchers' state and its lexical index, cached on disk by content, and
    its English matcher at once (not on the first English question, in the event loop).
    """
    synonyms = load_synonyms(config.faq.synonyms_path)
    thresholds: dict[str, float] = {}
    if config.faq.answer_threshold is not None:
        thresholds["answer_threshold"] = config.faq.answer_threshold
    if config.faq.suggest_threshold is not None:
        thresholds["suggest_threshold"] = config.faq.suggest_threshold
    cache = faq_cache_folder(config) if len(faq) >= SHORTLIST_FROM else None
    return prepare_matcher(faq, synonyms, cache, **thresholds)


@dataclass
class FaqLibrary:
    """Changes and reloads of the running FAQ; `swap(faq, matcher)` puts a new one in place."""

    config: Config
    swap: Callable[[Faq, FaqMatcher], None]
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _seen: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        self._seen = self._signature()

    def _signature(self) -> tuple[int, int] | None:
        """The overlay file's modification time and size (None: no file)."""
        try:
            stat = self.overlay.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    @property
    def overlay(self) -> Path:
        """The overlay file."""
        return overlay_path(self.config)

    def _merged(self, data: dict[str, Any]) -> Faq:
        """The shipped FAQ with `data` merged in; FaqReloadError on any problem (blocking)."""
        try:
            base = load_faq_cached(self.config.faq.path, cache=faq_cache_folder(self.config))
        except FaqError as exc:
            raise FaqReloadError(exc.problems) from exc
        faq, problems = apply_overlay(base, data, self.overlay)
        if problems:
            raise FaqReloadError(tuple(problems))
        return faq

    def _read(self) -> dict[str, Any]:
        try:
            return read_overlay(self.overlay)
        except FaqError as exc:
            raise FaqReloadError(exc.problems) from exc

    async def reload(self) -> Faq:
        """Read the FAQ and its overlay again and run on them; the old FAQ stays on any problem."""
        async with self._lock:
            seen = self._signature()
            faq = await asyncio.to_thread(lambda: self._merged(self._read()))
            await self._install(faq)
            self._seen = seen
            return faq

    async def reload_if_changed(self) -> bool:
        """Reload when the overlay file changed since the bot last ran on it; True when reloaded.

        A broken file is logged once and the running FAQ stays (staff see the problems with
        "FAQ neu laden" in /lernen).
        """
        signature = self._signature()
        if signature == self._seen:
            return False
        self._seen = signature
        try:
            await self.reload()
        except FaqReloadError as exc:
            logger.warning(
                "FAQ overlay %s refused (%d problems); the running FAQ stays", self.overlay, len(exc.problems)
            )
            return False
        return True

    async def change(
        self, edit: Callable[[dict[str, Any]], _T], verify: Verify | None = None
    ) -> _T:
        """Apply `edit` to the overlay data, check the merge, write the file and run on it.

        Nothing is written when the overlay on disk or the result is not valid, or when
        `verify` (given the new FAQ and its matcher) finds problems (FaqReloadError).
        """
        async with self._lock:
            data = await asyncio.to_thread(self._read)
            await asyncio.to_thread(self._merged, data)  # a broken file on disk is refused before any edit
            changed = copy.deepcopy(data)
            result = edit(changed)
            faq = await asyncio.to_thread(self._merged, changed)
            matcher = await asyncio.to_thread(build_matcher, self.config, faq)
            problems = verify(faq, matcher) if verify is not None else []
            if problems:
                raise FaqChangeRefused(tuple(problems))
            await asyncio.to_thread(write_overlay, self.overlay, changed)
            await self._install(faq, matcher)
            self._seen = self._signature()
            return result

    async def check(self, edit: Callable[[dict[str, Any]], object]) -> None:
        """Whether `edit` would give a valid FAQ (FaqReloadError if not); writes nothing."""
        data = await asyncio.to_thread(self._read)
        changed = copy.deepcopy(data)
        edit(changed)
        await asyncio.to_thread(self._merged, changed)

    async def _install(self, faq: Faq, matcher: FaqMatcher | None = None) -> None:
        if matcher is None:
            matcher = await asyncio.to_thread(build_matcher, self.config, faq)
        self.swap(faq, matcher)
        logger.info("FAQ reloaded: %d entries", len(faq))
