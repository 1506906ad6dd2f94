"""Render a workbook plan with xlsxwriter: the same plan as writer.py, about four times faster
on large tables (bench/RESULTS.md). Carries out the plan, decides nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from kundenwert import plan as p
from kundenwert.style import HEADER_FILL
from kundenwert.xlsx.atomic import atomic_path

Progress = Callable[[str], None]


#: Tables with at least this many rows take the bulk path (see _ExactWorksheet.bulk).
BULK_ROWS = 1000
_EPOCH = dt.datetime(1899, 12, 30)
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _as_datetime(value: dt.date) -> dt.datetime:
    return (
        value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
    )


def _number(value: float) -> str:
    """Python's shortest round-trip form: every double reads back bit for bit (xlsxwriter's
    own 16 significant digits can lose the last bit, and KW.PORTFOLIO must equal the file)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _escape(value: str) -> str:
    text = _ILLEGAL_XML.sub("", value).replace("&", "&amp;").replace("<", "&lt;")
    return text.replace(">", "&gt;")


def _text(value: str) -> str:
    text = _escape(value)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<is><t{space}>{text}</t></is>"


def _block_columns(b: _Bulk, width: int) -> tuple[list[str], list[str]]:
    """Column letters and style attributes of a bulk block, computed once per block."""
    if len(b.letters) < width:
        b.letters = [xl_col_to_name(b.col0 + j) for j in range(width)]
        b.style_attrs = [
            f' s="{b.styles[j]}"' if j < len(b.styles) and b.styles[j] else "" for j in range(width)
        ]
    return b.letters, b.style_attrs


def _other_cell(b: _Bulk, v: object, ref: str, style: str) -> str:
    """Dates, booleans, formulas and other values of a bulk block (the rare kinds)."""
    if isinstance(v, dt.datetime | dt.date):
        serial = (_as_datetime(v) - _EPOCH).total_seconds() / 86400
        style = style or f' s="{b.date_style}"'
        return f'<c r="{ref}"{style}><v>{_number(serial)}</v></c>'
    if isinstance(v, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(v)}</v></c>'
    if isinstance(v, int | float):  # numpy numbers and other number types
        return f'<c r="{ref}"{style}><v>{_number(float(v))}</v></c>'
    if isinstance(v, p.Formula):
        return f'<c r="{ref}"{style}><f>{_escape(v[1:])}</f></c>'
    return f'<c r="{ref}"{style} t="inlineStr">{_text(str(v))}</c>'


@dataclass
class _Bulk:
    """A block of cells written straight as sheet XML; styles are xf indices (0 = none)."""

    row0: int
    col0: int
    rows: list[list[object]]
    styles: list[int]
    date_style: int
    cell_styles: dict[tuple[int, int], int]
    letters: list[str] = field(default_factory=list)
    style_attrs: list[str] = field(default_factory=list)


class _ExactWorksheet(Worksheet):  # type: ignore[misc]
    """xlsxwriter's worksheet with exact numbers and a bulk path for large tables.

    xlsxwriter spends several microseconds per cell on bookkeeping; a large table is instead
    kept as plain rows and turned into row XML while the file is saved, merged row by row with
    the cells xlsxwriter holds itself (headers, small tables beside it).
    """

    def __init__(self) -> None:
        super().__init__()
        self._bulk: list[_Bulk] = []

    def _xml_number_element(self, number: float, attributes: Any = ()) -> None:
        attr = "".join(f' {k}="{self._escape_attributes(v)}"' for k, v in attributes)
        self.fh.write(f"<c{attr}><v>{_number(number)}</v></c>")

    def bulk(self, block: _Bulk, width: int) -> None:
        """Register a block of rows (starting at block.row0) to be written at save time."""
        self._bulk.append(block)
        self._check_dimensions(block.row0, block.col0)
        self._check_dimensions(block.row0 + len(block.rows) - 1, block.col0 + width - 1)

    def _bulk_cells(self, row_num: int) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        for b in self._bulk:
            i = row_num - b.row0
            if not 0 <= i < len(b.rows):
                continue
            r = row_num + 1
            letters, styles = _block_columns(b, len(b.rows[i]))
            for j, v in enumerate(b.rows[i]):
                kind = type(v)
                style = styles[j]
                if b.cell_styles and (i, j) in b.cell_styles:
                    style = f' s="{b.cell_styles[(i, j)]}"'
                if kind is float or kind is int:
                    xml = f'<c r="{letters[j]}{r}"{style}><v>{v!r}</v></c>'
                elif v is None or v == "":
                    continue
                elif kind is str:
                    xml = f'<c r="{letters[j]}{r}"{style} t="inlineStr">{_text(str(v))}</c>'
                else:
                    xml = _other_cell(b, v, f"{letters[j]}{r}", style)
                out.append((b.col0 + j, xml))
        return out

    def _write_rows(self) -> None:
        if not self._bulk:
            super()._write_rows()
            return
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            bulk = self._bulk_cells(row_num)
            own = self.table.get(row_num) or {}
            if not bulk and not own and row_num not in self.row_info:
                continue
            if row_num in self.row_info:
                self._write_row(row_num, None, self.row_info[row_num])
            else:
                self.fh.write(f'<row r="{row_num + 1}">')
            if not own:
                self.fh.write("".join(x for _, x in bulk) + "</row>")
                continue
            merged = sorted([(c, x) for c, x in bulk] + [(c, None) for c in own])
            for col, xml in merged:
                if xml is None:
                    self._write_cell(row_num, col, own[col])
                else:
                    self.fh.write(xml)
            self.fh.write("</row>")


class _Formats:
    """xlsxwriter needs one Format object per distinct look; keep them unique."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.cache: dict[tuple[tuple[str, Any], ...], Any] = {}

    def get(self, **props: Any) -> Any:
        key = tuple(sorted(props.items()))
        if key not in self.cache:
            self.cache[key] = self.book.add_format(props)
        return self.cache[key]


def _write_table(ws: Any, block: p.Table, fmt: _Formats, progress: Progress | None) -> None:
    row0, col0 = xl_cell_to_rowcol(block.anchor)
    n, width = len(block.rows), len(block.header)
    formats: list[Any] = [None] * width
    for j, code in block.number_formats.items():
        formats[j] = fmt.get(num_format=code)
    for j in {*block.wrap_columns, *block.unlocked_columns}:
        props: dict[str, Any] = {}
        if j in block.wrap_columns:
            props |= {"text_wrap": True, "valign": "top"}
        if j in block.unlocked_columns:
            props["locked"] = False
        if j in block.number_formats:
            props["num_format"] = block.number_formats[j]
        formats[j] = fmt.get(**props)
    for j in block.unlocked_columns:
        # empty cells need the unlocked format too, or nobody can type into them
        for i, values in enumerate(block.rows, start=1):
            if j >= len(values) or values[j] is None or values[j] == "":
                ws.write_blank(row0 + i, col0 + j, None, formats[j])
    date_format = fmt.get(num_format="DD.MM.YYYY")
    if n >= BULK_ROWS and isinstance(ws, _ExactWorksheet):
        ws.bulk(
            _Bulk(
                row0 + 1,
                col0,
                block.rows,
                [f._get_xf_index() if f is not None else 0 for f in formats],
                date_format._get_xf_index(),
                {k: fmt.get(num_format=c)._get_xf_index() for k, c in block.cell_formats.items()},
            ),
            width,
        )
    step = max(n // 10, 50_000)
    for i, values in enumerate(block.rows if n < BULK_ROWS else [], start=1):
        r = row0 + i
        for j, v in enumerate(values):
            if v is None or v == "":
                continue
            f = formats[j] if j < width else None
            if (i - 1, j) in block.cell_formats:
                f = fmt.get(num_format=block.cell_formats[(i - 1, j)])
            if isinstance(v, dt.date | dt.datetime):
                ws.write_datetime(r, col0 + j, v, f or date_format)
            elif isinstance(v, bool):
                ws.write_boolean(r, col0 + j, v, f)
            elif isinstance(v, int | float):
                ws.write_number(r, col0 + j, v, f)
            elif isinstance(v, p.Formula):
                cached = v.cached
                if isinstance(cached, dt.date | dt.datetime):
                    cached = (_as_datetime(cached) - _EPOCH).total_seconds() / 86400
                ws.write_formula(r, col0 + j, v, f, "" if cached is None else cached)
            else:
                ws.write_string(r, col0 + j, str(v), f)
        if progress and n > step and i % step == 0:
            progress(f"{i:,} / {n:,} Zeilen".replace(",", "."))
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
    if block.name:
        ws.add_table(
            row0,
            col0,
            last_row,
            col0 + width - 1,
            {
                "name": block.name,
                "style": "Table Style Medium 2",
                "columns": [{"header": h} for h in block.header],
            },
        )
    elif block.header_bold:
        head = fmt.get(bold=True, font_color="#FFFFFF", bg_color=f"#{HEADER_FILL}")
        ws.write_row(row0, col0, block.header, head)
    else:
        ws.write_row(row0, col0, block.header)


def _write_chart(book: Any, ws: Any, sheet: str, block: p.ScatterChart) -> None:
    chart = book.add_chart({"type": "scatter"})
    for s in block.series:
        options: dict[str, Any] = {
            "name": s.name,
            "categories": f"='{sheet}'!{s.x_ref}",
            "values": f"='{sheet}'!{s.y_ref}",
        }
        if s.markers:
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
    ws = book.add_worksheet(sheet.name, worksheet_class=_ExactWorksheet)
    for block in sheet.blocks:
        if isinstance(block, p.Table):
            _write_table(ws, block, fmt, progress)
        elif isinstance(block, p.Text):
            r, c = xl_cell_to_rowcol(block.anchor)
            ws.write_string(
                r,
                c,
                block.text,
                fmt.get(bold=block.bold, italic=block.italic, font_size=block.size or 11),
            )
        else:
            _write_chart(book, ws, sheet.name, block)
    for letter, width in sheet.widths.items():
        ws.set_column(f"{letter}:{letter}", width)
    for row, height in sheet.row_heights.items():
        ws.set_row(row - 1, height)
    for v in sheet.validations:
        options: dict[str, Any] = {"validate": v.kind, "error_title": "Kundenwert"}
        if v.kind == "list":
            options["source"] = v.formula1.strip('"').split(",")
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
        ws.data_validation(v.ref, options)
    if sheet.freeze:
        ws.freeze_panes(sheet.freeze)
    if sheet.protect:
        ws.protect("", {"autofilter": True, "sort": True})
    if sheet.hidden:
        ws.hide()
    if sheet.landscape:
        ws.set_landscape()
    if sheet.fit_to_page:
        ws.fit_to_pages(1, 1)
    if sheet.print_area:
        ws.print_area(sheet.print_area)
    if sheet.tab_colour:
        ws.set_tab_color(f"#{sheet.tab_colour}")


def write_plan(plan: p.Plan, path: str | Path, progress: Progress | None = None) -> Path:
    """Render `plan` into a new .xlsx at `path`, via a temporary file and a rename."""
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(
            str(tmp), {"strings_to_formulas": False, "nan_inf_to_errors": True}
        )
        fmt = _Formats(book)
        for sheet in plan.sheets:
            if progress:
                progress(sheet.name)
            _write_sheet(book, sheet, fmt, progress)
        book.close()
    return Path(path)
