"""From a sheet's cells (a 2D list) to order lines: recognise an order-line table, map its
columns, read every cell by kind and report each line that cannot be used.

Pure Python over lists like table.py (belongs to the cells layer), so the file reader, the
worksheet functions and the in-Excel scripts read order lines the same way. The lines go on
to `method.order_history.aggregate_orders`.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kundenwert.cells.columns import (
    BY_KEY,
    CURRENCY_HEADERS,
    CUSTOMER_HEADERS,
    compact,
    normalize_header,
    propose_mapping,
)
from kundenwert.cells.customer_table import (
    HEADER_SEARCH_ROWS,
    Cells,
    DateColumn,
    _labelled_rows,
    _take,
    cell_at,
    column_cells,
    total_label,
)
from kundenwert.cells.numbers import both_ways_note, column_numbers, one_currency
from kundenwert.cells.units import in_euros
from kundenwert.cells.values import is_blank, is_excel_error, parse_date, parse_id
from kundenwert.errors import UNUSED, CellError, MappedHeader, MessageError, Problem, note
from kundenwert.method.dates import plausible_dates

#: Header variants per line field (compared after normalize_header).
LINE_HEADERS: dict[str, tuple[str, ...]] = {
    "datum": (
        "datum",
        "belegdatum",
        "rechnungsdatum",
        "auftragsdatum",
        "bestelldatum",
        "lieferdatum",
        "buchungsdatum",
        "fakturadatum",
        "leistungsdatum",
        "datum beleg",
        "date",
        "order date",
        "invoice date",
        "posting date",
        "document date",
        "billing date",
        "transaction date",
        "close date",
        "invoice bill date",
        "accounting date",
        "rechnungs belegdatum",
    ),
    "kunden_nr": (
        BY_KEY["kunden_nr"].de,
        "kunden nr",
        "kunde nr",
        "debitoren nr",
        "auftraggeber nr",
        "regulierer nr",
        "sell to customer no",
        "bill to customer no",
        "customer account",
        *BY_KEY["kunden_nr"].aliases,
    ),
    "betrag": (
        "betrag",
        "nettobetrag",
        "netto",
        "nettowert",
        "positionswert",
        "umsatz",
        "nettoumsatz",
        "umsatz netto",
        "wert",
        "netwert",
        "wert netto",
        "betrag netto",
        "positionsbetrag",
        "amount",
        "line amount",
        "amount lcy",
        "sales amount",
        "net amount",
        "net value",
        "revenue",
        "sales",
        "untaxed amount",
        "amount untaxed",
        "betrag ohne steuer",
        "nicht versteuerter betrag",
        "steuerfreier betrag",
    ),
    "auftrag_nr": (
        "auftrag nr",
        "auftragsnummer",
        "auftrags nr",
        "beleg nr",
        "belegnummer",
        "rechnung nr",
        "rechnungsnummer",
        "faktura",
        "fakturanummer",
        "fakturabeleg",
        "faktura nr",
        "vertriebsbeleg",
        "bestellnummer",
        "order no",
        "order number",
        "order id",
        "invoice no",
        "invoice number",
        "document no",
        "document number",
        "sales order",
        "auftrag",
        "number",
        "nummer",
    ),
    "menge": ("menge", "anzahl", "stueck", "quantity", "qty"),
    "deckungsbeitrag": ("deckungsbeitrag", "db", "rohertrag", "contribution", "gross profit"),
    "marge": ("marge", "marge %", "db quote", "margin", "margin %"),
    "name": (
        BY_KEY["name"].de,
        "name des auftraggebers",
        "name auftraggeber",
        "name des regulierers",
        *BY_KEY["name"].aliases,
    ),
    "waehrung": CURRENCY_HEADERS,
    "belegart": ("belegart", "document type", "buchungsart", "posting type", "transaction type"),
    "status": ("status", "auftragsstatus", "belegstatus", "stage", "order status", "statut"),
    "storniert": ("storniert", "storno", "stornokennzeichen", "cancelled", "canceled"),
    "region": (BY_KEY["region"].de, *BY_KEY["region"].aliases),
    "betreuer": (BY_KEY["betreuer"].de, BY_KEY["betreuer"].en, *BY_KEY["betreuer"].aliases),
}
REQUIRED = ("datum", "kunden_nr", "betrag")
#: Converted margin cells listed one by one; beyond them one note counts the rest.
LISTED_CONVERSIONS = 100
#: Amount headers in the order a ledger export is best read by: the net sales in local
#: currency (Business Central's "Verkauf (MW)" / "Sales (LCY)"; its "Betrag" includes VAT),
#: then any amount in local currency, then the rest (rank 2).
AMOUNT_RANKS = {
    **dict.fromkeys(("verkauf mw", "sales lcy", "umsatz mw"), 0),
    **dict.fromkeys(("betrag mw", "amount lcy", "betrag hauswaehrung"), 1),
    # Odoo: the signed untaxed amount is negative on a credit note, the plain one is not
    **dict.fromkeys(("untaxed amount signed", "amount untaxed signed"), 0),
}
#: Document types of a ledger export that are no sale: payments, refunds, interest and
#: reminders are left out (each line reported); invoices and credit memos are read.
NO_SALE_TYPES = (
    "zahlung",
    "erstattung",
    "zinsrechnung",
    "mahnung",
    "payment",
    "refund",
    "finance charge memo",
    "reminder",
)
#: Line states that are no sale: a cancelled line or a lost opportunity is left out (each
#: line reported); any other state (open, delivered, won, …) is read.
NO_SALE_STATES = (
    "storniert",
    "storno",
    "abgebrochen",
    "abgelehnt",
    "verloren",
    "cancelled",
    "canceled",
    "void",
    "lost",
    "closed lost",
    # an invoice not (yet) posted is no sale: Odoo's "cancel" and "draft", German "Entwurf"
    "cancel",
    "draft",
    "entwurf",
    "annulé",
    "annulée",
    "brouillon",
)
#: Line fields read as text (a reader must not take "16.03.2025" or "00123" for a number).
LINE_TEXTS = (
    "datum",
    "kunden_nr",
    "auftrag_nr",
    "name",
    "region",
    "betreuer",
    "waehrung",
    "belegart",
    "status",
    "storniert",
)
_INDEX = {
    compact(normalize_header(a)[0]): key for key, names in LINE_HEADERS.items() for a in names
}
_CUSTOMER_HEADERS = {compact(normalize_header(a)[0]) for a in CUSTOMER_HEADERS}
_AMOUNT_RANKS = {compact(normalize_header(a)[0]): r for a, r in AMOUNT_RANKS.items()}
_NO_SALE = {compact(normalize_header(a)[0]) for a in NO_SALE_TYPES}
_NO_SALE_STATE = {compact(normalize_header(a)[0]) for a in NO_SALE_STATES}
#: The marks of a set flag in a "Storniert" column (SAP writes "X").
_FLAG_SET = {"x", "ja", "j", "yes", "y", "1", "true", "wahr"}
LABELS_DE = {"datum": "Datum", "kunden_nr": "Kunden-Nr", "betrag": "Betrag"}


def line_field(header: object, overrides: LineOverrides | None = None) -> str | None:
    """The order-line field a header names (under an explicit mapping, see line_overrides),
    or None."""
    if is_blank(header):
        return None
    name = compact(normalize_header(str(header))[0])
    if overrides and name in overrides:
        return overrides[name]
    return _INDEX.get(name)


#: compact header → line field (None: not used), from an explicit mapping.
LineOverrides = Mapping[str, str | None]
#: Customer columns that mean a line field when a mapping names them for a line table.
_AS_LINE_FIELD = {"umsatz": "betrag"}


def line_overrides(column_map: Mapping[str, str | None] | None) -> dict[str, str | None]:
    """An explicit mapping (`--spalte`, header in the file → column or line field) as it applies
    to a line table: the line fields, the customer columns a line carries too (Kunden-Nr,
    Name, Region, …; "Umsatz" is the line's amount) and the columns not to use."""
    out: dict[str, str | None] = {}
    for header, key in (column_map or {}).items():
        name = compact(normalize_header(header)[0])
        target = _AS_LINE_FIELD.get(key, key) if key else None
        if target is None or target in LINE_HEADERS:
            out[name] = target
    return out


def line_keys() -> tuple[str, ...]:
    """Every field of a line table, as `--spalte` may name it."""
    return tuple(LINE_HEADERS)


@dataclass
class LineRead:
    """Order lines as read: frame by line field (plus excel_row), header row, problems."""

    sheet: str
    header_row: int  # 1-based
    lines: pd.DataFrame
    mapping: list[MappedHeader] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ids_repeat: bool | None = None  # some customer id in more than one row (before checks)


def line_header(
    rows: Sequence[Sequence[object]], overrides: LineOverrides | None = None
) -> tuple[int, dict[str, int]]:
    """Index of the order-line header row and the column of each field, or (-1, {}) when no
    row within the first rows names a date, a customer and an amount column. `overrides`
    (see line_overrides) wins over every guess."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, list[int]] = {}
        unnamed: list[int] = []  # "Kunde" and the like
        amount_rank: dict[int, int] = {}
        explicit: dict[str, int] = {}
        for j, v in enumerate(row):
            if is_blank(v):
                continue
            norm = compact(normalize_header(str(v))[0])
            if overrides and norm in overrides:
                key = overrides[norm]
                if key is not None and key not in explicit:
                    explicit[key] = j
                continue
            if norm in _CUSTOMER_HEADERS:
                unnamed.append(j)
            key = _INDEX.get(norm)
            if norm in _AMOUNT_RANKS:
                key = "betrag"
            if key:
                columns.setdefault(key, []).append(j)
            if key == "betrag":
                amount_rank[j] = _AMOUNT_RANKS.get(norm, 2)
        if "betrag" in columns:  # the best-ranked amount, the first of equal rank
            columns["betrag"].sort(key=amount_rank.__getitem__)
            if amount_rank[columns["betrag"][0]] < 2:
                # an amount in local currency: the currency column names the document's
                columns.pop("waehrung", None)
        if "kunden_nr" not in columns and unnamed:
            # no number column: "Kunde" holds the number, a name column beside it the name
            columns["kunden_nr"] = unnamed[:1]
            names = [j for j in columns.get("name", []) if j != unnamed[0]]
            columns.pop("name", None)
            if names:
                columns["name"] = names
        found = {key: js[0] for key, js in columns.items()}
        if explicit:
            taken = set(explicit.values())
            found = {k: j for k, j in found.items() if j not in taken} | explicit
        if all(k in found for k in REQUIRED):
            return i, found
    return -1, {}


def line_proposal(rows: Sequence[Sequence[object]], overrides: LineOverrides | None = None) -> str:
    """The `--spalte` options that would make a line table of `rows`: the row naming most
    line fields is taken as the header, each missing field proposed from its free headers."""
    probe = max(
        rows[:HEADER_SEARCH_ROWS],
        key=lambda r: (
            sum(line_field(v, overrides) is not None for v in r),
            sum(not is_blank(v) for v in r),
        ),
        default=[],
    )
    headers = [str(v).strip() for v in probe if not is_blank(v)]
    named = {line_field(h, overrides) for h in headers}
    if any(compact(normalize_header(h)[0]) in _CUSTOMER_HEADERS for h in headers):
        named.add("kunden_nr")
    free = [h for h in headers if line_field(h, overrides) is None]
    missing = [(k, LABELS_DE[k]) for k in REQUIRED if k not in named]
    # with no header left, the form of the option itself
    return propose_mapping(free, missing) or '--spalte "…=Betrag"'


def ids_repeat(rows: Sequence[Sequence[object]], header: int, column: int) -> bool:
    """Whether some customer id occurs in more than one row below the header."""
    seen: set[str] = set()
    for row in rows[header + 1 :]:
        cid = parse_id(row[column]) if column < len(row) else None
        if cid is None:
            continue
        if cid in seen:
            return True
        seen.add(cid)
    return False


def is_order_lines(
    rows: Sequence[Sequence[object]], overrides: LineOverrides | None = None
) -> bool:
    """An order-line table: date, customer and amount columns, and customer ids that repeat."""
    index, found = line_header(rows, overrides)
    return index >= 0 and ids_repeat(rows, index, found["kunden_nr"])


def _dates(values: list[object]) -> tuple[pd.Series, list[int]]:
    if set(map(type, values)) <= {dt.datetime, dt.date, pd.Timestamp}:
        dates = plausible_dates(pd.Series(values, dtype=object))
        # 31.12.9999 and the like
        return dates, np.flatnonzero(dates.isna().to_numpy()).tolist()
    out: list[object] = []
    bad: list[int] = []
    for i, v in enumerate(values):
        try:
            out.append(None if is_blank(v) else pd.Timestamp(parse_date(v)))
        except CellError:
            out.append(None)
            bad.append(i)
    return pd.Series(pd.to_datetime(pd.Series(out, dtype=object))), bad


def _numbers(
    values: list[object], decimal: str | None = None
) -> tuple[np.ndarray, list[int], list[int]]:
    """Numbers of a column, the cells that are none (Excel error literals included) and those
    that read both ways and were read the German way (see column_numbers)."""
    numbers, _, bad, errors, guessed = column_numbers(values, decimal)
    return numbers, sorted([*bad, *errors]), guessed


def read_lines(
    rows: Sequence[Sequence[object]],
    sheet: str = "Auftragszeilen",
    first_row: int = 1,
    decimal: str | None = None,
    overrides: LineOverrides | None = None,
) -> LineRead:
    """Read order lines from a sheet's cells; `first_row` is the Excel row of rows[0];
    `decimal` the decimal separator of the text file the cells come from, if they do;
    `overrides` an explicit mapping (see line_overrides).

    Unreadable dates, customers and amounts are reported here with their row and value and
    left for the aggregation to skip; an unreadable optional cell is reported and left empty.
    """
    index, found = line_header(rows, overrides)
    if index < 0:
        raise MessageError(
            "err.keine_auftragszeilen_erkannt", sheet=sheet, proposal=line_proposal(rows, overrides)
        )
    header = list(rows[index])
    header_row = first_row + index
    width = len(header)
    body = [r if len(r) >= width else [*r, *[None] * (width - len(r))] for r in rows[index + 1 :]]

    def column_of(j: int) -> Cells:
        return [r[j] for r in body]

    return _read_line_body(
        sheet, header, header_row, found, len(body), column_of, body.__getitem__, decimal=decimal
    )


def read_line_columns(
    header: Sequence[object],
    columns: Sequence[Cells],
    sheet: str,
    header_row: int,
    decimal: str | None = None,
    overrides: LineOverrides | None = None,
) -> LineRead | None:
    """read_lines for a table parsed column by column (one Cells per header column, the
    header in row `header_row`, number texts in the notation of `decimal`): the same lines
    and problems, without a Python step per cell where a column parsed as numbers or dates.
    None when the header is not the first row read_lines would take."""
    n = len(columns[0]) if columns else 0
    probe = [list(header), *([cell_at(c, i) for c in columns] for i in range(min(n, 30)))]
    index, found = line_header(probe, overrides)
    if index != 0:
        return None

    def row_of(i: int) -> Sequence[object]:
        return [cell_at(c, i) for c in columns]

    return _read_line_body(
        sheet,
        list(header),
        header_row,
        found,
        n,
        columns.__getitem__,
        row_of,
        quick=True,
        decimal=decimal,
    )


def _factorized(cells: Cells) -> tuple[np.ndarray, list[str]] | None:
    """Codes (−1: empty) and distinct values of a column of texts, or None for anything else
    (1, 1.0 and True hash alike but read differently)."""
    if not isinstance(cells, np.ndarray) or cells.dtype != object:
        return None
    codes, distinct = pd.factorize(cells)
    values = list(distinct)
    if not all(type(v) is str for v in values):
        return None
    return codes, values


def _recoded(
    codes: np.ndarray, distinct: list[str], values: list[str | None], sort: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Row codes and distinct texts (sorted with `sort`) after reading each of the column's
    `distinct` cells as `values` (None: no value; " K1" and "K1" read alike)."""
    if not sort and all(map(operator.is_, values, distinct)):  # each read as it stands
        return codes, np.array(distinct, dtype=object)
    value_codes, categories = pd.factorize(np.array(values, dtype=object), sort=sort)
    return np.append(value_codes, -1)[codes], np.asarray(categories, dtype=object)


def _one_currency(
    cells: Sequence[object],
    report: Callable[..., None],
    problems: list[Problem],
    sheet: str,
    header: str,
) -> None:
    """Lines in another currency than most are reported and left out (see one_currency)."""
    main, others, blank = one_currency(cells)
    for i in others:
        report(i, "waehrung", f"Betrag in {main}", "row_skipped", "exp.waehrung", main=main)
    if blank and main:
        problems.append(
            note(sheet, None, header, blank, "note", "msg.o.waehrung_leer", n=blank, main=main)
        )


def _categorical(codes: np.ndarray, categories: np.ndarray) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))


def _line_ids(cells: Cells) -> list[str | None]:
    """parse_id of every cell; a column of texts in a few passes in C."""
    values = column_cells(cells)
    try:
        ids: list[str | None] = list(map(str.strip, values))  # type: ignore[arg-type]
    except TypeError:  # blanks or numbers: one by one
        return [parse_id(v) for v in values]
    return ids if all(ids) else [v or None for v in ids]


def _line_dates(cells: Cells, quick: bool) -> tuple[np.ndarray, list[int]]:
    if quick and isinstance(cells, DateColumn):
        out = cells.parsed.astype("datetime64[us]")  # what the per-cell form holds
        bad: list[int] = []
        for i in np.flatnonzero(np.isnat(out)).tolist():
            v = cells.cells[i]
            if is_blank(v):
                continue
            try:
                out[i] = np.datetime64(parse_date(v), "us")
            except CellError:
                bad.append(i)
        return pd.Series(out).to_numpy(), bad
    series, bad = _dates(column_cells(cells))
    return series.to_numpy(), bad


def _read_line_body(
    sheet: str,
    header: list[object],
    header_row: int,
    found: dict[str, int],
    n: int,
    column_of: Callable[[int], Cells],
    row_of: Callable[[int], Sequence[object]],
    quick: bool = False,
    decimal: str | None = None,
) -> LineRead:
    width = len(header)
    excel_rows = np.arange(header_row + 1, header_row + 1 + n)
    id_col = found["kunden_nr"]
    # totals lines ("Summe", "Gesamt" in a text, id or date cell) are left out by name
    figures = {found[k] for k in ("betrag", "menge", "deckungsbeitrag", "marge") if k in found}
    texts = [j for j in range(width) if j not in figures]
    # id and order-number columns of texts: each distinct text looked at once (order lines
    # repeat their customers and orders), then spread to the rows by its code
    coded: dict[int, tuple[np.ndarray, list[str]]] = {}
    for j in (id_col, found.get("auftrag_nr")) if quick else ():
        factors = None if j is None else _factorized(column_of(j))
        if j is not None and factors is not None:
            coded[j] = factors
    found_rows = _labelled_rows(column_of, [j for j in texts if j not in coded], id_col)
    for j, (codes, distinct) in coded.items():
        labels = [k for k, v in enumerate(distinct) if total_label(v, j == id_col)]
        if labels:
            found_rows.update(np.flatnonzero(np.isin(codes, labels)).tolist())
    totals = sorted(found_rows)
    total_notes = [
        note(
            sheet,
            int(excel_rows[i]),
            None,
            label,
            "row_skipped",
            "msg.summenzeile",
            label=label,
        )
        for i in totals
        for label in [next(v for v in row_of(i) if total_label(v, True))]
    ]
    keep_rows = np.ones(n, dtype=bool)
    keep_rows[totals] = False
    id_codes: np.ndarray | None = None  # the customer of each row as a code (−1: none)
    id_categories: np.ndarray | None = None
    if id_col in coded:
        codes, distinct = coded[id_col]
        parsed = [parse_id(v) for v in distinct]
        valid = np.array([c is not None for c in parsed] + [False])[codes]  # code −1: empty
        repeat = len(set(filter(None, parsed))) < int(valid.sum())
        all_ids_arr: np.ndarray = np.array([*parsed, None], dtype=object)[codes]
        no_id = np.flatnonzero(~valid).tolist()
        is_error = [c is not None and c[:1] == "#" and is_excel_error(c) for c in parsed]
        error = np.array([*is_error, False])[codes]
        # the aggregation groups by these codes instead of hashing every row's text again
        # (sorted: the customer table lists them in that order)
        id_codes, id_categories = _recoded(
            codes,
            distinct,
            [None if bad else c for c, bad in zip(parsed, is_error, strict=True)],
            sort=True,
        )
    else:
        all_ids = _line_ids(column_of(id_col))
        present = len(all_ids) - all_ids.count(None)
        repeat = len(set(filter(None, all_ids))) < present  # as ids_repeat, from the ids
        all_ids_arr = np.array(all_ids, dtype=object)
        no_id = [] if all(all_ids) else [i for i, c in enumerate(all_ids) if c is None]
        error = None
    # only a row without customer can be empty: the others need no look at every cell
    for i in no_id:
        if keep_rows[i] and all(is_blank(v) for v in row_of(i)):
            keep_rows[i] = False
    everyone = bool(keep_rows.all())
    kept = np.flatnonzero(keep_rows)
    if not everyone:
        excel_rows = excel_rows[kept]
        all_ids_arr = all_ids_arr[kept]
        error = None if error is None else error[kept]
        id_codes = None if id_codes is None else id_codes[kept]
    if error is None:  # error literals are no customer
        error = np.array(
            [c is not None and c[:1] == "#" and is_excel_error(c) for c in all_ids_arr.tolist()],
            dtype=bool,
        )
    ids: np.ndarray = all_ids_arr
    if error.any():
        ids = all_ids_arr.copy()
        ids[error] = None
    used = {j: k for k, j in found.items()}
    mapping = [
        (str(h), used.get(j), None if j in used else UNUSED)
        for j, h in enumerate(header)
        if not is_blank(h)
    ]
    problems: list[Problem] = list(total_notes)
    data: dict[str, object] = {"kunden_nr": ids}
    if id_codes is not None and id_categories is not None:
        data["kunden_nr"] = _categorical(id_codes, id_categories)
    cells_of = {
        k: column_of(j) if everyone else _take(column_of(j), kept) for k, j in found.items()
    }

    def report(i: int, key: str, expected: str, action: str, message: str, **args: object) -> None:
        problems.append(
            Problem(
                sheet,
                int(excel_rows[i]),
                str(header[found[key]]),
                cell_at(cells_of[key], i),
                expected,
                action,  # type: ignore[arg-type]
                ids[i],
                message=message,
                args=tuple(args.items()),
            )
        )

    for key, j in found.items():
        if key == "kunden_nr":
            continue
        cells = cells_of[key]
        if key == "datum":
            data[key], bad = _line_dates(cells, quick)
            expected = "Datum (TT.MM.JJJJ)"
        elif key in ("name", "region", "betreuer"):
            data[key] = [None if is_blank(v) else str(v).strip() for v in column_cells(cells)]
            continue
        elif key == "waehrung":
            _one_currency(column_cells(cells), report, problems, sheet, str(header[j]))
            continue
        elif key in ("belegart", "status", "storniert"):
            # a payment or a cancelled line is no sale: each distinct cell looked at once
            refused, expected, why = {
                "belegart": (_NO_SALE, "Rechnung oder Gutschrift", "exp.belegart"),
                "status": (_NO_SALE_STATE, "nicht storniert", "exp.status"),
                "storniert": (_FLAG_SET, "nicht storniert", "exp.status"),
            }[key]
            values = column_cells(cells)
            out = {v for v in set(values) if not is_blank(v)}
            out = {
                v
                for v in out
                if compact(normalize_header(str(v))[0]) in refused
                or (key == "storniert" and type(v) in (int, float, bool) and v == 1)
            }
            for i in (i for i, v in enumerate(values) if v in out) if out else ():
                report(i, key, expected, "row_skipped", why)
            continue
        elif key == "auftrag_nr":
            if j in coded:
                codes, distinct = coded[j]
                number_codes, numbers = _recoded(codes, distinct, list(map(parse_id, distinct)))
                data[key] = _categorical(number_codes if everyone else number_codes[kept], numbers)
            else:
                data[key] = [parse_id(v) for v in column_cells(cells)]
            continue
        else:
            if quick and isinstance(cells, np.ndarray) and cells.dtype.kind in "fiu":
                numbers, bad = cells.astype(float), []
            else:
                values = column_cells(cells)
                numbers, bad, guessed = _numbers(values, decimal)
                if guessed:
                    problems.append(both_ways_note(sheet, str(header[j]), values, guessed))
            if key == "marge":
                # a margin cell holding 25 means 25 %: cell by cell, never the whole column
                # (one may mix 43 with 0.2); the first cells listed with their row, the rest
                # counted in one note, as a line table can hold millions
                points = np.flatnonzero(np.abs(numbers) > 1)
                for i in points[:LISTED_CONVERSIONS].tolist():
                    share = float(numbers[i]) / 100.0
                    report(
                        i, key, "Anteil 0–1", "value_converted", "msg.prozentpunkte", share=share
                    )
                if len(points) > LISTED_CONVERSIONS:
                    more = len(points) - LISTED_CONVERSIONS
                    problems.append(
                        note(sheet, None, str(header[j]), more, "value_converted",
                             "msg.prozentpunkte_weitere", n=more)
                    )  # fmt: skip
                numbers = numbers.copy()
                numbers[points] /= 100.0
            if key in ("betrag", "deckungsbeitrag"):
                euros = in_euros(pd.Series(numbers), header[j], sheet, header_row, problems)
                numbers = euros.to_numpy(dtype=float)
            data[key] = numbers
            expected = "Zahl"
        required = key in REQUIRED
        for i in bad:
            action = "row_skipped" if required else "value_ignored"
            report(i, key, expected, action, "exp.date.tt" if key == "datum" else "exp.zahl")
    lines = pd.DataFrame(data)
    lines["excel_row"] = excel_rows
    # blank required cells, reported under the file's own header (unreadable ones already are)
    unreadable = {p.row for p in problems if p.action == "row_skipped"}
    for key in REQUIRED:
        blank = lines[key].isna().to_numpy()
        for i in np.flatnonzero(blank).tolist():
            if int(excel_rows[i]) in unreadable:
                continue
            unreadable.add(int(excel_rows[i]))
            report(
                i, key, f"{LABELS_DE[key]} (leer)", "row_skipped", "exp.leer", column_cols=(key,)
            )
    # the aggregation reports lines left empty; those reported here as unreadable are dropped
    # now so that no line is reported twice
    reported = {p.row for p in problems if p.action == "row_skipped"}
    if reported:
        lines = lines[~lines["excel_row"].isin(reported)].reset_index(drop=True)
    return LineRead(sheet, header_row, lines, mapping, problems, repeat)
