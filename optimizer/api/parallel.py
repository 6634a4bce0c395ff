"""Many independent plans solved at once (``analyses.batch``): a batch of scenarios, or a country's provinces.

Workers hand back each result folder's files as bytes; everything is written at the end in one step (``files``),
in scenario order, so the folder is byte-identical for any ``jobs`` and nothing is half written when a scenario
fails or the run is interrupted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..analyses import national
from ..analyses.batch import Solved, check_scheduler, solve_all
from ..errors import InputError, OptimizerError, Place
from ..files import check_replaceable, write_result_folder
from ..inputs.country import Province, read_provinces
from ..messages import phrase, status_words
from ..model.plan import Status
from ..outputs.national import national_files

Progress = Callable[[str], None]


class BatchFailure(OptimizerError):
    """A scenario of an all-or-nothing batch failed; its own exit status and line are kept."""

    def __init__(self, solved: Solved) -> None:
        self.exit_status = solved.exit_status
        super().__init__(solved.message)


def _progress(progress: Progress | None, total: int, lang: str) -> Callable[[int, Solved], None]:
    say = progress or (lambda line: None)

    def done(index: int, solved: Solved) -> None:
        status = status_words(solved.status, lang)
        what = f"{solved.name}: {status}, {phrase('seats_count', lang, seats=solved.seats)}" if solved.ok else \
            f"{Path(solved.path).name}: {status}: {solved.message}"
        say(f"[{index + 1}/{total}] {what}")
    return done


def _solved(paths: Sequence[str | Path], jobs: int, scheduler: str | None, progress: Progress | None,
            lang: str, html: bool, allow_outside_paths: bool) -> list[Solved]:
    """Every scenario solved; the first failure raised (``BatchFailure``) once all have run."""
    found = solve_all([str(p) for p in paths], jobs=jobs, scheduler=scheduler, lang=lang, html=html,
                      allow_outside_paths=allow_outside_paths, on_done=_progress(progress, len(paths), lang))
    failed = [s for s in found if not s.ok]
    if failed:
        raise BatchFailure(failed[0])
    return found


def run_batch(scenario_paths: Sequence[str | Path], out_dir: str | Path, jobs: int = 1, scheduler: str | None = None,
              progress: Progress | None = None, lang: str = "vi", html: bool = False,
              allow_outside_paths: bool = False) -> list[Path]:
    """Solve every scenario, ``jobs`` at a time (or on the Dask cluster at ``scheduler``), into
    ``out_dir/<scenario name>/``; all or nothing: a failing scenario raises (``BatchFailure``) and writes nothing.
    The result folders, in scenario order."""
    check_replaceable(out_dir)
    check_scheduler(scheduler)
    found = _solved(scenario_paths, jobs, scheduler, progress, lang, html, allow_outside_paths)
    files, taken = {}, {}
    for solved in found:
        if solved.name in taken:
            raise InputError(Place(solved.path, column="name"), f"the name '{solved.name}' is also used by "
                             f"{taken[solved.name]}", "give each scenario of a batch its own name",
                             problem_vi=f"tên '{solved.name}' đã được dùng ở {taken[solved.name]}",
                             fix_vi="hãy đặt cho mỗi kịch bản trong loạt một tên riêng")
        taken[solved.name] = solved.path
        files.update({f"{solved.name}/{name}": data for name, data in solved.files.items()})
    write_result_folder(Path(out_dir), files)
    return [Path(out_dir) / solved.name for solved in found]


@dataclass(frozen=True)
class Country:
    """A national run: where it was written, its provinces and the national tables."""

    out: Path
    provinces: tuple[Province, ...]
    coverage: pd.DataFrame  # national.COVERAGE_COLUMNS
    totals: pd.DataFrame  # national.TOTAL_COLUMNS, last row the whole country
    time_limited: tuple[str, ...] = ()  # the provinces whose plan the time limit stopped (not proven optimal)


def country(folder: str | Path, out: str | Path, jobs: int = 1, scheduler: str | None = None,
            progress: Progress | None = None, lang: str = "vi", html: bool = False) -> Country:
    """Solve every province of a country folder (``provinces.csv``) into ``out/<slug>/`` (ordinary result
    folders) and write the national tables beside them: coverage_by_province.csv, totals_by_province.csv,
    national.xlsx and coverage_by_province.png. All or nothing, as ``run_batch``."""
    check_replaceable(out)
    check_scheduler(scheduler)
    provinces = read_provinces(folder)
    found = _solved([p.scenario for p in provinces], jobs, scheduler, progress, lang, html, False)
    coverage = national.coverage_by_province(provinces, [s.summary for s in found])
    totals = national.province_totals(coverage)
    files = {f"{p.slug}/{name}": data for p, solved in zip(provinces, found) for name, data in solved.files.items()}
    files.update(national_files(coverage, totals, lang=lang))
    write_result_folder(Path(out), files)
    stopped = tuple(p.name for p, solved in zip(provinces, found) if solved.status == Status.TIME_LIMITED.value)
    return Country(Path(out), provinces, coverage, totals, stopped)
