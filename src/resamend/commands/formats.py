"""resamend formats: the formats resamend reads and writes."""

from __future__ import annotations

import click

from .options import common_options, output_option


@click.command("formats")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON (also for -o *.json).")
@output_option("Write the list here instead of stdout.")
@common_options
def command(as_json, output):
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
    from .. import cli

    if as_json or (output or "").lower().endswith(".json"):
        import json

        text = json.dumps({"input": inputs, "output": outputs}, ensure_ascii=False, indent=2) + "\n"
    else:
        lines = []
        for title, rows in (("Input formats (-f):", inputs), ("Output formats (-t, or the extension of -o):", outputs)):
            lines.append(title)
            lines += [f"  {row['name']:<9} {' '.join(row['extensions']) or '-':<28} {row['description']}" for row in rows]
        text = "\n".join(lines) + "\n"
    cli.emit(text.encode("utf-8"), output, [])
    return ExitStatus.OK
