"""What the screen says about the experiments applied: a short tag (captions, subtitles, the compare view's
panel heads) and the panel's lines (each experiment since when, its target, what a real cell shows, the source).
Plain strings in the current language; no pygame."""

from __future__ import annotations

from exoviz.experiments import EXPERIMENTS
from exoviz.i18n import _
from exoviz.params import NORMAL_CALCIUM_MM, Params
from exoviz.readouts import NB, sim_clock


def tag(params: Params) -> str:
    """'Dynasore (dynamin block) + [Ca²⁺] 0.5 mM', or '' with nothing applied and a normal medium."""
    parts = [_(EXPERIMENTS[n].label) for n in params.applied]
    if params.calcium and params.calcium_mm != NORMAL_CALCIUM_MM:
        parts.append(_("[Ca²⁺] {c:g}{nb}mM").format(c=params.calcium_mm, nb=NB))
    return " + ".join(parts)


def panel_lines(world, full: bool = True) -> list[str]:
    """The panel's lines: 'Experiment: NAME since t' for each, and (full) its target (what a real cell shows and
    the source: the strip under the scene); the set Ca²⁺ concentration when it is not the normal one."""
    p = world.params
    lines: list[str] = []
    for name in p.applied:
        e = EXPERIMENTS[name]
        since = world.since.get(name, 0.0)
        lines.append(_("Experiment: {label}, since t = {t}").format(label=_(e.label), t=sim_clock(since)) if since
                     else _("Experiment: {label}, from the start").format(label=_(e.label)))
        if full:
            lines.append(_("  acts on {target}").format(target=_(e.target)))
    if p.calcium and p.calcium_mm != NORMAL_CALCIUM_MM:
        lines.append(_("Ca²⁺ outside: {c:g}{nb}mM (normal {n:g}); release ∝ [Ca²⁺]⁴ at low values (Dodge & "
                       "Rahamimoff 1967)").format(c=p.calcium_mm, n=NORMAL_CALCIUM_MM, nb=NB))
    return lines


def strip_notes(world) -> list[str]:
    """The strip under the scene, first: each experiment with its target, what a real cell shows and the source
    (said at every window size, in recordings and slides)."""
    out = []
    for name in world.params.applied:
        e = EXPERIMENTS[name]
        out.append(_("{label}: acts on {target}; in real cells: {shows} ({source})").format(
            label=_(e.label), target=_(e.target), shows=_(e.shows), source=e.source))
    return out
