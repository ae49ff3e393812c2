"""``resamend serve``: a local web page and JSON API for drafters who do
not use a terminal.

``operations`` does what the commands do, on uploaded bytes instead of
paths (no web framework there); ``app`` is the Flask application around
it (installed with ``pip install 'resamend[web]'``); ``static/`` holds the
page, its style sheet and its script (no CDN, no JavaScript framework).
"""
