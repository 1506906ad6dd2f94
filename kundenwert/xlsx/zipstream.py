"""Zip entries deflated on a second thread while the main thread builds their text.

zlib and crc32 release the GIL, so a large sheet's XML is compressed on the second core while
Python turns the next rows into text, instead of all at the end (bench/RESULTS.md).
"""

from __future__ import annotations

import os
import stat
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import IO

#: Text handed to the compressing thread at a time: large enough that each hand-over is cheap,
#: small enough that a chunk being compressed costs little memory.
PIECE_CHARS = 1 << 20
#: Pieces waiting for the compressing thread at most; the writer waits beyond, so memory stays
#: bounded when compression is the slower side.
PENDING = 4
#: The entries' time stamp, as xlsxwriter gives its files (1980-01-31, local time).
TIMESTAMP = (1980, 1, 31, 0, 0, 0)


class ZipStream:
    """Writes entries into an open zip file on one background thread, in the order given.

    Use as a context manager: leaving it waits for every entry and raises what failed.
    """

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="deflate")
        self.jobs: list[Future[None]] = []

    def __enter__(self) -> ZipStream:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.pool.shutdown(wait=True)
        if kind is None:
            for job in self.jobs:
                job.result()  # raises the first failure of the thread

    def submit(self, fn: Callable[..., None], *args: object) -> Future[None]:
        job = self.pool.submit(fn, *args)
        self.jobs.append(job)
        return job

    def add_file(self, os_path: str, name: str) -> None:
        """A finished file on disk, stamped as xlsxwriter stamps it, then removed."""

        def add() -> None:
            stamp = time.mktime((*TIMESTAMP, 0, 0, -1))
            os.utime(os_path, (stamp, stamp))
            self.archive.write(os_path, name)
            os.remove(os_path)

        self.submit(add)

    def text(self, name: str) -> TextEntry:
        """A text handle whose UTF-8 bytes become the entry `name`; close it when done."""
        info = zipfile.ZipInfo(name, TIMESTAMP)
        info.compress_type = self.archive.compression
        info._compresslevel = self.archive.compresslevel  # type: ignore[attr-defined]
        info.external_attr = (stat.S_IFREG | 0o600) << 16  # as a temporary file has it
        return TextEntry(self, info)


class TextEntry:
    """The write side of one zip entry: text is gathered into pieces, each piece encoded,
    checksummed and deflated by the stream's thread."""

    def __init__(self, stream: ZipStream, info: zipfile.ZipInfo) -> None:
        self.stream = stream
        self.parts: list[str] = []
        self.size = 0
        self.waiting: list[Future[None]] = []
        self.handle: IO[bytes] | None = None

        def start() -> None:
            self.handle = stream.archive.open(info, "w")

        stream.submit(start)

    def write(self, text: str) -> int:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= PIECE_CHARS:
            self._hand_over()
        return len(text)

    def _hand_over(self) -> None:
        piece = "".join(self.parts)
        self.parts, self.size = [], 0
        self.waiting = [job for job in self.waiting if not job.done()]
        if len(self.waiting) >= PENDING:
            self.waiting.pop(0).result()
        self.waiting.append(self.stream.submit(self._put, piece))

    def _put(self, piece: str) -> None:
        assert self.handle is not None  # opened by the job before this one
        self.handle.write(piece.encode("utf-8"))

    def close(self) -> None:
        self._hand_over()

        def finish() -> None:
            assert self.handle is not None
            self.handle.close()

        self.stream.submit(finish)
