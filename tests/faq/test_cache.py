"""The matcher's prepared state on disk: read back instead of rebuilt, keyed by the FAQ's content."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import numpy as np
import pytest

from benchmarks.bench_faq import questions
from faq import DEFAULT_FAQ_PATH, DEFAULT_SYNONYMS_PATH, Faq, FaqMatcher, load_faq, load_synonyms
from faq.cache import STATE_FORMAT, content_digest, state_key, state_path
from faq.synonyms import Synonyms


@pytest.fixture(scope="module")
def synonyms() -> Synonyms:
    return load_synonyms(DEFAULT_SYNONYMS_PATH)


@pytest.fixture(scope="module")
def faq() -> Faq:
    return load_faq(DEFAULT_FAQ_PATH)


@pytest.fixture(scope="module")
def plain(faq: Faq, synonyms: Synonyms) -> FaqMatcher:
    """The matcher built without a cache: what a cached one must decide like."""
    return FaqMatcher(faq, synonyms)


def states(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir() if p.name.startswith(STATE_FORMAT))


def no_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, building a matcher by analysing the entries fails the test."""

    def refuse(self: FaqMatcher) -> None:
        raise AssertionError("the entries were analysed again")

    monkeypatch.setattr(FaqMatcher, "_analyse_entries", refuse)


def decisions(matcher: FaqMatcher, texts: list[str]) -> list[tuple[str, str | None, tuple[str, ...]]]:
    results = [matcher.match(text) for text in texts]
    return [(r.decision.value, r.answer_id, tuple(c.entry_id for c in r.candidates[:3])) for r in results]


def test_a_cached_state_is_read_back_and_decides_like_a_fresh_build(
    faq: Faq, synonyms: Synonyms, plain: FaqMatcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    built = FaqMatcher.cached(faq, synonyms, cache)
    key = state_key(content_digest(faq, synonyms), "de")
    assert states(cache) == [state_path(cache, key, "de").name]
    english = "How do I register my new address after moving?"
    assert built.match(english).lang == "en"  # the English state is built on first use, and stored
    assert len(states(cache)) == 2
    expected = plain.match(english).answer_id
    no_analysis(monkeypatch)
    loaded = FaqMatcher.cached(faq, synonyms, cache)
    texts = questions(faq, 300)
    assert decisions(loaded, texts) == decisions(plain, texts) == decisions(built, texts)
    assert loaded.match(english).lang == "en"
    assert loaded.match(english).answer_id == expected is not None


def test_faq_check_copies_work_on_a_cached_state(
    faq: Faq, synonyms: Synonyms, plain: FaqMatcher, tmp_path: Path
) -> None:
    FaqMatcher.cached(faq, synonyms, tmp_path)
    loaded = FaqMatcher.cached(faq, synonyms, tmp_path)
    entry = faq.entries[0]
    question = entry.questions[0]
    ours = loaded.without_question(entry.id, question).match(question)
    theirs = plain.without_question(entry.id, question).match(question)
    assert (ours.decision, ours.candidates) == (theirs.decision, theirs.candidates)
    assert loaded.match(question).answer_id == entry.id  # the copy left the original alone


def test_a_changed_faq_gets_a_new_state_and_the_old_one_goes(
    faq: Faq, synonyms: Synonyms, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    FaqMatcher.cached(faq, synonyms, tmp_path)
    (first,) = states(tmp_path)
    entry = faq.entries[0]
    changed = Faq(
        (dataclasses.replace(entry, title=entry.title + " Zusatzwort"), *faq.entries[1:]), faq.source
    )
    fewer = Faq(faq.entries[1:], faq.source)
    for other in (changed, fewer):
        assert content_digest(other, synonyms) != content_digest(faq, synonyms)
    matcher = FaqMatcher.cached(fewer, synonyms, tmp_path)
    (second,) = states(tmp_path)
    assert second != first
    assert entry.id not in {c.entry_id for c in matcher.match(entry.questions[0]).candidates}
    assert content_digest(faq, Synonyms({})) != content_digest(faq, synonyms)
    no_analysis(monkeypatch)
    FaqMatcher.cached(fewer, synonyms, tmp_path)  # the new one is read back


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "empty", "foreign key", "arrays that do not fit"],
)
def test_a_damaged_state_is_ignored_and_rebuilt(
    damage: str,
    faq: Faq,
    synonyms: Synonyms,
    plain: FaqMatcher,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    FaqMatcher.cached(faq, synonyms, tmp_path)
    path = tmp_path / states(tmp_path)[0]
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"PK\x03\x04 not a zip at all" * 10)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        if damage == "foreign key":
            meta = bytes(arrays["meta"]).replace(b'"key": "', b'"key": "0')
            arrays["meta"] = np.frombuffer(meta, dtype=np.uint8)
        else:
            arrays["post_entries"] = arrays["post_entries"][:-5]
        with path.open("wb") as file:
            np.savez(file, **arrays)
    texts = questions(faq, 80)
    with caplog.at_level(logging.WARNING, logger="faq.cache"):
        rebuilt = FaqMatcher.cached(faq, synonyms, tmp_path)
    assert "rebuilding" in caplog.text
    assert decisions(rebuilt, texts) == decisions(plain, texts)
    no_analysis(monkeypatch)
    again = FaqMatcher.cached(faq, synonyms, tmp_path)  # the rebuilt state was stored
    assert decisions(again, texts[:20]) == decisions(plain, texts[:20])


def test_an_unwritable_cache_still_gives_a_matcher(
    faq: Faq, synonyms: Synonyms, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="faq.cache"):
        matcher = FaqMatcher.cached(faq, synonyms, blocked / "cache")
    assert "could not be written" in caplog.text
    entry = faq.entries[0]
    assert matcher.match(entry.questions[0]).answer_id == entry.id
