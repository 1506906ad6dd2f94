"""From a sheet's cells (a 2D list) to the customer frame: find the header, map columns, read
every cell by its column's kind, and record each problem with sheet, row, column and value.

Pure Python over lists, so the file reader, the worksheet functions and the in-Excel scripts
(also under Pyodide) read tables the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
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
    compact,
    match_header,
    normalize_header,
    suggest,
)
from kundenwert.cells.values import (
    CellError,
    is_blank,
    is_excel_error,
    parse_date,
    parse_id,
    parse_number,
)
from kundenwert.errors import Action, MissingColumnsError, NoCustomerRowsError, Problem, note

HEADER_SEARCH_ROWS = 30
# A totals label: these words open the cell ("Summe", "Zwischensumme Nord", "Gesamt:") ...
_TOTAL_LABEL = re.compile(
    r"^\s*(?:(?:zwischen|teil|end|gesamt)?summen?|gesamt(?:ergebnis)?|(?:uebertrag|übertrag)"
    r"|subtotal|grand\s+total|σ|∑)(?:[\s:.,-]|$)",
    re.IGNORECASE,
)
# ... these only when they are the whole cell: a customer may be called "Total Energies"
_TOTAL_WORD = re.compile(r"^\s*(?:total|ergebnis|summary)\s*:?\s*$", re.IGNORECASE)
_TOTAL_START = frozenset(" \tsSzZtTeEgGuUüÜσΣ∑")
#: A row whose figures equal the sum of at least this many customer rows above is a total.
SUM_MIN_ROWS = 2
NON_NEGATIVE = {
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
#: the label key of each expected text (labels.py "exp.*"): the check sheet shows it in the
#: run's language; the German texts above stay as `Problem.expected`
EXPECTED_KEYS = {
    **{text: f"exp.{kind}" for kind, text in EXPECTED.items()},
    **{f"{text} (Excel-Fehlerwert)": f"exp.{kind}.fehlerwert" for kind, text in EXPECTED.items()},
    "Betrag ≥ 0": "exp.betrag",
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


Overrides = Mapping[str, str | None]
_NO_OVERRIDES: Overrides = {}


def mapping_overrides(pairs: Mapping[str, str | None]) -> dict[str, str | None]:
    """An explicit column mapping (header in the file → column key, None = not used) keyed the
    way headers are compared: case, spaces and punctuation do not matter."""
    return {compact(normalize_header(h)[0]): k for h, k in pairs.items()}


def header_key(header: object, overrides: Overrides) -> str | None:
    """The column key of one header under an explicit mapping, else by its name."""
    name = compact(normalize_header(str(header))[0])
    if name in overrides:
        return overrides[name]
    return match_header(str(header))[0]


def find_header(
    rows: Sequence[Sequence[object]], overrides: Overrides = _NO_OVERRIDES
) -> tuple[int, int]:
    """Index of the header row (0-based) and how many known columns it names; (-1, best) if none.

    The header is the first row naming the customer id and at least one other known column.
    """
    best = 0
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = [header_key(v, overrides) for v in row if not is_blank(v)]
        known = {k for k in keys if k}
        best = max(best, len(known))
        if "kunden_nr" in known and len(known) >= 2:
            return i, len(known)
    return -1, best


def map_columns(
    header: Sequence[object], sheet: str, header_row: int, overrides: Overrides = _NO_OVERRIDES
) -> tuple[dict[str, int], list[tuple[str, str | None, str]], list[Problem]]:
    """Column key → column index, the mapping shown to the user, and the headers not used.

    Several revenue columns with years: the latest is the current period, the one before it the
    previous period (unless a previous-period column is named explicitly). An explicit mapping
    (`overrides`, see mapping_overrides) wins over every guess.
    """
    found: dict[str, int] = {}
    years: list[tuple[int, int]] = []  # (year, index) of revenue columns with a year
    mapping: list[tuple[str, str | None, str]] = []
    problems: list[Problem] = []
    notes: dict[int, str] = {}
    # the label key and arguments of each note, so the check sheet shows it in the run's
    # language (the German text stays for the mapping table)
    keyed: dict[int, tuple[str, tuple[tuple[str, object], ...]]] = {}
    explicit: dict[int, str | None] = {}
    for j, h in enumerate(header):
        name = compact(normalize_header(str(h))[0]) if not is_blank(h) else ""
        if name in overrides:
            explicit[j] = overrides[name]
    chosen = {k for k in explicit.values() if k}
    for j, k in explicit.items():
        if k and k not in found:
            found[k], notes[j] = j, "zugeordnet (Spaltenzuordnung)"
            keyed[j] = ("msg.map.zugeordnet", ())
    for j, h in enumerate(header):
        if is_blank(h) or j in explicit:
            if j in explicit and explicit[j] is None:
                notes[j] = "nicht verwendet (Spaltenzuordnung)"
                keyed[j] = ("msg.map.nicht_verwendet", ())
            continue
        key, year = match_header(str(h))
        if key in chosen:
            notes[j] = f"'{header[found[key]]}' ist ausdrücklich zugeordnet"
            keyed[j] = ("msg.map.ausdruecklich", (("header", header[found[key]]),))
            continue
        if key in ("umsatz", "umsatz_vorjahr") and year is not None:
            years.append((year, j))
        elif key and key not in found:
            found[key] = j
        elif key:
            notes[j] = f"doppelt: '{header[found[key]]}' wird verwendet"
            keyed[j] = ("msg.map.doppelt", (("header", header[found[key]]),))
    years.sort(reverse=True)
    for rank, (year, j) in enumerate(years):
        if rank == 0 and "umsatz" not in found:
            found["umsatz"], notes[j] = j, f"Jahr {year} = aktuelle Periode"
            keyed[j] = ("msg.map.jahr_aktuell", (("year", year),))
        elif rank == 1 and "umsatz_vorjahr" not in found:
            found["umsatz_vorjahr"], notes[j] = j, f"Jahr {year} = Vorjahr"
            keyed[j] = ("msg.map.jahr_vorjahr", (("year", year),))
        else:
            notes[j] = f"Jahr {year}: ältere Periode, nicht verwendet"
            keyed[j] = ("msg.map.jahr_aelter", (("year", year),))
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
        elif notes.get(j):
            key_args = keyed.get(j)
            problems.append(
                Problem(
                    sheet,
                    header_row,
                    str(h),
                    str(h),
                    notes[j],
                    "column_ignored",
                    message=key_args[0] if key_args else None,
                    args=key_args[1] if key_args else (),
                )
            )
        else:
            guess = suggest(str(h))
            if guess in found:
                guess = None  # that column is there already
            problems.append(
                note(
                    sheet,
                    header_row,
                    str(h),
                    str(h),
                    "column_ignored",
                    "msg.spalte_unbekannt_vorschlag" if guess else "msg.spalte_unbekannt",
                    guess_cols=(guess,) if guess else (),
                    header=str(h),
                )
            )
    return found, mapping, problems


def _expected_names(key: str) -> str:
    col = BY_KEY[key]
    return f"{col.de} (oder {', '.join(col.aliases[:4])})"


def total_label(value: object, weak: bool = False) -> bool:
    """A cell that labels a totals row ("Summe", "Zwischensumme Nord", "Gesamt:", "Übertrag").

    `weak` also takes "Total …" and "Ergebnis …" followed by more text, as in an id cell."""
    if type(value) is not str or not value or value[0] not in _TOTAL_START:
        return False
    if _TOTAL_LABEL.match(value) or _TOTAL_WORD.match(value):
        return True
    return weak and re.match(r"^\s*(?:total|ergebnis)\s", value, re.IGNORECASE) is not None


def total_rows(
    body: Sequence[Sequence[object]], text_columns: Sequence[int], id_col: int
) -> set[int]:
    """Body rows that carry a totals label in a text column (the id, name, region and rep
    columns and every column not mapped to a figure; in a figure column a label is an
    unreadable number and reported as such). Column by column, each distinct text tested
    once: a region column costs five tests."""
    found: set[int] = set()
    for j in text_columns:
        column = list(map(itemgetter(j), body))
        weak = j == id_col
        if str not in set(map(type, column)):
            continue  # numbers and empty cells only
        try:
            distinct = set(column)
        except TypeError:  # an unhashable cell value: test every cell
            found.update(i for i, v in enumerate(column) if total_label(v, weak))
            continue
        starts = _TOTAL_START
        texts = {v for v in distinct if type(v) is str and v[:1] in starts}
        labels = {v for v in texts if total_label(v, weak)}
        if labels:
            found.update(i for i, v in enumerate(column) if v in labels)
    return found


def _plain_ids(body: Sequence[Sequence[object]], id_col: int) -> list[str] | None:
    """The ids when every row has a distinct, non-blank text id that is no error literal (the
    usual export), checked in a few passes in C instead of a Python step per row; else None."""
    values = list(map(itemgetter(id_col), body))
    if not set(map(type, values)) <= {str}:
        return None
    ids = [v.strip() for v in values]
    if not all(ids) or len(set(ids)) != len(ids) or any(v[0] == "#" for v in ids):
        return None
    return ids


def sum_rows(
    values: np.ndarray,
    min_rows: int = SUM_MIN_ROWS,
    starts: np.ndarray | None = None,
    candidates: np.ndarray | None = None,
) -> np.ndarray:
    """Rows (n × k figures, NaN = blank) whose figures equal the sum of the customer rows above:
    since the last total found or section start (`starts`: rows that follow a totals row
    already left out, such as one without an id), or since the top (a grand total).

    A row counts when every figure it has matches (to the cent), at least two of them are
    non-zero matches (one when the table has one figure column, which then needs three rows
    above), and at least `min_rows` customer rows are summed. Totals found are left out of
    the sums, so a grand total under subtotals is found as well. Only `candidates` (default:
    every row) can be totals: the reader passes the rows without a name, region or rep, so a
    real customer whose figures happen to add up is never taken for one.
    """
    n, k = values.shape
    is_total = np.zeros(n, dtype=bool)
    if n <= min_rows or k == 0:
        return is_total
    need = min(2, k)
    rows_needed = min_rows if k > 1 else max(min_rows, 3)
    present = ~np.isnan(values)
    filled = np.where(present, values, 0.0)
    index = np.arange(n)
    for _ in range(n):
        customer = ~is_total
        before = np.vstack([np.zeros(k), np.cumsum(filled * customer[:, None], axis=0)])
        count = np.concatenate([[0], np.cumsum(customer)])
        last = np.maximum.accumulate(np.where(is_total, index, -1))
        last_before = np.concatenate([[-1], last[:-1]])  # last total strictly above each row
        start = last_before + 1
        if starts is not None:
            start = np.maximum(start, np.maximum.accumulate(np.where(starts, index, 0)))
        hit = np.zeros(n, dtype=bool)
        for sums, rows in (
            (before[:-1] - before[start], count[:-1] - count[start]),
            (before[:-1], count[:-1]),
        ):
            close = np.abs(values - sums) <= 0.005 + 1e-9 * np.abs(sums)
            matched = present & close
            agree = (matched | ~present).all(axis=1)
            nonzero = (matched & (np.abs(sums) > 0)).sum(axis=1)
            hit |= agree & (nonzero >= need) & (rows >= rows_needed)
        hit &= ~is_total
        if candidates is not None:
            hit &= candidates
        if not hit.any():
            break
        is_total[int(np.argmax(hit))] = True  # the first; the sums below it change
    return is_total


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

    def report(
        i: int, value: object, expected: str, action: Action = "value_ignored", **args: object
    ) -> None:
        # the expected text's label key, so the check sheet shows it in the run's language
        key = args.pop("message", None) or EXPECTED_KEYS.get(expected)
        problems.append(
            Problem(
                sheet,
                int(rows[i]),
                header,
                value,
                expected,
                action,
                ids[i],
                str(key) if key else None,
                tuple(args.items()),
            )
        )

    if col.kind == "text":
        # as `None if is_blank(v) else str(v).strip()`, without a call per text cell
        texts = [
            (v.strip() or None)
            if type(v) is str
            else (None if v is None else (str(v).strip() or None))
            for v in values
        ]
        return pd.Series(texts, dtype=object)
    if col.kind == "date":
        dates: list[object] = []
        for i, v in enumerate(values):
            if is_blank(v):
                dates.append(pd.NaT)
                continue
            try:
                dates.append(pd.Timestamp(parse_date(v)))
            except CellError as e:
                report(i, v, f"{EXPECTED['date']} ({e})", message="exp.date.grund", error=e)
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
    if col.kind == "share":
        # A share cell holding 25 means 25 %: read cell by cell, never the whole column on a
        # guess (a column may mix 43 with 0.2), and every converted cell listed with its row.
        points = ~percent_given & (out > 1)
        for i in np.flatnonzero(points).tolist():
            problems.append(
                note(
                    sheet,
                    int(rows[i]),
                    header,
                    values[i],
                    "value_converted",
                    "msg.prozentpunkte",
                    ids[i],
                    share=float(out[i]) / 100.0,
                )
            )
        out = np.where(points, out / 100.0, out)
    if col.key == "umsatz":
        for i in np.flatnonzero(out < 0).tolist():
            problems.append(
                note(sheet, int(rows[i]), header, values[i], "note", "msg.umsatz_negativ", ids[i])
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
    column_map: Mapping[str, str | None] | None = None,
    required: Sequence[str] | None = None,
) -> ReadResult:
    """Read the customer table from a sheet's cells. `first_row` is the Excel row of rows[0];
    `column_map` is an explicit mapping, header in the file → column key (None: not used).

    Totals and subtotals rows (a totals label in any cell, or figures that equal the sum of
    the rows above) are left out and reported. `required` overrides the required columns (a
    customer sheet beside order lines needs no revenue: the lines bring it). Raises
    MissingColumnsError when no header is found or a required column is missing,
    NoCustomerRowsError when no customer row is left.
    """
    overrides = mapping_overrides(column_map or {})
    index, known = find_header(rows, overrides)
    if index < 0:
        probe = max(
            rows[:HEADER_SEARCH_ROWS], key=lambda r: sum(not is_blank(v) for v in r), default=[]
        )
        raise MissingColumnsError(
            sheet,
            [BY_KEY["kunden_nr"].de],
            [str(v) for v in probe if not is_blank(v)],
            [_expected_names("kunden_nr"), _expected_names("umsatz")],
            keys=["kunden_nr"],
            expected_keys=["kunden_nr", "umsatz"],
        )
    header = list(rows[index])
    header_row = first_row + index
    columns, mapping, problems = map_columns(header, sheet, header_row, overrides)
    needed = [c.key for c in INPUT_COLUMNS if c.required] if required is None else required
    missing = [k for k in needed if k not in columns]
    if missing:
        raise MissingColumnsError(
            sheet,
            [BY_KEY[k].de for k in missing],
            [str(h) for h in header if not is_blank(h)],
            [_expected_names(k) for k in missing],
            keys=missing,
        )
    width = len(header)
    body = [r if len(r) >= width else [*r, *[None] * (width - len(r))] for r in rows[index + 1 :]]
    # the row lists themselves (never changed here): a copy would double a large sheet's memory
    raw = [header, *rows[index + 1 :]]
    keep: list[int] = []
    ids: list[str | None] = []
    seen: dict[str, int] = {}
    id_col = columns["kunden_nr"]
    figure_cols = {j for k, j in columns.items() if BY_KEY[k].kind not in ("id", "text")}
    labelled = total_rows(body, [j for j in range(width) if j not in figure_cols], id_col)
    breaks: list[int] = []  # kept rows that follow a row left out with figures in it
    broken = False
    fast = _plain_ids(body, id_col) if not labelled else None
    if fast is not None:  # every row a customer with its own text id: nothing to decide
        keep, ids = list(range(len(body))), list(fast)
    for i, row in enumerate(body if fast is None else ()):
        excel_row = header_row + 1 + i
        if i in labelled:
            label = next(v for v in row if total_label(v, True))
            problems.append(
                note(sheet, excel_row, None, label, "row_skipped", "msg.summenzeile", label=label)
            )
            broken = True
            continue
        cid = parse_id(row[id_col])
        if cid is None or (cid[:1] == "#" and is_excel_error(cid)):
            if all(is_blank(v) for v in row):  # only a row without id can be empty
                continue
            else:
                broken = True
                problems.append(
                    Problem(
                        sheet,
                        excel_row,
                        str(header[id_col]),
                        row[id_col],
                        EXPECTED["id"] + " (leer)",
                        "row_skipped",
                        message="exp.id.leer",
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
                    message="exp.id.doppelt",
                    args=(("row", seen[cid]),),
                )
            )
            continue
        seen[cid] = excel_row
        if broken:
            breaks.append(len(keep))
            broken = False
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
    figures = [k for k in frame if k in BY_KEY and BY_KEY[k].kind in ("money", "count")]
    if figures and len(frame) > SUM_MIN_ROWS:
        starts = np.zeros(len(frame), dtype=bool)
        starts[breaks] = True
        texts = [k for k in frame if k in BY_KEY and BY_KEY[k].kind == "text"]
        nameless = frame[texts].isna().all(axis=1).to_numpy() if texts else None
        totals = sum_rows(frame[figures].to_numpy(dtype=float), starts=starts, candidates=nameless)
        if totals.any():
            for r, cid in zip(excel_rows[totals].tolist(), frame["kunden_nr"][totals], strict=True):
                problems.append(
                    note(sheet, r, None, cid, "row_skipped", "msg.summe_der_zeilen", cid)
                )
            frame = frame.loc[~totals].reset_index(drop=True)
    if frame.empty:
        raise NoCustomerRowsError(
            "err.keine_kundenzeilen", sheet=sheet, row=header_row, skipped=len(body) - len(keep)
        )
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
                note(
                    sheet,
                    i,
                    "Datum",
                    cells[found["datum"]],
                    "row_skipped",
                    e.message,
                    cid,
                    **e.args_,
                )
            )
            continue
        if cid is None:
            problems.append(note(sheet, i, "Kunden-Nr", None, "row_skipped", "exp.id"))
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
