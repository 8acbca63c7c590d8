"""``machiflow validate``: exit codes, output shape, languages; never a traceback.

Lint and XSD rules change while they are being written, so tests that need a fixed set of
findings swap the rule registry for one rule of their own; the rest assert only on load
errors, which the model layer fixes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import engine.check
import engine.check.rules
from engine.check.findings import Severity
from engine.check.rules import Rule, RuleContext
from engine.cli import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, main
from engine.messages import CATALOG
from tests.factories import linear

JSON_KEYS = {"file", "line", "element_id", "code", "severity", "message"}


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``machiflow ARGS`` run in-process through ``main``."""
    with pytest.raises(SystemExit) as exited:
        main(args)
    captured = capsys.readouterr()
    code = exited.value.code
    assert isinstance(code, int)
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.bpmn"
    path.write_bytes(b'<?xml version="1.0"?>\n<a>\n<b>\n</a>\n')
    return path


@pytest.fixture
def valid(tmp_path: Path) -> Path:
    path = tmp_path / "valid.bpmn"
    path.write_bytes(linear("受付", "審査"))
    return path


def _only_rule(monkeypatch: pytest.MonkeyPatch, severity: Severity) -> None:
    """Validation reports exactly one finding of ``severity`` per process."""

    def check(ctx: RuleContext) -> None:
        for process in ctx.processes():
            ctx.report(process.id, process.line, name=process.label)

    code = f"test.only-{severity}"
    monkeypatch.setitem(CATALOG, code, {"ja": "テスト「{name}」", "en": "test '{name}'"})
    rule = Rule(code, severity, "model", check, "a test rule")
    monkeypatch.setattr(engine.check.rules, "REGISTRY", {code: rule})
    monkeypatch.setattr(engine.check, "xsd_findings", lambda root, file: [])


def test_json_output_shape(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["validate", "--json", str(broken)], capsys)
    assert code == EXIT_INPUT
    (finding,) = json.loads(out)
    assert set(finding) == JSON_KEYS
    assert finding["file"] == str(broken)
    assert finding["line"] == 4
    assert finding["element_id"] is None
    assert finding["code"] == "model.xml-syntax"
    assert finding["severity"] == "error"
    assert "XML" in finding["message"]


def test_json_of_several_files_is_one_list(
    broken: Path, valid: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _only_rule(monkeypatch, "warning")
    code, out, _ = run_cli(["validate", "--json", "--lang", "en", str(valid), str(broken)], capsys)
    assert code == EXIT_INPUT
    findings = json.loads(out)
    assert [(f["file"], f["code"], f["severity"]) for f in findings] == [
        (str(valid), "test.only-warning", "warning"),
        (str(broken), "model.xml-syntax", "error"),
    ]
    assert all(set(f) == JSON_KEYS for f in findings)
    assert findings[0]["element_id"] == "Process_1"
    assert findings[0]["message"] == "test 'Process_1'"


def test_json_messages_follow_lang(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out_ja, _ = run_cli(["validate", "--json", str(broken)], capsys)
    _, out_en, _ = run_cli(["validate", "--json", "--lang", "en", str(broken)], capsys)
    (ja,) = json.loads(out_ja)
    (en,) = json.loads(out_en)
    assert "構文エラー" in ja["message"]
    assert "syntax error" in en["message"]
    assert {k: v for k, v in ja.items() if k != "message"} == {
        k: v for k, v in en.items() if k != "message"
    }


def test_text_output_in_japanese_by_default(
    broken: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MACHIFLOW_LANG", raising=False)
    code, out, err = run_cli(["validate", str(broken)], capsys)
    assert code == EXIT_INPUT
    assert out.startswith(f"{broken}:4: エラー model.xml-syntax ")
    assert "エラー 1 件" in err


def test_text_output_in_english(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["validate", "--lang=en", str(broken)], capsys)
    assert code == EXIT_INPUT
    assert out.startswith(f"{broken}:4: error model.xml-syntax ")
    assert "syntax error" in out
    assert "1 error(s), 0 warning(s)" in err


def test_lang_from_environment(
    broken: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MACHIFLOW_LANG", "en_US.UTF-8")
    _, out, _ = run_cli(["validate", str(broken)], capsys)
    assert "syntax error" in out


def test_valid_model_with_only_warnings_exits_0(
    valid: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _only_rule(monkeypatch, "warning")
    code, out, err = run_cli(["validate", "--lang", "en", str(valid)], capsys)
    assert code == EXIT_OK
    assert "warning test.only-warning [Process_1] test 'Process_1'" in out
    assert "0 error(s), 1 warning(s)" in err


def test_an_error_finding_exits_1(
    valid: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _only_rule(monkeypatch, "error")
    code, _, err = run_cli(["validate", "--lang", "en", str(valid)], capsys)
    assert code == EXIT_INPUT
    assert "1 error(s), 0 warning(s)" in err


def test_one_bad_file_among_good_ones_exits_1(
    valid: Path, broken: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _only_rule(monkeypatch, "warning")
    code, _, err = run_cli(["validate", "--lang", "en", str(valid), str(broken)], capsys)
    assert code == EXIT_INPUT
    assert f"{valid}: 0 error(s), 1 warning(s)" in err
    assert f"{broken}: 1 error(s), 0 warning(s)" in err


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["validate", "--bogus", "x.bpmn"],
        ["validate", "--lang", "fr", "x.bpmn"],
        ["validate", "--lang"],
        ["no-such-command"],
        [],
    ],
    ids=["no-files", "unknown-option", "bad-lang", "lang-without-value", "unknown-command", "none"],
)
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(args, capsys)
    assert code == EXIT_USAGE
    assert "Usage" in out + err or "Error:" in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["validate", "--help"], capsys)
    assert code == EXIT_OK
    assert "--json" in out


def test_bug_is_reported_with_exit_3_and_no_traceback(
    valid: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(path: str) -> engine.check.CheckResult:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine.check, "check_file", explode)
    code, _, err = run_cli(["validate", "--lang", "en", str(valid)], capsys)
    assert code == EXIT_INTERNAL
    assert "Internal error (RuntimeError): boom" in err
