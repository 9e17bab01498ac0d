"""The numbers a viewer reads on screen, as plain strings from the model (no pygame here)."""

from __future__ import annotations

from exoviz.modes import spec
from exoviz.sim.ledger import SPECIFIC_CAPACITANCE_FF_PER_UM2


def playback_factor(time_scale: float, speed: float) -> str:
    """'x 1/20 real speed', 'x 1 (real speed)', 'x 20 real speed' for sim-seconds per playback second."""
    f = time_scale * speed
    if abs(f - 1.0) < 1e-9:
        return "× 1 (real speed)"
    if f < 1.0:
        return f"× 1/{1.0 / f:.4g} of real speed"
    return f"× {f:.4g} real speed"


def sim_clock(t: float) -> str:
    """Simulated time with a precision that suits its size."""
    if t < 1.0:
        return f"{t * 1000:.1f} ms"
    if t < 120.0:
        return f"{t:.2f} s"
    return f"{int(t // 60)} min {t % 60:04.1f} s"


def readout_lines(world) -> list[str]:
    """Membrane and cargo bookkeeping for the readout panel."""
    led = world.ledger
    ev = world.events
    delta_ff = (led.capacitance_pf - led.pm_initial_um2 * SPECIFIC_CAPACITANCE_FF_PER_UM2 / 1000.0) * 1000.0
    pore_ff = led.pore_open_um2 * SPECIFIC_CAPACITANCE_FF_PER_UM2
    lines = [
        f"Plasma membrane: {led.pm_um2:,.2f} µm²",
        f"  start {led.pm_initial_um2:,.2f} + added {led.pm_added_um2:,.3f}"
        + (f" − endocytosed {led.pm_removed_um2:,.3f}" if led.pm_removed_um2 else "") + " µm²",
        f"Capacitance: {led.capacitance_pf:.4f} pF ({SPECIFIC_CAPACITANCE_FF_PER_UM2:g} fF/µm²)",
        f"  ΔC since start: {delta_ff:+.2f} fF" + (f" (open pores {pore_ff:.2f} fF)" if pore_ff > 0 else ""),
    ]
    if led.exosome_um2 > 0 or world.params.mode == "exosome":
        lines.append(f"Left as exosomes: {led.exosome_um2:,.4f} µm²")
    counts = [f"{label}: {ev[key]}" for key, label in spec(world.params.mode).events if key in ev]
    if not counts:
        counts = ["Fusions: 0"]
    lines.append("   ".join(counts[:3]))
    if len(counts) > 3:
        lines.append("   ".join(counts[3:]))
    mol = led.cargo_released * led.molecules_per_dot
    lines.append(f"Cargo released: {led.cargo_released:,} dots (≈{mol:,} molecules)")
    return lines
