"""Shared fixtures: real .xlsx files built in tmp_path."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

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
