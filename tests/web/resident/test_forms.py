"""The form layer: fields from JSON Schema and Camunda-converted schemas, answers parsed
with one error per failure, uploads checked by content, and the macros' markup."""

from __future__ import annotations

import io
from typing import Any, Final

import lxml.html
import pytest
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.datastructures import FormData, UploadFile

from api.web.forms import (
    Field,
    FieldError,
    answer_rows,
    display,
    fields_of,
    parse,
    values_of,
)
from api.web.rendering import TEMPLATES
from api.web.texts import Texts

PDF: Final = b"%PDF-1.4\n%test\n"
PNG: Final = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["child_name", "birth", "grade", "consent", "certificate"],
    "properties": {
        "child_name": {"type": "string", "title": "児童の氏名", "maxLength": 10},
        "birth": {"type": "string", "format": "date", "title": "生年月日"},
        "grade": {
            "type": "integer",
            "title": "学年",
            "enum": [1, 2, 3],
            "enumNames": ["1年生", "2年生", "3年生"],
        },
        "school": {
            "type": "string",
            "title": "学校",
            "oneOf": [{"const": f"s{i}", "title": f"第{i}小学校"} for i in range(1, 9)],
        },
        "consent": {"type": "boolean", "title": "同意"},
        "siblings": {"type": "integer", "title": "兄弟の数", "minimum": 0, "maximum": 9},
        "email": {"type": "string", "format": "email", "title": "メール"},
        "note": {"type": "string", "title": "備考", "description": "自由に書いてください。"},
        "postal": {"type": "string", "title": "郵便番号", "pattern": "^[0-9]{7}$"},
        "certificate": {"type": "string", "format": "data-url", "title": "就労証明書"},
        "others": {
            "type": "array",
            "title": "その他の書類",
            "items": {"type": "string", "format": "data-url"},
        },
        "guardian": {
            "type": "object",
            "title": "保護者",
            "required": ["name"],
            "properties": {"name": {"type": "string", "title": "氏名"}},
        },
    },
}
UI: Final = {
    "note": {"ui:widget": "textarea"},
    "others": {"ui:options": {"accept": ".png", "maxSize": 20}},
}


def fields() -> list[Field]:
    return fields_of(SCHEMA, UI)


def form(*items: tuple[str, Any]) -> FormData:
    return FormData(list(items))


def upload(name: str, content: bytes) -> UploadFile:
    return UploadFile(file=io.BytesIO(content), filename=name)


def valid() -> list[tuple[str, Any]]:
    return [
        ("child_name", "山田 花子"),
        ("birth-year", "２０１８"),
        ("birth-month", "4"),
        ("birth-day", "27"),
        ("grade", "2"),
        ("consent", "true"),
        ("certificate", upload("work.pdf", PDF)),
    ]


def test_fields_have_kinds_ids_and_requirement() -> None:
    found = {f.name: f for f in fields()}
    kinds = {name: f.kind for name, f in found.items()}
    assert kinds == {
        "child_name": "text",
        "birth": "date",
        "grade": "radio",
        "school": "select",  # more than six options
        "consent": "boolean",
        "siblings": "integer",
        "email": "email",
        "note": "textarea",
        "postal": "text",
        "certificate": "file",
        "others": "file",
        "guardian": "group",
    }
    assert found["child_name"].required
    assert not found["note"].required
    assert [o.label for o in found["grade"].options] == ["1年生", "2年生", "3年生"]
    assert found["others"].multiple
    assert found["others"].media_types == ("image/png",)
    assert found["others"].max_size == 20
    assert found["certificate"].media_types == ("application/pdf", "image/jpeg", "image/png")
    (child,) = found["guardian"].children
    assert (child.name, child.required) == ("guardian.name", True)
    ids = [f.id for f in fields()] + [child.id]
    assert len(set(ids)) == len(ids)


def test_ui_order_puts_fields_first() -> None:
    ordered = fields_of(SCHEMA, {"ui:order": ["note", "email"]})
    assert [f.name for f in ordered[:3]] == ["note", "email", "child_name"]


def test_a_camunda_schema_becomes_fields() -> None:
    schema = {
        "type": "object",
        "required": ["verified"],
        "properties": {
            "verified": {"type": "boolean", "title": "本人確認"},
            "kind": {
                "type": "string",
                "enum": ["a", "b"],
                "oneOf": [{"const": "a", "title": "新規"}, {"const": "b", "title": "継続"}],
                "title": "種別",
            },
            "note": {"type": "string", "title": "備考", "maxLength": 10},
        },
    }
    found = {f.name: f for f in fields_of(schema, None)}
    assert found["verified"].kind == "boolean"
    assert found["verified"].required
    assert [(o.value, o.label) for o in found["kind"].options] == [("a", "新規"), ("b", "継続")]
    assert parse(list(found.values()), form(("note", "x" * 11))).errors[-1].key == (
        "forms.error.max-length"
    )


def test_valid_answers_become_typed_data() -> None:
    submission = parse(fields(), form(*valid()))
    assert submission.errors == []
    assert submission.data == {
        "child_name": "山田 花子",
        "birth": "2018-04-27",
        "grade": 2,
        "consent": True,
    }
    (stored,) = submission.uploads
    assert (stored.name, stored.filename, stored.media_type) == (
        "certificate",
        "work.pdf",
        "application/pdf",
    )
    submission.add_file(fields(), "certificate", "a" * 32)
    assert submission.data["certificate"] == "a" * 32


def test_nothing_entered_gives_one_error_per_required_field() -> None:
    submission = parse(fields(), form())
    keys = {e.name: e.key for e in submission.errors}
    assert keys == {
        "child_name": "forms.error.required",
        "birth": "forms.error.required",
        "grade": "forms.error.choose",
        "consent": "forms.error.yes-no",
        "certificate": "forms.error.attach",
    }
    by_name = {e.name: e for e in submission.errors}
    assert by_name["birth"].target == "f-birth-year"  # the first of 年/月/日
    words = Texts("ja")
    assert by_name["child_name"].message(words) == "＊児童の氏名を入力してください。"


@pytest.mark.parametrize(
    ("entered", "key", "target"),
    [
        ({"child_name": "あ" * 11}, "forms.error.max-length", "f-child_name"),
        ({"siblings": "10"}, "forms.error.maximum", "f-siblings"),
        ({"siblings": "二"}, "forms.error.integer", "f-siblings"),
        ({"email": "nobody"}, "forms.error.email", "f-email"),
        ({"postal": "123-4567"}, "forms.error.pattern", "f-postal"),
        ({"grade": "7"}, "forms.error.choice", "f-grade"),
        ({"birth-month": ""}, "forms.error.date-month-missing", "f-birth-month"),
        ({"birth-month": "13"}, "forms.error.date-month", "f-birth-month"),
        ({"birth-day": "31", "birth-month": "2"}, "forms.error.date-day", "f-birth-day"),
    ],
)
def test_each_failure_names_its_field(entered: dict[str, str], key: str, target: str) -> None:
    items = dict(valid())
    items.update(entered)
    submission = parse(fields(), form(*items.items()))
    assert [(e.key, e.target) for e in submission.errors] == [(key, target)]
    assert submission.values[target.removeprefix("f-").split("-")[0]] is not None


def test_entered_values_are_kept_for_the_page() -> None:
    items = dict(valid())
    items["siblings"] = "十"
    submission = parse(fields(), form(*items.items()))
    assert submission.values["siblings"] == "十"
    assert submission.values["birth"] == {"year": "２０１８", "month": "4", "day": "27"}


def test_files_are_checked_by_content_not_by_name() -> None:
    items = dict(valid())
    items["certificate"] = upload("fake.pdf", b"MZ\x90\x00 not a pdf")
    submission = parse(fields(), form(*items.items()))
    (error,) = submission.errors
    assert error.key == "forms.error.file-type"
    assert "PDF、JPEG、PNG" in error.message(Texts("ja"))
    assert submission.uploads == []


def test_files_over_the_limit_or_empty_are_refused() -> None:
    too_big = parse(fields(), form(*valid(), ("others", upload("a.png", PNG + b"x"))))
    assert [e.key for e in too_big.errors] == ["forms.error.file-size"]
    empty = parse(fields(), form(*valid(), ("others", upload("b.png", b""))))
    assert [e.key for e in empty.errors] == ["forms.error.file-empty"]


def test_kept_files_count_and_remove_takes_one_away() -> None:
    kept = "b" * 32
    items = [i for i in valid() if i[0] != "certificate"]
    submission = parse(fields(), form(*items, ("certificate-keep", kept)))
    assert submission.errors == []
    assert submission.data["certificate"] == kept
    removed = parse(fields(), form(*items, ("certificate-keep", kept), ("remove", kept)))
    assert removed.action == "remove"
    assert "certificate" not in removed.data
    not_an_id = parse(fields(), form(*items, ("certificate-keep", "../../etc/passwd")))
    assert [e.key for e in not_an_id.errors] == ["forms.error.attach"]


def test_an_optional_group_left_empty_asks_nothing() -> None:
    assert parse(fields(), form(*valid())).errors == []
    started = parse(fields(), form(*valid(), ("guardian.name", "")))
    assert started.errors == []
    answered = parse(fields(), form(*valid(), ("guardian.name", "山田 太郎")))
    assert answered.data["guardian"] == {"name": "山田 太郎"}


def test_saved_answers_fill_the_form_again() -> None:
    data = {
        "child_name": "花子",
        "birth": "2018-04-07",
        "consent": False,
        "guardian": {"name": "太郎"},
    }
    values = values_of(fields(), data)
    assert values["birth"] == {"year": "2018", "month": "4", "day": "7"}
    assert values["consent"] == "false"
    assert values["guardian.name"] == "太郎"


def test_answer_rows_show_words_and_not_answered() -> None:
    data = {"child_name": "花子", "birth": "2018-04-07", "grade": 3, "consent": True,
            "certificate": "c" * 32}  # fmt: skip
    rows = {r.label: r for r in answer_rows(fields(), data, Texts("ja"), {"c" * 32: "w.pdf"})}
    assert rows["生年月日"].value == "2018年4月7日（平成30年）"
    assert rows["学年"].value == "3年生"
    assert rows["同意"].value == "はい"
    assert rows["就労証明書"].value == "w.pdf"
    assert rows["備考"].value is None
    assert rows["保護者：氏名"].target == "f-guardian-name"


def render(errors: list[FieldError], values: dict[str, Any], lang: str = "ja") -> Any:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
    )
    template = env.from_string(
        '{% import "macros/forms.html" as forms with context %}'
        "<html><body>{{ forms.error_summary(errors) }}"
        '<form method="post" novalidate>{{ forms.fields(fields, values, errors, files) }}</form>'
        "</body></html>"
    )
    html = template.render(
        t=Texts(lang), fields=fields(), values=values, errors=errors, files={"d" * 32: "w.pdf"}
    )
    return lxml.html.fromstring(html)


def test_every_control_has_a_label_and_no_required_attribute() -> None:
    page = render([], {})
    controls = page.xpath("//input[not(@type='hidden')] | //select | //textarea")
    assert controls
    for control in controls:
        assert page.xpath(f"//label[@for='{control.get('id')}']"), control.get("id")
        assert control.get("required") is None
    for group in page.xpath("//input[@type='radio']"):
        assert group.xpath("ancestor::fieldset/legend")
    assert page.xpath("//*[@id='f-birth-year']/ancestor::fieldset/legend")
    labels = page.xpath("//label[@class='dads-form-control-label__label'] | //legend")
    for label in labels:
        text = label.text_content()
        assert "※必須" in text or "※任意" in text, text


def test_errors_are_wired_to_their_fields_and_the_summary() -> None:
    submission = parse(fields(), form(("child_name", "あ" * 11), ("birth-month", "13")))
    page = render(submission.errors, submission.values)
    links = page.xpath("//div[@id='error-summary']//a/@href")
    assert len(links) == len(submission.errors)
    for href in links:
        assert page.xpath(f"//*[@id='{href[1:]}']"), href
    invalid = page.xpath("//*[@aria-invalid='true']")
    assert invalid
    for control in invalid:
        ids = control.get("aria-describedby").split()
        assert ids[0].endswith("-error")
        for described in ids:
            assert page.xpath(f"//*[@id='{described}']"), described
        assert page.get_element_by_id(ids[0]).text_content().startswith("＊")
    name = page.get_element_by_id("f-child_name")
    assert name.get("value") == "あ" * 11


def test_kept_files_show_with_a_remove_button() -> None:
    page = render([], {"certificate": ["d" * 32]})
    (button,) = page.xpath("//button[@name='remove']")
    assert button.get("value") == "d" * 32
    assert "w.pdf" in button.text_content()
    assert page.xpath("//input[@type='hidden'][@name='certificate-keep']/@value") == ["d" * 32]


def test_a_required_group_is_in_the_data_even_when_empty() -> None:
    schema = {
        "type": "object",
        "required": ["assets"],
        "properties": {
            "assets": {
                "type": "object",
                "title": "資産",
                "properties": {"savings": {"type": "integer", "title": "預貯金"}},
            }
        },
    }
    assert parse(fields_of(schema, None), form()).data == {"assets": {}}


def test_days_show_their_era_in_japanese_only() -> None:
    item = next(f for f in fields() if f.name == "birth")
    assert display(item, "2019-05-01", Texts("ja")) == "2019年5月1日（令和元年）"
    assert display(item, "2019-04-30", Texts("ja")) == "2019年4月30日（平成31年）"
    assert display(item, "1989-01-07", Texts("ja")) == "1989年1月7日（昭和64年）"
    assert display(item, "2019-05-01", Texts("en")) == "2019-05-01 (Reiwa 1)"
