"""The order-line aggregation as plain SQL, for order lines that live in a warehouse.

`orders_sql` computes the same customer table as `order_history.aggregate_orders` (same rules:
Stichtag included, later lines left out, credits netted, one transaction per customer and
day with an order line, orders by order number else by day). It uses standard SQL only
(common table expressions, CASE, COUNT(DISTINCT), COALESCE, NULLIF, TRIM, ROW_NUMBER() OVER,
string comparison of ISO dates), so SQLite (3.25 or later), PostgreSQL, SQL Server (2017 or
later), Oracle and the usual warehouses run it. The period boundaries are computed here and
written in as ISO date literals, which avoids date arithmetic, the least portable part of SQL.
frequency, recency and T follow from the result (kauftage − 1 and the two dates; see
`order_history.time_since_first`).

Name, region and rep (`texts`): each customer's latest non-blank value among the lines the
query uses, as in Python (blank or space-only texts count as missing, values are trimmed).
Ties on the latest day: Python keeps the last such line in file order; a table has no order,
so the query takes the greatest text in the database's sort order instead. The two differ
only when one customer's lines carry different names on its latest day with a name.

Lines without customer (NULL or blank), date or amount, and lines after the Stichtag, are
not part of the result. `left_out_sql` lists exactly those lines, each with its own columns
and the reason (in the order Python checks them: customer, date, amount, Stichtag). Run it
next to the main query: an empty result means every line counted; otherwise correct the
lines in the warehouse or accept them knowingly (lines after the Stichtag are expected when
the Stichtag lies in the past; `SELECT grund, COUNT(*) ... GROUP BY grund` around it counts
them per reason).

Known differences to the Python reader, which cleans values before aggregating: customer
numbers are grouped as the warehouse stores them (Python trims them and reads 10023.0 as
10023; the query only treats blank ones as missing); TRIM removes spaces only, not tabs;
`datum` should be a DATE column or ISO text (YYYY-MM-DD), `betrag` numeric, the text columns
text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from kundenwert.errors import MessageError
from kundenwert.method.order_history import COVERAGE_SLACK_DAYS, TEXT_FIELDS

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")

#: The reasons `left_out_sql` gives, in the order they are checked; its caller supplies a
#: text for each (the labels sql.grund.<key>), with {day} standing for the Stichtag.
REASONS = ("kunde", "datum", "betrag", "stichtag")

#: A customer or order number as text, NULL when missing or blank. NULLIF(…, '') rather than
#: a comparison `<> ''`, because Oracle stores '' as NULL and such a comparison is never true.
_CUSTOMER = "NULLIF(TRIM(CAST(kunden_nr AS VARCHAR(100))), '')"
_ORDER = "NULLIF(TRIM(CAST(auftrag_nr AS VARCHAR(100))), '')"


def _identifier(name: str) -> str:
    if not _NAME.match(name):
        raise MessageError("err.sql_name", name=name)
    return name


def _texts(texts: Sequence[str]) -> list[str]:
    unknown = [k for k in texts if k not in TEXT_FIELDS]
    if unknown:
        raise ValueError(f"unknown text columns {unknown}; known: {TEXT_FIELDS}")
    return [k for k in TEXT_FIELDS if k in texts]  # in the customer table's order


def _columns(order_number: bool, contribution: bool, texts: list[str]) -> list[str]:
    columns = ["kunden_nr", "datum", "betrag"]
    columns += ["auftrag_nr"] if order_number else []
    columns += ["deckungsbeitrag"] if contribution else []
    return columns + texts


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def orders_sql(
    stichtag: dt.date,
    table: str = "auftragszeilen",
    order_number: bool = True,
    contribution: bool = False,
    texts: Sequence[str] = (),
) -> str:
    """The query over `table` (kunden_nr, datum, betrag[, auftrag_nr][, deckungsbeitrag]
    [, name, region, betreuer as listed in `texts`])."""
    _identifier(table)
    text_keys = _texts(texts)
    ref = pd.Timestamp(stichtag)
    s = ref.date().isoformat()
    cur = (ref - pd.DateOffset(months=12)).date().isoformat()
    prev = (ref - pd.DateOffset(months=24)).date().isoformat()
    covered = (pd.Timestamp(prev) + pd.Timedelta(days=COVERAGE_SLACK_DAYS + 1)).date().isoformat()

    def orders(condition: str) -> str:
        """Distinct orders among the order lines meeting `condition`: order numbers, and
        for lines without one their days (two disjoint sets, as in Python)."""
        if not order_number:
            return f"COUNT(DISTINCT CASE WHEN {condition} THEN datum END)"
        return (
            f"COUNT(DISTINCT CASE WHEN {condition} THEN auftrag_nr END)\n          + "
            f"COUNT(DISTINCT CASE WHEN {condition} AND auftrag_nr IS NULL THEN datum END)"
        )

    cleaned = {"auftrag_nr": f"{_ORDER} AS auftrag_nr"}
    cleaned |= {k: f"NULLIF(TRIM({k}), '') AS {k}" for k in text_keys}
    columns = ",\n           ".join(
        cleaned.get(c, c) for c in _columns(order_number, contribution, text_keys)
    )
    contribution_sums = (
        f"""
        SUM(CASE WHEN datum > '{cur}' THEN deckungsbeitrag ELSE 0 END) AS deckungsbeitrag,
        SUM(deckungsbeitrag) AS beitrag_gesamt,
        SUM(CASE WHEN deckungsbeitrag IS NOT NULL THEN betrag END) AS umsatz_mit_beitrag,"""
        if contribution
        else ""
    )
    contribution_out = (
        """
    s.deckungsbeitrag,
    CASE WHEN s.umsatz_mit_beitrag > 0
         THEN s.beitrag_gesamt / s.umsatz_mit_beitrag END AS marge_historie,"""
        if contribution
        else ""
    )
    # latest non-blank text per customer: blanks sort last, then the latest day, then the
    # greatest text, so that rank 1 is one well-defined line
    ranks = ",\n".join(
        f"""           {k},
           ROW_NUMBER() OVER (PARTITION BY kunden_nr ORDER BY
               CASE WHEN {k} IS NULL THEN 1 ELSE 0 END, datum DESC, {k} DESC) AS rang_{k}"""
        for k in text_keys
    )
    latest = ",\n".join(
        f"           MAX(CASE WHEN rang_{k} = 1 THEN {k} END) AS {k}" for k in text_keys
    )
    texts_cte = (
        f""",
texte_rang AS (
    SELECT kunden_nr,
{ranks}
    FROM zeilen
),
texte AS (
    SELECT kunden_nr,
{latest}
    FROM texte_rang
    GROUP BY kunden_nr
)"""
        if text_keys
        else ""
    )
    texts_out = "".join(f"\n    x.{k}," for k in text_keys)
    texts_join = "\nLEFT JOIN texte x ON x.kunden_nr = s.kunden_nr" if text_keys else ""
    return f"""-- kundenwert: customer table from order lines as of {s} (Stichtag included)
-- lines without customer, date or amount and lines after the Stichtag are left out;
-- `kundenwert auftraege --sql --pruefung` lists them with the reason
WITH zeilen AS (
    SELECT {columns}
    FROM {table}
    WHERE {_CUSTOMER} IS NOT NULL
      AND datum IS NOT NULL AND betrag IS NOT NULL AND datum <= '{s}'
),
tage AS (
    -- one transaction per customer and day with an order line (amount >= 0)
    SELECT kunden_nr, datum, SUM(betrag) AS wert
    FROM zeilen
    GROUP BY kunden_nr, datum
    HAVING MAX(CASE WHEN betrag >= 0 THEN 1 ELSE 0 END) = 1
),
kauf AS (
    SELECT kunden_nr, MIN(datum) AS erstauftrag, MAX(datum) AS letzter_auftrag,
           COUNT(*) AS kauftage, SUM(wert) AS wert_summe
    FROM tage
    GROUP BY kunden_nr
),
erster AS (
    SELECT t.kunden_nr, t.wert AS erster_wert
    FROM tage t JOIN kauf k ON t.kunden_nr = k.kunden_nr AND t.datum = k.erstauftrag
),
summen AS (
    SELECT
        kunden_nr,
        SUM(CASE WHEN datum > '{cur}' THEN betrag ELSE 0 END) AS umsatz,
        SUM(CASE WHEN datum > '{prev}' AND datum <= '{cur}' THEN betrag ELSE 0 END)
            AS umsatz_vorjahr,
        SUM(betrag) AS umsatz_gesamt,{contribution_sums}
        {orders(f"betrag >= 0 AND datum > '{cur}'")}
            AS auftraege,
        {orders("betrag >= 0")}
            AS auftraege_gesamt,
        COUNT(*) AS zeilen
    FROM zeilen
    GROUP BY kunden_nr
){texts_cte}
SELECT
    s.kunden_nr,{texts_out}
    k.erstauftrag,
    k.letzter_auftrag,
    s.umsatz,
    -- the previous period is unknown (not zero) when the lines do not reach back to it
    CASE WHEN (SELECT MIN(datum) FROM zeilen) <= '{covered}'
         THEN s.umsatz_vorjahr END AS umsatz_vorjahr,{contribution_out}
    s.auftraege,
    s.auftraege_gesamt,
    s.umsatz_gesamt,
    COALESCE(k.kauftage, 0) AS kauftage,
    (k.wert_summe - e.erster_wert) / NULLIF(k.kauftage - 1, 0) AS bestellwert,
    s.zeilen
FROM summen s
LEFT JOIN kauf k ON k.kunden_nr = s.kunden_nr
LEFT JOIN erster e ON e.kunden_nr = s.kunden_nr{texts_join}
ORDER BY s.kunden_nr;
"""


def left_out_sql(
    stichtag: dt.date,
    reasons: Mapping[str, str],
    table: str = "auftragszeilen",
    order_number: bool = True,
    contribution: bool = False,
    texts: Sequence[str] = (),
) -> str:
    """The check query: every line of `table` that `orders_sql` with the same arguments
    leaves out, with its own columns (a table need not have a row number) and `grund`, the
    text `reasons[key]` for the first of REASONS that applies ({day} = the Stichtag)."""
    _identifier(table)
    s = pd.Timestamp(stichtag).date().isoformat()
    why = {k: _literal(reasons[k].format(day=s)) for k in REASONS}
    columns = ", ".join(_columns(order_number, contribution, _texts(texts)))
    # the same conditions as the main query's WHERE, so that each line is in exactly one
    # of the two results; the ELSE catches whatever `datum <= Stichtag` does not accept
    return f"""-- kundenwert: order lines the customer table as of {s} leaves out, with the reason
SELECT {columns}, grund
FROM (
    SELECT {columns},
        CASE WHEN {_CUSTOMER} IS NULL THEN {why["kunde"]}
             WHEN datum IS NULL THEN {why["datum"]}
             WHEN betrag IS NULL THEN {why["betrag"]}
             WHEN datum <= '{s}' THEN NULL
             ELSE {why["stichtag"]}
        END AS grund
    FROM {table}
) z
WHERE grund IS NOT NULL
ORDER BY grund, kunden_nr, datum;
"""
