"""Rendering a marked document as a redline, shared by diff and redline."""

from __future__ import annotations

import os
import sys

import click

REDLINE_FORMATS = ["terminal", "md", "critic", "html", "docx", "json", "text"]


def redline_options(f):
    f = click.option("--date", metavar="ISO-8601", help="Revision date for --track-changes (default: now, or SOURCE_DATE_EPOCH).")(f)
    f = click.option("--author", default="resamend", show_default=True, help="Revision author for --track-changes.")(f)
    f = click.option("--track-changes", is_flag=True, help="DOCX: write real tracked changes instead of underline/strike.")(f)
    f = click.option("--no-pager", is_flag=True, help="Terminal: do not page long redlines.")(f)
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


def docx_template(fmt: str, template_path: str | None, source, cli):
    """The template of a DOCX output: the package the reader opened
    (``source``, the result of reading ``template_path``), or else the
    bytes of ``template_path`` when it is a ZIP; None for other formats."""
    from ..readers import source_of

    if fmt != "docx":
        return None
    if source_of(source) is not None:
        return source_of(source)
    meta = getattr(getattr(source, "value", None), "meta", None)
    if not template_path or template_path == "-" or (meta is not None and meta.reader != "docx"):
        return None  # (a text, HTML or JSON input has no package to keep)
    data = cli.read_bytes(template_path)
    return data if data.startswith(b"PK\x03\x04") else None


def render_redline(doc, fmt: str, *, output, inputs, template_path, track_changes, author, date, no_pager, amendments=None, source=None) -> None:
    """Write the marked ``doc`` as a redline in ``fmt`` (``source``: the
    result of reading ``template_path``, see :func:`docx_template`)."""
    from .. import cli

    if fmt == "terminal":
        from rich.console import Console

        from ..terminal import redline_renderable

        if output and output != "-":
            from io import StringIO

            buffer = StringIO()
            Console(file=buffer, force_terminal=True, width=100).print(redline_renderable(doc))
            cli.emit(buffer.getvalue().encode("utf-8"), output, inputs)
            return
        console = Console()
        renderable = redline_renderable(doc)
        if console.is_terminal and not no_pager and len(doc.blocks) > console.size.height:
            with console.pager(styles=True):
                console.print(renderable)
        else:
            console.print(renderable)
        return
    if fmt == "json" and amendments is not None:
        data = amendments
    else:
        from ..writers import WriteOptions, write

        template = docx_template(fmt, template_path, source, cli)
        from ..diagnostics import ResamendError

        try:
            data = write(
                doc,
                fmt,
                WriteOptions(
                    track_changes=track_changes,
                    author=author,
                    date=revision_date(date) if track_changes else None,
                    template=template,
                    title=doc.meta.title or doc.meta.instrument,
                ),
            )
        except ResamendError as exc:
            raise exc.with_path(template_path) if template is not None else exc
    cli.emit(data, output, inputs, binary=fmt == "docx")
