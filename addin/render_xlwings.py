"""Render workbook-plan sheets into an open workbook through the xlwings Book API.

The same plans as the file writers; used by the ribbon/task-pane scripts under xlwings Lite,
classic xlwings and xlwings Server. Only the sheets of the plan are touched: each is created if
missing, otherwise cleared and written again, so running a script twice gives the same book.
"""

from __future__ import annotations

from collections.abc import Callable

import xlwings as xw

from kundenwert.book import plan as p
from kundenwert.book.cell_text import excel_text
from kundenwert.book.labels import t
from kundenwert.book.style import HEADER_FILL
from kundenwert.language import Lang

Status = Callable[[str], None]
CM_TO_POINTS = 28.3465


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[0:2], 16), int(hex_colour[2:4], 16), int(hex_colour[4:6], 16)


def _sheet(book: xw.Book, name: str) -> xw.Sheet:
    """The sheet of that name, emptied, or a new one at the end."""
    if name in [s.name for s in book.sheets]:
        sheet = book.sheets[name]
        for chart in list(sheet.charts):
            chart.delete()
        sheet.clear()
        return sheet
    return book.sheets.add(name=name, after=book.sheets[len(book.sheets) - 1])


#: First characters that make Excel read a value handed to Range.value as a formula (or, for
#: "-" and "+", as a number); an apostrophe is Excel's own mark for "text", so a text that
#: starts with one needs a second to keep it.
_FORMULA_START = ("=", "+", "-", "@", "'")


def cell_value(v: object) -> object:
    """A plan's value as Range.value must receive it: a text as a cell holds it
    (book.cell_text), with Excel's text mark (a leading apostrophe, which Excel does not
    show and does not return) when Excel would otherwise take it for a formula; our own
    formulas (plan.Formula) as they are; None as an empty cell."""
    if v is None:
        return ""
    if isinstance(v, p.Formula) or not isinstance(v, str):
        return v
    text = excel_text(v)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _table(sheet: xw.Sheet, block: p.Table) -> None:
    start = sheet.range(block.anchor)
    rows = [[cell_value(v) for v in r] for r in block.rows]
    data = [[cell_value(h) for h in block.header], *rows]
    target = start.resize(len(data), len(block.header))
    target.value = data
    n = len(block.rows)
    for j, fmt in block.number_formats.items():
        if n:
            start.offset(1, j).resize(n, 1).number_format = fmt
    for j, colours in block.value_fills.items():
        # Direct fills: the Book API has no conditional formats on every route.
        for i, row in enumerate(block.rows):
            colour = colours.get(str(row[j])) if j < len(row) else None
            if colour:
                start.offset(1 + i, j).color = _rgb(colour)
    for (i, j), code in block.cell_formats.items():
        start.offset(1 + i, j).number_format = code
    for j in block.wrap_columns:
        if n:
            start.offset(1, j).resize(n, 1).wrap_text = True
    header = start.resize(1, len(block.header))
    if block.name:
        existing = [t for t in sheet.tables if t.name == block.name]
        if existing:
            existing[0].resize(target)
        else:
            sheet.tables.add(source=target, name=block.name)
    elif block.header_bold:
        header.font.bold = True
        header.font.color = (255, 255, 255)
        header.color = _rgb(HEADER_FILL)


def _chart(sheet: xw.Sheet, block: p.ScatterChart) -> xw.Chart | None:
    if block.source is None:
        return None
    chart = sheet.charts.add(
        chart_type="xy_scatter", source=sheet.range(block.source), anchor=sheet.range(block.anchor)
    )
    chart.width = block.width_cm * CM_TO_POINTS
    chart.height = block.height_cm * CM_TO_POINTS
    chart.title = block.title
    chart.category_axis.set(
        title=block.x_title, minimum_scale=block.x_min, maximum_scale=block.x_max, major_unit=10
    )
    chart.value_axis.set(
        title=block.y_title, minimum_scale=block.y_min, maximum_scale=block.y_max, major_unit=10
    )
    return chart


def style_series(series: xw.main.ChartSeriesCollection, block: p.ScatterChart) -> None:
    """Quadrant colours, names and line styles on the chart's series, in plan order.

    Lite needs `await chart.get_series()` first, the desktop reads `chart.series`; xlwings
    Server cannot index series, so there the chart keeps Excel's theme colours.
    """
    for s, spec in zip(series, block.series, strict=False):
        if spec.ring:  # the Book API sets no hollow marker: a larger circle in the ring colour
            s.set(
                name=spec.name,
                marker_style="circle",
                marker_size=spec.marker_size,
                marker_foreground_color=_rgb(spec.colour),
            )
        elif spec.markers:
            s.set(
                name=spec.name,
                marker_style="circle",
                marker_size=spec.marker_size,
                marker_foreground_color=_rgb(spec.colour),
                marker_background_color=_rgb(spec.colour),
            )
        else:
            s.set(
                name=spec.name,
                marker_style="none",
                line_color=_rgb(spec.colour),
                chart_type="xy_scatter_lines_no_markers",
            )


def render_sheet(
    book: xw.Book, sheet_plan: p.Sheet, status: Status | None = None, lang: Lang = "de"
) -> list[tuple[xw.Chart, p.ScatterChart]]:
    """Write one planned sheet into the book; returns the charts made, for styling. `status`
    hears which sheet is written, in `lang`."""
    if status:
        status(t("script.schreibe", lang).format(name=sheet_plan.name))
    sheet = _sheet(book, sheet_plan.name)
    charts: list[tuple[xw.Chart, p.ScatterChart]] = []
    for block in sheet_plan.blocks:
        if isinstance(block, p.Table):
            _table(sheet, block)
        elif isinstance(block, p.Text):
            cell = sheet.range(block.anchor)
            if block.number_format:  # before the value: a text cell keeps "000123"
                cell.number_format = block.number_format
            cell.value = cell_value(block.text)
            cell.font.bold = block.bold
            cell.font.italic = block.italic
            if block.size:
                cell.font.size = block.size
        else:
            chart = _chart(sheet, block)
            if chart is not None:
                charts.append((chart, block))
    for letter, width in sheet_plan.widths.items():
        sheet.range(f"{letter}:{letter}").column_width = width
    for row, height in sheet_plan.row_heights.items():
        sheet.range(f"{row}:{row}").row_height = height
    return charts
