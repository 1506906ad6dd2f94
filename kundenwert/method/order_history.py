"""Order lines → one row per customer, as of a reference date (Stichtag).

The input is a frame of order or invoice lines by column key (kunden_nr, datum, betrag;
optionally auftrag_nr, menge, deckungsbeitrag or marge, name, region, betreuer, excel_row),
from any reader: the workbook reader, a CSV reader, a worksheet range. The output carries the
customer table's own column keys (umsatz, umsatz_vorjahr, auftraege, erstauftrag, ...) plus the
purchase-history summary BG/NBD and Gamma-Gamma need (frequency, recency, T in weeks, mean
repeat order value).

Rules (domain.md, "Order lines"):
- Lines dated after the Stichtag are left out (reported once); the Stichtag itself counts.
  Default Stichtag: the day after the latest order date.
- Current period = the 12 months up to the Stichtag, (S − 12 months, S]; previous period the
  12 months before that. A previous period the data do not reach back to stays empty.
- Credit lines (negative amounts) net against their customer's revenue.
- A purchase day (transaction) is a day with at least one order line (amount ≥ 0; zero lines
  are free deliveries, still orders): several orders on one day are one transaction, and a
  day of credits only is none. Its value is the day's net amount. Credits on days without a
  purchase lower revenue, not order values.
- Repurchase rate = the share of the last four quarters before the Stichtag with an order
  line, among the quarters the data cover.
- "New" needs evidence: a history that starts inside the current 12 months marks every
  first-order date as unknown (FIRST_ORDER_KNOWN False), so nobody is new for it.
- Orders = distinct order numbers of order lines (amount ≥ 0); lines without order number
  (or a table without that column) count by distinct day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kundenwert.errors import MessageError, Problem, note
from kundenwert.method.config import ReferenceSource
from kundenwert.method.dates import plausible_dates
from kundenwert.method.phase import FIRST_ORDER_KNOWN

REQUIRED = ("kunden_nr", "datum", "betrag")
TEXT_FIELDS = ("name", "region", "betreuer")
DAYS_PER_WEEK = 7.0
#: The data must begin at most this many days after the previous period starts, else the
#: previous period's revenue is unknown rather than zero.
COVERAGE_SLACK_DAYS = 31
#: the repurchase rate from a history counts the quarters with an order among the last four
QUARTERS = 4

#: Output columns, in order (the customer table's keys first, then the model's inputs).
CUSTOMER_COLUMNS = (
    "kunden_nr",
    "name",
    "region",
    "betreuer",
    "erstauftrag",
    "letzter_auftrag",
    FIRST_ORDER_KNOWN,
    "umsatz",
    "umsatz_vorjahr",
    "deckungsbeitrag",
    "auftraege",
    "wiederkaufrate",
    "auftraege_gesamt",
    "umsatz_gesamt",
    "kauftage",
    "frequenz",
    "recency",
    "alter",
    "bestellwert",
    "marge_historie",
    "zeilen",
    "excel_row",
)


@dataclass
class OrderHistory:
    """The per-customer table, the Stichtag used, and every line left out or worth noting."""

    customers: pd.DataFrame
    reference_date: dt.date
    reference_date_given: bool
    lines_used: int
    problems: list[Problem] = field(default_factory=list)
    has_contribution: bool = False

    @property
    def reference_source(self) -> ReferenceSource:
        """Set by the user, else the default of an order history: the day after its latest
        order."""
        return "gesetzt" if self.reference_date_given else "auftraege"


#: the label key (labels.py) and arguments of each expected text below
_EXPECTED_KEYS: dict[str, tuple[str, tuple[tuple[str, object], ...]]] = {
    "Kunden-Nr (leer)": ("exp.leer", (("column_cols", ("kunden_nr",)),)),
    "Datum": ("exp.date", ()),
    "Betrag (Zahl)": ("exp.betrag_zahl", ()),
}


def _problem(
    sheet: str, row: object, column: str, value: object, expected: str, cid: object = None
) -> Problem:
    r = None if row is None or pd.isna(row) else int(row)  # type: ignore[call-overload]
    c = None if cid is None or (isinstance(cid, float) and np.isnan(cid)) else str(cid)
    key, args = _EXPECTED_KEYS.get(expected, (None, ()))
    return Problem(sheet, r, column, value, expected, "row_skipped", c, key, args)


def aggregate_orders(
    lines: pd.DataFrame,
    reference_date: dt.date | None = None,
    sheet: str = "Auftragszeilen",
) -> OrderHistory:
    """Aggregate order lines per customer as of `reference_date` (see the module rules).

    Lines without customer, date or amount are reported (with their `excel_row` where the
    frame has one) and left out. Never changes `lines`.
    """
    missing = [k for k in REQUIRED if k not in lines]
    if missing:
        raise MessageError("err.auftrag_spalten", missing=", ".join(missing))
    problems: list[Problem] = []
    rows = lines["excel_row"] if "excel_row" in lines else pd.Series([None] * len(lines))
    rows = rows.reset_index(drop=True)
    raw_ids = lines["kunden_nr"].reset_index(drop=True)
    id_codes, id_uniques = _id_codes(raw_ids, sort=True)
    dates = plausible_dates(lines["datum"].reset_index(drop=True)).dt.normalize()
    amount = pd.to_numeric(lines["betrag"].reset_index(drop=True), errors="coerce")
    amount = amount.astype(float)
    bad_id = id_codes < 0
    bad_date = dates.isna().to_numpy() & ~bad_id
    bad_amount = amount.isna().to_numpy() & ~bad_id & ~bad_date
    for mask, column, expected in (
        (bad_id, "Kunden-Nr", "Kunden-Nr (leer)"),
        (bad_date, "Datum", "Datum"),
        (bad_amount, "Betrag", "Betrag (Zahl)"),
    ):
        source = {"Kunden-Nr": raw_ids, "Datum": lines["datum"], "Betrag": lines["betrag"]}
        values = source[column].reset_index(drop=True)
        for i in np.flatnonzero(mask).tolist():
            v = values.iloc[i]
            shown = None if v is None or (isinstance(v, float) and np.isnan(v)) else v
            cid = id_uniques[id_codes[i]] if id_codes[i] >= 0 else None
            problems.append(_problem(sheet, rows.iloc[i], column, shown, expected, cid))
    ok = ~(bad_id | bad_date | bad_amount)
    given = reference_date is not None
    if reference_date is None:
        if not ok.any():
            raise MessageError("err.keine_auftragszeile", sheet=sheet)
        reference_date = (dates[ok].max() + pd.Timedelta(days=1)).date()
    stichtag = pd.Timestamp(reference_date)
    late = ok & (dates > stichtag).fillna(False).to_numpy()
    if late.any():
        day, n_late = stichtag.date().isoformat(), int(late.sum())
        problems.append(
            note(sheet, None, "Datum", n_late, "note", "msg.o.spaeter", day=day, n=n_late)
        )
    ok &= ~late
    keep = np.flatnonzero(ok)
    # customers by code, in the texts' order; only those with a line used
    kept_codes = id_codes[keep]
    present = np.bincount(kept_codes, minlength=len(id_uniques)) > 0
    frame = pd.DataFrame(
        {
            "code": (np.cumsum(present) - 1)[kept_codes],
            "day": dates.to_numpy()[keep],
            "betrag": amount.to_numpy()[keep],
            "excel_row": rows.to_numpy()[keep],
        }
    )
    has_contribution = False
    if "deckungsbeitrag" in lines:
        contrib = pd.to_numeric(lines["deckungsbeitrag"], errors="coerce").to_numpy(float)
        frame["beitrag"] = contrib[keep]
        has_contribution = bool(np.isfinite(frame["beitrag"]).any())
    elif "marge" in lines:
        share = pd.to_numeric(lines["marge"], errors="coerce").to_numpy(float)[keep]
        frame["beitrag"] = frame["betrag"].to_numpy() * share
        has_contribution = bool(np.isfinite(frame["beitrag"]).any())
    if "auftrag_nr" in lines:
        frame["auftrag_nr"] = _id_codes(lines["auftrag_nr"].reset_index(drop=True))[0][keep]
    for key in TEXT_FIELDS:
        if key in lines:
            text = lines[key].reset_index(drop=True).map(_text, na_action="ignore")
            frame[key] = text.to_numpy()[keep]
    if not len(frame):
        raise MessageError("err.keine_bis_stichtag", sheet=sheet, day=stichtag.date().isoformat())
    customers = _per_customer(
        frame, id_uniques[present], stichtag, has_contribution, problems, sheet
    )
    return OrderHistory(
        customers, stichtag.date(), given, int(len(frame)), problems, has_contribution
    )


def _id_codes(values: pd.Series, sort: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Each value's code (−1: no id) and the distinct ids as text (sorted with `sort`).

    A categorical column (how the line reader hands over ids it has factorised already) is
    read through its categories, so no row's text is hashed again."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        texts = [id_text(v) for v in values.cat.categories]
        category_codes, uniques = pd.factorize(np.array(texts, dtype=object), sort=sort)
        codes = np.append(category_codes, -1)[values.cat.codes.to_numpy()]
    else:
        codes, uniques = pd.factorize(_id_texts(values).to_numpy(dtype=object), sort=sort)
    # index arrays in the platform's index type: np.bincount refuses int64 where that is
    # 32 bits (WebAssembly, xlwings Lite)
    return codes.astype(np.intp), np.asarray(uniques, dtype=object)


def _id_texts(values: pd.Series) -> pd.Series:
    """id_text of every value; texts (what the readers give) in one vectorised step."""
    # each distinct value once (order lines repeat their customers and orders), spread back
    # by its code; only for texts, as 1, 1.0 and True hash alike but read differently
    cells = values.to_numpy(dtype=object)
    codes, distinct = pd.factorize(cells)
    items = list(distinct)
    if len(items) < len(values) and all(type(v) is str for v in items):
        texts = np.array([*(v.strip() or None for v in items), None], dtype=object)[codes]
        missing = codes < 0
        texts[missing] = cells[missing]  # a missing value stays as it was (None or NaN)
        return pd.Series(texts, dtype=object, index=values.index)
    items = values.tolist()
    if set(map(type, items)) <= {str}:  # a comprehension beats pandas' .str methods here
        return pd.Series([v.strip() or None for v in items], dtype=object, index=values.index)
    return values.map(id_text, na_action="ignore")


def id_text(value: object) -> str | None:
    """Customer and order numbers as text: 10023.0 → '10023', blanks → missing."""
    if isinstance(value, float):
        if np.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else str(value)
    text = str(value).strip()
    return text or None


def _text(value: object) -> str | None:
    text = str(value).strip()
    return text or None


def _per_customer(
    frame: pd.DataFrame,
    uniques: np.ndarray,
    stichtag: pd.Timestamp,
    has_contribution: bool,
    problems: list[Problem],
    sheet: str,
) -> pd.DataFrame:
    """One row per customer of `frame` (its column code indexes `uniques`)."""
    codes = frame["code"].to_numpy()
    n = len(uniques)
    day = frame["day"].to_numpy().astype("datetime64[D]").astype(np.int64)
    amount = frame["betrag"].to_numpy(dtype=float)
    start_current = (stichtag - pd.DateOffset(months=12)).to_datetime64()
    start_previous = (stichtag - pd.DateOffset(months=24)).to_datetime64()
    stamp = frame["day"].to_numpy()
    current = stamp > start_current
    previous = (stamp > start_previous) & ~current

    def per(values: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        w = values if mask is None else np.where(mask, values, 0.0)
        return np.bincount(codes, weights=w, minlength=n)

    out: dict[str, object] = {"kunden_nr": np.asarray(uniques, dtype=object)}
    out["umsatz"] = per(amount, current)
    data_start = stamp.min()
    # "new" needs evidence: a history that starts inside the current 12 months cannot show
    # whether a customer bought before it (domain.md, "ABC and the extra classes")
    first_known = bool(data_start < start_current)
    out[FIRST_ORDER_KNOWN] = np.full(n, first_known)
    if not first_known:
        begins = pd.Timestamp(data_start).date().isoformat()
        problems.append(
            note(sheet, None, "Datum", begins, "note", "msg.o.neu_unbelegt", day=begins)
        )
    covered = data_start <= start_previous + np.timedelta64(COVERAGE_SLACK_DAYS + 1, "D")
    if covered:
        out["umsatz_vorjahr"] = per(amount, previous)
    else:
        out["umsatz_vorjahr"] = np.full(n, np.nan)
        needed = (pd.Timestamp(start_previous) + pd.Timedelta(days=1)).date().isoformat()
        shown = pd.Timestamp(data_start).date().isoformat()
        problems.append(note(sheet, None, "Datum", shown, "note", "msg.o.vorjahr_leer", day=needed))
    out["umsatz_gesamt"] = per(amount)
    out["zeilen"] = np.bincount(codes, minlength=n).astype(float)
    if has_contribution:
        contrib = frame["beitrag"].to_numpy(dtype=float)
        known = np.isfinite(contrib)
        out["deckungsbeitrag"] = per(np.where(known, contrib, 0.0), current)
        with np.errstate(invalid="ignore", divide="ignore"):
            base = per(np.where(known, amount, 0.0))
            margin = per(np.where(known, contrib, 0.0)) / base
        out["marge_historie"] = np.where(base > 0, margin, np.nan)
    else:
        out["deckungsbeitrag"] = np.full(n, np.nan)
        out["marge_historie"] = np.full(n, np.nan)

    # purchase days: one transaction per customer and day with an order line
    key = codes.astype(np.int64) * (1 << 32) + (day - day.min())
    day_keys, day_index = np.unique(key, return_inverse=True)
    day_value = np.bincount(day_index, weights=amount, minlength=len(day_keys))
    day_positive = np.bincount(day_index, weights=(amount >= 0), minlength=len(day_keys)) > 0
    day_code = (day_keys >> 32).astype(np.intp)
    day_number = (day_keys & ((1 << 32) - 1)) + day.min()
    t_code, t_day = day_code[day_positive], day_number[day_positive]
    t_value = day_value[day_positive]
    # day_keys are sorted by customer, then day: the first of each customer is its first purchase
    n_days = np.bincount(t_code, minlength=n)
    buyers = n_days > 0
    first_pos = np.searchsorted(t_code, np.arange(n))
    last_pos = np.searchsorted(t_code, np.arange(n), side="right") - 1
    safe_first = np.minimum(first_pos, max(len(t_code) - 1, 0))
    safe_last = np.maximum(last_pos, 0)
    first_day = np.where(buyers, t_day[safe_first] if len(t_day) else 0, 0)
    last_day = np.where(buyers, t_day[safe_last] if len(t_day) else 0, 0)
    first_value = np.where(buyers, t_value[safe_first] if len(t_value) else 0.0, 0.0)
    value_sum = np.bincount(t_code, weights=t_value, minlength=n)
    ref_day = int(np.datetime64(stichtag.date(), "D").astype(np.int64))
    nan = np.nan
    out["erstauftrag"] = np.where(buyers, first_day, np.iinfo(np.int64).min).astype("datetime64[D]")
    out["letzter_auftrag"] = np.where(buyers, last_day, np.iinfo(np.int64).min).astype(
        "datetime64[D]"
    )
    out["kauftage"] = n_days.astype(float)
    out["frequenz"] = np.where(buyers, n_days - 1.0, nan)
    out["recency"] = np.where(buyers, (last_day - first_day) / DAYS_PER_WEEK, nan)
    out["alter"] = np.where(buyers, (ref_day - first_day) / DAYS_PER_WEEK, nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["bestellwert"] = np.where(n_days > 1, (value_sum - first_value) / (n_days - 1), nan)

    # orders: distinct order numbers of order lines, else distinct purchase days
    positive = amount >= 0
    if "auftrag_nr" in frame:
        number_codes = frame["auftrag_nr"].to_numpy()  # −1 = blank
        # a line without order number stands for the order of its day
        order_codes = np.where(
            number_codes >= 0, number_codes, number_codes.max() + 1 + day - day.min()
        )
    else:
        order_codes = day - day.min()
    out["auftraege_gesamt"] = _distinct_per(codes, order_codes, positive, n)
    out["auftraege"] = _distinct_per(codes, order_codes, positive & current, n)

    out["wiederkaufrate"] = _quarters_with_orders(
        codes, stamp, positive, stichtag, data_start, n, problems, sheet
    )

    by_date = np.argsort(day, kind="stable") if any(k in frame for k in TEXT_FIELDS) else day
    for key_name in TEXT_FIELDS:
        if key_name in frame:
            latest = pd.Series(frame[key_name].to_numpy()[by_date]).groupby(codes[by_date]).last()
            out[key_name] = latest.reindex(range(n)).to_numpy(dtype=object)
        else:
            out[key_name] = np.full(n, None, dtype=object)
    rows = pd.to_numeric(frame["excel_row"], errors="coerce").to_numpy(dtype=float)
    first_row = pd.Series(rows).groupby(codes).min().reindex(range(n)).to_numpy()
    out["excel_row"] = first_row
    customers = pd.DataFrame(out)
    customers["erstauftrag"] = pd.to_datetime(customers["erstauftrag"]).astype("datetime64[ns]")
    customers["letzter_auftrag"] = pd.to_datetime(customers["letzter_auftrag"]).astype(
        "datetime64[ns]"
    )
    if not has_contribution:
        customers = customers.drop(columns=["deckungsbeitrag", "marge_historie"])
    return customers[[c for c in CUSTOMER_COLUMNS if c in customers]]


def _quarters_with_orders(
    codes: np.ndarray,
    stamp: np.ndarray,
    ordered: np.ndarray,
    stichtag: pd.Timestamp,
    data_start: np.datetime64,
    n: int,
    problems: list[Problem],
    sheet: str,
) -> np.ndarray:
    """The repurchase rate from the history: the share of the last four quarters (3 months
    each, up to the Stichtag) in which the customer ordered, among the quarters the data
    cover (a quarter before the data begin is unknown, not empty); NaN when none is covered."""
    hits = np.zeros(n)
    covered = 0
    for q in range(QUARTERS):
        end = (stichtag - pd.DateOffset(months=3 * q)).to_datetime64()
        start = (stichtag - pd.DateOffset(months=3 * (q + 1))).to_datetime64()
        if data_start > start + np.timedelta64(COVERAGE_SLACK_DAYS + 1, "D"):
            continue
        inside = ordered & (stamp > start) & (stamp <= end)
        hits += np.bincount(codes[inside], minlength=n) > 0
        covered += 1
    if not covered:
        return np.full(n, np.nan)
    problems.append(note(sheet, None, None, covered, "note", "msg.o.wiederkaufrate"))
    rate: np.ndarray = hits / covered
    return rate


def _distinct_per(codes: np.ndarray, values: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    """Number of distinct `values` per customer code among the rows in `mask`."""
    c, v = codes[mask].astype(np.int64), values[mask].astype(np.int64)
    if not len(c):
        return np.zeros(n)
    base = int(v.max()) + 1
    # a sort, not np.unique: numpy's hash-based unique is slower here
    pairs = np.sort(c * base + v)
    first = np.ones(len(pairs), dtype=bool)
    first[1:] = pairs[1:] != pairs[:-1]
    return np.bincount((pairs[first] // base).astype(np.intp), minlength=n).astype(float)


def time_since_first(
    first_order: pd.Series, last_order: pd.Series, purchase_days: pd.Series, stichtag: dt.date
) -> pd.DataFrame:
    """frequency, recency and T (weeks) from first and last purchase date and the number of
    purchase days: how a customer table computed elsewhere (the SQL query) feeds the model."""
    first = pd.to_datetime(first_order)
    last = pd.to_datetime(last_order)
    ref = pd.Timestamp(stichtag)
    return pd.DataFrame(
        {
            "frequenz": pd.to_numeric(purchase_days, errors="coerce") - 1,
            "recency": (last - first).dt.days / DAYS_PER_WEEK,
            "alter": (ref - first).dt.days / DAYS_PER_WEEK,
        }
    )
