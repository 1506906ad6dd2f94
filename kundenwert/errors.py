"""Problems found in the input: one record per cell or column, collected, never raised mid-read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Action = Literal[
    "row_skipped",  # the whole row is left out of the scoring
    "value_ignored",  # the cell is treated as missing
    "value_converted",  # the cell was read with an interpretation worth showing
    "factor_dropped",  # a factor is left out for everyone
    "column_ignored",  # a header that names no known column
    "column_mapped",  # a header matched to a known column (the mapping used)
    "note",  # information only
]


@dataclass(frozen=True)
class Problem:
    """One finding: where (sheet, row, column), what was there, what was expected, what was done.

    `row` is the 1-based Excel row number (None for whole-column or whole-table findings).
    """

    sheet: str
    row: int | None
    column: str | None
    value: object
    expected: str
    action: Action
    customer_id: str | None = None
    #: label key of a message that replaces `expected` in the chosen language (labels.py),
    #: with its arguments; arguments named `*_cols` are column keys, shown as headers
    message: str | None = None
    args: tuple[tuple[str, object], ...] = ()


def note(
    sheet: str,
    row: int | None,
    column: str | None,
    value: object,
    action: Action,
    message: str,
    customer_id: str | None = None,
    **args: object,
) -> Problem:
    """A finding whose text is a keyed message (rendered in German or English at the edge)."""
    return Problem(
        sheet, row, column, value, message, action, customer_id, message, tuple(args.items())
    )


@dataclass(frozen=True)
class Message:
    """A keyed message of labels.py with its arguments (a warning, say), rendered in the run's
    language at the edge (`labels.message_text`)."""

    key: str
    args: tuple[tuple[str, object], ...] = ()


#: One header of an input table as the check sheet lists it: the header, the column key it
#: is read as (None: not used) and a note (why it is read so, or left unused).
MappedHeader = tuple[str, str | None, Message | None]
#: The note of a header no rule takes.
UNUSED = Message("msg.map.ungenutzt")


class KundenwertError(ValueError):
    """Base of the core's errors: the message names the column/rule that failed."""


class MissingColumnsError(KundenwertError):
    """A required column is not in the table."""

    def __init__(
        self,
        sheet: str,
        missing: list[str],
        found: list[str],
        expected: list[str],
        keys: list[str] | None = None,
        expected_keys: list[str] | None = None,
    ):
        self.sheet, self.missing, self.found, self.expected = sheet, missing, found, expected
        #: the column keys missing and those whose headers are expected: with them the
        #: adapter names the headers in the run's language (labels.missing_columns_text)
        self.keys, self.expected_keys = keys, expected_keys
        super().__init__(
            f"Blatt '{sheet}': Pflichtspalte(n) fehlen: {', '.join(missing)}. "
            f"Gefundene Spalten: {', '.join(found) or '(keine)'}. "
            f"Erwartet wird eine dieser Überschriften: {'; '.join(expected)}."
        )


class InputFileError(KundenwertError):
    """The file cannot be read as a customer workbook (not xlsx, encrypted, too large, ...)."""


class MessageError(KundenwertError):
    """An error whose text is a keyed message of labels.py, shown in the run's language; the
    adapter renders it, `str()` gives the key and arguments only as a fallback."""

    def __init__(self, message: str, **args: object) -> None:
        self.message, self.args_ = message, args
        super().__init__(f"{message}: {args}")


class NoCustomerRowsError(MessageError):
    """The table has a header but no customer row under it."""


class FileMessageError(MessageError, InputFileError):
    """A file that cannot be read, with a keyed message naming the file and what to do."""


class CellError(MessageError):
    """One cell's value cannot be read as what its column expects (a keyed message)."""


class WorkbookWriteError(MessageError):
    """A workbook cannot be written as asked (e.g. a sheet already carries a drawing)."""


class AddinBuildError(MessageError):
    """The desktop add-in cannot be built from the installed xlwings' template."""
