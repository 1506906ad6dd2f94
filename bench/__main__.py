"""`make bench`: every figure beside its baseline from the same run, written to bench/RESULTS.md.

    python -m bench [--quick] [--large] [--out bench/RESULTS.md]

--quick  small sizes only (a smoke run, used by the test suite to keep this code working)
--large  also the 1M-row end-to-end run for peak memory (long: many minutes, several GB)
"""

from __future__ import annotations

import argparse
import functools
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from bench.data import NUMERIC, synthetic
from bench.files import input_workbook
from bench.floor import score_floor
from bench.timing import child_peak_mb, measure, measure_alternating
from kundenwert.book.scored_table import scoring_header, scoring_rows
from kundenwert.cells.customer_table import read_customer_table
from kundenwert.method.config import Config
from kundenwert.method.portfolio import score_portfolio

DATA = Path(tempfile.gettempdir()) / "kundenwert-bench"
CHOICE = (
    "Chosen by measurement: python-calamine reads (about ten times faster than openpyxl; it "
    "parses without holding the GIL, so the search for error cells runs beside it on a second "
    "thread); xlsxwriter writes, with kundenwert's own row-XML path for large tables (5,000 "
    "rows at a time, one row template per chunk, so numbers and plain texts cost no Python "
    "string per cell; exact doubles) and deflate level 1 (three times faster to compress "
    "than level 6, files about a fifth larger), compressed on a second thread while the next "
    "rows are built — it supports everything the workbook plan needs (Excel tables, "
    "conditional formats, validations, charts, protection). What remains above the floor is "
    "mostly Python's repr of each double, the shortest text that reads back exactly (about "
    "0.5 µs for a 17-digit number; building the rows' text is about 40 % of the main "
    "thread's time). rustpy-xlsxwriter is faster still, but writes one table per sheet (the "
    "Matrix sheet holds a chart and several blocks) and has one maintainer, so it serves as "
    "the floor only."
)


class Report:
    """Collects result rows and goal verdicts, prints as it goes, writes markdown at the end."""

    def __init__(self) -> None:
        self.sections: list[tuple[str, list[str], list[list[str]], list[str]]] = []

    def section(self, title: str, header: list[str]) -> Callable[[list[str]], None]:
        rows: list[list[str]] = []
        notes: list[str] = []
        self.sections.append((title, header, rows, notes))
        print(f"\n## {title}\n" + " | ".join(header), flush=True)

        def add(row: list[str]) -> None:
            rows.append(row)
            print(" | ".join(row), flush=True)

        return add

    def note(self, text: str) -> None:
        self.sections[-1][3].append(text)
        print(text, flush=True)

    def markdown(self, intro: str) -> str:
        out = [intro]
        for title, header, rows, notes in self.sections:
            out += [f"\n## {title}\n", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            out += ["| " + " | ".join(r) + " |" for r in rows]
            out += ["", *notes]
        return "\n".join(out) + "\n"


def merge_sections(old: str, new: str) -> str:
    """`old` (a results file) with each section of `new` put in place of the section with the
    same heading, else of the one section with the same number ("6."), else appended; the rest
    of `old`, its intro included, stays as it was."""

    def split(text: str) -> tuple[str, list[str]]:
        intro, *sections = re.split(r"\n+(?=## )", text.rstrip("\n"))
        return intro, sections

    def heading(section: str) -> str:
        return section.split("\n", 1)[0]

    def number(section: str) -> str:
        return heading(section).split(" ")[1]

    intro, sections = split(old)
    for section in split(new)[1]:
        place = [i for i, s in enumerate(sections) if heading(s) == heading(section)]
        place = place or [i for i, s in enumerate(sections) if number(s) == number(section)]
        if len(place) == 1:
            sections[place[0]] = section
        else:
            sections.append(section)
    return "\n\n".join([intro, *sections]) + "\n"


def write_results(
    report: Report, out: Path, title: str, command: str, start: float, only: bool, note: str
) -> None:
    """Write the report to `out` under an intro naming the run. A run of some sections only
    (`only`) puts them in place of the same sections of the file, each marked with the run
    that measured it, and leaves the others as they were measured."""
    run = (
        f"`{command}` on {platform.machine()}, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}"
    )
    if only:
        for *_, notes in report.sections:
            notes.append(f"Measured alone by {run}.")
    intro = f"# {title}\n\nWritten by {run}, in {time.perf_counter() - start:.0f} s. {note}"
    text = report.markdown(intro)
    if only and out.exists():
        text = merge_sections(out.read_text(encoding="utf-8"), text)
    out.write_text(text, encoding="utf-8")
    print(f"\n{out}")


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def bench_core(report: Report, sizes: list[int]) -> None:
    """1. score_portfolio against the same arithmetic in plain numpy."""
    add = report.section(
        "1. Core scoring against the numpy floor",
        ["customers", "score_portfolio s", "numpy floor s", "ratio"],
    )
    cfg = Config()
    times: dict[int, float] = {}
    ratios: dict[int, float] = {}
    floors: dict[int, float] = {}
    for n in sizes:
        frame = synthetic(n)
        arrays = {c: frame[c].to_numpy(float) for c in NUMERIC}
        repeat = 5 if n <= 100_000 else 3
        ours = measure(functools.partial(score_portfolio, frame, cfg), repeat=repeat)
        floor = measure(functools.partial(score_floor, arrays), repeat=repeat)
        times[n], ratios[n] = ours.median, ours.median / floor.median
        floors[n] = floor.median
        add([f"{n:,}", f"{ours.median:.3f}", f"{floor.median:.3f}", f"{ratios[n]:.2f}×"])
    big = [n for n in sizes if n >= 100_000]
    if big:
        ok = all(ratios[n] <= 2 for n in big)
        report.note(
            f"Goal within 2× of the floor at {', '.join(f'{n:,}' for n in big)} rows: "
            f"{verdict(ok)}."
        )
    if 100_000 in times and 1_000_000 in times:
        growth = times[1_000_000] / times[100_000]
        report.note(
            f"Goal linear cost (1M ≤ 12× the time of 100k): {growth:.1f}× — "
            f"{verdict(growth <= 12)}. For comparison the numpy floor grows "
            f"{floors[1_000_000] / floors[100_000]:.1f}× (sorting for the ranks is n log n, and "
            f"a million rows no longer fit the CPU caches)."
        )


def _output_frames(path: Path) -> dict[str, pd.DataFrame]:
    """The cells `kundenwert score` writes, as frames (prepared outside any timing)."""
    from kundenwert.xlsx.reader import read_customers

    read = read_customers(path)
    result = score_portfolio(read.frame)
    raw = pd.DataFrame(read.raw[1:], columns=[str(h) for h in read.raw[0]])
    scoring = pd.DataFrame(scoring_rows(result), columns=scoring_header(result))
    matrix = result.scored[["kunden_nr", "ist_score", "potenzial_score", "segment"]]
    return {"Kunden": raw, "Bewertung": scoring, "Matrixdaten": matrix}


def _plain_pipeline(path: Path, out: Path) -> None:
    """Baseline (a): what a user would write — pandas over openpyxl, in and out."""
    from kundenwert.cells.columns import match_header

    frame = pd.read_excel(path, engine="openpyxl")
    keyed = frame.rename(columns={h: match_header(str(h))[0] or str(h) for h in frame.columns})
    keyed["kunden_nr"] = keyed["kunden_nr"].astype(str)
    result = score_portfolio(keyed)
    scoring = pd.DataFrame(scoring_rows(result), columns=scoring_header(result))
    with pd.ExcelWriter(out, engine="openpyxl") as xw:
        frame.to_excel(xw, sheet_name="Kunden", index=False)
        scoring.to_excel(xw, sheet_name="Bewertung", index=False)
        result.scored[["kunden_nr", "ist_score", "potenzial_score", "segment"]].to_excel(
            xw, sheet_name="Matrixdaten", index=False
        )


def _floor_io(path: Path, out: Path, frames: dict[str, pd.DataFrame]) -> None:
    """Baseline (b): the fastest reader reads the cells, the fastest writer writes the output
    cells, nothing else."""
    from python_calamine import CalamineWorkbook
    from rustpy_xlsxwriter import FastExcel

    CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Kunden").to_python()
    writer = FastExcel(str(out))
    for name, frame in frames.items():
        writer = writer.sheet(name, frame)
    writer.save()


def _ours(path: Path, out: Path) -> None:
    """The command in this process, like the baselines (no interpreter start-up counted)."""
    import contextlib
    import io

    from kundenwert.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        if main(["score", str(path), "-o", str(out), "-q"]) != 0:
            raise RuntimeError("kundenwert score failed")


def bench_files(report: Report, n: int, repeat: int) -> float:
    """2. `kundenwert score` end to end against the plain pipeline and the I/O floor."""
    add = report.section(
        f"2. `kundenwert score` on a {n:,}-row workbook, end to end",
        ["pipeline", "median s", "runs", "ratio to ours"],
    )
    path = input_workbook(n, DATA)
    out = DATA / "out.xlsx"
    frames = _output_frames(path)
    ours = measure(lambda: _ours(path, out), repeat=repeat, warmup=0)
    plain = measure(lambda: _plain_pipeline(path, DATA / "plain.xlsx"), repeat=repeat, warmup=0)
    floor = measure(lambda: _floor_io(path, DATA / "floor.xlsx", frames), repeat=repeat, warmup=0)
    for name, t in (
        ("kundenwert score (calamine + xlsxwriter)", ours),
        ("(a) pandas + openpyxl read/write", plain),
        ("(b) floor: calamine read + rustpy-xlsxwriter write", floor),
    ):
        add(
            [
                name,
                f"{t.median:.2f}",
                ", ".join(f"{r:.1f}" for r in t.runs),
                f"{t.median / ours.median:.2f}×",
            ]
        )
    speedup, over = plain.median / ours.median, ours.median / floor.median
    report.note(f"Goal at least 5× faster than (a): {speedup:.1f}× — {verdict(speedup >= 5)}.")
    report.note(f"Goal within 1.5× of (b): {over:.1f}× — {verdict(over <= 1.5)}.")
    report.note(CHOICE)
    return ours.median


def text_file(n: int, folder: Path, encoding: str = "cp1252") -> Path:
    """A German ERP export of `n` customers: ';', decimal comma, Windows-1252 unless `encoding`
    says otherwise (cached)."""
    from bench.files import header_row

    path = folder / (f"kunden_{n}.csv" if encoding == "cp1252" else f"kunden_{n}_{encoding}.csv")
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        frame = synthetic(n)
        frame.to_csv(
            path,
            sep=";",
            decimal=",",
            index=False,
            header=[str(h) for h in header_row(frame)],
            encoding=encoding,
        )
    return path


def bench_reading(report: Report, n: int, score_seconds: float, repeat: int) -> None:
    """6. Real exports: a CSV read against pandas.read_csv alone, and what the checks for
    totals rows, coverage and percent cells cost against `kundenwert score` end to end."""
    import numpy as np

    from bench.files import header_row
    from kundenwert.cells.customer_table import sum_rows, total_rows
    from kundenwert.xlsx.reader import read_customers

    add = report.section(
        f"6. Real exports: reading a {n:,}-row CSV, and the cost of the new checks",
        ["what", "median s", "ratio"],
    )
    path = text_file(n, DATA)
    pandas_read, ours, with_rows = measure_alternating(
        [
            lambda: pd.read_csv(path, sep=";", decimal=",", thousands=".", encoding="cp1252"),
            lambda: read_customers(path),
            # the input sheet's cells as rows, made only when the result workbook copies them
            lambda: len(read_customers(path).raw),
        ],
        repeat=repeat,
    )
    add(["pandas.read_csv (separators and encoding given)", f"{pandas_read.median:.3f}", "1.00×"])
    ratio = ours.median / pandas_read.median
    add(
        [
            "read_customers (detects them; reads, checks, reports every cell)",
            f"{ours.median:.3f}",
            f"{ratio:.2f}×",
        ]
    )
    add(
        [
            "read_customers, then the input cells as rows (what `score` copies into its book)",
            f"{with_rows.median:.3f}",
            f"{with_rows.median / pandas_read.median:.2f}×",
        ]
    )
    # the same table in UTF-8, which pandas reads about twice as fast (no Python codec): the
    # reader's own work weighs more there; shown beside the goal, which is the ERP's file
    utf8 = text_file(n, DATA, "utf-8")
    pandas_utf8, ours_utf8 = measure_alternating(
        [
            lambda: pd.read_csv(utf8, sep=";", decimal=",", thousands=".", encoding="utf-8"),
            lambda: read_customers(utf8),
        ],
        repeat=repeat,
    )
    add(["the same table in UTF-8: pandas.read_csv", f"{pandas_utf8.median:.3f}", "1.00×"])
    add(
        [
            "the same table in UTF-8: read_customers",
            f"{ours_utf8.median:.3f}",
            f"{ours_utf8.median / pandas_utf8.median:.2f}×",
        ]
    )
    report.note(
        f"Goal reading within 1.5× of pandas.read_csv: {ratio:.2f}× — {verdict(ratio <= 1.5)}. "
        "Runs of the two alternate in one process. The reader detects the encoding, delimiter, "
        "separators and date order, finds the header, checks every id and every cell by its "
        "column's kind and looks for totals rows; pandas parses whole columns (numbers and "
        "dates), and only the cells it could not read are looked at one by one. The rows of "
        "the input cells are made when the result workbook asks for them (third row)."
    )

    frame = synthetic(n)
    body = [header_row(frame), *frame.astype(object).where(frame.notna(), None).values.tolist()]
    text_columns = [j for j, key in enumerate(frame.columns) if key in ("kunden_nr", "region")]
    labels = measure(lambda: total_rows(body[1:], text_columns, 0), repeat=repeat)
    figures = frame[["umsatz", "umsatz_vorjahr", "auftraege", "besuche", "servicekosten"]]
    values = figures.to_numpy(float)
    sums = measure(lambda: sum_rows(values, candidates=np.ones(n, dtype=bool)), repeat=repeat)
    # coverage: a tenth of the customers without Umsatz and contribution (below the minimum)
    gaps = frame.copy()
    gaps.loc[gaps.index[::10], ["umsatz", "marge"]] = np.nan
    strict = measure(lambda: score_portfolio(gaps, Config()), repeat=repeat)
    lenient = measure(lambda: score_portfolio(gaps, Config(min_coverage=0.0)), repeat=repeat)
    coverage = max(strict.median - lenient.median, 0.0)
    total = labels.median + sums.median + coverage
    for what, t in (
        ("totals labels in every text cell", labels.median),
        ("figures equal to the sum of the rows above", sums.median),
        ("minimum coverage (10 % of customers below it, one finding each)", coverage),
    ):
        add([what, f"{t:.3f}", f"{t / score_seconds:.1%} of score"])
    share = total / score_seconds
    report.note(
        f"Goal the new checks ≤ 10 % of `kundenwert score` on {n:,} rows ({score_seconds:.2f} s): "
        f"{share:.1%} — {verdict(share <= 0.10)}. The percent cells are read in the same pass "
        "as before (one comparison per share column); a converted cell costs one finding."
    )


def bench_memory(report: Report, sizes: list[int]) -> None:
    """5. Peak memory of `kundenwert score` in a fresh process."""
    add = report.section("5. Peak memory of `kundenwert score`", ["customers", "wall s", "peak MB"])
    peaks = {}
    for n in sizes:
        path = input_workbook(n, DATA)
        wall, peak = child_peak_mb(
            ["-m", "kundenwert.cli", "score", str(path), "-o", str(DATA / "mem.xlsx"), "-q"]
        )
        peaks[n] = peak
        add([f"{n:,}", f"{wall:.1f}", f"{peak:,.0f}"])
    if 1_000_000 in peaks:
        report.note(f"Goal below 2 GB at 1M rows: {verdict(peaks[1_000_000] < 2048)}.")
    else:
        report.note("The 1M-row run needs `--large`; not measured in this run.")


def bench_udf(report: Report, n: int) -> None:
    """3. KW.PORTFOLIO called as Excel calls it, against list → arrays → list without scoring."""
    try:
        from kundenwert.udfs import portfolio
    except ImportError:
        report.section("3. KW.PORTFOLIO", ["status"])(
            ["kundenwert.udfs.portfolio is not available yet: not measured"]
        )
        return
    add = report.section(
        f"3. KW.PORTFOLIO on {n:,} × {len(NUMERIC) + 2} cells", ["call", "median s", "ratio"]
    )
    frame = synthetic(n)
    from bench.files import header_row

    table = [header_row(frame), *frame.astype(object).where(frame.notna(), "").values.tolist()]

    def floor() -> list[list[object]]:
        arrays = read_customer_table(table, "Tabelle").frame
        rows: list[list[object]] = arrays.astype(object).values.tolist()
        return rows

    core = measure(lambda: score_portfolio(read_customer_table(table).frame), repeat=3)
    base = measure(floor, repeat=3)
    ours = measure(lambda: portfolio(table), repeat=3)
    add(["KW.PORTFOLIO(table)", f"{ours.median:.2f}", "1.00×"])
    add(
        [
            "floor: 2D list → arrays → 2D list",
            f"{base.median:.2f}",
            f"{base.median / ours.median:.2f}×",
        ]
    )
    add(["core scoring alone", f"{core.median:.2f}", f"{core.median / ours.median:.2f}×"])
    goal = 2 * (base.median + core.median)
    report.note(
        f"Goal within 2× of (floor + core): {ours.median:.2f} s vs {goal:.2f} s — "
        f"{verdict(ours.median <= goal)}."
    )


def bench_libreoffice(
    report: Report, n: int, repeat: int = 3, timeout: float | None = None
) -> None:
    """4. LibreOffice recalculating the template's native formulas, against the core doing the
    same work and against LibreOffice opening the same workbook with plain values; `repeat`
    runs each, each stopped after `timeout` seconds (default: the LibreOffice module's)."""
    from kundenwert.method.config import Config
    from kundenwert.templates.formulas import live_plan
    from kundenwert.workbook.sample import generate_portfolio, to_input_rows
    from kundenwert.xlsx.openpyxl_renderer import write_plan, write_rows
    from tests import libreoffice as lo

    if not lo.soffice_available():
        report.section("4. LibreOffice recalculation", ["status"])(
            ["soffice is not installed: not measured"]
        )
        return
    add = report.section(
        f"4. LibreOffice recalculating the live template, {n:,} customers",
        ["what", "median s", "ratio to the core"],
    )
    rows = to_input_rows(generate_portfolio(n, seed=5))
    formulas = write_plan(live_plan(rows, Config()), DATA / f"live_{n}.xlsx")
    values = write_rows({"Kunden": rows}, DATA / f"values_{n}.xlsx")
    frame = read_customer_table(rows).frame
    core = measure(lambda: score_portfolio(frame), repeat=5)
    limit = lo.TIMEOUT_S if timeout is None else timeout
    try:
        recalc = measure(
            lambda: lo.recalculate(formulas, DATA / "lo", limit), repeat=repeat, warmup=0
        )
    except lo.LibreOfficeTimeout:
        add(
            [
                "LibreOffice: open, recalculate, save the live template",
                f"> {limit:g} (stopped)",
                "",
            ]
        )
        report.note(
            "LibreOffice did not finish within the time limit: sorting the helper "
            "columns (SMALL, LARGE) still costs O(n²) per ranked column, see the smaller sizes."
        )
        return
    except RuntimeError as e:  # no file: say what LibreOffice said, not a made-up reason
        add(["LibreOffice: open, recalculate, save the live template", "failed", ""])
        report.note(f"LibreOffice failed: {str(e).strip()[:400]}")
        return
    opening = measure(lambda: lo.recalculate(values, DATA / "lo", limit), repeat=repeat, warmup=0)
    engine = max(recalc.median - opening.median, 0.0)
    add(["core scoring (score_portfolio)", f"{core.median:.3f}", "1.00×"])
    add(
        [
            "LibreOffice: open, recalculate, save the live template",
            f"{recalc.median:.2f}",
            f"{recalc.median / core.median:.0f}×",
        ]
    )
    add(["LibreOffice: open and save the same table as plain values", f"{opening.median:.2f}", ""])
    report.note(
        f"Formula work alone (difference of the two LibreOffice runs): {engine:.2f} s, "
        f"{engine / core.median:.0f}× the core's time for the same results."
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--large", action="store_true")
    ap.add_argument("--out", default="bench/RESULTS.md")
    ap.add_argument(
        "--only",
        choices=["reading"],
        help="reading: section 6 alone (with `kundenwert score` timed for its share)",
    )
    args = ap.parse_args(argv)
    report = Report()
    start = time.perf_counter()
    if args.only == "reading":
        path, out = input_workbook(100_000, DATA), DATA / "out.xlsx"
        score = measure(lambda: _ours(path, out), repeat=3, warmup=0)
        print(f"kundenwert score: {score.median:.2f} s ({score.runs})")
        bench_reading(report, 100_000, score.median, repeat=9)
    elif args.quick:
        bench_core(report, [1_000, 10_000])
        seconds = bench_files(report, 2_000, repeat=1)
        bench_reading(report, 2_000, seconds, repeat=1)
        bench_udf(report, 2_000)
        bench_libreoffice(report, 200)
        bench_memory(report, [2_000])
        from bench.causes import bench_causes

        bench_causes(report, 2_000, repeat=1)
    else:
        bench_core(report, [1_000, 10_000, 100_000, 1_000_000])
        seconds = bench_files(report, 100_000, repeat=3)
        bench_reading(report, 100_000, seconds, repeat=3)
        bench_udf(report, 100_000)
        for size in (1_000, 2_000):
            bench_libreoffice(report, size)
        # one run with a longer limit: the sorting helper columns still grow with n²
        bench_libreoffice(report, 10_000, repeat=1, timeout=1200)
        bench_memory(report, [100_000, 1_000_000] if args.large else [100_000])
        # order histories (also alone: python -m bench.orders)
        from bench.orders import bench_aggregation, bench_model

        bench_aggregation(report, [100_000, 1_000_000])
        bench_model(report, 1_000_000)
        # why customers moved, and fragile classes (also alone: python -m bench.causes)
        from bench.causes import bench_causes

        bench_causes(report, 100_000)
    command = (
        f"python -m bench{' --quick' if args.quick else ''}"
        f"{f' --only {args.only}' if args.only else ''}{' --large' if args.large else ''}"
    )
    write_results(
        report,
        Path(args.out),
        "Benchmark results",
        command,
        start,
        bool(args.only),
        "Every figure is the median of the runs shown (warm-up runs not counted); every "
        "baseline was measured in the same run.",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
