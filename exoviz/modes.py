"""The tables of modes and cell presets: for each mode its sliders, readouts, compare panel and story; for each
cell the mode it runs in and the numbers and scene details that differ.

Plain data (no pygame, no NumPy, no import of the model or the screen): the model, the renderer, the widgets,
the walk-through and the CLI all read these tables instead of keeping their own lists. Adding a mode is one
entry here plus its mechanism (exoviz/sim, named in sim/mechanism.py) and its scene view (exoviz/render, named
in render/scene_views.py); adding a cell is one CellSpec entry (plus scene drawing if it has new structures).
"""

from __future__ import annotations

from dataclasses import dataclass

from exoviz.flicker import GRANULE_FLICKER, SYNAPSE_FLICKER, Flicker
from exoviz.i18n import N_
from exoviz.sim.stages import Stage

PRIMED, CA_BOUND = 3, 4  # machinery_view.Machine codes of the two regulated stops (plain data here: no NumPy)


@dataclass(frozen=True)
class Slider:
    """A slider for one tunable parameter (a name in params.RANGES), within that parameter's range."""

    param: str
    label: str
    lo: float
    hi: float


@dataclass(frozen=True)
class StoryStep:
    """One stop of the presenter walk-through: a stage, and where in it to hold.

    The stop is at `at` of the way through the stage (0 = its first step), but no later than max_s playback
    seconds after it began (for the last stage, which has no end). body: "main" (the walk's body), "exosome"
    (one of the main body's ILVs once released) or "alt" (another body: an alternative fate). name: what the stop
    shows when its stage has no name of its own (the body has merged: its slot is free); who: what the other
    body of an "alt" stop is (said on screen: another MVB, at another time); camera: "body" (the camera holds the
    body) or "site" (it holds where the body was at the stop before: the membrane stays put as the body leaves).
    machine: within the stage, the fusion machinery's state (machinery_view.Machine; 0: any, which is how
    tethered and docked count); regulated: a stop only of cells with regulated release (ModeSpec.story_for).
    """

    stage: int
    at: float = 0.5
    max_s: float = 4.0
    body: str = "main"
    name: str = ""
    who: str = ""
    camera: str = "body"
    machine: int = 0
    regulated: bool = False


@dataclass(frozen=True)
class ModeSpec:
    """Everything that differs between modes, by name (mechanism: sim/mechanism.py, view: render/scene_views.py)."""

    name: str  # "full-fusion": the --mode value, the script's mode
    label: str  # button text
    help: str  # what the mode shows, in a few words (help overlay, tooltips)
    key: str  # the number key that switches to it
    sliders: tuple[Slider, ...]
    events: tuple[tuple[str, str], ...]  # (event key in world.events, readout label), in readout order
    story: tuple[StoryStep, ...]  # the presenter walk-through's stops, in order
    fate: str  # one line for the compare panel: what happens to the vesicle membrane
    compare_nm: float  # width of the stretch of membrane a compare panel frames, nm
    stimulus: bool = False  # whether S (stimulate) means something here
    cells: bool = True  # a cell scene: endocytic pits, recycling, wounds (False: the synapse's terminal)
    max_pool: int = 100_000  # largest allowed --vesicles: a step stays within 40 ms (python -m exoviz.bench)

    @property
    def command(self) -> str:
        """The command that switches to this mode (keys and buttons issue it)."""
        return "mode_" + self.name.replace("-", "_")

    def story_for(self, cell: CellSpec) -> tuple[StoryStep, ...]:
        """The walk-through's stops for one cell: a cell without regulated release skips the primed and Ca²⁺ stops."""
        return tuple(s for s in self.story if cell.regulated or not s.regulated)


SPECS: dict[str, ModeSpec] = {
    spec.name: spec
    for spec in (
        ModeSpec(
            name="full-fusion", label=N_("Full fusion"), help=N_("full-fusion secretion"), key="1",
            sliders=(Slider("vesicles", N_("Vesicles"), 5, 2000), Slider("budding_rate", N_("Budding rate"), 0.0, 20.0),
                     Slider("stimulus_rate", N_("Ca²⁺ stimuli"), 0.0, 2.0),
                     Slider("endocytosis_rate", N_("Endocytosis"), 0.0, 1.0)),
            events=(("full_fusion", N_("Full fusions")), ("stimulus", N_("Stimuli")),
                    ("endocytosis", N_("Endocytosis")),
                    ("recycling", N_("Recycling")), ("lysosome_exocytosis", N_("Lysosome exocytosis")),
                        ("wound", N_("Wounds"))),
            story=(StoryStep(Stage.BUDDING, 0.6), StoryStep(Stage.TRANSPORT, 0.5), StoryStep(Stage.DOCKED, 0.5),
                   StoryStep(Stage.DOCKED, 0.5, machine=PRIMED, regulated=True),
                   StoryStep(Stage.DOCKED, 0.5, machine=CA_BOUND, regulated=True), StoryStep(Stage.PORE, 0.7),
                   StoryStep(Stage.RELEASE, 0.6), StoryStep(Stage.COLLAPSE, 0.35),
                   StoryStep(Stage.FREE, 1.0, max_s=1.5, name=N_("merged into the plasma membrane"))),
            fate=N_("vesicle membrane joins the plasma membrane"), compare_nm=2500.0,
            stimulus=True,
        ),
        ModeSpec(
            name="kiss-and-run", label=N_("Kiss & run"), help=N_("kiss-and-run at a synapse"), key="2",
            sliders=(Slider("vesicles", N_("Vesicles"), 20, 1000), Slider("firing_rate", N_("Firing rate"), 0.0, 50.0),
                     Slider("full_fusion_fraction", N_("Full-fusion share"), 0.0, 1.0)),
            events=(("full_fusion", N_("Full fusions")), ("kiss_and_run", N_("Kiss-and-run")),
                    ("action_potential", N_("Action potentials")), ("endocytosis", N_("Ultrafast endocytosis"))),
            story=(StoryStep(Stage.POOL, 0.9, max_s=1.0), StoryStep(Stage.DOCKED, 0.8),
                   StoryStep(Stage.DOCKED, 0.5, machine=PRIMED, regulated=True),
                   StoryStep(Stage.DOCKED, 0.5, machine=CA_BOUND, regulated=True), StoryStep(Stage.PORE, 0.6),
                   StoryStep(Stage.KISS_RELEASE, 0.5), StoryStep(Stage.PORE_CLOSED, 0.5),
                   StoryStep(Stage.RETREAT, 0.5, camera="site"), StoryStep(Stage.REFILL, 0.5)),
            fate=N_("a kiss adds no membrane; a full fusion adds it"), compare_nm=700.0,
            stimulus=True, cells=False,
            max_pool=25_000,  # a packed cluster: 25,000 vesicles 23-29 ms per step, 40,000 ~44
        ),
        ModeSpec(
            name="exosome", label=N_("Exosome"), help=N_("multivesicular body and exosome release"), key="3",
            sliders=(Slider("vesicles", N_("Endosomes / MVBs"), 1, 40),
                     Slider("lysosome_fraction", N_("To lysosomes"), 0.0, 1.0),
                     Slider("endocytosis_rate", N_("Endocytosis"), 0.0, 0.2)),
            events=(("mvb_fusion", N_("MVB fusions")), ("lysosome_fusion", N_("Lysosome fusions")),
                    ("exosome_release", N_("Exosomes")), ("endocytosis", N_("Endocytosis")),
                        ("recycling", N_("Recycling")),
                    ("lysosome_exocytosis", N_("Lysosome exocytosis")), ("wound", N_("Wounds"))),
            story=(StoryStep(Stage.ENDOSOME, 0.5), StoryStep(Stage.ILV_BUDDING, 0.6), StoryStep(Stage.MVB, 0.5),
                   StoryStep(Stage.MVB_TRANSPORT, 0.6), StoryStep(Stage.MVB_DOCKED, 0.5),
                   StoryStep(Stage.MVB_FUSION, 0.15, max_s=3.0),  # ILVs leaving one by one
                   StoryStep(Stage.EXOSOME, 1.0, max_s=1.5, body="exosome"),
                   StoryStep(Stage.TO_LYSOSOME, 0.6, body="alt", who=N_("MVB")),
                   StoryStep(Stage.DEGRADE, 0.4, body="alt", who=N_("MVB"))),
            fate=N_("MVB membrane joins; ILVs leave as exosomes"), compare_nm=3200.0,
            max_pool=1_500,  # tens of ILVs per MVB: ~25,000 bodies, 21-27 ms per step (load 4.5); 2,000: 36-47 ms
        ),
    )
}

MODES: tuple[str, ...] = tuple(SPECS)


def spec(mode: str) -> ModeSpec:
    """The spec of a mode name (KeyError for an unknown one; the CLI checks names first)."""
    return SPECS[mode]


# -- cell presets ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CellSpec:
    """One cell preset: the mode it runs in, what its scene shows, and the numbers that differ (science.md).

    Sizes: every sized body of the preset (granule, vesicle, chylomicron, exosome) has a diameter within
    diameter_nm; `sizes` says which bodies, and where the range comes from.
    """

    name: str  # the --cell value and a script's `cell = "..."`
    label: str  # menu text
    mode: str  # the mode it runs in
    title: str  # scene title
    cell: str  # which cell, and which part of it is shown, in plain words
    sizes: str  # the sized bodies with their range (a scale note; its source is in science.md)
    diameter_nm: tuple[float, float]
    body: str = ""  # the label on one of its granules / vesicles
    default: bool = False  # the default cell of its mode
    secretion: str = ""  # "regulated" (granules wait docked for a stimulus) or "constitutive" (fuse on arrival)
    trigger: str = ""  # the chain from stimulus to Ca²⁺, one line (regulated cells, the synapse)
    stimulus: str = N_("Ca²⁺ signal")  # what the S key / button gives here
    cargo: tuple[str, str] = (N_("small molecules"), N_("protein"))  # legend words for the two kinds ("" = none)
    small_share: float = 0.0  # share of a granule's cargo dots that are small molecules
    dots: int = 12  # cargo dots in a granule of the middle size (0: the cargo is a particle, e.g. chylomicron)
    world_um: float = 8.0  # width of the region shown for the default pool, µm
    pool: int = 0  # default pool (0: the mechanism's own)
    structures: tuple[str, ...] = ()  # extra scene structures: "lumen", "lacteal", "ecm"
    marker: str = ""  # a protein drawn with its own marker and legend entry (exosomes: MHC class II + peptide)
    dense_core: bool = False  # granules drawn with an electron-dense core in a clear halo (insulin granules)
    cytoplasm_um: float = 0.0  # exosome mode: cytoplasm shown between membrane and nucleus, µm (0: the mode's ~3 µm)
    narrow_pore_s: float = 0.15  # how long the fusion pore stays narrow (1-3 nm) before it dilates, s
    narrow_range_s: tuple[float, float] = (0.0, 0.0)  # if set: each pore's narrow time drawn log-uniformly from this
    # range as it opens, a float time finer than a step (sim.pore); narrow_pore_s is then not used
    fusion_p: float = 0.3  # regulated: chance that a primed docked granule fuses on one stimulus
    flicker: Flicker | None = None  # how its first fusion pores flicker (sim.pore; None: they do not)
    leak_per_s: float = 0.0  # small-molecule dots leaving a narrow pore per dot per s (0: the mechanism's own)
    molecules_per_dot: int = 0  # molecules one small-molecule cargo dot stands for (0: the ledger's default)
    oxidizable: bool = False  # its small-molecule cargo oxidizes at a carbon fibre (catecholamine): amperometry
    transient: float = 0.0  # regulated: share of fusions that reseal at the narrow pore at low stimulation (sim.pore)
    compound: bool = False  # granules also fuse with granules already fused (compound exocytosis, sim.compound)
    notes: tuple[str, ...] = ()  # extra scale and speed notes
    captions: tuple[tuple[int, str, str], ...] = ()  # (stage, title, text) replacing the general caption
    events: tuple[tuple[str, str], ...] = ()  # extra (event key, readout label) after the mode's own
    # -- membrane turnover (issue 11; science.md: membrane turnover, endocytosis routes) --
    time_scale: float = 0.0  # simulated s per playback s at speed ×1 (0: the mechanism's own)
    endocytosis_um2_s: float = 0.05  # constitutive endocytosis, µm² of plasma membrane per simulated s
    endocytosis_source: str = N_("illustrative")  # where that rate comes from (said on screen; docs/science.md)
    pits_per_drawn: int = 1  # each endocytic pit and recycling vesicle drawn stands for this many (said on screen)
    fast_recycling: float = 0.3  # share of endocytic vesicles that go straight back to the surface (the rest: endosome)
    counter: bool = False  # show "membrane internalized: X % of the surface" large in the scene
    macropinocytosis_um2_s: float = 0.0  # membrane taken in by macropinocytosis, µm²/s (sim.engulf)
    phagocytosis: bool = False  # it eats beads, one at a time (sim.engulf)
    ca_from_outside: bool = False  # its stimulus lets Ca²⁺ in from outside (channels): none in a Ca²⁺-free medium
    machine_captions: tuple[tuple[int, str, str], ...] = ()  # (machine state, title, text) replacing the general one

    @property
    def regulated(self) -> bool:
        """Release waits for Ca²⁺ at primed release sites (regulated granules, the synapse), with its machinery."""
        return self.secretion == "regulated" or self.mode == "kiss-and-run"


DOCK_WAIT = (N_("Tethered near the plasma membrane, then docked there (Munc18-1 holds syntaxin-1), the granule\n"
             "waits, often for minutes to hours, to be primed and then triggered by a Ca²⁺ signal."))
PRIMED_WAIT = (N_("Primed"), N_("Munc13 opens syntaxin-1 (this needs ATP): the SNAREs zipper halfway into ~3 "
                                "complexes,\nclamped by complexin. Primed granules wait, often minutes to hours, "
                                "for Ca²⁺."))
CELLS: dict[str, CellSpec] = {
    c.name: c
    for c in (
        CellSpec(
            name="beta-cell", label=N_("Pancreatic β-cell (insulin)"), mode="full-fusion", default=True,
            title=N_("Regulated exocytosis: insulin secretion"),
            cell=N_("Pancreatic β-cell (islet of Langerhans), close-up of its plasma membrane"),
            sizes=N_("Insulin granules ~300 nm across (250–350 nm): a dense crystalline core in a clear halo"),
                diameter_nm=(250.0, 350.0),
            body=N_("Insulin granule (~300 nm)"),
            secretion="regulated", trigger=N_("glucose ↑ → ATP/ADP ↑ → K_ATP channels close → depolarisation → Ca²⁺ "
                                               "channels open → Ca²⁺ enters → fusion"),
            stimulus=N_("Glucose rise"), cargo=(N_("small molecules (ATP, Zn²⁺, GABA)"),
                                                N_("insulin (peptide hormone)")),
            # The core is crystalline insulin (with Zn²⁺); ATP, Zn²⁺ and GABA dots in the halo (share illustrative).
            small_share=0.4, dense_core=True, pool=40, narrow_pore_s=1.0, ca_from_outside=True, flicker=GRANULE_FLICKER,
            transient=0.7,
            events=(("transient_fusion", N_("Transient fusions")),),
            captions=((Stage.DOCKED, N_("Docked, not yet primed"),
                      N_("Rab27a and its partners tether the granule; Munc18-1, holding syntaxin-1, then docks it\n"
                         "at the membrane. It cannot fuse yet: its SNAREs have not zippered (it must be primed).")),),
            machine_captions=((PRIMED, *PRIMED_WAIT),
                              (CA_BOUND, N_("Ca²⁺ trigger"),
                               N_("glucose ↑ → ATP/ADP ↑ → K_ATP channels close → depolarisation → Ca²⁺ channels "
                                  "open →\nCa²⁺ binds synaptotagmin; the clamp lets go, the SNAREs zipper fully: "
                                  "fusion.")))),
        CellSpec(
            name="chromaffin", label=N_("Adrenal chromaffin cell (adrenaline)"), mode="full-fusion",
            title=N_("Regulated exocytosis: catecholamine secretion"),
            cell=N_("Adrenal chromaffin cell (adrenal medulla), close-up of its plasma membrane"),
            sizes=N_("Chromaffin granules ~300 nm across (200–350 nm drawn; 150–350 nm measured): a dense core"),
            diameter_nm=(200.0, 350.0), body=N_("Chromaffin granule (~300 nm)"), secretion="regulated",
            trigger=N_("acetylcholine from the splanchnic nerve → nicotinic receptors → depolarisation → Ca²⁺ "
                       "channels open → Ca²⁺ enters → fusion"),
            stimulus=N_("Acetylcholine"), cargo=(N_("catecholamine (adrenaline, noradrenaline)"),
                                                 N_("chromogranins (protein)")),
            # ~1-3 x 10^6 catecholamine molecules per granule (Wightman et al. 1991; Mosharov & Sulzer 2005): ~24
            # small-molecule dots of 80,000 each in a mid-size granule; the narrow pore leaks them fast (the foot).
            # Catecholamine oxidizes at +700 mV: the one cell here whose own cargo an electrode records (a β-cell
            # is recorded only after loading it with serotonin, not modelled).
            small_share=0.8, dots=30, molecules_per_dot=80_000, leak_per_s=4.0, dense_core=True, pool=40,
            oxidizable=True,
            # The narrow pore lasts as long as a measured foot, 1-10 ms (Chow et al. 1992; Wightman et al. 1991).
            world_um=12.0, narrow_range_s=(0.001, 0.010), ca_from_outside=True, transient=0.7,
            events=(("transient_fusion", N_("Transient fusions")),),
            notes=(N_("At low stimulation many granules open only a transient pore: catecholamine leaves, the "
                      "chromogranin core stays (Alés et al. 1999; Fulop et al. 2005)"),),
            captions=((Stage.DOCKED, N_("Docked, waiting"), DOCK_WAIT),),
            machine_captions=((PRIMED, *PRIMED_WAIT),
                              (CA_BOUND, N_("Ca²⁺ trigger"),
                               N_("Acetylcholine → nicotinic receptors → depolarisation → Ca²⁺ channels open →\n"
                                  "Ca²⁺ binds synaptotagmin; the clamp lets go, the SNAREs zipper fully: fusion.")))),
        CellSpec(
            name="acinar", label=N_("Pancreatic acinar cell (zymogen)"), mode="full-fusion",
            title=N_("Regulated exocytosis: zymogen granules"),
            cell=N_("Pancreatic acinar cell, apical pole: granules discharge into the lumen it shares with its "
                 "neighbours"),
            sizes=N_("Zymogen granules ~1 µm across (0.8–1.3 µm drawn; 0.8–1.5 µm measured)"),
            diameter_nm=(800.0, 1300.0), body=N_("Zymogen granule (~1 µm)"), secretion="regulated",
            trigger=N_("acetylcholine or CCK → IP₃ → Ca²⁺ released from the ER"), stimulus=N_("Ca²⁺ signal"),
            # Zymogen granules are packed with digestive-enzyme precursors: nearly all protein (share illustrative).
            cargo=(N_("small molecules (ions, ATP)"), N_("digestive enzymes (zymogens)")), small_share=0.05, dots=30,
            world_um=16.0, pool=20, structures=("lumen",), narrow_pore_s=1.0, endocytosis_um2_s=0.1, pits_per_drawn=8,
            flicker=GRANULE_FLICKER, compound=True, events=(("compound_fusion", N_("Compound fusions")),),
            notes=(N_("One zymogen granule brings the membrane of ~60 coated pits"),),
            machine_captions=((PRIMED, *PRIMED_WAIT),
                              (CA_BOUND, N_("Ca²⁺ trigger"),
                               N_("Acetylcholine or CCK → IP₃ → Ca²⁺ released from the ER binds the granule's Ca²⁺ "
                                  "sensor;\nthe clamp lets go, the SNAREs zipper fully: fusion."))),
            captions=((Stage.DOCKED, N_("Docked, waiting"), DOCK_WAIT),
                      (Stage.RELEASE, N_("Release into the lumen"), N_("The pore widens and the enzyme precursors pour "
                       "into the acinar lumen,\nwhich the cell shares with its neighbours; it drains into a duct.")))),
        CellSpec(
            name="enterocyte", label=N_("Enterocyte (chylomicrons)"), mode="full-fusion",
            title=N_("Exocytosis of chylomicrons"),
            cell=N_("Intestinal enterocyte, basolateral side: chylomicrons go into the interstitium, then a lacteal"),
            sizes=N_("Chylomicrons 75–1,200 nm across, each in a secretory vesicle just larger"),
            diameter_nm=(75.0, 1200.0), body=N_("Vesicle with a chylomicron"), secretion="constitutive",
            cargo=("", N_("chylomicron (fat + apoB-48)")),
            dots=0, world_um=12.0, pool=30, structures=("lacteal",), narrow_pore_s=0.3, endocytosis_um2_s=0.1,
            pits_per_drawn=6,
            notes=(N_("Nucleus drawn shortened (real ~4 µm wide, ~8–10 µm long along the cell); tight junctions and "
                      "brush border ~20 µm apical, beyond the region shown"),
                   N_("Interstitium drawn ~1.5 µm deep; the lacteal lies further away in a villus"),
                   N_("A large chylomicron vesicle brings the membrane of dozens of coated pits"),
                   N_("Chylomicrons carried toward the lacteal at ~0.5 µm/s (interstitial flow, illustrative)")),
            captions=((Stage.DOCKED, N_("Arrival"), N_("The vesicle reaches the basolateral membrane and fuses soon:\n"
                       "chylomicron secretion needs no Ca²⁺ signal.")),
                      (Stage.RELEASE, N_("Release"), N_("The pore widens until the chylomicron fits through; it leaves "
                       "into the interstitium\nand drifts toward a lacteal, a lymph capillary."))),
            events=(("chylomicron_release", N_("Chylomicrons out")), ("lacteal_entry", N_("Into the lacteal")))),
        CellSpec(
            name="fibroblast", label=N_("Fibroblast (matrix)"), mode="full-fusion",
            title=N_("Constitutive exocytosis: extracellular matrix"),
            cell=N_("Fibroblast, close-up of its plasma membrane facing the extracellular matrix"),
            # Procollagen I is a rigid ~300 nm rod: it leaves the Golgi in large carriers, drawn as 300-500 nm round
            # ones (real carriers are often elongated, up to µm; Canty & Kadler 2005 J Cell Sci 118:1341; Malhotra &
            # Erlmann 2015 Annu Rev Cell Dev Biol 31:109). Outside, its propeptides are cut and it forms fibrils.
            sizes=N_("Procollagen carriers 300–500 nm across (procollagen is a ~300 nm rod; real carriers are often "
                     "elongated)"),
            diameter_nm=(300.0, 500.0), body=N_("Procollagen carrier (~400 nm)"), secretion="constitutive",
            cargo=(N_("small molecules"), N_("procollagen (type I)")), small_share=0.1, pool=20,
            structures=("ecm",), endocytosis_um2_s=0.2,  # a fibroblast takes in its surface about once an hour
            endocytosis_source=N_("its surface about once an hour, BNID 110899"),
            events=(("fibril_collagen", N_("Procollagen dots into fibrils")),),
            captions=((Stage.DOCKED, N_("Arrival"), N_("A procollagen carrier fuses soon after it reaches the "
                       "membrane:\nno signal is needed; secretion goes on all the time.")),
                      (Stage.RELEASE, N_("Release"), N_("Procollagen leaves the carrier; outside, proteinases cut off "
                       "its N- and C-propeptides\nand the collagen assembles into fibrils banded every 67 nm.")))),
        CellSpec(
            name="macrophage", label=N_("Macrophage (membrane turnover)"), mode="full-fusion",
            title=N_("Membrane turnover: endocytosis and recycling"),
            cell=N_("Macrophage, close-up of its plasma membrane: endocytosis takes in membrane, recycling gives "
                 "it back"),
            sizes=N_("Coated pits and vesicles 100–150 nm; secretory carriers 100–200 nm"), diameter_nm=(100.0, 200.0),
            body=N_("Secretory vesicle (lysozyme)"), secretion="constitutive", cargo=("", N_("lysozyme (enzyme)")),
            dots=6, pool=4, world_um=12.0, time_scale=20.0,
            # "a macrophage can take in an amount equal to its whole plasma membrane in about 30 minutes" (seed):
            # 4π (7.5 µm)² / 1800 s = 0.39 µm²/s, most by macropinocytosis and phagocytosis (science.md): 0.16 by
            # coated pits, 0.23 by macropinocytosis, plus a bead now and then (shares illustrative). The time to
            # 100 % is measured from the run, not set here.
            endocytosis_um2_s=0.16, pits_per_drawn=20, fast_recycling=0.5, counter=True,
            macropinocytosis_um2_s=0.23, phagocytosis=True,
            endocytosis_source=N_("with macropinocytosis and phagocytosis its whole surface in ~30 min (seed page); "
                                  "shares illustrative"),
            captions=((Stage.DOCKED, N_("Arrival"), N_("A secretory vesicle (lysozyme) fuses soon after it reaches the "
                       "membrane:\nconstitutive secretion needs no signal.")),)),
        CellSpec(
            name="neuron", label=N_("Neuron (synapse)"), mode="kiss-and-run", default=True,
            title=N_("Kiss-and-run and full fusion at a synapse"),
            cell=N_("Presynaptic terminal (bouton), synaptic cleft and postsynaptic membrane, cross-section"),
            sizes=N_("Synaptic vesicles ~40 nm across (35–45 nm)"), diameter_nm=(35.0, 45.0),
            trigger=N_("action potential → Ca²⁺ channels open at the active zone"), stimulus=N_("Action potential"),
            cargo=(N_("glutamate (small molecule)"), ""), small_share=1.0, ca_from_outside=True,
            flicker=SYNAPSE_FLICKER,
            captions=((Stage.DOCKED, N_("Docked"), N_("RIM and Rab3 tether the vesicle at the active zone; Munc18-1, "
                       "holding syntaxin-1,\ndocks it. One docked just after a spike may undock within ~100 ms.")),),
            machine_captions=((PRIMED, N_("Primed"), N_("Munc13 opens syntaxin-1 (needs ATP): the SNAREs zipper "
                               "halfway, clamped by complexin;\nthe vesicle is now release-ready, a few nm from the "
                               "membrane.")),
                              (CA_BOUND, N_("Ca²⁺ trigger"),
                               N_("An action potential opens Ca²⁺ channels: within ~20 nm Ca²⁺ rises to tens of µM,\n"
                                  "binds synaptotagmin-1, and the SNAREs zipper fully in under a millisecond.")))),
        CellSpec(
            name="dendritic-cell", label=N_("Dendritic cell (exosomes)"), mode="exosome", default=True,
            title=N_("Exosome release from multivesicular bodies"),
            cell=N_("Dendritic cell (an antigen-presenting cell), close-up near its plasma membrane"),
            sizes=N_("Exosomes 30–150 nm across, most 70–100 nm"), diameter_nm=(30.0, 150.0),
            cargo=("", N_("endocytosed antigen (protein)")), marker=N_("MHC class II + peptide"),
                   endocytosis_um2_s=0.015),
        CellSpec(
            name="b-cell", label=N_("B cell (exosomes)"), mode="exosome",
            title=N_("Exosome release from multivesicular bodies"),
            cell=N_("B lymphocyte (an antigen-presenting cell), close-up near its plasma membrane"),
            sizes=N_("Exosomes 30–150 nm across, most 70–100 nm"), diameter_nm=(30.0, 150.0),
            cargo=("", N_("endocytosed antigen (protein)")), marker=N_("MHC class II + peptide"),
                   endocytosis_um2_s=0.015, cytoplasm_um=1.8,
            notes=(N_("A resting B cell: a thin rim of cytoplasm (here ~1.8 µm deep) around a large nucleus"),)),
    )
}


_DEFAULT_CELL = {c.mode: c for c in reversed(CELLS.values()) if c.default}  # (the first default of each mode)


def cell_for(mode: str, name: str = "") -> CellSpec:
    """The cell preset `name`, or the mode's default cell when name is empty (KeyError for an unknown one)."""
    return CELLS[name] if name else _DEFAULT_CELL[mode]


def cell_problem(mode: str, name: str) -> str | None:
    """A one-line message if `name` is no cell preset of `mode` (empty: the default), else None."""
    if not name:
        return None
    if name not in CELLS:
        return f"unknown cell {name!r}; choose one of: {', '.join(CELLS)}"
    if CELLS[name].mode != mode:
        return f"cell {name!r} runs in {CELLS[name].mode} mode, not {mode}"
    return None
