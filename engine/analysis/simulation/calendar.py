"""Working hours for simulated staff work: weekdays between an opening and a closing time.

Simulated time is seconds from Monday at the opening time (so a case that arrives at 0
is worked on at once). Waits run on calendar time; only hands-on work is confined to
working hours, paused at closing and resumed at the next weekday's opening. Public
holidays are not modelled.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Final

DAY: Final = 86400.0
WEEKDAYS: Final = 5
_HOURS: Final = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """Weekday hours ``opens`` to ``closes``, in seconds after midnight."""

    opens: float
    closes: float

    @classmethod
    def parse(cls, text: str) -> WorkingHours | None:
        """``"8:30-17:15"`` as working hours, or None when it is not ``HH:MM-HH:MM``
        with the opening before the closing (24:00 is allowed as a closing time)."""
        match = _HOURS.match(text)
        if match is None:
            return None
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if m1 > 59 or m2 > 59 or h1 > 23 or h2 > 24 or (h2 == 24 and m2):
            return None
        opens, closes = h1 * 3600.0 + m1 * 60.0, h2 * 3600.0 + m2 * 60.0
        return cls(opens, closes) if opens < closes else None

    @property
    def daily(self) -> float:
        return self.closes - self.opens

    def finish(self, start: float, work: float) -> float:
        """When ``work`` seconds of staff work begun at ``start`` are done."""
        if work <= 0.0:
            return start
        absolute = start + self.opens  # seconds from Monday 00:00
        day = math.floor(absolute / DAY)
        offset = absolute - day * DAY
        remaining = work
        weekly = WEEKDAYS * self.daily
        while True:
            if day % 7 < WEEKDAYS:
                offset = max(offset, self.opens)
                if offset < self.closes:
                    available = self.closes - offset
                    if remaining <= available:
                        return day * DAY + offset + remaining - self.opens
                    remaining -= available
            day += 1
            offset = self.opens
            if day % 7 == 0 and remaining > weekly:  # whole weeks at once
                weeks = math.ceil(remaining / weekly) - 1
                day += 7 * weeks
                remaining -= weeks * weekly

    def working_seconds(self, end: float) -> float:
        """Working time in ``[0, end]``: the staff time a lane could give in that span
        (time 0 is Monday's opening, so nothing before it counts)."""
        if end <= 0.0:
            return 0.0
        absolute = end + self.opens
        weeks = math.floor(absolute / (7 * DAY))
        total = weeks * WEEKDAYS * self.daily
        rest = absolute - weeks * 7 * DAY
        for day in range(WEEKDAYS):
            total += min(max(rest - day * DAY - self.opens, 0.0), self.daily)
        return total
