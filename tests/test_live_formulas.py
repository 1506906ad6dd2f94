"""The template's native formulas, recalculated by LibreOffice (an engine nobody here wrote),
give the Python core's results: both scores, the segment and the ABC class."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from kundenwert.cells.customer_table import read_customer_table
from kundenwert.method.config import Config, Threshold
from kundenwert.method.portfolio import score_portfolio
from kundenwert.templates.formulas import live_plan
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from kundenwert.xlsx.openpyxl_renderer import write_plan
from tests import libreoffice as lo
from tests.conftest import needs_libreoffice

pytestmark = [pytest.mark.libreoffice, needs_libreoffice]
DAY = dt.date(2025, 12, 31)


def random_portfolio(n: int, seed: int) -> pd.DataFrame:
    """Random values with gaps, ties and a few loss-makers, in the documented columns."""
    rng = np.random.default_rng(seed)
    frame = generate_portfolio(n, seed=seed)
    for col in ("image", "referenz", "kooperation", "wiederkaufrate", "cross_selling"):
        frame.loc[rng.random(n) < 0.2, col] = np.nan
    frame.loc[rng.random(n) < 0.1, "deckungsbeitrag"] = np.nan  # then revenue × margin
    frame["umsatz"] = np.where(rng.random(n) < 0.1, 5000.0, frame["umsatz"])  # ties
    return frame


def _recalculated(
    rows: list[list[object]], config: Config, tmp_path: Path, name: str
) -> pd.DataFrame:
    path = write_plan(live_plan(rows, config), tmp_path / f"{name}.xlsx")
    book = openpyxl.load_workbook(lo.recalculate(path, tmp_path / "lo"), data_only=True)
    cells = list(book["Kunden"].iter_rows(values_only=True))
    header = list(cells[0])
    frame = pd.DataFrame(cells[1:], columns=header)
    return frame.rename(
        columns={
            "Kunden-Nr": "kunden_nr",
            "Ist-Score": "ist_score",
            "Potenzial-Score": "potenzial_score",
            "Segment": "segment",
            "ABC": "abc",
        }
    ).set_index("kunden_nr")


@pytest.mark.parametrize(
    ("name", "frame", "config"),
    [
        ("demo", generate_portfolio(300, seed=2025), Config(stichtag=DAY)),
        (
            "zufall",
            random_portfolio(80, seed=99),
            Config(
                stichtag=DAY,
                threshold_ist=Threshold(method="mittelwert"),
                threshold_potenzial=Threshold(method="quantil", value=0.6),
            ),
        ),
    ],
)
def test_formulas_equal_the_core(
    name: str, frame: pd.DataFrame, config: Config, tmp_path: Path
) -> None:
    rows = to_input_rows(frame)
    expected = score_portfolio(read_customer_table(rows).frame, config).scored.set_index(
        "kunden_nr"
    )
    got = _recalculated(rows, config, tmp_path, name)
    labels = config.segment_labels()
    assert len(expected) == len(frame)
    for cid, want in expected.iterrows():
        row = got.loc[cid]
        assert row["ist_score"] == pytest.approx(want["ist_score"], rel=1e-9, abs=1e-9), cid
        assert row["potenzial_score"] == pytest.approx(
            want["potenzial_score"], rel=1e-9, abs=1e-9
        ), cid
        assert row["segment"] == labels[want["segment"]], cid
        assert row["abc"] == want["abc"], cid


def test_live_matrix_follows_the_formulas(tmp_path: Path) -> None:
    from kundenwert.book.style import SEGMENT_COLOURS

    rows = to_input_rows(generate_portfolio(150, seed=12))
    path = write_plan(live_plan(rows, Config(stichtag=DAY)), tmp_path / "live.xlsx")
    pdf = lo.render_pdf(path, tmp_path / "pdf")
    page = lo.page_with_text(pdf, "Vier-Felder-Matrix")
    assert page is not None
    png = lo.render_page(pdf, page, tmp_path / "matrix.png", dpi=100)
    for key, colour in SEGMENT_COLOURS.items():
        rgb = (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16))
        assert lo.colour_share(png, rgb, 12, (0.0, 0.0, 0.7, 0.8)) > 0.0005, key


def test_no_row_formula_scans_a_whole_column() -> None:
    """Each row's formulas look up the sorted helper columns by binary search; a RANK, COUNTIF
    or SUMIFS per row would scan the column in LibreOffice (O(n²): 10,000 customers took more
    than 300 s). Only the helper block's sorting columns read a whole column per row."""
    import re

    from kundenwert.book.plan import Formula, Table

    plan = live_plan(to_input_rows(generate_portfolio(30, seed=3)), Config(stichtag=DAY))
    table = next(b for b in plan.sheet("Kunden").blocks if isinstance(b, Table))
    scans = re.compile(r"\b(RANK|COUNTIFS?|SUMIFS?|SUMPRODUCT|SMALL|LARGE)\(")
    for row in table.rows:
        for v in row:
            assert not (isinstance(v, Formula) and scans.search(v)), v
