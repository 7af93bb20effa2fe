"""`python -m bot faq review`: the FAQ review list on the command line (like /lernen in the group).

Without options it lists the grouped questions the bot could not answer (most frequent first,
numbered), the open draft entries and what is due for review. `--add N ENTRY` makes group N an
example question of ENTRY, `--dismiss N` takes it off the list, `--approve D` approves draft D,
`--checked entry:ID` / `--checked fact:ID` records "checked today". Changes go into the overlay;
the running bot picks them up within a minute (job `faq-overlay`).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.settings import resolve_config
from core.faq_learning import FaqLearning, LearningError
from core.faq_learning_reload import overlay_path
from core.services import create_services
from core.staff import StaffActor
from core.texts import t
from faq import FaqError

__all__ = ["register_review"]

T = TypeVar("T")
CLI_ACTOR = StaffActor(user_id=0, name="Kommandozeile")


def register_review(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `faq review` to the `faq` command."""
    review = commands.add_parser(
        "review",
        help="the questions the bot could not answer, drafts, entries due for review",
        description=(
            "List the review list grouped by similar wording (unanswered questions, 'Meinten Sie'"
            " choices, 'Hat nicht geholfen'), the open drafts and the entries and facts due for"
            " review; act on them. Changes are written to the FAQ overlay (faq.overlay_path), never"
            " to the shipped FAQ file."
        ),
    )
    review.add_argument("--config", metavar="PATH", help="config file")
    review.add_argument("--limit", type=int, default=20, metavar="N", help="groups to list (default 20)")
    action = review.add_mutually_exclusive_group()
    action.add_argument(
        "--add", nargs=2, metavar=("N", "ENTRY"), help="group N becomes an example question of ENTRY"
    )
    action.add_argument("--dismiss", type=int, metavar="N", help="take group N off the list")
    action.add_argument("--approve", type=int, metavar="DRAFT", help="approve a complete draft entry")
    action.add_argument("--checked", metavar="KIND:ID", help="entry:ID or fact:ID was checked today")
    review.set_defaults(func=run_review)


def _run(args: argparse.Namespace, work: Callable[[FaqLearning], Awaitable[T]]) -> T:
    config = resolve_config(args.config)

    async def run() -> T:
        services = await create_services(config)
        try:
            assert services.learning is not None
            return await work(services.learning)
        finally:
            await services.close()

    return asyncio.run(run())


def run_review(args: argparse.Namespace) -> int:
    """List the review list, or do one action on it."""
    try:
        return _run(args, lambda learning: _review(args, learning))
    except FaqError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except LearningError as exc:
        print(t(exc.key, **exc.values).replace("<code>", "").replace("</code>", ""), file=sys.stderr)
        return 1


async def _group_key(learning: FaqLearning, number: int) -> int:
    groups = await learning.groups()
    if not 1 <= number <= len(groups):
        raise LearningError("learn.done")
    return groups[number - 1].key


async def _review(args: argparse.Namespace, learning: FaqLearning) -> int:
    if args.add:
        number = int(args.add[0]) if args.add[0].isdigit() else 0
        group, entry = await learning.add_example(await _group_key(learning, number), args.add[1], CLI_ACTOR)
        print(f"added: '{group.text}' -> {entry.id} (overlay {overlay_path(learning.library.config)})")
        return 0
    if args.dismiss is not None:
        group = await learning.dismiss(await _group_key(learning, args.dismiss), CLI_ACTOR)
        print(f"dismissed: '{group.text}'")
        return 0
    if args.approve is not None:
        print(f"approved: draft {args.approve} -> entry {await learning.approve(args.approve, CLI_ACTOR)}")
        return 0
    if args.checked:
        kind, _, item_id = str(args.checked).partition(":")
        due = await learning.mark_checked(kind, item_id, CLI_ACTOR)
        print(f"checked: {kind} {item_id}, next review by {due.isoformat()}")
        return 0
    await _print_list(learning, args.limit)
    return 0


async def _print_list(learning: FaqLearning, limit: int) -> None:
    groups = await learning.groups()
    print(f"Unanswered questions, grouped ({len(groups)} groups, {sum(g.count for g in groups)} questions):")
    for number, group in enumerate(groups[: max(limit, 0)], start=1):
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(group.kinds.items()))
        print(f"{number:3}. {group.count}x  {group.text}  [{kinds}]")
        for variant in group.variants[:3]:
            print(f"       also: {variant}")
        candidates = ", ".join(entry.id for entry in learning.candidates(group))
        if candidates:
            print(f"       entries: {candidates}")
        if group.ticket_ids:
            print("       tickets: " + ", ".join(f"#{n}" for n in group.ticket_ids[:5]))
    if not groups:
        print("  none")
    drafts = await learning.drafts()
    print(f"Draft entries ({len(drafts)}):")
    for draft in drafts:
        missing = "" if draft.link else "  (needs a link: /entwurf or the web console)"
        print(f"  {draft.id}. {draft.entry_id}: {draft.title}{missing}")
    due = learning.due()
    print(f"Due for review ({len(due)}):")
    for item in due:
        state = "overdue" if item.overdue else "due"
        print(f"  {item.kind} {item.id}: {state} {item.review_by.isoformat()}  {item.title}")
        for source in item.sources[:2]:
            print(f"      {source}")
