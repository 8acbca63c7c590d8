"""The rule and error-code reference: every code, as a Markdown page and as terminal rows.

``markdown(lang)`` is the page committed as handbook/{ja,en}/reference/rules.md (written by
``machiflow rules --write handbook``; a test fails when they differ). It is a pure function
of the rule registry, the message catalogue and engine.messages.reference, which holds all
its wording. Each code is a heading with an explicit anchor, so ``rules.md#code`` links work
for dotted codes (``model.xml-syntax``) as well.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from engine.check import REGISTRY, Severity
from engine.check.rules import Scope
from engine.messages import CATALOG, LANGS, catalog_modules
from engine.messages.reference import DOCS, EXAMPLES, PAGE, Doc

# Catalogue entries that are pieces of other messages, not codes anyone sees on their own.
FRAGMENT_PREFIXES: Final = ("xsd.", "support.")

GROUPS: Final = (
    "load",
    "xsd",
    "structure",
    "flow",
    "refs",
    "diagram",
    "bpr",
    "engine",
    "render",
    "cli",
    "other",
)
_RULE_MODULES: Final = {
    "engine.check.lint_structure": "structure",
    "engine.check.lint_flow": "flow",
    "engine.check.lint_refs": "refs",
    "engine.check.lint_diagram": "diagram",
    "engine.check.lint_bpr": "bpr",
    "engine.check.support": "engine",
}
# What a command exits with when it stops on a code that is not a finding (see engine.cli:
# input errors 1, usage 2, setup and internal errors 3). () for codes no command raises.
EXIT_CODES: Final[dict[str, tuple[int, ...]]] = {
    "model.empty": (1,),
    "model.too-large": (1,),
    "model.xml-syntax": (1,),
    "model.doctype": (1,),
    "model.not-bpmn": (1,),
    "model.read-error": (1,),
    "render.graphviz-missing": (3,),
    "render.graphviz-failed": (3,),
    "render.graphviz-timeout": (1,),
    "render.diagram-not-found": (1,),
    "render.process-not-found": (1,),
    "render.unknown-state": (),
    "render.png-failed": (3,),
    "cli.validate.summary": (0, 1),
    "cli.validate.empty-dir": (2,),
    "cli.render.format": (2,),
    "cli.render.done": (0,),
    "cli.rules.written": (0,),
    "cli.aborted": (2,),
    "cli.internal": (3,),
    "store.bad-url": (1,),
    "store.unreachable": (3,),
    "store.upgraded": (0,),
    "cli.serve.start": (0,),
    "cli.users.added": (0,),
}
COMMANDS: Final = {
    "load": "validate, render",
    "render": "render",
    "cli.validate": "validate",
    "cli.render": "render",
    "cli.rules": "rules",
    "cli": "validate, render, rules",
    "render.unknown-state": "",  # pages and the API only
    "store.bad-url": "db upgrade",
    "store.unreachable": "db upgrade",
    "store.upgraded": "db upgrade",
    "cli.serve": "serve",
    "cli.users": "users add",
    "service": "",  # the API and pages
    "auth": "",
    "api": "",
}


def _merge_module_tables() -> None:
    """Exit codes and commands that message modules declare for their own codes
    (``EXIT_CODES`` and ``COMMANDS`` beside ``MESSAGES``), so a new command edits only
    its own module."""
    for module in catalog_modules():
        for code, exits in getattr(module, "EXIT_CODES", {}).items():
            EXIT_CODES.setdefault(code, tuple(exits))
        for key, command in getattr(module, "COMMANDS", {}).items():
            COMMANDS.setdefault(key, command)


_merge_module_tables()


@dataclass(frozen=True, slots=True)
class Entry:
    """One documented code: where it sits on the page and what the reader needs to know."""

    code: str
    group: str
    severity: Severity | None  # None for command errors and messages (render.*, cli.*)
    scope: Scope


def _group_of(code: str) -> str:
    if code in REGISTRY:
        return _RULE_MODULES.get(REGISTRY[code].check.__module__, "other")
    if code.startswith("model."):
        return "load"
    if code == "xsd" or code.startswith("xsd-"):
        return "xsd"
    prefix = code.split(".", 1)[0]
    return prefix if prefix in {"render", "cli"} else "other"


def documented_codes() -> list[str]:
    """Every code that needs a reference entry: registered rules and catalogue codes."""
    codes = list(CATALOG)
    codes += [code for code in REGISTRY if code not in CATALOG]
    return [code for code in codes if not code.startswith(FRAGMENT_PREFIXES)]


def entries() -> list[Entry]:
    """Every documented code in page order: by group, then as registered / catalogued."""
    found: list[Entry] = []
    for code in documented_codes():
        group = _group_of(code)
        rule = REGISTRY.get(code)
        if rule is not None:
            found.append(Entry(code, group, rule.severity, rule.scope))
        elif group in {"load", "xsd"}:
            found.append(Entry(code, group, "error", "model"))
        else:
            found.append(Entry(code, group, None, "model"))
    return sorted(found, key=lambda e: GROUPS.index(e.group))


def doc(code: str, lang: str) -> Doc:
    """The reference text of ``code`` in ``lang``, or a visible placeholder."""
    found = DOCS.get(code, {}).get(lang)
    if found is None:
        return Doc(PAGE[lang]["undocumented"], PAGE[lang]["undocumented"])
    return found


def summary(code: str, lang: str) -> str:
    """One line: the doc's, or the rule's own (English) summary."""
    text = doc(code, lang).summary
    if not text and code in REGISTRY:
        text = REGISTRY[code].summary
    return text


def missing_docs() -> list[str]:
    """``code/lang`` for every code whose reference text is missing or blank."""
    missing: list[str] = []
    for code in documented_codes():
        for lang in LANGS:
            entry = DOCS.get(code, {}).get(lang)
            if entry is None or not (entry.meaning.strip() and entry.fix.strip()):
                missing.append(f"{code}/{lang}")
            elif not summary(code, lang).strip():
                missing.append(f"{code}/{lang} (summary)")
    return missing


# --- terminal ----------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def finding_entries() -> list[Entry]:
    """The codes ``machiflow validate`` can report: load errors, XSD and every rule."""
    return [e for e in entries() if e.severity is not None]


def table(lang: str) -> str:
    """A compact terminal table of code, severity, scope and summary."""
    words = PAGE[lang]
    rows = [
        (e.code, words[e.severity or "error"], words[f"scope.{e.scope}"], summary(e.code, lang))
        for e in finding_entries()
    ]
    widths = [max(_width(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3]
        for row in rows
    ]
    return "\n".join(lines) + "\n"


# --- Markdown ----------------------------------------------------------------------------


def page_path(root: Path, lang: str) -> Path:
    """Where the page of ``lang`` lives under the handbook directory ``root``."""
    return root / lang / "reference" / "rules.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _exit(code: str, lang: str) -> str:
    exits = EXIT_CODES.get(code)
    if not exits:
        return PAGE[lang]["no_exit"]
    return " / ".join(str(e) for e in exits)


def _command(entry: Entry) -> str:
    """The command for a code: the longest dotted prefix listed (``kpi.no-exit``, then
    ``kpi``), else its group."""
    parts = entry.code.split(".")
    for key in [".".join(parts[:n]) for n in range(len(parts), 0, -1)] + [entry.group]:
        if key in COMMANDS:
            return COMMANDS[key]
    return ""


def _severity(entry: Entry, lang: str) -> str:
    text = PAGE[lang][entry.severity or "error"]
    note = doc(entry.code, lang).severity_note
    return f"{text}（{note}）" if note and lang == "ja" else f"{text} ({note})" if note else text


def _group_table(group: list[Entry], lang: str) -> Iterator[str]:
    words = PAGE[lang]
    if group[0].severity is None:
        yield words["command_table_header"]
        for e in group:
            link = f"[`{e.code}`](#{e.code})"
            exits = _exit(e.code, lang)
            command = _command(e) or "—"
            yield f"| {link} | {command} | {exits} | {_cell(summary(e.code, lang))} |"
    else:
        yield words["table_header"]
        for e in group:
            link = f"[`{e.code}`](#{e.code})"
            severity = words[e.severity or "error"]
            scope = words[f"scope.{e.scope}"]
            yield f"| {link} | {severity} | {scope} | {_cell(summary(e.code, lang))} |"


def _entry(entry: Entry, lang: str) -> Iterator[str]:
    words = PAGE[lang]
    text = doc(entry.code, lang)
    yield f'<a id="{entry.code}"></a>'
    yield ""
    yield f"### {entry.code}"
    yield ""
    yield summary(entry.code, lang)
    yield ""
    if entry.severity is not None:
        yield f"- **{words['severity']}**: {_severity(entry, lang)}"
        yield f"- **{words['scope']}**: {words[f'scope.{entry.scope}']}"
    if entry.severity is None or entry.group == "load":
        separator = "、" if lang == "ja" else ", "
        commands = separator.join(f"`machiflow {c}`" for c in _command(entry).split(", ") if c)
        yield f"- **{words['command']}**: {commands or '—'}"
        yield f"- **{words['exit']}**: {_exit(entry.code, lang)}"
    yield f"- **{words['meaning']}**: {text.meaning}"
    yield f"- **{words['fix']}**: {text.fix}"
    example = EXAMPLES.get(entry.code)
    if example:
        yield ""
        yield f"{words['example']}:"
        yield ""
        yield "```xml"
        yield example
        yield "```"
    yield ""


def markdown(lang: str) -> str:
    """The reference page in ``lang`` ("ja" or "en")."""
    words = PAGE[lang]
    by_group: dict[str, list[Entry]] = {}
    for entry in entries():
        by_group.setdefault(entry.group, []).append(entry)
    lines = [
        f"<!-- {words['generated']} -->",
        "",
        f"# {words['title']}",
        "",
        words["other_language"],
        "",
        words["intro"],
        "",
        f"## {words['how_to_read']}",
        "",
        words["how_to_read_text"],
        "",
        '<a id="exit-codes"></a>',
        "",
        f"## {words['exit_codes']}",
        "",
        words["exit_header"],
        *(f"| {n} | {words[f'exit_{n}']} |" for n in range(4)),
        "",
        f"## {words['contents']}",
        "",
        *(f"- [{words[f'group.{g}']}](#section-{g})" for g in GROUPS if g in by_group),
        "",
    ]
    for group in GROUPS:
        if group not in by_group:
            continue
        # "section-" keeps group anchors apart from codes ("xsd" is both).
        lines += [f'<a id="section-{group}"></a>', "", f"## {words[f'group.{group}']}", ""]
        if words[f"group.{group}.intro"]:
            lines += [words[f"group.{group}.intro"], ""]
        lines += [*_group_table(by_group[group], lang), ""]
        for entry in by_group[group]:
            lines += list(_entry(entry, lang))
    return "\n".join(lines).rstrip("\n") + "\n"
