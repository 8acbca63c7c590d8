"""Writing output files whole or not at all.

Shared by ``machiflow layout``, ``machiflow import-steps`` and the handbook writer; its
failure is ``steps.write-error`` for all three (the reference lists each command).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from engine.errors import InputError


@contextlib.contextmanager
def write_errors(path: Path) -> Iterator[None]:
    """An ``OSError`` while writing ``path`` (or making its folder, or removing it) as
    ``steps.write-error`` naming the file, not as an internal error."""
    try:
        yield
    except OSError as exc:
        raise InputError(
            "steps.write-error", file=str(path), detail=exc.strerror or str(exc)
        ) from exc


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` to ``path`` through a temporary file beside it, so no half-written file."""
    folder = path.parent if str(path.parent) else Path()
    temporary: str | None = None
    with write_errors(path):
        try:
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
            os.replace(temporary, path)
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            raise
