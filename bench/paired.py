"""Paired measurement: each run measures ours and its floor back to back, in alternating
order, so both see the same moment of a noisy machine; a figure is the median of the
runs' ratios (ours / floor), reported with their spread and the number of runs.

A ratio of medians pairs the best run of one with the best of the other and hides the
spread; the median of paired ratios does neither.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def quartiles(values: Sequence[float]) -> tuple[float, float]:
    """(first, third) quartile; with fewer than two values, the value twice."""
    if len(values) < 2:
        return values[0], values[0]
    first, _, third = statistics.quantiles(values, n=4, method="inclusive")
    return first, third


def alternate_all(measures: Sequence[Callable[[], float]], runs: int) -> list[list[float]]:
    """Each measure once per run, the order rotated run by run (ours first, then the
    floor first, ...), so neither always runs on the machine the other warmed."""
    samples: list[list[float]] = [[] for _ in measures]
    for run in range(runs):
        shift = run % len(measures)
        order = [*range(len(measures))][shift:] + [*range(len(measures))][:shift]
        for index in order:
            samples[index].append(measures[index]())
    return samples


@dataclass
class Paired:
    """The runs of ours and of its floor, the i-th of each measured together."""

    ours: list[float]
    floor: list[float]

    @property
    def ratios(self) -> list[float]:
        return [o / f for o, f in zip(self.ours, self.floor, strict=True)]


def paired(ours: Callable[[], float], floor: Callable[[], float], runs: int) -> Paired:
    mine, theirs = alternate_all([ours, floor], runs)
    return Paired(mine, theirs)
