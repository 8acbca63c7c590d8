"""The Markdown of a procedure's handbook page and of the procedure index.

A pure function of the models, their README and the comparison ``engine.service`` makes
(the same KPIs and diffs as ``/staff/procedures/{procedure}``); the numbers and change
lines are worded by ``engine.analysis.describe``, the page's own words come from
``engine.messages.handbook``.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from engine.analysis.describe import (
    EDGE_CATEGORIES,
    VARIANT_NAMES,
    change_text,
    delta_text,
    entry_name,
    kpi_keys,
    kpi_with_unit,
    summary_line,
    type_name,
    verdict,
    word,
)
from engine.analysis.diff import Diff, Entry
from engine.analysis.kpi import KPI_KEYS
from engine.messages.handbook import LABELS
from engine.messages.kpi import label as kpi_label
from engine.service.comparisons import Comparison, Measured

QUIET_ATTRIBUTES: Final = frozenset({"documentation"})
LISTED: Final = 12  # elements listed per kind of change before "and N more"
_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>|#!~])")
_HEADING: Final = re.compile(r"^(#{1,5})(\s)")
_FENCE: Final = re.compile(r"^\s*(```|~~~)")
_LINK: Final = re.compile(r"(\])\(([^)\s]+)")  # a link's or an image's target
_ABSOLUTE: Final = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")


def label(key: str, lang: str, **params: object) -> str:
    texts = LABELS[key]
    template = texts.get(lang) or texts["en"]
    return template.format(**params) if params else template


def escape(text: str) -> str:
    """Text from a model shown as Markdown text: no markup, one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


@dataclass(frozen=True, slots=True)
class Subject:
    """What a procedure page is about: its slug, folder (as shown), README text, the
    comparison of its variants and the image file of each variant's diagram."""

    slug: str
    folder: str
    readme: str | None
    comparison: Comparison
    images: tuple[str, ...]
    readme_translated: bool = True  # False: the README is in another language than the page
    page_folder: str = "."  # where the page lies, relative to where ``folder`` is shown from

    @property
    def name(self) -> str:
        heading = _title(self.readme)
        if heading:
            return heading
        names = [m.process.name or m.process.id for m in self.comparison.measured]
        return common_name(names) or self.slug


def common_name(names: Sequence[str]) -> str:
    """What the variants' names share, as the staff pages name a procedure."""
    from engine.service.comparisons import _common_name  # the staff pages' own rule

    return _common_name(list(names))


def _title(readme: str | None) -> str | None:
    for line in (readme or "").splitlines():
        if line.startswith("# "):
            return line[2:].strip() or None
        if line.strip():
            return None
    return None


def _rebase(line: str, source: str, page: str) -> str:
    """Relative link targets of a line written in folder ``source``, made relative to the
    page's folder ``page`` (both relative to the repository)."""

    def moved(found: re.Match[str]) -> str:
        target = found.group(2)
        if _ABSOLUTE.match(target):
            return found.group(0)
        path, hash_, fragment = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(source, path))
        return f"{found.group(1)}({posixpath.relpath(resolved, page)}{hash_}{fragment}"

    return _LINK.sub(moved, line)


def _body(readme: str, source: str = ".", page: str = ".") -> list[str]:
    """The README without its title, its headings one level down (the page has one h1),
    its links pointing where they pointed from the README's folder."""
    lines = readme.strip("\n").splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    shown: list[str] = []
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        shown.append(line if fenced else _rebase(_HEADING.sub(r"#\1\2", line), source, page))
    return [*_strip_blank(shown)]


def _strip_blank(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def column(item: Measured) -> str:
    """As-Is / Can-Be / To-Be, else the file's name."""
    return VARIANT_NAMES.get(item.kind or "", Path(item.variant.file).stem)


def variant_heading(item: Measured, lang: str) -> str:
    kind = item.kind or ""
    key = f"variant.{kind}"
    return label(key, lang) if key in LABELS else escape(column(item))


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def procedure_page(subject: Subject, lang: str) -> str:
    """The whole page: title, about, models, diagrams, KPIs, main differences."""
    measured = subject.comparison.measured
    other = "en" if lang == "ja" else "ja"
    lines = [
        f"# {escape(subject.name)}",
        "",
        f"> {label('generated', lang, folder=subject.folder)}",
        "",
        f"[{label('other-language', lang)}](../../{other}/procedures/{subject.slug}.md)",
        "",
        f"## {label('about', lang)}",
        "",
    ]
    if subject.readme and not subject.readme_translated:
        lines += [label("about.other-language", lang), ""]
    if subject.readme:
        lines += _body(subject.readme, subject.folder, subject.page_folder)
    else:
        lines += _documentation(measured, lang)
    lines += ["", *_models(measured, subject.slug, lang)]
    lines += ["", *_diagrams(measured, subject.images, lang)]
    lines += ["", *_kpis(measured, lang)]
    lines += ["", *_changes(subject, lang)]
    return "\n".join(lines).rstrip("\n") + "\n"


def _documentation(measured: Sequence[Measured], lang: str) -> list[str]:
    texts = [m.process.documentation for m in reversed(measured) if m.process.documentation]
    if texts and texts[0].strip():
        return [escape(paragraph) for paragraph in re.split(r"\n\s*\n", texts[0].strip())]
    return [label("about.none", lang)]


def _facts(measured: Sequence[Measured], slug: str, lang: str) -> list[str]:
    procedure = next((m.process.bpr.procedure for m in measured if m.process.bpr.procedure), slug)
    area = next((m.process.bpr.area for m in measured if m.process.bpr.area), None)
    lines = [f"- {label('facts.slug', lang)}: `{procedure}`"]
    if area:
        lines.append(f"- {label('facts.area', lang)}: {escape(area)}")
    return lines


def _models(measured: Sequence[Measured], slug: str, lang: str) -> list[str]:
    heads = ("variant", "name", "key", "file", "runs")
    lines = [
        f"## {label('models', lang)}",
        "",
        *_facts(measured, slug, lang),
        "",
        _row([label(f"models.{h}", lang) for h in heads]),
        _row(["---"] * len(heads)),
    ]
    for item in measured:
        runs = "executable" if item.process.is_executable else "analysis"
        lines.append(
            _row(
                [
                    variant_heading(item, lang),
                    escape(item.process.name or "—"),
                    f"`{item.process.id}`",
                    f"`{item.variant.file}`",
                    label(f"models.{runs}", lang),
                ]
            )
        )
    return lines


def _diagrams(measured: Sequence[Measured], images: Sequence[str], lang: str) -> list[str]:
    lines = [f"## {label('diagrams', lang)}"]
    for item, image in zip(measured, images, strict=True):
        heading = variant_heading(item, lang)
        alt = label("diagram.alt", lang, variant=heading, name=item.process.label)
        lines += ["", f"### {heading}", "", f"[![{escape(alt)}]({image})]({image})"]
    return [*lines, "", label("diagram.open", lang)]


def _kpis(measured: Sequence[Measured], lang: str) -> list[str]:
    """The staff page's KPI table as Markdown: a row per KPI, a column per variant and the
    change from the first to the last, worded by ``engine.analysis.describe``."""
    values = [m.values for m in measured]
    names = [column(m) for m in measured]
    first, last = values[0], values[-1]
    compared = len(values) > 1
    heads = [label("kpis.key", lang), *names]
    if compared:
        heads.append(label("kpis.delta", lang, old=names[0], new=names[-1]))
    lines = [
        f"## {label('kpis', lang)}",
        "",
        label("kpis.help", lang),
        "",
        _row(heads),
        _row(["---", *["---:"] * (len(heads) - 1)]),
    ]
    for key in kpi_keys(values):
        cells = [word(f"kpi.{key}", lang)]
        cells += [kpi_with_unit(key, v[key], lang) if v and key in v else "—" for v in values]
        if compared:
            change = "—"
            if first and last and key in first and key in last:
                change = delta_text(key, last[key] - first[key], lang)
                judged = verdict(key, first[key], last[key])
                if judged:
                    change = label("kpis.verdict", lang, delta=change, verdict=word(judged, lang))
            cells.append(change)
        lines.append(_row(cells))
    summary = summary_line(values, lang) if compared else ""
    notes = _kpi_notes(measured, names, lang)
    if summary:
        lines += ["", label("kpis.summary", lang, text=summary)]
    if not compared:
        lines += ["", label("kpis.single", lang)]
    if notes:
        lines += ["", *(f"- {note}" for note in notes)]
    return lines


def _kpi_notes(measured: Sequence[Measured], names: Sequence[str], lang: str) -> list[str]:
    notes = []
    separator = word("sep", lang)
    for item, name in zip(measured, names, strict=True):
        if item.error is not None:
            notes.append(
                label("kpis.failed", lang, variant=name, message=escape(item.error.message(lang)))
            )
            continue
        for missing in item.report.missing if item.report else ():
            affected = (
                kpi_label("all", lang)
                if set(missing.kpis) >= set(KPI_KEYS)
                else separator.join(word(f"kpi.{k}", lang) for k in missing.kpis)
            )
            notes.append(
                label(
                    "kpis.missing",
                    lang,
                    variant=name,
                    annotation=f"`{missing.key}`",
                    count=len(missing.elements),
                    kpis=affected,
                )
            )
    return notes


def _changes(subject: Subject, lang: str) -> list[str]:
    measured = subject.comparison.measured
    lines = [f"## {label('changes', lang)}"]
    for step, old, new in zip(subject.comparison.diffs, measured[:-1], measured[1:], strict=True):
        lines += ["", f"### {label('changes.step', lang, old=column(old), new=column(new))}", ""]
        lines += _step(step, lang)
    if not subject.comparison.diffs:
        return [*lines, "", label("kpis.single", lang)]
    files = " ".join(f"{subject.folder}/{m.variant.file}" for m in measured)
    return [*lines, "", label("changes.report", lang, files=files)]


def _step(step: Diff, lang: str) -> list[str]:
    if step.empty:
        return [label("changes.none", lang)]
    flows = sum(e.category in EDGE_CATEGORIES for e in (*step.added, *step.removed, *step.changed))
    lines = [
        label(
            "changes.counts",
            lang,
            added=len(step.added),
            removed=len(step.removed),
            changed=len(step.changed),
            flows=flows,
        )
    ]
    for kind, entries in (
        ("added", step.added),
        ("removed", step.removed),
        ("changed", step.changed),
    ):
        chosen = [
            e
            for e in entries
            if e.category not in EDGE_CATEGORIES and (kind != "changed" or _noted(e).changes)
        ]
        if not chosen:
            continue
        lines += ["", f"- {label(f'changes.{kind}', lang)}"]
        lines += [f"  - {_entry(entry, lang)}" for entry in chosen[:LISTED]]
        if len(chosen) > LISTED:
            lines.append(f"  - {label('changes.more', lang, count=len(chosen) - LISTED)}")
    return lines


def _noted(entry: Entry) -> Entry:
    """The entry without changes of wording only (documentation): the main differences
    are what is done, by whom and how."""
    kept = tuple(c for c in entry.changes if c.attribute not in QUIET_ATTRIBUTES)
    return dataclasses.replace(entry, changes=kept)


def _entry(entry: Entry, lang: str) -> str:
    entry = _noted(entry)
    space = "" if lang == "ja" else " "
    name = escape(entry_name(entry, lang))
    quoted = f"「{name}」" if lang == "ja" else f'"{name}"'
    text = f"{type_name(entry.type, lang)}{space}{quoted}"
    if entry.changes:
        separator = word("sep", lang)
        colon = "：" if lang == "ja" else ": "
        text += colon + separator.join(escape(change_text(c, lang)) for c in entry.changes)
    return text


def index_page(subjects: Sequence[Subject], folder: str, lang: str) -> str:
    """The list of procedure pages."""
    lines = [
        f"# {label('index.title', lang)}",
        "",
        f"> {label('generated', lang, folder=folder)}",
        "",
        label("index.intro", lang),
        "",
    ]
    if not subjects:
        lines.append(label("index.none", lang))
    for subject in subjects:
        kinds = ", ".join(column(m) for m in subject.comparison.measured)
        item = label("index.item", lang, name=escape(subject.name), page=f"{subject.slug}.md",
                     variants=kinds)  # fmt: skip
        lines.append(f"- {item}")
    return "\n".join(lines) + "\n"
