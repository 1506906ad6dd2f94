"""Open a customer workbook safely and read its customer table (python-calamine, fast)."""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast
from xml.etree import ElementTree

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, SheetVisibleEnum

from kundenwert.book.labels import column_label, t
from kundenwert.cells.columns import INPUT_COLUMNS, compact, normalize_header
from kundenwert.cells.customer_table import (
    CONTACT_SHEETS,
    LazyRows,
    Overrides,
    ReadResult,
    find_header,
    header_key,
    mapping_overrides,
    read_contacts,
    read_customer_columns,
    read_customer_table,
    total_label,
)
from kundenwert.cells.grouped import customer_number_column
from kundenwert.cells.values import is_blank
from kundenwert.errors import UNUSED, FileMessageError, Message, MissingColumnsError, Problem, note
from kundenwert.language import LANGS
from kundenwert.method.config import DERIVED_FACTORS
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
#: Sheets of a result workbook besides its input sheet: never the customer list to score.
OWN_SHEETS = ("Bewertung", "Scoring", "Auftragshistorie", "Order history")
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
    if path.name.startswith("~$"):  # Excel's lock file while the workbook is open
        raise FileMessageError("err.sperrdatei", path=str(path), book=path.name[2:])
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
    """(0-based row, col) → Excel error literal, for the cells calamine hands over as empty."""
    return _scan_sheet(path, sheet).errors


@dataclass
class SheetScan:
    """What calamine does not hand over: error cells and formulas saved without a value
    ((0-based row, col) → error literal or formula), and the hidden rows (1-based)."""

    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_columns: set[int] = field(default_factory=set)  # 0-based

    def add(self, xml: bytes) -> None:
        if b"<cols>" in xml:
            self.hidden_columns |= _hidden_columns_in(xml)
        self.errors |= _errors_in(xml)
        self.hidden |= _hidden_in(xml)
        self.formulas |= _formulas_in(xml)


def _scan_sheet(path: Path, sheet: str) -> SheetScan:
    """The error cells (see error_cells), the formulas without a saved value and the hidden
    rows of a sheet.

    One regular-expression pass over the sheet XML, read in slices cut at row ends so a
    million-row sheet never sits in memory as one string; cheap when there are none.
    """
    scan = SheetScan()
    with zipfile.ZipFile(path) as z:
        if "xl/workbook.xml" not in z.namelist():
            return scan  # .ods and .xlsb: calamine hands over their error cells itself
        part = sheet_parts(z).get(sheet)
    if not part or not part.endswith(".xml"):
        return scan
    rest = b""
    with zipfile.ZipFile(path) as z, z.open(part) as xml:
        while piece := xml.read(XML_SLICE):
            text = rest + piece
            cut = _slice_end(text)  # a row (or a cell) is never split over two slices
            text, rest = text[:cut], text[cut:]
            scan.add(text)
    scan.add(rest)
    return scan


def _slice_end(text: bytes) -> int:
    """Where to cut a slice of sheet XML: after its last row, else after its last cell (a
    row of megabytes), else nowhere of use (no cell at all: white space, never kept, so the
    search stays linear in the size of the part)."""
    for end in (b"</row>", b"</c>"):
        cut = text.rfind(end)
        if cut >= 0:
            return cut + len(end)
    return max(len(text) - 256, 0)


# a formula cell with no value saved (written by a script; Excel computes it on opening)
_NO_VALUE = re.compile(
    rb'<c r="([A-Z]+)(\d+)"[^>]*>\s*<f(?:\s[^>]*)?>([^<]*)</f>\s*(?:<v\s*/>|<v></v>)?\s*</c>'
)


_COL = re.compile(rb"<col\b[^>]*>")
_COL_SPAN = re.compile(rb'\smin="(\d+)"[^>]*?\smax="(\d+)"|\smax="(\d+)"[^>]*?\smin="(\d+)"')


def _hidden_columns_in(xml: bytes) -> set[int]:
    found: set[int] = set()
    for tag in _COL.findall(xml[: xml.find(b"</cols>") + 7]):
        if not re.search(rb'\shidden="(?:1|true)"', tag):
            continue
        span = _COL_SPAN.search(tag)
        if span:
            a, b, c, d = span.groups()
            low, high = (int(a), int(b)) if a else (int(d), int(c))
            found.update(range(low - 1, high))
    return found


def _formulas_in(xml: bytes) -> dict[tuple[int, int], str]:
    if b"</f>" not in xml:
        return {}
    return {
        (int(row) - 1, _column_index(col)): "=" + html.unescape(formula.decode())
        for col, row, formula in _NO_VALUE.findall(xml)
    }


_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\shidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')


def _hidden_in(xml: bytes) -> set[int]:
    if b'hidden="' not in xml:
        return set()
    found = set()
    for tag in _HIDDEN_ROW.findall(xml):
        number = _ROW_NUMBER.search(tag)
        if number:
            found.add(int(number.group(1)))
    return found


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
    """Read the customer table of `sheet`, or of the visible sheet with the most customer rows
    (see _choose_sheet): .xlsx, .xlsm, .xlsb, .xls, .ods, or a text file (.csv, .txt; `text`
    states what is known about it). `column_map`: explicit mapping, header in the file →
    column key; `required` as in read_customer_table. Hidden customer rows, formulas without
    a saved value and a hidden column beside a visible one of the same field are noted."""
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
    xml = source.suffix.lower() in (".xlsx", ".xlsm") and zipfile.is_zipfile(source)
    overrides = mapping_overrides(column_map or {})
    visible = [m.name for m in book.sheets_metadata if m.visible == SheetVisibleEnum.Visible]
    likely = sheet or next(iter(visible), None)
    # one thread: it searches the likely sheet's XML (error cells, hidden rows) while calamine
    # parses, without holding the GIL; only Office Open XML keeps error cells where calamine
    # hands them over as empty
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sheet-xml") as pool:
        scan = pool.submit(_scan_sheet, source, likely) if xml and likely else None
        if sheet is None:
            sheet, rows, seen = _choose_sheet(book, source, max_rows, overrides)
        else:
            rows, seen = _sheet_rows(book, source, sheet, max_rows), []
        if scan is not None and sheet == likely:
            xml_found = scan.result()
        else:
            xml_found = _scan_sheet(source, sheet) if xml else SheetScan()
    errors, hidden = xml_found.errors, xml_found.hidden
    for (r, c), literal in errors.items():
        if r < len(rows):
            row = rows[r]
            if c >= len(row):
                row.extend([None] * (c + 1 - len(row)))
            row[c] = literal
    chosen, preferred = _visible_first(rows, overrides, xml_found.hidden_columns, sheet)
    result = read_customer_table(
        rows, sheet, column_map={**(column_map or {}), **chosen}, required=required
    )
    if preferred:
        _say_preferred(result, preferred)
    own_columns(result)
    result.problems[:0] = _sheet_notes(sheet, seen)
    if hidden:
        result.problems.extend(_hidden_rows_note(result, hidden))
    if xml_found.formulas:
        result.problems.extend(_unsaved_formulas(result, xml_found.formulas))
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


#: A sheet that holds a customer header: its name, customer rows and whether it is hidden.
SeenSheet = tuple[str, int, bool]


def _sheet_rows(
    book: CalamineWorkbook, source: Path, name: str, max_rows: int
) -> list[list[object]]:
    """A sheet's cells from A1 (list index = Excel row/column − 1); refused beyond max_rows."""
    data = _sheet(book, source, name)
    if data.total_height > max_rows + 100:
        raise FileMessageError(
            "err.zu_viele_zeilen",
            path=f"{source}, '{name}'",
            rows_count=data.total_height,
            limit_count=max_rows,
        )
    rows = cast(list[list[object]], data.to_python(skip_empty_area=False))
    del data  # calamine's own copy of the cells, as large again as the rows
    return rows


def _customer_rows(rows: Sequence[Sequence[object]], index: int, id_col: int) -> int:
    """Distinct ids below the header that are no totals label: how many customers a sheet
    lists (a cover sheet's example row counts one, order lines count each customer once)."""
    ids = set()
    for row in rows[index + 1 :]:
        v = row[id_col] if id_col < len(row) else None
        if not is_blank(v) and not total_label(v, True):
            ids.add(str(v).strip())
    return len(ids)


def _choose_sheet(
    book: CalamineWorkbook, source: Path, max_rows: int, overrides: Overrides
) -> tuple[str, list[list[object]], list[SeenSheet]]:
    """The sheet to read when none is named: of the visible sheets with a customer header the
    one with the most customer rows (the first of equal ones), so a cover sheet with an example
    row or an old hidden copy is not taken for the list. Every sheet with a customer header is
    returned too, so the run can say which one it read. A hidden sheet is read only when
    named (--sheet): the refusal says so. A result workbook's own sheets (Bewertung, …) are
    looked at only when no other sheet holds a customer header."""
    hidden = {m.name for m in book.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
    names = list(book.sheet_names)
    best: tuple[str, list[list[object]]] | None = None
    best_count = -1
    pending: tuple[int, int] | None = None  # header row and id column of `best`, not counted
    seen: list[SeenSheet] = []
    first_failure: MissingColumnsError | None = None
    ours = [n for n in names if n in OWN_SHEETS and n not in hidden]
    order = [n for n in names if n not in hidden and n not in ours]
    order += [n for n in names if n in hidden]
    for name in [*order, *ours]:
        if name in ours and seen:
            break
        rows = _sheet_rows(book, source, name, max_rows)
        index, _ = find_header(rows, overrides)
        if index < 0:
            if name not in hidden:
                first_failure = first_failure or _missing(rows, name)
            continue
        id_col = _id_column(rows, index, overrides)
        if not seen and name not in hidden:
            # the first list is counted only when another sheet competes with it: a book of
            # one customer sheet is read without a pass over its rows
            best, pending = (name, rows), (index, id_col)
            seen.append((name, 0, False))
            continue
        if best is not None and pending is not None:
            best_count = _customer_rows(best[1], *pending)
            seen[0], pending = (best[0], best_count, False), None
        count = _customer_rows(rows, index, id_col)
        seen.append((name, count, name in hidden))
        if name not in hidden and count > best_count:
            best, best_count = (name, rows), count
    if best is not None:
        return best[0], best[1], seen
    shown = [s for s in seen if s[2]]
    if shown:
        raise FileMessageError(
            "err.nur_ausgeblendet", path=str(source), sheet=shown[0][0], n=shown[0][1]
        )
    assert first_failure is not None or not names
    if first_failure is None:
        raise FileMessageError("err.mappe_unlesbar", path=str(source), reason="no sheet")
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


def _id_column(rows: Sequence[Sequence[object]], index: int, overrides: Overrides) -> int:
    """The customer-number column of a header find_header accepted."""
    header = rows[index]
    j = next((j for j, h in enumerate(header) if header_key(h, overrides) == "kunden_nr"), None)
    if j is None:  # "Kunde" over the numbers (SAP BEx)
        j = customer_number_column(header, rows[index + 1 :], set(overrides))
    return j or 0


def _sheet_notes(sheet: str, seen: Sequence[SeenSheet]) -> list[Problem]:
    """Which sheet was read and which others with a customer header were seen (nothing when
    it was the only one)."""
    if len(seen) < 2:
        return []
    n = next(count for name, count, _ in seen if name == sheet)
    found = [note(sheet, None, None, sheet, "note", "msg.blatt_gelesen", used=sheet, n=n)]
    for name, count, hidden in seen:
        if name != sheet:
            key = "msg.blatt_ausgeblendet" if hidden else "msg.blatt_weniger"
            found.append(note(name, None, None, name, "note", key, other=name, n=count, used=sheet))
    return found


#: Rows listed by number in the hidden-rows note; beyond them it counts.
LISTED_HIDDEN = 10


def _hidden_rows_note(result: ReadResult, hidden: set[int]) -> list[Problem]:
    """One note when customer rows are hidden (an AutoFilter, grouped rows): they are scored,
    as hidden is not deleted, and the run says how many."""
    rows = [r for r in result.frame["excel_row"].tolist() if r in hidden]
    if not rows:
        return []
    listed = ", ".join(str(r) for r in rows[:LISTED_HIDDEN])
    listed += " …" if len(rows) > LISTED_HIDDEN else ""
    return [
        note(result.sheet, None, None, len(rows), "note", "msg.zeilen_ausgeblendet",
             n=len(rows), rows=listed)
    ]  # fmt: skip


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
    if table.preamble is not None:  # a DATEV Buchungsstapel: bookings, read as order lines
        raise MissingColumnsError(
            path.name, ["Kunden-Nr", "Umsatz"], table.header[:8], [], keys=["kunden_nr", "umsatz"]
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


#: Formulas without a value listed one by one; beyond them counted.
LISTED_FORMULAS = 20


def _unsaved_formulas(result: ReadResult, formulas: dict[tuple[int, int], str]) -> list[Problem]:
    """One finding per formula the reader used with no value saved (a script wrote "=1/0" and
    nothing computed it): the cell was read as empty, so the customer may lack a figure."""
    header = result.raw[0] if result.raw else []
    used = {j for j, h in enumerate(header) if not is_blank(h) and any(
        m[0] == str(h) and m[1] for m in result.mapping)}  # fmt: skip
    rows = dict(zip(result.frame["excel_row"].tolist(), result.frame["kunden_nr"], strict=True))
    top = result.header_row  # 1-based; formulas are keyed 0-based
    cells = sorted((r + 1, c) for r, c in formulas if c in used and r + 1 > top and r + 1 in rows)
    found = [
        note(result.sheet, r, str(header[c]), formulas[(r - 1, c)], "value_ignored",
             "msg.formel_ohne_wert", str(rows[r]))
        for r, c in cells[:LISTED_FORMULAS]
    ]  # fmt: skip
    if len(cells) > LISTED_FORMULAS:
        more = len(cells) - LISTED_FORMULAS
        found.append(
            note(result.sheet, None, None, more, "value_ignored", "msg.formel_ohne_wert_weitere",
                 n=more)
        )  # fmt: skip
    return found


#: The columns a result or template computes itself (derived factors, scores, segment, ABC).
OWN_KEYS = (*DERIVED_FACTORS, "ist_score", "potenzial_score", "segment", "abc")


def _own_headers() -> set[str]:
    """The headers of the columns a kundenwert template computes with formulas, in both
    languages, compared as headers are ("Normierung Umsatz", "Ist-Score", "ABC", …)."""
    names = {column_label(k, lang) for k in OWN_KEYS for lang in LANGS}
    factors = [*(c.key for c in INPUT_COLUMNS), *DERIVED_FACTORS]
    names |= {f"{t('k.methode', lang)} {column_label(k, lang)}" for k in factors for lang in LANGS}
    return {compact(normalize_header(n)[0]) for n in names}


def own_columns(result: ReadResult) -> None:
    """A filled template's own formula columns are known, not unknown: they are computed again
    by the scoring, so one note names them instead of one "not used" finding each."""
    own = _own_headers()

    def is_own(header: object) -> bool:
        return compact(normalize_header(str(header))[0]) in own

    found = [m[0] for m in result.mapping if m[1] is None and m[2] == UNUSED and is_own(m[0])]
    if not found:
        return
    taken = set(found)
    result.mapping[:] = [
        (h, k, Message("msg.map.eigene_spalte") if h in taken and k is None else why)
        for h, k, why in result.mapping
    ]
    result.problems[:] = [
        p for p in result.problems if not (p.action == "column_ignored" and p.column in taken)
    ]
    result.problems.append(
        note(result.sheet, result.header_row, None, len(found), "note", "msg.eigene_spalten",
             n=len(found), columns=", ".join(found[:4]) + (", …" if len(found) > 4 else ""))
    )  # fmt: skip


_GROSS = re.compile(r"\b(?:brutto|gross|inkl|incl)", re.IGNORECASE)


def _say_preferred(result: ReadResult, preferred: list[Problem]) -> None:
    """The visible column chosen over a hidden one, said so in place of the reader's
    "explicitly mapped" notes (the user mapped nothing)."""
    said = {p.column: p for p in preferred}
    used = {str(dict(p.args)["used"]) for p in preferred}
    result.problems[:] = [
        said.get(p.column, p) if p.action == "column_ignored" else p for p in result.problems
    ]
    result.mapping[:] = [
        (h, k, Message("msg.spalte_sichtbar", said[h].args) if h in said else why)
        if h not in used
        else (h, k, None)
        for h, k, why in result.mapping
    ]


def _visible_first(
    rows: Sequence[Sequence[object]], overrides: Overrides, hidden: set[int], sheet: str
) -> tuple[dict[str, str | None], list[Problem]]:
    """Where two columns name the same field, the visible one before a hidden one (a hidden
    gross "Umsatz" beside a visible "Nettoumsatz"): the mapping that takes it and a note
    saying which was used. Nothing when no column is hidden."""
    if not hidden:
        return {}, []
    index = find_header(rows, overrides)[0]
    if index < 0:
        return {}, []
    header = rows[index]
    by_key: dict[str, list[int]] = {}
    for j, h in enumerate(header):
        key = None if is_blank(h) else header_key(h, overrides)
        if key:
            by_key.setdefault(key, []).append(j)
    chosen: dict[str, str | None] = {}
    notes: list[Problem] = []
    for key, js in by_key.items():
        if len(js) < 2 or not any(j in hidden for j in js):
            continue
        best = min(js, key=lambda j: (j in hidden, bool(_GROSS.search(str(header[j]))), j))
        if best == js[0] or str(header[best]) == str(header[js[0]]):
            continue
        chosen[str(header[best])] = key
        for j in js:
            if j != best:
                notes.append(
                    note(sheet, index + 1, str(header[j]), str(header[j]), "column_ignored",
                         "msg.spalte_sichtbar", used=str(header[best]), other=str(header[j]))
                )  # fmt: skip
    return chosen, notes
