"""Render a workbook plan with xlsxwriter: the same plan as openpyxl_renderer.py, about four
times faster on large tables (bench/RESULTS.md). Carries out the plan, decides nothing.

The speed comes from xlsxwriter internals, all of them in xlsxwriter_internals.py (with the
version fence); large tables go through the chunked bulk writer (bulk_rows.py), whose cells are
written by cell_xml.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_cell_to_rowcol

from kundenwert.book import plan as p
from kundenwert.book.cell_text import excel_text
from kundenwert.book.style import DATE, HEADER_FILL
from kundenwert.xlsx.atomic import atomic_path
from kundenwert.xlsx.bulk_rows import BulkBlock
from kundenwert.xlsx.buttons import add_buttons
from kundenwert.xlsx.cell_xml import EPOCH, as_datetime, ooxml_text
from kundenwert.xlsx.xlsxwriter_internals import Book, ExactWorksheet, Progress, xf_index

__all__ = ["BULK_ROWS", "PROGRESS_ROWS", "Progress", "write_plan"]


#: Tables with at least this many rows take the bulk path (see ExactWorksheet.bulk).
BULK_ROWS = 1000


class _Formats:
    """xlsxwriter needs one Format object per distinct look; keep them unique."""

    def __init__(self, book: Any, font: str) -> None:
        self.book = book
        self.font = font
        self.cache: dict[tuple[tuple[str, Any], ...], Any] = {}

    def get(self, **props: Any) -> Any:
        key = tuple(sorted(props.items()))
        if key not in self.cache:
            self.cache[key] = self.book.add_format({"font_name": self.font, **props})
        return self.cache[key]


#: Tables from this size on show a progress bar while they are saved.
PROGRESS_ROWS = 50_000


def _write_table(ws: Any, block: p.Table, fmt: _Formats, progress: Progress | None) -> None:
    row0, col0 = xl_cell_to_rowcol(block.anchor)
    n, width = len(block.rows), len(block.header)
    formats: list[Any] = [None] * width
    for j in range(width):
        props = _column_props(block, j)
        if props:
            formats[j] = fmt.get(**props)
    for j in block.unlocked_columns:
        # empty cells need the unlocked format too, or nobody can type into them
        for i, values in enumerate(block.rows, start=1):
            if j >= len(values) or values[j] is None or values[j] == "":
                ws.write_blank(row0 + i, col0 + j, None, formats[j])
    # a date in a column without a number format of its own shows as a date, in the column's look
    date_formats = [
        f
        if f is not None and "num_format" in _column_props(block, j)
        else fmt.get(**(_column_props(block, j) | {"num_format": DATE}))
        for j, f in enumerate(formats)
    ]
    if n >= BULK_ROWS and isinstance(ws, ExactWorksheet):
        if n >= PROGRESS_ROWS:
            ws.progress = progress
        ws.bulk(
            BulkBlock(
                row0 + 1,
                col0,
                block.rows,
                [xf_index(f) if f is not None else 0 for f in formats],
                [xf_index(f) for f in date_formats],
                {
                    (i, j): xf_index(fmt.get(**(_column_props(block, j) | {"num_format": c})))
                    for (i, j), c in block.cell_formats.items()
                },
            ),
            width,
        )
    for i, values in enumerate(block.rows if n < BULK_ROWS else [], start=1):
        r = row0 + i
        for j, v in enumerate(values):
            if v is None or v == "" or (type(v) is float and v != v):
                continue  # NaN is an empty cell, as on the bulk path (never a #NUM! formula)
            f = formats[j] if j < width else None
            if (i - 1, j) in block.cell_formats:
                f = fmt.get(
                    **(_column_props(block, j) | {"num_format": block.cell_formats[(i - 1, j)]})
                )
            if isinstance(v, dt.date | dt.datetime):
                own = (i - 1, j) in block.cell_formats
                if own or j >= width:
                    ws.write_datetime(r, col0 + j, v, f or fmt.get(num_format=DATE))
                else:
                    ws.write_datetime(r, col0 + j, v, date_formats[j])
            elif isinstance(v, bool):
                ws.write_boolean(r, col0 + j, v, f)
            elif isinstance(v, int | float):
                ws.write_number(r, col0 + j, v, f)
            elif isinstance(v, p.Formula):
                cached = v.cached
                if isinstance(cached, dt.date | dt.datetime):
                    cached = (as_datetime(cached) - EPOCH).total_seconds() / 86400
                elif isinstance(cached, str):  # xlsxwriter escapes no control character here
                    cached = ooxml_text(cached)
                ws.write_formula(r, col0 + j, v, f, "" if cached is None else cached)
            else:  # every other value as text: never a link, never a formula
                ws.write_string(r, col0 + j, excel_text(str(v)), f)
    last_row = row0 + max(n, 1)
    for j, colours in block.value_fills.items():
        target = (row0 + 1, col0 + j, last_row, col0 + j)
        for value, rgb in colours.items():
            text = value.replace('"', '""')
            ws.conditional_format(
                *target,
                {
                    "type": "cell",
                    "criteria": "==",
                    "value": f'"{text}"',
                    "format": fmt.get(bg_color=f"#{rgb}"),
                },
            )
    for j, (number, rgb) in block.fill_unless.items():
        ws.conditional_format(
            row0 + 1,
            col0 + j,
            last_row,
            col0 + j,
            {
                "type": "cell",
                "criteria": "!=",
                "value": number,
                "format": fmt.get(bg_color=f"#{rgb}"),
            },
        )
    wrap: dict[str, Any] = {"text_wrap": True, "valign": "vcenter"} if block.header_wrap else {}
    if block.name:
        head = fmt.get(bold=True, **wrap)
        ws.add_table(
            row0,
            col0,
            last_row,
            col0 + width - 1,
            {
                "name": block.name,
                "style": "Table Style Medium 2",
                "columns": [
                    {"header": excel_text(str(h)), "header_format": head} for h in block.header
                ],
            },
        )
    else:
        head = (
            fmt.get(bold=True, font_color="#FFFFFF", bg_color=f"#{HEADER_FILL}", **wrap)
            if block.header_bold
            else fmt.get(**wrap)
        )
        # headers often come from the user's file: written as text, never as a link or a
        # formula (write_row would turn "http://…" or "external:…" into a live link)
        for j, h in enumerate(block.header):
            if h is None or h == "":
                ws.write_blank(row0, col0 + j, None, head)
            else:
                ws.write_string(row0, col0 + j, excel_text(str(h)), head)


_VALIGN = {"top": "top", "center": "vcenter", "bottom": "bottom"}


def _column_props(block: p.Table, j: int) -> dict[str, Any]:
    """The format of a body column: number format, wrap, alignment, fill, input lock."""
    props: dict[str, Any] = {}
    if j in block.number_formats:
        props["num_format"] = block.number_formats[j]
    if j in block.wrap_columns:
        props |= {"text_wrap": True, "valign": "top"}
    if block.valign:  # the row's alignment wins over a wrapped column's default
        props["valign"] = _VALIGN[block.valign]
    if j in block.align:
        props["align"] = block.align[j]
    if j in block.column_fills:
        props |= {"bg_color": f"#{block.column_fills[j]}", "pattern": 1}
    if j in block.unlocked_columns:
        props["locked"] = False
    return props


def _write_chart(book: Any, ws: Any, sheet: str, block: p.ScatterChart) -> None:
    chart = book.add_chart({"type": "scatter"})
    for s in block.series:
        options: dict[str, Any] = {
            "name": s.name,
            "categories": f"='{sheet}'!{s.x_ref}",
            "values": f"='{sheet}'!{s.y_ref}",
        }
        if s.ring:
            options["marker"] = {
                "type": "circle",
                "size": s.marker_size,
                "fill": {"none": True},
                "border": {"color": f"#{s.colour}", "width": 1.25},
            }
        elif s.markers:
            options["marker"] = {
                "type": "circle",
                "size": s.marker_size,
                "fill": {"color": f"#{s.colour}"},
                "border": {"color": f"#{s.colour}"},
            }
        else:
            options["marker"] = {"type": "none"}
        if s.line:
            options["line"] = {"color": f"#{s.colour}", "dash_type": "dash", "width": 1.5}
        else:
            options["line"] = {"none": True}
        chart.add_series(options)
    chart.set_title({"name": block.title})
    chart.set_x_axis(
        {
            "name": block.x_title,
            "min": block.x_min,
            "max": block.x_max,
            "major_unit": 10,
            "num_format": "0",
            "major_gridlines": {"visible": True},
        }
    )
    chart.set_y_axis(
        {
            "name": block.y_title,
            "min": block.y_min,
            "max": block.y_max,
            "major_unit": 10,
            "num_format": "0",
        }
    )
    chart.set_legend({"position": "bottom"})
    # xlsxwriter sizes charts in pixels; 96 dpi → 37.8 px per cm
    chart.set_size({"width": block.width_cm * 37.8, "height": block.height_cm * 37.8})
    ws.insert_chart(block.anchor, chart)


def _write_sheet(book: Any, sheet: p.Sheet, fmt: _Formats, progress: Progress | None) -> None:
    ws = book.add_worksheet(sheet.name, worksheet_class=ExactWorksheet)
    for block in sheet.blocks:
        if isinstance(block, p.Table):
            _write_table(ws, block, fmt, progress)
        elif isinstance(block, p.Text):
            r, c = xl_cell_to_rowcol(block.anchor)
            props: dict[str, Any] = {
                "bold": block.bold,
                "italic": block.italic,
                "font_size": block.size or 11,
            }
            if block.fill:
                props |= {"bg_color": f"#{block.fill}", "pattern": 1}
            if block.wrap:
                props |= {"text_wrap": True, "valign": "top"}
            if block.valign:
                props["valign"] = _VALIGN[block.valign]
            if block.unlocked:
                props["locked"] = False
            if block.number_format:
                props["num_format"] = block.number_format
            ws.write_string(r, c, excel_text(block.text), fmt.get(**props))
        else:
            _write_chart(book, ws, sheet.name, block)
    for letter, width in sheet.widths.items():
        hidden = {"hidden": True} if letter in sheet.hidden_columns else None
        ws.set_column(f"{letter}:{letter}", width, None, hidden)
    for letter in set(sheet.hidden_columns) - set(sheet.widths):
        ws.set_column(f"{letter}:{letter}", None, None, {"hidden": True})
    for row, height in sheet.row_heights.items():
        ws.set_row(row - 1, height)
    for v in sheet.validations:
        options: dict[str, Any] = {"validate": v.kind, "error_title": "Kundenwert"}
        if v.kind == "list" and v.formula1.startswith('"'):
            options["source"] = v.formula1.strip('"').split(",")
        elif v.kind == "list":  # a range of the workbook
            options["source"] = f"={v.formula1}"
        else:
            options |= {
                "criteria": "between",
                "minimum": float(v.formula1),
                "maximum": float(v.formula2 or 0),
            }
        if v.prompt:
            options["input_message"] = v.prompt
        if v.error:
            options["error_message"] = v.error
        if not v.strict:
            options["show_error"] = False
        ws.data_validation(v.ref, options)
    if sheet.freeze:
        ws.freeze_panes(sheet.freeze)
    if sheet.protect:
        ws.protect("", {"autofilter": True, "sort": True})
    if sheet.hidden:
        ws.hide()
    _print_setup(ws, sheet)
    if sheet.tab_colour:
        ws.set_tab_color(f"#{sheet.tab_colour}")


def _print_setup(ws: Any, sheet: p.Sheet) -> None:
    ws.set_paper(sheet.paper)
    if sheet.landscape:
        ws.set_landscape()
    if sheet.fit_to_page:
        ws.fit_to_pages(1, 1)
    elif sheet.fit_width:
        ws.fit_to_pages(int(sheet.fit_width), 0)  # 0: as many pages tall as needed
    if sheet.print_area:
        ws.print_area(sheet.print_area)
    if sheet.print_title_rows:
        first, last = sheet.print_title_rows
        ws.repeat_rows(first - 1, last - 1)
    if sheet.print_title_columns:
        ws.repeat_columns(sheet.print_title_columns)
    if sheet.row_breaks:
        ws.set_h_pagebreaks(list(sheet.row_breaks))  # xlsxwriter counts them 1-based too
    if sheet.footer:
        f = sheet.footer
        ws.set_footer(f"&L{f.left}&C{f.centre}&R{f.right}")


def write_plan(plan: p.Plan, path: str | Path, progress: Progress | None = None) -> Path:
    """Render `plan` into a new .xlsx at `path`, via a temporary file and a rename."""
    with atomic_path(path) as tmp:
        # no text becomes a formula or a link, whatever path writes it (write_string does
        # neither; these options keep any other write call from doing so)
        options = {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "nan_inf_to_errors": True,
        }
        book = Book(str(tmp), options)
        fmt = _Formats(book, plan.font)
        for sheet in plan.sheets:
            _write_sheet(book, sheet, fmt, progress)
        if progress:
            progress(p.Step("cli.schritt.speichere", Path(path).name))
        book.close()  # the large tables become XML only now
        add_buttons(tmp, plan)
    return Path(path)
