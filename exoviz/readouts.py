"""The numbers a viewer reads on screen, as plain strings from the model (no pygame here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from exoviz.i18n import N_, Msg, _, tr
from exoviz.modes import spec
from exoviz.params import Params
from exoviz.sim.clock_text import sim_clock as sim_clock  # re-exported: the screen names it here
from exoviz.sim.ledger import SPECIFIC_CAPACITANCE_FF_PER_UM2

if TYPE_CHECKING:
    from exoviz.sim.world import World


def playback_factor(time_scale: float, speed: float) -> str:
    """'× 1/20 of real speed', '× 1 (real speed)', '× 20 real speed' for sim-seconds per playback second."""
    f = time_scale * speed
    if abs(f - 1.0) < 1e-9:
        return _("× 1 (real speed)")
    if f < 1.0:
        return _("× 1/{f:.4g} of real speed").format(f=1.0 / f)
    return _("× {f:.4g} real speed").format(f=f)


NB = "\u00a0"  # a no-break space: a number and its unit are never split across lines


def _capacitance(world: World) -> tuple[float, float]:
    """(change of capacitance since the start, capacitance of open pores) in fF."""
    led = world.ledger
    delta_ff = (led.capacitance_pf - led.pm_initial_um2 * SPECIFIC_CAPACITANCE_FF_PER_UM2 / 1000.0) * 1000.0
    return delta_ff, led.pore_open_um2 * SPECIFIC_CAPACITANCE_FF_PER_UM2


def event_counts(world: World) -> list[str]:
    ev = world.events
    keys = spec(world.params.mode).events + world.params.cell_spec.events
    counts = [f"{_(label)}:{NB}{ev[key]}" for key, label in keys if key in ev]
    return counts or [_("Fusions") + f":{NB}0"]


def readout_lines(world: World) -> list[str]:
    """Membrane and cargo bookkeeping for the readout panel."""
    led = world.ledger
    delta_ff, pore_ff = _capacitance(world)
    lines = [
        _("Plasma membrane: {a:,.2f}{nb}µm²").format(a=led.pm_um2, nb=NB),
        _("  start {a:,.2f}; added +{b:,.3f}, taken in −{c:,.3f}, net {n}{nb}µm²").format(
            a=led.pm_initial_um2, b=led.pm_added_um2, c=led.pm_removed_um2,
            n=signed(led.pm_um2 - led.pm_initial_um2, ",.3f"), nb=NB),
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


def rates_note(world: World) -> Msg:
    """The rates this run uses, each with its source or 'illustrative' ('set' when changed from the preset's)."""
    p, cell = world.params, world.params.cell_spec
    dflt = Params(mode=p.mode, cell=p.cell)
    set_ = N_("set by hand")

    def src(name: str, source: str) -> str:
        return set_ if getattr(p, name) != getattr(dflt, name) else source

    if p.mode == "kiss-and-run":
        return Msg(N_("Rates: firing {f:g} Hz, a train ({fs}); full-fusion share {s:.2f} ({ss})"), f=p.firing_rate,
                   fs=Msg(src("firing_rate", N_("illustrative"))), s=p.full_fusion_fraction,
                   ss=Msg(src("full_fusion_fraction", N_("debated"))))
    endo = Msg(N_("endocytosis {e:g} µm²/s ({src})"), e=p.endocytosis_um2_s,
               src=Msg(src("endocytosis_rate", cell.endocytosis_source)))
    if p.mode == "exosome":
        return Msg(N_("Rates: {endo}; share of MVBs to lysosomes {l:.2f} ({src})"), endo=endo, l=p.lysosome_fraction,
                   src=Msg(src("lysosome_fraction", N_("illustrative"))))
    stim = (Msg(N_("; Ca²⁺ stimuli {s:g}/s ({src})"), s=p.stimulus_rate,
                src=Msg(src("stimulus_rate", N_("illustrative")))) if cell.secretion == "regulated" else "")
    return Msg(N_("Rates: {endo}; budding at the Golgi {b:g}/s ({src}){stim}"), endo=endo, b=p.budding_rate,
               src=Msg(src("budding_rate", N_("illustrative"))), stim=stim)


def ledger_line(world: World, delta_ff: float) -> str:
    """'Membrane: added +A, taken in −B, net ±C µm² · ΔC ±D fF': the gross flows each way, then the net change (the
    one a capacitance step measures), so the membrane added is never read as the change in area."""
    led = world.ledger
    return _("Membrane: added +{a:,.3f}, taken in −{b:,.3f}, net {n}{nb}µm² · ΔC {d}{nb}fF").format(
        a=led.pm_added_um2, b=led.pm_removed_um2, n=signed(led.pm_um2 - led.pm_initial_um2, ",.3f"),
        d=signed(delta_ff, ".1f"), nb=NB)


def signed(x: float, spec: str) -> str:
    """x with its sign always shown, a true minus sign for negatives ('+1.5', '−62.5')."""
    return format(x, "+" + spec).replace("-", "−")


def compact_ledger(world: World) -> list[str]:
    """The ledger in two lines, for a short panel: membrane added, taken in and net, capacitance change and the
    event counts; then the mechanism's own lines (stimuli and Ca²⁺, releases per spike, fate shares), which are
    never dropped."""
    delta_ff, _pores = _capacitance(world)
    return [ledger_line(world, delta_ff),
            "  ".join(event_counts(world)),
            *(tr(line) for line in (*world.mech.readout(world), *world.turnover.readout(world)))]
