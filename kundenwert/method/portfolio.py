"""The scoring pipeline: derived factors → normalised factors → two scores → segment, ABC, phase.

`score_portfolio` is the one entry point every adapter (command, worksheet function, script)
calls, so they all give the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from kundenwert.errors import Problem, note
from kundenwert.method.abc_class import abc_class
from kundenwert.method.config import (
    DERIVED_INPUTS,
    Config,
    Factor,
    ReferenceSource,
    Score,
    Threshold,
)
from kundenwert.method.contacts import contact_flags
from kundenwert.method.growth_table import planned_contacts as default_plan
from kundenwert.method.normalize import FloatArray, normalize
from kundenwert.method.phase import FIRST_ORDER_KNOWN, relationship_phase
from kundenwert.method.profitability import clv, contribution_after_cost
from kundenwert.method.segments import borderline, quadrant, threshold_value

SCORES: tuple[Score, ...] = ("ist", "potenzial")
#: pandas 3 copies a column when it is first written to (copy-on-write), so a result frame
#: may share the input's columns and still never change them (a million rows: 30 ms less);
#: older pandas needs the deep copy.
_SHARES_ON_WRITE = int(pd.__version__.split(".")[0]) >= 3
CONTRIBUTION_PREFIX = "beitrag:"
#: below this many customers in the matrix, thresholds and ranks rest on very few customers
FEW_CUSTOMERS = 10


@dataclass
class ScoreResult:
    """A scored portfolio: one row per scored customer plus what the run decided."""

    scored: pd.DataFrame
    t_ist: float
    t_potenzial: float
    factors: list[Factor]  # the factors actually used (dropped ones removed)
    config: Config
    problems: list[Problem] = field(default_factory=list)
    #: scores no customer has (no factor of it has data): score → its factor columns
    missing_scores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the run's effective weights per score (factor column → share of 1): the configured
    #: weights of the factors the data carry, renormalised to sum to 1
    effective_weights: dict[str, dict[str, float]] = field(default_factory=dict)


def _col(frame: pd.DataFrame, key: str) -> FloatArray:
    if key not in frame:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[key], errors="coerce").to_numpy(dtype=float)


def derive_factors(frame: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Add contribution after cost-to-serve, CLV, untapped potential and share of wallet."""
    out = frame.copy(deep=not _SHARES_ON_WRITE)
    revenue = _col(frame, "umsatz")
    gross = _col(frame, "deckungsbeitrag")
    margin = np.where(np.isnan(gross), _col(frame, "marge"), np.nan)
    # Where the absolute contribution is known it wins; else revenue × margin.
    gross = np.where(np.isnan(gross), revenue * margin, gross)
    db = contribution_after_cost(
        gross,
        np.ones(len(frame)),
        _col(frame, "auftraege"),
        config.cost_per_order,
        _col(frame, "besuche"),
        config.cost_per_visit,
        _col(frame, "servicekosten"),
    )
    retention = _col(frame, "wiederkaufrate")
    retention = np.where(np.isnan(retention), 1.0 - _col(frame, "abwanderung"), retention)
    retention = np.where(np.isnan(retention), config.default_retention, retention)
    potential = _col(frame, "potenzial")
    out["db_nach_kosten"] = db
    simple = clv(db, retention, config.discount_rate, config.clv_years)
    # from an order history the purchase-history model's CLV wins where it could be computed
    model = _col(frame, "clv_modell")
    out["clv"] = np.where(np.isnan(model), simple, model)
    out["ungenutztes_potenzial"] = np.maximum(potential - revenue, 0.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out["ausschoepfung"] = np.where(potential > 0, revenue / potential, np.nan)
    return out


def weighted_score(
    normalised: pd.DataFrame, weights: pd.Series
) -> tuple[FloatArray, FloatArray, pd.DataFrame]:
    """Weighted mean of the present normalised factors, per row.

    Missing factors are left out and the row's weights renormalised. Returns the score,
    the covered share of weight, and each factor's contribution in score points.
    """
    values = normalised[weights.index].to_numpy(dtype=float)
    w = weights.to_numpy(dtype=float)
    present = ~np.isnan(values)
    used = present * w
    total = used.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = used / total[:, None]
    points = values * share  # NaN stays NaN where a factor is missing (its share is 0)
    score = np.where(total > 0, np.nansum(points, axis=1), np.nan)
    contributions = pd.DataFrame(points, columns=weights.index, index=normalised.index)
    return score, total / w.sum(), contributions


def score_portfolio(
    frame: pd.DataFrame,
    config: Config | None = None,
    sheet: str = "Kunden",
    contacts: pd.DataFrame | None = None,
    planned_contacts: Mapping[str, float] | None = None,
    reference_source: ReferenceSource | None = None,
) -> ScoreResult:
    """Score every customer of `frame` (columns = column keys, see columns.py).

    With a contact log (`contacts`: kunden_nr, datum, kanal, thema, ergebnis) the contact flags
    are added against the planned contacts per year of each segment (`planned_contacts`,
    default: the growth table's standard plan), and an O customer with at least
    `config.o_to_c_after` unsuccessful contacts becomes C.
    Never changes `frame`. Customers whose scores cannot be computed are reported and left out.
    `reference_source` says where the Stichtag came from (default: set in the configuration,
    else today); an order history's default is the day after its latest order.
    """
    config = config or Config()
    problems: list[Problem] = [
        note(
            sheet,
            None,
            None,
            config.reference_date(),
            "note",
            "msg.stichtag",
            date=config.reference_date(),
            source_key=reference_source or ("gesetzt" if config.stichtag else "heute"),
        )
    ]
    data = derive_factors(frame, config)
    normalised: dict[str, FloatArray] = {}
    factors: list[Factor] = []
    for f in config.factors:
        x = _col(data, f.column)
        if np.isnan(x).all():
            problems.append(
                note(
                    sheet,
                    None,
                    f.column,
                    None,
                    "factor_dropped",
                    # a derived factor is named beside the inputs it lacks: CLV and
                    # contribution after cost both lack the contribution, and say so apart
                    "msg.faktor_abgeleitet_ohne_daten"
                    if f.column in DERIVED_INPUTS
                    else "msg.faktor_ohne_daten",
                    factor_cols=(f.column,),
                    score=f.score,
                    factor=f.column,
                )
            )
            continue
        normalised[f.column] = normalize(
            x, f.method, f.direction, f.scale_min, f.scale_max, f.thresholds
        )
        factors.append(f)
    norm = pd.DataFrame(normalised, index=data.index)
    added: dict[str, FloatArray] = {}
    missing_scores: dict[str, tuple[str, ...]] = {}
    effective: dict[str, dict[str, float]] = {}
    n = len(data)
    for score in SCORES:
        model = [f for f in config.factors if f.score == score and f.weight > 0]
        chosen = [f for f in factors if f.score == score and f.weight > 0]
        if not chosen:
            # no factor of this score has data (ERP figures only, no estimates yet): the score
            # waits for the columns; everything else of the run stands
            missing_scores[score] = tuple(f.column for f in model)
            problems.append(
                note(
                    sheet,
                    None,
                    None,
                    None,
                    "note",
                    "msg.score_ohne_daten",
                    score=score,
                    factor_cols=missing_scores[score],
                )
            )
            added[f"{score}_score"] = np.full(n, np.nan)
            added[f"abdeckung_{score}"] = np.zeros(n)
            continue
        weights = pd.Series({f.column: f.weight for f in chosen})
        # coverage against the weight the data carry (domain.md, "Missing data"): a factor
        # no customer has is not part of this run's model, so it lowers nobody's coverage
        value, coverage, parts = weighted_score(norm, weights)
        effective[score] = {f.column: f.weight / float(weights.sum()) for f in chosen}
        if len(chosen) == 1:
            problems.append(
                note(
                    sheet,
                    None,
                    chosen[0].column,
                    None,
                    "note",
                    "msg.score_ein_faktor",
                    score=score,
                    factor_cols=(chosen[0].column,),
                )
            )
        low = coverage < config.min_coverage - 1e-9
        value = np.where(low, np.nan, value)
        problems += _too_little_data(
            data, norm, chosen, low, sheet, score, coverage, config.min_coverage
        )
        added[f"{score}_score"] = value
        added[f"abdeckung_{score}"] = coverage
        added |= {
            f"{CONTRIBUTION_PREFIX}{c}": np.where(low, np.nan, parts[c].to_numpy()) for c in parts
        }
    # the share of the run's effective weight the customer has: each score with data counts
    # alike (its effective weights sum to 1), so it can never read 100 % beside an empty score
    with_data = [s for s in SCORES if s in effective]
    added["datenabdeckung"] = (
        sum((added[f"abdeckung_{s}"] for s in with_data), np.zeros(n)) / len(with_data)
        if with_data
        else np.zeros(n)
    )
    out = _with_columns(data, added)

    x, y = out["ist_score"].to_numpy(float), out["potenzial_score"].to_numpy(float)
    t_x = _threshold(x, config.threshold_ist)
    t_y = _threshold(y, config.threshold_potenzial)
    out["segment"] = quadrant(x, y, t_x, t_y)
    out["grenzfall"] = borderline(x, y, t_x, t_y, config.borderline)
    placed = int((~np.isnan(x) & ~np.isnan(y)).sum())
    if 0 < placed < FEW_CUSTOMERS:
        # medians and ranks of a handful of customers say little: computed, but said so
        problems.append(note(sheet, None, None, placed, "note", "msg.wenige_kunden", n=placed))
    out["phase"] = relationship_phase(
        config.reference_date(),
        out.get("erstauftrag"),
        out.get("letzter_auftrag"),
        _col(out, "umsatz"),
        _col(out, "umsatz_vorjahr") if "umsatz_vorjahr" in out else None,
        _col(out, "abwanderung") if "abwanderung" in out else None,
        config.growth_tolerance,
        config.churn_high,
        # an order history that starts inside the 12 months cannot show who is new
        out[FIRST_ORDER_KNOWN].to_numpy(bool) if FIRST_ORDER_KNOWN in out else None,
    )
    revenue = _col(out, "umsatz")
    # credits beyond invoices: a loss (Z), unless there is no history to judge (O)
    no_history = np.isnan(_col(out, "umsatz_vorjahr")) & _no_dates(out, "erstauftrag")
    out["abc"] = abc_class(
        revenue,
        config.abc_a,
        config.abc_b,
        contribution=out["db_nach_kosten"].to_numpy(float),
        unclassified=(out["phase"] == "neu").to_numpy() | ((revenue < 0) & no_history),
    )
    if contacts is not None:
        plan = planned_contacts or default_plan({})
        flags = contact_flags(
            contacts, out.set_index("kunden_nr")["segment"], plan, config.reference_date()
        )
        out = out.join(flags, on="kunden_nr")
        # development tried often enough without success: no longer "not yet classified"
        out.loc[(out["abc"] == "O") & (out["erfolglos"] >= config.o_to_c_after), "abc"] = "C"
    return ScoreResult(out, t_x, t_y, factors, config, problems, missing_scores, effective)


def _threshold(scores: FloatArray, rule: Threshold) -> float:
    """The axis threshold, NaN when no customer has that score (nothing to split)."""
    if rule.method != "fest" and np.isnan(scores).all():
        return float("nan")
    return threshold_value(scores, rule)


def _no_dates(frame: pd.DataFrame, key: str) -> npt.NDArray[np.bool_]:
    if key not in frame:
        return np.ones(len(frame), dtype=bool)
    missing: npt.NDArray[np.bool_] = pd.to_datetime(frame[key], errors="coerce").isna().to_numpy()
    return missing


def _too_little_data(
    data: pd.DataFrame,
    norm: pd.DataFrame,
    model: list[Factor],
    low: npt.NDArray[np.bool_],
    sheet: str,
    score: str,
    coverage: FloatArray,
    minimum: float,
) -> list[Problem]:
    """One finding per customer whose score stays empty: its coverage and the factor columns
    it lacks (never promoted by the factors that happen to remain)."""
    if not low.any():
        return []
    columns = [f.column for f in model]
    present = np.column_stack(
        [norm[c].notna().to_numpy() if c in norm else np.zeros(len(norm), bool) for c in columns]
    )
    ids = data["kunden_nr"].to_numpy() if "kunden_nr" in data else np.full(len(data), None)
    rows = data["excel_row"].to_numpy() if "excel_row" in data else np.full(len(data), None)
    out = []
    for i in np.flatnonzero(low).tolist():
        row = rows[i]
        out.append(
            note(
                sheet,
                None if row is None or pd.isna(row) else int(row),
                None,
                float(coverage[i]),
                "value_ignored",
                "msg.zu_wenige_daten",
                None if ids[i] is None else str(ids[i]),
                score=score,
                coverage=float(coverage[i]),
                minimum=minimum,
                factor_cols=tuple(c for c, p in zip(columns, present[i], strict=True) if not p),
            )
        )
    return out


def _with_columns(frame: pd.DataFrame, columns: dict[str, FloatArray]) -> pd.DataFrame:
    """`frame` with `columns` set, as `frame[key] = array` one by one would (a column already
    there keeps its place), but the new arrays joined in one step instead of copied one by one
    (a million rows: about 2 ms a column less)."""
    out = frame.copy(deep=False)
    for key in [k for k in columns if k in frame]:
        out[key] = columns[key]
    new = pd.DataFrame(
        {k: v for k, v in columns.items() if k not in frame}, index=frame.index, copy=False
    )
    return pd.concat([out, new], axis=1)
