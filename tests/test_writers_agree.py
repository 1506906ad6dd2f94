"""The two renderers of a workbook plan (openpyxl, xlsxwriter) write the same workbook."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from kundenwert.book.result_book import result_plan
from kundenwert.cells.customer_table import read_customer_table
from kundenwert.method.portfolio import score_portfolio
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from kundenwert.xlsx import openpyxl_renderer, xlsxwriter_renderer


@pytest.mark.parametrize("bulk_rows", [1_000_000, 1], ids=["xlsxwriter-cells", "bulk-xml"])
def test_both_writers_give_the_same_cells_tables_and_charts(
    tmp_path: Path, bulk_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # bulk_rows=1 sends every table through the bulk XML path of the fast writer
    monkeypatch.setattr(xlsxwriter_renderer, "BULK_ROWS", bulk_rows)
    rows = to_input_rows(generate_portfolio(60, seed=9))
    read = read_customer_table(rows, "Kunden")
    plan = result_plan(score_portfolio(read.frame), read.raw, read.problems, read.mapping)
    a = openpyxl.load_workbook(openpyxl_renderer.write_plan(plan, tmp_path / "a.xlsx"))
    b = openpyxl.load_workbook(xlsxwriter_renderer.write_plan(plan, tmp_path / "b.xlsx"))
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        wa, wb = a[name], b[name]
        # openpyxl stores 16 significant digits, the xlsxwriter renderer the exact double
        assert list(wa.iter_rows(values_only=True)) == [
            tuple(pytest.approx(v, rel=1e-15) if isinstance(v, float) else v for v in row)
            for row in wb.iter_rows(values_only=True)
        ], name
        assert {t: wa.tables[t].ref for t in wa.tables} == {t: wb.tables[t].ref for t in wb.tables}
        assert wa.freeze_panes == wb.freeze_panes, name
        assert wa.conditional_formatting.__len__() == wb.conditional_formatting.__len__(), name
        assert len(wa.data_validations.dataValidation) == len(wb.data_validations.dataValidation)
    scoring = b["Bewertung"]
    assert scoring["F2"].number_format == "0.0" and scoring["E2"].number_format == '#,##0 "€"'
