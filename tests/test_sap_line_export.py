"""An SAP billing-document export as a controller gets it (VF05-style headers, trailing
minus on credits, a currency column), scored end to end from a Windows-1252 CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kundenwert.cells.line_table import line_header
from kundenwert.cli import main

HEADER = "Fakturadatum;Kunde;Name 1;Faktura;Nettowert;Währung"
LINES = [
    "15.01.2025;100017;Müller GmbH;90000001;1.200,00;EUR",  # file line 2
    "15.01.2025;100017;Müller GmbH;90000002;300,00;EUR",  # same day: one purchase day
    "10.03.2025;100017;Müller GmbH;90000003;250,00-;EUR",  # credit, SAP's trailing minus
    "02.06.2025;100017;Müller & Söhne GmbH;90000004;800,00;",  # no currency: read as EUR
    "20.02.2025;100023;Schulz AG;90000005;2.000,00;EUR",
    "20.03.2025;100023;Schulz AG;90000006;5.000,00;USD",  # another currency: left out
    "01.07.2025;100023;Schulz AG;90000007;1.000,00;eur",  # the same currency in lower case
    "30.09.2025;100031;Lange KG;90000008;400,00;EUR",
    "30.09.2025;100031;Lange KG;90000009;100,00;EUR",
]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "VF05_Fakturen.csv"
    path.write_bytes(("\r\n".join([HEADER, *LINES]) + "\r\n").encode("cp1252"))
    return path


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return list(load_workbook(path, read_only=True, data_only=True)[sheet].values)


def _history(path: Path) -> dict[object, dict[object, object]]:
    """The Auftragshistorie sheet of a result: per customer number, its figures by header."""
    header, *rows = _rows(path, "Auftragshistorie")
    return {r[0]: dict(zip(header, r, strict=True)) for r in rows if r[0]}


def test_kunde_is_the_number_when_no_number_column_exists() -> None:
    index, found = line_header([HEADER.split(";")])
    assert index == 0
    # Kunde (column 1) holds the number, Name 1 (column 2) the name
    assert (found["kunden_nr"], found["name"], found["datum"]) == (1, 2, 0)
    assert (found["auftrag_nr"], found["betrag"], found["waehrung"]) == (3, 4, 5)
    # with a number column beside it, "Kunde" stays the name
    index, found = line_header([["Datum", "Kundennummer", "Kunde", "Betrag"]])
    assert (found["kunden_nr"], found["name"]) == (1, 2)


def test_sap_export_scores_with_credits_and_one_currency(export: Path, tmp_path: Path) -> None:
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(export), "-o", str(out), "-q", "--stichtag", "31.12.2025"]) == 0
    history = _history(out)
    k17, k23, k31 = history["100017"], history["100023"], history["100031"]
    # 1,200 + 300 − 250 + 800; the credit nets, the blank currency counts as EUR
    assert k17["Umsatz"] == pytest.approx(2050.0)
    assert k17["Kauftage"] == 2  # 15.01 (two invoices) and 02.06; the credit day is none
    assert k17["Aufträge"] == 3  # three invoices; the credit is no order
    assert k17["Name"] == "Müller & Söhne GmbH"  # the latest name
    # 2,000 + 1,000 in EUR; the 5,000 USD line is left out, not converted
    assert k23["Umsatz"] == pytest.approx(3000.0)
    assert k23["Aufträge"] == 2
    assert k31["Umsatz"] == pytest.approx(500.0)
    assert k31["Kauftage"] == 1
    assert k31["Erstauftrag"] == dt.datetime(2025, 9, 30)

    report = _rows(out, "Prüfprotokoll")
    head = next(i for i, r in enumerate(report) if r[0] == "Blatt")
    findings = [r for r in report[head + 1 :] if r[0] == export.name]
    usd = [r for r in findings if r[4] == "USD"]
    assert len(usd) == 1
    assert usd[0][1:4] == (7, "Währung", "100023")  # file line 7
    assert "EUR" in str(usd[0][5]) and usd[0][6] == "Zeile übersprungen"
    blank = [r for r in findings if r[2] == "Währung" and r[1] is None]
    assert len(blank) == 1 and blank[0][5] == "Zeilen ohne Währung (1): als EUR gelesen"
    stichtag = [r for r in findings if str(r[5]).startswith("Stichtag 31.12.2025")]
    assert len(stichtag) == 1 and "(festgelegt)" in str(stichtag[0][5])
    mapping = {r[0]: r[1] for r in report if r[0] in HEADER.split(";")}
    assert mapping == {
        "Fakturadatum": "Datum",
        "Kunde": "Kunden-Nr",
        "Name 1": "Name",
        "Faktura": "Auftrags-Nr",
        "Nettowert": "Betrag",
        "Währung": "Währung",
    }


def test_default_stichtag_of_an_order_history_says_where_it_came_from(
    export: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(export), "-o", str(out), "-q"]) == 0
    texts = [str(r[5]) for r in _rows(out, "Prüfprotokoll") if r and len(r) > 5]
    # the day after the latest order (30.09.2025), as on the console
    assert any(x.startswith("Stichtag 01.10.2025 (Tag nach dem letzten Auftrag)") for x in texts), (
        texts
    )


def test_ledger_export_reads_net_sales_and_leaves_payments_out(
    xlsx: Callable[..., Path], tmp_path: Path
) -> None:
    """A Business Central customer ledger (Debitorenposten): 'Betrag' includes VAT and
    payments are lines too. The net sales column is read, payments are left out and listed."""
    header = [
        "Buchungsdatum",
        "Belegart",
        "Belegnr.",
        "Debitorennr.",
        "Beschreibung",
        "Betrag",
        "Betrag (MW)",
        "Verkauf (MW)",
    ]
    rows: list[list[object]] = [
        header,
        [dt.date(2025, 2, 3), "Rechnung", "VR-101", "D10000", "Rechnung", 1190.0, 1190.0, 1000.0],
        [dt.date(2025, 3, 1), "Zahlung", "ZA-7", "D10000", "Zahlung", -1190.0, -1190.0, 0.0],
        [dt.date(2025, 4, 9), "Rechnung", "VR-102", "D10000", "Rechnung", 595.0, 595.0, 500.0],
        [dt.date(2025, 5, 2), "Gutschrift", "VG-9", "D10000", "Gutschrift", -119.0, -119.0, -100.0],
        [dt.date(2025, 6, 5), "Rechnung", "VR-103", "D20000", "Rechnung", 2380.0, 2380.0, 2000.0],
        [dt.date(2025, 7, 1), "Zahlung", "ZA-8", "D20000", "Zahlung", -2380.0, -2380.0, 0.0],
    ]
    source = xlsx({"Debitorenposten": rows}, name="bc.xlsx")
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q", "--stichtag", "31.12.2025"]) == 0
    history = _history(out)
    d1, d2 = history["D10000"], history["D20000"]
    assert d1["Umsatz"] == pytest.approx(1000.0 + 500.0 - 100.0)  # net, without VAT
    assert d1["Kauftage"] == 2  # the payment day is no purchase day
    assert d1["Aufträge"] == 2
    assert d2["Umsatz"] == pytest.approx(2000.0)
    assert d2["Kauftage"] == 1
    report = _rows(out, "Prüfprotokoll")
    payments = [r for r in report if r and r[0] == "Debitorenposten" and r[4] == "Zahlung"]
    assert [(r[1], r[2], r[3], r[6]) for r in payments] == [
        (3, "Belegart", "D10000", "Zeile übersprungen"),
        (7, "Belegart", "D20000", "Zeile übersprungen"),
    ]
    mapping = {r[0]: r[1] for r in report if r and r[0] in header}
    assert mapping["Verkauf (MW)"] == "Betrag"
    assert mapping["Betrag"] is None and mapping["Betrag (MW)"] is None


def test_cancelled_lines_and_lost_opportunities_are_no_sales(
    xlsx: Callable[..., Path], tmp_path: Path
) -> None:
    """A 'Storniert' flag (SAP's X, or 1) and a status such as 'Closed Lost' leave the line
    out, each listed; other states are read."""
    header = ["Datum", "Kunden-Nr", "Beleg-Nr", "Betrag", "Storniert", "Status"]
    rows: list[list[object]] = [
        header,
        [dt.date(2025, 2, 3), "K1", "R1", 100.0, None, "Closed Won"],  # line 2: read
        [dt.date(2025, 3, 3), "K1", "R2", 900.0, "X", "Closed Won"],  # 3: cancelled (X)
        [dt.date(2025, 4, 3), "K1", "R3", 50.0, 1.0, None],  # 4: cancelled (1)
        [dt.date(2025, 5, 3), "K1", "R4", 70.0, None, "offen"],  # 5: read
        [dt.date(2025, 6, 3), "K2", "R5", 500.0, None, "Closed Lost"],  # 6: lost
        [dt.date(2025, 7, 3), "K2", "R6", 40.0, None, "storniert"],  # 7: cancelled
        [dt.date(2025, 8, 3), "K2", "R7", 30.0, None, "geliefert"],  # 8: read
    ]
    source = xlsx({"Auftragszeilen": rows}, name="status.xlsx")
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q", "--stichtag", "31.12.2025"]) == 0
    history = _history(out)
    assert history["K1"]["Umsatz"] == pytest.approx(170.0)
    assert history["K1"]["Aufträge"] == 2
    assert history["K2"]["Umsatz"] == pytest.approx(30.0)
    report = _rows(out, "Prüfprotokoll")
    skipped = sorted(
        (r[1], r[2])
        for r in report
        if r and r[0] == "Auftragszeilen" and r[6] == "Zeile übersprungen"
    )
    assert skipped == [(3, "Storniert"), (4, "Storniert"), (6, "Status"), (7, "Status")]


def test_margin_cells_above_one_are_percent_points_cell_by_cell(
    xlsx: Callable[..., Path], tmp_path: Path
) -> None:
    """A margin column mixing 25 (percent points) with 0.2 (a share): each cell read as it
    means, each converted one listed, never the whole column divided."""
    header = ["Datum", "Kunden-Nr", "Beleg-Nr", "Betrag", "Marge"]
    rows: list[list[object]] = [
        header,
        [dt.date(2025, 2, 3), "K1", "R1", 100.0, 25.0],  # line 2: 25 % → 25
        [dt.date(2025, 3, 3), "K1", "R2", 200.0, 0.2],  # line 3: a share → 40
        [dt.date(2025, 4, 3), "K2", "R3", 50.0, 0.5],  # line 4: → 25
        [dt.date(2025, 5, 3), "K2", "R4", 50.0, 0.5],
    ]
    source = xlsx({"Auftragszeilen": rows}, name="marge.xlsx")
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q", "--stichtag", "31.12.2025"]) == 0
    history = _history(out)
    assert history["K1"]["Deckungsbeitrag"] == pytest.approx(25.0 + 40.0)
    assert history["K2"]["Deckungsbeitrag"] == pytest.approx(50.0)
    report = _rows(out, "Prüfprotokoll")
    converted = [(r[1], r[2], r[4]) for r in report if r and r[6] == "Wert umgerechnet"]
    assert converted == [(2, "Marge", 25)]
