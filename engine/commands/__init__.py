"""Command-line commands kept in their own modules (kpi, diff, simulate, ...).

Each module defines ``command``, a click command; ``engine.cli`` adds every one it finds,
so a new command is a new module and nothing else. Modules import only click and
engine.cli's helpers at the top; heavy imports go inside the command function, so that
``machiflow validate`` does not pay for numpy or SimPy.
"""

from __future__ import annotations

import importlib
import pkgutil

import click


def commands() -> list[click.Command]:
    found: list[click.Command] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            found.append(command)
    return found
