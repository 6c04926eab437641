"""The `mentorhub` console script: `run`, `demo`, `import-people`, `createadmin`, and Django's own.

Every subcommand is a Django management command, so `mentorhub X` and `manage.py X` agree;
hyphens are accepted for underscores (`mentorhub import-people` runs `import_people`).
`mentorhub match` is the exception: matching from CSV files needs no server and no database,
so it runs before (and without) Django.
"""

from __future__ import annotations

import os
import sys


def command_args(argv: list[str]) -> list[str]:
    """The arguments for Django, with a hyphenated subcommand name spelled its Django way."""
    args = ["mentorhub", *argv[1:]]
    position = 2 if len(args) > 2 and args[1] == "help" else 1
    if len(args) > position and not args[position].startswith("-"):
        args[position] = args[position].replace("-", "_")
    return args


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if args[1:2] == ["match"] or args[1:] == ["help", "match"]:
        from mentorhub.matching.offline import run

        status = run(args[2:] if args[1] == "match" else ["--help"])
        if status:
            raise SystemExit(status)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorhub.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(command_args(args))


if __name__ == "__main__":
    main()
