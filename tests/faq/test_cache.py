"""The cache on disk: the matcher's prepared state and a big FAQ's validated entries, keyed by content."""

from __future__ import annotations

import dataclasses
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

import faq.cache as cache_module
import faq.matcher as matcher_module
from benchmarks.bench_faq import questions
from faq import DEFAULT_FAQ_PATH, DEFAULT_SYNONYMS_PATH, Faq, FaqMatcher, load_faq, load_synonyms
from faq.cache import ENTRIES_FORMAT, STATE_FORMAT, content_digest, load_faq_cached, state_key, state_path
from faq.index import prepare_matcher
from faq.model import facts_path_for
from faq.synonyms import Synonyms
from faq.yamlfile import FaqError


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


# -- a big FAQ's validated entries ----------------------------------------------------------------


def entry_files(cache: Path) -> list[str]:
    if not cache.exists():
        return []
    return sorted(p.name for p in cache.iterdir() if p.name.startswith(ENTRIES_FORMAT))


@pytest.fixture
def big_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped FAQ and its facts, counted as a big file (its entries are cached)."""
    monkeypatch.setattr(cache_module, "ENTRIES_FROM_BYTES", 0)
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(DEFAULT_FAQ_PATH, folder / "essen.yaml")
    shutil.copy(facts_path_for(DEFAULT_FAQ_PATH), folder / "facts.yaml")
    return folder / "essen.yaml"


def no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, parsing FAQ YAML through the cache fails the test."""

    def refuse(text: str, path: Path) -> None:
        raise AssertionError("the YAML was parsed again")

    monkeypatch.setattr(cache_module, "parse_yaml", refuse)


def test_a_big_faq_files_entries_are_read_back_without_parsing_the_yaml(
    big_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    expected = load_faq(big_file)
    first = load_faq_cached(big_file, cache=cache)
    assert first == expected and first.facts == expected.facts
    assert len(entry_files(cache)) == 1
    no_yaml(monkeypatch)
    again = load_faq_cached(big_file, cache=cache)
    assert again == expected
    assert again.entries == expected.entries and again.source == big_file
    assert again.facts == expected.facts and len(again.facts.facts) > 0


def test_an_edited_faq_or_facts_file_is_read_again_and_the_old_entries_go(
    big_file: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    load_faq_cached(big_file, cache=cache)
    (first,) = entry_files(cache)
    text = big_file.read_text(encoding="utf-8")
    title = load_faq(big_file).entries[0].title
    big_file.write_text(text.replace(title, title + " Zusatzwort", 1), encoding="utf-8")
    edited = load_faq_cached(big_file, cache=cache)
    assert edited.entries[0].title == title + " Zusatzwort"
    (second,) = entry_files(cache)
    assert second != first
    facts = big_file.parent / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    load_faq_cached(big_file, cache=cache)
    (third,) = entry_files(cache)
    assert third not in (first, second)
    big_file.write_text(text, encoding="utf-8")  # back to the first text: read and cached again
    assert load_faq_cached(big_file, cache=cache).entries[0].title == title


def test_an_invalid_faq_is_refused_and_never_cached(big_file: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    big_file.write_text(big_file.read_text(encoding="utf-8").replace("version: 1", "version: 2", 1), "utf-8")
    with pytest.raises(FaqError, match="version"):
        load_faq_cached(big_file, cache=cache)
    assert entry_files(cache) == []


@pytest.mark.parametrize(
    "damage", ["garbage", "truncated", "empty", "foreign key", "wrong shape", "wrong type"]
)
def test_a_damaged_entries_file_is_ignored_with_a_warning_and_replaced(
    damage: str,
    big_file: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache = tmp_path / "cache"
    expected = load_faq_cached(big_file, cache=cache)
    path = cache / entry_files(cache)[0]
    data = path.read_text(encoding="utf-8")
    damaged = {
        "garbage": "\x00\x01 not json",
        "truncated": data[: len(data) // 2],
        "empty": "",
        "foreign key": data.replace('"key":"', '"key":"0', 1),
        "wrong shape": data.replace('"entries":[[', '"entries":[[1,', 1),
        "wrong type": data.replace('"entries":[["', '"entries":[[["', 1).replace('",', '"],', 1),
    }[damage]
    path.write_text(damaged, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="faq.cache"):
        again = load_faq_cached(big_file, cache=cache)
    assert "FAQ entries cache" in caplog.text
    assert again == expected
    no_yaml(monkeypatch)
    assert load_faq_cached(big_file, cache=cache) == expected  # the file was written again


def test_a_small_faq_file_and_an_unwritable_folder_still_load(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    assert load_faq_cached(DEFAULT_FAQ_PATH, cache=cache) == load_faq(DEFAULT_FAQ_PATH)
    assert entry_files(cache) == []  # below ENTRIES_FROM_BYTES: parsed, nothing written
    monkeypatch.setattr(cache_module, "ENTRIES_FROM_BYTES", 0)
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="faq.cache"):
        faq = load_faq_cached(DEFAULT_FAQ_PATH, cache=blocked / "cache")
    assert "could not be written" in caplog.text
    assert faq == load_faq(DEFAULT_FAQ_PATH)


def test_prepare_matcher_builds_the_english_matcher_at_once(
    faq: Faq, synonyms: Synonyms, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    matcher = prepare_matcher(faq, synonyms, tmp_path)
    assert [name.split("-")[3] for name in states(tmp_path)] == ["de", "en"]  # both stored at start
    english = "How do I register my new address after moving?"
    expected = matcher.match(english)
    assert expected.lang == "en" and expected.answer_id is not None
    no_analysis(monkeypatch)
    warm = prepare_matcher(faq, synonyms, tmp_path)  # a new start reads both states

    def refuse(faq: Faq) -> Faq:
        raise AssertionError("the English matcher was built on the question")

    monkeypatch.setattr(matcher_module, "english_view", refuse)
    assert warm.match(english) == expected
