"""Shared fixtures: real .xlsx files built in tmp_path."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.utils.cell import coordinate_to_tuple

from kundenwert.book import plan as p
from kundenwert.method.config import Factor

Rows = Sequence[Sequence[object]]


def write_xlsx(path: Path, sheets: dict[str, Rows]) -> Path:
    """A workbook with the given sheets and cell values (strings starting with '#' and naming
    an Excel error are stored as real error cells)."""
    from kundenwert.cells.values import is_excel_error

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=value)  # type: ignore[arg-type]
                if is_excel_error(value):
                    cell.data_type = "e"
    wb.save(path)
    return path


@pytest.fixture
def xlsx(tmp_path: Path) -> Callable[..., Path]:
    """Factory: xlsx(rows) or xlsx({"Sheet": rows}, name="f.xlsx") -> path of a real file."""

    def make(content: Rows | dict[str, Rows], name: str = "kunden.xlsx") -> Path:
        sheets = content if isinstance(content, dict) else {"Kunden": content}
        return write_xlsx(tmp_path / name, sheets)

    return make


def rating(column: str, score: str, weight: float) -> Factor:
    """A factor on the fixed 1–5 rating scale."""
    return Factor(
        column=column,
        score=score,
        weight=weight,
        method="skala",  # type: ignore[arg-type]
        scale_min=1,
        scale_max=5,
    )


needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="headless LibreOffice (soffice) and pdftoppm are not installed",
)


def planned_cells(sheet: p.Sheet) -> list[list[object]]:
    """A planned sheet's cells as a 2D list from A1, as Excel would hand the range over."""
    cells: dict[tuple[int, int], object] = {}
    for block in sheet.blocks:
        row, col = coordinate_to_tuple(block.anchor)
        if isinstance(block, p.Text):
            cells[(row, col)] = block.text
        elif isinstance(block, p.Table):
            for i, r in enumerate([block.header, *block.rows]):
                for j, v in enumerate(r):
                    cells[(row + i, col + j)] = v
    height, width = max(r for r, _ in cells), max(c for _, c in cells)
    return [[cells.get((r, c)) for c in range(1, width + 1)] for r in range(1, height + 1)]
