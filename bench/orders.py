"""Order histories: aggregating order lines from .xlsx against the floor, and the BG/NBD +
Gamma-Gamma fit against an existing library on the same synthetic customers.

    python -m bench.orders [--quick] [--out bench/ORDERS.md]

The reference libraries live in their own environments beside the project's .venv, created
here when they are missing (lifetimes, else btyd, in .venv-lifetimes; pymc-marketing 0.19.2 in
.venv-pymc-marketing): they are never dependencies of kundenwert.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from python_calamine import CalamineWorkbook

from bench.__main__ import DATA, Report, verdict, write_results
from bench.timing import measure, measure_alternating, self_peak_mb

ROOT = Path(__file__).resolve().parent.parent
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


@dataclass(frozen=True)
class Reference:
    """An existing BG/NBD + Gamma-Gamma library in its own environment beside .venv."""

    name: str  # as shown in the table
    venv: Path
    candidates: tuple[tuple[str, str], ...]  # (module, pip requirement), first that works


REFERENCES = (
    Reference(
        "lifetimes", ROOT / ".venv-lifetimes", (("lifetimes", "lifetimes"), ("btyd", "btyd"))
    ),
    Reference(
        "pymc-marketing",
        ROOT / ".venv-pymc-marketing",
        (("pymc_marketing", "pymc-marketing==0.19.2"),),
    ),
)


def reference_python(reference: Reference) -> tuple[Path | None, str]:
    """The reference environment's Python and library module, created when missing."""
    python = reference.venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(reference.venv)], check=True)
    for module, requirement in reference.candidates:
        probe = f"import {module}"
        if "==" in requirement:  # that version, not whichever is installed
            dist, version = requirement.split("==")
            probe += (
                f"; import importlib.metadata as md; assert md.version({dist!r}) == {version!r}"
            )
        if subprocess.run([str(python), "-c", probe], capture_output=True).returncode == 0:
            return python, module
        install = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", requirement], capture_output=True, text=True
        )
        if install.returncode == 0:
            return python, module
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
    for key in ("fit_s", "predict_s", "cpu_s", "peak_mb"):
        out[key] = float(np.median([float(r[key]) for r in runs]))  # type: ignore[arg-type]
    out["runs"] = len(runs)
    return out


def _log_likelihood(params: dict[str, float], data: Path) -> float:
    """The BG/NBD log-likelihood summed over the customers at one library's parameters, by one
    formula for all (each library's own is scaled or a mean)."""
    from kundenwert.method.clv_model import bgnbd_log_likelihood

    d = np.load(data)
    r, alpha, a, b = (params[k] for k in ("r", "alpha", "a", "b"))
    return float(bgnbd_log_likelihood(r, alpha, a, b, d["x"], d["tx"], d["t"]).sum())


def bench_model(report: Report, n: int, repeat: int = 3) -> None:
    """7. BG/NBD + Gamma-Gamma fit and predictions, against every reference library."""
    data = synthetic_customers(n, DATA / f"customers_{n}.npz")
    warm = synthetic_customers(2_000, DATA / "customers_2000.npz")
    load_before = os.getloadavg()[0]
    found = {ref.name: reference_python(ref) for ref in REFERENCES}
    refs = [(name, python, module) for name, (python, module) in found.items() if python]
    missing = [name for name, (python, _) in found.items() if not python]
    players = [("kundenwert", Path(sys.executable), "kundenwert"), *refs]
    # one untimed run each on 2,000 customers: pytensor compiles pymc-marketing's model to C
    # on first use (cached on disk), which is set-up, not fitting
    for _, python, module in players:
        _run(python, module, warm)
    # all take turns, `repeat` runs each, so a load on the shared machine falls on all
    runs: dict[str, list[dict[str, object]]] = {name: [] for name, _, _ in players}
    for _ in range(repeat):
        for name, python, module in players:
            runs[name].append(_run(python, module, data))
    result = {name: _median_run(r) for name, r in runs.items()}
    load_after = os.getloadavg()[0]
    for r in result.values():
        params = r["params"]
        assert isinstance(params, dict)
        params["ll"] = _log_likelihood(params, data)

    def total(name: str) -> float:
        return float(result[name]["fit_s"]) + float(result[name]["predict_s"])  # type: ignore[arg-type]

    names = [name for name, _, _ in refs]
    add = report.section(
        f"7. BG/NBD + Gamma-Gamma on {n:,} synthetic customers",
        ["", "kundenwert", *names, "fastest reference ÷ kundenwert"],
    )
    ours = result["kundenwert"]
    if not names:
        add(["fit + predictions s", f"{total('kundenwert'):.2f}", ""])
        report.note(f"No reference could be installed ({', '.join(missing)}): no comparison.")
        return
    fastest = min(names, key=total)
    for key in ("fit_s", "predict_s"):
        cells = [f"{float(result[name][key]):.2f}" for name in names]  # type: ignore[arg-type]
        ratio = float(result[fastest][key]) / float(ours[key])  # type: ignore[arg-type]
        add([key.replace("_s", " s"), f"{float(ours[key]):.2f}", *cells, f"{ratio:.1f}×"])  # type: ignore[arg-type]
    speed = total(fastest) / total("kundenwert")
    cells = [f"{total(name):.2f}" for name in names]
    add(["total s", f"{total('kundenwert'):.2f}", *cells, f"{speed:.1f}×"])
    cells = [f"{float(result[name]['cpu_s']):.2f}" for name in names]  # type: ignore[arg-type]
    cpu = float(result[fastest]["cpu_s"]) / float(ours["cpu_s"])  # type: ignore[arg-type]
    add(["CPU s of fit + predictions", f"{float(ours['cpu_s']):.2f}", *cells, f"{cpu:.1f}×"])  # type: ignore[arg-type]
    cells = [f"{float(result[name]['peak_mb']):,.0f}" for name in names]  # type: ignore[arg-type]
    add(["peak MB", f"{float(ours['peak_mb']):,.0f}", *cells, ""])  # type: ignore[arg-type]
    p_ours = ours["params"]
    assert isinstance(p_ours, dict)
    differ: dict[str, list[str]] = {name: [] for name in names}
    for key in ("r", "alpha", "a", "b", "p", "q", "gamma"):
        a = float(p_ours[key])
        cells, off = [], []
        for name in names:
            b = float(result[name]["params"][key])  # type: ignore[index]
            cells.append(f"{b:.6g}")
            if f"{a:.4g}" != f"{b:.4g}":
                off.append(name)
                differ[name].append(key)
        agree = "same to 4 digits" if not off else f"4th digit differs: {', '.join(off)}"
        add([key, f"{a:.6g}", *cells, agree])
    ll = float(p_ours["ll"])
    cells = [f"{float(result[name]['params']['ll']):,.4f}" for name in names]  # type: ignore[index]
    add(["BG/NBD log-likelihood at these parameters", f"{ll:,.4f}", *cells, ""])
    labels = ["Σ P(alive)", "Σ expected purchases 12 months", "Σ expected order value"]
    for i, label in enumerate(labels):
        cells = [f"{float(result[name]['sums'][i]):,.6g}" for name in names]  # type: ignore[index]
        add([label, f"{float(ours['sums'][i]):,.6g}", *cells, ""])  # type: ignore[index]
    same = [name for name in names if not differ[name]]
    report.note(
        f"Goal at least 10× faster than the fastest reference ({fastest}, by fit + "
        f"predictions) with the same parameters to 4 significant digits: {speed:.1f}× — "
        f"{verdict(speed >= 10)}; parameters the same to 4 digits as "
        f"{', '.join(same) if same else 'no reference'}"
        + "".join(
            f"; {name} differs in {', '.join(keys)}, its log-likelihood "
            f"{float(result[name]['params']['ll']) - ll:+,.4f} from kundenwert's "  # type: ignore[index]
            "(a higher one would mean kundenwert stopped short of the maximum)"
            for name, keys in differ.items()
            if keys
        )
        + f". Peak memory under 2 GB: {verdict(float(ours['peak_mb']) < 2048)}. "  # type: ignore[arg-type]
        f"All in fresh processes on the same saved arrays, taking turns, {repeat} runs each "
        "(medians), each library in its own environment beside .venv; loading the arrays "
        "and importing are not counted, and each library ran once on 2,000 customers before "
        "(pytensor compiles pymc-marketing's model to C on first use and caches it). "
        "pymc-marketing fits by maximum a posteriori (pm.find_MAP, scipy's L-BFGS-B with its "
        "default tolerances) with flat priors on r, α, a, b (its Gamma-Gamma priors are flat "
        "already): that is maximum likelihood. True parameters of the draw: r 0.25, α 4, "
        "a 0.8, b 2.5, p 6, q 4, γ 15. The log-likelihood row is one formula (kundenwert's) "
        "at each library's parameters, time in weeks."
        + (f" Not installable here: {', '.join(missing)}." if missing else "")
    )
    report.note(
        f"Load average of the machine (1 minute, {os.cpu_count()} cores) before the runs "
        f"{load_before:.1f}, after them {load_after:.1f}: on a shared machine the wall times "
        "grow with the load (compare the CPU row: the processor time of all the process's "
        "threads); the ratios move less, since all libraries take turns under the same load. "
        "kundenwert's fit makes no call into a threaded library: Newton steps on 4 × 4 "
        "matrices, sums without BLAS (scipy's L-BFGS-B, which it used before, calls into "
        "OpenBLAS, whose idle threads spin on a busy machine)."
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
