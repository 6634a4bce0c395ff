"""The parallel map under batches and national runs: task order kept, local processes or a Dask cluster."""

from __future__ import annotations

import operator

import pytest

from optimizer.analyses import batch
from optimizer.errors import ExitStatus, InputError


def test_values_come_back_in_task_order_whatever_the_number_of_jobs():
    tasks = [(n, 10) for n in range(7)]
    heard = []
    assert batch.run_parallel(operator.mul, tasks, jobs=2, on_done=lambda i, v: heard.append((i, v))) == \
        [n * 10 for n in range(7)]
    assert heard == [(n, n * 10) for n in range(7)]
    assert batch.run_parallel(operator.mul, tasks, jobs=1) == [n * 10 for n in range(7)]


def test_a_dask_cluster_runs_the_same_tasks_through_the_same_path():
    distributed = pytest.importorskip("distributed", reason="the optional extra 'cluster' (dask) is not installed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        assert batch.run_parallel(operator.mul, [(n, 3) for n in range(5)], scheduler=c.scheduler_address) == \
            [0, 3, 6, 9, 12]


def test_a_cluster_whose_workers_run_several_threads_is_refused():
    distributed = pytest.importorskip("distributed", reason="the optional extra 'cluster' (dask) is not installed")
    with (distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as c,
          pytest.raises(InputError, match="--nthreads 1")):
        batch.run_parallel(operator.mul, [(1, 2)], scheduler=c.scheduler_address)


def test_a_scheduler_without_dask_installed_is_refused_before_any_work(monkeypatch):
    monkeypatch.setattr(batch, "distributed", None)
    with pytest.raises(InputError, match="pip install 'optimizer\\[cluster\\]'") as refused:
        batch.run_parallel(operator.mul, [(1, 2)], scheduler="tcp://127.0.0.1:8786")
    assert refused.value.problem_vi == "chưa cài gói distributed của Dask"
    batch.check_scheduler(None)  # no scheduler: nothing to refuse


def test_a_bad_scenario_comes_back_as_data_with_its_exit_status(tmp_path):
    (tmp_path / "broken.yaml").write_text("name: broken\ndata: nowhere\nyears: [2023]\n", encoding="utf-8")
    solved = batch.solve_to_files(str(tmp_path / "broken.yaml"), lang="en")
    assert not solved.ok and solved.exit_status == ExitStatus.BAD_INPUT and solved.files == {}
    assert solved.status == "bad input" and solved.message.startswith(str(tmp_path / "broken.yaml"))
