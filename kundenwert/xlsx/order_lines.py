"""Find and read an order-line sheet (python-calamine: .xlsx, .xlsm, .xlsb, .xls, .ods; text
files through the text reader) and the customer sheet beside it."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from python_calamine import CalamineError, CalamineWorkbook

from kundenwert.cells.columns import propose_mapping
from kundenwert.cells.customer_table import REPEATED_ID_MESSAGES, ReadResult, find_header
from kundenwert.cells.datev import datev_lines
from kundenwert.cells.line_table import (
    LABELS_DE,
    LineRead,
    is_order_lines,
    line_field,
    line_overrides,
    line_proposal,
    read_line_columns,
    read_lines,
)
from kundenwert.errors import FileMessageError, InputFileError, MessageError
from kundenwert.xlsx.reader import read_customers, refuse_too_large
from kundenwert.xlsx.text_file import TEXT_SUFFIXES, TextOptions, read_text_table

ColumnMap = Mapping[str, str | None]
#: Sheet names that suggest order lines; only these (besides the sheet the customer reader
#: picked) are opened to look for lines, so a customer workbook is not parsed twice.
LINE_SHEET_WORDS = (
    "auftrag",
    "auftraege",
    "bestellung",
    "rechnung",
    "beleg",
    "position",
    "umsaetze",
    "zeilen",
    "order",
    "invoice",
    "transaction",
    "sales",
)
#: repeated customer numbers look like order lines from this many on, and this share of rows
LINE_LIKE_REPEATS = 3
LINE_LIKE_SHARE = 0.10
RESULT_SHEETS = ("Bewertung", "Scoring", "Auftragshistorie", "Order history", "Prüfprotokoll")


def _open(path: Path) -> CalamineWorkbook:
    if not path.is_file():
        raise FileMessageError("err.nicht_gefunden", path=str(path))
    refuse_too_large(path)
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as e:  # broken or foreign archives
        raise FileMessageError("err.mappe_unlesbar", path=str(path), reason=str(e)) from e


def _cells(book: CalamineWorkbook, sheet: str) -> list[list[object]]:
    return cast(list[list[object]], book.get_sheet_by_name(sheet).to_python(skip_empty_area=False))


def _suggests_lines(name: str) -> bool:
    plain = unicodedata.normalize("NFC", name).lower()
    plain = plain.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return any(w in plain for w in LINE_SHEET_WORDS)


def find_line_sheet(
    path: Path, sheet: str | None = None, column_map: ColumnMap | None = None
) -> str | None:
    """The order-line sheet of a workbook: `sheet` if given (refused when it holds no lines),
    else the first sheet whose name suggests lines and whose cells are lines (`column_map`:
    the explicit mapping, see line_overrides)."""
    overrides = line_overrides(column_map)
    book = _open(path)
    names = list(book.sheet_names)
    if sheet is not None:
        if sheet not in names:
            raise FileMessageError(
                "err.kein_blatt", path=str(path), sheet=sheet, names=", ".join(names)
            )
        return sheet
    for name in names:
        if _suggests_lines(name) and is_order_lines(_cells(book, name), overrides):
            return name
    return None


def read_order_lines(
    path: Path,
    sheet: str | None = None,
    text: TextOptions | None = None,
    column_map: ColumnMap | None = None,
) -> LineRead:
    """Read the order lines of `sheet` (or the first line sheet) of the workbook at `path`, or
    of a text file (`text`: what is known about its notation); `column_map`: the explicit
    mapping (`--spalte`), its line fields applied here."""
    overrides = line_overrides(column_map)
    if path.suffix.lower() in TEXT_SUFFIXES and path.is_file():
        table = read_text_table(path, text, column_map)
        if table.preamble is not None:  # a DATEV Buchungsstapel
            lines = datev_lines(
                table.header, table.columns, table.preamble, path.name, table.first_row
            )
            lines.problems[:0] = table.notes
            return lines
        # column by column; a table that reader does not take goes cell by cell
        columnar = (
            read_line_columns(
                table.header, table.columns, path.name, table.first_row, table.decimal, overrides
            )
            if table.columns
            else None
        )
        if columnar is not None:
            repeat = bool(columnar.ids_repeat)
        else:
            rows = table.rows()
            repeat = is_order_lines(rows, overrides)
        if not repeat:
            raise FileMessageError("err.keine_auftragszeilen", path=str(path))
        lines = columnar or read_lines(
            rows, path.name, first_row=table.first_row, decimal=table.decimal, overrides=overrides
        )
        lines.problems[:0] = table.notes
        return lines
    book = _open(path)
    names = list(book.sheet_names)
    if sheet is None:
        found = next(
            (n for n in names if _suggests_lines(n) and is_order_lines(_cells(book, n), overrides)),
            None,
        )
        found = found or next(
            (n for n in names if is_order_lines(_cells(book, n), overrides)), None
        )
        if found is None:
            raise FileMessageError(
                "err.kein_auftragsblatt",
                path=str(path),
                names=", ".join(names),
                proposal=line_proposal(_cells(book, names[0]), overrides) if names else "",
            )
        sheet = found
    elif sheet not in names:
        raise FileMessageError(
            "err.kein_blatt", path=str(path), sheet=sheet, names=", ".join(names)
        )
    return read_lines(_cells(book, sheet), sheet, overrides=overrides)


def find_customer_sheet(path: Path, exclude: str) -> str | None:
    """Another sheet of the workbook holding a customer table (one row per customer id)."""
    book = _open(path)
    for name in book.sheet_names:
        if name == exclude or name in RESULT_SHEETS:
            continue
        rows = _cells(book, name)
        if find_header(rows)[0] >= 0 and not is_order_lines(rows):
            return str(name)
    return None


@dataclass
class OrderInput:
    """Order lines for a scoring run and the customer sheet beside them, if any."""

    lines: LineRead
    customers: ReadResult | None


def order_input(
    source: Path,
    auftraege: str | None,
    read: ReadResult | None,
    customer_sheet: str | None = None,
    text: TextOptions | None = None,
    column_map: ColumnMap | None = None,
) -> OrderInput | None:
    """The order lines a `score` run uses, or None for a plain customer table.

    `auftraege` names a file or a sheet of `source`; without it, the sheet the customer reader
    took (`read`) counts as lines when it has a date and an amount column and its ids repeat,
    and otherwise a sheet whose name suggests lines is looked at.
    """
    overrides = line_overrides(column_map)
    if auftraege:
        given = Path(auftraege)
        if given.is_file():
            lines = read_order_lines(given, text=text, column_map=column_map)
            same_book = given.resolve() == source.resolve()
        else:
            lines = read_order_lines(source, auftraege, column_map=column_map)
            same_book = True
    elif read is not None and is_order_lines(read.raw, overrides):
        lines = read_lines(read.raw, read.sheet, first_row=read.header_row, overrides=overrides)
        same_book = True
    elif source.suffix.lower() in TEXT_SUFFIXES:
        if read is not None:
            return None  # a customer table, read by the customer reader
        try:  # no customer columns: perhaps order lines
            lines = read_order_lines(source, text=text, column_map=column_map)
        except InputFileError:
            return None
        same_book = True
    elif read is None:  # no customer table anywhere: lines on any sheet
        try:
            lines = read_order_lines(source, column_map=column_map)
        except InputFileError:
            return None
        same_book = True
    else:
        found = find_line_sheet(source, column_map=column_map)
        if found is None or found == read.sheet:
            return None
        lines = read_order_lines(source, found, column_map=column_map)
        same_book = True
    customers = None
    if read is not None and (not same_book or read.sheet != lines.sheet):
        customers = read  # the sheet the customer reader took is not the lines themselves
    else:
        text_file = source.suffix.lower() in TEXT_SUFFIXES  # one table, no sheet beside it
        other = None if text_file else customer_sheet or find_customer_sheet(source, lines.sheet)
        if other:
            customers = read_customers(source, sheet=other, required=("kunden_nr",))
    return OrderInput(lines, customers)


def refuse_repeated_ids(read: ReadResult) -> None:
    """A customer table whose ids repeat like order lines is no customer table: refuse it
    with the reason instead of scoring the first row of each id. A few repeats (a duplicate
    row, a second row with other figures) are a customer table's ordinary flaws: the reader
    kept the first row and listed the others (domain.md, "Order lines")."""
    repeated = [p for p in read.problems if p.message in REPEATED_ID_MESSAGES]
    rows = len(read.frame) + len(repeated)
    if len(repeated) < LINE_LIKE_REPEATS or len(repeated) < LINE_LIKE_SHARE * rows:
        return
    first = repeated[0]
    # the mapping that would read the sheet as lines, from its own headers
    free = [h for h, key, _ in read.mapping if key is None and line_field(h) is None]
    named = {line_field(h) for h, _, _ in read.mapping}
    missing = [(k, LABELS_DE[k]) for k in ("datum", "betrag") if k not in named]
    if "umsatz" in {key for _, key, _ in read.mapping}:
        missing = [m for m in missing if m[0] != "betrag"]  # the revenue is the amount
    raise MessageError(
        "err.ids_wiederholt",
        sheet=read.sheet,
        n=len(repeated),
        cid=first.customer_id,
        row=first.row,
        first=dict(first.args).get("row", "?"),
        proposal=(propose_mapping(free, missing) if missing else "")
        or f'--auftraege "{read.sheet}"',
    )
