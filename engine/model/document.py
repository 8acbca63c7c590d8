"""Hardened XML parsing: no DTDs, no entities, no network, a size limit, our own errors."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Final

from lxml import etree

from engine.errors import (
    EmptyFileError,
    FileTooLargeError,
    ForbiddenDoctypeError,
    ModelLoadError,
    XmlSyntaxError,
)

DEFAULT_LIMIT: Final = 20 * 1024 * 1024
"""Bytes; override with MACHIFLOW_MAX_MODEL_BYTES or the ``limit`` argument."""


def size_limit() -> int:
    raw = os.environ.get("MACHIFLOW_MAX_MODEL_BYTES")
    if raw and raw.isdigit():
        return int(raw)
    return DEFAULT_LIMIT


def _parser() -> etree.XMLParser:
    # resolve_entities=False and load_dtd=False stop XXE; no_network stops fetches.
    # A document with a DOCTYPE is refused outright below, which also stops entity bombs.
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_comments=False,
        remove_pis=True,
    )


def read_bytes(path: str | Path, limit: int | None = None) -> bytes:
    """The file's bytes, refusing an empty or oversize file before reading it whole."""
    file = str(path)
    limit = size_limit() if limit is None else limit
    try:
        size = os.path.getsize(path)
        if size > limit:
            raise FileTooLargeError(file=file, size=size, limit=limit)
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ModelLoadError(
            "model.read-error", file=file, detail=exc.strerror or str(exc)
        ) from exc
    return data


def parse_xml(data: bytes, file: str, limit: int | None = None) -> etree._Element:
    """Parse ``data`` into an element tree root, or raise a ModelLoadError subclass."""
    limit = size_limit() if limit is None else limit
    if len(data) > limit:
        raise FileTooLargeError(file=file, size=len(data), limit=limit)
    if not data.strip():
        raise EmptyFileError(file=file)
    # Refuse DOCTYPE before lxml expands anything: BPMN never needs one.
    doctype_line = _doctype_line(data)
    if doctype_line is not None:
        raise ForbiddenDoctypeError(file=file, line=doctype_line)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno or 1, 0)
        detail = (exc.msg or str(exc)).split(", line ")[0]
        raise XmlSyntaxError(file=file, line=line or 1, column=column or 0, detail=detail) from exc
    tree = root.getroottree()
    docinfo: Any = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ForbiddenDoctypeError(file=file, line=1)
    return root


_UTF16_SCAN: Final = 1 << 20  # bytes of a UTF-16 document decoded for the prolog scan
# What may precede a DOCTYPE in the prolog: white space, the XML declaration, PIs, comments.
_PROLOG_ITEM: Final = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)


def _doctype_line(data: bytes) -> int | None:
    """The line of a DOCTYPE, looking only at the prolog (of an ASCII-compatible start).

    Only the prolog can hold a DOCTYPE, so "<!DOCTYPE" quoted in a comment or in CDATA
    documentation is not one. What this scan cannot read (UTF-32, UTF-16 without a BOM, a
    prolog longer than the scanned part) is refused after parsing, where lxml has neither
    loaded nor expanded anything.
    """
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):  # Windows tools write UTF-16: scan its start as UTF-8
            data = data[2 : 2 + _UTF16_SCAN].decode(codec, "replace").encode("utf-8", "replace")
    position = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while (item := _PROLOG_ITEM.match(data, position)) is not None:
        position = item.end()
    if data[position : position + 9].upper() != b"<!DOCTYPE":
        return None
    return data.count(b"\n", 0, position) + 1
