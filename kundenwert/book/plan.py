"""A workbook plan: what to write where, as plain data.

Builders (the sheet modules of book/, templates/) describe sheets with these classes; renderers
(the file renderers of xlsx/, the xlwings renderer for live Excel) only carry them out. No layout
rule may live in a renderer.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, overload

import numpy as np
import pandas as pd

from kundenwert.book.style import FONT

CellValue = str | float | int | bool | None | object  # dates pass through as datetime/date
VAlign = Literal["top", "center", "bottom"]
HAlign = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Step:
    """A renderer's progress step: a label key and the sheet or file it concerns. Renderers
    know no language; whoever shows the step words it (labels.t(key).format(name=...))."""

    key: Literal["cli.schritt.blatt", "cli.schritt.speichere"]
    name: str


def cell_value(v: object) -> object:
    """A frame value as a plain cell value, the one conversion every plan uses: NaN, NaT and
    None → empty (None), pandas Timestamp → datetime, numpy scalars → Python numbers."""
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


class Formula(str):
    """A cell formula such as "=SUM(A1:A3)". Plain strings are always written as text, even
    when they start with "=", so user data is never turned into a formula.

    `cached` is the value the formula gives as written; spreadsheet programs that do not
    recalculate on opening (LibreOffice, by default) show it instead of 0.
    """

    cached: object

    def __new__(cls, text: str, cached: object = None) -> Formula:
        obj = super().__new__(cls, text)
        obj.cached = cached
        return obj


#: Rows built at a time when a Columns body is iterated.
ITER_ROWS = 10_000


def _cells(values: np.ndarray | Sequence[CellValue], empty: CellValue) -> list[CellValue]:
    """A column's cell values as a list, as Columns._row gives them (floats), with `empty`
    for NaN and None."""
    if not isinstance(values, np.ndarray):
        out = list(values)
        if empty is not None and None in out:
            return [empty if v is None else v for v in out]
        return out
    numbers = np.asarray(values, dtype=float)
    if not np.isnan(numbers).any():
        return list(numbers.tolist())
    return [empty if math.isnan(x) else x for x in numbers.tolist()]


class Columns(Sequence[list[CellValue]]):
    """A table body held column by column: a float array (NaN = empty cell) or a list of cell
    values per column. Reads as a sequence of rows, built on demand, so every renderer can
    treat it like a list of rows while a million-row table costs 8 bytes per number."""

    def __init__(self, columns: Sequence[np.ndarray | Sequence[CellValue]]) -> None:
        self.columns = list(columns)
        lengths = {len(c) for c in self.columns}
        if len(lengths) > 1:
            raise ValueError(f"columns of different lengths: {sorted(lengths)}")
        self.length = lengths.pop() if lengths else 0

    def __len__(self) -> int:
        return self.length

    def _row(self, i: int) -> list[CellValue]:
        out: list[CellValue] = []
        for c in self.columns:
            if isinstance(c, np.ndarray):
                x = float(c[i])
                out.append(None if math.isnan(x) else x)
            else:
                out.append(c[i])
        return out

    @overload
    def __getitem__(self, i: int) -> list[CellValue]: ...
    @overload
    def __getitem__(self, i: slice) -> list[list[CellValue]]: ...
    def __getitem__(self, i: int | slice) -> list[CellValue] | list[list[CellValue]]:
        if isinstance(i, slice):
            return [self._row(k) for k in range(*i.indices(self.length))]
        if not -self.length <= i < self.length:
            raise IndexError(i)
        return self._row(i % self.length)

    def __iter__(self) -> Iterator[list[CellValue]]:
        return self.rows()

    def rows(self, empty: CellValue = None) -> Iterator[list[CellValue]]:
        """The rows, with `empty` for each empty cell (None by default, "" for Excel)."""
        # a block of rows at a time, column by column (a row at a time costs a numpy scalar
        # per number: about four times slower on a 100,000-row Bewertung)
        for a in range(0, self.length, ITER_ROWS):
            b = min(a + ITER_ROWS, self.length)
            yield from map(list, zip(*[_cells(c[a:b], empty) for c in self.columns], strict=True))

    def __eq__(self, other: object) -> bool:
        """Equal to another body with the same rows (a list of rows or Columns)."""
        if isinstance(other, Columns | list):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable like a list


@dataclass
class Table:
    """A header row and data rows at an anchor cell; optionally an Excel table with filters."""

    anchor: str
    header: list[str]
    rows: Sequence[Sequence[CellValue]]  # a list of rows, or Columns for large tables
    name: str | None = None  # Excel table (ListObject) name; None = plain cells
    number_formats: dict[int, str] = field(default_factory=dict)  # column index → format code
    value_fills: dict[int, dict[str, str]] = field(default_factory=dict)  # col → value → RGB
    cell_formats: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → format
    wrap_columns: tuple[int, ...] = ()
    unlocked_columns: tuple[int, ...] = ()  # open for input when the sheet is protected
    header_bold: bool = True
    header_wrap: bool = True  # header cells wrap (vertically centred), so none is cut off
    valign: VAlign | None = None  # vertical alignment of every body cell
    align: dict[int, HAlign] = field(default_factory=dict)  # column → horizontal alignment
    column_fills: dict[int, str] = field(default_factory=dict)  # column → RGB of its body cells
    #: column → (value, RGB): the cell is filled while its value differs from `value`
    fill_unless: dict[int, tuple[float, str]] = field(default_factory=dict)


@dataclass
class Text:
    """A line of text (titles, notes)."""

    anchor: str
    text: str
    bold: bool = False
    size: float | None = None
    italic: bool = False
    fill: str | None = None  # RGB background, e.g. the input colour of a cell to type into
    valign: VAlign | None = None  # e.g. "center" beside a button that fills a tall row
    wrap: bool = False  # wraps within its column (long instructions), aligned to the top
    unlocked: bool = False  # open for input when the sheet is protected
    # e.g. style.TEXT for an input cell where Excel must keep what is typed ("000123")
    number_format: str | None = None


@dataclass
class Series:
    """One scatter series; refs are absolute ranges on the chart's own sheet, e.g. "$N$2:$N$501"."""

    name: str
    x_ref: str
    y_ref: str
    colour: str
    markers: bool = True
    line: bool = False
    marker_size: int = 6
    ring: bool = False  # a hollow circle drawn over other points (no fill)


@dataclass
class ScatterChart:
    """A native XY scatter chart."""

    anchor: str
    title: str
    x_title: str
    y_title: str
    series: list[Series]
    source: str | None = None  # the whole data block (x column first), for live Excel
    x_min: float = 0
    x_max: float = 100
    y_min: float = 0
    y_max: float = 100
    width_cm: float = 24
    height_cm: float = 15


@dataclass
class Validation:
    """An input rule on a range: a drop-down list or a number range, with its messages."""

    ref: str  # e.g. "R2:R5000"
    kind: Literal["list", "decimal", "whole"]
    #: list: '"1,2,3,4,5"' or a range such as "'Bewertung'!$A$2:$A$500"; numbers: the minimum
    formula1: str
    formula2: str | None = None  # number kinds: the maximum
    prompt: str = ""
    error: str = ""
    strict: bool = True  # False: other values may be typed too (the list only helps)


@dataclass
class Button:
    """A clickable shape named `name` over the cell `anchor`, linked to that cell: xlwings Lite
    runs the script whose `button=` option names the shape and cell. Drawn into files only."""

    anchor: str
    label: str
    name: str
    width_cm: float = 4.6
    height_cm: float = 0.9
    fill: str = "1F4E79"
    text_colour: str = "FFFFFF"
    font: str = FONT  # the label's font family (a shape's text has no cell style)


Block = Table | Text | ScatterChart


@dataclass
class Footer:
    """The printed footer's three parts, with Excel's codes: &A sheet name, &P page number,
    &N number of pages (a literal ampersand is &&)."""

    left: str = "&A"
    centre: str = ""
    right: str = ""


@dataclass
class Sheet:
    """One worksheet and its blocks, in writing order."""

    name: str
    blocks: list[Block] = field(default_factory=list)
    freeze: str | None = None  # top-left cell of the scrolling area, e.g. "A2"
    widths: dict[str, float] = field(default_factory=dict)  # column letter → width
    landscape: bool = False
    fit_to_page: bool = False  # the whole print area on one page
    #: fit to this many pages wide (True: one), as many pages tall as needed; 0: no fitting
    fit_width: int = 0
    print_title_columns: str | None = None  # columns repeated on every page, e.g. "A:B"
    print_area: str | None = None
    print_title_rows: tuple[int, int] | None = None  # 1-based rows repeated on every page
    footer: Footer | None = None
    paper: int = 9  # Excel's paper size code: 9 = A4
    hidden_columns: tuple[str, ...] = ()  # column letters
    row_breaks: tuple[int, ...] = ()  # 1-based rows after which a new printed page begins
    tab_colour: str | None = None
    row_heights: dict[int, float] = field(default_factory=dict)  # 1-based row → points
    validations: list[Validation] = field(default_factory=list)
    protect: bool = False  # protected without a password: readable, formulas not editable
    hidden: bool = False
    buttons: list[Button] = field(default_factory=list)


@dataclass
class Plan:
    """A whole workbook."""

    sheets: list[Sheet]
    font: str = FONT  # the one font family of every cell (unnamed fonts render as serif)

    def sheet(self, name: str) -> Sheet:
        """The sheet with that name."""
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(name)
