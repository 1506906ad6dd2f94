"""Issue 20: exports that read right the first time. Each case on a real file built here (an
.xlsx and, where a text export exists, a Windows-1252 CSV as an ERP writes it); every expected
value worked out by hand in the comments next to it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from kundenwert.method.config import Config
from kundenwert.method.portfolio import score_portfolio
from kundenwert.xlsx.reader import read_customers
from tests.conftest import needs_libreoffice, write_xlsx

Rows = Sequence[Sequence[object]]


def _csv(path: Path, rows: Rows) -> Path:
    """A semicolon CSV in Windows-1252 with German numbers (1234,5), as an ERP writes it."""

    def cell(v: object) -> str:
        if v is None:
            return ""
        if isinstance(v, float):
            return f"{v:.2f}".replace(".", ",")
        return str(v)

    text = "\r\n".join(";".join(cell(v) for v in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode("cp1252"))
    return path


def _both(tmp_path: Path, rows: Rows, sheet: str = "Bericht") -> list[Path]:
    return [write_xlsx(tmp_path / "bericht.xlsx", {sheet: rows}), _csv(tmp_path / "b.csv", rows)]


def _skipped(read: object) -> dict[int, str]:
    """Excel row → message key of each row left out."""
    return {
        p.row: str(p.message)
        for p in read.problems  # type: ignore[attr-defined]
        if p.action == "row_skipped" and p.row is not None
    }


# --- 1. totals labels in the customer-number column ----------------------------------------

GROUPED = [
    ["Kunden-Nr", "Name", "Region", "Betreuer", "Umsatz", "Aufträge"],
    ["K1", "Albers", "Nord", "Meier", 500, 5],  # row 2
    ["K2", "Brandt", "Nord", "Meier", 300, 3],
    ["Nord gesamt", None, "Nord", "Meier", 800, 8],  # row 4: 500 + 300
    ["K3", "Claus", "Süd", "Schulz", 100, 2],
    ["K4", "Dorn", "Süd", "Schulz", 60, 2],
    ["Süd Total", None, "Süd", "Schulz", 160, 4],  # row 7
    ["K5", "Eggers", "West", "Wolf", 30, 1],
    ["K6", "Fink", "West", "Wolf", 10, 1],
    # row 10: no totals word, region and rep filled, no name; 30 + 10 and 1 + 1
    ["West", None, "West", "Wolf", 40, 2],
    ["Insgesamt", None, None, None, 1000, 14],  # row 11: 800 + 160 + 40
]


def test_totals_labels_in_the_number_column_are_left_out(tmp_path: Path) -> None:
    for path in _both(tmp_path, GROUPED):
        read = read_customers(path)
        assert read.frame["kunden_nr"].tolist() == ["K1", "K2", "K3", "K4", "K5", "K6"]
        skipped = _skipped(read)
        assert skipped == {
            4: "msg.summenzeile",
            7: "msg.summenzeile",
            10: "msg.summe_der_zeilen",
            11: "msg.summenzeile",
        }
        # total 1000: revenue above each, as a share: K1 0, K2 .5, K3 .8, K4 .9, K5 .96,
        # K6 .99 -> A below .8, B below .95, else C
        scored = score_portfolio(read.frame, Config()).scored.set_index("kunden_nr")
        assert scored["abc"].to_dict() == {
            "K1": "A",
            "K2": "A",
            "K3": "B",
            "K4": "B",
            "K5": "C",
            "K6": "C",
        }


def test_pivot_subtotals_named_after_their_group(tmp_path: Path) -> None:
    """A pivot table pasted as values (German Excel): 'Nord Ergebnis' under each group and
    'Gesamtergebnis' at the end, the label in the customer column; an English report's
    'Grand Total' and a 'North - Subtotal' as another system writes them."""
    rows = [
        ["Kunden-Nr", "Region", "Umsatz", "Aufträge"],
        ["10001", "Nord", 700, 7],
        ["10002", "Nord", 200, 2],
        ["Nord Ergebnis", "Nord", 900, 9],  # row 4
        ["10003", "Süd", 100, 1],
        ["North - Subtotal", "Süd", 100, 1],  # row 6
        ["Gesamtergebnis", None, 1000, 10],  # row 7
        ["GRAND TOTAL:", None, 1000, 10],  # row 8
    ]
    for path in _both(tmp_path, rows):
        read = read_customers(path)
        assert read.frame["kunden_nr"].tolist() == ["10001", "10002", "10003"]
        assert set(_skipped(read)) == {4, 6, 7, 8}


def test_names_that_merely_contain_a_totals_word_stay_customers(tmp_path: Path) -> None:
    rows = [
        ["Kunden-Nr", "Name", "Umsatz"],
        ["K1", "Total Energies GmbH", 100],
        ["K2", "Gesamtschule Nord", 200],
        ["K3", "Ergebnisberatung AG", 300],
        ["K4", "Summenhaus KG", 400],
    ]
    for path in _both(tmp_path, rows):
        read = read_customers(path)
        assert read.frame["kunden_nr"].tolist() == ["K1", "K2", "K3", "K4"]


# --- 4. thousand-euro units in money headers -----------------------------------------------


@pytest.mark.parametrize(
    ("revenue", "margin"),
    [
        ("Umsatz (T€)", "DB (T€)"),
        ("Umsatz in Tsd. EUR", "Rohertrag TEUR"),
        ("Umsatz k€", "DB [k€]"),
    ],
)
def test_thousand_euro_columns_are_read_in_euros(tmp_path: Path, revenue: str, margin: str) -> None:
    rows = [
        ["Kunden-Nr", revenue, margin, "Aufträge", "Besuche"],
        ["K2001", 100, 100, 120, 10],
        ["K2002", 5, 1.5, 2, 1],
    ]
    for path in _both(tmp_path, rows):
        read = read_customers(path)
        assert read.frame["umsatz"].tolist() == [100_000.0, 5_000.0]
        assert read.frame["deckungsbeitrag"].tolist() == pytest.approx([100_000.0, 1_500.0])
        notes = [p for p in read.problems if p.message == "msg.einheit"]
        assert [(p.column, p.row) for p in notes] == [(revenue, 1), (margin, 1)]
        # K2001: 100,000 − 120 × 60 − 10 × 250 = 100,000 − 7,200 − 2,500 = 90,300
        scored = score_portfolio(read.frame, Config()).scored.set_index("kunden_nr")
        assert scored.loc["K2001", "db_nach_kosten"] == pytest.approx(90_300.0)
        # K2002: 1,500 − 2 × 60 − 1 × 250 = 1,130: no customer is Z any more
        assert scored.loc["K2002", "db_nach_kosten"] == pytest.approx(1_130.0)
        assert "Z" not in scored["abc"].tolist()


def test_millions_and_plain_euros_side_by_side(tmp_path: Path) -> None:
    rows = [
        ["Kunden-Nr", "Umsatz", "Potenzial (Mio. €)"],
        ["K1", 250_000, 1.25],  # 1.25 Mio. = 1,250,000
        ["K2", 80_000, 0.4],  # 400,000
    ]
    for path in _both(tmp_path, rows):
        read = read_customers(path)
        assert read.frame["umsatz"].tolist() == [250_000.0, 80_000.0]
        assert read.frame["potenzial"].tolist() == pytest.approx([1_250_000.0, 400_000.0])
        assert [p.column for p in read.problems if p.message == "msg.einheit"] == [
            "Potenzial (Mio. €)"
        ]


def test_order_lines_in_thousand_euros(tmp_path: Path) -> None:
    from kundenwert.xlsx.order_lines import read_order_lines

    rows = [
        ["Datum", "Kunden-Nr", "Betrag (TEUR)"],
        ["15.01.2025", "K1", 1.5],
        ["15.02.2025", "K1", 2.25],
        ["15.03.2025", "K2", 0.75],
    ]
    for path in _both(tmp_path, rows, sheet="Auftragszeilen"):
        lines = read_order_lines(path)
        assert lines.lines["betrag"].tolist() == pytest.approx([1_500.0, 2_250.0, 750.0])
        assert [p.column for p in lines.problems if p.message == "msg.einheit"] == ["Betrag (TEUR)"]


# --- 2. hidden sheets, 3. cover sheets, 9. hidden rows --------------------------------------

HEADER = ["Kunden-Nr", "Name", "Umsatz"]


def _customers(n: int, start: int = 10001) -> list[list[object]]:
    return [[str(start + i), f"Firma {i + 1}", 1000 * (i + 1)] for i in range(n)]


def _book(path: Path, sheets: dict[str, Rows], hidden: Sequence[str] = ()) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def _notes(read: object) -> list[tuple[str, dict[str, object]]]:
    return [
        (str(p.message), dict(p.args))
        for p in read.problems  # type: ignore[attr-defined]
        if str(p.message).startswith(("msg.blatt", "msg.zeilen_ausgeblendet"))
    ]


def test_a_hidden_old_sheet_is_not_read_instead_of_the_visible_one(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "kunden.xlsx",
        {
            "Kunden 2025 (alt)": [HEADER, *_customers(6)],
            "Kunden 2026": [HEADER, *_customers(12, start=20001)],
        },
        hidden=["Kunden 2025 (alt)"],
    )
    read = read_customers(path)
    assert read.sheet == "Kunden 2026"
    assert read.frame["kunden_nr"].tolist() == [str(20001 + i) for i in range(12)]
    assert _notes(read) == [
        ("msg.blatt_gelesen", {"used": "Kunden 2026", "n": 12}),
        (
            "msg.blatt_ausgeblendet",
            {"other": "Kunden 2025 (alt)", "n": 6, "used": "Kunden 2026"},
        ),
    ]
    # named, the hidden sheet is read
    assert len(read_customers(path, sheet="Kunden 2025 (alt)").frame) == 6


def test_a_list_only_on_a_hidden_sheet_is_refused_with_the_option_to_read_it(
    tmp_path: Path,
) -> None:
    from kundenwert.book.labels import error_text
    from kundenwert.errors import FileMessageError

    path = _book(
        tmp_path / "kunden.xlsx",
        {"Start": [["Bericht Vertrieb"]], "Daten": [HEADER, *_customers(3)]},
        hidden=["Daten"],
    )
    with pytest.raises(FileMessageError) as info:
        read_customers(path)
    assert '--sheet "Daten"' in error_text(info.value)


def test_a_cover_sheet_with_an_example_row_is_not_the_list(tmp_path: Path) -> None:
    """The cover sheet comes first and has a customer header, one example row and a line
    'Gesamtumsatz 1.000.000' in the number column: two rows against twelve."""
    cover = [
        ["So ist die Liste aufgebaut"],
        [],
        ["Kunden-Nr", "Name", "Umsatz"],
        ["(Beispiel) 10001", "Muster GmbH", 12_500],
        ["Gesamtumsatz 1.000.000", None, None],
    ]
    path = _book(
        tmp_path / "kunden.xlsx", {"Erläuterung": cover, "Kunden": [HEADER, *_customers(12)]}
    )
    read = read_customers(path)
    assert read.sheet == "Kunden" and len(read.frame) == 12
    assert _notes(read) == [
        ("msg.blatt_gelesen", {"used": "Kunden", "n": 12}),
        ("msg.blatt_weniger", {"other": "Erläuterung", "n": 2, "used": "Kunden"}),
    ]


def test_an_english_book_with_a_notes_sheet_and_a_bigger_second_list(tmp_path: Path) -> None:
    """Another system's shape: a 'Notes' sheet with an English header and two sample rows,
    then 'Accounts' with five customers: the five are read."""
    header = ["Customer ID", "Customer name", "Net sales"]
    path = _book(
        tmp_path / "accounts.xlsx",
        {
            "Notes": [header, ["C-1", "Sample Ltd", 10], ["C-2", "Example Inc", 20]],
            "Accounts": [header, *[[f"A{i}", f"Acc {i}", 100 * i] for i in range(1, 6)]],
        },
    )
    read = read_customers(path)
    assert read.sheet == "Accounts"
    assert read.frame["umsatz"].tolist() == [100.0, 200.0, 300.0, 400.0, 500.0]


def test_hidden_rows_are_scored_and_counted(tmp_path: Path) -> None:
    import openpyxl

    path = _book(tmp_path / "kunden.xlsx", {"Kunden": [HEADER, *_customers(5)]})
    wb = openpyxl.load_workbook(path)
    ws = wb["Kunden"]
    ws.auto_filter.ref = "A1:C6"
    for r in (3, 5):  # customers 10002 and 10004, hidden by the filter
        ws.row_dimensions[r].hidden = True
    wb.save(path)
    read = read_customers(path)
    assert len(read.frame) == 5  # hidden is not deleted
    assert _notes(read) == [("msg.zeilen_ausgeblendet", {"n": 2, "rows": "3, 5"})]


def test_the_console_says_which_sheet_was_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kundenwert.cli import main

    path = _book(
        tmp_path / "kunden.xlsx",
        {"Alt": [HEADER, *_customers(6)], "Neu": [HEADER, *_customers(12, start=20001)]},
        hidden=["Alt"],
    )
    assert main(["score", str(path), "-o", str(tmp_path / "out.xlsx"), "-q"]) == 0
    out = capsys.readouterr().out
    assert "Kundentabelle von Blatt 'Neu' gelesen (12 Kundenzeilen)" in out
    assert "Blatt 'Alt' ist ausgeblendet (6 Kundenzeilen)" in out


# --- 5. grouped reports: SAP BEx, pivot tables ----------------------------------------------


def _bex() -> list[list[object]]:
    """An SAP BEx query result: two title rows, the header in row 3 with "Kunde" over the
    numbers and the names beside them without a header; region and rep only on the first row
    of their group; "Ergebnis" rows per region and "Gesamtergebnis" at the end."""
    rows: list[list[object]] = [
        ["Umsatz nach Kunden", None, None, None, None, None],
        ["Stand: 31.12.2025", None, None, None, None, None],
        ["Region", "Betreuer", "Kunde", None, "Umsatz", "Aufträge"],
    ]
    groups = [("Nord", ["Meier", "Schulz"]), ("Süd", ["Wolf", "Meier"]), ("West", ["Krause"])]
    number = 10001
    for region, reps in groups:
        total = [0, 0]
        for k, rep in enumerate(reps):
            for m in range(2 if len(reps) > 1 else 4):
                revenue, orders = 1000 * (number - 10000), 2
                rows.append(
                    [
                        region if k == 0 and m == 0 else None,
                        rep if m == 0 else None,
                        number,
                        f"Kunde {number}",
                        revenue,
                        orders,
                    ]
                )
                total = [total[0] + revenue, total[1] + orders]
                number += 1
        rows.append([None, None, "Ergebnis", None, *total])
    rows.append(["Gesamtergebnis", None, None, None, sum(range(1, 13)) * 1000, 24])
    return rows


def test_a_bex_query_result_reads_every_customer_with_its_region_and_rep(
    tmp_path: Path,
) -> None:
    for path in _both(tmp_path, _bex()):
        read = read_customers(path)
        frame = read.frame
        assert frame["kunden_nr"].tolist() == [str(10001 + i) for i in range(12)]
        assert frame["name"].tolist() == [f"Kunde {10001 + i}" for i in range(12)]
        # Nord: 10001-10002 Meier, 10003-10004 Schulz; Süd: 10005-10006 Wolf, 10007-10008
        # Meier; West: 10009-10012 Krause
        assert frame["region"].tolist() == ["Nord"] * 4 + ["Süd"] * 4 + ["West"] * 4
        assert frame["betreuer"].tolist() == (
            ["Meier"] * 2 + ["Schulz"] * 2 + ["Wolf"] * 2 + ["Meier"] * 2 + ["Krause"] * 4
        )
        assert frame["umsatz"].tolist() == [1000.0 * i for i in range(1, 13)]
        notes = {p.message: dict(p.args) for p in read.problems}
        # region written on 3 of 12 rows: 9 filled; rep on 5 of 12 (Meier, Schulz, Wolf,
        # Meier, Krause): 7 filled
        filled = [dict(p.args) for p in read.problems if p.message == "msg.aufgefuellt"]
        assert filled == [{"header": "Region", "n": 9}, {"header": "Betreuer", "n": 7}]
        assert notes["msg.kunde_nummer_name"] == {"header": "Kunde"}
        # three "Ergebnis" rows and the "Gesamtergebnis" row: rows 8, 13, 18, 19
        assert {r for r, m in _skipped(read).items() if m == "msg.summenzeile"} == {
            8,
            13,
            18,
            19,
        }


def test_a_pivot_table_pasted_as_values(tmp_path: Path) -> None:
    rows = [
        ["Region", "Kunden-Nr", "Summe von Umsatz", "Anzahl von Belegnr"],
        ["Nord", "K1", 500, 5],
        [None, "K2", 300, 3],
        ["Nord Ergebnis", None, 800, 8],
        ["Süd", "K3", 100, 1],
        [None, "K4", 60, 2],
        [None, "K5", 40, 1],
        ["Süd Ergebnis", None, 200, 4],
        ["Gesamtergebnis", None, 1000, 12],
    ]
    for path in _both(tmp_path, rows):
        read = read_customers(path)
        frame = read.frame
        assert frame["kunden_nr"].tolist() == ["K1", "K2", "K3", "K4", "K5"]
        assert frame["region"].tolist() == ["Nord", "Nord", "Süd", "Süd", "Süd"]
        assert frame["umsatz"].tolist() == [500.0, 300.0, 100.0, 60.0, 40.0]
        assert frame["auftraege"].tolist() == [5.0, 3.0, 1.0, 2.0, 1.0]
        # region on 2 of 5 customer rows: 3 filled
        filled = [dict(p.args) for p in read.problems if p.message == "msg.aufgefuellt"]
        assert filled == [{"header": "Region", "n": 3}]


def test_a_region_missing_here_and_there_is_not_filled_down(tmp_path: Path) -> None:
    rows = [
        ["Kunden-Nr", "Region", "Umsatz"],
        ["K1", "Nord", 100],
        ["K2", None, 200],  # not known: stays empty
        ["K3", "Nord", 300],
        ["K4", "Süd", 400],
    ]
    for path in _both(tmp_path, rows):
        read = read_customers(path)
        assert read.frame["region"].tolist() == ["Nord", None, "Nord", "Süd"]
        assert not [p for p in read.problems if p.message == "msg.aufgefuellt"]


def test_a_refusal_lists_the_header_not_the_values_of_a_data_row(tmp_path: Path) -> None:
    from kundenwert.errors import MissingColumnsError

    rows = [
        ["Region", "Betreuer", "Kunde", "Wert"],
        ["Nord", "Meier", "Zimmermann GmbH", "12.500"],
        [None, None, "Albers KG", "3.000"],
    ]
    for path in _both(tmp_path, rows):
        with pytest.raises(MissingColumnsError) as info:
            read_customers(path)
        assert info.value.found == ["Region", "Betreuer", "Kunde", "Wert"]


# --- 6. Odoo invoice lines ----------------------------------------------------------------

ODOO = [
    ["Invoice Date", "Customer", "Customer Reference", "Number", "Untaxed Amount", "Status"],
    ["2025-02-03", "Schmidt GmbH", "PO-17", "INV/2025/0001", 12000.0, "posted"],  # row 2
    ["2025-03-10", "Meyer AG", None, "INV/2025/0002", 3000.0, "posted"],
    ["2025-04-15", "Schmidt GmbH", "PO-18", "INV/2025/0003", 5000.0, "cancel"],  # row 4
    ["2025-05-20", "Schmidt GmbH", None, "INV/2025/0004", 8000.0, "posted"],
    ["2025-06-25", "Meyer AG", None, "INV/2025/0005", 2000.0, "posted"],
    ["2025-07-30", "Schmidt GmbH", None, "/", 4000.0, "draft"],  # row 7
]


def _odoo_csv(path: Path, rows: Rows, encoding: str = "utf-8") -> Path:
    """Odoo's own CSV export: comma-separated, decimal point, every text quoted."""

    def cell(v: object) -> str:
        return "" if v is None else (f"{v:.2f}" if isinstance(v, float) else f'"{v}"')

    path.write_bytes(("\n".join(",".join(map(cell, r)) for r in rows) + "\n").encode(encoding))
    return path


def _per_customer(lines: object) -> dict[str, float]:
    frame = lines.lines  # type: ignore[attr-defined]
    sums = frame.groupby(frame["kunden_nr"].astype(str), observed=True)["betrag"].sum()
    return {str(k): float(v) for k, v in sums.items()}


def test_odoo_invoice_lines_leave_cancelled_and_draft_out(tmp_path: Path) -> None:
    from kundenwert.xlsx.order_lines import read_order_lines

    for path in [
        write_xlsx(tmp_path / "odoo.xlsx", {"Invoices": ODOO}),
        _odoo_csv(tmp_path / "odoo.csv", ODOO),
    ]:
        lines = read_order_lines(path)
        # Schmidt: 12,000 + 8,000 posted = 20,000 (the cancelled 5,000 and the draft 4,000
        # are no sales; counted they made 29,000); Meyer: 3,000 + 2,000 = 5,000
        assert _per_customer(lines) == {"Meyer AG": 5000.0, "Schmidt GmbH": 20000.0}
        left_out = {p.row: p.value for p in lines.problems if p.message == "exp.status"}
        assert left_out == {4: "cancel", 7: "draft"}
        mapped = {h: k for h, k, _ in lines.mapping}
        assert mapped["Number"] == "auftrag_nr" and mapped["Customer Reference"] is None


def test_german_odoo_lines_in_windows_1252(tmp_path: Path) -> None:
    """The German Odoo's headers and states, saved again from Excel as a semicolon CSV."""
    rows = [
        ["Rechnungsdatum", "Kunde", "Nummer", "Betrag ohne Steuer", "Status"],
        ["03.02.2025", "Schmidt GmbH", "RE/2025/0001", 12000.0, "Gebucht"],
        ["10.03.2025", "Müller KG", "RE/2025/0002", 3000.0, "Gebucht"],
        ["15.04.2025", "Schmidt GmbH", "RE/2025/0003", 5000.0, "Storniert"],
        ["20.05.2025", "Müller KG", "RE/2025/0004", 1500.5, "Entwurf"],
        ["25.06.2025", "Müller KG", "RE/2025/0005", 2000.0, "Gebucht"],
    ]
    from kundenwert.xlsx.order_lines import read_order_lines

    lines = read_order_lines(_csv(tmp_path / "rechnungen.csv", rows))
    # Schmidt 12,000 (5,000 storniert); Müller 3,000 + 2,000 (1,500.50 Entwurf)
    assert _per_customer(lines) == {"Müller KG": 5000.0, "Schmidt GmbH": 12000.0}


def test_spalte_names_line_fields_and_refusals_propose_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A French Odoo: no header is known. The refusal proposes a mapping made of the file's
    headers; run with it, the lines are read."""
    from kundenwert.cli import main

    rows = [
        ["Date de facturation", "Client", "Numéro", "Montant HT", "Statut"],
        ["2025-02-03", "Schmidt", "FAC/0001", 1200.0, "Comptabilisé"],
        ["2025-03-10", "Meyer", "FAC/0002", 300.0, "Comptabilisé"],
        ["2025-04-15", "Schmidt", "FAC/0003", 500.0, "Annulé"],
        ["2025-05-20", "Meyer", "FAC/0004", 200.0, "Comptabilisé"],
    ]
    path = _odoo_csv(tmp_path / "factures.csv", rows)
    out = tmp_path / "out.xlsx"
    assert main(["score", str(path), "-o", str(out), "-q"]) != 0
    text = capsys.readouterr()
    proposal = (
        '--spalte "Client=Kunden-Nr" --spalte "Montant HT=Umsatz" '
        '--spalte "Date de facturation=Datum"'
    )
    assert proposal in text.out + text.err
    args = [a.strip('"') for a in proposal.split(" --spalte ")]
    spalte = [x for a in args for x in ("--spalte", a.removeprefix("--spalte ").strip('"'))]
    assert (
        main(["score", str(path), "-o", str(out), "-q", "--stichtag", "31.12.2025", *spalte]) == 0
    )
    import openpyxl

    ws = openpyxl.load_workbook(out, read_only=True)["Kunden"]
    cells = [list(r) for r in ws.iter_rows(values_only=True)]
    at = cells[0].index("Umsatz")
    # Schmidt 1,200 (the cancelled 500 left out); Meyer 300 + 200
    assert {r[0]: r[at] for r in cells[1:]} == {"Meyer": 500, "Schmidt": 1200}


@pytest.mark.parametrize(
    ("target", "key"),
    [
        ("Betrag", "betrag"),
        ("Datum", "datum"),
        ("Auftrag", "auftrag_nr"),
        ("Menge", "menge"),
        ("Marge", "marge"),
        ("Status", "status"),
        ("Amount", "betrag"),
        ("Umsatz", "umsatz"),
    ],
)
def test_spalte_accepts_every_field_of_a_line_table(target: str, key: str) -> None:
    from kundenwert.book.config_sheet import mapping_entry

    assert mapping_entry(f"Untaxed Amount={target}", "--spalte") == ("Untaxed Amount", key)


# --- 7. DATEV Buchungsstapel (EXTF) ---------------------------------------------------------

DATEV_HEADER = (
    '"Umsatz (ohne Soll/Haben-Kz)";"Soll/Haben-Kennzeichen";"WKZ Umsatz";"Kurs";'
    '"Basis-Umsatz";"WKZ Basis-Umsatz";"Konto";"Gegenkonto (ohne BU-Schlüssel)";'
    '"BU-Schlüssel";"Belegdatum";"Belegfeld 1";"Belegfeld 2";"Skonto";"Buchungstext"'
)


def _datev(
    path: Path,
    bookings: Sequence[tuple[str, str, int, int, str, str]],
    mark: str = "EXTF",
    category: int = 21,
    period: tuple[str, str] = ("20250101", "20251231"),
    chart: str = "03",
    raw: Sequence[str] = (),
) -> Path:
    """A DATEV Buchungsstapel as accounting software writes it: Windows-1252, ';', the
    metadata line (format 700, category 21, period, ledger accounts of four digits, the
    chart in field 27), the header line, then one line per booking (amount, S/H, Konto,
    Gegenkonto, Belegdatum DDMM, Belegfeld 1)."""
    meta = [
        f'"{mark}"', "700", str(category), '"Buchungsstapel"', "13", "20260105093012345", "",
        '"RE"', '"Admin"', '""', "29098", "55003", period[0], "4", period[0], period[1],
        '"Rechnungsausgang"', '"WD"', "1", "0", "0", '"EUR"', "", '""', "", "", f'"{chart}"',
        "", "", '""', '""',
    ]  # fmt: skip
    lines = [";".join(meta), DATEV_HEADER]
    for amount, side, konto, gegen, day, beleg in bookings:
        lines.append(
            f'{amount};"{side}";"EUR";;;;{konto};{gegen};;{day};"{beleg}";;;"Buchung {beleg}"'
        )
    lines += raw  # bookings written out in full
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def test_a_datev_buchungsstapel_reads_the_debtor_sales(tmp_path: Path) -> None:
    from kundenwert.xlsx.order_lines import read_order_lines

    path = _datev(
        tmp_path / "EXTF_Buchungsstapel.csv",
        [
            ("1190,00", "S", 10001, 8400, "1501", "RE-1001"),  # row 3: +1,190.00 15.01.
            ("595,00", "S", 10002, 8400, "302", "RE-1002"),  # row 4: +595.00 03.02.
            ("2380,00", "H", 8400, 10001, "1003", "RE-1003"),  # row 5: debtor credited side
            ("119,00", "H", 10001, 8400, "2003", "GS-1"),  # row 6: a credit note, −119.00
            ("1190,00", "S", 1200, 10001, "2501", "Z-1"),  # row 7: a payment, no sale
            ("500,00", "S", 4930, 1200, "3101", "K-1"),  # row 8: no debtor at all
            ("714,00", "S", 10002, 8400, "1512", "RE-1004"),  # row 9: +714.00 15.12.
        ],
    )
    lines = read_order_lines(path)
    frame = lines.lines
    assert frame["kunden_nr"].tolist() == ["10001", "10002", "10001", "10001", "10002"]
    assert frame["betrag"].tolist() == [1190.0, 595.0, 2380.0, -119.0, 714.0]
    assert [d.strftime("%d.%m.%Y") for d in frame["datum"]] == [
        "15.01.2025",
        "03.02.2025",
        "10.03.2025",
        "20.03.2025",
        "15.12.2025",
    ]
    assert frame["excel_row"].tolist() == [3, 4, 5, 6, 9]
    # 10001: 1,190 + 2,380 − 119 = 3,451; 10002: 595 + 714 = 1,309
    assert _per_customer(lines) == {"10001": 3451.0, "10002": 1309.0}
    keys = {p.message: (p.row, dict(p.args)) for p in lines.problems}
    assert keys["msg.datev_keine_erloesbuchung"] == (7, {"account": 1200})
    assert keys["msg.datev_sachbuchungen"][1]["n"] == 1
    assert "msg.datev_brutto" in keys and keys["msg.datev_erkannt"][1]["n"] == 5


def test_a_datev_batch_over_the_turn_of_a_fiscal_year_in_skr04(tmp_path: Path) -> None:
    """DATEV's own export (DTVF), SKR04 (revenue 4400; 8400 is no revenue account there),
    a fiscal year from 1 July 2025 to 30 June 2026: 1508 is August 2025, 1502 February 2026."""
    from kundenwert.xlsx.order_lines import read_order_lines

    path = _datev(
        tmp_path / "DTVF_Buchungsstapel.csv",
        [
            ("100,00", "S", 10001, 4400, "1508", "RE-1"),
            ("200,00", "S", 10001, 4400, "1502", "RE-2"),
            ("50,00", "S", 10002, 4400, "3006", "RE-3"),
            ("70,00", "S", 10002, 8400, "0107", "X-1"),  # row 6: no revenue under SKR04
        ],
        mark="DTVF",
        period=("20250701", "20260630"),
        chart="04",
    )
    lines = read_order_lines(path)
    frame = lines.lines
    assert [d.strftime("%d.%m.%Y") for d in frame["datum"]] == [
        "15.08.2025",
        "15.02.2026",
        "30.06.2026",
    ]
    assert frame["betrag"].tolist() == [100.0, 200.0, 50.0]
    assert [p.row for p in lines.problems if p.message == "msg.datev_keine_erloesbuchung"] == [6]


def test_a_datev_batch_without_debtors_says_which_export_to_use(tmp_path: Path) -> None:
    from kundenwert.book.labels import error_text
    from kundenwert.errors import MessageError
    from kundenwert.xlsx.order_lines import read_order_lines

    path = _datev(
        tmp_path / "EXTF_Sammelkonto.csv",
        [("1190,00", "S", 1400, 8400, "1501", "RE-1"), ("595,00", "S", 1400, 8400, "0202", "RE-2")],
    )
    with pytest.raises(MessageError) as info:
        read_order_lines(path)
    text = error_text(info.value)
    assert "keine Buchung auf einem Debitorenkonto (10000–69999)" in text
    assert "Personenkonten" in text
    master = _datev(tmp_path / "EXTF_Debitoren.csv", [], category=16)
    with pytest.raises(MessageError, match="datev_kein_stapel") as info:
        read_order_lines(master)
    assert "Formatkategorie 16" in error_text(info.value)


def test_score_a_datev_batch_from_the_command_line(tmp_path: Path) -> None:
    import openpyxl

    from kundenwert.cli import main

    path = _datev(
        tmp_path / "EXTF_Buchungsstapel.csv",
        [
            ("1190,00", "S", 10001, 8400, "1501", "RE-1001"),
            ("2380,00", "S", 10001, 8400, "1003", "RE-1003"),
            ("595,00", "S", 10002, 8400, "302", "RE-1002"),
            ("714,00", "S", 10002, 8400, "1512", "RE-1004"),
        ],
    )
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(path), "-o", str(out), "-q", "--stichtag", "31.12.2025"]) == 0
    ws = openpyxl.load_workbook(out, read_only=True)["Kunden"]
    cells = [list(r) for r in ws.iter_rows(values_only=True)]
    at = cells[0].index("Umsatz")
    # 10001: 1,190 + 2,380 = 3,570; 10002: 595 + 714 = 1,309
    assert {r[0]: r[at] for r in cells[1:]} == {"10001": 3570, "10002": 1309}
    # in English, every DATEV note of the check sheet is written in English
    english = tmp_path / "result.xlsx"
    args = ["score", str(path), "-o", str(english), "-q", "--stichtag", "31.12.2025"]
    assert main([*args, "--lang", "en"]) == 0
    check = openpyxl.load_workbook(english, read_only=True)["Check log"]
    texts = " ".join(str(v) for r in check.iter_rows(values_only=True) for v in r if v)
    assert "DATEV Buchungsstapel 'Rechnungsausgang'" in texts and "gross" in texts


# --- 8. Kundenauskunft: a text input cell, a blank score shows blank -------------------------


@pytest.mark.libreoffice
@needs_libreoffice
def test_the_lookup_cell_keeps_leading_zeros_and_blank_scores_stay_blank(
    tmp_path: Path,
) -> None:
    import openpyxl

    from kundenwert.cli import main
    from tests import libreoffice as lo

    source = write_xlsx(
        tmp_path / "kunden.xlsx",
        {
            "Kunden": [
                ["Kunden-Nr", "Name", "Umsatz", "Potenzial"],
                ["000123", "Zimmermann", 5000, None],  # no potential: no potential score
                ["123", "Meyer", 3000, 9000],
                ["K7", "Albers", 1000, 4000],
            ]
        },
    )
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q"]) == 0
    wb = openpyxl.load_workbook(out)
    # a text cell: Excel keeps "000123" as typed instead of storing the number 123
    assert wb["Kundenauskunft"]["B3"].number_format == "@"
    assert wb["Kundenauskunft"].data_validations.dataValidation  # the drop-down stays
    wb["Kundenauskunft"]["B3"] = "000123"
    wb.save(out)
    got = openpyxl.load_workbook(lo.recalculate(out, tmp_path / "lo"), data_only=True)
    lookup = {r[0]: r[1] for r in got["Kundenauskunft"].iter_rows(min_row=6, values_only=True)}
    assert lookup["Name"] == "Zimmermann"
    assert lookup["Potenzial-Score"] in (None, "")  # blank, not 0.0


# --- small things a newcomer trips on -------------------------------------------------------

# what Excel writes as the lock file of an open workbook: the user's name, padded
LOCK_BYTES = b"\x0bMax Muster" + b" " * 43 + b"\x0b\x00M\x00a\x00x\x00" + b"\x00" * 100


def test_a_lock_file_is_named_as_one(tmp_path: Path) -> None:
    from kundenwert.book.labels import error_text
    from kundenwert.errors import FileMessageError

    lock = tmp_path / "~$Kunden.xlsx"
    lock.write_bytes(LOCK_BYTES)
    with pytest.raises(FileMessageError) as info:
        read_customers(lock)
    text = error_text(info.value)
    assert "die Mappe ist in Excel geöffnet (Sperrdatei)" in text and "Kunden.xlsx" in text


def test_merge_skips_a_lock_file_among_the_team_books(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kundenwert.cli import main

    master = write_xlsx(
        tmp_path / "stamm.xlsx",
        {
            "Kunden": [
                ["Kunden-Nr", "Name", "Region", "Umsatz", "Potenzial"],
                ["K1", "A", "Nord", 100, 500],
                ["K2", "B", "Nord", 200, 600],
                ["K3", "C", "Süd", 300, 700],
            ]
        },
    )
    teams = tmp_path / "teams"
    assert main(["split", str(master), "--by", "Region", "-o", str(teams), "-q"]) == 0
    lock = teams / "~$Region_Nord.xlsx"
    lock.write_bytes(LOCK_BYTES)
    books = sorted(teams.glob("*.xlsx"))  # as the shell expands teams/*.xlsx
    assert lock in books
    new = tmp_path / "neu.xlsx"
    capsys.readouterr()
    assert main(["merge", str(master), *map(str, books), "-o", str(new), "-q"]) == 0
    assert f"{lock} übersprungen: Sperrdatei" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["Ergebnis.csv", "Ergebnis.xls", "Ergebnis"])
def test_a_result_under_another_extension_is_refused(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from kundenwert.cli import main

    source = write_xlsx(tmp_path / "kunden.xlsx", {"Kunden": [HEADER, *_customers(3)]})
    target = tmp_path / name
    assert main(["score", str(source), "-o", str(target), "-q"]) != 0
    assert not target.exists()
    assert "braucht die Endung .xlsx" in capsys.readouterr().err


def test_help_names_the_separator_characters_in_words(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kundenwert.cli import main

    monkeypatch.setenv("COLUMNS", "200")  # no line break inside a quoted character
    with pytest.raises(SystemExit):
        main(["score", "--help"])
    text = capsys.readouterr().out
    assert "{,,.}" not in text and "{.,,, ,'}" not in text
    assert '"," (Komma)' in text and '" " (Leerzeichen)' in text


def test_formulas_without_a_saved_value_and_dash_revenues_are_listed(tmp_path: Path) -> None:
    """A script wrote formulas with openpyxl (no value saved, nothing computed them) and a
    revenue '-': each is listed instead of silently making the customer O."""
    path = write_xlsx(
        tmp_path / "kunden.xlsx",
        {
            "Kunden": [
                ["Kunden-Nr", "Name", "Umsatz"],
                ["K1", "A", 100],
                ["K2", "B", "=1/0"],  # row 3
                ["K3", "C", "-"],  # row 4
                ["K4", "D", '=B2&"x"'],  # row 5
                ["K5", "=A6", 50],  # row 6: the name column is used too
            ]
        },
    )
    read = read_customers(path)
    listed = {(p.row, p.column, p.value, p.message) for p in read.problems if p.row and p.row > 1}
    assert listed == {
        (3, "Umsatz", "=1/0", "msg.formel_ohne_wert"),
        (4, "Umsatz", "-", "exp.money"),
        (5, "Umsatz", '=B2&"x"', "msg.formel_ohne_wert"),
        (6, "Name", "=A6", "msg.formel_ohne_wert"),
    }


def test_a_filled_template_knows_its_own_formula_columns(tmp_path: Path) -> None:
    """The template's customer sheet as `kundenwert template` lays it out (its input headers,
    then its formula columns), three customers typed in."""
    from kundenwert.cells.columns import INPUT_COLUMNS
    from kundenwert.templates.live_layout import table_layout
    from kundenwert.templates.row_formulas import formula_header

    config = Config()
    computed = formula_header(config, table_layout(config, 3), "de")
    header = [c.de for c in INPUT_COLUMNS] + computed
    rows: list[list[object]] = [header]
    for cid, revenue in [("K1", 1000), ("K2", 2000), ("K3", 500)]:
        row: list[object] = [None] * len(header)
        row[0], row[header.index("Umsatz")] = cid, revenue
        row[len(INPUT_COLUMNS) :] = [0.5] * len(computed)  # the formulas' saved values
        rows.append(row)
    read = read_customers(write_xlsx(tmp_path / "vorlage.xlsx", {"Kunden": rows}))
    assert len(read.frame) == 3
    assert not [p for p in read.problems if p.action == "column_ignored"]
    own = [dict(p.args) for p in read.problems if p.message == "msg.eigene_spalten"]
    # the template's computed columns: 4 derived factors, 12 normalised factors of the
    # default model, Ist-Score, Potenzial-Score, Segment, ABC = 20
    assert len(computed) == 20 and len(own) == 1 and own[0]["n"] == 20


def test_a_hidden_gross_revenue_column_gives_way_to_the_visible_net_one(tmp_path: Path) -> None:
    import openpyxl

    path = _book(
        tmp_path / "kunden.xlsx",
        {
            "Kunden": [
                ["Kunden-Nr", "Umsatz", "Nettoumsatz"],
                ["K1", 1190, 1000],  # gross = net × 1.19
                ["K2", 595, 500],
            ]
        },
    )
    wb = openpyxl.load_workbook(path)
    wb["Kunden"].column_dimensions["B"].hidden = True
    wb.save(path)
    read = read_customers(path)
    assert read.frame["umsatz"].tolist() == [1000.0, 500.0]
    said = [dict(p.args) for p in read.problems if p.message == "msg.spalte_sichtbar"]
    assert said == [{"used": "Nettoumsatz", "other": "Umsatz"}]
    # visible, the first of the two stays the one used (as before)
    wb["Kunden"].column_dimensions["B"].hidden = False
    wb.save(path)
    assert read_customers(path).frame["umsatz"].tolist() == [1190.0, 595.0]


def test_model_warnings_read_in_plain_words_on_the_console(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kundenwert.cli import main

    # three customers, two orders each: far too few repeat buyers for the purchase model
    rows = [["Datum", "Kunden-Nr", "Betrag"]]
    for cid, days in (("K1", ("10.01.2025", "10.06.2025")), ("K2", ("03.02.2025", "03.03.2025"))):
        rows += [[d, cid, 100.0] for d in days]
    rows += [["05.05.2025", "K3", 80.0], ["05.11.2025", "K3", 90.0]]
    path = _csv(tmp_path / "auftraege.csv", rows)
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(path), "-o", str(out), "-q", "--stichtag", "31.12.2025"]) == 0
    console = capsys.readouterr().out
    warnings = [line for line in console.splitlines() if line.startswith("Warnung")]
    assert warnings  # the model says something about three customers
    assert all("Auftragshistorie" in line for line in warnings)
    assert not any(word in console for word in ("läuft gegen", "q = ", "BG/NBD", "Gamma-Gamma"))


def test_the_configuration_names_factor_columns_as_headers(tmp_path: Path) -> None:
    import openpyxl

    from kundenwert.cli import main
    from kundenwert.xlsx.config_file import read_config

    source = write_xlsx(tmp_path / "kunden.xlsx", {"Kunden": [HEADER, *_customers(4)]})
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q"]) == 0
    ws = openpyxl.load_workbook(out, read_only=True)["Konfiguration"]
    shown = {str(r[1]) for r in ws.iter_rows(values_only=True) if r and r[1] is not None}
    assert {"DB nach Betreuungskosten", "Ungenutztes Potenzial", "Cross-Selling"} <= shown
    assert not {"db_nach_kosten", "ungenutztes_potenzial", "cross_selling"} & shown
    # read back, the headers name the same factors as the keys did
    assert [f.column for f in read_config(out).factors] == [f.column for f in Config().factors]


def test_the_order_history_lists_customers_in_natural_order(tmp_path: Path) -> None:
    import openpyxl

    from kundenwert.cli import main

    ids = ["1000", "2", "10", "1", "100", "1001", "K10", "K9"]
    rows: list[list[object]] = [["Datum", "Kunden-Nr", "Betrag"]]
    for cid in ids:
        rows += [["10.01.2025", cid, 100.0], ["10.06.2025", cid, 50.0]]
    path = _csv(tmp_path / "auftraege.csv", rows)
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(path), "-o", str(out), "-q", "--stichtag", "31.12.2025"]) == 0
    ws = openpyxl.load_workbook(out, read_only=True)["Auftragshistorie"]
    shown = [str(r[0]) for r in ws.iter_rows(min_row=2, max_col=1, values_only=True) if r[0]]
    assert shown == ["1", "2", "10", "100", "1000", "1001", "K9", "K10"]


def test_hidden_sheet_rows_and_columns_as_xlsxwriter_writes_them(tmp_path: Path) -> None:
    """Another writer's XML (xlsxwriter: spans and attributes in its own order): the hidden
    sheet is passed over, the hidden rows counted, the hidden column gives way."""
    import xlsxwriter

    path = tmp_path / "export.xlsx"
    book = xlsxwriter.Workbook(str(path))
    old = book.add_worksheet("Alt")
    for r, row in enumerate([["Kunden-Nr", "Umsatz"], ["A1", 1], ["A2", 2], ["A3", 3]]):
        old.write_row(r, 0, row)
    old.hide()
    ws = book.add_worksheet("Aktuell")
    ws.write_row(0, 0, ["Kunden-Nr", "Umsatz", "Nettoumsatz"])
    for r, (cid, net) in enumerate([("B1", 100), ("B2", 200), ("B3", 300), ("B4", 400)], 1):
        ws.write_row(r, 0, [cid, net * 1.19, net])
    ws.set_column("B:B", None, None, {"hidden": True})
    ws.set_row(2, None, None, {"hidden": True})  # B2 in Excel row 3
    ws.set_row(4, None, None, {"hidden": True})  # B4 in Excel row 5
    ws.activate()
    book.close()
    read = read_customers(path)
    assert read.sheet == "Aktuell"
    assert read.frame["umsatz"].tolist() == [100.0, 200.0, 300.0, 400.0]
    notes = _notes(read)
    assert ("msg.zeilen_ausgeblendet", {"n": 2, "rows": "3, 5"}) in notes
    assert ("msg.blatt_ausgeblendet", {"other": "Alt", "n": 3, "used": "Aktuell"}) in notes


def test_an_english_report_in_thousands(tmp_path: Path) -> None:
    rows = [
        ["Customer ID", "Net sales (in thousands)", "Gross profit ('000s)", "Orders"],
        ["C1", 12.5, 3.75, 4],
        ["C2", 0.8, 0.2, 1],
    ]
    read = read_customers(write_xlsx(tmp_path / "report.xlsx", {"Accounts": rows}))
    assert read.frame["umsatz"].tolist() == [12_500.0, 800.0]
    assert read.frame["deckungsbeitrag"].tolist() == pytest.approx([3_750.0, 200.0])
    assert [dict(p.args)["unit"] for p in read.problems if p.message == "msg.einheit"] == [
        "thousands",
        "'000s",
    ]


def test_order_lines_before_the_customer_sheet_count_each_customer_once(tmp_path: Path) -> None:
    lines: list[list[object]] = [["Datum", "Kunden-Nr", "Name", "Betrag"]]
    for day in ("10.01.2025", "10.02.2025", "10.03.2025"):
        lines += [[day, cid, f"Firma {cid}", 100] for cid in ("10001", "10002", "10003")]
    path = _book(
        tmp_path / "book.xlsx", {"Auftragszeilen": lines, "Kunden": [HEADER, *_customers(5)]}
    )
    read = read_customers(path)
    # 9 lines of 3 customers against 5 customers: the customer sheet is the list
    assert read.sheet == "Kunden" and len(read.frame) == 5
    assert ("msg.blatt_weniger", {"other": "Auftragszeilen", "n": 3, "used": "Kunden"}) in (
        _notes(read)
    )


def test_split_by_region_keeps_every_customer_of_a_grouped_report(tmp_path: Path) -> None:
    import openpyxl

    from kundenwert.cli import main

    master = write_xlsx(tmp_path / "bex.xlsx", {"Bericht": _bex()})
    out = tmp_path / "teams"
    assert main(["split", str(master), "--by", "Region", "-o", str(out), "-q"]) == 0
    counts = {}
    for book in sorted(out.glob("*.xlsx")):
        ws = openpyxl.load_workbook(book, read_only=True)["Kunden"]
        counts[book.stem] = sum(1 for r in ws.iter_rows(min_row=2, values_only=True) if r[0])
    # four customers per region, none lost to an empty region
    assert sorted(counts.values()) == [4, 4, 4] and len(counts) == 3


def test_datev_bookings_in_another_currency_and_an_impossible_day(tmp_path: Path) -> None:
    from kundenwert.xlsx.order_lines import read_order_lines

    path = _datev(
        tmp_path / "EXTF_Buchungsstapel.csv",
        [("1000,00", "S", 10001, 8400, "1501", "RE-1")],  # row 3
        raw=[
            # row 4: 1,100 USD with its Basis-Umsatz 1,000 EUR: read as 1,000
            '1100,00;"S";"USD";1,1;1000,00;"EUR";10002;8400;;1602;"RE-2";;;"USD"',
            # row 5: 500 USD without a Basis-Umsatz: not converted, left out
            '500,00;"S";"USD";;;;10002;8400;;1702;"RE-3";;;"USD"',
            # row 6: 31 February
            '200,00;"S";"EUR";;;;10001;8400;;3102;"RE-4";;;"Tag"',
        ],
    )
    lines = read_order_lines(path)
    assert _per_customer(lines) == {"10001": 1000.0, "10002": 1000.0}
    left = {p.row: p.message for p in lines.problems if p.action == "row_skipped" and p.row}
    assert left == {5: "exp.datev_waehrung", 6: "exp.datev_datum"}
