"""Why a customer moved between two scoring runs.

Scores, thresholds and ABC cut-offs are relative, so a customer can change class without any
change of its own. Each change is split over three causes by re-scoring counterfactual
portfolios:

- **eigen** (own figures): the customer's own input figures,
- **umfeld** (portfolio): the other customers, which set its ranks, the min–max range, the
  matrix thresholds and the ABC cut-offs,
- **modell** (model): weights, methods, thresholds rules, cost rates.

A corner (x, p, m) scores the customer's figures of run x inside the portfolio of run p under
the model of run m (0 = old, 1 = new). The four corners with x = p are whole scoring runs of
`score_portfolio`; for x ≠ p every customer's figures are normalised against the other run's
portfolio with that customer itself left out (sorted arrays and binary searches, all customers
at once), then weighted by `score_portfolio` itself, so the weighting and coverage rules stay in
one place. Each change is split by the Shapley value over the three causes (the mean of each
cause's effect over the six orders in which they can be applied): the parts add up exactly to
the change. Thresholds and cut-offs are properties of a portfolio under a model, so their
moves belong to the portfolio and the model, never to the customer's own figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from kundenwert.method.abc_class import revenue_share_before
from kundenwert.method.config import Config, Factor
from kundenwert.method.normalize import NEUTRAL, FloatArray, normalize
from kundenwert.method.portfolio import (
    CONTRIBUTION_PREFIX,
    SCORES,
    ScoreResult,
    score_portfolio,
    weighted_score,
)

Cause = Literal["eigen", "umfeld", "modell"]
CAUSES: tuple[Cause, ...] = ("eigen", "umfeld", "modell")
#: A corner: own figures, portfolio, model, each 0 (old run) or 1 (new run).
Corner = tuple[int, int, int]
CORNERS: tuple[Corner, ...] = tuple((x, p, m) for x, p, m in product((0, 1), repeat=3))
#: The column prefix of a synthetic factor (a normalised value scored on a 0–100 scale).
_SYNTHETIC = "_ursache_"


@dataclass
class CauseSplit:
    """The causes of every change of the customers in both runs.

    `table` has one row per customer in both runs (index kunden_nr). Per score: the
    re-scored `{score}_alt`, `{score}_neu`, `{score}_delta`; its parts `{score}_eigen`,
    `{score}_umfeld`, `{score}_modell` (adding up to the delta); the own part per factor
    `{score}_eigen:{factor}`; the threshold's parts `{score}_schwelle_umfeld` and
    `{score}_schwelle_modell`. Per factor its values `alt:{factor}`, `neu:{factor}`. For ABC:
    the re-scored `abc_alt`, `abc_neu`, `umsatz_alt`, `umsatz_neu`, the cut-off the move
    crossed (`abc_grenze` A or B, `abc_grenze_alt`, `abc_grenze_neu` in revenue). The
    leading cause of each class move: `ursache_segment`, `ursache_abc`, `ursache_phase`
    (None where nothing moved or the split cannot be computed).
    """

    table: pd.DataFrame
    #: factor columns with an own part, per score, in model order
    factors: dict[str, list[str]]
    #: matrix thresholds of the four (portfolio, model) pairs: (p, m) → (t_ist, t_potenzial)
    thresholds: dict[tuple[int, int], tuple[float, float]] = field(default_factory=dict)
    model_changed: bool = False


def shapley_part(values: dict[Corner, FloatArray], k: int) -> FloatArray:
    """The Shapley value of cause `k` alone (0 own figures, 1 portfolio, 2 model)."""
    part: FloatArray = np.zeros_like(values[(0, 0, 0)])
    for corner in CORNERS:
        if corner[k]:
            continue
        weight = 1 / 3 if sum(corner) in (0, 2) else 1 / 6
        x, p, m = (1 if j == k else c for j, c in enumerate(corner))
        part = part + weight * (values[(x, p, m)] - values[corner])
    return part


def shapley(values: dict[Corner, FloatArray]) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The Shapley value of each of the three causes for a value known at the eight corners.

    A cause's part is its effect (value with it switched to new minus without) averaged over
    the six orders: weight 1/3 when it comes first or last, 1/6 for each middle case. The three
    parts add up to values[(1, 1, 1)] − values[(0, 0, 0)].
    """
    return shapley_part(values, 0), shapley_part(values, 1), shapley_part(values, 2)


def normalize_against(
    values: FloatArray, portfolio: FloatArray, own: FloatArray, factor: Factor
) -> FloatArray:
    """Each customer's value normalised as if it stood in `portfolio` in place of its own
    entry there (`own`, NaN when the customer is not in it or has no value).

    For a value equal to its own entry this is exactly `normalize` over the portfolio; rank
    and min–max need the others' counts and extremes, found for every customer at once by
    binary searches into the sorted portfolio.
    """
    v = np.asarray(values, float)
    if factor.method not in ("rang", "minmax"):  # a fixed scale: no portfolio involved
        return normalize(
            v,
            factor.method,
            factor.direction,
            factor.scale_min,
            factor.scale_max,
            factor.thresholds,
        )
    ref = portfolio[~np.isnan(portfolio)]
    if ref.size == 0:  # the portfolio has no such figure: the factor is not in its model
        return np.full_like(v, np.nan)
    if factor.method == "rang":
        ref = np.sort(ref)
        ends = ref[[0, min(1, ref.size - 1), max(ref.size - 2, 0), ref.size - 1]]
    else:  # min–max needs the two smallest and two largest only
        k = ref.size
        ends = np.partition(ref, sorted({0, min(1, k - 1), max(k - 2, 0), k - 1}))
        ends = ends[[0, min(1, k - 1), max(k - 2, 0), k - 1]]
    mine = ~np.isnan(own)
    n_others = ref.size - mine.astype(np.int64)
    # the others' extremes: one copy of the customer's own entry removed
    low = np.where(mine & (own == ends[0]), ends[1], ends[0])
    high = np.where(mine & (own == ends[3]), ends[2], ends[3])
    alone = n_others == 0
    low, high = np.where(alone, v, np.minimum(low, v)), np.where(alone, v, np.maximum(high, v))
    with np.errstate(divide="ignore", invalid="ignore"):
        if factor.method == "rang":
            below = search_left(ref, v) - (mine & (own < v))
            y = below / n_others * 100.0
        else:
            y = (v - low) / (high - low) * 100.0
    y = np.where(high == low, NEUTRAL, y)
    y = np.where(np.isnan(v), np.nan, y)
    return 100.0 - y if factor.direction == "niedrig" else y


def search_left(ordered: FloatArray, needles: FloatArray) -> npt.NDArray[np.int64]:
    """np.searchsorted(ordered, needles, 'left'), the needles searched in ascending order:
    on 100,000 scattered needles about five times faster (the searches walk the sorted
    array in step and stay in the CPU caches)."""
    order = np.argsort(needles)
    out = np.empty(needles.size, dtype=np.int64)
    out[order] = np.searchsorted(ordered, needles[order], side="left")
    return out


def _same_model(old: Config, new: Config) -> bool:
    skip = {"stichtag", "column_map"}
    return old.model_dump(exclude=skip) == new.model_dump(exclude=skip)


def _cut_off(revenue: FloatArray, before: FloatArray, share: float) -> float:
    """The least revenue that still reaches the class whose upper share is `share`: the
    smallest revenue of a customer with less than `share` of the total above it (`before`:
    revenue_share_before of `revenue`)."""
    inside = revenue[before < share]
    return float(inside.min()) if inside.size else float("nan")


def _where(condition: npt.NDArray[np.bool_], values: npt.NDArray[Any]) -> npt.NDArray[np.object_]:
    """`values` where `condition` holds, else None."""
    out = np.full(condition.shape, None, dtype=object)
    out[condition] = values[condition]
    return out


def _leading(parts: list[FloatArray], direction: FloatArray) -> npt.NDArray[np.object_]:
    """Per customer, the cause whose part pushed furthest in the direction of its move."""
    stacked = np.column_stack(parts) * direction[:, None]
    valid = ~np.isnan(stacked).any(axis=1)
    best = np.argmax(np.where(np.isnan(stacked), -np.inf, stacked), axis=1)
    names = np.array(CAUSES, dtype=object)
    return _where(valid & (direction != 0), names[best])


def split_causes(
    old_frame: pd.DataFrame, old_config: Config, new_frame: pd.DataFrame, new_config: Config
) -> CauseSplit:
    """Split every change between two runs (input tables and models, as `score_portfolio`
    takes them; each model's stichtag is its run's reference date) over the three causes."""
    frames = (old_frame, new_frame)
    configs = (old_config, new_config)
    same = _same_model(old_config, new_config)
    ids_old = pd.Index(old_frame["kunden_nr"])
    ids_new = pd.Index(new_frame["kunden_nr"])
    ids = ids_new[ids_new.isin(ids_old)].drop_duplicates()
    at = (_first_rows(ids_old, ids), _first_rows(ids_new, ids))

    # whole runs: run p's figures in its own portfolio under model m (the stichtag is the
    # data's: it dates the figures, it is not part of the model)
    runs: dict[tuple[int, int], ScoreResult] = {}
    for p, m in product((0, 1), repeat=2):
        if same and m == 1:
            runs[(p, 1)] = runs[(p, 0)]
            continue
        dated = configs[m].model_copy(update={"stichtag": configs[p].stichtag})
        runs[(p, m)] = score_portfolio(frames[p], dated)

    columns: dict[str, list[str]] = {s: _factor_columns(configs, s) for s in SCORES}
    all_columns = [c for s in SCORES for c in columns[s]]
    scores: dict[str, dict[Corner, FloatArray]] = {s: {} for s in SCORES}
    points: dict[str, dict[Corner, FloatArray]] = {}
    cache: _Cache = {}
    for corner in CORNERS:
        x, p, m = corner
        if same and m == 1:
            for s in SCORES:
                scores[s][corner] = scores[s][(x, p, 0)]
            for c in all_columns:
                points[c][corner] = points[c][(x, p, 0)]
            continue
        if x == p:
            scored = runs[(p, m)].scored
            rows = at[p]
            got: dict[str, FloatArray] = {
                s: scored[f"{s}_score"].to_numpy(float)[rows] for s in SCORES
            }
            pts = {
                c: _column(scored, f"{CONTRIBUTION_PREFIX}{c}", rows)
                for s in SCORES
                for c in columns[s]
            }
        else:
            got, pts = _cross(runs[(x, m)], runs[(p, m)], at[x], at[p], configs[m], ids, cache)
        for s in SCORES:
            scores[s][corner] = got[s]
        for c in all_columns:  # a factor without points at a corner has none there
            points.setdefault(c, {})[corner] = pts.get(c, np.full(len(ids), np.nan))

    added: dict[str, npt.NDArray[Any]] = {}
    thresholds = {
        (p, m): (runs[(p, m)].t_ist, runs[(p, m)].t_potenzial) for p, m in product((0, 1), repeat=2)
    }
    margin_parts: dict[str, list[FloatArray]] = {}
    for k, s in enumerate(SCORES):
        own, around, by_model = shapley(scores[s])
        added[f"{s}_alt"], added[f"{s}_neu"] = scores[s][(0, 0, 0)], scores[s][(1, 1, 1)]
        added[f"{s}_delta"] = scores[s][(1, 1, 1)] - scores[s][(0, 0, 0)]
        added[f"{s}_eigen"], added[f"{s}_umfeld"], added[f"{s}_modell"] = own, around, by_model
        defined = ~np.isnan(own)
        for c in columns[s]:
            # a factor missing at a corner gives no points there; where the score is
            # undefined the part is, too
            filled = {corner: np.nan_to_num(v) for corner, v in points[c].items()}
            part = shapley_part(filled, 0)
            added[f"{s}_eigen:{c}"] = np.where(defined, part, np.nan)
        t = {corner: np.full(len(ids), thresholds[(corner[1], corner[2])][k]) for corner in CORNERS}
        _, t_around, t_model = shapley(t)
        added[f"{s}_schwelle_umfeld"], added[f"{s}_schwelle_modell"] = t_around, t_model
        margin_parts[s] = [own, around - t_around, by_model - t_model]
    for c in dict.fromkeys(c for s in SCORES for c in columns[s]):
        added[f"alt:{c}"] = _column(runs[(0, 0)].scored, c, at[0])
        added[f"neu:{c}"] = _column(runs[(1, 1)].scored, c, at[1])
    added |= _segment_cause(runs, at, thresholds, margin_parts)
    added |= _abc_causes(runs, at, configs)
    added |= _phase_cause(runs, at)
    table = pd.DataFrame(added, index=pd.Index(ids, name="kunden_nr"))
    return CauseSplit(table, columns, thresholds, not same)


def _first_rows(index: pd.Index, ids: pd.Index) -> npt.NDArray[np.intp]:
    """Where each of `ids` first stands in `index` (a repeated number counts once, as the
    readers keep the first row of a repeated customer)."""
    first = ~index.duplicated()
    rows: npt.NDArray[np.intp] = np.flatnonzero(first)[index[first].get_indexer(ids)]
    return rows


def _factor_columns(configs: tuple[Config, Config], score: str) -> list[str]:
    """The factor columns of a score in either model, old model's order first."""
    cols = [f.column for c in configs for f in c.factors if f.score == score and f.weight > 0]
    return list(dict.fromkeys(cols))


def _column(frame: pd.DataFrame, key: str, rows: npt.NDArray[np.intp] | None = None) -> FloatArray:
    """A column as floats (NaN where absent), at `rows` (default: all)."""
    if key not in frame:
        return np.full(len(frame) if rows is None else len(rows), np.nan)
    column = frame[key]
    if column.dtype != float:
        column = pd.to_numeric(column, errors="coerce")
    values: FloatArray = column.to_numpy(float)
    return values if rows is None else values[rows]


def _cross(
    figures: ScoreResult,
    portfolio: ScoreResult,
    rows_x: npt.NDArray[np.intp],
    rows_p: npt.NDArray[np.intp],
    model: Config,
    ids: pd.Index,
    cache: _Cache,
) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    """Every customer's figures of one run scored inside the other run's portfolio: its
    factors normalised against that portfolio, then weighted as `score_portfolio` weights
    them."""
    used = {f.column for f in portfolio.factors}
    normalised: dict[str, FloatArray] = {}
    for f in model.factors:
        if f.column not in used:  # not in the portfolio's model: dropped there, so here too
            normalised[f.column] = np.full(len(ids), np.nan)
            continue
        ref = _column(portfolio.scored, f.column)
        values = _column(figures.scored, f.column, rows_x)
        # the other model's corner often normalises the very same figures the same way
        # (a changed cost rate moves only the derived contribution): done once
        spec = (id(rows_x), id(rows_p), f.column, f.method, f.direction, f.scale_min, f.scale_max)
        hit = cache.get((*spec, *f.thresholds))
        if hit is not None and _equal(hit[0], values) and _equal(hit[1], ref):
            normalised[f.column] = hit[2]
        else:
            normalised[f.column] = normalize_against(values, ref, ref[rows_p], f)
            cache[(*spec, *f.thresholds)] = (values, ref, normalised[f.column])
    if used == {f.column for f in figures.factors}:
        return _weighted_like(figures, rows_x, normalised)
    return _weighted_anew(normalised, model, ids)


def _weighted_like(
    figures: ScoreResult, rows_x: npt.NDArray[np.intp], normalised: dict[str, FloatArray]
) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    """Weighted as in the customer's own run: both portfolios carry the same factors, so a
    customer has the same factors present as there, the same weight shares and the same
    coverage; its score exists exactly where it existed in its own run."""
    got: dict[str, FloatArray] = {}
    pts: dict[str, FloatArray] = {}
    for s in SCORES:
        chosen = [f for f in figures.factors if f.score == s and f.weight > 0]
        own = figures.scored[f"{s}_score"].to_numpy(float)[rows_x]
        if not chosen:
            got[s] = own  # NaN throughout: the score waits for its columns in both runs
            continue
        weights = pd.Series({f.column: f.weight for f in chosen})
        # one block from the start: the frame wraps it, weighted_score reads it uncopied
        block = np.column_stack([normalised[str(c)] for c in weights.index])
        value, _, parts = weighted_score(pd.DataFrame(block, columns=weights.index), weights)
        missing = np.isnan(own)
        got[s] = np.where(missing, np.nan, value)
        pts |= {str(c): np.where(missing, np.nan, parts[c].to_numpy()) for c in parts}
    return got, pts


def _weighted_anew(
    normalised: dict[str, FloatArray], model: Config, ids: pd.Index
) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    """Weighted by `score_portfolio` itself, the normalised values on a 0–100 scale
    (direction already applied): for two runs whose data carry different factors, where the
    factors present and the coverage are decided anew."""
    synthetic: dict[str, object] = {"kunden_nr": np.asarray(ids)}
    factors = []
    for k, f in enumerate(model.factors):
        synthetic[f"{_SYNTHETIC}{k}"] = normalised[f.column]
        factors.append(
            Factor(
                column=f"{_SYNTHETIC}{k}",
                score=f.score,
                weight=f.weight,
                method="skala",
                scale_min=0.0,
                scale_max=100.0,
            )
        )
    scored = score_portfolio(
        pd.DataFrame(synthetic), model.model_copy(update={"factors": factors})
    ).scored
    got: dict[str, FloatArray] = {s: scored[f"{s}_score"].to_numpy(float) for s in SCORES}
    pts = {
        f.column: _column(scored, f"{CONTRIBUTION_PREFIX}{_SYNTHETIC}{k}")
        for k, f in enumerate(model.factors)
    }
    return got, pts


_Cache = dict[tuple[object, ...], tuple[FloatArray, FloatArray, FloatArray]]


def _equal(a: FloatArray, b: FloatArray) -> bool:
    return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))


#: ABC classes by code: A, B, C rank from best; Z and O stand apart; 5 = no class.
_ABC = np.array(["A", "B", "C", "Z", "O", None], dtype=object)


def _abc_codes(run: ScoreResult, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.int64]:
    """The ABC class of `rows` as codes into _ABC."""
    classes = pd.Categorical(run.scored["abc"].to_numpy(object)[rows], categories=_ABC[:5])
    codes: npt.NDArray[np.int64] = np.where(classes.codes < 0, 5, classes.codes).astype(np.int64)
    return codes


def _segment_cause(
    runs: dict[tuple[int, int], ScoreResult],
    at: tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]],
    thresholds: dict[tuple[int, int], tuple[float, float]],
    margin_parts: dict[str, list[FloatArray]],
) -> dict[str, npt.NDArray[np.object_]]:
    """The leading cause of each segment move: on every axis the customer crossed, the
    score's distance to the threshold split over the causes; the cause that pushed furthest
    across, over both axes, wins."""
    pushes = []
    moved = np.zeros(len(at[0]), dtype=bool)
    for k, s in enumerate(SCORES):
        before = runs[(0, 0)].scored[f"{s}_score"].to_numpy(float)[at[0]] - thresholds[(0, 0)][k]
        after = runs[(1, 1)].scored[f"{s}_score"].to_numpy(float)[at[1]] - thresholds[(1, 1)][k]
        crossed = ((before >= 0) != (after >= 0)) & ~np.isnan(before) & ~np.isnan(after)
        moved |= crossed
        direction = np.sign(after - before)
        # an axis not crossed, or whose parts are unknown, takes no part in the choice
        pushes += [np.where(crossed, part * direction, -np.inf) for part in margin_parts[s]]
    # six columns: (own, portfolio, model) of the current-value axis, then of the potential
    stacked = np.nan_to_num(np.column_stack(pushes), nan=-np.inf)
    lead = np.argmax(stacked, axis=1) % 3
    valid = moved & np.isfinite(stacked.max(axis=1))
    names = np.array(CAUSES, dtype=object)
    cause = _where(valid, names[lead])
    return {"ursache_segment": cause}


def _abc_causes(
    runs: dict[tuple[int, int], ScoreResult],
    at: tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]],
    configs: tuple[Config, Config],
) -> dict[str, npt.NDArray[Any]]:
    """ABC moves: the revenue against the cut-off of the class boundary crossed (the lower
    edge of the better class), and which cause moved it. Revenue is the customer's own; the
    cut-off belongs to the portfolio (and to the model's shares). Moves into or out of Z or O
    depend on the customer and the model only."""
    rank_old, rank_new = _abc_codes(runs[(0, 0)], at[0]), _abc_codes(runs[(1, 1)], at[1])
    old_abc, new_abc = _ABC[rank_old], _ABC[rank_new]
    r0 = _column(runs[(0, 0)].scored, "umsatz", at[0])
    r1 = _column(runs[(1, 1)].scored, "umsatz", at[1])
    ranked = (rank_old <= 2) & (rank_new <= 2) & (rank_old != rank_new)  # among A, B, C
    # the boundary crossed: the lower edge of the better of the two classes
    a_edge = np.minimum(rank_old, rank_new) == 0
    edge = np.where(a_edge, "A", "B")
    cut: dict[tuple[int, int], dict[str, float]] = {}
    for p in (0, 1):
        revenue = _column(runs[(p, p)].scored, "umsatz")  # revenue is no model's choice
        before = revenue_share_before(revenue)
        for m in (0, 1):
            cut[(p, m)] = {
                "A": _cut_off(revenue, before, configs[m].abc_a),
                "B": _cut_off(revenue, before, configs[m].abc_b),
            }

    def c(p: int, m: int) -> FloatArray:
        return np.where(a_edge, cut[(p, m)]["A"], cut[(p, m)]["B"])

    # distance = revenue − cut-off: own part is the revenue change, the cut-off's change
    # splits over portfolio and model (two causes, two orders)
    own = r1 - r0
    around = -0.5 * ((c(1, 0) - c(0, 0)) + (c(1, 1) - c(0, 1)))
    model = -0.5 * ((c(0, 1) - c(0, 0)) + (c(1, 1) - c(1, 0)))
    direction = np.where(ranked, np.sign(rank_old - rank_new), 0.0)  # +1: rose
    cause = _leading([own, around, model], direction)
    # Z and O: contribution, history and the model's rules, no portfolio involved
    special = (rank_old != rank_new) & ~ranked
    own_alone = _abc_codes(runs[(1, 0)], at[1]) == rank_new
    model_alone = _abc_codes(runs[(0, 1)], at[0]) == rank_new
    other = np.where(own_alone | ~model_alone, "eigen", "modell").astype(object)
    cause = np.where(special, other, cause)
    return {
        "abc_alt": old_abc,
        "abc_neu": new_abc,
        "umsatz_alt": r0,
        "umsatz_neu": r1,
        "abc_grenze": _where(ranked, edge.astype(object)),
        "abc_grenze_alt": np.where(ranked, c(0, 0), np.nan),
        "abc_grenze_neu": np.where(ranked, c(1, 1), np.nan),
        "ursache_abc": cause,
    }


def _phase_cause(
    runs: dict[tuple[int, int], ScoreResult],
    at: tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]],
) -> dict[str, npt.NDArray[np.object_]]:
    """A phase depends on the customer's own figures and dates and on the model's
    tolerances: the model is the cause only when it alone gives the new phase."""
    old = runs[(0, 0)].scored["phase"].to_numpy(object)[at[0]]
    new = runs[(1, 1)].scored["phase"].to_numpy(object)[at[1]]
    own_alone = runs[(1, 0)].scored["phase"].to_numpy(object)[at[1]] == new
    model_alone = runs[(0, 1)].scored["phase"].to_numpy(object)[at[0]] == new
    cause = np.where(own_alone | ~model_alone, "eigen", "modell").astype(object)
    return {"ursache_phase": _where(old != new, cause)}


def unreproduced(split: CauseSplit, old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """The customers whose re-scored scores differ from the stored ones (`old`, `new`:
    kunden_nr, ist_score, potenzial_score as the result workbooks show them): their parts
    would not add up to the change shown, so the caller leaves them out. A score written to a
    workbook and read back keeps about 15 significant digits."""
    table = split.table
    bad = np.zeros(len(table), dtype=bool)
    for frame, which in ((old, "alt"), (new, "neu")):
        stored = frame.drop_duplicates("kunden_nr").set_index("kunden_nr")
        for s in SCORES:
            shown = pd.to_numeric(stored[f"{s}_score"], errors="coerce").reindex(table.index)
            mine = table[f"{s}_{which}"].to_numpy(float)
            theirs = shown.to_numpy(float)
            same = np.isclose(mine, theirs, rtol=1e-9, atol=1e-9) | (
                np.isnan(mine) & np.isnan(theirs)
            )
            bad |= ~same
    return [str(i) for i in table.index[bad]]
