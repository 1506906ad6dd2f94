"""Properties that must hold for any portfolio (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kundenwert.method.abc_class import abc_class
from kundenwert.method.config import Config
from kundenwert.method.portfolio import score_portfolio

money = st.floats(min_value=0, max_value=1e7, allow_nan=False)
rating = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
share = st.floats(min_value=0, max_value=1, allow_nan=False)


@st.composite
def portfolios(draw: st.DrawFn, min_size: int = 2, max_size: int = 25) -> pd.DataFrame:
    n = draw(st.integers(min_size, max_size))
    col = lambda s: draw(st.lists(s, min_size=n, max_size=n))  # noqa: E731
    frame = pd.DataFrame(
        {
            "kunden_nr": [f"K{i}" for i in range(n)],
            "umsatz": col(money),
            "potenzial": col(money),
            "marge": col(share),
            "auftraege": col(st.integers(0, 200)),
            "besuche": col(st.integers(0, 30)),
            "cross_selling": col(money),
            "up_selling": col(money),
            "wiederkaufrate": col(share),
            "abwanderung": col(share),
            "image": col(rating),
            "multiplikator": col(rating),
            "referenz": col(rating),
            "kooperation": col(rating),
        }
    )
    return frame.astype({c: float for c in frame.columns if c != "kunden_nr"})


@settings(max_examples=60, deadline=None)
@given(portfolios())
def test_scores_stay_between_0_and_100(frame: pd.DataFrame) -> None:
    s = score_portfolio(frame).scored
    for col in ("ist_score", "potenzial_score"):
        assert ((s[col] >= -1e-9) & (s[col] <= 100 + 1e-9)).all()
    assert ((s["datenabdeckung"] > 0) & (s["datenabdeckung"] <= 1)).all()


@settings(max_examples=40, deadline=None)
@given(portfolios(), st.randoms(use_true_random=False))
def test_row_order_changes_no_result(frame: pd.DataFrame, rnd: object) -> None:
    order = list(range(len(frame)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    shuffled = frame.iloc[order].reset_index(drop=True)
    cols = ["ist_score", "potenzial_score", "segment", "abc", "phase", "clv", "grenzfall"]
    a = score_portfolio(frame).scored.set_index("kunden_nr")[cols].sort_index()
    b = score_portfolio(shuffled).scored.set_index("kunden_nr")[cols].sort_index()
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(portfolios(), st.data())
def test_raising_a_higher_is_better_factor_never_lowers_the_score(
    frame: pd.DataFrame, data: st.DataObject
) -> None:
    cfg = Config()
    factor = data.draw(
        st.sampled_from(
            [f for f in cfg.factors if f.direction == "hoch" and f.column in frame.columns]
        )
    )
    i = data.draw(st.integers(0, len(frame) - 1))
    before = score_portfolio(frame, cfg).scored.set_index("kunden_nr")
    raised = frame.copy()
    old = raised.loc[i, factor.column]
    top = 5.0 if factor.method == "skala" else (1.0 if factor.column == "wiederkaufrate" else None)
    new = top if top is not None else (0 if np.isnan(old) else old) * 2 + 1
    raised.loc[i, factor.column] = new
    after = score_portfolio(raised, cfg).scored.set_index("kunden_nr")
    key, col = f"K{i}", f"{factor.score}_score"
    if factor.column == "wiederkaufrate" and key in before.index:
        # Retention also feeds the CLV: for a loss-making customer a longer relationship means a
        # larger loss, so its score may fall. That is the method, not a defect.
        assume(before.loc[key, "db_nach_kosten"] >= 0)
    if key in before.index and key in after.index and not np.isnan(old):
        assert after.loc[key, col] >= before.loc[key, col] - 1e-9


@settings(max_examples=100, deadline=None)
@given(st.lists(money, min_size=1, max_size=40))
def test_abc_is_monotone_in_revenue(revenue: list[float]) -> None:
    r = np.array(revenue)
    classes = abc_class(r)
    rank = {"A": 0, "B": 1, "C": 2}
    for i in range(len(r)):
        for j in range(len(r)):
            if r[i] > r[j]:
                assert rank[classes[i]] <= rank[classes[j]]


@settings(max_examples=100, deadline=None)
@given(st.lists(money, min_size=1, max_size=40), st.floats(0.5, 0.85), st.floats(0.86, 0.99))
def test_abc_shares_are_monotone_in_the_limits(revenue: list[float], a: float, b: float) -> None:
    # widening the A limit never turns an A customer into B or C
    r = np.array(revenue)
    narrow, wide = abc_class(r, a, b), abc_class(r, min(a + 0.1, b - 0.001), b)
    assert ((narrow != "A") | (wide == "A")).all()
    assert (narrow == "A").sum() <= (wide == "A").sum()


def test_more_retention_lowers_the_value_of_a_loss_maker() -> None:
    # contribution 100 × 10 % − 1 order × 60 € = −50 €: keeping it longer loses more
    frame = pd.DataFrame(
        {
            "kunden_nr": ["a", "b"],
            "umsatz": [100.0, 1000.0],
            "marge": [0.1, 0.5],
            "auftraege": [1.0, 1.0],
            "wiederkaufrate": [0.2, 0.9],
            "image": [3.0, 4.0],
        }
    )
    low = score_portfolio(frame).scored["clv"].iloc[0]
    frame.loc[0, "wiederkaufrate"] = 0.9
    assert score_portfolio(frame).scored["clv"].iloc[0] < low < 0
