"""The `mentorhub` console script: `run`, `demo`, `import-people`, `createadmin`, and Django's own.

Every subcommand is a Django management command, so `mentorhub X` and `manage.py X` agree.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorhub.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "mentorhub"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
