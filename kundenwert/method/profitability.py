"""Monetary value of a relationship: contribution after cost-to-serve and lifetime value."""

from __future__ import annotations

import numpy as np

from kundenwert.errors import MessageError
from kundenwert.method.normalize import FloatArray


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
        raise MessageError("err.clv.jahre", years=years)
    if not 0 <= discount_rate < 1:
        raise MessageError("err.clv.zins", rate=discount_rate)
    m = np.asarray(margin, float)
    r = np.asarray(retention, float)
    if np.any((r < 0) | (r > 1)):
        raise MessageError("err.clv.bindung")
    # The geometric sum in closed form, as the template's native formula computes it:
    # Σ r^(t−1)/(1+d)^t = (1 − q^T) / (1 − q) / (1 + d) with q = r / (1 + d); T terms at q = 1.
    q = r / (1.0 + discount_rate)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(q == 1.0, float(years), (1.0 - q**years) / (1.0 - q))
    result: FloatArray = m * (terms / (1.0 + discount_rate))
    return result
