"""The Matrix sheet as LibreOffice draws it: four quadrant colours in the picture."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kundenwert.book.style import SEGMENT_COLOURS
from kundenwert.cli import main
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from tests import libreoffice as lo
from tests.conftest import needs_libreoffice

pytestmark = [pytest.mark.libreoffice, needs_libreoffice]


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return (int(hex_colour[0:2], 16), int(hex_colour[2:4], 16), int(hex_colour[4:6], 16))


def test_matrix_page_shows_all_four_quadrant_colours(
    xlsx: Callable[..., Path], tmp_path: Path
) -> None:
    source = xlsx(to_input_rows(generate_portfolio(150, seed=5)))
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q"]) == 0
    pdf = lo.render_pdf(out, tmp_path / "pdf")
    page = lo.page_with_text(pdf, "Vier-Felder-Matrix")
    assert page is not None, "no page of the PDF shows the matrix chart"
    png = lo.render_page(pdf, page, tmp_path / "matrix.png", dpi=100)
    # The chart fills the left part of the page; the count table (same colours) sits right of it.
    chart_area = (0.0, 0.0, 0.5, 0.6)
    for segment, colour in SEGMENT_COLOURS.items():
        assert lo.colour_share(png, _rgb(colour), 12, chart_area) > 0.0005, segment
    # a colour the chart does not use stays absent, so the check can fail
    assert lo.colour_share(png, (255, 0, 0), tolerance=12) < 0.0001
