"""The order-line aggregation as one plain SQL query, for order lines that live in a warehouse.

The query computes the same customer table as `order_history.aggregate_orders` (same rules:
Stichtag included, later lines left out, credits netted, one transaction per customer and
day with an order line, orders by order number else by day). It uses standard SQL only
(common table expressions, CASE, COUNT(DISTINCT), COALESCE, NULLIF, string comparison of
ISO dates), so SQLite, PostgreSQL, SQL Server, Oracle and the usual warehouses run it. The
period boundaries are computed here and written in as ISO date literals, which avoids date
arithmetic, the least portable part of SQL. frequency, recency and T follow from the result
(kauftage − 1 and the two dates; see `order_history.time_since_first`).

Lines without customer, date or amount are left out by the query's WHERE clause without a
report: clean or check them in the warehouse.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from kundenwert.errors import MessageError
from kundenwert.method.order_history import COVERAGE_SLACK_DAYS

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")


def _identifier(name: str) -> str:
    if not _NAME.match(name):
        raise MessageError("err.sql_name", name=name)
    return name


def orders_sql(
    stichtag: dt.date,
    table: str = "auftragszeilen",
    order_number: bool = True,
    contribution: bool = False,
) -> str:
    """The query over `table` (kunden_nr, datum, betrag[, auftrag_nr][, deckungsbeitrag])."""
    _identifier(table)
    ref = pd.Timestamp(stichtag)
    s = ref.date().isoformat()
    cur = (ref - pd.DateOffset(months=12)).date().isoformat()
    prev = (ref - pd.DateOffset(months=24)).date().isoformat()
    covered = (pd.Timestamp(prev) + pd.Timedelta(days=COVERAGE_SLACK_DAYS + 1)).date().isoformat()
    order_key = (
        "COALESCE(CAST(auftrag_nr AS VARCHAR(100)), 'Tag ' || CAST(datum AS VARCHAR(10)))"
        if order_number
        else "datum"
    )
    columns = "kunden_nr, datum, betrag"
    columns += ", auftrag_nr" if order_number else ""
    columns += ", deckungsbeitrag" if contribution else ""
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
    return f"""-- kundenwert: customer table from order lines as of {s} (Stichtag included)
WITH zeilen AS (
    SELECT {columns}
    FROM {table}
    WHERE kunden_nr IS NOT NULL AND datum IS NOT NULL AND betrag IS NOT NULL
      AND datum <= '{s}'
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
        COUNT(DISTINCT CASE WHEN betrag >= 0 AND datum > '{cur}' THEN {order_key} END)
            AS auftraege,
        COUNT(DISTINCT CASE WHEN betrag >= 0 THEN {order_key} END) AS auftraege_gesamt,
        COUNT(*) AS zeilen
    FROM zeilen
    GROUP BY kunden_nr
)
SELECT
    s.kunden_nr,
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
LEFT JOIN erster e ON e.kunden_nr = s.kunden_nr
ORDER BY s.kunden_nr;
"""
