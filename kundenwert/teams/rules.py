"""Split the master into team workbooks and merge the returned ones: pure rules over rows.

Every team workbook carries what the split gave it (the `given` values), so the merge compares
three values per cell: what the team got, what it returned, and what the master holds now.
A team's change lands only where the master still holds what the team got; merging the same
workbooks again finds nothing left to do; workbooks can come back one after the other.
Nothing is resolved silently: every value of the master and of each returned workbook either
lands in the new master or stands in the report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from kundenwert.cells.columns import INPUT_COLUMNS
from kundenwert.cells.values import is_blank, parse_id

Row = list[object]
Values = dict[str, dict[str, object]]  # customer id → column key → value
TEAM_OWNED = tuple(c.key for c in INPUT_COLUMNS if c.team_owned)
PROTECTED = tuple(c.key for c in INPUT_COLUMNS if not c.team_owned and c.key != "kunden_nr")


@dataclass(frozen=True)
class Marker:
    """What a team workbook carries to be recognised: split id, the fingerprint of the master
    data it was split from (see `fingerprint`), the split key and the team."""

    split_id: str
    master_fingerprint: str
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
    #: label key of the outcome (labels.py, "o.*"): taken over, conflict, new, deleted,
    #: protected, foreign, outdated, …; rendered in the run's language by `outcome_text`
    what: str
    #: the whole workbook could not be merged (foreign, outdated, unreadable): nothing of it
    #: was taken over, which the command reports first and with its own exit code
    whole: bool = False
    args: tuple[tuple[str, object], ...] = ()  # the outcome message's arguments

    @property
    def kind(self) -> str:
        """The outcome without its details: uebernommen, konflikt, neu, geloescht, …"""
        return self.what.split(".")[1]


@dataclass
class Returned:
    """A returned team workbook as read: its marker (None if it has none), its rows, and the
    values the split gave it (None when it carries none: then the master stands in)."""

    name: str
    marker: Marker | None
    rows: Values
    #: outcome key (labels.py, "o.*") when the workbook cannot be used at all, and its arguments
    problem: str | None = None
    given: Values | None = None
    texts: dict[str, dict[str, object]] | None = None  # its growth-table texts
    given_texts: dict[str, dict[str, object]] | None = None  # the texts the split gave it
    sheet: str | None = None  # the sheet its customers were read from
    problem_args: tuple[tuple[str, object], ...] = ()


@dataclass
class MergeResult:
    """The new master rows (by customer id, master order) and the report."""

    rows: Values
    findings: list[Finding] = field(default_factory=list)
    used: list[tuple[str, str]] = field(default_factory=list)  # (split id, fingerprint) taken


def same(a: object, b: object) -> bool:
    """Equal cell values: blanks alike, numbers by value (3 == 3.0)."""
    if is_blank(a) and is_blank(b):
        return True
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return a == b


def _canonical(v: object) -> object:
    if is_blank(v):
        return None
    if isinstance(v, int | float) and not isinstance(v, bool):
        return repr(float(v))
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    return str(v)


def fingerprint(master: Values) -> str:
    """A digest of the customer data (ids and input values as read), so a master opened and
    saved again without changes keeps its fingerprint and any change of data gives a new one."""
    data = sorted(
        (cid, sorted((k, _canonical(v)) for k, v in values.items() if k in _KEYS))
        for cid, values in master.items()
    )
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


_KEYS = frozenset(c.key for c in INPUT_COLUMNS)


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


def _outdated(wb: Returned, master: Values) -> list[Finding]:
    """A workbook of another split or of older master data: nothing is taken over, and every
    value the team entered (differing from what it got) is listed."""
    out = [
        Finding(
            wb.name,
            None,
            None,
            None,
            None,
            "o.veraltet",
            whole=True,
        )
    ]
    for cid, values in wb.rows.items():
        got = (wb.given or master).get(cid, {})
        for key in TEAM_OWNED:
            if key in values and not same(got.get(key), values[key]):
                out.append(
                    Finding(
                        wb.name,
                        cid,
                        key,
                        master.get(cid, {}).get(key),
                        values[key],
                        "o.veraltet.wert",
                    )
                )
    return out


def merge(
    master: Values,
    master_fingerprint: str,
    returned: Sequence[Returned],
    lineage: Collection[tuple[str, str]] = (),
) -> MergeResult:
    """Take over the team-owned columns of the returned workbooks into a copy of the master.

    A workbook is used when it was split from this master's data (`master_fingerprint`) or
    from data this master descends from (`lineage`: (split id, fingerprint) pairs an earlier
    merge recorded); if workbooks of several splits come back, only the newest split is used.
    Per team-owned cell: unchanged against what the team got, or already the master's value →
    nothing to do; changed while the master still holds what the team got → taken over, unless
    another workbook changed it differently (conflict); changed while the master changed it
    too since the split → conflict. The master value stays in every conflict. Changes to
    protected (ERP) columns, unknown and deleted customers, foreign and outdated workbooks are
    reported.
    """
    result = MergeResult({cid: dict(values) for cid, values in master.items()})
    order = [*lineage, *[("", master_fingerprint)]]

    def rank(m: Marker) -> int:
        """Position of the workbook's split in the master's history; -1 if not in it."""
        for i, (split_id, fp) in enumerate(order):
            if fp == m.master_fingerprint and split_id in ("", m.split_id):
                return i
        return -1

    ranks = [
        rank(wb.marker) if wb.marker is not None and wb.problem is None else -1 for wb in returned
    ]
    newest = max(ranks, default=-1)
    # several splits of the same data: the newest split wins (ids begin with the split's time)
    newest_id = max(
        (
            wb.marker.split_id
            for wb, r in zip(returned, ranks, strict=True)
            if wb.marker is not None and r == newest >= 0
        ),
        default=None,
    )
    proposals: dict[tuple[str, str], list[tuple[str, object]]] = {}
    for wb, own_rank in zip(returned, ranks, strict=True):
        if wb.problem or wb.marker is None:
            result.findings.append(
                Finding(
                    wb.name,
                    None,
                    None,
                    None,
                    None,
                    wb.problem or "o.fremd",
                    whole=True,
                    args=wb.problem_args,
                )
            )
            continue
        if own_rank < 0 or own_rank < newest or wb.marker.split_id != newest_id:
            result.findings.extend(_outdated(wb, master))
            continue
        if (wb.marker.split_id, wb.marker.master_fingerprint) not in result.used:
            result.used.append((wb.marker.split_id, wb.marker.master_fingerprint))
        given = wb.given if wb.given is not None else master
        for cid in given:
            if cid not in wb.rows:
                result.findings.append(Finding(wb.name, cid, None, None, None, "o.geloescht"))
        for cid, values in wb.rows.items():
            if cid not in master:
                name = values.get("name")
                result.findings.append(
                    Finding(
                        wb.name,
                        cid,
                        None,
                        None,
                        None,
                        "o.neu" if is_blank(name) else "o.neu.name",
                        args=(("cid", cid), ("name", name)),
                    )
                )
                continue
            now = master[cid]
            if cid not in given:
                # a customer this team was not given (a pasted copy of another team's row):
                # its changes are the other team's to make, never taken over from here
                changed = {
                    k: v for k, v in values.items() if k != "kunden_nr" and not same(v, now.get(k))
                }
                if changed:
                    result.findings.append(
                        Finding(
                            wb.name,
                            cid,
                            None,
                            None,
                            changed,
                            "o.nicht_gegeben",
                            args=(("cid", cid),),
                        )
                    )
                continue
            got = given[cid]
            for key in PROTECTED:
                if key in values and not same(got.get(key), values[key]):
                    result.findings.append(
                        Finding(
                            wb.name,
                            cid,
                            key,
                            now.get(key),
                            values[key],
                            "o.geschuetzt",
                        )
                    )
            for key in TEAM_OWNED:
                if key not in values:
                    continue
                team = values[key]
                if same(team, got.get(key)) or same(team, now.get(key)):
                    continue  # not changed by the team, or already in the master
                if not same(now.get(key), got.get(key)):
                    result.findings.append(
                        Finding(
                            wb.name,
                            cid,
                            key,
                            now.get(key),
                            team,
                            "o.konflikt.stamm_geaendert",
                            args=(("was", repr(got.get(key))),),
                        )
                    )
                    continue
                proposals.setdefault((cid, key), []).append((wb.name, team))
    for (cid, key), offers in sorted(proposals.items()):
        distinct = {_canonical(v) for _, v in offers}
        if len(distinct) == 1:
            result.rows[cid][key] = offers[0][1]
            for name, value in offers:
                result.findings.append(
                    Finding(name, cid, key, master[cid].get(key), value, "o.uebernommen")
                )
        else:
            for name, value in offers:
                result.findings.append(
                    Finding(name, cid, key, master[cid].get(key), value, "o.konflikt")
                )
    return result


Texts = dict[str, dict[str, object]]  # segment key → growth-table text key → text


def merge_texts(
    master: Texts, returned: Sequence[tuple[str, Texts, Texts | None]]
) -> tuple[dict[tuple[str, str], object], list[Finding]]:
    """Growth-table texts a team changed, by the same three-way rule as the cells: taken over
    where the master still holds what the team was given and no other team wrote something
    else; otherwise a conflict, and the master's text stays. `returned` holds each workbook's
    name, texts and the texts its split gave it (None for a workbook of an older version:
    then every difference from the master is a conflict). Returns the texts to set,
    by (segment, text key), and the findings; `customer` holds the segment, `column` the key."""
    offers: dict[tuple[str, str], list[tuple[str, object]]] = {}
    findings: list[Finding] = []
    for name, texts, given in returned:
        for seg, values in texts.items():
            for key, team in values.items():
                now = master.get(seg, {}).get(key)
                got = given.get(seg, {}).get(key) if given is not None else now
                if same(team, got) or same(team, now):
                    continue
                if given is None or not same(now, got):
                    findings.append(
                        Finding(name, seg, key, now, team, "o.konflikt.stammtext_geaendert")
                    )
                    continue
                offers.setdefault((seg, key), []).append((name, team))
    taken: dict[tuple[str, str], object] = {}
    for (seg, key), offered in sorted(offers.items()):
        distinct = {_canonical(v) for _, v in offered}
        what = "o.uebernommen" if len(distinct) == 1 else "o.konflikt.stammtext"
        if len(distinct) == 1:
            taken[(seg, key)] = offered[0][1]
        for name, team in offered:
            findings.append(Finding(name, seg, key, master.get(seg, {}).get(key), team, what))
    return taken, findings
