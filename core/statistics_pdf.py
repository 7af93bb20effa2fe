"""The monthly report as a PDF (fpdf2, pure Python): the summary, every chart with its table,
the topics. The charts are the same layout as the web page's SVG (`statistics_charts.layout`),
drawn with the same patterns, so they read in black and white. No personal data.

The PDF uses the built-in Helvetica (no font files): texts are reduced to Latin-1, so a
character outside it (an emoji in a repeated question) becomes '?'.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from fpdf import FPDF

from core.statistics import REPEATED_MIN_PEOPLE, MonthReport
from core.statistics_charts import FILLS, HEIGHT, INK, WIDTH, Chart, box_width, layout
from core.statistics_texts import ChartTable, charts, month_name, summary, topic_rows, words

__all__ = ["report_pdf"]

PAGE_W = 180.0  # mm inside the margins of A4
SCALE = PAGE_W / WIDTH
SUBSTITUTES = str.maketrans(
    {"–": "-", "—": "-", "…": "...", "„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'"}
)


def _latin1(text: str) -> str:
    return text.translate(SUBSTITUTES).encode("latin-1", "replace").decode("latin-1")


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class _Report(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=15)
        self.set_title(_latin1(title))
        self.set_creator("Bürgermobil-Bot")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, f"{self.page_no()}", align="C")

    def heading(self, text: str, size: float = 13) -> None:
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, size * 0.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: str) -> None:
        self.set_font("Helvetica", size=10)
        self.multi_cell(0, 5, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    def grid(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        first = 90.0 if len(headers) == 2 else 45.0
        others = (PAGE_W - first) / max(len(headers) - 1, 1)
        widths = [first, *[others] * (len(headers) - 1)]
        for k, cells in enumerate([headers, *rows]):
            if self.get_y() > self.h - 25:
                self.add_page()
            self.set_font("Helvetica", "B" if k == 0 else "", 9)
            for i, (width, cell) in enumerate(zip(widths, cells, strict=False)):
                self.cell(width, 5.5, _latin1(cell)[:70], border=1, align="L" if i == 0 else "R")
            self.ln(5.5)
        self.ln(3)

    def chart(self, chart: Chart) -> None:
        if self.get_y() + HEIGHT * SCALE > self.h - 20:
            self.add_page()
        x0, y0 = self.l_margin, self.get_y()
        shapes, labels = layout(chart)
        self.set_draw_color(*_rgb(INK))
        self.set_line_width(0.2)
        self.line(x0, y0 + (HEIGHT - 46) * SCALE, x0 + PAGE_W, y0 + (HEIGHT - 46) * SCALE)
        for s in shapes:
            x, y, w, h = x0 + s.x * SCALE, y0 + s.y * SCALE, s.w * SCALE, s.h * SCALE
            if h <= 0:
                continue
            self._bar(x, y, w, h, s.pattern)
        for label in labels:
            size = label.size * 0.8
            self.set_font("Helvetica", size=size)
            text = _latin1(label.text)
            width = self.get_string_width(text)
            x = x0 + label.x * SCALE - (width / 2 if label.anchor == "middle" else 0)
            y = y0 + label.y * SCALE
            if label.boxed:
                box = box_width(label) * SCALE
                self.set_fill_color(255, 255, 255)
                self.rect(x0 + label.x * SCALE - box / 2, y - size * 0.35, box, size * 0.45, style="F")
            self.set_text_color(*_rgb(INK))
            self.text(x, y, text)
        self.set_y(y0 + HEIGHT * SCALE + 2)

    def _bar(self, x: float, y: float, w: float, h: float, pattern: str) -> None:
        colour = _rgb(FILLS[pattern])
        if pattern == "solid":
            self.set_fill_color(*colour)
            self.rect(x, y, w, h, style="DF")
            return
        self.set_fill_color(255, 255, 255)
        self.rect(x, y, w, h, style="DF")
        self.set_draw_color(*colour)
        with self.rect_clip(x, y, w, h):
            if pattern == "dots":
                self.set_fill_color(*colour)
                step = 1.6
                row = y + step / 2
                while row < y + h:
                    col = x + step / 2
                    while col < x + w:
                        self.circle(col, row, 0.45, style="F")
                        col += step
                    row += step
            else:
                step = 1.6
                offset = -h
                while offset < w:
                    self.line(x + offset, y + h, x + offset + h, y)
                    if pattern == "cross":
                        self.line(x + offset, y, x + offset + h, y + h)
                    offset += step
        self.set_draw_color(*_rgb(INK))
        self.rect(x, y, w, h, style="D")


def _section(pdf: _Report, item: ChartTable) -> None:
    pdf.heading(item.chart.title, 11)
    pdf.chart(item.chart)
    pdf.grid(item.headers, item.rows)


def report_pdf(report: MonthReport, lang: str, tz: ZoneInfo) -> bytes:
    """The report as PDF bytes."""
    w = words(lang)
    title = w["report_title"].format(month=month_name(report.month, lang))
    pdf = _Report(title)
    pdf.add_page()
    pdf.heading(title, 16)
    made: datetime = report.created.astimezone(tz)
    pdf.paragraph(w["report_made"].format(day=made.strftime("%d.%m.%Y %H:%M")))
    pdf.ln(2)
    for line in summary(report, lang):
        pdf.paragraph(line)
    pdf.ln(3)
    for item in charts(report, lang):
        _section(pdf, item)
    for key, topics in (("topics", report.top_topics), ("unanswered", report.unanswered_topics)):
        pdf.heading(w[key], 11)
        rows = topic_rows(topics, lang)
        if rows:
            pdf.grid((w["col.topic"], w["col.count"]), rows)
        else:
            pdf.paragraph(w["none"])
    pdf.heading(w["repeated"].format(n=REPEATED_MIN_PEOPLE), 11)
    if report.repeated_questions:
        pdf.grid((w["col.question"], w["col.count"]), [(q, str(n)) for q, n in report.repeated_questions])
    else:
        pdf.paragraph(w["none"])
    return bytes(pdf.output())
