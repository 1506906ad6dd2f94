"""Figures of the growth table: per segment, what it earns, what it could, who carries whom."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from kundenwert.language import Lang
from kundenwert.method.config import Config
from kundenwert.method.growth_texts import GROWTH_TEXTS, TEXT_KEYS
from kundenwert.method.segments import SEGMENT_ORDER

FIGURES = ("kunden", "umsatz", "potenzial", "ungenutzt", "anteil", "db", "verluste", "saldo")


def segment_figures(scored: pd.DataFrame, keys: Sequence[str] = SEGMENT_ORDER) -> pd.DataFrame:
    """One row per segment (index = segment key, in matrix order, or `keys`) with the computed
    figures.

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
    for key in keys:
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


def edited_texts(
    cells: Sequence[Sequence[object]], config: Config, lang: Lang = "de"
) -> dict[str, dict[str, object]]:
    """Growth-table texts as the user left them in a sheet, by segment key (empty if none):
    rows whose first cell is a segment name, followed by the six text columns."""
    keys = TEXT_KEYS
    by_label = {v: k for lang_ in ("de", "en") for k, v in config.segment_labels(lang_).items()}
    texts: dict[str, dict[str, object]] = {}
    for row in cells:
        if row and isinstance(row[0], str) and row[0] in by_label and len(row) >= 7:
            texts[by_label[row[0]]] = dict(zip(keys, row[1:7], strict=True))
    return {k: v for k, v in texts.items() if k in SEGMENT_ORDER}


def planned_contacts(texts: Mapping[str, Mapping[str, object]]) -> dict[str, float]:
    """Contacts per year by segment from (edited) growth-table texts; the default plan fills
    what is missing or not a number."""
    plan = {k: float(v["kontakte"]) for k, v in GROWTH_TEXTS["de"].items()}
    for key, values in texts.items():
        value = values.get("kontakte")
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            plan[key] = float(value)
    return plan


def _numbers(frame: pd.DataFrame, key: str) -> pd.Series:
    if key not in frame:
        return pd.Series(np.nan, index=frame.index)
    return pd.to_numeric(frame[key], errors="coerce")
