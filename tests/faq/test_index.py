"""The lexical index of a big FAQ: the matcher's shortlist, and its cache on disk."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import faq.matcher as matcher_module
from benchmarks.bench_faq import questions
from faq import DEFAULT_SYNONYMS_PATH, FaqMatcher, load_faq, load_synonyms
from faq.index import INDEX_FORMAT, LexicalIndex, content_key
from faq.synonyms import Synonyms
from tests.auxil.paths import DATA


@pytest.fixture(scope="module")
def synonyms() -> Synonyms:
    return load_synonyms(DEFAULT_SYNONYMS_PATH)


@pytest.fixture(scope="module")
def matcher(synonyms: Synonyms) -> FaqMatcher:
    """The shipped FAQ (62 entries: small enough to compare with the full scan)."""
    return FaqMatcher.from_paths()


def folders(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir() if p.is_dir())


def test_shortlist_ranks_the_entries_that_hold_the_terms(matcher: FaqMatcher) -> None:
    index = LexicalIndex.build(matcher)
    ids = [matcher.faq.entries[i].id for i in index.shortlist(["hundesteu", "hund"], 3)]
    assert ids[0] == "hundeanmeldung"
    assert index.shortlist(["wortdasesnichtgibt"], 5) == []
    assert index.shortlist([], 5) == []


def test_shortlisted_matching_decides_like_the_full_scan(
    matcher: FaqMatcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = questions(matcher.faq, 400)
    full = [matcher.match(text) for text in texts]
    monkeypatch.setattr(matcher_module, "SHORTLIST_FROM", 1)
    monkeypatch.setattr(matcher_module, "SHORTLIST_SIZE", len(matcher.faq.entries) // 4)  # a quarter
    matcher.use_index(LexicalIndex.build(matcher))
    try:
        short = [matcher.match(text) for text in texts]
    finally:
        matcher.use_index(None)
    decided = [(r.decision, r.answer_id, r.suggestions) for r in full]
    assert [(r.decision, r.answer_id, r.suggestions) for r in short] == decided


def test_an_index_of_another_faq_is_refused(matcher: FaqMatcher, synonyms: Synonyms) -> None:
    other = FaqMatcher(load_faq(DATA / "faq_small.yaml"), synonyms)
    with pytest.raises(ValueError, match="another FAQ"):
        matcher.use_index(LexicalIndex.build(other))


def test_cache_is_written_once_and_read_back(matcher: FaqMatcher, synonyms: Synonyms, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    built = LexicalIndex.cached(matcher, synonyms, cache)
    assert folders(cache) == [f"{INDEX_FORMAT}-{content_key(matcher.faq, synonyms)[:32]}"]
    stamp = next(cache.iterdir()).stat().st_mtime_ns
    loaded = LexicalIndex.cached(matcher, synonyms, cache)
    assert next(cache.iterdir()).stat().st_mtime_ns == stamp  # read, not rebuilt
    terms = ["personalausweis", "verlor"]
    assert loaded.shortlist(terms, 5) == built.shortlist(terms, 5)
    assert not [p for p in cache.iterdir() if p.name.startswith(".index-")]  # no staging left


def test_changed_content_gets_a_new_index_and_the_old_one_goes(
    matcher: FaqMatcher, synonyms: Synonyms, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    LexicalIndex.cached(matcher, synonyms, cache)
    first = folders(cache)
    small = FaqMatcher(load_faq(DATA / "faq_small.yaml"), synonyms)
    index = LexicalIndex.cached(small, synonyms, cache)
    assert index.size == len(small.faq)
    assert len(folders(cache)) == 1 and folders(cache) != first
    # other synonyms shape other terms: another key
    assert content_key(matcher.faq, Synonyms({})) != content_key(matcher.faq, synonyms)


@pytest.mark.parametrize("damage", ["truncate", "garbage_key", "other_key", "missing"])
def test_a_damaged_cache_is_rebuilt(
    matcher: FaqMatcher, synonyms: Synonyms, tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    good = LexicalIndex.cached(matcher, synonyms, cache)
    (place,) = (p for p in cache.iterdir() if p.is_dir())
    if damage == "truncate":
        for array in place.glob("*.npy"):
            array.write_bytes(array.read_bytes()[:20])
    elif damage == "garbage_key":
        (place / "key.json").write_text("{not json", encoding="utf-8")
    elif damage == "other_key":
        (place / "key.json").write_text('{"key": "x", "size": 62, "format": "old"}', encoding="utf-8")
    else:
        next(place.glob("*.npy")).unlink()
    with caplog.at_level(logging.WARNING, logger="faq.index"):
        again = LexicalIndex.cached(matcher, synonyms, cache)
    terms = ["reisepass", "kind"]
    assert again.shortlist(terms, 5) == good.shortlist(terms, 5)
    reread = LexicalIndex.cached(matcher, synonyms, cache)  # the rebuilt one was stored
    assert reread.shortlist(terms, 5) == good.shortlist(terms, 5)


def test_an_unwritable_cache_still_gives_an_index(
    matcher: FaqMatcher, synonyms: Synonyms, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="faq.index"):
        index = LexicalIndex.cached(matcher, synonyms, blocked / "cache")
    assert index.size == len(matcher.faq)
    assert "could not be written" in caplog.text
