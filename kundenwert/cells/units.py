"""Money headers that state their figures in thousands or millions of euros ("Umsatz (T€)",
"Umsatz TEUR", "Umsatz in Tsd. EUR", "DB (k€)", "Potenzial Mio. €"). The method computes in
euros (a cost per order of 60 € is subtracted from the revenue): such a column is read times
its unit, and the check sheet says so once per column."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from kundenwert.errors import Problem, note

# the unit with what may stand around it: brackets, "in", a currency after the size word
_CURRENCY = r"(?:€|eur(?:o)?\b)"
_UNITS: tuple[tuple[re.Pattern[str], float], ...] = (
    # T€, TEUR, k€, kEUR, KEUR: a one-letter size glued to the currency, no letter before it
    (re.compile(rf"[(\[]?\s*(?:in\s+)?(?<![a-zäöüß])[tk]\s?{_CURRENCY}\s*[)\]]?"), 1e3),
    (
        re.compile(
            rf"[(\[]?\s*(?:in\s+)?\b(?:tsd|tausend|thousands?)\b\.?\s*{_CURRENCY}?\s*[)\]]?"
        ),
        1e3,
    ),
    # English reports: "Sales (000)", "Revenue ('000s)"
    (re.compile(r"[(\[]\s*'?000s?\s*[)\]]"), 1e3),
    (
        re.compile(
            rf"[(\[]?\s*(?:in\s+)?\b(?:mio|millionen|millions?)\b\.?\s*{_CURRENCY}?\s*[)\]]?"
        ),
        1e6,
    ),
)


def _lower(text: str) -> str:
    return unicodedata.normalize("NFC", str(text)).lower()


def money_unit(header: object) -> tuple[float, str] | None:
    """The factor to euros and the unit as written, when a header names one; else None."""
    if not isinstance(header, str):
        return None
    text = _lower(header)
    for pattern, times in _UNITS:
        found = pattern.search(text)
        if found:
            # the unit as the header writes it, without brackets and "in"
            shown = header[found.start() : found.end()].strip(" ()[]")
            shown = re.sub(r"^(?i:in)\s+", "", shown)
            return times, shown
    return None


def without_unit(text: str) -> str:
    """A lower-case header with its unit taken out ("umsatz (t€)" → "umsatz "), so that the
    column is recognised by its name."""
    for pattern, _ in _UNITS:
        text = pattern.sub(" ", text)
    return text


def in_euros(
    values: pd.Series, header: object, sheet: str, header_row: int, problems: list[Problem]
) -> pd.Series:
    """A money column whose header states thousands or millions ("Umsatz (T€)") in euros,
    with one note for the column; any other column as it is."""
    unit = money_unit(header)
    if unit is None:
        return values
    times, shown = unit
    problems.append(
        note(sheet, header_row, str(header), shown, "value_converted", "msg.einheit",
             unit=shown, times_count=int(times), header=str(header))
    )  # fmt: skip
    return values * times
