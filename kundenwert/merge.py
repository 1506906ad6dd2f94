"""Split the master into team workbooks and merge the returned ones: pure rules over rows.

Nothing is resolved silently: every value of the master and of each returned workbook either
lands in the new master or stands in the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kundenwert.cells import is_blank, parse_id
from kundenwert.columns import INPUT_COLUMNS

Row = list[object]
TEAM_OWNED = tuple(c.key for c in INPUT_COLUMNS if c.team_owned)
PROTECTED = tuple(c.key for c in INPUT_COLUMNS if not c.team_owned and c.key != "kunden_nr")


@dataclass(frozen=True)
class Marker:
    """What a team workbook carries to be recognised: split id, master fingerprint, team."""

    split_id: str
    master_sha256: str
    by: str
    team: str


@dataclass(frozen=True)
class Finding:
    """One line of the merge report."""

    workbook: str
    customer: str | None
    column: str | None
    master_value: object
    team_value: object
    what: str  # übernommen, Konflikt, unbekannt, gelöscht, geschützt, fremd, veraltet


@dataclass
class Returned:
    """A returned team workbook as read: its marker (None if it has none) and its rows."""

    name: str
    marker: Marker | None
    rows: dict[str, dict[str, object]]  # customer id → column key → value
    problem: str | None = None  # set when the workbook cannot be used at all


@dataclass
class MergeResult:
    """The new master rows (by customer id, master order) and the report."""

    rows: dict[str, dict[str, object]]
    findings: list[Finding] = field(default_factory=list)


def _same(a: object, b: object) -> bool:
    if is_blank(a) and is_blank(b):
        return True
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return a == b


def keyed_rows(
    header_keys: Sequence[str | None], rows: Sequence[Sequence[object]]
) -> dict[str, dict[str, object]]:
    """Rows by customer id, each a dict of column key → value (unknown columns left out)."""
    out: dict[str, dict[str, object]] = {}
    for row in rows:
        values = {k: (row[j] if j < len(row) else None) for j, k in enumerate(header_keys) if k}
        cid = parse_id(values.get("kunden_nr"))
        if cid is not None:
            out[cid] = values
    return out


def merge(
    master: dict[str, dict[str, object]],
    master_sha256: str,
    split_id: str,
    returned: Sequence[Returned],
    expected: dict[str, list[str]],
) -> MergeResult:
    """Take over the team-owned columns of the returned workbooks into a copy of the master.

    `expected` maps each team to the customer ids its workbook was given. A value is taken
    over only when exactly one workbook changed it; two workbooks with different values are a
    conflict and the master value stays. Changes to protected (ERP) columns, unknown and
    deleted customers, foreign workbooks and workbooks of an older split are reported.
    """
    result = MergeResult({cid: dict(values) for cid, values in master.items()})
    proposals: dict[tuple[str, str], list[tuple[str, object]]] = {}
    for wb in returned:
        if wb.problem or wb.marker is None:
            result.findings.append(
                Finding(
                    wb.name,
                    None,
                    None,
                    None,
                    None,
                    wb.problem or "fremd: keine Kundenwert-Teammappe",
                )
            )
            continue
        if wb.marker.split_id != split_id or wb.marker.master_sha256 != master_sha256:
            result.findings.append(
                Finding(
                    wb.name,
                    None,
                    None,
                    None,
                    None,
                    "veraltet: stammt aus einer anderen Aufteilung; nichts übernommen",
                )
            )
            for cid, values in wb.rows.items():
                for key in TEAM_OWNED:
                    base = master.get(cid, {}).get(key)
                    if not _same(base, values.get(key)):
                        result.findings.append(
                            Finding(
                                wb.name,
                                cid,
                                key,
                                base,
                                values.get(key),
                                "nicht übernommen (veraltet)",
                            )
                        )
            continue
        for cid in expected.get(wb.marker.team, []):
            if cid not in wb.rows:
                result.findings.append(
                    Finding(
                        wb.name, cid, None, None, None, "gelöscht: Zeile fehlt, Stammdaten bleiben"
                    )
                )
        for cid, values in wb.rows.items():
            if cid not in master:
                result.findings.append(
                    Finding(
                        wb.name,
                        cid,
                        None,
                        None,
                        dict(values),
                        "unbekannt: nicht im Stamm, nicht übernommen",
                    )
                )
                continue
            for key in PROTECTED:
                if key in values and not _same(master[cid].get(key), values.get(key)):
                    result.findings.append(
                        Finding(
                            wb.name,
                            cid,
                            key,
                            master[cid].get(key),
                            values.get(key),
                            "geschützt: Änderung nicht übernommen",
                        )
                    )
            for key in TEAM_OWNED:
                if key in values and not _same(master[cid].get(key), values.get(key)):
                    proposals.setdefault((cid, key), []).append((wb.name, values.get(key)))
    for (cid, key), offers in sorted(proposals.items()):
        distinct = {repr(v) for _, v in offers}
        if len(distinct) == 1:
            result.rows[cid][key] = offers[0][1]
            for name, value in offers:
                result.findings.append(
                    Finding(name, cid, key, master[cid].get(key), value, "übernommen")
                )
        else:
            for name, value in offers:
                result.findings.append(
                    Finding(
                        name, cid, key, master[cid].get(key), value, "Konflikt: Stammwert bleibt"
                    )
                )
    return result
