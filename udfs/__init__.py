"""Worksheet functions (Excel namespace KW): kundenwert.udfs.score is KW.SCORE, and so on."""

from kundenwert.udfs.functions import (
    abc,
    ahp,
    causes,
    clv,
    contribution,
    explain,
    normalize,
    order_history,
    portfolio,
    purchase_model,
    score,
    segment,
)

__all__ = [
    "abc",
    "ahp",
    "causes",
    "clv",
    "contribution",
    "explain",
    "normalize",
    "order_history",
    "portfolio",
    "purchase_model",
    "score",
    "segment",
]
