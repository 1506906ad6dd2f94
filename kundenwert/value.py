"""Monetary value of a relationship: contribution after cost-to-serve and lifetime value."""

from __future__ import annotations

import numpy as np

from kundenwert.normalize import FloatArray
from kundenwert.problems import KundenwertError


def contribution_after_cost(
    revenue: FloatArray,
    margin: FloatArray,
    orders: FloatArray,
    cost_per_order: float,
    visits: FloatArray,
    cost_per_visit: float,
    other: FloatArray | None = None,
) -> FloatArray:
    """Revenue × margin − orders × cost per order − visits × cost per visit − other service cost.

    A missing revenue or margin makes the result missing; missing orders, visits or other cost
    count as none (they are costs the ERP would have recorded).
    """
    revenue, margin = np.asarray(revenue, float), np.asarray(margin, float)
    orders = np.nan_to_num(np.asarray(orders, float), nan=0.0)
    visits = np.nan_to_num(np.asarray(visits, float), nan=0.0)
    rest = 0.0 if other is None else np.nan_to_num(np.asarray(other, float), nan=0.0)
    result: FloatArray = revenue * margin - orders * cost_per_order - visits * cost_per_visit - rest
    return result


def clv(margin: FloatArray, retention: FloatArray, discount_rate: float, years: int) -> FloatArray:
    """Simple discounted lifetime value: Σ_{t=1..T} m · r^(t−1) / (1 + d)^t."""
    if years < 1:
        raise KundenwertError(f"CLV: Jahre muss ≥ 1 sein, war {years}")
    if not 0 <= discount_rate < 1:
        raise KundenwertError(f"CLV: Zinssatz muss zwischen 0 und 1 liegen, war {discount_rate}")
    m = np.asarray(margin, float)
    r = np.asarray(retention, float)
    if np.any((r < 0) | (r > 1)):
        raise KundenwertError("CLV: Bindungsrate muss zwischen 0 und 1 liegen")
    t = np.arange(1, years + 1, dtype=float)
    # One factor per year, summed: broadcast over customers without a Python loop.
    factor = (np.power.outer(r, t - 1) / (1.0 + discount_rate) ** t).sum(axis=-1)
    result: FloatArray = m * factor
    return result
