"""A diff in words: change lines, KPI values and deltas, the summary line, the text report.

All wording comes from ``engine.messages.diff.LABELS``; this module only arranges it.
Shared by ``machiflow diff``'s text output and the HTML report (``engine.analysis.report``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from engine.analysis.diff import Change, Diff, Entry, Side
from engine.analysis.kpi import KPI_KEYS
from engine.messages.diff import LABELS

# The summary line leads with what residents and staff feel most.
SUMMARY_ORDER: Final = (
    "resident_visits",
    "staff_minutes",
    "lead_time_days",
    "resident_minutes",
    "online_share",
    "paper",
    "seals",
    "approvals",
    "rekeys",
    "handoffs",
    "steps",
)
HIGHER_IS_BETTER: Final = frozenset({"online_share"})
EDGE_CATEGORIES: Final = frozenset({"flow", "association"})
LAYOUT_LINES: Final = 10  # layout-only changes listed in the text report before "..."
VARIANT_NAMES: Final = {"as-is": "As-Is", "can-be": "Can-Be", "to-be": "To-Be"}
MINUS: Final = "\u2212"


def word(key: str, lang: str, **params: object) -> str:
    """A label in ``lang``, filled with ``params``; the key itself when there is none."""
    texts = LABELS.get(key)
    if texts is None:
        return key
    template = texts.get(lang) or texts["en"]
    return template.format(**params) if params else template


def type_name(kind: str, lang: str) -> str:
    return word(f"type.{kind}", lang) if f"type.{kind}" in LABELS else kind


def attribute_name(attribute: str, lang: str) -> str:
    key = f"attr.{attribute}"
    return word(key, lang) if key in LABELS else attribute


def side_name(side: Side) -> str:
    """What a variant is called: As-Is / Can-Be / To-Be, else the file's name."""
    if side.variant in VARIANT_NAMES:
        return VARIANT_NAMES[side.variant]
    return Path(side.file).stem or side.process


def side_names(sides: Sequence[Side]) -> list[str]:
    """Names of the variants, made distinct when two would read the same."""
    names = [side_name(s) for s in sides]
    if len(set(names)) < len(names):
        names = [f"{n} ({Path(s.file).name})" for n, s in zip(names, sides, strict=True)]
    if len(set(names)) < len(names):
        names = [f"{n} {i + 1}" for i, n in enumerate(names)]
    return names


def entry_name(entry: Entry, lang: str) -> str:
    """The element as a reader knows it: its name, or for a flow where it runs."""
    if entry.ends is not None:
        route = f"{entry.ends[0]} → {entry.ends[1]}"
        if not entry.name:
            return route
        return f"{entry.name}（{route}）" if lang == "ja" else f"{entry.name} ({route})"
    return entry.name or word("unnamed", lang)


def value_text(attribute: str, value: object, lang: str) -> str:
    if value is None or value == "":
        return word("none", lang)
    if attribute == "type" and isinstance(value, str):
        return type_name(value, lang)
    if attribute == "bounds" and isinstance(value, Mapping):
        return (
            f"({number(value['x'])}, {number(value['y'])}) "
            f"{number(value['width'])}×{number(value['height'])}"
        )
    if attribute == "waypoints" and isinstance(value, list):
        return " ".join(f"({number(x)}, {number(y)})" for x, y in value)
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def change_text(change: Change, lang: str) -> str:
    """ "種類: タスク → スクリプトタスク" """
    old = value_text(change.attribute, change.old, lang)
    new = value_text(change.attribute, change.new, lang)
    colon = ": " if lang == "en" else "："
    return f"{attribute_name(change.attribute, lang)}{colon}{old} → {new}"


def number(value: float) -> str:
    """At most one decimal, none when whole: 1.25 → "1.2", 54.0 → "54"."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def kpi_value(key: str, value: float) -> str:
    """A KPI value as the summary shows it (minutes whole above 10, days with a decimal)."""
    if key == "online_share":
        return f"{value * 100:.0f}%"
    if key == "lead_time_days":
        return f"{value:.1f}"
    if key in {"staff_minutes", "resident_minutes"} and abs(value) >= 10:
        return f"{value:.0f}"
    return number(value)


def kpi_unit(key: str, lang: str) -> str:
    unit = f"unit.{key}"
    return word(unit, lang) if unit in LABELS and key != "online_share" else ""


def kpi_with_unit(key: str, value: float, lang: str) -> str:
    unit = kpi_unit(key, lang)
    return f"{kpi_value(key, value)} {unit}" if unit else kpi_value(key, value)


def delta_text(key: str, delta: float, lang: str) -> str:
    """A signed change with its unit: "−46 分/件", "+1.5 日", "−28 pt" for shares."""
    if key == "online_share":
        shown = f"{abs(delta) * 100:.0f} pt"
    else:
        shown = kpi_with_unit(key, abs(delta), lang)
    if kpi_value(key, abs(delta)) in {"0", "0%", "0.0"}:
        return "±0"
    return (MINUS if delta < 0 else "+") + shown


def verdict(key: str, old: float, new: float) -> str | None:
    """ "better" or "worse" (a label key), None when the shown values are the same."""
    if kpi_value(key, old) == kpi_value(key, new):
        return None
    lower = new < old
    return "better" if lower != (key in HIGHER_IS_BETTER) else "worse"


def kpi_keys(values: Sequence[Mapping[str, float] | None]) -> list[str]:
    """The KPIs to show: the contract's, then any a newer kpi module adds."""
    keys = list(KPI_KEYS)
    for found in values:
        keys += [k for k in found or {} if k not in keys]
    return keys


def summary_line(values: Sequence[Mapping[str, float] | None], lang: str) -> str:
    """ "来庁回数 1.3 → 0、職員工数 54 → 8 分/件、リードタイム 21.5 → 6.0 日" over the variants
    (KPIs whose shown value changes, most felt first)."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    keys = [k for k in SUMMARY_ORDER if all(k in v for v in known)]
    keys += [k for k in kpi_keys(known) if k not in keys and all(k in v for v in known)]
    parts = []
    for key in keys:
        shown = [kpi_value(key, v[key]) for v in known]
        if len(set(shown)) == 1:
            continue
        unit = kpi_unit(key, lang)
        text = f"{word(f'kpi.{key}', lang)} {' → '.join(shown)}"
        parts.append(f"{text} {unit}" if unit else text)
    return word("sep", lang).join(parts) if parts else word("kpis.none", lang)


def chain_kpis(diffs: Sequence[Diff]) -> list[Mapping[str, float] | None]:
    """The KPI values of each variant of a chain of diffs (None where they failed)."""
    if not diffs or diffs[0].kpis is None:
        return []
    found: list[Mapping[str, float] | None] = [diffs[0].kpis.old]
    for item in diffs:
        found.append(item.kpis.new if item.kpis is not None else None)
    return found


def sides(diffs: Sequence[Diff]) -> list[Side]:
    return [diffs[0].old, *(d.new for d in diffs)] if diffs else []


# --- the text report ---------------------------------------------------------------------


def text_report(diffs: Sequence[Diff], lang: str) -> str:
    """What ``machiflow diff`` prints: each step's changes, then the KPIs across variants."""
    names = side_names(sides(diffs))
    lines: list[str] = []
    for index, item in enumerate(diffs):
        old = word("text.side", lang, file=item.old.file, process=item.old.process)
        new = word("text.side", lang, file=item.new.file, process=item.new.process)
        if index:
            lines.append("")
        lines.append(
            word("text.header", lang, old=f"{names[index]} {old}", new=f"{names[index + 1]} {new}")
        )
        lines += _step_lines(item, lang)
    values = chain_kpis(diffs)
    if values:
        lines += ["", word("text.kpis", lang), *_kpi_lines(values, lang)]
        summary = summary_line(values, lang)
        if summary:
            lines += ["", word("text.summary", lang, text=summary)]
    return "\n".join(lines) + "\n"


def _step_lines(item: Diff, lang: str) -> list[str]:
    methods = [pair.method for pair, _ in item.matched]
    lines = [
        word(
            "text.matched",
            lang,
            matched=len(methods),
            by_id=methods.count("id"),
            by_score=len(methods) - methods.count("id") - methods.count("endpoints"),
            by_ends=methods.count("endpoints"),
        )
    ]
    if item.empty:
        lines.append(word("changes.none", lang))
    for edges in (False, True):
        for kind, mark, entries in (
            ("added", "+", item.added),
            ("removed", "-", item.removed),
            ("changed", "~", item.changed),
        ):
            chosen = [e for e in entries if (e.category in EDGE_CATEGORIES) == edges]
            if not chosen:
                continue
            title = word(kind, lang)
            if edges:
                title = f"{word('text.flows', lang)}: {title}"
            lines.append(word("text.count", lang, kind=title, count=len(chosen)))
            for entry in chosen:
                lines.append(f"  {mark} {_entry_line(entry, lang)}")
                lines += [f"      {change_text(c, lang)}" for c in entry.changes]
    if item.layout_changed:
        lines.append(word("changes.layout", lang, count=len(item.layout_changed)))
        for entry in item.layout_changed[:LAYOUT_LINES]:
            details = word("sep", lang).join(
                attribute_name(c.attribute, lang) for c in entry.layout
            )
            lines.append(f"  * {_entry_line(entry, lang)}: {details}")
        if len(item.layout_changed) > LAYOUT_LINES:
            lines.append("  ...")
    if item.kpis is not None:
        for side, error in (("old", item.kpis.old_error), ("new", item.kpis.new_error)):
            if error is not None:
                name = item.old.file if side == "old" else item.new.file
                lines.append(word("kpis.missing", lang, name=name, message=error.message(lang)))
    return lines


def _entry_line(entry: Entry, lang: str) -> str:
    ids = entry.id
    if entry.old_id and entry.new_id and entry.old_id != entry.new_id:
        ids = f"{entry.old_id} → {entry.new_id}"
    space = "" if lang == "ja" else " "
    return f"{type_name(entry.type, lang)}{space}{_quoted(entry_name(entry, lang), lang)} [{ids}]"


def _quoted(text: str, lang: str) -> str:
    return f"「{text}」" if lang == "ja" else f'"{text}"'


def _kpi_lines(values: Sequence[Mapping[str, float] | None], lang: str) -> list[str]:
    keys = kpi_keys(values)
    labels = {k: word(f"kpi.{k}", lang) for k in keys}
    width = max(_width(t) for t in labels.values())
    lines = []
    for key in keys:
        cells = [kpi_value(key, v[key]) if v is not None and key in v else "-" for v in values]
        row = " → ".join(cells)
        unit = kpi_unit(key, lang)
        first, last = values[0], values[-1]
        if first is not None and last is not None and key in first and key in last:
            row += f" {unit}" if unit else ""
            row += f"  ({delta_text(key, last[key] - first[key], lang)})"
        pad = " " * (width - _width(labels[key]))
        lines.append(f"  {labels[key]}{pad}  {row}")
    return lines


def _width(text: str) -> int:
    """Columns a string takes in a terminal: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
