"""BG/NBD and Gamma-Gamma against the published CDNOW estimates (Fader, Hardie & Lee 2005).

The expected numbers are the papers' own, not produced by this code: r = 0.243, α = 4.414,
a = 0.793, b = 2.426, log-likelihood −9,582.4 on the 39-week calibration period; Gamma-Gamma
p = 6.25, q = 3.74, γ = 15.44 on the 946 repeat customers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kundenwert.method import clv_model as m
from kundenwert.method.order_history import aggregate_orders

CDNOW = Path(__file__).parent / "data" / "cdnow" / "CDNOW_sample.txt"
CALIBRATION_END = dt.date(1997, 9, 30)


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    lines = pd.read_csv(
        CDNOW,
        sep=r"\s+",
        header=None,
        names=["master_id", "kunden_nr", "datum", "cds", "betrag"],
        dtype={"datum": str},
    )
    lines["datum"] = pd.to_datetime(lines["datum"], format="%Y%m%d")
    return lines


@pytest.fixture(scope="module")
def calibration(cdnow: pd.DataFrame) -> pd.DataFrame:
    return aggregate_orders(cdnow, CALIBRATION_END).customers


def test_cdnow_summary_counts(calibration: pd.DataFrame) -> None:
    assert len(calibration) == 2357
    assert int((calibration["frequenz"] > 0).sum()) == 946
    # customer 1 as printed in the BG/NBD paper's worked example: x = 2, t_x = 30.43, T = 38.86
    one = calibration.set_index("kunden_nr").loc["1"]
    assert (one["frequenz"], round(one["recency"], 2), round(one["alter"], 2)) == (2, 30.43, 38.86)


def test_bgnbd_reproduces_the_published_cdnow_fit(calibration: pd.DataFrame) -> None:
    fit = m.fit_bgnbd(calibration["frequenz"], calibration["recency"], calibration["alter"])
    assert fit.converged and not fit.warnings
    for got, published in ((fit.r, 0.243), (fit.alpha, 4.414), (fit.a, 0.793), (fit.b, 2.426)):
        assert got == pytest.approx(published, rel=0.01)
    assert fit.log_likelihood == pytest.approx(-9582.4, rel=0.01)
    assert fit.log_likelihood == pytest.approx(-9582.4, abs=0.1)  # the sum, not a mean
    assert (fit.customers, fit.repeat_buyers) == (2357, 946)


def test_conditional_expectation_of_the_worked_example(calibration: pd.DataFrame) -> None:
    # FHL 2005, section 5: x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks
    fit = m.BgNbdFit(0.243, 4.414, 0.793, 2.426, 0.0, 1, 1, True, 0)
    got = m.expected_orders(fit, 39.0, [2.0], [30.43], [38.86])
    assert got[0] == pytest.approx(1.226, abs=0.002)


def test_probability_alive_limits() -> None:
    fit = m.BgNbdFit(0.243, 4.414, 0.793, 2.426, 0.0, 1, 1, True, 0)
    # never bought again: P(alive) = 1 by the model's assumption (drop-out only after a purchase)
    assert m.probability_alive(fit, [0.0], [0.0], [30.0])[0] == 1.0
    # the same customer, long silent since the last purchase, is less likely alive
    recent, silent = m.probability_alive(fit, [5.0, 5.0], [29.0, 5.0], [30.0, 30.0])
    assert 0 < silent < recent < 1


def test_gamma_gamma_reproduces_the_published_cdnow_fit(calibration: pd.DataFrame) -> None:
    fit = m.fit_gamma_gamma(calibration["frequenz"], calibration["bestellwert"])
    assert fit.converged and not fit.warnings
    assert fit.customers == 946
    for got, published in ((fit.p, 6.25), (fit.q, 3.74), (fit.gamma, 15.44)):
        assert got == pytest.approx(published, rel=0.01)


def test_expected_order_value_formula() -> None:
    fit = m.GammaGammaFit(6.25, 3.74, 15.44, 0.0, 1, True, 0)
    # hand: (15.44 + 30·3)·6.25 / (6.25·3 + 3.74 − 1) = 659.0 / 21.49
    got = m.expected_order_value(fit, [3.0, 0.0], [30.0, np.nan])
    assert got[0] == pytest.approx(659.0 / 21.49)
    assert got[1] == pytest.approx(15.44 * 6.25 / 2.74)  # no repeat order: population mean


def test_clv_over_one_month_without_discount() -> None:
    bg = m.BgNbdFit(0.243, 4.414, 0.793, 2.426, 0.0, 1, 1, True, 0)
    gg = m.GammaGammaFit(6.25, 3.74, 15.44, 0.0, 1, True, 0)
    value = m.model_clv(bg, gg, [2.0], [30.43], [38.86], [20.0], [0.5], 1, 0.0)
    # with d = 0 the monthly sum telescopes to expected orders in a year × value × margin
    orders = m.expected_orders(bg, m.WEEKS_PER_YEAR, [2.0], [30.43], [38.86])[0]
    spend = (15.44 + 20 * 2) * 6.25 / (6.25 * 2 + 3.74 - 1)
    assert value[0] == pytest.approx(orders * spend * 0.5)
    discounted = m.model_clv(bg, gg, [2.0], [30.43], [38.86], [20.0], [0.5], 1, 0.1)
    assert value[0] / 1.1 < discounted[0] < value[0]


def test_too_few_repeat_buyers_is_said() -> None:
    x = np.array([0, 0, 1, 0, 2, 0, 0, 0.0])
    tx = np.array([0, 0, 3, 0, 5, 0, 0, 0.0])
    t = np.array([10, 9, 8, 7, 6, 5, 4, 3.0])
    fit = m.fit_bgnbd(x, tx, t)
    assert any(w.key == "w.bgnbd.wenige" and dict(w.args)["n"] == 2 for w in fit.warnings)
    with pytest.raises(m.ModelError) as info:
        m.fit_bgnbd(np.zeros(3), np.zeros(3), np.ones(3))
    assert info.value.message == "err.bgnbd.keine_wiederkaeufe"
    with pytest.raises(m.ModelError) as info:
        m.fit_bgnbd([0, 1], [0, 5], [3, 4])  # recency after T
    assert (info.value.message, info.value.args_["pos"]) == ("err.bgnbd.ungueltig", 2)


def test_calibration_check_counts_the_holdout_purchases(cdnow: pd.DataFrame) -> None:
    from kundenwert.method.purchase_history import calibration_check

    # the papers' split: 39 weeks of calibration, 39 of holdout (1997-10-01 .. 1998-06-30)
    check = calibration_check(cdnow, dt.date(1998, 6, 30), 9)
    assert check is not None
    assert check.start == dt.date(1997, 9, 30)
    # actual purchase days in the holdout, counted straight from the raw lines
    days = cdnow.drop_duplicates(["kunden_nr", "datum"])
    holdout = days[(days["datum"] > "1997-09-30") & (days["datum"] <= "1998-06-30")]
    assert check.customers == 2357
    assert check.actual == len(holdout)
    # the model's forecast for the same customers lands near it (BG/NBD tracks CDNOW well)
    assert 0.8 * check.actual < check.predicted < 1.2 * check.actual
    assert int(check.by_frequency["kunden"].sum()) == 2357


def test_a_spend_model_without_maximum_is_not_called_converged() -> None:
    # every repeat buyer's mean order value the same: customers do not differ in spend, the
    # likelihood grows without end as q and γ run off together (no maximum to report)
    rng = np.random.default_rng(3)
    x = rng.integers(1, 8, 200).astype(float)
    fit = m.fit_gamma_gamma(x, np.full(200, 50.0))
    assert not fit.converged
    assert any(w.key == "w.gg.laeuft_weg" for w in fit.warnings)


def test_no_calibration_from_a_fit_without_a_maximum() -> None:
    """Five customers buying on the same day of every month: the holdout fit finds no
    maximum, so the sheet says why instead of showing its meaningless forecast."""
    from kundenwert.method.purchase_history import calibration_check

    rows = [
        (f"K{c}", dt.date(2024 + m // 12, m % 12 + 1, 1 + c), 100.0)
        for c in range(5)
        for m in range(24)
    ]
    lines = pd.DataFrame(rows, columns=["kunden_nr", "datum", "betrag"])
    assert calibration_check(lines, dt.date(2025, 12, 31), 12) == "h.kalibrierung_ohne_fit"
    # eleven months of history are too short for a twelve-month holdout (six months at least)
    short = lines[pd.to_datetime(lines["datum"]) >= pd.Timestamp(2025, 2, 1)]
    assert calibration_check(short, dt.date(2025, 12, 31), 12) == "h.keine_kalibrierung"


def _draw_customers(n: int, seed: int) -> tuple[np.ndarray, ...]:
    """(x, t_x, T, mean repeat value) of n customers drawn from BG/NBD (r 0.25, α 4, a 0.8,
    b 2.5) and Gamma-Gamma (p 6, q 4, γ 15), T in whole days of weeks as order dates give."""
    rng = np.random.default_rng(seed)
    t = np.round(rng.uniform(20, 80, n) * 7) / 7
    lam, drop = rng.gamma(0.25, 1 / 4.0, n), rng.beta(0.8, 2.5, n)
    x, tx, clock = np.zeros(n), np.zeros(n), np.zeros(n)
    active = np.ones(n, dtype=bool)
    while active.any():
        i = np.flatnonzero(active)
        clock[i] += rng.exponential(1.0, len(i)) / lam[i]
        buy = i[clock[i] < t[i]]
        x[buy] += 1
        tx[buy] = np.minimum(np.round(clock[buy] * 7) / 7, t[buy])
        active[i[clock[i] >= t[i]]] = False
        active[buy[rng.random(len(buy)) < drop[buy]]] = False
    nu = rng.gamma(4.0, 1 / 15.0, n)
    m = np.where(x > 0, rng.gamma(np.maximum(6.0 * x, 1e-9), 1 / np.maximum(nu * x, 1e-9)), 0)
    return x, tx, t, m


def _is_maximum(ll: object, params: tuple[float, ...]) -> None:
    """The summed log-likelihood is flat at params (central differences in log-parameters,
    small against the sum's own size) and lower a little away from them in every direction."""
    at = np.log(params)
    best = ll(*np.exp(at))  # type: ignore[operator]
    for i in range(len(at)):
        for h in (1e-3, -1e-3):
            moved = at.copy()
            moved[i] += h
            assert ll(*np.exp(moved)) < best
        up, down = at.copy(), at.copy()
        up[i] += 1e-5
        down[i] -= 1e-5
        slope = (ll(*np.exp(up)) - ll(*np.exp(down))) / 2e-5  # type: ignore[operator]
        assert abs(slope) < 1e-6 * abs(best)


def test_a_large_fit_reaches_the_maximum() -> None:
    """Beyond WARM_START_ROWS customers the fit runs on a subsample first and finishes on all
    with that curvature: the result must still be the maximum of all customers' likelihood,
    checked through the per-customer likelihood functions, not the optimiser."""
    n = 3 * m.WARM_START_ROWS
    x, tx, t, value = _draw_customers(n, seed=11)
    fit = m.fit_bgnbd(x, tx, t)
    assert fit.converged and not fit.warnings and fit.customers == n

    def bg(r: float, alpha: float, a: float, b: float) -> float:
        return float(m.bgnbd_log_likelihood(r, alpha, a, b, x, tx, t).sum())

    _is_maximum(bg, (fit.r, fit.alpha, fit.a, fit.b))
    assert fit.log_likelihood == pytest.approx(bg(fit.r, fit.alpha, fit.a, fit.b), rel=1e-12)
    # near the parameters of the draw (sampling noise of 60,000 customers)
    for got, true in ((fit.r, 0.25), (fit.alpha, 4.0), (fit.a, 0.8), (fit.b, 2.5)):
        assert got == pytest.approx(true, rel=0.15)

    repeat = x > 0
    assert repeat.sum() > m.WARM_START_ROWS
    spend = m.fit_gamma_gamma(x[repeat], value[repeat])
    assert spend.converged and not spend.warnings

    def gg(p: float, q: float, gamma: float) -> float:
        return float(m.gamma_gamma_log_likelihood(p, q, gamma, x[repeat], value[repeat]).sum())

    _is_maximum(gg, (spend.p, spend.q, spend.gamma))


def test_expected_orders_per_distinct_pair_equal_the_formula_per_customer() -> None:
    """Above 10,000 customers expected orders are computed once per distinct (x, T); each
    customer's value must be eq. 10 of FHL 2005 written out here per customer."""
    x, tx, t, _ = _draw_customers(12_000, seed=5)
    t = np.ceil(t)  # whole weeks: a few hundred distinct (x, T) among 12,000 customers
    assert len({(a, b) for a, b in zip(x, t, strict=True)}) <= len(x) // 8
    x[:3], tx[:3], t[:3] = [2.0, 0.0, 7.0], [30.43, 0.0, 10.0], [38.86, 38.86, 38.86]
    r, alpha, a, b = 0.243, 4.414, 0.793, 2.426
    fit = m.BgNbdFit(r, alpha, a, b, 0.0, len(x), 1, True, 0)
    h = 39.0
    from scipy.special import hyp2f1

    alive = 1 / (
        1 + (x > 0) * a / np.maximum(b + x - 1, 1e-300) * ((alpha + t) / (alpha + tx)) ** (r + x)
    )
    hand = (
        (a + b + x - 1)
        / (a - 1)
        * (
            1
            - ((alpha + t) / (alpha + t + h)) ** (r + x)
            * hyp2f1(r + x, b + x, a + b + x - 1, h / (alpha + t + h))
        )
        * alive
    )
    got = m.expected_orders(fit, h, x, tx, t)
    np.testing.assert_allclose(got, hand, rtol=1e-10)
    assert got[0] == pytest.approx(1.226, abs=0.002)  # the paper's worked example
