"""Grouped reports (an SAP BEx query result, a pivot table pasted as values): the group's
region and rep stand only on its first row, and BEx writes the customer number under "Kunde"
with the name in a column beside it that has no header. Read as the report means it."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from kundenwert.cells.columns import CUSTOMER_HEADERS, compact, normalize_header
from kundenwert.cells.values import is_blank
from kundenwert.errors import Problem, note

#: Columns a grouped report writes once per group, outermost first when both are grouped.
GROUPING = ("region", "betreuer")
#: Cells below a header looked at to tell a customer-number column from a name column.
PROBE_ROWS = 20
_NONE = np.array([None], dtype=object)
_ID = re.compile(r"^\s*[A-Za-z]{0,4}[-/ ]?\d{3,}\s*$")
_CUSTOMER_NAMES = {compact(normalize_header(h)[0]) for h in CUSTOMER_HEADERS}


def id_like(value: object) -> bool:
    """A cell that looks like a customer number (10001, "K-10001", "DE123456"), not a name."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return float(value).is_integer()
    return isinstance(value, str) and _ID.match(value) is not None


def customer_number_column(
    row: Sequence[object], below: Sequence[Sequence[object]], names: set[str]
) -> int | None:
    """The column of a header like "Kunde" or "Customer" whose cells below are customer
    numbers, when no column of `row` is named as the number (`names`: the compact names the
    caller maps explicitly, left alone). None when there is none."""
    for j, h in enumerate(row):
        if is_blank(h):
            continue
        name = compact(normalize_header(str(h))[0])
        if name not in _CUSTOMER_NAMES or name in names:
            continue
        cells = [r[j] for r in below[:PROBE_ROWS] if j < len(r) and not is_blank(r[j])]
        if cells and 2 * sum(map(id_like, cells)) > len(cells):
            return j
    return None


def name_beside(row: Sequence[object], below: Sequence[Sequence[object]], j: int) -> int | None:
    """The column right of a customer-number column that has no header but text below it (the
    name, as BEx writes it), or None."""
    k = j + 1
    if k >= len(row) or not is_blank(row[k]):
        return None
    cells = [r[k] for r in below[:PROBE_ROWS] if k < len(r) and not is_blank(r[k])]
    return k if cells and any(isinstance(v, str) and not id_like(v) for v in cells) else None


def fill_down(
    frame: pd.DataFrame,
    headers: dict[str, str],
    sheet: str,
    header_row: int,
    problems: list[Problem],
) -> pd.DataFrame:
    """Region and rep filled down where a grouped report writes them only on a group's first
    row: a column whose first customer has a value, that is empty on at least as many customer
    rows as it is filled, and never names one group twice in a row. An inner column is filled
    only within its outer group. One note per column filled; `headers`: key → file header."""
    out = frame
    outer: np.ndarray | None = None  # rows where an outer group starts
    for key in GROUPING:
        if key not in frame:
            continue
        cells = frame[key].to_numpy(dtype=object)
        filled = np.not_equal(cells, _NONE)
        labels = cells[filled].tolist()
        grouped = (
            len(cells) > 1
            and bool(filled[0])
            and (len(cells) - len(labels)) >= len(labels)
            and all(a != b for a, b in zip(labels, labels[1:], strict=False))
        )
        if grouped:
            starts = filled if outer is None else filled | outer
            # each row takes the value its group starts with (None where an inner column is
            # empty at an outer group's start)
            cells = np.where(filled, cells, cells[np.flatnonzero(starts)][np.cumsum(starts) - 1])
            n = int((~filled & np.not_equal(cells, _NONE)).sum())
            if n:
                out = out.copy() if out is frame else out
                out[key] = pd.Series(cells, index=frame.index, dtype=object)
                problems.append(
                    note(sheet, header_row, headers[key], n, "value_converted",
                         "msg.aufgefuellt", header=headers[key], n=n)
                )  # fmt: skip
        change = np.ones(len(cells), dtype=bool)
        change[1:] = cells[1:] != cells[:-1]
        outer = change if outer is None else outer | change
    return out
