"""What the tier runs on both sides, in real Pyodide and in native CPython, the same code.

Plain Python with no test library: the Pyodide driver (in_pyodide.py) imports this file from the
host folder, the native test imports it as tests.pyodide.lite_calls. Values cross the border as
JSON: dates as {"date": "YYYY-MM-DD"}, NaN as {"float": "nan"}.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import math
import types
from typing import Any

EPOCH = dt.date(1899, 12, 30)
# the modules Lite must never need (the file readers and writers)
FILE_MODULES = ("python_calamine", "xlsxwriter", "openpyxl", "kundenwert.xlsx")


def officejs(rows: list[list[Any]]) -> list[list[Any]]:
    """The shape Office.js hands a custom function: empty cells as 0, integers kept, dates as
    serial numbers, whole floats as integers."""
    out = []
    for r in rows:
        cells: list[Any] = []
        for v in r:
            if v is None or v == "":
                cells.append(0)
            elif isinstance(v, dt.date):
                cells.append((v - EPOCH).days)
            elif isinstance(v, float) and v.is_integer():
                cells.append(int(v))
            else:
                cells.append(v)
        out.append(cells)
    return out


def to_json(v: Any) -> Any:
    """A result or plan as JSON-safe data, types kept apart (an int is not a float)."""
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        fields = {f.name: to_json(getattr(v, f.name)) for f in dataclasses.fields(v)}
        return {"type": type(v).__name__, **fields}
    if isinstance(v, str):
        # a Formula is a str subclass: keep the difference
        return v if type(v) is str else {type(v).__name__: str(v)}
    if isinstance(v, bool) or v is None:
        return v
    if hasattr(v, "item") and not isinstance(v, list | tuple | dict):
        v = v.item() if getattr(v, "ndim", 0) == 0 else v.tolist()
        return to_json(v)
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else {"float": repr(v)}
    if isinstance(v, dt.datetime):
        return {"datetime": v.isoformat()}
    if isinstance(v, dt.date):
        return {"date": v.isoformat()}
    if isinstance(v, dict):
        return {str(k): to_json(x) for k, x in v.items()}
    if isinstance(v, list | tuple) or hasattr(v, "__iter__"):
        return [to_json(x) for x in v]
    return {"repr": repr(v)}


def from_json(v: Any) -> Any:
    """Cells back from JSON: {"date": ...} as a date, lists and scalars as they are."""
    if isinstance(v, dict) and set(v) == {"date"}:
        return dt.date.fromisoformat(v["date"])
    if isinstance(v, dict) and set(v) == {"datetime"}:
        return dt.datetime.fromisoformat(v["datetime"])
    if isinstance(v, list):
        return [from_json(x) for x in v]
    return v


def registered(module: types.ModuleType) -> dict[str, list[str]]:
    """What main.py offers Lite to register: Lite scans the module's members
    (inspect.getmembers) for the package's worksheet functions and scripts. xlwings marks them
    (__xlfunc__, __xlscript__) only where its licensed Office.js module loads, which the tier
    does not; so the members are found by where they are defined."""
    found: dict[str, list[str]] = {"functions": [], "scripts": []}
    for name, member in inspect.getmembers(module, inspect.isfunction):
        origin = member.__module__
        if origin == "kundenwert.udfs.functions" and not name.startswith("_"):
            found["functions"].append(name)
        elif origin == "kundenwert.addin.scripts" and inspect.iscoroutinefunction(member):
            found["scripts"].append(name)
    return found


def call_cases(module: types.ModuleType, cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Each case: a function of main.py called with Office.js-shaped arguments; its result
    or the message Excel would show."""
    out: dict[str, Any] = {}
    for case in cases:
        f = getattr(module, case["function"])
        try:
            out[case["id"]] = {"value": to_json(f(*from_json(case["args"])))}
        except Exception as e:  # noqa: BLE001 — the message is what is compared
            out[case["id"]] = {"error": f"{type(e).__name__}: {e}"}
    return out


def button_plans(sheets: dict[str, Any]) -> dict[str, Any]:
    """The workbook plan each of the four buttons renders, from the cells the script reads."""
    from kundenwert.addin import actions

    cells = {name: from_json(rows) for name, rows in sheets.items()}
    run = actions.run_scoring(cells, "", "median")
    read = actions.find_customer_table(cells, "")
    check, marks = actions.check_sheet(read, "de")
    out = {
        "bewerten": to_json(actions.scoring_sheets(run, "de")),
        "matrix": to_json(actions.matrix_for(run, "de")),
        "wachstumstabelle": to_json(actions.growth_table_sheet(run, None, "de")),
        "pruefen": to_json({"sheet": check, "marks": marks}),
    }
    return out


def comparison_plan(sheets: dict[str, Any]) -> Any:
    """The script Vergleichen: this run's customers against the sheet 'Kunden alt'."""
    from kundenwert.addin import actions

    cells = {name: from_json(rows) for name, rows in sheets.items()}
    return to_json(actions.comparison_sheets(cells, "Kunden alt", "", "de", ""))


def order_line_plan(sheets: dict[str, Any]) -> Any:
    """The button Bewerten on a workbook of order lines: customers from the lines, the
    purchase-history model, and the history sheet beside the scoring."""
    from kundenwert.addin import actions

    cells = {name: from_json(rows) for name, rows in sheets.items()}
    return to_json(actions.scoring_sheets(actions.run_scoring(cells, "", "median"), "de"))
