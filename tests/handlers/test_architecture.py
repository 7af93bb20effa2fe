"""Rules imports cannot express: handlers reach storage only through the core's services."""

from __future__ import annotations

import re

from tests.auxil.paths import ROOT

ALLOWED = {ROOT / "handlers" / "telegram" / "persistence.py"}
# The builder hands the database to the PTB persistence it creates: composition, not a query.
COMPOSITION = re.compile(r"SqlitePersistence\(services\.db\b")
FORBIDDEN = re.compile(r"\.transaction\(|\.repo\b|\.links\.|services\.db\b|ANSWER_EXTRAS")


def test_handlers_use_no_repository_links_or_transaction() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "handlers").rglob("*.py"))
        if path not in ALLOWED
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FORBIDDEN.search(line) and not COMPOSITION.search(line)
    ]
    assert offenders == []
