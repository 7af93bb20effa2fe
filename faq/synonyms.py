"""Synonyms and colloquial words: loading faq/synonyms.yaml and rewriting token streams."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faq.model import FaqError, read_yaml
from faq.normalize import Token, stem, tokenize

__all__ = [
    "DEFAULT_SYNONYMS_PATH",
    "SynonymTable",
    "Synonyms",
    "SynonymsError",
    "load_synonyms",
]

DEFAULT_SYNONYMS_PATH: Path = Path(__file__).resolve().parent / "synonyms.yaml"


class SynonymsError(FaqError):
    """The synonyms file is unreadable or invalid; names the file and the key."""


@dataclass(frozen=True)
class Synonyms:
    """Canonical terms and their variants, as written in the synonyms file."""

    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    source: Path | None = None


def load_synonyms(path: Path | str) -> Synonyms:
    """Load and validate a synonyms file; raise SynonymsError naming file and key."""
    source = Path(path)
    try:
        data = read_yaml(source)
    except FaqError as exc:
        raise SynonymsError(list(exc.problems)) from exc
    return parse_synonyms(data, source)


def parse_synonyms(data: Any, source: Path | None = None) -> Synonyms:
    """Validate parsed YAML (canonical term -> list of variants) into Synonyms."""
    where = str(source) if source is not None else "<synonyms>"
    if data is None:
        return Synonyms({}, source)
    if not isinstance(data, dict):
        raise SynonymsError(f"{where}: expected a mapping of canonical term -> list of variants")
    problems: list[str] = []
    groups: dict[str, tuple[str, ...]] = {}
    owner: dict[tuple[str, ...], str] = {}
    for key, variants in data.items():
        if not isinstance(key, str) or not tokenize(key):
            problems.append(f"{where}: key {key!r}: expected a word or phrase as canonical term")
            continue
        if not isinstance(variants, list) or not all(
            isinstance(v, str) and tokenize(v) for v in variants
        ):
            problems.append(f"{where}: key '{key}': expected a list of words or phrases")
            continue
        for variant in variants:
            stems = tuple(stem(word) for word in tokenize(variant))
            other = owner.get(stems)
            if other is not None and other != key:
                problems.append(
                    f"{where}: key '{key}': variant '{variant}' is already a variant of '{other}'"
                )
            owner[stems] = key
        groups[key] = tuple(variants)
    if problems:
        raise SynonymsError(problems)
    return Synonyms(groups, source)


SPLIT_GAP = 3
"""At most this many words may stand between the object and the verb of a two-word phrase."""

SPARE_WORDS = 1024
"""Words beyond the FAQ's own that the token cache keeps (the first ones citizens wrote)."""


class SynonymTable:
    """Compiled synonyms: replaces variant stem sequences by the canonical tokens."""

    def __init__(self, synonyms: Synonyms | None) -> None:
        rules: dict[str, list[tuple[tuple[str, ...], tuple[Token, ...]]]] = {}
        words: set[str] = set()
        groups = synonyms.groups if synonyms is not None else {}
        for canonical, variants in groups.items():
            target = tuple(Token(w, stem(w)) for w in tokenize(canonical))
            words.update(t.surface for t in target)
            for variant in variants:
                variant_words = tokenize(variant)
                words.update(variant_words)
                key = tuple(stem(w) for w in variant_words)
                if key == tuple(t.stem for t in target):
                    continue
                rules.setdefault(key[0], []).append((key, target))
        for options in rules.values():
            options.sort(key=lambda rule: -len(rule[0]))
        self._verbs: frozenset[str] = frozenset(
            stem(w) for group in groups.values() for variant in group
            if len(words_of := tokenize(variant)) == 2 and (w := words_of[1]).endswith("en")
        )
        self._rules = rules
        self._tokens: dict[str, Token] = {}
        self._limit: int | None = None  # set by `freeze`: how many words the cache may hold
        self._starters: set[str] = set()  # words whose stem starts a variant
        self.words: frozenset[str] = frozenset(words)
        """Every word of the table, so compounds can be split at a colloquial part."""

    def freeze(self, spare: int = SPARE_WORDS) -> None:
        """The FAQ is analysed: from now on the token cache takes at most `spare` more words.

        Citizens write names, streets and typos nobody writes again; caching each of them would
        grow memory with every message. Words past the bound are made anew each time.
        """
        self._limit = len(self._tokens) + spare

    def token(self, word: str) -> Token:
        """The (shared) token of a folded word."""
        found = self._tokens.get(word)
        if found is None:
            found = Token(word, stem(word))
            if self._limit is None or len(self._tokens) < self._limit:
                self._tokens[word] = found
            if found.stem in self._rules:
                self._starters.add(word)
        return found

    def apply(self, words: list[str]) -> list[Token]:
        """Stem folded words and replace every variant (longest first) by its canonical term."""
        tokens = self._stemmed(words)
        if self._starters.isdisjoint(words):
            return tokens
        out: list[Token] = []
        taken: set[int] = set()  # the verb of a split phrase, already replaced with its object
        i = 0
        while i < len(tokens):
            if i in taken:
                i += 1
                continue
            found = self._variant_at(tokens, i)
            if found is None:
                out.append(tokens[i])
                i += 1
                continue
            positions, target = found
            out.extend(target)
            if positions[-1] == i + len(positions) - 1:  # written together
                i += len(positions)
            else:
                taken.update(positions[1:])
                i += 1
        return out

    def phrases(self, words: list[str]) -> dict[str, tuple[Token, ...]]:
        """Each folded word that is part of a variant of several words here, with its canonical term.

        "einen Laden in Kray eröffnen": "laden" and "eroeffnen" stand for "gewerbe".
        """
        tokens = self._stemmed(words)
        found: dict[str, tuple[Token, ...]] = {}
        if self._starters.isdisjoint(words):
            return found
        for i in range(len(tokens)):
            match = self._variant_at(tokens, i)
            if match is not None and len(match[0]) > 1:
                for position in match[0]:
                    found.setdefault(tokens[position].surface, match[1])
        return found

    def _stemmed(self, words: list[str]) -> list[Token]:
        cache = self._tokens
        tokens: list[Token] = []
        for word in words:
            token = cache.get(word)
            if token is None:
                token = self.token(word)
            tokens.append(token)
        return tokens

    def _variant_at(
        self, tokens: list[Token], i: int
    ) -> tuple[tuple[int, ...], tuple[Token, ...]] | None:
        """The variant starting at `i` (its word positions and canonical term), or None.

        Written together first (longest first); then a two-word phrase whose verb stands a few
        words later ("einen Laden in Steele eröffnen" for "laden eröffnen": German puts the
        verb last).
        """
        options = self._rules.get(tokens[i].stem, ())
        for key, target in options:
            if tuple(t.stem for t in tokens[i : i + len(key)]) == key:
                return tuple(range(i, i + len(key))), target
        for key, target in options:
            if len(key) != 2 or key[1] not in self._verbs:
                continue
            for j in range(i + 2, min(len(tokens), i + 2 + SPLIT_GAP)):
                if tokens[j].stem == key[1]:
                    return (i, j), target
        return None

    def cached_tokens(self) -> list[Token]:
        """Every token made so far (of single words and of canonical terms)."""
        targets = [t for options in self._rules.values() for _, target in options for t in target]
        return [*self._tokens.values(), *targets]

    def lookup(self, token: Token) -> tuple[Token, ...]:
        """Replace a single word by its canonical term when it is a one-word variant."""
        for key, target in self._rules.get(token.stem, ()):
            if len(key) == 1:
                return tuple(
                    Token(t.surface, t.stem, token.weight, token.known) for t in target
                )
        return (token,)
