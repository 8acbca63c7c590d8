"""Lead-time histograms of simulated variants as one self-contained SVG.

One panel per variant, stacked, on the same day axis and the same count scale so that
the variants compare at a glance; dashed lines mark the mean and the 90th percentile.
Text uses the diagrams' font stack (Japanese first); wording comes from
``engine.messages.simulation``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Final

from engine.messages.simulation import label
from engine.model.elements import Point
from engine.render.svg import Attr, Canvas, num
from engine.render.theme import BAND, FONT_SIZE, FONT_STACK, INK, MUTED, SMALL_FONT_SIZE

if TYPE_CHECKING:
    from engine.analysis.simulate import Result

WIDTH: Final = 760.0
LEFT: Final = 64.0
RIGHT: Final = 24.0
TOP: Final = 44.0
PANEL: Final = 140.0
HEADING: Final = 36.0
BOTTOM: Final = 56.0
MAX_BINS: Final = 40
COLOURS: Final = ("#0017c1", "#197a4b", "#fb5b01", "#666666", "#8843e1", "#b78f00")


def nice_step(span: float, ticks: int = 6) -> float:
    """A round tick distance (1, 2 or 5 times a power of ten) for about ``ticks`` ticks."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _range(results: Sequence[Result]) -> tuple[float, float, float]:
    values = [d for r in results for d in (r.lead_time.min, r.lead_time.max)]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high - low < 1e-9:
        low, high = max(0.0, low - 0.5), high + 0.5
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _counts(days: Sequence[float], low: float, width: float, bins: int) -> list[int]:
    counts = [0] * bins
    for value in days:
        counts[min(bins - 1, max(0, int((value - low) / width)))] += 1
    return counts


def _text(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    *,
    size: float = SMALL_FONT_SIZE,
    anchor: str = "start",
    fill: str = INK,
    bold: bool = False,
    transform: str | None = None,
) -> None:
    attrs: dict[str, Attr] = {"x": float(x), "y": float(y), "font-size": size}
    attrs |= {"text-anchor": anchor, "fill": fill, "transform": transform}
    attrs["font-weight"] = "bold" if bold else None
    canvas.raw_text("text", attrs, text)


def histogram(results: Sequence[Result], lang: str = "ja") -> str:
    """The SVG document (a string) of the lead-time histograms of ``results``."""
    low, high, step = _range(results)
    cases = max((r.cases for r in results), default=0)
    bins = max(1, min(MAX_BINS, round(math.sqrt(cases)) or 1))
    bin_width = (high - low) / bins
    counts = [_counts(r.lead_times, low, bin_width, bins) for r in results]
    top = max((c for row in counts for c in row), default=0) or 1
    plot = WIDTH - LEFT - RIGHT
    height = TOP + len(results) * (HEADING + PANEL) + BOTTOM

    def x_of(day: float) -> float:
        return LEFT + (day - low) / (high - low) * plot

    body = Canvas()
    _text(body, label("chart.title", lang), LEFT, 26.0, size=FONT_SIZE + 4, bold=True)
    for index, (result, row) in enumerate(zip(results, counts, strict=True)):
        y0 = TOP + index * (HEADING + PANEL) + HEADING
        colour = COLOURS[index % len(COLOURS)]
        file = PurePath(result.file).name
        name = f"{result.label} ({file})" if lang == "en" else f"{result.label}（{file}）"
        body.open("g", {"class": "mf-variant", "data-process": result.process})
        _text(body, name, LEFT, y0 - 10, size=FONT_SIZE, bold=True)
        cases_text = label("chart.cases", lang, cases=result.cases)
        _text(body, cases_text, WIDTH - RIGHT, y0 - 10, anchor="end", fill=MUTED)
        body.rect(LEFT, y0, plot, PANEL, fill=BAND, stroke="none")
        for b, count in enumerate(row):
            if count:
                h = count / top * (PANEL - 32)
                x = LEFT + b * plot / bins
                body.rect(x + 0.5, y0 + PANEL - h, plot / bins - 1, h, fill=colour)
        marks = (
            ("chart.mean", result.lead_time.mean, "6 3"),
            ("chart.p90", result.lead_time.p90, "2 3"),
        )
        for row_number, (key, value, dash) in enumerate(marks):
            x = x_of(value)
            body.line(Point(x, y0), Point(x, y0 + PANEL), stroke=INK, stroke_dasharray=dash)
            right = x > LEFT + plot * 0.8
            text = label(key, lang, value=f"{value:.1f}")
            y = y0 + 12 + 14 * row_number
            _text(body, text, x - 4 if right else x + 4, y, anchor="end" if right else "start")
        _text(body, "0", LEFT - 6, y0 + PANEL, anchor="end", fill=MUTED)
        _text(body, f"{top:,}", LEFT - 6, y0 + 36, anchor="end", fill=MUTED)
        body.close("g")
    axis = TOP + len(results) * (HEADING + PANEL)
    body.line(Point(LEFT, axis), Point(WIDTH - RIGHT, axis), stroke=INK)
    for number in range(round((high - low) / step) + 1):
        tick = low + number * step
        x = x_of(tick)
        body.line(Point(x, axis), Point(x, axis + 5), stroke=INK)
        _text(body, f"{tick:g}", x, axis + 18, anchor="middle")
    _text(body, label("chart.x", lang), LEFT + plot / 2, axis + 42, anchor="middle", size=FONT_SIZE)
    middle = TOP + (axis - TOP) / 2
    turn = f"rotate(-90 18 {num(middle)})"
    _text(
        body, label("chart.y", lang), 18.0, middle, anchor="middle", size=FONT_SIZE, transform=turn
    )

    out = Canvas()
    out.parts.append('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.open(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "version": "1.1",
            "class": "mf-histogram",
            "viewBox": f"0 0 {num(WIDTH)} {num(height)}",
            "width": num(WIDTH),
            "height": num(height),
            "font-family": FONT_STACK,
            "xml:lang": lang,
        },
    )
    out.raw_text("title", {}, label("chart.title", lang))
    out.rect(0, 0, WIDTH, height, fill="#ffffff", stroke="none")
    out.parts.extend(body.parts)
    out.close("svg")
    return out.markup() + "\n"
