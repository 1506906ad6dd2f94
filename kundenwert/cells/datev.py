"""DATEV Buchungsstapel (the EXTF format German accounting exchanges with tax advisers): the
bookings on debtor accounts as order lines.

The file's first line is metadata (format, category, the booking period), the header is the
second. A booking carries its amount without sign (`Umsatz (ohne Soll/Haben-Kz)`), the side it
is booked on `Konto` (`Soll/Haben-Kennzeichen`, S or H), the date as day and month only
(`Belegdatum` 1501 = 15 January; the year comes from the period), and the customer as a
debtor account (10000–69999 with four-digit ledger accounts) on either side. A sale is a
debtor booked against a revenue account (SKR03 8000–8999, SKR04 4000–4999); payments and
other offsets on the debtor are no sale. DATEV amounts are gross wherever the revenue
account books VAT automatically: said once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kundenwert.cells.columns import compact, normalize_header
from kundenwert.cells.customer_table import Cells, column_cells
from kundenwert.cells.line_table import LineRead
from kundenwert.errors import MappedHeader, Message, MessageError, Problem, note

#: The first cell of a DATEV file: EXTF (from other software), DTVF (from DATEV itself).
MARKS = ("EXTF", "DTVF")
#: Formatkategorie of a Buchungsstapel; others (16 Debitoren/Kreditoren, 20 Kontenbeschriftungen,
#: 46 Zahlungsbedingungen, …) hold no bookings.
BOOKINGS = 21
#: Bookings on debtor accounts listed one by one when left out; beyond them counted.
LISTED = 20

# the DATEV headers used (compared after normalize_header)
_AMOUNT = "umsatz ohne soll haben kz"
_SIDE = "soll haben kennzeichen"
_ACCOUNT = "konto"
_COUNTER = "gegenkonto ohne bu schluessel"
_DATE = "belegdatum"
_DOCUMENT = "belegfeld 1"
_CURRENCY = "wkz umsatz"
_BASE_AMOUNT = "basis umsatz"


def is_datev(first_line: Sequence[str]) -> bool:
    """Whether a text file's first line (split into cells) is DATEV's metadata line."""
    return bool(first_line) and first_line[0].strip().strip('"') in MARKS


@dataclass(frozen=True)
class Head:
    """What the metadata line says: the format, the booking period and the charts."""

    category: int | None
    name: str  # the batch's Bezeichnung ("Rechnungsausgang 08/2025")
    start: dt.date | None  # "Datum vom"
    end: dt.date | None  # "Datum bis"
    account_digits: int  # Sachkontenlänge: 4 makes debtors 10000–69999
    chart: str | None  # "03" (SKR03), "04" (SKR04) or None when not given
    currency: str  # the batch's currency (WKZ), EUR unless stated


def _day(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text.strip().strip('"')[:8], "%Y%m%d").date()
    except ValueError:
        return None


def read_head(cells: Sequence[str]) -> Head:
    """The metadata line's fields (positions as DATEV's format description numbers them)."""

    def at(i: int) -> str:
        return cells[i].strip().strip('"') if i < len(cells) else ""

    digits = at(13)
    chart = at(26)
    return Head(
        category=int(at(2)) if at(2).isdigit() else None,
        name=at(16) or at(3),  # the batch's Bezeichnung, else the format's name
        start=_day(at(14)),
        end=_day(at(15)),
        account_digits=int(digits) if digits.isdigit() and 4 <= int(digits) <= 8 else 4,
        chart=chart.zfill(2) if chart.isdigit() else None,
        currency=at(21).upper() or "EUR",
    )


def _column(header: Sequence[str], name: str) -> int | None:
    names = [compact(normalize_header(h)[0]) for h in header]
    want = compact(name)
    return names.index(want) if want in names else None


def _numbers(cells: Cells) -> np.ndarray:
    values = pd.Series(column_cells(cells), dtype=object)
    text = values.astype(str).str.strip().str.replace(".", "", regex=False)
    numbers = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    plain = pd.to_numeric(values, errors="coerce")  # cells the parser read as numbers already
    return np.where(plain.notna(), plain, numbers).astype(float)


def _accounts(cells: Cells) -> np.ndarray:
    """Account numbers as integers (−1 where empty or no number)."""
    numbers = _numbers(cells)
    return np.where(np.isnan(numbers), -1, numbers).astype(np.int64)


def _dates(cells: Cells, head: Head) -> np.ndarray:
    """Belegdatum DDMM (or DMM once the leading zero is lost) with the year from the period:
    the year that puts the day inside the period (a period over the turn of a year)."""
    raw = pd.Series(column_cells(cells), dtype=object).astype(str).str.strip()
    raw = raw.str.replace(r"\.0$", "", regex=True).str.zfill(4)
    day = pd.to_numeric(raw.str[:2], errors="coerce")
    month = pd.to_numeric(raw.str[2:4], errors="coerce")
    start = head.start or head.end
    years = [start.year] if start else []
    if head.start and head.end and head.end.year != head.start.year:
        years.append(head.end.year)
    out = np.full(len(raw), np.datetime64("NaT"), dtype="datetime64[ns]")
    if not years:
        return out
    for year in reversed(years):  # the first year wins where both read
        frame = pd.DataFrame({"year": year, "month": month, "day": day})
        days = pd.to_datetime(frame, errors="coerce").to_numpy(dtype="datetime64[ns]")
        inside = ~np.isnat(days)
        if head.start and head.end and len(years) > 1:
            low, high = np.datetime64(head.start, "ns"), np.datetime64(head.end, "ns")
            inside &= (days >= low) & (days <= high)
        out = np.where(inside, days, out)
    return out


def datev_lines(
    header: Sequence[str],
    columns: Sequence[Cells],
    first: Sequence[str],
    sheet: str,
    header_row: int = 2,
) -> LineRead:
    """The sales to customers of a DATEV Buchungsstapel as order lines (customer = debtor
    account, amount signed from the customer's side, date from Belegdatum and the period).
    `first` is the metadata line. Refused with the export to use instead when the file holds
    no bookings or none on a debtor account."""
    head = read_head(first)
    if head.category != BOOKINGS:
        raise MessageError(
            "err.datev_kein_stapel", path=sheet, name=head.name or "?", category=head.category
        )
    found = {
        key: _column(header, name)
        for key, name in (
            ("betrag", _AMOUNT),
            ("seite", _SIDE),
            ("konto", _ACCOUNT),
            ("gegenkonto", _COUNTER),
            ("datum", _DATE),
            ("beleg", _DOCUMENT),
            ("waehrung", _CURRENCY),
            ("basis", _BASE_AMOUNT),
        )
    }
    needed = ("betrag", "seite", "konto", "gegenkonto", "datum")
    lacking = [k for k in needed if found[k] is None]
    if lacking:
        raise MessageError("err.datev_spalten", path=sheet, missing=", ".join(lacking))
    col = {k: j for k, j in found.items() if j is not None}
    n = len(columns[0]) if columns else 0
    account = _accounts(columns[col["konto"]])
    counter = _accounts(columns[col["gegenkonto"]])
    low, high = 10**head.account_digits, 7 * 10**head.account_digits - 1
    on_account = (account >= low) & (account <= high)
    on_counter = ~on_account & (counter >= low) & (counter <= high)
    debtor = np.where(on_account, account, np.where(on_counter, counter, -1))
    other = np.where(on_account, counter, account)
    if not (debtor >= 0).any():
        raise MessageError("err.datev_keine_debitoren", path=sheet, low=low, high=high, n=n)
    # revenue accounts of the chart (scaled to the ledger accounts' length)
    unit = 10 ** (head.account_digits - 1)
    skr03 = (other >= 8 * unit) & (other < 9 * unit)
    skr04 = (other >= 4 * unit) & (other < 5 * unit)
    revenue = {"03": skr03, "04": skr04}.get(head.chart or "", skr03 | skr04)
    sale = (debtor >= 0) & revenue
    if not sale.any():
        raise MessageError("err.datev_keine_erloese", path=sheet, n=int((debtor >= 0).sum()))
    amount = _numbers(columns[col["betrag"]])
    foreign = np.zeros(n, dtype=bool)
    if "waehrung" in col:
        wkz = pd.Series(column_cells(columns[col["waehrung"]]), dtype=object)
        wkz = wkz.fillna("").astype(str).str.strip().str.upper()
        foreign = ((wkz != "") & (wkz != head.currency)).to_numpy()
    if foreign.any() and "basis" in col:
        # a booking in another currency carries its amount in the batch's as Basis-Umsatz
        base = _numbers(columns[col["basis"]])
        amount = np.where(foreign & ~np.isnan(base), base, amount)
        foreign = foreign & np.isnan(base)
    side = pd.Series(column_cells(columns[col["seite"]]), dtype=object).astype(str)
    debit = side.str.strip().str.upper().eq("S").to_numpy()
    # the amount is booked on Konto: a debit on the debtor is an invoice (+), a credit a
    # credit note (−); with the debtor as Gegenkonto the sides swap
    plus = np.where(on_account, debit, ~debit)
    signed = np.where(plus, amount, -amount)
    days = _dates(columns[col["datum"]], head)
    rows = np.arange(header_row + 1, header_row + 1 + n)
    problems: list[Problem] = []
    offsets = np.flatnonzero((debtor >= 0) & ~revenue)
    for i in offsets[:LISTED].tolist():
        problems.append(
            note(sheet, int(rows[i]), header[col["gegenkonto"]], int(other[i]), "row_skipped",
                 "msg.datev_keine_erloesbuchung", str(debtor[i]), account=int(other[i]))
        )  # fmt: skip
    if len(offsets) > LISTED:
        more = len(offsets) - LISTED
        problems.append(note(sheet, None, None, more, "row_skipped", "msg.datev_weitere", n=more))
    others = int((debtor < 0).sum())
    if others:
        problems.append(
            note(sheet, None, None, others, "row_skipped", "msg.datev_sachbuchungen", n=others,
                 low=low, high=high)
        )  # fmt: skip
    bad_day = sale & np.isnat(days)
    written = column_cells(columns[col["datum"]]) if bad_day.any() else []
    for i in np.flatnonzero(bad_day).tolist():
        problems.append(
            note(sheet, int(rows[i]), header[col["datum"]], written[i], "row_skipped",
                 "exp.datev_datum", str(debtor[i]))
        )  # fmt: skip
    for i in np.flatnonzero(sale & foreign)[:LISTED].tolist():
        problems.append(
            note(sheet, int(rows[i]), header[col["waehrung"]], str(wkz.iat[i]), "row_skipped",
                 "exp.datev_waehrung", str(debtor[i]), main=head.currency)
        )  # fmt: skip
    keep = sale & ~bad_day & ~np.isnan(signed) & ~foreign
    period = f"{head.start:%d.%m.%Y}–{head.end:%d.%m.%Y}" if head.start and head.end else "?"
    problems.insert(
        0,
        note(sheet, 1, None, head.name, "note", "msg.datev_erkannt", name=head.name or "?",
             period=period, n=int(keep.sum()), low=low, high=high),
    )  # fmt: skip
    problems.insert(1, note(sheet, None, header[col["betrag"]], None, "note", "msg.datev_brutto"))
    data: dict[str, object] = {
        "kunden_nr": pd.Series(debtor[keep].astype(str), dtype=object).to_numpy(),
        "datum": days[keep],
        "betrag": signed[keep],
    }
    if "beleg" in col:
        beleg = pd.Series(column_cells(columns[col["beleg"]]), dtype=object)[keep]
        data["auftrag_nr"] = [None if v is None or str(v).strip() == "" else str(v).strip()
                              for v in beleg.tolist()]  # fmt: skip
    lines = pd.DataFrame(data)
    lines["excel_row"] = rows[keep]
    debtor_side = Message("msg.datev_debitor")
    shown: dict[int, MappedHeader] = {
        col["betrag"]: (header[col["betrag"]], "betrag", None),
        col["datum"]: (header[col["datum"]], "datum", None),
        col["konto"]: (header[col["konto"]], "kunden_nr", debtor_side),
        col["gegenkonto"]: (header[col["gegenkonto"]], "kunden_nr", debtor_side),
        col["seite"]: (header[col["seite"]], None, Message("msg.datev_seite")),
    }
    if "beleg" in col:
        shown[col["beleg"]] = (header[col["beleg"]], "auftrag_nr", None)
    mapping = [shown[j] for j in sorted(shown)]
    repeat = len(set(lines["kunden_nr"])) < len(lines)
    return LineRead(sheet, header_row, lines, mapping, problems, repeat)
