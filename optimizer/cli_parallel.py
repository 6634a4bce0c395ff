"""The commands that solve many independent plans at once: ``country`` (a national run) and ``batch`` (scenarios).

Kept apart from ``cli`` (which registers them) so that the command line stays one screenful per concern; like
``cli`` it speaks only to the API, which it is handed (``cli`` loads it lazily).
"""

from __future__ import annotations

import argparse
import sys

from .errors import ExitStatus


def _say_progress(line: str) -> None:
    print(f"  {line}", file=sys.stderr, flush=True)


def _country(api, args) -> int:
    run = api.country(args.folder, args.out, jobs=args.jobs, scheduler=args.scheduler, progress=_say_progress,
                      lang=args.lang, html=args.report)
    print(run.totals.to_string(index=False))
    print(api.phrase("wrote", args.lang, path=f"{run.out}/"))
    if run.time_limited:  # written and checked, but not proven best: the status says so, as solve's does
        print(api.phrase("country_time_limited", args.lang, count=len(run.time_limited),
                         provinces=", ".join(run.time_limited)), file=sys.stderr)
        return ExitStatus.TIME_LIMITED
    return ExitStatus.DONE


def _batch(api, args) -> int:
    folders = api.run_batch(api.scenario_files(args.scenario), args.out, jobs=args.jobs, scheduler=args.scheduler,
                            progress=_say_progress, lang=args.lang, html=args.report,
                            allow_outside_paths=args.allow_outside_paths)
    print("\n".join(api.phrase("wrote", args.lang, path=f"{folder}/") for folder in folders))
    return ExitStatus.DONE


def _parallel_options(command: argparse.ArgumentParser, positive) -> None:
    command.add_argument("--jobs", type=positive, default=1, help="plans solved at once in local worker processes "
                         "(default 1); the folders are byte-identical for any number")
    command.add_argument("--scheduler", metavar="ADDRESS", help="solve on a Dask cluster instead, e.g. "
                         "tcp://10.0.0.5:8786 (needs the extra: pip install 'optimizer[cluster]')")
    command.add_argument("--report", action="store_true", help="also write report.html into each result folder")


def add_commands(commands, api_of, positive) -> None:
    """Register ``country`` and ``batch``; ``api_of()`` gives the API module when a command runs."""
    country = commands.add_parser("country", help="solve every province of a country folder (provinces.csv) and "
                                  "write national tables: coverage by province, national.xlsx, a bar chart")
    country.add_argument("folder", help="country folder: provinces.csv and one folder per province")
    country.add_argument("--out", required=True, help="new folder: one result folder per province, and the "
                         "national files (written all at once when every province is solved)")
    _parallel_options(country, positive)
    country.set_defaults(run=lambda args: _country(api_of(), args))

    batch = commands.add_parser("batch", help="solve several scenarios at once, all or nothing (solve with several "
                                "scenarios goes on past a failure, one at a time)")
    batch.add_argument("scenario", nargs="+", help="scenario YAML files or folders of them")
    batch.add_argument("--out", required=True, help="new folder: one result folder per scenario name")
    batch.add_argument("--allow-outside-paths", action="store_true", help="let the scenarios read files outside "
                       "their own folders and the data folder")
    _parallel_options(batch, positive)
    batch.set_defaults(run=lambda args: _batch(api_of(), args))
