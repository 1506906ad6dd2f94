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
from tests.conftest import write_xlsx

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
