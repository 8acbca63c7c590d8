"""Step tables: headers in Japanese or English, durations, flags, encodings, and a message
naming the row and column for every bad cell."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from engine.errors import InputError
from engine.steps.table import (
    StepTable,
    StepTableError,
    parse_actor_options,
    parse_table,
    read_rows,
    to_iso_duration,
)

HEADER_JA = ["番号", "担当", "作業", "次の手順", "条件", "確率", "作業時間", "待ち時間", "手段"]


def _table(*rows: list[str], header: list[str] | None = None) -> StepTable:
    return parse_table([header or HEADER_JA, *rows], "t.csv")


def _problems(
    *rows: list[str], header: list[str] | None = None
) -> list[tuple[str, dict[str, Any]]]:
    with pytest.raises(StepTableError) as failed:
        _table(*rows, header=header)
    return [(p.code, p.params) for p in failed.value.problems]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("PT9M", "PT9M"),
        ("p3d", "P3D"),
        ("9分", "PT9M"),
        ("９分", "PT9M"),
        ("1時間30分", "PT1H30M"),
        ("3日", "P3D"),
        ("2週間", "P14D"),
        ("1か月", "P1M"),
        ("1ヶ月", "P1M"),
        ("9 min", "PT9M"),
        ("2 weeks", "P14D"),
        ("1.5h", "PT1.5H"),
        ("0分", "PT0S"),
        ("0:09", "PT9M"),
        ("1:30:00", "PT1H30M"),
        ("0:00:00", "PT0S"),
    ],
)
def test_durations_become_iso_8601(text: str, iso: str) -> None:
    assert to_iso_duration(text) == iso


@pytest.mark.parametrize(
    "text", ["9", "abc", "1〜3週間", "3 parsecs", "分", "P", "9分後", "0:75", "1:2"]
)
def test_unreadable_durations_are_refused(text: str) -> None:
    assert to_iso_duration(text) is None


def test_japanese_and_english_headers_mean_the_same() -> None:
    ja = _table(
        ["A1", "窓口", "受け付ける", "A2", "", "", "9分", "", "窓口"],
        ["A2", "窓口", "審査する", "", "", "", "", "", ""],
    )
    en_header = ["No.", "Lane", "Step name", "Next", "Condition", "Probability", "Duration"]
    en_header += ["Wait", "Channel"]
    en = _table(
        ["A1", "窓口", "受け付ける", "A2", "", "", "9 min", "", "counter"],
        ["A2", "窓口", "審査する", "", "", "", "", "", ""],
        header=en_header,
    )
    assert [(s.id, s.lane, s.name, s.bpr) for s in ja.steps] == [
        (s.id, s.lane, s.name, s.bpr) for s in en.steps
    ]
    assert ja.steps[0].bpr == {"duration": "PT9M", "channel": "counter"}
    assert ja.steps[1].branches[0].target is None  # no next step: the flow ends


def test_branches_carry_conditions_probabilities_and_named_ends() -> None:
    table = _table(
        ["A1", "受付", "確認する", "A2、終了:却下", "そろっている、不備", "70%、0.3", "", "", ""],
        ["A2", "審査", "審査する", "end", "", "", "", "", ""],
    )
    first, second = table.steps[0].branches
    assert (first.target, first.condition, first.probability) == ("A2", "そろっている", 0.7)
    assert (second.target, second.end_name, second.probability) == (None, "却下", 0.3)
    assert table.steps[1].branches[0].end_name is None
    assert list(table.actors) == ["受付", "審査"]
    assert set(table.actors.values()) == {"staff"}


def test_every_bad_cell_is_reported_with_row_and_column() -> None:
    problems = _problems(
        ["A1", "受付", "確認する", "A2, A9", "", "0.6, x", "9 parsecs", "", "fax"],
        ["A1", "受付", "重複する", "", "", "", "", "", ""],
        ["A4", "受付", "", "", "", "", "", "", ""],
        ["A2", "受付", "分ける", "A1, A2", "", "0.8, 0.4", "", "", ""],
    )
    found = {(code, params.get("row"), params.get("column")) for code, params in problems}
    assert ("steps.table.bad-duration", 2, "作業時間") in found
    assert ("steps.table.bad-choice", 2, "手段") in found
    assert ("steps.table.bad-probability", 2, "確率") in found
    assert ("steps.table.unknown-next", 2, "次の手順") in found
    assert ("steps.table.duplicate-id", 3, "番号") in found
    assert ("steps.table.empty-value", 4, "作業") in found
    assert ("steps.table.probability-sum", 5, "確率") in found
    unknown = next(p for c, p in problems if c == "steps.table.unknown-next")
    assert unknown["next"] == "A9"
    assert unknown["hint"]["en"] in {" Did you mean A1?", " Did you mean A2?"}


def test_the_message_lists_every_problem_in_the_chosen_language() -> None:
    with pytest.raises(StepTableError) as failed:
        _table(["A1", "受付", "確認する", "A7", "", "", "", "", ""])
    assert failed.value.code == "steps.table.unknown-next"
    assert "t.csv:2 行目「次の手順」" in failed.value.message("ja")
    assert "row 2" in failed.value.message("en")


def test_counts_of_conditions_must_match_next_steps() -> None:
    problems = _problems(["A1", "受付", "確認する", "A1, end", "はい", "", "", "", ""])
    assert [c for c, _ in problems] == ["steps.table.count-mismatch"]


def test_missing_required_column_names_the_accepted_headers() -> None:
    problems = _problems(["A1", "確認する"], header=["番号", "作業"])
    code, params = problems[0]
    assert code == "steps.table.missing-column"
    assert "レーン" in params["names"]
    # ... unless --lane gives every row its lane.
    table = parse_table([["番号", "作業"], ["A1", "確認する"]], "t.csv", default_lane="窓口")
    assert table.steps[0].lane == "窓口"


def test_two_columns_for_one_field_are_refused() -> None:
    problems = _problems(["A1", "x", "y", "z"], header=["番号", "担当", "レーン", "作業"])
    assert problems[0][0] == "steps.table.duplicate-column"


def test_step_ids_must_be_ascii() -> None:
    problems = _problems(["申請", "受付", "確認する", "", "", "", "", "", ""])
    assert problems[0][0] == "steps.table.bad-id"


def test_unreachable_steps_are_a_warning() -> None:
    table = _table(
        ["A1", "受付", "確認する", "", "", "", "", "", ""],
        ["A2", "受付", "忘れられた", "A1", "", "", "", "", ""],
    )
    assert [(w.code, w.params["row"]) for w in table.warnings] == [("steps.table.unreachable", 3)]
    assert [s.id for s in table.steps] == ["A1"]


def test_flags_paper_and_actors() -> None:
    header = ["番号", "担当", "担当の種類", "作業", "紙", "押印", "再入力", "決裁", "種類", "次"]
    table = _table(
        ["A1", "保護者", "住民", "書く", "2", "○", "×", "", "手作業", "A2"],
        ["A2", "係長", "", "決裁する", "なし", "はい", "no", "yes", "user", ""],
        header=header,
    )
    assert table.steps[0].bpr == {"paper": "2", "seal": "true", "rekey": "false"}
    assert table.steps[0].kind == "manualTask"
    assert table.steps[1].bpr == {
        "paper": "0",
        "seal": "true",
        "rekey": "false",
        "approval": "true",
    }
    assert table.actors == {"保護者": "resident", "係長": "staff"}
    problems = _problems(
        ["A1", "保護者", "住民", "書く", "two", "maybe", "", "", ""],
        ["A2", "保護者", "職員", "出す", "", "", "", "", "dance"],
        header=header,
    )
    assert {c for c, _ in problems} == {
        "steps.table.bad-number",
        "steps.table.bad-flag",
        "steps.table.lane-actor",
        "steps.table.bad-choice",
    }


def test_actor_options_win_and_are_checked() -> None:
    assert parse_actor_options(["保護者=resident", "勤務先=外部"]) == {
        "保護者": "resident",
        "勤務先": "external",
    }
    with pytest.raises(InputError) as bad:
        parse_actor_options(["保護者"])
    assert bad.value.code == "steps.option.actor"


CSV_TEXT = "番号,担当,作業,次の手順\nA1,受付担当,書類を確かめる,A2\nA2,審査担当,審査する,\n"


@pytest.mark.parametrize(
    "data",
    [
        CSV_TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8"),
        CSV_TEXT.encode("cp932"),
        CSV_TEXT.replace("\n", "\r\n").encode("cp932"),
    ],
    ids=["utf-8", "utf-8-bom", "shift_jis", "shift_jis-crlf"],
)
def test_csv_encodings_are_detected(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    table = parse_table(read_rows(path), str(path))
    assert [(s.id, s.lane, s.name) for s in table.steps] == [
        ("A1", "受付担当", "書類を確かめる"),
        ("A2", "審査担当", "審査する"),
    ]


def test_unreadable_files_are_input_errors(tmp_path: Path) -> None:
    binary = tmp_path / "t.csv"
    binary.write_bytes(b"\x81\x00\xff\xfe\x80\x81")
    with pytest.raises(InputError) as encoding:
        read_rows(binary)
    assert encoding.value.code == "steps.table.encoding"
    with pytest.raises(InputError) as suffix:
        read_rows(tmp_path / "t.ods")
    assert suffix.value.code == "steps.table.format"
    with pytest.raises(InputError) as missing:
        read_rows(tmp_path / "missing.csv")
    assert missing.value.code == "steps.table.read-error"
    broken = tmp_path / "t.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(InputError) as workbook:
        read_rows(broken)
    assert workbook.value.code == "steps.table.read-error"
    with pytest.raises(StepTableError) as empty:
        parse_table([["番号", "担当", "作業"], ["", "", ""]], "t.csv")
    assert empty.value.code == "steps.table.empty"


def test_xlsx_workbooks_are_read(tmp_path: Path) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    sheet.append(["番号", "担当", "作業", "次の手順", "紙", "作業時間"])
    sheet.append(["A1", "受付担当", "書類を確かめる", "A2", 3, datetime.time(0, 9)])
    sheet.append(["A2", "審査担当", "審査する", None, None, None])
    path = tmp_path / "t.xlsx"
    book.save(path)
    table = parse_table(read_rows(path), str(path))
    assert [s.id for s in table.steps] == ["A1", "A2"]
    assert table.steps[0].bpr == {"duration": "PT9M", "paper": "3"}


def test_a_loop_without_a_way_out_is_refused() -> None:
    problems = _problems(
        ["A1", "受付", "確認する", "A2", "", "", "", "", ""],
        ["A2", "受付", "戻す", "A1", "", "", "", "", ""],
    )
    assert [(c, p["row"], p["id"]) for c, p in problems] == [
        ("steps.table.no-end", 2, "A1"),
        ("steps.table.no-end", 3, "A2"),
    ]
