#!/usr/bin/env python
"""Django's command-line utility; `mentorhub` (the installed console script) is the same."""

from mentorhub.cli import main

if __name__ == "__main__":
    main()
