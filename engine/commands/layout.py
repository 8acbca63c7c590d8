"""``machiflow layout``: add BPMN DI (pools, lanes, shapes, edges) to a file that has none."""

from __future__ import annotations

from pathlib import Path

import click

from engine.cli import EXIT_OK, lang_option


@click.command(name="layout")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The BPMN file to write (may be FILE itself).",
)
@click.option("--replace", is_flag=True, help="Replace the diagrams FILE already has.")
@lang_option
def command(file: str, output: str, replace: bool, lang: str) -> int:
    """Lay out FILE as horizontal swimlanes, flow left to right, and write it with its DI
    to OUTPUT; everything else in the file stays as it was."""
    from engine.messages import render
    from engine.model import loads
    from engine.model.document import read_bytes
    from engine.steps.di import write_di
    from engine.steps.files import write_atomically
    from engine.steps.layout import layout

    data = read_bytes(file)
    definitions = loads(data, file)
    diagrams = layout(definitions)
    if not diagrams:
        from engine.errors import InputError

        raise InputError("steps.layout.nothing", file=file)
    result = write_di(data, diagrams, file=file, replace=replace)
    write_atomically(Path(output), result)
    shapes = sum(len(d.shapes) for d in diagrams)
    edges = sum(len(d.edges) for d in diagrams)
    click.echo(
        render("steps.layout.done", lang, output=output, shapes=shapes, edges=edges), err=True
    )
    return EXIT_OK
