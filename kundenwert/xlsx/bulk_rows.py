"""The chunked bulk writer: a large table of a plan turned into sheet XML a chunk of rows at a
time while the file is saved, one row template per chunk instead of a Python string per cell
(xlsxwriter_internals.ExactWorksheet merges these rows with the cells xlsxwriter holds)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import numpy as np
from xlsxwriter.utility import xl_col_to_name

from kundenwert.book import plan as p
from kundenwert.book.cell_text import EXCEL_TEXT_MAX
from kundenwert.xlsx.cell_xml import cell_xml, text_xml

#: Rows turned into sheet XML at a time: enough for column-wise work to pay, little enough
#: that one chunk's text stays a few megabytes whatever the table's size.
CHUNK_ROWS = 5000
#: What needs escaping or changing in a text (a column's texts are searched joined together):
#: markup, control characters, characters no file carries, text that reads as an _xHHHH_ escape.
_SPECIAL_CHARS = re.compile("[\x00-\x1f&<>\ud800-\udfff\ufffe\uffff]|_x[0-9a-fA-F]{4}_")


def _column_kind(column: object, values: list[Any]) -> str:
    """How a column's cells in one chunk can be written: "empty" (no cell at all), "number"
    (all numbers, none NaN), "plain" (all texts, none empty, none needing escaping), "text"
    (all non-empty texts) or "cells" (anything else: cell by cell)."""
    if isinstance(column, np.ndarray):
        if column.dtype.kind not in "fiu":
            return "cells"
        missing = np.isnan(column)
        if missing.all():
            return "empty"
        # NaN (no cell) and ±inf (an error cell) are written cell by cell
        return "number" if np.isfinite(column).all() else "cells"
    kinds = set(map(type, values))
    if kinds == {type(None)}:
        return "empty"
    if kinds <= {float, int}:
        try:
            # NaN if any value is NaN, ±inf if any is infinite: those go cell by cell
            return "number" if math.isfinite(sum(values)) else "cells"
        except OverflowError:  # an int beyond the float range
            return "cells"
    if kinds != {str} or "" in values:
        return "cells"
    # what text_xml checks text by text: no special character, no white space at either end,
    # none too long for a cell (a text of over half the limit may be over it in UTF-16)
    if (
        max(map(len, values)) <= EXCEL_TEXT_MAX // 2
        and not _SPECIAL_CHARS.search("".join(values))
        and list(map(str.strip, values)) == values
    ):
        return "plain"
    return "text"


@dataclass
class BulkBlock:
    """A block of cells written straight as sheet XML, chunk by chunk; styles are xf indices
    (0 = none)."""

    row0: int
    col0: int
    body: Sequence[Sequence[object]]
    styles: list[int]
    date_styles: list[int]  # per column: the style a date gets (the column's, as a date)
    cell_styles: dict[tuple[int, int], int]
    start: int = -1
    values: list[list[Any]] = field(default_factory=list)  # per column, the chunk's values
    rows: list[str] = field(default_factory=list)  # per row, the chunk's joined cell XML

    def covers(self, row_num: int) -> bool:
        return 0 <= row_num - self.row0 < len(self.body)

    def _style(self, j: int, r: int) -> str:
        """The style attribute of column j in body row r."""
        xf = self.cell_styles.get((r, j))
        if xf is None:
            xf = self.styles[j] if j < len(self.styles) else 0
        return f' s="{xf}"' if xf else ""

    def _cell(self, j: int, k: int) -> str:
        """One cell's XML, column j and row k of the chunk held ("" when empty)."""
        r = self.start + k
        ref = f"{xl_col_to_name(self.col0 + j)}{self.row0 + r + 1}"
        style = self._style(j, r)
        date = self.date_styles[j] if style == self._style(j, -1) else 0  # a cell's own wins
        return cell_xml(self.values[j][k], ref, style, date)

    def _load(self, i: int) -> None:
        """Turn rows i … i + CHUNK_ROWS − 1 into XML.

        Each row is one str.format of a row template: a field per column, so a column of
        numbers or plain texts costs no Python string per cell; other columns are turned
        into XML cell by cell and their cells inserted as they are.
        """
        body, a = self.body, i
        b = min(a + CHUNK_ROWS, len(body))
        columns: list[Any]
        if isinstance(body, p.Columns):
            columns = [c[a:b] for c in body.columns]
        else:
            chunk = body[a:b]
            width = max(map(len, chunk), default=0)
            if min(map(len, chunk), default=0) == width:  # the usual: rows of equal length
                columns = [list(map(itemgetter(j), chunk)) for j in range(width)]
            else:
                columns = [[r[j] if j < len(r) else None for r in chunk] for j in range(width)]
        self.start = a
        self.values = [c.tolist() if isinstance(c, np.ndarray) else c for c in columns]
        styled = {j for r, j in self.cell_styles if a <= r < b}
        fields: list[str] = []
        args: list[Sequence[object]] = [range(self.row0 + a + 1, self.row0 + b + 1)]
        for j, (column, values) in enumerate(zip(columns, self.values, strict=True)):
            kind = "styled" if j in styled else _column_kind(column, values)
            # the column's own style: no cell override has row −1
            head = f'<c r="{xl_col_to_name(self.col0 + j)}{{0}}"{self._style(j, -1)}'
            n = len(args)
            if kind == "empty":
                continue
            if kind == "number":  # repr: the shortest text that reads back as the same double
                fields.append(f"{head}><v>{{{n}!r}}</v></c>")
                args.append(values)
            elif kind == "plain":
                fields.append(f'{head} t="inlineStr"><is><t>{{{n}}}</t></is></c>')
                args.append(values)
            elif kind == "text":
                fields.append(f'{head} t="inlineStr">{{{n}}}</c>')
                args.append(list(map(text_xml, values)))
            elif kind == "styled":
                fields.append(f"{{{n}}}")
                args.append([self._cell(j, k) for k in range(b - a)])
            else:  # as _cell, but with the column's reference and style worked out once
                letter, style = xl_col_to_name(self.col0 + j), self._style(j, -1)
                fields.append(f"{{{n}}}")
                args.append(
                    [
                        f'<c r="{letter}{r}"{style}><v>{v!r}</v></c>'
                        if type(v) is float and math.isfinite(v)
                        else ""
                        if v is None or (type(v) is float and v != v)  # NaN: no cell
                        else cell_xml(v, f"{letter}{r}", style, self.date_styles[j])
                        for r, v in zip(args[0], values, strict=True)
                    ]
                )
        row = "".join(fields).format
        # a loop of Python bytecode, not list(map(...)): only bytecode hands the GIL over,
        # and the deflating thread (zipstream) needs it every few milliseconds
        self.rows = [row(*cells) for cells in zip(*args, strict=True)]

    def index(self, row_num: int) -> int:
        """Position of a sheet row in the chunk held, after loading its chunk if needed."""
        i = row_num - self.row0
        if not self.start <= i < self.start + len(self.rows):
            self._load(i)
        return i - self.start

    def row_cells(self, row_num: int) -> list[tuple[int, str]]:
        """(column, XML) of each non-empty cell of one sheet row."""
        k = self.index(row_num)
        cells = [(self.col0 + j, self._cell(j, k)) for j in range(len(self.values))]
        return [(c, x) for c, x in cells if x]
