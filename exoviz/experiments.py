"""The experiment registry: the one table of drugs, toxins, media and knockouts a student can apply, with the
modes and cells each applies to, the pairs that clash, and what each names on screen (target, what a real cell
shows, source). The CLI, scripts, the menu, the panel, the stats and the captions all read this table.

Plain data (no pygame, no NumPy). Each experiment acts on the model's mechanism (exoviz/sim/perturb.py says
where), never on a scripted outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

from exoviz.i18n import N_, _

CELL_MODES = ("full-fusion", "exosome")  # the cell scenes (with clathrin-coated pits)
ALL_MODES = ("full-fusion", "kiss-and-run", "exosome")
REGULATED = ("full-fusion", "kiss-and-run")  # Ca²⁺-triggered release
REGULATED_CELLS = ("beta-cell", "chromaffin", "acinar", "neuron")  # regulated release sites (sim.machinery)


@dataclass(frozen=True)
class Experiment:
    """One entry of the table. label, target and shows are marked for translation (N_) and shown with _()."""

    name: str  # the --experiment value, the script's name
    label: str  # a few words for the menu
    target: str  # what it acts on
    shows: str  # what a real cell shows (and the model should)
    source: str  # the reference (never translated)
    modes: tuple[str, ...]  # the modes it applies to
    cells: tuple[str, ...] = ()  # the cells it applies to (empty: every cell of those modes)
    clashes: tuple[str, ...] = ()  # experiments it cannot be combined with (the table is made symmetric)
    needs_machinery: bool = False  # acts on the SNARE machinery model (exoviz.sim.machinery)


_TABLE = (
    Experiment("calcium-free", N_("Ca²⁺-free medium"), N_("extracellular Ca²⁺"),
               N_("regulated release stops; constitutive secretion goes on; wounds do not reseal"),
               "textbook; Reddy et al. 2001", ALL_MODES, clashes=("egta", "bapta")),
    Experiment("egta", N_("EGTA (slow Ca²⁺ buffer)"), N_("Ca²⁺ between channel and sensor (slow buffer, 2 mM)"),
               N_("barely blocks release tightly coupled to Ca²⁺ channels (synapse) but abolishes asynchronous "
                  "release (residual Ca²⁺); blocks loosely coupled release (β-cell)"),
               "Adler et al. 1991; Eggermann et al. 2012; Atluri & Regehr 1998", REGULATED,
               cells=REGULATED_CELLS, clashes=("bapta",), needs_machinery=True),
    Experiment("bapta", N_("BAPTA (fast Ca²⁺ buffer)"), N_("Ca²⁺ between channel and sensor (fast buffer, 2 mM)"),
               N_("blocks even tightly coupled release: Ca²⁺ is caught within nanometres of the channel"),
               "Adler et al. 1991; Eggermann et al. 2012", REGULATED, cells=REGULATED_CELLS, needs_machinery=True),
    Experiment("botulinum-a", N_("Botulinum toxin A"), N_("SNAP-25 (cleaved; shown within ~30 s, real: tens of "
                                                           "minutes)"),
               N_("vesicles still dock; release falls toward zero as SNAREs are cleaved"),
               "Blasi et al. 1993; Schiavo et al. 2000", REGULATED, cells=REGULATED_CELLS, needs_machinery=True),
    Experiment("botulinum-b", N_("Botulinum toxin B"), N_("synaptobrevin/VAMP2 (cleaved; shown within ~30 s, "
                                                           "real: tens of minutes)"),
               N_("docking kept, fusion blocked (flaccid paralysis at the neuromuscular junction)"),
               "Schiavo et al. 1992, Nature 359:832", REGULATED, cells=REGULATED_CELLS, needs_machinery=True),
    Experiment("tetanus", N_("Tetanus toxin"), N_("synaptobrevin/VAMP2 (cleaved; shown within ~30 s, real: tens "
                                                   "of minutes)"),
               N_("docking kept, fusion blocked (in inhibitory interneurons: spastic paralysis)"),
               "Schiavo et al. 1992, Nature 359:832", REGULATED, cells=REGULATED_CELLS, needs_machinery=True),
    Experiment("syt1-knockout", N_("Synaptotagmin-1 knockout"),
               N_("the fast Ca²⁺ sensor (absent; synaptotagmin-7, the slow high-affinity sensor, remains)"),
               N_("fast synchronous release (within 5 ms of a spike) lost; slower asynchronous release (5–500 ms, "
                  "driven by residual Ca²⁺ through synaptotagmin-7) remains"),
               "Geppert et al. 1994, Cell 79:717; Bacaj et al. 2013, Neuron 80:947", REGULATED, cells=REGULATED_CELLS,
               needs_machinery=True),
    Experiment("munc13-knockout", N_("Munc13 knockout"), N_("priming (Munc13 absent)"),
               N_("vesicles dock (loosely) but are not primed; evoked release is abolished"),
               "Varoqueaux et al. 2002, PNAS 99:9037", REGULATED, cells=REGULATED_CELLS, needs_machinery=True),
    Experiment("dynasore", N_("Dynasore (dynamin block)"), N_("dynamin GTPase"),
               N_("coated pits deepen but never pinch off; the surface grows under exocytosis; a stimulated "
                  "synapse runs down its vesicles"), "Macia et al. 2006, Dev Cell 10:839; Koenig & Ikeda 1989",
               ALL_MODES),
    Experiment("bafilomycin", N_("Bafilomycin A1"), N_("vacuolar H⁺-ATPase"),
               N_("recycled vesicles are not refilled: fusions go on, each releasing less transmitter"),
               "Zhou et al. 2000", ("kiss-and-run",)),
    Experiment("nocodazole", N_("Nocodazole (microtubules)"), N_("microtubules (depolymerised)"),
               N_("long-range motor transport (Golgi carriers, MVBs) stops; bodies near the membrane still fuse"),
               "textbook", CELL_MODES),
    Experiment("gw4869", N_("GW4869 (nSMase2 block)"), N_("neutral sphingomyelinase 2 (ceramide-driven ILV budding)"),
               N_("fewer ILVs per MVB, fewer exosomes"), "Trajkovic et al. 2008, Science 319:1244", ("exosome",)),
    Experiment("rab27a-knockdown", N_("Rab27a knockdown"), N_("Rab27a: MVB docking at the plasma membrane"),
               N_("MVBs do not dock; exosome release falls; MVBs go to lysosomes"),
               "Ostrowski et al. 2010, Nat Cell Biol 12:19", ("exosome",)),
)
EXPERIMENTS: dict[str, Experiment] = {e.name: e for e in _TABLE}


def clash(a: str, b: str) -> bool:
    """Whether two experiments cannot be applied together (either entry may say so)."""
    return b in EXPERIMENTS[a].clashes or a in EXPERIMENTS[b].clashes


def unknown(name: str) -> str:
    """The one line for a name not in the table, with the list."""
    return _("unknown experiment {value!r}; choose one of: {choices}").format(value=name,
                                                                             choices=", ".join(EXPERIMENTS))


def applies(name: str, mode: str, cell: str) -> bool:
    """Whether the experiment acts in this mode and cell."""
    e = EXPERIMENTS[name]
    return mode in e.modes and (not e.cells or cell in e.cells)


def not_here(name: str, mode: str, cell: str) -> str:
    """The one line for an experiment that does not act in this mode or cell."""
    e = EXPERIMENTS[name]
    where = ", ".join(e.cells) if e.cells else ", ".join(e.modes)
    return _("experiment {name} does not apply to {cell} ({mode}); it applies to: {where}").format(
        name=name, cell=cell, mode=mode, where=where)


def problem(names: tuple[str, ...], mode: str, cell: str) -> str | None:
    """The first problem with applying these experiments together in this mode and cell, one line, or None."""
    for k, name in enumerate(names):
        if name not in EXPERIMENTS:
            return unknown(name)
        if name in names[:k]:
            return _("experiment {name} is given twice").format(name=name)
        if not applies(name, mode, cell):
            return not_here(name, mode, cell)
        for other in names[:k]:
            if clash(name, other):
                return _("experiments {a} and {b} clash: apply one of them").format(a=other, b=name)
    return None


def available(mode: str, cell: str) -> list[Experiment]:
    """The experiments that act in this mode and cell, in table order (the menu's entries)."""
    return [e for e in _TABLE if applies(e.name, mode, cell)]
