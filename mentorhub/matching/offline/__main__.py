"""`python -m mentorhub.matching.offline`: the same as `mentorhub match`."""

from mentorhub.matching.offline.cli import main

main()
