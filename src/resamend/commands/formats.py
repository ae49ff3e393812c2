"""resamend formats: the formats resamend reads and writes."""

from __future__ import annotations

import click

from .options import common_options


@click.command("formats")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@common_options
def command(as_json):
    """List the input formats (-f, detected by content and extension) and
    the output formats (-t, or chosen by the extension of -o).

    \b
    Examples:
      resamend formats
      resamend formats --json | jq -r '.output[].name'
    """
    from ..diagnostics import ExitStatus
    from ..readers import READERS
    from ..writers import TERMINAL_DESCRIPTION, WRITERS

    inputs = [{"name": e.name, "extensions": [x for x in e.extensions if x], "description": e.description} for e in READERS.values()]
    outputs = [{"name": e.name, "extensions": list(e.extensions), "description": e.description} for e in WRITERS.values()]
    outputs.append({"name": "terminal", "extensions": [], "description": TERMINAL_DESCRIPTION})
    if as_json:
        import json

        click.echo(json.dumps({"input": inputs, "output": outputs}, ensure_ascii=False, indent=2))
        return ExitStatus.OK
    for title, rows in (("Input formats (-f):", inputs), ("Output formats (-t, or the extension of -o):", outputs)):
        click.echo(title)
        for row in rows:
            click.echo(f"  {row['name']:<9} {' '.join(row['extensions']) or '-':<28} {row['description']}")
    return ExitStatus.OK
