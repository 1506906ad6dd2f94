"""From a sheet's cells (a 2D list) to the customer frame: find the header, map columns, read
every cell by its column's kind, and record each problem with sheet, row, column and value.

Pure Python over lists, so the file reader, the worksheet functions and the in-Excel scripts
(also under Pyodide) read tables the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter, or_
from typing import cast, overload

import numpy as np
import pandas as pd

from kundenwert.cells.columns import (
    BY_KEY,
    INPUT_COLUMNS,
    RATING_MAX,
    RATING_MIN,
    Column,
    compact,
    is_currency_header,
    match_header,
    normalize_header,
    suggest,
)
from kundenwert.cells.grouped import GROUPING, customer_number_column, fill_down, name_beside
from kundenwert.cells.numbers import both_ways_note, column_numbers, one_currency
from kundenwert.cells.units import in_euros
from kundenwert.cells.values import (
    CellError,
    is_blank,
    is_excel_error,
    parse_date,
    parse_id,
)
from kundenwert.errors import (
    UNUSED,
    Action,
    MappedHeader,
    Message,
    MissingColumnsError,
    NoCustomerRowsError,
    Problem,
    note,
)

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
# ... and these close a label wherever it stands ("Nord gesamt", "Süd Total", "Insgesamt",
# "Nord Ergebnis" as a pivot table writes a group's subtotal)
_TOTAL_END_WORDS = frozenset(
    (
        "gesamt",
        "insgesamt",
        "gesamtergebnis",
        "ergebnis",
        "summe",
        "gesamtsumme",
        "zwischensumme",
        "teilsumme",
        "endsumme",
        "total",
        "subtotal",
    )
)
_TOTAL_ENDINGS = ("gesamt", "ergebnis", "summe", "total")
# the last character a label can end with (a label may close with ':' or '.'), and the last
# two of its totals word in any case: most names are passed over by a look at them
_TOTAL_END = frozenset("tTlLsSeE:. \t")
_TOTAL_PUNCT = frozenset(":. \t")
_TOTAL_END2 = frozenset(
    a + b for pair in ("mt", "is", "me", "al") for a in pair[0] + pair[0].upper()
    for b in pair[1] + pair[1].upper()
)  # fmt: skip
_FIRST = itemgetter(slice(0, 1))
# a text's first character (faster than a slice; no empty text is asked)
_HEAD = cast(Callable[[object], object], itemgetter(0))
_NONE = np.array([None], dtype=object)
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
    raw: Sequence[Sequence[object]]  # header row and every row below it, exactly as read
    frame: pd.DataFrame  # accepted customers; column keys plus 'excel_row'
    mapping: list[MappedHeader] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    contacts: pd.DataFrame | None = None  # the contact log, when the book has one
    growth_cells: list[list[object]] | None = None  # an edited growth table, when present


@dataclass(frozen=True)
class DateColumn:
    """A date column parsed as a whole: `parsed` (datetime64[ns], NaT where the parser found
    no date) and `cells`, the cells as written (None when empty) for those it did not read."""

    parsed: np.ndarray
    cells: np.ndarray

    def __len__(self) -> int:
        return len(self.cells)


#: One column of cells below the header: a list of cell values (the per-cell form every reader
#: can hand over), a numpy array as a column-wise parser gives it (numbers as float/int,
#: anything else as objects with None for an empty cell), or a DateColumn.
Cells = list[object] | np.ndarray | DateColumn


def cell_at(column: Cells, i: int) -> object:
    """Cell `i` of a column as the per-cell form holds it (Python values, datetime for a date
    the parser read)."""
    if isinstance(column, DateColumn):
        day = column.parsed[i]
        return pd.Timestamp(day).to_pydatetime() if not np.isnat(day) else column.cells[i]
    if isinstance(column, np.ndarray):
        value = column[i]
        return value.item() if isinstance(value, np.generic) else value
    return column[i]


def column_cells(column: Cells) -> list[object]:
    """The whole column in the per-cell form (see cell_at)."""
    if isinstance(column, DateColumn):
        out: list[object] = column.cells.tolist()
        found = ~np.isnat(column.parsed)
        if found.any():
            days = pd.DatetimeIndex(column.parsed[found]).to_pydatetime()
            for i, day in zip(np.flatnonzero(found).tolist(), days, strict=True):
                out[i] = day
        return out
    if isinstance(column, np.ndarray):
        return column.tolist()  # type: ignore[no-any-return]
    return column


def _take(column: Cells, keep: np.ndarray) -> Cells:
    if isinstance(column, DateColumn):
        return DateColumn(column.parsed[keep], column.cells[keep])
    if isinstance(column, np.ndarray):
        taken: np.ndarray = column[keep]
        return taken
    return [column[i] for i in keep.tolist()]


class LazyRows(Sequence[Sequence[object]]):
    """Rows built from columns on first use: a column-wise reader hands the table over without
    a Python object per cell, and the rows are made only when something asks for them (the
    input sheet copied into the result workbook)."""

    def __init__(self, build: Callable[[], list[Sequence[object]]]) -> None:
        self._build: Callable[[], list[Sequence[object]]] | None = build
        self._rows: list[Sequence[object]] = []

    def _all(self) -> list[Sequence[object]]:
        if self._build is not None:
            self._rows, self._build = self._build(), None
        return self._rows

    @overload
    def __getitem__(self, i: int) -> Sequence[object]: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Sequence[object]]: ...
    def __getitem__(self, i: int | slice) -> Sequence[object] | Sequence[Sequence[object]]:
        return self._all()[i]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[Sequence[object]]:
        return iter(self._all())


Overrides = Mapping[str, str | None]
_NO_OVERRIDES: Overrides = {}


def mapping_overrides(pairs: Mapping[str, str | None]) -> dict[str, str | None]:
    """An explicit column mapping (header in the file → column key, None = not used) keyed the
    way headers are compared: case, spaces and punctuation do not matter. A mapping to a
    field of a line table only ("Betrag", "Datum") is for the line reader, not this one."""
    return {
        compact(normalize_header(h)[0]): k for h, k in pairs.items() if k is None or k in BY_KEY
    }


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
        if (
            len(known) >= 2
            and customer_number_column(row, rows[i + 1 :], set(overrides)) is not None
        ):
            return i, len(known)  # "Kunde" holding the numbers (SAP BEx)
    return -1, best


def map_columns(
    header: Sequence[object], sheet: str, header_row: int, overrides: Overrides = _NO_OVERRIDES
) -> tuple[dict[str, int], list[MappedHeader], list[Problem]]:
    """Column key → column index, the mapping shown to the user, and the headers not used.

    Several revenue columns with years: the latest is the current period, the one before it the
    previous period (unless a previous-period column is named explicitly). An explicit mapping
    (`overrides`, see mapping_overrides) wins over every guess.
    """
    found: dict[str, int] = {}
    years: list[tuple[int, int]] = []  # (year, index) of revenue columns with a year
    mapping: list[MappedHeader] = []
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
        why = keyed.get(j)
        mapping.append((str(h), key, Message(*why) if why else None if key else UNUSED))
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
    if type(value) is not str or not value:
        return False
    if (value[-2:] in _TOTAL_END2 or value[-1] in _TOTAL_PUNCT) and _ends_total(value):
        return True
    if value[0] not in _TOTAL_START:
        return False
    if _TOTAL_LABEL.match(value) or _TOTAL_WORD.match(value):
        return True
    return weak and re.match(r"^\s*(?:total|ergebnis)\s", value, re.IGNORECASE) is not None


_OPEN = cast(Callable[[object], object], itemgetter(slice(0, 1)))
_LAST = cast(Callable[[object], object], itemgetter(slice(-1, None)))
_LAST2 = cast(Callable[[object], object], itemgetter(slice(-2, None)))


def _label_candidates(values: list[object]) -> list[int]:
    """The positions of the texts whose first or last characters could open or close a totals
    label, found in C: total_label is asked only about them, not about every customer name."""
    try:
        starts = map(_TOTAL_START.__contains__, map(_OPEN, values))
        ends = map(_TOTAL_END2.__contains__, map(_LAST2, values))
        closes = map(_TOTAL_PUNCT.__contains__, map(_LAST, values))
        return list(compress(range(len(values)), map(or_, map(or_, starts, ends), closes)))
    except TypeError:  # a cell that is no text: looked at one by one
        return [
            k
            for k, v in enumerate(values)
            if type(v) is str
            and v
            and (v[0] in _TOTAL_START or v[-2:] in _TOTAL_END2 or v[-1] in _TOTAL_PUNCT)
        ]


def _ends_total(value: str) -> bool:
    """Whether a text's last word is a totals word ("Nord gesamt", "West Total", "Insgesamt",
    "Grand Total", "Nord Ergebnis"): grouped reports label a group's total after its name."""
    text = value.rstrip(" \t:.").lower()
    if not text.endswith(_TOTAL_ENDINGS):
        return False
    return re.split(r"[\s\-–/]+", text)[-1] in _TOTAL_END_WORDS


def total_rows(
    body: Sequence[Sequence[object]], text_columns: Sequence[int], id_col: int
) -> set[int]:
    """Body rows that carry a totals label in a text column (the id, name, region and rep
    columns and every column not mapped to a figure; in a figure column a label is an
    unreadable number and reported as such). Column by column, each distinct text tested
    once: a region column costs five tests."""
    return _labelled_rows(lambda j: list(map(itemgetter(j), body)), text_columns, id_col)


def _heads(cells: list[object]) -> set[object] | None:
    """The first character of every non-empty cell (in C), or None when a cell is neither text
    nor empty: no cell can open a totals label when none of them starts with one's character."""
    try:
        return set(map(_HEAD, filter(None, cells)))
    except (TypeError, KeyError, IndexError):
        return None


_TAIL = cast(Callable[[object], object], itemgetter(-1))


def _no_label_in(cells: list[object], heads: set[object] | None) -> bool:
    """Whether no cell can be a totals label, from the first and last characters alone (in C):
    `heads` as _heads gives them; a label opens or closes with a totals word."""
    if heads is None or not heads.isdisjoint(_TOTAL_START):
        return False
    try:
        return set(map(_TAIL, filter(None, cells))).isdisjoint(_TOTAL_END)
    except (TypeError, KeyError, IndexError):
        return False


class Distinct:
    """Each object column's distinct cells and every cell's code among them (pd.factorize),
    found once for the passes that look at distinct cells only (totals labels, texts)."""

    def __init__(self) -> None:
        self._found: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def __call__(self, column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Codes (-1 for None or NaN) and the distinct cells of an object column."""
        hit = self._found.get(id(column))
        if hit is None or hit[0] is not column:  # the column is kept, so its id stays its own
            codes, uniques = pd.factorize(column, use_na_sentinel=True)
            hit = (column, codes, np.asarray(uniques, dtype=object))
            self._found[id(column)] = hit
        return hit[1], hit[2]


def _labelled_rows(
    column_of: Callable[[int], Cells],
    text_columns: Sequence[int],
    id_col: int,
    distinct: Distinct | None = None,
    id_heads: set[object] | None = None,
) -> set[int]:
    """total_rows over columns (see there); `distinct` shares each object column's distinct
    cells with the text reader, `id_heads` is _heads of the id column when known."""
    found: set[int] = set()
    distinct = distinct or Distinct()
    for j in text_columns:
        column = column_of(j)
        weak = j == id_col
        if isinstance(column, DateColumn):
            # a cell read as a date is no label: only the others are looked at
            unread = np.flatnonzero(np.isnat(column.parsed))
            cells = column.cells[unread].tolist()
            found.update(unread[i] for i, v in enumerate(cells) if total_label(v, weak))
            continue
        if isinstance(column, np.ndarray):
            if column.dtype != object:
                continue  # numbers only
            # each distinct cell tested once; the rows found from the cells' codes, in C
            codes, uniques = distinct(column)
            cells = uniques.tolist()
            if _no_label_in(cells, _heads(cells)):
                continue
            label_codes = [k for k in _label_candidates(cells) if total_label(cells[k], weak)]
            if label_codes:
                found.update(np.flatnonzero(np.isin(codes, label_codes)).tolist())
            continue
        # the first characters first (in C): most columns start no label
        heads = id_heads if j == id_col and id_heads is not None else _heads(column)
        if _no_label_in(column, heads):
            continue
        if str not in set(map(type, column)):
            continue  # numbers and empty cells only
        try:
            seen = set(column)
        except TypeError:  # an unhashable cell value: test every cell
            found.update(i for i, v in enumerate(column) if total_label(v, weak))
            continue
        texts = list(seen)
        labels = {texts[k] for k in _label_candidates(texts) if total_label(texts[k], weak)}
        if labels:
            found.update(i for i, v in enumerate(column) if v in labels)
    return found


def _plain_ids(
    values: Cells, heads: set[object] | None = None, array: np.ndarray | None = None
) -> list[str] | None:
    """The ids when every row has a distinct, non-blank text id that is no error literal (the
    usual export), checked in a few passes in C instead of a Python step per row; else None.
    `heads`: _heads(values) when known; `array`: the cells as an object array when they came
    so."""
    if isinstance(values, DateColumn) or (
        isinstance(values, np.ndarray) and values.dtype != object
    ):
        return None
    if isinstance(values, np.ndarray):
        values = values.tolist()  # a list iterates several times faster
    try:
        ids: list[str] = list(map(str.strip, values))  # type: ignore[arg-type]
    except TypeError:  # a cell that is no text
        return None
    if not all(ids):
        return None
    unchanged = ids == values  # no id needed stripping (the usual case)
    if unchanged and array is not None:
        # pandas sees ids in rising order (as most exports sort them) distinct without
        # hashing them: three times faster than a set then
        if not pd.Index(array, dtype=object, copy=False).is_unique:
            return None
    elif len(set(ids)) != len(ids):
        return None
    if heads is None or not unchanged:  # stripped ids start otherwise than the cells
        heads = set(map(_HEAD, ids))
    return None if "#" in heads else ids


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
    if n <= min_rows or k == 0 or (candidates is not None and not candidates.any()):
        return is_total  # no row can be a total (every row has a name, say): nothing to sum
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


def _in_one_currency(
    frame: pd.DataFrame,
    header: list[object],
    header_row: int,
    column_of: Callable[[int], Cells],
    mapping: list[MappedHeader],
    problems: list[Problem],
    sheet: str,
) -> pd.DataFrame:
    """The customers whose figures are in the table's main currency, when it has a currency
    column: each other one is listed and left out (see one_currency)."""
    j = next((j for j, h in enumerate(header) if not is_blank(h) and is_currency_header(h)), None)
    if j is None:
        return frame
    at = next(i for i, m in enumerate(mapping) if m[0] == str(header[j]))
    mapping[at] = (mapping[at][0], None, Message("msg.map.waehrung"))
    # the column is used for this check: no "unknown column" finding for it
    problems[:] = [
        p for p in problems if not (p.action == "column_ignored" and p.column == str(header[j]))
    ]
    cells = column_cells(column_of(j))
    rows = frame["excel_row"].to_numpy()
    main, others, blank = one_currency([cells[r - header_row - 1] for r in rows.tolist()])
    for i in others:
        v = cells[int(rows[i]) - header_row - 1]
        problems.append(
            Problem(
                sheet,
                int(rows[i]),
                str(header[j]),
                v,
                f"Beträge in {main}",
                "row_skipped",
                str(frame["kunden_nr"].iat[i]),
                message="exp.waehrung_kunde",
                args=(("main", main),),
            )
        )
    if blank and main:
        problems.append(
            note(
                sheet,
                None,
                str(header[j]),
                blank,
                "note",
                "msg.k.waehrung_leer",
                n=blank,
                main=main,
            )
        )
    if not others:
        return frame
    return frame.drop(index=frame.index[others]).reset_index(drop=True)


def _read_column(
    col: Column,
    cells: Cells,
    rows: np.ndarray,
    sheet: str,
    header: str,
    ids: list[str | None],
    problems: list[Problem],
    decimal: str | None = None,
    distinct: Distinct | None = None,
) -> pd.Series:
    """Read one column by its kind; problems per cell. Returns floats, text or timestamps.

    A column-wise reader hands numbers over as float/int arrays and dates as a DateColumn;
    only the cells those did not read are looked at one by one, number texts in the notation
    of `decimal` (the text file's decimal separator; None: inferred per cell).
    `distinct` reads a text column's distinct cells once (see Distinct)."""

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

    numeric_kind = col.kind not in ("text", "date", "id")
    if isinstance(cells, np.ndarray) and numeric_kind and cells.dtype.kind in "fiu":
        return _read_numbers(col, cells, rows, sheet, header, ids, problems)
    if isinstance(cells, DateColumn) and col.kind == "date":
        return _read_dates(cells, report)
    if col.kind == "text" and isinstance(cells, np.ndarray) and cells.dtype == object:
        texts = _text_array(cells, distinct or Distinct())
        if texts is not None:
            return pd.Series(texts, dtype=object)
    values = column_cells(cells)

    if col.kind == "text":
        return pd.Series(_texts(values), dtype=object)
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
    out, percent_given, bad, errors, guessed = column_numbers(values, decimal)
    error_cells = set(errors)
    for i in sorted([*bad, *errors]):
        suffix = " (Excel-Fehlerwert)" if i in error_cells else ""
        report(i, values[i], f"{EXPECTED[col.kind]}{suffix}")
    if guessed:
        problems.append(both_ways_note(sheet, header, values, guessed))
    return _checks(col, out, percent_given, values.__getitem__, rows, sheet, header, ids, problems)


def _text(v: object) -> str | None:
    """As `None if is_blank(v) else str(v).strip()`, with fewer calls for a text cell."""
    if type(v) is str:
        return v.strip() or None
    return None if v is None else (str(v).strip() or None)


def _texts(values: list[object]) -> list[str | None]:
    """The text cells of a column; each distinct value read once when few are distinct (a
    region or rep column)."""
    try:
        distinct = dict.fromkeys(values)
    except TypeError:  # an unhashable cell value
        distinct = {}
    if not distinct or len(distinct) * 4 > len(values):
        return [
            (v.strip() or None)
            if type(v) is str
            else (None if v is None else (str(v).strip() or None))
            for v in values
        ]
    # hashing mixes 1, 1.0 and True, which read as different texts: only text and empty
    # cells are read once per distinct value
    if not {type(v) for v in distinct} <= {str, type(None)}:
        return [_text(v) for v in values]
    read = {v: _text(v) for v in distinct}
    return list(map(read.__getitem__, values))


def _text_array(cells: np.ndarray, distinct: Distinct) -> np.ndarray | None:
    """_texts of an object column of text and None cells, each distinct text read once and
    spread by the cells' codes; None when another cell is there (1, 1.0 and True count as
    one distinct cell but read as different texts; NaN reads as "nan")."""
    codes, uniques = distinct(cells)
    if not all(type(v) is str for v in uniques.tolist()):
        return None
    missing = codes < 0
    if missing.any() and any(v is not None for v in cells[missing].tolist()):
        return None
    read = np.empty(len(uniques) + 1, dtype=object)  # the last one for the empty cells
    read[:-1] = [v.strip() or None for v in uniques.tolist()]
    read[-1] = None
    out: np.ndarray = read[codes]
    return out


def _read_dates(cells: DateColumn, report: Callable[..., None]) -> pd.Series:
    """A parsed date column; the cells the parser did not read go through parse_date."""
    # to the microsecond, as the per-cell form (datetime objects) holds a date
    out = cells.parsed.astype("datetime64[us]").astype("datetime64[ns]")
    for i in np.flatnonzero(np.isnat(out)).tolist():
        v = cells.cells[i]
        if is_blank(v):
            continue
        try:
            out[i] = np.datetime64(pd.Timestamp(parse_date(v)).as_unit("ns"))
        except CellError as e:  # as the per-cell path reports it
            report(i, v, f"{EXPECTED['date']} ({e})", message="exp.date.grund", error=e)
    return pd.Series(out, dtype="datetime64[ns]")


def _read_numbers(
    col: Column,
    cells: np.ndarray,
    rows: np.ndarray,
    sheet: str,
    header: str,
    ids: list[str | None],
    problems: list[Problem],
) -> pd.Series:
    """A column the parser read as numbers throughout: no cell to parse, only the checks."""
    # no copy of a float column: _checks writes into no array it is given, so the parsed
    # column stays as read (the input sheet's cells are made from it)
    out = cells.astype(float, copy=False)

    def value(i: int) -> object:
        return cells[i].item()

    percent_given = np.zeros(len(out), dtype=bool)
    return _checks(col, out, percent_given, value, rows, sheet, header, ids, problems)


def _checks(
    col: Column,
    out: np.ndarray,
    percent_given: np.ndarray,
    value: Callable[[int], object],
    rows: np.ndarray,
    sheet: str,
    header: str,
    ids: list[str | None],
    problems: list[Problem],
) -> pd.Series:
    """Percent points, negative revenue and the range of the column's kind, cell by cell on the
    numbers read; `value(i)` is cell i as written, for the findings."""
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
                    value(i),
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
                note(sheet, int(rows[i]), header, value(i), "note", "msg.umsatz_negativ", ids[i])
            )
    bad: np.ndarray
    if col.kind == "share":
        bad, expected = (out < 0) | (out > 1), EXPECTED["share"]
    elif col.kind == "rating":
        bad, expected = (out < RATING_MIN) | (out > RATING_MAX), EXPECTED["rating"]
    elif col.kind == "count" or col.key in NON_NEGATIVE:
        bad, expected = out < 0, "Betrag ≥ 0" if col.kind == "money" else EXPECTED["count"]
    else:
        bad, expected = np.zeros(len(out), dtype=bool), ""
    key = EXPECTED_KEYS.get(expected)  # so the check sheet shows it in the run's language
    for i in np.flatnonzero(bad).tolist():
        problems.append(
            Problem(sheet, int(rows[i]), header, value(i), expected, "value_ignored", ids[i], key)
        )
    if bad.any():  # a new array: `out` may be the parsed column itself
        out = np.where(bad, np.nan, out)
    # the frame copies its columns into one block anyway: no copy of each on the way
    return pd.Series(out, copy=False)


def read_customer_table(
    rows: Sequence[Sequence[object]],
    sheet: str = "Tabelle",
    first_row: int = 1,
    column_map: Mapping[str, str | None] | None = None,
    required: Sequence[str] | None = None,
    decimal: str | None = None,
) -> ReadResult:
    """Read the customer table from a sheet's cells. `first_row` is the Excel row of rows[0];
    `column_map` is an explicit mapping, header in the file → column key (None: not used);
    `decimal` the decimal separator of the text file the cells come from, if they do.

    Totals and subtotals rows (a totals label in any cell, or figures that equal the sum of
    the rows above) are left out and reported. `required` overrides the required columns (a
    customer sheet beside order lines needs no revenue: the lines bring it). Raises
    MissingColumnsError when no header is found or a required column is missing,
    NoCustomerRowsError when no customer row is left.
    """
    overrides = mapping_overrides(column_map or {})
    index, known = find_header(rows, overrides)
    if index < 0:
        # the row naming most known columns (a data row may be fuller: not its values)
        probe = max(
            rows[:HEADER_SEARCH_ROWS],
            key=lambda r: (
                sum(header_key(v, overrides) is not None for v in r if not is_blank(v)),
                sum(not is_blank(v) for v in r),
            ),
            default=[],
        )
        # name what the fullest row lacks, not the id column it may well have
        named = {header_key(str(v), overrides) for v in probe if not is_blank(v)}
        needed = [c.key for c in INPUT_COLUMNS if c.required] if required is None else required
        lacking = [k for k in needed if k not in named] or ["kunden_nr"]
        raise MissingColumnsError(
            sheet,
            [BY_KEY[k].de for k in lacking],
            [str(v) for v in probe if not is_blank(v)],
            [_expected_names(k) for k in lacking],
            keys=lacking,
        )
    header = list(rows[index])
    header_row = first_row + index
    bex = _customer_number_header(header, rows[index + 1 :], overrides, sheet, header_row)
    if bex is not None:
        header, overrides, bex_note = bex
    # a header over two rows ("Umsatz" above "2024" and "2025"): read as one
    combined = _with_year_row(header, rows[index + 1]) if len(rows) > index + 1 else None
    two_rows = combined is not None
    if combined is not None:
        header = combined
    columns, mapping, problems = map_columns(header, sheet, header_row, overrides)
    if bex is not None:
        problems.append(bex_note)
    if two_rows:
        problems.append(
            note(sheet, header_row + 1, None, None, "note", "msg.kopf_zwei_zeilen",
                 first=header_row, second=header_row + 1)
        )  # fmt: skip
        header_row += 1  # the body starts below the second row
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
    start = index + 2 if two_rows else index + 1
    body = [r if len(r) >= width else [*r, *[None] * (width - len(r))] for r in rows[start:]]
    # the row lists themselves (never changed here): a copy would double a large sheet's memory;
    # a two-row header stays two rows, so the result reads back the same way
    raw = [list(rows[index]), *rows[index + 1 :]]

    # each column taken out in C when it is needed (body rows are at least `width` long);
    # cheaper than transposing the whole sheet, unmapped columns included
    def column_of(j: int) -> Cells:
        return list(map(itemgetter(j), body))

    return _read_body(
        sheet, header, header_row, columns, mapping, problems, len(body), column_of,
        body.__getitem__, raw, decimal,
    )  # fmt: skip


def _customer_number_header(
    header: list[object],
    below: Sequence[Sequence[object]],
    overrides: Overrides,
    sheet: str,
    header_row: int,
) -> tuple[list[object], dict[str, str | None], Problem] | None:
    """A header without a customer-number column whose "Kunde" column holds numbers (SAP BEx
    writes the number under "Kunde" and the name beside it without a header): the header with
    the name column titled, the mapping that reads them so, and the note that says it."""
    if any(header_key(h, overrides) == "kunden_nr" for h in header if not is_blank(h)):
        return None
    j = customer_number_column(header, below, set(overrides))
    if j is None:
        return None
    header = list(header)
    mapped = {**overrides, compact(normalize_header(str(header[j]))[0]): "kunden_nr"}
    k = name_beside(header, below, j)
    if k is not None:
        header[k] = f"{header[j]} (Name)"
        mapped[compact(normalize_header(str(header[k]))[0])] = "name"
    key = "msg.kunde_nummer_name" if k is not None else "msg.kunde_nummer"
    found = note(sheet, header_row, str(header[j]), header[j], "note", key, header=str(header[j]))
    return header, mapped, found


def _year(value: object) -> int | None:
    """A cell that holds a year (2025 as a number or a text), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        year = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        year = int(value.strip())
    else:
        return None
    return year if 1990 <= year <= 2100 else None


def _with_year_row(header: Sequence[object], below: Sequence[object]) -> list[object] | None:
    """The header joined with the row below it when that row holds years under it and
    nothing else ("Umsatz" above "2024" | "2025", the second cell of a merged header empty):
    "Umsatz 2024", "Umsatz 2025". None when the row below is no such row."""
    filled = [(j, v) for j, v in enumerate(below) if not is_blank(v)]
    years = {j: _year(v) for j, v in filled}
    if len(filled) < 2 or any(y is None for y in years.values()):
        return None
    out: list[object] = []
    base: object = None
    for j in range(max(len(header), len(below))):
        h = header[j] if j < len(header) else None
        base = h if not is_blank(h) else base  # a merged header's cells left empty
        year = years.get(j)
        out.append(f"{base} {year}" if year is not None and not is_blank(base) else h)
    return out


def read_customer_columns(
    header: Sequence[object],
    columns: Sequence[Cells],
    sheet: str,
    header_row: int,
    raw: Sequence[Sequence[object]],
    column_map: Mapping[str, str | None] | None = None,
    required: Sequence[str] | None = None,
    decimal: str | None = None,
) -> ReadResult | None:
    """read_customer_table for a table parsed column by column (one Cells per header column,
    all of one length, the header in row `header_row`, number texts in the notation of
    `decimal`): the same frame and the same problems, without a Python step per cell where a
    column parsed as numbers or dates.

    Returns None when the header is not the first row the per-cell reader would take (it
    then reads `raw` itself and says what it found)."""
    n = len(columns[0]) if columns else 0
    probe = [header, *([cell_at(c, i) for c in columns] for i in range(min(n, HEADER_SEARCH_ROWS)))]
    overrides = mapping_overrides(column_map or {})
    if find_header(probe, overrides)[0] != 0:
        return None
    if _customer_number_header(list(header), probe[1:], overrides, sheet, header_row):
        return None  # "Kunde" holding the numbers: the per-cell reader maps it
    if n and _with_year_row(header, probe[1]) is not None:
        return None  # a header over two rows: the per-cell reader joins them
    header = list(header)
    mapped, mapping, problems = map_columns(header, sheet, header_row, overrides)
    needed = [c.key for c in INPUT_COLUMNS if c.required] if required is None else required
    missing = [k for k in needed if k not in mapped]
    if missing:  # as read_customer_table says it, without making the rows
        raise MissingColumnsError(
            sheet,
            [BY_KEY[k].de for k in missing],
            [str(h) for h in header if not is_blank(h)],
            [_expected_names(k) for k in missing],
            keys=missing,
        )

    def row_of(i: int) -> Sequence[object]:
        return [cell_at(c, i) for c in columns]

    return _read_body(
        sheet, header, header_row, mapped, mapping, problems, n, columns.__getitem__, row_of,
        raw, decimal,
    )  # fmt: skip


#: the check-sheet message of a row whose customer number came before: the same figures
#: (a repeat, left out) or other figures (a conflict: the first row is kept)
REPEATED_ID_MESSAGES = ("exp.id.doppelt", "exp.id.konflikt")


def _repeated_row(
    sheet: str,
    header: Sequence[object],
    id_col: int,
    this: tuple[int, int],
    cid: str,
    first: tuple[int, int],
    figure_cols: set[int],
    row_of: Callable[[int], Sequence[object]],
) -> Problem:
    """A row whose customer number an earlier row has: left out either way (one row per
    customer), listed as a repeat when its figures are the first row's, else as a conflict
    with the values that differ."""
    excel_row = this[0]
    here, there = row_of(this[1]), row_of(first[1])
    differing = [
        f"{header[j]}: {_shown(here, j)} ({_shown(there, j)})"
        for j in sorted(figure_cols)
        if _shown(here, j) != _shown(there, j)
    ]
    if not differing:
        return Problem(
            sheet,
            excel_row,
            str(header[id_col]),
            cid,
            f"{EXPECTED['id']} (schon in Zeile {first[0]})",
            "row_skipped",
            cid,
            message="exp.id.doppelt",
            args=(("row", first[0]),),
        )
    return Problem(
        sheet,
        excel_row,
        str(header[id_col]),
        "; ".join(differing),
        f"{EXPECTED['id']} (schon in Zeile {first[0]}, andere Werte)",
        "row_skipped",
        cid,
        message="exp.id.konflikt",
        args=(("row", first[0]),),
    )


def _shown(row: Sequence[object], j: int) -> object:
    """A cell as the conflict lists it: blank as None, 100.0 as 100, a date as 31.12.2025."""
    value = row[j] if j < len(row) else None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    return None if is_blank(value) else value


def _read_body(
    sheet: str,
    header: list[object],
    header_row: int,
    columns: dict[str, int],
    mapping: list[MappedHeader],
    problems: list[Problem],
    n: int,
    column_of: Callable[[int], Cells],
    row_of: Callable[[int], Sequence[object]],
    raw: Sequence[Sequence[object]],
    decimal: str | None = None,
) -> ReadResult:
    """The rows below the header: ids, totals rows, every mapped column read by its kind."""
    width = len(header)
    keep: list[int] = []
    ids: list[str | None] = []
    seen: dict[str, tuple[int, int]] = {}  # id → its first row: Excel row, index
    id_col = columns["kunden_nr"]
    figure_cols = {j for k, j in columns.items() if BY_KEY[k].kind not in ("id", "text")}
    # the id column as a list once: the passes below iterate it several times faster so
    id_array = column_of(id_col)
    id_cells: Cells = id_array
    if isinstance(id_array, np.ndarray) and id_array.dtype == object:
        id_cells = id_array.tolist()
    id_heads = _heads(id_cells) if isinstance(id_cells, list) else None

    def cells_of(j: int) -> Cells:
        return id_cells if j == id_col else column_of(j)

    distinct = Distinct()
    text_cols = [j for j in range(width) if j not in figure_cols]
    labelled = _labelled_rows(cells_of, text_cols, id_col, distinct, id_heads)
    breaks: list[int] = []  # kept rows that follow a row left out with figures in it
    broken = False
    id_objects = id_array if isinstance(id_array, np.ndarray) and id_array is not id_cells else None
    fast = _plain_ids(id_cells, id_heads, id_objects) if not labelled else None
    if fast is not None:  # every row a customer with its own text id: nothing to decide
        ids = list(fast)
    for i in range(n) if fast is None else ():
        excel_row = header_row + 1 + i
        if i in labelled:
            label = next(v for v in row_of(i) if total_label(v, True))
            problems.append(
                note(sheet, excel_row, None, label, "row_skipped", "msg.summenzeile", label=label)
            )
            broken = True
            continue
        cell = cell_at(id_cells, i)
        cid = parse_id(cell)
        if cid is None or (cid[:1] == "#" and is_excel_error(cid)):
            if all(is_blank(v) for v in row_of(i)):  # only a row without id can be empty
                continue
            else:
                broken = True
                problems.append(
                    Problem(
                        sheet,
                        excel_row,
                        str(header[id_col]),
                        cell,
                        EXPECTED["id"] + " (leer)",
                        "row_skipped",
                        message="exp.id.leer",
                    )
                )
            continue
        if cid in seen:
            problems.append(
                _repeated_row(
                    sheet, header, id_col, (excel_row, i), cid, seen[cid], figure_cols, row_of
                )
            )
            continue
        seen[cid] = (excel_row, i)
        if broken:
            breaks.append(len(keep))
            broken = False
        keep.append(i)
        ids.append(cid)
    everyone = fast is not None or len(keep) == n
    kept = np.arange(n, dtype=np.intp) if everyone else np.array(keep, dtype=np.intp)
    excel_rows = kept.astype(np.int64) + (header_row + 1)
    # the ids as the parser gave them when none needed stripping (no copy of the list)
    same = fast is not None and isinstance(id_array, np.ndarray) and fast == id_cells
    data: dict[str, pd.Series] = {"kunden_nr": pd.Series(id_array if same else ids, dtype=object)}
    for key, j in columns.items():
        if key == "kunden_nr":
            continue
        column = column_of(j)
        values = column if everyone else _take(column, kept)
        data[key] = _read_column(
            BY_KEY[key], values, excel_rows, sheet, str(header[j]), ids, problems, decimal, distinct
        )
        if BY_KEY[key].kind == "money":
            data[key] = in_euros(data[key], header[j], sheet, header_row, problems)
    data["excel_row"] = pd.Series(excel_rows, copy=False)
    frame = pd.DataFrame(data)
    figures = [k for k in frame if k in BY_KEY and BY_KEY[k].kind in ("money", "count")]
    if figures and len(frame) > SUM_MIN_ROWS:
        starts = np.zeros(len(frame), dtype=bool)
        starts[breaks] = True
        texts = [k for k in frame if k in BY_KEY and BY_KEY[k].kind == "text"]
        # a grouped report fills region and rep on its subtotal rows too: only a name tells
        # a customer from a subtotal there
        texts = [k for k in texts if k not in GROUPING] or texts
        nameless = None
        if texts:
            # a text column holds text or None (_texts): None is its only missing cell
            nameless = np.ones(len(frame), dtype=bool)
            for k in texts:
                nameless &= np.equal(frame[k].to_numpy(dtype=object), _NONE)
                if not nameless.any():
                    break  # every row has a name: no row can be a total
        totals = (
            sum_rows(frame[figures].to_numpy(dtype=float), starts=starts, candidates=nameless)
            if nameless is None or nameless.any()
            else np.zeros(len(frame), dtype=bool)
        )
        if totals.any():
            for r, cid in zip(excel_rows[totals].tolist(), frame["kunden_nr"][totals], strict=True):
                problems.append(
                    note(sheet, r, None, cid, "row_skipped", "msg.summe_der_zeilen", cid)
                )
            frame = frame.loc[~totals].reset_index(drop=True)
    frame = _in_one_currency(frame, header, header_row, column_of, mapping, problems, sheet)
    grouping = {k: str(header[columns[k]]) for k in columns if k in GROUPING}
    if grouping:
        frame = fill_down(frame, grouping, sheet, header_row, problems)
    if frame.empty:
        raise NoCustomerRowsError(
            "err.keine_kundenzeilen", sheet=sheet, row=header_row, skipped=n - len(kept)
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
