"""Timing and memory helpers: medians of repeated runs, peak memory of a child process."""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Timing:
    """Median and spread of several runs, in seconds."""

    median: float
    runs: list[float]


def measure(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> Timing:
    """Run `fn` `warmup` times untimed, then `repeat` times timed."""
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return Timing(statistics.median(runs), runs)


def measure_alternating(
    fns: list[Callable[[], object]], repeat: int = 5, warmup: int = 1
) -> list[Timing]:
    """Like measure, for several functions taking turns run by run, so a change in the load of
    a shared machine falls on all of them alike."""
    for _ in range(warmup):
        for fn in fns:
            fn()
    runs: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, times in zip(fns, runs, strict=True):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return [Timing(statistics.median(times), times) for times in runs]


def child_peak_mb(args: list[str]) -> tuple[float, float]:
    """Run a Python module in a fresh process; its wall time (s) and peak resident memory (MB).

    Peak memory of children is cumulative max over all children so far, so every call reads it
    from a fresh grandchild wrapper.
    """
    wrapper = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        "subprocess.run(sys.argv[1:], check=True);"
        "print(time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, sys.executable, *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(out[-2]), float(out[-1])


def self_peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
