"""The monthly report PDF: DejaVu Sans embedded, so names with ğ, ł, €, – and „quotes“ come out as written."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from core.services import Services
from core.statistics import MonthReport, Topic
from core.statistics_pdf import FONT_FILES, MISSING, report_pdf, shown
from tests.auxil.stats_data import filled_services

TOPIC = "Straßenfest in Łódź, Wrocław und Kağıthane: Gebühr 12 € – „Anmeldung“"
LONG = "kann ich " + " ".join(f"frage{k}" for k in range(40)) + " bitte?"


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    async with filled_services(tmp_path) as opened:
        yield opened


def _text(data: bytes) -> tuple[PdfReader, str]:
    """The PDF and its text, line breaks as spaces (a table cell may wrap)."""
    reader = PdfReader(io.BytesIO(data))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


async def _report(services: Services) -> MonthReport:
    report = await services.statistics.month_report(date(2026, 11, 1))
    return replace(
        report,
        top_topics=(Topic("fest", TOPIC, 4), *report.top_topics),
        repeated_questions=(("fährt der bus 🚌\ufe0f zum fundbüro?", 3), (LONG, 3)),
    )


async def test_a_topic_with_polish_turkish_and_typographic_characters_comes_out_as_written(
    services: Services,
) -> None:
    data = report_pdf(await _report(services), "de", services.office_hours.tz)
    assert data.startswith(b"%PDF-")
    reader, text = _text(data)
    assert len(reader.pages) >= 2  # it opens and has its pages
    assert TOPIC in text
    assert "ğ" in text and "ł" in text and "€" in text and "–" in text and "„Anmeldung“" in text
    assert "Monatsbericht November 2026" in text and "Fragen an den Bot: 11." in text
    assert f"fährt der bus {MISSING} zum fundbüro?" in text  # no glyph for the bus: a box, not "?"
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert {name.split("+")[-1] for name in fonts} == {"DejaVuSansBook", "DejaVuSansBold"}  # subsets


async def test_a_long_question_wraps_in_its_cell_instead_of_being_cut(services: Services) -> None:
    _, text = _text(report_pdf(await _report(services), "de", services.office_hours.tz))
    assert LONG in text  # every word is there, over several lines of its cell


def test_shown_keeps_what_the_font_has_and_marks_what_it_lacks() -> None:
    assert shown("ğ ł € – „“ İı Ş ß") == "ğ ł € – „“ İı Ş ß"
    assert shown("Bus 🚌\ufe0f!") == f"Bus {MISSING}!"
    assert shown("👍🏽") == MISSING * 2  # no emoji font: one box per missing character


def test_the_fonts_are_vendored_with_their_licence() -> None:
    for path in FONT_FILES.values():
        assert path.is_file() and path.stat().st_size > 100_000
    licence = (next(iter(FONT_FILES.values())).parent / "LICENSE").read_text(encoding="utf-8")
    assert "Bitstream" in licence and "Permission is hereby granted" in licence


async def test_a_long_table_goes_on_over_pages_with_its_header(services: Services) -> None:
    report = await services.statistics.month_report(date(2026, 11, 1))
    questions = tuple((f"frage nummer {k}: {LONG}", 3) for k in range(40))
    data = report_pdf(replace(report, repeated_questions=questions), "de", services.office_hours.tz)
    reader = PdfReader(io.BytesIO(data))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    holding = [text for text in pages if "frage nummer" in text]
    assert len(holding) >= 3  # 40 wrapped rows need several pages
    assert all(text.count("Frage Anzahl") == 1 for text in holding)  # the header on each of them
    assert all(f"frage nummer {k}:" in " ".join(holding) for k in range(40))
