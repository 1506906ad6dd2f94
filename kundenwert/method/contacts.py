"""Contacts (active and reactive work): overdue, over-contacted, the same topic again, and O
customers whose development failed often enough to count as C."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

#: Outcomes that mean a development attempt did not work (compared in lower case).
UNSUCCESSFUL = (
    "erfolglos",
    "kein interesse",
    "kein bedarf",
    "abgelehnt",
    "nicht erreicht",
    "unsuccessful",
    "no interest",
    "declined",
    "not reached",
)
FLAG_COLUMNS = (
    "kontakte_12m",
    "letzter_kontakt",
    "letzte_notiz",
    "ueberfaellig",
    "zu_viele",
    "thema_wiederholt",
    "erfolglos",
)


def unsuccessful(outcome: pd.Series) -> pd.Series:
    """True where an outcome text says the attempt failed."""
    # as objects first: an empty column reads as floats, and fillna("") on floats is deprecated
    text = outcome.astype(object).fillna("").astype(str).str.strip().str.lower()
    return text.map(lambda s: any(word in s for word in UNSUCCESSFUL)).astype(bool)


def contact_flags(
    contacts: pd.DataFrame,
    segments: pd.Series,
    planned_per_year: Mapping[str, float],
    stichtag: dt.date,
) -> pd.DataFrame:
    """Per customer (index = segments.index, the customer ids): contacts in the last 12 months,
    the latest contact and note, and the flags.

    `contacts` has columns kunden_nr, datum, kanal, thema, ergebnis. Overdue: no contact within
    the segment's planned interval (365 / contacts per year). Over-contacted: more contacts in
    the last 12 months than planned per year. Same topic again: a topic offered more than once
    in the last 12 months. `erfolglos` counts all unsuccessful contacts (for the O → C rule).
    """
    day = pd.Timestamp(stichtag)
    c = contacts.dropna(subset=["kunden_nr", "datum"]).copy()
    c = c[c["datum"] <= day]
    recent = c[c["datum"] > day - pd.DateOffset(months=12)]
    out = pd.DataFrame(index=segments.index)
    out["kontakte_12m"] = recent.groupby("kunden_nr").size().reindex(out.index, fill_value=0)
    latest = c.sort_values("datum").groupby("kunden_nr").tail(1).set_index("kunden_nr")
    out["letzter_kontakt"] = latest["datum"].reindex(out.index)
    topic = latest["thema"].astype(object).fillna("").astype(str)
    note = topic + ": " + latest["ergebnis"].astype(object).fillna("").astype(str)
    out["letzte_notiz"] = note.reindex(out.index)
    planned = segments.map(lambda s: planned_per_year.get(str(s), np.nan)).astype(float)
    # no planned contacts (0) means never overdue; the interval exists only where planned > 0
    interval_days = (365.0 / planned.where(planned > 0)).to_numpy(float)
    since_days = (day - out["letzter_kontakt"]).dt.days.to_numpy(float)
    late = out["letzter_kontakt"].isna().to_numpy() | (since_days > interval_days)
    out["ueberfaellig"] = late & planned.gt(0).to_numpy()
    out["zu_viele"] = out["kontakte_12m"] > planned
    topics = recent.assign(t=recent["thema"].fillna("").astype(str).str.strip().str.lower())
    counts = topics[topics["t"] != ""].groupby(["kunden_nr", "t"]).size()
    repeated = counts[counts > 1].reset_index()["kunden_nr"].unique()
    out["thema_wiederholt"] = out.index.isin(repeated)
    failed = c[unsuccessful(c["ergebnis"])].groupby("kunden_nr").size()
    out["erfolglos"] = failed.reindex(out.index, fill_value=0)
    return out
