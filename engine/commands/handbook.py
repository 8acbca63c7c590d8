"""``machiflow handbook``: the handbook's procedure pages, generated from the models."""

from __future__ import annotations

from pathlib import Path

import click

from engine.cli import EXIT_INPUT, EXIT_OK, lang_option


@click.command(name="handbook")
@click.option(
    "--write",
    "write_dir",
    type=click.Path(file_okay=False),
    help="Write DIR/{ja,en}/procedures/ (run with --write handbook): a page and the diagrams "
    "of each procedure, and the index; files no longer generated are removed.",
)
@click.option(
    "--check",
    "check_dir",
    type=click.Path(file_okay=False),
    help="Exit 1 when DIR/{ja,en}/procedures/ is not what --write would make.",
)
@click.option(
    "--processes",
    "processes_dir",
    type=click.Path(file_okay=False, exists=True),
    help="Folder of models, one folder per procedure (default: the bundled processes/bpmn).",
)
@lang_option
def command(
    write_dir: str | None, check_dir: str | None, processes_dir: str | None, lang: str
) -> int:
    """The handbook page of each procedure under processes/bpmn: its description, the
    diagram of each variant, the KPIs across variants and the main differences. Without
    --write or --check, list the procedures and their models."""
    from engine import handbook
    from engine.handbook.pages import label
    from engine.handbook.procedures import find
    from engine.messages import render

    processes = Path(processes_dir) if processes_dir else handbook.BUNDLED
    if write_dir is None and check_dir is None:
        for procedure in find(processes):
            models = ", ".join(str(m) for m in procedure.models)
            click.echo(label("list.item", lang, slug=procedure.slug, files=models))
        return EXIT_OK
    files = handbook.generate(processes)
    code = EXIT_OK
    if check_dir is not None:
        found = handbook.stale(Path(check_dir), files)
        for kind, key in (("changed", "check.stale"), ("missing", "check.missing"),
                          ("extra", "check.extra")):  # fmt: skip
            for path in found[kind]:
                click.echo(label(key, lang, path=Path(check_dir) / path), err=True)
        if any(found.values()):
            click.echo(label("check.hint", lang, folder=check_dir), err=True)
            code = EXIT_INPUT
        else:
            click.echo(label("check.fresh", lang, path=check_dir), err=True)
    if write_dir is not None:
        written, removed = handbook.write(Path(write_dir), files)
        for gone in removed:
            click.echo(label("removed", lang, path=gone), err=True)
        for made in written:
            click.echo(render("cli.rules.written", lang, path=made), err=True)
    return code
