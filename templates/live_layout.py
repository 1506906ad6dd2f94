"""Where the live customer table keeps each column, what a team workbook carries of the rest of
the portfolio, and how a typed cell is read as the reader reads it (the formulas' inputs)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kundenwert.book.geometry import (
    col_letter,
)
from kundenwert.cells.columns import INPUT_COLUMNS, RATING_MAX, RATING_MIN
from kundenwert.cells.customer_table import NON_NEGATIVE
from kundenwert.method.config import DERIVED_FACTORS, Config

HELPER_SHEET = "Hilfswerte"


@dataclass(frozen=True)
class Layout:
    """Where every column of the live customer table sits (1-based columns, data from row 2)."""

    first_row: int
    last_row: int
    column: dict[str, int]  # input keys, derived factors, "n:<factor>", results

    def cell(self, key: str, row: int) -> str:
        """A relative cell reference, e.g. "Q7"."""
        return f"{col_letter(self.column[key])}{row}"

    def range(self, key: str) -> str:
        """The absolute data range of a column, e.g. "$Q$2:$Q$501"."""
        c = col_letter(self.column[key])
        return f"${c}${self.first_row}:${c}${self.last_row}"


RESULTS = ("ist_score", "potenzial_score", "segment", "abc")


def table_layout(config: Config, rows: int) -> Layout:
    """Input columns first (documented order), then derived, normalised and result columns."""
    keys = [c.key for c in INPUT_COLUMNS] + list(DERIVED_FACTORS)
    keys += [f"n:{f.column}" for f in config.factors] + list(RESULTS)
    return Layout(2, 1 + max(rows, 1), {k: i + 1 for i, k in enumerate(keys)})


@dataclass(frozen=True)
class Others:
    """The rest of the portfolio a team workbook scores against: the other customers' values
    of every factor column, their two scores (None where a score lacks data) and their ABC
    revenue (None for revenue missing or below 0), as the whole master stood at split time.
    The helper sheet holds them below the team's own (live) values, so ranks, minima, maxima,
    thresholds and ABC shares are the portfolio's, and a rep's edit moves a customer within
    the whole portfolio."""

    values: dict[str, list[float | None]]  # factor column → one value per other customer
    ist: list[float | None]
    potenzial: list[float | None]
    abc_basis: list[float | None]

    @property
    def count(self) -> int:
        """How many other customers."""
        return len(self.ist)

    def present(self, column: str) -> int:
        """How many other customers have a value of the factor column `column`."""
        return sum(v is not None for v in self.values.get(column, []))


#: First column of the helper sheet's block (below its header in row 1, one row per table
#: row): the per-customer ABC columns and the sorted columns, see `helper_block`.
BLOCK_COLUMN = 6  # F


#: Input columns whose typed value the reader checks or converts (kundenwert.cells
#: customer_table): shares (25 means 25 %), ratings (1–5), counts and the amounts that cannot
#: be negative. Each formula takes such a value as the reader reads it (see `read_value`).
KINDS = {c.key: c.kind for c in INPUT_COLUMNS}
CHECKED = tuple(
    k for k, kind in KINDS.items() if kind in ("share", "rating", "count") or k in NON_NEGATIVE
)
#: The checked inputs of the derived factors (contribution, CLV, untapped potential): each
#: read in the row's formulas, the retention inputs (used thrice in the CLV factor) from the
#: helper sheet instead.
INLINE_INPUTS = ("marge", "auftraege", "besuche", "servicekosten", "potenzial")
DERIVED_INPUTS = (*INLINE_INPUTS, "wiederkaufrate", "abwanderung")


def read_value(key: str, x: str) -> str:
    """The formula of a typed cell `x` as the reader takes it: "" for what it ignores (text,
    a value out of range), a share above 1 divided by 100 (25 → 25 %), else the value."""
    kind = KINDS[key]
    if kind == "share":
        # up to 100 points is a percentage; the reader checks 0–1 after converting
        return f'IF(ISNUMBER({x}),IF(AND({x}>=0,{x}<=100),IF({x}>1,{x}/100,{x}),""),"")'
    if kind == "rating":
        return f'IF(ISNUMBER({x}),IF(AND({x}>={RATING_MIN!r},{x}<={RATING_MAX!r}),{x},""),"")'
    if key in CHECKED:
        return f'IF(ISNUMBER({x}),IF({x}>=0,{x},""),"")'
    return x


def ranged_factors(config: Config) -> list[str]:
    """The factor columns whose normalisation needs the whole column (count, minimum,
    maximum or sorted values): methods rang and minmax."""
    return list(dict.fromkeys(f.column for f in config.factors if f.method in ("rang", "minmax")))


def pool_keys(config: Config, team: bool = True) -> list[str]:
    """The helper sheet's `pool:` columns: the ranged factor columns, and in a team workbook
    both scores (pooled with the rest of the portfolio's)."""
    return ranged_factors(config) + (["ist_score", "potenzial_score"] if team else [])


def read_keys(config: Config) -> list[str]:
    """The checked inputs that get a `read:` column: the retention inputs not read through a
    `pool:` column already (each `read:` cell costs as much as the formula it saves)."""
    return [k for k in ("wiederkaufrate", "abwanderung") if k not in ranged_factors(config)]


def gated(key: str, x: str, customer: str) -> str:
    """Cell `x` of column `key` as the reader takes it, "" in a row without a customer number
    (the reader skips it) — a plain reference to an empty cell would give 0."""
    value = read_value(key, x) if key in CHECKED else f'IF(ISNUMBER({x}),{x},"")'
    return f'IF({customer}="","",{value})'


def failed_contacts(scored: pd.DataFrame) -> dict[str, int]:
    """The unsuccessful contacts logged per customer (the core's `erfolglos`, counted up to the
    Stichtag), for those that have any: what a team workbook is given so its class formula
    applies the O → C rule as `kundenwert score` did on the whole master."""
    if "erfolglos" not in scored:
        return {}
    counts = zip(scored["kunden_nr"], scored["erfolglos"], strict=True)
    return {str(cid): int(n) for cid, n in counts if n > 0}
