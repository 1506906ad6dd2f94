"""Render a workbook plan to an .xlsx file with openpyxl. Carries out the plan, decides nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.chart import Reference, ScatterChart
from openpyxl.chart import Series as ChartSeries
from openpyxl.chart.layout import Layout, ManualLayout
from openpyxl.chart.marker import Marker
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils.cell import column_index_from_string as col_index
from openpyxl.utils.cell import coordinate_from_string, get_column_letter, range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from kundenwert.book import plan as p
from kundenwert.book.style import FONT, HEADER_FILL
from kundenwert.xlsx.atomic import atomic_path
from kundenwert.xlsx.buttons import add_buttons
from kundenwert.xlsx.cell_xml import ooxml_text

Progress = Callable[[p.Step], None]


def _anchor(cell: str) -> tuple[int, int]:
    letters, row = coordinate_from_string(cell)
    return row, col_index(letters)


def set_value(cell: Cell | MergedCell, v: object) -> None:
    """A plan's value into a cell: a Formula as a formula, any other text as text (openpyxl
    would make "=…" a formula and "#N/A" an error) as a cell holds it, control characters
    escaped as Excel writes them (openpyxl refuses them), other values as they are."""
    if isinstance(v, p.Formula):
        cell.value = str(v)
    elif isinstance(v, str):
        cell.value = ooxml_text(v)
        cell.data_type = "s"
    else:
        cell.value = v  # type: ignore[assignment]


def _write_table(ws: Worksheet, block: p.Table, font: str) -> None:
    row0, col0 = _anchor(block.anchor)
    header_font = (
        Font(name=font, bold=True, color="FFFFFF")
        if block.name is None
        else Font(name=font, bold=True)
    )
    fill = PatternFill("solid", fgColor=HEADER_FILL) if block.name is None else None
    head_align = Alignment(wrap_text=True, vertical="center") if block.header_wrap else None
    for j, h in enumerate(block.header):
        c = ws.cell(row=row0, column=col0 + j)
        set_value(c, h)
        if block.header_bold:
            c.font = header_font
            if fill:
                c.fill = fill
        if head_align:
            c.alignment = head_align
    for i, values in enumerate(block.rows, start=1):
        for j, v in enumerate(values):
            if v is not None and v != "":
                set_value(ws.cell(row=row0 + i, column=col0 + j), v)
    n = len(block.rows)
    last_row = row0 + max(n, 1)
    body = range(row0 + 1, row0 + n + 1)
    for j, fmt in block.number_formats.items():
        for r in body:
            ws.cell(row=r, column=col0 + j).number_format = fmt
    if block.unlocked_columns:
        # open for input, also where the cell is still empty
        unlocked = Protection(locked=False)
        for j in block.unlocked_columns:
            for r in body:
                ws.cell(row=r, column=col0 + j).protection = unlocked
    for (i, j), fmt in block.cell_formats.items():
        ws.cell(row=row0 + 1 + i, column=col0 + j).number_format = fmt
    for j in range(len(block.header)):
        wrap = j in block.wrap_columns
        if not (wrap or block.valign or j in block.align):
            continue
        # vertical alignment of the row wins over a wrapped column's default (the top)
        align = Alignment(
            wrap_text=wrap or None,
            vertical=block.valign or ("top" if wrap else None),
            horizontal=block.align.get(j),
        )
        for r in body:
            ws.cell(row=r, column=col0 + j).alignment = align
    for j, rgb in block.column_fills.items():
        solid = PatternFill("solid", fgColor=rgb)
        for r in body:
            ws.cell(row=r, column=col0 + j).fill = solid
    for j, colours in block.value_fills.items():
        letter = get_column_letter(col0 + j)
        target = f"{letter}{row0 + 1}:{letter}{last_row}"
        for value, rgb in colours.items():
            # Conditional formatting, so the colour follows the value when a user edits it.
            text = value.replace('"', '""')
            ws.conditional_formatting.add(
                target,
                CellIsRule(  # type: ignore[no-untyped-call]
                    operator="equal",
                    formula=[f'"{text}"'],
                    fill=PatternFill("solid", fgColor=rgb, bgColor=rgb),
                ),
            )
    for j, (number, rgb) in block.fill_unless.items():
        letter = get_column_letter(col0 + j)
        ws.conditional_formatting.add(
            f"{letter}{row0 + 1}:{letter}{last_row}",
            CellIsRule(  # type: ignore[no-untyped-call]
                operator="notEqual",
                formula=[repr(number)],
                fill=PatternFill("solid", fgColor=rgb, bgColor=rgb),
            ),
        )
    if block.name:
        ref = f"{get_column_letter(col0)}{row0}:{get_column_letter(col0 + len(block.header) - 1)}"
        table = XlTable(displayName=block.name, ref=f"{ref}{last_row}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(table)


def _reference(ws: Worksheet, ref: str) -> Reference:
    bounds = range_boundaries(ref.replace("$", ""))
    min_col, min_row, max_col, max_row = (int(b or 0) for b in bounds)
    return Reference(ws, min_col=min_col, min_row=min_row, max_col=max_col, max_row=max_row)


def _write_chart(ws: Worksheet, block: p.ScatterChart) -> None:
    chart = ScatterChart()
    # required by the schema (CT_ScatterChart: scatterStyle minOccurs=1); openpyxl leaves it
    # out unless set, and Excel may then refuse or "repair" the chart
    chart.scatterStyle = "lineMarker"
    chart.title = block.title
    chart.style = 13
    chart.x_axis.title, chart.y_axis.title = block.x_title, block.y_title
    chart.x_axis.scaling.min, chart.x_axis.scaling.max = block.x_min, block.x_max
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = block.y_min, block.y_max
    for axis in (chart.x_axis, chart.y_axis):
        axis.majorUnit = 10  # type: ignore[union-attr]  # a scatter chart has numeric axes
        axis.number_format = "0"
        axis.delete = False  # openpyxl ≥ 3.1 hides axes otherwise
    if chart.legend is not None:
        chart.legend.position = "b"
    chart.width, chart.height = block.width_cm, block.height_cm  # type: ignore[assignment]
    chart.plot_area.layout = Layout(manualLayout=ManualLayout(x=0.06, y=0.08, w=0.9, h=0.72))
    for s in block.series:
        xs, ys = _reference(ws, s.x_ref), _reference(ws, s.y_ref)
        series = ChartSeries(ys, xs, title=s.name)
        if s.markers:
            series.marker = Marker(symbol="circle", size=s.marker_size)
            if s.ring:  # hollow: the point under it keeps its colour
                series.marker.graphicalProperties.noFill = True
            else:
                series.marker.graphicalProperties.solidFill = s.colour
            series.marker.graphicalProperties.line.solidFill = s.colour
        else:
            series.marker = Marker(symbol="none")
        if s.line:
            series.graphicalProperties.line.solidFill = s.colour
            series.graphicalProperties.line.dashStyle = "dash"
            series.graphicalProperties.line.width = 19050
        else:
            series.graphicalProperties.line.noFill = True
        chart.series.append(series)
    ws.add_chart(chart, block.anchor)


def _write_text(ws: Worksheet, block: p.Text, font: str) -> None:
    c = ws[block.anchor]
    set_value(c, block.text)
    c.font = Font(name=font, bold=block.bold, italic=block.italic, size=block.size or 11)
    if block.fill:
        c.fill = PatternFill("solid", fgColor=block.fill)
    if block.wrap or block.valign:
        c.alignment = Alignment(
            wrap_text=block.wrap or None, vertical=block.valign or ("top" if block.wrap else None)
        )
    if block.unlocked:
        c.protection = Protection(locked=False)
    if block.number_format:
        c.number_format = block.number_format


def _print_setup(ws: Worksheet, sheet: p.Sheet) -> None:
    ws.page_setup.paperSize = sheet.paper
    if sheet.landscape:
        ws.page_setup.orientation = "landscape"
    if (sheet.fit_to_page or sheet.fit_width) and ws.sheet_properties.pageSetUpPr is not None:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1 if sheet.fit_to_page else int(sheet.fit_width)
        ws.page_setup.fitToHeight = 1 if sheet.fit_to_page else 0  # 0: as many as needed
    if sheet.print_area:
        ws.print_area = sheet.print_area
    if sheet.print_title_rows:
        first, last = sheet.print_title_rows
        ws.print_title_rows = f"{first}:{last}"
    if sheet.print_title_columns:
        ws.print_title_cols = sheet.print_title_columns
    for row in sheet.row_breaks:
        ws.row_breaks.append(Break(id=row))
    footer = ws.oddFooter
    if sheet.footer and footer is not None:
        footer.left.text = sheet.footer.left or None
        footer.center.text = sheet.footer.centre or None
        footer.right.text = sheet.footer.right or None


def _write_sheet(ws: Worksheet, sheet: p.Sheet, font: str) -> None:
    for block in sheet.blocks:
        if isinstance(block, p.Table):
            _write_table(ws, block, font)
        elif isinstance(block, p.Text):
            _write_text(ws, block, font)
        else:
            _write_chart(ws, block)
    for letter, width in sheet.widths.items():
        ws.column_dimensions[letter].width = width
    for letter in sheet.hidden_columns:
        ws.column_dimensions[letter].hidden = True
    for v in sheet.validations:
        dv = DataValidation(
            type=v.kind,
            formula1=v.formula1,
            formula2=v.formula2,
            operator=None if v.kind == "list" else "between",
            allow_blank=True,
            showErrorMessage=v.strict,
            errorTitle="Kundenwert",
            error=v.error or None,
            showInputMessage=bool(v.prompt),
            prompt=v.prompt or None,
        )
        dv.add(v.ref)
        ws.add_data_validation(dv)
    if sheet.hidden:
        ws.sheet_state = "hidden"
    if sheet.protect:
        # no password: anyone can read; filters and sorting stay usable
        ws.protection.sheet = True
        ws.protection.autoFilter = False
        ws.protection.sort = False
    for row, height in sheet.row_heights.items():
        ws.row_dimensions[row].height = height
    if sheet.freeze:
        ws.freeze_panes = sheet.freeze
    _print_setup(ws, sheet)
    if sheet.tab_colour:
        ws.sheet_properties.tabColor = sheet.tab_colour


def build_workbook(plan: p.Plan, progress: Progress | None = None) -> Workbook:
    """An openpyxl Workbook carrying out the plan."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    # cells without a font of their own keep openpyxl's base style, Calibri (style.FONT)
    for sheet in plan.sheets:
        if progress:
            progress(p.Step("cli.schritt.blatt", sheet.name))
        _write_sheet(wb.create_sheet(sheet.name), sheet, plan.font)
    return wb


def add_sheet(wb: Workbook, sheet: p.Sheet) -> Worksheet:
    """Carry out one planned sheet as a new last sheet of an existing workbook."""
    ws: Worksheet = wb.create_sheet(sheet.name)
    _write_sheet(ws, sheet, FONT)
    return ws


def save_atomic(wb: Workbook, path: str | Path, buttons: p.Plan | None = None) -> Path:
    """Save to a temporary file beside `path`, then rename: no half-written file on failure.
    The sheet buttons of `buttons` are drawn in (openpyxl cannot draw shapes itself)."""
    with atomic_path(path) as tmp:
        wb.save(tmp)
        if buttons:
            add_buttons(tmp, buttons)
    return Path(path)


def write_plan(plan: p.Plan, path: str | Path, progress: Progress | None = None) -> Path:
    """Render `plan` into a new .xlsx at `path` (atomically), sheet buttons included."""
    return save_atomic(build_workbook(plan, progress), path, plan)


def write_rows(sheets: dict[str, list[list[object]]], path: str | Path) -> Path:
    """A plain workbook of cell values, one sheet per entry (first rows bold), atomically."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for i, r in enumerate(rows, start=1):
            for j, v in enumerate(r, start=1):
                if v is not None:
                    set_value(ws.cell(row=i, column=j), v)
        for c in ws[1]:
            c.font = Font(name=FONT, bold=True)
    return save_atomic(wb, path)
