"""Numbers of the exosome mechanism: sizes (nm), stage durations (simulated s), speeds and rates."""

from __future__ import annotations

import math

from exoviz.i18n import N_

# Playback: 20 simulated seconds per playback second at speed x1 ("x 20 real speed").
TIME_SCALE = 20.0

# -- sizes (science.md) ---------------------------------------------------------------------------------
# ILVs / exosomes: diameters peaked (log-normal), clipped to 30-150 nm, mode ~80 nm (science.md). To scale.
ILV_D_MEDIAN_NM, ILV_D_SIGMA = 85.0, 0.25  # log-normal: median, and sigma of ln(d); mode = median e^(-sigma²)
ILV_D_RANGE_NM = (30.0, 150.0)
ILV_R2_MEAN = (0.5 * ILV_D_MEDIAN_NM) ** 2 * math.exp(2.0 * ILV_D_SIGMA**2)  # E[r²] (unclipped), nm²
# Endosomes / MVBs: "a few hundred nm to ~1 um" (illustrative): 440-840 nm across here, room for tens of ILVs.
ENDO_R_NM = (220.0, 420.0)
# Lysosomes: 300-500 nm across (illustrative).
LYSO_R_NM = (150.0, 250.0)
MARGIN_NM = 2.0  # free gap kept between an ILV and its parent's limiting membrane
ILV_PACKING = 0.45  # share of an MVB's cross-section its ILVs fill when it is full (2-D discs; room to jostle)
# ILVs per MVB: "tens (often ~10-50, by MVB size)" (science.md, third review): ~10 at 440 nm, ~38 at 840 nm.
ILV_MIN, ILV_MAX = 10, 50

# -- durations, simulated seconds (MVB formation takes tens of minutes in cells: compressed further) ----
GROW_S = 6.0  # a new early endosome swells as endocytic vesicles fuse with it
ENDOSOME_S = (20.0, 40.0)  # early endosome before its membrane starts to bud inward
BUD_S = (8.0, 12.0)  # one ILV bud: from a dimple to a pinched-off vesicle
BUD_RATE_PER_S = 0.3  # new buds started per budding endosome per second
MAX_BUDS = 4  # buds forming at once on one endosome
BUD_DEPTH = 0.5  # a bud's centre moves this many of its radii inward while it pinches off
MVB_S = (20.0, 40.0)  # mature MVB before it leaves for the membrane or a lysosome
DOCK_S = (10.0, 30.0)  # MVB tethered at the plasma membrane before fusion
PORE_OPEN_S = 8.0  # fusion pore widens from 1 nm to most of the MVB's width; then the ILVs leave
FUSION_S = 100.0  # whole fusion: pore opening, ILVs leaving one by one, flattening (as measured, below)
FUSION_REAL_S = 100.0  # an MVB-plasma membrane fusion event (CD63-pHluorin) lasts ~100 s (Verweij et al. 2018)
MATURATION_REAL_S = 1800.0  # early endosome to mature MVB: tens of minutes in cells (illustrative: 30 min)
BUDDING_EST_S = 40.0  # typical time an endosome here spends budding its ILVs (measured in runs, rounded)
DEGRADE_S = 40.0  # MVB contents digested after lysosome fusion
PORE_START_NM = 1.0  # initial fusion pore radius (1-3 nm wide, science.md)
PORE_WIDE = 0.8  # pore radius reached at PORE_OPEN_S, as a share of the MVB radius

# -- motion ------------------------------------------------------------------------------------------------
# Organelle diffusion in cytoplasm: 5e-5 to 2e-2 um^2/s (science.md); large bodies at the low end.
CYTO_D_NM2_S = 50.0
ILV_D_NM2_S = 20.0  # ILVs jostling in the crowded MVB lumen (illustrative)
HOME_PULL_PER_S = 0.05  # endosomes drift toward their maturation depth (peripheral -> deeper)
HOME_SPEED_NM_S = 25.0  # cap on that drift
# Motor runs are 0.3-1 um/s, but organelle transport pauses and reverses: net ~0.05 um/s (illustrative).
MVB_SPEED_NM_S = (40.0, 80.0)
CONTACT_NM = 8.0  # an MVB within this gap of its lysosome fuses with it
# Exosomes in water: D ~ 6 um^2/s (Stokes-Einstein, 70 nm). Shown with D = 0.004 um^2/s so that they
# stay visible; a velocity memory of EXO_TAU_S makes the (still Brownian) paths smooth on screen.
EXO_D_NM2_S = 4000.0
EXO_TAU_S = 10.0
EXO_KICK_NM_S = 15.0  # initial outward speed as the MVB opens (illustrative)
DOTS_D_NM2_S = 1.0e4  # released soluble cargo (display-slowed)

# -- supply -----------------------------------------------------------------------------------------------
ARRIVAL_PER_S = 0.04  # new early endosomes per missing body per second (endocytosis), simulated s
FITS_AT_SCALE_1 = 8  # endosomes + MVBs that fit the base world without crowding
DEFAULT_POOL = 7
LYSO_PER_SCALE = 3  # lysosome columns per unit of world scale

# -- cargo and proteins -------------------------------------------------------------------------------------
ENDO_CARGO_DOTS = (2, 6)  # endocytosed soluble material (antigen), dots

# -- fate ----------------------------------------------------------------------------------------------------
# The default share of MVBs sent to lysosomes (params.lysosome_fraction) is illustrative: no measured share was
# found. Most cells send most MVBs to lysosomes; dendritic cells and B cells release many exosomes carrying
# MHC class II (Raposo et al. 1996). Said on screen with the slider's value.
LYSOSOME_SHARE_NOTE = N_("MVBs to lysosomes: {share:.0%} (illustrative: most cells degrade most MVBs; dendritic "
                       "and B cells release many exosomes, Raposo et al. 1996)")
