"""Rendering a marked document as a redline, shared by diff and redline."""

from __future__ import annotations

import os
import sys

import click

REDLINE_FORMATS = ["terminal", "md", "critic", "html", "docx", "json", "text"]


def redline_options(f):
    from .options import color, reference_doc

    f = click.option("--date", metavar="ISO-8601", help="Revision date for --track-changes (default: now, or SOURCE_DATE_EPOCH).")(f)
    f = click.option("--author", default=None, metavar="NAME", help="Revision author for --track-changes  [default: resamend]")(f)
    f = click.option("--track-changes", is_flag=True, help="DOCX: write real tracked changes instead of underline/strike.")(f)
    f = reference_doc(f)
    f = click.option("--no-pager", is_flag=True, help="Terminal: do not page long redlines.")(f)
    f = color(f)
    return f


def revision_date(date: str | None) -> str:
    """The clock is read here, at the edge, and passed in as data."""
    from datetime import datetime, timezone

    if date:
        try:
            parsed = datetime.fromisoformat(date.replace("Z", "+00:00"))
        except ValueError:
            from ..diagnostics import UsageError

            raise UsageError(f"--date {date!r} is not an ISO 8601 date", "write it like 2024-02-12T09:00:00Z") from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        return parsed.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")


def default_format(to: str | None, output: str | None) -> str:
    from .. import cli

    if to:
        return to
    if not output and sys.stdout.isatty():
        return "terminal"
    return cli.output_format(None, output, default="md")


def reference_template(path: str | None, fmt: str) -> bytes | None:
    """The bytes of ``--reference-doc``, for a DOCX output only (a warning
    when the output is not DOCX: the option would change nothing)."""
    if not path:
        return None
    from .. import cli

    if fmt != "docx":
        cli.warn(f"--reference-doc has no effect on {fmt} output (only on DOCX)", "option-without-effect")
        return None
    data = cli.read_bytes(path)
    if not data.startswith(b"PK\x03\x04"):
        from ..diagnostics import UsageError

        raise UsageError("--reference-doc is not a Word .docx file", "give a .docx whose styles and page setup to use", path=path)
    return data


def warn_options_without_effect(fmt: str, *, track_changes: bool, author, date, no_pager: bool, color: str, output) -> None:
    """An option that changes nothing in this combination is said so, never
    silently ignored."""
    from .. import cli

    notes = []
    if track_changes and fmt != "docx":
        notes.append(f"--track-changes has no effect on {fmt} output (only on DOCX)")
    for name, value in (("--author", author), ("--date", date)):
        if value is not None and not (track_changes and fmt == "docx"):
            notes.append(f"{name} has no effect without --track-changes and a DOCX output")
    if fmt != "terminal":
        if no_pager:
            notes.append(f"--no-pager has no effect on {fmt} output (only on the terminal)")
        if color != "auto":
            notes.append(f"--color has no effect on {fmt} output (only on the terminal)")
    elif no_pager and output and output != "-":
        notes.append("--no-pager has no effect when writing to a file")
    for note in notes:
        cli.warn(note, "option-without-effect")


def docx_template(fmt: str, reference_doc: str | None, source: str | None) -> tuple[bytes | None, str | None]:
    """The Word file whose styles and page setup a DOCX output takes, and
    its path (for messages): ``--reference-doc``, else the source when it is
    a Word file itself, else none (resamend's own defaults)."""
    template = reference_template(reference_doc, fmt)
    if template is not None:
        return template, reference_doc
    if fmt == "docx" and source and source != "-":
        from .. import cli

        data = cli.read_bytes(source)
        if data.startswith(b"PK\x03\x04"):
            return data, source
    return None, None


def render_redline(doc, fmt: str, *, output, inputs, template_path, track_changes, author, date, no_pager,
                   amendments=None, color: str = "auto", reference_doc: str | None = None) -> None:
    """Write the marked ``doc`` as a redline in ``fmt``."""
    from .. import cli

    warn_options_without_effect(fmt, track_changes=track_changes, author=author, date=date, no_pager=no_pager, color=color, output=output)
    if fmt == "terminal":
        show_on_terminal(doc, output=output, inputs=inputs, color=color, no_pager=no_pager)
        return
    if fmt == "json" and amendments is not None:
        data = amendments
    else:
        from ..writers import WriteOptions, write

        template, template_path = docx_template(fmt, reference_doc, template_path)
        from ..diagnostics import ResamendError

        try:
            data = write(
                doc,
                fmt,
                WriteOptions(
                    track_changes=track_changes,
                    author=author or "resamend",
                    date=revision_date(date) if track_changes else None,
                    template=template,
                    title=doc.meta.title or doc.meta.instrument or redline_title(inputs),
                ),
            )
        except ResamendError as exc:
            raise exc.with_path(template_path) if template is not None else exc
    cli.emit(data, output, inputs, binary=fmt == "docx")


def redline_title(inputs) -> str:
    """A page title from the file names (not their paths): "Redline: a.txt → b.txt"."""
    names = ["standard input" if i == "-" else os.path.basename(i) for i in inputs]
    return "Redline: " + " → ".join(names)


def show_on_terminal(doc, *, output, inputs, color: str, no_pager: bool) -> None:
    """``-t terminal``: styled (colour, underline, strike) for a terminal or
    with --color always; marks in text, ``[-old-]{+new+}``, when the output
    cannot carry styles (piped without colour, --color never), so that no
    mark is lost."""
    from .. import cli
    from ..terminal import plain_redline, redline_renderable

    to_file = bool(output and output != "-")
    styled = color == "always" or (color == "auto" and (to_file or _stdout_wants_colour()))
    if not styled:
        text = plain_redline(doc)
        if to_file:
            cli.emit(text.encode("utf-8"), output, inputs)
        else:
            click.echo(text, nl=False)
        return
    from io import StringIO

    from rich.console import Console

    from ..terminal import UNWRAPPED_WIDTH

    if to_file:  # for `less -R` later: styled, and not wrapped
        buffer = StringIO()
        Console(file=buffer, force_terminal=True, width=UNWRAPPED_WIDTH).print(redline_renderable(doc))
        cli.emit(buffer.getvalue().encode("utf-8"), output, inputs)
        return
    tty = sys.stdout.isatty()
    console = Console(force_terminal=True if color == "always" else None, width=None if tty else UNWRAPPED_WIDTH)
    renderable = redline_renderable(doc)
    if tty and not no_pager and len(doc.blocks) > console.size.height:
        buffer = StringIO()
        Console(file=buffer, force_terminal=True, width=console.width, color_system=console.color_system,
                no_color=console.no_color).print(renderable)
        page(buffer.getvalue())
    else:
        console.print(renderable)


def _stdout_wants_colour() -> bool:
    """auto: styles on a terminal, or when FORCE_COLOR asks for them."""
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def page(text: str) -> None:
    """Through the user's pager (click's pager handling), with ``less``
    told to show colours and to quit when the text fits the screen (as
    git does: ``LESS=FRX`` when LESS is not set; -R added when it is)."""
    less = os.environ.get("LESS")
    if less is None:
        os.environ["LESS"] = "FRX"
    elif "R" not in less and "r" not in less:
        os.environ["LESS"] = less + " -R"
    click.echo_via_pager(text, color=True)
