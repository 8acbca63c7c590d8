"""Definitions are versioned per process id by the content hash of their files."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from engine.errors import NotFoundError
from engine.store import DefinitionRecord, DefinitionRepository, FileData, content_hash
from tests.engine.store.conftest import BPMN, SPEC, T0, deploy


def test_the_first_deployment_is_version_1(session: Session) -> None:
    repo = DefinitionRepository(session)
    files = [
        FileData("to-be.bpmn", "application/xml", BPMN),
        FileData("application.schema.json", "application/schema+json", b'{"type": "object"}'),
    ]
    deployment = repo.deploy(
        key="Process_1",
        name="転入届",
        procedure="tennyu",
        variant="to-be",
        area=None,
        spec=SPEC,
        meta={"lanes": ["窓口"], "forms": {"Task_1": "application.schema.json"}},
        files=files,
        deployed_by="admin",
        at=T0,
    )
    definition = deployment.definition
    assert deployment.created
    assert definition.version == 1
    assert definition.content_hash == content_hash(files)
    assert definition.meta == {"lanes": ["窓口"], "forms": {"Task_1": "application.schema.json"}}
    assert definition.deployed_at == T0
    assert definition.area is None
    assert repo.get(definition.id) == definition
    assert repo.spec(definition.id) == SPEC
    assert repo.files(definition.id) == sorted(files, key=lambda f: f.name)
    assert repo.file(definition.id, "to-be.bpmn").content == BPMN


def test_the_same_files_return_the_same_version(session: Session) -> None:
    first = deploy(session)
    again = DefinitionRepository(session).deploy(
        key="Process_1",
        name="another name",
        procedure="p",
        variant="to-be",
        area=None,
        spec="{}",
        meta={},
        files=[FileData("to-be.bpmn", "text/xml", BPMN)],
        deployed_by="someone else",
    )
    assert not again.created
    assert again.definition == first
    assert DefinitionRepository(session).versions("Process_1") == [first]


def test_new_files_make_the_next_version(session: Session) -> None:
    repo = DefinitionRepository(session)
    v1 = deploy(session)
    v2 = deploy(session, bpmn=BPMN + b"\n<!-- changed -->")
    v3 = deploy(session, bpmn=BPMN + b"\n<!-- changed again -->")
    assert [v1.version, v2.version, v3.version] == [1, 2, 3]
    assert repo.latest("Process_1") == v3
    assert repo.versions("Process_1") == [v1, v2, v3]
    assert repo.get_version("Process_1", 2) == v2
    assert deploy(session) == v1  # going back to old files finds the old version


def test_versions_count_per_process_id(session: Session) -> None:
    a1 = deploy(session, key="A")
    a2 = deploy(session, key="A", bpmn=b"<a2/>")
    b1 = deploy(session, key="B")  # same files as A v1, another process
    assert (a1.version, a2.version, b1.version) == (1, 2, 1)
    latest = DefinitionRepository(session).latest_all()
    assert [(d.key, d.version) for d in latest] == [("A", 2), ("B", 1)]


def test_the_content_hash_ignores_order_but_not_names_or_framing() -> None:
    a = FileData("a", "text/plain", b"bc")
    b = FileData("b", "text/plain", b"x")
    assert content_hash([a, b]) == content_hash([b, a])
    assert content_hash([a]) != content_hash([FileData("A", "text/plain", b"bc")])
    assert content_hash([a]) != content_hash([FileData("ab", "text/plain", b"c")])
    assert content_hash([a]) == content_hash([FileData("a", "application/other", b"bc")])
    assert len(content_hash([])) == 64


def test_missing_definitions_are_not_found(session: Session, definition: DefinitionRecord) -> None:
    repo = DefinitionRepository(session)
    for lookup in (
        lambda: repo.get(definition.id + 100),
        lambda: repo.latest("Nope"),
        lambda: repo.get_version("Process_1", 9),
        lambda: repo.spec(definition.id + 100),
        lambda: repo.file(definition.id, "nope.dmn"),
    ):
        with pytest.raises(NotFoundError):
            lookup()
    assert repo.find_by_hash("Process_1", "0" * 64) is None
