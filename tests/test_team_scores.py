"""Team workbooks score against the whole portfolio: recalculated by LibreOffice, every
customer's scores, segment and ABC class in its team's workbook equal the core's result on the
whole master, and a rep's edit moves the customer within the whole portfolio."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from kundenwert.cells.customer_table import read_customer_table
from kundenwert.method.config import Config
from kundenwert.method.portfolio import score_portfolio
from kundenwert.teams.workflow import split
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from tests import libreoffice as lo
from tests.conftest import needs_libreoffice, write_xlsx

pytestmark = [pytest.mark.libreoffice, needs_libreoffice]
DAY = dt.date(2025, 12, 31)
NAMES = {
    "Kunden-Nr": "kunden_nr",
    "Ist-Score": "ist_score",
    "Potenzial-Score": "potenzial_score",
    "Segment": "segment",
    "ABC": "abc",
}


def _rows(n: int, seed: int) -> list[list[object]]:
    """A portfolio with gaps and ties, so ranks and ABC shares depend on the other teams."""
    rng = np.random.default_rng(seed)
    frame = generate_portfolio(n, seed=seed)
    for col in ("image", "referenz", "wiederkaufrate", "cross_selling"):
        frame.loc[rng.random(n) < 0.2, col] = np.nan
    frame["umsatz"] = np.where(rng.random(n) < 0.1, 5000.0, frame["umsatz"])
    return to_input_rows(frame)


def _recalculated(team: Path, outdir: Path) -> pd.DataFrame:
    book = openpyxl.load_workbook(lo.recalculate(team, outdir), data_only=True)
    cells = list(book["Kunden"].iter_rows(values_only=True))
    frame = pd.DataFrame(cells[1:], columns=list(cells[0])).rename(columns=NAMES)
    return frame[frame["kunden_nr"].notna()].set_index("kunden_nr")


def _assert_same(got: pd.DataFrame, want: pd.DataFrame, config: Config) -> None:
    labels = config.segment_labels()
    for cid, row in got.iterrows():
        w = want.loc[cid]
        for key in ("ist_score", "potenzial_score"):
            assert math.isclose(row[key], w[key], rel_tol=1e-9, abs_tol=1e-9), (cid, key)
        assert row["segment"] == labels[w["segment"]], cid
        assert row["abc"] == w["abc"], cid


def test_team_scores_equal_the_masters(tmp_path: Path) -> None:
    config = Config(stichtag=DAY)
    rows = _rows(90, seed=41)
    master = write_xlsx(tmp_path / "stamm.xlsx", {"Kunden": rows})
    teams = split(master, "Region", tmp_path / "teams", config)
    want = score_portfolio(read_customer_table(rows).frame, config).scored.set_index("kunden_nr")
    seen = 0
    for team in teams:
        got = _recalculated(team, tmp_path / "lo")
        _assert_same(got, want, config)
        seen += len(got)
    assert seen == len(want) == 90
    # the team's own distribution would give other results: at least one segment differs
    own = score_portfolio(
        read_customer_table([rows[0], *[r for r in rows[1:] if r[2] == rows[1][2]]]).frame, config
    ).scored.set_index("kunden_nr")
    assert any(own.loc[c, "segment"] != want.loc[c, "segment"] for c in own.index)


def test_a_reps_edit_moves_the_customer_within_the_portfolio(tmp_path: Path) -> None:
    """An image rating (fixed 1–5 scale) changes only that customer's scores, so the core on
    the whole master with the same edit is the exact expectation for the whole team."""
    config = Config(stichtag=DAY)
    rows = _rows(60, seed=7)
    master = write_xlsx(tmp_path / "stamm.xlsx", {"Kunden": rows})
    teams = split(master, "Region", tmp_path / "teams", config)
    book = openpyxl.load_workbook(teams[0])
    ws = book["Kunden"]
    col = [c.value for c in ws[1]].index("Image") + 1
    customer = ws.cell(2, 1).value
    old = ws.cell(2, col).value
    new = 1 if old != 1 else 5
    ws.cell(2, col).value = new
    book.save(teams[0])
    edited = [list(r) for r in rows]
    i = next(i for i, r in enumerate(edited) if r[0] == customer)
    edited[i][rows[0].index("Image")] = new
    want = score_portfolio(read_customer_table(edited).frame, config).scored.set_index("kunden_nr")
    before = score_portfolio(read_customer_table(rows).frame, config).scored.set_index("kunden_nr")
    assert want.loc[customer, "ist_score"] != before.loc[customer, "ist_score"] or (
        want.loc[customer, "potenzial_score"] != before.loc[customer, "potenzial_score"]
    )
    _assert_same(_recalculated(teams[0], tmp_path / "lo"), want, config)
