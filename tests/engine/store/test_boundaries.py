"""The store's public API, what it may import, and its messages."""

from __future__ import annotations

import ast
from pathlib import Path

import engine.store
from engine.errors import ConflictError, MachiflowError, NotFoundError
from engine.messages import CATALOG, render

STORE = Path(engine.store.__file__).parent
# The runtime and the web layer are others' business: the store sees JSON, bytes and values.
FORBIDDEN = ("SpiffWorkflow", "fastapi", "starlette", "jinja2", "engine.runtime", "api")


def test_public_api() -> None:
    assert sorted(engine.store.__all__) == [
        "AttachmentRecord",
        "AttachmentRepository",
        "AuditAction",
        "AuditRecord",
        "AuditRepository",
        "DEFAULT_URL",
        "Database",
        "DefinitionRecord",
        "DefinitionRepository",
        "Deployment",
        "DraftRecord",
        "DraftRepository",
        "FileData",
        "InboxEntry",
        "InstanceRecord",
        "InstanceRepository",
        "InstanceStatus",
        "NewAuditEvent",
        "NewTask",
        "NewTimer",
        "TaskChanges",
        "TaskRecord",
        "TaskRepository",
        "TaskStatus",
        "TimerChanges",
        "TimerRecord",
        "TimerRepository",
        "UserRecord",
        "UserRepository",
        "content_hash",
        "create_engine",
        "database_url",
        "new_token",
        "token_hash",
        "token_matches",
        "utc_now",
    ]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_store_imports_neither_the_runtime_nor_the_web() -> None:
    files = sorted(STORE.rglob("*.py"))
    assert len(files) > 10
    for path in files:
        for module in _imports(path):
            assert not module.startswith(FORBIDDEN), f"{path.relative_to(STORE)} imports {module}"


def test_store_errors_have_categories_for_the_api() -> None:
    assert ConflictError.category == "conflict"
    assert NotFoundError.category == "not_found"
    assert issubclass(ConflictError, MachiflowError)
    assert issubclass(NotFoundError, MachiflowError)


def test_every_store_message_exists_in_japanese_and_english() -> None:
    codes = [code for code in CATALOG if code.startswith("store.")]
    assert len(codes) >= 10
    for code in codes:
        assert set(CATALOG[code]) == {"ja", "en"}, code


def test_a_conflict_explains_itself_in_both_languages() -> None:
    error = ConflictError("store.conflict.instance", instance="abc", expected=1, actual=2)
    assert "abc" in error.message("ja")
    assert "version 1" in error.message("en")
    assert str(error) == render(
        "store.conflict.instance", "en", instance="abc", expected=1, actual=2
    )
