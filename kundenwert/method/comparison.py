"""Change over time: migration between segments and ABC classes, risers and fallers, and how
sensitive the segments are to each weight."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kundenwert.method.config import Config, Factor
from kundenwert.method.portfolio import score_portfolio

KEYS = ("kunden_nr", "ist_score", "potenzial_score", "segment", "abc")
#: Carried along when both runs have them: who the customer is and its phase.
DETAILS = ("name", "betreuer", "umsatz", "phase")
ABC_ORDER = ("A", "B", "C", "Z", "O")
PHASE_ORDER = ("neu", "wachsend", "stabil", "gefaehrdet", "ruhend", "unbekannt")


@dataclass
class Comparison:
    """Two scoring runs side by side, matched on the customer id."""

    joined: pd.DataFrame  # kunden_nr, *_alt, *_neu for customers in both runs
    only_old: list[str]
    only_new: list[str]


def match_runs(old: pd.DataFrame, new: pd.DataFrame) -> Comparison:
    """Join two scored tables (columns as in KEYS, and DETAILS where both have them) on the
    customer id."""
    columns = [*KEYS, *(k for k in DETAILS if k in old and k in new)]
    o, n = old[columns], new[columns]
    joined = o.merge(n, on="kunden_nr", how="inner", suffixes=("_alt", "_neu"))
    ids_old, ids_new = set(o["kunden_nr"]), set(n["kunden_nr"])
    return Comparison(joined, sorted(ids_old - ids_new), sorted(ids_new - ids_old))


def migration(c: Comparison, column: str, order: tuple[str, ...]) -> pd.DataFrame:
    """Counts of customers moving from each old value (rows) to each new value (columns)."""
    table = pd.crosstab(c.joined[f"{column}_alt"], c.joined[f"{column}_neu"])
    return table.reindex(index=list(order), columns=list(order), fill_value=0)


def movers(c: Comparison, top: int = 20) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The customers whose combined score (Ist + Potenzial) rose most, and fell most."""
    j = c.joined.copy()
    j["delta_ist"] = j["ist_score_neu"] - j["ist_score_alt"]
    j["delta_potenzial"] = j["potenzial_score_neu"] - j["potenzial_score_alt"]
    j["delta"] = j["delta_ist"] + j["delta_potenzial"]
    ordered = j.sort_values(["delta", "kunden_nr"], ascending=[False, True])
    risers = ordered[ordered["delta"] > 0].head(top)
    fallers = ordered[ordered["delta"] < 0].iloc[::-1].head(top)
    return risers, fallers


def _shifted(config: Config, target: Factor, factor: float) -> Config:
    """The model with one weight moved by `factor`, the others of its score rescaled so the
    score's weights still add up to 100 %."""
    same = [f for f in config.factors if f.score == target.score]
    new_weight = min(target.weight * factor, 100.0)
    rest = sum(f.weight for f in same if f is not target)
    scale = (100.0 - new_weight) / rest if rest else 0.0
    factors = [
        f.model_copy(
            update={
                "weight": new_weight
                if f is target
                else (f.weight * scale if f.score == target.score else f.weight)
            }
        )
        for f in config.factors
    ]
    return config.model_copy(update={"factors": factors})


def weight_sensitivity(frame: pd.DataFrame, config: Config, step: float = 0.10) -> pd.DataFrame:
    """Per factor: the share of customers whose segment changes when its weight moves by
    +step and by −step (the other weights of that score rescaled to keep 100 %)."""
    base = score_portfolio(frame, config).scored.set_index("kunden_nr")["segment"]
    rows = []
    for f in config.factors:
        shares = []
        for factor in (1 + step, 1 - step):
            if f.weight == 0:
                shares.append(0.0)
                continue
            moved = score_portfolio(frame, _shifted(config, f, factor)).scored
            seg = moved.set_index("kunden_nr")["segment"].reindex(base.index)
            shares.append(float(np.mean(seg.to_numpy() != base.to_numpy())))
        rows.append(
            {
                "faktor": f.column,
                "score": f.score,
                "gewicht": f.weight,
                "plus": shares[0],
                "minus": shares[1],
            }
        )
    return pd.DataFrame(rows)


def model_differences(old: Config, new: Config) -> list[tuple[str, object, object]]:
    """What differs between two runs' models: (factor column or model field, old, new); a
    factor's entry compares its score, weight, direction and method. The reference date and
    the column mapping are left out (the date is compared on its own; the mapping decides what
    is read, not how it is scored)."""
    out: list[tuple[str, object, object]] = []

    def spec(f: Factor | None) -> object:
        return None if f is None else (f.score, f.weight, f.direction, f.method)

    before = {f.column: f for f in old.factors}
    after = {f.column: f for f in new.factors}
    for column in [*before, *[c for c in after if c not in before]]:
        a, b = spec(before.get(column)), spec(after.get(column))
        if a != b:
            out.append((column, a, b))
    skip = {"factors", "stichtag", "column_map"}
    left, right = old.model_dump(exclude=skip), new.model_dump(exclude=skip)
    out += [(k, left[k], right[k]) for k in left if left[k] != right[k]]
    return out
