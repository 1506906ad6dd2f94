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
    texts = [str(r[5]) for r in _checks(out)]
    assert not [x for x in texts if "zu wenige Daten" in x]
    assert any(x.startswith("Potenzial-Score beruht in diesem Lauf auf einem einzigen") for x in texts)
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
