"""Task forms on pages: fields from a JSON Schema (+ UI schema), answers from a posted form.

Public functions (the resident and the staff pages share them):

- ``fields_of(schema, ui_schema) -> list[Field]``: the fields of a task's form, in the UI
  schema's ``ui:order`` (else the schema's order). Shapes: string (``format: date`` as
  年/月/日, ``format: email``, ``ui:widget: textarea``), integer/number, boolean (radios
  はい/いいえ), ``enum`` (+ ``enumNames`` or ``oneOf`` const/title; radios up to 6
  options, else a select), one level of nested ``object`` (a fieldset), and files
  (``format: data-url``, one; or an array of them, several) with ``ui:options``
  ``accept`` and ``maxSize`` (default PDF/JPEG/PNG up to 10 MB per file).
- ``parse(fields, form) -> Submission``: a posted ``FormData`` (with uploads) into typed
  ``data``, the ``values`` to show again, one ``FieldError`` per failure (a catalogue key
  and its parameters), the checked ``uploads`` (by content, not by name: the caller stores
  them and calls ``Submission.add_file`` with each new attachment id), the files kept from
  earlier steps, the one removed with a 「解除」 button, and the button pressed
  (``action``: ``next``, ``save`` or ``remove``).
- ``values_of(fields, data) -> dict``: the values to fill a form with from saved answers.
- ``answer_rows(fields, data, t, files) -> list[Answer]``: the rows of a 確認 page.
- ``FieldError.message(t)``: the error's words, 「＊」 first, naming the field.
- ``display(field, value, t)`` / ``with_era(day, t)``: one answer in words; a day as
  2018年4月27日（平成30年）.

The templates are in ``api/templates/macros/forms.html`` (``field``, ``fields``,
``error_summary``, ``answers``). Words come from the ``forms.*`` keys of the catalogues.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from starlette.datastructures import FormData, UploadFile

from engine.service.attachments import MEDIA_NAMES, media_type_of

DEFAULT_ACCEPT: Final = ".pdf,.jpg,.jpeg,.png"
DEFAULT_MAX_SIZE: Final = 10 * 1024 * 1024
RADIO_LIMIT: Final = 6
ACTION_FIELD: Final = "action"
REMOVE_FIELD: Final = "remove"
KEEP_SUFFIX: Final = "-keep"
DATE_PARTS: Final = ("year", "month", "day")
_EXTENSIONS: Final = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
_ATTACHMENT_ID: Final = re.compile(r"^[0-9a-f]{32}$")
_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_INTEGER: Final = re.compile(r"^[+-]?\d+$")
_NUMBER: Final = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_ID_UNSAFE: Final = re.compile(r"[^A-Za-z0-9_-]+")

Translate = Callable[..., str]


@dataclass(frozen=True, slots=True)
class Option:
    value: str  # as posted
    label: str | None  # the model's words; None: ``key`` names catalogue words
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Field:
    """One question of a form. ``id`` is its control's (the first of 年/月/日, the first
    radio): the error summary links there."""

    name: str  # the posted name: the answer's key, "parent.child" inside a group
    id: str
    label: str
    kind: str  # text textarea email integer number boolean date radio select file group
    required: bool
    description: str | None = None
    options: tuple[Option, ...] = ()
    children: tuple[Field, ...] = ()
    multiple: bool = False  # several files
    media_types: tuple[str, ...] = ()  # accepted files, by content
    accept: str = ""  # the input's accept attribute
    max_size: int = DEFAULT_MAX_SIZE
    schema: Mapping[str, Any] = field(default_factory=dict)
    enum_values: Mapping[str, Any] = field(default_factory=dict)  # posted -> stored

    @property
    def key(self) -> str:
        """The key of the answer inside its object."""
        return self.name.rsplit(".", 1)[-1]

    @property
    def is_group(self) -> bool:
        return self.kind == "group"

    @property
    def type_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(MEDIA_NAMES.get(m, m) for m in self.media_types))

    def control_id(self, part: str) -> str:
        """The id of a date part (``year``) or of the n-th radio (``"0"``)."""
        return f"{self.id}-{part}"

    @property
    def target(self) -> str:
        """Where an error summary link points: the first control of the field."""
        if self.kind == "date":
            return self.control_id("year")
        return self.id


@dataclass(frozen=True, slots=True)
class FieldError:
    name: str
    target: str  # the id of the control to link to
    key: str  # catalogue key
    params: Mapping[str, Any]

    def message(self, t: Translate) -> str:
        params = dict(self.params)
        for name, value in params.items():
            if isinstance(value, tuple | list):
                params[name] = t("forms.list-separator").join(str(v) for v in value)
        return t(self.key, **params)


@dataclass(frozen=True, slots=True)
class Upload:
    name: str  # the field
    filename: str
    media_type: str  # from the content
    content: bytes


@dataclass(slots=True)
class Submission:
    data: dict[str, Any]
    values: dict[str, Any]
    errors: list[FieldError]
    uploads: list[Upload]
    removed: str | None
    action: str

    def errors_of(self, name: str) -> list[FieldError]:
        return [e for e in self.errors if e.name == name]

    def add_file(self, fields: Sequence[Field], name: str, attachment_id: str) -> None:
        """Record a stored upload of field ``name`` in the data and the values."""
        found = _find(fields, name)
        if found is None:
            return
        kept = [*self.values.get(name, [])] if found.multiple else []
        kept.append(attachment_id)
        self.values[name] = kept
        _put(self.data, name, kept if found.multiple else attachment_id)


# --- fields from a schema ---------------------------------------------------------------


def fields_of(schema: Mapping[str, Any] | None, ui_schema: Mapping[str, Any] | None) -> list[Field]:
    """The fields of a form (see the module docstring)."""
    if not schema:
        return []
    ids: set[str] = set()
    return _object_fields(schema, ui_schema or {}, prefix="", ids=ids, nested=False)


def _object_fields(
    schema: Mapping[str, Any], ui: Mapping[str, Any], *, prefix: str, ids: set[str], nested: bool
) -> list[Field]:
    properties = schema.get("properties")
    if not isinstance(properties, Mapping):
        return []
    required = set(schema.get("required") or [])
    order = [str(n) for n in ui.get("ui:order") or [] if n in properties and n != "*"]
    names = order + [str(n) for n in properties if n not in order]
    fields = []
    for name in names:
        prop = properties[name]
        options = ui.get(name) if isinstance(ui.get(name), Mapping) else {}
        if not isinstance(prop, Mapping) or (options or {}).get("ui:widget") == "hidden":
            continue
        if prop.get("readOnly") or prop.get("const") is not None:
            continue
        built = _field(
            name, prop, options or {}, prefix=prefix, ids=ids, nested=nested,
            required=name in required,
        )  # fmt: skip
        if built is not None:
            fields.append(built)
    return [f for f in fields if f.kind != "group" or f.children]


def _unique_id(path: str, ids: set[str]) -> str:
    base = "f-" + (_ID_UNSAFE.sub("_", path.replace(".", "-")).strip("_") or "field")
    found, n = base, 2
    while found in ids:
        found, n = f"{base}-{n}", n + 1
    ids.add(found)
    return found


def _field(
    name: str,
    prop: Mapping[str, Any],
    ui: Mapping[str, Any],
    *,
    prefix: str,
    ids: set[str],
    nested: bool,
    required: bool,
) -> Field | None:
    path = f"{prefix}{name}"
    label = str(ui.get("ui:title") or prop.get("title") or name)
    description = ui.get("ui:description") or ui.get("ui:help") or prop.get("description")
    common: dict[str, Any] = {
        "name": path,
        "id": _unique_id(path, ids),
        "label": label,
        "required": required,
        "description": str(description) if description else None,
        "schema": prop,
    }
    kind = prop.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    file_options = ui.get("ui:options") if isinstance(ui.get("ui:options"), Mapping) else {}
    if kind == "array" and _is_file(prop.get("items")):
        return Field(kind="file", multiple=True, **_file_limits(file_options or {}), **common)
    if kind == "object":
        if nested:
            return None  # one level of groups only
        children = _object_fields(prop, ui, prefix=f"{path}.", ids=ids, nested=True)
        return Field(kind="group", children=tuple(children), **common)
    if _is_file(prop):
        return Field(kind="file", **_file_limits(file_options or {}), **common)
    choices = _choices(prop)
    if choices is not None:
        options = tuple(Option(str(v), t) for v, t in choices)
        many = len(options) > RADIO_LIMIT or ui.get("ui:widget") == "select"
        return Field(
            kind="select" if many else "radio",
            options=options,
            enum_values={str(v): v for v, _ in choices},
            **common,
        )
    if kind == "boolean":
        options = (Option("true", None, "forms.yes"), Option("false", None, "forms.no"))
        return Field(kind="boolean", options=options, **common)
    if kind in {"integer", "number"}:
        return Field(kind=str(kind), **common)
    if kind in {"string", None}:
        fmt = prop.get("format")
        if fmt == "date":
            return Field(kind="date", **common)
        if fmt == "email":
            return Field(kind="email", **common)
        widget = ui.get("ui:widget")
        return Field(kind="textarea" if widget == "textarea" else "text", **common)
    return None  # arrays of other things: not a page question


def _is_file(prop: object) -> bool:
    return isinstance(prop, Mapping) and prop.get("format") == "data-url"


def _file_limits(options: Mapping[str, Any]) -> dict[str, Any]:
    accept = str(options.get("accept") or DEFAULT_ACCEPT)
    types = []
    for part in accept.split(","):
        item = part.strip().lower()
        media = _EXTENSIONS.get(item.lstrip("."), item if "/" in item else "")
        if media in MEDIA_NAMES and media not in types:
            types.append(media)
    if not types:
        types = list(dict.fromkeys(_EXTENSIONS.values()))
    size = options.get("maxSize")
    max_size = size if isinstance(size, int) and not isinstance(size, bool) and size > 0 else None
    return {
        "media_types": tuple(types),
        "accept": accept,
        "max_size": max_size or DEFAULT_MAX_SIZE,
    }


def _choices(prop: Mapping[str, Any]) -> list[tuple[Any, str]] | None:
    one_of = prop.get("oneOf")
    if (
        isinstance(one_of, list)
        and one_of
        and all(isinstance(o, Mapping) and "const" in o for o in one_of)
    ):
        return [(o["const"], str(o.get("title") or o["const"])) for o in one_of]
    enum = prop.get("enum")
    if isinstance(enum, list) and enum:
        names = prop.get("enumNames")
        if isinstance(names, list) and len(names) == len(enum):
            return [(v, str(n)) for v, n in zip(enum, names, strict=True)]
        return [(v, str(v)) for v in enum]
    return None


def _find(fields: Iterable[Field], name: str) -> Field | None:
    for item in fields:
        if item.name == name:
            return item
        found = _find(item.children, name)
        if found is not None:
            return found
    return None


def _put(data: dict[str, Any], name: str, value: Any) -> None:
    head, _, rest = name.partition(".")
    if rest:
        inner = data.setdefault(head, {})
        if isinstance(inner, dict):
            inner[rest] = value
    else:
        data[head] = value


# --- answers from a posted form -----------------------------------------------------------


def parse(fields: Sequence[Field], form: FormData) -> Submission:
    """Read a posted form against its fields (see the module docstring)."""
    action = str(form.get(ACTION_FIELD) or "next")
    removed = form.get(REMOVE_FIELD)
    submission = Submission(
        data={},
        values={},
        errors=[],
        uploads=[],
        removed=removed if isinstance(removed, str) and removed else None,
        action="remove" if isinstance(removed, str) and removed else action,
    )
    _parse_level(fields, form, submission, checking=True)
    return submission


def _parse_level(
    fields: Sequence[Field], form: FormData, out: Submission, *, checking: bool
) -> None:
    for item in fields:
        if item.is_group:
            inner = Submission({}, out.values, [], out.uploads, out.removed, out.action)
            _parse_level(item.children, form, inner, checking=True)
            if inner.data or item.required:  # a required group is there even when empty
                out.data[item.key] = inner.data
                out.errors.extend(inner.errors)
            else:  # an optional group left empty: its own rules do not apply
                out.errors.extend(e for e in inner.errors if e.key not in _REQUIRED_KEYS)
            continue
        _parse_field(item, form, out)


_REQUIRED_KEYS: Final = frozenset(
    {"forms.error.required", "forms.error.choose", "forms.error.yes-no", "forms.error.attach"}
)


def _error(out: Submission, item: Field, key: str, **params: Any) -> None:
    out.errors.append(FieldError(item.name, item.target, key, {"label": item.label, **params}))


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _parse_field(item: Field, form: FormData, out: Submission) -> None:
    if item.kind == "file":
        _parse_files(item, form, out)
        return
    if item.kind == "date":
        _parse_date(item, form, out)
        return
    raw = _text(form, item.name)
    out.values[item.name] = raw
    text = raw.strip()
    if item.kind in {"radio", "select", "boolean"}:
        if not text:
            if item.required:
                yes_no = item.kind == "boolean"
                _error(out, item, "forms.error.yes-no" if yes_no else "forms.error.choose")
            return
        if item.kind == "boolean":
            if text not in {"true", "false"}:
                _error(out, item, "forms.error.choice")
                return
            out.data[item.key] = text == "true"
            return
        if text not in item.enum_values:
            _error(out, item, "forms.error.choice")
            return
        out.data[item.key] = item.enum_values[text]
        return
    if not text:
        if item.required:
            _error(out, item, "forms.error.required")
        return
    if item.kind in {"integer", "number"}:
        _parse_number(item, text, out)
        return
    value = raw if item.kind == "textarea" else text
    limits = item.schema
    length = len(value)
    low, high = limits.get("minLength"), limits.get("maxLength")
    if isinstance(low, int) and length < low:
        _error(out, item, "forms.error.min-length", min=low)
        return
    if isinstance(high, int) and length > high:
        _error(out, item, "forms.error.max-length", max=high)
        return
    if item.kind == "email" and not _EMAIL.match(value):
        _error(out, item, "forms.error.email")
        return
    pattern = limits.get("pattern")
    if isinstance(pattern, str):
        try:
            matched = re.search(pattern, value) is not None
        except re.error:
            matched = True  # the deploy check accepted it; the engine validates again
        if not matched:
            _error(out, item, "forms.error.pattern")
            return
    out.data[item.key] = value


def _digits(text: str) -> str:
    """Full-width digits and signs as ASCII; thousands separators dropped."""
    return unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "")


def _parse_number(item: Field, text: str, out: Submission) -> None:
    plain = _digits(text)
    value: int | float
    if item.kind == "integer":
        if not _INTEGER.match(plain):
            _error(out, item, "forms.error.integer")
            return
        value = int(plain)
    else:
        if not _NUMBER.match(plain):
            _error(out, item, "forms.error.number")
            return
        value = float(plain) if "." in plain else int(plain)
    low = item.schema.get("minimum")
    high = item.schema.get("maximum")
    if isinstance(low, int | float) and not isinstance(low, bool) and value < low:
        _error(out, item, "forms.error.minimum", minimum=low)
        return
    if isinstance(high, int | float) and not isinstance(high, bool) and value > high:
        _error(out, item, "forms.error.maximum", maximum=high)
        return
    out.data[item.key] = value


def _parse_date(item: Field, form: FormData, out: Submission) -> None:
    parts = {p: _text(form, f"{item.name}-{p}").strip() for p in DATE_PARTS}
    out.values[item.name] = parts
    if not any(parts.values()):
        if item.required:
            _error(out, item, "forms.error.required")
        return
    for part in DATE_PARTS:
        if not parts[part]:
            _part_error(out, item, part, f"forms.error.date-{part}-missing")
            return
    numbers = {p: _digits(v) for p, v in parts.items()}
    for part in DATE_PARTS:
        if not numbers[part].isdigit() or not numbers[part].isascii():
            _part_error(out, item, part, f"forms.error.date-{part}")
            return
    year, month, day = (int(numbers[p]) for p in DATE_PARTS)
    if not 1000 <= year <= 9999:
        _part_error(out, item, "year", "forms.error.date-year")
        return
    if not 1 <= month <= 12:
        _part_error(out, item, "month", "forms.error.date-month")
        return
    try:
        found = date(year, month, day)
    except ValueError:
        _part_error(out, item, "day", "forms.error.date-day")
        return
    out.data[item.key] = found.isoformat()


def _part_error(out: Submission, item: Field, part: str, key: str) -> None:
    out.errors.append(FieldError(item.name, item.control_id(part), key, {"label": item.label}))


def _parse_files(item: Field, form: FormData, out: Submission) -> None:
    kept = [
        v
        for v in form.getlist(f"{item.name}{KEEP_SUFFIX}")
        if isinstance(v, str) and _ATTACHMENT_ID.match(v) and v != out.removed
    ]
    kept = list(dict.fromkeys(kept))
    if not item.multiple:
        kept = kept[:1]
    failed = False
    fresh = []
    for upload in form.getlist(item.name):
        if not isinstance(upload, UploadFile) or not upload.filename:
            continue
        content = upload.file.read(item.max_size + 1)
        limit = {"mb": _megabytes(item.max_size), "bytes": f"{item.max_size:,}"}
        if not content:
            _error(out, item, "forms.error.file-empty", file=_base_name(upload.filename))
            failed = True
            continue
        if len(content) > item.max_size:
            _error(out, item, "forms.error.file-size", file=_base_name(upload.filename), **limit)
            failed = True
            continue
        media = media_type_of(content)
        if media is None or media not in item.media_types:
            _error(
                out,
                item,
                "forms.error.file-type",
                file=_base_name(upload.filename),
                types=item.type_names,
            )
            failed = True
            continue
        fresh.append(Upload(item.name, _base_name(upload.filename), media, content))
    if not item.multiple and fresh:
        kept, fresh = [], fresh[-1:]
    out.uploads.extend(fresh)
    out.values[item.name] = kept
    if kept:
        _put(out.data, item.name, kept if item.multiple else kept[0])
    if not kept and not fresh and not failed and item.required:
        _error(out, item, "forms.error.attach")


def _megabytes(size: int) -> str:
    mb = size / (1024 * 1024)
    return f"{mb:g}" if mb >= 1 else f"{mb:.2g}"


def _base_name(filename: str) -> str:
    """The file's own name, without any folder a browser sent, printable, at most 200."""
    name = re.split(r"[\\/]", filename)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[-200:] or "file"


# --- saved answers back into a form, and the rows of the 確認 page ------------------------


def values_of(fields: Sequence[Field], data: Mapping[str, Any]) -> dict[str, Any]:
    """The values to show in the form for saved answers ``data``."""
    values: dict[str, Any] = {}
    for item in fields:
        if item.is_group:
            inner = data.get(item.key)
            values.update(values_of(item.children, inner if isinstance(inner, Mapping) else {}))
            continue
        value = data.get(item.key)
        if value is None:
            continue
        if item.kind == "file":
            ids = value if isinstance(value, list) else [value]
            values[item.name] = [str(v) for v in ids if isinstance(v, str)]
        elif item.kind == "date" and isinstance(value, str):
            year, _, rest = value.partition("-")
            month, _, day = rest.partition("-")
            values[item.name] = {
                "year": year,
                "month": month.lstrip("0"),
                "day": day.lstrip("0"),
            }
        elif item.kind == "boolean":
            values[item.name] = "true" if value is True else "false" if value is False else ""
        else:
            values[item.name] = str(value)
    return values


@dataclass(frozen=True, slots=True)
class Answer:
    label: str
    value: str | None  # None: not answered (「未入力」)
    target: str  # the control the 「変更」 link points at
    lines: tuple[str, ...] = ()  # several values (files)


def answer_rows(
    fields: Sequence[Field],
    data: Mapping[str, Any],
    t: Translate,
    files: Mapping[str, str] | None = None,
    *,
    group: str | None = None,
) -> list[Answer]:
    """The 確認 rows of ``data``; ``files`` maps attachment ids to their file names."""
    rows: list[Answer] = []
    names = files or {}
    for item in fields:
        label = (
            item.label if group is None else t("forms.nested-label", group=group, field=item.label)
        )
        if item.is_group:
            inner = data.get(item.key)
            rows.extend(
                answer_rows(
                    item.children, inner if isinstance(inner, Mapping) else {}, t, names,
                    group=item.label,
                )
            )  # fmt: skip
            continue
        value = data.get(item.key)
        if value is None or value in ("", []):
            rows.append(Answer(label, None, item.target))
        elif item.kind == "file":
            ids = value if isinstance(value, list) else [value]
            shown = tuple(names.get(str(i), str(i)) for i in ids)
            rows.append(Answer(label, shown[0] if len(shown) == 1 else "", item.target, shown))
        else:
            rows.append(Answer(label, display(item, value, t), item.target))
    return rows


def display(item: Field, value: Any, t: Translate) -> str:
    """An answer in words: はい/いいえ, an option's label, a date as 2026年4月1日."""
    if item.kind == "boolean":
        return t("forms.yes") if value is True else t("forms.no")
    if item.kind in {"radio", "select"}:
        for option in item.options:
            if item.enum_values.get(option.value) == value:
                return option.label or str(value)
        return str(value)
    if item.kind == "date" and isinstance(value, str):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value
        return with_era(day, t)
    return str(value)


# The first day of each Japanese era (和暦), newest first.
_ERAS: Final = (
    (date(2019, 5, 1), "reiwa"),
    (date(1989, 1, 8), "heisei"),
    (date(1926, 12, 25), "showa"),
    (date(1912, 7, 30), "taisho"),
)


def with_era(day: date, t: Translate) -> str:
    """A day as 2018年4月27日（平成30年）: 西暦 with the era in brackets (the catalogue may
    leave the era out, as English does)."""
    shown = t("forms.date", year=day.year, month=day.month, day=day.day)
    for start, era in _ERAS:
        if day >= start:
            year = day.year - start.year + 1
            number = t("forms.era.first-year") if year == 1 else str(year)
            return t("forms.date.with-era", date=shown, era=t(f"forms.era.{era}", year=number))
    return shown
