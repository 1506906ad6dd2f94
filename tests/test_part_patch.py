"""Patching workbook parts: cells set in place (styles kept, rows and cells inserted in order),
sheets added and renamed, the calculation chain dropped; read back by openpyxl and calamine,
two readers that did not write the file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from kundenwert.xlsx.part_patch import NewSheet, Package, PatchError, set_cells


def _book(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True, "num_format": "0.00"})
    ws = book.add_worksheet("Kunden & Co")
    ws.write_row(0, 0, ["Nr", "Wert", "Text"])
    ws.write_row(1, 0, ["K1", 1.5, "alt"], bold)
    ws.write_row(3, 0, ["K3", 3.0])
    ws.write_formula(4, 1, "=B2*2", None, 3.0)
    book.add_worksheet("Andere").write(0, 0, "bleibt")
    book.close()
    return path


def test_cells_are_set_in_place_and_everything_else_stays(tmp_path: Path) -> None:
    src = _book(tmp_path / "a.xlsx")
    pkg = Package(src)
    pkg.set_cells(
        "Kunden & Co",
        {
            (2, 2): 7.25,  # an existing styled cell
            (2, 5): "neu <&>",  # a new cell at the end of a row
            (3, 2): 4,  # a row that does not exist yet, between rows 2 and 4
            (4, 1): None,  # a cell emptied
            (10, 3): " mit Rand ",  # a new row at the end
        },
    )
    out = pkg.save(tmp_path / "b.xlsx")
    ws = openpyxl.load_workbook(out)["Kunden & Co"]
    assert ws["B2"].value == 7.25 and ws["B2"].font.b and ws["B2"].number_format == "0.00"
    assert ws["E2"].value == "neu <&>" and ws["B3"].value == 4 and ws["A4"].value is None
    assert ws["C10"].value == " mit Rand " and ws["B5"].value == "=B2*2"
    assert ws["A2"].value == "K1" and ws["C2"].value == "alt" and ws["B4"].value == 3
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Kunden & Co").to_python()
    assert rows[1][:5] == ["K1", 7.25, "alt", "", "neu <&>"]
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        for name in a.namelist():
            if name not in ("xl/worksheets/sheet1.xml", "xl/workbook.xml"):
                assert a.read(name) == b.read(name), name
        assert 'fullCalcOnLoad="1"' in b.read("xl/workbook.xml").decode()


def test_sheets_are_added_and_renamed(tmp_path: Path) -> None:
    pkg = Package(_book(tmp_path / "a.xlsx"))
    pkg.rename_sheet("Andere", "Andere 1")
    pkg.add_sheet(NewSheet("Bericht <1>", [["Titel"], [None], ["a", 1.5, None, "b"]], {1: 30}))
    pkg.add_sheet(NewSheet("_versteckt", [["x"]], hidden=True, protect=True))
    out = pkg.save(tmp_path / "b.xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Kunden & Co", "Andere 1", "Bericht <1>", "_versteckt"]
    ws = book["Bericht <1>"]
    assert [c.value for c in ws[3]] == ["a", 1.5, None, "b"]
    assert ws.column_dimensions["A"].width == 30
    assert book["_versteckt"].sheet_state == "hidden" and book["_versteckt"].protection.sheet
    assert CalamineWorkbook.from_path(str(out)).sheet_names == book.sheetnames


def test_the_calculation_chain_goes_when_cells_change(tmp_path: Path) -> None:
    src = _book(tmp_path / "a.xlsx")
    chained = tmp_path / "kette.xlsx"
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(chained, "w") as b:
        for item in a.infolist():
            data = a.read(item)
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
                    b"</Relationships>",
                )
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/calcChain.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>',
                )
            b.writestr(item, data)
        b.writestr("xl/calcChain.xml", b'<calcChain xmlns="x"><c r="B5" i="1"/></calcChain>')
    pkg = Package(chained)
    pkg.set_cells("Kunden & Co", {(5, 2): 1.0})  # the formula cell typed over
    out = pkg.save(tmp_path / "b.xlsx")
    with zipfile.ZipFile(out) as z:
        assert "xl/calcChain.xml" not in z.namelist()
        assert b"calcChain" not in z.read("xl/_rels/workbook.xml.rels")
        assert b"calcChain" not in z.read("[Content_Types].xml")
    assert openpyxl.load_workbook(out)["Kunden & Co"]["B5"].value == 1.0


def test_a_shared_formula_is_not_torn_apart() -> None:
    sheet = (
        '<worksheet><sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1</f>'
        "<v>1</v></c></row></sheetData></worksheet>"
    )
    with pytest.raises(PatchError) as info:
        set_cells(sheet, {(1, 1): 5.0})
    assert (info.value.message, info.value.args_) == ("err.patch.geteilte_formel", {"ref": "A1"})
