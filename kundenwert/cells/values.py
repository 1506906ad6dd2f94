"""Reading one cell value the way a German sales controller means it.

Pure functions, no file library: the worksheet functions and the file reader share them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from kundenwert.errors import CellError
from kundenwert.method.dates import DATE_YEARS

__all__ = ["CellError"]

EXCEL_ERRORS = frozenset(
    {
        "#N/A",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#UNKNOWN!",
        "#BUSY!",
    }
)
EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # serial 1 = 1900-01-01, with Excel's leap-year quirk

_GERMAN_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_ENGLISH_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+\.\d+$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
#: the one kind of number text whose separator can be the decimal or the thousands one
_AMBIGUOUS = re.compile(r"^-?\d{1,3}[.,]\d{3}$")
#: a currency before or after the number ("€ 1.234", "$-5", "1.234 EUR"), kept sign first
_CURRENCY = re.compile(r"(?i)^(-?)(?:[$£€]|eur|usd|chf|gbp)|(?:[$£€]|eur|usd|chf|gbp)$")


def is_blank(value: object) -> bool:
    """Empty cell: None, a string of whitespace, or NaN (how a parsed text file marks an empty
    number cell)."""
    if type(value) is float:
        return value != value
    return value is None or (isinstance(value, str) and not value.strip())


def is_excel_error(value: object) -> bool:
    """An Excel error literal such as #N/A or #DIV/0!."""
    return isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS


def parse_number(value: object, decimal: str | None = None) -> tuple[float, bool]:
    """A number from a cell, and whether it was written as a percentage.

    Accepts ints/floats and text in German ("1.234,56", "12 %", "€ 1.234", SAP's "1.234,56-")
    or English ("1,234.56", "$1,234") notation, inferred from the text. Only a text with one
    separator followed by three digits ("1,234", "1.234") can be read both ways: `decimal`,
    the decimal separator of the file it comes from (when known), decides it, so "1,234" is
    1234 in an English file and 1.234 in a German one; without it the German reading wins.
    Raises CellError for anything else (booleans included).
    """
    if isinstance(value, bool):
        raise CellError("err.zelle.wahrheitswert")
    if isinstance(value, int | float):
        return float(value), False
    if not isinstance(value, str):
        raise CellError("err.zelle.zahl", found=type(value).__name__)
    s = value.strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    percent = s.endswith("%")
    s = number_core(s.rstrip("%"))
    if s.startswith("(") and s.endswith(")"):  # accounting notation for negatives
        s = "-" + s[1:-1]
    if decimal in (",", ".") and _AMBIGUOUS.match(s):
        s = s.replace(decimal, ".") if s[-4] == decimal else s.replace(s[-4], "")
    elif "," in s and "." in s:
        # both separators: the last one is the decimal separator
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        elif _ENGLISH_THOUSANDS.match(s):
            s = s.replace(",", "")
        else:
            raise CellError("err.zelle.zahl", found=repr(value))
    elif "," in s:
        s = s.replace(",", ".") if s.count(",") == 1 else s
    elif _GERMAN_THOUSANDS.match(s):
        s = s.replace(".", "")  # German default: "1.234" is one thousand two hundred …
    if not _NUMBER.match(s):
        raise CellError("err.zelle.zahl", found=repr(value))
    number = float(s)
    return (number / 100.0 if percent else number), percent


# Number texts that parse_number reads by one plain rule, so a column-wise reader converts them
# without its other steps: digits with German separators ("1.234,56", "1.234", "12,5", "7")
# and English ones with a decimal point ("1.5", "1,234.56"); anything else goes to parse_number.
# An ambiguous text ("1,234") is left to parse_number when the file's notation is English.
_PLAIN_GERMAN = re.compile(r"-?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?\Z")
_PLAIN_ENGLISH = re.compile(r"-?(?:[0-9]+\.[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+)\Z")


def plain_number(value: str, decimal: str | None = None) -> float | None:
    """The number parse_number(value, decimal) reads when `value` is a plain number text (see
    above), else None. Tested against parse_number."""
    if decimal == "." and _AMBIGUOUS.match(value):
        return None
    if _PLAIN_GERMAN.match(value):
        return float(value.replace(".", "").replace(",", "."))
    if _PLAIN_ENGLISH.match(value):
        return float(value.replace(",", ""))
    return None


_TELLS_GERMAN = re.compile(r"^-?\d{1,3}(?:\.\d{3})*,\d+$|^-?\d+,\d+$")
_TELLS_ENGLISH = re.compile(r"^-?\d{1,3}(?:,\d{3})*\.\d+$|^-?\d+\.\d+$")


def number_core(token: str) -> str:
    """A number text without currency sign and with a trailing minus (SAP writes credits as
    "1.234,56-") in front."""
    if token[-1:].isdigit() and token.lstrip("-")[:1].isdigit():
        return token  # most: nothing to look past
    core = _CURRENCY.sub(r"\1", token).strip()
    return "-" + core[:-1] if len(core) > 1 and core.endswith("-") and core[0] != "-" else core


def is_ambiguous(text: str) -> bool:
    """A number text that reads both ways: one separator and three digits after it."""
    return _AMBIGUOUS.match(number_core(text.strip())) is not None


def notation_votes(texts: Iterable[str]) -> tuple[int, int]:
    """How many number texts tell the German notation (decimal comma) and how many the
    English one; "1,234" tells neither (see is_ambiguous)."""
    # only a text with a separator can tell the notation
    told = [number_core(x.strip()) for x in texts if "," in x or "." in x]
    told = [x for x in told if not _AMBIGUOUS.match(x)]
    return sum(1 for x in told if _TELLS_GERMAN.match(x)), sum(
        1 for x in told if _TELLS_ENGLISH.match(x)
    )


#: An Excel serial number below this (18.05.1927) in a date column is a number such as a
#: DDMM day, not a date.
MIN_DATE_SERIAL = 10_000


def parse_date(value: object) -> dt.datetime:
    """A date from a cell: a date/datetime, an Excel serial number, or text TT.MM.JJJJ / ISO,
    within DATE_YEARS."""
    found: dt.datetime | None = None
    if isinstance(value, dt.datetime):
        found = value
    elif isinstance(value, dt.date):
        found = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not MIN_DATE_SERIAL <= value < 2958466:  # Excel's last date is 9999-12-31
            raise CellError("err.zelle.datum_zahl", found=repr(value))
        found = EXCEL_EPOCH + dt.timedelta(days=float(value))
    elif isinstance(value, str):
        text = value.strip()
        for fmt in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y"):
            try:
                found = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                pass
    if found is None:
        raise CellError("err.zelle.datum", found=repr(value))
    if not DATE_YEARS[0] <= found.year <= DATE_YEARS[1]:
        low, high = DATE_YEARS
        shown = f"{found:%d.%m.%Y}" if isinstance(value, dt.date) else repr(value)
        raise CellError("err.zelle.datum_bereich", found=shown, low=low, high=high)
    return found


def parse_id(value: object) -> str | None:
    """A customer id as text: 10023.0 → '10023'; blanks → None."""
    if type(value) is str:  # most ids: one strip instead of is_blank's and str()'s
        return value.strip() or None
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value).strip()
