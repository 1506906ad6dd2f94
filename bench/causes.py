"""Why customers moved, and what their segment hangs on: both beside scoring one run.

    python -m bench.causes [--quick] [--out bench/RESULTS.md]

Causes: two runs of the same synthetic customers a quarter apart (revenue, potential and
ratings moved, a hundred customers gone, a hundred new), once with the same model and once
with changed weights and cost rates (eight re-scorings instead of four). Fragility: every
estimate of every customer moved up and down on its own. Each against `score_portfolio` on
one run, the three taking turns run by run so a change in the machine's load falls on all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench.__main__ import Report, verdict, write_results
from bench.data import synthetic
from bench.timing import measure_alternating
from kundenwert.method.causes import split_causes
from kundenwert.method.config import Config
from kundenwert.method.fragility import hangs_on
from kundenwert.method.portfolio import score_portfolio

CAUSES_GOAL = 10.0
FRAGILITY_GOAL = 5.0


def two_runs(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same portfolio a quarter apart: figures moved, 1 % of customers gone, 1 % new."""
    old = synthetic(n)
    rng = np.random.default_rng(7)
    new = old.copy()
    new["umsatz"] = new["umsatz"] * rng.uniform(0.7, 1.3, n)
    if "potenzial" in new:
        new["potenzial"] = new["potenzial"] * rng.uniform(0.8, 1.2, n)
    for column in ("image", "kooperation"):
        if column in new:
            new[column] = np.clip(new[column] + rng.integers(-1, 2, n), 1, 5)
    gone = max(n // 100, 1)
    arrivals = synthetic(gone).assign(kunden_nr=[f"NEU{i}" for i in range(gone)])
    return old, pd.concat([new.iloc[gone:], arrivals], ignore_index=True)


def changed_model(config: Config) -> Config:
    """Revenue weighs a third more, contribution less; a visit costs more."""
    factors = []
    for f in config.factors:
        weight = {"umsatz": 40.0, "db_nach_kosten": 20.0}.get(f.column, f.weight)
        factors.append(f.model_copy(update={"weight": weight}))
    return config.model_copy(update={"factors": factors, "cost_per_visit": 300.0})


def bench_causes(report: Report, n: int, repeat: int = 5) -> None:
    """8. Causes across two runs and fragility of one, against scoring one run."""
    add = report.section(
        f"8. Causes of change and fragile classes, {n:,} customers",
        ["call", "median s", "× scoring one run", "goal"],
    )
    old, new = two_runs(n)
    day0, day1 = dt.date(2026, 3, 31), dt.date(2026, 6, 30)
    model0 = Config(stichtag=day0)
    model1 = Config(stichtag=day1)
    model2 = changed_model(model1)
    scored = score_portfolio(new, model1)
    score, same, changed, fragile = measure_alternating(
        [
            lambda: score_portfolio(new, model1),
            lambda: split_causes(old, model0, new, model1),
            lambda: split_causes(old, model0, new, model2),
            lambda: hangs_on(scored),
        ],
        repeat=repeat,
    )
    add(["score_portfolio, one run", f"{score.median:.3f}", "1.00×", ""])
    ratios = {}
    for label, timing, goal in (
        ("causes, same model (four re-scorings)", same, CAUSES_GOAL),
        ("causes, changed model (eight re-scorings)", changed, CAUSES_GOAL),
        ("fragility (7 estimates × up and down)", fragile, FRAGILITY_GOAL),
    ):
        ratios[label] = timing.median / score.median
        add([label, f"{timing.median:.3f}", f"{ratios[label]:.2f}×", f"≤ {goal:g}×"])
    causes_ok = all(r <= CAUSES_GOAL for k, r in ratios.items() if k.startswith("causes"))
    fragile_ok = ratios["fragility (7 estimates × up and down)"] <= FRAGILITY_GOAL
    report.note(
        f"Goal causes within {CAUSES_GOAL:g}× of scoring one run: {verdict(causes_ok)}. "
        f"Goal fragility within {FRAGILITY_GOAL:g}×: {verdict(fragile_ok)}."
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    report.note(
        f"Load average while measuring: {load:.1f} on {os.cpu_count()} cores (the ratios "
        "move with it: compare runs made at a similar load)."
    )
    report.note(
        "Causes re-score whole portfolios: the four runs of each run's figures under each "
        "model through score_portfolio, then every customer's figures normalised against the "
        "other run's portfolio at once (sorted arrays, binary searches). With an unchanged "
        "model the four model corners equal the other four and are not computed again."
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.causes")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", default="bench/RESULTS.md")
    args = ap.parse_args(argv)
    report = Report()
    start = time.perf_counter()
    bench_causes(report, 2_000 if args.quick else 100_000, repeat=1 if args.quick else 5)
    command = f"python -m bench.causes{' --quick' if args.quick else ''}"
    write_results(
        report,
        Path(args.out),
        "Benchmark results",
        command,
        start,
        True,
        "Every baseline was measured in the same run.",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
