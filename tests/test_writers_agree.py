"""The two renderers of a workbook plan (openpyxl, xlsxwriter) write the same workbook."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest

from kundenwert.book.result_book import result_plan
from kundenwert.cells.customer_table import read_customer_table
from kundenwert.method.portfolio import score_portfolio
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from kundenwert.xlsx import openpyxl_renderer, xlsxwriter_renderer

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _charts(path: Path) -> list[list[tuple[str, str, str, str | None]]]:
    """Every chart's series read from the chart XML itself: (name, x range, y range, marker
    colour), so both writers are compared on what Excel would draw."""
    out = []
    with zipfile.ZipFile(path) as z:
        for part in sorted(n for n in z.namelist() if n.startswith("xl/charts/chart")):
            root = ElementTree.fromstring(z.read(part))
            series = []
            for ser in root.iter(f"{C}ser"):
                name = (
                    "".join(t.text or "" for t in ser.iter(f"{C}v"))
                    if ser.find(f"{C}tx") is not None
                    else ""
                )
                tx = ser.find(f"{C}tx")
                name = "".join(
                    (t.text or "")
                    for t in (tx.iter() if tx is not None else [])
                    if t.tag in (f"{C}v", f"{C}f")
                )
                x = ser.find(f"{C}xVal/{C}numRef/{C}f")
                y = ser.find(f"{C}yVal/{C}numRef/{C}f")
                colour = ser.find(f"{C}marker/{C}spPr/{A}solidFill/{A}srgbClr")
                series.append(
                    (
                        name,
                        (x.text or "").replace("$", "") if x is not None else "",
                        (y.text or "").replace("$", "") if y is not None else "",
                        colour.get("val", "").upper() if colour is not None else None,
                    )
                )
            out.append(series)
    return out


def _conditional_formats(ws: Any) -> list[tuple[str, str, str, tuple[str, ...], str]]:
    rules = []
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            # a differential fill may carry its colour as fore- or background (Excel itself
            # writes bgColor, openpyxl fgColor): the one that is not the default black counts
            fill = ""
            if rule.dxf and rule.dxf.fill is not None:
                colours = (rule.dxf.fill.fgColor.rgb, rule.dxf.fill.bgColor.rgb)
                fill = next((str(c) for c in colours if str(c)[-6:] != "000000"), "")
            rules.append(
                (
                    str(cf.sqref),
                    str(rule.type),
                    str(rule.operator),
                    tuple(str(f).strip('"') for f in rule.formula or ()),
                    str(fill)[-6:],
                )
            )
    return sorted(rules)


def _validations(ws: Any) -> list[tuple[str, str, str, str]]:
    return sorted(
        (str(v.sqref), str(v.type), str(v.formula1), str(v.formula2))
        for v in ws.data_validations.dataValidation
    )


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
        assert _conditional_formats(wa) == _conditional_formats(wb), name
        assert _validations(wa) == _validations(wb), name
    assert _charts(tmp_path / "a.xlsx") == _charts(tmp_path / "b.xlsx")
    assert len(_charts(tmp_path / "a.xlsx")) == 1  # the matrix
    scoring = b["Bewertung"]
    assert scoring["F2"].number_format == "0.0" and scoring["E2"].number_format == '#,##0 "€"'
