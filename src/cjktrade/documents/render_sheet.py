"""A tiny box layout on fpdf2: rows of labelled boxes that grow with their text, flowing over pages.

The font is passed in (``FontFile``): the engine reads only the file it is given. fpdf2 embeds the
subset of glyphs used, so a PDF stays small even from a 20 MB Noto CJK collection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, WrapMode, XPos, YPos

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 210.0, 297.0, 12.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
PAD = 1.2
LABEL_SIZE, BODY_SIZE = 6.5, 8.5
PT_TO_MM = 0.3528


@dataclass(frozen=True)
class FontFile:
    """A TrueType/OpenType font (or collection, with the ``face`` index) that covers the text."""

    path: str
    face: int = 0


@dataclass(frozen=True)
class Cell:
    width: float
    label: str
    body: str = ""


def _line_height(size: float) -> float:
    return size * PT_TO_MM * 1.3


class Sheet:
    def __init__(self, font: FontFile, *, title: str, language: str, created: datetime) -> None:
        pdf = FPDF(format="A4", unit="mm")
        pdf.set_auto_page_break(False)
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.add_font("doc", "", font.path, collection_font_number=font.face)
        pdf.set_title(title)
        pdf.set_creator("cjktrade")
        pdf.set_lang(language)
        pdf.set_creation_date(created)
        pdf.add_page()
        self.pdf = pdf
        self.y = MARGIN
        # Word wrap breaks Latin text at spaces and CJK text between characters when a run is too long.
        self.wrap = WrapMode.WORD

    def _height(self, width: float, text: str, size: float) -> float:
        if not text:
            return 0.0
        self.pdf.set_font("doc", size=size)
        height = self.pdf.multi_cell(
            width - 2 * PAD,
            _line_height(size),
            text,
            dry_run=True,
            output=MethodReturnValue.HEIGHT,
            wrapmode=self.wrap,
        )
        assert isinstance(height, float | int)
        return float(height)

    def _cell_height(self, cell: Cell) -> float:
        label = self._height(cell.width, cell.label, LABEL_SIZE)
        body = self._height(cell.width, cell.body, BODY_SIZE)
        return PAD + label + (0.6 if cell.body else 0.0) + body + PAD

    def _room(self, height: float) -> None:
        if self.y + height > PAGE_HEIGHT - MARGIN:
            self.pdf.add_page()
            self.y = MARGIN

    def _write(
        self, x: float, y: float, width: float, text: str, size: float, gray: int = 0, align: Align = Align.L
    ) -> float:
        self.pdf.set_font("doc", size=size)
        self.pdf.set_text_color(gray)
        self.pdf.set_xy(x + PAD, y)
        self.pdf.multi_cell(
            width - 2 * PAD, _line_height(size), text, align=align, wrapmode=self.wrap,
            new_x=XPos.LEFT, new_y=YPos.NEXT,
        )  # fmt: skip
        return self.pdf.get_y()

    def row(self, cells: Sequence[Cell], *, min_height: float = 0.0) -> None:
        height = max([min_height, *(self._cell_height(c) for c in cells)])
        self._room(height)
        x = MARGIN
        for cell in cells:
            self.pdf.set_draw_color(0)
            self.pdf.rect(x, self.y, cell.width, height)
            top = self.y + PAD
            if cell.label:
                top = self._write(x, top, cell.width, cell.label, LABEL_SIZE, gray=90) + 0.6
            if cell.body:
                self._write(x, top, cell.width, cell.body, BODY_SIZE)
            x += cell.width
        self.y += height

    def heading(self, lines: Sequence[tuple[str, float]]) -> None:
        """Centred lines of (text, size): the document's title block."""
        height = sum(self._height(CONTENT_WIDTH, t, s) for t, s in lines) + 2 * PAD
        self._room(height)
        y = self.y + PAD
        for text, size in lines:
            y = self._write(MARGIN, y, CONTENT_WIDTH, text, size, align=Align.C)
        self.y += height + 1.5

    def note(self, text: str, size: float = 6.5) -> None:
        height = self._height(CONTENT_WIDTH, text, size) + PAD
        self._room(height)
        self._write(MARGIN, self.y + 0.5, CONTENT_WIDTH, text, size, gray=70)
        self.y += height

    def panel_with_image(self, label: str, body: str, image: Any, size: float = 52.0) -> None:
        """A box of text beside a square image (the QR code), kept together on one page."""
        text_width = CONTENT_WIDTH - size
        height = max(size, self._cell_height(Cell(text_width, label, body)))
        self._room(height)
        self.pdf.rect(MARGIN, self.y, CONTENT_WIDTH, height)
        bottom = self._write(MARGIN, self.y + PAD, text_width, label, LABEL_SIZE + 1, gray=0)
        self._write(MARGIN, bottom + 0.6, text_width, body, LABEL_SIZE)
        self.pdf.image(
            image, x=MARGIN + text_width + 1, y=self.y + (height - size) / 2 + 1, w=size - 2, h=size - 2
        )
        self.y += height

    def output(self) -> bytes:
        return bytes(self.pdf.output())
