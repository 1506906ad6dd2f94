"""Worksheet functions called with the argument shapes each route into Excel delivers."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from xlwings import XlwingsError

from kundenwert import udfs
from kundenwert.cli import main
from kundenwert.workbook.sample import generate_portfolio, to_input_rows


def officejs(rows: list[list[Any]]) -> list[list[Any]]:
    """Office.js (Lite, Server): empty cells as "", integers kept, dates as serial numbers."""
    epoch = dt.date(1899, 12, 30)
    out = []
    for r in rows:
        cells: list[Any] = []
        for v in r:
            if v is None:
                cells.append("")
            elif isinstance(v, dt.datetime | dt.date):
                d = v.date() if isinstance(v, dt.datetime) else v
                cells.append((d - epoch).days)
            elif isinstance(v, float) and v.is_integer():
                cells.append(int(v))
            else:
                cells.append(v)
        out.append(cells)
    return out


def com(rows: list[list[Any]]) -> list[list[Any]]:
    """Classic COM: numbers as floats, None for empty cells, datetime objects."""
    out = []
    for r in rows:
        cells: list[Any] = []
        for v in r:
            if isinstance(v, bool) or v is None or isinstance(v, str):
                cells.append(v)
            elif isinstance(v, int | float):
                cells.append(float(v))
            elif isinstance(v, dt.date) and not isinstance(v, dt.datetime):
                cells.append(dt.datetime(v.year, v.month, v.day))
            else:
                cells.append(v)
        out.append(cells)
    return out


ROUTES: dict[str, Callable[[list[list[Any]]], list[list[Any]]]] = {"officejs": officejs, "com": com}


@pytest.mark.parametrize("route", ROUTES)
def test_score_renormalises_over_blank_cells(route: str) -> None:
    shape = ROUTES[route]
    # ranks column 1: 0, 50, 100; column 2 (one blank): 0, 100 → rows 0, 75, 100
    out = udfs.score(shape([[1, 2], [3, 4], [5, None]]), shape([[50, 50]])[0])
    assert out == [[0.0], [75.0], [100.0]]


def test_score_with_directions_and_scale() -> None:
    # ratings 1..5 on the fixed scale: 1 → 0, 5 → 100; second column lower is better
    out = udfs.score([[1, 5], [5, 1]], [1, 1], ["hoch", "niedrig"], "skala")
    assert out == [[0.0], [100.0]]


def test_single_cell_arguments_are_scalars() -> None:
    assert udfs.clv(1000, 0.5, 0.1, 3) == [[pytest.approx(1000 / 1.1 + 500 / 1.21 + 250 / 1.331)]]
    assert udfs.normalize(7) == [[50.0]]


def test_normalize_keeps_blanks_blank() -> None:
    assert udfs.normalize([[10], [None], [30]], "minmax") == [[0.0], [""], [100.0]]
    assert udfs.normalize([[10], [""], [30]], "minmax", "niedrig") == [[100.0], [""], [0.0]]


def test_segment_with_thresholds_and_own_labels() -> None:
    out = udfs.segment(
        [[80], [80], [20], [20]], [[80], [20], [80], [20]], 50, 50, [["T", "S", "W", "K"]]
    )
    assert out == [["T"], ["S"], ["W"], ["K"]]
    assert udfs.segment([60.0, 40.0], [70.0, 30.0]) == [["Topkunde"], ["Kleinkunde"]]


def test_abc_and_contribution_by_hand() -> None:
    assert udfs.abc([[50], [30], [10], [5], [5]], 0.8, 0.95) == [["A"], ["A"], ["B"], ["B"], ["B"]]
    # 1000 × 0.3 − 2 × 60 − 1 × 250 = −70 → Z
    c = udfs.contribution([[1000]], [[0.3]], [[2]], 60, [[1]], 250)
    assert c == [[pytest.approx(-70.0)]]
    # 1000 of 1010 lies above the second customer: 99 % → C
    assert udfs.abc([[1000], [10]], None, None, [[-70], [5]]) == [["Z"], ["C"]]


def test_ahp_returns_weights_and_consistency() -> None:
    out = udfs.ahp([[1, 3], [1 / 3, 1]])
    assert out[0][1] == pytest.approx(0.75) and out[1][1] == pytest.approx(0.25)
    assert out[2] == ["Konsistenzquote", pytest.approx(0.0)]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: udfs.score([[1, "viel"]], [1, 1]), r"KW.SCORE: 'values', Zeile 1: .*'viel'"),
        (lambda: udfs.score([[1, 2]], [1]), r"'values \(Spalten\)' hat 2 Werte, 'weights' 1"),
        (lambda: udfs.score([[1, 2]], [1, -1]), r"'weights': Zahlen ≥ 0"),
        (lambda: udfs.score([[1, 2]], [1, 1], "auf"), r"'directions': 'auf' ist nicht erlaubt"),
        (lambda: udfs.score([[1]], [1], None, "zufall"), r"'method': 'zufall'"),
        (lambda: udfs.normalize([[1], [2]], "minmax", "quer"), r"'direction'"),
        (lambda: udfs.segment([[1], [2]], [[1]]), r"'current' hat 2 Werte, 'potential' 1"),
        (lambda: udfs.segment([[1]], [[1]], 150), r"'current_threshold': .*0 und 100"),
        (lambda: udfs.segment([[1]], [[1]], None, None, ["a", "b"]), r"'labels': vier Namen"),
        (lambda: udfs.abc([[1], ["#N/A"]]), r"'revenue', Zeile 2: Fehlerwert #N/A"),
        (lambda: udfs.abc([[1]], 0.9, 0.5), r"KW.ABC: ABC-Grenzen"),
        (lambda: udfs.abc([[1], [2]], None, None, [[1]]), r"'contribution' 1"),
        (lambda: udfs.contribution([[1]], [[0.1]], [[1]], -5, [[1]], 1), r"Kostensätze"),
        (lambda: udfs.contribution([[1]], [[0.1], [0.2]], [[1]], 5, [[1]], 1), r"'margin' 2"),
        (lambda: udfs.clv([[1]], [[0.5]], 0.1, 2.5), r"'years': ganze Zahl"),
        (lambda: udfs.clv([[1]], [[1.5]], 0.1, 3), r"Bindungsrate"),
        (lambda: udfs.clv([[1]], [[0.5]], "", 3), r"'discount_rate'"),
        (lambda: udfs.ahp([[1, 2], [2, 1]]), r"KW.AHP: .*nicht reziprok"),
        (lambda: udfs.ahp([[1, 2, 3], [1, 1, 1]]), r"Zeile 2 hat 3|quadratische"),
        (lambda: udfs.portfolio([["Name"], ["x"]]), r"KW.PORTFOLIO: .*Kunden-Nr"),
        (lambda: udfs.portfolio([["Kunden-Nr", "Umsatz"]]), r"'table': Kopfzeile und"),
        (
            lambda: udfs.explain([["Kunden-Nr", "Umsatz", "Image"], ["K1", 5, 3]], "K9"),
            r"'customer_id': Kunde 'K9'",
        ),
        (
            lambda: udfs.portfolio(
                [["Kunden-Nr", "Umsatz", "Image"], ["K1", 5, 3]], [["Faktor"], ["x"]]
            ),
            r"KW.PORTFOLIO: Blatt 'Konfiguration'",
        ),
    ],
)
def test_bad_arguments_give_an_excel_error_naming_the_argument(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(XlwingsError, match=message):
        call()


@pytest.fixture(scope="module")
def demo_rows() -> list[list[Any]]:
    return to_input_rows(generate_portfolio(300, seed=21))


def _sheet_rows(path: Path, sheet: str) -> list[list[Any]]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]


@pytest.mark.parametrize("route", ROUTES)
def test_portfolio_equals_the_bewertung_sheet_to_the_last_digit(
    route: str, demo_rows: list[list[Any]], tmp_path: Path, xlsx: Callable[..., Path]
) -> None:
    source, out = xlsx(demo_rows), tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q"]) == 0
    sheet = _sheet_rows(out, "Bewertung")
    # the function gets the cells as stored in the workbook, in the route's shape
    cells = [list(r) for r in openpyxl.load_workbook(source)["Kunden"].iter_rows(values_only=True)]
    spill = udfs.portfolio(ROUTES[route](cells))
    assert len(spill) == len(sheet) == 301
    assert spill == sheet  # exact equality: same floats, same texts


def test_explain_contributions_add_up_to_the_scores(demo_rows: list[list[Any]]) -> None:
    out = udfs.explain(demo_rows, demo_rows[5][0])
    parts = {r[1]: 0.0 for r in out[1:-2]}
    for r in out[1:-2]:
        parts[r[1]] += 0.0 if r[3] == "" else r[3]
    assert math.isclose(parts["ist"], out[-2][3], rel_tol=1e-12)
    assert math.isclose(parts["potenzial"], out[-1][3], rel_tol=1e-12)


def test_causes_split_a_customers_change_between_two_tables() -> None:
    # five customers; c keeps its revenue of 15 while b's doubles: c falls from A to B only
    # because the A cut-off rose from 15 to 45 (see test_causes for the arithmetic)
    header = ["Kunden-Nr", "Umsatz", "Deckungsbeitrag", "Image"]
    old = [header, *[[k, u, u / 2, 3] for k, u in zip("abcde", [45, 30, 15, 6, 4], strict=True)]]
    new = [header, *[[k, u, u / 2, 3] for k, u in zip("abcde", [45, 60, 15, 6, 4], strict=True)]]
    out = udfs.causes(old, new, "c")
    assert out[0] == ["", "Änderung", "eigene Zahlen", "andere Kunden", "Modell"]
    labels = [r[0] for r in out]
    assert labels[1:3] == ["Ist-Score", "Potenzial-Score"]
    change, own, around, model = out[1][1:]
    assert own == 0 and model == 0  # c's figures and the model did not change
    assert around == pytest.approx(change)
    # the potential rests on the image alone (the only potential figure here), 3 throughout
    assert out[2][1:] == [0.0, 0.0, 0.0, 0.0]
    abc = out[labels.index("Ursache ABC-Wechsel")]
    assert abc[1] == "andere Kunden"
    words = out[-1][1]
    assert "ABC A → B (andere Kunden): Umsatz 15 → 15 (0 %), A-Grenze 15 → 45" in words
    with pytest.raises(XlwingsError, match="KW.CAUSES: 'customer_id': Kunde 'z'"):
        udfs.causes(old, new, "z")
