"""Stage codes for every body in the scene, their plain-language names, and the allowed transitions."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

import numpy as np

from exoviz.i18n import N_


class Kind(IntEnum):
    """What a row in the vesicle arrays is."""

    SECRETORY = 0  # secretory vesicle / granule budded from the trans-Golgi (full fusion)
    SYNAPTIC = 1  # synaptic vesicle (kiss-and-run)
    ENDOSOME = 2  # early endosome -> multivesicular body (exosome mode)
    ILV = 3  # intraluminal vesicle inside an MVB; an exosome once released
    LYSOSOME = 4  # lysosome (exosome mode: the degradative fate)
    CHYLOMICRON = 5  # a chylomicron (lipoprotein particle) carried in a secretory vesicle, then released
    ENDOCYTIC = 6  # an endocytic pit and the vesicle it becomes (clathrin-coated in the cell scenes)
    BEAD = 7  # a particle a macrophage eats (a latex bead), outside, then in its phagosome (sim.engulf)
    ENGULFED = 8  # a phagocytic or macropinocytic cup and the phagosome / macropinosome it becomes (sim.engulf)


class Stage(IntEnum):
    """Life stages. FREE marks an unused slot."""

    FREE = 0
    # full fusion (secretory vesicles)
    BUDDING = 1
    TRANSPORT = 2
    DOCKED = 3
    PORE = 4
    RELEASE = 5
    COLLAPSE = 6
    # kiss-and-run (synaptic vesicles); DOCKED and PORE are shared
    POOL = 10
    KISS_RELEASE = 11
    PORE_CLOSED = 12
    RETREAT = 13
    REFILL = 14
    # exosome mode (endosomes, MVBs, ILVs, lysosomes)
    ENDOSOME = 20
    ILV_BUDDING = 21
    MVB = 22
    MVB_TRANSPORT = 23
    MVB_DOCKED = 24
    MVB_FUSION = 25
    TO_LYSOSOME = 26
    DEGRADE = 27
    ILV_BUD = 30  # an ILV still forming on its parent's limiting membrane
    ILV_INSIDE = 31  # a free ILV inside its parent
    EXOSOME = 32  # released into the extracellular fluid
    LYSOSOME_IDLE = 40
    # the macrophage eats (exoviz.sim.engulf): phagocytosis of a bead, macropinocytosis
    BEAD_OUT = 43  # a bead outside the cell, settling onto it (then held in the cup while it closes)
    PHAGO_CUP = 44  # the plasma membrane wraps the bead: a phagocytic cup (still plasma membrane)
    PHAGOSOME = 45  # the cup has closed: a phagosome with the bead moves inward
    BEAD_INSIDE = 46  # the bead inside its phagosome
    MACRO_CUP = 47  # a ruffle closes over extracellular fluid: a macropinocytic cup (still plasma membrane)
    MACROPINOSOME = 48  # the closed cup: a macropinosome full of fluid moves inward
    # chylomicrons (enterocyte): inside their secretory vesicle, then out in the interstitium
    CHYLO_INSIDE = 41
    CHYLO_OUT = 42
    # membrane turnover (exoviz.sim.turnover): endocytosis, recycling, early endosomes, wound repair
    PIT = 50  # a clathrin-coated pit folds inward (still plasma membrane)
    PIT_NECK = 51  # dynamin constricts the pit's neck
    COATED = 52  # a coated vesicle just pinched off, shedding its coat
    ENDOCYTIC = 53  # an endocytic vesicle on its way to an early endosome
    RECYCLING = 54  # a vesicle on its way back to the plasma membrane
    RETURN_FUSE = 55  # a recycling vesicle or lysosome fusing with the plasma membrane (pore, then collapse)
    SORTING = 56  # an early (sorting) endosome of a secretory cell or macrophage
    TO_WOUND = 57  # a lysosome moving to a wound in the plasma membrane
    UF_PIT = 58  # ultrafast endocytosis at the synapse: an uncoated fold beside the active zone


# Plain-language name of each stage (captions, follow panel, stats).
STAGE_NAMES: dict[int, str] = {
    Stage.FREE: N_("unused"),
    Stage.BUDDING: N_("budding from the Golgi"),
    Stage.TRANSPORT: N_("transport to the membrane"),
    Stage.DOCKED: N_("docked"),
    Stage.PORE: N_("fusion pore open"),
    Stage.RELEASE: N_("releasing cargo"),
    Stage.COLLAPSE: N_("full collapse"),
    Stage.POOL: N_("in the reserve pool"),
    Stage.KISS_RELEASE: N_("releasing through the pore"),
    Stage.PORE_CLOSED: N_("pore closed"),
    Stage.RETREAT: N_("retreating"),
    Stage.REFILL: N_("refilling"),
    Stage.ENDOSOME: N_("early endosome"),
    Stage.ILV_BUDDING: N_("budding ILVs"),
    Stage.MVB: N_("multivesicular body"),
    Stage.MVB_TRANSPORT: N_("MVB moving to the membrane"),
    Stage.MVB_DOCKED: N_("MVB docked"),
    Stage.MVB_FUSION: N_("MVB fusion: exosome release"),
    Stage.TO_LYSOSOME: N_("moving to a lysosome"),
    Stage.DEGRADE: N_("lysosome fusion: degradation"),
    Stage.ILV_BUD: N_("ILV budding inward"),
    Stage.ILV_INSIDE: N_("intraluminal vesicle"),
    Stage.EXOSOME: N_("exosome"),
    Stage.LYSOSOME_IDLE: N_("lysosome"),
    Stage.CHYLO_INSIDE: N_("chylomicron in its vesicle"),
    Stage.CHYLO_OUT: N_("chylomicron in the interstitium"),
    Stage.PIT: N_("clathrin-coated pit"),
    Stage.PIT_NECK: N_("dynamin pinching the neck"),
    Stage.COATED: N_("coated vesicle, uncoating"),
    Stage.ENDOCYTIC: N_("endocytic vesicle to an early endosome"),
    Stage.RECYCLING: N_("recycling to the surface"),
    Stage.RETURN_FUSE: N_("fusing with the plasma membrane"),
    Stage.SORTING: N_("early endosome"),
    Stage.TO_WOUND: N_("lysosome moving to the wound"),
    Stage.UF_PIT: N_("ultrafast endocytosis"),
    Stage.BEAD_OUT: N_("a bead outside the cell"),
    Stage.PHAGO_CUP: N_("phagocytic cup closing around the bead"),
    Stage.PHAGOSOME: N_("phagosome with the bead"),
    Stage.BEAD_INSIDE: N_("bead in its phagosome"),
    Stage.MACRO_CUP: N_("macropinocytic cup closing over fluid"),
    Stage.MACROPINOSOME: N_("macropinosome"),
}

# Allowed stage changes (from -> set of to). Retiring a body (-> FREE) is listed explicitly.
ALLOWED: dict[int, frozenset[int]] = {
    Stage.FREE: frozenset({Stage.BUDDING, Stage.TRANSPORT, Stage.DOCKED, Stage.POOL, Stage.ENDOSOME,
                           Stage.ILV_BUD, Stage.LYSOSOME_IDLE, Stage.MVB,
                           # exosome mode's staggered start (exosome_setup.seed_population)
                           Stage.ILV_BUDDING, Stage.ILV_INSIDE, Stage.MVB_TRANSPORT, Stage.TO_LYSOSOME,
                           Stage.CHYLO_INSIDE, Stage.PIT, Stage.UF_PIT, Stage.SORTING, Stage.RECYCLING,
                           Stage.BEAD_OUT, Stage.PHAGO_CUP, Stage.MACRO_CUP}),
    Stage.BUDDING: frozenset({Stage.TRANSPORT}),
    Stage.TRANSPORT: frozenset({Stage.DOCKED}),
    Stage.DOCKED: frozenset({Stage.PORE, Stage.RETREAT}),
    Stage.PORE: frozenset({Stage.RELEASE, Stage.KISS_RELEASE, Stage.DOCKED}),  # DOCKED: a granule resealed
    Stage.RELEASE: frozenset({Stage.COLLAPSE}),
    Stage.COLLAPSE: frozenset({Stage.FREE}),
    Stage.POOL: frozenset({Stage.DOCKED}),
    Stage.KISS_RELEASE: frozenset({Stage.PORE_CLOSED}),
    Stage.PORE_CLOSED: frozenset({Stage.RETREAT}),
    Stage.RETREAT: frozenset({Stage.REFILL, Stage.POOL}),  # POOL: undocked without releasing
    Stage.REFILL: frozenset({Stage.POOL}),
    Stage.UF_PIT: frozenset({Stage.REFILL}),  # shortened: shown as a vesicle at once (real: via an endosome)
    Stage.ENDOSOME: frozenset({Stage.ILV_BUDDING}),
    # an early endosome sends a recycling vesicle back when the surface is short: a new row (FREE -> RECYCLING)
    Stage.ILV_BUDDING: frozenset({Stage.MVB}),
    Stage.MVB: frozenset({Stage.MVB_TRANSPORT, Stage.TO_LYSOSOME}),
    Stage.MVB_TRANSPORT: frozenset({Stage.MVB_DOCKED}),
    Stage.MVB_DOCKED: frozenset({Stage.MVB_FUSION}),
    Stage.MVB_FUSION: frozenset({Stage.FREE}),
    Stage.TO_LYSOSOME: frozenset({Stage.DEGRADE}),
    Stage.DEGRADE: frozenset({Stage.FREE}),
    Stage.ILV_BUD: frozenset({Stage.ILV_INSIDE, Stage.FREE}),
    Stage.ILV_INSIDE: frozenset({Stage.EXOSOME, Stage.FREE}),
    Stage.EXOSOME: frozenset({Stage.FREE}),
    Stage.LYSOSOME_IDLE: frozenset({Stage.LYSOSOME_IDLE, Stage.TO_WOUND}),
    Stage.PIT: frozenset({Stage.PIT_NECK}),
    Stage.PIT_NECK: frozenset({Stage.COATED}),
    Stage.COATED: frozenset({Stage.ENDOCYTIC, Stage.RECYCLING}),
    Stage.ENDOCYTIC: frozenset({Stage.FREE, Stage.RECYCLING}),  # fused with its endosome, or none is left
    Stage.RECYCLING: frozenset({Stage.RETURN_FUSE}),
    Stage.RETURN_FUSE: frozenset({Stage.FREE}),  # flat: its membrane is plasma membrane
    Stage.SORTING: frozenset(),
    Stage.TO_WOUND: frozenset({Stage.RETURN_FUSE, Stage.LYSOSOME_IDLE}),  # idle again: sealed, or Ca²⁺ gone
    Stage.BEAD_OUT: frozenset({Stage.BEAD_INSIDE}),  # its cup has closed
    Stage.PHAGO_CUP: frozenset({Stage.PHAGOSOME}),
    Stage.PHAGOSOME: frozenset({Stage.FREE}),  # handed on to lysosomes (leaves the picture)
    Stage.BEAD_INSIDE: frozenset({Stage.FREE}),
    Stage.MACRO_CUP: frozenset({Stage.MACROPINOSOME}),
    Stage.MACROPINOSOME: frozenset({Stage.FREE}),  # merged with endosomes (leaves the picture)
    Stage.CHYLO_INSIDE: frozenset({Stage.CHYLO_OUT}),
    Stage.CHYLO_OUT: frozenset({Stage.FREE}),
}


def stage_mask(stages: Iterable[int]) -> np.ndarray:
    """(64,) bool lookup table: mask[v.stage] is np.isin(v.stage, stages), without sorting every step."""
    mask = np.zeros(64, dtype=bool)
    mask[list(stages)] = True
    return mask


def rows_in(stage: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """np.flatnonzero(mask.take(stage)) for a stage_mask: the rows whose stage is in it, in order. Rows in stages
    before the mask's first (the busy ones: free, budding, transport, docked) are passed over with one comparison,
    so the table is read (its int8 indices widened, the costly part) on the few rows left."""
    cand = (stage >= int(mask.argmax())).nonzero()[0]
    return cand[mask.take(stage.take(cand))]
