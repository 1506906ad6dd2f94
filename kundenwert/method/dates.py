"""Which dates a customer, order or contact can have.

Outside DATE_YEARS a cell is a placeholder (SAP's 31.12.9999 for "no end") or a misread
(DATEV's four-digit 1501 taken as a year): it is listed and ignored, and never becomes a date
pandas cannot hold (its nanosecond dates end in 2262).
"""

from __future__ import annotations

import pandas as pd

DATE_YEARS = (1900, 2199)


def plausible_dates(values: pd.Series) -> pd.Series:
    """`values` as datetime64[ns]: whatever is no date, or a date outside DATE_YEARS, is NaT."""
    dates = pd.to_datetime(values, errors="coerce")
    if dates.dtype == object:  # mixed time zones or odd objects: one by one
        dates = pd.to_datetime(dates.map(_one), errors="coerce")
    inside = dates.dt.year.between(*DATE_YEARS)
    return dates.where(inside).astype("datetime64[ns]")


def _one(value: object) -> object:
    try:
        stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    except (ValueError, TypeError, OverflowError):
        return None
    return stamp if DATE_YEARS[0] <= stamp.year <= DATE_YEARS[1] else None
