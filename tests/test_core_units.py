"""Small cases of the method, worked out by hand in each test."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from kundenwert.errors import KundenwertError, MessageError
from kundenwert.method.abc_class import abc_class
from kundenwert.method.ahp import ahp_weights
from kundenwert.method.config import Config, Factor, Threshold
from kundenwert.method.normalize import normalize
from kundenwert.method.phase import relationship_phase
from kundenwert.method.portfolio import score_portfolio, weighted_score
from kundenwert.method.profitability import clv, contribution_after_cost
from kundenwert.method.segments import borderline, quadrant, threshold_value
from tests.conftest import rating

nan = np.nan


def test_minmax_with_missing_value_stays_missing() -> None:
    out = normalize(np.array([10.0, 20.0, nan, 30.0]), "minmax")
    assert out[0] == 0 and out[1] == 50 and out[3] == 100
    assert math.isnan(out[2])


def test_percent_rank_counts_strictly_lower_values_like_excel() -> None:
    # values 5, 1, 3, 3: below-counts 3, 0, 1, 1 over n-1 = 3
    out = normalize(np.array([5.0, 1.0, 3.0, 3.0]), "rang")
    assert out.tolist() == pytest.approx([100.0, 0.0, 100 / 3, 100 / 3])


def test_scale_rating_and_lower_is_better() -> None:
    out = normalize(np.array([1.0, 3.0, 5.0]), "skala", scale_min=1, scale_max=5)
    assert out.tolist() == [0.0, 50.0, 100.0]
    low = normalize(np.array([0.1, 0.5]), "minmax", direction="niedrig")
    assert low.tolist() == [100.0, 0.0]


def test_fixed_thresholds_step_function() -> None:
    out = normalize(np.array([5.0, 10.0, 60.0, 500.0]), "schwellen", thresholds=[10, 50, 100])
    assert out.tolist() == pytest.approx([0.0, 100 / 3, 200 / 3, 100.0])


def test_constant_factor_is_neutral() -> None:
    assert normalize(np.array([4.0, 4.0]), "minmax").tolist() == [50.0, 50.0]
    assert normalize(np.array([4.0, 4.0, nan]), "rang")[:2].tolist() == [50.0, 50.0]


def test_weighted_score_renormalises_over_present_factors() -> None:
    norm = pd.DataFrame({"a": [100.0, 40.0], "b": [0.0, nan]})
    score, coverage, parts = weighted_score(norm, pd.Series({"a": 75.0, "b": 25.0}))
    # row 0: 0.75*100 + 0.25*0 = 75; row 1: only a present -> 40, coverage 75 %
    assert score.tolist() == [75.0, 40.0]
    assert coverage.tolist() == [1.0, 0.75]
    assert parts.loc[1, "a"] == 40.0 and math.isnan(parts.loc[1, "b"])


def test_contribution_after_cost_to_serve() -> None:
    # 100 000 × 30 % − 50 × 60 − 10 × 250 − 1 000 = 30 000 − 3 000 − 2 500 − 1 000 = 23 500
    out = contribution_after_cost(
        np.array([100_000.0]),
        np.array([0.3]),
        np.array([50.0]),
        60,
        np.array([10.0]),
        250,
        np.array([1000.0]),
    )
    assert out[0] == pytest.approx(23_500)


def test_clv_three_years() -> None:
    # m=1000, r=0.5, d=0.1: 1000/1.1 + 500/1.21 + 250/1.331
    expected = 1000 / 1.1 + 500 / 1.21 + 250 / 1.331
    assert clv(np.array([1000.0]), np.array([0.5]), 0.1, 3)[0] == pytest.approx(expected)
    with pytest.raises(KundenwertError):
        clv(np.array([1.0]), np.array([1.5]), 0.1, 3)


def test_abc_with_z_and_o_and_ties() -> None:
    revenue = np.array([50.0, 30.0, 10.0, 5.0, 5.0, nan])
    contribution = np.array([10.0, 5.0, -1.0, 1.0, 1.0, 0.0])
    # revenue above each: 0 %, 50 %, 80 %, 90 %, 90 % (ties share) of 100
    classes = abc_class(revenue, 0.8, 0.95, contribution)
    assert classes.tolist() == ["A", "A", "Z", "B", "B", "O"]


def test_abc_boundary_customer_that_crosses_a_is_still_a() -> None:
    # the first customer alone crosses 80 % and is A; 90 % lies above the second -> B
    assert abc_class(np.array([90.0, 10.0])).tolist() == ["A", "B"]
    # 96 % above the third -> C
    assert abc_class(np.array([90.0, 6.0, 4.0])).tolist() == ["A", "B", "C"]


def test_thresholds_and_quadrants() -> None:
    x = np.array([10.0, 20.0, 30.0, 40.0])
    assert threshold_value(x, Threshold()) == 25.0
    assert threshold_value(x, Threshold(method="mittelwert")) == 25.0
    assert threshold_value(x, Threshold(method="fest", value=33)) == 33.0
    assert threshold_value(x, Threshold(method="quantil", value=0.5)) == 25.0
    seg = quadrant(
        np.array([60.0, 60.0, 10.0, 10.0, 50.0]),
        np.array([60.0, 10.0, 60.0, 10.0, 50.0]),
        50.0,
        50.0,
    )
    assert seg.tolist() == ["top", "stamm", "wachstum", "klein", "top"]
    assert borderline(np.array([51.5, 60.0]), np.array([80.0, 53.0]), 50, 50, 2).tolist() == [
        True,
        False,
    ]


def test_phases_in_priority_order() -> None:
    stichtag = dt.date(2025, 12, 31)
    first = pd.Series(
        pd.to_datetime(
            ["2010-01-01", "2025-06-01", "2010-01-01", "2010-01-01", "2010-01-01", "2010-01-01"]
        )
    )
    last = pd.Series(
        pd.to_datetime(
            ["2024-06-01", "2025-12-01", "2025-12-01", "2025-12-01", "2025-12-01", "2025-12-01"]
        )
    )
    revenue = np.array([100.0, 100.0, 80.0, 130.0, 105.0, 100.0])
    previous = np.array([100.0, nan, 100.0, 100.0, 100.0, 100.0])
    churn = np.array([0.1, 0.1, 0.1, 0.1, 0.1, 0.7])
    phase = relationship_phase(stichtag, first, last, revenue, previous, churn, 0.1, 0.5)
    assert phase.tolist() == ["ruhend", "neu", "gefaehrdet", "wachsend", "stabil", "gefaehrdet"]


def test_ahp_consistent_matrix_gives_exact_weights() -> None:
    # a consistent matrix built from weights 4:2:1 -> weights 4/7, 2/7, 1/7, CR 0
    m = np.array([[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]])
    res = ahp_weights(m)
    assert res.weights.tolist() == pytest.approx([4 / 7, 2 / 7, 1 / 7])
    assert res.consistency_ratio == pytest.approx(0, abs=1e-9) and res.consistent


def test_ahp_flags_inconsistent_and_rejects_non_reciprocal() -> None:
    m = np.array([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])  # a > b > c > a
    assert not ahp_weights(m).consistent
    with pytest.raises(MessageError) as info:
        ahp_weights(np.array([[1, 2], [2, 1]]))
    assert (info.value.message, info.value.args_["a"], info.value.args_["b"]) == (
        "err.ahp.reziprok",
        "2",
        "2",
    )


def _two_factor_config() -> Config:
    return Config(
        factors=[
            Factor(column="umsatz", score="ist", weight=100, method="minmax"),
            rating("image", "potenzial", 50),
            rating("referenz", "potenzial", 50),
        ]
    )


def test_score_portfolio_small_case_by_hand() -> None:
    frame = pd.DataFrame(
        {
            "kunden_nr": ["a", "b", "c"],
            "umsatz": [100.0, 300.0, 200.0],
            "image": [5.0, 1.0, nan],
            "referenz": [3.0, 1.0, 4.0],
        }
    )
    res = score_portfolio(frame, _two_factor_config())
    s = res.scored.set_index("kunden_nr")
    # ist: minmax over 100..300 -> 0, 100, 50
    assert s["ist_score"].tolist() == [0.0, 100.0, 50.0]
    # potenzial: a: (100 + 50)/2 = 75; b: 0; c: only referenz 4 -> 75
    assert s["potenzial_score"].tolist() == [75.0, 0.0, 75.0]
    # coverage = share of the run's effective weight: Ist 100 % (revenue), Potenzial 50 %
    # (referenz, half of the potential weight); each score counts alike: (1 + 0.5) / 2
    assert s.loc["c", "datenabdeckung"] == pytest.approx(0.75)
    # medians: ist 50, potenzial 75 -> a wachstum, b stamm, c top
    assert s["segment"].tolist() == ["wachstum", "stamm", "top"]
    # the input frame is untouched
    assert list(frame.columns) == ["kunden_nr", "umsatz", "image", "referenz"]


def test_factor_missing_for_everyone_is_dropped_with_a_note() -> None:
    frame = pd.DataFrame({"kunden_nr": ["a", "b"], "umsatz": [1.0, 2.0], "image": [3.0, 4.0]})
    res = score_portfolio(frame, _two_factor_config())
    assert [p.column for p in res.problems if p.action == "factor_dropped"] == ["referenz"]
    assert res.scored["potenzial_score"].tolist() == [50.0, 75.0]


def test_config_rejects_weights_not_adding_up() -> None:
    with pytest.raises(ValueError, match="100"):
        Config(
            factors=[
                Factor(column="umsatz", score="ist", weight=90),
                Factor(column="image", score="potenzial", weight=100),
            ]
        )


def test_changing_the_result_never_changes_the_input_frame() -> None:
    # the result may share the input's columns (pandas copy-on-write); writes must not leak
    from kundenwert.workbook.sample import synthetic

    frame = synthetic(50)
    before = frame.copy()
    result = score_portfolio(frame)
    result.scored.loc[result.scored.index[0], "umsatz"] = 1e9
    result.scored["marge"] *= 2
    pd.testing.assert_frame_equal(frame, before)


def test_abc_shares_with_ties_zeros_and_gaps() -> None:
    from kundenwert.method.abc_class import revenue_share_before

    revenue = np.array([50.0, 30.0, 30.0, 0.0, np.nan, -5.0, 20.0, -0.0])
    # strictly more revenue before each: 0, 50, 50, 130, –, –, 110, 130 of 130
    expected = np.array([0, 50, 50, 130, np.nan, np.nan, 110, 130]) / 130
    np.testing.assert_array_equal(revenue_share_before(revenue), expected)


def test_a_result_column_already_in_the_input_is_replaced_in_place() -> None:
    from kundenwert.workbook.sample import synthetic

    frame = synthetic(40)
    frame.insert(2, "ist_score", -1.0)  # e.g. a table scored before
    result = score_portfolio(frame)
    columns = list(result.scored.columns)
    assert columns.count("ist_score") == 1 and columns.index("ist_score") == 2
    assert result.scored["ist_score"].between(0, 100).all()
    fresh = score_portfolio(frame.drop(columns="ist_score")).scored
    assert result.scored["ist_score"].tolist() == fresh["ist_score"].tolist()
