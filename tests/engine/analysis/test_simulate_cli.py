"""``machiflow simulate``: JSON per variant, the Japanese table, the histogram, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from engine.analysis.simulate import KPI_KEYS, Options, find_variants, simulate
from engine.analysis.simulation.histogram import histogram, nice_step
from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main
from engine.render.theme import FONT_STACK
from tests.engine.analysis.simulation_models import counter_model, load, loop_model

SVG = "{http://www.w3.org/2000/svg}"
VARIANT_KEYS = {
    "file",
    "process",
    "name",
    "variant",
    "cases",
    "seed",
    "arrivals_per_day",
    "method",
    "lead_time_days",
    "kpis",
    "kpis_per_case",
    "lanes",
    "truncated",
}


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    captured = capsys.readouterr()
    code = exited.value.code
    assert isinstance(code, int)
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


@pytest.fixture
def variants(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """As-Is and To-Be in a working directory of their own."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "as-is.bpmn").write_bytes(loop_model("as-is"))
    (tmp_path / "to-be.bpmn").write_bytes(counter_model(30, variant="to-be"))
    return ["as-is.bpmn", "to-be.bpmn"]


def test_json_is_one_object_per_variant(
    variants: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(["simulate", *variants, "--cases", "300", "--json"], capsys)
    assert code == EXIT_OK
    payload = json.loads(out)
    assert [v["variant"] for v in payload] == ["as-is", "to-be"]
    for variant in payload:
        assert set(variant) == VARIANT_KEYS
        assert set(variant["lead_time_days"]) == {"mean", "p50", "p90", "min", "max"}
        assert set(variant["kpis"]) == set(KPI_KEYS) == set(variant["kpis_per_case"])
        assert variant["cases"] == 300
        assert variant["lanes"] == []
    assert payload[1]["lead_time_days"]["mean"] == pytest.approx(30 / 1440, abs=1e-6)
    assert payload[1]["kpis"]["staff_minutes"] == pytest.approx(300 * 30)
    assert Path("simulation.svg").is_file()  # written by default, in the working directory
    assert "simulation.svg" in err


def test_same_seed_same_json_other_seed_other_json(
    variants: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["simulate", variants[0], "--cases", "200", "--json", "--no-svg", "--arrivals", "2"]
    _, first, _ = run_cli([*args, "--seed", "4"], capsys)
    _, again, _ = run_cli([*args, "--seed", "4"], capsys)
    _, other, _ = run_cli([*args, "--seed", "5"], capsys)
    assert first == again
    assert json.loads(first)[0]["lead_time_days"] != json.loads(other)[0]["lead_time_days"]


def test_capacity_and_hours_in_json(
    variants: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["simulate", *variants, "--cases", "200", "--json", "--no-svg", "--arrivals", "20"]
    args += ["--capacity", "窓口=1", "--hours", "8:30-17:15"]
    code, out, _ = run_cli(args, capsys)
    assert code == EXIT_OK
    for variant in json.loads(out):
        assert variant["method"] == "simpy"
        (lane,) = variant["lanes"]
        assert lane["name"] == "窓口"
        assert lane["lane"] == "Lane_Counter"
        assert lane["capacity"] == 1
        assert 0 < lane["utilisation"] <= 1


def test_table_is_japanese_with_a_column_per_variant(
    variants: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(
        ["simulate", *variants, "--cases", "200", "--no-svg", "--capacity", "窓口=2"], capsys
    )
    assert code == EXIT_OK
    assert out.startswith("シミュレーション: 200 件、シード 1、全件が同時に到着")
    header = out.splitlines()[2]
    assert "as-is" in header
    assert "to-be" in header
    for words in (
        "リードタイム 平均（日）",
        "90%点",
        "職員の作業時間（分）",
        "稼働率 窓口（2 人）",
    ):
        assert words in out
    assert not Path("simulation.svg").exists()


def test_table_in_english(variants: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        ["simulate", variants[0], "--cases", "50", "--no-svg", "--lang", "en"], capsys
    )
    assert code == EXIT_OK
    assert out.startswith("Simulation: 50 cases, seed 1, all cases arrive at once")
    assert "lead time mean (days)" in out


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    variants: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, err = run_cli(["simulate", *variants, "--cases", "20000", "--no-svg"], capsys)
    assert "シミュレーション中" not in err


def test_process_option_picks_the_process(
    variants: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "simulate",
        variants[0],
        "--process",
        "Process_1",
        "--cases",
        "20",
        "--json",
        "--no-svg",
    ]
    code, out, _ = run_cli(args, capsys)
    assert code == EXIT_OK
    assert [v["process"] for v in json.loads(out)] == ["Process_1"]


@pytest.mark.parametrize(
    ("extra", "exit_code", "words"),
    [
        (["--capacity", "窓口"], EXIT_USAGE, "--capacity 窓口"),
        (["--capacity", "窓口=0"], EXIT_USAGE, "--capacity 窓口=0"),
        (["--hours", "17:15-8:30"], EXIT_USAGE, "8:30-17:15"),
        (["--capacity", "受付係=1"], EXIT_INPUT, "受付係"),
        (["--process", "Nope"], EXIT_INPUT, "Nope"),
        (["--svg", "no/such/folder/out.svg"], EXIT_INPUT, "no/such/folder/out.svg"),
        (["--cases", "0"], EXIT_USAGE, "--cases"),
    ],
)
def test_errors_exit_with_a_clear_message(
    variants: list[str],
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    exit_code: int,
    words: str,
) -> None:
    code, out, err = run_cli(["simulate", variants[0], "--cases", "10", *extra], capsys)
    assert code == exit_code
    assert words in err
    assert out == ""


def test_missing_file_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["simulate", str(tmp_path / "none.bpmn"), "--no-svg"], capsys)
    assert code == EXIT_INPUT
    assert "none.bpmn" in err


# --- the histogram --------------------------------------------------------------------------


def test_histogram_is_a_self_contained_japanese_svg() -> None:
    results = simulate(
        find_variants([("as-is.bpmn", load(loop_model())), ("to-be.bpmn", load(counter_model()))]),
        Options(cases=400),
    )
    svg = histogram(results, "ja")
    root = etree.fromstring(svg.encode())
    assert root.tag == f"{SVG}svg"
    assert root.get("font-family") == FONT_STACK
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ja"
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert "リードタイム（日）" in texts
    assert "件数" in texts
    assert any(t.startswith("平均 ") for t in texts)
    assert root.findtext(f"{SVG}title") == "リードタイムの分布"
    panels = root.findall(f".//{SVG}g[@class='mf-variant']")
    assert [p.get("data-process") for p in panels] == ["Process_1", "Process_1"]
    bars = [r for r in panels[0].iter(f"{SVG}rect") if r.get("fill") != "#f2f2f2"]
    assert bars  # the distribution is drawn
    assert "href" not in svg  # nothing outside the file
    assert "<script" not in svg


def test_histogram_in_english_and_of_a_single_value() -> None:
    (result,) = simulate(find_variants([("one.bpmn", load(counter_model()))]), Options(cases=5))
    svg = histogram([result], "en")
    root = etree.fromstring(svg.encode())
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert "Lead time (days)" in texts


@pytest.mark.parametrize(
    ("span", "step"), [(10.0, 2.0), (1.0, 0.2), (37.0, 10.0), (0.0, 1.0), (6.0, 1.0)]
)
def test_axis_steps_are_round(span: float, step: float) -> None:
    assert nice_step(span) == pytest.approx(step)
