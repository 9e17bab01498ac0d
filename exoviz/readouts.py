"""The numbers a viewer reads on screen, as plain strings from the model (no pygame here)."""

from __future__ import annotations

from exoviz.modes import spec
from exoviz.sim.ledger import SPECIFIC_CAPACITANCE_FF_PER_UM2


def playback_factor(time_scale: float, speed: float) -> str:
    """'× 1/20 of real speed', '× 1 (real speed)', '× 20 real speed' for sim-seconds per playback second."""
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
    tenths = int(round(t * 10))  # rounded once, so 599.99 s reads 10 min 00.0 s, never 9 min 60.0 s
    return f"{tenths // 600} min {tenths % 600 / 10:04.1f} s"


NB = "\u00a0"  # a no-break space: a number and its unit are never split across lines


def _capacitance(world) -> tuple[float, float]:
    """(change of capacitance since the start, capacitance of open pores) in fF."""
    led = world.ledger
    delta_ff = (led.capacitance_pf - led.pm_initial_um2 * SPECIFIC_CAPACITANCE_FF_PER_UM2 / 1000.0) * 1000.0
    return delta_ff, led.pore_open_um2 * SPECIFIC_CAPACITANCE_FF_PER_UM2


def event_counts(world) -> list[str]:
    ev = world.events
    keys = spec(world.params.mode).events + world.params.cell_spec.events
    counts = [f"{label}:{NB}{ev[key]}" for key, label in keys if key in ev]
    return counts or [f"Fusions:{NB}0"]


def readout_lines(world) -> list[str]:
    """Membrane and cargo bookkeeping for the readout panel."""
    led = world.ledger
    delta_ff, pore_ff = _capacitance(world)
    lines = [
        f"Plasma membrane: {led.pm_um2:,.2f}{NB}µm²",
        f"  start {led.pm_initial_um2:,.2f} + added {led.pm_added_um2:,.3f}"
        + (f" − endocytosed {led.pm_removed_um2:,.3f}" if led.pm_removed_um2 else "") + f"{NB}µm²",
        f"Capacitance: {led.capacitance_pf:.4f}{NB}pF ({SPECIFIC_CAPACITANCE_FF_PER_UM2:g}{NB}fF/µm²)",
        f"  ΔC since start: {delta_ff:+.2f}{NB}fF" + (f" (open pores {pore_ff:.2f}{NB}fF)" if pore_ff > 0 else ""),
    ]
    if led.exosome_um2 > 0 or world.params.mode == "exosome":
        lines.append(f"Left as exosomes: {led.exosome_um2:,.4f}{NB}µm²")
    counts = event_counts(world)
    lines.append("   ".join(counts[:3]))
    if len(counts) > 3:
        lines.append("   ".join(counts[3:]))
    mol = led.cargo_released * led.molecules_per_dot
    if led.cargo_loaded:
        lines.append(f"Cargo released: {led.cargo_released:,}{NB}dots (≈{mol:,}{NB}molecules)")
    return lines + world.mech.readout(world) + world.turnover.readout(world)


def compact_ledger(world) -> list[str]:
    """The ledger in two lines, for a short panel: area, capacitance change and the event counts; then the
    mechanism's own lines (stimuli and Ca²⁺, releases per spike, fate shares), which are never dropped."""
    led = world.ledger
    delta_ff, _ = _capacitance(world)
    return [f"Membrane {led.pm_um2:,.2f}{NB}µm² (+{led.pm_added_um2:,.3f}) · ΔC {delta_ff:+.1f}{NB}fF",
            "  ".join(event_counts(world)), *world.mech.readout(world), *world.turnover.readout(world)]
