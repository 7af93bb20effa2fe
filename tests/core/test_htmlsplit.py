"""Splitting HTML into Telegram-sized messages keeps every tag balanced and every character."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from core.htmlsplit import split_blocks, split_html, visible_length
from tests.auxil.telegram_html import html_problems, visible_text

# Words hold at least one visible character: a message of only (non-breaking) spaces is empty
# to Telegram, and no caller splits one.
_letters = st.characters(min_codepoint=0x21, max_codepoint=0x2FF)
words = st.text(alphabet=_letters, min_size=1, max_size=30).filter(lambda word: not word.isspace())


def _squash(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=200, deadline=None)
@given(
    pieces=st.lists(st.tuples(st.sampled_from(["", "b", "i", "code"]), words), min_size=1, max_size=400),
    limit=st.integers(min_value=60, max_value=4000),
)
def test_split_parts_are_well_formed_and_lose_nothing(pieces: list[tuple[str, str]], limit: int) -> None:
    text = " ".join(
        f"<{tag}>{html.escape(word)}</{tag}>" if tag else html.escape(word) for tag, word in pieces
    )
    parts = split_html(text, limit)
    for part in parts:
        assert len(part) <= limit
        assert html_problems(part) == []
    assert _squash("".join(visible_text(p) for p in parts)) == _squash(visible_text(text))


def test_short_text_stays_one_message_and_blocks_are_packed() -> None:
    assert split_html("<b>kurz</b>") == ["<b>kurz</b>"]
    blocks = [f"<b>Zeile {n}</b> " + "x" * 90 for n in range(100)]
    messages = split_blocks(blocks)
    assert len(messages) == 3 and all(len(m) <= 4000 for m in messages)
    assert sum(m.count("<b>Zeile") for m in messages) == 100


def test_visible_length_counts_entities_once() -> None:
    assert visible_length("<b>&amp;&lt;</b>x") == 3
