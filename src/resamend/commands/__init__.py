"""One module per command; each defines ``command`` (a click command).

Modules import only click and the standard library at import time, so that
listing commands in ``resamend --help`` stays fast.
"""
