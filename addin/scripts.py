"""The buttons: @script functions on the open workbook (xlwings Lite, classic xlwings, Server).

Each reads cells through the xlwings Book API, calls addin.actions and renders the planned
sheets with addin.render_xlwings. Options are typed arguments with defaults, so xlwings Lite's
App Mode shows them as form fields. Under Lite, shapes on the `Start` sheet whose hyperlinks
point to the cells named in `button=` run the scripts with one click.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, Literal, ParamSpec

import xlwings as xw
from xlwings import XlwingsError, script

from kundenwert.addin import actions
from kundenwert.addin.render_xlwings import render_sheet, style_series
from kundenwert.book.labels import Lang, error_text, t
from kundenwert.errors import KundenwertError

ThresholdChoice = Literal["median", "mittelwert"]
P = ParamSpec("P")


def _excel_message(
    name: str,
) -> Callable[[Callable[P, Coroutine[Any, Any, None]]], Callable[P, Coroutine[Any, Any, None]]]:
    """The core's errors reach Excel as an XlwingsError (Excel shows its message), as the
    worksheet functions do, in the script's language (its `sprache` argument); anything else
    is xlwings' to report. `name` is the button's label key."""

    def wrap(f: Callable[P, Coroutine[Any, Any, None]]) -> Callable[P, Coroutine[Any, Any, None]]:
        @functools.wraps(f)
        async def inner(*args: P.args, **kwargs: P.kwargs) -> None:
            try:
                await f(*args, **kwargs)
            except KundenwertError as e:
                lang: Lang = "en" if kwargs.get("sprache") == "en" else "de"
                raise XlwingsError(f"{t(name, lang)}: {error_text(e, lang)}") from None

        return inner

    return wrap


MARK_COLOUR = (255, 205, 210)


def _cells(book: xw.Book) -> dict[str, list[list[object]]]:
    """Every sheet's cells from A1 to its last used cell (empty cells as None)."""
    out: dict[str, list[list[object]]] = {}
    for sheet in book.sheets:
        last = sheet.used_range.last_cell
        values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
        out[sheet.name] = values if isinstance(values, list) else [[values]]
    return out


def _status(message: str) -> None:
    # Lite shows printed lines in its output pane; the desktop in the console.
    print(message)


@script(button="[btn_bewerten]Start!B4", show_taskpane=True)
@_excel_message("button.bewerten")
async def bewerten(
    book: xw.Book, schwelle: ThresholdChoice = "median", sprache: Lang = "de", blatt: str = ""
) -> None:
    """Kunden bewerten: liest die Kundentabelle und das Blatt Konfiguration (legt es mit dem
    Standardmodell an, wenn es fehlt) und schreibt die Blätter Bewertung und Prüfprotokoll neu."""
    _status(t("script.lese", sprache))
    run = actions.run_scoring(_cells(book), blatt, schwelle)
    for sheet in actions.scoring_sheets(run, sprache):
        render_sheet(book, sheet, _status, sprache)
    _status(t("script.bewertet", sprache).format(n=len(run.result.scored)))


@script(button="[btn_matrix]Start!B6", show_taskpane=True)
@_excel_message("button.matrix")
async def matrix(
    book: xw.Book, schwelle: ThresholdChoice = "median", sprache: Lang = "de", blatt: str = ""
) -> None:
    """Vier-Felder-Matrix zeichnen: Streudiagramm Ist-Score × Potenzial-Score, ein Farbton je
    Quadrant, mit beiden Schwellenlinien und der Anzahl Kunden je Segment."""
    cells = _cells(book)
    if actions.has_live_matrix(cells):
        _status(t("script.live_matrix", sprache))
        return
    run = actions.run_scoring(cells, blatt, schwelle)
    for chart, spec in render_sheet(book, actions.matrix_for(run, sprache), _status, sprache):
        # Lite reads series asynchronously; on Server series cannot be styled (theme colours).
        try:
            series = await chart.get_series()
        except Exception:  # noqa: BLE001 — desktop and Server have no get_series
            series = chart.series
        style_series(series, spec)


@script(button="[btn_wachstum]Start!B8", show_taskpane=True)
@_excel_message("button.wachstum")
async def wachstumstabelle(
    book: xw.Book, schwelle: ThresholdChoice = "median", sprache: Lang = "de", blatt: str = ""
) -> None:
    """Wachstumstabelle erstellen oder aktualisieren: Kennzahlen je Segment neu berechnen,
    von Ihnen geänderte Texte (Ziele, Maßnahmen, Kontakte, …) bleiben erhalten."""
    cells = _cells(book)
    run = actions.run_scoring(cells, blatt, schwelle)
    render_sheet(
        book,
        actions.growth_table_sheet(run, cells.get(t("sheet.wachstum", sprache)), sprache),
        _status,
        sprache,
    )


@script(button="[btn_pruefen]Start!B10", show_taskpane=True)
@_excel_message("button.pruefen")
async def pruefen(book: xw.Book, sprache: Lang = "de", blatt: str = "") -> None:
    """Kundentabelle prüfen, ohne zu bewerten: fehlerhafte Zellen werden hellrot markiert und
    im Prüfprotokoll mit Zeile, Spalte, Wert und Erwartung aufgeführt."""
    read = actions.find_customer_table(_cells(book), blatt)
    sheet, marks = actions.check_sheet(read, sprache)
    table = book.sheets[read.sheet]
    for row, column in marks:
        table.range((row, column)).color = MARK_COLOUR
    render_sheet(book, sheet, _status, sprache)
    _status(t("script.markiert", sprache).format(n=len(marks)))


@script(show_taskpane=True)
@_excel_message("button.vergleichen")
async def vergleichen(
    book: xw.Book,
    alt: str = "Kunden alt",
    alt_konfiguration: str = "",
    sprache: Lang = "de",
    blatt: str = "",
) -> None:
    """Zwei Läufe vergleichen: kopieren Sie das Blatt Kunden (und Konfiguration) des früheren
    Ergebnisses in diese Mappe, als 'Kunden alt' (und z. B. 'Konfiguration alt'). Schreibt
    Migration, Auf- und Absteiger und Ursachen: warum jeder Kunde Segment, ABC-Klasse oder
    Phase gewechselt hat (eigene Zahlen, andere Kunden, Modell)."""
    _status(t("script.lese", sprache))
    for sheet in actions.comparison_sheets(_cells(book), alt, alt_konfiguration, sprache, blatt):
        render_sheet(book, sheet, _status, sprache)
