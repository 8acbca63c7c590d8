"""ISO 8601 durations (``PT9M``, ``P2W``, ``P1DT12H``) as seconds, for BPR annotations.

Calendar units are averaged so that KPIs stay numbers: a month is 30 days and a year is
365 days. Durations with a sign, repetitions (``R6/P1D``) or dates are not durations.
"""

from __future__ import annotations

import re
from typing import Final

_DURATION: Final = re.compile(
    r"""^P(?!$)
        (?:(?P<years>\d+(?:[.,]\d+)?)Y)?
        (?:(?P<months>\d+(?:[.,]\d+)?)M)?
        (?:(?P<weeks>\d+(?:[.,]\d+)?)W)?
        (?:(?P<days>\d+(?:[.,]\d+)?)D)?
        (?:T(?=\d)
            (?:(?P<hours>\d+(?:[.,]\d+)?)H)?
            (?:(?P<minutes>\d+(?:[.,]\d+)?)M)?
            (?:(?P<seconds>\d+(?:[.,]\d+)?)S)?
        )?$""",
    re.VERBOSE,
)

_SECONDS: Final = {
    "years": 365 * 86400,
    "months": 30 * 86400,
    "weeks": 7 * 86400,
    "days": 86400,
    "hours": 3600,
    "minutes": 60,
    "seconds": 1,
}

SECONDS_PER_DAY: Final = 86400.0


def parse_duration(text: str) -> float | None:
    """Seconds in an ISO 8601 duration, or None when ``text`` is not one."""
    match = _DURATION.match(text.strip().upper())
    if match is None:
        return None
    total = 0.0
    for unit, value in match.groupdict().items():
        if value is not None:
            total += float(value.replace(",", ".")) * _SECONDS[unit]
    return total


def is_iso_duration(text: str) -> bool:
    return parse_duration(text) is not None
