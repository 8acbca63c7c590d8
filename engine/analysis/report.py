"""The comparison report: one self-contained HTML page (inline CSS and SVG, no external URL).

Two variants side by side, or three (As-Is / Can-Be / To-Be): each diagram drawn by
``engine.render`` with its changes highlighted and labelled, the KPI table with the deltas
of each step and a plain-language summary line, and the change list of each step. Every
change is named in words (追加 / 削除 / 変更) as well as coloured, and the page prints on
A4 landscape with the diagrams scaled to the page width.
"""

from __future__ import annotations

import importlib.resources
import math
from collections.abc import Mapping, Sequence
from html import escape
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Final

from lxml import etree

from engine.analysis.describe import (
    EDGE_CATEGORIES,
    attribute_name,
    chain_kpis,
    change_text,
    delta_text,
    entry_name,
    kpi_keys,
    kpi_with_unit,
    side_names,
    sides,
    summary_line,
    type_name,
    verdict,
    word,
)
from engine.analysis.diff import Diff, Entry
from engine.errors import MachiflowError
from engine.model.elements import Definitions
from engine.render import render_svg

KINDS: Final = ("added", "removed", "changed")
BADGE_COLOURS: Final = {  # background, text: each pair has a contrast above 4.5:1
    "added": ("#197a4b", "#ffffff"),
    "removed": ("#ce0000", "#ffffff"),
    "changed": ("#fb5b01", "#1a1a1a"),
}
BADGE_CATEGORIES: Final = frozenset({"node", "data", "annotation"})
_SHAPE_TAGS: Final = frozenset({"rect", "circle", "ellipse", "polygon", "polyline", "line"})


def html_report(
    diffs: Sequence[Diff], documents: Sequence[Definitions], *, lang: str = "ja"
) -> str:
    """The whole page for a chain of diffs (``engine.analysis.diff.chain``) of ``documents``."""
    variants = sides(diffs)
    names = side_names(variants)
    values = chain_kpis(diffs)
    title = word("title.steps", lang, names=" → ".join(names))
    summary = summary_line(values, lang) if values else ""
    css = importlib.resources.files("engine.analysis").joinpath("report.css").read_text("utf-8")
    files = " → ".join(
        word("diagram.caption", lang, name=s.name or s.process, file=Path(s.file).name)
        for s in variants
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="machiflow {escape(_version())}">',
        f"<title>{escape(title)} | machiflow</title>",
        f"<style>\n{css}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="mf-files">{escape(files)}</p>',
        f'<p class="mf-summary">{escape(summary)}</p>' if summary else "",
        "</header>",
        "<main>",
        *_kpi_section(diffs, names, values, lang),
        *_diagram_section(diffs, documents, names, lang),
        *_changes_section(diffs, names, lang),
        "</main>",
        f"<footer><p>{escape(word('footer', lang, version=_version()))}</p></footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def _version() -> str:
    try:
        return version("machiflow")
    except PackageNotFoundError:
        return ""


# --- KPIs --------------------------------------------------------------------------------


def _kpi_section(
    diffs: Sequence[Diff],
    names: Sequence[str],
    values: Sequence[Mapping[str, float] | None],
    lang: str,
) -> list[str]:
    if not values:
        return []
    steps = [(i, i + 1) for i in range(len(values) - 1)]
    if len(values) > 2:
        steps.append((0, len(values) - 1))  # As-Is → To-Be over all
    head = [f'<th scope="col">{escape(word("kpis.key", lang))}</th>']
    head += [f'<th scope="col" class="mf-num">{escape(n)}</th>' for n in names]
    head += [
        f'<th scope="col" class="mf-num">'
        f"{escape(word('kpis.delta', lang, old=names[a], new=names[b]))}</th>"
        for a, b in steps
    ]
    rows = []
    for key in kpi_keys(values):
        cells = [f'<th scope="row">{escape(word(f"kpi.{key}", lang))}</th>']
        for found in values:
            shown = kpi_with_unit(key, found[key], lang) if found and key in found else "—"
            cells.append(f'<td class="mf-num">{escape(shown)}</td>')
        for a, b in steps:
            cells.append(f'<td class="mf-num">{_delta_cell(key, values[a], values[b], lang)}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    notes = []
    for item in diffs:
        if item.kpis is None:
            continue
        for side, error in ((item.old, item.kpis.old_error), (item.new, item.kpis.new_error)):
            if error is not None:
                text = word("kpis.missing", lang, name=side.file, message=error.message(lang))
                note = f'<p class="mf-note">{escape(text)}</p>'
                if note not in notes:
                    notes.append(note)
    return [
        '<section aria-labelledby="mf-kpis">',
        f'<h2 id="mf-kpis">{escape(word("kpis", lang))}</h2>',
        '<table class="mf-table mf-kpi-table">',
        f"<caption>{escape(word('kpis.caption', lang))}</caption>",
        f"<thead><tr>{''.join(head)}</tr></thead>",
        f"<tbody>{''.join(rows)}</tbody>",
        "</table>",
        *notes,
        "</section>",
    ]


def _delta_cell(
    key: str, old: Mapping[str, float] | None, new: Mapping[str, float] | None, lang: str
) -> str:
    if not old or not new or key not in old or key not in new:
        return "—"
    text = escape(delta_text(key, new[key] - old[key], lang))
    judged = verdict(key, old[key], new[key])
    if judged is None:
        return text
    return f'{text} <span class="mf-{judged}">{escape(word(judged, lang))}</span>'


# --- diagrams ----------------------------------------------------------------------------


def _marks(diffs: Sequence[Diff], index: int) -> dict[str, str]:
    """States drawn on variant ``index``: added and changed since the previous variant,
    and what the next one removes (the first variant: changed towards the next, too)."""
    marks: dict[str, str] = {}
    categories: dict[str, str] = {}
    if index == 0:
        marks = diffs[0].highlight_old()
        for entry in (*diffs[0].removed, *diffs[0].changed):
            categories[entry.old_id or entry.id] = entry.category
    else:
        marks = diffs[index - 1].highlight_new()
        for entry in (*diffs[index - 1].added, *diffs[index - 1].changed):
            categories[entry.id] = entry.category
        if index < len(diffs):
            for entry in diffs[index].removed:
                marks.setdefault(entry.id, "removed")
                categories.setdefault(entry.id, entry.category)
    # Pools and lanes are listed, not painted: a painted lane would hide the nodes' states.
    return {k: v for k, v in marks.items() if categories.get(k) not in {"pool", "lane"}}


def _diagram_section(
    diffs: Sequence[Diff], documents: Sequence[Definitions], names: Sequence[str], lang: str
) -> list[str]:
    variants = sides(diffs)
    figures = []
    for index, (side, document) in enumerate(zip(variants, documents, strict=True)):
        marks = _marks(diffs, index)
        counts = {k: sum(1 for v in marks.values() if v == k) for k in KINDS}
        label = word("diagram.label", lang, name=names[index], **counts)
        try:
            svg = render_svg(document, process_id=side.process, highlight=marks)
            drawing = _inline_svg(svg, marks, label, lang)
        except MachiflowError as exc:
            message = word("diagram.failed", lang, message=exc.message(lang))
            drawing = f'<p class="mf-note">{escape(message)}</p>'
        caption = escape(names[index])
        detail = escape(f"{Path(side.file).name} · {side.name or side.process}")
        figures.append(
            f'<figure class="mf-figure" data-variant="{index}">'
            f"<figcaption>{caption} <span>{detail}</span></figcaption>{drawing}</figure>"
        )
    columns = min(len(figures), 3)
    legend = "".join(
        f'<li><span class="mf-swatch mf-swatch-{k}" aria-hidden="true"></span>'
        f"{escape(word(f'legend.{k}', lang))}</li>"
        for k in KINDS
    )
    return [
        '<section aria-labelledby="mf-diagrams">',
        f'<h2 id="mf-diagrams">{escape(word("diagrams", lang))}</h2>',
        f'<ul class="mf-legend" aria-label="{escape(word("legend", lang))}">{legend}</ul>',
        f'<div class="mf-diagrams mf-diagrams-{columns}">{"".join(figures)}</div>',
        "</section>",
    ]


def _inline_svg(svg: str, marks: Mapping[str, str], label: str, lang: str) -> str:
    """The renderer's SVG document made ready to sit inside HTML: no XML declaration or
    namespace, scaled by CSS, named for screen readers, with a word badge on each change."""
    root = etree.fromstring(svg.encode("utf-8"))
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = etree.QName(element).localname
    etree.cleanup_namespaces(root)
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, "")
    root.attrib.pop("{http://www.w3.org/XML/1998/namespace}lang", "")
    root.set("lang", lang)
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("preserveAspectRatio", "xMidYMin meet")
    badges = etree.SubElement(root, "g", {"class": "mf-badges", "aria-hidden": "true"})
    for group in root.iter("g"):
        element_id = group.get("data-element-id")
        state = marks.get(element_id or "")
        if state is None or "mf-shape" not in (group.get("class") or ""):
            continue
        box = _box(group)
        if box is not None:
            _badge(badges, box, state, word(state, lang))
    return etree.tostring(root, encoding="unicode")


def _box(group: etree._Element) -> tuple[float, float, float, float] | None:
    """The box around a shape's outline primitives (x0, y0, x1, y1)."""
    xs: list[float] = []
    ys: list[float] = []
    for item in group.iter():
        tag = item.tag if isinstance(item.tag, str) else ""
        if tag not in _SHAPE_TAGS:
            continue
        get = item.get
        try:
            if tag == "rect":
                x, y = float(get("x", 0)), float(get("y", 0))
                xs += [x, x + float(get("width", 0))]
                ys += [y, y + float(get("height", 0))]
            elif tag in {"circle", "ellipse"}:
                cx, cy = float(get("cx", 0)), float(get("cy", 0))
                rx = float(get("r") or get("rx") or 0)
                ry = float(get("r") or get("ry") or 0)
                xs += [cx - rx, cx + rx]
                ys += [cy - ry, cy + ry]
            elif tag == "line":
                xs += [float(get("x1", 0)), float(get("x2", 0))]
                ys += [float(get("y1", 0)), float(get("y2", 0))]
            else:
                for point in (get("points") or "").split():
                    px, py = point.split(",")
                    xs.append(float(px))
                    ys.append(float(py))
        except ValueError:
            continue
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def _badge(
    parent: etree._Element, box: tuple[float, float, float, float], state: str, text: str
) -> None:
    background, ink = BADGE_COLOURS[state]
    size = 10.0
    width = max(len(text) * size * (1.0 if not text.isascii() else 0.62) + 8, 24.0)
    height = size + 6
    x = box[2] - width + 4
    y = box[1] - height + 2
    group = etree.SubElement(parent, "g", {"class": f"mf-badge mf-badge-{state}"})
    etree.SubElement(group, "rect", {
        "x": _num(x), "y": _num(y), "width": _num(width), "height": _num(height),
        "rx": "3", "fill": background, "stroke": "#ffffff", "stroke-width": "1",
    })  # fmt: skip
    label = etree.SubElement(group, "text", {
        "x": _num(x + width / 2), "y": _num(y + height - 4.5), "font-size": _num(size),
        "text-anchor": "middle", "fill": ink,
    })  # fmt: skip
    label.text = text


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if math.isfinite(value) else "0"


# --- change lists ------------------------------------------------------------------------


def _changes_section(diffs: Sequence[Diff], names: Sequence[str], lang: str) -> list[str]:
    out = [
        '<section class="mf-section-changes" aria-labelledby="mf-changes">',
        f'<h2 id="mf-changes">{escape(word("changes", lang))}</h2>',
    ]
    for index, item in enumerate(diffs):
        old, new = names[index], names[index + 1]
        heading_id = f"mf-step-{index}"
        out.append(
            f'<h3 id="{heading_id}">{escape(word("changes.step", lang, old=old, new=new))}</h3>'
        )
        rows = _rows(item, lang)
        if rows:
            caption = word(
                "changes.caption",
                lang,
                old=old,
                new=new,
                added=len(item.added),
                removed=len(item.removed),
                changed=len(item.changed),
            )
            head = "".join(
                f'<th scope="col">{escape(word(f"column.{c}", lang))}</th>'
                for c in ("change", "type", "name", "detail", "id")
            )
            out += [
                f'<table class="mf-table mf-change-table" data-step="{index}">',
                f"<caption>{escape(caption)}</caption>",
                f"<thead><tr>{head}</tr></thead>",
                f"<tbody>{''.join(rows)}</tbody>",
                "</table>",
            ]
        else:
            out.append(f"<p>{escape(word('changes.none', lang))}</p>")
        if item.layout_changed:
            out += _layout_list(item, lang)
    out.append("</section>")
    return out


def _rows(item: Diff, lang: str) -> list[str]:
    rows = []
    for edges in (False, True):
        for kind, entries in (
            ("added", item.added),
            ("removed", item.removed),
            ("changed", item.changed),
        ):
            for entry in entries:
                if (entry.category in EDGE_CATEGORIES) == edges:
                    rows.append(_row(kind, entry, lang))
    return rows


def _row(kind: str, entry: Entry, lang: str) -> str:
    tag = f'<span class="mf-tag mf-tag-{kind}">{escape(word(kind, lang))}</span>'
    details = "".join(f"<li>{escape(change_text(c, lang))}</li>" for c in entry.changes)
    detail = f"<ul>{details}</ul>" if details else ""
    ids = entry.id
    if entry.old_id and entry.new_id and entry.old_id != entry.new_id:
        ids = f"{entry.old_id} → {entry.new_id}"
    return (
        f'<tr class="mf-row-{kind}" data-element-id="{escape(entry.id)}">'
        f"<td>{tag}</td><td>{escape(type_name(entry.type, lang))}</td>"
        f'<th scope="row">{escape(entry_name(entry, lang))}</th>'
        f"<td>{detail}</td><td><code>{escape(ids)}</code></td></tr>"
    )


def _layout_list(item: Diff, lang: str) -> list[str]:
    items = []
    for entry in item.layout_changed:
        what = word("sep", lang).join(attribute_name(c.attribute, lang) for c in entry.layout)
        items.append(
            f"<li>{escape(type_name(entry.type, lang))} "
            f"{escape(entry_name(entry, lang))}: {escape(what)}</li>"
        )
    summary = word("changes.layout", lang, count=len(item.layout_changed))
    return [
        f'<details class="mf-layout"><summary>{escape(summary)}</summary>',
        f"<ul>{''.join(items)}</ul>",
        "</details>",
    ]
