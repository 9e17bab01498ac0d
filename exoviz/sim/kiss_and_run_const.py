"""Numbers of the kiss-and-run mechanism: synapse sizes (nm), stage durations (simulated s), rates, speeds; and what
the full-fusion share stands for."""

from __future__ import annotations

from exoviz.i18n import N_, Msg
from exoviz.sim.scene import HALF_BILAYER_NM  # noqa: F401  one leaflet, shared with every scene

# -- sizes (science.md) ------------------------------------------------------------------------------
R_MEAN_NM, R_SD_NM, R_MIN_NM, R_MAX_NM = 20.0, 1.5, 17.5, 22.5  # ~40 nm across (35-45 nm)
CLEFT_NM = 20.0  # synaptic cleft, membrane face to face

SITES_AT_SCALE_1 = 10  # ~10 docked vesicles per active zone (Schikorski & Stevens 1997)
SITE_SPACING_NM = 2.0 * R_MAX_NM + 2.0  # docked vesicles side by side in one plane
HOME_MARGIN_NM = 1.0  # homes in the vesicle cluster keep this gap from the terminal's walls
ON_SITE_NM = 2.0  # a docked vesicle this close to its site's spot has arrived and holds its place
SYNAPSE_W_NM, SYNAPSE_H_NM = 1600.0, 900.0  # world for the default pool (16:9)
FITS_AT_SCALE_1 = 200  # vesicles per bouton (~200)
DEFAULT_POOL = 200
DOTS_PER_VESICLE = 12
GLUTAMATE_PER_VESICLE = 3600  # BNID 108622
PORE_R_NM = (0.5, 1.5)  # fusion-pore radius: 1-3 nm across
PROTEINS_PER_VESICLE = 3  # drawn on a fully fused vesicle's patch (illustrative)

# -- times, simulated seconds -----------------------------------------------------------------------
TIME_SCALE = 0.02  # 1/50 of real speed at x1
CA_TAU_S = 0.002  # Ca2+ near the channels rises with the action potential and falls within ~ms
P_PER_AP = 0.35  # a primed vesicle releases on ~35 % of action potentials (at the mean peak; sim.machinery)
AP_PEAK = (0.6, 1.0)  # each site's Ca²⁺ peak after an action potential, share of the nanodomain's (channels open
# stochastically)
FIRST_AP_S = 0.02  # with a firing rate set, the first action potential comes this soon (1 s of playback)
REDOCK_MEAN_S = 0.004  # after a spike, a site emptied by release is refilled within ~14 ms (Kusick et al. 2020)
TRANSIENT_WINDOW_S = 0.03  # ... if it is emptied within this long after the spike (a kiss holds its site ~20 ms)
SPEEDUP = 20  # refilling shown this many times faster than real (said on screen)
RECOVERY_SPEEDUP = 100  # release-site recovery shown this many times faster (said on screen): a train at the default
# rate keeps releasing (a release in every 5 s of playback) yet still depresses
RECOVERY_REAL_S = 10.0  # a release site recovers a primed vesicle with tau ~5-15 s (science.md)
RECOVERY_S = RECOVERY_REAL_S / RECOVERY_SPEEDUP
REDOCK_SHORTLIST = 4  # pool vesicles considered per refilling site (exact nearest; see KissAndRun._redock)
GLIDE_NM_S = 1.5e4  # the chosen vesicle glides onto its site (~100 nm in ~7 ms)
UNDOCK_MEAN_S = 0.1  # a vesicle newly docked after a spike fuses or undocks within ~100 ms (Kusick et al. 2020)
PORE_S = 0.001  # the narrow pore has opened; full fusion or kiss is decided here
KISS_S = (0.005, 0.02)  # a kiss: milliseconds (He et al. 2006: up to ~2 s)
PORE_CLOSED_S = 0.001
RETREAT_S = 0.02  # back to its place in the cluster (illustrative)
REFILL_REAL_S = 15.0  # refilling an empty vesicle with glutamate: tau ~15 s (Hori & Takahashi 2012)
REFILL_DOT_S = REFILL_REAL_S / SPEEDUP / DOTS_PER_VESICLE  # one dot pumped in per this long, shown SPEEDUP x faster
RELEASE_S, COLLAPSE_S = 0.002, 0.01  # full fusion: pore dilates, then the vesicle flattens
LEAK_KISS_PER_S = 150.0  # per dot: a 1-3 nm pore lets transmitter out slowly (a full fusion drains evenly)
POOL_D_NM2_S = 1.0e3  # vesicles in the cluster barely move (0.001 um^2/s)
SPIKES_KEPT, SPIKES_SHOWN = 1000, 16  # releases per spike: kept (stats), shown (readout)
TETHER_S = 0.05  # synapsin-like tether back to the vesicle's home in the cluster


def share_note(share: float) -> Msg:
    """What the full-fusion share stands for, in agreement with its value (science.md: the share is debated)."""
    if share < 0.5:
        return Msg(N_("Full-fusion share {share:.2f}: a hippocampal-like bouton, where many releases were seen as "
                      "kiss-and-run; at most synapses full collapse dominates (debated)"), share=share)
    return Msg(N_("Full-fusion share {share:.2f}: full collapse dominates, as at most synapses; how often vesicles "
                  "kiss-and-run instead is debated"), share=share)


def fate_note(share: float) -> Msg:
    """The compare panel's line: what becomes of the vesicle membrane at this full-fusion share."""
    return Msg(N_("{kiss:.0f} % kiss and retreat (no membrane added), {full:.0f} % fuse fully (membrane added)"),
               kiss=100 * (1 - share), full=100 * share)
