"""The parts of the VBA file format (MS-OVBA) the add-in build needs: the run-length compression
of VBA streams (2.4.1) and the records of the `dir` stream (2.3.4.2).

The add-in's VBA project is written as source only, without compiled p-code: Excel compiles it
when the add-in is first opened, as it does for the project xlwings ships in its own template.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from kundenwert.errors import AddinBuildError

CHUNK = 4096  # bytes of source per compressed chunk
_MIN_MATCH = 3
_CANDIDATES = 32  # earlier positions tried per match: plenty for source text, keeps it linear


def _bit_count(done: int) -> int:
    """Bits of a copy token's offset at `done` bytes into the chunk (2.4.1.3.19.1)."""
    return max((done - 1).bit_length(), 4)


def _compress_chunk(data: bytes) -> bytes:
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    pos = 0
    while pos < len(data):
        flag_at = len(out)
        out.append(0)
        for bit in range(8):
            if pos >= len(data):
                break
            bits = _bit_count(pos)
            longest = min((0xFFFF >> bits) + 3, len(data) - pos)
            best_len = best_off = 0
            if longest >= _MIN_MATCH:
                for start in reversed(seen.get(data[pos : pos + 3], [])[-_CANDIDATES:]):
                    n = 3
                    while n < longest and data[start + n] == data[pos + n]:
                        n += 1
                    if n > best_len:
                        best_len, best_off = n, pos - start
                        if n == longest:
                            break
            step = best_len if best_len >= _MIN_MATCH else 1
            if step > 1:
                out[flag_at] |= 1 << bit
                out += struct.pack("<H", ((best_off - 1) << (16 - bits)) | (best_len - 3))
            else:
                out.append(data[pos])
            for p in range(pos, pos + step):
                seen.setdefault(data[p : p + 3], []).append(p)
            pos += step
    return bytes(out)


def compress(data: bytes) -> bytes:
    """A CompressedContainer holding `data`."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        chunk = data[start : start + CHUNK]
        packed = _compress_chunk(chunk)
        if len(packed) <= CHUNK:
            out += struct.pack("<H", 0xB000 | (len(packed) + 2 - 3)) + packed
        elif len(chunk) == CHUNK:
            out += struct.pack("<H", 0x3000 | (CHUNK - 1)) + chunk  # stored raw
        else:  # a short last chunk cannot be stored raw; source text never gets here
            raise AddinBuildError("err.addin.komprimieren")
    return bytes(out)


def decompress(container: bytes) -> bytes:
    """The bytes a CompressedContainer holds."""
    if not container or container[0] != 1:
        raise AddinBuildError("err.addin.signatur")
    out = bytearray()
    pos = 1
    while pos < len(container):
        (header,) = struct.unpack_from("<H", container, pos)
        end = min(pos + (header & 0x0FFF) + 3, len(container))
        pos += 2
        chunk_start = len(out)
        if not header & 0x8000:
            out += container[pos : pos + CHUNK]
            pos += CHUNK
            continue
        while pos < end:
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not flags >> bit & 1:
                    out.append(container[pos])
                    pos += 1
                    continue
                (token,) = struct.unpack_from("<H", container, pos)
                pos += 2
                bits = _bit_count(len(out) - chunk_start)
                offset, length = (token >> (16 - bits)) + 1, (token & (0xFFFF >> bits)) + 3
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)


@dataclass
class Record:
    """One record of the `dir` stream: its id and data."""

    id: int
    data: bytes

    def pack(self) -> bytes:
        size = 4 if self.id == PROJECTVERSION else len(self.data)
        return struct.pack("<HI", self.id, size) + self.data


PROJECTCODEPAGE, PROJECTNAME, PROJECTVERSION = 0x03, 0x04, 0x09
MODULENAME, MODULENAMEUNICODE, MODULESTREAMNAME, MODULESTREAMNAMEUNICODE = 0x19, 0x47, 0x1A, 0x32
MODULEOFFSET = 0x31


def read_records(dir_stream: bytes) -> list[Record]:
    """The decompressed `dir` stream as records, in order."""
    records, pos = [], 0
    while pos < len(dir_stream):
        rid, size = struct.unpack_from("<HI", dir_stream, pos)
        pos += 6
        if rid == PROJECTVERSION:
            size = 6  # its size field says 4 and is followed by 6 bytes (2.3.4.2.1.11)
        records.append(Record(rid, dir_stream[pos : pos + size]))
        pos += size
    return records


def field(records: list[Record], rid: int) -> bytes:
    """The data of the first record with id `rid`."""
    return next(r.data for r in records if r.id == rid)


def number(records: list[Record], rid: int) -> int:
    """The little-endian number held by the first record with id `rid`."""
    return int.from_bytes(field(records, rid), "little")


def write_records(records: list[Record]) -> bytes:
    """The `dir` stream of `records`, uncompressed."""
    return b"".join(r.pack() for r in records)


def name_records(name: str, codepage: str) -> dict[int, bytes]:
    """The data of a module's name and stream-name records (the stream bears the module's name)."""
    mbcs, utf16 = name.encode(codepage), name.encode("utf-16-le")
    return {
        MODULENAME: mbcs,
        MODULENAMEUNICODE: utf16,
        MODULESTREAMNAME: mbcs,
        MODULESTREAMNAMEUNICODE: utf16,
    }
