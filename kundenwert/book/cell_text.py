"""What a text cell of a workbook can hold, in one place: every writer writes `excel_text` of a
text, and the check sheet lists each text it changes (`text_problems`).

Excel holds at most 32,767 characters in a cell, counted in UTF-16 units (a character beyond
the Basic Multilingual Plane counts twice). XML cannot carry the non-characters U+FFFE and
U+FFFF nor a lone surrogate (left by a badly decoded file); the _xHHHH_ escape that carries
control characters brings U+FFFE/U+FFFF back in LibreOffice but not in calamine, which would
read a different text next time, so they are replaced by U+FFFD (�), as a lone surrogate is.
Control characters (NUL, vertical tab, …) are not changed: the writers escape them (cell_xml).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kundenwert.book.geometry import anchor_column, col_letter
from kundenwert.book.plan import Columns, Sheet, Table, Text
from kundenwert.errors import Problem, note

#: The most characters (UTF-16 units) an Excel cell holds.
EXCEL_TEXT_MAX = 32_767
#: Characters no writer can carry so that every reader reads them back.
_REPLACED = re.compile("[\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
#: Characters of a text shown in the check sheet when it lists a change.
PREVIEW = 60


def _utf16_len(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _cut(text: str) -> str:
    """The longest start of `text` of at most EXCEL_TEXT_MAX UTF-16 units."""
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > EXCEL_TEXT_MAX:
            return text[:i]
    return text


def text_changes(text: str) -> tuple[str, list[str]]:
    """The text as a cell holds it, and the label keys of what changed ("msg.text.*")."""
    changes: list[str] = []
    if _REPLACED.search(text):
        text = _REPLACED.sub(REPLACEMENT, text)
        changes.append("msg.text.ersetzt")
    # at most two units a character: only a long text can be over the limit
    if len(text) > EXCEL_TEXT_MAX // 2 and _utf16_len(text) > EXCEL_TEXT_MAX:
        text = _cut(text)
        changes.append("msg.text.gekuerzt")
    return text, changes


def excel_text(text: str) -> str:
    """The text as a cell holds it (see the module): what every writer writes."""
    if len(text) <= EXCEL_TEXT_MAX // 2 and not _REPLACED.search(text):
        return text  # nearly every text: nothing to do
    return text_changes(text)[0]


def _texts(values: Sequence[object]) -> list[str]:
    return [v for v in values if type(v) is str]


def _needs_change(texts: list[str]) -> bool:
    """Whether any of the texts changes: one search over all of them joined, so a column of
    a hundred thousand ordinary texts costs a few milliseconds."""
    if not texts:
        return False
    return max(map(len, texts)) > EXCEL_TEXT_MAX // 2 or bool(_REPLACED.search("\n".join(texts)))


def _table_cells(block: Table) -> Iterator[tuple[int, int, str]]:
    """(row offset from the header, column offset, text) of each text of a table that changes."""
    if isinstance(block.rows, Columns):
        for j, column in enumerate(block.rows.columns):
            if isinstance(column, Sequence) and _needs_change(_texts(column)):
                for i, v in enumerate(column):
                    if type(v) is str and text_changes(v)[1]:
                        yield i + 1, j, v
    elif _needs_change([v for row in block.rows for v in row if type(v) is str]):
        for i, row in enumerate(block.rows):
            for j, v in enumerate(row):
                if type(v) is str and text_changes(v)[1]:
                    yield i + 1, j, v
    for j, h in enumerate(block.header):
        if text_changes(h)[1]:
            yield 0, j, h


def _anchor(cell: str) -> tuple[int, int]:
    """(row, column), 1-based, of an anchor such as "B4"."""
    return int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), anchor_column(cell)


def text_problems(sheets: Sequence[Sheet]) -> list[Problem]:
    """A check-sheet line for each text of the planned sheets that a cell cannot hold as it
    is: where it stands, its start, and what the writers do with it."""
    out: list[Problem] = []
    for sheet in sheets:
        found: list[tuple[int, int, str]] = []
        for block in sheet.blocks:
            if isinstance(block, Table):
                row0, col0 = _anchor(block.anchor)
                found += [(row0 + i, col0 + j, v) for i, j, v in _table_cells(block)]
            elif isinstance(block, Text) and text_changes(block.text)[1]:
                found.append((*_anchor(block.anchor), block.text))
        for row, col, text in found:
            changed, keys = text_changes(text)
            preview = changed[:PREVIEW] + ("…" if len(changed) > PREVIEW else "")
            for key in keys:
                out.append(
                    note(
                        sheet.name,
                        row,
                        col_letter(col),
                        preview,
                        "value_converted",
                        key,
                        length_count=_utf16_len(text),
                        limit_count=EXCEL_TEXT_MAX,
                    )
                )
    return out
