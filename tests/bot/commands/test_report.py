"""`python -m bot report`: the month's PDF opens (pypdf) and carries the month's figures."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.cli import main
from core.clock import ManualClock
from core.config import load_config
from core.services import create_services
from tests.auxil.stats_data import NOW, fill


def _config(tmp_path: Path) -> str:
    path = tmp_path / "config.yaml"
    path.write_text(f"storage:\n  database: '{tmp_path / 'bot.sqlite3'}'\n", encoding="utf-8")
    return str(path)


def _seed(config: str) -> None:
    async def run() -> None:
        services = await create_services(load_config(Path(config)), ManualClock(NOW))
        try:
            await fill(services)
        finally:
            await services.close()

    asyncio.run(run())


def _text(path: Path) -> str:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_report_pdf_has_the_months_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path)
    _seed(config)
    target = tmp_path / "out" / "report.pdf"
    assert main(["report", "--month", "2026-11", "--output", str(target), "--config", config]) == 0
    assert "Monatsbericht 2026-11 geschrieben" in capsys.readouterr().err
    assert target.read_bytes().startswith(b"%PDF-")
    text = _text(target)
    assert "Monatsbericht November 2026" in text
    assert "Fragen an den Bot: 11. Anfragen an das Team: 8." in text
    assert "Davon vom Bot: 8 (67 %), vom Team: 4." in text
    assert "Median 13,3 Std., 90 % bis 29,0 Std." in text  # 795 and 1740 minutes
    assert "2 Personen mit 3 Abos" in text
    assert "wo ist das fundbüro?" in text
    assert "Erika" not in text and "parken" not in text  # sent by fewer than three people
    assert "KW 47" in text and "Personalausweis" in text


def test_english_report(tmp_path: Path) -> None:
    config = _config(tmp_path)
    _seed(config)
    target = tmp_path / "report-en.pdf"
    assert (
        main(["report", "--month", "2026-11", "--output", str(target), "--lang", "en", "--config", config])
        == 0
    )
    assert "Monthly report November 2026" in _text(target)


@pytest.mark.parametrize("month", ["2026-13", "11/2026", "2026-1", "november"])
def test_a_bad_month_is_a_clear_message(
    month: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["report", "--month", month, "--output", str(tmp_path / "r.pdf"), "--config", _config(tmp_path)])
    assert stop.value.code == 2
    assert "expected a month like 2026-11" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()


def test_a_month_to_come_and_a_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path)
    assert (
        main(["report", "--month", "2026-11", "--output", str(tmp_path / "r.pdf"), "--config", config]) == 2
    )
    assert "no database yet" in capsys.readouterr().err
    _seed(config)
    assert (
        main(["report", "--month", "2999-01", "--output", str(tmp_path / "r.pdf"), "--config", config]) == 2
    )
    assert "has not begun yet" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()
