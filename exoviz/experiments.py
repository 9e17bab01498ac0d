"""The experiment registry: the one table of drugs, toxins, media and knockouts a student can apply, with the
modes and cells each applies to, the pairs that clash, and what each names on screen (target, what a real cell
shows, source). The CLI, scripts, the menu, the panel, the stats and the captions all read this table.

Plain data (no pygame, no NumPy). Each experiment acts on the model's mechanism (exoviz/sim/perturb.py says
where), never on a scripted outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from exoviz.i18n import N_, _

CELL_MODES = ("full-fusion", "exosome")  # the cell scenes (with clathrin-coated pits)
ALL_MODES = ("full-fusion", "kiss-and-run", "exosome")
REGULATED = ("full-fusion", "kiss-and-run")  # Ca²⁺-triggered release
REGULATED_CELLS = ("beta-cell", "chromaffin", "acinar", "neuron")  # regulated release sites (sim.machinery)


# how the treated run's figure compares with the control's (exoviz.investigations.outcome says which)
GONE, FEWER, SAME, MORE = "gone", "fewer", "same", "more"  # gone: at most a quarter of the control's


@dataclass(frozen=True)
class Choice:
    """One answer a prediction card offers (text marked N_) and the measurement it means: each (figure of
    exoviz.figures, the outcomes of treated against control that fit it). The results card says which choice the
    two runs' numbers match."""

    text: str
    when: tuple[tuple[str, tuple[str, ...]], ...]


def _c(text: str, *when: tuple[str, tuple[str, ...]]) -> Choice:
    return Choice(text, when)


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
    choices: tuple[Choice, ...] = ()  # the prediction card's 3-4 answers, written for this experiment


_DOWN = (GONE, FEWER)
# the prediction card's choices of each experiment: the right answer among common expectations
CHOICES: dict[str, tuple[Choice, ...]] = {
    "calcium-free": (
        _c(N_("Stimuli release nothing: fusion needs Ca²⁺ from outside"), ("releases", (GONE,))),
        _c(N_("Release falls, but the cell still releases from its own Ca²⁺ stores"), ("releases", (FEWER,))),
        _c(N_("Release goes on as before (the cell's secretion does not need Ca²⁺)"), ("releases", (SAME,))),
        _c(N_("More release: without Ca²⁺ the membrane becomes leaky"), ("releases", (MORE,)))),
    "egta": (
        _c(N_("Release stops, as in a Ca²⁺-free medium"), ("releases", (GONE,)), ("synchronous", (GONE,))),
        _c(N_("Fast release next to the channels goes on; the late, asynchronous release is lost"),
           ("synchronous", (SAME, MORE)), ("asynchronous", _DOWN)),
        _c(N_("Fast and late release both fall a little"), ("releases", (FEWER,))),
        _c(N_("Nothing changes: a buffer only holds Ca²⁺ inside the cell"), ("releases", (SAME,)),
           ("asynchronous", (SAME, MORE)))),
    "bapta": (
        _c(N_("Fast release is blocked: BAPTA catches Ca²⁺ before it reaches synaptotagmin"),
           ("synchronous", (GONE,))),
        _c(N_("A buffer is too slow to matter: release stays about the same"), ("releases", (SAME,))),
        _c(N_("Release falls somewhat, but most of it remains"), ("releases", (FEWER,))),
        _c(N_("More release: the buffer carries extra Ca²⁺ to the membrane"), ("releases", (MORE,)))),
    "botulinum-a": (
        _c(N_("Release fades toward zero as SNAP-25 is cut (vesicles still dock)"), ("releases", _DOWN)),
        _c(N_("No change: SNAP-25 is not needed for fusion"), ("releases", (SAME,))),
        _c(N_("More release: docked vesicles pile up and fuse together"), ("releases", (MORE,)))),  # cut over ~30 s:
    # counted over the whole minute, release falls by half or more; "fewer" and "gone" both fit
    "botulinum-b": (
        _c(N_("Release fades to almost nothing as synaptobrevin is cleaved"), ("releases", _DOWN)),
        _c(N_("Nothing changes: the vesicle's synaptobrevin is not needed, the membrane's SNAREs are enough"),
           ("releases", (SAME,))),
        _c(N_("More release: vesicles no longer held back by their SNAREs fuse freely"), ("releases", (MORE,)))),
    "tetanus": (
        _c(N_("Transmitter release fails as VAMP2 is cut; docked vesicles stay"), ("releases", _DOWN)),
        _c(N_("No change here: tetanus toxin acts on the muscle, not on the synapse"), ("releases", (SAME,))),
        _c(N_("The synapse releases more, as in the spasms of tetanus"), ("releases", (MORE,)))),
    "syt1-knockout": (
        _c(N_("Fast synchronous release is lost; slower asynchronous release remains"), ("synchronous", _DOWN),
           ("asynchronous", (SAME, MORE))),  # (a spike every 20 ms puts some asynchronous release within 5 ms)
        _c(N_("All release stops: synaptotagmin-1 is the only Ca²⁺ sensor"), ("synchronous", (GONE,)),
           ("asynchronous", _DOWN)),
        _c(N_("Release goes on as before: other synaptotagmins take over at once"), ("synchronous", (SAME, MORE))),
        _c(N_("Release falls a little, fast and slow alike"), ("synchronous", (FEWER,)), ("asynchronous", (FEWER,)))),
    "munc13-knockout": (
        _c(N_("Vesicles dock but are never primed: evoked release is abolished"), ("releases", (GONE,))),
        _c(N_("Priming is only slower: release falls by about half"), ("releases", (FEWER,))),
        _c(N_("No change: vesicles prime themselves without Munc13"), ("releases", (SAME,))),
        _c(N_("More release: unprimed vesicles fuse as soon as they dock"), ("releases", (MORE,)))),
    "dynasore": (
        _c(N_("The surface grows: pits deepen but cannot pinch off, so what fusion adds stays"),
           ("area_change_um2", (MORE,))),
        _c(N_("The surface stays the same: without endocytosis, fusion stops too"),
           ("area_change_um2", (SAME,))),
        _c(N_("The surface shrinks: the pits keep pulling membrane inward"), ("area_change_um2", _DOWN))),
    "bafilomycin": (
        _c(N_("Fusions go on, but each releases less and less"), ("cargo_per_release", _DOWN),
           ("releases", (SAME, MORE))),
        _c(N_("Fusion stops: vesicles need their acid to fuse"), ("releases", (GONE,))),
        _c(N_("Nothing changes: the vesicles were filled before the drug"), ("cargo_per_release", (SAME,))),
        _c(N_("Each vesicle carries more transmitter, since less acid means more room"),
           ("cargo_per_release", (MORE,)))),
    "nocodazole": (
        _c(N_("Bodies already near the membrane still fuse; those far inside stop coming"), ("releases", (FEWER,))),
        _c(N_("All secretion stops at once: every vesicle rides on microtubules to the end"),
           ("releases", (GONE,))),
        _c(N_("No change: vesicles reach the membrane by diffusion anyway"), ("releases", (SAME,))),
        _c(N_("More release: vesicles freed from microtubules rush to the membrane"), ("releases", (MORE,)))),
    "gw4869": (
        _c(N_("Fewer exosomes: each MVB buds fewer vesicles inside it"), ("exosomes", _DOWN),  # a quarter of the ILVs
           ("releases", (FEWER, SAME, MORE))),  # ... while MVBs still fuse
        _c(N_("Exosome release stops completely: MVBs cannot form"), ("exosomes", (GONE,)), ("releases", (GONE,))),
        _c(N_("As many exosomes: the drug acts on lipids, not on vesicles"), ("exosomes", (SAME,))),
        _c(N_("More exosomes: MVBs fuse sooner while they are small"), ("exosomes", (MORE,)))),
    "rab27a-knockdown": (
        _c(N_("Far fewer exosomes: MVBs cannot dock and go to lysosomes instead"), ("exosomes", _DOWN)),
        _c(N_("As many exosomes: MVBs fuse wherever they touch the membrane"), ("exosomes", (SAME,))),
        _c(N_("More exosomes: MVBs crowd under the membrane and burst out"), ("exosomes", (MORE,)))),
}


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
EXPERIMENTS: dict[str, Experiment] = {e.name: replace(e, choices=CHOICES[e.name]) for e in _TABLE}


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
    return [e for e in EXPERIMENTS.values() if applies(e.name, mode, cell)]
