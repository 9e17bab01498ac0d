"""How the simulated clock is written (the model's own notes name times; the readouts and captions reuse it)."""

from __future__ import annotations


def sim_clock(t: float) -> str:
    """Simulated time with a precision that suits its size."""
    if t < 1.0:
        return f"{t * 1000:.1f} ms"
    if t < 120.0:
        return f"{t:.2f} s"
    tenths = int(round(t * 10))  # rounded once, so 599.99 s reads 10 min 00.0 s, never 9 min 60.0 s
    return f"{tenths // 600} min {tenths % 600 / 10:04.1f} s"
