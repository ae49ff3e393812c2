"""Options shared by several commands (pandoc-style names)."""

from __future__ import annotations

import click

CONVENTION_HELP = "Which marks mean insert/delete: cms (tracked changes and underline/strike, the default) or tracked (tracked changes only)."


def input_format(f):
    return click.option("-f", "--from", "from_", metavar="FORMAT", type=click.Choice(["docx", "html", "json", "text"]), help="Input format (default: from the content and extension).")(f)


def output_options(formats: list[str]):
    def deco(f):
        f = click.option("-o", "--output", metavar="FILE", help="Write here (atomically) instead of stdout; the format follows the extension.")(f)
        f = click.option("-t", "--to", metavar="FORMAT", type=click.Choice(formats), help="Output format: " + ", ".join(formats) + ".")(f)
        return f

    return deco


def convention(f):
    return click.option("--convention", type=click.Choice(["cms", "tracked"]), default="cms", show_default=True, help=CONVENTION_HELP)(f)


def quiet(f):
    return click.option("-q", "--quiet", is_flag=True, help="Do not print warnings.")(f)


def paragraphs(f):
    return click.option(
        "--paragraphs", type=click.Choice(["lines", "blank"]), default=None,
        help="Text input: a paragraph per line (hard-wrapped lines joined), or paragraphs separated by blank lines "
             "(default: lines when the text has no blank line).",
    )(f)


def treaty(f):
    """``--treaty KEY``: whose forms the text follows (the profiles in
    resamend/treaties/); told from the text when not given."""
    from ..treaties import keys

    return click.option(
        "--treaty", type=click.Choice(keys()), metavar="|".join(keys()),
        help="Whose forms the text follows (heading, revision tag, history, meetings); "
             "default: told from the document symbol, the instrument number and the tag.",
    )(f)
