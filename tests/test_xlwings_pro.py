"""The real Office.js protocol of xlwings (Lite/Server), opt-in.

Runs only with the user's own XLWINGS_LICENSE_KEY (trial or paid). This project never uses a
key of its own, and never the free non-commercial one: the tool is meant for companies.
"""

from __future__ import annotations

import asyncio
import os

import pytest

KEY = os.environ.get("XLWINGS_LICENSE_KEY", "")
pytestmark = [
    pytest.mark.xlwings_pro,
    pytest.mark.skipif(
        not KEY or KEY.strip().lower().startswith("non"),
        reason="set your own XLWINGS_LICENSE_KEY to run the xlwings PRO protocol",
    ),
]


def test_functions_are_announced_with_their_help() -> None:
    from xlwings.server import custom_functions_meta

    from kundenwert.udfs import functions

    meta = custom_functions_meta(functions)
    names = {f["name"] for f in meta["functions"]}
    assert {"SCORE", "PORTFOLIO", "AHP", "EXPLAIN"} <= names
    score = next(f for f in meta["functions"] if f["name"] == "SCORE")
    assert score["description"] and score["parameters"][0]["description"]


def test_a_function_call_through_the_protocol() -> None:
    from xlwings.server import custom_functions_call

    from kundenwert.udfs import functions

    data = {
        "func_name": "score",
        "args": [[[1, 2], [3, 4], [5, ""]], [[50, 50]]],
        "caller_address": "Tabelle1!A1",
        "formula_name": "KW.SCORE",
        "version": "0.37.8",
        "runtime": "1.4",
        "culture_info_name": "de-DE",
        "date_format": "dd.MM.yyyy",
    }
    result = asyncio.run(custom_functions_call(data, functions))
    assert result == [[0.0], [75.0], [100.0]]
