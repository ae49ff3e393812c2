"""Options shared by several commands (pandoc-style names).

Every command takes ``--debug``, ``-q/--quiet`` and ``-v/--verbose``, before
or after its name (``resamend -q apply …`` = ``resamend apply -q …``); they
are kept in the click context's ``meta``, which the group and the command
share.  File arguments are ``click.Path`` so that shells complete file names;
the files themselves are checked when read, with resamend's own messages.
"""

from __future__ import annotations

import click

MARKS_HELP = "Which marks mean insert/delete: all (tracked changes and underline/strike, the default) or tracked (tracked changes only)."
#: --marks value → the reader's convention name
MARKS = {"all": "cms", "tracked": "tracked"}
COLOR_HELP = "Colour on the terminal: auto (the default: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it), always, never. Without colour, piped output shows marks as [-deleted-]{+inserted+}."

_VERBOSITY = "resamend.verbosity"


def input_path(name: str = "input", metavar: str = "INPUT", **kw):
    """A file argument: a path (completed by the shell) or ``-`` for standard input."""
    return click.argument(name, metavar=metavar, type=click.Path(dir_okay=True, allow_dash=True), **kw)


def file_option(*decls, **kw):
    """An option naming a file (completed by the shell)."""
    kw.setdefault("metavar", "FILE")
    return click.option(*decls, type=click.Path(allow_dash=kw.pop("allow_dash", True)), **kw)


def input_format(f):
    return click.option("-f", "--from", "from_", metavar="FORMAT", type=click.Choice(["docx", "html", "json", "text"]), help="Input format (default: from the content and extension).")(f)


def output_option(help: str = "Write here instead of stdout (atomically for a file; into a device or FIFO); the format follows the extension."):
    return file_option("-o", "--output", help=help)


def output_options(formats: list[str]):
    def deco(f):
        f = output_option()(f)
        f = click.option("-t", "--to", metavar="FORMAT", type=click.Choice(formats), help="Output format: " + ", ".join(formats) + " (`resamend formats` lists them).")(f)
        return f

    return deco


def reference_doc(f):
    return file_option("--reference-doc", allow_dash=False, help="DOCX output: take styles and page setup from this Word file (a house template), as pandoc does.")(f)


def color(f):
    return click.option("--color", "--colour", "color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help=COLOR_HELP)(f)


def _marks_from_convention(ctx, param, value):
    if value is not None:
        ctx.meta["resamend.convention"] = value
    return value


def convention(f):
    """``--marks all|tracked``, passed to the command as ``convention`` (the
    reader's name, cms|tracked); ``--convention cms|tracked`` is its hidden,
    deprecated alias."""

    def callback(ctx, param, value):
        old = ctx.meta.pop("resamend.convention", None)
        if old is not None and value is not None:
            raise click.UsageError("give --marks or --convention, not both (--convention is the old name)", ctx=ctx)
        if old is not None:
            from .. import cli

            cli.warn("--convention is deprecated; use --marks all|tracked (cms is now 'all')", "deprecated-option")
            return old
        return MARKS[value or "all"]

    # the hidden option is processed first (is_eager), so that --marks sees it;
    # the warning waits for --marks, after -q (eager too) has been seen
    f = click.option("--marks", "convention", type=click.Choice(list(MARKS)), default=None, callback=callback, help=MARKS_HELP + "  [default: all]")(f)
    f = click.option("--convention", "old_convention", type=click.Choice(["cms", "tracked"]), hidden=True, is_eager=True, expose_value=False, callback=_marks_from_convention)(f)
    return f


def _set_verbosity(delta: int):
    def callback(ctx, param, value):
        if value:
            ctx.meta[_VERBOSITY] = delta if delta < 0 else max(ctx.meta.get(_VERBOSITY, 0), 0) + delta
        return value

    return callback


def _set_debug(ctx, param, value):
    if value:
        ctx.meta["resamend.debug"] = True
    return value


def common_options(f):
    """--debug, -q, -v: the same meaning on the group and on every command."""
    f = click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_set_verbosity(1), is_eager=True, help="Also print info diagnostics (renumbering notes, house-style changes …).")(f)
    f = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_verbosity(-1), is_eager=True, help="Print no warnings (errors still go to stderr).")(f)
    f = click.option("--debug", is_flag=True, expose_value=False, callback=_set_debug, is_eager=True, help="On trouble, print a traceback (for bug reports) before the error; exit status 2 as always.")(f)
    return f


def quiet(f):
    """Kept for commands written before :func:`common_options`: the same
    options, with nothing passed to the command."""
    return common_options(f)


def verbosity() -> int:
    """-1 with -q, 1 with -v, 0 otherwise (outside a command: 0)."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(_VERBOSITY, 0) if ctx is not None else 0


def treaty(f):
    """``--treaty KEY``: whose forms the text follows (the profiles in
    resamend/treaties/); told from the text when not given."""
    from ..treaties import keys

    return click.option(
        "--treaty", type=click.Choice(keys()), metavar="|".join(keys()),
        help="Whose forms the text follows (heading, revision tag, history, meetings); "
             "default: told from the document symbol, the instrument number and the tag.",
    )(f)
