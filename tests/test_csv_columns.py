"""The column-wise CSV reader gives exactly what the per-cell table reader gives on the same
file: the same frame, the same check-sheet rows (with their row numbers), the same input cells."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kundenwert.cells.customer_table import ReadResult, read_customer_table
from kundenwert.cells.values import CellError, parse_number, plain_number
from kundenwert.errors import Problem
from kundenwert.xlsx.reader import read_customers
from kundenwert.xlsx.text_file import read_text_rows

# line 1 title, 2 blank, 3 header; the customers from line 4 on
MESSY = (
    "Debitorenliste Vertrieb;;;;;;;\r\n"
    ";;;;;;;\r\n"
    "Debitor;Kundenname;Verkaufsgebiet;Nettoumsatz;Umsatz Vorjahr;Marge %;Anzahl Belege;"
    "Erstauftrag\r\n"
    "00123;Müller & Söhne GmbH;Nord;1.234,56;1.000,00;43;12;31.12.2019\r\n"
    "00124;Bäckerei Groß;Nord;5 T€;900,50;0,2;3;13.01.2020\r\n"
    "00125;Weiß KG;Süd;12.345,67 €;-50;25 %;x;gestern\r\n"
    ";;;;;;;\r\n"
    "00126;Roth AG;Süd;-1.500,00;2.000;0,3;-2;2021-03-04\r\n"
    "00127;  Klein OHG  ;;#NV;1.5;1,5;4;\r\n"
    "00123;Doppelt GmbH;Nord;10;10;0,1;1;01.01.2020\r\n"
    ";Ohne Nummer;Ost;77;;;;\r\n"
    "Summe;;;12.000,00;;;;\r\n"
    "00128;Lang GmbH;West;1,234.5;300;0,25;2;05.06.2022\r\n"
)


def _comparable(problems: list[Problem]) -> list[tuple[object, ...]]:
    """Findings as values: an error passed as a message argument (rendered in the run's
    language later) compares by its type and text, not by identity."""
    return [
        (
            *dataclasses.astuple(p)[:-1],
            tuple(
                (k, (type(v).__name__, str(v)) if isinstance(v, Exception) else v)
                for k, v in p.args
            ),
        )
        for p in problems
    ]


def _per_cell(path: Path) -> ReadResult:
    """The reference: the file's cells as rows, read by the table reader cell by cell."""
    rows, first_row, notes = read_text_rows(path)
    result = read_customer_table(rows, path.name, first_row)
    result.problems[:0] = notes
    return result


def _same(fast: ReadResult, slow: ReadResult) -> None:
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    assert _comparable(fast.problems) == _comparable(slow.problems)
    # the cells of the input sheet, compared with their types (1 and 1.0 differ as cells)
    pairs = [(tuple(a), tuple(b)) for a, b in zip(fast.raw, slow.raw, strict=True)]
    for a, b in pairs:
        assert [type(v) for v in a] == [type(v) for v in b]
        assert all(x == y or (x != x and y != y) for x, y in zip(a, b, strict=True))
    assert (fast.sheet, fast.header_row, fast.mapping) == (
        slow.sheet,
        slow.header_row,
        slow.mapping,
    )


def test_messy_csv_reads_the_same_column_wise_and_cell_by_cell(tmp_path: Path) -> None:
    path = tmp_path / "debitoren.csv"
    path.write_bytes(MESSY.encode("cp1252"))
    fast, slow = read_customers(path), _per_cell(path)
    _same(fast, slow)
    # and what both read, by hand
    frame = fast.frame.set_index("kunden_nr")
    assert frame.index.tolist() == ["00123", "00124", "00125", "00126", "00127", "00128"]
    assert frame["excel_row"].tolist() == [4, 5, 6, 8, 9, 13]
    umsatz = frame["umsatz"].tolist()
    assert umsatz[0] == 1234.56 and math.isnan(umsatz[1])
    assert umsatz[2:4] == [12345.67, -1500.0] and math.isnan(umsatz[4])
    assert umsatz[5] == 1234.5  # English notation in a German file, read as written
    assert frame["marge"].tolist()[:4] == [0.43, 0.2, 0.25, 0.3]
    assert frame["marge"]["00127"] == 0.015  # 1,5 means 1.5 %
    assert frame["name"]["00127"] == "Klein OHG"
    assert frame["erstauftrag"]["00126"] == dt.datetime(2021, 3, 4)
    assert pd.isna(frame["erstauftrag"]["00125"])
    found = {(p.row, p.column, p.value, p.action) for p in fast.problems if p.row}
    assert (5, "Nettoumsatz", "5 T€", "value_ignored") in found
    assert (9, "Nettoumsatz", "#NV", "value_ignored") in found
    assert (6, "Anzahl Belege", "x", "value_ignored") in found
    assert (6, "Erstauftrag", "gestern", "value_ignored") in found
    assert (8, "Anzahl Belege", "-2", "value_ignored") in found
    assert (4, "Marge %", "43", "value_converted") in found
    # the second 00123 with other figures: a conflict, its values beside line 4's
    conflict = "Nettoumsatz: 10 (1.234,56); Umsatz Vorjahr: 10 (1000); Marge %: 0,1 (43); "
    conflict += "Anzahl Belege: 1 (12); Erstauftrag: 01.01.2020 (31.12.2019)"
    assert (10, "Debitor", conflict, "row_skipped") in found
    assert (11, "Debitor", None, "row_skipped") in found  # figures but no number
    assert (12, None, "Summe", "row_skipped") in found
    assert 7 not in {p.row for p in fast.problems}  # the blank line is no finding


def test_clean_csv_takes_the_column_path_and_reads_the_same(tmp_path: Path) -> None:
    """No unreadable cell: every figure column arrives as numbers, ids all distinct."""
    lines = ["Kunden-Nr;Name;Region;Umsatz;Aufträge;Marge %;Erstauftrag"]
    for i in range(60):
        revenue = f"{i * 1000.5:.2f}".replace(".", ",")
        margin = f"{(i % 50) / 100:.2f}".replace(".", ",")
        region = "Nord" if i % 3 else "Süd"
        lines.append(f"{i:05d};Firma {i};{region};{revenue};{i % 7};{margin};0{1 + i % 9}.02.2021")
    path = tmp_path / "kunden.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    fast, slow = read_customers(path), _per_cell(path)
    _same(fast, slow)
    assert fast.frame["kunden_nr"].iloc[7] == "00007"
    assert fast.frame["umsatz"].iloc[3] == 3001.5
    assert fast.frame["erstauftrag"].iloc[2] == dt.datetime(2021, 2, 3)
    assert fast.frame["marge"].iloc[3] == 0.03


def test_header_only_file_is_refused_alike_both_ways(tmp_path: Path) -> None:
    """No customer row: the column-wise reader raises what the per-cell reader raises."""
    path = tmp_path / "nur_kopf.csv"
    path.write_text("Kunden-Nr;Umsatz\n", encoding="utf-8")
    with pytest.raises(Exception) as fast_error:
        read_customers(path)
    with pytest.raises(Exception) as slow_error:
        _per_cell(path)
    assert type(fast_error.value) is type(slow_error.value)
    assert fast_error.value.args == slow_error.value.args


NUMBER_TEXT = st.one_of(
    st.from_regex(r"-?[0-9]{1,3}(\.[0-9]{3}){0,3}(,[0-9]{1,4})?", fullmatch=True),
    st.from_regex(r"-?[0-9]{1,3}(,[0-9]{3}){0,3}(\.[0-9]{1,4})?", fullmatch=True),
    st.from_regex(r"[-+]?[0-9.,]{1,12}", fullmatch=True),
    st.text(alphabet="0123456789.,- %€", max_size=10),
)


@settings(max_examples=400, deadline=None)
@given(NUMBER_TEXT, st.sampled_from([None, ",", "."]))
def test_plain_number_reads_what_parse_number_reads(text: str, decimal: str | None) -> None:
    """The shortcut for plain number texts never reads a text differently from parse_number,
    in a file of either notation or none."""
    plain = plain_number(text, decimal)
    if plain is None:
        return
    try:
        number, percent = parse_number(text, decimal)
    except CellError:
        pytest.fail(f"plain_number read {text!r}, parse_number refuses it")
    assert (plain, percent) == (number, False)


@pytest.mark.parametrize(
    ("text", "decimal", "number"),
    [
        ("1,234", ".", 1234.0),  # an English file: thousands
        ("1,234", ",", 1.234),  # a German file: the decimal comma
        ("1.234", ".", 1.234),
        ("1.234", ",", 1234.0),
        ("1,234", None, 1.234),  # a cell of no file: the German reading
        ("1,234.5", ",", 1234.5),  # unambiguous, read as written whatever the file
        ("1.234,5", ".", 1234.5),
        ("12,5", ".", 12.5),
        ("-12,345", ".", -12345.0),
    ],
)
def test_the_files_notation_decides_only_ambiguous_numbers(
    text: str, decimal: str | None, number: float
) -> None:
    assert parse_number(text, decimal)[0] == number


@pytest.mark.parametrize(
    ("text", "number"),
    [("1.234,56", 1234.56), ("1.234", 1234.0), ("12,5", 12.5), ("-7", -7.0), ("1.5", 1.5),
     ("1,234", 1.234),
     ("1,234.5", 1234.5), ("0,05", 0.05)],
)  # fmt: skip
def test_plain_number_by_hand(text: str, number: float) -> None:
    assert plain_number(text) == number


@pytest.mark.parametrize("text", ["5 T€", "12 %", " 7", "1.2.3", "(5)", "+3"])
def test_texts_plain_number_leaves_to_parse_number(text: str) -> None:
    assert plain_number(text) is None


MESSY_LINES = (
    "Belegdatum;Kundennummer;Kundenname;Beleg-Nr;Nettobetrag;Marge\r\n"
    "05.03.2025;00101;Müller GmbH;R-1;1.200,50;25\r\n"
    "05.03.2025;00101;Müller GmbH;R-2;5 T€;30\r\n"  # line 3: amount unreadable
    "2025-06-20;00101;Müller GmbH;G-1;-150,00;\r\n"  # an ISO date in a day-first file
    ";00102;Weiß;R-5;500,00;20\r\n"  # line 5: no date
    "gestern;00102;Weiß;R-6;420,25;20\r\n"  # line 6: date unreadable
    ";;;;;\r\n"  # line 7
    "15.11.2025;;Ohne;R-7;10,00;10\r\n"  # line 8: no customer
    "15.11.2025;#N/A;Fehler;R-8;10,00;10\r\n"  # line 9: an error value as customer
    "02.02.2025;00103;Öko AG;R-9;1.000;x\r\n"  # line 10: margin unreadable, kept
    "02.02.2025;00103;  Öko AG ;;3.000,00;15\r\n"
    "Summe;;;;6.000,00;\r\n"
)


def _as_objects(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns (categorical or not) as plain objects, for a comparison by value."""
    texts = [c for c in frame if frame[c].dtype.kind not in "fiumM"]
    return frame.astype({c: object for c in texts})


def test_messy_order_lines_read_the_same_column_wise_and_cell_by_cell(tmp_path: Path) -> None:
    from kundenwert.cells.line_table import read_lines
    from kundenwert.xlsx.order_lines import read_order_lines

    path = tmp_path / "belege.csv"
    path.write_bytes(MESSY_LINES.encode("cp1252"))
    fast = read_order_lines(path)
    rows, first_row, notes = read_text_rows(path)
    slow = read_lines(rows, path.name, first_row=first_row)
    slow.problems[:0] = notes
    # the column-wise reader hands ids and order numbers over as codes (a categorical):
    # compared by value, cell by cell
    assert isinstance(fast.lines["kunden_nr"].dtype, pd.CategoricalDtype)
    pd.testing.assert_frame_equal(_as_objects(fast.lines), _as_objects(slow.lines))
    assert _comparable(fast.problems) == _comparable(slow.problems)
    assert (fast.header_row, fast.mapping) == (slow.header_row, slow.mapping)
    # by hand: the lines kept, and each line left out with its row
    lines = fast.lines
    assert lines["excel_row"].tolist() == [2, 4, 10, 11]
    assert lines["betrag"].tolist() == [1200.5, -150.0, 1000.0, 3000.0]
    assert lines["datum"].tolist()[1] == pd.Timestamp(2025, 6, 20)  # not the 6th of Month 20
    assert lines["name"].tolist()[3] == "Öko AG"
    skipped = {p.row for p in fast.problems if p.action == "row_skipped"}
    assert skipped == {3, 5, 6, 8, 9, 12}
    assert any(p.row == 12 and p.message == "msg.summenzeile" for p in fast.problems)
    assert 7 not in {p.row for p in fast.problems}  # the empty line
