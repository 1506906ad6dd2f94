"""Order histories: aggregating order lines from .xlsx against the floor, and the BG/NBD +
Gamma-Gamma fit against an existing library on the same synthetic customers.

    python -m bench.orders [--quick] [--out bench/ORDERS.md]

The reference library (lifetimes, else btyd) lives in its own environment, .venv-lifetimes
beside the project's .venv, created here when it is missing: it is never a dependency of
kundenwert.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from python_calamine import CalamineWorkbook

from bench.__main__ import DATA, Report, verdict, write_results
from bench.timing import measure, measure_alternating, self_peak_mb

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_VENV = ROOT / ".venv-lifetimes"
REFERENCE_SCRIPT = Path(__file__).resolve().parent / "reference_fit.py"
WEEKS_12_MONTHS = 365.25 / 7


def line_workbook(n: int, directory: Path = DATA) -> Path:
    """An .xlsx with `n` order lines (date, customer, order number, amount), cached by size."""
    path = directory / f"lines_{n}.xlsx"
    if path.exists():
        return path
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(42)
    customers = max(n // 25, 1)
    ids = rng.integers(0, customers, n)
    days = rng.integers(0, 3 * 365, n)
    amounts = np.round(rng.gamma(2.0, 150.0, n) * np.where(rng.random(n) < 0.05, -0.5, 1.0), 2)
    start = dt.datetime(2023, 1, 1)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Auftragszeilen")
    date_format = book.add_format({"num_format": "dd.mm.yyyy"})
    sheet.write_row(0, 0, ["Belegdatum", "Kundennummer", "Beleg-Nr", "Nettobetrag"])
    for i in range(n):
        sheet.write_datetime(i + 1, 0, start + dt.timedelta(days=int(days[i])), date_format)
        sheet.write_string(i + 1, 1, f"K{ids[i]:06d}")
        sheet.write_string(i + 1, 2, f"B{i // 3:07d}")
        sheet.write_number(i + 1, 3, float(amounts[i]))
    book.close()
    return path


def line_csv(n: int, directory: Path = DATA) -> Path:
    """A German ERP export of `n` order lines (Belegdatum 31.12.2025, Kundennummer, Beleg-Nr,
    Nettobetrag with a decimal comma; ';', Windows-1252), the same draw as line_workbook."""
    path = directory / f"lines_{n}.csv"
    if path.exists():
        return path
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(42)
    customers = max(n // 25, 1)
    ids = rng.integers(0, customers, n)
    days = rng.integers(0, 3 * 365, n)
    amounts = np.round(rng.gamma(2.0, 150.0, n) * np.where(rng.random(n) < 0.05, -0.5, 1.0), 2)
    dates = pd.Timestamp(2023, 1, 1) + pd.to_timedelta(days, unit="D")
    frame = pd.DataFrame(
        {
            "Belegdatum": dates.strftime("%d.%m.%Y"),
            "Kundennummer": pd.Series(ids).map("K{:06d}".format),
            "Beleg-Nr": pd.Series(np.arange(n) // 3).map("B{:07d}".format),
            "Nettobetrag": amounts,
        }
    )
    tmp = path.with_suffix(".part")
    frame.to_csv(tmp, sep=";", decimal=",", index=False, encoding="cp1252")
    tmp.rename(path)
    return path


def aggregate_csv_floor(path: Path) -> pd.DataFrame:
    """The floor: pandas.read_csv of the same columns (notation given), the dates parsed with
    their format, one pandas group-by, no checks."""
    frame = pd.read_csv(
        path,
        sep=";",
        decimal=",",
        thousands=".",
        encoding="cp1252",
        # as text: with thousands "." pandas would read 16.03.2025 as the number 16032025
        dtype={"Belegdatum": str, "Kundennummer": str, "Beleg-Nr": str},
    )
    frame["Belegdatum"] = pd.to_datetime(frame["Belegdatum"], format="%d.%m.%Y")
    return _four_aggregates(frame, "Kundennummer", "Belegdatum", "Nettobetrag", "Beleg-Nr")


def _four_aggregates(
    frame: pd.DataFrame, customer: str, date: str, amount: str, order: str
) -> pd.DataFrame:
    """The floor's one pandas group-by: revenue, first and last order, distinct orders."""
    return frame.groupby(customer).agg(
        umsatz=(amount, "sum"),
        erstauftrag=(date, "min"),
        letzter_auftrag=(date, "max"),
        auftraege=(order, "nunique"),
    )


def bench_csv_aggregation(report: Report, sizes: list[int]) -> None:
    """6b. Order lines → customer table from a German CSV, against the floor."""
    add = report.section(
        "6b. Order lines from CSV → customer table",
        ["lines", "kundenwert s", "floor s", "ratio", "peak MB (this process)"],
    )
    ratios = {}
    for n in sizes:
        path = line_csv(n)
        repeat = 1 if n >= 2_000_000 else 3
        floor, ours = measure_alternating(
            [
                functools.partial(aggregate_csv_floor, path),
                functools.partial(aggregate_ours, path),
            ],
            repeat=repeat,
            warmup=0,
        )
        ratios[n] = ours.median / floor.median
        add(
            [
                f"{n:,}",
                f"{ours.median:.2f}",
                f"{floor.median:.2f}",
                f"{ratios[n]:.2f}×",
                f"{self_peak_mb():,.0f}",
            ]
        )
    big = max(sizes)
    report.note(
        f"Goal within 1.5× of the floor at {big:,} lines: {ratios[big]:.2f}× — "
        f"{verdict(ratios[big] <= 1.5)}. The file is a German ERP export (`;`, decimal comma, "
        "`31.12.2025` dates, Windows-1252) of four columns, one customer per 25 lines; "
        "kundenwert and the floor take turns (three runs each below 2,000,000 lines, one "
        "above). kundenwert detects the encoding, delimiter, separators and date order, "
        "recognises the line table, checks every date, id and amount (a line without one is "
        "reported with its row), then aggregates as for .xlsx: the reader looks at each "
        "distinct id and order number once and hands the aggregation their codes, so no "
        "row's text is hashed twice. The floor is told the notation, parses the dates with "
        "their format and computes four plain aggregates in one pandas group-by."
    )


def aggregate_ours(path: Path, sheet: str | None = None) -> pd.DataFrame:
    """kundenwert: recognise and read the lines (of `sheet`; a text file's notation detected),
    check every cell, aggregate per customer."""
    from kundenwert.method.order_history import aggregate_orders
    from kundenwert.xlsx.order_lines import read_order_lines

    lines = read_order_lines(path, sheet)
    return aggregate_orders(lines.lines, dt.date(2026, 1, 1)).customers


def aggregate_floor(path: Path) -> pd.DataFrame:
    """The floor: python-calamine reads the same cells, one pandas group-by, no checks."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Auftragszeilen").to_python()
    frame = pd.DataFrame(rows[1:], columns=["datum", "kunden_nr", "auftrag_nr", "betrag"])
    frame["datum"] = pd.to_datetime(frame["datum"])
    return _four_aggregates(frame, "kunden_nr", "datum", "betrag", "auftrag_nr")


def bench_aggregation(report: Report, sizes: list[int]) -> None:
    """6. Order lines → customer table from .xlsx, against the floor."""
    add = report.section(
        "6. Order lines from .xlsx → customer table",
        ["lines", "kundenwert s", "floor s", "ratio"],
    )
    ratios = {}
    for n in sizes:
        path = line_workbook(n)
        repeat = 1 if n >= 1_000_000 else 3
        ours = measure(
            functools.partial(aggregate_ours, path, "Auftragszeilen"), repeat=repeat, warmup=0
        )
        floor = measure(functools.partial(aggregate_floor, path), repeat=repeat, warmup=0)
        ratios[n] = ours.median / floor.median
        add([f"{n:,}", f"{ours.median:.2f}", f"{floor.median:.2f}", f"{ratios[n]:.2f}×"])
    big = max(sizes)
    report.note(
        f"Goal within 1.5× of the floor at {big:,} lines: {ratios[big]:.2f}× — "
        f"{verdict(ratios[big] <= 1.5)}. kundenwert's side also checks every cell (dates, "
        "numbers, ids; problems with their row), counts one purchase day per customer and day, "
        "nets credits and computes both 12-month periods and the model's inputs; the floor "
        "computes four plain aggregates."
    )
    report.note(
        "One run each at 1,000,000 lines (three below): on a shared machine single runs of "
        "both sides vary by tens of percent, so read the ratio with that spread."
    )
    report.note("10,000,000 lines from CSV: section 6b (`python -m bench.orders --only csv`).")


def sheet_beside_lines(lines: int, share: float = 0.10, directory: Path = DATA) -> Path:
    """A customer sheet (.xlsx: Kunden-Nr, Name, Potenzial) for the customers of
    line_csv(`lines`), of whom `share` are missing and as many are added that have no lines."""
    customers = max(lines // 25, 1)
    path = directory / f"sheet_{customers}.xlsx"
    if path.exists():
        return path
    directory.mkdir(parents=True, exist_ok=True)
    gone = int(customers * share)
    ids = [f"K{i:06d}" for i in range(gone, customers)]
    ids += [f"N{i:06d}" for i in range(gone)]  # on the sheet only
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Kunden")
    sheet.write_row(0, 0, ["Kunden-Nr", "Name", "Potenzial"])
    for r, cid in enumerate(ids, start=1):
        sheet.write_string(r, 0, cid)
        sheet.write_string(r, 1, f"Firma {cid}")
        sheet.write_number(r, 2, 10_000.0 + 37 * r)
    book.close()
    return path


def bench_join(report: Report, lines: int) -> None:
    """6c. The join of order lines with a customer sheet and the rules of a history (new needs
    evidence, repurchase rate) against the whole `kundenwert score` of the same files."""
    from kundenwert.cli import main as cli_main
    from kundenwert.method import order_history as oh
    from kundenwert.method.purchase_history import _join
    from kundenwert.xlsx.order_lines import read_order_lines
    from kundenwert.xlsx.reader import read_customers

    add = report.section(
        "6c. Order lines joined with a customer sheet: share of `kundenwert score`",
        ["step", "seconds", "share of score"],
    )
    csv, sheet = line_csv(lines), sheet_beside_lines(lines)
    out = DATA / "join_result.xlsx"
    whole = measure(
        lambda: cli_main(["score", str(sheet), "--auftraege", str(csv), "-o", str(out), "-q"]),
        repeat=1,
        warmup=0,
    )
    read = read_order_lines(csv, None)
    history = oh.aggregate_orders(read.lines)
    customers = read_customers(sheet, required=("kunden_nr",)).frame
    per_customer = history.customers.drop(columns=["excel_row"])
    join = measure(lambda: _join(per_customer, customers, [], "Kunden"), repeat=3, warmup=1)
    # the repurchase rate as _per_customer computes it, from the same lines
    dates = pd.to_datetime(read.lines["datum"]).to_numpy()
    codes = pd.factorize(read.lines["kunden_nr"])[0]
    ordered = read.lines["betrag"].to_numpy(float) >= 0
    stichtag = pd.Timestamp(history.reference_date)
    quarters = measure(
        lambda: oh._quarters_with_orders(
            codes, dates, ordered, stichtag, dates.min(), int(codes.max()) + 1, [], "Zeilen"
        ),
        repeat=3,
        warmup=1,
    )
    total = whole.median
    add(["`kundenwert score` (read, aggregate, fit, score, write)", f"{total:.2f}", "100 %"])
    share = (join.median + quarters.median) / total
    for step, part in (
        ("join with the sheet (numbers, zeros, one-sided customers)", join.median),
        ("repurchase rate over four quarters", quarters.median),
    ):
        add([step, f"{part:.3f}", f"{part / total:.1%}"])
    report.note(
        f"{lines:,} order lines of {lines // 25:,} customers (cp1252 CSV) beside a sheet of as "
        "many customers, 10 % of them without lines and 10 % of the line customers missing "
        f"from it. Goal at most 5 % of `kundenwert score`: {share:.1%} — "
        f"{verdict(share <= 0.05)}. The evidence rule for new customers is one comparison of "
        "the history's first date; it is inside the aggregation and not timed apart."
    )


def synthetic_customers(n: int, path: Path) -> Path:
    """(x, t_x, T, mean repeat value) of `n` customers drawn from BG/NBD and Gamma-Gamma with
    known parameters (r 0.25, α 4, a 0.8, b 2.5; p 6, q 4, γ 15), time in weeks."""
    if path.exists():
        return path
    rng = np.random.default_rng(7)
    t = rng.uniform(20, 80, n)
    lam = rng.gamma(0.25, 1 / 4.0, n)
    drop = rng.beta(0.8, 2.5, n)
    x, tx, clock = np.zeros(n), np.zeros(n), np.zeros(n)
    active = np.ones(n, dtype=bool)
    while active.any():
        i = np.flatnonzero(active)
        clock[i] += rng.exponential(1.0, len(i)) / lam[i]
        bought = clock[i] < t[i]
        buy = i[bought]
        x[buy] += 1
        tx[buy] = clock[buy]
        active[i[~bought]] = False
        dies = rng.random(len(buy)) < drop[buy]
        active[buy[dies]] = False
    nu = rng.gamma(4.0, 1 / 15.0, n)
    m = np.where(x > 0, rng.gamma(np.maximum(6.0 * x, 1e-9), 1 / np.maximum(nu * x, 1e-9)), 0)
    # time in whole days, as order dates give it
    t, tx = np.round(t * 7) / 7, np.round(tx * 7) / 7
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, x=x, tx=np.minimum(tx, t), t=t, m=m)
    return path


def reference_python() -> tuple[Path | None, str]:
    """The reference environment's Python and library, created when missing."""
    python = REFERENCE_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(REFERENCE_VENV)], check=True)
    for library in ("lifetimes", "btyd"):
        probe = subprocess.run([str(python), "-c", f"import {library}"], capture_output=True)
        if probe.returncode == 0:
            return python, library
        install = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", library], capture_output=True, text=True
        )
        if install.returncode == 0:
            return python, library
    return None, ""


#: Runs the fit in a grandchild and reports its peak memory: a child started straight from
#: this process would inherit this process's own high-water mark (the line tables above).
_WRAPPER = (
    "import resource, subprocess, sys;"
    "out = subprocess.run(sys.argv[1:], check=True, capture_output=True, text=True).stdout;"
    "print(out.strip().splitlines()[-1]);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
)


def _run(python: Path, library: str, data: Path) -> dict[str, object]:
    out = (
        subprocess.run(
            [
                "/usr/bin/env",
                "python3",
                "-c",
                _WRAPPER,
                str(python),
                str(REFERENCE_SCRIPT),
                library,
                str(data),
                str(WEEKS_12_MONTHS),
            ],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        .stdout.strip()
        .splitlines()
    )
    result: dict[str, object] = json.loads(out[-2])
    result["peak_mb"] = float(out[-1])
    return result


def _median_run(runs: list[dict[str, object]]) -> dict[str, object]:
    """The first run with each timing and the peak memory replaced by the median over runs
    (the parameters and sums are the same in every run: the data and the fit are fixed)."""
    out = dict(runs[0])
    for key in ("fit_s", "predict_s", "peak_mb"):
        out[key] = float(np.median([float(r[key]) for r in runs]))  # type: ignore[arg-type]
    out["runs"] = len(runs)
    return out


def bench_model(report: Report, n: int, repeat: int = 3) -> None:
    """7. BG/NBD + Gamma-Gamma fit and predictions, against the reference library."""
    data = synthetic_customers(n, DATA / f"customers_{n}.npz")
    python, library = reference_python()
    add = report.section(
        f"7. BG/NBD + Gamma-Gamma on {n:,} synthetic customers",
        ["", "kundenwert", library or "reference", "ratio"],
    )
    # the two take turns, `repeat` runs each, so a load on the shared machine falls on both
    runs: dict[str, list[dict[str, object]]] = {"ours": [], "theirs": []}
    for _ in range(repeat):
        runs["ours"].append(_run(Path(sys.executable), "kundenwert", data))
        if python:
            runs["theirs"].append(_run(python, library, data))
    ours = _median_run(runs["ours"])
    theirs = _median_run(runs["theirs"]) if python else None
    ours_total = float(ours["fit_s"]) + float(ours["predict_s"])  # type: ignore[arg-type]
    if theirs is None:
        add(["fit + predictions s", f"{ours_total:.2f}", "not installable", ""])
        report.note("Neither lifetimes nor btyd could be installed: no comparison.")
        return
    theirs_total = float(theirs["fit_s"]) + float(theirs["predict_s"])  # type: ignore[arg-type]
    for key in ("fit_s", "predict_s"):
        a, b = float(ours[key]), float(theirs[key])  # type: ignore[arg-type]
        add([key.replace("_s", " s"), f"{a:.2f}", f"{b:.2f}", f"{b / a:.1f}×"])
    ratio = theirs_total / ours_total
    add(["total s", f"{ours_total:.2f}", f"{theirs_total:.2f}", f"{ratio:.1f}×"])
    add(["peak MB", f"{ours['peak_mb']:,.0f}", f"{theirs['peak_mb']:,.0f}", ""])
    p_ours, p_theirs = ours["params"], theirs["params"]
    assert isinstance(p_ours, dict) and isinstance(p_theirs, dict)
    same = True
    for key in ("r", "alpha", "a", "b", "p", "q", "gamma", "ll"):
        a, b = float(p_ours[key]), float(p_theirs[key])
        agree = f"{a:.4g}" == f"{b:.4g}"
        same &= agree or key == "ll"
        add([key, f"{a:.6g}", f"{b:.6g}", "same to 4 digits" if agree else "differ"])
    sums_ours, sums_theirs = ours["sums"], theirs["sums"]
    assert isinstance(sums_ours, list) and isinstance(sums_theirs, list)
    for label, a, b in zip(
        ["Σ P(alive)", "Σ expected purchases 12 months", "Σ expected order value"],
        sums_ours,
        sums_theirs,
        strict=True,
    ):
        add([label, f"{a:,.6g}", f"{b:,.6g}", ""])
    speed = theirs_total / ours_total
    report.note(
        f"Goal at least 10× faster with the same parameters to 4 significant digits: "
        f"{speed:.1f}× — {verdict(speed >= 10 and same)}; peak memory under 2 GB: "
        f"{verdict(float(ours['peak_mb']) < 2048)}. Both in fresh processes on the same "  # type: ignore[arg-type]
        f"saved arrays, taking turns, {repeat} runs each (medians); loading them is not "
        f"counted. True parameters of the draw: r 0.25, α 4, a 0.8, b 2.5, p 6, q 4, γ 15. "
        f"{library} reports a mean log-likelihood of its "
        f"time-scaled fit; the row ll is the sum at its parameters in weeks."
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.orders")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", default="bench/ORDERS.md")
    ap.add_argument("--only", choices=["lines", "model", "csv", "join"], help="one section")
    ap.add_argument("--sizes", help="CSV line counts, comma-separated (with --only csv)")
    args = ap.parse_args(argv)
    report = Report()
    start = time.perf_counter()
    if args.quick:
        bench_aggregation(report, [2_000])
        bench_model(report, 5_000, repeat=1)
    elif args.only == "join":
        bench_join(report, int(args.sizes or 1_000_000))
    elif args.only == "csv":
        sizes = [int(x) for x in (args.sizes or "1000000,10000000").split(",")]
        bench_csv_aggregation(report, sizes)
    else:
        if args.only != "model":
            bench_aggregation(report, [100_000, 1_000_000])
        if args.only != "lines":
            bench_model(report, 1_000_000)
    command = (
        f"python -m bench.orders{' --quick' if args.quick else ''}"
        f"{f' --only {args.only}' if args.only else ''}"
    )
    write_results(
        report,
        Path(args.out),
        "Benchmark results: order histories",
        command,
        start,
        bool(args.only),
        "Every baseline was measured in the same run.",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
