"""Forms of human tasks as JSON Schema: a deployed schema file, or Camunda 7 form fields.

SpiffWorkflow models name a JSON Schema file (``formJsonSchemaFilename``, optionally a UI
schema ``formUiSchemaFilename``) deployed beside the BPMN. Camunda 7 models list
``camunda:formField`` elements instead; SpiffBpmnParser ignores those, so they are read
from ``engine.model`` and turned into an equivalent schema here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from jsonschema import exceptions as schema_exceptions  # type: ignore[import-untyped]
from jsonschema import validators

from engine.errors import DeployError
from engine.model.elements import FlowNode, FormField

SCHEMA_PROPERTY: Final = "formJsonSchemaFilename"
UI_SCHEMA_PROPERTY: Final = "formUiSchemaFilename"
CAMUNDA_SOURCE: Final = "camunda:formData"
_TRUE: Final = frozenset({"true", "1", "yes"})


@dataclass(frozen=True, slots=True)
class Form:
    """A task's form: its JSON Schema, an optional UI schema, and where they came from."""

    schema: dict[str, Any]
    ui_schema: dict[str, Any] | None
    source: str  # the schema file name, or "camunda:formData"
    ui_source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "ui_schema": self.ui_schema,
            "source": self.source,
            "ui_source": self.ui_source,
        }


def form_of(node: FlowNode, files: Mapping[str, bytes], file: str) -> Form | None:
    """The form of a human task, or None when it has none. Raises ``DeployError``."""
    properties = node.extensions.properties
    schema_file = (properties.get(SCHEMA_PROPERTY) or "").strip()
    if schema_file:
        schema = _json_file(files, schema_file, node, file)
        _check_schema(schema, schema_file, node, file)
        ui_file = (properties.get(UI_SCHEMA_PROPERTY) or "").strip() or None
        ui_schema = _json_file(files, ui_file, node, file) if ui_file else None
        return Form(schema, ui_schema, schema_file, ui_file)
    if node.extensions.form_fields:
        schema = camunda_schema(node.extensions.form_fields, node, file)
        _check_schema(schema, CAMUNDA_SOURCE, node, file)
        return Form(schema, None, CAMUNDA_SOURCE)
    return None


def _json_file(files: Mapping[str, bytes], name: str, node: FlowNode, file: str) -> dict[str, Any]:
    content = files.get(name)
    if content is None:
        raise DeployError(
            "runtime.deploy.form-missing", file=file, line=node.line, element=node.id, form=name
        )
    try:
        value = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _invalid(node, file, name, f"not JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise _invalid(node, file, name, "a JSON object is expected")
    return value


def _check_schema(schema: dict[str, Any], name: str, node: FlowNode, file: str) -> None:
    validator = validators.validator_for(schema)
    try:
        validator.check_schema(schema)
    except schema_exceptions.SchemaError as exc:
        place = "/".join(str(p) for p in exc.path) or "(root)"
        detail = f"not a valid JSON Schema at {place}: {exc.message}"
        raise _invalid(node, file, name, detail) from exc


def _invalid(node: FlowNode, file: str, form: str, detail: str) -> DeployError:
    return DeployError(
        "runtime.deploy.form-invalid",
        file=file,
        line=node.line,
        element=node.id,
        form=form,
        detail=detail,
    )


# --- Camunda 7 generated forms ----------------------------------------------------------
def camunda_schema(fields: list[FormField], node: FlowNode, file: str) -> dict[str, Any]:
    """A JSON Schema equivalent to Camunda 7 form fields (types, required, limits, enums)."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in fields:
        if not field.id:
            raise _invalid(
                node, file, CAMUNDA_SOURCE, f"a form field on line {field.line} has no id"
            )
        prop = _field_schema(field, node, file)
        properties[field.id] = prop
        if field.required:
            required.append(field.id)
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def _field_schema(field: FormField, node: FlowNode, file: str) -> dict[str, Any]:
    kind = field.type
    prop: dict[str, Any]
    if kind == "long":
        prop = {"type": "integer"}
    elif kind == "boolean":
        prop = {"type": "boolean"}
    elif kind == "date":
        prop = {"type": "string", "format": "date"}
    elif kind == "enum":
        ids = [value_id for value_id, _ in field.enum_values]
        prop = {
            "type": "string",
            "enum": ids,
            "oneOf": [{"const": value_id, "title": title} for value_id, title in field.enum_values],
        }
    else:
        prop = {"type": "string"}
    prop["title"] = field.label or field.id

    def number(name: str) -> int | float:
        text = field.constraints[name].strip()
        try:
            return int(text) if kind in {"long", "string", "enum", "date"} else float(text)
        except ValueError:
            raise _invalid(
                node,
                file,
                CAMUNDA_SOURCE,
                f"field {field.id}: constraint {name} needs a number, not {text!r}",
            ) from None

    limits = {"min": "minimum", "max": "maximum"} if kind == "long" else {}
    lengths = (
        {"minlength": "minLength", "maxlength": "maxLength"} if prop["type"] == "string" else {}
    )
    for name, keyword in {**limits, **lengths}.items():
        if name in field.constraints:
            prop[keyword] = number(name)
    if "pattern" in field.constraints and prop["type"] == "string":
        prop["pattern"] = field.constraints["pattern"]
    if "readonly" in field.constraints:
        prop["readOnly"] = True
    if field.default is not None:
        prop["default"] = _default(field, kind, node, file)
    return prop


def _default(field: FormField, kind: str, node: FlowNode, file: str) -> Any:
    text = field.default or ""
    if kind == "long":
        try:
            return int(text.strip())
        except ValueError:
            raise _invalid(
                node,
                file,
                CAMUNDA_SOURCE,
                f"field {field.id}: default {text!r} is not a whole number",
            ) from None
    if kind == "boolean":
        return text.strip().lower() in _TRUE
    return text
