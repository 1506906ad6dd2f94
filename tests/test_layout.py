"""Every sheet reads well on screen and on paper: the written files, read back with openpyxl
(a reader this project did not write), carry the wrap, widths, alignment, print setup, footers,
drop-downs and input marks the plans ask for; LibreOffice recalculates the lookups and checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from kundenwert.book.result_book import result_plan
from kundenwert.book.style import INPUT_FILL, WARN_FILL
from kundenwert.cells.columns import INPUT_COLUMNS
from kundenwert.errors import Problem
from kundenwert.method.config import Config
from kundenwert.method.portfolio import score_portfolio
from kundenwert.teams.workflow import split
from kundenwert.templates.master import LIVE_ROWS, template_plan
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from kundenwert.xlsx import openpyxl_renderer, xlsxwriter_renderer
from tests import libreoffice as lo
from tests.conftest import needs_libreoffice

DAY = dt.date(2025, 12, 31)
LONG_NAME = "Gebrüder Mustermann Präzisionswerkzeuge und Maschinenbau GmbH & Co. KG"  # 69
RENDERERS: dict[str, Callable[..., Path]] = {
    "xlsxwriter": xlsxwriter_renderer.write_plan,
    "openpyxl": openpyxl_renderer.write_plan,
}


def _frame() -> pd.DataFrame:
    """Three customers with ids that look like numbers (stored as text), one long name."""
    return pd.DataFrame(
        {
            "kunden_nr": ["10011", "10012", "10013"],
            "name": ["Alpha KG", LONG_NAME, "Gamma AG"],
            "region": ["Nord", "Süd", "Nord"],
            "betreuer": ["A. Huber", "B. Vogel", "A. Huber"],
            "umsatz": [1000.0, 5000.0, 3000.0],
            "potenzial": [4000.0, 6000.0, 9000.0],
            "image": [2.0, 4.0, 5.0],
        }
    )


def _result_book(tmp_path: Path, renderer: str = "xlsxwriter") -> Path:
    result = score_portfolio(_frame(), Config(stichtag=DAY))
    # findings out of row order, as the readers collect them (one kind after another)
    problems = [
        Problem("Kunden", row, "Umsatz", "x", "Zahl", "value_ignored") for row in (16, 12, 18)
    ] + [Problem("Kunden", row, "Image", "y", "1 bis 5", "value_ignored") for row in (14, 11)]
    plan = result_plan(result, [], problems)
    return RENDERERS[renderer](plan, tmp_path / f"ergebnis_{renderer}.xlsx")


def _footer(ws: Worksheet) -> tuple[str | None, str | None, str | None]:
    f = ws.oddFooter
    return f.left.text, f.center.text, f.right.text


def _title_rows(ws: Worksheet) -> str | None:
    return ws.print_title_rows.replace("$", "") if ws.print_title_rows else None


@pytest.mark.parametrize("renderer", list(RENDERERS))
def test_result_sheets_wrap_fit_and_print(tmp_path: Path, renderer: str) -> None:
    wb = openpyxl.load_workbook(_result_book(tmp_path, renderer))
    for ws in wb.worksheets:
        # sheet name, page number and the run's reference date on every printed page
        assert _footer(ws) == ("&A", "Seite &P von &N", "Stichtag 31.12.2025"), ws.title
        assert ws.page_setup.paperSize in (9, "9"), ws.title  # A4
    scoring = wb["Bewertung"]
    assert all(c.alignment.wrap_text for c in scoring[1]), "every header cell wraps"
    assert scoring.page_setup.orientation == "landscape"
    assert scoring.sheet_properties.pageSetUpPr.fitToPage
    assert int(scoring.page_setup.fitToHeight) == 0  # as many pages tall as the rows need
    assert _title_rows(scoring) == "1:1"
    assert scoring.print_title_cols.replace("$", "") == "A:B"
    # the name column grows to 40 characters, then its longer texts wrap, aligned to the top
    assert scoring.column_dimensions["B"].width == pytest.approx(40, abs=1)  # xlsxwriter pads
    long_cell = next(c for c in scoring["B"] if c.value == LONG_NAME)
    assert long_cell.alignment.wrap_text and long_cell.alignment.vertical == "top"
    # 69 characters in a 40-wide column take two lines: the row is twice as high (2 × 15 pt)
    assert scoring.row_dimensions[long_cell.row].height >= 30
    assert scoring.row_dimensions[long_cell.row + 1].height is None  # short names: default
    assert all(c.alignment.vertical == "top" for c in scoring[long_cell.row] if c.value is not None)
    # small sheets print on one page each
    for name in ("Matrix", "Wachstumstabelle", "Kundenauskunft", "Konfiguration"):
        ws = wb[name]
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        fit = (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight)
        assert tuple(int(x or 1) for x in fit) == (1, 1), name  # absent means 1
    growth = wb["Wachstumstabelle"]
    assert growth.page_setup.orientation == "landscape"
    assert all(c.alignment.wrap_text for c in growth[3] if c.value)
    for row in growth.iter_rows(min_row=4, max_row=7):
        # segment name and plan texts start level at the top of their row
        assert {c.alignment.vertical for c in row if c.value is not None} == {"top"}
    # no header text is cut: each header's longest word fits its column
    for ws, header_row in ((growth, 3), (scoring, 1)):
        for c in ws[header_row]:
            if c.value:
                longest = max(len(w) for w in str(c.value).replace("-", "- ").split())
                assert ws.column_dimensions[c.column_letter].width >= longest, c.value


@pytest.mark.parametrize("renderer", list(RENDERERS))
def test_check_log_in_row_order_lookup_marked(tmp_path: Path, renderer: str) -> None:
    wb = openpyxl.load_workbook(_result_book(tmp_path, renderer))
    log = wb["Prüfprotokoll"]
    assert [c.value for c in log[4]][:2] == ["Blatt", "Zeile"]
    rows = [c.value for c in log["B"][4:]]
    # whole-column findings (no row) first, then the cells in row order, whatever their kind
    assert [r for r in rows if isinstance(r, int)] == [11, 12, 14, 16, 18]
    assert all(r is None for r in rows[: rows.index(11)])
    assert _title_rows(log) == "4:4"
    lookup = wb["Kundenauskunft"]
    assert lookup["B3"].fill.fgColor.rgb.endswith(INPUT_FILL)
    (dv,) = lookup.data_validations.dataValidation
    assert dv.type == "list" and str(dv.sqref) == "B3"
    assert dv.formula1 == "'Bewertung'!$A$2:$A$4"  # the three customer ids
    assert not dv.showErrorMessage  # a number typed by hand is allowed (and found)


@pytest.mark.parametrize("renderer", list(RENDERERS))
def test_configuration_in_words_with_lists_and_totals(tmp_path: Path, renderer: str) -> None:
    wb = openpyxl.load_workbook(_result_book(tmp_path, renderer))
    ws = wb["Konfiguration"]
    cells = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for key in ("schwelle_ist_methode", "schwelle_potenzial_wert", "rang", "minmax", "top"):
        assert key not in cells, key
    assert {"Schwelle Ist-Score: Methode", "Median", "Rang", "Ist", "Potenzial"} <= cells
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    n = len(Config().factors)
    assert lists[f"C5:C{4 + n}"] == '"Ist,Potenzial"'
    assert lists[f"E5:E{4 + n}"] == '"hoch,niedrig"'
    assert lists[f"F5:F{4 + n}"] == '"Rang,Min-Max,Skala,Schwellen"'
    assert '"Median,Mittelwert,fest,Quantil"' in lists.values()
    assert [ws["K4"].value, ws["K5"].value, ws["K6"].value] == [
        "Summe Gewichte",
        "Ist-Score",
        "Potenzial-Score",
    ]
    rules = [r for cf in ws.conditional_formatting for r in cf.rules if r.operator == "notEqual"]
    assert len(rules) == 1 and [float(x) for x in rules[0].formula] == [100.0]
    assert rules[0].dxf.fill.bgColor.rgb.endswith(WARN_FILL)


@pytest.mark.libreoffice
@needs_libreoffice
def test_lookup_finds_typed_numbers_and_weight_totals_follow_edits(tmp_path: Path) -> None:
    path = _result_book(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Kundenauskunft"]["B3"] = 10013  # typed as a number; the id is stored as text
    ws = wb["Konfiguration"]
    assert (ws["A5"].value, ws["D5"].value) == ("Umsatz", 30)
    ws["D5"] = 20  # the current-value weights now add up to 90
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    got = openpyxl.load_workbook(lo.recalculate(edited, tmp_path / "lo"), data_only=True)
    lookup = got["Kundenauskunft"]
    assert (lookup["A6"].value, lookup["B6"].value) == ("Name", "Gamma AG")
    # 20 + 30 + 15 + 10 + 15 and 35 + 15 + 10 + 5 + 5 + 10 + 20, by hand from Config()
    assert got["Konfiguration"]["L5"].value == pytest.approx(90.0)
    assert got["Konfiguration"]["L6"].value == pytest.approx(100.0)
    # typed as text, the same cell finds the customer too
    wb["Kundenauskunft"]["B3"] = "10012"
    wb.save(edited)
    got = openpyxl.load_workbook(lo.recalculate(edited, tmp_path / "lo2"), data_only=True)
    assert got["Kundenauskunft"]["B6"].value == LONG_NAME


@pytest.mark.parametrize("renderer", list(RENDERERS))
def test_template_opens_input_for_pasting_and_names_one_font(tmp_path: Path, renderer: str) -> None:
    wb = openpyxl.load_workbook(RENDERERS[renderer](template_plan(), tmp_path / "vorlage.xlsx"))
    customers = wb["Kunden"]
    assert customers.protection.sheet
    n_inputs = len(INPUT_COLUMNS)
    for c in customers[2][:n_inputs]:  # every ERP and rating column, pasted into or typed
        assert not c.protection.locked, c.column_letter
        assert c.fill.fgColor.rgb.endswith(INPUT_FILL), c.column_letter
    for c in customers[2][n_inputs:]:  # the formulas stay protected and unshaded
        assert c.protection.locked and c.data_type == "f", c.column_letter
        assert not c.fill.fgColor.rgb.endswith(INPUT_FILL)
    assert wb["Hilfswerte"].sheet_state == "hidden"
    assert _title_rows(customers) == "1:1"
    # the instructions explain the input colour with a cell of that colour
    guide = wb["Anleitung"]
    legend = next(c for c in guide["A"] if c.value and "Gelb hinterlegte Zellen" in str(c.value))
    assert legend.fill.fgColor.rgb.endswith(INPUT_FILL)
    assert all(c.alignment.wrap_text for c in guide["A"][1:6] if c.value)
    # a font without a name renders as serif elsewhere: every written cell names one family
    for ws in wb.worksheets:
        if ws.title == "Hilfswerte":
            continue
        for row in ws.iter_rows(max_row=6):
            for c in row:
                if c.value is not None:
                    assert c.font.name == "Calibri", (ws.title, c.coordinate)


@pytest.mark.libreoffice
@needs_libreoffice
def test_empty_template_shows_no_errors_and_warns_beyond_its_rows(tmp_path: Path) -> None:
    path = openpyxl_renderer.write_plan(template_plan(), tmp_path / "vorlage.xlsx")
    got = openpyxl.load_workbook(lo.recalculate(path, tmp_path / "lo"), data_only=True)
    errors = [
        (c.coordinate, c.value)
        for row in got["Hilfswerte"].iter_rows(max_row=30)
        for c in row
        if isinstance(c.value, str) and c.value.startswith("#")
    ]
    assert errors == []
    # no threshold while nobody is scored: both lines' points are #N/A, so no line is drawn
    matrix = got["Matrix"]
    last = LIVE_ROWS + 1
    points = [
        [matrix.cell(row=r, column=c).value for c in (24, 29, 30)]
        for r in range(last + 1, last + 5)
    ]
    assert all(v == "#N/A" for row in points for v in row), points
    check = [c.value for c in got["Anleitung"]["A"] if c.value and "belegt" in str(c.value)]
    assert check == [f"In Ordnung: belegt 0 / {LIVE_ROWS}"]
    # one customer typed below the last formula row is reported
    wb = openpyxl.load_workbook(path)
    wb["Kunden"].cell(row=LIVE_ROWS + 2, column=1, value="K99999")
    wb.save(tmp_path / "zu_viele.xlsx")
    got = openpyxl.load_workbook(
        lo.recalculate(tmp_path / "zu_viele.xlsx", tmp_path / "lo2"), data_only=True
    )
    warning = [c.value for c in got["Anleitung"]["A"] if c.value and "ACHTUNG" in str(c.value)]
    assert warning == ["ACHTUNG: nicht berechnete Zeilen unterhalb der Formeln: 1"]


def test_team_workbook_marks_and_explains_its_input_cells(tmp_path: Path) -> None:
    master = tmp_path / "stamm.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kunden"
    for r in to_input_rows(generate_portfolio(12, seed=5)):
        sheet.append(r)
    book.save(master)
    team = split(master, "region", tmp_path / "teams")[0]
    wb = openpyxl.load_workbook(team)
    assert wb.sheetnames[0] == "Anleitung"
    legend = next(c for c in wb["Anleitung"]["A"] if "Gelb hinterlegte" in str(c.value))
    assert legend.fill.fgColor.rgb.endswith(INPUT_FILL)
    customers = wb["Kunden"]
    for col, c in zip(INPUT_COLUMNS, customers[2], strict=False):
        # the team's own estimates are open and yellow; the ERP figures stay as the master has them
        assert c.protection.locked is not col.team_owned, col.key
        assert c.fill.fgColor.rgb.endswith(INPUT_FILL) is col.team_owned, col.key
