"""Sheet XML of single cells, as Excel reads it: numbers in their shortest exact form, texts
escaped and inline, dates as serial numbers, infinities as the error xlsxwriter writes. Used by
the bulk writer (bulk_rows.py) and the worksheet it feeds (xlsxwriter_internals.py)."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import cast

from kundenwert.book import plan as p
from kundenwert.book.cell_text import EXCEL_TEXT_MAX, excel_text


def _non_finite(ref: str, style: str, value: float) -> str:
    """An infinite number as xlsxwriter writes it with nan_inf_to_errors (and Excel computes
    it): the formula 1/0 or −1/0 with its error value, never the text "inf"."""
    sign = "-" if value < 0 else ""
    return f'<c r="{ref}"{style} t="e"><f>{sign}1/0</f><v>#DIV/0!</v></c>'


EPOCH = dt.datetime(1899, 12, 30)
#: Control characters XML cannot carry: Excel writes them as _xHHHH_ (and reads them back).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Text that reads as such an escape: its underscore is escaped itself (_x005F_), as Excel does.
_ESCAPE_LIKE = re.compile("_(x[0-9a-fA-F]{4}_)")
#: Anything in a text that needs escaping or changing (book.cell_text), or white space at
#: either end.
_SPECIAL = re.compile("[\x00-\x1f&<>\ud800-\udfff\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\\s|\\s$")


def as_datetime(value: dt.date) -> dt.datetime:
    """A date as midnight of that day; a datetime as it is."""
    return (
        value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
    )


def number_text(value: float) -> str:
    """Python's shortest round-trip form: every double reads back bit for bit (xlsxwriter's
    own 16 significant digits can lose the last bit, and KW.PORTFOLIO must equal the file)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def ooxml_text(value: str) -> str:
    """A text as a cell holds it (book.cell_text.excel_text), its control characters written
    as _xHHHH_ and text that reads as such an escape protected: what Excel, LibreOffice and
    calamine read back as the text. Markup characters stay for the XML writer to escape."""
    text = excel_text(value)
    if "_x" in text:
        text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _escape(value: str) -> str:
    """A text as cell XML carries it (ooxml_text), &, <, > escaped."""
    text = ooxml_text(value).replace("&", "&amp;").replace("<", "&lt;")
    return text.replace(">", "&gt;")


def text_xml(value: str) -> str:
    """The inline-string element of a text cell, white space at either end kept."""
    if len(value) <= EXCEL_TEXT_MAX // 2 and not _SPECIAL.search(value):
        return f"<is><t>{value}</t></is>"  # most texts: ids, names, labels
    text = _escape(value)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<is><t{space}>{text}</t></is>"


def _other_cell(v: object, ref: str, style: str, date_style: int) -> str:
    """Dates, booleans, formulas and other values of a bulk block (the rare kinds)."""
    if isinstance(v, dt.datetime | dt.date):
        serial = (as_datetime(v) - EPOCH).total_seconds() / 86400
        style = f' s="{date_style}"' if date_style else style
        return f'<c r="{ref}"{style}><v>{number_text(serial)}</v></c>'
    if isinstance(v, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(v)}</v></c>'
    if isinstance(v, int | float):  # numpy numbers and other number types
        x = float(v)
        if not math.isfinite(x):
            return "" if x != x else _non_finite(ref, style, x)
        return f'<c r="{ref}"{style}><v>{number_text(x)}</v></c>'
    if isinstance(v, p.Formula):
        return f'<c r="{ref}"{style}><f>{_escape(v[1:])}</f></c>'
    return f'<c r="{ref}"{style} t="inlineStr">{text_xml(str(v))}</c>'


def cell_xml(v: object, ref: str, style: str, date_style: int) -> str:
    """One cell's XML; "" for an empty cell (NaN included)."""
    kind = type(v)
    if kind is int:
        return f'<c r="{ref}"{style}><v>{v!r}</v></c>'
    if kind is float:
        x = cast(float, v)
        if not math.isfinite(x):
            return "" if x != x else _non_finite(ref, style, x)
        return f'<c r="{ref}"{style}><v>{x!r}</v></c>'
    if v is None or v == "":
        return ""
    if kind is str:
        return f'<c r="{ref}"{style} t="inlineStr">{text_xml(cast(str, v))}</c>'
    return _other_cell(v, ref, style, date_style)
