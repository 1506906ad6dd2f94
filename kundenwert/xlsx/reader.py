"""Open a customer workbook safely and read its customer table (python-calamine, fast)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import cast
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook

from kundenwert.cells.customer_table import (
    CONTACT_SHEETS,
    ReadResult,
    find_header,
    read_contacts,
    read_customer_table,
)
from kundenwert.errors import InputFileError, MissingColumnsError

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


def check_file(path: Path) -> Path:
    """Refuse what is no readable .xlsx, with a message that says what it is instead."""
    if not path.exists():
        raise InputFileError(f"Datei nicht gefunden: {path}")
    if path.is_dir():
        raise InputFileError(f"{path} ist ein Ordner, erwartet wird eine .xlsx-Datei")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputFileError(
            f"{path}: {size / 2**20:.0f} MB, größer als die Grenze von "
            f"{MAX_FILE_BYTES / 2**20:.0f} MB. Bitte die Kundentabelle in eine eigene Datei legen."
        )
    with path.open("rb") as f:
        head = f.read(8)
    if head == _OLE_MAGIC:
        raise InputFileError(
            f"{path}: die Datei ist kennwortgeschützt oder im alten .xls-Format. Bitte in Excel "
            f"öffnen und ohne Kennwort als .xlsx speichern."
        )
    if not zipfile.is_zipfile(path):
        raise InputFileError(
            f"{path}: keine Excel-Arbeitsmappe (.xlsx). CSV- und Textdateien bitte zuerst in "
            f"Excel öffnen und als .xlsx speichern."
        )
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
        part = sheet_parts(z).get(sheet)
    if not part:
        return {}
    found: dict[tuple[int, int], str] = {}
    rest = b""
    with zipfile.ZipFile(path) as z, z.open(part) as xml:
        while piece := xml.read(XML_SLICE):
            text = rest + piece
            cut = text.rfind(b"</row>") + len(b"</row>")  # a row is never split over two slices
            if cut < len(b"</row>"):
                rest = text
                continue
            text, rest = text[:cut], text[cut:]
            found |= _errors_in(text)
    return found | _errors_in(rest)


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
    required: Sequence[str] | None = None,
) -> ReadResult:
    """Read the customer table from the first sheet with a recognisable header (or `sheet`);
    `required` as in read_customer_table."""
    source = check_file(Path(path))
    try:
        book = CalamineWorkbook.from_path(str(source))
    except Exception as e:  # calamine raises its own error types for broken archives
        raise InputFileError(f"{source}: die Arbeitsmappe kann nicht gelesen werden ({e})") from e
    names = list(book.sheet_names)
    if sheet is not None and sheet not in names:
        raise InputFileError(f"{source}: kein Blatt '{sheet}'; vorhanden: {', '.join(names)}")
    candidates = [sheet] if sheet else names
    first_failure: MissingColumnsError | None = None
    # one thread: it searches each sheet's error cells while calamine parses the sheet
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="error-cells") as pool:
        for name in candidates:
            # calamine parses without holding the GIL, so the error cells are searched meanwhile
            errors = pool.submit(error_cells, source, name)
            data = book.get_sheet_by_name(name)
            if data.total_height > max_rows + 100:
                raise InputFileError(
                    f"{source}, Blatt '{name}': {data.total_height} Zeilen, mehr als die "
                    f"Grenze von {max_rows:,} Kunden".replace(",", ".")
                )
            # skip_empty_area=False starts at A1, so list index = Excel row/column − 1
            rows = cast(list[list[object]], data.to_python(skip_empty_area=False))
            del data  # calamine's own copy of the cells, as large again as the rows
            if find_header(rows)[0] < 0 and sheet is None:
                first_failure = first_failure or _missing(rows, name)
                continue
            for (r, c), literal in errors.result().items():
                if r < len(rows):
                    row = rows[r]
                    if c >= len(row):
                        row.extend([None] * (c + 1 - len(row)))
                    row[c] = literal
            result = read_customer_table(rows, name, required=required)
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


def _missing(rows: list[list[object]], sheet: str) -> MissingColumnsError:
    try:
        read_customer_table(rows, sheet)
    except MissingColumnsError as e:
        return e
    raise AssertionError("read_customer_table accepted a table find_header rejected")
