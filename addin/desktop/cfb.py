"""Write a compound file (MS-CFB, version 3), the container of a `vbaProject.bin`.

Only what a VBA project needs: one level of storages below the root, streams, no timestamps.
Streams shorter than 4,096 bytes go into the mini stream, as the format requires.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping

from kundenwert.errors import AddinBuildError

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_EMPTY, _STORAGE, _STREAM, _ROOT = 0, 1, 2, 5
_RED, _BLACK = 0, 1

Tree = Mapping[str, "bytes | Tree"]


def _order(name: str) -> tuple[int, str]:
    """The format's sibling order: shorter names first, then by upper-case code points."""
    return len(name), name.upper()


class _Entry:
    def __init__(self, name: str, kind: int, data: bytes = b"") -> None:
        self.name, self.kind, self.data = name, kind, data
        self.left = self.right = self.child = NOSTREAM
        self.color, self.start = _BLACK, END

    def pack(self) -> bytes:
        encoded = self.name.encode("utf-16-le") + b"\0\0" if self.kind != _EMPTY else b""
        size = len(self.data) if self.kind != _STORAGE else 0
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBII", len(encoded), self.kind, self.color, self.left, self.right)
            + struct.pack("<I", self.child)
            + bytes(16 + 4 + 8 + 8)  # class id, state bits, creation and modification time
            + struct.pack("<IQ", self.start if self.kind in (_STREAM, _ROOT) else 0, size)
        )


def _balanced(ids: list[int], depth: int, limit: int, entries: list[_Entry]) -> int:
    """Root id of a balanced binary tree over `ids` (sorted); nodes below `limit` are red,
    which keeps the red-black rules: every path has the same number of black nodes."""
    if not ids:
        return NOSTREAM
    mid = len(ids) // 2
    node = entries[ids[mid]]
    node.color = _RED if depth > limit else _BLACK
    node.left = _balanced(ids[:mid], depth + 1, limit, entries)
    node.right = _balanced(ids[mid + 1 :], depth + 1, limit, entries)
    return ids[mid]


def _entries(tree: Tree) -> list[_Entry]:
    entries = [_Entry("Root Entry", _ROOT)]

    def add(parent: _Entry, children: Tree) -> None:
        ids = []
        for name in sorted(children, key=_order):
            value = children[name]
            entry = _Entry(name, _STREAM, value) if isinstance(value, bytes) else None
            entry = entry or _Entry(name, _STORAGE)
            ids.append(len(entries))
            entries.append(entry)
            if not isinstance(value, bytes):
                add(entry, value)
        full_levels = (len(ids) + 1).bit_length() - 1
        parent.child = _balanced(ids, 1, full_levels, entries)

    add(entries[0], tree)
    return entries


def _chain(fat: list[int], count: int) -> int:
    """Append a chain of `count` sectors to `fat`; return its first sector."""
    if count == 0:
        return END
    first = len(fat)
    fat.extend(range(first + 1, first + count))
    fat.append(END)
    return first


def _sectors(data: bytes, size: int) -> int:
    return -(-len(data) // size)


def write(tree: Tree) -> bytes:
    """The compound file holding `tree`: names map to stream bytes or to a storage's own tree."""
    entries = _entries(tree)
    streams = [e for e in entries if e.kind == _STREAM]
    mini_fat: list[int] = []
    mini = bytearray()
    for e in streams:
        if len(e.data) < CUTOFF:
            e.start = _chain(mini_fat, _sectors(e.data, MINI))
            mini += e.data.ljust(_sectors(e.data, MINI) * MINI, b"\0")
    entries[0].data = bytes(mini)
    big = [e for e in streams if len(e.data) >= CUTOFF] + [entries[0]]
    entries += [_Entry("", _EMPTY) for _ in range(-len(entries) % (SECTOR // 128))]
    mini_fat += [FREE] * (-len(mini_fat) % (SECTOR // 4))  # unused entries are free, not 0
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)

    fat: list[int] = []
    for e in big:
        e.start = _chain(fat, _sectors(e.data, SECTOR)) if e.data else END
    mini_fat_start = _chain(fat, _sectors(mini_fat_bytes, SECTOR))
    dir_start = _chain(fat, len(entries) * 128 // SECTOR)
    fat_count = 1
    while (len(fat) + fat_count) > fat_count * (SECTOR // 4):
        fat_count += 1
    if fat_count > 109:
        raise AddinBuildError("err.addin.zu_gross")
    fat_sectors = list(range(len(fat), len(fat) + fat_count))
    fat += [FATSECT] * fat_count
    fat += [FREE] * (-len(fat) % (SECTOR // 4))

    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack(
            "<IIIIIIIII",
            0,
            fat_count,
            dir_start,
            0,
            CUTOFF,
            mini_fat_start,
            _sectors(mini_fat_bytes, SECTOR),
            END,
            0,
        )
        + struct.pack("<109I", *(fat_sectors + [FREE] * (109 - fat_count)))
    )
    body = bytearray()
    for e in big:
        body += e.data.ljust(_sectors(e.data, SECTOR) * SECTOR, b"\0")
    body += mini_fat_bytes
    body += b"".join(e.pack() for e in entries)
    body += struct.pack(f"<{len(fat)}I", *fat)
    return header + bytes(body)
