"""What Excel hands a worksheet function, made uniform in one place.

Office.js (xlwings Lite, Server) passes 2D lists with empty cells as "" (or 0), keeps integers
and sends dates as serial numbers; classic COM passes floats, None for empty cells and datetime
objects; a single cell may arrive as a scalar. Everything below turns those into numpy arrays
or flat lists and names the argument, row and value when something does not fit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from kundenwert.cells.values import CellError, is_blank, is_excel_error, parse_number
from kundenwert.errors import MessageError
from kundenwert.method.normalize import FloatArray

Sized = Sequence[Any] | FloatArray


class ArgumentError(MessageError):
    """A bad argument; the keyed message (labels.py "arg.*") names the argument, the cell and
    what was expected."""


def given(value: Any) -> bool:
    """An optional argument was passed: not omitted (None) and not an empty cell ("")."""
    return value is not None and not (isinstance(value, str) and not value.strip())


def grid(value: Any) -> list[list[Any]]:
    """Any argument as a 2D list: scalar → [[x]], a flat list → one column."""
    if isinstance(value, list | tuple):
        if not value:
            return []
        if all(isinstance(r, list | tuple) for r in value):
            return [list(r) for r in value]
        return [[v] for v in value]
    return [[value]]


def label_grid(value: Any) -> list[list[Any]]:
    """A range of labels and settings (the Konfiguration sheet) as a 2D list. Office.js hands
    empty cells over as 0, so a row holding nothing but zeros is an empty row there; a
    setting of 0 beside its label is kept."""
    rows = grid(value)
    return [[None] * len(r) if all(is_blank(v) or v == 0 for v in r) else r for r in rows]


def vector(value: Any, name: str) -> list[Any]:
    """A single row or column (or cell) as a flat list; a block of several rows and columns is
    refused."""
    g = grid(value)
    if not g:
        return []
    if len(g) == 1:
        return list(g[0])
    if all(len(r) == 1 for r in g):
        return [r[0] for r in g]
    raise ArgumentError("arg.vektor", name=name, rows=len(g), cols=len(g[0]))


def number(value: Any, name: str, row: int | None = None, blank: float = math.nan) -> float:
    """One cell as a number; blanks become `blank` (NaN = missing)."""
    if is_blank(value):
        return blank
    at = "" if row is None else ".zeile"  # the message names the row of a range
    if is_excel_error(value):
        raise ArgumentError(f"arg.fehlerwert{at}", name=name, row=row, value=value)
    try:
        return parse_number(value)[0]
    except CellError:
        raise ArgumentError(f"arg.zahl{at}", name=name, row=row, value=repr(value)) from None


def numbers(value: Any, name: str) -> FloatArray:
    """A row or column of numbers; blank cells are missing values (NaN)."""
    return np.array(
        [number(v, name, i + 1) for i, v in enumerate(vector(value, name))], dtype=float
    )


def matrix(value: Any, name: str) -> FloatArray:
    """A block of numbers (rows × columns); blank cells are missing values (NaN)."""
    g = grid(value)
    if not g or not g[0]:
        raise ArgumentError("arg.leer", name=name)
    width = len(g[0])
    out = np.full((len(g), width), np.nan)
    for i, r in enumerate(g):
        if len(r) != width:
            raise ArgumentError("arg.zeilenbreite", name=name, row=i + 1, cells=len(r), width=width)
        for j, v in enumerate(r):
            out[i, j] = number(v, name, i + 1)
    return out


def text(value: Any, name: str, allowed: Sequence[str], default: str) -> str:
    """One option word (case-insensitive) out of `allowed`; blank gives the default."""
    if isinstance(value, list):
        flat = vector(value, name)
        if len(flat) != 1:
            raise ArgumentError("arg.einzeln", name=name)
        value = flat[0]
    if is_blank(value):
        return default
    word = str(value).strip().lower()
    if word not in allowed:
        raise ArgumentError("arg.auswahl", name=name, value=value, allowed=", ".join(allowed))
    return word


def same_length(name_a: str, a: Sized, name_b: str, b: Sized) -> None:
    """Two ranges that go together must have as many cells each."""
    if len(a) != len(b):
        raise ArgumentError("arg.gleich_lang", a=name_a, n_a=len(a), b=name_b, n_b=len(b))


def cells_out(values: Sequence[object]) -> list[list[object]]:
    """A result column as Excel wants it: one row per value, NaN → empty cell."""
    return [["" if v is None or (isinstance(v, float) and math.isnan(v)) else v] for v in values]
