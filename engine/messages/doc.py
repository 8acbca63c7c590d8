"""The shape of a reference entry, so any message module can document its own codes.

A message module may define ``DOCS: dict[code, {"ja": Doc, "en": Doc}]`` beside its
``MESSAGES``; ``engine.messages.reference`` merges them into the handbook's reference.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Doc:
    meaning: str
    fix: str
    summary: str = ""
    severity_note: str = ""


def ja(summary: str, meaning: str, fix: str, severity_note: str = "") -> Doc:
    return Doc(meaning, fix, summary, severity_note)


def en(meaning: str, fix: str, summary: str = "", severity_note: str = "") -> Doc:
    return Doc(meaning, fix, summary, severity_note)
