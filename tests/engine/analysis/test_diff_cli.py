"""``machiflow diff``: text, JSON and HTML output; exit 0 on differences, 1 on unreadable
input, 2 on usage errors; never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main
from tests.engine.analysis.diff_samples import AS_IS, CAN_BE, TO_BE, renamed


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    code = exited.value.code
    assert isinstance(code, int)
    return code, captured.out, captured.err


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    found = {}
    for name, data in (("as-is", AS_IS), ("can-be", CAN_BE), ("to-be", TO_BE)):
        path = tmp_path / f"{name}.bpmn"
        path.write_bytes(data)
        found[name] = str(path)
    copy = tmp_path / "copy.bpmn"
    copy.write_bytes(renamed(AS_IS, seed=1, shuffle=True))
    found["copy"] = str(copy)
    return found


def test_differences_are_printed_in_japanese_and_exit_0(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["diff", files["as-is"], files["to-be"]], capsys)
    assert code == EXIT_OK
    assert "追加 2 件" in out
    assert "  ~ スクリプトタスク「指数を計算する」" in out
    assert "      種類：タスク → スクリプトタスク" in out
    assert "まとめ: 来庁回数 2.4 → 0、" in out


def test_english_text(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diff", files["as-is"], files["to-be"], "--lang", "en"], capsys)
    assert code == EXIT_OK
    assert "Added: 2" in out
    assert "      type: Task → Script task" in out


def test_a_renamed_copy_has_no_changes(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["diff", files["as-is"], files["copy"], "--json"], capsys)
    assert code == EXIT_OK
    payload = json.loads(out)
    assert payload["added"] == payload["removed"] == payload["changed"] == []
    assert payload["layout_changed"] == []
    assert all(v == 0 for v in payload["kpis"]["delta"].values())


def test_json_of_two_files(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diff", files["as-is"], files["to-be"], "--json"], capsys)
    assert code == EXIT_OK
    payload = json.loads(out)
    assert {"added", "removed", "changed", "layout_changed", "matched", "kpis"} <= set(payload)
    assert payload["old"]["variant"] == "as-is"
    assert payload["new"]["process"] == "Activity_1tb_Process"


def test_three_files_with_an_html_report(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "report.html"
    args = ["diff", files["as-is"], files["can-be"], files["to-be"]]
    code, out, err = run([*args, "--json", "--html", str(out_file)], capsys)
    assert code == EXIT_OK
    payload = json.loads(out)
    assert [v["variant"] for v in payload["variants"]] == ["as-is", "can-be", "to-be"]
    assert len(payload["steps"]) == 2
    assert payload["kpis"][2]["resident_visits"] == 0
    assert out_file.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "比較レポートを" in err


def test_unreadable_input_exits_1(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.bpmn"
    broken.write_bytes(b"<a><b></a>")
    code, _, err = run(["diff", files["as-is"], str(broken)], capsys)
    assert code == EXIT_INPUT
    assert "broken.bpmn" in err
    code, _, err = run(["diff", files["as-is"], str(tmp_path / "missing.bpmn")], capsys)
    assert code == EXIT_INPUT


def test_unknown_process_exits_1(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["diff", files["as-is"], files["to-be"], "--process-old", "Nope"], capsys)
    assert code == EXIT_INPUT
    assert "プロセス Nope はありません" in err
    assert "AsIs_Process" in err


def test_report_that_cannot_be_written_exits_1(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-folder" / "report.html"
    code, _, err = run(["diff", files["as-is"], files["to-be"], "--html", str(target)], capsys)
    assert code == EXIT_INPUT
    assert "書き出せません" in err


def test_one_file_is_a_usage_error(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(["diff", files["as-is"]], capsys)
    assert code == EXIT_USAGE
