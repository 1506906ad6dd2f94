"""Issue 19: the first run on a controller's own data gives the matrix.

Each case is a real file built here (an .xlsx and a Windows-1252 CSV as ERPs write them); each
expected value is worked out by hand in the comments.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from kundenwert.cli import main

Factory = Callable[..., Path]

ERP_HEADER = [
    "Kunden-Nr",
    "Name",
    "Region",
    "Betreuer",
    "Umsatz",
    "Umsatz Vorjahr",
    "Deckungsbeitrag",
    "Aufträge",
    "Potenzial",
]
# An ERP export with the reps' potential estimates and no soft ratings.
ERP_ROWS: list[list[object]] = [
    ["K1", "Adler GmbH", "Nord", "Kuhn", 100_000, 90_000, 30_000, 20, 300_000],
    ["K2", "Becker KG", "Nord", "Kuhn", 50_000, 60_000, 12_000, 10, 80_000],
    ["K3", "Conrad AG", "Süd", "Lang", 20_000, 20_000, 6_000, 8, 200_000],
    ["K4", "Dietz OHG", "Süd", "Lang", 80_000, 70_000, 20_000, 30, 100_000],
    ["K5", "Engel e.K.", "West", "Roth", 5_000, 4_000, 1_000, 5, 10_000],
    ["K6", "Fuchs GmbH", "West", "Roth", 150_000, 140_000, 45_000, 40, 160_000],
]


def _cp1252_csv(path: Path, rows: list[list[object]]) -> Path:
    """A German ERP CSV: semicolons, decimal comma, thousands dot, Windows-1252."""

    def cell(v: object) -> str:
        if isinstance(v, int):
            return f"{v:,}".replace(",", ".")
        return str(v)

    text = "\r\n".join(";".join(cell(v) for v in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode("cp1252"))
    return path


def _sheet(path: Path, name: str) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path)[name]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=False)) for r in rows[1:] if r[0] is not None]


def _checks(path: Path) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(path)["Prüfprotokoll"]
    return [tuple(r) for r in ws.iter_rows(min_row=5, values_only=True) if any(r)]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_erp_export_with_potential_gives_the_matrix(
    kind: str, xlsx: Factory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [ERP_HEADER, *ERP_ROWS]
    source = xlsx(rows) if kind == "xlsx" else _cp1252_csv(tmp_path / "kunden.csv", rows)
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q", "--stichtag", "31.12.2025"]) == 0
    console = capsys.readouterr().out
    # No customer has Wiederkaufrate or Kooperation: the run's Ist model is Umsatz 30, DB nach
    # Betreuungskosten 30 and CLV 15 of 75, i.e. 40 / 40 / 20 %; the Potenzial model is
    # Ungenutztes Potenzial alone (35 of 35).
    assert "Ist-Score aus: Umsatz 40 %, DB nach Betreuungskosten 40 %, CLV 20 %" in console
    assert "Potenzial-Score aus: Ungenutztes Potenzial 100 %" in console
    scored = {r["Kunden-Nr"]: r for r in _sheet(out, "Bewertung")}
    # Revenue ascending: K5 5k < K3 20k < K2 50k < K4 80k < K1 100k < K6 150k. DB after cost
    # (DB − 60 € per order): K5 700, K3 5,520, K2 11,400, K4 18,200, K1 28,800, K6 42,600 and
    # the CLV that grows with it give the same order, so the percentile ranks 0, 20, ..., 100
    # are the Ist-Scores.
    ist = {"K5": 0, "K3": 20, "K2": 40, "K4": 60, "K1": 80, "K6": 100}
    # Untapped potential = potential − revenue: K1 200k, K2 30k, K3 180k, K4 20k, K5 5k, K6 10k;
    # ascending K5, K6, K4, K2, K3, K1.
    pot = {"K5": 0, "K6": 20, "K4": 40, "K2": 60, "K3": 80, "K1": 100}
    for cid in ist:
        assert scored[cid]["Ist-Score"] == pytest.approx(ist[cid])
        assert scored[cid]["Potenzial-Score"] == pytest.approx(pot[cid])
        assert scored[cid]["Datenabdeckung"] == pytest.approx(1.0)
    # both thresholds are the medians, 50: above/below on each axis
    segments = {cid: scored[cid]["Segment"] for cid in ist}
    assert segments == {
        "K1": "Topkunde",
        "K2": "Wachstumskunde",
        "K3": "Wachstumskunde",
        "K4": "Stammkunde",
        "K5": "Kleinkunde",
        "K6": "Stammkunde",
    }
    # the contribution columns' headers carry each factor's weight in this run
    header = list(next(iter(scored.values())))
    assert "Beitrag Umsatz (40 %)" in header and "Beitrag CLV (20 %)" in header
    assert "Beitrag Ungenutztes Potenzial (100 %)" in header
    texts = [str(r[5]) for r in _checks(out)]
    assert not [x for x in texts if "zu wenige Daten" in x]
    assert any(
        x.startswith("Potenzial-Score beruht in diesem Lauf auf einem einzigen") for x in texts
    )
    # six customers: computed, but the matrix and the check sheet say it rests on very few
    assert any(x.startswith("Nur 6 Kunden in der Matrix") for x in texts)
    matrix = openpyxl.load_workbook(out)["Matrix"]
    notes = [matrix.cell(row=r, column=1).value for r in range(33, 36)]
    assert str(notes[0]).startswith("Nur 6 Kunden in der Matrix")
    # Konfiguration shows each factor's weight in this run beside the configured one
    conf = openpyxl.load_workbook(out)["Konfiguration"]
    used = {
        conf.cell(row=r, column=1).value: conf.cell(row=r, column=14).value
        for r in range(1, 40)
        if conf.cell(row=r, column=14).value is not None
    }
    assert used["Umsatz"] == pytest.approx(0.4)
    assert used["CLV"] == pytest.approx(0.2)
    assert used["Ungenutztes Potenzial"] == pytest.approx(1.0)
    assert used["Image"] == "entfällt (keine Daten)"


def test_erp_figures_only_say_on_the_matrix_what_to_add(xlsx: Factory, tmp_path: Path) -> None:
    rows = [ERP_HEADER[:-1], *[r[:-1] for r in ERP_ROWS]]
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(xlsx(rows)), "-o", str(out), "-q"]) == 0
    matrix = openpyxl.load_workbook(out)["Matrix"]
    lines = [matrix.cell(row=r, column=1).value for r in range(33, 40)]
    assert lines[0] == "Keine Matrix: der Potenzial-Score hat keine Daten."
    assert str(lines[1]).startswith("Bitte Spalten ergänzen: Potenzial, Cross-Selling")
    assert any("kundenwert split" in str(x) for x in lines)
    # the current-value side stands: Ist-Score and ABC for all six. Revenue share of the
    # customers above (total 405k): K6 0 %, K1 37 %, K4 62 % → A; K2 81 %, K3 94 % → B;
    # K5 99 % → C
    scored = {r["Kunden-Nr"]: r for r in _sheet(out, "Bewertung")}
    assert all(r["Ist-Score"] is not None for r in scored.values())
    assert {k: r["ABC"] for k, r in scored.items()} == {
        "K1": "A",
        "K2": "B",
        "K3": "B",
        "K4": "A",
        "K5": "C",
        "K6": "A",
    }


LINE_HEADER = ["Belegdatum", "Kundennummer", "Kundenname", "Region", "Beleg-Nr", "Nettobetrag"]
# Lines whose customer numbers lost the sheet's leading zeros, plus one customer (999) the
# sheet does not list. Stichtag 31.12.2025: current period 2025, previous period 2024.
SHEET_LINES: list[list[object]] = [
    ["15.03.2024", 101, "Adler", "Nord", "R1", 1000],
    ["10.02.2025", 101, "Adler", "Nord", "R2", 2000],
    ["10.09.2025", 101, "Adler", "Nord", "R3", 3000],
    ["01.06.2025", 102, "Becker", "Nord", "R4", 500],
    ["05.05.2024", 103, "Conrad", "Süd", "R5", 800],
    ["02.01.2024", 104, "Dietz", "Süd", "R6", 100],
    ["20.12.2025", 104, "Dietz", "Süd", "R7", 900],
    ["01.03.2025", 999, "Neu alt", "Ost", "R8", 20],
    ["01.07.2025", 999, "Neu GmbH", "Ost", "R9", 50],
]
SHEET = [
    ["Kunden-Nr", "Name", "Region", "Potenzial"],
    ["000101", "Adler GmbH", "Nord", 20_000],
    ["000102", "Becker KG", "Nord", 5_000],
    ["000103", "Conrad AG", "Süd", 3_000],
    ["000104", "Dietz OHG", "Süd", 4_000],
    ["000105", "Engel e.K.", "West", 9_000],
    ["000106", "Fuchs GmbH", "West", 1_000],
]


@pytest.mark.parametrize("where", ["same_book", "csv_beside"])
def test_order_lines_join_the_customer_sheet_whatever_the_two_sides_hold(
    where: str, xlsx: Factory, tmp_path: Path
) -> None:
    lines = [LINE_HEADER, *SHEET_LINES]
    if where == "same_book":
        source = xlsx({"Kunden": SHEET, "Auftragszeilen": lines}, name="erp.xlsx")
        extra: list[str] = []
    else:
        source = xlsx({"Kunden": SHEET}, name="stamm.xlsx")
        extra = ["--auftraege", str(_cp1252_csv(tmp_path / "belege.csv", lines))]
    out = tmp_path / "ergebnis.xlsx"
    args = ["score", str(source), *extra, "-o", str(out), "-q", "--stichtag", "31.12.2025"]
    assert main(args) == 0
    customers = {r["Kunden-Nr"]: r for r in _sheet(out, "Kunden")}
    # every customer of both sides, the sheet's numbers kept
    assert sorted(customers) == ["000101", "000102", "000103", "000104", "000105", "000106", "999"]
    revenue = {k: r["Umsatz"] for k, r in customers.items()}
    previous = {k: r["Umsatz Vorjahr"] for k, r in customers.items()}
    # 101: 2,000 + 3,000 in 2025, 1,000 in 2024; 103 bought only in 2024; 104: 900 / 100;
    # 105 and 106 have no lines: 0 in both periods the lines cover; 999: 20 + 50
    assert revenue == {
        "000101": 5000,
        "000102": 500,
        "000103": 0,
        "000104": 900,
        "000105": 0,
        "000106": 0,
        "999": 70,
    }
    assert previous["000101"] == 1000 and previous["000103"] == 800
    assert previous["000105"] == 0 and previous["000106"] == 0
    # name and region from the sheet where it has them, else from the latest line
    assert customers["000101"]["Name"] == "Adler GmbH"
    assert customers["999"]["Name"] == "Neu GmbH" and customers["999"]["Region"] == "Ost"
    scored = {r["Kunden-Nr"]: r for r in _sheet(out, "Bewertung")}
    # 102's first order (01.06.2025) lies in the 12 months and the lines reach back to 2024
    # without an order of it: new, so O
    assert scored["000102"]["Phase"] == "Neukunde" and scored["000102"]["ABC"] == "O"
    assert scored["000103"]["Phase"] == "Ruhend"  # last order 05.05.2024
    texts = [str(r[5]) for r in _checks(out)]
    joined = [x for x in texts if "ohne führende Nullen" in x]
    assert len(joined) == 4  # 101, 102, 103, 104, each listed
    assert any(
        "2 Kunden des Kundenblatts ohne Zeilen" in x and "000105, 000106" in x for x in texts
    )
    assert any("1 Kunden nur in den Auftragszeilen" in x and x.endswith(": 999") for x in texts)


def test_a_number_that_matches_two_sheet_rows_without_zeros_is_not_joined(
    xlsx: Factory, tmp_path: Path
) -> None:
    # '0101' and '00101' both lose their zeros to '101': the match is not unique
    sheet = [["Kunden-Nr", "Name", "Potenzial"], ["0101", "Eins", 100], ["00101", "Zwei", 200]]
    lines = [
        LINE_HEADER,
        ["10.02.2025", 101, "X", "Nord", "R1", 1000],
        ["10.03.2025", 101, "X", "Nord", "R2", 500],
    ]
    source = xlsx({"Kunden": sheet, "Auftragszeilen": lines}, name="erp.xlsx")
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q", "--stichtag", "31.12.2025"]) == 0
    customers = {r["Kunden-Nr"]: r["Umsatz"] for r in _sheet(out, "Kunden")}
    assert customers == {"0101": 0, "00101": 0, "101": 1500}


# One calendar year of lines (a yearly export): nobody can be shown to be new.
YEAR_LINES: list[list[object]] = [
    ["02.01.2025", "S1", "Shop Eins", "Nord", "R1", 2000],
    ["14.05.2025", "S1", "Shop Eins", "Nord", "R2", 2000],
    ["20.08.2025", "S1", "Shop Eins", "Nord", "R3", 2000],
    ["18.11.2025", "S1", "Shop Eins", "Nord", "R4", 2000],
    ["03.03.2025", "S2", "Shop Zwei", "Süd", "R5", 1000],
    ["30.12.2025", "S2", "Shop Zwei", "Süd", "R6", 500],
    ["16.06.2025", "S3", "Shop Drei", "Süd", "R7", 500],
]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_yearly_line_export_makes_nobody_new_and_gets_abc_and_an_ist_score(
    kind: str, xlsx: Factory, tmp_path: Path
) -> None:
    rows = [LINE_HEADER, *YEAR_LINES]
    source = xlsx(rows) if kind == "xlsx" else _cp1252_csv(tmp_path / "jahr.csv", rows)
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q"]) == 0
    scored = {r["Kunden-Nr"]: r for r in _sheet(out, "Bewertung")}
    # Stichtag 31.12.2025 (day after the last line): the lines begin 02.01.2025, inside the
    # 12 months, so nobody is O for being new. Revenue 8,000 / 1,500 / 500 of 10,000: the
    # share above S2 is 80 % (not below 80 %: B), above S3 95 % (C)
    assert {k: r["ABC"] for k, r in scored.items()} == {"S1": "A", "S2": "B", "S3": "C"}
    assert all(r["Phase"] != "Neukunde" for r in scored.values())
    customers = {r["Kunden-Nr"]: r for r in _sheet(out, "Kunden")}
    assert all(r["Umsatz Vorjahr"] is None for r in customers.values())  # 2024 is not covered
    # Repurchase rate: quarters up to the Stichtag (01.10.–31.12., 01.07.–30.09.,
    # 01.04.–30.06., 01.01.–31.03.), all covered by data starting 02.01.2025:
    # S1 ordered in all four (1.0), S2 in Q1 and Q4 (0.5), S3 in Q2 (0.25)
    rate = {k: r["Wiederkaufrate"] for k, r in customers.items()}
    assert rate == pytest.approx({"S1": 1.0, "S2": 0.5, "S3": 0.25})
    # Ist-Score = Umsatz (rank: 100, 50, 0) 30 and Wiederkaufrate (min-max: 100, 33.3, 0) 10,
    # renormalised to 75 / 25 %: S2 = 0.75 × 50 + 0.25 × 33.33 = 45.83
    ist = {k: r["Ist-Score"] for k, r in scored.items()}
    assert ist == pytest.approx({"S1": 100.0, "S2": 0.75 * 50 + 0.25 * 100 / 3, "S3": 0.0})
    texts = [str(r[5]) for r in _checks(out)]
    assert any(x.startswith("Die Auftragshistorie beginnt am 2025-01-02") for x in texts)


def test_lines_without_a_margin_give_a_model_clv_on_revenue(xlsx: Factory, tmp_path: Path) -> None:
    from tests.test_order_lines_cli import HEADER, _lines

    with_db = [HEADER, *_lines()]
    # the same lines without the DB column (every line's DB is 25 % of its amount)
    without = [row[:-1] for row in with_db]
    out_db, out_rev = tmp_path / "db.xlsx", tmp_path / "umsatz.xlsx"
    assert main(["score", str(xlsx(with_db, name="a.xlsx")), "-o", str(out_db), "-q"]) == 0
    assert main(["score", str(xlsx(without, name="b.xlsx")), "-o", str(out_rev), "-q"]) == 0
    rev = {r["Kunden-Nr"]: r for r in _sheet(out_rev, "Bewertung")}
    db = {r["Kunden-Nr"]: r for r in _sheet(out_db, "Bewertung")}
    modelled = [k for k, r in rev.items() if r["Quelle CLV"] == "Modell (Umsatzbasis)"]
    assert len(modelled) > 20
    # the fits do not depend on the margin: with DB = 25 % of every line, the contribution
    # CLV is a quarter of the revenue CLV, customer by customer; K0000's lines carry
    # DB 30 + 15 − 9 + 60 = 96 on 100 + 50 − 30 + 200 = 320, a margin of 30 %
    for k in modelled:
        assert db[k]["Quelle CLV"] == "Modell"
        share = 0.3 if k == "K0000" else 0.25
        assert db[k]["CLV"] == pytest.approx(share * rev[k]["CLV (Umsatzbasis)"], rel=1e-9)
    texts = [str(r[5]) for r in _checks(out_rev)]
    assert any("der Modell-CLV ist auf Umsatzbasis berechnet" in x for x in texts)


def _fifteen() -> list[list[object]]:
    header = ["Kunden-Nr", "Name", "Umsatz", "Deckungsbeitrag", "Potenzial"]
    body: list[list[object]] = [
        [f"K{i:02d}", f"Firma {i}", 1000 * i, 300 * i, 5000 + 700 * i] for i in range(1, 16)
    ]
    return [header, *body]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_one_duplicate_row_is_left_out_and_listed_not_a_refusal(
    kind: str, xlsx: Factory, tmp_path: Path
) -> None:
    rows = _fifteen()
    rows.insert(6, ["K03", "Firma 3 (Dublette)", 3000, 900, 7100])  # sheet row 7 repeats row 4
    source = xlsx(rows) if kind == "xlsx" else _cp1252_csv(tmp_path / "kunden.csv", rows)
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q"]) == 0
    scored = _sheet(out, "Bewertung")
    assert sorted(r["Kunden-Nr"] for r in scored) == [f"K{i:02d}" for i in range(1, 16)]
    assert {r["Kunden-Nr"]: r["Name"] for r in scored}["K03"] == "Firma 3"
    (row,) = [r for r in _checks(out) if r[3] == "K03"]
    assert row[1:3] == (7, "Kunden-Nr")
    assert (
        row[5] == "eine Zeile je Kunde; Wiederholung von Zeile 4 mit denselben Zahlen, ausgelassen"
    )


def test_a_repeated_number_with_other_figures_keeps_the_first_row_as_a_conflict(
    xlsx: Factory, tmp_path: Path
) -> None:
    rows = _fifteen()
    rows.append(["K05", "Firma 5 neu", 6500, 1500, 8500])  # row 17; row 6 has 5000/1500/8500
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(xlsx(rows)), "-o", str(out), "-q"]) == 0
    scored = {r["Kunden-Nr"]: r for r in _sheet(out, "Bewertung")}
    assert len(scored) == 15 and scored["K05"]["Umsatz"] == 5000
    (row,) = [r for r in _checks(out) if r[3] == "K05"]
    assert row[1:5] == (17, "Kunden-Nr", "K05", "Umsatz: 6500 (5000)")
    assert "schon in Zeile 6 mit anderen Werten" in str(row[5])


EXTREME = ("1501", "0301", "9999")  # DATEV's four-digit Belegdatum, read as years


def _rows_by_sheet(path: Path) -> dict[tuple[object, object], tuple[object, ...]]:
    """Check-sheet rows by (sheet, row) for the rows that name one."""
    return {(r[0], r[1]): r for r in _checks(path) if isinstance(r[1], int)}


def test_extreme_dates_in_every_reader_are_listed_and_ignored(
    xlsx: Factory, tmp_path: Path
) -> None:
    import datetime as dt

    # order lines in a cp1252 CSV: three DATEV-style day numbers, three good lines
    lines = [
        ["Belegdatum", "Kundennummer", "Belegnr", "Nettobetrag"],
        *[[d, "1001", f"R{i}", 100] for i, d in enumerate(EXTREME)],
        ["05.03.2025", "1001", "R4", 10],
        ["06.03.2025", "1002", "R5", 20],
        ["07.03.2025", "1002", "R6", 30],
    ]
    out = tmp_path / "zeilen.xlsx"
    assert main(["score", str(_cp1252_csv(tmp_path / "z.csv", lines)), "-o", str(out), "-q"]) == 0
    found = _rows_by_sheet(out)
    assert [found[("z.csv", r)][4] for r in (2, 3, 4)] == list(EXTREME)
    assert {found[("z.csv", r)][6] for r in (2, 3, 4)} == {"Zeile übersprungen"}
    revenue = {r["Kunden-Nr"]: r["Umsatz"] for r in _sheet(out, "Kunden")}
    assert revenue == {"1001": 10, "1002": 50}

    # order lines in an .xlsx: SAP's 31.12.9999 as a real date cell, and a number 1501
    end = dt.datetime(9999, 12, 31)
    book = xlsx(
        [
            ["Datum", "Kunden-Nr", "Beleg", "Betrag"],
            [end, "1", "a", 10],
            [dt.datetime(2025, 1, 1), "1", "b", 10],
            [dt.datetime(2025, 2, 1), "2", "c", 10],
            [dt.datetime(2025, 3, 1), "2", "d", 10],
            [1501, "2", "e", 10],
        ],
        name="zeilen.xlsx",
    )
    out = tmp_path / "zeilen_xlsx.xlsx"
    assert main(["score", str(book), "-o", str(out), "-q"]) == 0
    found = _rows_by_sheet(out)
    assert {r for (_, r) in found} == {2, 6}

    # a customer table (.xlsx) with a contact log: first-order, last-order and contact dates
    customers = [
        ["Kunden-Nr", "Umsatz", "Erstauftrag", "Letzter Auftrag"],
        ["K1", 100, end, dt.datetime(2024, 5, 1)],
        ["K2", 200, dt.datetime(2020, 1, 1), end],
        ["K3", 50, 1501, "31.12.9999"],
    ]
    contacts = [
        ["Datum", "Kunden-Nr", "Kanal", "Thema", "Ergebnis"],
        [end, "K1", "Telefon", "X", "erfolglos"],
        ["1501", "K2", "Telefon", "X", "erfolglos"],
        [dt.datetime(2025, 5, 5), "K3", "Besuch", "Y", "ok"],
    ]
    book = xlsx({"Kunden": customers, "Kontakte": contacts}, name="kunden.xlsx")
    out = tmp_path / "kunden_out.xlsx"
    assert main(["score", str(book), "-o", str(out), "-q", "--stichtag", "31.12.2025"]) == 0
    found = _rows_by_sheet(out)
    assert set(found) == {
        ("Kunden", 2),
        ("Kunden", 3),
        ("Kunden", 4),
        ("Kontakte", 2),
        ("Kontakte", 3),
    }
    assert "31.12.9999" in str(found[("Kunden", 2)][5])
    scored = {r["Kunden-Nr"]: r for r in _sheet(out, "Bewertung")}
    assert len(scored) == 3

    # and the same customer table as a cp1252 CSV
    text_rows = [
        ["Kunden-Nr", "Umsatz", "Erstauftrag", "Letzter Auftrag"],
        ["K1", 100, "1501", "9999"],
        ["K2", 200, "01.01.2020", "31.12.9999"],
    ]
    out = tmp_path / "csv_out.xlsx"
    assert (
        main(["score", str(_cp1252_csv(tmp_path / "k.csv", text_rows)), "-o", str(out), "-q"]) == 0
    )
    listed = [r for r in _checks(out) if isinstance(r[1], int)]
    assert sorted((r[1], r[2]) for r in listed) == [
        (2, "Erstauftrag"),
        (2, "Letzter Auftrag"),
        (3, "Letzter Auftrag"),
    ]
