"""The method as row formulas: each factor normalised, both scores with their minimum coverage,
the segment and the ABC class of one customer row."""

from __future__ import annotations

from kundenwert.book.config_sheet import ConfigLayout
from kundenwert.book.labels import column_label, t
from kundenwert.book.plan import Formula
from kundenwert.cells.columns import INPUT_COLUMNS
from kundenwert.language import Lang
from kundenwert.method.config import Config, Factor
from kundenwert.templates.live_layout import (
    DERIVED_INPUTS,
    INLINE_INPUTS,
    Layout,
    gated,
    ranged_factors,
    read_keys,
    read_value,
)


def normalised(f: Factor, x: str, at: dict[str, str]) -> str:
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
    c |= {k: f"{at[f'read:{k}@']}{row}" for k in read_keys(config)}
    c |= {k: f"{at[f'pool:{k}@']}{row}" for k in DERIVED_INPUTS if k in ranged_factors(config)}
    c |= {k: f"({read_value(k, raw[k])})" for k in INLINE_INPUTS if k not in ranged_factors(config)}
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
            "o_zu_c_nach",
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
        if f.column in ranged_factors(config):
            x = f"{at[f'pool:{f.column}@']}{row}"
        else:
            x = gated(f.column, raw[f.column], raw["kunden_nr"])
        out[f"n:{f.column}"] = Formula(normalised(f, x, at))
    minimum = param["mindestabdeckung"]
    for score in ("ist", "potenzial"):
        terms = [
            (c[f"n:{f.column}"], f"{conf}{cfg.weight_cell(i)}", at[f"present:{i}"])
            for i, f in enumerate(config.factors)
            if f.score == score
        ]
        num = "+".join(f"IF(ISNUMBER({n}),{n}*{w},0)" for n, w, _ in terms) or "0"
        den = "+".join(f"IF(ISNUMBER({n}),{w},0)" for n, w, _ in terms) or "0"
        # the run's effective weight: the factors at least one customer of the portfolio has
        # (a factor nobody has is not part of this run's model); the customer's coverage is its
        # share of it, compared with the minimum less 1e-9 as in the core (50 % is enough at
        # 50 %). Nested IFs: the division is never evaluated while the customer has nothing.
        model = "+".join(f"{w}*{p}" for _, w, p in terms) or "0"
        covered = f"({den})/({model})>={minimum}-1E-9"
        # each score on its own (the core's segment needs both, its thresholds each one)
        out[f"{score}_score"] = Formula(f'=IF(({den})>0,IF({covered},({num})/({den}),""),"")')
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
    # not yet classified (O), unless development was tried often enough without success: C
    # (the unsuccessful contacts known when the workbook was made, see contacts_table)
    unclassified = '"O"'
    if "contacts:id" in at:
        failed = f"IFERROR(INDEX({at['contacts:n']},MATCH({customer},{at['contacts:id']},0)),0)"
        unclassified = f'IF({failed}>={param["o_zu_c_nach"]},"C","O")'
    out["abc"] = Formula(
        f'=IF({customer}="","",'
        f"IF(NOT(ISNUMBER({revenue})),{unclassified},"
        f"IF(OR({new},AND({revenue}<0,{no_history})),{unclassified},"
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
