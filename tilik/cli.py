"""The `tilik` console command.

`tilik analyze ...` runs the statistics engine on a spreadsheet without Django;
every other word is a Django management command (`tilik demo`, `tilik serve`,
`tilik migrate`, ...).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "analyze":
        from tilik.analyze.cli import main as analyze_main

        return analyze_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tilik.settings.dev")
    if args and args[0] == "import":
        # Parse the spreadsheet on a thread while Django starts (calamine releases the GIL).
        from tilik.performance.importing.prefetch import start_from_argv

        start_from_argv(args)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tilik", *args] if args else ["tilik", "help"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
