"""The services' FAQ: a big FAQ gets its entries, states and lexical index cached next to the database."""

from __future__ import annotations

from pathlib import Path

import pytest

import core.services as services_module
import faq.cache as cache_module
from core.clock import ManualClock
from core.services import create_services
from faq.cache import ENTRIES_FORMAT, STATE_FORMAT
from faq.index import INDEX_FORMAT
from tests.auxil.harness import make_config


async def test_the_shipped_faq_is_scored_in_full(tmp_path: Path, clock: ManualClock) -> None:
    services = await create_services(make_config(tmp_path), clock)
    try:
        assert services.matcher.index is None
        assert not (tmp_path / "cache").exists()
    finally:
        await services.close()


async def test_a_big_faq_gets_its_index_cached_by_content(
    tmp_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services_module, "SHORTLIST_FROM", 10)  # the shipped FAQ counts as big
    monkeypatch.setattr(cache_module, "ENTRIES_FROM_BYTES", 0)  # and its file too
    for _ in range(2):  # the second start reads the stored index
        services = await create_services(make_config(tmp_path), clock)
        try:
            index = services.matcher.index
            assert index is not None and index.size == len(services.faq)
            stored = sorted(p.name for p in (tmp_path / "cache").iterdir())
            # one of each; the English matcher's state is prepared at start too
            assert [name.split("-")[1] for name in stored] == ["bm25", "entries", "state", "state"]
            assert stored[0].startswith(INDEX_FORMAT) and stored[1].startswith(ENTRIES_FORMAT)
            assert stored[2].startswith(f"{STATE_FORMAT}-de") and stored[3].startswith(f"{STATE_FORMAT}-en")
            assert services.matcher.digest is not None
        finally:
            await services.close()
    other = tmp_path / "elsewhere"
    services = await create_services(make_config(tmp_path, faq={"index_cache": str(other)}), clock)
    try:
        assert services.matcher.index is not None and any(other.iterdir())
    finally:
        await services.close()
