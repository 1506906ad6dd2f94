"""Cases the faster CSV reader must still read as before: ids that need stripping or repeat next
to each other, a totals label among a few distinct texts, out-of-range figures in a float
column (the parsed column is no longer copied), a header on the first line (read as pandas'
header row) and below a title. Expected values are worked out by hand from the file text; each
file is also read cell by cell, the reference path of tests/test_csv_columns.py."""

from __future__ import annotations

import math
from pathlib import Path

from bench.__main__ import merge_sections
from kundenwert.cells.customer_table import ReadResult
from kundenwert.xlsx.reader import read_customers
from tests.test_csv_columns import _per_cell, _same


def _read(tmp_path: Path, text: str) -> ReadResult:
    path = tmp_path / "kunden.csv"
    path.write_bytes(text.encode("cp1252"))
    fast = read_customers(path)
    _same(fast, _per_cell(path))
    return fast


def _found(read: ReadResult) -> list[tuple[int | None, str | None, object, str, str | None]]:
    """The findings on body rows (below the header): row, column, value, action, message."""
    return [
        (p.row, p.column, p.value, p.action, p.message)
        for p in read.problems
        if p.row and p.row > read.header_row
    ]


def test_ids_with_spaces_are_stripped_and_repeat_once_stripped(tmp_path: Path) -> None:
    # " K1" and "K1" are one customer: line 4 repeats line 2
    read = _read(tmp_path, "Kunden-Nr;Name;Umsatz\n K1;A;10\nK2 ;B;20\nK1;C;30\nK3;D;40\n")
    assert read.frame["kunden_nr"].tolist() == ["K1", "K2", "K3"]
    assert read.frame["excel_row"].tolist() == [2, 3, 5]
    assert read.frame["umsatz"].tolist() == [10.0, 20.0, 40.0]
    # other figures than line 2: a conflict, line 2 kept, this line's values listed
    conflict = ("Umsatz: 30 (10)", "row_skipped", "exp.id.konflikt")
    assert _found(read) == [(4, "Kunden-Nr", *conflict)]
    (repeat,) = [p for p in read.problems if p.message == "exp.id.konflikt"]
    assert dict(repeat.args) == {"row": 2} and repeat.customer_id == "K1"


def test_ids_in_rising_order_with_a_repeat_next_to_it(tmp_path: Path) -> None:
    read = _read(tmp_path, "Kunden-Nr;Umsatz\nK1;1\nK2;2\nK2;3\nK3;4\n")
    assert read.frame["kunden_nr"].tolist() == ["K1", "K2", "K3"]
    assert read.frame["umsatz"].tolist() == [1.0, 2.0, 4.0]
    conflict = ("Umsatz: 3 (2)", "row_skipped", "exp.id.konflikt")
    assert _found(read) == [(4, "Kunden-Nr", *conflict)]


def test_ids_out_of_order_all_distinct_stay_in_file_order(tmp_path: Path) -> None:
    read = _read(tmp_path, "Kunden-Nr;Umsatz\nK3;1\nK1;2\nK2;3\n")
    assert read.frame["kunden_nr"].tolist() == ["K3", "K1", "K2"]
    assert read.frame["excel_row"].tolist() == [2, 3, 4]
    assert _found(read) == []


def test_totals_label_among_few_region_texts_leaves_its_row_out(tmp_path: Path) -> None:
    # line 5 labels a subtotal in the region column (five cells, three distinct texts)
    text = (
        "Kunden-Nr;Region;Umsatz\n"
        "K1;Nord;10\nK2;Süd;20\nK3;Nord;30\nK4;Summe Nord;40\nK5;  Süd ;50\nK6;;60\n"
    )
    read = _read(tmp_path, text)
    assert read.frame["kunden_nr"].tolist() == ["K1", "K2", "K3", "K5", "K6"]
    assert read.frame["excel_row"].tolist() == [2, 3, 4, 6, 7]
    assert read.frame["region"].tolist() == ["Nord", "Süd", "Nord", "Süd", None]
    assert _found(read) == [(5, None, "Summe Nord", "row_skipped", "msg.summenzeile")]


def test_out_of_range_figures_in_float_columns_leave_the_input_cells_as_written(
    tmp_path: Path,
) -> None:
    # Image 7,5 lies above the 1–5 scale, Servicekosten -5,5 below zero: both left out of the
    # scores, both still shown as written in the input cells
    text = "Kunden-Nr;Umsatz;Servicekosten;Image\nK1;10;12,5;2,5\nK2;20;-5,5;7,5\nK3;30;1,5;4\n"
    read = _read(tmp_path, text)
    frame = read.frame
    assert frame["servicekosten"].tolist()[::2] == [12.5, 1.5]
    assert math.isnan(frame["servicekosten"].iloc[1])
    assert frame["image"].tolist()[::2] == [2.5, 4.0]
    assert math.isnan(frame["image"].iloc[1])
    assert _found(read) == [
        (3, "Servicekosten", -5.5, "value_ignored", "exp.betrag"),
        (3, "Image", 7.5, "value_ignored", "exp.rating"),
    ]
    assert list(read.raw[2]) == ["K2", 20, -5.5, 7.5]


def test_header_below_a_title_and_on_the_first_line_read_alike(tmp_path: Path) -> None:
    body = "Kunden-Nr;Umsatz\nK1;1.234,5\nK2;7\n"
    first = _read(tmp_path, body)
    below = _read(tmp_path, "Kundenliste 2025;\n" + body)
    assert first.header_row == 1 and below.header_row == 2
    assert first.frame["excel_row"].tolist() == [2, 3]
    assert below.frame["excel_row"].tolist() == [3, 4]
    for read in (first, below):
        assert read.frame["kunden_nr"].tolist() == ["K1", "K2"]
        assert read.frame["umsatz"].tolist() == [1234.5, 7.0]


def test_one_section_goes_in_place_of_its_own() -> None:
    old = "# Results\n\nintro\n\n## 1. One\n\na\n\n## 6. Six\n\nold six\n\n## 3. Three\n\nc\n"
    new = "# Other intro\n\n## 6. Six\n\nnew six\n"
    assert merge_sections(old, new) == (
        "# Results\n\nintro\n\n## 1. One\n\na\n\n## 6. Six\n\nnew six\n\n## 3. Three\n\nc\n"
    )
    # a renamed section still takes the place of the one with its number; a new one is added
    renamed = "# X\n\n## 6. Six, renamed\n\nsix again\n\n## 7. Seven\n\nseven\n"
    assert merge_sections(old, renamed) == (
        "# Results\n\nintro\n\n## 1. One\n\na\n\n## 6. Six, renamed\n\nsix again\n\n"
        "## 3. Three\n\nc\n\n## 7. Seven\n\nseven\n"
    )


def test_first_body_line_with_more_fields_than_headers_is_left_out(tmp_path: Path) -> None:
    # pandas only warns about the first body line and drops its fourth field (Umsatz 100 would
    # be lost and " Söhne" read as the revenue): it is left out and reported as line 3 is
    text = "Kunden-Nr;Name;Umsatz\nK1;Meier; Söhne;100\nK2;Roth;300\nK3;Lang;50\n"
    read = _read(tmp_path, text)
    assert read.frame["kunden_nr"].tolist() == ["K2", "K3"]
    assert read.frame["umsatz"].tolist() == [300.0, 50.0]
    assert _found(read) == [(2, None, 4, "row_skipped", "msg.text.zu_viele_felder")]
    (note,) = [p for p in read.problems if p.message == "msg.text.zu_viele_felder"]
    assert dict(note.args) == {"fields": 4, "width": 3}


def test_a_trailing_delimiter_on_every_body_line_loses_nothing(tmp_path: Path) -> None:
    read = _read(tmp_path, "Kunden-Nr;Umsatz\nK1;5;\nK2;6;\n")
    assert read.frame["kunden_nr"].tolist() == ["K1", "K2"]
    assert read.frame["umsatz"].tolist() == [5.0, 6.0]
    assert _found(read) == []


def test_a_last_column_without_header_is_reported_not_dropped(tmp_path: Path) -> None:
    # every body line has a third field under no header: the customers stay, and the column
    # says that its three values are not read (pandas alone drops them without a word)
    read = _read(tmp_path, "Kunden-Nr;Umsatz\nK1;5;x\nK2;6;y\nK3;7;z\n")
    assert read.frame["kunden_nr"].tolist() == ["K1", "K2", "K3"]
    assert read.frame["umsatz"].tolist() == [5.0, 6.0, 7.0]
    assert _found(read) == []
    (headerless,) = [p for p in read.problems if p.message == "msg.text.spalte_ohne_kopf"]
    assert (headerless.row, headerless.column, headerless.value) == (1, "C", 3)
    assert headerless.action == "column_ignored"


def test_a_nameless_row_equal_to_the_sum_above_is_a_total_a_named_one_is_not(
    tmp_path: Path,
) -> None:
    # 10 + 20 + 5 = 35: line 5 has no name, so it is the total of the three rows above
    body = "K1;A;10\nK2;B;20\nK3;C;5\nK4;{};35\nK5;E;1\n"
    read = _read(tmp_path, "Kunden-Nr;Name;Umsatz\n" + body.format(""))
    assert read.frame["kunden_nr"].tolist() == ["K1", "K2", "K3", "K5"]
    assert _found(read) == [(5, None, "K4", "row_skipped", "msg.summe_der_zeilen")]
    # the same figures with a name on line 5: a customer, whatever its figures add up to
    named = _read(tmp_path, "Kunden-Nr;Name;Umsatz\n" + body.format("D"))
    assert named.frame["kunden_nr"].tolist() == ["K1", "K2", "K3", "K4", "K5"]
    assert named.frame["umsatz"].tolist() == [10.0, 20.0, 5.0, 35.0, 1.0]
    assert _found(named) == []


def _long_ascii_lines(count: int) -> str:
    """`count` customer lines of plain ASCII, 17 bytes each: K0000001;Firma;1 and a newline."""
    return "".join(f"K{i:07d};Firma;1\n" for i in range(count))


def test_windows_1252_after_the_sample_is_still_found(tmp_path: Path) -> None:
    # 110,000 ASCII lines (1.87 MB, past the 1.6 MB the detection samples), then one umlaut
    # in Windows-1252 (byte E4), which is no UTF-8
    text = "Kunden-Nr;Name;Umsatz\n" + _long_ascii_lines(110_000) + "K9999999;Bäcker;2\n"
    path = tmp_path / "lang.csv"
    path.write_bytes(text.encode("cp1252"))
    read = read_customers(path)
    notes = {p.message: dict(p.args) for p in read.problems if p.action == "note"}
    assert notes["msg.text.kodierung"] == {"found": "cp1252", "how": "detected"}
    assert read.frame["name"].iloc[-1] == "Bäcker"
    assert len(read.frame) == 110_001


def test_utf8_character_across_a_megabyte_boundary_is_utf8(tmp_path: Path) -> None:
    # the two bytes of "ä" (C3 A4) on either side of byte 1,048,576, where the check reads on
    header = "Kunden-Nr;Name;Umsatz\n"
    lines = _long_ascii_lines(70_000)  # 1,190,000 bytes after the header
    cut = (1 << 20) - len(header) - 1  # the ä's first byte is the last before the boundary
    head, tail = lines[:cut], lines[cut:]
    # byte 1,048,553 of the lines is in line 61,679 (17 bytes each, 61,679 × 17 = 1,048,543),
    # 10 bytes in: after "K0061679;F", so that name becomes "Fäirma"
    text = header + head + "ä" + tail
    raw = text.encode("utf-8")
    assert raw[(1 << 20) - 1 : (1 << 20) + 1] == "ä".encode()
    path = tmp_path / "utf8.csv"
    path.write_bytes(raw)
    read = read_customers(path)
    notes = {p.message: dict(p.args) for p in read.problems if p.action == "note"}
    assert notes["msg.text.kodierung"] == {"found": "utf-8", "how": "detected"}
    names = read.frame.set_index("kunden_nr")["name"]
    assert names[names != "Firma"].to_dict() == {"K0061679": "Fäirma"}
    assert len(names) == 70_000
