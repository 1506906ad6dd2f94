"""A1 geometry of a sheet: column letters and widths, shared by every workbook plan."""

from __future__ import annotations

from collections.abc import Sequence


def col_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    s = ""
    while index:
        index, rem = divmod(index - 1, 26)
        s = chr(65 + rem) + s
    return s


def anchor_column(anchor: str) -> int:
    """1-based column of an anchor such as "X1"."""
    n = 0
    for ch in anchor:
        if ch.isalpha():
            n = n * 26 + ord(ch.upper()) - 64
    return n


def fitting_widths(rows: Sequence[Sequence[object]]) -> dict[str, float]:
    """Column widths that fit the longest text of the sample rows (dates and amounts need
    about 12 characters), between 10 and 40."""
    widths: dict[str, float] = {}
    for row in rows:
        for j, v in enumerate(row):
            size = 12 if isinstance(v, int | float) or hasattr(v, "year") else len(str(v or ""))
            letter = col_letter(j + 1)
            widths[letter] = min(max(widths.get(letter, 10.0), size + 2.0), 40.0)
    return widths
