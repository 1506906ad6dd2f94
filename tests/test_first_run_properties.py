"""Issue 19's properties: a factor nobody has is as if the model had none; joining order lines
with a customer sheet moves nobody else's figures; order of lines and rows changes nothing."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kundenwert.method.config import Config
from kundenwert.method.portfolio import score_portfolio
from kundenwert.method.purchase_history import history_for_scoring
from tests.test_core_properties import portfolios

RESULT = ["ist_score", "potenzial_score", "segment", "abc", "datenabdeckung"]
DROPPABLE = ["image", "referenz", "cross_selling", "kooperation", "wiederkaufrate"]


@settings(max_examples=40, deadline=None)
@given(portfolios(min_size=3), st.sampled_from(DROPPABLE))
def test_a_factor_nobody_has_scores_as_a_model_without_it(frame: pd.DataFrame, gone: str) -> None:
    without_data = frame.assign(**{gone: np.nan})
    base = Config()
    factors = [f for f in base.factors if f.column != gone]
    score = next(f.score for f in base.factors if f.column == gone)
    # the model without the factor, its score's weights scaled back to 100 %
    rest = sum(f.weight for f in factors if f.score == score)
    smaller = Config(
        factors=[
            f.model_copy(update={"weight": f.weight * 100 / rest}) if f.score == score else f
            for f in factors
        ]
    )
    a = score_portfolio(without_data, base).scored.set_index("kunden_nr")[RESULT]
    b = score_portfolio(frame.drop(columns=[gone]), smaller).scored.set_index("kunden_nr")[RESULT]
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9)


@st.composite
def histories(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Order lines of a few customers over two years, and a customer sheet that shares only
    some of them."""
    n = draw(st.integers(2, 8))
    rows = []
    for c in range(n):
        for _ in range(draw(st.integers(1, 6))):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=draw(st.integers(0, 729)))
            amount = draw(st.floats(-50, 5000, allow_nan=False))
            rows.append({"kunden_nr": f"C{c}", "datum": day, "betrag": amount})
    lines = pd.DataFrame(rows)
    on_sheet = draw(st.lists(st.integers(0, n + 3), unique=True, max_size=n + 3))
    sheet = pd.DataFrame(
        {
            "kunden_nr": [f"C{c}" for c in on_sheet],
            "potenzial": [1000.0 * (c + 1) for c in on_sheet],
        }
    )
    return lines, sheet


FIGURES = ["umsatz", "umsatz_vorjahr", "auftraege", "wiederkaufrate"]
STICHTAG = Config(stichtag=dt.date(2025, 12, 31))


def _figures(lines: pd.DataFrame, sheet: pd.DataFrame | None) -> pd.DataFrame:
    frame = history_for_scoring(lines, STICHTAG, sheet).frame
    out = frame.set_index("kunden_nr")[FIGURES].sort_index()
    out.index = out.index.astype(object)  # an empty sheet joins as text: compare by value
    return out


@settings(max_examples=15, deadline=None)  # each example fits the purchase model 3 times
@given(histories(), st.integers(100, 200))
def test_one_sided_customers_change_no_other_customers_figures(
    data: tuple[pd.DataFrame, pd.DataFrame], extra: int
) -> None:
    lines, sheet = data
    before = _figures(lines, sheet)
    # a sheet row without lines
    more_sheet = pd.concat([sheet, pd.DataFrame({"kunden_nr": [f"S{extra}"], "potenzial": [5.0]})])
    after = _figures(lines, more_sheet)
    pd.testing.assert_frame_equal(after.drop(index=f"S{extra}"), before)
    # a line customer without a sheet row
    new_line = pd.DataFrame(
        {"kunden_nr": [f"L{extra}"], "datum": [dt.date(2025, 6, 1)], "betrag": [10.0]}
    )
    after = _figures(pd.concat([lines, new_line], ignore_index=True), sheet)
    pd.testing.assert_frame_equal(after.drop(index=f"L{extra}"), before)


@settings(max_examples=15, deadline=None)
@given(histories(), st.randoms(use_true_random=False))
def test_reordering_lines_or_sheet_rows_changes_nothing(
    data: tuple[pd.DataFrame, pd.DataFrame], rnd: object
) -> None:
    lines, sheet = data
    lines_order, sheet_order = list(range(len(lines))), list(range(len(sheet)))
    rnd.shuffle(lines_order)  # type: ignore[attr-defined]
    rnd.shuffle(sheet_order)  # type: ignore[attr-defined]
    a = _figures(lines, sheet)
    b = _figures(lines.iloc[lines_order], sheet.iloc[sheet_order])
    pd.testing.assert_frame_equal(a, b)
