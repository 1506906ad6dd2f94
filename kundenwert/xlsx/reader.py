"""Open a customer workbook safely and read its customer table (python-calamine, fast)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import cast
from xml.etree import ElementTree

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

from kundenwert.cells.customer_table import (
    CONTACT_SHEETS,
    LazyRows,
    ReadResult,
    find_header,
    mapping_overrides,
    read_contacts,
    read_customer_columns,
    read_customer_table,
)
from kundenwert.errors import FileMessageError, MissingColumnsError
from kundenwert.xlsx.text_file import TEXT_SUFFIXES, TextOptions, read_text_table

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "ReadResult",
    "check_file",
    "read_customers",
    "read_customer_table",
]

#: Larger files are refused before reading: beyond this an .xlsx is no customer list any more.
MAX_FILE_BYTES = 300 * 1024 * 1024
#: Customer rows per table; Excel itself stops at 1,048,576 rows.
MAX_ROWS = 1_000_000

GROWTH_SHEETS = ("Wachstumstabelle", "Growth table")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ERROR_CELL = re.compile(
    rb'<c r="([A-Z]+)(\d+)"[^>]*?t="e"[^>]*>(?:<f[^<]*(?:</f>)?)?<v>([^<]*)</v>'
)
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


#: Workbook formats python-calamine reads; text files go through text_file.py.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")


def refuse_too_large(path: Path) -> None:
    """Refuse a file beyond MAX_FILE_BYTES, naming its size and the limit."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise FileMessageError(
            "err.zu_gross",
            path=str(path),
            mb=round(size / 2**20),
            limit=round(MAX_FILE_BYTES / 2**20),
        )


def check_file(path: Path, any_workbook: bool = False) -> Path:
    """Refuse what is no readable .xlsx, with a message that says what it is instead;
    `any_workbook` also takes .xls, .xlsb and .ods (read by calamine)."""
    if not path.exists():
        raise FileMessageError("err.nicht_gefunden", path=str(path))
    if path.is_dir():
        raise FileMessageError("err.ordner", path=str(path))
    refuse_too_large(path)
    with path.open("rb") as f:
        head = f.read(8)
    suffix = path.suffix.lower()
    if any_workbook and head == _OLE_MAGIC and suffix == ".xls":
        return path  # the old binary format; calamine reads it (a password shows when read)
    if any_workbook and suffix in (".xls", ".xlsb"):
        _refuse_disguised(path, suffix)
    if any_workbook and zipfile.is_zipfile(path) and suffix in WORKBOOK_SUFFIXES:
        return _bounded(path)
    if any_workbook and suffix in (".ods", ".xls", ".xlsb") and head != _OLE_MAGIC:
        # named like a workbook, but neither a zip package nor the old binary format
        raise FileMessageError("err.mappe_unlesbar", path=str(path), reason=suffix)
    if any_workbook and suffix not in WORKBOOK_SUFFIXES:
        raise FileMessageError(
            "err.dateityp", path=str(path), suffix=path.suffix, formats=", ".join(WORKBOOK_SUFFIXES)
        )
    if head == _OLE_MAGIC:
        raise FileMessageError("err.kennwort", path=str(path))
    if not zipfile.is_zipfile(path):
        raise FileMessageError("err.kein_xlsx", path=str(path))
    return _bounded(path)


def _refuse_disguised(path: Path, suffix: str) -> None:
    """A file named .xls or .xlsb that is something else, refused with what it really is:
    an .xlsx package renamed, or a web page or XML table that a system exported as .xls."""
    with path.open("rb") as f:
        start = f.read(2048).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if zipfile.is_zipfile(path) and suffix == ".xls":
        raise FileMessageError("err.ist_xlsx", path=str(path), suffix=suffix)
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body")):
        raise FileMessageError("err.ist_html", path=str(path), suffix=suffix)
    if start.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in start:
        raise FileMessageError("err.ist_xml2003", path=str(path), suffix=suffix)


def _bounded(path: Path) -> Path:
    """`path`, once its parts are known to fit in memory and time (package_guard)."""
    from kundenwert.xlsx.package_guard import check_package

    check_package(path)
    return path


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → part name inside the open package (xl/worksheets/sheetN.xml)."""
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for s in book.iter(f"{{{_NS['m']}}}sheet"):
        target = targets.get(s.get(f"{{{_NS['r']}}}id"), "")
        target = target.lstrip("/")
        parts[s.get("name", "")] = target if target.startswith("xl/") else f"xl/{target}"
    return parts


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


#: Bytes of sheet XML searched at a time for error cells.
XML_SLICE = 8 << 20


def error_cells(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """(0-based row, col) → Excel error literal, for the cells calamine hands over as empty.

    One regular-expression pass over the sheet XML, read in slices cut at row ends so a
    million-row sheet never sits in memory as one string; cheap when there are no errors.
    """
    with zipfile.ZipFile(path) as z:
        if "xl/workbook.xml" not in z.namelist():
            return {}  # .ods and .xlsb: calamine hands over their error cells itself
        part = sheet_parts(z).get(sheet)
    if not part or not part.endswith(".xml"):
        return {}
    found: dict[tuple[int, int], str] = {}
    rest = b""
    with zipfile.ZipFile(path) as z, z.open(part) as xml:
        while piece := xml.read(XML_SLICE):
            text = rest + piece
            cut = _slice_end(text)  # a row (or a cell) is never split over two slices
            text, rest = text[:cut], text[cut:]
            found |= _errors_in(text)
    return found | _errors_in(rest)


def _slice_end(text: bytes) -> int:
    """Where to cut a slice of sheet XML: after its last row, else after its last cell (a
    row of megabytes), else nowhere of use (no cell at all: white space, never kept, so the
    search stays linear in the size of the part)."""
    for end in (b"</row>", b"</c>"):
        cut = text.rfind(end)
        if cut >= 0:
            return cut + len(end)
    return max(len(text) - 256, 0)


def _no_errors(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    return {}


def _errors_in(xml: bytes) -> dict[tuple[int, int], str]:
    if b't="e"' not in xml:
        return {}
    return {
        (int(row) - 1, _column_index(col)): value.decode()
        for col, row, value in _ERROR_CELL.findall(xml)
    }


def read_customers(
    path: str | Path,
    sheet: str | None = None,
    max_rows: int = MAX_ROWS,
    column_map: Mapping[str, str | None] | None = None,
    text: TextOptions | None = None,
    required: Sequence[str] | None = None,
) -> ReadResult:
    """Read the customer table from the first sheet with a recognisable header (or `sheet`):
    .xlsx, .xlsm, .xlsb, .xls, .ods, or a text file (.csv, .txt; `text` states what is known
    about it). `column_map`: explicit mapping, header in the file → column key; `required` as
    in read_customer_table."""
    given = Path(path)
    if given.suffix.lower() in TEXT_SUFFIXES and given.is_file():
        return _read_text(given, max_rows, column_map, text, required)
    source = check_file(given, any_workbook=True)
    try:
        book = CalamineWorkbook.from_path(str(source))
    except (CalamineError, OSError, ValueError) as e:  # broken or foreign archives
        raise FileMessageError("err.mappe_unlesbar", path=str(source), reason=str(e)) from e
    names = list(book.sheet_names)
    if sheet is not None and sheet not in names:
        raise FileMessageError(
            "err.kein_blatt", path=str(source), sheet=sheet, names=", ".join(names)
        )
    candidates = [sheet] if sheet else names
    xml = source.suffix.lower() in (".xlsx", ".xlsm") and zipfile.is_zipfile(source)
    first_failure: MissingColumnsError | None = None
    # one thread: it searches each sheet's error cells while calamine parses the sheet
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="error-cells") as pool:
        for name in candidates:
            # calamine parses without holding the GIL, so the error cells are searched meanwhile
            # only Office Open XML keeps error cells where calamine hands them over as empty
            errors = pool.submit(error_cells if xml else _no_errors, source, name)
            data = _sheet(book, source, name)
            if data.total_height > max_rows + 100:
                raise FileMessageError(
                    "err.zu_viele_zeilen",
                    path=f"{source}, '{name}'",
                    rows_count=data.total_height,
                    limit_count=max_rows,
                )
            # skip_empty_area=False starts at A1, so list index = Excel row/column − 1
            rows = cast(list[list[object]], data.to_python(skip_empty_area=False))
            del data  # calamine's own copy of the cells, as large again as the rows
            overrides = mapping_overrides(column_map or {})
            if find_header(rows, overrides)[0] < 0 and sheet is None:
                first_failure = first_failure or _missing(rows, name)
                continue
            for (r, c), literal in errors.result().items():
                if r < len(rows):
                    row = rows[r]
                    if c >= len(row):
                        row.extend([None] * (c + 1 - len(row)))
                    row[c] = literal
            result = read_customer_table(rows, name, column_map=column_map, required=required)
            contact_sheet = next((s for s in CONTACT_SHEETS if s in names), None)
            if contact_sheet:
                cells = cast(
                    list[list[object]],
                    book.get_sheet_by_name(contact_sheet).to_python(skip_empty_area=False),
                )
                result.contacts, found = read_contacts(cells, contact_sheet)
                result.problems.extend(found)
            growth = next((s for s in GROWTH_SHEETS if s in names), None)
            if growth:
                result.growth_cells = cast(
                    list[list[object]],
                    book.get_sheet_by_name(growth).to_python(skip_empty_area=False),
                )
            return result
    assert first_failure is not None
    raise first_failure


def _sheet(book: CalamineWorkbook, source: Path, name: str) -> CalamineSheet:
    """One sheet of the book; a sheet whose XML calamine cannot parse is a bad input,
    named with its sheet and part, never an unexpected failure."""
    try:
        return book.get_sheet_by_name(name)
    except CalamineError as e:
        part = ""
        if zipfile.is_zipfile(source):
            with zipfile.ZipFile(source) as z:
                part = sheet_parts(z).get(name, "")
        raise FileMessageError(
            "err.blatt_unlesbar", path=str(source), sheet=name, part=part, reason=str(e)
        ) from e


def _read_text(
    path: Path,
    max_rows: int,
    column_map: Mapping[str, str | None] | None,
    options: TextOptions | None,
    required: Sequence[str] | None = None,
) -> ReadResult:
    refuse_too_large(path)
    table = read_text_table(path, options, column_map)
    if table.length + 1 > max_rows + 100:
        raise FileMessageError(
            "err.zu_viele_zeilen", path=str(path), rows_count=table.length + 1, limit_count=max_rows
        )
    rows = LazyRows(table.rows)  # the input sheet's cells, made when the result book asks
    found = (
        read_customer_columns(
            table.header,
            table.columns,
            path.name,
            table.first_row,
            rows,
            column_map,
            required,
            table.decimal,
        )
        if table.columns
        else None
    )
    # anything the column-wise reader does not take (a header further down than the sample
    # showed, a required column missing) goes the per-cell way, which also says what is wrong
    result = found or read_customer_table(
        rows, path.name, table.first_row, column_map, required, table.decimal
    )
    result.problems[:0] = table.notes
    return result


def _missing(rows: list[list[object]], sheet: str) -> MissingColumnsError:
    try:
        read_customer_table(rows, sheet)
    except MissingColumnsError as e:
        return e
    raise AssertionError("read_customer_table accepted a table find_header rejected")
