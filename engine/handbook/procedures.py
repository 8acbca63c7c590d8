"""The bundled procedures as the handbook sees them: a folder of models per procedure,
its description, and the comparison of its variants (KPIs and diffs, as the staff pages)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from engine.analysis.inventory import main_process
from engine.model import load
from engine.service.comparisons import Comparison, Variant, compare, variant_rank
from engine.service.deployments import is_model

README_NAMES: Final = ("README.{lang}.md", "README.md")
_SLUG: Final = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Procedure:
    """One folder of models (or one model at the top of the processes folder)."""

    slug: str
    folder: Path
    models: tuple[Path, ...]

    def readme_in(self, lang: str) -> bool:
        """Whether the folder has a README of its own for ``lang`` (``README.<lang>.md``);
        ``README.md`` alone is taken to be Japanese, the handbook's first language."""
        return (self.folder / README_NAMES[0].format(lang=lang)).is_file() or lang == "ja"

    def readme(self, lang: str) -> str | None:
        """``README.<lang>.md`` beside the models, else ``README.md``, else None."""
        for pattern in README_NAMES:
            path = self.folder / pattern.format(lang=lang)
            if path.is_file():
                return path.read_text(encoding="utf-8")
        return None


def slug_of(name: str) -> str:
    """A file-name-safe slug: lower-case ASCII letters, digits and hyphens."""
    return _SLUG.sub("-", name.lower()).strip("-") or "procedure"


def find(processes: Path) -> list[Procedure]:
    """Every procedure under ``processes``, by slug: each folder that holds models is one
    procedure named after the folder; a model lying in ``processes`` itself is one alone."""
    by_folder: dict[Path, list[Path]] = {}
    for path in sorted(processes.rglob("*")):
        if path.is_file() and is_model(path.name):
            by_folder.setdefault(path.parent, []).append(path)
    found: list[Procedure] = []
    for folder, models in by_folder.items():
        if folder == processes:
            found += [Procedure(slug_of(m.name.split(".")[0]), folder, (m,)) for m in models]
        else:
            name = "-".join(folder.relative_to(processes).parts)
            found.append(Procedure(slug_of(name), folder, tuple(models)))
    slugs = [p.slug for p in found]
    return sorted(
        (
            p if slugs.count(p.slug) == 1 else Procedure(f"{p.slug}-{index}", p.folder, p.models)
            for index, p in enumerate(found, start=1)
        ),
        key=lambda p: p.slug,
    )


def variants(procedure: Procedure) -> list[Variant]:
    """The procedure's models, loaded, As-Is → Can-Be → To-Be (then others by file name)."""
    loaded = []
    for path in procedure.models:
        document = load(path)
        process = main_process(document)
        loaded.append(Variant(document, path.name, process.id))
    return sorted(
        loaded,
        key=lambda v: (
            variant_rank(v.document.processes[v.process or ""].bpr.variant or ""),
            v.file,
        ),
    )


def comparison(procedure: Procedure) -> Comparison:
    """KPIs of each variant and the diff of each with the next (``engine.service``'s)."""
    return compare(variants(procedure))
