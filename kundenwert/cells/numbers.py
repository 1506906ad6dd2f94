"""A column's cells as numbers and the one-currency rule: how the customer table and the
order-line reader read figures alike (cells layer, pure Python and numpy)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from kundenwert.cells.values import (
    is_ambiguous,
    is_blank,
    is_excel_error,
    notation_votes,
    parse_number,
    plain_number,
)
from kundenwert.errors import CellError, Problem, note


def one_currency(cells: Sequence[object]) -> tuple[str | None, list[int], int]:
    """The currency most cells name (upper case; None: none named), the cells naming another
    and the number naming none. Figures are summed and compared, so a table uses one currency:
    the rows in another are left out and listed, never converted; a row without one is taken
    to be in the main one, with one note."""
    codes = [None if is_blank(v) else str(v).strip().upper() for v in cells]
    counts = pd.Series([c for c in codes if c is not None], dtype=object).value_counts()
    if counts.empty:
        return None, [], 0
    main = str(counts.index[0])  # the most frequent (value_counts keeps the first on ties)
    others = [i for i, c in enumerate(codes) if c is not None and c != main]
    return main, others, codes.count(None)


class NumberColumn(NamedTuple):
    """A column read as numbers (see column_numbers)."""

    numbers: np.ndarray  # NaN where blank or unreadable
    percent: np.ndarray  # written as a percentage
    bad: list[int]  # cells that are no number
    errors: list[int]  # cells holding an Excel error literal
    guessed: list[int]  # texts that read both ways, read the German way for want of a sign


def column_numbers(values: Sequence[object], decimal: str | None = None) -> NumberColumn:
    """A column's cells as numbers. Texts are read in the notation of `decimal` when the
    file's is known (see parse_number); else the column's other number texts tell it for
    those that read both ways ("1,234" beside "12.50" is English), and without any they are
    read the German way and listed in `guessed`. The cells that already hold numbers (most of
    them) convert in one step."""
    if set(map(type, values)) <= {float, int}:
        return NumberColumn(np.array(values, dtype=float), np.zeros(len(values), bool), [], [], [])
    numeric = np.fromiter(
        (type(v) is float or type(v) is int for v in values), dtype=bool, count=len(values)
    )
    out = np.full(len(values), np.nan)
    out[numeric] = np.asarray(values, dtype=object)[numeric].astype(float)
    percent = np.zeros(len(values), dtype=bool)
    bad: list[int] = []
    errors: list[int] = []
    texts = [i for i in np.flatnonzero(~numeric).tolist() if type(values[i]) is str]
    both_ways = [i for i in texts if is_ambiguous(values[i])] if decimal is None else []  # type: ignore[arg-type]
    guessed: list[int] = []
    if both_ways:
        german, english = notation_votes(values[i] for i in texts)  # type: ignore[misc]
        decimal = "," if german > english else "." if english > german else None
        guessed = both_ways if decimal is None else []
    for i in np.flatnonzero(~numeric).tolist():
        v = values[i]
        if type(v) is str:
            plain = plain_number(v, decimal)
            if plain is not None:
                out[i] = plain
                continue
        if is_blank(v):
            continue
        if is_excel_error(v):
            errors.append(i)
            continue
        try:
            out[i], percent[i] = parse_number(v, decimal)
        except CellError:
            bad.append(i)
    return NumberColumn(out, percent, bad, errors, guessed)


def both_ways_note(
    sheet: str, header: str, values: Sequence[object], guessed: list[int]
) -> Problem:
    """The one note of a column whose number texts read both ways and were read German."""
    example = values[guessed[0]]
    return note(sheet, None, header, example, "note", "msg.zahl_beidseitig", n=len(guessed))
