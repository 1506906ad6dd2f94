"""Render a workbook plan with xlsxwriter: the same plan as writer.py, about four times faster
on large tables (bench/RESULTS.md). Carries out the plan, decides nothing.

The speed comes from xlsxwriter internals (the worksheet's row writer and cell table, the
packager, the zip step). Every private member used is here, in this module only, and listed in
PRIVATE_MEMBERS; the versions it was tested with are TESTED_VERSIONS (pinned in pyproject.toml).
tests/test_xlsxwriter_fence.py fails loudly on any other version or a member that has gone.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, Protocol, cast

import numpy as np
import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.packager import Packager
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, xl_range
from xlsxwriter.worksheet import Worksheet

from kundenwert.book import plan as p
from kundenwert.book.style import DATE, HEADER_FILL
from kundenwert.xlsx.atomic import atomic_path
from kundenwert.xlsx.buttons import add_buttons
from kundenwert.xlsx.zipstream import ZipStream


class Progress(Protocol):
    """Where long writes report: a step message, or rows done of a total for a bar."""

    def __call__(self, message: str, done: int = 0, total: int = 0) -> None: ...


#: xlsxwriter versions this module's use of its internals was tested with.
TESTED_VERSIONS = ("3.3.1",)
#: The private xlsxwriter members this module relies on, by the class that has them
#: ("instance" members are set in __init__ and checked on a fresh object).
PRIVATE_MEMBERS = {
    "xlsxwriter.worksheet.Worksheet": (
        "_xml_number_element",
        "_escape_attributes",
        "_check_dimensions",
        "_write_rows",
        "_write_row",
        "_write_cell",
        "_assemble_xml_file",
    ),
    "xlsxwriter.worksheet.Worksheet instance": (
        "fh",
        "internal_fh",
        "table",
        "row_info",
        "dim_rowmin",
        "dim_rowmax",
        "tables",
        "name",
        "is_chartsheet",
    ),
    "xlsxwriter.packager.Packager": ("_write_worksheet_files",),
    "xlsxwriter.packager.Packager instance": ("in_memory", "workbook", "filenames"),
    "xlsxwriter.workbook.Workbook": ("_get_packager", "_store_workbook", "worksheets"),
    "xlsxwriter.workbook": ("ZipFile",),
    "xlsxwriter.format.Format": ("_get_xf_index",),
}


def check_xlsxwriter() -> list[str]:
    """What does not match the xlsxwriter this module was tested with: an unknown version or
    a private member that is missing (empty when everything is as tested)."""
    import importlib

    from xlsxwriter.format import Format

    out = []
    version = getattr(xlsxwriter, "__version__", "?")
    if version not in TESTED_VERSIONS:
        out.append(f"xlsxwriter {version} is not one of the tested versions {TESTED_VERSIONS}")
    objects: dict[str, object] = {
        "xlsxwriter.worksheet.Worksheet": Worksheet,
        "xlsxwriter.worksheet.Worksheet instance": Worksheet(),
        "xlsxwriter.packager.Packager": Packager,
        "xlsxwriter.packager.Packager instance": Packager(),
        "xlsxwriter.workbook.Workbook": xlsxwriter.Workbook,
        "xlsxwriter.workbook": importlib.import_module("xlsxwriter.workbook"),
        "xlsxwriter.format.Format": Format,
    }
    for owner, names in PRIVATE_MEMBERS.items():
        out += [f"{owner} has no '{n}'" for n in names if not hasattr(objects[owner], n)]
    return out


def _non_finite(ref: str, style: str, value: float) -> str:
    """An infinite number as xlsxwriter writes it with nan_inf_to_errors (and Excel computes
    it): the formula 1/0 or −1/0 with its error value, never the text "inf"."""
    sign = "-" if value < 0 else ""
    return f'<c r="{ref}"{style} t="e"><f>{sign}1/0</f><v>#DIV/0!</v></c>'


#: Tables with at least this many rows take the bulk path (see _ExactWorksheet.bulk).
BULK_ROWS = 1000
_EPOCH = dt.datetime(1899, 12, 30)
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Anything in a text that needs escaping, or leading/trailing white space.
_SPECIAL = re.compile("[\x00-\x1f&<>]|^\\s|\\s$")


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
    if not _SPECIAL.search(value):  # most texts: ids, names, labels
        return f"<is><t>{value}</t></is>"
    text = _escape(value)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<is><t{space}>{text}</t></is>"


def _other_cell(v: object, ref: str, style: str, date_style: int) -> str:
    """Dates, booleans, formulas and other values of a bulk block (the rare kinds)."""
    if isinstance(v, dt.datetime | dt.date):
        serial = (_as_datetime(v) - _EPOCH).total_seconds() / 86400
        style = f' s="{date_style}"' if date_style else style
        return f'<c r="{ref}"{style}><v>{_number(serial)}</v></c>'
    if isinstance(v, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(v)}</v></c>'
    if isinstance(v, int | float):  # numpy numbers and other number types
        x = float(v)
        if not math.isfinite(x):
            return "" if x != x else _non_finite(ref, style, x)
        return f'<c r="{ref}"{style}><v>{_number(x)}</v></c>'
    if isinstance(v, p.Formula):
        return f'<c r="{ref}"{style}><f>{_escape(v[1:])}</f></c>'
    return f'<c r="{ref}"{style} t="inlineStr">{_text(str(v))}</c>'


def _cell_xml(v: object, ref: str, style: str, date_style: int) -> str:
    """One cell's XML; "" for an empty cell (NaN included)."""
    kind = type(v)
    if kind is int:
        return f'<c r="{ref}"{style}><v>{v!r}</v></c>'
    if kind is float:
        x = cast(float, v)
        if not math.isfinite(x):
            return "" if x != x else _non_finite(ref, style, x)
        return f'<c r="{ref}"{style}><v>{x!r}</v></c>'
    if v is None or v == "":
        return ""
    if kind is str:
        return f'<c r="{ref}"{style} t="inlineStr">{_text(cast(str, v))}</c>'
    return _other_cell(v, ref, style, date_style)


#: Rows turned into sheet XML at a time: enough for column-wise work to pay, little enough
#: that one chunk's text stays a few megabytes whatever the table's size.
CHUNK_ROWS = 5000
#: Characters that need escaping in a text (a column's texts are searched joined together).
_SPECIAL_CHARS = re.compile("[\x00-\x1f&<>]")


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
    # what _text checks text by text: no special character, no white space at either end
    if not _SPECIAL_CHARS.search("".join(values)) and list(map(str.strip, values)) == values:
        return "plain"
    return "text"


@dataclass
class _Bulk:
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
        return _cell_xml(self.values[j][k], ref, style, date)

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
                args.append(list(map(_text, values)))
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
                        else _cell_xml(v, f"{letter}{r}", style, self.date_styles[j])
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


class _ExactWorksheet(Worksheet):  # type: ignore[misc]
    """xlsxwriter's worksheet with exact numbers and a bulk path for large tables.

    xlsxwriter spends several microseconds and about a hundred bytes per cell on bookkeeping;
    a large table is instead kept as the plan holds it and turned into row XML while the file
    is saved, merged row by row with the cells xlsxwriter holds itself (headers, small tables
    beside it).
    """

    def __init__(self) -> None:
        super().__init__()
        self._bulk: list[_Bulk] = []
        self.progress: Progress | None = None  # set for sheets with large tables

    def _xml_number_element(self, number: float, attributes: Any = ()) -> None:
        attr = "".join(f' {k}="{self._escape_attributes(v)}"' for k, v in attributes)
        self.fh.write(f"<c{attr}><v>{_number(number)}</v></c>")

    def bulk(self, block: _Bulk, width: int) -> None:
        """Register a block of rows (starting at block.row0) to be written at save time."""
        self._bulk.append(block)
        self._check_dimensions(block.row0, block.col0)
        self._check_dimensions(block.row0 + len(block.body) - 1, block.col0 + width - 1)

    def add_table(
        self, first_row: int, first_col: int, last_row: int, last_col: int, options: Any = None
    ) -> Any:
        """xlsxwriter notes every cell of a table to refuse overlapping tables, about 100
        bytes a cell (2.5 GB for a million-row Bewertung). Plans never overlap tables, so the
        table is registered with its first data row and widened to its real size after."""
        done = super().add_table(
            first_row, first_col, min(last_row, first_row + 1), last_col, options
        )
        if last_row > first_row + 1 and not done:  # -1, -2: refused, with a warning
            table = self.tables[-1]
            table["range"] = table["a_range"] = xl_range(first_row, first_col, last_row, last_col)
            if table.get("autofilter"):
                table["autofilter"] = table["a_range"]
        return done

    def _write_rows(self) -> None:
        if not self._bulk:
            super()._write_rows()
            return
        bulk = sorted(self._bulk, key=lambda b: b.col0)  # left to right; they never overlap
        # rows where xlsxwriter holds cells or row formats of its own take the general path
        special = sorted({*self.table, *self.row_info})
        starts = sorted({b.row0 for b in bulk})
        row_num = self.dim_rowmin
        while row_num <= self.dim_rowmax:
            blocks = [b for b in bulk if b.covers(row_num)]
            if blocks and row_num not in self.table and row_num not in self.row_info:
                row_num = self._write_run(blocks, row_num, special, starts)
                if self.progress:
                    self.progress(f"Blatt {self.name}", row_num, self.dim_rowmax + 1)
                continue
            self._write_one_row(row_num, blocks)
            row_num += 1

    def _write_run(
        self, blocks: list[_Bulk], row_num: int, special: list[int], starts: list[int]
    ) -> int:
        """Write the rows from `row_num` on that only these blocks fill, as far as their
        current chunks reach; returns the next row to write."""
        first = [b.index(row_num) for b in blocks]
        stop = min(b.row0 + b.start + len(b.rows) for b in blocks)
        for bounds in (special, starts):  # the next row needing other work
            later = bisect.bisect_right(bounds, row_num)
            if later < len(bounds):
                stop = min(stop, bounds[later])
        n = stop - row_num
        parts = [b.rows[k : k + n] for b, k in zip(blocks, first, strict=True)]
        cells = parts[0] if len(parts) == 1 else ["".join(t) for t in zip(*parts, strict=True)]
        self.fh.write(
            "".join(
                f'<row r="{r + 1}">{x}</row>'
                for r, x in zip(range(row_num, stop), cells, strict=True)
            )
        )
        return stop

    def _write_one_row(self, row_num: int, blocks: list[_Bulk]) -> None:
        """One row merged from bulk blocks and xlsxwriter's own cells, by column."""
        own = self.table.get(row_num) or {}
        if not blocks and not own and row_num not in self.row_info:
            return
        if row_num in self.row_info:
            self._write_row(row_num, None, self.row_info[row_num])
        else:
            self.fh.write(f'<row r="{row_num + 1}">')
        cells = [cell for b in blocks for cell in b.row_cells(row_num)]
        merged = sorted([(c, x) for c, x in cells] + [(c, None) for c in own])
        for col, xml in merged:
            if xml is None:
                self._write_cell(row_num, col, own[col])
            else:
                self.fh.write(xml)
        self.fh.write("</row>")


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
    if n >= BULK_ROWS and isinstance(ws, _ExactWorksheet):
        if n >= PROGRESS_ROWS:
            ws.progress = progress
        ws.bulk(
            _Bulk(
                row0 + 1,
                col0,
                block.rows,
                [f._get_xf_index() if f is not None else 0 for f in formats],
                [f._get_xf_index() for f in date_formats],
                {
                    (i, j): fmt.get(**(_column_props(block, j) | {"num_format": c}))._get_xf_index()
                    for (i, j), c in block.cell_formats.items()
                },
            ),
            width,
        )
    for i, values in enumerate(block.rows if n < BULK_ROWS else [], start=1):
        r = row0 + i
        for j, v in enumerate(values):
            if v is None or v == "":
                continue
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
                    cached = (_as_datetime(cached) - _EPOCH).total_seconds() / 86400
                ws.write_formula(r, col0 + j, v, f, "" if cached is None else cached)
            else:
                ws.write_string(r, col0 + j, str(v), f)
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
                "columns": [{"header": h, "header_format": head} for h in block.header],
            },
        )
    elif block.header_bold:
        head = fmt.get(bold=True, font_color="#FFFFFF", bg_color=f"#{HEADER_FILL}", **wrap)
        ws.write_row(row0, col0, block.header, head)
    else:
        ws.write_row(row0, col0, block.header, fmt.get(**wrap))


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
            ws.write_string(r, c, block.text, fmt.get(**props))
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


class _Packager(Packager):  # type: ignore[misc]
    """xlsxwriter's packager, except that worksheets go straight into the zip file through
    a second thread (ZipStream) instead of into temporary files compressed at the end: the
    second core deflates a large sheet while this one builds its rows."""

    def _write_worksheet_files(self) -> None:
        if self.in_memory or self.workbook.constant_memory:  # modes this writer never uses
            super()._write_worksheet_files()
            return
        with ZipStream(self.workbook.archive) as stream:
            # the files written so far ([Content_Types].xml and the relations) stay first
            written: list[tuple[str, str, bool]] = self.filenames
            for os_path, name, _ in written:
                stream.add_file(os_path, name)
            written.clear()  # added here, not again by xlsxwriter
            sheets = [w for w in self.workbook.worksheets() if not w.is_chartsheet]
            for index, sheet in enumerate(sheets, start=1):
                sheet.fh = stream.text(f"xl/worksheets/sheet{index}.xml")
                sheet.internal_fh = False  # so xlsxwriter leaves closing it to us
                sheet._assemble_xml_file()
                sheet.fh.close()


class _Book(xlsxwriter.Workbook):  # type: ignore[misc]
    """xlsxwriter's workbook, zipped at deflate level 1 instead of 6 (on a 100,000-row result
    about three times faster to compress, for a file about a fifth larger, bench/RESULTS.md),
    its worksheets compressed while they are written (_Packager)."""

    archive: zipfile.ZipFile

    def _get_packager(self) -> Packager:
        return _Packager()

    def _store_workbook(self) -> None:
        zip_file = xlsxwriter.workbook.ZipFile

        def level_1(*args: Any, **kwargs: Any) -> zipfile.ZipFile:
            self.archive = zip_file(*args, compresslevel=1, **kwargs)
            return self.archive

        xlsxwriter.workbook.ZipFile = level_1
        try:
            super()._store_workbook()
        finally:
            xlsxwriter.workbook.ZipFile = zip_file


def write_plan(plan: p.Plan, path: str | Path, progress: Progress | None = None) -> Path:
    """Render `plan` into a new .xlsx at `path`, via a temporary file and a rename."""
    with atomic_path(path) as tmp:
        book = _Book(str(tmp), {"strings_to_formulas": False, "nan_inf_to_errors": True})
        fmt = _Formats(book, plan.font)
        for sheet in plan.sheets:
            _write_sheet(book, sheet, fmt, progress)
        if progress:
            progress(f"speichere {Path(path).name}")
        book.close()  # the large tables become XML only now
        add_buttons(tmp, plan)
    return Path(path)
