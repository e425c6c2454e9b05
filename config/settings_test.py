"""Settings for the test suite: config/settings.py with the defaults `make test` gives.

pytest reads this module (pyproject.toml), so a bare `pytest` needs no exported variable. The
environment still wins, as for `make test`: DATABASE_URL picks the database.
"""

import os

# As under `make`: development defaults (a development SECRET_KEY and ALLOWED_HOSTS, static
# files by their plain names). pytest-django still runs every test with DEBUG off, so the page
# cache is on in the tests as in production.
os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: E402, F403

# The production hasher is slow on purpose; tests create users and log in by the hundred.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
