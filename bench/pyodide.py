"""KW.PORTFOLIO in xlwings Lite's runtime: real Pyodide (WebAssembly) against native CPython.

    python -m bench.pyodide [--rows 10000] [--repeat 5] [--out bench/PYODIDE.md]

The same table (the demo portfolio: customer number and 16 figures, 17 columns, in the shape
Office.js hands a custom function over) goes to KW.PORTFOLIO of addin/lite/main.py in Pyodide
0.27.7 under Node, installed as Lite installs it (tests/pyodide/runtime.py, the test tier's
set-up), and to the same function in this CPython, in the same run. Goal: Pyodide within 3× of
native, since a controller's sheet recalculates on every edit.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.timing import Timing, measure
from kundenwert import udfs
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from tests.pyodide import lite_calls, runtime

GOAL = 3.0
COLUMNS = (
    "Kunden-Nr", "Umsatz", "Umsatz Vorjahr", "Deckungsbeitrag", "Marge %", "Aufträge", "Besuche",
    "Servicekosten", "Potenzial", "Cross-Selling", "Up-Selling", "Wiederkaufrate",
    "Abwanderungsrisiko", "Image", "Multiplikatorwirkung", "Referenzbereitschaft", "Kooperation",
)  # fmt: skip
LITE = Path(__file__).resolve().parent.parent / "addin" / "lite"


def table(rows: int) -> list[list[Any]]:
    """`rows` customers × the 17 columns, with the header, as Office.js sends them."""
    full = to_input_rows(generate_portfolio(rows))
    keep = [full[0].index(c) for c in COLUMNS]
    return lite_calls.officejs([[r[i] for i in keep] for r in full])


def in_pyodide(cells: list[list[Any]], repeat: int) -> tuple[list[float], dict[str, Any]]:
    """KW.PORTFOLIO's run times in Pyodide 0.27.7 (one warm-up first), and the run's facts."""
    p027 = runtime.pyodide_027()
    with tempfile.TemporaryDirectory() as folder:
        host = Path(folder)
        wheel = runtime.fresh_wheel(host)
        shutil.copy(LITE / "main.py", host / "main.py")
        lines = [f"emfs:/host/{wheel.name}" if s == "kundenwert" else s for s in _requirements()]
        job = {
            "requirements": lines,
            "standin": "/host/pydantic_standin.py",
            "main": "/host/main.py",
            "bench": {"table": cells, "repeat": repeat},
        }
        out = runtime.run(p027, host, job)
    if not out["install"]["ok"]:
        raise RuntimeError(out["install"]["error"])
    return list(out["bench_seconds"]), out


def _requirements() -> list[str]:
    text = (LITE / "requirements.txt").read_text().splitlines()
    return [s.strip() for s in text if s.strip() and not s.startswith("#")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pyodide", description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("PYODIDE.md"))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    cells = table(args.rows)
    # native before and after Pyodide: the shared machine's load then falls on both alike
    before = measure(lambda: udfs.portfolio(cells), repeat=args.repeat)
    wasm, facts = in_pyodide(cells, args.repeat)
    after = measure(lambda: udfs.portfolio(cells), repeat=args.repeat, warmup=0)
    native = Timing(statistics.median(before.runs + after.runs), before.runs + after.runs)
    wasm_median = statistics.median(wasm)
    ratio = wasm_median / native.median
    verdict = "met" if ratio <= GOAL else "NOT met"
    cells_text = f"{args.rows:,} × {len(COLUMNS)}"
    lines = [
        "# KW.PORTFOLIO in Pyodide (xlwings Lite's runtime) against native CPython",
        "",
        f"Written by `python -m bench.pyodide` on {platform.machine()}, "
        f"{time.strftime('%Y-%m-%d')}, in {time.perf_counter() - started:.0f} s. Native: "
        f"Python {platform.python_version()}; Pyodide {facts['pyodide']} (Python "
        f"{facts['python']}, WebAssembly, Node {_node()}), installed as Lite installs it "
        f"({facts['standin']}). Medians after one warm-up each, same run; native "
        f"runs {args.repeat} times before and {args.repeat} times after the Pyodide runs.",
        "",
        "| table | native s | Pyodide s | ratio |",
        "|---|---|---|---|",
        f"| {cells_text} | {native.median:.3f} | {wasm_median:.3f} | {ratio:.2f}× |",
        "",
        f"Runs native: {', '.join(f'{t:.3f}' for t in native.runs)}; "
        f"Pyodide: {', '.join(f'{t:.3f}' for t in wasm)}.",
        f"Goal within {GOAL:g}× of native: {ratio:.2f}× — {verdict}.",
        "",
    ]
    args.out.write_text("\n".join(lines))
    print("\n".join(lines))
    return 0


def _node() -> str:
    import subprocess

    return subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
