"""The settings `make serve` uses, with the benchmark's reference page added to the URLs."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
