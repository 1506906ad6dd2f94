"""Write a file so that it is either complete or not there: a temporary file beside the target,
renamed when done."""

from __future__ import annotations

import os
import re
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
    """The temporary files (and split staging folders) a killed write left in `folder`:
    only names this package gives them, and only those untouched for STALE_AFTER_S."""
    if not folder.is_dir():
        return []
    now = time.time()
    return sorted(
        p
        for p in folder.iterdir()
        if _PART_NAME.fullmatch(p.name) and now - p.lstat().st_mtime > STALE_AFTER_S
    )


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
    fd, tmp = tempfile.mkstemp(suffix=PART_SUFFIX, dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
