"""Reading a case the server has just saved answers from the view it kept at the save,
which must be exactly what a restore of the saved state shows."""

from __future__ import annotations

from typing import Any

from api import views
from engine.service.cases import Cases
from engine.service.principals import Staff
from engine.store import InstanceRepository
from tests.api.conftest import Api
from tests.api.models import APPLICATION_KEY, application_files

ADMIN = Staff("admin-check", frozenset({"admin"}))
ANSWERS = {
    "Apply": {"name": "山田太郎", "copies": 2},
    "Check": {"verified": True, "note": "確認済"},
    "Review": {},
}


def restored_view(api: Api, instance_id: str) -> dict[str, Any]:
    """The case as a server that keeps no views shows it (it restores the state)."""
    answer: dict[str, Any] = views.instance(Cases(api.db).instance(instance_id, ADMIN)).model_dump(
        mode="json"
    )
    return answer


def version(api: Api, instance_id: str) -> int:
    with api.db.reader() as session:
        return InstanceRepository(session).get(instance_id).lock_version


def test_every_read_after_a_step_is_what_a_restore_shows(api: Api) -> None:
    api.deployed(application_files())
    service: Cases = api.client.app.state.cases  # type: ignore[attr-defined]
    case = api.start(APPLICATION_KEY, {"city": "千代田区"})
    shown: dict[str, Any] = {}
    for element in ["Apply", "Check", "Review", None]:
        # The server kept the view of this version when it saved it: no restore to read it.
        assert service._views.get(case["id"], version(api, case["id"])) is not None
        shown = api.instance(case["id"])
        assert shown == restored_view(api, case["id"])
        if element is not None:
            task = api.ready(case["id"], element)
            assert api.complete(task["id"], ANSWERS[element]).status_code == 200
    assert shown["status"] == "completed"
    assert shown["data"]["fee"] == 600
    assert shown["data"]["city"] == "千代田区"
    assert shown["completed_elements"][-1] == "E"


def test_a_view_is_kept_only_for_the_version_it_shows(api: Api) -> None:
    api.deployed(application_files())
    service: Cases = api.client.app.state.cases  # type: ignore[attr-defined]
    case = api.start(APPLICATION_KEY)
    first = version(api, case["id"])
    # Withdrawing saves a new version without a view: reads restore it, and still agree.
    assert (
        api.client.post(f"/api/instances/{case['id']}/withdraw", headers=api.admin).status_code
        == 200
    )
    assert service._views.get(case["id"], first) is not None
    assert service._views.get(case["id"], first + 1) is None
    shown = api.instance(case["id"])
    assert shown["status"] == "withdrawn"
    assert shown == restored_view(api, case["id"])
