#!/usr/bin/env python
import os
import sys


def main():
    if sys.version_info < (3, 12):  # noqa: UP036 -- a clear message on an older Python
        sys.exit(f"In the Frame needs Python 3.12 or newer; this is {sys.version.split()[0]}.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 -- load the settings: a bad value is one line, not a traceback
    except ImproperlyConfigured as error:
        sys.exit(f"Configuration error: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
