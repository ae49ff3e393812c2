"""The console script's entry point.

Importing the command line takes a few tens of milliseconds; a Ctrl-C in
that time must end as quietly as one later on (exit 130, no traceback).
"""

import sys


def main() -> None:
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("resamend: interrupted\n")
        sys.exit(130)
    run()
