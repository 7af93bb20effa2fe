"""Telegram's size limits: texts, captions and answers are cut to fit, HTML stays balanced."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.htmlsplit import visible_length
from handlers.telegram.limits import ANSWER_LIMIT, CAPTION_LIMIT, TEXT_LIMIT, bound_call, bound_text
from handlers.telegram.offline import over_limit
from tests.auxil.telegram_html import html_problems


@settings(max_examples=60)
@given(text=st.text(max_size=6000), limit=st.sampled_from([ANSWER_LIMIT, CAPTION_LIMIT, TEXT_LIMIT]))
def test_bound_plain_text(text: str, limit: int) -> None:
    bounded = bound_text(text, limit, html=False)
    assert len(bounded) <= limit
    assert bounded == text or bounded.endswith("…")


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(
        st.sampled_from(["<b>fett</b> ", "&amp; ", "Wort ", "<i>x</i>", "ä" * 50, "\n"]),
        min_size=1,
        max_size=400,
    )
)
def test_bound_html_keeps_tags_balanced(parts: list[str]) -> None:
    text = "".join(parts) + "."
    for limit in (ANSWER_LIMIT, CAPTION_LIMIT, TEXT_LIMIT):
        bounded = bound_text(text, limit, html=True)
        assert visible_length(bounded) <= limit
        assert html_problems(bounded) == []


def test_bound_call_cuts_only_what_is_too_long() -> None:
    short = {"chat_id": 1, "text": "Hallo", "parse_mode": "HTML"}
    assert bound_call("sendMessage", short) == short
    long = bound_call("answerCallbackQuery", {"text": "x" * 500})
    assert len(long["text"]) == ANSWER_LIMIT
    caption = bound_call("sendDocument", {"caption": "<b>" + "y " * 800 + "</b>", "parse_mode": "HTML"})
    assert visible_length(caption["caption"]) <= CAPTION_LIMIT and caption["caption"].endswith("</b>…")
    assert html_problems(caption["caption"]) == []


def test_the_fake_telegram_refuses_what_telegram_refuses() -> None:
    """The checks above are real: without the bound, the offline Bot API answers 400 like Telegram."""
    assert over_limit("sendMessage", {"text": "x" * 4097}) == "message is too long"
    assert over_limit("sendMessage", {"text": "<b>" + "x" * 4096 + "</b>", "parse_mode": "HTML"}) is None
    assert over_limit("answerCallbackQuery", {"text": "x" * 201}) == "MESSAGE_TOO_LONG"
    assert over_limit("sendDocument", {"caption": "x" * 1025}) == "message caption is too long"
    button = '{"inline_keyboard": [[{"text": "a", "callback_data": "%s"}]]}' % ("x" * 65)
    assert over_limit("sendMessage", {"text": "a", "reply_markup": button}) == "BUTTON_DATA_INVALID"
