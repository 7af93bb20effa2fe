"""The `faq` command of the bot's CLI: `faq match`, `faq check` and `faq review` (`faq_review.py`).

`register(subparsers)` adds the command to the main parser; each subcommand sets
`func`, a callable taking the parsed `argparse.Namespace` and returning the exit
status. `main(argv)` runs the command on its own (for tests and scripts).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.commands.faq_review import register_review
from core.texts import templates
from faq.check import check_faq
from faq.matcher import ANSWER_THRESHOLD, SUGGEST_THRESHOLD, FaqMatcher
from faq.model import DEFAULT_FAQ_PATH, FaqError
from faq.synonyms import DEFAULT_SYNONYMS_PATH

__all__ = ["main", "register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `faq` command with its subcommands `match` and `check`."""
    faq_parser = subparsers.add_parser(
        "faq",
        help="match questions against the FAQ, check the FAQ file",
        description="Work with the FAQ: try the matcher, check the FAQ file before shipping.",
    )
    commands = faq_parser.add_subparsers(dest="faq_command", metavar="{match,check,review}")
    commands.required = True

    match = commands.add_parser(
        "match",
        help="match questions read from stdin (one per line)",
        description=(
            "Read questions from standard input, one per line, and print the matching"
            " FAQ entry for each: the id the bot would answer with (or '-'), the score"
            " (0-100) and the suggestions it would offer."
        ),
    )
    _add_paths(match)
    match.add_argument(
        "--json",
        action="store_true",
        help='one JSON object per line: {"q", "id" (null when not answering), "score",'
        ' "suggestions"}',
    )
    match.add_argument(
        "--answer-threshold",
        type=float,
        default=ANSWER_THRESHOLD,
        metavar="SCORE",
        help=f"score needed to answer directly (default {ANSWER_THRESHOLD:g})",
    )
    match.add_argument(
        "--suggest-threshold",
        type=float,
        default=SUGGEST_THRESHOLD,
        metavar="SCORE",
        help=f"score needed to offer suggestions (default {SUGGEST_THRESHOLD:g})",
    )
    match.set_defaults(func=run_match)

    check = commands.add_parser(
        "check",
        help="validate the FAQ file and report problems",
        description=(
            "Validate the FAQ file and its facts (facts.yaml next to it): schema (with entry"
            " and field), a source for every fact, unknown {fact:...} placeholders (also in"
            " the bot's texts), euro amounts and fact phone numbers written literally into an"
            " answer, duplicate ids and questions, links, entries and facts past their review"
            " date (warning), and example questions the matcher gives to another entry"
            " (conflict). Exits with status 1 when there are errors."
        ),
    )
    _add_paths(check)
    check.add_argument(
        "--facts",
        type=Path,
        default=None,
        metavar="PATH",
        help="facts file (default: facts.yaml next to the FAQ file)",
    )
    check.set_defaults(func=run_check)
    register_review(commands)


def _add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--faq",
        type=Path,
        default=DEFAULT_FAQ_PATH,
        metavar="PATH",
        help="FAQ file (default: the shipped faq/essen.yaml)",
    )
    parser.add_argument(
        "--synonyms",
        type=Path,
        default=DEFAULT_SYNONYMS_PATH,
        metavar="PATH",
        help="synonyms file (default: the shipped faq/synonyms.yaml)",
    )


def run_match(args: argparse.Namespace) -> int:
    """Match each line of stdin and print one result line per question."""
    try:
        matcher = FaqMatcher.from_paths(
            args.faq,
            args.synonyms,
            answer_threshold=args.answer_threshold,
            suggest_threshold=args.suggest_threshold,
        )
    except (FaqError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for line in sys.stdin:
        question = line.strip()
        if not question:
            continue
        result = matcher.match(question)
        score = result.best.score if result.best else 0.0
        if args.json:
            record = {
                "q": question,
                "id": result.answer_id,
                "score": round(score, 1),
                "suggestions": list(result.suggestions),
            }
            print(json.dumps(record, ensure_ascii=False))
        else:
            text = f"{question} -> {result.answer_id or '-'} ({score:.1f})"
            if result.suggestions:
                text += " | suggestions: " + ", ".join(result.suggestions)
            print(text)
        sys.stdout.flush()
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Check the FAQ file and print the report; status 1 when there are errors."""
    report = check_faq(args.faq, args.synonyms, facts_path=args.facts, texts=templates())
    print(report.format())
    return 0 if report.ok else 1


def main(argv: list[str] | None = None) -> int:
    """Run the `faq` command on its own: `main(["faq", "check"])`."""
    parser = argparse.ArgumentParser(prog="faq")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    status: int = args.func(args)
    return status
