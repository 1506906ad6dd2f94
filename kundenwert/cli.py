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
from typing import TYPE_CHECKING

import pandas as pd

from kundenwert import __version__
from kundenwert.book.result_book import result_plan
from kundenwert.errors import KundenwertError, MissingColumnsError
from kundenwert.language import Lang
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

    def __init__(self, quiet: bool = False) -> None:
        self.quiet, self.start = quiet, time.perf_counter()
        self.tty = sys.stderr.isatty()
        self.shown = 0  # tenths already printed of the current bar (no terminal)

    def __call__(self, message: str, done: int = 0, total: int = 0) -> None:
        if self.quiet:
            return
        stamp = f"  [{time.perf_counter() - self.start:6.1f} s] {message}"
        if total <= 0:
            print(stamp, file=sys.stderr, flush=True)
            return
        share = min(done / total, 1.0)
        rows = f"{done:,} / {total:,} Zeilen".replace(",", ".")
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
    from kundenwert.book.labels import t
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
    return "\n".join(lines)


def parse_date_arg(text: str) -> dt.date:
    """A date from the command line: 31.12.2025 or 2025-12-31."""
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"Datum erwartet (TT.MM.JJJJ), gefunden {text!r}")


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


def cmd_score(args: argparse.Namespace) -> int:
    from kundenwert.cells.customer_table import ReadResult
    from kundenwert.method.growth_table import edited_texts, planned_contacts
    from kundenwert.xlsx.order_lines import order_input, refuse_repeated_ids
    from kundenwert.xlsx.reader import read_customers
    from kundenwert.xlsx.xlsxwriter_renderer import write_plan

    progress = Progress(args.quiet)
    source, target = Path(args.input), Path(args.output)
    if source.resolve() == target.resolve():
        raise KundenwertError(
            "Eingabe und Ausgabe sind dieselbe Datei; die Eingabe wird nie "
            "überschrieben. Bitte eine andere Ausgabedatei angeben (-o)."
        )
    from kundenwert.book.labels import message, t
    from kundenwert.xlsx.text_file import TextOptions

    config = run_config(args)
    progress(f"lese {source}")
    text = TextOptions(args.delimiter, args.decimal, args.thousands, args.encoding, args.date_order)
    read: ReadResult | None = None
    missing: KundenwertError | None = None
    try:
        read = read_customers(source, sheet=args.sheet, column_map=config.column_map, text=text)
    except MissingColumnsError as failure:
        missing = failure  # an order-line table has no customer columns: looked for below
    orders = order_input(source, args.auftraege, read, text=text)
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
        f"Blatt '{read.sheet}', Kopfzeile in Zeile {read.header_row}: {len(read.frame)} Kunden"
    )
    texts = edited_texts(read.growth_cells or [], config)
    result = score_portfolio(
        read.frame,
        config,
        sheet=read.sheet,
        contacts=read.contacts,
        planned_contacts=planned_contacts(texts),
    )
    progress("bewertet; schreibe Arbeitsmappe")
    # texts edited in an earlier result's growth table are kept
    plan = result_plan(
        result, read.raw, read.problems, read.mapping, args.lang, texts or None, read.contacts
    )
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
    print(
        f"\n{target}  ({len(result.scored)} Kunden bewertet, {findings} Hinweise im Prüfprotokoll)"
    )
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
    progress(f"Blatt '{lines.sheet}': {len(lines.lines)} Auftragszeilen")
    history = history_for_scoring(
        lines.lines,
        config,
        customers.frame if customers is not None else None,
        sheet=lines.sheet,
        customer_sheet=customers.sheet if customers is not None else "Kunden",
    )
    config = config.model_copy(update={"stichtag": history.history.reference_date})
    origin = (
        "msg.stichtag.gesetzt" if history.history.reference_date_given else "msg.stichtag.auftraege"
    )
    day = history.history.reference_date
    print(t("cli.stichtag", args.lang).format(date=day, source=t(origin, args.lang)))
    for warning in history.warnings:
        print(f"Warnung: {warning}")
    texts = edited_texts(customers.growth_cells or [], config) if customers else {}
    contacts = customers.contacts if customers is not None else None
    result = score_portfolio(
        history.frame,
        config,
        sheet=lines.sheet,
        contacts=contacts,
        planned_contacts=planned_contacts(texts),
    )
    progress("bewertet; schreibe Arbeitsmappe")
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
        f"\n{target}  ({len(result.scored)} Kunden aus {history.history.lines_used} "
        f"Auftragszeilen bewertet, {findings} Hinweise im Prüfprotokoll)"
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
    """`auftraege --sql`: the order-line aggregation as one SQL query."""
    from kundenwert.method.order_sql import orders_sql

    if not args.sql:
        raise KundenwertError("auftraege: bitte --sql angeben (gibt die SQL-Abfrage aus)")
    day = args.stichtag or dt.date.today()
    if not args.stichtag:
        print(f"Stichtag: heute ({day.isoformat()}); anders mit --stichtag", file=sys.stderr)
    print(
        orders_sql(
            day,
            table=args.tabelle,
            order_number=not args.ohne_auftrag_nr,
            contribution=args.deckungsbeitrag,
        )
    )
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from kundenwert.book.comparison_book import comparison_plan
    from kundenwert.method import comparison as compare
    from kundenwert.method.segments import SEGMENT_ORDER
    from kundenwert.xlsx.result_reader import read_run
    from kundenwert.xlsx.xlsxwriter_renderer import write_plan

    progress = Progress(args.quiet)
    progress(f"lese {args.old} und {args.new}")
    old, new = read_run(args.old), read_run(args.new)
    for warning in run_warnings(old, new, args.lang):
        print(warning, file=sys.stderr)
    c = compare.match_runs(old.scored, new.scored)
    risers, fallers = compare.movers(c)
    progress("Gewichtssensitivität: bewerte je Faktor zweimal neu")
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
    )
    path = write_plan(plan, args.output)
    before, after = c.joined["segment_alt"], c.joined["segment_neu"]
    # a customer without a segment in both runs (too little data) has not moved
    moved = int(((before != after) & ~(before.isna() & after.isna())).sum())
    print(
        f"{path}  ({len(c.joined)} Kunden in beiden Läufen, {moved} mit neuem Segment, "
        f"{len(c.only_old)} weggefallen, {len(c.only_new)} neu)"
    )
    return EXIT_OK


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
    from kundenwert.teams.workflow import split

    # without --config the team workbooks get the master's own model
    config = _load_config(args.config) if args.config else None
    existing = {p.name for p in Path(args.output).glob("*.xlsx")} if args.overwrite else set()
    written = split(args.master, args.by, args.output, config, args.lang, args.overwrite)
    for path in written:
        print(f"{path}  (überschrieben)" if path.name in existing else path)
    replaced = sum(p.name in existing for p in written)
    print(
        f"{len(written)} Teammappen geschrieben"
        + (f", davon {replaced} überschrieben" if replaced else "")
    )
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    from kundenwert.teams.workflow import merge_files, not_merged_line

    path, result = merge_files(
        args.master, args.returned, args.output, None, args.lang, not args.no_rescore
    )
    warning = not_merged_line(result.findings, args.lang)
    if warning:
        print(warning)
    kinds = Counter(f.what.split(":")[0] for f in result.findings)
    print(
        f"{path}  (" + ", ".join(f"{n}× {k}" for k, n in sorted(kinds.items())) + ")"
        if kinds
        else f"{path}  (keine Änderungen)"
    )
    return EXIT_NOT_MERGED if warning else EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from kundenwert.templates.master import template_plan
    from kundenwert.xlsx.openpyxl_renderer import write_plan

    path = write_plan(template_plan(_load_config(args.config), args.lang), args.output)
    print(path)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from kundenwert.workbook.demo import build_demo

    progress = Progress(args.quiet)
    result, path = build_demo(Path(args.output), args.lang, progress, n=args.customers)
    print(summary(result, args.lang))
    print(f"\nDemo-Arbeitsmappe: {path.resolve()}")
    return EXIT_OK


def cmd_addin(args: argparse.Namespace) -> int:
    from kundenwert.addin.desktop.xlam import build_addin

    # Excel on this machine starts this Python unless told otherwise; elsewhere it is unknown
    here = sys.executable if sys.platform in ("win32", "darwin") else None
    path = build_addin(args.output, args.interpreter or here, args.lang)
    print(path)
    print(
        "Installieren: Excel schließen, dann 'xlwings addin install -f "
        f"{path}' (oder die Datei in den XLSTART-Ordner kopieren); danach zeigt Excel "
        "das Menüband 'Kundenwert'."
    )
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    """The argument parser (German help texts)."""
    ap = argparse.ArgumentParser(
        prog="kundenwert",
        description="Kundenwert-Management für B2B-Vertriebscontrolling: Scores, "
        "Vier-Felder-Matrix, ABC-Klassen und Wachstumstabelle in Excel-Arbeitsmappen.",
    )
    ap.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--lang",
            choices=["de", "en"],
            default="de",
            help="Sprache der Blätter und Beschriftungen (Standard: de)",
        )
        p.add_argument(
            "--config",
            metavar="KONFIG.xlsx",
            help="Arbeitsmappe mit einem Blatt 'Konfiguration' (Modell)",
        )
        p.add_argument("-q", "--quiet", action="store_true", help="keine Fortschrittsmeldungen")

    s = sub.add_parser("score", help="Kundentabelle bewerten und Ergebnis-Arbeitsmappe schreiben")
    s.add_argument("input", metavar="KUNDEN.xlsx")
    s.add_argument("-o", "--output", required=True, metavar="ERGEBNIS.xlsx")
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
    s.add_argument("--decimal", choices=[",", "."], help="Textdateien: Dezimaltrennzeichen")
    s.add_argument(
        "--thousands", choices=[".", ",", " ", "'"], help="Textdateien: Tausendertrennzeichen"
    )
    s.add_argument("--encoding", metavar="KODIERUNG", help="Textdateien: z. B. utf-8, cp1252")
    s.add_argument(
        "--date-order", choices=["dmy", "mdy", "ymd"], help="Textdateien: Reihenfolge im Datum"
    )
    common(s)
    s.set_defaults(func=cmd_score)

    o = sub.add_parser(
        "auftraege", help="Auftragszeilen je Kunde zusammenfassen: als SQL-Abfrage (--sql)"
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
    o.set_defaults(func=cmd_orders)

    t = sub.add_parser("template", help="leere Vorlage mit Eingabetabelle und Konfiguration")
    t.add_argument("-o", "--output", required=True, metavar="VORLAGE.xlsx")
    common(t)
    t.set_defaults(func=cmd_template)

    sp = sub.add_parser("split", help="Stammmappe in Teammappen je Region oder Betreuer teilen")
    sp.add_argument("master", metavar="STAMM.xlsx")
    sp.add_argument("--by", required=True, metavar="Region|Betreuer")
    sp.add_argument(
        "--ueberschreiben",
        dest="overwrite",
        action="store_true",
        help="vorhandene Teammappen im Ordner überschreiben (sonst bricht die Aufteilung ab, "
        "damit keine zurückgegebene Arbeit verloren geht)",
    )
    sp.add_argument("-o", "--output", required=True, metavar="ORDNER")
    common(sp)
    sp.set_defaults(func=cmd_split)

    mg = sub.add_parser("merge", help="zurückgegebene Teammappen in einen neuen Stamm übernehmen")
    mg.add_argument("master", metavar="STAMM.xlsx")
    mg.add_argument("returned", nargs="+", metavar="TEAM.xlsx")
    mg.add_argument("-o", "--output", required=True, metavar="NEUER_STAMM.xlsx")
    # no --config: the master keeps its own model, and the new master keeps it too
    mg.add_argument(
        "--ohne-bewertung",
        dest="no_rescore",
        action="store_true",
        help="Ergebnisblätter (Bewertung, Matrix, …) nicht neu berechnen, sondern als veraltet "
        "markieren",
    )
    mg.add_argument("--lang", choices=["de", "en"], default="de")
    mg.add_argument("-q", "--quiet", action="store_true")
    mg.set_defaults(func=cmd_merge)

    c = sub.add_parser(
        "compare",
        help="zwei Bewertungsläufe vergleichen (Migration, Auf- und "
        "Absteiger, Gewichtssensitivität)",
    )
    c.add_argument("old", metavar="ALT.xlsx", help="älteres Ergebnis von 'kundenwert score'")
    c.add_argument("new", metavar="NEU.xlsx", help="neueres Ergebnis von 'kundenwert score'")
    c.add_argument("-o", "--output", required=True, metavar="VERGLEICH.xlsx")
    c.add_argument("--lang", choices=["de", "en"], default="de")
    c.add_argument("-q", "--quiet", action="store_true")
    c.set_defaults(func=cmd_compare)

    a = sub.add_parser(
        "addin", help="Desktop-Add-in mit dem Menüband 'Kundenwert' bauen (klassisches xlwings)"
    )
    a.add_argument("-o", "--output", default="Kundenwert.xlam", metavar="Kundenwert.xlam")
    a.add_argument(
        "--interpreter",
        metavar="PYTHON",
        help="Python, das Excel für die Knöpfe startet (Standard unter Windows und macOS: "
        "dieses Python; sonst der Eintrag der Benutzerkonfiguration bzw. 'python')",
    )
    a.add_argument(
        "--lang",
        choices=["de", "en"],
        default="de",
        help="Sprache des Menübands und der Blätter, die seine Knöpfe schreiben (Standard: de)",
    )
    a.set_defaults(func=cmd_addin)

    d = sub.add_parser("demo", help="Beispielportfolio erzeugen und bewerten")
    d.add_argument("-o", "--output", default="workbook/Kundenportfolio.xlsx")
    d.add_argument("--customers", type=int, default=500, help="Anzahl Beispielkunden")
    common(d)
    d.set_defaults(func=cmd_demo)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (0 ok, 2 bad input, 1 other failure)."""
    from kundenwert.book.labels import error_text, t

    args = parser().parse_args(argv)
    lang: Lang = "en" if getattr(args, "lang", "de") == "en" else "de"
    try:
        code: int = args.func(args)
        return code
    except MissingColumnsError as e:
        print(f"{t('cli.fehler', lang)}: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KundenwertError as e:
        print(f"{t('cli.fehler', lang)}: {error_text(e, lang)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as e:
        print(f"Fehler: {e.strerror or e} ({e.filename})", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("abgebrochen; es wurde keine unvollständige Datei geschrieben", file=sys.stderr)
        return 130
    except Exception as e:  # the last net: a failure is reported in words, never as a traceback
        if os.environ.get("KUNDENWERT_DEBUG"):
            raise
        print(
            f"Fehler: unerwarteter Fehler ({type(e).__name__}: {e}). Keine Datei wurde "
            "verändert. Mit KUNDENWERT_DEBUG=1 zeigt der Aufruf die Einzelheiten.",
            file=sys.stderr,
        )
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
