"""A1 geometry of a sheet, shared by every workbook plan: column letters, widths that fit the
content, heights for wrapped text, how a sheet prints (portrait or landscape, pages wide, the
footer)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from kundenwert.book import style
from kundenwert.book.labels import t
from kundenwert.book.plan import Columns, Footer, Plan, Sheet, Table
from kundenwert.language import Lang


def col_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    s = ""
    while index:
        index, rem = divmod(index - 1, 26)
        s = chr(65 + rem) + s
    return s


def anchor_column(anchor: str) -> int:
    """1-based column of an anchor such as "X1"."""
    n = 0
    for ch in anchor:
        if ch.isalpha():
            n = n * 26 + ord(ch.upper()) - 64
    return n


def fitting_widths(rows: Sequence[Sequence[object]]) -> dict[str, float]:
    """Column widths that fit the longest text of the sample rows (dates and amounts need
    about 12 characters), between 10 and 40."""
    widths: dict[str, float] = {}
    for row in rows:
        for j, v in enumerate(row):
            size = 12 if isinstance(v, int | float) or hasattr(v, "year") else len(str(v or ""))
            letter = col_letter(j + 1)
            widths[letter] = min(max(widths.get(letter, 10.0), size + 2.0), 40.0)
    return widths


#: Text columns grow with their content up to this width (characters), then wrap.
MAX_TEXT_WIDTH = 40.0
#: A header wraps into about two lines at most: its column is at least half as wide.
_HEADER_LINES = 2
#: Headers up to this many characters stay on one line.
_ONE_LINE_HEADER = 12
#: Bold header letters are wider than body text: characters per unit of width in a header.
HEADER_FILL = 0.8
#: Rows of a table measured for its column widths.
_SAMPLE_ROWS = 200
#: Printed width (characters of column width) that still fits an A4 page upright.
PORTRAIT_WIDTH = 95.0


def _shown_length(v: object, fmt: str | None) -> int:
    """About how many characters a cell shows: numbers as formatted (thousands, € sign)."""
    if v is None:
        return 0
    if isinstance(v, bool):
        return 5
    # numbers and dates sit on the right, beside the next column's text: a space more
    if isinstance(v, int | float):
        if isinstance(v, float) and math.isnan(v):
            return 0
        if fmt in (style.MONEY, style.INTEGER):
            return len(f"{v:,.0f}") + (3 if fmt == style.MONEY else 1)
        return len(f"{v:,.1f}") + (3 if fmt == style.PERCENT else 1)
    if isinstance(v, dt.date):
        return 11
    return len(str(v))


def fit_columns(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    first_column: int = 1,
    number_formats: dict[int, str] | None = None,
    minimum: float = 8.0,
    maximum: float = MAX_TEXT_WIDTH,
) -> tuple[dict[str, float], tuple[int, ...]]:
    """Column widths that fit the content of the first rows up to `maximum`, and the 0-based
    columns whose texts are longer (to be wrapped). Headers wrap, so a column is as wide as
    its header's longest word and a third of the header, not the whole header."""
    formats = number_formats or {}
    sample = rows[:_SAMPLE_ROWS]
    widths: dict[str, float] = {}
    wrap: list[int] = []
    for j, h in enumerate(header):
        content = max(
            (_shown_length(r[j] if j < len(r) else None, formats.get(j)) for r in sample), default=0
        )
        text = str(h)
        words = max((len(w) for w in text.replace("-", "- ").split()), default=0)
        # a short header on one line, a long one on about two (as wrapped_height counts)
        lines = 1 if len(text) <= _ONE_LINE_HEADER else _HEADER_LINES
        head = (max(words, math.ceil(len(text) / lines)) + 1) / HEADER_FILL
        want = max(content + 2.0, head + 1.0)
        widths[col_letter(first_column + j)] = min(max(want, minimum), maximum)
        if content + 2 > maximum:
            wrap.append(j)
    return widths, tuple(wrap)


#: Points per line of 11-point text, and the characters of a wrapped line per unit of column
#: width (a unit is the width of a digit; an average letter is narrower, but words do not
#: break, so lines end early).
_LINE_POINTS = 15.0
_LINE_FILL = 1.1


def wrapped_height(
    row: Sequence[object],
    widths: dict[str, float],
    wrapped: Sequence[int],
    first_column: int = 1,
    fill: float = _LINE_FILL,
) -> float:
    """A row height (points) that shows every line of its wrapped texts; Excel does not grow
    a row for wrapped text by itself once the file sets heights anywhere near it."""
    lines = 1
    for j in wrapped:
        text = row[j] if j < len(row) else None
        if text is None:
            continue
        per_line = max(widths.get(col_letter(first_column + j), 10.0) * fill - 1, 1.0)
        count = sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))
        lines = max(lines, count)
    return lines * _LINE_POINTS + 4.0


def fit_header_rows(plan: Plan) -> Plan:
    """Give every wrapped table header row, and every body row with a wrapped text longer
    than a line, the height its lines need (LibreOffice keeps the default height of one line
    otherwise, and cuts the rest off or lets it run into the next row); heights set by a sheet
    win."""
    for sheet in plan.sheets:
        for block in sheet.blocks:
            if not isinstance(block, Table) or not block.header_wrap:
                continue
            col = anchor_column(block.anchor)
            row = int("".join(ch for ch in block.anchor if ch.isdigit()))
            height = wrapped_height(
                block.header, sheet.widths, range(len(block.header)), col, HEADER_FILL
            )
            if height > _LINE_POINTS + 4.0 and row not in sheet.row_heights:
                sheet.row_heights[row] = height
            _fit_wrapped_rows(sheet, block, row, col)
    return plan


def _fit_wrapped_rows(sheet: Sheet, block: Table, header_row: int, col: int) -> None:
    """The heights of the body rows whose wrapped texts need more than one line (LibreOffice
    does not grow them itself, so the lines would run into the next row). Only those rows
    get a height: a large table mostly keeps the default and its fast path."""
    if not block.wrap_columns:
        return
    body = block.rows
    long_rows: set[int] = set()
    for j in block.wrap_columns:
        per_line = max(sheet.widths.get(col_letter(col + j), 10.0) * _LINE_FILL - 1, 1.0)
        values = (
            body.columns[j]
            if isinstance(body, Columns) and j < len(body.columns)
            else [r[j] if j < len(r) else None for r in body]
        )
        long_rows |= {i for i, v in enumerate(values) if isinstance(v, str) and len(v) > per_line}
    for i in sorted(long_rows):
        row = header_row + 1 + i
        if row not in sheet.row_heights:
            sheet.row_heights[row] = wrapped_height(body[i], sheet.widths, block.wrap_columns, col)


def page_footer(reference: dt.date | None, lang: Lang = "de") -> Footer:
    """The footer of every printed page: sheet name, page number, the run's reference date."""
    right = t("druck.stichtag", lang).format(date=f"{reference:%d.%m.%Y}") if reference else ""
    return Footer("&A", t("druck.seite", lang), right)


def is_wide(widths: dict[str, float]) -> bool:
    """Whether columns this wide print landscape."""
    return sum(widths.values()) > PORTRAIT_WIDTH


#: Column width (characters) a landscape A4 page holds while the print stays readable: about
#: 130 at full size, so 200 prints at about two thirds (8-point text). A table wider than
#: that prints several pages wide rather than too small to read.
LANDSCAPE_WIDTH = 200.0


def pages_wide(widths: dict[str, float], repeated: float = 0.0) -> int:
    """How many landscape pages wide a table prints so its text stays readable; `repeated`
    is the width of the columns printed again on every page."""
    rest = sum(widths.values()) - repeated
    return max(1, math.ceil(rest / (LANDSCAPE_WIDTH - repeated)))
