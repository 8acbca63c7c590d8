"""Step tables (業務一覧): reading CSV or Excel files into checked rows of steps.

The first row holds the column headers, Japanese or English (``COLUMNS`` lists the names
each field accepts); every later row is one step. Cells are read after NFKC normalisation
(full-width digits, ``％`` and ``：`` become ASCII) except names, which are kept as written.
Every problem names the row (as the spreadsheet numbers it: the header is row 1) and the
column as its header says; all problems are reported together.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeVar

from engine.errors import InputError
from engine.model.duration import parse_duration
from engine.model.elements import ACTORS, CHANNELS, Actor

# Field -> accepted header names (compared after NFKC, lower case, without spaces).
COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "id": ("番号", "手順番号", "no", "no.", "#", "id", "step id", "step"),
    "lane": ("担当", "レーン", "担当者", "担当部署", "lane", "actor", "role"),
    "name": ("作業", "手順", "作業名", "手順名", "name", "step name", "task"),
    "next": ("次の手順", "次", "次工程", "next", "next step", "next steps"),
    "condition": ("条件", "分岐条件", "condition", "conditions"),
    "probability": ("確率", "割合", "probability", "probabilities", "share"),
    "gateway": ("分岐", "判断", "分岐名", "gateway", "decision", "question"),
    "duration": ("作業時間", "所要時間", "処理時間", "duration", "work time"),
    "wait": ("待ち時間", "待ち", "wait", "waiting time"),
    "channel": ("手段", "チャネル", "方法", "channel"),
    "paper": ("紙", "紙の枚数", "枚数", "paper", "sheets"),
    "seal": ("押印", "押印・署名", "押印署名", "seal"),
    "rekey": ("再入力", "転記", "rekey", "re-key", "re-keying"),
    "approval": ("決裁", "承認", "approval"),
    "type": ("種類", "作業の種類", "タスクの種類", "type", "task type"),
    "actor": ("担当の種類", "主体", "actor kind", "actor type", "kind"),
    "note": ("備考", "メモ", "説明", "note", "notes", "description"),
}
REQUIRED: Final = ("id", "name", "lane")

CHANNEL_WORDS: Final[dict[str, str]] = {
    **{c: c for c in CHANNELS},
    "窓口": "counter", "来庁": "counter", "郵送": "mail", "郵便": "mail", "電話": "phone",
    "オンライン": "online", "電子": "online", "電子申請": "online", "web": "online",
    "訪問": "visit", "家庭訪問": "visit", "システム": "system", "自動": "system",
}  # fmt: skip
TASK_TYPES: Final[dict[str, str]] = {
    "task": "task", "user": "userTask", "manual": "manualTask", "service": "serviceTask",
    "send": "sendTask", "receive": "receiveTask", "script": "scriptTask",
    "business rule": "businessRuleTask", "rule": "businessRuleTask",
    "usertask": "userTask", "manualtask": "manualTask", "servicetask": "serviceTask",
    "sendtask": "sendTask", "receivetask": "receiveTask",
    "作業": "task", "ユーザー": "userTask", "サービス": "serviceTask", "入力": "userTask",
    "画面": "userTask", "手作業": "manualTask",
    "システム": "serviceTask", "自動": "serviceTask", "送付": "sendTask", "送信": "sendTask",
    "受領": "receiveTask", "受信": "receiveTask", "判定": "businessRuleTask",
}  # fmt: skip
ACTOR_WORDS: Final[dict[str, Actor]] = {
    **{a: a for a in ACTORS},
    "住民": "resident", "申請者": "resident", "職員": "staff", "外部": "external",
    "システム": "system",
}  # fmt: skip
TRUE_WORDS: Final = frozenset(
    {"○", "〇", "◯", "●", "✓", "はい", "あり", "有", "要", "yes", "y", "true", "1"}
)
FALSE_WORDS: Final = frozenset(
    {"×", "✕", "x", "いいえ", "なし", "無", "不要", "no", "n", "false", "0", "-", "ー", "―"}
)
END_WORDS: Final = ("終了", "完了", "end")
SEPARATORS: Final = re.compile(r"[,、;；\n]")
STEP_ID: Final = re.compile(r"^[A-Za-z0-9_.-]+$")
UNITS: Final[dict[str, str]] = {
    "秒": "S", "sec": "S", "secs": "S", "second": "S", "seconds": "S", "s": "S",
    "分": "M", "min": "M", "mins": "M", "minute": "M", "minutes": "M", "m": "M",
    "時間": "H", "h": "H", "hr": "H", "hrs": "H", "hour": "H", "hours": "H",
    "日": "D", "日間": "D", "d": "D", "day": "D", "days": "D",
    "週": "W", "週間": "W", "w": "W", "wk": "W", "week": "W", "weeks": "W",
    "か月": "MO", "カ月": "MO", "ヶ月": "MO", "ケ月": "MO", "ヵ月": "MO", "月": "MO",
    "month": "MO", "months": "MO",
}  # fmt: skip
SUM_TOLERANCE: Final = 1e-6  # as the lint rule bpr-probability-sum: rounding is not an error
_CLOCK: Final = re.compile(r"^(\d+):(\d{2})(?::(\d{2}))?$")
_AMOUNT: Final = re.compile(r"(\d+(?:\.\d+)?)\s*([^\d\s.]+)")
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    params: dict[str, Any]


class StepTableError(InputError):
    """One or more rows of a step table are wrong; the message lists every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(problems[0].code, **problems[0].params)

    def message(self, lang: str = "ja") -> str:
        from engine.messages import render

        return "\n".join(render(p.code, lang, **p.params) for p in self.problems)


@dataclass(frozen=True, slots=True)
class Branch:
    target: str | None  # a step id, or None for an end event
    end_name: str | None = None  # the end event's name from the marker (終了:内定)
    condition: str | None = None
    probability: float | None = None


@dataclass(slots=True)
class Step:
    row: int
    id: str
    lane: str
    name: str
    branches: list[Branch] = field(default_factory=list)
    gateway: str | None = None
    kind: str = "task"
    bpr: dict[str, str] = field(default_factory=dict)  # annotation key -> attribute value
    note: str | None = None


@dataclass(slots=True)
class StepTable:
    steps: list[Step]
    actors: dict[str, Actor]  # lane name -> actor kind, lanes in order of first appearance
    warnings: list[Problem] = field(default_factory=list)


# --- reading the file ------------------------------------------------------------------


def read_rows(path: Path) -> list[list[str]]:
    """The cells of a .csv or .xlsx file as text, row by row."""
    file = str(path)
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise InputError("steps.table.format", file=file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("steps.table.read-error", file=file, detail=exc.strerror) from exc
    if suffix == ".xlsx":
        return _xlsx_rows(data, file)
    return list(csv.reader(io.StringIO(_decode(data, file), newline="")))


def _decode(data: bytes, file: str) -> str:
    """UTF-8 (with or without a BOM), else Shift_JIS as Excel writes it (CP932)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for codec in ("utf-8", "cp932"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise InputError("steps.table.encoding", file=file)


def _xlsx_rows(data: bytes, file: str) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError("steps.table.read-error", file=file, detail=str(exc)) from exc
    try:
        sheet = book.worksheets[0]
        return [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- cell values -----------------------------------------------------------------------


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _header_key(text: str) -> str:
    return re.sub(r"\s+", " ", _norm(text).lower())


def to_iso_duration(text: str) -> str | None:
    """``PT9M`` for 9分 / 9 min / PT9M, ``P14D`` for 2週間; None when it cannot be read."""
    value = _norm(text)
    if parse_duration(value) is not None:
        return value.upper()
    clock = _CLOCK.match(value)  # 0:09 or 1:30:00, as Excel writes a time of day
    if clock is not None:
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        if minutes < 60 and seconds < 60:
            total = f"{hours}H" * bool(hours) + f"{minutes}M" * bool(minutes)
            total += f"{seconds}S" * bool(seconds)
            return f"PT{total}" if total else "PT0S"
    rest = value.lower().replace(",", "")
    totals: dict[str, float] = {}
    position = 0
    for match in _AMOUNT.finditer(rest):
        if rest[position : match.start()].strip():
            return None
        unit = UNITS.get(match.group(2).strip())
        if unit is None:
            return None
        totals[unit] = totals.get(unit, 0.0) + float(match.group(1))
        position = match.end()
    if not totals or rest[position:].strip():
        return None
    days = totals.get("D", 0.0) + 7 * totals.get("W", 0.0)
    date = "".join(f"{_amount(v)}{u}" for u, v in (("M", totals.get("MO", 0.0)), ("D", days)) if v)
    time = "".join(f"{_amount(totals[u])}{u}" for u in ("H", "M", "S") if totals.get(u))
    if not date and not time:
        return "PT0S"
    return "P" + date + (f"T{time}" if time else "")


def _amount(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


def _probability(text: str) -> float | None:
    value = _norm(text).replace(" ", "")
    try:
        number = float(value[:-1]) / 100 if value.endswith("%") else float(value)
    except ValueError:
        return None
    return number if 0.0 <= number <= 1.0 else None


def _flag(text: str) -> bool | None:
    value = _norm(text).lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    return None


def _split(text: str) -> list[str]:
    return [part.strip() for part in SEPARATORS.split(text)] if text.strip() else []


_END: Final = re.compile(
    r"^(?:" + "|".join(END_WORDS) + r")\s*(?::\s*(?P<a>.+)|\((?P<b>.+)\))?$", re.IGNORECASE
)


def _end_marker(text: str) -> tuple[bool, str | None]:
    """(True, name) for 終了 / 終了:内定 / end(rejected); (False, None) for a step id."""
    match = _END.match(_norm(text))
    if match is None:
        return False, None
    name = match.group("a") or match.group("b")
    return True, name.strip() if name else None


# --- rows to steps ---------------------------------------------------------------------


@dataclass(slots=True)
class _Reader:
    """Checks one table's rows; collects every problem instead of stopping at the first."""

    file: str
    headers: list[str]
    columns: dict[str, int]
    default_lane: str | None
    problems: list[Problem] = field(default_factory=list)

    def cell(self, cells: list[str], field_name: str) -> str:
        index = self.columns.get(field_name)
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    def problem(self, code: str, row: int, field_name: str, **params: Any) -> None:
        column = self.headers[self.columns[field_name]] if field_name in self.columns else ""
        self.problems.append(
            Problem(code, {"file": self.file, "row": row, "column": column, **params})
        )

    def choice(self, row: int, field_name: str, text: str, words: Mapping[str, _T]) -> _T | None:
        """What ``text`` stands for among ``words`` (read as the keys are: NFKC, lower case);
        else None, and a problem listing the words the column takes."""
        value = words.get(_norm(text).lower())
        if value is None:
            known = ", ".join(words)
            self.problem("steps.table.bad-choice", row, field_name, value=text, known=known)
        return value

    def step(self, row: int, cells: list[str]) -> Step | None:
        values = {name: self.cell(cells, name) for name in COLUMNS}
        if not values["lane"] and self.default_lane:
            values["lane"] = self.default_lane
        missing = False
        for name in REQUIRED:
            if not values[name]:
                self.problem("steps.table.empty-value", row, name)
                missing = True
        step_id = _norm(values["id"])
        if step_id and not STEP_ID.match(step_id):
            self.problem("steps.table.bad-id", row, "id", id=values["id"])
            missing = True
        if missing:
            return None
        step = Step(row, step_id, values["lane"], values["name"])
        step.gateway = values["gateway"] or None
        step.note = values["note"] or None
        self._kind(step, values["type"])
        self._annotations(step, values)
        return step

    def _kind(self, step: Step, text: str) -> None:
        if not text:
            return
        kind = self.choice(step.row, "type", text, TASK_TYPES)
        if kind is not None:
            step.kind = kind

    def _annotations(self, step: Step, values: dict[str, str]) -> None:
        for name in ("duration", "wait"):
            if values[name]:
                iso = to_iso_duration(values[name])
                if iso is None:
                    self.problem("steps.table.bad-duration", step.row, name, value=values[name])
                else:
                    step.bpr[name] = iso
        if values["channel"]:
            channel = self.choice(step.row, "channel", values["channel"], CHANNEL_WORDS)
            if channel is not None:
                step.bpr["channel"] = channel
        if values["paper"]:
            paper = _norm(values["paper"])
            if paper.isdigit():
                step.bpr["paper"] = str(int(paper))
            elif _flag(paper) is False:
                step.bpr["paper"] = "0"
            else:
                self.problem("steps.table.bad-number", step.row, "paper", value=values["paper"])
        for name in ("seal", "rekey", "approval"):
            if values[name]:
                flag = _flag(values[name])
                if flag is None:
                    self.problem("steps.table.bad-flag", step.row, name, value=values[name])
                else:
                    step.bpr[name] = "true" if flag else "false"

    def branches(self, step: Step, cells: list[str], known: dict[str, Step]) -> None:
        targets = _split(self.cell(cells, "next"))
        conditions = _split(self.cell(cells, "condition"))
        chances = _split(self.cell(cells, "probability"))
        for field_name, values in (("condition", conditions), ("probability", chances)):
            if len(targets) > 1 and values and len(values) != len(targets):
                self.problem(
                    "steps.table.count-mismatch",
                    step.row,
                    field_name,
                    expected=len(targets),
                    count=len(values),
                )
                return
        total = 0.0
        for index, target in enumerate(targets):
            condition = conditions[index] if len(targets) > 1 and conditions else None
            chance: float | None = None
            if len(targets) > 1 and chances and chances[index]:
                chance = _probability(chances[index])
                if chance is None:
                    self.problem(
                        "steps.table.bad-probability",
                        step.row,
                        "probability",
                        value=chances[index],
                    )
                else:
                    total += chance
            is_end, end_name = _end_marker(target)
            if is_end:
                step.branches.append(Branch(None, end_name, condition or None, chance))
                continue
            target_id = _norm(target)
            if target_id not in known:
                same_case = [k for k in known if k.casefold() == target_id.casefold()]
                close = same_case or difflib.get_close_matches(target_id, list(known), 1, 0.5)
                self.problem(
                    "steps.table.unknown-next",
                    step.row,
                    "next",
                    next=target,
                    hint=_hint(close[0] if close else None),
                )
                continue
            step.branches.append(Branch(target_id, None, condition or None, chance))
        if total > 1.0 + SUM_TOLERANCE:
            self.problem("steps.table.probability-sum", step.row, "probability", total=f"{total:g}")
        if not targets:
            step.branches.append(Branch(None))


def _hint(candidate: str | None) -> dict[str, str]:
    from engine.messages.steps import HINTS

    if candidate is None:
        return {"ja": "", "en": ""}
    return {lang: text.format(candidate=candidate) for lang, text in HINTS["did-you-mean"].items()}


def _columns(headers: list[str], file: str) -> dict[str, int]:
    aliases = {_header_key(alias): name for name, names in COLUMNS.items() for alias in names}
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    for index, header in enumerate(headers):
        name = aliases.get(_header_key(header))
        if name is None:
            continue  # extra columns (e.g. a free comment) are allowed
        if name in columns:
            other = headers[columns[name]]
            problems.append(
                Problem(
                    "steps.table.duplicate-column",
                    {"file": file, "column": header, "other": other, "field": name},
                )
            )
        else:
            columns[name] = index
    if problems:
        raise StepTableError(problems)
    return columns


def parse_table(
    rows: list[list[str]],
    file: str,
    *,
    default_lane: str | None = None,
    actors: dict[str, Actor] | None = None,
) -> StepTable:
    """Checked steps from the rows of a table (the first row holds the headers)."""
    filled = [i for i, row in enumerate(rows) if any(cell.strip() for cell in row)]
    if not filled:
        raise StepTableError([Problem("steps.table.empty", {"file": file})])
    start = filled[0]
    headers = [h.strip() for h in rows[start]]
    columns = _columns(headers, file)
    for name in REQUIRED:
        if name not in columns and not (name == "lane" and default_lane):
            names = " / ".join(COLUMNS[name])
            found = ", ".join(h for h in headers if h) or "-"
            problem = Problem(
                "steps.table.missing-column",
                {"file": file, "column": COLUMNS[name][0], "names": names, "found": found},
            )
            raise StepTableError([problem])
    reader = _Reader(file, headers, columns, default_lane)
    body = [
        (number, row) for number, row in enumerate(rows[1:], start=2) if any(c.strip() for c in row)
    ]
    if not body:
        raise StepTableError([Problem("steps.table.empty", {"file": file})])
    steps: dict[str, Step] = {}
    cells_of: dict[str, list[str]] = {}
    for number, cells in body:
        step = reader.step(number, cells)
        if step is None:
            continue
        if step.id in steps:
            reader.problem(
                "steps.table.duplicate-id", number, "id", id=step.id, first_row=steps[step.id].row
            )
            continue
        steps[step.id] = step
        cells_of[step.id] = cells
    for step_id, step in steps.items():
        reader.branches(step, cells_of[step_id], steps)
    lanes = _actors(reader, steps, cells_of, actors or {})
    if reader.problems:
        raise StepTableError(reader.problems)
    reached = _reached(list(steps.values()))
    ending = _ending(list(steps.values()))
    for step in steps.values():
        if step.id in reached and step.id not in ending:
            reader.problem("steps.table.no-end", step.row, "next", id=step.id)
    if reader.problems:
        raise StepTableError(reader.problems)
    kept = [step for step in steps.values() if step.id in reached]
    used = {step.lane for step in kept}
    table = StepTable(kept, {lane: actor for lane, actor in lanes.items() if lane in used})
    # Left out of the BPMN: a task without incoming flow would make the file invalid, and
    # no case reaches it anyway.
    table.warnings = [
        Problem("steps.table.unreachable", {"file": file, "row": s.row, "id": s.id})
        for s in steps.values()
        if s.id not in reached
    ]
    return table


def _actors(
    reader: _Reader,
    steps: dict[str, Step],
    cells_of: dict[str, list[str]],
    given: dict[str, Actor],
) -> dict[str, Actor]:
    """The actor kind of every lane: --actor wins, then the column, else staff."""
    lanes: dict[str, Actor] = {}
    first: dict[str, tuple[int, Actor]] = {}
    for step in steps.values():
        text = reader.cell(cells_of[step.id], "actor")
        lanes.setdefault(step.lane, given.get(step.lane, "staff"))
        if not text:
            continue
        actor = reader.choice(step.row, "actor", text, ACTOR_WORDS)
        if actor is None:
            continue
        if step.lane in first and first[step.lane][1] != actor:
            row, earlier = first[step.lane]
            reader.problem(
                "steps.table.lane-actor",
                step.row,
                "actor",
                lane=step.lane,
                first=row,
                actor=earlier,
                other=actor,
            )
            continue
        first.setdefault(step.lane, (step.row, actor))
        if step.lane not in given:
            lanes[step.lane] = actor
    return lanes


def _ending(steps: list[Step]) -> set[str]:
    """Ids of the steps from which some way leads to an end."""
    before: dict[str, list[str]] = {}
    for step in steps:
        for branch in step.branches:
            if branch.target is not None:
                before.setdefault(branch.target, []).append(step.id)
    done = {s.id for s in steps if any(b.target is None for b in s.branches)}
    todo = list(done)
    while todo:
        for earlier in before.get(todo.pop(), []):
            if earlier not in done:
                done.add(earlier)
                todo.append(earlier)
    return done


def _reached(steps: list[Step]) -> set[str]:
    """Ids of the steps the flow reaches from the first step."""
    by_id = {step.id: step for step in steps}
    seen = {steps[0].id}
    todo = [steps[0].id]
    while todo:
        for branch in by_id[todo.pop()].branches:
            if branch.target is not None and branch.target not in seen:
                seen.add(branch.target)
                todo.append(branch.target)
    return seen


def parse_actor_options(values: tuple[str, ...] | list[str]) -> dict[str, Actor]:
    """``--actor 保護者=resident`` options as lane name -> actor kind."""
    out: dict[str, Actor] = {}
    for value in values:
        lane, _sep, kind = value.partition("=")
        actor = ACTOR_WORDS.get(_norm(kind).lower())
        if not lane.strip() or actor is None:
            raise InputError("steps.option.actor", value=value)
        out[lane.strip()] = actor
    return out
