"""Relationship phase: new, growing, stable, at risk, dormant."""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt
import pandas as pd

from kundenwert.method.dates import plausible_dates
from kundenwert.method.normalize import FloatArray

#: column of a customer frame: False where the first-order date is only the first one an order
#: history shows, because the history starts inside the last 12 months (domain.md, "new" needs
#: evidence); absent: every first-order date is the customer's real one
FIRST_ORDER_KNOWN = "erstauftrag_belegt"
PHASES = ("neu", "wachsend", "stabil", "gefaehrdet", "ruhend", "unbekannt")


def relationship_phase(
    stichtag: dt.date,
    first_order: pd.Series | None,
    last_order: pd.Series | None,
    revenue: FloatArray,
    revenue_previous: FloatArray | None,
    churn: FloatArray | None,
    tolerance: float,
    churn_high: float,
    first_order_known: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.object_]:
    """Phase key per customer. Checked in this order, the first that applies wins:
    dormant (last order more than 12 months before the Stichtag), new (first order within
    12 months), at risk (revenue down by more than the tolerance, or churn ≥ churn_high),
    growing (revenue up by more than the tolerance), stable (previous revenue known),
    unknown (no history to judge).

    "New" needs evidence: where `first_order_known` is False the first-order date is only the
    first one an order history shows (it starts inside the 12 months), so it cannot tell a
    new customer from an old one and the customer is not new for it."""
    n = len(revenue)
    year_ago = pd.Timestamp(stichtag) - pd.DateOffset(months=12)

    def dates(s: pd.Series | None) -> npt.NDArray[np.datetime64]:
        if s is None:
            return np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
        return plausible_dates(s).to_numpy(dtype="datetime64[ns]")

    first, last = dates(first_order), dates(last_order)
    cut = year_ago.to_datetime64().astype("datetime64[ns]")
    dormant = ~np.isnat(last) & (last < cut)
    new = ~np.isnat(first) & (first >= cut)
    if first_order_known is not None:
        new &= np.asarray(first_order_known, bool)
    rev = np.asarray(revenue, float)
    prev = np.full(n, np.nan) if revenue_previous is None else np.asarray(revenue_previous, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.where(prev > 0, rev / prev - 1.0, np.nan)
    c = np.full(n, np.nan) if churn is None else np.asarray(churn, float)
    at_risk = (change < -tolerance) | (c >= churn_high)
    growing = change > tolerance
    known = ~np.isnan(change)
    codes = np.select([dormant, new, at_risk, growing, known], [0, 1, 2, 3, 4], 5)
    phase: npt.NDArray[np.object_] = _PHASES[codes]  # shared str objects, none per customer
    return phase


_PHASES = np.array(["ruhend", "neu", "gefaehrdet", "wachsend", "stabil", "unbekannt"], dtype=object)
