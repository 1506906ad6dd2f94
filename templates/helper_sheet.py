"""The hidden helper sheet: thresholds, sorted columns for ranks by binary search and the
cumulated ABC revenue, so no row formula scans a whole column (see templates.formulas)."""

from __future__ import annotations

from collections.abc import Mapping

from kundenwert.book.config_sheet import ConfigLayout, words
from kundenwert.book.geometry import (
    col_letter,
)
from kundenwert.book.plan import Formula, Table
from kundenwert.method.config import Config
from kundenwert.templates.live_layout import (
    BLOCK_COLUMN,
    HELPER_SHEET,
    Layout,
    Others,
    gated,
    pool_keys,
    ranged_factors,
    read_keys,
    read_value,
)


def helper_rows(
    config: Config,
    layout: Layout,
    conf: str,
    cfg: ConfigLayout,
    table: str = "Kunden",
    others: Others | None = None,
) -> tuple[list[list[object]], dict[str, str]]:
    """The helper sheet's summary: per factor its count, minimum and maximum, then both
    thresholds, then count and total of the ABC revenues. Returns the rows (label, formula, …)
    and the absolute address of each value; the addresses of the block's columns (see
    `helper_block`) are added too, as ranges ("sorted:<factor>") or column prefixes that take
    a row number ("abc_basis", "abc_share"). With `others` (a team workbook) every count,
    minimum, maximum and threshold reads the pooled columns (team and rest of the portfolio)."""
    rows: list[list[object]] = []
    where: dict[str, str] = {}
    sheet = f"'{HELPER_SHEET}'!"
    columns = block_columns(config, others is not None)
    first = layout.first_row
    last = layout.last_row + (others.count if others else 0)
    for key, j in columns.items():
        c = col_letter(j)
        where[key] = f"{sheet}${c}${first}:${c}${last}"
        where[f"{key}@"] = f"{sheet}${c}"  # + row number: one cell of the column

    def source(key: str) -> str:
        pool = where.get(f"pool:{key}")
        return pool if pool else f"'{table}'!{layout.range(key)}"

    for i, f in enumerate(config.factors):
        row = 2 + i
        # column E: 1 while at least one customer of the portfolio has the factor, else 0 (the
        # factor is then not part of this run's model: its weight drops out for everyone)
        where[f"present:{i}"] = f"{sheet}$E${row}"
        if f.column not in ranged_factors(config):  # a fixed scale or thresholds: nothing to count
            # the normalised column is empty exactly where the customer lacks the factor
            known = f"COUNT('{table}'!{layout.range(f'n:{f.column}')})"
            rest = others.present(f.column) if others else 0
            rows.append([f.column, None, None, None, Formula(f"=IF({known}+{rest}>0,1,0)")])
            continue
        r = source(f.column)
        rows.append(
            [
                f.column,
                Formula(f"=COUNT({r})"),
                Formula(f"=MIN({r})"),
                Formula(f"=MAX({r})"),
                Formula(f"=IF($B${row}>0,1,0)"),
            ]
        )
        where |= {
            f"count:{f.column}": f"{sheet}$B${row}",
            f"min:{f.column}": f"{sheet}$C${row}",
            f"max:{f.column}": f"{sheet}$D${row}",
        }
    for axis, score in (("ist", "ist_score"), ("potenzial", "potenzial_score")):
        r = source(score)
        method = f"{conf}{cfg.param_cell(f'schwelle_{axis}_methode')}"
        value = f"{conf}{cfg.param_cell(f'schwelle_{axis}_wert')}"
        row = 2 + len(rows)

        def chosen(key: str, cell: str = method) -> str:
            """Whether the method cell holds `key` in any of its spellings (case aside)."""
            spellings = dict.fromkeys(w.lower() for w in words("threshold", key))
            return "OR(" + ",".join(f'{cell}="{w}"' for w in spellings) + ")"

        # empty while no customer has a score: no error value on an empty template
        rows.append(
            [
                f"schwelle_{axis}",
                Formula(
                    f'=IF(COUNT({r})=0,"",IF({chosen("mittelwert")},AVERAGE({r}),'
                    f"IF({chosen('fest')},{value},"
                    f"IF({chosen('quantil')},PERCENTILE({r},{value}),MEDIAN({r})))))"
                ),
            ]
        )
        where[f"schwelle:{axis}"] = f"{sheet}$B${row}"
    basis = where["abc_basis"]
    for key, formula in (("abc_count", f"=COUNT({basis})"), ("abc_total", f"=SUM({basis})")):
        row = 2 + len(rows)
        rows.append([key, Formula(formula)])
        where[key] = f"{sheet}$B${row}"
    return rows, where


def block_columns(config: Config, team: bool = False) -> dict[str, int]:
    """The 1-based column of each column of the helper block."""
    keys = ["abc_basis", "abc_share", "abc_sorted", "abc_prefix", "abc_above"]
    for f in config.factors:
        if f.method == "rang":
            keys += [f"sorted:{f.column}", f"below:{f.column}"]
    keys += [f"read:{k}" for k in read_keys(config)]
    keys += [f"pool:{k}" for k in pool_keys(config, team)]
    keys = list(dict.fromkeys(keys))
    return {k: BLOCK_COLUMN + j for j, k in enumerate(keys)}


def helper_block(
    config: Config,
    layout: Layout,
    at: dict[str, str],
    table: str = "Kunden",
    others: Others | None = None,
) -> Table:
    """The helper sheet's block, one row per table row (k = 1, 2, …): what would otherwise cost
    a scan of a whole column in every row.

    LibreOffice answers RANK, COUNTIF and SUMIFS by scanning the range, so one such call per
    row costs O(n²) (10,000 customers did not finish within 300 s). Here each ranked column is
    sorted (SMALL, the k-th value in row k, "" after the last value: text sorts after numbers,
    so the binary search stays right) and every row finds its place by binary search (MATCH
    type 1), which also needs no criteria string (`">"&x` rounds x to 15 digits). Next to each
    sorted column, "below" holds the number of values strictly smaller than the value in that
    row (the row of its first equal value − 1): the percentile rank's numerator. Each SMALL
    still reads the whole column, so sorting is what grows with n² now (about half of the
    LibreOffice time at 10,000 customers), but it reads plain numbers once per row instead of
    comparing in RANK or matching criteria in SUMIFS.

    ABC: `abc_basis` holds the revenue of every customer (a row with a customer number) whose
    revenue is ≥ 0, scored or not (the set the core classifies by revenue), in the customer's
    own row, else "". `abc_sorted` holds these
    revenues negated in ascending order, i.e. the revenues in descending order, so one MATCH
    type 1 (ascending, like the ranks; type −1 would need the "" rows to sort first) finds a
    customer's last equal value. `abc_prefix` adds them up in that order (the
    core's cumulative sum, one addition at a time, so bit for bit the same) and `abc_above`
    is the prefix at the first equal value: the revenue of all customers strictly above.
    `abc_share` is that share of the total, in the customer's row.

    Reading: `pool:<key>` holds the value of each factor normalised over the whole column
    (rang, minmax) as the reader takes it (see `read_value`), "" in a row without a customer
    number (the reader skips such a row), so every count, minimum, maximum and sorted column
    sees the values `kundenwert score` would; `read:<key>` holds a retention input (repurchase
    rate, churn risk) read alike where it has no pool column. The other checked inputs
    (margin, orders, fixed-scale ratings, …) are read in the row's own formulas.

    A team workbook (`others`) has a row per customer of the whole portfolio: the team's rows
    first (the customer table's rows, read live through the `pool:` columns), then the rest
    of the portfolio as plain values (as the reader read them in the master); the sorted
    columns and the ABC columns run over all of them, so ranks and shares are the portfolio's.
    """
    columns = block_columns(config, others is not None)
    sheet = f"'{table}'!"
    n = layout.last_row - layout.first_row + 1
    total_rows = n + (others.count if others else 0)
    rows: list[list[object]] = []
    for k in range(1, total_rows + 1):
        r = layout.first_row + k - 1  # this row, in the block and in the customer table
        cell = {key: f"{col_letter(j)}{r}" for key, j in columns.items()}
        prev = {key: f"{col_letter(j)}{r - 1}" for key, j in columns.items()}
        out: dict[str, object] = {}
        customer, revenue = layout.cell("kunden_nr", r), layout.cell("umsatz", r)
        total = at["abc_total"]
        if k <= n:
            # nested IFs: AND would compare a text revenue too, and text counts as ≥ 0
            out["abc_basis"] = Formula(
                f'=IF({sheet}{customer}="","",IF(ISNUMBER({sheet}{revenue}),'
                f'IF({sheet}{revenue}>=0,{sheet}{revenue},""),""))'
            )
            out["abc_share"] = Formula(
                f"=IF(ISNUMBER({cell['abc_basis']}),IF({total}=0,0,INDEX({at['abc_above']},"
                f'MATCH(-{cell["abc_basis"]},{at["abc_sorted"]},1))/{total}),"")'
            )
            for key in read_keys(config):
                out[f"read:{key}"] = Formula("=" + read_value(key, f"{sheet}{layout.cell(key, r)}"))
            for key in pool_keys(config, others is not None):
                out[f"pool:{key}"] = Formula(
                    "=" + gated(key, f"{sheet}{layout.cell(key, r)}", f"{sheet}{customer}")
                )
        else:
            assert others is not None
            i = k - n - 1
            out["abc_basis"] = others.abc_basis[i]
            out["abc_share"] = None
            for key in read_keys(config):
                out[f"read:{key}"] = None
            for key in pool_keys(config):
                pooled = {"ist_score": others.ist, "potenzial_score": others.potenzial}
                out[f"pool:{key}"] = pooled.get(key, others.values.get(key, []))[i]
        out["abc_sorted"] = Formula(f'=IF({k}<={at["abc_count"]},-LARGE({at["abc_basis"]},{k}),"")')
        if k == 1:
            out["abc_prefix"] = Formula(f'=IF(ISNUMBER({cell["abc_sorted"]}),0,"")')
            out["abc_above"] = Formula(f'=IF(ISNUMBER({cell["abc_sorted"]}),0,"")')
        else:
            # minus the negated revenue: the sum of positive numbers, as the core adds them
            out["abc_prefix"] = Formula(
                f'=IF(ISNUMBER({cell["abc_sorted"]}),{prev["abc_prefix"]}-{prev["abc_sorted"]},"")'
            )
            out["abc_above"] = Formula(
                f"=IF(ISNUMBER({cell['abc_sorted']}),IF({cell['abc_sorted']}={prev['abc_sorted']},"
                f'{prev["abc_above"]},{cell["abc_prefix"]}),"")'
            )
        for f in config.factors:
            if f.method != "rang":
                continue
            s, b = f"sorted:{f.column}", f"below:{f.column}"
            values = at[f"pool:{f.column}"]
            out[s] = Formula(f'=IF({k}<={at[f"count:{f.column}"]},SMALL({values},{k}),"")')
            out[b] = (
                Formula(f'=IF(ISNUMBER({cell[s]}),0,"")')
                if k == 1
                else Formula(
                    f'=IF(ISNUMBER({cell[s]}),IF({cell[s]}={prev[s]},{prev[b]},{k - 1}),"")'
                )
            )
        rows.append([out.get(key) for key in columns])
    return Table(f"{col_letter(BLOCK_COLUMN)}1", list(columns), rows)


def contacts_table(failed: Mapping[str, int], row: int) -> tuple[Table, dict[str, str]]:
    """The unsuccessful contacts known when the workbook was made (customer id → count, only
    customers with any), as a table at column A from `row`, and the addresses of its two
    columns ("contacts:id", "contacts:n") for the class formula. A log the workbook does not
    carry cannot be counted live; the counts are fixed values like the other teams' figures.
    `failed` must not be empty (without counts the class formula needs no table)."""
    sheet = f"'{HELPER_SHEET}'!"
    first, last = row + 1, row + len(failed)
    where = {
        "contacts:id": f"{sheet}$A${first}:$A${last}",
        "contacts:n": f"{sheet}$B${first}:$B${last}",
    }
    rows: list[list[object]] = [[cid, n] for cid, n in sorted(failed.items())]
    return Table(f"A{row}", ["erfolglos:kunden_nr", "erfolglos:anzahl"], rows), where
