"""Benchmark: the FAQ matcher's latency and load time, against plain rapidfuzz.

Measures one `FaqMatcher.match` (median and p99) on the shipped FAQ and on a
synthetic FAQ of 5,000 entries built from the shipped entries' vocabulary (fixed
seed): with the lexical index's shortlist (`faq.index`, BM25, as the bot runs a
big FAQ) and, as the baseline in the same run, the full scan of every entry
(the matcher without index), with the share of questions both decide alike.
Start of the synthetic FAQ (YAML file to a ready matcher with its index and its English
matcher) with an empty cache (cold: the validated entries, the matchers' states and the index
are built and stored) and, in a new process, with the stored ones (warm), beside the warm
start that parses the YAML and leaves the English matcher to the first English question (as
before the entries were cached) and the matcher built without its state cache; the
resident memory the synthetic FAQ adds per entry in that new process (texts included);
and the naive baseline: one `rapidfuzz.process.extractOne` over all example
questions. Questions are the dev and extra cases and the FAQ's own questions,
varied (lower case, umlauts written out, a typo, a dropped word) so that nearly
every one is new to the caches. Targets: median < 1 ms (shipped), p99 < 5 ms
(5,000 entries), start < 2 s cold and warm, < 8 KB per entry.

Run: `python -m benchmarks.bench_faq` (prints a table, writes benchmarks/results/faq.json).
"""

from __future__ import annotations

import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process, utils

from benchmarks.common import figure, percentile, result, rss_mb, write_json
from faq import DEFAULT_FAQ_PATH, DEFAULT_SYNONYMS_PATH, Faq, FaqMatcher, load_faq, load_synonyms
from faq.cache import load_faq_cached
from faq.index import LexicalIndex, prepare_matcher

__all__ = ["run", "synthetic_faq"]

SEED = 20261125
SYNTHETIC_ENTRIES = 5000
CASES = Path(__file__).resolve().parents[1] / "tests" / "data"
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][\wÄÖÜäöüß-]*")


def _words(texts: list[str]) -> list[str]:
    return sorted({w for text in texts for w in _WORD.findall(text) if len(w) > 2})


def synthetic_faq(faq: Faq, size: int = SYNTHETIC_ENTRIES, seed: int = SEED) -> dict[str, Any]:
    """An FAQ document (as YAML data) of `size` entries built from `faq`'s vocabulary."""
    rng = random.Random(seed)
    titles = _words([e.title for e in faq])
    keywords = sorted({k for e in faq for k in e.keywords})
    question_words = _words([q for e in faq for q in e.questions])
    answer_words = _words([e.answer for e in faq])
    entries = []
    for number in range(1, size + 1):
        questions = [
            " ".join(rng.choices(question_words, k=rng.randint(3, 9))) + "?"
            for _ in range(rng.randint(4, 10))
        ]
        entries.append(
            {
                "id": f"syn-{number:05d}",
                "title": " ".join(rng.choices(titles, k=rng.randint(2, 5))),
                "questions": questions,
                "keywords": rng.sample(keywords, k=rng.randint(2, 8)),
                "answer": " ".join(rng.choices(answer_words, k=rng.randint(30, 80))) + ".",
                "links": [f"https://service.essen.de/synthetic/{number}"],
                "reviewed": "2026-11-01",
            }
        )
    return {"version": 1, "entries": entries}


def questions(faq: Faq, count: int, seed: int = SEED) -> list[str]:
    """`count` citizen-style questions: cases and FAQ questions, varied to defeat caches."""
    base: list[str] = []
    for name in ("faq_dev_cases.yaml", "faq_extra_cases.yaml"):
        path = CASES / name
        if path.exists():
            base += [case["q"] for case in yaml.safe_load(path.read_text(encoding="utf-8"))]
    base += [q for entry in faq for q in entry.questions]
    rng = random.Random(seed)
    varied = []
    for i in range(count):
        text = base[i % len(base)]
        words = text.split()
        if len(words) > 2 and rng.random() < 0.5:
            del words[rng.randrange(len(words))]
        if rng.random() < 0.5:
            index = rng.randrange(len(words))
            word = words[index]
            if len(word) > 4:
                cut = rng.randrange(1, len(word) - 1)
                words[index] = word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
        text = " ".join(words)
        if rng.random() < 0.3:
            text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
        varied.append(text)
    return varied


def _timed(function: Callable[[str], object], texts: list[str]) -> list[float]:
    """Seconds per call of function on each text."""
    seconds = []
    clock = time.perf_counter
    for text in texts:
        started = clock()
        function(text)
        seconds.append(clock() - started)
    return seconds


def _latency(
    label: str, seconds: list[float], target_ms: float | None, *, p99_ms: float | None = None
) -> list[dict[str, Any]]:
    ms = [s * 1000.0 for s in seconds]
    median, p99 = statistics.median(ms), percentile(ms, 0.99)
    target = f"< {target_ms:g} ms" if target_ms is not None else ""
    ok = median < target_ms if target_ms is not None else None
    p99_target = f"< {p99_ms:g} ms" if p99_ms is not None else ""
    return [
        figure(f"{label}: median", median, "ms", target, ok),
        figure(f"{label}: p99", p99, "ms", p99_target, p99 < p99_ms if p99_ms is not None else None),
    ]


def _agreement(ours: FaqMatcher, texts: list[str]) -> float:
    """Share of questions the matcher decides alike with its index and with the full scan."""
    index = ours.index
    with_index = [ours.match(text) for text in texts]
    ours.use_index(None)
    try:
        full = [ours.match(text) for text in texts]
    finally:
        ours.use_index(index)
    same = sum(
        a.decision is b.decision and a.answer_id == b.answer_id and a.guesses[:1] == b.guesses[:1]
        for a, b in zip(with_index, full, strict=True)
    )
    return same / max(1, len(texts))


def _baseline(faq: Faq) -> tuple[Callable[[str], object], float]:
    """Plain rapidfuzz: extractOne over every example question; and its build time."""
    started = time.perf_counter()
    choices = [q for entry in faq for q in entry.questions]
    processed = [utils.default_process(q) for q in choices]
    build = time.perf_counter() - started

    def match(text: str) -> object:
        return process.extractOne(
            utils.default_process(text), processed, scorer=fuzz.token_set_ratio, processor=None
        )

    return match, build


def _fresh_start(path: Path, cache: Path) -> dict[str, float]:
    """Start a new process that loads the FAQ and its cached matcher (`--probe`): times, memory."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_faq", "--probe", str(path), str(cache)],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1],
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def probe(path: Path, cache: Path) -> dict[str, float]:
    """In this (new) process: the start as `prepare_matcher` does it from the cache; seconds, KB per entry.

    Then, for the baseline, the same FAQ read from its YAML (parsed and validated), as before the
    entries were cached.
    """
    synonyms = load_synonyms(DEFAULT_SYNONYMS_PATH)
    before = rss_mb()
    started = time.perf_counter()
    faq = load_faq_cached(path, cache=cache)
    loaded = time.perf_counter()
    matcher = FaqMatcher.cached(faq, synonyms, cache)
    matcher.use_index(LexicalIndex.cached(matcher, synonyms, cache))
    german = time.perf_counter()
    _ = matcher.english  # prepare_matcher reads it at start too
    done = time.perf_counter()
    kb = (rss_mb() - before) * 1024.0 / len(faq)
    assert matcher.index is not None
    yaml_started = time.perf_counter()
    load_faq(path)
    yaml_seconds = time.perf_counter() - yaml_started
    return {
        "seconds": done - started,
        "load_seconds": loaded - started,
        "prepare_seconds": german - loaded,
        "english_seconds": done - german,
        "yaml_seconds": yaml_seconds,
        "kb_per_entry": kb,
    }


def measure(quick: bool = False, size: int | None = None) -> dict[str, Any]:
    """Run all measurements and return the benchmark result (`size`: synthetic entries)."""
    count = 500 if quick else 3000
    size = size or (1000 if quick else SYNTHETIC_ENTRIES)
    synonyms = load_synonyms(DEFAULT_SYNONYMS_PATH)
    started = time.perf_counter()
    shipped_faq = load_faq(DEFAULT_FAQ_PATH)
    shipped = FaqMatcher(shipped_faq, synonyms)
    shipped_load = time.perf_counter() - started
    texts = questions(shipped_faq, count)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.yaml"
        cache = Path(tmp) / "cache"
        document = synthetic_faq(shipped_faq, size)
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
        before = rss_mb()
        started = time.perf_counter()
        big_faq = load_faq(path)
        loaded = time.perf_counter()
        old = FaqMatcher(big_faq, synonyms)  # baseline: the matcher without its state cache
        uncached = time.perf_counter() - loaded
        del old
        started_cold = time.perf_counter()
        load_faq_cached(path, cache=cache)  # cold: entries validated and stored
        big = prepare_matcher(big_faq, synonyms, cache)  # cold: states (German, English) and index built
        cold = time.perf_counter() - started_cold
        cold_kb = (rss_mb() - before) * 1024.0 / len(big_faq)
        warm = _fresh_start(path, cache)  # warm: a new process reads both from the cache
        big.use_index(LexicalIndex.cached(big, synonyms, cache))
    load_seconds = loaded - started
    warm_seconds, per_entry_kb = warm["seconds"], warm["kb_per_entry"]

    small_base, small_build = _baseline(shipped_faq)
    big_base, big_build = _baseline(big_faq)
    ours_small = _timed(shipped.match, texts)
    ours_big = _timed(big.match, texts[: count // 2])
    lexical = big.index
    big.use_index(None)
    full_big = _timed(big.match, texts[: count // 10])
    big.use_index(lexical)
    agreement = _agreement(big, texts[: count // 5])
    base_small = _timed(small_base, texts)
    base_big = _timed(big_base, texts[: count // 10])  # ~25 ms each

    entries = len(big_faq)
    figures = [
        *_latency(f"matcher, shipped FAQ ({len(shipped_faq)} entries)", ours_small, 1.0),
        *_latency(f"matcher + BM25 shortlist, synthetic FAQ ({entries} entries)", ours_big, None, p99_ms=5.0),
        *_latency(f"  baseline: full scan, synthetic FAQ ({entries} entries)", full_big, None),
        figure("  shortlist decides like the full scan", round(100.0 * agreement, 1), "%"),
        figure(f"start {entries} entries, cold cache (state + index built)", cold, "s", "< 2 s", cold < 2.0),
        figure(f"start {entries} entries, warm cache (new process)", warm_seconds, "s", "< 2 s",
               warm_seconds < 2.0),
        figure("  of which the validated entries read from the cache", warm["load_seconds"], "s"),
        figure("  of which matcher state + BM25 index read from the cache", warm["prepare_seconds"], "s"),
        figure("  of which the English matcher (before: on the first English question)",
               warm["english_seconds"], "s"),
        figure(
            "  baseline: warm start reading the YAML, English matcher left for later",
            warm["yaml_seconds"] + warm["prepare_seconds"],
            "s",
        ),
        figure("  baseline: of which YAML load + validation", warm["yaml_seconds"], "s"),
        figure("  baseline: YAML load + matcher analysis, no state cache", load_seconds + uncached, "s"),
        figure(
            f"memory per entry ({entries} entries, texts included, warm start)",
            round(per_entry_kb, 1),
            "KB",
            "< 8 KB",
            per_entry_kb < 8.0,
        ),
        figure("  memory per entry after the cold build (its garbage included)", round(cold_kb, 1), "KB"),
        figure("matcher, load + index shipped FAQ", shipped_load * 1000.0, "ms"),
        *_latency(f"rapidfuzz extractOne, shipped FAQ ({len(shipped_faq)} entries)", base_small, None),
        *_latency(f"rapidfuzz extractOne, synthetic FAQ ({entries} entries)", base_big, None),
        figure(f"rapidfuzz, load + prepare {entries} entries", load_seconds + big_build, "s"),
    ]
    return result(
        "faq",
        "FAQ matcher: latency of one match and load time, versus plain rapidfuzz",
        quick,
        figures,
        questions=len(texts),
        distinct_questions=len(set(texts)),
        shipped_entries=len(shipped_faq),
        synthetic_entries=entries,
        synthetic_questions=sum(len(e.questions) for e in big_faq),
        seed=SEED,
        rapidfuzz_build_shipped_ms=round(small_build * 1000.0, 3),
    )


def table(data: dict[str, Any]) -> str:
    """The figures as a plain-text table."""
    rows = [("figure", "value", "target", "ok")]
    for item in data["figures"]:
        ok = "" if item["ok"] is None else ("yes" if item["ok"] else "NO")
        rows.append((item["name"], f"{item['value']} {item['unit']}".strip(), item["target"], ok))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def run(quick: bool = False, size: int | None = None) -> dict[str, Any]:
    """Run the benchmark, write benchmarks/results/faq.json and return the result."""
    data = measure(quick, size)
    write_json("faq", data)
    return data


if __name__ == "__main__":
    if sys.argv[1:2] == ["--probe"]:
        print(json.dumps(probe(Path(sys.argv[2]), Path(sys.argv[3]))))
        raise SystemExit(0)
    outcome = run(quick="--quick" in sys.argv)
    print(outcome["title"])
    print(table(outcome))
