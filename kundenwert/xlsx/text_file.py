"""Customer tables from text files (.csv, .txt) as ERPs export them: the delimiter, decimal and
thousands separators, encoding and date order are detected (or given), and each decision is
reported for the check sheet. pandas parses; the cells then go through the same table reader
as a workbook's."""

from __future__ import annotations

import codecs
import csv
import gc
import io
import re
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from kundenwert.book.geometry import col_letter
from kundenwert.cells.columns import BY_KEY
from kundenwert.cells.customer_table import (
    Cells,
    DateColumn,
    column_cells,
    find_header,
    header_key,
    mapping_overrides,
)
from kundenwert.cells.datev import is_datev
from kundenwert.cells.line_table import LINE_TEXTS, line_field, line_overrides
from kundenwert.cells.values import notation_votes
from kundenwert.errors import FileMessageError, Problem, note
from kundenwert.method.dates import plausible_dates

TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
DateOrder = Literal["dmy", "mdy", "ymd"]
DELIMITERS = (";", "\t", ",", "|")
SAMPLE_LINES = 200

_DATE = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{2,4})$")


@dataclass(frozen=True)
class TextOptions:
    """What the user states about a text file; None = detect."""

    delimiter: str | None = None
    decimal: str | None = None
    thousands: str | None = None
    encoding: str | None = None
    date_order: DateOrder | None = None


def _decodes(path: Path, encoding: str) -> bool:
    """Whether the whole file decodes in `encoding`: a megabyte at a time, three times faster
    than decoding it at once (no text of the whole file is made, only to be thrown away)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as f:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _encoding(head: bytes, path: Path, given: str | None) -> tuple[str, str]:
    """The encoding and how it was found: a byte-order mark, valid UTF-8, else Windows-1252
    (what German Windows ERPs write). `head` is the file's first bytes; the rest is read
    only when they are valid UTF-8."""
    if given:
        try:
            codecs.lookup(given)
        except LookupError:
            raise FileMessageError("err.kodierung_unbekannt", encoding=given) from None
        return given, "given"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "bom"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "bom"
    try:
        # the first bytes alone first: most Windows-1252 files show it there (a character
        # cut at the end of the slice is no error here)
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252", "detected"
    return ("utf-8", "detected") if _decodes(path, "utf-8") else ("cp1252", "detected")


def _delimiter(lines: Sequence[str]) -> str:
    """The candidate that splits most lines into the same, largest number of fields."""
    best, best_score = ";", (0, 0)
    for cand in DELIMITERS:
        counts = Counter(line.count(cand) for line in lines if line.strip())
        if not counts:
            continue
        fields, lines_with = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        score = (lines_with, fields) if fields > 0 else (0, 0)
        if score > best_score:
            best, best_score = cand, score
    return best


def _separators(tokens: Sequence[str], delimiter: str) -> tuple[str, str, str]:
    """Decimal and thousands separator from the numbers seen, and whether that was detected
    or assumed (no number that tells: German unless the delimiter is ',').

    A currency sign and SAP's trailing minus are looked past ("$12,500.00", "1.234,56-"); a
    number with one separator and three digits after it ("1,234") tells nothing, as it reads
    both ways."""
    german, english = notation_votes(tokens)
    if german > english:
        return ",", ".", "detected"
    if english > german:
        return ".", ",", "detected"
    return (",", ".", "assumed") if delimiter != "," else (".", ",", "assumed")


def _date_order(tokens: Sequence[str], decimal: str) -> tuple[DateOrder, str]:
    """Day before month unless a date shows otherwise (13/01 is day first, 01/13 month first)."""
    firsts, seconds, slash = [], [], False
    for x in tokens:
        m = _DATE.match(x)
        if m:
            firsts.append(int(m.group(1)))
            seconds.append(int(m.group(3)))
            slash |= m.group(2) == "/"
    if not firsts:
        return "dmy", "assumed"
    if max(firsts) > 12:
        return "dmy", "detected"
    if max(seconds) > 12:
        return "mdy", "detected"
    return ("mdy" if slash and decimal == "." else "dmy"), "assumed"


_USUAL: dict[DateOrder, str] = {"dmy": "%d.%m.%Y", "mdy": "%m/%d/%Y", "ymd": "%Y-%m-%d"}


def _dates(column: pd.Series, order: DateOrder) -> DateColumn:
    """The cells that read as dates, parsed; the rest stay as written, so the table reader
    reports them with their row."""
    present = column.notna().to_numpy()
    text = column
    # each distinct text parsed once (order lines repeat their days): the order's usual
    # format in one pass in C (read as the flexible parser below reads it), then the
    # flexible parser for the texts left
    codes, distinct = pd.factorize(text, use_na_sentinel=True)
    once = pd.to_datetime(pd.Series(distinct, dtype=object), format=_USUAL[order], errors="coerce")
    # 31.12.9999 parses, but would wrap around to 1816 as nanoseconds: out of range is NaT
    days = plausible_dates(once).to_numpy(dtype="datetime64[ns]")
    parsed = pd.Series(
        np.where(codes >= 0, days[np.maximum(codes, 0)], np.datetime64("NaT")),
        index=column.index,
        dtype="datetime64[ns]",
    )
    rest = np.isnat(parsed.to_numpy()) & present
    if rest.any():
        left = text[rest]
        found = pd.to_datetime(left, format="mixed", dayfirst=order == "dmy", errors="coerce")
        if order == "ymd":
            found = pd.to_datetime(left, format="mixed", yearfirst=True, errors="coerce")
        # an ISO date (2021-03-04) is year, month, day whatever the file's order: dayfirst
        # would make it the 3rd of April
        iso = left.str.match(r"\s*\d{4}-\d{1,2}-\d{1,2}(?:\D|$)", na=False).to_numpy(bool)
        if iso.any():
            found[iso] = pd.to_datetime(left[iso].str.strip(), format="ISO8601", errors="coerce")
        parsed = parsed.astype("datetime64[ns]")
        # '1501' reads as the year 1501: such cells stay as written and are reported
        parsed[rest] = plausible_dates(found).to_numpy()
    return DateColumn(parsed.to_numpy(dtype="datetime64[ns]"), _objects(column))


def _objects(column: pd.Series, empty: np.ndarray | None = None) -> np.ndarray:
    """Object cells with None for an empty one, as a workbook reader hands them over."""
    values = column.to_numpy(dtype=object)
    if (
        empty is None
        and isinstance(column.dtype, pd.StringDtype)
        and column.dtype.na_value is np.nan
    ):
        # text and NaN only: NaN is the one cell unequal to itself (faster than isna)
        empty = np.not_equal(values, values)
    elif empty is None:
        empty = column.isna().to_numpy()
    if empty.any():
        values[empty] = None
    return values


@dataclass
class TextTable:
    """A text file's table parsed column by column: header, one Cells per header column,
    the 1-based line of the header and one check-sheet note per detection."""

    header: list[str]
    columns: list[Cells]
    first_row: int
    notes: list[Problem]
    length: int  # body rows (lines below the header, blank ones included)
    decimal: str | None = None  # the file's decimal separator, for the cells read one by one
    preamble: list[str] | None = None  # DATEV's metadata line, above the header

    def rows(self) -> list[Sequence[object]]:
        """Header and body rows as the per-cell table reader takes them."""
        cells = [column_cells(c) for c in self.columns]
        # each new row tuple counts toward a garbage collection, which would walk every row
        # made so far and find nothing (rows of cells hold no cycles): none while they are made
        collecting = gc.isenabled()
        gc.disable()
        try:
            body: list[Sequence[object]] = list(zip(*cells, strict=True)) if cells else []
        finally:
            if collecting:
                gc.enable()
        return [self.header, *body]


def _undecodable(path: Path, encoding: str) -> FileMessageError:
    """The refusal of a file that does not decode in `encoding`, naming the first bad byte."""
    try:
        path.read_bytes().decode(encoding)
    except UnicodeDecodeError as e:
        return FileMessageError(
            "err.text_kodierung", path=str(path), encoding=encoding, byte=e.start
        )
    raise AssertionError(f"{path} decodes in {encoding}")


_DROPPED_FIELDS = "Length of header or names does not match length of data"


def _overlong(e: Exception) -> bool:
    """Whether pandas refused a line for having more fields than the header (an error for a
    line further down, the warning above for the first body line)."""
    return isinstance(e, pd.errors.ParserWarning) or "Expected" in str(e)


def read_text_rows(
    path: Path,
    options: TextOptions | None = None,
    column_map: Mapping[str, str | None] | None = None,
) -> tuple[list[Sequence[object]], int, list[Problem]]:
    """The cells of a text file from its header row on (header first), the 1-based line of the
    header, and one check-sheet note per detection."""
    table = read_text_table(path, options, column_map)
    return table.rows(), table.first_row, table.notes


def read_text_table(
    path: Path,
    options: TextOptions | None = None,
    column_map: Mapping[str, str | None] | None = None,
) -> TextTable:
    """A text file's table from its header row on, column by column (see TextTable)."""
    options = options or TextOptions()
    sheet = path.name
    with path.open("rb") as f:
        raw = f.read(SAMPLE_LINES * 8000)  # the sample's characters take at most 4 bytes each
    encoding, enc_how = _encoding(raw, path, options.encoding)
    # Windows-1252 is decoded by pandas as it parses (strictly: a byte it leaves undefined
    # stops the parse, and the file is refused below); any other encoding is checked first,
    # UTF-8 already by its detection
    if (encoding, enc_how) != ("utf-8", "detected") and codecs.lookup(encoding).name != "cp1252":
        if not _decodes(path, encoding):
            raise _undecodable(path, encoding)
    # the sample: the first lines of the first SAMPLE_LINES * 2000 characters; a character
    # takes at most four bytes, and one cut at the end of the slice lies beyond them
    try:
        head = codecs.getincrementaldecoder(encoding)().decode(raw)
    except UnicodeDecodeError:
        raise _undecodable(path, encoding) from None
    lines = head.removeprefix("\ufeff")[: SAMPLE_LINES * 2000].splitlines()[:SAMPLE_LINES]
    if not any(line.strip() for line in lines):
        raise FileMessageError("err.text_leer", path=str(path), n=SAMPLE_LINES)
    delimiter = options.delimiter or _delimiter(lines)
    if delimiter == "\\t":
        delimiter = "\t"
    sample = list(csv.reader(lines, delimiter=delimiter))
    overrides = mapping_overrides(column_map or {})
    # a DATEV file: metadata on the first line, the header on the second (see cells/datev.py)
    preamble = sample[0] if sample and is_datev(sample[0]) else None
    index = 1 if preamble is not None else max(find_header(sample, overrides)[0], 0)
    header = [h.strip() for h in sample[index]] if sample else []
    tokens = [x.strip() for row in sample[index + 1 :] for x in row]
    detected_decimal, detected_thousands, sep_how = _separators(tokens, delimiter)
    decimal = options.decimal or detected_decimal
    thousands = options.thousands or (detected_thousands if decimal == detected_decimal else None)
    if thousands == decimal or thousands == delimiter:
        thousands = None
    if options.decimal:
        sep_how = "given"
    order, date_how = (
        (options.date_order, "given") if options.date_order else _date_order(tokens, decimal)
    )
    keys = [header_key(h, overrides) if h else None for h in header]
    # ids and names stay text: "00123" is a customer number, not 123
    # ... and so are an order-line table's dates, ids and texts: pandas would read
    # "16.03.2025" with thousands "." as the number 16032025
    line_map = line_overrides(column_map)
    lines_keys = [line_field(h, line_map) for h in header]
    dates = {j for j, k in enumerate(keys) if k and BY_KEY[k].kind == "date"}
    dates |= {j for j, k in enumerate(lines_keys) if k == "datum"}
    if preamble is not None:
        dates = set()  # DATEV's Belegdatum is day and month (1501): read by the DATEV reader
    as_text = {
        j: str
        for j, (k, line) in enumerate(zip(keys, lines_keys, strict=True))
        if (k and BY_KEY[k].kind in ("id", "text", "date")) or line in LINE_TEXTS or j in dates
    }

    def parse(width: int, header_first: bool = False, strict: bool = True) -> pd.DataFrame:
        # a header on the first line is read as pandas' header row and replaced by `names`:
        # skipping it through `skiprows` makes pandas look every line up in a set (about a
        # sixth of the parse on a 100,000-row file)
        with warnings.catch_warnings():
            # a first body line with more fields than the header is only a warning to pandas,
            # which then drops the fields beyond it: an error here, handled as any such line
            if strict:
                warnings.filterwarnings("error", _DROPPED_FIELDS, pd.errors.ParserWarning)
            return pd.read_csv(
                path,
                encoding=encoding,
                sep=delimiter,
                decimal=decimal,
                thousands=thousands,
                header=0 if header_first else None,
                skiprows=None if header_first else index + 1,
                names=list(range(width)),
                dtype=as_text,
                keep_default_na=False,
                na_values=[""],
                skip_blank_lines=False,
                index_col=False,
            )

    overlong: list[Problem] = []
    try:
        try:
            try:
                frame = parse(len(header), header_first=index == 0)
            except pd.errors.ParserError as e:
                # pandas split the header line otherwise than the sample's reader did: read
                # it as before, skipping the line
                if index != 0 or _overlong(e):
                    raise
                frame = parse(len(header))
        except UnicodeDecodeError:
            raise _undecodable(path, encoding) from None
        except (pd.errors.ParserError, pd.errors.ParserWarning) as e:
            if not _overlong(e):
                raise
            # lines with more fields than headers (a delimiter inside an unquoted name shifts
            # every cell after it): read them wide, then leave them out, each one reported
            try:
                text = path.read_bytes().decode(encoding).removeprefix("\ufeff")
            except UnicodeDecodeError:
                raise _undecodable(path, encoding) from None
            width = max(len(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter))
            frame = parse(width)
            extra = frame[list(range(len(header), width))].notna().any(axis=1).to_numpy()
            if isinstance(e, pd.errors.ParserWarning) and np.flatnonzero(extra).tolist() != [0]:
                # not the first body line alone: columns without a header. Their values are
                # not read, and each such column says so (pandas would drop them silently)
                for j in range(len(header), width):
                    count = int(frame[j].notna().sum())
                    if count:
                        overlong.append(
                            note(
                                sheet,
                                index + 1,
                                col_letter(j + 1),
                                count,
                                "column_ignored",
                                "msg.text.spalte_ohne_kopf",
                                letter=col_letter(j + 1),
                                n=count,
                            )
                        )
                extra = np.zeros(len(frame), dtype=bool)
            for i in np.flatnonzero(extra).tolist():
                fields = int(frame.iloc[i].notna().sum())
                overlong.append(
                    note(
                        sheet,
                        index + 2 + i,
                        None,
                        fields,
                        "row_skipped",
                        "msg.text.zu_viele_felder",
                        fields=fields,
                        width=len(header),
                    )
                )
            frame = frame[list(range(len(header)))]
            frame.loc[extra, :] = np.nan
    except FileMessageError:
        raise
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as e:
        raise FileMessageError(
            "err.text_unlesbar", path=str(path), delimiter=delimiter, reason=str(e).strip()
        ) from None
    columns: list[Cells] = []
    for j in range(len(header)):
        series = frame[j]
        if j in dates:
            columns.append(_dates(series, order))
        elif series.dtype.kind in "fiub":
            # numbers stay a float (or int) array, an empty cell NaN: the table reader takes
            # NaN for missing and the writers write it as an empty cell
            columns.append(series.to_numpy())
        else:
            columns.append(_objects(series))
    problems = [
        note(
            sheet, None, None, encoding, "note", "msg.text.kodierung", found=encoding, how=enc_how
        ),
        note(
            sheet,
            None,
            None,
            delimiter,
            "note",
            "msg.text.trennzeichen",
            found="Tab" if delimiter == "\t" else delimiter,
            how="given" if options.delimiter else "detected",
        ),
        note(
            sheet,
            None,
            None,
            decimal,
            "note",
            "msg.text.zahlen",
            decimal=decimal,
            # what the cells are read with (pandas gets none when it is the delimiter)
            thousands=options.thousands or ("," if decimal == "." else "."),
            how=sep_how,
        ),
        note(sheet, None, None, order, "note", "msg.text.datum", found=order, how=date_how),
        *overlong,
    ]
    return TextTable(header, columns, index + 1, problems, len(frame), decimal, preamble)
