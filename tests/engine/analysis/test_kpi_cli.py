"""``machiflow kpi``: the table, the JSON shape, --process, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.analysis.kpi import KPI_KEYS
from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main
from engine.messages import LANGS
from engine.messages.kpi import LABELS
from tests.engine.analysis.test_kpi import chain, end, flow, gateway, start, task
from tests.factories import definitions, linear, process


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``machiflow ARGS`` run in-process through ``main``."""
    with pytest.raises(SystemExit) as exited:
        main(args)
    captured = capsys.readouterr()
    code = exited.value.code
    assert isinstance(code, int)
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.fixture
def simple(tmp_path: Path) -> str:
    return _write(tmp_path, "simple.bpmn", linear("受付", "審査"))


@pytest.fixture
def two_processes(tmp_path: Path) -> str:
    def one(process_id: str, *names: str) -> str:
        ids = ["S", *names, "E"]
        parts = [start(f"{process_id}_S")]
        parts += [task(f"{process_id}_{n}", duration="PT10M") for n in names]
        parts.append(end(f"{process_id}_E"))
        parts += chain(*(f"{process_id}_{i}" for i in ids))
        body = "\n".join(parts)
        return f'<bpmn:process id="{process_id}" isExecutable="false">{body}</bpmn:process>'

    return _write(
        tmp_path, "two.bpmn", definitions(one("Before", "A", "B", "C") + one("After", "A"))
    )


def test_the_table_has_a_japanese_label_per_kpi(
    simple: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(["kpi", simple], capsys)
    assert code == EXIT_OK
    assert err == ""
    for key in KPI_KEYS:
        assert LABELS[key]["ja"] in out, key
    assert "手順数" in out
    assert "2.00" in out  # two steps
    assert "bpr:duration" in out  # what was missing, and where
    assert "Task_1, Task_2" in out


def test_the_table_in_english(simple: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["kpi", simple, "--lang", "en"], capsys)
    assert code == EXIT_OK
    assert "steps" in out
    assert "lead time (days)" in out
    assert "手順数" not in out


def test_json_is_one_object_for_one_process(
    simple: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["kpi", simple, "--json"], capsys)
    assert code == EXIT_OK
    payload = json.loads(out)
    assert set(payload) == {"process", "kpis", "missing"}
    assert payload["process"] == "Process_1"
    assert list(payload["kpis"]) == list(KPI_KEYS)
    assert payload["kpis"]["steps"] == 2.0
    assert payload["missing"] == [
        {
            "key": "bpr:duration",
            "kpis": ["staff_minutes", "resident_minutes", "lead_time_days"],
            "count": 2,
            "elements": ["Task_1", "Task_2"],
        }
    ]


def test_json_is_a_list_when_the_file_has_several_processes(
    two_processes: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["kpi", two_processes, "--json"], capsys)
    assert code == EXIT_OK
    payload = json.loads(out)
    assert [p["process"] for p in payload] == ["Before", "After"]
    assert [p["kpis"]["staff_minutes"] for p in payload] == [30.0, 10.0]


def test_process_chooses_one(two_processes: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["kpi", two_processes, "--process", "After", "--json"], capsys)
    assert code == EXIT_OK
    payload = json.loads(out)
    assert payload["process"] == "After"
    assert payload["kpis"]["steps"] == 1.0
    code, out, _ = run_cli(["kpi", two_processes, "--process", "After"], capsys)
    assert code == EXIT_OK
    assert "After" in out
    assert "Before" not in out


def test_an_unknown_process_names_the_ones_there(
    two_processes: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(["kpi", two_processes, "--process", "Nope", "--lang", "en"], capsys)
    assert code == EXIT_INPUT
    assert out == ""
    assert "Nope" in err
    assert "Before, After" in err


@pytest.mark.parametrize("lang", LANGS)
def test_a_file_that_is_not_bpmn(
    tmp_path: Path, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "notes.bpmn", b"<?xml version='1.0'?><notes/>")
    code, out, err = run_cli(["kpi", path, "--lang", lang], capsys)
    assert code == EXIT_INPUT
    assert out == ""
    assert "notes.bpmn" in err


def test_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["kpi", str(tmp_path / "absent.bpmn")], capsys)
    assert code == EXIT_INPUT
    assert "absent.bpmn" in err


def test_a_loop_with_no_exit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = [
        start(),
        gateway("exclusive", "Merge"),
        task("Work"),
        gateway("exclusive", "Again"),
        end(),
        *chain("Start", "Merge", "Work", "Again"),
        flow("Again", "Merge", 1.0),
        flow("Again", "End", 0.0),
    ]
    path = _write(tmp_path, "loop.bpmn", process("\n".join(body)))
    code, out, err = run_cli(["kpi", path], capsys)
    assert code == EXIT_INPUT
    assert out == ""
    assert "loop.bpmn" in err
    assert "Work" in err
    assert "bpr:probability" in err


def test_a_file_without_flow_nodes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(
        tmp_path,
        "pools.bpmn",
        definitions(
            '<bpmn:collaboration id="C"><bpmn:participant id="P" name="区民"/></bpmn:collaboration>'
        ),
    )
    code, out, err = run_cli(["kpi", path, "--lang", "en"], capsys)
    assert code == EXIT_INPUT
    assert out == ""
    assert "no process has flow nodes" in err


def test_usage_errors_exit_2(simple: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run_cli(["kpi"], capsys)
    assert code == EXIT_USAGE
    code, _, _ = run_cli(["kpi", simple, "--lang", "fr"], capsys)
    assert code == EXIT_USAGE


def test_every_label_is_in_both_languages() -> None:
    for key, texts in LABELS.items():
        assert set(texts) == set(LANGS), key
        assert all(text.strip() for text in texts.values()), key
