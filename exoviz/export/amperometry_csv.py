"""The amperometry recording as CSV: the trace (t_ms,current_pA at 10 kHz) and its events table (PATH-events.csv)."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from exoviz.sim.amperometry import AmperometryView

EVENT_COLUMNS = ("uid", "x_um", "start_ms", "foot_ms", "peak_pA", "half_width_ms", "charge_pC", "molecules",
                 "molecules_reached", "kind")


def events_path(path: str) -> str:
    """PATH.csv -> PATH-events.csv (where the events table goes)."""
    stem = path[:-4] if path.lower().endswith(".csv") else path
    return f"{stem}-events.csv"


def trace_csv(view: AmperometryView) -> bytes:
    """t_ms,current_pA, one row per sample (the noise included, as a recording has it)."""
    t = np.arange(view.current_pa.size) * view.bin_s * 1e3
    rows = "\n".join(f"{a:.1f},{b:.4f}" for a, b in zip(t.tolist(), view.current_pa.tolist(), strict=True))
    return ("t_ms,current_pA\n" + rows + ("\n" if rows else "")).encode("utf-8")


def events_csv(view: AmperometryView) -> bytes:
    """One row per event: when, foot, peak, half-width, charge, molecules, kind."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EVENT_COLUMNS)
    for e in view.events:
        row = e.row()
        writer.writerow([row[c] for c in EVENT_COLUMNS])
    return out.getvalue().encode("utf-8")
