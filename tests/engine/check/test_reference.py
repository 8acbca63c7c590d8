"""The rule and error-code reference: committed pages are fresh, every code is documented,
and the exit codes it states are what the command line does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.check import REGISTRY
from engine.check.reference import (
    EXIT_CODES,
    documented_codes,
    entries,
    finding_entries,
    markdown,
    missing_docs,
    page_path,
    summary,
    table,
)
from engine.cli import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, main
from engine.messages import CATALOG, LANGS
from engine.messages.reference import DOCS, EXAMPLES
from tests.conftest import ROOT
from tests.factories import linear

HANDBOOK = ROOT / "handbook"
REGENERATE = "run `machiflow rules --write handbook` and commit the result"


@pytest.mark.parametrize("lang", LANGS)
def test_committed_page_is_what_the_generator_writes(lang: str) -> None:
    path = page_path(HANDBOOK, lang)
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing: {REGENERATE}"
    committed = path.read_text(encoding="utf-8")
    assert committed == markdown(lang), f"{path.relative_to(ROOT)} is out of date: {REGENERATE}"


def test_every_rule_and_catalogue_code_has_a_doc_in_both_languages() -> None:
    missing = missing_docs()
    assert not missing, (
        "no reference text (meaning, fix, summary) for: "
        + ", ".join(missing)
        + ". Add it to DOCS in engine/messages/reference.py, then "
        + REGENERATE
    )


def test_documented_codes_are_the_rules_and_the_catalogue() -> None:
    codes = set(documented_codes())
    assert set(REGISTRY) <= codes
    assert {c for c in CATALOG if not c.startswith(("xsd.", "support."))} == codes - (
        set(REGISTRY) - set(CATALOG)
    )
    assert not [c for c in codes if c.startswith(("xsd.", "support."))]


def test_docs_and_examples_name_real_codes() -> None:
    # A misspelt key would leave its code undocumented without anyone noticing.
    codes = set(documented_codes())
    assert set(DOCS) <= codes, sorted(set(DOCS) - codes)
    assert set(EXAMPLES) <= codes, sorted(set(EXAMPLES) - codes)
    for code, texts in DOCS.items():
        assert set(texts) == set(LANGS), code


@pytest.mark.parametrize("lang", LANGS)
def test_each_code_is_a_linkable_heading_once(lang: str) -> None:
    page = markdown(lang)
    anchors = re.findall(r'<a id="([^"]+)"></a>', page)
    assert len(anchors) == len(set(anchors))
    for code in documented_codes():
        assert f'<a id="{code}"></a>\n\n### {code}\n' in page, code
        assert f"(#{code})" in page, f"{code} is not in its section's table"
    for target in re.findall(r"\]\(#([^)]+)\)", page):
        assert target in anchors, f"link to #{target} goes nowhere"


@pytest.mark.parametrize("lang", LANGS)
def test_page_says_severity_scope_and_never_undocumented(lang: str) -> None:
    page = markdown(lang)
    assert "（説明がまだありません）" not in page
    assert "(not documented yet)" not in page
    for entry in finding_entries():
        section = page.split(f"### {entry.code}\n", 1)[1].split("\n### ", 1)[0]
        words = ("実行可能なプロセスのみ", "すべてのモデル")
        if lang == "en":
            words = ("executable processes only", "every model")
        assert words[0 if entry.scope == "executable" else 1] in section, entry.code


def test_japanese_page_is_in_japanese_and_english_mirrors_it() -> None:
    ja, en = markdown("ja"), markdown("en")
    assert "# ルールとエラーコード一覧" in ja
    assert "[English](../../en/reference/rules.md)" in ja
    assert "[日本語](../../ja/reference/rules.md)" in en
    assert re.findall(r"^### (.+)$", ja, re.M) == re.findall(r"^### (.+)$", en, re.M)
    assert ja.count("```xml") == en.count("```xml") == len(EXAMPLES)


def test_english_rule_summary_is_the_rules_own() -> None:
    for code, rule in REGISTRY.items():
        assert summary(code, "en") == rule.summary
        assert summary(code, "ja") != rule.summary, code


def test_severity_note_for_rules_that_report_two_severities() -> None:
    ja = markdown("ja")
    section = ja.split("### bpr-probability-sum\n", 1)[1].split("\n### ", 1)[0]
    assert "警告（合計が 1 を超えるときはエラー）" in section
    en = markdown("en")
    section = en.split("### engine-compensation\n", 1)[1].split("\n### ", 1)[0]
    assert "error (error on a compensation boundary event" in section


def test_every_command_error_states_its_exit_code() -> None:
    for entry in entries():
        if entry.group in {"load", "render", "cli"}:
            assert entry.code in EXIT_CODES, entry.code
    assert set(EXIT_CODES) <= set(documented_codes())


# --- the exit codes the page states are the command line's -------------------------------


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    captured = capsys.readouterr()
    assert isinstance(exited.value.code, int)
    return exited.value.code, captured.out, captured.err


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "model.bpmn"
    path.write_bytes(linear("受付"))
    return path


@pytest.mark.parametrize(
    ("code", "args"),
    [
        ("model.empty", ["validate", "{empty}"]),
        ("model.empty", ["render", "{empty}", "-o", "{out}.svg"]),
        ("model.read-error", ["render", "{missing}", "-o", "{out}.svg"]),
        ("render.diagram-not-found", ["render", "{model}", "-o", "{out}.svg", "--diagram", "X"]),
        ("render.process-not-found", ["render", "{model}", "-o", "{out}.svg", "--process", "X"]),
        ("cli.render.format", ["render", "{model}", "-o", "{out}.txt"]),
        ("cli.validate.empty-dir", ["validate", "{dir}"]),
    ],
)
def test_stated_exit_code_is_the_commands(
    code: str,
    args: list[str],
    model: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    empty = tmp_path / "empty.bpmn"
    empty.write_bytes(b"")
    (tmp_path / "nothing").mkdir()
    places = {
        "empty": str(empty),
        "missing": str(tmp_path / "missing.bpmn"),
        "model": str(model),
        "out": str(tmp_path / "out"),
        "dir": str(tmp_path / "nothing"),
    }
    exit_code, out, err = run([a.format(**places) for a in args] + ["--lang", "en"], capsys)
    assert (exit_code,) == EXIT_CODES[code]
    template = CATALOG[code]["en"]
    assert template.split("{")[0].strip(" .") in out + err


def test_missing_graphviz_exits_as_stated(
    model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("engine.render.layout.shutil.which", lambda _: None)
    exit_code, _, err = run(["render", str(model), "-o", str(tmp_path / "o.svg")], capsys)
    assert (exit_code,) == EXIT_CODES["render.graphviz-missing"] == (EXIT_INTERNAL,)
    assert "Graphviz" in err


def test_exit_codes_match_the_cli_constants() -> None:
    assert {EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL} == {0, 1, 2, 3}
    stated = {n for exits in EXIT_CODES.values() for n in exits}
    assert stated <= {EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL}


# --- machiflow rules ------------------------------------------------------------------------


def test_rules_lists_every_finding_code_in_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    exit_code, out, _ = run(["rules", "--lang", "ja"], capsys)
    assert exit_code == EXIT_OK
    assert out == table("ja")
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed == [e.code for e in finding_entries()]
    assert set(REGISTRY) <= set(listed)
    line = next(x for x in out.splitlines() if x.startswith("engine-timer-literal "))
    assert "エラー" in line
    assert "実行可能なプロセスのみ" in line


def test_rules_in_english_shows_each_rules_summary(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["rules", "--lang", "en"], capsys)
    line = next(x for x in out.splitlines() if x.startswith("fake-join "))
    assert "warning" in line
    assert "every model" in line
    assert line.endswith(REGISTRY["fake-join"].summary)


def test_rules_table_columns_line_up_with_japanese_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(["rules", "--lang", "ja"], capsys)
    summaries = [summary(e.code, "ja") for e in finding_entries()]
    starts = {
        _display_width(line[: line.rindex(text)])
        for line, text in zip(out.splitlines(), summaries, strict=True)
    }
    assert len(starts) == 1


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.mark.parametrize("lang", LANGS)
def test_rules_markdown_prints_the_page(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    exit_code, out, _ = run(["rules", "--markdown", "--lang", lang], capsys)
    assert exit_code == EXIT_OK
    assert out == markdown(lang)


def test_rules_write_writes_both_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exit_code, out, err = run(["rules", "--write", str(tmp_path / "handbook")], capsys)
    assert exit_code == EXIT_OK
    assert out == ""
    for lang in LANGS:
        path = page_path(tmp_path / "handbook", lang)
        assert path.read_text(encoding="utf-8") == markdown(lang)
        assert str(path) in err
