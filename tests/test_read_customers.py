"""Reading real customer workbooks: exports with title rows, header variants, bad cells."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from kundenwert.book.labels import error_text, message, t
from kundenwert.cells.values import CellError, parse_number
from kundenwert.errors import FileMessageError, InputFileError, Message, MissingColumnsError
from kundenwert.xlsx.reader import read_customers

Factory = Callable[..., Path]
HEADER = ["Kunden-Nr", "Name", "Umsatz", "Image", "Marge %"]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234,56", 1234.56),
        ("1.234", 1234.0),
        ("12 %", 0.12),
        ("12,5%", 0.125),
        ("€ 1.234", 1234.0),
        ("1.234 €", 1234.0),
        ("1,234.56", 1234.56),
        ("-7,5", -7.5),
        (3, 3.0),
        ("(500)", -500.0),
        ("1.234,56-", -1234.56),  # SAP's trailing minus
        ("500,00- EUR", -500.0),
        ("-$5", -5.0),  # the sign before the currency
    ],
)
def test_numbers_in_german_and_english_notation(text: object, number: float) -> None:
    assert parse_number(text)[0] == pytest.approx(number)


@pytest.mark.parametrize("text", ["viel", "1.2.3,4,5", True, "12 Stück", "-", "--5", "5--"])
def test_text_that_is_no_number_is_refused(text: object) -> None:
    with pytest.raises(CellError):
        parse_number(text)


def test_real_export_with_title_rows_and_year_columns(xlsx: Factory) -> None:
    path = xlsx(
        [
            ["Kundenliste Vertrieb"],
            ["Stand: 31.12.2025"],
            [],
            [
                "Kd.-Nr.",
                "Firma",
                "Umsatz 2024 (€)",
                "Umsatz 2025 (€)",
                "Umsatz 2023",
                "Lieblingsfarbe",
            ],
            [10023.0, "Alpha GmbH", "1.000,00", "1.234,56", 900, "blau"],
            ["K2", "Beta KG", 2000, 2500, 1800, "rot"],
        ]
    )
    read = read_customers(path)
    assert (read.sheet, read.header_row) == ("Kunden", 4)
    assert read.frame["kunden_nr"].tolist() == ["10023", "K2"]
    assert read.frame["umsatz"].tolist() == [1234.56, 2500.0]
    assert read.frame["umsatz_vorjahr"].tolist() == [1000.0, 2000.0]
    assert read.frame["excel_row"].tolist() == [5, 6]
    mapping = {h: (k, note) for h, k, note in read.mapping}
    assert mapping["Umsatz 2025 (€)"] == (
        "umsatz",
        Message("msg.map.jahr_aktuell", (("year", 2025),)),
    )
    assert message("msg.map.jahr_aktuell", {"year": 2025}) == "Jahr 2025 = aktuelle Periode"
    assert mapping["Umsatz 2023"][0] is None
    assert mapping["Lieblingsfarbe"] == (None, Message("msg.map.ungenutzt"))
    ignored = [p.column for p in read.problems if p.action == "column_ignored"]
    assert ignored == ["Umsatz 2023", "Lieblingsfarbe"]


def test_table_not_starting_in_a1_keeps_its_row_numbers(xlsx: Factory) -> None:
    path = xlsx([[], [], [None, "Kunden-Nr", "Umsatz"], [None, "K1", 10], [None, "K2", "x"]])
    read = read_customers(path)
    assert read.header_row == 3 and read.frame["excel_row"].tolist() == [4, 5]
    assert read.frame["umsatz"].iloc[0] == 10
    bad = [p for p in read.problems if p.action == "value_ignored"]
    assert [(p.row, p.column, p.value) for p in bad] == [(5, "Umsatz", "x")]


def test_bad_cells_are_reported_with_row_column_and_value(xlsx: Factory) -> None:
    path = xlsx(
        [
            HEADER,
            ["K1", "A", 100, 3, 0.2],
            ["K2", "B", "viel", 7, "#DIV/0!"],
            ["K3", "C", -50, 2, 0.3],
            ["K1", "D", 10, 1, 0.1],
            [None, "E", 20, 1, 0.1],
            [None, None, None, None, None],
            [None, "Summe", 130, None, None],
        ]
    )
    read = read_customers(path)
    assert read.frame["kunden_nr"].tolist() == ["K1", "K2", "K3"]
    found = {(p.row, p.column, p.action) for p in read.problems if p.action != "column_mapped"}
    assert (3, "Umsatz", "value_ignored") in found  # text in a number column
    assert (3, "Image", "value_ignored") in found  # rating 7 outside 1–5
    assert (3, "Marge %", "value_ignored") in found  # #DIV/0!
    assert (4, "Umsatz", "note") in found  # negative revenue: kept, with a note
    assert (5, "Kunden-Nr", "row_skipped") in found  # duplicate id
    assert (6, "Kunden-Nr", "row_skipped") in found  # empty id
    assert (8, None, "row_skipped") in found  # totals row
    assert 7 not in {p.row for p in read.problems}  # a blank row is no problem
    k2 = read.frame.set_index("kunden_nr").loc["K2"]
    assert math.isnan(k2["umsatz"]) and math.isnan(k2["image"]) and math.isnan(k2["marge"])
    error = next(p for p in read.problems if p.row == 3 and p.column == "Marge %")
    assert (error.value, error.message) == ("#DIV/0!", "exp.share.fehlerwert")
    duplicate = next(p for p in read.problems if p.row == 5)
    # K1 again with other figures: a conflict, row 2 counts
    assert (duplicate.message, dict(duplicate.args)) == ("exp.id.konflikt", {"row": 2})
    assert duplicate.value == "Umsatz: 10 (100); Image: 1 (3); Marge %: 0.1 (0.2)"


def test_share_cells_in_percent_points_are_converted_one_by_one(xlsx: Factory) -> None:
    path = xlsx([HEADER, ["K1", "A", 1, 3, 25], ["K2", "B", 2, 3, "30 %"], ["K3", "C", 3, 3, 40]])
    read = read_customers(path)
    assert read.frame["marge"].tolist() == pytest.approx([0.25, 0.30, 0.40])
    notes = [p for p in read.problems if p.action == "value_converted"]
    # each converted cell on its own line, with its row; "30 %" says what it is already
    assert [(p.row, p.column, p.value) for p in notes] == [(2, "Marge %", 25), (4, "Marge %", 40)]


def test_dates_from_cells_serials_and_text(xlsx: Factory) -> None:
    path = xlsx(
        [
            ["Kunden-Nr", "Umsatz", "Erstauftrag"],
            ["K1", 1, dt.datetime(2020, 5, 17)],
            ["K2", 1, "03.02.2021"],
            ["K3", 1, "gestern"],
        ]
    )
    read = read_customers(path)
    assert read.frame["erstauftrag"].iloc[0] == dt.datetime(2020, 5, 17)
    assert read.frame["erstauftrag"].iloc[1] == dt.datetime(2021, 2, 3)
    assert [p.row for p in read.problems if p.action == "value_ignored"] == [4]


def test_missing_required_column_lists_what_was_found(xlsx: Factory) -> None:
    path = xlsx([["Kunden-Nr", "Name", "Region"], ["K1", "A", "Nord"]])
    with pytest.raises(MissingColumnsError) as info:
        read_customers(path)
    message = str(info.value)
    assert "Umsatz" in message and "Kunden-Nr, Name, Region" in message


def test_no_recognisable_header_anywhere(xlsx: Factory) -> None:
    path = xlsx({"Notizen": [["Einkaufsliste"], ["Milch", "Brot"]]})
    with pytest.raises(MissingColumnsError, match="Kunden-Nr"):
        read_customers(path)


def test_sheet_option_and_first_matching_sheet(xlsx: Factory) -> None:
    path = xlsx({"Deckblatt": [["Bericht"]], "Daten": [HEADER, ["K9", "Z", 5, 2, 0.1]]})
    assert read_customers(path).sheet == "Daten"
    with pytest.raises(InputFileError, match="Deckblatt, Daten"):
        read_customers(path, sheet="Fehlt")


def test_files_that_are_no_xlsx(tmp_path: Path) -> None:
    csv = tmp_path / "kunden.xlsx"
    csv.write_text("Kunden-Nr;Umsatz\nK1;100\n")
    with pytest.raises(FileMessageError) as info:
        read_customers(csv)
    assert info.value.message == "err.kein_xlsx"
    ole = tmp_path / "geschuetzt.xlsx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(FileMessageError) as info:
        read_customers(ole)
    assert info.value.message == "err.kennwort"
    missing = tmp_path / "fehlt.xlsx"
    with pytest.raises(FileMessageError) as info:
        read_customers(missing)
    assert info.value.message == "err.nicht_gefunden"
    for lang in ("de", "en"):
        assert error_text(info.value, lang) == t("err.nicht_gefunden", lang).format(path=missing)


def test_too_many_rows_is_refused(xlsx: Factory) -> None:
    path = xlsx([HEADER, *[[f"K{i}", "A", i, 3, 0.1] for i in range(300)]])
    with pytest.raises(FileMessageError) as info:
        read_customers(path, max_rows=50)
    assert (info.value.message, info.value.args_["limit_count"]) == ("err.zu_viele_zeilen", 50)


@pytest.mark.parametrize("slice_bytes", [8 << 20, 64, 7])
def test_error_cells_are_found_whatever_slices_the_sheet_xml_is_read_in(
    xlsx: Factory, monkeypatch: pytest.MonkeyPatch, slice_bytes: int
) -> None:
    # large sheets are searched slice by slice, cut at row ends: no error may fall between
    from kundenwert.xlsx import reader

    monkeypatch.setattr(reader, "XML_SLICE", slice_bytes)
    rows: list[list[object]] = [HEADER]
    rows += [[f"K{i}", "A", 100 + i, 3, "#N/A" if i % 7 == 0 else 0.2] for i in range(1, 60)]
    read = read_customers(xlsx(rows))
    errors = sorted(p.row for p in read.problems if p.value == "#N/A")
    assert errors == [i + 1 for i in range(1, 60) if i % 7 == 0]


def test_a_header_of_the_id_alone_names_the_revenue_as_missing(tmp_path: Path) -> None:
    path = tmp_path / "nur_nummern.csv"
    path.write_text("Kunden-Nr\nK1\nK2\n", encoding="utf-8")
    with pytest.raises(MissingColumnsError) as caught:
        read_customers(path)
    assert caught.value.keys == ["umsatz"]
    assert "fehlen: Umsatz. Gefundene Spalten: Kunden-Nr." in error_text(caught.value)


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n  \r\n", b"\xef\xbb\xbf"])
def test_an_empty_text_file_is_refused_as_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "leer.csv"
    path.write_bytes(content)
    with pytest.raises(FileMessageError) as caught:
        read_customers(path)
    assert error_text(caught.value).startswith(f"{path}: die Datei ist leer")


def test_customers_in_another_currency_are_listed_not_summed(xlsx: Factory) -> None:
    path = xlsx(
        [
            ["Kunden-Nr", "Name", "Umsatz", "Währung"],
            ["K1", "A", 1000.0, "EUR"],
            ["K2", "B", 2000.0, "EUR"],
            ["K3", "C", 5000.0, "USD"],  # row 4: left out, not converted
            ["K4", "D", 700.0, None],  # no currency: read as EUR, one note
            ["K5", "E", 300.0, "eur"],
        ]
    )
    read = read_customers(path)
    assert read.frame["kunden_nr"].tolist() == ["K1", "K2", "K4", "K5"]
    found = [(p.row, p.column, p.value, p.action, p.message) for p in read.problems]
    assert (4, "Währung", "USD", "row_skipped", "exp.waehrung_kunde") in found
    assert (None, "Währung", 1, "note", "msg.k.waehrung_leer") in found
    # the column is used for the check: no "unknown column" finding, a note in the mapping
    assert not [p for p in read.problems if p.action == "column_ignored"]
    assert dict((h, n) for h, _, n in read.mapping)["Währung"] == Message("msg.map.waehrung")
    usd = next(p for p in read.problems if p.value == "USD")
    assert message(usd.message or "", dict(usd.args)) == (
        "Beträge in EUR, der Währung der meisten Kunden (nicht umgerechnet)"
    )


def test_number_texts_that_read_both_ways_follow_their_column(xlsx: Factory) -> None:
    """Numbers stored as text in a workbook: "1,234" beside "12.50" is English (1234), beside
    "12,50" German (1.234); with no other text to tell, German, and one note says so."""
    path = xlsx(
        [
            ["Kunden-Nr", "Umsatz", "Umsatz Vorjahr", "Servicekosten"],
            ["K1", "1,234", "1,234", "1.500"],
            ["K2", "12.50", "12,50", 7.0],
        ]
    )
    read = read_customers(path)
    assert read.frame["umsatz"].tolist() == [1234.0, 12.5]
    assert read.frame["umsatz_vorjahr"].tolist() == [1.234, 12.5]
    assert read.frame["servicekosten"].tolist() == [1500.0, 7.0]
    notes = [
        (p.column, p.value, dict(p.args))
        for p in read.problems
        if p.message == "msg.zahl_beidseitig"
    ]
    assert notes == [("Servicekosten", "1.500", {"n": 1})]


def test_a_header_over_two_rows_reads_the_years_below_it(xlsx: Factory, tmp_path: Path) -> None:
    """'Umsatz' above '2024' | '2025' (a merged header): the latest year is the current
    revenue, the year before the previous one, and a note says how the header was read."""
    rows: list[list[object]] = [
        ["Kunden-Nr", "Name", "Umsatz", None, "Region"],
        [None, None, 2024, 2025, None],
        ["K1", "A", 1000, 1200, "Nord"],
        ["K2", "B", 2000, 1500, "Süd"],
    ]
    csv_path = tmp_path / "zwei_zeilen.csv"
    csv_path.write_text(
        "\n".join(";".join("" if v is None else str(v) for v in r) for r in rows) + "\n",
        encoding="utf-8",
    )
    for path in (xlsx(rows), csv_path):
        read = read_customers(path)
        assert read.frame["umsatz"].tolist() == [1200.0, 1500.0]
        assert read.frame["umsatz_vorjahr"].tolist() == [1000.0, 2000.0]
        assert read.frame["excel_row"].tolist() == [3, 4]
        assert [p.row for p in read.problems if p.message == "msg.kopf_zwei_zeilen"] == [2]
        assert not [p for p in read.problems if p.action == "row_skipped"]


def test_a_row_with_one_year_below_the_header_is_no_second_header_row(xlsx: Factory) -> None:
    read = read_customers(
        xlsx([["Kunden-Nr", "Umsatz", "Erstauftrag"], [None, 2025, None], ["K1", 10, None]])
    )
    assert read.frame["kunden_nr"].tolist() == ["K1"]
    assert not [p for p in read.problems if p.message == "msg.kopf_zwei_zeilen"]
    assert [p.row for p in read.problems if p.action == "row_skipped"] == [2]
