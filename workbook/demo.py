"""The demo: a sample portfolio written as an input workbook, then scored like any other file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kundenwert.book.result_book import result_plan
from kundenwert.language import Lang
from kundenwert.method.config import Config
from kundenwert.method.portfolio import ScoreResult, score_portfolio
from kundenwert.workbook.sample import (
    STICHTAG,
    generate_contacts,
    generate_portfolio,
    to_contact_rows,
    to_input_rows,
)
from kundenwert.xlsx.openpyxl_renderer import write_rows
from kundenwert.xlsx.reader import read_customers
from kundenwert.xlsx.xlsxwriter_renderer import write_plan


def build_demo(
    output: Path, lang: Lang = "de", progress: Callable[[str], None] | None = None, n: int = 500
) -> tuple[ScoreResult, Path]:
    """Write `Kundenliste_Beispiel.xlsx` beside `output`, score it, write the result to `output`."""
    say = progress or (lambda _m: None)
    say(f"erzeuge {n} Beispielkunden")
    frame = generate_portfolio(n)
    source = output.with_name("Kundenliste_Beispiel.xlsx")
    write_rows(
        {
            "Kunden" if lang != "en" else "Customers": to_input_rows(frame, lang),
            "Kontakte" if lang != "en" else "Contacts": to_contact_rows(
                generate_contacts(frame), lang
            ),
        },
        source,
    )
    say(f"Eingabedatei {source}")
    read = read_customers(source)
    result = score_portfolio(
        read.frame, Config(stichtag=STICHTAG), sheet=read.sheet, contacts=read.contacts
    )
    say("schreibe Ergebnis")
    write_plan(
        result_plan(result, read.raw, read.problems, read.mapping, lang, contacts=read.contacts),
        output,
    )
    return result, output
