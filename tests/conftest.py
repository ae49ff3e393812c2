"""Shared pytest set-up: ``--update-goldens`` rewrites golden files."""

import os


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the golden files under tests/golden/ from the current output (then review the diff)",
    )


def pytest_configure(config):
    if config.getoption("--update-goldens"):
        os.environ["RESAMEND_UPDATE_GOLDENS"] = "1"
