"""`python -m evaluation`: the engine beside the naive baseline on the dev and heldout cases."""

from __future__ import annotations

import argparse
import sys

from evaluation.cases import CASES_DIR, load_cases
from evaluation.engines import BaselineEngine, BotEngine
from evaluation.run import format_misses, format_table, run
from faq import FaqMatcher

SPLITS = ("dev", "heldout")


def main(argv: list[str] | None = None) -> int:
    """Print the tables; `--misses dev` lists the engine's misses on a split."""
    parser = argparse.ArgumentParser(prog="python -m evaluation", description=__doc__)
    parser.add_argument("--misses", choices=SPLITS, help="list the engine's misses on this split")
    parser.add_argument("--only", choices=SPLITS, help="evaluate one split only")
    args = parser.parse_args(argv)
    matcher = FaqMatcher.from_paths()
    engines = (BotEngine(matcher), BaselineEngine(matcher.faq))
    for split in SPLITS:
        if args.only and split != args.only:
            continue
        cases = load_cases(CASES_DIR / f"{split}.yaml")
        runs = [run(engine, cases) for engine in engines]
        print(format_table(f"{split} ({len(cases)} cases)", runs))
        print()
        if args.misses == split:
            print(format_misses(runs[0]))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
