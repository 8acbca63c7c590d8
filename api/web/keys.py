"""The secret that signs the staff pages' cookies: ``MACHIFLOW_SECRET_KEY``, else a random
key kept in a file beside the SQLite database, else (PostgreSQL, in-memory SQLite) a random
key for this process only. See handbook/decisions/0009-staff-sessions.md."""

from __future__ import annotations

import logging
import os
import secrets
import time
from pathlib import Path
from typing import Final

from engine.errors import SetupError

ENV_VAR: Final = "MACHIFLOW_SECRET_KEY"
MIN_LENGTH: Final = 32
KEY_SUFFIX: Final = ".secret-key"
_KEY_BYTES: Final = 48
_READ_TRIES: Final = 50  # another worker may be writing the file it has just created

log = logging.getLogger("machiflow.web")


def key_file(db_url: str) -> Path | None:
    """``machiflow.db.secret-key`` beside a SQLite file; None for other databases."""
    scheme, sep, rest = db_url.partition(":///")
    if not sep or scheme.split("+", 1)[0] != "sqlite":
        return None
    path = rest.split("?", 1)[0]
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return Path(path + KEY_SUFFIX)


def secret_key(db_url: str) -> str:
    """The signing key for a server on ``db_url`` (see the module docstring)."""
    explicit = os.environ.get(ENV_VAR, "")
    if explicit:
        if len(explicit) < MIN_LENGTH:
            raise SetupError("web.secret-too-short", length=len(explicit), minimum=MIN_LENGTH)
        return explicit
    path = key_file(db_url)
    if path is not None:
        try:
            return _read_or_create(path)
        except OSError as exc:
            log.warning("cannot keep the secret key in %s (%s)", path, exc.strerror or exc)
    log.warning(
        "%s is not set: staff sessions are signed with a key of this process only "
        "(they end when it restarts, and other workers do not accept them)",
        ENV_VAR,
    )
    return secrets.token_urlsafe(_KEY_BYTES)


def _read_or_create(path: Path) -> str:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(_READ_TRIES):
            key = path.read_text(encoding="ascii").strip()
            if len(key) >= MIN_LENGTH:
                return key
            time.sleep(0.01)
        raise OSError(f"{path} holds no key") from None
    key = secrets.token_urlsafe(_KEY_BYTES)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key + "\n")
    log.info("made a secret key for staff sessions in %s", path)
    return key
