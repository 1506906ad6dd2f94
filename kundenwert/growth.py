"""Figures of the growth table: per segment, what it earns, what it could, who carries whom."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kundenwert.segments import SEGMENT_ORDER

FIGURES = ("kunden", "umsatz", "potenzial", "ungenutzt", "anteil", "db", "verluste", "saldo")


def segment_figures(scored: pd.DataFrame) -> pd.DataFrame:
    """One row per segment (index = segment key, in matrix order) with the computed figures.

    Subsidy balance: the portfolio's total loss (sum of negative contributions) is carried by the
    profitable customers in proportion to their positive contribution; a segment's balance is
    what it carries minus the losses it causes. The balances sum to zero.
    """
    seg = scored["segment"]
    revenue, potential = _numbers(scored, "umsatz"), _numbers(scored, "potenzial")
    untapped, db = _numbers(scored, "ungenutztes_potenzial"), _numbers(scored, "db_nach_kosten")
    gains, losses = db.clip(lower=0), db.clip(upper=0)
    total_loss, total_gain = -losses.sum(), gains.sum()
    rows = {}
    for key in SEGMENT_ORDER:
        m = (seg == key).to_numpy()
        gain = float(gains[m].sum())
        carried = total_loss * gain / total_gain if total_gain > 0 else 0.0
        rows[key] = {
            "kunden": int(m.sum()),
            "umsatz": float(revenue[m].sum()),
            "potenzial": float(potential[m].sum()),
            "ungenutzt": float(untapped[m].sum()),
            "anteil": float(revenue[m].sum() / revenue.sum()) if revenue.sum() > 0 else np.nan,
            "db": float(db[m].sum()),
            "verluste": float(losses[m].sum()),
            "saldo": carried + float(losses[m].sum()),
        }
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(FIGURES))


def _numbers(frame: pd.DataFrame, key: str) -> pd.Series:
    if key not in frame:
        return pd.Series(np.nan, index=frame.index)
    return pd.to_numeric(frame[key], errors="coerce")
