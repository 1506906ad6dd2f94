"""The `kundenwert` command: score a customer workbook, write a template, build the demo."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pandas as pd

from kundenwert import __version__
from kundenwert.book.plan import Step
from kundenwert.book.result_book import result_plan, scored_plan
from kundenwert.errors import KundenwertError, MessageError, MissingColumnsError
from kundenwert.language import LANGS, Lang
from kundenwert.method.config import Config
from kundenwert.method.portfolio import ScoreResult, score_portfolio

if TYPE_CHECKING:
    from kundenwert.xlsx.order_lines import OrderInput
    from kundenwert.xlsx.result_reader import Run

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
#: merge: the new master was written, but at least one workbook could not be merged at all
EXIT_NOT_MERGED = 3


class Progress:
    """Step messages on stderr with elapsed time, so long runs show they are alive, and a bar
    for rows done of a total: redrawn in place on a terminal, a line per tenth otherwise."""

    WIDTH = 30

    def __init__(self, quiet: bool = False, lang: Lang = "de") -> None:
        self.quiet, self.start, self.lang = quiet, time.perf_counter(), lang
        self.tty = sys.stderr.isatty()
        self.shown = 0  # tenths already printed of the current bar (no terminal)

    def __call__(self, message: str | Step, done: int = 0, total: int = 0) -> None:
        if self.quiet:
            return
        from kundenwert.book.labels import t

        if isinstance(message, Step):  # a renderer's step, worded here in the run's language
            message = t(message.key, self.lang).format(name=message.name)
        stamp = f"  [{time.perf_counter() - self.start:6.1f} s] {message}"
        if total <= 0:
            print(stamp, file=sys.stderr, flush=True)
            return
        share = min(done / total, 1.0)
        rows = f"{done:,} / {total:,} {t('cli.zeilen', self.lang)}"
        if self.lang == "de":
            rows = rows.replace(",", ".")
        if self.tty:
            full = round(share * self.WIDTH)
            bar = "█" * full + "░" * (self.WIDTH - full)
            end = "\n" if done >= total else ""
            print(f"\r{stamp} {bar} {share:4.0%}  {rows}", end=end, file=sys.stderr, flush=True)
        elif int(share * 10) != self.shown:
            self.shown = int(share * 10)
            print(f"{stamp} {share:4.0%}  {rows}", file=sys.stderr, flush=True)
        if done >= total:
            self.shown = 0


def _load_config(path: str | None) -> Config:
    if not path:
        return Config()
    from kundenwert.xlsx.config_file import read_config

    return read_config(path)


def summary(result: ScoreResult, lang: Lang = "de") -> str:
    """A one-screen summary: customers per segment and per ABC class."""
    from kundenwert.book.labels import effective_weights_lines, t
    from kundenwert.method.segments import SEGMENT_ORDER

    scored, labels = result.scored, result.config.segment_labels(lang)
    seg = scored["segment"].value_counts()
    unsegmented = int(scored["segment"].isna().sum())
    abc = scored["abc"].value_counts()
    cross = pd.crosstab(scored["segment"], scored["abc"]).reindex(
        index=list(SEGMENT_ORDER), columns=["A", "B", "C", "Z", "O"], fill_value=0
    )
    width = max(len(v) for v in labels.values()) + 2
    # columns as wide as the largest count, so a million customers still line up
    n = max(len(str(len(scored))), 5) + 1
    classes = ["A", "B", "C", "Z", "O"]
    lines = [
        f"{t('segment', lang):<{width}}{t('matrix.count', lang):>{n + 3}}"
        + "".join(f"{c:>{n}}" for c in classes)
    ]
    for k in SEGMENT_ORDER:
        row = cross.loc[k]
        lines.append(
            f"{labels[k]:<{width}}{int(seg.get(k, 0)):>{n + 3}}"
            + "".join(f"{int(row[c]):>{n}}" for c in row.index)
        )
    lines.append(
        f"{t('g.gesamt', lang):<{width}}{len(scored):>{n + 3}}"
        + "".join(f"{int(abc.get(c, 0)):>{n}}" for c in classes)
    )
    if unsegmented:
        lines.append(t("cli.ohne_segment", lang).format(n=unsegmented))

    def shown(v: float) -> str:
        return "—" if v != v else f"{v:.1f}"

    lines.append(
        f"{t('matrix.threshold_x', lang)}: {shown(result.t_ist)}   "
        f"{t('matrix.threshold_y', lang)}: {shown(result.t_potenzial)}"
    )
    lines += effective_weights_lines(result.effective_weights, lang)
    return "\n".join(lines)


def parse_date_arg(text: str) -> dt.date:
    """A date from the command line: 31.12.2025 or 2025-12-31."""
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            pass
    from kundenwert.book.labels import t

    raise argparse.ArgumentTypeError(t("cli.datum_erwartet", _ARGV_LANG).format(text=repr(text)))


def xlsx_target(output: str) -> Path:
    """The path a result workbook is written to: refused unless it ends in .xlsx (the bytes
    are an .xlsx workbook; under .csv or .xls neither Excel nor an ERP would read them)."""
    target = Path(output)
    if target.suffix.lower() != ".xlsx":
        raise MessageError("err.ausgabe_endung", path=str(target), suffix=target.suffix or "—")
    return target


def run_config(args: argparse.Namespace) -> Config:
    """The model of this run: --config, then --stichtag and --spalte on top."""
    from kundenwert.book.config_sheet import mapping_entry

    config = _load_config(args.config)
    update: dict[str, object] = {}
    if getattr(args, "stichtag", None):
        update["stichtag"] = args.stichtag
    pairs = [mapping_entry(text, "--spalte") for text in getattr(args, "spalte", None) or []]
    if pairs:
        update["column_map"] = {**config.column_map, **dict(pairs)}
    return config.model_copy(update=update) if update else config


#: The purchase model's warnings as a controller reads them on the console (label keys).
PLAIN_WARNINGS = {
    "w.bgnbd.laeuft_weg": "cli.w.wiederkaeufe",
    "w.bgnbd.nicht_konvergiert": "cli.w.wiederkaeufe",
    "w.bgnbd.unbrauchbar": "cli.w.wiederkaeufe",
    "w.bgnbd.wenige": "cli.w.unsicher",
    "w.gg.laeuft_weg": "cli.w.bestellwert_gleich",
    "w.gg.nicht_konvergiert": "cli.w.bestellwert",
    "w.gg.q_klein": "cli.w.bestellwert",
    "w.gg.wenige": "cli.w.unsicher",
}
#: Excel's lock file of an open workbook is named like it with this in front.
LOCK_PREFIX = "~$"
#: Notes of the reader that the console shows too: the run reads another way than asked.
READING_NOTES = (
    "msg.blatt_gelesen",
    "msg.blatt_weniger",
    "msg.blatt_ausgeblendet",
    "msg.zeilen_ausgeblendet",
)


def cmd_score(args: argparse.Namespace) -> int:
    from kundenwert.book.labels import message, t
    from kundenwert.cells.customer_table import ReadResult
    from kundenwert.xlsx.order_lines import order_input, refuse_repeated_ids
    from kundenwert.xlsx.reader import read_customers
    from kundenwert.xlsx.text_file import TextOptions
    from kundenwert.xlsx.xlsxwriter_renderer import write_plan

    progress = Progress(args.quiet, args.lang)
    source, target = Path(args.input), xlsx_target(args.output)
    if source.resolve() == target.resolve():
        raise MessageError("err.gleiche_datei")
    config = run_config(args)
    progress(t("cli.lese", args.lang).format(path=source))
    text = TextOptions(args.delimiter, args.decimal, args.thousands, args.encoding, args.date_order)
    read: ReadResult | None = None
    missing: KundenwertError | None = None
    try:
        read = read_customers(source, sheet=args.sheet, column_map=config.column_map, text=text)
    except MissingColumnsError as failure:
        missing = failure  # an order-line table has no customer columns: looked for below
    orders = order_input(source, args.auftraege, read, text=text, column_map=config.column_map)
    if orders is not None:
        return _score_orders(args, orders, config, progress, target)
    if read is None:
        assert missing is not None
        raise missing
    refuse_repeated_ids(read)
    day = config.reference_date()
    origin = "msg.stichtag.gesetzt" if config.stichtag else "msg.stichtag.heute"
    print(t("cli.stichtag", args.lang).format(date=day, source=t(origin, args.lang)))
    progress(
        t("cli.kopfzeile", args.lang).format(
            sheet=read.sheet, row=read.header_row, n=len(read.frame)
        )
    )
    for found in read.problems:  # which sheet was read, what else was seen, hidden rows
        if found.message in READING_NOTES:
            print(message(found.message, dict(found.args), args.lang))
    result, plan = scored_plan(read, config, args.lang)
    progress(t("cli.schreibe", args.lang))
    write_plan(plan, target, progress=progress)
    findings = len(
        [p for p in [*read.problems, *result.problems] if p.action not in ("column_mapped",)]
    )
    print(summary(result, args.lang))
    seen = {k: h for h, k, _ in read.mapping if k}
    for score, columns in result.missing_scores.items():
        print(
            message(
                "msg.score_ohne_daten", {"score": score, "factor_cols": columns}, args.lang, seen
            )
        )
    print("\n" + t("cli.ergebnis", args.lang).format(path=target, n=len(result.scored), m=findings))
    return EXIT_OK


def _score_orders(
    args: argparse.Namespace,
    orders: OrderInput,
    config: Config,
    progress: Progress,
    target: Path,
) -> int:
    """`score` from order lines: aggregate, fit the purchase model, score, write."""
    from kundenwert.book.history_sheet import history_sheet
    from kundenwert.book.labels import t
    from kundenwert.method.growth_table import edited_texts, planned_contacts
    from kundenwert.method.purchase_history import history_for_scoring
    from kundenwert.xlsx.xlsxwriter_renderer import write_plan

    lines, customers = orders.lines, orders.customers
    progress(t("cli.auftragszeilen", args.lang).format(sheet=lines.sheet, n=len(lines.lines)))
    history = history_for_scoring(
        lines.lines,
        config,
        customers.frame if customers is not None else None,
        sheet=lines.sheet,
        customer_sheet=customers.sheet if customers is not None else t("sheet.kunden", args.lang),
    )
    config = config.model_copy(update={"stichtag": history.history.reference_date})
    source = history.history.reference_source
    day = history.history.reference_date
    print(
        t("cli.stichtag", args.lang).format(date=day, source=t(f"msg.stichtag.{source}", args.lang))
    )
    # the model's own words stay on the Auftragshistorie sheet; the console says what they
    # mean for the result, each meaning once
    plain = dict.fromkeys(PLAIN_WARNINGS.get(w.key, w.key) for w in history.warnings)
    for key in plain:
        print(f"{t('cli.warnung', args.lang)}: {t(key, args.lang)}")
    texts = edited_texts(customers.growth_cells or [], config) if customers else {}
    contacts = customers.contacts if customers is not None else None
    result = score_portfolio(
        history.frame,
        config,
        sheet=lines.sheet,
        contacts=contacts,
        planned_contacts=planned_contacts(texts),
        reference_source=source,
    )
    progress(t("cli.schreibe", args.lang))
    # the customer table as aggregated and joined, so the result reads back and scores again
    raw = customer_rows(history.frame, args.lang)
    problems = [*lines.problems, *(customers.problems if customers else []), *history.problems]
    mapping = [*lines.mapping, *(customers.mapping if customers else [])]
    plan = result_plan(result, raw, problems, mapping, args.lang, texts or None, contacts)
    at = [s.name for s in plan.sheets].index(t("sheet.bewertung", args.lang)) + 1
    plan.sheets.insert(
        at,
        history_sheet(
            history,
            args.lang,
            config.forecast_months,
            config.clv_years,
            result.config.reference_date(),
        ),
    )
    write_plan(plan, target, progress=progress)
    findings = len([p for p in [*problems, *result.problems] if p.action != "column_mapped"])
    print(summary(result, args.lang))
    print(
        "\n"
        + t("cli.ergebnis_auftraege", args.lang).format(
            path=target, n=len(result.scored), lines=history.history.lines_used, m=findings
        )
    )
    return EXIT_OK


def customer_rows(frame: pd.DataFrame, lang: Lang = "de") -> list[list[object]]:
    """The aggregated customers as a customer table (header + rows) for the Kunden sheet, in
    the input columns' own headers, so the result can be read and scored again."""
    from kundenwert.book.plan import cell_value
    from kundenwert.cells.columns import BY_KEY, header

    keys = [k for k in frame.columns if k in BY_KEY]
    body = frame[keys].astype(object).to_numpy().tolist()
    return [[header(k, lang) for k in keys], *[[cell_value(v) for v in row] for row in body]]


def cmd_orders(args: argparse.Namespace) -> int:
    """`auftraege --sql`: the order-line aggregation as one SQL query, or with --pruefung the
    query listing the lines it leaves out."""
    from kundenwert.book.labels import t
    from kundenwert.method.order_history import TEXT_FIELDS
    from kundenwert.method.order_sql import REASONS, left_out_sql, orders_sql

    if not args.sql:
        raise MessageError("err.auftraege_sql")
    day = args.stichtag or dt.date.today()
    if not args.stichtag:
        print(t("cli.stichtag_heute", args.lang).format(day=day.isoformat()), file=sys.stderr)
    texts = [k for k in TEXT_FIELDS if getattr(args, k)]
    table, numbers, contribution = args.tabelle, not args.ohne_auftrag_nr, args.deckungsbeitrag
    if args.pruefung:
        reasons = {k: t(f"sql.grund.{k}", args.lang) for k in REASONS}
        print(left_out_sql(day, reasons, table, numbers, contribution, texts))
    else:
        print(orders_sql(day, table, numbers, contribution, texts))
        # the query drops incomplete lines by its nature: say where to see them
        print(t("cli.sql_pruefung", args.lang), file=sys.stderr)
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from kundenwert.book.comparison_book import comparison_plan
    from kundenwert.book.labels import t
    from kundenwert.method import comparison as compare
    from kundenwert.method.causes import split_causes, unreproduced
    from kundenwert.method.segments import SEGMENT_ORDER
    from kundenwert.xlsx.result_reader import read_run
    from kundenwert.xlsx.xlsxwriter_renderer import write_plan

    progress = Progress(args.quiet, args.lang)
    xlsx_target(args.output)
    progress(t("cli.lese_zwei", args.lang).format(old=args.old, new=args.new))
    old, new = read_run(args.old), read_run(args.new)
    for warning in run_warnings(old, new, args.lang):
        print(warning, file=sys.stderr)
    c = compare.match_runs(old.scored, new.scored)
    risers, fallers = compare.movers(c)
    progress(t("cli.ursachen", args.lang))
    split = split_causes(
        old.customers.frame,
        _dated(old.config, old.run_date),
        new.customers.frame,
        _dated(new.config, new.run_date),
    )
    left_out = unreproduced(split, old.scored, new.scored)
    if left_out:
        print(
            t("v.ursachen_abweichung", args.lang).format(
                n=len(left_out), ids=", ".join(left_out[:20])
            ),
            file=sys.stderr,
        )
    progress(t("cli.sensitivitaet", args.lang))
    sensitivity = compare.weight_sensitivity(new.customers.frame, new.config)
    plan = comparison_plan(
        compare.migration(c, "segment", SEGMENT_ORDER),
        compare.migration(c, "abc", compare.ABC_ORDER),
        risers,
        fallers,
        sensitivity,
        c.only_old,
        c.only_new,
        new.config,
        args.lang,
        compare.migration(c, "phase", compare.PHASE_ORDER) if "phase_alt" in c.joined else None,
        new.config.reference_date(),
        split,
        c.joined,
        left_out,
    )
    path = write_plan(plan, args.output)
    before, after = c.joined["segment_alt"], c.joined["segment_neu"]
    # a customer without a segment in both runs (too little data) has not moved
    moved = int(((before != after) & ~(before.isna() & after.isna())).sum())
    print(
        t("cli.vergleich", args.lang).format(
            path=path, n=len(c.joined), moved=moved, gone=len(c.only_old), new=len(c.only_new)
        )
    )
    return EXIT_OK


def _dated(config: Config, day: dt.date | None) -> Config:
    """A run's model with the reference date it was scored with, where the result has it."""
    return config.model_copy(update={"stichtag": day}) if day else config


def run_warnings(old: Run, new: Run, lang: Lang = "de") -> list[str]:
    """What makes two runs hard to compare: different reference dates, different models."""
    from kundenwert.book.labels import column_label, t
    from kundenwert.method.comparison import model_differences

    out = []
    if old.run_date != new.run_date:

        def shown(day: dt.date | None) -> str:
            if day is None:
                return t("cli.unbekannt", lang)
            return f"{day:%Y-%m-%d}" if lang == "en" else f"{day:%d.%m.%Y}"

        out.append(
            t("cli.vergleich_stichtag", lang).format(
                old=shown(old.run_date), new=shown(new.run_date)
            )
        )
    changes = model_differences(old.config, new.config)
    if changes:
        from kundenwert.cells.columns import BY_KEY
        from kundenwert.method.config import DERIVED_FACTORS

        def name(key: str) -> str:
            known = key in BY_KEY or key in DERIVED_FACTORS
            return column_label(key, lang) if known else key

        what = "; ".join(f"{name(k)}: {a} → {b}" for k, a, b in changes)
        out.append(t("cli.vergleich_modell", lang).format(what=what))
    return out


def cmd_split(args: argparse.Namespace) -> int:
    from kundenwert.book.labels import t
    from kundenwert.teams.workflow import split

    # without --config the team workbooks get the master's own model
    config = _load_config(args.config) if args.config else None
    existing = {p.name for p in Path(args.output).glob("*.xlsx")} if args.overwrite else set()
    written = split(args.master, args.by, args.output, config, args.lang, args.overwrite)
    for path in written:
        # the team beside its file: a name cleaned for the disk or numbered shows whose it is
        line = f"{path}  ({t('cli.ueberschrieben', args.lang)})" if path.name in existing else path
        print(f"{line}  ({written.teams[path]})")
    replaced = sum(p.name in existing for p in written)
    print(
        t("cli.teammappen", args.lang).format(n=len(written))
        + (t("cli.davon_ueberschrieben", args.lang).format(n=replaced) if replaced else "")
    )
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    from kundenwert.book.labels import t
    from kundenwert.teams.workflow import merge_files, not_merged_line, outcome_text

    xlsx_target(args.output)
    # Excel's lock files (~$Nord.xlsx, there while a workbook is open) match teams/*.xlsx too
    returned = [p for p in args.returned if not Path(p).name.startswith(LOCK_PREFIX)]
    for skipped in sorted(set(args.returned) - set(returned)):
        print(t("cli.sperrdatei_uebersprungen", args.lang).format(path=skipped))
    path, result = merge_files(
        args.master, returned, args.output, None, args.lang, not args.no_rescore
    )
    warning = not_merged_line(result.findings, args.lang)
    if warning:
        print(warning)
    kinds = Counter(outcome_text(f, args.lang).split(":")[0] for f in result.findings)
    print(
        f"{path}  (" + ", ".join(f"{n}× {k}" for k, n in sorted(kinds.items())) + ")"
        if kinds
        else f"{path}  ({t('cli.keine_aenderungen', args.lang)})"
    )
    return EXIT_NOT_MERGED if warning else EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from kundenwert.templates.master import template_plan
    from kundenwert.xlsx.openpyxl_renderer import write_plan

    path = write_plan(template_plan(_load_config(args.config), args.lang), args.output)
    print(path)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from kundenwert.book.labels import t
    from kundenwert.workbook.demo import build_demo

    progress = Progress(args.quiet, args.lang)
    result, path = build_demo(Path(args.output), args.lang, progress, n=args.customers)
    print(summary(result, args.lang))
    print(f"\n{t('cli.demo', args.lang)}: {path.resolve()}")
    return EXIT_OK


def cmd_addin(args: argparse.Namespace) -> int:
    from kundenwert.addin.desktop.xlam import build_addin
    from kundenwert.book.labels import t

    # Excel on this machine starts this Python unless told otherwise; elsewhere it is unknown
    here = sys.executable if sys.platform in ("win32", "darwin") else None
    path = build_addin(args.output, args.interpreter or here, args.lang)
    print(path)
    print(t("cli.addin_installieren", args.lang).format(path=path))
    return EXIT_OK


#: the language of this call, read from argv before parsing, for argparse's own messages
_ARGV_LANG: Lang = "de"

#: argparse's fixed English frame in German (headings, usage prefix, its error messages)
_FRAME_DE = {
    "positional arguments": "Argumente",
    "options": "Optionen",
    "usage: ": "Aufruf: ",
    "the following arguments are required: ": "diese Angaben fehlen: ",
    "unrecognized arguments: ": "unbekannte Angaben: ",
    "expected one argument": "erwartet genau einen Wert",
    "invalid choice: ": "ungültige Auswahl: ",
    "(choose from ": "(möglich: ",
    "argument ": "Angabe ",
    "invalid int value: ": "keine ganze Zahl: ",
    "invalid parse_date_arg value: ": "kein Datum: ",
}


def _frame(text: str) -> str:
    """argparse's fixed English phrases in German (only in a German call)."""
    if _ARGV_LANG == "en":
        return text
    for en, de in _FRAME_DE.items():
        text = text.replace(en, de)
    return text


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the example blocks as written and puts argparse's frame into German."""

    def start_section(self, heading: str | None) -> None:
        super().start_section(_frame(heading) if heading else heading)

    def add_usage(self, usage: str | None, actions, groups, prefix: str | None = None) -> None:  # type: ignore[no-untyped-def]
        # prefix "" is how argparse computes a subcommand's prog: keep it empty
        super().add_usage(usage, actions, groups, _frame("usage: ") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser with the German frame, German -h, and errors in German."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.add_argument("-h", "--help", action="help", help="diese Hilfe zeigen und beenden")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        label = "error" if _ARGV_LANG == "en" else "Fehler"
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {label}: {_frame(message)}\n")


def _examples(*lines: str) -> str:
    return "Beispiele:\n" + "\n".join(f"  {line}" for line in lines)


def _lang_option(p: argparse.ArgumentParser, help_text: str) -> None:
    """The --lang option every command has; `help_text` says what it switches."""
    p.add_argument("--lang", choices=list(LANGS), default="de", help=help_text)


def parser() -> argparse.ArgumentParser:
    """The argument parser (German help texts, an example block per command)."""
    ap = _Parser(
        prog="kundenwert",
        description="Kundenwert-Management für B2B-Vertriebscontrolling: Scores, "
        "Vier-Felder-Matrix, ABC-Klassen und Wachstumstabelle in Excel-Arbeitsmappen.",
        epilog=_examples(
            "kundenwert demo                       Beispielportfolio erzeugen und bewerten",
            "kundenwert score Kunden.xlsx -o Ergebnis.xlsx",
            "kundenwert BEFEHL -h                  Hilfe zu einem Befehl",
        ),
    )
    ap.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help="Versionsnummer zeigen und beenden",
    )
    sub = ap.add_subparsers(dest="command", required=True, title="Befehle", metavar="BEFEHL")

    def common(p: argparse.ArgumentParser) -> None:
        _lang_option(p, "Sprache der Blätter, Beschriftungen und Meldungen (Standard: de)")
        p.add_argument(
            "--config",
            metavar="KONFIG.xlsx",
            help="Arbeitsmappe mit einem Blatt 'Konfiguration' (Modell)",
        )
        p.add_argument("-q", "--quiet", action="store_true", help="keine Fortschrittsmeldungen")

    s = sub.add_parser(
        "score",
        help="Kundentabelle bewerten und Ergebnis-Arbeitsmappe schreiben",
        description="Liest die Kundentabelle (Excel oder CSV), bewertet jeden Kunden und "
        "schreibt eine neue Arbeitsmappe mit Bewertung, Matrix, Wachstumstabelle und "
        "Prüfprotokoll. Die Eingabe wird nie verändert.",
        epilog=_examples(
            "kundenwert score Kunden.xlsx -o Ergebnis.xlsx",
            "kundenwert score Export.csv -o Ergebnis.xlsx --stichtag 31.12.2025",
            'kundenwert score Kunden.xlsx -o Ergebnis.xlsx --spalte "Gebiet=Region"',
            "kundenwert score Auftraege.xlsx -o Ergebnis.xlsx --auftraege Auftragszeilen",
        ),
    )
    s.add_argument(
        "input",
        metavar="KUNDEN.xlsx",
        help="Kundentabelle: .xlsx, .xlsm, .xlsb, .xls, .ods oder .csv/.txt (oder Auftragszeilen)",
    )
    s.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="ERGEBNIS.xlsx",
        help="neue Ergebnis-Arbeitsmappe (nie die Eingabe)",
    )
    s.add_argument("--sheet", metavar="NAME", help="Blatt mit der Kundentabelle")
    s.add_argument(
        "--auftraege",
        metavar="DATEI_ODER_BLATT",
        help="Auftragszeilen (Datum, Kunden-Nr, Betrag je Zeile): eine Datei oder ein Blatt "
        "der Eingabe; ohne Angabe wird ein solches Blatt erkannt",
    )
    s.add_argument(
        "--stichtag",
        type=parse_date_arg,
        metavar="TT.MM.JJJJ",
        help="Stichtag für Phasen und Neukunden (Standard: aus der Konfiguration, bei "
        "Auftragszeilen der Tag nach dem letzten Auftrag, sonst heute)",
    )
    s.add_argument(
        "--spalte",
        action="append",
        metavar='"ÜBERSCHRIFT=SPALTE"',
        help='Spalte der Datei ausdrücklich zuordnen, z. B. --spalte "Verkaufsgebiet=Region" '
        '(mehrfach möglich; "Spalte=" = nicht verwenden); wird in die Konfiguration des '
        "Ergebnisses geschrieben",
    )
    s.add_argument("--delimiter", metavar="ZEICHEN", help="Textdateien: Trennzeichen (; , \\t |)")
    # a metavar, so --help names the characters in words instead of "{,,.}"
    s.add_argument(
        "--decimal",
        choices=[",", "."],
        metavar="ZEICHEN",
        help='Textdateien: Dezimaltrennzeichen, "," (Komma) oder "." (Punkt)',
    )
    s.add_argument(
        "--thousands",
        choices=[".", ",", " ", "'"],
        metavar="ZEICHEN",
        help='Textdateien: Tausendertrennzeichen, "." (Punkt), "," (Komma), " " (Leerzeichen) '
        'oder "\'" (Apostroph)',
    )
    s.add_argument("--encoding", metavar="KODIERUNG", help="Textdateien: z. B. utf-8, cp1252")
    s.add_argument(
        "--date-order", choices=["dmy", "mdy", "ymd"], help="Textdateien: Reihenfolge im Datum"
    )
    common(s)
    s.set_defaults(func=cmd_score)

    o = sub.add_parser(
        "auftraege",
        help="Auftragszeilen je Kunde zusammenfassen: als SQL-Abfrage (--sql)",
        description="Gibt die Zusammenfassung der Auftragszeilen je Kunde als eine SQL-Abfrage "
        "aus, damit die Datenbank sie selbst rechnet. Zeilen ohne Kunden-Nr, Datum oder Betrag "
        "und Zeilen nach dem Stichtag zählt sie nicht mit; welche das sind, zeigt die "
        "Prüfabfrage (--pruefung).",
        epilog=_examples(
            "kundenwert auftraege --sql --stichtag 31.12.2025 > kunden.sql",
            "kundenwert auftraege --sql --tabelle erp.auftragszeilen --deckungsbeitrag",
            "kundenwert auftraege --sql --stichtag 31.12.2025 --name --region --betreuer",
            "kundenwert auftraege --sql --stichtag 31.12.2025 --pruefung > pruefung.sql",
        ),
    )
    o.add_argument("--sql", action="store_true", help="die SQL-Abfrage ausgeben")
    o.add_argument(
        "--stichtag", type=parse_date_arg, metavar="TT.MM.JJJJ", help="Stichtag (Standard: heute)"
    )
    o.add_argument("--tabelle", default="auftragszeilen", help="Tabelle der Auftragszeilen")
    o.add_argument("--ohne-auftrag-nr", action="store_true", help="Tabelle ohne auftrag_nr")
    o.add_argument(
        "--deckungsbeitrag", action="store_true", help="Tabelle mit Spalte deckungsbeitrag"
    )
    for key, what in (("name", "Kundenname"), ("region", "Region"), ("betreuer", "Betreuer")):
        o.add_argument(
            f"--{key}",
            action="store_true",
            help=f"Tabelle mit Spalte {key}: je Kunde der jüngste nicht leere Wert ({what})",
        )
    o.add_argument(
        "--pruefung",
        action="store_true",
        help="statt der Abfrage die Prüfabfrage: jede Zeile, die die Abfrage auslässt, mit "
        "Grund (mit denselben Angaben wie die Abfrage aufrufen). Leer = alle Zeilen gezählt; "
        "sonst die Zeilen in der Datenbank berichtigen oder bewusst hinnehmen",
    )
    _lang_option(o, "Sprache der Meldungen (Standard: de)")
    o.set_defaults(func=cmd_orders)

    t = sub.add_parser(
        "template",
        help="leere Vorlage mit Eingabetabelle und Konfiguration",
        description="Schreibt eine leere Stammmappe: Eingabetabelle mit Prüfregeln, "
        "Konfiguration und live rechnende Ergebnisblätter.",
        epilog=_examples(
            "kundenwert template -o Vorlage.xlsx",
            "kundenwert template -o Template.xlsx --lang en",
        ),
    )
    t.add_argument("-o", "--output", required=True, metavar="VORLAGE.xlsx", help="die neue Vorlage")
    common(t)
    t.set_defaults(func=cmd_template)

    sp = sub.add_parser(
        "split",
        help="Stammmappe in Teammappen je Region oder Betreuer teilen",
        description="Schreibt je Region oder Betreuer eine Teammappe mit den eigenen Kunden; "
        "Scores beziehen sich weiter auf das gesamte Portfolio.",
        epilog=_examples(
            "kundenwert split Stamm.xlsx --by Region -o teams/",
            "kundenwert split Stamm.xlsx --by Betreuer -o teams/ --ueberschreiben",
        ),
    )
    sp.add_argument("master", metavar="STAMM.xlsx", help="die Stammmappe mit allen Kunden")
    sp.add_argument(
        "--by",
        required=True,
        metavar="Region|Betreuer",
        help="wonach aufgeteilt wird: Region oder Betreuer (eine Mappe je Wert)",
    )
    sp.add_argument(
        "--ueberschreiben",
        dest="overwrite",
        action="store_true",
        help="vorhandene Teammappen im Ordner überschreiben (sonst bricht die Aufteilung ab, "
        "damit keine zurückgegebene Arbeit verloren geht)",
    )
    sp.add_argument(
        "-o", "--output", required=True, metavar="ORDNER", help="Ordner für die Teammappen"
    )
    common(sp)
    sp.set_defaults(func=cmd_split)

    mg = sub.add_parser(
        "merge",
        help="zurückgegebene Teammappen in einen neuen Stamm übernehmen",
        description="Übernimmt die Eingaben der Teams in eine neue Stammmappe und berichtet "
        "jede Übernahme, jeden Konflikt und jede Ablehnung im Blatt 'Zusammenführung'. "
        "Stamm und Teammappen bleiben unverändert.",
        epilog=_examples(
            "kundenwert merge Stamm.xlsx teams/*.xlsx -o Stamm_neu.xlsx",
            "kundenwert merge Stamm.xlsx Nord.xlsx Sued.xlsx -o Stamm_neu.xlsx --ohne-bewertung",
        ),
    )
    mg.add_argument("master", metavar="STAMM.xlsx", help="die Stammmappe der Aufteilung")
    mg.add_argument(
        "returned",
        nargs="+",
        metavar="TEAM.xlsx",
        help="eine oder mehrere zurückgegebene Teammappen",
    )
    mg.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="NEUER_STAMM.xlsx",
        help="die neue Stammmappe (weder Stamm noch Teammappe)",
    )
    # no --config: the master keeps its own model, and the new master keeps it too
    mg.add_argument(
        "--ohne-bewertung",
        dest="no_rescore",
        action="store_true",
        help="Ergebnisblätter (Bewertung, Matrix, …) nicht neu berechnen, sondern als veraltet "
        "markieren",
    )
    _lang_option(mg, "Sprache des Berichts (Standard: de)")
    mg.add_argument("-q", "--quiet", action="store_true", help="keine Fortschrittsmeldungen")
    mg.set_defaults(func=cmd_merge)

    c = sub.add_parser(
        "compare",
        help="zwei Bewertungsläufe vergleichen (Migration, Auf- und "
        "Absteiger, Gewichtssensitivität)",
        description="Vergleicht zwei Ergebnisse von 'kundenwert score': Wanderung zwischen "
        "Segmenten und ABC-Klassen, Auf- und Absteiger, Gewichtssensitivität.",
        epilog=_examples("kundenwert compare Q1.xlsx Q2.xlsx -o Vergleich.xlsx"),
    )
    c.add_argument("old", metavar="ALT.xlsx", help="älteres Ergebnis von 'kundenwert score'")
    c.add_argument("new", metavar="NEU.xlsx", help="neueres Ergebnis von 'kundenwert score'")
    c.add_argument(
        "-o", "--output", required=True, metavar="VERGLEICH.xlsx", help="die Vergleichsmappe"
    )
    _lang_option(c, "Sprache der Blätter (Standard: de)")
    c.add_argument("-q", "--quiet", action="store_true", help="keine Fortschrittsmeldungen")
    c.set_defaults(func=cmd_compare)

    a = sub.add_parser(
        "addin",
        help="Desktop-Add-in mit dem Menüband 'Kundenwert' bauen (klassisches xlwings)",
        description="Baut Kundenwert.xlam für Excel unter Windows und macOS: ein Menüband, "
        "dessen Knöpfe die Skripte dieses Pakets starten.",
        epilog=_examples(
            "kundenwert addin",
            "kundenwert addin -o Kundenwert.xlam --interpreter C:\\Python312\\python.exe",
        ),
    )
    a.add_argument(
        "-o",
        "--output",
        default="Kundenwert.xlam",
        metavar="Kundenwert.xlam",
        help="das Add-in (Standard: Kundenwert.xlam)",
    )
    a.add_argument(
        "--interpreter",
        metavar="PYTHON",
        help="Python, das Excel für die Knöpfe startet (Standard unter Windows und macOS: "
        "dieses Python; sonst der Eintrag der Benutzerkonfiguration bzw. 'python')",
    )
    _lang_option(
        a, "Sprache des Menübands und der Blätter, die seine Knöpfe schreiben (Standard: de)"
    )
    a.set_defaults(func=cmd_addin)

    d = sub.add_parser(
        "demo",
        help="Beispielportfolio erzeugen und bewerten",
        description="Erzeugt eine Beispiel-Kundenliste (neben der Ausgabe) und bewertet sie.",
        epilog=_examples(
            "kundenwert demo",
            "kundenwert demo -o Portfolio.xlsx --customers 2000 --lang en",
        ),
    )
    d.add_argument(
        "-o",
        "--output",
        default="workbook/Kundenportfolio.xlsx",
        help="Ergebnis-Arbeitsmappe (Standard: workbook/Kundenportfolio.xlsx)",
    )
    d.add_argument("--customers", type=int, default=500, help="Anzahl Beispielkunden")
    common(d)
    d.set_defaults(func=cmd_demo)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (0 ok, 2 bad input, 1 other failure)."""
    from kundenwert.book.labels import error_text, t

    global _ARGV_LANG
    words = list(sys.argv[1:] if argv is None else argv)
    asked = [w.split("=", 1)[1] for w in words if w.startswith("--lang=")]
    asked += [b for a, b in zip(words, words[1:], strict=False) if a == "--lang"]
    _ARGV_LANG = "en" if asked and asked[-1] == "en" else "de"
    args = parser().parse_args(words)
    lang: Lang = "en" if getattr(args, "lang", "de") == "en" else "de"
    try:
        code: int = args.func(args)
        return code
    except KundenwertError as e:
        print(f"{t('cli.fehler', lang)}: {error_text(e, lang)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as e:
        print(f"{t('cli.fehler', lang)}: {e.strerror or e} ({e.filename})", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(t("cli.abgebrochen", lang), file=sys.stderr)
        return 130
    except Exception as e:  # the last net: a failure is reported in words, never as a traceback
        if os.environ.get("KUNDENWERT_DEBUG"):
            raise
        text = t("cli.unerwartet", lang).format(error=f"{type(e).__name__}: {e}")
        print(f"{t('cli.fehler', lang)}: {text}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
