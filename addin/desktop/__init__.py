"""Classic xlwings on the desktop: the ribbon's callbacks land here through RunPython."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import xlwings as xw

from kundenwert.addin import scripts
from kundenwert.language import Lang

SCRIPTS: dict[str, Callable[..., Coroutine[Any, Any, None]]] = {
    "bewerten": scripts.bewerten,
    "matrix": scripts.matrix,
    "wachstumstabelle": scripts.wachstumstabelle,
    "pruefen": scripts.pruefen,
}


def run(name: str, lang: Lang = "de") -> None:
    """Run one script on the calling workbook, writing its sheets in `lang` (the scripts are
    async for xlwings Lite)."""
    asyncio.run(SCRIPTS[name](xw.Book.caller(), sprache=lang))
