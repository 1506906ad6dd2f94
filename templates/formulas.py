"""Native Excel formulas that compute both scores, the segment and the ABC class in the workbook
itself, reading weights, thresholds and names live from the Konfiguration sheet.

A team without Python sees correct results when it edits a rating. The formulas use only
functions of Excel 2007 that LibreOffice also knows (INDEX, MATCH, SMALL, LARGE, MEDIAN,
PERCENTILE, EDATE), no array formulas, and follow the core's definitions exactly
(kundenwert.method: normalize, portfolio, abc_class), the minimum data coverage of a score and
the Z/O classes of negative revenue included. The normalisation method of each factor is fixed
when the workbook is built; weights, thresholds, the minimum coverage, cost rates and names are
read live. Beyond the formulas: the purchase-history model's CLV (from an order history), the
contact log's O → C rule and the reader's checks of whole rows (totals, duplicate numbers)
and of text cells (numbers and dates typed as text) need a `kundenwert score` run; what the
reader does cell by cell with numbers (shares above 1 as percent points, values out of range
ignored, rows without a customer number skipped) the formulas do too.

Nothing scans a whole column once per row (RANK, COUNTIF, SUMIFS would, and LibreOffice
evaluates them by scanning: O(n²), 10,000 customers took more than 300 s). The helper sheet
holds each ranked column sorted (row k: the k-th smallest value) and every customer row finds
its place there by binary search; the ABC shares come from one sorted, cumulated revenue
column computed once. No
criteria strings either: `">"&x` turns x into text with 15 digits, which can move it past
itself. What still grows with n² is the sorting (one SMALL or LARGE per row of each sorted
column); see `helper_block`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kundenwert.book.config_sheet import ConfigLayout, config_layout, configuration_sheet, words
from kundenwert.book.geometry import (
    col_letter,
    fit_columns,
    fit_header_rows,
    page_footer,
    pages_wide,
)
from kundenwert.book.labels import column_label, t
from kundenwert.book.plan import Formula, Plan, Sheet, Table
from kundenwert.book.result_sheets import matrix_chart
from kundenwert.book.style import DATE, INPUT_FILL, INTEGER, MONEY, PERCENT, SCORE, SEGMENT_COLOURS
from kundenwert.cells.columns import INPUT_COLUMNS, RATING_MAX, RATING_MIN
from kundenwert.cells.customer_table import NON_NEGATIVE
from kundenwert.language import Lang
from kundenwert.method.config import DERIVED_FACTORS, Config, Factor
from kundenwert.templates.input_rules import input_rules

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


#: First column of the helper sheet's block (below its header in row 1, one row per table
#: row): the per-customer ABC columns and the sorted columns, see `helper_block`.
BLOCK_COLUMN = 6  # F


#: Input columns whose typed value the reader checks or converts (kundenwert.cells
#: customer_table): shares (25 means 25 %), ratings (1–5), counts and the amounts that cannot
#: be negative. Each formula takes such a value as the reader reads it (see `read_value`).
_KINDS = {c.key: c.kind for c in INPUT_COLUMNS}
CHECKED = tuple(
    k for k, kind in _KINDS.items() if kind in ("share", "rating", "count") or k in NON_NEGATIVE
)
#: The checked inputs of the derived factors (contribution, CLV, untapped potential): each
#: read in the row's formulas, the retention inputs (used thrice in the CLV factor) from the
#: helper sheet instead.
_INLINE_INPUTS = ("marge", "auftraege", "besuche", "servicekosten", "potenzial")
_DERIVED_INPUTS = (*_INLINE_INPUTS, "wiederkaufrate", "abwanderung")


def read_value(key: str, x: str) -> str:
    """The formula of a typed cell `x` as the reader takes it: "" for what it ignores (text,
    a value out of range), a share above 1 divided by 100 (25 → 25 %), else the value."""
    kind = _KINDS[key]
    if kind == "share":
        # up to 100 points is a percentage; the reader checks 0–1 after converting
        return f'IF(ISNUMBER({x}),IF(AND({x}>=0,{x}<=100),IF({x}>1,{x}/100,{x}),""),"")'
    if kind == "rating":
        return f'IF(ISNUMBER({x}),IF(AND({x}>={RATING_MIN!r},{x}<={RATING_MAX!r}),{x},""),"")'
    if key in CHECKED:
        return f'IF(ISNUMBER({x}),IF({x}>=0,{x},""),"")'
    return x


def _ranged(config: Config) -> list[str]:
    """The factor columns whose normalisation needs the whole column (count, minimum,
    maximum or sorted values): methods rang and minmax."""
    return list(dict.fromkeys(f.column for f in config.factors if f.method in ("rang", "minmax")))


def _pool_keys(config: Config, team: bool = True) -> list[str]:
    """The helper sheet's `pool:` columns: the ranged factor columns, and in a team workbook
    both scores (pooled with the rest of the portfolio's)."""
    return _ranged(config) + (["ist_score", "potenzial_score"] if team else [])


def _read_keys(config: Config) -> list[str]:
    """The checked inputs that get a `read:` column: the retention inputs not read through a
    `pool:` column already (each `read:` cell costs as much as the formula it saves)."""
    return [k for k in ("wiederkaufrate", "abwanderung") if k not in _ranged(config)]


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
    columns = _block_columns(config, others is not None)
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
        if f.column not in _ranged(config):  # a fixed scale or thresholds: nothing to count
            rows.append([f.column, None, None, None])
            continue
        r = source(f.column)
        rows.append(
            [
                f.column,
                Formula(f"=COUNT({r})"),
                Formula(f"=MIN({r})"),
                Formula(f"=MAX({r})"),
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


def _block_columns(config: Config, team: bool = False) -> dict[str, int]:
    """The 1-based column of each column of the helper block."""
    keys = ["abc_basis", "abc_share", "abc_sorted", "abc_prefix", "abc_above"]
    for f in config.factors:
        if f.method == "rang":
            keys += [f"sorted:{f.column}", f"below:{f.column}"]
    keys += [f"read:{k}" for k in _read_keys(config)]
    keys += [f"pool:{k}" for k in _pool_keys(config, team)]
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
    columns = _block_columns(config, others is not None)
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
            for key in _read_keys(config):
                out[f"read:{key}"] = Formula("=" + read_value(key, f"{sheet}{layout.cell(key, r)}"))
            for key in _pool_keys(config, others is not None):
                out[f"pool:{key}"] = Formula(
                    "=" + _gated(key, f"{sheet}{layout.cell(key, r)}", f"{sheet}{customer}")
                )
        else:
            assert others is not None
            i = k - n - 1
            out["abc_basis"] = others.abc_basis[i]
            out["abc_share"] = None
            for key in _read_keys(config):
                out[f"read:{key}"] = None
            for key in _pool_keys(config):
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


def _gated(key: str, x: str, customer: str) -> str:
    """Cell `x` of column `key` as the reader takes it, "" in a row without a customer number
    (the reader skips it) — a plain reference to an empty cell would give 0."""
    value = read_value(key, x) if key in CHECKED else f'IF(ISNUMBER({x}),{x},"")'
    return f'IF({customer}="","",{value})'


def _normalised(f: Factor, x: str, at: dict[str, str]) -> str:
    """The 0–100 value of one factor cell, as kundenwert.method.normalize computes it."""
    n, lo, hi = (at.get(f"{k}:{f.column}", "") for k in ("count", "min", "max"))
    if f.method == "rang":
        # the number of smaller values, found by binary search in the sorted helper column
        # (see helper_block); ties share the first one's, as RANK(x, values, 1) − 1 would
        below = f"INDEX({at[f'below:{f.column}']},MATCH({x},{at[f'sorted:{f.column}']},1))"
        expr = f"IF(OR({n}<2,{hi}={lo}),50,{below}/({n}-1)*100)"
    elif f.method == "minmax":
        expr = f"IF({hi}={lo},50,({x}-{lo})/({hi}-{lo})*100)"
    elif f.method == "skala":
        expr = f"MAX(0,MIN(100,({x}-{f.scale_min!r})/({f.scale_max!r}-{f.scale_min!r})*100))"
    else:
        steps = "+".join(f"({x}>={v!r})" for v in f.thresholds)
        expr = f"({steps})/{len(f.thresholds)}*100"
    if f.direction == "niedrig":
        expr = f"100-{expr}"
    return f'=IF(ISNUMBER({x}),{expr},"")'


def row_formulas(
    config: Config,
    layout: Layout,
    row: int,
    at: dict[str, str],
    conf: str,
    cfg: ConfigLayout,
    lang: Lang = "de",
) -> dict[str, Formula]:
    """Every computed cell of one customer row, by the core's rules (kundenwert.method.portfolio):
    each score from the factors present when they carry at least the minimum coverage of its
    whole weight, else empty; the segment from both scores, "too little data" for a customer
    lacking one; the ABC class of every customer, scored or not. Checked inputs are read
    from the helper sheet as the reader takes them, factors from its pooled columns."""
    c = {k: layout.cell(k, row) for k in layout.column}
    raw = dict(c)
    # checked inputs as the reader takes them: from the helper sheet's pooled or read columns
    c |= {k: f"{at[f'read:{k}@']}{row}" for k in _read_keys(config)}
    c |= {k: f"{at[f'pool:{k}@']}{row}" for k in _DERIVED_INPUTS if k in _ranged(config)}
    c |= {k: f"({read_value(k, raw[k])})" for k in _INLINE_INPUTS if k not in _ranged(config)}
    param = {
        k: f"{conf}{cfg.param_cell(k)}"
        for k in (
            "kosten_je_auftrag",
            "kosten_je_besuch",
            "zinssatz",
            "clv_jahre",
            "bindungsrate_standard",
            "abc_a",
            "abc_b",
            "stichtag",
            "mindestabdeckung",
        )
    }
    gross = (
        f"IF(ISNUMBER({c['deckungsbeitrag']}),{c['deckungsbeitrag']},"
        f"IF(AND(ISNUMBER({c['umsatz']}),ISNUMBER({c['marge']})),"
        f'{c["umsatz"]}*{c["marge"]},""))'
    )
    db = c["db_nach_kosten"]
    retention = (
        f"IF(ISNUMBER({c['wiederkaufrate']}),{c['wiederkaufrate']},"
        f"IF(ISNUMBER({c['abwanderung']}),1-{c['abwanderung']},"
        f"{param['bindungsrate_standard']}))"
    )
    q = f"({retention}/(1+{param['zinssatz']}))"
    years = param["clv_jahre"]
    # Σ_{t=1..T} r^(t−1)/(1+d)^t in closed form: (1 − q^T) / (1 − q) / (1 + d), q = r/(1+d)
    factor = f"IF({q}=1,{years},(1-{q}^{years})/(1-{q}))/(1+{param['zinssatz']})"
    out = {
        "db_nach_kosten": Formula(
            f"=IF(ISNUMBER({gross}),{gross}-N({c['auftraege']})*{param['kosten_je_auftrag']}"
            f'-N({c["besuche"]})*{param["kosten_je_besuch"]}-N({c["servicekosten"]}),"")'
        ),
        "clv": Formula(f'=IF(ISNUMBER({db}),{db}*{factor},"")'),
        "ungenutztes_potenzial": Formula(
            f"=IF(AND(ISNUMBER({c['potenzial']}),ISNUMBER({c['umsatz']})),"
            f'MAX({c["potenzial"]}-{c["umsatz"]},0),"")'
        ),
        "ausschoepfung": Formula(
            f"=IF(AND(ISNUMBER({c['potenzial']}),ISNUMBER({c['umsatz']})),"
            f'IF({c["potenzial"]}>0,{c["umsatz"]}/{c["potenzial"]},""),"")'
        ),
    }
    for f in config.factors:
        if f.column in _ranged(config):
            x = f"{at[f'pool:{f.column}@']}{row}"
        else:
            x = _gated(f.column, raw[f.column], raw["kunden_nr"])
        out[f"n:{f.column}"] = Formula(_normalised(f, x, at))
    minimum = param["mindestabdeckung"]
    for score in ("ist", "potenzial"):
        terms = [
            (c[f"n:{f.column}"], f"{conf}{cfg.weight_cell(i)}")
            for i, f in enumerate(config.factors)
            if f.score == score
        ]
        num = "+".join(f"IF(ISNUMBER({n}),{n}*{w},0)" for n, w in terms) or "0"
        den = "+".join(f"IF(ISNUMBER({n}),{w},0)" for n, w in terms) or "0"
        # the whole model's weight, factors without any data included: the coverage the core
        # compares with the minimum (less 1e-9 as there, so 50 % of the weight is enough at 50 %)
        model = "+".join(w for _, w in terms) or "0"
        covered = f"AND(({den})>0,({den})/({model})>={minimum}-1E-9)"
        # each score on its own (the core's segment needs both, its thresholds each one)
        out[f"{score}_score"] = Formula(f'=IF({covered},({num})/({den}),"")')
    x, y = c["ist_score"], c["potenzial_score"]
    tx, ty = at["schwelle:ist"], at["schwelle:potenzial"]
    label = {k: f"{conf}{cfg.label_cell(k)}" for k in ("top", "stamm", "wachstum", "klein")}
    customer = c["kunden_nr"]
    # a customer lacking a score has no segment, and says why (the core's result book alike);
    # a prepared row without a customer stays empty
    out["segment"] = Formula(
        f'=IF(OR({x}="",{y}=""),IF({customer}="","","{t("seg.zu_wenig", lang)}"),'
        f"IF({x}>={tx},IF({y}>={ty},{label['top']},{label['stamm']}),"
        f"IF({y}>={ty},{label['wachstum']},{label['klein']})))"
    )
    revenue, first, last = c["umsatz"], c["erstauftrag"], c["letzter_auftrag"]
    previous = c["umsatz_vorjahr"]
    day = f"IF(ISNUMBER({param['stichtag']}),{param['stichtag']},TODAY())"
    cut = f"EDATE({day},-12)"
    # the share of revenue above this customer among all customers with revenue ≥ 0, as the
    # core (computed once per row on the helper sheet, see helper_block)
    before = f"{at['abc_share@']}{row}"
    # new (phase 'neu'): first order within 12 months, unless dormant (no order for 12 months)
    new = f"AND(ISNUMBER({first}),N({first})>={cut},NOT(AND(ISNUMBER({last}),N({last})<{cut})))"
    # credits beyond invoices: no history to judge them by (no previous revenue, no first
    # order) leaves the customer unclassified (O), else it is a loss (Z), as in the core
    no_history = f"AND(NOT(ISNUMBER({previous})),NOT(ISNUMBER({first})))"
    out["abc"] = Formula(
        f'=IF({customer}="","",'
        f'IF(NOT(ISNUMBER({revenue})),"O",'
        f'IF(OR({new},AND({revenue}<0,{no_history})),"O",'
        f'IF(OR({revenue}<0,AND(ISNUMBER({db}),N({db})<0)),"Z",'
        f'IF({before}<{param["abc_a"]},"A",IF({before}<{param["abc_b"]},"B","C"))))))'
    )
    return out


def formula_header(config: Config, layout: Layout, lang: Lang = "de") -> list[str]:
    """Headers of the computed columns, in layout order."""
    out = []
    for key in list(layout.column)[len(INPUT_COLUMNS) :]:
        if key.startswith("n:"):
            out.append(f"{t('k.methode', lang)} {column_label(key[2:], lang)}")
        else:
            out.append(column_label(key, lang))
    return out


def configuration_ref(config: Config, lang: Lang = "de") -> tuple[str, ConfigLayout]:
    """The sheet prefix and layout formulas use to reach the Konfiguration sheet."""
    return f"'{t('sheet.konfiguration', lang)}'!", config_layout(config)


#: Number formats of the input columns by kind; ratings keep "General" (3 or 3.5).
_KIND_FORMATS = {"date": DATE, "money": MONEY, "share": PERCENT, "count": INTEGER}
_DERIVED_FORMATS = {
    "db_nach_kosten": MONEY,
    "clv": MONEY,
    "ungenutztes_potenzial": MONEY,
    "ausschoepfung": PERCENT,
}


def column_formats(layout: Layout) -> dict[int, str]:
    """Number format per 0-based table column: dates as dates, amounts in euro, shares in
    percent, normalised factors and scores with one decimal."""
    formats: dict[int, str] = {}
    for j, key in enumerate(layout.column):
        if j < len(INPUT_COLUMNS):
            fmt = _KIND_FORMATS.get(INPUT_COLUMNS[j].kind)
        elif key.startswith("n:") or key.endswith("_score"):
            fmt = SCORE
        else:
            fmt = _DERIVED_FORMATS.get(key)
        if fmt:
            formats[j] = fmt
    return formats


#: Rows of a template's empty customer table that are printed.
PRINTED_BLANK_ROWS = 40


def live_plan(
    rows: list[list[object]],
    config: Config | None = None,
    lang: Lang = "de",
    prepared_rows: int = 0,
    open_all: bool = False,
    others: Others | None = None,
) -> Plan:
    """A workbook whose customer table computes itself: `rows` are the input rows (header
    first, documented column order), followed by blank rows up to `prepared_rows` for new
    customers. Ratings and estimates are open for input (with `open_all` every input column,
    for pasting an ERP export), marked with the input fill; the formulas are protected.
    With `others` (the rest of the portfolio, see `Others`) the table scores against the whole
    portfolio instead of its own rows."""

    config = config or Config()
    data = rows[1:]
    n = max(len(data), prepared_rows)
    layout = table_layout(config, n)
    table = t("sheet.kunden", lang)
    conf, cfg = configuration_ref(config, lang)
    helper, at = helper_rows(config, layout, conf, cfg, table, others)
    computed = list(layout.column)[len(INPUT_COLUMNS) :]
    body: list[list[object]] = []
    for i in range(n):
        given = list(data[i]) if i < len(data) else []
        given += [None] * (len(INPUT_COLUMNS) - len(given))
        formulas = row_formulas(config, layout, layout.first_row + i, at, conf, cfg, lang)
        body.append(given + [formulas[k] for k in computed])
    header = [c.en if lang == "en" else c.de for c in INPUT_COLUMNS]
    header += formula_header(config, layout, lang)
    segment = list(layout.column).index("segment")
    labels = config.segment_labels(lang)
    fills = {labels[k]: SEGMENT_COLOURS[k] for k in labels}
    formats = column_formats(layout)
    open_columns = tuple(i for i, c in enumerate(INPUT_COLUMNS) if open_all or c.team_owned)
    # headers wrap: each column as wide as its content and its header's longest word
    widths, wrap = fit_columns(header, data, number_formats=formats, minimum=11.0)
    # the segment names are formula results, so no sample row shows how wide they get
    widths[col_letter(segment + 1)] = max(len(v) for v in labels.values()) + 3.0
    customers = Sheet(
        table,
        [
            Table(
                "A1",
                header,
                body,
                name=table,
                number_formats=formats,
                value_fills={segment: fills},
                unlocked_columns=open_columns,
                column_fills=dict.fromkeys(open_columns, INPUT_FILL),
                wrap_columns=wrap,
                valign="top" if wrap else None,
            )
        ],
        freeze="C2",
        widths=widths,
        validations=input_rules(lang, n),
        protect=True,
        landscape=True,
        fit_width=pages_wide(widths, widths["A"] + widths["B"]),
        print_title_rows=(1, 1),
        print_title_columns="A:B",
        # the prepared blank rows print as a short form, not as pages of empty cells
        print_area=f"A1:{col_letter(len(header))}{1 + max(len(data), min(n, PRINTED_BLANK_ROWS))}",
        footer=page_footer(config.stichtag, lang),
    )
    helper_sheet = Sheet(
        HELPER_SHEET,
        [
            Table("A1", ["Faktor", "Anzahl / Wert", "Min", "Max"], helper),
            helper_block(config, layout, at, table, others),
        ],
        protect=True,
        hidden=True,  # intermediate values only; the formulas need them, the reader does not
    )
    # the model is read live by every formula: protected (no password) like the formulas
    settings = replace(configuration_sheet(config, lang), protect=True)
    if config.stichtag is None:  # a template has no run and so no reference date to print
        settings.footer = page_footer(None, lang)
    matrix = live_matrix_sheet(config, layout, at, lang)
    return fit_header_rows(Plan([customers, matrix, settings, helper_sheet]))


def live_matrix_sheet(
    config: Config, layout: Layout, at: dict[str, str], lang: Lang = "de"
) -> Sheet:
    """The four-field matrix fed by the live table: one formula block (x, one y column per
    quadrant, the two threshold lines), so the chart follows every edit. #N/A leaves a point
    out of a series in Excel and LibreOffice alike."""
    from kundenwert.method.segments import SEGMENT_ORDER

    table = f"'{t('sheet.kunden', lang)}'!"
    conf, cfg = configuration_ref(config, lang)
    n = layout.last_row - layout.first_row + 1
    data_col = 24  # column X, as in the result workbook's matrix
    block: list[list[object]] = []
    for i in range(n):
        r = layout.first_row + i
        x = f"{table}{layout.cell('ist_score', r)}"
        y = f"{table}{layout.cell('potenzial_score', r)}"
        seg = f"{table}{layout.cell('segment', r)}"
        block.append(
            [Formula(f"=IF(ISNUMBER({x}),{x},NA())")]
            + [Formula(f"=IF({seg}={conf}{cfg.label_cell(k)},{y},NA())") for k in SEGMENT_ORDER]
            + [None, None]
        )
    tx, ty = at["schwelle:ist"], at["schwelle:potenzial"]
    na = Formula("=NA()")

    def point(threshold: str, value: str) -> Formula:
        """A threshold line's point: #N/A (no line at all) while there is no threshold."""
        return Formula(f"=IF(ISNUMBER({threshold}),{value},NA())")

    block += [
        [point(tx, tx), na, na, na, na, point(tx, "0"), na],
        [point(tx, tx), na, na, na, na, point(tx, "100"), na],
        [point(ty, "0"), na, na, na, na, na, point(ty, ty)],
        [point(ty, "100"), na, na, na, na, na, point(ty, ty)],
    ]
    labels = config.segment_labels(lang)
    header = [
        t("ist_score", lang),
        *[labels[k] for k in SEGMENT_ORDER],
        t("matrix.threshold_x", lang),
        t("matrix.threshold_y", lang),
    ]
    helper = Table(f"{col_letter(data_col)}1", header, block)
    chart = matrix_chart(helper, lang)
    # The threshold lines need only their own two points each, not a column of #N/A as long as
    # the table: LibreOffice spends its time per chart point (about a fifth of a 10,000-row
    # recalculation went to the chart), so that saves a third of the points.
    x, last = col_letter(data_col), n + 1
    lines = []
    for j, s in enumerate(chart.series[len(SEGMENT_ORDER) :]):
        c, top = col_letter(data_col + 1 + len(SEGMENT_ORDER) + j), last + 1 + 2 * j
        lines.append(
            replace(s, x_ref=f"${x}${top}:${x}${top + 1}", y_ref=f"${c}${top}:${c}${top + 1}")
        )
    chart = replace(chart, series=chart.series[: len(SEGMENT_ORDER)] + lines)
    return Sheet(
        t("sheet.matrix", lang),
        [chart, helper],
        landscape=True,
        fit_to_page=True,
        print_area="A1:O31",
        widths={col_letter(i): 9.0 for i in range(1, 16)},
        protect=True,
        footer=page_footer(config.stichtag, lang),
    )
