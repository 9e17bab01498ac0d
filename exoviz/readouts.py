"""The numbers a viewer reads on screen, as plain strings from the model (no pygame here)."""

from __future__ import annotations

from exoviz.i18n import _, tr
from exoviz.modes import spec
from exoviz.sim.ledger import SPECIFIC_CAPACITANCE_FF_PER_UM2


def playback_factor(time_scale: float, speed: float) -> str:
    """'× 1/20 of real speed', '× 1 (real speed)', '× 20 real speed' for sim-seconds per playback second."""
    f = time_scale * speed
    if abs(f - 1.0) < 1e-9:
        return _("× 1 (real speed)")
    if f < 1.0:
        return _("× 1/{f:.4g} of real speed").format(f=1.0 / f)
    return _("× {f:.4g} real speed").format(f=f)


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
    counts = [f"{_(label)}:{NB}{ev[key]}" for key, label in keys if key in ev]
    return counts or [_("Fusions") + f":{NB}0"]


def readout_lines(world) -> list[str]:
    """Membrane and cargo bookkeeping for the readout panel."""
    led = world.ledger
    delta_ff, pore_ff = _capacitance(world)
    lines = [
        _("Plasma membrane: {a:,.2f}{nb}µm²").format(a=led.pm_um2, nb=NB),
        _("  start {a:,.2f} + added {b:,.3f}").format(a=led.pm_initial_um2, b=led.pm_added_um2)
        + (_(" − endocytosed {a:,.3f}").format(a=led.pm_removed_um2) if led.pm_removed_um2 else "") + f"{NB}µm²",
        _("Capacitance: {c:.4f}{nb}pF ({k:g}{nb}fF/µm²)").format(c=led.capacitance_pf,
                                                              k=SPECIFIC_CAPACITANCE_FF_PER_UM2, nb=NB),
        _("  ΔC since start: {d:+.2f}{nb}fF").format(d=delta_ff, nb=NB)
        + (_(" (open pores {p:.2f}{nb}fF)").format(p=pore_ff, nb=NB) if pore_ff > 0 else ""),
    ]
    if led.exosome_um2 > 0 or world.params.mode == "exosome":
        lines.append(_("Left as exosomes: {a:,.4f}{nb}µm²").format(a=led.exosome_um2, nb=NB))
    counts = event_counts(world)
    lines.append("   ".join(counts[:3]))
    if len(counts) > 3:
        lines.append("   ".join(counts[3:]))
    mol = led.cargo_released * led.molecules_per_dot
    if led.cargo_loaded:
        lines.append(_("Cargo released: {n:,}{nb}dots (≈{mol:,}{nb}molecules)").format(n=led.cargo_released,
                                                                                        mol=mol, nb=NB))
    return lines + [tr(line) for line in world.mech.readout(world) + world.turnover.readout(world)]


def compact_ledger(world) -> list[str]:
    """The ledger in two lines, for a short panel: area, capacitance change and the event counts; then the
    mechanism's own lines (stimuli and Ca²⁺, releases per spike, fate shares), which are never dropped."""
    led = world.ledger
    delta_ff, _pores = _capacitance(world)
    return [_("Membrane {a:,.2f}{nb}µm² (+{b:,.3f}) · ΔC {d:+.1f}{nb}fF").format(a=led.pm_um2, b=led.pm_added_um2,
                                                                                d=delta_ff, nb=NB),
            "  ".join(event_counts(world)),
            *(tr(line) for line in (*world.mech.readout(world), *world.turnover.readout(world)))]
