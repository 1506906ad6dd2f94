"""Issue 12: real customer exports in, right answers out. Each numbered case of the issue on a
real file built here; every expected class, score and check-sheet row is worked out by hand in
the comments next to it."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from kundenwert.cells.columns import match_header
from kundenwert.cli import main
from kundenwert.errors import NoCustomerRowsError
from kundenwert.method.config import Config
from kundenwert.method.portfolio import score_portfolio
from kundenwert.xlsx.config_file import read_config
from kundenwert.xlsx.reader import read_customers
from tests.conftest import needs_libreoffice

Factory = Callable[..., Path]

SAP_HEADER = [
    "Debitor",
    "Kundenname",
    "Verkaufsgebiet",
    "Außendienstmitarbeiter",
    "Nettoumsatz 2025",
    "Nettoumsatz 2024",
    "Rohertrag",
    "Anzahl Belege",
    "PLZ",
    "Ort",
    "Branche",
    "Zahlungsziel",
]


def _sap_customers() -> list[list[object]]:
    """60 customers in three groups (revenue 2025 = 2024, Rohertrag 30 % of revenue):
    5 × 20,000 with 10 documents, 10 × 1,000 with 2, 45 × 100 with none, except that the
    last two of those have 2 documents (30 − 2 × 60 = −90: loss-makers)."""
    rows: list[list[object]] = []
    for i in range(60):
        if i < 5:
            revenue, docs = 20_000, 10
        elif i < 15:
            revenue, docs = 1_000, 2
        else:
            revenue, docs = 100, 2 if i >= 58 else 0
        rows.append(
            [
                100_001 + i,
                f"Firma {i + 1}",
                "Nord" if i % 2 else "Süd",
                "Meier" if i % 3 else "Schulz",
                revenue,
                revenue,
                revenue * 0.3,
                docs,
                "20095",
                "Hamburg",
                "Handel",
                "30 Tage",
            ]
        )
    return rows


def _sap_export(path: Path) -> Path:
    """Sheet Debitoren: three title lines, an empty row 4, header in row 5, customers in rows
    6–65, an empty row 66, `Summe` with SUM formulas (cached values, as Excel saves them) in
    row 67 and `Gesamt` with typed totals in row 68."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Debitoren")
    ws.write_row(0, 0, ["Debitorenliste Vertrieb"])
    ws.write_row(1, 0, ["Buchungskreis 1000"])
    ws.write_row(2, 0, ["Stand 31.12.2025"])
    ws.write_row(4, 0, SAP_HEADER)
    customers = _sap_customers()
    for r, row in enumerate(customers, start=5):
        ws.write_row(r, 0, row)
    totals = [sum(float(c[j]) for c in customers) for j in (4, 5, 6, 7)]  # type: ignore[arg-type]
    ws.write(66, 0, "Summe")
    for j, total in zip((4, 5, 6, 7), totals, strict=True):
        letter = "ABCDEFGH"[j]
        ws.write_formula(66, j, f"=SUM({letter}6:{letter}65)", None, total)
    ws.write_row(67, 0, ["Gesamt", None, None, None, *totals])
    book.close()
    return path


def _check_rows(path: Path) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(path)["Prüfprotokoll"]
    return [tuple(r) for r in ws.iter_rows(min_row=5, values_only=True) if any(r)]


def test_case_1_5_6_sap_export_with_totals_and_erp_figures_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _sap_export(tmp_path / "debitoren.xlsx")
    out = tmp_path / "ergebnis.xlsx"
    # case 6: ERP figures only is a normal run
    assert main(["score", str(source), "-o", str(out), "-q", "--stichtag", "31.12.2025"]) == 0
    printed = capsys.readouterr().out
    assert "Stichtag: 31.12.2025 (festgelegt)" in printed
    # the headers to add, as the user sees them, and where the estimates come from
    assert (
        "Potenzial-Score: keine Spalte mit Daten; zu wenige Daten für alle Kunden. Bitte "
        "Spalten ergänzen: Potenzial, Cross-Selling, Up-Selling, Image, Multiplikatorwirkung, "
        "Referenzbereitschaft, Abwanderungsrisiko." in printed
    )
    assert "kundenwert template" in printed and "ungenutztes_potenzial" not in printed
    assert "60 Kunden ohne Segment" in printed

    wb = openpyxl.load_workbook(out)
    ws = wb["Bewertung"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    # case 1: the two totals rows are no customers
    assert len(rows) == 60
    assert {r["Kunden-Nr"] for r in rows} == {str(100_001 + i) for i in range(60)}
    # case 5: region and rep found under the SAP names
    assert {r["Region"] for r in rows} == {"Nord", "Süd"}
    assert {r["Betreuer"] for r in rows} == {"Meier", "Schulz"}
    by_id = {r["Kunden-Nr"]: r for r in rows}
    # ABC by hand: total 100,000 + 10,000 + 4,500 = 114,500. Group 1 has nobody above: A.
    # Group 2 has 100,000 / 114,500 = 0.873 above: B. Group 3 has 110,000 / 114,500 = 0.961
    # above: C; the two with contribution 30 − 120 = −90 are Z.
    classes = [by_id[str(100_001 + i)]["ABC"] for i in range(60)]
    assert classes == ["A"] * 5 + ["B"] * 10 + ["C"] * 43 + ["Z"] * 2
    # contribution after cost-to-serve: Rohertrag − Belege × 60 € (Anzahl Belege = orders)
    assert by_id["100001"]["DB nach Betreuungskosten"] == pytest.approx(6000 - 600)
    assert by_id["100006"]["DB nach Betreuungskosten"] == pytest.approx(300 - 120)
    assert by_id["100059"]["DB nach Betreuungskosten"] == pytest.approx(30 - 120)
    # Ist-Score from Umsatz 30, DB 30, CLV 15 (75 % of the weight; the CLV ranks as the DB):
    # percent ranks over 60 customers = customers strictly below / 59 · 100
    assert by_id["100001"]["Ist-Score"] == pytest.approx(55 / 59 * 100)
    assert by_id["100006"]["Ist-Score"] == pytest.approx(45 / 59 * 100)
    # group 3: revenue rank 0; DB rank 2/59 (only the two loss-makers are lower): weight 45/75
    assert by_id["100016"]["Ist-Score"] == pytest.approx(45 / 75 * 2 / 59 * 100)
    assert by_id["100060"]["Ist-Score"] == pytest.approx(0.0)
    # no potential data: score, segment and matrix point empty, with the reason in the cell
    assert {r["Potenzial-Score"] for r in rows} == {None}
    assert {r["Segment"] for r in rows} == {"zu wenige Daten"}
    assert {r["Phase"] for r in rows} == {"Stabil"}  # 2025 = 2024
    matrix = wb["Matrix"]
    helper_y = [matrix.cell(row=r, column=25 + k).value for r in range(2, 62) for k in range(4)]
    assert set(helper_y) == {None}
    # the check sheet lists both totals rows
    check = _check_rows(out)
    skipped = [r for r in check if r[6] == "Zeile übersprungen"]
    assert [(r[1], r[4]) for r in skipped] == [(67, "Summe"), (68, "Gesamt")]
    assert skipped[0][5] == "Kundenzeile; 'Summe' ist eine Summenzeile"
    # factors nobody has are named by the headers to add, never by internal keys
    dropped = {r[2]: r[5] for r in check if r[6] == "Faktor entfällt"}
    assert set(dropped) == {
        "Wiederkaufrate",
        "Kooperation",
        "Potenzial",
        "Cross-Selling",
        "Up-Selling",
        "Image",
        "Multiplikatorwirkung",
        "Referenzbereitschaft",
        "Abwanderungsrisiko",
    }
    # the factor computed from Potenzial is named beside the column it lacks
    assert dropped["Potenzial"] == (
        "Werte für Potenzial, aus denen Ungenutztes Potenzial berechnet wird (Potenzial-Score); "
        "der Faktor Ungenutztes Potenzial entfällt für alle Kunden"
    )
    assert dropped["Image"] == (
        "Werte für Image (Potenzial-Score); der Faktor entfällt für alle Kunden"
    )
    # Konfiguration records the reference date the result was scored with
    params = {r[0]: r[1] for r in wb["Konfiguration"].iter_rows(values_only=True) if r[0]}
    assert params["Stichtag"] == dt.datetime(2025, 12, 31)
    assert params["Stichtag dieses Ergebnisses"] == dt.datetime(2025, 12, 31)
    assert params["Mindestabdeckung je Score"] == 0.5


def test_case_2_unreadable_revenue_never_makes_a_top_customer(
    xlsx: Factory, tmp_path: Path
) -> None:
    header = ["Kunden-Nr", "Umsatz", "Rohertrag", "Potenzial", "Image", "Referenz", "Kooperation"]
    rows: list[list[object]] = [
        header,
        ["K1", 10_000, 3_000, 20_000, 3, 3, 3],
        ["K2", 20_000, 6_000, 30_000, 4, 4, 4],
        ["K3", 5_000, 1_500, 8_000, 2, 2, 2],
        # revenue "5 T€" cannot be read and there is no Rohertrag. The run's Ist model is
        # Umsatz 30 + DB 30 + CLV 15 + Kooperation 15 = 90 (no customer has Wiederkaufrate):
        # X has Kooperation, 15 / 90 = 17 %. Its Potenzial model is Ungenutztes Potenzial
        # 35 + Image 5 + Referenz 10 = 50: X has Image and Referenz, 15 / 50 = 30 % (its
        # untapped potential needs the revenue)
        ["X", "5 T€", None, 50_000, 5, 5, 5],
    ]
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(xlsx(rows)), "-o", str(out), "-q"]) == 0
    ws = openpyxl.load_workbook(out)["Bewertung"]
    head = [c.value for c in ws[1]]
    x = next(dict(zip(head, r, strict=True)) for r in ws.iter_rows(values_only=True) if r[0] == "X")
    # before: Ist 100 / Potenzial 100, Topkunde, from the factors that happened to remain
    assert x["Ist-Score"] is None and x["Potenzial-Score"] is None
    assert x["Segment"] == "zu wenige Daten"
    assert x["ABC"] == "O"  # no revenue: not classifiable
    check = [r for r in _check_rows(out) if r[3] == "X"]
    assert (5, "Umsatz", "X", "5 T€", "Zahl (Euro)", "Wert ignoriert") == check[0][1:]
    texts = [r[5] for r in check[1:]]
    assert texts == [
        "Ist-Score: zu wenige Daten (17 % des Gewichts, mindestens 50 %); fehlt: Umsatz, "
        "Rohertrag oder Marge %. Score, Segment und Matrixpunkt bleiben leer",
        "Potenzial-Score: zu wenige Daten (30 % des Gewichts, mindestens 50 %); fehlt: "
        "Potenzial. Score, Segment und Matrixpunkt bleiben leer",
    ]


def test_minimum_coverage_is_configurable() -> None:
    frame = _frame(
        kunden_nr=["a", "b", "c"],
        umsatz=[100.0, 200.0, float("nan")],
        kooperation=[3.0, 4.0, 5.0],
        image=[1.0, 2.0, 3.0],
    )
    # c has Kooperation only: 15 % of the Ist weight; with a 10 % minimum it is scored
    low = score_portfolio(frame, Config(min_coverage=0.10)).scored.set_index("kunden_nr")
    assert low.loc["c", "ist_score"] == pytest.approx(100.0)  # (5 − 1) / 4 · 100
    strict = score_portfolio(frame, Config()).scored.set_index("kunden_nr")
    assert math.isnan(strict.loc["c", "ist_score"])


def _frame(**columns: list[object]) -> object:
    import pandas as pd

    return pd.DataFrame(columns)


def test_case_3_mixed_margin_cells_are_read_one_by_one(xlsx: Factory) -> None:
    rows = [
        ["Kunden-Nr", "Umsatz", "Marge %", "Aufträge"],
        ["A", 10_000, 43, 5],
        ["B", 10_000, 0.2, 5],
        ["C", 10_000, 0.3, 5],
    ]
    read = read_customers(xlsx(rows))
    assert read.frame["marge"].tolist() == pytest.approx([0.43, 0.2, 0.3])
    converted = [p for p in read.problems if p.action == "value_converted"]
    assert [(p.row, p.column, p.value, p.customer_id) for p in converted] == [
        (2, "Marge %", 43, "A")
    ]
    result = score_portfolio(read.frame, Config())
    # 10,000 × margin − 5 orders × 60 €: 4,000, 1,700, 2,700 — all profitable, none Z
    assert result.scored["db_nach_kosten"].tolist() == pytest.approx([4000.0, 1700.0, 2700.0])
    assert result.scored["abc"].tolist() == ["A", "A", "A"]  # equal revenue: nobody above


def test_case_4_credit_notes_keep_the_customer(xlsx: Factory) -> None:
    rows = [
        ["Kunden-Nr", "Umsatz", "Umsatz Vorjahr", "Deckungsbeitrag"],
        ["K1", 8_000, 7_000, 2_000],
        ["K2", 2_000, 2_000, 500],
        ["GS", -1_500, 3_000, -300],  # credits exceed invoices, with a history: Z
        ["NEU", -200, None, None],  # no previous year, no first order: O
    ]
    read = read_customers(xlsx(rows))
    assert read.frame["kunden_nr"].tolist() == ["K1", "K2", "GS", "NEU"]
    assert read.frame["umsatz"].tolist() == [8000.0, 2000.0, -1500.0, -200.0]
    notes = [(p.row, p.customer_id) for p in read.problems if p.message == "msg.umsatz_negativ"]
    assert notes == [(4, "GS"), (5, "NEU")]
    scored = score_portfolio(read.frame, Config()).scored.set_index("kunden_nr")
    # K1 has nobody above: A; K2 has 8,000 / 10,000 = 0.8 above: B
    assert scored["abc"].to_dict() == {"K1": "A", "K2": "B", "GS": "Z", "NEU": "O"}


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Verkaufsgebiet", "region"),
        ("Außendienstmitarbeiter", "betreuer"),
        ("Verkaufsbüro", "region"),
        ("Vertreter", "betreuer"),
        ("Anzahl Belege", "auftraege"),
        ("Anzahl Rechnungen", "auftraege"),
        ("Auftragsanzahl", "auftraege"),
        ("DB 1", "deckungsbeitrag"),
        ("Deckungsbeitrag I", "deckungsbeitrag"),
        ("Debitor-Nr.", "kunden_nr"),
        ("Umsatz netto", "umsatz"),
        ("Kundenpotenzial", "potenzial"),
        ("Marktpotenzial", "potenzial"),
        ("Letzte Rechnung", "letzter_auftrag"),
        ("KUNDEN NR", "kunden_nr"),
        ("kundennr.", "kunden_nr"),
        ("Account Name", "name"),
        ("Account Owner", "betreuer"),
        ("Company owner", "betreuer"),
        ("Sales (LCY)", "umsatz"),
        ("Profit (LCY)", "deckungsbeitrag"),
        ("Record ID", "kunden_nr"),
        ("DB %", "marge"),
        ("DB", "deckungsbeitrag"),
    ],
)
def test_case_5_header_names_of_real_exports(header: str, key: str) -> None:
    assert match_header(header)[0] == key


def test_case_5_unknown_header_gets_a_suggestion_and_an_explicit_mapping_wins(
    xlsx: Factory, tmp_path: Path
) -> None:
    rows = [
        ["Kunden-Nr", "Umsatzz", "Gebiet Kürzel", "Region"],
        ["K1", 100, "N", "Nordost"],
        ["K2", 200, "S", "Südwest"],
    ]
    source = xlsx(rows)
    out = tmp_path / "ergebnis.xlsx"
    # without a mapping: Umsatz is missing, and the message says so
    assert main(["score", str(source), "-o", str(out), "-q"]) == 2
    args = ["--spalte", "Umsatzz=Umsatz", "--spalte", "gebiet kürzel=Region"]
    assert main(["score", str(source), "-o", str(out), "-q", *args]) == 0
    ws = openpyxl.load_workbook(out)["Bewertung"]
    assert [r[2] for r in ws.iter_rows(min_row=2, values_only=True)] == ["N", "S"]
    check = _check_rows(out)
    region = next(r for r in check if r[2] == "Region" and r[6] == "Spalte nicht verwendet")
    assert "Gebiet Kürzel" in region[5]
    # the mapping is written into the result's model, so next month needs no flags
    config = read_config(out)
    assert config.column_map == {"Umsatzz": "umsatz", "gebiet kürzel": "region"}
    again = tmp_path / "wieder.xlsx"
    assert main(["score", str(source), "-o", str(again), "-q", "--config", str(out)]) == 0


def test_suggestion_for_a_typo(xlsx: Factory) -> None:
    read = read_customers(xlsx([["Kunden-Nr", "Umsatz", "Kooperaton"], ["K1", 1, 3]]))
    finding = next(p for p in read.problems if p.column == "Kooperaton")
    assert finding.message == "msg.spalte_unbekannt_vorschlag"
    assert dict(finding.args)["guess_cols"] == ("kooperation",)


def test_case_8_header_only_file(
    xlsx: Factory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = xlsx([["Kunden-Nr", "Name", "Umsatz"]])
    with pytest.raises(NoCustomerRowsError):
        read_customers(source)
    assert main(["score", str(source), "-o", str(tmp_path / "e.xlsx"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "keine Kundenzeilen unter der Kopfzeile (Zeile 1)" in err
    assert main(["score", str(source), "-o", str(tmp_path / "e.xlsx"), "-q", "--lang", "en"]) == 2
    assert (
        "Error: sheet 'Kunden': no customer rows below the header (row 1)"
        in capsys.readouterr().err
    )


def test_subtotals_and_a_grand_total_without_labels(xlsx: Factory) -> None:
    rows: list[list[object]] = [
        ["Kunden-Nr", "Umsatz", "Umsatz Vorjahr"],
        ["N1", 100, 90],
        ["N2", 250, 200],
        ["", 350, 290],  # subtotal without id: an empty id, still left out
        ["S1", 400, 410],
        ["S2", 75, 80],
        ["S3", 125, 100],
        ["Z-Süd", 600, 590],  # a subtotal with something in the id cell: 400 + 75 + 125
        ["Zwischensumme Nord", 350, 290],  # a label is enough, wherever it stands
        ["ALL", 950, 880],  # the grand total: 100 + 250 + 400 + 75 + 125
    ]
    read = read_customers(xlsx(rows))
    assert read.frame["kunden_nr"].tolist() == ["N1", "N2", "S1", "S2", "S3"]
    by_sum = [p.row for p in read.problems if p.message == "msg.summe_der_zeilen"]
    by_label = [p.row for p in read.problems if p.message == "msg.summenzeile"]
    assert (by_sum, by_label) == ([8, 10], [9])


CSV_TEXT = (
    "Kundenliste Export;;;;\r\n"
    "Debitor;Kundenname;Außendienstmitarbeiter;Nettoumsatz;Erstauftrag\r\n"
    "00123;Müller & Söhne GmbH;Jürgen Weiß;1.234,56;31.12.2019\r\n"
    "00124;Bäckerei Groß;Jürgen Weiß;987,00;13.01.2020\r\n"
    ";;;;\r\n"
    "Summe;;;2.221,56;\r\n"
)


def test_case_7_german_csv_in_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(CSV_TEXT.encode("cp1252"))
    read = read_customers(path)
    assert read.header_row == 2
    frame = read.frame
    assert frame["kunden_nr"].tolist() == ["00123", "00124"]  # leading zeros kept
    assert frame["name"].tolist() == ["Müller & Söhne GmbH", "Bäckerei Groß"]
    assert frame["umsatz"].tolist() == [1234.56, 987.0]
    assert frame["erstauftrag"].tolist() == [dt.datetime(2019, 12, 31), dt.datetime(2020, 1, 13)]
    assert frame["excel_row"].tolist() == [3, 4]
    notes = {p.message: dict(p.args) for p in read.problems if p.action == "note"}
    assert notes["msg.text.kodierung"] == {"found": "cp1252", "how": "detected"}
    assert notes["msg.text.trennzeichen"] == {"found": ";", "how": "detected"}
    assert notes["msg.text.zahlen"] == {"decimal": ",", "thousands": ".", "how": "detected"}
    assert notes["msg.text.datum"] == {"found": "dmy", "how": "detected"}  # 13.01. is day first
    assert [p.row for p in read.problems if p.message == "msg.summenzeile"] == [6]
    assert 5 not in {p.row for p in read.problems}  # the empty line is no finding


def test_csv_line_with_more_fields_than_headers(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    # an unquoted delimiter in a name shifts every cell after it: the line is left out
    path.write_text("Kunden-Nr;Name;Umsatz\nK1;Meier;100\nK2;Müller; Söhne;200\nK3;Roth;300\n")
    read = read_customers(path)
    assert read.frame["kunden_nr"].tolist() == ["K1", "K3"]
    found = [(p.row, p.action, dict(p.args)) for p in read.problems if p.row == 3]
    assert found == [(3, "row_skipped", {"fields": 4, "width": 3})]


def test_csv_in_utf8_with_bom_comma_and_month_first(tmp_path: Path) -> None:
    path = tmp_path / "crm.txt"
    text = (
        "Record ID,Company name,Sales,First order date\n"
        '7,Acme,"1,500.25",01/13/2021\n'
        "8,Beta,20.5,02/01/2021\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    read = read_customers(path)
    assert read.frame["umsatz"].tolist() == [1500.25, 20.5]
    assert read.frame["erstauftrag"].tolist() == [dt.datetime(2021, 1, 13), dt.datetime(2021, 2, 1)]
    notes = {p.message: dict(p.args) for p in read.problems if p.action == "note"}
    assert notes["msg.text.kodierung"]["found"] == "utf-8-sig"
    assert notes["msg.text.datum"] == {"found": "mdy", "how": "detected"}


def test_csv_options_override_the_detection(tmp_path: Path) -> None:
    from kundenwert.xlsx.text_file import TextOptions

    path = tmp_path / "k.csv"
    path.write_text("Kunden-Nr;Umsatz;Erstauftrag\nK1;1.5;03.04.2021\nK2;2.5;05.06.2021\n")
    read = read_customers(path, text=TextOptions(decimal=".", date_order="mdy"))
    assert read.frame["umsatz"].tolist() == [1.5, 2.5]
    assert read.frame["erstauftrag"].tolist() == [dt.datetime(2021, 3, 4), dt.datetime(2021, 5, 6)]


def test_files_that_are_no_table_are_refused_by_name(tmp_path: Path) -> None:
    from kundenwert.book.labels import error_text
    from kundenwert.errors import InputFileError

    pdf = tmp_path / "kunden.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputFileError) as info:
        read_customers(pdf)
    assert error_text(info.value) == (
        f"{pdf}: Dateityp '.pdf' wird nicht gelesen. Erwartet: .xlsx, .xlsm, .xlsb, .xls, .ods "
        "oder eine Textdatei (.csv, .txt); bitte die Datei in einem dieser Formate speichern."
    )
    assert error_text(info.value, "en").startswith(f"{pdf}: files of type '.pdf' are not read")
    broken = tmp_path / "alt.xls"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(InputFileError) as info:
        read_customers(broken)
    assert "alt.xls" in error_text(info.value)
    assert "kennwortgeschützt oder beschädigt" in error_text(info.value)


def test_no_traceback_for_any_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Whatever the file holds, the command answers with a message and exit code 2."""
    cases = {
        "leer.csv": b"",
        "binaer.csv": bytes(range(256)) * 4,
        "kaputt.xlsx": b"PK\x03\x04 not really a zip",
        "kaputt.ods": b"PK\x03\x04" + b"\0" * 100,
        "nur_text.txt": b"irgendwas ohne Tabelle\n",
        "falsch.xlsb": b"\0" * 64,
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        code = main(["score", str(path), "-o", str(tmp_path / "e.xlsx"), "-q"])
        err = capsys.readouterr().err
        assert code == 2, (name, err)
        assert err.startswith("Fehler: ") and "Traceback" not in err, (name, err)
        assert name in err or "Kunden-Nr" in err, (name, err)


@needs_libreoffice
@pytest.mark.parametrize("target", ["ods", "xls"])
def test_case_7_ods_and_xls_written_by_libreoffice(
    xlsx: Factory, tmp_path: Path, target: str
) -> None:
    from tests.libreoffice import convert

    rows = [
        ["Kundenliste"],
        [],
        ["Debitor", "Kundenname", "Nettoumsatz", "Marge %"],
        ["100", "Alpha", 1234.5, 0.25],
        ["101", "Beta", -50, 30],
        ["Summe", None, 1184.5, None],
    ]
    converted = convert(xlsx(rows), tmp_path / "lo", target)
    read = read_customers(converted)
    assert read.header_row == 3
    assert read.frame["kunden_nr"].tolist() == ["100", "101"]
    assert read.frame["umsatz"].tolist() == [1234.5, -50.0]
    assert read.frame["marge"].tolist() == pytest.approx([0.25, 0.30])
    assert [p.row for p in read.problems if p.message == "msg.summenzeile"] == [6]


ERP_ONLY = [
    ["Kunden-Nr", "Name", "Umsatz", "Deckungsbeitrag"],
    ["K1", "Eins", 100, 30],
    ["K2", "Zwei", 200, 60],
    ["K3", "Drei", 300, 90],
]


def test_erp_only_in_kw_portfolio_and_kw_explain() -> None:
    from kundenwert import udfs

    out = udfs.portfolio([list(r) for r in ERP_ONLY])
    head = out[0]
    rows = {r[0]: dict(zip(head, r, strict=True)) for r in out[1:]}
    # each Ist factor (Umsatz, DB, CLV) ranks 0, 50, 100: the Ist-Score is that rank
    assert [rows[k]["Ist-Score"] for k in ("K1", "K2", "K3")] == pytest.approx([0, 50, 100])
    assert {r["Potenzial-Score"] for r in rows.values()} == {""}
    assert {r["Segment"] for r in rows.values()} == {"zu wenige Daten"}
    # ABC: total 600; K3 nobody above (A), K2 300/600 above (A), K1 500/600 above (B)
    assert [rows[k]["ABC"] for k in ("K1", "K2", "K3")] == ["B", "A", "A"]
    explained = udfs.explain([list(r) for r in ERP_ONLY], "K2")
    assert explained[-2][-1] == pytest.approx(50.0) and explained[-1][-1] == ""
    # the weights of this run: Umsatz 30, DB 30, CLV 15 of the 75 the data carry
    weights = {r[0]: r[2] for r in explained[1:-2]}
    assert weights == pytest.approx({"Umsatz": 40.0, "DB nach Betreuungskosten": 40.0, "CLV": 20.0})


def test_header_only_table_in_kw_portfolio_says_no_customer_rows() -> None:
    from xlwings import XlwingsError

    from kundenwert import udfs

    with pytest.raises(XlwingsError, match="keine Kundenzeilen"):
        udfs.portfolio([["Kunden-Nr", "Umsatz"], [None, None]])


def test_erp_only_in_the_bewerten_button() -> None:
    from kundenwert.addin import actions
    from kundenwert.book import plan as p

    run = actions.run_scoring({"Kunden": ERP_ONLY})
    sheets = actions.scoring_sheets(run)
    table = sheets[0].blocks[0]
    assert isinstance(table, p.Table)
    segment = table.header.index("Segment")
    assert [r[segment] for r in table.rows] == ["zu wenige Daten"] * 3
    check = next(b for b in sheets[1].blocks if isinstance(b, p.Table))
    texts = [r[5] for r in check.rows]
    assert any(str(x).startswith("Potenzial-Score: keine Spalte mit Daten") for x in texts)
    # the matrix: no point and no threshold line without potential scores
    matrix = actions.matrix_for(run)
    helper = next(b for b in matrix.blocks if isinstance(b, p.Table) and len(b.header) == 7)
    assert all(v != v for col in helper.rows.columns[1:] for v in col)  # type: ignore[union-attr]
    growth = actions.growth_table_sheet(run, None)
    figures = next(b for b in growth.blocks if isinstance(b, p.Table))
    assert [r[7] for r in figures.rows[:4]] == [0, 0, 0, 0]  # nobody has a segment yet
    # ... but everybody counts in the total: 3 customers, revenue 100 + 200 + 300
    assert [(r[0], r[7], r[8]) for r in figures.rows[4:]] == [
        ("ohne Segment (zu wenige Daten)", 3, 600.0),
        ("Gesamt", 3, 600.0),
    ]


def test_erp_only_in_english(
    xlsx: Factory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "result.xlsx"
    assert main(["score", str(xlsx(ERP_ONLY)), "-o", str(out), "-q", "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "Reference date:" in printed
    assert (
        "Potential score: no column with data; too little data for every customer. Please add "
        "columns: Potential, Cross-selling, Up-selling, Image, Multiplier effect, Referral "
        "willingness, Churn risk." in printed
    )
    ws = openpyxl.load_workbook(out)["Scoring"]
    assert {r[7] for r in ws.iter_rows(min_row=2, values_only=True)} == {"too little data"}


def test_compare_warns_about_different_reference_dates_and_models(
    xlsx: Factory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kundenwert.workbook.sample import generate_portfolio, to_input_rows

    source = xlsx(to_input_rows(generate_portfolio(40, seed=3)))
    old, new = tmp_path / "alt.xlsx", tmp_path / "neu.xlsx"
    assert main(["score", str(source), "-o", str(old), "-q", "--stichtag", "31.12.2025"]) == 0
    assert main(["score", str(source), "-o", str(new), "-q", "--stichtag", "30.06.2026"]) == 0
    capsys.readouterr()
    assert main(["compare", str(old), str(new), "-o", str(tmp_path / "v.xlsx"), "-q"]) == 0
    err = capsys.readouterr().err
    assert "verschiedene Stichtage (alt 31.12.2025, neu 30.06.2026)" in err
    assert "verschiedene Modelle" not in err
    # a second model: the A limit moved on the Konfiguration sheet
    wb = openpyxl.load_workbook(new)
    ws = wb["Konfiguration"]
    row = next(r for r in ws.iter_rows() if r[0].value == "ABC: Grenze A")
    row[1].value = 0.7
    wb.save(new)
    assert main(["compare", str(old), str(new), "-o", str(tmp_path / "v.xlsx"), "-q"]) == 0
    assert "verschiedene Modelle; geändert: abc_a: 0.8 → 0.7" in capsys.readouterr().err


def test_case_5_split_by_region_of_an_sap_export(tmp_path: Path) -> None:
    """Verkaufsgebiet is the region: the export splits into one workbook per region, the totals
    rows in none of them."""
    source = _sap_export(tmp_path / "debitoren.xlsx")
    assert main(["split", str(source), "--by", "Region", "-o", str(tmp_path / "teams"), "-q"]) == 0
    teams = sorted((tmp_path / "teams").glob("*.xlsx"))
    assert [p.stem for p in teams] == ["Region_Nord", "Region_Süd"]
    ids = [read_customers(p).frame["kunden_nr"].tolist() for p in teams]
    # odd positions are Nord, even ones Süd (see _sap_customers)
    assert sorted(ids[0]) == sorted(str(100_001 + i) for i in range(1, 60, 2))
    assert sorted(ids[1]) == sorted(str(100_001 + i) for i in range(0, 60, 2))
