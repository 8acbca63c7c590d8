"""The generated procedure pages: fresh in the repository, built from the models' own
comparison (KPIs, diagrams, diffs), whatever procedures exist, and safe to write."""

from __future__ import annotations

import html
import re
from pathlib import Path, PurePosixPath

import pytest
from lxml import etree

from engine import handbook
from engine.analysis.describe import kpi_with_unit
from engine.cli import EXIT_INPUT, EXIT_OK, main
from engine.handbook.pages import escape, label
from engine.handbook.procedures import comparison, find
from engine.messages import LANGS
from engine.messages.handbook import LABELS
from tests.conftest import BUNDLED, ROOT
from tests.web.procedure import model

HANDBOOK = ROOT / "handbook"
REGENERATE = "run `machiflow handbook --write handbook` and commit the result"
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)#]+)")


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    captured = capsys.readouterr()
    code = exited.value.code
    assert isinstance(code, int)
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def gakudo(root: Path, *variants: str, readme: str | None = None) -> Path:
    """``root/gakudo/<variant>.bpmn`` for each variant (all three by default)."""
    folder = root / "gakudo"
    folder.mkdir(parents=True, exist_ok=True)
    for variant in variants or ("as-is", "can-be", "to-be"):
        (folder / f"{variant}.bpmn").write_bytes(model(variant))
    if readme is not None:
        (folder / "README.md").write_text(readme, encoding="utf-8")
    return root


def text(files: handbook.Files, path: str) -> str:
    return files[PurePosixPath(path)].decode("utf-8")


def test_committed_pages_are_what_the_generator_writes() -> None:
    found = handbook.stale(HANDBOOK, handbook.generate(BUNDLED))
    assert found == {"changed": [], "missing": [], "extra": []}, REGENERATE


@pytest.fixture
def processes(tmp_path: Path) -> Path:
    readme = "# 学童クラブ入所申請\n\n保護者が申し込む手続きです。\n\n## 対象\n\n小学生\n"
    return gakudo(tmp_path / "bpmn", readme=readme)


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_per_procedure_with_its_diagrams_and_one_title(processes: Path, lang: str) -> None:
    files = handbook.generate(processes)
    page = text(files, f"{lang}/procedures/gakudo.md")
    assert [line for line in page.splitlines() if line.startswith("# ")] == ["# 学童クラブ入所申請"]
    assert "### 対象" in page  # the README's headings sit under the page's "About"
    images = IMAGE.findall(page)
    assert images == ["gakudo.as-is.svg", "gakudo.can-be.svg", "gakudo.to-be.svg"]
    for image in images:
        svg = etree.fromstring(files[PurePosixPath(lang, "procedures", image)])
        assert etree.QName(svg).localname == "svg"
    other = "en" if lang == "ja" else "ja"
    assert f"(../../{other}/procedures/gakudo.md)" in page
    assert "[" in text(files, f"{lang}/procedures/index.md")
    assert "(gakudo.md)" in text(files, f"{lang}/procedures/index.md")


def test_the_kpi_table_shows_the_comparisons_numbers(processes: Path) -> None:
    compared = comparison(find(processes)[0])
    page = text(handbook.generate(processes), "ja/procedures/gakudo.md")
    rows = {line.split(" | ")[0].lstrip("| "): line for line in page.splitlines()}
    staff = rows["職員工数"].split(" | ")
    values = [m.values for m in compared.measured]
    assert all(v is not None for v in values)
    expected = [kpi_with_unit("staff_minutes", v["staff_minutes"], "ja") for v in values if v]
    assert staff[1:4] == expected
    assert "（改善）" in staff[4]  # the To-Be needs less staff time than the As-Is


def test_main_differences_name_what_each_variant_changes(processes: Path) -> None:
    page = text(handbook.generate(processes), "en/procedures/gakudo.md")
    can_be = page.split("### As-Is → Can-Be")[1].split("### Can-Be → To-Be")[0]
    assert '"Fill in the form"' not in can_be
    assert "申請書を記入する" in can_be.split("- Removed")[1]
    assert "オンラインで申請する" in can_be.split("- Added")[1]
    to_be = page.split("### Can-Be → To-Be")[1]
    assert "電子決裁する" in to_be.split("- Changed")[1]


def test_without_readme_the_page_says_so_and_is_named_after_the_models(tmp_path: Path) -> None:
    files = handbook.generate(gakudo(tmp_path))
    page = text(files, "ja/procedures/gakudo.md")
    assert page.startswith("# 学童クラブ入所申請\n")  # what the variants' names share
    assert label("about.none", "ja") in page


def test_a_single_variant_is_shown_without_comparison(tmp_path: Path) -> None:
    page = text(handbook.generate(gakudo(tmp_path, "to-be")), "en/procedures/gakudo.md")
    assert IMAGE.findall(page) == ["gakudo.to-be.svg"]
    assert label("kpis.single", "en") in page
    assert "→" not in page.split("## Main differences")[1]


def test_no_procedures_gives_the_index_alone(tmp_path: Path) -> None:
    files = handbook.generate(tmp_path)
    assert set(files) == {PurePosixPath(lang, "procedures", "index.md") for lang in LANGS}
    assert label("index.none", "en") in text(files, "en/procedures/index.md")


def test_model_text_cannot_become_markup(tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    name = "申請 | 審査 *強調* [リンク](http://example.com) <b>"
    (folder / "to-be.bpmn").write_bytes(model("to-be", name=html.escape(name)))
    page = text(handbook.generate(tmp_path), "ja/procedures/odd.md")
    assert escape(name) in page
    assert "http://example.com)" not in LINK.findall(page)
    table = [line for line in page.splitlines() if "Gakudo_ToBe" in line]
    assert table[0].count(" | ") == 4  # the name's "|" did not add a column


def test_every_label_has_both_languages() -> None:
    assert all(set(texts) == set(LANGS) for texts in LABELS.values())


def test_write_then_check_is_fresh_and_stale_files_go(
    processes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "handbook"
    (out / "ja" / "procedures").mkdir(parents=True)
    (out / "ja" / "procedures" / "gone.md").write_text("old", encoding="utf-8")
    (out / "ja" / "kpi.md").write_text("kept", encoding="utf-8")
    args = ["handbook", "--processes", str(processes)]
    code, _, err = run_cli([*args, "--check", str(out)], capsys)
    assert code == EXIT_INPUT
    assert "gone.md" in err
    assert "gakudo.md" in err
    assert run_cli([*args, "--write", str(out)], capsys)[0] == EXIT_OK
    assert not (out / "ja" / "procedures" / "gone.md").exists()
    assert (out / "ja" / "kpi.md").read_text(encoding="utf-8") == "kept"
    assert run_cli([*args, "--check", str(out)], capsys)[0] == EXIT_OK
    page = out / "en" / "procedures" / "gakudo.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    code, _, err = run_cli([*args, "--check", str(out), "--lang", "en"], capsys)
    assert code == EXIT_INPUT
    assert "Out of date" in err
    assert "en/procedures/gakudo.md" in err


def test_a_folder_that_cannot_be_made_is_a_write_error_naming_it(
    processes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "handbook"
    (out / "ja").mkdir(parents=True)
    (out / "ja" / "procedures").write_text("a file where a folder goes", encoding="utf-8")
    args = ["handbook", "--processes", str(processes), "--write", str(out), "--lang", "en"]
    code, _, err = run_cli(args, capsys)
    assert code == EXIT_INPUT
    assert "Cannot write" in err
    assert "procedures" in err
    assert "Traceback" not in err


def test_a_broken_model_names_its_file_and_writes_nothing(
    processes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (processes / "gakudo" / "can-be.bpmn").write_bytes(b"<definitions")
    out = tmp_path / "handbook"
    args = ["handbook", "--processes", str(processes), "--write", str(out)]
    code, _, err = run_cli(args, capsys)
    assert code == EXIT_INPUT
    assert "can-be.bpmn" in err
    assert not out.exists()


def test_without_options_the_procedures_are_listed(
    processes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["handbook", "--processes", str(processes)], capsys)
    assert code == EXIT_OK
    assert out.startswith("gakudo: ")
    assert out.count(".bpmn") == 3


def test_a_readme_per_language_is_used_and_a_japanese_one_is_marked(processes: Path) -> None:
    files = handbook.generate(processes)
    note = label("about.other-language", "en")
    assert note in text(files, "en/procedures/gakudo.md")
    assert "保護者が申し込む手続きです。" in text(files, "en/procedures/gakudo.md")
    assert label("about.other-language", "ja") not in text(files, "ja/procedures/gakudo.md")
    english = "# After-school club admission\n\nGuardians apply for a place.\n"
    (processes / "gakudo" / "README.en.md").write_text(english, encoding="utf-8")
    page = text(handbook.generate(processes), "en/procedures/gakudo.md")
    assert page.startswith("# After-school club admission\n")
    assert "Guardians apply for a place." in page
    assert note not in page


def test_readme_links_point_where_they_pointed_from_the_models_folder(tmp_path: Path) -> None:
    readme = (
        "# 学童\n\n[表の書き方](../../../handbook/ja/step-table.md#columns)、"
        "[外部](https://example.org/a.md)、[節](#flow)\n\n```text\n[code](../x.md)\n```\n"
    )
    processes = gakudo(tmp_path / "processes" / "bpmn", readme=readme)
    page = text(handbook.generate(processes), "ja/procedures/gakudo.md")
    assert "[表の書き方](../step-table.md#columns)" in page
    assert "[外部](https://example.org/a.md)" in page
    assert "[節](#flow)" in page
    assert "[code](../x.md)" in page  # code blocks are left as written


def test_main_differences_leave_out_changes_of_wording_only() -> None:
    from engine.analysis.diff import Change, Entry
    from engine.handbook.pages import _entry

    entry = Entry(
        "node", "userTask", "審査する", "A", "B",
        changes=(Change("documentation", "旧", "新"), Change("lane", "受付担当", "審査担当")),
    )  # fmt: skip
    shown = _entry(entry, "ja")
    assert "審査担当" in shown
    assert "旧" not in shown
