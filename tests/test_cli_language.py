"""The CLI's own frame: German help with examples, argparse's phrases in German (English in an
English call), and button scripts reporting the core's errors in their language."""

from __future__ import annotations

import asyncio

import pytest
from xlwings import XlwingsError

from kundenwert.addin.scripts import _excel_message
from kundenwert.book.labels import message, t
from kundenwert.cli import _FRAME_DE, main
from kundenwert.errors import MessageError

COMMANDS = ["score", "auftraege", "template", "split", "merge", "compare", "addin", "demo"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_german_help_with_examples(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "-h"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{_FRAME_DE['usage: ']}kundenwert {command} ")
    assert f"\n{_FRAME_DE['options']}:" in out
    assert "usage:" not in out and "show this help" not in out
    assert f"Beispiele:\n  kundenwert {command}" in out
    # every argument the command takes is explained, positional ones and -o/--by included
    lines = out.split(f"{_FRAME_DE['options']}:")[1].splitlines()
    for line in lines:
        words = line.split()
        if line.startswith("  -") and len(words) <= 2 and not line.strip().endswith("}"):
            index = lines.index(line)
            assert lines[index + 1].startswith(" " * 10), f"{command}: {line} has no help"


def test_missing_argument_is_reported_in_german(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["score", "Kunden.xlsx"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{_FRAME_DE['usage: ']}kundenwert score ")
    assert "kundenwert score: Fehler: " + _FRAME_DE["the following arguments are required: "] in err
    assert "-o/--output" in err


def test_missing_argument_in_an_english_call_stays_english(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["score", "Kunden.xlsx", "--lang", "en"])
    err = capsys.readouterr().err
    assert err.startswith("usage: ")
    assert "error: the following arguments are required: -o/--output" in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("kundenwert ")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_script_reports_the_cores_error_in_its_language(lang: str) -> None:
    @_excel_message("button.bewerten")
    async def failing(sprache: str = "de") -> None:
        raise MessageError("err.nicht_gefunden", path="x.xlsx")

    with pytest.raises(XlwingsError) as info:
        asyncio.run(failing(sprache=lang))
    shown = message("err.nicht_gefunden", {"path": "x.xlsx"}, "en" if lang == "en" else "de")
    assert str(info.value) == f"{t('button.bewerten', 'en' if lang == 'en' else 'de')}: {shown}"
