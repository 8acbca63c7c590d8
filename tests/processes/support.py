"""What the bundled-model tests share: the lanes of each procedure, a clock moved by hand, a
version deployed as the server deploys it, and one case driven through ``Cases`` by element id."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Final, Self

from engine.runtime import ManualClock, using
from engine.service.cases import Cases
from engine.service.deployments import deploy
from engine.service.principals import ANONYMOUS, Principal, Resident, Staff
from engine.store import Database, InstanceStatus, TaskRecord, TaskStatus, token_hash

# Shared conventions: lane names and their actors, the same in every variant (As-Is, Can-Be,
# To-Be) of a procedure; a variant may leave lanes out.
LANES: Final[dict[str, dict[str, str]]] = {
    "gakudo": {
        "保護者": "resident",
        "勤務先": "external",
        "受付担当": "staff",
        "審査担当": "staff",
        "係長": "staff",
        "課長": "staff",
        "システム": "system",
    },
    "seikatsu-hogo": {
        "申請者": "resident",
        "面接相談員": "staff",
        "保護係": "staff",
        "ケースワーカー": "staff",
        "査察指導員": "staff",
        "課長": "staff",
        "金融機関等": "external",
        "年金事務所": "external",
        "扶養義務者": "external",
        "医療機関": "external",
        "システム": "system",
    },
}


@contextmanager
def clock_at(start: datetime) -> Iterator[ManualClock]:
    """The runtime's clock, standing at ``start`` until a test moves it."""
    manual = ManualClock(start)
    with using(manual):
        yield manual


def deployed(db: Database, files: Mapping[str, bytes], *, main: str, key: str) -> Cases:
    """``Cases`` on ``db`` with the bundle deployed, checked to be the expected process."""
    with db.transaction() as session:
        outcome = deploy(session, dict(files), actor="admin-1", main=main)
    assert outcome.main.definition.key == key
    assert outcome.findings == []
    return Cases(db)


@dataclass
class BundledCase:
    """One case: its id, the resident holding its secret, and the service. Subclasses name
    the staff user who reads the case for the tests (any staff user may read one)."""

    reader: ClassVar[Staff]
    cases: Cases
    id: str
    resident: Resident

    @classmethod
    def started(cls, cases: Cases, key: str) -> Self:
        """A case a resident starts online, as the resident pages do."""
        started = cases.start(key, None, ANONYMOUS)
        assert started.instance.receipt_number
        return cls(cases, started.instance.id, Resident(token_hash(started.access_token)))

    def ready(self) -> dict[str, TaskRecord]:
        view = self.cases.instance(self.id, self.reader)
        return {t.element_id: t for t in view.tasks if t.status == TaskStatus.READY}

    def complete(self, element_id: str, answers: Mapping[str, Any], by: Principal) -> None:
        task = self.ready()[element_id]
        self.cases.complete(task.id, dict(answers), by)

    def fire(self) -> int:
        return self.cases.fire_due_timers()

    @property
    def data(self) -> dict[str, Any]:
        return self.cases.instance(self.id, self.resident).data

    def current_status(self) -> InstanceStatus:
        return self.cases.instance(self.id, self.resident).instance.status

    @property
    def passed(self) -> tuple[str, ...]:
        return self.cases.instance(self.id, self.reader).completed_elements
