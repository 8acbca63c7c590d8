"""The ``machiflow`` command line: validate, render, db upgrade (and later serve, kpi, diff, ...).

Exit codes: 0 success (warnings allowed), 1 a file has an error, 2 usage error,
3 internal error. No command ever prints a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from engine.errors import InputError, MachiflowError, SetupError
from engine.messages import normalize_lang, render

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


def _default_lang() -> str:
    return normalize_lang(os.environ.get("MACHIFLOW_LANG"))


lang_option = click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    default=_default_lang,
    show_default="ja, or MACHIFLOW_LANG",
    help="Language of messages.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="machiflow", prog_name="machiflow")
def cli() -> None:
    """machiflow: load, validate, render, run and compare BPMN procedures."""


def _expand(paths: tuple[str, ...], lang: str) -> list[str]:
    """Files as given; a directory stands for every .bpmn file under it."""
    files: list[str] = []
    for path in paths:
        if Path(path).is_dir():
            found = sorted(str(p) for p in Path(path).rglob("*.bpmn") if p.is_file())
            if not found:
                raise click.UsageError(render("cli.validate.empty-dir", lang, path=path))
            files.extend(found)
        else:
            files.append(path)
    return files


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print findings as a JSON list.")
@lang_option
def validate(files: tuple[str, ...], as_json: bool, lang: str) -> int:
    """Validate BPMN FILES (or every .bpmn under a directory): XML, the BPMN 2.0 XSD,
    lint rules and engine support."""
    from engine.check import check_file

    results = [check_file(f) for f in _expand(files, lang)]
    if as_json:
        payload = [f.to_json(lang) for r in results for f in r.findings]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for result in results:
            for finding in result.findings:
                click.echo(finding.format(lang))
            errors = len(result.errors())
            warnings = len(result.findings) - errors
            click.echo(
                render(
                    "cli.validate.summary", lang, file=result.file, errors=errors, warnings=warnings
                ),
                err=True,
            )
    return EXIT_OK if all(r.ok for r in results) else EXIT_INPUT


@cli.command(name="render")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Output file: .svg or .png.",
)
@click.option("--diagram", "diagram_id", help="Id of the BPMNDiagram to draw (default: the first).")
@click.option("--process", "process_id", help="Draw only this process (automatic layout).")
@lang_option
def render_command(
    file: str, output: str, diagram_id: str | None, process_id: str | None, lang: str
) -> int:
    """Draw FILE as SVG or PNG, from its diagram or by automatic layout."""
    from engine.model import load
    from engine.render import render_png, render_svg

    suffix = Path(output).suffix.lower()
    if suffix not in {".svg", ".png"}:
        raise click.UsageError(render("cli.render.format", lang, output=output))
    definitions = load(file)
    svg = render_svg(definitions, diagram_id=diagram_id, process_id=process_id)
    data = svg.encode("utf-8") if suffix == ".svg" else render_png(svg)
    Path(output).write_bytes(data)
    click.echo(render("cli.render.done", lang, output=output, size=len(data)), err=True)
    return EXIT_OK


@cli.group()
def db() -> None:
    """The database: create or migrate its schema."""


db_option = click.option(
    "--db",
    "url",
    metavar="URL",
    help="Database URL, e.g. sqlite:///machiflow.db or postgresql://user@host/name "
    "(default: $MACHIFLOW_DB, else sqlite:///machiflow.db).",
)


@db.command(name="upgrade")
@db_option
@lang_option
def db_upgrade(url: str | None, lang: str) -> int:
    """Create the tables, or migrate them to this version of machiflow. Safe to run again."""
    from engine.store.database import database_url, display_url
    from engine.store.migrations import upgrade

    target = database_url(url)
    revision = upgrade(target)
    click.echo(render("store.upgraded", lang, url=display_url(target), revision=revision), err=True)
    return EXIT_OK


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--processes",
    "processes_dir",
    type=click.Path(file_okay=False, exists=True),
    help="Folder of models to deploy at start (default: the bundled processes/bpmn).",
)
@click.option("--no-deploy", is_flag=True, help="Deploy nothing at start.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes on the one port (one per core at most); timers run in one.",
)
@click.option(
    "--pin-cpu/--no-pin-cpu",
    default=True,
    show_default=True,
    help="Keep each server process's threads on one CPU of its own (Linux).",
)
@lang_option
def serve(
    url: str | None,
    host: str,
    port: int,
    processes_dir: str | None,
    no_deploy: bool,
    workers: int,
    pin_cpu: bool,
    lang: str,
) -> int:
    """Run the server: migrate the database, deploy the bundled processes, serve the API
    (OpenAPI at /docs) and fire timers."""
    import logging

    import uvicorn

    from api.affinity import cpu_for
    from api.app import create_app
    from api.settings import BUNDLED_PROCESSES, Settings
    from engine.store.database import database_url, display_url

    target = database_url(url)
    folder = None if no_deploy else Path(processes_dir) if processes_dir else BUNDLED_PROCESSES
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # SpiffWorkflow logs every task state change at INFO: several lines per request and
    # about 5 % of its CPU time. Its warnings and errors still show.
    logging.getLogger("spiff").setLevel(logging.WARNING)
    click.echo(
        render("cli.serve.start", lang, url=f"http://{host}:{port}", db=display_url(target)),
        err=True,
    )
    settings = Settings(
        db_url=target,
        processes_dir=folder,
        settle_heap=True,
        cpu=cpu_for(0) if pin_cpu else None,  # decision 0015; workers get one each
    )
    if workers > 1:
        from api import workers as prefork

        return prefork.serve(settings, host, port, workers)
    uvicorn.run(create_app(settings), host=host, port=port)
    return EXIT_OK


@cli.group()
def users() -> None:
    """Staff users and their bearer tokens."""


@users.command(name="add")
@click.argument("name")
@click.option(
    "--roles",
    default="",
    help="Comma-separated roles: lane names the user works in, and admin for everything.",
)
@db_option
@lang_option
def users_add(name: str, roles: str, url: str | None, lang: str) -> int:
    """Add a staff user and print their bearer token (shown only this once)."""
    from engine.store import Database, UserRepository, new_token, token_hash
    from engine.store.database import database_url
    from engine.store.migrations import upgrade

    target = database_url(url)
    upgrade(target)
    token = new_token()
    role_list = [r.strip() for r in roles.split(",") if r.strip()]
    db = Database(target)
    try:
        with db.transaction() as session:
            UserRepository(session).add(name, roles=role_list, token_hash=token_hash(token))
    finally:
        db.dispose()
    click.echo(
        render("cli.users.added", lang, name=name, roles=", ".join(role_list) or "-"), err=True
    )
    click.echo(token)
    return EXIT_OK


@users.command(name="list")
@db_option
def users_list(url: str | None) -> int:
    """List staff users and their roles."""
    from engine.store import Database, UserRepository
    from engine.store.database import database_url

    db = Database(database_url(url))
    try:
        with db.reader() as session:
            for user in UserRepository(session).all():
                state = "" if user.active else " (inactive)"
                click.echo(f"{user.name}\t{','.join(user.roles)}{state}")
    finally:
        db.dispose()
    return EXIT_OK


@cli.command()
@click.option("--markdown", is_flag=True, help="Print the whole reference page as Markdown.")
@click.option(
    "--write",
    "write_dir",
    type=click.Path(file_okay=False),
    help="Write DIR/{ja,en}/reference/rules.md (run with --write handbook).",
)
@lang_option
def rules(markdown: bool, write_dir: str | None, lang: str) -> int:
    """List the codes validate reports (code, severity, scope, summary), or write the
    handbook's rule and error-code reference."""
    from engine.check import reference
    from engine.messages import LANGS

    if write_dir is not None:
        for page_lang in LANGS:
            path = reference.page_path(Path(write_dir), page_lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(reference.markdown(page_lang), encoding="utf-8")
            click.echo(render("cli.rules.written", lang, path=path), err=True)
    elif markdown:
        click.echo(reference.markdown(lang), nl=False)
    else:
        click.echo(reference.table(lang), nl=False)
    return EXIT_OK


def _add_command_modules() -> None:
    from engine.commands import commands

    for command in commands():
        cli.add_command(command)


_add_command_modules()


def _lang_from_argv(argv: list[str]) -> str:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return normalize_lang(argv[index + 1])
        if arg.startswith("--lang="):
            return normalize_lang(arg.split("=", 1)[1])
    return _default_lang()


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the command and maps every outcome to an exit code."""
    args = sys.argv[1:] if argv is None else argv
    lang = _lang_from_argv(args)
    code: Any
    try:
        code = cli.main(args=args, prog_name="machiflow", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(render("cli.aborted", lang), err=True)
        code = EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        code = EXIT_USAGE if exc.exit_code == 2 else exc.exit_code
    except InputError as exc:
        click.echo(exc.message(lang), err=True)
        code = EXIT_INPUT
    except SetupError as exc:
        click.echo(exc.message(lang), err=True)
        code = EXIT_INTERNAL
    except MachiflowError as exc:
        click.echo(
            render("cli.internal", lang, error_code=exc.code, detail=exc.message(lang)), err=True
        )
        code = EXIT_INTERNAL
    except Exception as exc:  # noqa: BLE001  (last line of defence: never a traceback)
        click.echo(
            render("cli.internal", lang, error_code=type(exc).__name__, detail=str(exc)), err=True
        )
        code = EXIT_INTERNAL
    sys.exit(code if isinstance(code, int) else EXIT_OK)
