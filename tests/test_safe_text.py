"""Every text of a user's file is written so that the file opens, reads back as the same text
(or as listed in the Prüfprotokoll), and never becomes a link or a formula — in both writers,
on the bulk path (1,000 rows and more) and cell by cell."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from kundenwert.book import plan as p
from kundenwert.cli import main
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from kundenwert.xlsx import openpyxl_renderer, xlsxwriter_renderer
from tests.conftest import needs_libreoffice
from tests.test_ooxml_valid import errors, not_well_formed

#: Customer names (column B) of the first rows, and what a cell holds of each (by hand):
#: U+FFFE/U+FFFF replaced by U+FFFD; NUL and vertical tab kept; 40,000 characters cut to
#: 32,767; 20,000 emoji (two UTF-16 units each) cut to 16,383 (32,766 units); a text that
#: looks like an _xHHHH_ escape kept as it is; formula and link texts kept as text.
NAMES = [
    ("x\ufffey\uffffz", "x\ufffdy\ufffdz"),
    ("n\x00ul", "n\x00ul"),
    ("v\x0bt", "v\x0bt"),
    ("L" * 40_000, "L" * 32_767),
    ("\U0001f600" * 20_000, "\U0001f600" * 16_383),
    ("lit_x0041_", "lit_x0041_"),
    ('=HYPERLINK("http://example.com","klick")', '=HYPERLINK("http://example.com","klick")'),
    ("+1+1", "+1+1"),
    ("@SUM(A1)", "@SUM(A1)"),
    ("#N/A", "#N/A"),
]
#: Extra headers of the input that a writer could make a link or a formula of.
HEADERS = [
    "http://example.com/x",
    "external:C:\\Windows\\System32\\calc.exe",
    "external:\\\\server\\share\\x",
    "mailto:a@example.com",
    "=1+1",
]


def _csv(path: Path, n: int) -> Path:
    """A UTF-8 CSV as an ERP could write it: `n` customers, NAMES first, HEADERS as extra
    columns whose cells hold link and formula texts too."""
    rows = to_input_rows(generate_portfolio(n, seed=3))
    rows[0] += HEADERS
    for i, row in enumerate(rows[1:]):
        row += [f"http://example.com/{i}", "external:\\\\server\\share", "=2+2", "@A1", "-1+1"]
        if i < len(NAMES):
            row[1] = NAMES[i][0]

    def cell(v: object) -> str:
        s = "" if v is None else str(v)
        return '"' + s.replace('"', '""') + '"' if re.search('[;"\n]', s) else s

    path.write_text("\r\n".join(";".join(map(cell, r)) for r in rows), "utf-8", newline="")
    return path


def _links_and_formulas(path: Path, sheet: str) -> tuple[list[str], int]:
    """Hyperlink relationships of the whole file, and the formulas of one sheet's XML."""
    with zipfile.ZipFile(path) as z:
        links = [
            n
            for n in z.namelist()
            if n.endswith(".rels") and b"relationships/hyperlink" in z.read(n)
        ]
        names = openpyxl.load_workbook(path, read_only=True).sheetnames
        xml = z.read(f"xl/worksheets/sheet{names.index(sheet) + 1}.xml")
    return links, xml.count(b"<f>") + xml.count(b"<f ")


@pytest.mark.parametrize("n", [1200, 30], ids=["bulk", "cell-by-cell"])
def test_score_writes_every_text_so_that_it_reads_back(tmp_path: Path, n: int) -> None:
    source = _csv(tmp_path / "kunden.csv", n)
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q"]) == 0
    assert not_well_formed(out) == []
    book = openpyxl.load_workbook(out)  # opens, every sheet read in full
    assert book["Kunden"].max_row == n + 1
    kunden = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Kunden").to_python()
    assert len(kunden) == n + 1
    assert kunden[0][-len(HEADERS) :] == HEADERS
    assert [r[1] for r in kunden[1 : len(NAMES) + 1]] == [held for _, held in NAMES]
    assert kunden[1][-5:] == [
        "http://example.com/0",
        "external:\\\\server\\share",
        "=2+2",
        "@A1",
        "-1+1",
    ]
    # no link anywhere, no formula in the copy of the input
    assert _links_and_formulas(out, "Kunden") == ([], 0)
    assert all(c.hyperlink is None for c in book["Kunden"][1])
    # each change is listed, with the sheet, row and column where it stands
    check = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Prüfprotokoll").to_python()
    listed = {(r[0], int(r[1]), r[2], r[5].split(" ")[0]) for r in check[4:] if r[0] == "Kunden"}
    assert listed == {
        ("Kunden", 2, "B", "Zeichen,"),  # U+FFFE and U+FFFF replaced
        ("Kunden", 5, "B", "Text"),  # 40,000 characters cut
        ("Kunden", 6, "B", "Text"),  # 40,000 UTF-16 units of emoji cut
    }
    cut = next(r for r in check if r[0] == "Kunden" and r[1] == 5)
    assert cut[5].startswith("Text mit 40.000 Zeichen auf die 32.767 Zeichen gekürzt")
    # the Bewertung sheet carries the names too: listed there as well
    assert {(r[0], r[2]) for r in check[4:] if r[0] == "Bewertung"} == {("Bewertung", "B")}


def test_the_small_result_passes_the_validator(tmp_path: Path) -> None:
    source = _csv(tmp_path / "kunden.csv", 30)
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q"]) == 0
    assert errors(out) == []


@needs_libreoffice
def test_libreoffice_reads_every_row_and_text(tmp_path: Path) -> None:
    from tests.libreoffice import convert

    source = _csv(tmp_path / "kunden.csv", 1200)
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q"]) == 0
    again = convert(out, tmp_path / "lo", "xlsx")  # LibreOffice reads it and saves it anew
    kunden = CalamineWorkbook.from_path(str(again)).get_sheet_by_name("Kunden").to_python()
    assert len(kunden) == 1201
    assert [r[1] for r in kunden[1 : len(NAMES) + 1]] == [held for _, held in NAMES]


def _plan() -> p.Plan:
    """A plan as a builder could hand over user texts: in a header, a body and a text line;
    one formula of our own."""
    body = [[name, i] for i, (name, _) in enumerate(NAMES)]
    body.append([p.Formula("=1+1", 2), 99])
    return p.Plan(
        [
            p.Sheet(
                "Blatt",
                [
                    p.Table("A1", ["=1+1", "http://example.com"], body),
                    p.Text("D1", "external:C:\\Windows\\System32\\calc.exe"),
                    p.Text("D2", '=HYPERLINK("http://example.com")'),
                ],
            )
        ]
    )


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
def test_both_writers_write_texts_as_text(tmp_path: Path, writer: str) -> None:
    out = tmp_path / f"{writer}.xlsx"
    render = openpyxl_renderer if writer == "openpyxl" else xlsxwriter_renderer
    render.write_plan(_plan(), out)
    assert not_well_formed(out) == []
    cells = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Blatt").to_python()
    assert cells[0][:2] == ["=1+1", "http://example.com"]
    assert [r[0] for r in cells[1 : len(NAMES) + 1]] == [held for _, held in NAMES]
    assert cells[0][3] == "external:C:\\Windows\\System32\\calc.exe"
    assert cells[1][3] == '=HYPERLINK("http://example.com")'
    ws = openpyxl.load_workbook(out)["Blatt"]
    # one formula, the plan's own; every other text a text
    formulas = [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == [f"A{len(NAMES) + 2}"]
    assert ws[f"A{len(NAMES) + 2}"].value == "=1+1"
    assert ws["A11"].data_type == "s"  # "#N/A" as text, not an error
    assert _links_and_formulas(out, "Blatt") == ([], 1)


def test_live_excel_gets_formula_looking_texts_marked_as_text() -> None:
    """Range.value would enter "=HYPERLINK(…)" as a formula: such texts get Excel's text mark
    (a leading apostrophe, which Excel neither shows nor returns); our formulas do not."""
    from kundenwert.addin.render_xlwings import cell_value

    assert cell_value('=HYPERLINK("http://example.com","klick")') == (
        '\'=HYPERLINK("http://example.com","klick")'
    )
    assert [cell_value(v) for v in ["+1+1", "-1", "@SUM(A1)", "'zitat", "Müller", "a=b"]] == [
        "'+1+1",
        "'-1",
        "'@SUM(A1)",
        "''zitat",
        "Müller",
        "a=b",
    ]
    assert cell_value(p.Formula("=SUM(A1:A3)")) == "=SUM(A1:A3)"
    assert [cell_value(v) for v in [None, 3, -2.5]] == ["", 3, -2.5]
    assert cell_value("x\ufffe" + "L" * 40_000) == "x\ufffd" + "L" * 32_765
