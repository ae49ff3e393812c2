"""resamend serve: the local web page (and its JSON API)."""

from __future__ import annotations

import click

INSTALL_HINT = "install it with: pip install 'resamend[web]'"


@click.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="The port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on (another than 127.0.0.1 lets other machines in).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the web browser.")
def command(port, host, open_browser):
    """Serve a web page on this computer where a draft is dropped and the
    consolidated text, the redline, the comparison of two versions and the
    checks come back, with downloads in every format; and the JSON API
    that the page uses (/api/apply, /api/diff, /api/check, /api/redline,
    /api/inspect).  Stop it with Ctrl-C.

    \b
    Examples:
      resamend serve --open
      resamend serve --port 9000
      curl -F draft=@draft.docx 'http://127.0.0.1:8765/api/apply?to=docx' -o consolidated.docx
    """
    from ..diagnostics import ExitStatus, UsageError

    try:
        from ..web.server import bind
    except ImportError as exc:
        if getattr(exc, "name", None) not in ("flask", "werkzeug"):
            raise
        raise UsageError("the web page needs Flask, which is not installed", INSTALL_HINT) from None
    server = bind(host, port)
    url = server.url
    click.echo(f"resamend: serving {url} (Ctrl-C to stop)", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    server.serve_forever()  # until Ctrl-C (Werkzeug's loop ends on KeyboardInterrupt and closes the socket)
    return ExitStatus.INTERRUPTED
