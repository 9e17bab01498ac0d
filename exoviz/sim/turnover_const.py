"""Numbers of membrane turnover (endocytosis, recycling, balance, wound repair): sizes (nm), times (real s), rates.

Sources are in docs/science.md (rows "membrane turnover", "endocytosis routes", "lysosome-mediated wound resealing").
"""

from __future__ import annotations

# -- clathrin-mediated endocytosis ----------------------------------------------------------------------------
PIT_D_NM = (100.0, 150.0)  # coated pits / vesicles ~100-150 nm across (Taylor et al. 2011)
PIT_REAL_S = (20.0, 60.0)  # a coated pit's life from initiation to scission (Taylor et al. 2011)
PIT_PLAYBACK_S = 3.0  # a pit should last about this many playback seconds: sets how much pits are sped up
SPEEDUPS = (1, 2, 5, 10, 20, 50)  # turnover is shown sped up by one of these (the clock says which)
NECK_SHARE = 0.2  # the last share of a pit's life: dynamin constricts the neck until it pinches off
NECK_LUMEN = 0.45  # a fully invaginated pit's opening, share of its radius, before dynamin narrows it
FLAT_C = 0.95  # a new pit starts as a shallow dimple: collapse 0.95 (1 = flat, 0 = a whole sphere)
SCISSION_GAP_NM = 4.0  # a vesicle just pinched off sits this far below the membrane's inner face
UNCOAT_REAL_S = (3.0, 8.0)  # the clathrin coat comes off within seconds of scission (illustrative)
VESICLE_SPEED_NM_S = (150.0, 400.0)  # endocytic and recycling vesicles, actin- then microtubule-driven (illustr.)
INWARD_NM_S = 80.0  # a coated vesicle drifts inward while it uncoats (illustrative)
VESICLE_D_NM2_S = 2.0e3  # their Brownian jitter
CONTACT_NM = 6.0  # a vesicle this close to its early endosome fuses with it
RETURN_PORE_S = 0.3  # a recycling vesicle's pore widens (real s; lysosomes too)
RETURN_COLLAPSE_S = 0.8  # ... then it flattens into the plasma membrane
RETURN_PORE_NM = 1.0  # the first pore's radius, nm

# -- early endosomes and lysosomes in the cell scenes ------------------------------------------------------
SORTING_R_NM = (150.0, 250.0)  # early endosomes 300-500 nm across (illustrative)
SORTING_EVERY_NM = 3000.0  # one early endosome per this much membrane width
SORTING_DEPTH_NM = (700.0, 1300.0)  # below the membrane's inner face
SORTING_D_NM2_S = 30.0  # they barely move
LYSO_R_NM = (150.0, 250.0)  # lysosomes 300-500 nm across (illustrative)
LYSO_EVERY_NM = 1600.0  # one lysosome near the membrane per this much width (peripheral lysosomes)
LYSO_DEPTH_NM = (250.0, 900.0)
LYSO_PROTEINS = 6  # LAMP-1 marks drawn per lysosome (its most abundant membrane protein)
LYSO_REFILL_S = 60.0  # a lysosome used at a wound is replaced from deeper in the cell after about this long

# -- balance --------------------------------------------------------------------------------------------------
FLUX_TAU_S = 20.0  # exocytosis is averaged over this long (simulated s) before endocytosis follows it
BALANCE_TAU_S = 20.0  # the balance brings the area back toward its start with this time constant (illustrative)
# Pits stall when the membrane runs short (high membrane tension stalls clathrin pits, Boulant et al. 2011):
# full rate above TENSION_FULL of the starting area, none below TENSION_STALL (thresholds illustrative).
TENSION_STALL, TENSION_FULL = 0.5, 0.7
PIT_GAP_NM = 10.0  # free membrane kept between a new pit and anything else on the membrane

# -- ultrafast endocytosis at the synapse (Watanabe et al. 2013) ------------------------------------------------
UF_START_S = (0.02, 0.04)  # a fold appears this long after a full fusion
UF_DONE_S = (0.05, 0.1)  # and pinches off 50-100 ms after it
UF_EDGE_NM = 30.0  # beside the active zone's edge, nm outside it

# -- wounds and lysosome exocytosis (Reddy et al. 2001) ---------------------------------------------------------
WOUND_D_NM = 1000.0  # the hole, across (illustrative; wounds range from <0.1 to several µm)
RECRUIT_NM = 2500.0  # lysosomes within this distance of the hole answer the Ca²⁺ signal (farther ones if none)
LYSO_SPEED_NM_S = (500.0, 1000.0)  # toward the wound (motor-driven, ~0.5-1 µm/s)
CA_RISE_S = 0.05  # Ca²⁺ floods in through the hole within tens of ms
CA_FALL_S = 3.0  # after the seal, pumps bring it back to rest within seconds (illustrative)
CA_SPREAD_NM = 1500.0  # the Ca²⁺ cloud drawn reaches this far into the cytosol (illustrative)
LEAK_DOTS_PER_S = 12.0  # cytosolic molecules drawn leaking out of an open hole (1 dot = many molecules)
DOCK_S = (1.5, 3.0)  # a lysosome at the hole's edge waits this long for its Ca²⁺-triggered fusion (illustrative)
SPREAD_S = 8.0  # a fused lysosome's membrane spreads over the hole in this long (illustrative): with the trip and
# the wait a wound reseals in ~7-12 s, inside the 5-30 s measured in cultured cells (Reddy et al. 2001)
RESEAL_REAL_S = (5.0, 30.0)  # measured resealing times (said on the clock while a wound is open)
WOUND_HOLD_S = 3.0  # simulated s after the seal that a scene on a fast clock stays at real speed
