"""Why a customer moved: the three causes of a change, by hand and as properties."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kundenwert.method.causes import normalize_against, split_causes
from kundenwert.method.config import Config, Factor
from kundenwert.method.normalize import normalize
from tests.conftest import rating
from tests.test_core_properties import portfolios

DAY = dt.date(2026, 6, 30)


def _model(ist: list[Factor], pot: list[Factor] | None = None) -> Config:
    return Config(factors=[*ist, *(pot or [rating("image", "potenzial", 100)])], stichtag=DAY)


def _revenue_only() -> Config:
    return _model([Factor(column="umsatz", score="ist", weight=100, method="minmax")])


def _revenue_and_cooperation(w: float) -> Config:
    """Current value: revenue (min–max) at `w` %, cooperation (1–5) the rest."""
    return _model(
        [
            Factor(column="umsatz", score="ist", weight=w, method="minmax"),
            rating("kooperation", "ist", 100 - w),
        ]
    )


def test_a_customer_falls_from_a_to_b_because_another_doubled() -> None:
    # five customers; c's revenue stays 15 while b's doubles from 30 to 60
    old = pd.DataFrame(
        {
            "kunden_nr": list("abcde"),
            "umsatz": [45.0, 30.0, 15.0, 6.0, 4.0],
            "image": [3.0] * 5,
        }
    )
    new = old.assign(umsatz=[45.0, 60.0, 15.0, 6.0, 4.0])
    split = split_causes(old, _revenue_only(), new, _revenue_only())
    c = split.table.loc["c"]
    # old: total 100, above c 45 + 30 = 75 % < 80 % → A; d has 90 % above → B.
    # new: total 130, above c 60 + 45 = 105 → 80.8 % ≥ 80 % → B.
    # A cut-off: the least revenue still A: old 15 (c), new 45 (a, 60/130 = 46 % above)
    assert c["abc_grenze"] == "A"
    assert c["abc_grenze_alt"] == 15.0 and c["abc_grenze_neu"] == 45.0
    assert c["umsatz_alt"] == c["umsatz_neu"] == 15.0
    assert c["ursache_abc"] == "umfeld"
    # its score (min–max of revenue) falls only because the range widened: 11/41 → 11/56
    delta = 11 / 56 * 100 - 11 / 41 * 100
    assert c["ist_delta"] == pytest.approx(delta)
    assert c["ist_umfeld"] == pytest.approx(delta)
    assert c["ist_eigen"] == 0.0 and c["ist_modell"] == 0.0
    assert c["ist_eigen:umsatz"] == 0.0


def test_a_weight_change_alone_is_the_model() -> None:
    frame = pd.DataFrame(
        {
            "kunden_nr": list("xyz"),
            "umsatz": [15.0, 4.0, 45.0],
            "kooperation": [5.0, 1.0, 3.0],
            "image": [3.0, 3.0, 3.0],
        }
    )

    split = split_causes(frame, _revenue_and_cooperation(50), frame, _revenue_and_cooperation(80))
    x = split.table.loc["x"]
    # x: revenue (15 − 4) / (45 − 4) = 26.83, cooperation 5 → 100
    before = 0.5 * (11 / 41 * 100) + 0.5 * 100
    after = 0.8 * (11 / 41 * 100) + 0.2 * 100
    assert x["ist_delta"] == pytest.approx(after - before)
    assert x["ist_modell"] == pytest.approx(after - before)
    assert x["ist_eigen"] == 0.0 and x["ist_umfeld"] == 0.0
    assert split.model_changed


def test_a_mixed_change_split_by_hand() -> None:
    # X's revenue 20 → 30 and cooperation 3 → 4; Z (the top) 40 → 60; weights 50/50 → 80/20
    old = pd.DataFrame(
        {
            "kunden_nr": list("XYZ"),
            "umsatz": [20.0, 0.0, 40.0],
            "kooperation": [3.0, 1.0, 5.0],
            "image": [3.0] * 3,
        }
    )
    new = old.assign(umsatz=[30.0, 0.0, 60.0], kooperation=[4.0, 1.0, 5.0])

    split = split_causes(old, _revenue_and_cooperation(50), new, _revenue_and_cooperation(80))
    x = split.table.loc["X"]
    # revenue normalised against the others (0 and 40 old, 0 and 60 new):
    # own old in old 20/40 = 50, own new in old 30/40 = 75, old in new 20/60, new in new 30/60;
    # cooperation 3 → 50, 4 → 75 on the 1–5 scale
    u = {(0, 0): 50.0, (1, 0): 75.0, (0, 1): 100 / 3, (1, 1): 50.0}
    k = {0: 50.0, 1: 75.0}
    w = {0: (0.5, 0.5), 1: (0.8, 0.2)}
    v = {
        (a, p, m): w[m][0] * u[(a, p)] + w[m][1] * k[a]
        for a in (0, 1)
        for p in (0, 1)
        for m in (0, 1)
    }
    assert v[(0, 0, 0)] == 50.0 and v[(1, 1, 1)] == 55.0
    own = (
        (v[1, 0, 0] - v[0, 0, 0]) / 3
        + (v[1, 1, 0] - v[0, 1, 0]) / 6
        + (v[1, 0, 1] - v[0, 0, 1]) / 6
        + (v[1, 1, 1] - v[0, 1, 1]) / 3
    )
    around = (
        (v[0, 1, 0] - v[0, 0, 0]) / 3
        + (v[1, 1, 0] - v[1, 0, 0]) / 6
        + (v[0, 1, 1] - v[0, 0, 1]) / 6
        + (v[1, 1, 1] - v[1, 0, 1]) / 3
    )
    model_part = (
        (v[0, 0, 1] - v[0, 0, 0]) / 3
        + (v[1, 0, 1] - v[1, 0, 0]) / 6
        + (v[0, 1, 1] - v[0, 1, 0]) / 6
        + (v[1, 1, 1] - v[1, 1, 0]) / 3
    )
    # the same sums written out: 22.083, −13.75, −3.333
    assert own == pytest.approx(25 / 3 + 125 / 36 + 25 / 6 + 55 / 9)
    assert around == pytest.approx(-13.75)
    assert model_part == pytest.approx(-10 / 3)
    assert x["ist_delta"] == pytest.approx(5.0)
    assert x["ist_eigen"] == pytest.approx(own)
    assert x["ist_umfeld"] == pytest.approx(around)
    assert x["ist_modell"] == pytest.approx(model_part)
    assert own + around + model_part == pytest.approx(5.0)
    # the own part by factor: revenue 13.33 (its points 0.5·25, 0.5·16.7, 0.8·25, 0.8·16.7),
    # cooperation 8.75 (0.5·25 twice, 0.2·25 twice)
    revenue = 12.5 / 3 + (0.5 * 50 - 0.5 * 100 / 3) / 6 + 20 / 6 + (0.8 * 50 - 0.8 * 100 / 3) / 3
    assert x["ist_eigen:umsatz"] == pytest.approx(revenue)
    assert x["ist_eigen:kooperation"] == pytest.approx(12.5 / 3 + 12.5 / 6 + 5 / 6 + 5 / 3)


def test_normalising_against_the_own_portfolio_is_normalising() -> None:
    x = np.array([3.0, 1.0, np.nan, 3.0, 7.0, 2.0])
    for method in ("rang", "minmax"):
        for direction in ("hoch", "niedrig"):
            f = Factor(column="umsatz", score="ist", weight=100, method=method, direction=direction)
            expected = normalize(x, method, direction)
            np.testing.assert_array_equal(normalize_against(x, x, x, f), expected)


def test_a_value_against_another_portfolio_by_hand() -> None:
    f = Factor(column="umsatz", score="ist", weight=100, method="rang")
    portfolio = np.array([10.0, 20.0, 30.0, 40.0])
    # customer 1 had 20 there; with 35 it has 10 and 30 below it among the three others: 2/3
    # customer 2 was not in it; with 25 it has 10, 20 below among four others: 2/4
    got = normalize_against(np.array([35.0, 25.0]), portfolio, np.array([20.0, np.nan]), f)
    np.testing.assert_allclose(got, [200 / 3, 50.0])
    g = Factor(column="umsatz", score="ist", weight=100, method="minmax")
    # the others of customer 1 span 10–40: (35 − 10) / 30; customer 2 with 50 widens it to 50
    got = normalize_against(np.array([35.0, 50.0]), portfolio, np.array([20.0, np.nan]), g)
    np.testing.assert_allclose(got, [25 / 30 * 100, 100.0])


def test_customers_in_one_run_only_are_left_out() -> None:
    old = pd.DataFrame({"kunden_nr": list("abc"), "umsatz": [1.0, 2.0, 3.0], "image": [3.0] * 3})
    new = pd.DataFrame({"kunden_nr": list("bcd"), "umsatz": [2.0, 3.0, 9.0], "image": [3.0] * 3})
    split = split_causes(old, _revenue_only(), new, _revenue_only())
    assert split.table.index.tolist() == ["b", "c"]


changes = st.lists(st.floats(min_value=0.5, max_value=2.0), min_size=25, max_size=25)


weights = st.integers(min_value=1, max_value=99)


def _reweighted(w: int) -> Config:
    base = Config(stichtag=DAY)
    factors = [
        f.model_copy(update={"weight": w if f.column == "umsatz" else 100 - w})
        if f.column in ("umsatz", "db_nach_kosten")
        else f.model_copy(update={"weight": 0.0 if f.score == "ist" else f.weight})
        for f in base.factors
    ]
    return base.model_copy(update={"factors": factors})


@settings(max_examples=40, deadline=None)
@given(portfolios(min_size=3, max_size=15), changes, st.one_of(st.none(), weights), st.data())
def test_the_three_parts_add_up_to_the_change(
    frame: pd.DataFrame, factors: list[float], w: int | None, data: st.DataObject
) -> None:
    new = frame.copy()
    for col, f in zip(["umsatz", "potenzial", "cross_selling", "auftraege"], factors, strict=False):
        new[col] = new[col] * f
    drop = data.draw(st.integers(0, len(frame) - 2))
    new = new.iloc[drop:]  # some customers lost
    old_model = Config(stichtag=DAY)
    new_model = old_model if w is None else _reweighted(w)
    t = split_causes(frame, old_model, new, new_model).table
    for s in ("ist", "potenzial"):
        total = t[f"{s}_eigen"] + t[f"{s}_umfeld"] + t[f"{s}_modell"]
        defined = t[f"{s}_delta"].notna() & t[f"{s}_eigen"].notna()
        np.testing.assert_allclose(total[defined], t.loc[defined, f"{s}_delta"], atol=1e-9)
        columns = [c for c in t if c.startswith(f"{s}_eigen:")]
        by_factor = t[columns].sum(axis=1)
        np.testing.assert_allclose(by_factor[defined], t.loc[defined, f"{s}_eigen"], atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(portfolios(min_size=3, max_size=15), changes)
def test_unchanged_figures_and_model_leave_only_the_portfolio(
    frame: pd.DataFrame, factors: list[float]
) -> None:
    # customer K0 keeps its figures; everybody else changes; the model stays
    new = frame.copy()
    for col, f in zip(["umsatz", "potenzial", "cross_selling"], factors, strict=False):
        new.loc[new.index[1:], col] = new[col].iloc[1:] * f
    assume(not new.equals(frame))
    t = split_causes(frame, Config(stichtag=DAY), new, Config(stichtag=DAY)).table
    k0 = t.loc["K0"]
    for s in ("ist", "potenzial"):
        if np.isnan(k0[f"{s}_delta"]):
            continue
        assert k0[f"{s}_eigen"] == pytest.approx(0.0, abs=1e-9)
        assert k0[f"{s}_modell"] == 0.0
        assert k0[f"{s}_umfeld"] == pytest.approx(k0[f"{s}_delta"], abs=1e-9)


def test_a_repeated_customer_number_counts_its_first_row() -> None:
    old = pd.DataFrame(
        {"kunden_nr": list("abac"), "umsatz": [1.0, 2.0, 9.0, 3.0], "image": [3.0] * 4}
    )
    new = pd.DataFrame({"kunden_nr": list("cab"), "umsatz": [3.0, 1.0, 5.0], "image": [3.0] * 3})
    t = split_causes(old, _revenue_only(), new, _revenue_only()).table
    assert t.index.tolist() == ["c", "a", "b"]
    assert t["umsatz_alt"].tolist() == [3.0, 1.0, 2.0]
