"""The demo: a sample portfolio written as an input workbook, then scored like any other file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kundenwert.book.labels import t
from kundenwert.book.result_book import scored_plan
from kundenwert.language import Lang
from kundenwert.method.config import Config
from kundenwert.method.portfolio import ScoreResult
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
    """Write the input workbook (`Kundenliste_Beispiel.xlsx`, in English
    `Customer_list_example.xlsx`) beside `output`, score it, write the result to `output`."""
    say = progress or (lambda _m: None)
    say(t("demo.erzeuge", lang).format(n=n))
    frame = generate_portfolio(n)
    source = output.with_name(t("demo.datei", lang))
    write_rows(
        {
            t("sheet.kunden", lang): to_input_rows(frame, lang),
            t("sheet.kontakte", lang): to_contact_rows(generate_contacts(frame), lang),
        },
        source,
    )
    say(t("demo.eingabe", lang).format(path=source))
    read = read_customers(source)
    result, plan = scored_plan(read, Config(stichtag=STICHTAG), lang)
    say(t("demo.schreibe", lang))
    write_plan(plan, output)
    return result, output
