"""The monthly report as a PDF (fpdf2, pure Python): the summary, every chart with its table,
the topics. The charts are the same layout as the web page's SVG (`statistics_charts.layout`),
drawn with the same patterns, so they read in black and white. No personal data.

The text is set in DejaVu Sans (regular and bold, vendored in `core/data/fonts/` with its
licence; fpdf2 embeds only the glyphs used), so German, Turkish and Polish names, "€", "–" and
„quotes“ come out as written. A character the font has no glyph for (most emoji) is shown as
"□"; variation selectors and joiners are dropped. Tables wrap long texts and repeat their
header on a new page; a chart starts on a new page with its heading when it would be cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from fpdf import FPDF
from fpdf.fonts import FontFace, TTFFont

from core.statistics import REPEATED_MIN_PEOPLE, MonthReport
from core.statistics_charts import FILLS, HEIGHT, INK, WIDTH, Chart, box_width, layout
from core.statistics_texts import ChartTable, charts, month_name, summary, topic_rows, words

__all__ = ["FONT_FILES", "report_pdf", "shown"]

PAGE_W = 180.0  # mm inside the margins of A4
SCALE = PAGE_W / WIDTH
FONT = "DejaVu"
FONT_DIR = Path(__file__).resolve().parent / "data" / "fonts"
FONT_FILES = {"": FONT_DIR / "DejaVuSans.ttf", "B": FONT_DIR / "DejaVuSans-Bold.ttf"}
"""The embedded fonts by style (DejaVu Sans 2.37, Bitstream Vera licence: FONT_DIR / 'LICENSE')."""
MISSING = "□"
"""Shown for a character the font has no glyph for."""
DROPPED = dict.fromkeys([0x200D, 0xFE0E, 0xFE0F])
"""Zero-width joiner and variation selectors: they only change how an emoji before them looks."""
ROW = 5.5  # mm per table line


def _kept(rows: Sequence[object]) -> float:
    """The height of a table kept on one page: all of a short one, the header and two rows else."""
    return (len(rows) + 1) * ROW + 1 if len(rows) < 12 else 3 * ROW


@cache
def _glyphs() -> frozenset[int]:
    """The code points both fonts have a glyph for (read once, by fpdf2's own font parser)."""
    probe = FPDF()
    try:
        for style, path in FONT_FILES.items():
            probe.add_font(FONT, style, str(path))
        maps = [set(font.cmap) for font in probe.fonts.values() if isinstance(font, TTFFont)]
        return frozenset(set.intersection(*maps))
    finally:
        _close_fonts(probe)


def _close_fonts(pdf: FPDF) -> None:
    """Close the font files fpdf2 keeps open (fontTools reads them lazily)."""
    for font in pdf.fonts.values():
        if isinstance(font, TTFFont):
            font.ttfont.close()


def shown(text: str) -> str:
    """The text as the PDF can show it: characters without a glyph become MISSING."""
    glyphs = _glyphs()
    cleaned = text.translate(DROPPED)
    return "".join(ch if ord(ch) in glyphs or ch in "\n\t" else MISSING for ch in cleaned)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class _Report(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=15)
        self.set_title(shown(title))
        self.set_creator("Bürgermobil-Bot")
        for style, path in FONT_FILES.items():
            self.add_font(FONT, style, str(path))

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 5, f"{self.page_no()}", align="C")

    def room(self) -> float:
        """Height left on this page above the bottom margin."""
        return self.h - self.b_margin - self.get_y()

    def keep(self, height: float) -> None:
        """Start a new page unless `height` fits on this one (never for more than a page)."""
        if height > self.room() and self.get_y() > self.t_margin + 1:
            self.add_page()

    def heading(self, text: str, size: float = 13, then: float = 3 * ROW) -> None:
        """A bold heading, kept on one page with the first `then` mm of what follows it."""
        self.keep(size * 0.5 + 1 + then)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, shown(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: str) -> None:
        self.set_font(FONT, size=10)
        self.multi_cell(0, 5, shown(text), new_x="LMARGIN", new_y="NEXT")

    def grid(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """A table over the page's width; long cells wrap, the header repeats on a new page."""
        first = 90.0 if len(headers) == 2 else 45.0
        others = (PAGE_W - first) / max(len(headers) - 1, 1)
        widths = (first, *[others] * (len(headers) - 1))
        self.keep(_kept(rows))
        self.set_font(FONT, size=9)
        self.set_fill_color(255, 255, 255)  # a chart before leaves its last fill and line colour
        self.set_draw_color(*_rgb(INK))
        self.set_text_color(*_rgb(INK))
        with self.table(
            width=PAGE_W,
            col_widths=widths,
            text_align=("LEFT", *["RIGHT"] * (len(headers) - 1)),
            line_height=ROW - 1,
            padding=(0.5, 1.2),
            headings_style=FontFace(emphasis="BOLD"),
            cell_fill_mode="NONE",
            repeat_headings=1,
        ) as table:
            for cells in [headers, *rows]:
                line = table.row()
                for cell in cells:
                    line.cell(shown(cell))
        self.ln(3)

    def chart(self, chart: Chart) -> None:
        self.keep(HEIGHT * SCALE + 2)
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
            self.set_font(FONT, size=size)
            text = shown(label.text)
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
    """A chart's heading, the chart and its table: on one page when the table is short."""
    pdf.heading(item.chart.title, 11, then=HEIGHT * SCALE + 2 + _kept(item.rows) + 2)
    pdf.chart(item.chart)
    pdf.grid(item.headers, item.rows)


def report_pdf(report: MonthReport, lang: str, tz: ZoneInfo) -> bytes:
    """The report as PDF bytes."""
    w = words(lang)
    title = w["report_title"].format(month=month_name(report.month, lang))
    pdf = _Report(title)
    try:
        _write(pdf, report, w, lang, tz, title)
        return bytes(pdf.output())
    finally:
        _close_fonts(pdf)


def _write(pdf: _Report, report: MonthReport, w: dict[str, str], lang: str, tz: ZoneInfo, title: str) -> None:
    """Every part of the report, in order."""
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
        _listing(pdf, w[key], (w["col.topic"], w["col.count"]), topic_rows(topics, lang), w["none"])
    questions = [(q, str(n)) for q, n in report.repeated_questions]
    heading = w["repeated"].format(n=REPEATED_MIN_PEOPLE)
    _listing(pdf, heading, (w["col.question"], w["col.count"]), questions, w["none"])


def _listing(
    pdf: _Report, heading: str, headers: Sequence[str], rows: Sequence[Sequence[str]], none: str
) -> None:
    """A heading with its table (kept together when short), or with "none"."""
    pdf.heading(heading, 11, then=_kept(rows))
    if rows:
        pdf.grid(headers, rows)
    else:
        pdf.paragraph(none)
