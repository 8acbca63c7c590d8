"""BPMN 2.0 XSD validation: plain-language findings, lines, ids, and no flood of duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.check import Finding, check_bytes
from engine.check.xsd import SCHEMA_DIR, SCHEMA_FILES, _LocalSchemas, xsd_findings
from engine.messages import CATALOG
from engine.model import parse_xml
from tests.conftest import CORPUS
from tests.factories import definitions, process

XSD_CODES = [code for code in CATALOG if code == "xsd" or code.startswith("xsd-")]


def xsd_only(data: bytes) -> list[Finding]:
    return [f for f in check_bytes(data, "m.bpmn").findings if f.code.startswith("xsd")]


def test_a_valid_model_has_no_schema_findings() -> None:
    data = process(
        '<bpmn:startEvent id="S"/>\n<bpmn:task id="T" name="受付"/>\n<bpmn:endEvent id="E"/>\n'
        '<bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="T"/>\n'
        '<bpmn:sequenceFlow id="F2" sourceRef="T" targetRef="E"/>'
    )
    assert xsd_only(data) == []


def test_vendor_extensions_are_allowed() -> None:
    data = process(
        '<bpmn:userTask id="U" camunda:assignee="demo" bpr:duration="PT9M">\n'
        "  <bpmn:extensionElements>\n"
        '    <camunda:properties><camunda:property name="bpr:paper" value="1"/>'
        "</camunda:properties>\n"
        '    <zeebe:taskDefinition type="x"/>\n'
        "  </bpmn:extensionElements>\n"
        "</bpmn:userTask>"
    )
    assert xsd_only(data) == []


def test_unknown_element_points_at_its_line_and_id() -> None:
    data = process('<bpmn:startEvent id="S"/>\n\n<bpmn:foo id="X"/>')
    [finding] = xsd_only(data)
    assert finding.code == "xsd-unknown-element"
    assert finding.line == 6  # declaration, definitions, process, start, blank, foo
    assert finding.element_id == "X"
    assert finding.severity == "error"
    assert "bpmn:foo は BPMN 2.0 にない要素です" in finding.message("ja")
    assert "bpmn:foo is not a BPMN 2.0 element" in finding.message("en")


def test_element_out_of_order_says_what_is_allowed_there() -> None:
    data = process(
        '<bpmn:task id="T">\n  <bpmn:outgoing>a</bpmn:outgoing>\n'
        "  <bpmn:incoming>b</bpmn:incoming>\n</bpmn:task>"
    )
    [finding] = xsd_only(data)
    assert finding.code == "xsd-unexpected-element"
    assert finding.line == 6
    assert "bpmn:incoming はこの位置（bpmn:task の中）には置けません" in finding.message("ja")
    assert "Allowed here: bpmn:outgoing" in finding.message("en")


def test_one_cause_at_many_places_is_one_finding_listing_the_lines() -> None:
    body = "\n".join(f'<bpmn:task id="T{i}" color="red"/>' for i in range(5))
    [finding] = xsd_only(process(body))
    assert finding.code == "xsd-attribute-not-allowed"
    assert finding.line == 4
    assert finding.element_id == "T0"
    assert finding.params["count"] == 5
    assert "他に 4 箇所: 5, 6, 7, 8 行" in finding.message("ja")
    assert "4 more place(s): line 5, 6, 7, 8" in finding.message("en")


def test_missing_required_attribute() -> None:
    data = definitions('<bpmn:process id="P"/>').replace(
        b'targetNamespace="http://example.org/machiflow-tests"', b""
    )
    [finding] = xsd_only(data)
    assert finding.code == "xsd-attribute-required"
    assert finding.line == 2
    assert "必須の属性 targetNamespace がありません" in finding.message("ja")


def test_malformed_id_is_explained_and_a_duplicate_id_is_left_to_lint() -> None:
    [bad] = xsd_only(process('<bpmn:task id="1 task"/>'))
    assert bad.code == "xsd-invalid-id"
    assert "英字か _ で始め" in bad.message("ja")
    assert xsd_only(process('<bpmn:task id="T"/>\n<bpmn:task id="T"/>')) == []


@pytest.mark.parametrize(
    ("attrs", "hint_ja", "hint_en"),
    [
        ('isExecutable="yes"', "true か false を書いてください", "Write true or false"),
        ('processType="Sideways"', "使える値: 'None', 'Public', 'Private'", "Allowed values"),
    ],
)
def test_invalid_value_says_what_a_valid_one_is(attrs: str, hint_ja: str, hint_en: str) -> None:
    data = definitions(f'<bpmn:process id="P" {attrs}/>')
    [finding] = xsd_only(data)
    assert finding.code == "xsd-invalid-value"
    assert hint_ja in finding.message("ja")
    assert hint_en in finding.message("en")


def test_text_inside_an_element_only_element() -> None:
    [finding] = xsd_only(process('<bpmn:task id="T">申請書を受け付ける</bpmn:task>'))
    assert finding.code == "xsd-text-not-allowed"


def test_an_extension_element_without_namespace() -> None:
    data = process(
        '<bpmn:task id="T"><bpmn:extensionElements><color/></bpmn:extensionElements></bpmn:task>'
    )
    [finding] = xsd_only(data)
    assert finding.code == "xsd-foreign-element"
    assert "独自の名前空間" in finding.message("ja")


def test_other_messages_keep_the_raw_detail() -> None:
    data = process(
        '<bpmn:sequenceFlow id="F" sourceRef="F" targetRef="F">'
        '<bpmn:conditionExpression xsi:type="nope:tFormalExpression">x</bpmn:conditionExpression>'
        "</bpmn:sequenceFlow>"
    )
    findings = xsd_only(data)
    assert findings
    assert all("{" not in f.message(lang) for f in findings for lang in ("ja", "en"))


def test_too_many_kinds_of_problem_are_cut_short() -> None:
    body = "\n".join(f'<bpmn:task id="T{i}" attr{i}="x"/>' for i in range(60))
    findings = xsd_only(process(body))
    assert len(findings) == 51
    [truncated] = [f for f in findings if f.code == "xsd-truncated"]
    assert truncated.line == 4 + 50
    assert "10 more kinds" in truncated.message("en")


def test_xsd_findings_is_usable_alone() -> None:
    root = parse_xml(process('<bpmn:foo id="X"/>'), "m.bpmn")
    [finding] = xsd_findings(root, "m.bpmn")
    assert finding.file == "m.bpmn"


@pytest.mark.parametrize("code", XSD_CODES)
def test_every_code_has_both_languages(code: str) -> None:
    assert set(CATALOG[code]) == {"ja", "en"}


def test_schemas_are_bundled_and_resolved_only_locally() -> None:
    assert {p.name for p in SCHEMA_DIR.glob("*.xsd")} == SCHEMA_FILES
    assert (SCHEMA_DIR / "README.md").is_file()
    with pytest.raises(LookupError):
        _LocalSchemas().resolve("http://example.org/evil.xsd", "")
    with pytest.raises(LookupError):
        _LocalSchemas().resolve("/etc/passwd", "")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="no corpus")
def test_corpus_schema_findings_are_few_and_real() -> None:
    counts: dict[str, list[str]] = {}
    for path in sorted(Path(CORPUS).glob("*/*.bpmn")):
        result = check_bytes(path.read_bytes(), path.name)
        codes = [f.code for f in result.findings if f.code.startswith("xsd")]
        if codes:
            counts[path.name] = codes
    # Bizagi writes <LoopCounter> into the BPMN namespace (4 times) and two empty
    # dataInputAssociation elements; every other corpus file is schema-valid.
    assert counts == {"bizagi-B.2.0-roundtrip.bpmn": ["xsd-missing-element", "xsd-unknown-element"]}
