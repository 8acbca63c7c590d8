"""A resident task whose form is Camunda 7 ``formData`` (converted to JSON Schema at deploy):
the page shows its fields, checks its constraints in Japanese, and completes the task."""

from __future__ import annotations

from typing import Final

from tests.api.conftest import Api
from tests.api.models import lane, lanes, user
from tests.engine.runtime.helpers import chain
from tests.factories import process
from tests.web.resident.conftest import Resident, html, one

KEY: Final = "Camunda_Resident"
FIELDS: Final = (
    "<camunda:formData>"
    '<camunda:formField id="name" label="氏名" type="string">'
    "<camunda:validation>"
    '<camunda:constraint name="required"/><camunda:constraint name="maxlength" config="5"/>'
    "</camunda:validation></camunda:formField>"
    '<camunda:formField id="copies" label="部数" type="long">'
    '<camunda:validation><camunda:constraint name="min" config="1"/>'
    '<camunda:constraint name="max" config="3"/></camunda:validation></camunda:formField>'
    '<camunda:formField id="moved_on" label="転入日" type="date"/>'
    '<camunda:formField id="by_post" label="郵送を希望する" type="boolean"/>'
    '<camunda:formField id="purpose" label="使いみち" type="enum">'
    '<camunda:value id="work" name="勤務先に出す"/><camunda:value id="school" name="学校に出す"/>'
    "</camunda:formField>"
    "</camunda:formData>"
)


def model() -> dict[str, bytes]:
    body = "\n".join(
        [
            lanes(
                lane("Lane_r", "申請者", "S", "Ask", actor="resident"),
                lane("Lane_d", "受付担当", "Check", "E"),
            ),
            '<bpmn:startEvent id="S"/>',
            user("Ask", "証明書の請求", FIELDS),
            user("Check", "受付"),
            '<bpmn:endEvent id="E"/>',
            chain("S", "Ask", "Check", "E"),
        ]
    )
    return {"shomei.bpmn": process(body, process_id=KEY, executable=True, attrs='name="証明書"')}


def test_a_camunda_form_on_the_resident_page(api: Api, resident: Resident) -> None:
    api.deployed(model())
    form = resident.start(KEY)
    page = html(resident.client.get(form))
    assert one(page, "//label[@for='f-name']").text_content().split()[0] == "氏名"
    assert one(page, "//*[@id='f-copies']").get("inputmode") == "numeric"
    assert page.xpath("//input[@id='f-moved_on-year']/ancestor::fieldset/legend")
    assert len(page.xpath("//input[@name='purpose'][@type='radio']")) == 2
    assert len(page.xpath("//input[@name='by_post'][@type='radio']")) == 2

    wrong = resident.post(form, {"name": "山田太郎次郎", "copies": "4", "moved_on-month": "4"})
    assert wrong.status_code == 422
    messages = [a.text_content() for a in html(wrong).xpath("//div[@id='error-summary']//a")]
    assert messages == [
        "＊氏名は5文字以内で入力してください。",
        "＊部数は3以下の数を入力してください。",
        "＊転入日の年を入力してください。",
    ]

    sent = resident.post(form, {"name": "山田", "copies": "２", "purpose": "school"})
    assert sent.status_code == 303, sent.text
    assert resident.post(f"{form}/confirm").status_code == 303
    case_id = form.split("/")[2]
    data = api.instance(case_id)["data"]
    assert (data["name"], data["copies"], data["purpose"]) == ("山田", 2, "school")
    assert "by_post" not in data
    assert api.ready(case_id, "Check")
