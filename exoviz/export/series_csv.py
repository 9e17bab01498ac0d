"""The run's time series as CSV: one row per sample of World.series (time, area, capacitance, the running count
of each event), the same numbers as the JSON stats' "series", in the same order."""

from __future__ import annotations

import csv
import io

BASE = ("t_s", "plasma_membrane_um2", "capacitance_pF")


def columns(series: dict) -> list[str]:
    """The CSV header: time, area, capacitance, then one column per event kind (sorted by name)."""
    return [*BASE, *sorted(series["events"])]


def series_csv(series: dict) -> bytes:
    """The whole series as CSV text (UTF-8, '\\n' line ends); numbers written as repr() writes them, so that
    reading them back gives the JSON values exactly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = columns(series)
    writer.writerow(names)
    cols = [series[n] for n in BASE] + [series["events"][n] for n in names[len(BASE):]]
    writer.writerows(zip(*cols))
    return out.getvalue().encode("utf-8")
