"""Team workbooks and templates computed by LibreOffice (an engine nobody here wrote) give the
Python core's results after the edits a team makes, also in the awkward rows: prepared blank
rows, customers that cannot be scored, new-but-dormant customers, tied and unrounded revenues.

Each test runs one soffice conversion (a few seconds on two cores).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from kundenwert.cells.customer_table import read_customer_table
from kundenwert.method.config import Config, Factor, Threshold, default_factors
from kundenwert.method.portfolio import ScoreResult, score_portfolio
from kundenwert.method.segments import SEGMENT_ORDER
from kundenwert.teams.workflow import split
from kundenwert.templates.formulas import HELPER_SHEET, live_plan
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from kundenwert.xlsx.openpyxl_renderer import write_plan
from tests import libreoffice as lo
from tests.conftest import needs_libreoffice

pytestmark = [pytest.mark.libreoffice, needs_libreoffice]
DAY = dt.date(2025, 12, 31)
POTENTIAL_FACTORS = (
    "potenzial",
    "cross_selling",
    "up_selling",
    "image",
    "multiplikator",
    "referenz",
    "abwanderung",
)
RESULT_HEADERS = {
    "de": ("Kunden-Nr", "Ist-Score", "Potenzial-Score", "Segment", "ABC"),
    "en": ("Customer ID", "Current score", "Potential score", "Segment", "ABC"),
}


def _core(frame: pd.DataFrame, config: Config, lang: str = "de") -> ScoreResult:
    """The core's result for the customers as a sheet would hold them (written and read)."""
    return score_portfolio(read_customer_table(to_input_rows(frame, lang)).frame, config)


def _sheet_rows(
    book: openpyxl.Workbook, name: str
) -> tuple[list[object], list[tuple[object, ...]]]:
    cells: list[tuple[object, ...]] = list(book[name].iter_rows(values_only=True))
    return list(cells[0]), cells[1:]


def _assert_rows_equal_core(
    header: list[object],
    rows: list[tuple[object, ...]],
    result: ScoreResult,
    lang: str = "de",
) -> None:
    """Every customer row: both scores within 1e-9, segment name and ABC class equal; rows
    the core leaves out show empty results."""
    cid, ist, pot, seg, abc = (header.index(h) for h in RESULT_HEADERS[lang])
    expected = result.scored.set_index("kunden_nr")
    labels = {str(k): v for k, v in result.config.segment_labels(lang).items()}
    seen = 0
    for row in rows:
        if row[cid] is None:
            continue
        if row[cid] not in expected.index:  # not scorable: the core reports it and leaves it out
            assert [row[j] for j in (ist, pot, seg, abc)] == [None] * 4, row[cid]
            continue
        want = expected.loc[str(row[cid])]
        assert row[ist] == pytest.approx(want["ist_score"], rel=1e-9, abs=1e-9), row[cid]
        assert row[pot] == pytest.approx(want["potenzial_score"], rel=1e-9, abs=1e-9), row[cid]
        assert row[seg] == labels[str(want["segment"])], row[cid]
        assert row[abc] == want["abc"], row[cid]
        seen += 1
    assert seen == len(expected)


def _set(ws: Worksheet, cid: str, header: str, value: float | None) -> None:
    """Type a value into a customer's cell, as a team member would in Excel."""
    col = [c.value for c in ws[1]].index(header) + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == cid)
    ws.cell(row, col).value = value


def test_edited_team_workbook_recalculates_to_the_core(tmp_path: Path) -> None:
    """split → a team edits ratings and estimates with openpyxl → LibreOffice recalculates:
    scores, segment, ABC, thresholds and the matrix's chart data equal the core on the
    edited customers."""
    config = Config(stichtag=DAY)
    frame = generate_portfolio(160, seed=31)
    master = tmp_path / "stamm.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kunden"
    for r in to_input_rows(frame):
        sheet.append(r)
    book.save(master)
    written = split(master, "Region", tmp_path / "teams", config)
    path = next(p for p in written if p.stem.endswith("Süd"))
    team = frame[frame["region"] == "Süd"].reset_index(drop=True)
    ids = team["kunden_nr"].tolist()

    edits: list[tuple[str, str, str, float | None]] = [
        (ids[0], "image", "Image", 1),
        (ids[1], "potenzial", "Potenzial", 5_000_000.0),
        (ids[2], "kooperation", "Kooperation", None),
        (ids[3], "wiederkaufrate", "Wiederkaufrate", 0.35),
        (ids[4], "abwanderung", "Abwanderungsrisiko", 0.9),
    ]
    # one customer loses every potential estimate: it cannot be scored any more
    edits += [
        (ids[5], key, header, None)
        for key, header in zip(
            POTENTIAL_FACTORS,
            (
                "Potenzial",
                "Cross-Selling",
                "Up-Selling",
                "Image",
                "Multiplikatorwirkung",
                "Referenzbereitschaft",
                "Abwanderungsrisiko",
            ),
            strict=True,
        )
    ]
    wb = openpyxl.load_workbook(path)
    for cid, key, title, value in edits:
        _set(wb["Kunden"], cid, title, value)
        team.loc[team["kunden_nr"] == cid, key] = np.nan if value is None else value
    wb.save(path)

    result = _core(team, config)
    assert ids[5] not in set(result.scored["kunden_nr"])
    got = openpyxl.load_workbook(lo.recalculate(path, tmp_path / "lo"), data_only=True)
    header, rows = _sheet_rows(got, "Kunden")
    _assert_rows_equal_core(header, rows, result)

    # the chart's data block follows the formulas: x, the y of the own quadrant, thresholds
    expected = result.scored.set_index("kunden_nr")
    labels = config.segment_labels()
    matrix = got["Matrix"]
    head = [c.value for c in matrix[1]]
    x_col = head.index("Ist-Score")
    y_cols = {k: head.index(labels[k]) for k in SEGMENT_ORDER}
    block = list(matrix.iter_rows(min_row=2, values_only=True))
    cid_col = header.index("Kunden-Nr")
    for table_row, chart_row in zip(rows, block, strict=False):
        customer = str(table_row[cid_col])
        if customer not in expected.index:
            assert chart_row[x_col] == "#N/A", customer
            continue
        want = expected.loc[customer]
        assert chart_row[x_col] == pytest.approx(want["ist_score"], rel=1e-9), customer
        for k, j in y_cols.items():
            if k == want["segment"]:
                assert chart_row[j] == pytest.approx(want["potenzial_score"], rel=1e-9), customer
            else:
                assert chart_row[j] == "#N/A", (customer, k)
    # the threshold lines: two points each, at the thresholds the core found
    lines = block[len(rows) : len(rows) + 4]
    t_x, t_y = head.index("Schwelle Ist"), head.index("Schwelle Potenzial")
    assert [r[x_col] for r in lines[:2]] == pytest.approx([result.t_ist] * 2, rel=1e-9)
    assert [r[t_x] for r in lines[:2]] == [0, 100]
    assert [r[x_col] for r in lines[2:]] == [0, 100]
    assert [r[t_y] for r in lines[2:]] == pytest.approx([result.t_potenzial] * 2, rel=1e-9)


def _awkward_portfolio(n: int, seed: int) -> pd.DataFrame:
    """Gaps, tied and unrounded revenues, unscorable customers, a new customer that is also
    dormant (inconsistent dates, as real exports have them), ratings off the usual middle."""
    rng = np.random.default_rng(seed)
    frame = generate_portfolio(n, seed=seed)
    frame["umsatz"] = frame["umsatz"] * (1 + rng.random(n) / 7)  # full doubles, no cents
    frame.loc[rng.random(n) < 0.15, "umsatz"] = 4321.5  # ties
    for col in ("image", "referenz", "wiederkaufrate", "cross_selling", "deckungsbeitrag"):
        frame.loc[rng.random(n) < 0.2, col] = np.nan
    for key in POTENTIAL_FACTORS:
        frame.loc[frame.index[:2], key] = np.nan  # two customers cannot be scored
    frame.loc[frame.index[2], "umsatz"] = np.nan  # no revenue: O
    frame.loc[frame.index[3], ["erstauftrag", "letzter_auftrag"]] = [
        pd.Timestamp("2025-06-01"),
        pd.Timestamp("2024-06-01"),
    ]
    frame.loc[frame.index[4], ["erstauftrag", "letzter_auftrag"]] = [
        pd.Timestamp("2025-06-01"),
        pd.Timestamp("2025-11-01"),
    ]
    return frame


def test_english_template_with_prepared_rows_and_awkward_customers(tmp_path: Path) -> None:
    """Every normalisation method and direction, quantile and fixed thresholds, English
    sheet names, and blank rows prepared for new customers that must stay empty and must not
    move ranks, thresholds or ABC shares."""
    factors = default_factors()
    factors[3] = Factor(
        column="wiederkaufrate", score="ist", weight=10, method="schwellen", thresholds=[0.5, 0.8]
    )
    factors[11] = Factor(
        column="abwanderung", score="potenzial", weight=20, method="rang", direction="niedrig"
    )
    config = Config(
        factors=factors,
        stichtag=DAY,
        labels="premium",
        threshold_ist=Threshold(method="quantil", value=0.35),
        threshold_potenzial=Threshold(method="fest", value=45),
        abc_a=0.7,
        abc_b=0.9,
    )
    frame = _awkward_portfolio(90, seed=8)
    rows = to_input_rows(frame, "en")
    path = write_plan(live_plan(rows, config, "en", prepared_rows=120), tmp_path / "tpl.xlsx")
    got = openpyxl.load_workbook(lo.recalculate(path, tmp_path / "lo"), data_only=True)
    header, body = _sheet_rows(got, "Customers")
    result = _core(frame, config, "en")
    assert len(result.scored) == len(frame) - 2
    _assert_rows_equal_core(header, body, result, "en")
    blank = body[len(frame) : 120]
    assert len(blank) == 120 - len(frame)
    assert all(v in (None, "") for row in blank for v in row), "prepared rows must stay empty"
    helper = {r[0]: r[1] for r in got[HELPER_SHEET].iter_rows(min_row=2, values_only=True)}
    assert helper["schwelle_ist"] == pytest.approx(result.t_ist, rel=1e-9)
    assert helper["schwelle_potenzial"] == pytest.approx(result.t_potenzial, rel=1e-9)
