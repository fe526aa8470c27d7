"""Smoke test of scripts/bench.py: a one-second run against both targets."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

PROJECT = Path(__file__).resolve().parent.parent
BENCH = PROJECT / "scripts" / "bench.py"


def load_bench() -> ModuleType:
    """Import scripts/bench.py, which is a script rather than part of the package."""
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run_bench(tmp_path: Path, arguments: list[str], timeout: int) -> tuple[str, dict[str, Any]]:
    """Run scripts/bench.py as a person would, check it succeeded, and return what it printed
    and the figures it wrote as JSON; skip when wrk cannot be had."""
    if load_bench().find_wrk(install=True) is None:
        pytest.skip("wrk is not installed and could not be installed (apt-get install wrk)")
    results_path = tmp_path / "bench.json"
    completed = subprocess.run(
        [sys.executable, str(BENCH), *arguments, "--json", str(results_path)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    results: dict[str, Any] = json.loads(results_path.read_text())
    return completed.stdout, results


def test_the_benchmark_runs_briefly_against_both_targets_and_reports_a_ratio(
    tmp_path: Path,
) -> None:
    """One short round drives the floor and the service and writes their figures as JSON."""
    _, results = run_bench(tmp_path, ["--duration", "1", "--warmup", "0", "--rounds", "1"], 120)
    assert results["targets"]["floor"]["requests_per_s"] > 0
    assert results["targets"]["service"]["requests_per_s"] > 0
    assert results["ratio"] > 0
    # Each target's own CPU per request, read from its gunicorn processes.
    for target in ("floor", "service"):
        assert results["targets"][target]["cpu_us_per_request"] > 0
    assert results["cpu_ratio"] > 0


def test_a_publish_and_a_rollback_during_a_run_cause_no_errors(tmp_path: Path) -> None:
    """The service's measured run has a publish and a rollback in it; wrk sees no error. The
    round after runs the same commands on a scratch database, as the control."""
    arguments = ["--duration", "4", "--warmup", "0", "--rounds", "2", "--publish-during"]
    _, results = run_bench(tmp_path, arguments, 300)
    published = results["published_during"]
    assert [line.split(":")[0] for line in published["done"]] == ["publish", "rollback"]
    assert published["failed"] == []
    assert [line.split(":")[0] for line in published["control_done"]] == ["publish", "rollback"]
    assert published["control_failed"] == []
    assert results["errors"] == 0
    assert results["targets"]["service"]["requests_per_s"] > 0


def run_result(bench: ModuleType, rate: float) -> object:
    """A measured run with the given throughput and nothing else of note."""
    return bench.RunResult(
        requests=int(rate * 10),
        duration_s=10.0,
        p50_ms=1.0,
        p99_ms=2.0,
        non_2xx=0,
        socket_errors=0,
        exhausted_threads=0,
        failure=None,
    )


def test_pairs_with_no_change_report_no_measurable_dip() -> None:
    """Publish runs as fast as their controls, give or take noise, show no dip."""
    bench = load_bench()
    pairs = [
        (run_result(bench, a), run_result(bench, b))
        for a, b in ((1000, 1010), (990, 980), (1005, 1000), (1000, 1002))
    ]
    change = bench.paired_change(pairs)
    assert change["low"] < 0 < change["high"]
    assert not change["measurable_dip"]


def test_pairs_that_are_all_slower_report_a_measurable_dip() -> None:
    """Every publish run well below its control is a dip the runs can measure."""
    bench = load_bench()
    pairs = [
        (run_result(bench, a), run_result(bench, b))
        for a, b in ((800, 1000), (820, 1010), (790, 990), (810, 1000))
    ]
    change = bench.paired_change(pairs)
    assert change["high"] < 0 and change["measurable_dip"]
    assert change["mean"] == pytest.approx(-0.19, abs=0.01)


def test_publish_pairs_run_each_publish_beside_its_control(tmp_path: Path) -> None:
    """Two short pairs: both publish runs make their release live, and the report gives the
    service's own change with its interval."""
    arguments = ["--duration", "3", "--warmup", "0", "--rounds", "1", "--publish-pairs", "2"]
    printed, results = run_bench(tmp_path, arguments, 300)
    commands = results["published_in_pairs"]
    assert [line.split(":")[0] for line in commands["done"]] == ["publish", "rollback"] * 2
    assert len(results["publish_pairs"]["changes"]) == 2
    assert results["errors"] == 0
    assert "publish pairs" in printed


def test_the_publisher_counts_each_stretch_of_commands_apart(tmp_path: Path) -> None:
    bench = load_bench()
    publisher = bench.Publisher(Path(sys.executable), tmp_path, {})
    publisher.done.append("publish: ok")
    publisher.control_failed.append("rollback: no")
    first = publisher.take_commands()
    assert first["done"] == ["publish: ok"] and first["control_failed"] == ["rollback: no"]
    publisher.failed.append("publish: no")
    second = publisher.take_commands()
    assert second == {
        "done": [],
        "failed": ["publish: no"],
        "control_done": [],
        "control_failed": [],
    }
