"""KW.ORDER_HISTORY, KW.PURCHASE_MODEL and KW.PORTFOLIO on order lines, called with the shapes
xlwings hands them: 2D lists, floats and None from COM, integers, serial dates and "" from
Office.js."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from xlwings import XlwingsError

from kundenwert import udfs
from tests.test_worksheet_functions import ROUTES

CDNOW = Path(__file__).parent / "data" / "cdnow" / "CDNOW_sample.txt"


def _lines() -> list[list[Any]]:
    """Header, customer 1001 by hand, and 60 customers buying every few weeks."""
    rows: list[list[Any]] = [
        ["Datum", "Kunden-Nr", "Betrag", "Auftrags-Nr"],
        [dt.date(2025, 1, 6), 1001, 100.0, "A1"],
        [dt.date(2025, 1, 6), 1001, 40.0, "A2"],  # same day: one purchase day worth 140
        [dt.date(2025, 3, 3), 1001, 90.0, "A3"],  # 8 weeks later
        [dt.date(2025, 3, 17), 1001, -10.0, "G1"],  # credit, no purchase day
        [dt.date(2025, 5, 26), 1001, 50.0, "A4"],  # 20 weeks after the first
    ]
    rng = np.random.default_rng(11)
    for c in range(60):
        day = int(rng.integers(0, 120))
        while day < 500 and rng.random() > 0.15:
            rows.append([dt.date(2024, 1, 1) + dt.timedelta(days=day), 2000 + c, 80.0, None])
            day += int(rng.integers(5, 60))
    rows.append([None, None, None, None])  # an empty row inside the range
    return rows


@pytest.mark.parametrize("route", ROUTES)
def test_order_history_spills_one_row_per_customer(route: str) -> None:
    shape = ROUTES[route]
    out = udfs.order_history(shape(_lines()), shape([[dt.date(2025, 6, 30)]])[0][0])
    header, body = out[0], out[1:]
    assert header[:5] == [
        "Kunden-Nr",
        "Wiederkäufe (x)",
        "Erster bis letzter Kauf (Wochen)",
        "Erster Kauf bis Stichtag (Wochen)",
        "Mittlerer Wiederkaufwert",
    ]
    by_id = {r[0]: r for r in body}
    assert "0" not in by_id  # Office.js zeros of the empty row are no customer
    row = by_id["1001"]
    # purchase days 6 Jan, 3 Mar, 26 May 2025; Stichtag 30 Jun 2025 = 25 weeks after the first
    assert row[1:4] == [2.0, pytest.approx(20.0), pytest.approx(25.0)]
    assert row[4] == pytest.approx((90 + 50) / 2)
    p_alive, expected = row[5], row[6]
    assert 0 < p_alive <= 1 and expected > 0
    # no margin anywhere: the model CLV in revenue terms, and its header says so
    assert header[7] == "CLV (Modell, Umsatzbasis)" and row[7] > 0
    with_margin = udfs.order_history(
        shape(_lines()), shape([[dt.date(2025, 6, 30)]])[0][0], 12, 0.25
    )
    assert with_margin[0][7] == "CLV (Modell)"
    # a uniform margin only scales it: a quarter of the revenue CLV
    assert {r[0]: r[7] for r in with_margin[1:]}["1001"] == pytest.approx(0.25 * row[7])


def test_order_history_with_one_margin_and_bad_arguments() -> None:
    out = udfs.order_history(_lines(), "30.06.2025", 6, 0.25)
    clv = {r[0]: r[7] for r in out[1:]}
    assert clv["1001"] > 0
    with pytest.raises(XlwingsError, match="KW.ORDER_HISTORY: 'stichtag'"):
        udfs.order_history(_lines(), "morgen")
    with pytest.raises(XlwingsError, match="'months'"):
        udfs.order_history(_lines(), None, 0)
    with pytest.raises(XlwingsError, match="keine Auftragszeilen erkannt"):
        udfs.order_history([["Kunde", "Wert"], ["1", 2.0]])


@pytest.fixture(scope="module")
def cdnow_summaries() -> pd.DataFrame:
    from kundenwert.method.order_history import aggregate_orders

    lines = pd.read_csv(
        CDNOW, sep=r"\s+", header=None, names=["m", "kunden_nr", "datum", "n", "betrag"]
    )
    lines["datum"] = pd.to_datetime(lines["datum"].astype(str), format="%Y%m%d")
    return aggregate_orders(lines, dt.date(1997, 9, 30)).customers


@pytest.mark.parametrize("route", ROUTES)
def test_purchase_model_on_cdnow_summaries(route: str, cdnow_summaries: pd.DataFrame) -> None:
    shape = ROUTES[route]
    c = cdnow_summaries

    def column(key: str) -> list[list[Any]]:
        return shape([[None if np.isnan(v) else float(v)] for v in c[key]])

    weeks_39 = 39 / (365.25 / 7 / 12)  # the paper's 39-week holdout in months
    out = udfs.purchase_model(
        column("frequenz"), column("recency"), column("alter"), column("bestellwert"), "", weeks_39
    )
    n = len(c)
    params = {r[0]: r[1] for r in out[n + 2 :]} | {r[2]: r[3] for r in out[n + 2 :]}
    for key, published in (("r", 0.243), ("α", 4.414), ("a", 0.793), ("b", 2.426)):
        assert params[key] == pytest.approx(published, rel=0.01)
    for key, published in (("p", 6.25), ("q", 3.74), ("γ", 15.44)):
        assert params[key] == pytest.approx(published, rel=0.01)
    first = c.index[c["kunden_nr"] == "1"][0]
    # FHL 2005: x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in the next 39 weeks
    assert out[1 + first][1] == pytest.approx(1.226, abs=0.003)


def test_purchase_model_checks_lengths() -> None:
    with pytest.raises(XlwingsError, match="KW.PURCHASE_MODEL"):
        udfs.purchase_model([[1], [2]], [[3]], [[4], [5]], [[1], [2]])


@pytest.mark.parametrize("route", ROUTES)
def test_portfolio_aggregates_an_order_line_range(route: str) -> None:
    rows = _lines()
    rows[0] = ["Datum", "Kunden-Nr", "Umsatz", "Auftrags-Nr"]  # 'Umsatz' as ERP exports name it
    out = udfs.portfolio(ROUTES[route](rows))
    ids = [r[0] for r in out[1:]]
    assert len(ids) == len(set(ids))  # one row per customer, never one per line
    # customers with under six months of history get no model churn risk and so no potential
    # factor at all: kept with an empty Potenzial-Score and "too little data", like 1001 here
    # (20 weeks)
    head = out[0]
    row = out[1 + ids.index("1001")]
    assert row[head.index("Potenzial-Score")] == ""
    assert row[head.index("Segment")] == "zu wenige Daten"
    assert 30 < len(ids) <= 60
