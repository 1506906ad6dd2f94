"""From a sheet's cells (a 2D list) to the customer frame: find the header, map columns, read
every cell by its column's kind, and record each problem with sheet, row, column and value.

Pure Python over lists, so the file reader, the worksheet functions and the in-Excel scripts
(also under Pyodide) read tables the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
import pandas as pd

from kundenwert.cells.columns import (
    BY_KEY,
    INPUT_COLUMNS,
    RATING_MAX,
    RATING_MIN,
    Column,
    match_header,
)
from kundenwert.cells.values import (
    CellError,
    is_blank,
    is_excel_error,
    parse_date,
    parse_id,
    parse_number,
)
from kundenwert.errors import MissingColumnsError, Problem

HEADER_SEARCH_ROWS = 30
TOTAL_WORDS = ("summe", "gesamt", "total", "gesamtsumme", "σ", "ergebnis")
NON_NEGATIVE = {
    "umsatz",
    "umsatz_vorjahr",
    "potenzial",
    "cross_selling",
    "up_selling",
    "servicekosten",
}
EXPECTED = {
    "money": "Zahl (Euro)",
    "count": "Anzahl ≥ 0",
    "share": "Anteil 0–1 oder %",
    "rating": f"Bewertung {RATING_MIN:g}–{RATING_MAX:g}",
    "date": "Datum",
    "text": "Text",
    "id": "eindeutige Kunden-Nr",
}


@dataclass
class ReadResult:
    """The customer table as read: frame by column key, the raw cells, mapping and problems."""

    sheet: str
    header_row: int  # 1-based Excel row of the header
    raw: list[Sequence[object]]  # header row and every row below it, exactly as read
    frame: pd.DataFrame  # accepted customers; column keys plus 'excel_row'
    mapping: list[tuple[str, str | None, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    contacts: pd.DataFrame | None = None  # the contact log, when the book has one
    growth_cells: list[list[object]] | None = None  # an edited growth table, when present


def find_header(rows: Sequence[Sequence[object]]) -> tuple[int, int]:
    """Index of the header row (0-based) and how many known columns it names; (-1, best) if none.

    The header is the first row naming the customer id and at least one other known column.
    """
    best = 0
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = [match_header(str(v))[0] for v in row if not is_blank(v)]
        known = {k for k in keys if k}
        best = max(best, len(known))
        if "kunden_nr" in known and len(known) >= 2:
            return i, len(known)
    return -1, best


def map_columns(
    header: Sequence[object], sheet: str, header_row: int
) -> tuple[dict[str, int], list[tuple[str, str | None, str]], list[Problem]]:
    """Column key → column index, the mapping shown to the user, and the headers not used.

    Several revenue columns with years: the latest is the current period, the one before it the
    previous period (unless a previous-period column is named explicitly).
    """
    found: dict[str, int] = {}
    years: list[tuple[int, int]] = []  # (year, index) of revenue columns with a year
    mapping: list[tuple[str, str | None, str]] = []
    problems: list[Problem] = []
    notes: dict[int, str] = {}
    for j, h in enumerate(header):
        if is_blank(h):
            continue
        key, year = match_header(str(h))
        if key in ("umsatz", "umsatz_vorjahr") and year is not None:
            years.append((year, j))
        elif key and key not in found:
            found[key] = j
        elif key:
            notes[j] = f"doppelt: '{header[found[key]]}' wird verwendet"
    years.sort(reverse=True)
    for rank, (year, j) in enumerate(years):
        if rank == 0 and "umsatz" not in found:
            found["umsatz"], notes[j] = j, f"Jahr {year} = aktuelle Periode"
        elif rank == 1 and "umsatz_vorjahr" not in found:
            found["umsatz_vorjahr"], notes[j] = j, f"Jahr {year} = Vorjahr"
        else:
            notes[j] = f"Jahr {year}: ältere Periode, nicht verwendet"
    used = {j: k for k, j in found.items()}
    for j, h in enumerate(header):
        if is_blank(h):
            continue
        key = used.get(j)
        mapping.append((str(h), key, notes.get(j, "")))
        if key:
            problems.append(
                Problem(sheet, header_row, str(h), str(h), BY_KEY[key].de, "column_mapped")
            )
        else:
            problems.append(
                Problem(
                    sheet,
                    header_row,
                    str(h),
                    str(h),
                    notes.get(j) or "eine bekannte Spaltenüberschrift",
                    "column_ignored",
                )
            )
    return found, mapping, problems


def _expected_names(key: str) -> str:
    col = BY_KEY[key]
    return f"{col.de} (oder {', '.join(col.aliases[:4])})"


def _is_total_row(row: Sequence[object]) -> bool:
    for v in row:
        if isinstance(v, str) and v.strip().lower().rstrip(":") in TOTAL_WORDS:
            return True
    return False


def _read_column(
    col: Column,
    values: list[object],
    rows: np.ndarray,
    sheet: str,
    header: str,
    ids: list[str | None],
    problems: list[Problem],
) -> pd.Series:
    """Read one column by its kind; problems per cell. Returns floats, text or timestamps."""

    def report(i: int, value: object, expected: str, action: str = "value_ignored") -> None:
        problems.append(Problem(sheet, int(rows[i]), header, value, expected, action, ids[i]))  # type: ignore[arg-type]

    if col.kind == "text":
        return pd.Series([None if is_blank(v) else str(v).strip() for v in values], dtype=object)
    if col.kind == "date":
        dates: list[object] = []
        for i, v in enumerate(values):
            if is_blank(v):
                dates.append(pd.NaT)
                continue
            try:
                dates.append(pd.Timestamp(parse_date(v)))
            except CellError as e:
                report(i, v, f"{EXPECTED['date']} ({e})")
                dates.append(pd.NaT)
        return pd.Series(pd.to_datetime(pd.Series(dates, dtype=object)), dtype="datetime64[ns]")
    # The fast path: cells that already hold numbers (most of them) convert in one step,
    # a column of nothing but numbers without a Python step per cell.
    if set(map(type, values)) <= {float, int}:
        numeric = np.ones(len(values), dtype=bool)
        out = np.array(values, dtype=float)
    else:
        numeric = np.fromiter(
            (type(v) is float or type(v) is int for v in values), dtype=bool, count=len(values)
        )
        out = np.full(len(values), np.nan)
        out[numeric] = pd.Series(values, dtype=object)[numeric].astype(float).to_numpy()
    plain_max = float(out[numeric].max()) if numeric.any() else -np.inf
    percent_given = np.zeros(len(values), dtype=bool)
    for i in np.flatnonzero(~numeric).tolist():
        v = values[i]
        if is_blank(v):
            continue
        if is_excel_error(v):
            report(i, v, f"{EXPECTED[col.kind]} (Excel-Fehlerwert)")
            continue
        try:
            number, percent = parse_number(v)
        except CellError:
            report(i, v, EXPECTED[col.kind])
            continue
        out[i] = number
        percent_given[i] = percent
        if not percent:
            plain_max = max(plain_max, number)
    if col.kind == "share" and plain_max > 1:
        # A share column holding 25 means 25 %: the whole column is in percent points.
        out = np.where(percent_given, out, out / 100.0)
        problems.append(
            Problem(sheet, None, header, plain_max, "Anteil 0–1", "value_converted", None)
        )
    bad: np.ndarray
    if col.kind == "share":
        bad, expected = (out < 0) | (out > 1), EXPECTED["share"]
    elif col.kind == "rating":
        bad, expected = (out < RATING_MIN) | (out > RATING_MAX), EXPECTED["rating"]
    elif col.kind == "count" or col.key in NON_NEGATIVE:
        bad, expected = out < 0, "Betrag ≥ 0" if col.kind == "money" else EXPECTED["count"]
    else:
        bad = np.zeros(len(out), dtype=bool)
    for i in np.flatnonzero(bad).tolist():
        report(i, values[i], expected)
    out[bad] = np.nan
    return pd.Series(out)


def read_customer_table(
    rows: Sequence[Sequence[object]],
    sheet: str = "Tabelle",
    first_row: int = 1,
    required: Sequence[str] | None = None,
) -> ReadResult:
    """Read the customer table from a sheet's cells. `first_row` is the Excel row of rows[0].

    `required` overrides the required columns (a customer sheet beside order lines needs no
    revenue: the lines bring it). Raises MissingColumnsError when no header is found or a
    required column is missing.
    """
    index, known = find_header(rows)
    if index < 0:
        probe = max(
            rows[:HEADER_SEARCH_ROWS], key=lambda r: sum(not is_blank(v) for v in r), default=[]
        )
        raise MissingColumnsError(
            sheet,
            [BY_KEY["kunden_nr"].de],
            [str(v) for v in probe if not is_blank(v)],
            [_expected_names("kunden_nr"), _expected_names("umsatz")],
        )
    header = list(rows[index])
    header_row = first_row + index
    columns, mapping, problems = map_columns(header, sheet, header_row)
    needed = [c.key for c in INPUT_COLUMNS if c.required] if required is None else required
    missing = [k for k in needed if k not in columns]
    if missing:
        raise MissingColumnsError(
            sheet,
            [BY_KEY[k].de for k in missing],
            [str(h) for h in header if not is_blank(h)],
            [_expected_names(k) for k in missing],
        )
    width = len(header)
    body = [r if len(r) >= width else [*r, *[None] * (width - len(r))] for r in rows[index + 1 :]]
    # the row lists themselves (never changed here): a copy would double a large sheet's memory
    raw = [header, *rows[index + 1 :]]
    keep: list[int] = []
    ids: list[str | None] = []
    seen: dict[str, int] = {}
    id_col = columns["kunden_nr"]
    for i, row in enumerate(body):
        excel_row = header_row + 1 + i
        cid = parse_id(row[id_col])
        if cid is None or is_excel_error(cid):
            if all(is_blank(v) for v in row):  # only a row without id can be empty
                continue
            if _is_total_row(row):
                problems.append(
                    Problem(
                        sheet,
                        excel_row,
                        None,
                        None,
                        "Kundenzeile (Summenzeile erkannt)",
                        "row_skipped",
                    )
                )
            else:
                problems.append(
                    Problem(
                        sheet,
                        excel_row,
                        str(header[id_col]),
                        row[id_col],
                        EXPECTED["id"] + " (leer)",
                        "row_skipped",
                    )
                )
            continue
        if cid in seen:
            problems.append(
                Problem(
                    sheet,
                    excel_row,
                    str(header[id_col]),
                    cid,
                    f"{EXPECTED['id']} (schon in Zeile {seen[cid]})",
                    "row_skipped",
                    cid,
                )
            )
            continue
        seen[cid] = excel_row
        keep.append(i)
        ids.append(cid)
    excel_rows = np.array([header_row + 1 + i for i in keep], dtype=np.int64)
    data: dict[str, pd.Series] = {"kunden_nr": pd.Series(ids, dtype=object)}
    everyone = len(keep) == len(body)
    for key, j in columns.items():
        if key == "kunden_nr":
            continue
        # each mapped column taken out in C (body rows are at least `width` long); cheaper
        # than transposing the whole sheet, unmapped columns included
        column = list(map(itemgetter(j), body))
        values = column if everyone else [column[i] for i in keep]
        data[key] = _read_column(
            BY_KEY[key], values, excel_rows, sheet, str(header[j]), ids, problems
        )
    frame = pd.DataFrame(data)
    frame["excel_row"] = excel_rows
    return ReadResult(sheet, header_row, raw, frame, mapping, problems)


CONTACT_SHEETS = ("Kontakte", "Contacts")
CONTACT_HEADERS: dict[str, tuple[str, ...]] = {
    "datum": ("datum", "date", "kontaktdatum"),
    "kunden_nr": ("kunden nr", "kundennummer", "kd nr", "customer id", "kunde"),
    "kanal": ("kanal", "channel", "art"),
    "thema": ("thema", "topic", "angebot"),
    "ergebnis": ("ergebnis", "outcome", "notiz", "result"),
}


def _contact_header(rows: Sequence[Sequence[object]], sheet: str) -> tuple[int, dict[str, int]]:
    """Row index of the contact log's header and the column of each field found."""
    from kundenwert.cells.columns import normalize_header

    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = [normalize_header(str(v))[0] if not is_blank(v) else "" for v in row]
        found = {
            key: names.index(next(a for a in aliases if a in names))
            for key, aliases in CONTACT_HEADERS.items()
            if any(a in names for a in aliases)
        }
        if {"datum", "kunden_nr"} <= set(found):
            return index, found
    raise MissingColumnsError(
        sheet, ["Datum", "Kunden-Nr"], [], ["Datum", "Kunden-Nr", "Kanal", "Thema", "Ergebnis"]
    )


def read_contacts(
    rows: Sequence[Sequence[object]], sheet: str = "Kontakte"
) -> tuple[pd.DataFrame, list[Problem]]:
    """The contact log (date, customer, channel, topic, outcome) from a sheet's cells.

    Rows without a readable date or customer id are reported and left out.
    """
    index, found = _contact_header(rows, sheet)
    problems: list[Problem] = []
    records = []
    for i, row in enumerate(rows[index + 1 :], start=index + 2):
        cells = list(row) + [None] * (max(found.values()) + 1 - len(row))
        if all(is_blank(v) for v in cells):
            continue
        cid = parse_id(cells[found["kunden_nr"]])
        try:
            day = pd.Timestamp(parse_date(cells[found["datum"]]))
        except CellError as e:
            problems.append(
                Problem(sheet, i, "Datum", cells[found["datum"]], str(e), "row_skipped", cid)
            )
            continue
        if cid is None:
            problems.append(Problem(sheet, i, "Kunden-Nr", None, EXPECTED["id"], "row_skipped"))
            continue
        records.append(
            {
                "kunden_nr": cid,
                "datum": day,
                **{
                    k: (None if is_blank(cells[j]) else str(cells[j]).strip())
                    for k, j in found.items()
                    if k in ("kanal", "thema", "ergebnis")
                },
            }
        )
    frame = pd.DataFrame(records, columns=["kunden_nr", "datum", "kanal", "thema", "ergebnis"])
    return frame, problems
