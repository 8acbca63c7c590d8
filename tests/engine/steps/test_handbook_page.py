"""The handbook's step-table pages stay true to the code: every accepted header is listed in
both languages, and the example is the bundled 学童 As-Is table itself."""

from __future__ import annotations

import pytest

from engine.steps.table import COLUMNS
from tests.conftest import BUNDLED, ROOT


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_accepted_header_is_documented(lang: str) -> None:
    page = (ROOT / "handbook" / lang / "step-table.md").read_text(encoding="utf-8")
    for field, names in COLUMNS.items():
        for name in names:
            assert f"`{name}`" in page, (field, name)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_example_is_the_bundled_table(lang: str) -> None:
    page = (ROOT / "handbook" / lang / "step-table.md").read_text(encoding="utf-8")
    example = page.split("```csv\n", 1)[1].split("```", 1)[0]
    assert example == (BUNDLED / "gakudo" / "as-is.csv").read_text(encoding="utf-8")
