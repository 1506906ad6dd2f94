"""`kundenwert score` on order-line workbooks, end to end through real .xlsx files."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from kundenwert.book import plan as p
from kundenwert.cli import main
from tests.conftest import needs_libreoffice

START = dt.date(2023, 1, 2)
HEADER = ["Belegdatum", "Kundennummer", "Kundenname", "Beleg-Nr", "Menge", "Nettobetrag", "DB"]


def _lines(n_customers: int = 70, seed: int = 3) -> list[list[object]]:
    """Order lines of customers who buy every few weeks, some stopping; K0000 is fixed by hand."""
    rng = np.random.default_rng(seed)
    rows: list[list[object]] = [
        # K0000: 100 + 50 on one day (one purchase day), a credit of 30, then 200
        [dt.date(2024, 12, 2), "K0000", "Alpha GmbH", "A-1", 1, 100.0, 30.0],
        [dt.date(2024, 12, 2), "K0000", "Alpha GmbH", "A-2", 1, 50.0, 15.0],
        [dt.date(2025, 1, 15), "K0000", "Alpha GmbH", "G-1", 1, -30.0, -9.0],
        [dt.date(2025, 6, 30), "K0000", "Alpha GmbH", "A-3", 2, 200.0, 60.0],
    ]
    number = 0
    for c in range(1, n_customers):
        gap = rng.uniform(10, 80)  # days between purchases
        spend = rng.uniform(50, 400)  # this customer's typical order
        stop = rng.uniform(0.02, 0.3)
        day = float(rng.integers(0, 300))
        while day < 900:
            amount = round(float(rng.gamma(6, spend / 6)), 2)
            date = START + dt.timedelta(days=int(day))
            rows.append([date, f"K{c:04d}", f"Firma {c}", f"B-{number}", 1, amount, amount * 0.25])
            number += 1
            if rng.random() < stop:
                break
            day += rng.exponential(gap) + 1
    return rows


@pytest.fixture
def order_book(xlsx: Callable[..., Path]) -> Path:
    lines = [HEADER, *_lines()]
    lines.append([None, "K0001", "Firma 1", "B-x", 1, 10.0, 2.0])  # no date: row 2 + len
    customers = [
        ["Kunden-Nr", "Name", "Region", "Betreuer", "Potenzial", "Image", "Abwanderungsrisiko"],
        ["K0000", "Alpha GmbH & Co. KG", "Nord", "Meier", 5000.0, 4, 0.4],
        ["K0001", None, "Süd", "Schulz", 8000.0, 3, None],
        ["K0002", "Gamma AG", "Süd", "Schulz", 9000.0, 2, None],
    ]
    return xlsx({"Auftragszeilen": lines, "Kunden": customers}, name="erp.xlsx")


def _sheet(path: Path, name: str) -> list[tuple[object, ...]]:
    return list(load_workbook(path, read_only=True, data_only=True)[name].values)


def _records(path: Path, name: str) -> dict[object, dict[object, object]]:
    rows = _sheet(path, name)
    return {r[0]: dict(zip(rows[0], r, strict=False)) for r in rows[1:]}


def test_score_aggregates_lines_and_joins_the_customer_sheet(
    order_book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(order_book), "-o", str(out), "-q"]) == 0
    printed = capsys.readouterr().out
    latest = max(r[0] for r in _lines())
    stichtag = latest + dt.timedelta(days=1)
    assert f"Stichtag: {stichtag.strftime('%d.%m.%Y')}" in printed
    book = load_workbook(out, read_only=True)
    assert "Auftragshistorie" in book.sheetnames
    bewertung = _records(out, "Bewertung")
    assert len(_records(out, "Auftragshistorie")) == 70  # every customer of the lines
    # scored: those with data for both scores (no potential data at all: left out, reported)
    assert 50 < len(bewertung) <= 70
    k0 = bewertung["K0000"]
    # the customer sheet's name wins over the lines'; revenue nets the credit
    assert k0["Name"] == "Alpha GmbH & Co. KG"
    assert k0["Region"] == "Nord"
    # the rep's rating stays; the model fills the churn risk of those without one
    assert (k0["Abwanderungsrisiko"], k0["Quelle Abwanderung"]) == (0.4, "Betreuer")
    k1 = bewertung["K0001"]
    assert k1["Quelle Abwanderung"] == "Modell"
    assert k1["Name"] == "Firma 1"  # blank in the customer sheet: the latest line's name
    history = _records(out, "Auftragshistorie")
    h0 = history["K0000"]
    # current 12 months before the Stichtag hold all four lines only if the Stichtag is
    # within a year of 2024-12-02; the generator's last orders are in 2025
    assert stichtag <= dt.date(2025, 12, 2)
    assert h0["Umsatz"] == pytest.approx(100 + 50 - 30 + 200)
    assert h0["Kauftage"] == 2 and h0["Aufträge"] == 3
    assert h0["Mittlerer Wiederkaufwert"] == pytest.approx(200.0)
    # the fit is reported beside the table
    side = [r for r in _sheet(out, "Auftragshistorie") if any(v == "BG/NBD r" for v in r)]
    assert side, "BG/NBD parameters on the sheet"
    checks = _sheet(out, "Prüfprotokoll")
    assert any(r[1] == len(_lines()) + 2 and r[2] == "Belegdatum" for r in checks)


def test_konfiguration_carries_the_stichtag_and_english_labels(
    order_book: Path, tmp_path: Path
) -> None:
    out = tmp_path / "result.xlsx"
    code = main(["score", str(order_book), "-o", str(out), "-q", "--lang", "en"])
    assert code == 0
    book = load_workbook(out, read_only=True)
    assert "Order history" in book.sheetnames
    rows = _sheet(out, "Order history")
    assert rows[0][:2] == ("Customer ID", "Name")
    config = _sheet(out, "Configuration")
    stichtag = next(r[1] for r in config if r and r[0] == "Reference date")  # its label
    assert isinstance(stichtag, dt.datetime | dt.date)


def test_given_stichtag_cuts_the_lines(order_book: Path, tmp_path: Path) -> None:
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(order_book), "-o", str(out), "-q", "--stichtag", "31.12.2024"]) == 0
    h0 = _records(out, "Auftragshistorie")["K0000"]
    assert h0["Umsatz"] == pytest.approx(150.0)  # the 2025 lines come after the Stichtag
    assert h0["Kauftage"] == 1


def test_a_customer_table_with_repeated_ids_is_refused(
    xlsx: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = xlsx(
        [
            ["Kunden-Nr", "Name", "Umsatz"],
            ["1", "A", 100.0],
            ["2", "B", 50.0],
            ["1", "A", 70.0],
            ["2", "B", 20.0],
            ["1", "A", 30.0],
            ["3", "C", 10.0],
        ]
    )
    # 3 of 6 rows repeat a number: order lines without a date, not a customer table's flaw
    assert main(["score", str(path), "-o", str(tmp_path / "x.xlsx"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "wiederholen eine Kunden-Nr" in err and "Zeile 4" in err and "Datumsspalte" in err
    assert "Traceback" not in err


def test_lines_sheet_named_explicitly_and_lines_without_customer_sheet(
    xlsx: Callable[..., Path], tmp_path: Path
) -> None:
    rows = [["Datum", "Kunden-Nr", "Umsatz"], *[[r[0], r[1], r[5]] for r in _lines(40, seed=9)]]
    path = xlsx({"Tabelle1": rows}, name="nur_zeilen.xlsx")
    out = tmp_path / "e.xlsx"
    assert main(["score", str(path), "-o", str(out), "-q", "--auftraege", "Tabelle1"]) == 0
    kunden = _sheet(out, "Kunden")
    assert kunden[0][0] == "Kunden-Nr" and len(kunden) == 41  # aggregated, one row each
    # the Kunden sheet of the result reads back as a customer table
    again = tmp_path / "again.xlsx"
    assert main(["score", str(out), "-o", str(again), "-q", "--sheet", "Kunden"]) == 0


def test_auftraege_sql_prints_a_query_sqlite_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["auftraege", "--sql", "--stichtag", "31.12.2025"]) == 0
    sql = capsys.readouterr().out
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE auftragszeilen (kunden_nr TEXT, datum TEXT, betrag REAL, auftrag_nr)")
    con.executemany(
        "INSERT INTO auftragszeilen VALUES (?, ?, ?, ?)",
        [
            ("7", "2025-03-01", 100.0, "A1"),
            ("7", "2025-03-01", 20.0, "A2"),
            ("7", "2025-07-01", 50.0, "A3"),
            ("7", "2026-01-02", 999.0, "A4"),
        ],
    )
    (row,) = con.execute(sql).fetchall()
    con.close()
    # kunden_nr, first, last, revenue, previous (unknown: data start 2025), orders, ...
    assert row[:6] == ("7", "2025-03-01", "2025-07-01", 170.0, None, 3)
    assert main(["auftraege"]) == 2


@needs_libreoffice
def test_score_reads_order_lines_from_ods(order_book: Path, tmp_path: Path) -> None:
    from tests import libreoffice as lo

    ods = lo.convert(order_book, tmp_path / "ods", "ods")
    out = tmp_path / "aus_ods.xlsx"
    assert main(["score", str(ods), "-o", str(out), "-q"]) == 0
    h0 = _records(out, "Auftragshistorie")["K0000"]
    assert h0["Umsatz"] == pytest.approx(320.0) and h0["Kauftage"] == 2
    assert _records(out, "Bewertung")["K0000"]["Name"] == "Alpha GmbH & Co. KG"


def test_bewerten_button_aggregates_order_lines_like_the_command(
    order_book: Path, tmp_path: Path
) -> None:
    from kundenwert.addin import actions
    from tests.test_addin import book_cells

    run = actions.run_scoring(book_cells(order_book))
    assert run.history is not None and run.read.sheet == "Auftragszeilen"
    sheets = actions.scoring_sheets(run)
    assert [s.name for s in sheets][:2] == ["Bewertung", "Auftragshistorie"]
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(order_book), "-o", str(out), "-q"]) == 0
    planned = sheets[0].blocks[0]
    assert isinstance(planned, p.Table)
    written = _sheet(out, "Bewertung")
    assert [tuple(planned.header)] == written[:1]
    assert len(planned.rows) == len(written) - 1
    assert [r[0] for r in planned.rows] == [r[0] for r in written[1:]]


def test_order_lines_from_another_file_join_the_customer_workbook(
    xlsx: Callable[..., Path], tmp_path: Path
) -> None:
    lines = xlsx({"Export": [HEADER, *_lines()]}, name="export.xlsx")
    customers = xlsx(
        [["Kunden-Nr", "Name", "Potenzial", "Image"], ["K0000", "Alpha (Stamm)", 5000.0, 5]],
        name="stamm.xlsx",
    )
    out = tmp_path / "e.xlsx"
    assert main(["score", str(customers), "--auftraege", str(lines), "-o", str(out), "-q"]) == 0
    assert _records(out, "Bewertung")["K0000"]["Name"] == "Alpha (Stamm)"
    assert _records(out, "Auftragshistorie")["K0000"]["Umsatz"] == pytest.approx(320.0)


ERP_LINES_CSV = (
    "Belegdatum;Kundennummer;Kundenname;Beleg-Nr;Nettobetrag\r\n"
    "05.03.2025;00101;Müller & Söhne GmbH;R-1;1.200,50\r\n"
    "05.03.2025;00101;Müller & Söhne GmbH;R-2;299,50\r\n"
    "20.06.2025;00101;Müller & Söhne GmbH;G-1;-150,00\r\n"  # a credit note
    "31.12.2025;00101;Müller & Söhne GmbH;R-3;2.000,00\r\n"
    "10.01.2025;00102;Bäckerei Weiß;R-4;80,00\r\n"
    ";00102;Bäckerei Weiß;R-5;500,00\r\n"  # line 7: no date
    "15.11.2025;00102;Bäckerei Weiß;R-6;420,25\r\n"
    "02.02.2025;00103;Öko AG;R-7;1.000,00\r\n"
    "02.02.2025;00103;Öko AG;R-8;3.000,00\r\n"
    "Summe;;;;8.350,25\r\n"  # line 11: the export's total
)


def test_score_on_a_german_erp_csv_of_order_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """cp1252, ';', decimal commas, 31.12.2025 dates: per customer by hand."""
    path = tmp_path / "belege.csv"
    path.write_bytes(ERP_LINES_CSV.encode("cp1252"))
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(path), "-o", str(out), "-q"]) == 0
    assert "Stichtag: 01.01.2026" in capsys.readouterr().out  # the day after 31.12.2025
    history = _records(out, "Auftragshistorie")
    # one row per customer (the sheet's side blocks start in other columns)
    assert sorted(k for k in history if k) == ["00101", "00102", "00103"]  # no "Summe"
    want = {
        # revenue (credit netted), orders (the credit is none), first and last order
        "00101": (1200.50 + 299.50 - 150.00 + 2000.00, 3, (2025, 3, 5), (2025, 12, 31)),
        "00102": (80.00 + 420.25, 2, (2025, 1, 10), (2025, 11, 15)),  # R-5 has no date
        "00103": (1000.00 + 3000.00, 2, (2025, 2, 2), (2025, 2, 2)),
    }
    for cid, (revenue, orders, first, last) in want.items():
        h = history[cid]
        assert h["Umsatz"] == pytest.approx(revenue), cid
        assert h["Aufträge"] == orders, cid
        assert h["Erstauftrag"] == dt.datetime(*first), cid
        assert h["Letzter Auftrag"] == dt.datetime(*last), cid
    assert history["00101"]["Name"] == "Müller & Söhne GmbH"
    assert history["00101"]["Kauftage"] == 2  # 20.06. holds a credit only
    checks = _sheet(out, "Prüfprotokoll")
    header = next(i for i, r in enumerate(checks) if r[:2] == ("Blatt", "Zeile"))
    rows = [r for r in checks[header + 1 :] if r[0] == "belege.csv" and r[1] is not None]
    assert ("belege.csv", 11, None, None, "Summe") in [r[:5] for r in rows]
    assert ("belege.csv", 7, "Belegdatum", "00102", None) in [r[:5] for r in rows]
    assert all(r[6] == "Zeile übersprungen" for r in rows if r[1] in (7, 11))
    assert {r[1] for r in rows} == {7, 11}  # no other line is reported
    notes = {r[4] for r in checks[header + 1 :] if r[0] == "belege.csv" and r[1] is None}
    assert {"cp1252", ";", ",", "dmy"} <= notes  # each detection shown


def _sql_table(rows: list[tuple[object, ...]]) -> sqlite3.Connection:
    con = sqlite3.connect(":memory:")
    con.execute(
        "CREATE TABLE auftragszeilen (kunden_nr TEXT, datum TEXT, betrag REAL, auftrag_nr TEXT,"
        " name TEXT, region TEXT, betreuer TEXT)"
    )
    con.executemany("INSERT INTO auftragszeilen VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    return con


SQL_LINES: list[tuple[object, ...]] = [
    ("7", "2025-03-01", 100.0, "A1", "Alt GmbH", "Nord", "Frau Kunz"),
    ("7", "2025-07-01", 50.0, "A2", "Neu GmbH", " ", None),
    ("7", "2026-01-02", 999.0, "A3", "Später AG", "Süd", "Herr Lang"),  # after the Stichtag
    (None, "2025-04-01", 10.0, "A4", "?", None, None),
    ("8", None, 20.0, "A5", "Beta", None, None),
    ("8", "2025-05-01", None, "A6", "Beta", None, None),
    ("8", "2025-05-02", 30.0, None, "  Beta KG ", "West", None),
]


def test_auftraege_sql_with_texts_and_the_check_query(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["auftraege", "--sql", "--stichtag", "31.12.2025", "--name", "--region", "--betreuer"]
    assert main(args) == 0
    out = capsys.readouterr()
    assert "--pruefung" in out.err  # the hint where to see the lines left out
    con = _sql_table(SQL_LINES)
    result = con.execute(out.out).fetchall()
    # kunden_nr, name, region, betreuer (the latest non-blank of the lines up to the
    # Stichtag), first and last order, revenue
    assert [r[:7] for r in result] == [
        ("7", "Neu GmbH", "Nord", "Frau Kunz", "2025-03-01", "2025-07-01", 150.0),
        ("8", "Beta KG", "West", None, "2025-05-02", "2025-05-02", 30.0),
    ]
    assert main([*args, "--pruefung"]) == 0
    check = con.execute(capsys.readouterr().out).fetchall()
    # one row per line left out, sorted by reason
    assert [(r[0], r[4], r[-1]) for r in check] == [
        ("7", "Später AG", "nach dem Stichtag 2025-12-31"),
        ("8", "Beta", "ohne Betrag"),
        ("8", "Beta", "ohne Datum"),
        (None, "?", "ohne Kunden-Nr"),
    ]
    assert len(check[0]) == 8  # the line's seven columns and the reason
    assert main([*args, "--pruefung", "--ohne-auftrag-nr", "--lang", "en"]) == 0
    check = con.execute(capsys.readouterr().out).fetchall()
    con.close()
    assert sorted(r[-1] for r in check) == [
        "after the reference date 2025-12-31",
        "no amount",
        "no customer number",
        "no date",
    ]
    assert len(check[0]) == 7  # without auftrag_nr
