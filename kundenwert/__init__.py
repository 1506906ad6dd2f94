"""kundenwert: customer value management for B2B sales, in Excel.

The public API. The method runs anywhere numpy and pandas do (xlwings Lite included):

    from kundenwert import Config, score_portfolio, read_customers, result_plan, write_plan
    read = read_customers("Kunden.xlsx")
    result = score_portfolio(read.frame, Config())
    write_plan(result_plan(result, read.raw, read.problems, read.mapping), "Ergebnis.xlsx")

File functions are imported on first use, so importing the package needs no file library.
"""

from __future__ import annotations

from typing import Any

from kundenwert.errors import InputFileError, KundenwertError, MissingColumnsError, Problem
from kundenwert.language import Lang
from kundenwert.method.config import Config, Factor
from kundenwert.method.portfolio import ScoreResult, score_portfolio

__version__ = "0.1.0"

_LAZY = {
    "read_customers": "kundenwert.xlsx.reader",
    "result_plan": "kundenwert.book.result_book",
    "write_plan": "kundenwert.xlsx.xlsxwriter_renderer",
}

__all__ = [
    "Config",
    "Factor",
    "InputFileError",
    "KundenwertError",
    "Lang",
    "MissingColumnsError",
    "Problem",
    "ScoreResult",
    "__version__",
    "score_portfolio",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kundenwert' has no attribute {name!r}")
