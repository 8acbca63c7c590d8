"""The handbook's generated procedure pages: ``handbook/{ja,en}/procedures/``.

``generate(processes)`` is every file of those folders (Markdown pages and the SVG of each
variant) as the models under ``processes`` make them, in memory; ``write`` puts them on
disk and removes what is no longer generated; ``stale`` says which committed files differ
(a test keeps the committed pages fresh, as it does for the rule reference).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Final

from engine.handbook.pages import Subject, index_page, procedure_page
from engine.handbook.procedures import comparison, find, slug_of
from engine.messages import LANGS
from engine.render import render_svg
from engine.steps.files import write_atomically, write_errors

__all__ = ["BUNDLED", "FOLDER", "Files", "generate", "shown_folder", "stale", "write"]

BUNDLED: Final = Path(__file__).resolve().parents[2] / "processes" / "bpmn"
HANDBOOK_FOLDER: Final = "handbook"  # where --write is meant to go, beside processes/
FOLDER: Final = "procedures"  # under handbook/<lang>/: every file in it is generated
GENERATED_SUFFIXES: Final = (".md", ".svg")

Files = dict[PurePosixPath, bytes]


def shown_folder(path: Path) -> str:
    """A folder as pages name it: its last two parts (``processes/bpmn``), so the pages do
    not depend on where the repository lies."""
    return "/".join(path.resolve().parts[-2:])


def generate(processes: Path) -> Files:
    """Every generated file, by its path under the handbook folder."""
    files: Files = {}
    subjects = []
    root = shown_folder(processes)
    for procedure in find(processes):
        compared = comparison(procedure)
        images = []
        for item in compared.measured:
            image = f"{procedure.slug}.{slug_of(Path(item.variant.file).name.split('.')[0])}.svg"
            svg = render_svg(item.variant.document, process_id=item.process.id)
            images.append(image)
            for lang in LANGS:
                files[PurePosixPath(lang, FOLDER, image)] = svg.encode("utf-8")
        folder = "/".join([root, *procedure.folder.relative_to(processes).parts])
        for lang in LANGS:
            subject = Subject(
                procedure.slug, folder, procedure.readme(lang), compared, tuple(images),
                readme_translated=procedure.readme_in(lang),
                # The handbook lies beside processes/ in the repository (HANDBOOK_FOLDER).
                page_folder=f"{HANDBOOK_FOLDER}/{lang}/{FOLDER}",
            )  # fmt: skip
            subjects.append((lang, subject))
            page = procedure_page(subject, lang)
            files[PurePosixPath(lang, FOLDER, f"{procedure.slug}.md")] = page.encode("utf-8")
    for lang in LANGS:
        index = index_page([s for at, s in subjects if at == lang], root, lang)
        files[PurePosixPath(lang, FOLDER, "index.md")] = index.encode("utf-8")
    return files


def _on_disk(handbook: Path) -> set[PurePosixPath]:
    found = set()
    for lang in LANGS:
        folder = handbook / lang / FOLDER
        if folder.is_dir():
            found |= {
                PurePosixPath(p.relative_to(handbook).as_posix())
                for p in folder.iterdir()
                if p.is_file() and p.name.endswith(GENERATED_SUFFIXES)
            }
    return found


def stale(handbook: Path, files: Mapping[PurePosixPath, bytes]) -> dict[str, list[str]]:
    """Files that differ from ``files``: ``changed``, ``missing`` and ``extra`` (on disk,
    no longer generated), each a sorted list of paths under the handbook folder."""
    present = _on_disk(handbook)
    changed = [
        str(p) for p in sorted(files) if p in present and (handbook / p).read_bytes() != files[p]
    ]
    return {
        "changed": changed,
        "missing": [str(p) for p in sorted(set(files) - present)],
        "extra": [str(p) for p in sorted(present - set(files))],
    }


def write(handbook: Path, files: Mapping[PurePosixPath, bytes]) -> tuple[list[Path], list[Path]]:
    """Write ``files`` under ``handbook`` (only those that changed) and remove generated
    files that are no longer generated; returns what was written and what was removed."""
    written, removed = [], []
    for path in sorted(_on_disk(handbook) - set(files)):
        with write_errors(handbook / path):
            (handbook / path).unlink()
        removed.append(handbook / path)
    for relative, content in sorted(files.items()):
        target = handbook / relative
        if target.is_file() and target.read_bytes() == content:
            continue
        with write_errors(target):
            target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, content)  # a reader never sees half a page
        written.append(target)
    return written, removed
