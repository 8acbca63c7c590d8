"""Hostile and broken inputs: every one is refused with our error, never a traceback or a leak.

Each case goes through ``engine.model.loads``, ``engine.model.load`` (from a file) and the
command line (``engine.cli.main``), and must give the same error code everywhere.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from engine.cli import main
from engine.errors import (
    EmptyFileError,
    FileTooLargeError,
    ForbiddenDoctypeError,
    ModelLoadError,
    NotBpmnError,
    XmlSyntaxError,
)
from engine.model import DEFAULT_LIMIT, load, loads
from tests.factories import definitions, linear

PASSWD = Path("/etc/passwd")
PASSWD_LINE = PASSWD.read_text().splitlines()[0] if PASSWD.exists() else "root:x:0:0"

XXE = (
    b'<?xml version="1.0"?>\n'
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
    b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="&e;">'
    b'<bpmn:process id="P"><bpmn:task id="T" name="&e;"/></bpmn:process>'
    b"</bpmn:definitions>\n"
)

_LOL = b'<!ENTITY lol0 "lol">' + b"".join(
    b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
)
BILLION_LAUGHS = b'<?xml version="1.0"?>\n<!DOCTYPE lolz [' + _LOL + b"]>\n<lolz>&lol9;</lolz>\n"

SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10"/>\n'
XSD = (
    b'<?xml version="1.0"?>\n'
    b'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"><xsd:element name="x"/>'
    b"</xsd:schema>\n"
)


@dataclass(frozen=True)
class Case:
    data: bytes
    error: type[ModelLoadError]
    code: str
    line: int | None


CASES: dict[str, Case] = {
    "malformed": Case(
        b'<?xml version="1.0"?>\n<definitions>\n  <a></b>\n',
        XmlSyntaxError,
        "model.xml-syntax",
        3,
    ),
    "svg": Case(SVG, NotBpmnError, "model.not-bpmn", 2),
    "xsd": Case(XSD, NotBpmnError, "model.not-bpmn", 2),
    "bpmn-root-wrong-namespace": Case(
        b'<?xml version="1.0"?>\n'
        b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100501/MODEL" id="D"/>\n',
        NotBpmnError,
        "model.not-bpmn",
        2,
    ),
    "bpmn-root-no-namespace": Case(b'<definitions id="D"/>', NotBpmnError, "model.not-bpmn", 1),
    "xxe": Case(XXE, ForbiddenDoctypeError, "model.doctype", 2),
    "xxe-after-comment": Case(
        XXE.replace(b"\n<!DOCTYPE", b"\n<!-- <a> -->\n<!DOCTYPE"),
        ForbiddenDoctypeError,
        "model.doctype",
        3,
    ),
    "xxe-utf16": Case(
        XXE.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16"),
        ForbiddenDoctypeError,
        "model.doctype",
        2,
    ),
    "billion-laughs": Case(BILLION_LAUGHS, ForbiddenDoctypeError, "model.doctype", 2),
    "external-dtd": Case(
        b'<?xml version="1.0"?>\n<!DOCTYPE definitions SYSTEM "http://127.0.0.1:9/bpmn.dtd">\n'
        + definitions("").split(b"\n", 1)[1],
        ForbiddenDoctypeError,
        "model.doctype",
        2,
    ),
    "empty": Case(b"", EmptyFileError, "model.empty", None),
    "whitespace": Case(b" \n\t\r\n  ", EmptyFileError, "model.empty", None),
    "binary": Case(bytes(range(256)) * 4, XmlSyntaxError, "model.xml-syntax", 1),
    "nul-bytes": Case(b"\x00" * 64, XmlSyntaxError, "model.xml-syntax", 1),
    "truncated": Case(linear("受付")[:-40], XmlSyntaxError, "model.xml-syntax", None),
}


def _assert_good_error(exc: ModelLoadError, case: Case, name: str) -> None:
    assert type(exc) is case.error
    assert exc.code == case.code
    assert exc.file == name
    if case.line is not None:
        assert exc.line == case.line
    ja, en = exc.message("ja"), exc.message("en")
    assert name in ja
    assert name in en
    assert ja != en
    assert ja.strip()
    assert en.strip()
    assert not re.search(r"\{[a-z_]+\}", en)  # every template field was filled
    assert PASSWD_LINE not in ja + en


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_loads_refuses(case_name: str) -> None:
    case = CASES[case_name]
    name = f"{case_name}.bpmn"
    with pytest.raises(ModelLoadError) as caught:
        loads(case.data, name)
    _assert_good_error(caught.value, case, name)


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_load_refuses(case_name: str, tmp_path: Path) -> None:
    case = CASES[case_name]
    path = tmp_path / f"{case_name}.bpmn"
    path.write_bytes(case.data)
    with pytest.raises(ModelLoadError) as caught:
        load(path)
    _assert_good_error(caught.value, case, str(path))


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Exit code and stdout + stderr of ``machiflow ARGS`` run in-process."""
    with pytest.raises(SystemExit) as exited:
        main(args)
    captured = capsys.readouterr()
    code = exited.value.code
    assert isinstance(code, int)
    return code, captured.out + captured.err


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_cli_reports_the_code_without_traceback(
    case_name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES[case_name]
    path = tmp_path / f"{case_name}.bpmn"
    path.write_bytes(case.data)
    code, output = run_cli(["validate", "--lang", "en", str(path)], capsys)
    assert code == 1
    assert case.code in output
    assert str(path) in output
    assert "Traceback" not in output
    assert PASSWD_LINE not in output


def test_malformed_xml_points_at_line_and_column() -> None:
    data = b'<?xml version="1.0"?>\n<root>\n  <open>\n    text\n  </close>\n</root>\n'
    with pytest.raises(XmlSyntaxError) as caught:
        loads(data, "m.bpmn")
    exc = caught.value
    assert exc.line == 5
    assert exc.column > 0
    assert exc.params["column"] == exc.column
    assert "open" in exc.params["detail"]
    assert exc.message("en").startswith("m.bpmn:5:11: ")
    assert exc.message("ja").startswith("m.bpmn:5:11: XML の構文エラー")


def test_unclosed_attribute_quote_reports_its_line() -> None:
    data = linear("a").replace(b'id="Task_1"', b'id="Task_1')
    with pytest.raises(XmlSyntaxError) as caught:
        loads(data, "q.bpmn")
    task_line = next(i for i, t in enumerate(data.splitlines(), 1) if b"Task_1" in t)
    assert caught.value.line is not None
    assert caught.value.line >= task_line  # libxml2 notices at or after the bad line


@pytest.mark.parametrize(("case_name", "root"), [("svg", "svg"), ("xsd", "schema")])
def test_not_bpmn_names_the_root(case_name: str, root: str) -> None:
    with pytest.raises(NotBpmnError) as caught:
        loads(CASES[case_name].data, "x.bpmn")
    assert caught.value.params["root"].startswith(root + " (http")
    assert root in caught.value.message("en")
    assert root in caught.value.message("ja")


def test_xxe_never_reads_the_file() -> None:
    with pytest.raises(ForbiddenDoctypeError) as caught:
        loads(XXE, "xxe.bpmn")
    rendered = repr(caught.value.params) + caught.value.message("ja") + str(caught.value)
    assert PASSWD_LINE not in rendered
    assert "root:" not in rendered


def test_doctype_words_in_a_comment_or_cdata_are_not_a_doctype() -> None:
    # Only the prolog can hold a DOCTYPE: HTML quoted in documentation must still load.
    data = linear("受付").replace(
        b'<bpmn:startEvent id="Start"/>',
        (
            "<!-- <!DOCTYPE html> <!ENTITY x 'y'> -->\n"
            '<bpmn:startEvent id="Start"><bpmn:documentation>'
            "<![CDATA[<!DOCTYPE html><html><body>説明</body></html>]]>"
            "</bpmn:documentation></bpmn:startEvent>"
        ).encode(),
    )
    defs = loads(data, "doc.bpmn")
    start = defs.node("Start")
    assert start is not None
    assert start.documentation is not None
    assert start.documentation.startswith("<!DOCTYPE html>")


def test_processing_instructions_and_comments_before_the_root_are_fine() -> None:
    data = linear("a").replace(
        b"?>\n", b'?>\n<?xml-stylesheet href="x.xsl"?>\n<!-- exported -->\n', 1
    )
    assert loads(data).processes["Process_1"].nodes["Task_1"].name == "a"


def test_oversize_by_limit_argument(tmp_path: Path) -> None:
    data = linear("受付")
    with pytest.raises(FileTooLargeError) as caught:
        loads(data, "big.bpmn", limit=len(data) - 1)
    assert caught.value.params["size"] == len(data)
    assert caught.value.params["limit"] == len(data) - 1
    assert f"{len(data):,}" in caught.value.message("en")
    assert loads(data, "ok.bpmn", limit=len(data)).processes
    path = tmp_path / "big.bpmn"
    path.write_bytes(data)
    with pytest.raises(FileTooLargeError):
        load(path, limit=100)
    assert load(path, limit=len(data)).processes


def test_oversize_by_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = linear("受付")
    path = tmp_path / "big.bpmn"
    path.write_bytes(data)
    monkeypatch.setenv("MACHIFLOW_MAX_MODEL_BYTES", "100")
    with pytest.raises(FileTooLargeError) as caught:
        load(path)
    assert caught.value.params["limit"] == 100
    with pytest.raises(FileTooLargeError):
        loads(data, "big.bpmn")
    assert load(path, limit=len(data)).processes  # the argument wins over the environment
    monkeypatch.setenv("MACHIFLOW_MAX_MODEL_BYTES", "not a number")
    assert load(path).processes  # an unreadable setting falls back to the default


def test_oversize_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.bpmn"
    with path.open("wb") as handle:  # sparse: big on paper, nothing to read
        handle.truncate(DEFAULT_LIMIT + 1)
    with pytest.raises(FileTooLargeError) as caught:
        load(path)
    assert caught.value.params["size"] == DEFAULT_LIMIT + 1


def test_oversize_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.bpmn"
    path.write_bytes(linear("受付"))
    monkeypatch.setenv("MACHIFLOW_MAX_MODEL_BYTES", "100")
    code, output = run_cli(["validate", str(path)], capsys)
    assert code == 1
    assert "model.too-large" in output
    assert "Traceback" not in output


def test_iso_8859_1_declared_in_the_prolog_loads(tmp_path: Path) -> None:
    text = (
        linear("Überprüfung", "Größe").decode().replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    )
    path = tmp_path / "latin1.bpmn"
    path.write_bytes(text.encode("iso-8859-1"))
    nodes = load(path).processes["Process_1"].nodes
    assert nodes["Task_1"].name == "Überprüfung"
    assert nodes["Task_2"].name == "Größe"


def test_utf16_and_shift_jis_load() -> None:
    text = linear("受付", "審査").decode()
    for encoding in ("UTF-16", "Shift_JIS"):
        data = text.replace('encoding="UTF-8"', f'encoding="{encoding}"').encode(encoding)
        nodes = loads(data, f"{encoding}.bpmn").processes["Process_1"].nodes
        assert (nodes["Task_1"].name, nodes["Task_2"].name) == ("受付", "審査"), encoding


def test_utf8_bom_loads() -> None:
    assert loads(b"\xef\xbb\xbf" + linear("受付")).processes


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.bpmn"
    with pytest.raises(ModelLoadError) as caught:
        load(path)
    assert type(caught.value) is ModelLoadError
    assert caught.value.code == "model.read-error"
    assert str(path) in caught.value.message("ja")
    assert str(path) in caught.value.message("en")
    assert caught.value.__cause__ is not None  # the OSError is kept for debugging


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError) as caught:
        load(tmp_path)
    assert caught.value.code == "model.read-error"
    assert str(tmp_path) in caught.value.message("en")


def test_missing_file_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "missing.bpmn"
    code, output = run_cli(["validate", str(path)], capsys)
    assert code == 1
    assert "model.read-error" in output
    assert str(path) in output
    assert "Traceback" not in output


def test_directory_without_models_through_the_cli_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A directory stands for the .bpmn files under it; with none, it is a usage error.
    code, output = run_cli(["validate", "--lang", "en", str(tmp_path)], capsys)
    assert code == 2
    assert str(tmp_path) in output
    assert "no .bpmn file" in output
    assert "Traceback" not in output


def test_directory_through_the_cli_validates_every_model_under_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "good.bpmn").write_bytes(linear("受付"))
    (tmp_path / "bad.bpmn").write_bytes(b"<oops")
    code, output = run_cli(["validate", "--json", str(tmp_path)], capsys)
    assert code == 1
    files = {finding["file"] for finding in json.loads(output[: output.rindex("]") + 1])}
    assert str(tmp_path / "bad.bpmn") in files
