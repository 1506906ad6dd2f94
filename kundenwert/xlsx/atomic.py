"""Write a file so that it is either complete or not there: a temporary file beside the target,
renamed when done."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Ending of the temporary files atomic_path writes; mkstemp names them tmp + 8 characters.
PART_SUFFIX = ".xlsx.part"
_PART_NAME = re.compile(r"(tmp[a-z0-9_]{8}\.xlsx\.part|\.kundenwert-(?:split|merge)-[a-z0-9_]{8})")
#: A temporary file untouched this long belongs to a write that was killed (a running write
#: adds to its file every few milliseconds); younger ones may be another run's, still going.
STALE_AFTER_S = 60.0


def stale_parts(folder: Path) -> list[Path]:
    """The temporary files (and staging folders of split and merge) a killed write left in
    `folder`:
    only names this package gives them, and only those untouched for STALE_AFTER_S."""
    if not folder.is_dir():
        return []
    now = time.time()
    return sorted(
        p
        for p in folder.iterdir()
        if _PART_NAME.fullmatch(p.name) and now - p.lstat().st_mtime > STALE_AFTER_S
    )


def remove_stale(folder: Path) -> list[Path]:
    """Remove what stale_parts finds in `folder`; returns what went."""
    gone = stale_parts(folder)
    for path in gone:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return gone


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write to; on success it replaces `path`, on failure it goes.

    The finished file gets the permissions a newly created file would get (mkstemp makes
    temporary files readable by their owner only, which would hide results from colleagues).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target.parent)  # what a killed run of any command left there
    fd, tmp = tempfile.mkstemp(suffix=PART_SUFFIX, dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
