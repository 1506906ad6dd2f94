"""xlwings Lite: paste this into the editor's main.py tab (after requirements.txt).

Lite registers every @func and @script it finds in this module, imported ones included, so the
worksheet functions (=KW.SCORE, =KW.PORTFOLIO, …) and the four buttons come from the package.
Set the function namespace to KW in the Lite settings.
"""

from kundenwert.addin.scripts import bewerten, matrix, pruefen, vergleichen, wachstumstabelle
from kundenwert.udfs import *  # noqa: F403 (Lite must find the functions in this module)
from kundenwert.udfs import __all__ as _functions

__all__ = [*_functions, "bewerten", "matrix", "pruefen", "vergleichen", "wachstumstabelle"]
