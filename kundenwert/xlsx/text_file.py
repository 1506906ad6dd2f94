"""Customer tables from text files (.csv, .txt) as ERPs export them: the delimiter, decimal and
thousands separators, encoding and date order are detected (or given), and each decision is
reported for the check sheet. pandas parses; the cells then go through the same table reader
as a workbook's."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from kundenwert.cells.columns import BY_KEY
from kundenwert.cells.customer_table import find_header, header_key, mapping_overrides
from kundenwert.errors import FileMessageError, Problem, note

TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
DateOrder = Literal["dmy", "mdy", "ymd"]
DELIMITERS = (";", "\t", ",", "|")
SAMPLE_LINES = 200

_GERMAN = re.compile(r"^-?\d{1,3}(?:\.\d{3})*,\d+$|^-?\d+,\d+$")
_ENGLISH = re.compile(r"^-?\d{1,3}(?:,\d{3})*\.\d+$|^-?\d+\.\d+$")
_DATE = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{2,4})$")


@dataclass(frozen=True)
class TextOptions:
    """What the user states about a text file; None = detect."""

    delimiter: str | None = None
    decimal: str | None = None
    thousands: str | None = None
    encoding: str | None = None
    date_order: DateOrder | None = None


def _encoding(raw: bytes, given: str | None) -> tuple[str, str]:
    """The encoding and how it was found: a byte-order mark, valid UTF-8, else Windows-1252
    (what German Windows ERPs write)."""
    if given:
        try:
            codecs.lookup(given)
        except LookupError:
            raise FileMessageError("err.kodierung_unbekannt", encoding=given) from None
        return given, "given"
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "bom"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "bom"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252", "detected"
    return "utf-8", "detected"


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
    or assumed (no number with decimals: German if the delimiter is ';')."""
    german = sum(1 for x in tokens if _GERMAN.match(x))
    english = sum(1 for x in tokens if _ENGLISH.match(x))
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


def _dates(column: pd.Series, order: DateOrder) -> list[object]:
    """Cells that read as dates become timestamps; the rest stay as written, so the table
    reader reports them with their row."""
    text = column.where(column.notna(), None)
    parsed = pd.to_datetime(text, format="mixed", dayfirst=order == "dmy", errors="coerce")
    if order == "ymd":
        parsed = pd.to_datetime(text, format="mixed", yearfirst=True, errors="coerce")
    out: list[object] = list(text)
    for i in np.flatnonzero(parsed.notna().to_numpy()).tolist():
        out[i] = parsed.iloc[i].to_pydatetime()
    return out


def read_text_rows(
    path: Path,
    options: TextOptions | None = None,
    column_map: Mapping[str, str | None] | None = None,
) -> tuple[list[Sequence[object]], int, list[Problem]]:
    """The cells of a text file from its header row on (header first), the 1-based line of the
    header, and one check-sheet note per detection."""
    options = options or TextOptions()
    sheet = path.name
    raw = path.read_bytes()
    encoding, enc_how = _encoding(raw, options.encoding)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as e:
        raise FileMessageError(
            "err.text_kodierung", path=str(path), encoding=encoding, byte=e.start
        ) from None
    text = text.removeprefix("\ufeff")
    lines = text[: SAMPLE_LINES * 2000].splitlines()[:SAMPLE_LINES]  # no split of the whole file
    delimiter = options.delimiter or _delimiter(lines)
    if delimiter == "\\t":
        delimiter = "\t"
    sample = list(csv.reader(lines, delimiter=delimiter))
    overrides = mapping_overrides(column_map or {})
    index, _ = find_header(sample, overrides)
    index = max(index, 0)
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
    as_text = {j: str for j, k in enumerate(keys) if k and BY_KEY[k].kind in ("id", "text", "date")}

    def parse(width: int) -> pd.DataFrame:
        return pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            decimal=decimal,
            thousands=thousands,
            header=None,
            skiprows=index + 1,
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
            frame = parse(len(header))
        except pd.errors.ParserError as e:
            if "Expected" not in str(e):
                raise
            # lines with more fields than headers (a delimiter inside an unquoted name shifts
            # every cell after it): read them wide, then leave them out, each one reported
            width = max(len(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter))
            frame = parse(width)
            extra = frame[list(range(len(header), width))].notna().any(axis=1).to_numpy()
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
    except (pd.errors.ParserError, ValueError) as e:
        raise FileMessageError(
            "err.text_unlesbar", path=str(path), delimiter=delimiter, reason=str(e).strip()
        ) from None
    columns: list[list[object]] = []
    for j in range(len(header)):
        series = frame[j]
        key = keys[j]
        if key and BY_KEY[key].kind == "date":
            columns.append(_dates(series, order))
        elif series.dtype.kind == "f":
            # numbers stay floats, an empty cell NaN: the table reader takes NaN for missing
            # and the writers write it as an empty cell, so no Python step per cell here
            columns.append(series.tolist())
        elif series.hasnans:  # empty text cells: None, as a workbook reader hands them over
            values = series.to_numpy(dtype=object)
            values[series.isna().to_numpy()] = None
            columns.append(values.tolist())
        else:
            columns.append(series.tolist())
    body: list[Sequence[object]] = list(zip(*columns, strict=True)) if columns else []
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
            thousands=thousands or "—",
            how=sep_how,
        ),
        note(sheet, None, None, order, "note", "msg.text.datum", found=order, how=date_how),
        *overlong,
    ]
    return [header, *body], index + 1, problems
