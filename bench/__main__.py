"""`make bench`: run every measurement on a throwaway database and print a table.

Speed goals are measured here and reported, never asserted in unit tests. Options:
`--json` prints the results as one JSON document; `--only NAME` runs one measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def _setup_django(workdir: Path) -> None:
    os.environ.setdefault("JIANFU_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ["JIANFU_ENV"] = "development"
    os.environ["DJANGO_SETTINGS_MODULE"] = "jianfu.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--only", help="run only this measurement")
    parser.add_argument("--rows", type=int, default=100_000, help="rows for the workbook read")
    args = parser.parse_args(argv)

    from . import measurements

    with tempfile.TemporaryDirectory(prefix="jianfu-bench-") as tmp:
        workdir = Path(tmp)
        _setup_django(workdir)
        results = []
        for name, func in measurements.ALL:
            if args.only and args.only != name:
                continue
            print(f"… {name}", file=sys.stderr, flush=True)
            started = time.perf_counter()
            result = func(workdir=workdir, rows=args.rows)
            result.setdefault("name", name)
            result.setdefault("wall_s", round(time.perf_counter() - started, 3))
            results.append(result)

    if args.json:
        print(json.dumps({"results": results}, ensure_ascii=False, indent=2))
    else:
        print(measurements.table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
