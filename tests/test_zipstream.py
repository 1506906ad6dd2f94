"""Zip entries deflated on a second thread hold exactly the text written, in order."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kundenwert.book.plan import Plan, Sheet, Table
from kundenwert.xlsx import xlsxwriter_renderer, zipstream


def test_streamed_entries_hold_the_text_in_the_order_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zipstream, "PIECE_CHARS", 1000)  # many pieces, several waiting
    monkeypatch.setattr(zipstream, "PENDING", 2)
    first = tmp_path / "first.txt"
    first.write_text("erst")
    lines = [f"Zeile {i} äöü €\n" for i in range(20_000)]
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        with zipstream.ZipStream(z) as stream:
            stream.add_file(str(first), "first.txt")
            entry = stream.text("big.xml")
            for line in lines:
                entry.write(line)
            entry.close()
            stream.text("empty.xml").close()
    with zipfile.ZipFile(path) as z:
        assert z.namelist() == ["first.txt", "big.xml", "empty.xml"]
        assert z.read("big.xml").decode("utf-8") == "".join(lines)
        assert z.read("empty.xml") == b"" and z.read("first.txt") == b"erst"
        assert z.getinfo("big.xml").date_time == zipstream.TIMESTAMP
    assert not first.exists()  # the temporary file is consumed like xlsxwriter's own


def test_a_failure_on_the_compressing_thread_reaches_the_writer(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as z:
        with pytest.raises(FileNotFoundError):
            with zipstream.ZipStream(z) as stream:
                stream.add_file(str(tmp_path / "missing.txt"), "missing.txt")


def test_the_workbook_keeps_its_content_types_first(tmp_path: Path) -> None:
    # tools recognise an .xlsx by its first entry; the streamed sheets follow the relations
    plan = Plan([Sheet("Daten", [Table("A1", ["x"], [[float(i)] for i in range(2000)])])])
    with zipfile.ZipFile(xlsxwriter_renderer.write_plan(plan, tmp_path / "a.xlsx")) as z:
        names = z.namelist()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert names[:4] == [
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/_rels/workbook.xml.rels",
        "xl/worksheets/sheet1.xml",
    ]
    assert '<c r="A2001"><v>1999.0</v></c>' in sheet and sheet.endswith("</worksheet>")
