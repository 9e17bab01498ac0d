"""The run's time series as CSV: one row per sample of World.series (time, area, capacitance, the running count
of each event, the experiments applied then), the same values as the JSON stats' "series", in the same order."""

from __future__ import annotations

import csv
import io

BASE = ("t_s", "plasma_membrane_um2", "capacitance_pF")


def columns(series: dict) -> list[str]:
    """The CSV header: time, area, capacitance, one column per event kind (sorted by name), then the experiments
    applied at each sample (names joined by '+', empty for none)."""
    return [*BASE, *sorted(series["events"]), "experiments"]


def series_csv(series: dict) -> bytes:
    """The whole series as CSV text (UTF-8, '\\n' line ends); numbers written as repr() writes them, so that
    reading them back gives the JSON values exactly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = columns(series)
    writer.writerow(names)
    cols = [series[n] for n in BASE] + [series["events"][n] for n in names[len(BASE):-1]] + [series["experiments"]]
    writer.writerows(zip(*cols))
    return out.getvalue().encode("utf-8")
