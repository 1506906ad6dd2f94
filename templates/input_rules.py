"""Input checks of the open cells (ratings, estimates, dates): drop-downs and range checks
shared by the template and the team workbooks."""

from __future__ import annotations

from kundenwert.book.geometry import col_letter
from kundenwert.book.plan import Validation
from kundenwert.cells.columns import INPUT_COLUMNS, RATING_MAX, RATING_MIN, Column
from kundenwert.cells.customer_table import NON_NEGATIVE
from kundenwert.language import Lang


def _rule(col: Column, ref: str, lang: Lang) -> Validation | None:
    """The input check that fits a column's kind."""
    de = lang != "en"
    if col.kind == "rating":
        values = ",".join(str(int(v)) for v in range(int(RATING_MIN), int(RATING_MAX) + 1))
        return Validation(
            ref,
            "list",
            f'"{values}"',
            prompt="Bewertung 1 (schwach) bis 5 (stark)" if de else "Rating 1 (weak) to 5 (strong)",
            error="Bitte eine ganze Zahl von 1 bis 5 wählen."
            if de
            else "Please pick a whole number from 1 to 5.",
        )
    if col.kind == "share":
        return Validation(
            ref,
            "decimal",
            "0",
            "1",
            prompt="Anteil zwischen 0 und 1 (z. B. 25 %)"
            if de
            else "Share between 0 and 1 (e.g. 25 %)",
            error="Erwartet wird ein Anteil zwischen 0 % und 100 %."
            if de
            else "Expected a share between 0 % and 100 %.",
        )
    # revenue and contribution may be negative (credit notes beyond invoices, a loss), as
    # the reader takes them; estimates and costs may not
    if col.kind == "money" and col.key in NON_NEGATIVE:
        return Validation(
            ref,
            "decimal",
            "0",
            "1000000000000",
            error="Erwartet wird ein Betrag ≥ 0." if de else "Expected an amount ≥ 0.",
        )
    if col.kind == "count":
        return Validation(
            ref,
            "whole",
            "0",
            "1000000",
            error="Erwartet wird eine ganze Zahl ≥ 0." if de else "Expected a whole number ≥ 0.",
        )
    return None


def input_rules(lang: Lang, rows: int) -> list[Validation]:
    """Drop-downs and range checks for the input columns, rows 2 to rows + 1."""
    validations = []
    for i, col in enumerate(INPUT_COLUMNS, start=1):
        letter = col_letter(i)
        rule = _rule(col, f"{letter}2:{letter}{rows + 1}", lang)
        if rule:
            validations.append(rule)
    return validations
