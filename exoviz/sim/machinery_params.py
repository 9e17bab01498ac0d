"""The molecular knobs of the fusion machinery (MachineryParams), what a toxin, knockout or buffer changes, and the
Ca²⁺ reaching a release site through a buffer; the numbers of granule and synaptic release sites (SiteNumbers).

MachineryParams lives on the world (world.machinery.params; set it with World.set_machinery(MachineryParams(...))):

    snap25_intact   0..1  share of SNAP-25 left uncleaved (botulinum A and E cleave it)
    vamp2_intact    0..1  share of synaptobrevin/VAMP2 left uncleaved (tetanus toxin, botulinum B, D, F, G)
    syntaxin_intact 0..1  share of syntaxin-1 left uncleaved (botulinum C)
    syt1            synaptotagmin-1 present (False: the knockout; no fast synchronous release, Geppert et al. 1994;
                    asynchronous release through synaptotagmin-7 remains, Bacaj et al. 2013)
    munc13          Munc13 present (False: the knockout; docked vesicles never prime; Augustin et al. 1999)
    complexin       complexin present (False: no clamp; primed vesicles fuse spontaneously more often)
    atp             0..1  ATP relative to normal: priming and NSF's disassembly of cis-complexes both need it
    buffer          "none", "EGTA" (slow Ca²⁺ buffer) or "BAPTA" (fast), loaded at buffer_mm (mM)

Each trans-SNARE complex a vesicle can form at priming (up to MAX_COMPLEXES) forms with probability
P_FORM × snap25_intact × vamp2_intact × syntaxin_intact; with fewer complexes fusion is slower (machinery.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Buffer = Literal["none", "EGTA", "BAPTA"]

# A Ca²⁺ buffer captures Ca²⁺ on its way from the channel to the sensor: the rise at distance d falls by about
# exp(-d / λ), λ = sqrt(D_Ca / (k_on [B])) (Eggermann et al. 2012, Nat Rev Neurosci 13:7; Neher 1998).
D_CA_UM2_S = 220.0  # free Ca²⁺ diffusion in cytosol, µm²/s
K_ON_PER_M_S = {"EGTA": 1.0e7, "BAPTA": 4.0e8}  # binding rate constants, /M/s (Eggermann et al. 2012)
# The residual Ca²⁺ that spreads through the terminal after a stimulus (what synaptotagmin-7 senses) is shared with
# every buffer present: its free rise falls by 1 + κ_B/κ_S, κ_B = [B]/K_D the added buffer capacity (Neher 1998).
# Both buffers bind Ca²⁺ with K_D ~0.1-0.2 µM, so 2 mM of either all but abolishes it: EGTA blocks asynchronous
# release (Atluri & Regehr 1998; Otsu et al. 2004).
K_D_BUFFER_UM = {"EGTA": 0.15, "BAPTA": 0.2}
KAPPA_ENDOGENOUS = 50.0  # a presynaptic terminal's own buffer capacity (Koester & Sakmann 2000: ~20-140)


@dataclass(frozen=True)
class MachineryParams:
    """What the experiments change in the fusion machinery (see the module docstring); the defaults are a healthy
    cell."""

    snap25_intact: float = 1.0
    vamp2_intact: float = 1.0
    syntaxin_intact: float = 1.0
    syt1: bool = True
    munc13: bool = True
    complexin: bool = True
    atp: float = 1.0
    buffer: Buffer = "none"
    buffer_mm: float = 0.0

    def problem(self) -> str | None:
        """A one-line message if a value is out of range, else None."""
        for name in ("snap25_intact", "vamp2_intact", "syntaxin_intact", "atp"):
            x = getattr(self, name)
            if not 0.0 <= x <= 1.0:
                return f"{name} must be within 0 … 1, not {x}"
        if self.buffer not in ("none", "EGTA", "BAPTA"):
            return f"buffer must be none, EGTA or BAPTA, not {self.buffer!r}"
        if not 0.0 <= self.buffer_mm <= 100.0:
            return f"buffer_mm must be within 0 … 100, not {self.buffer_mm}"
        return None

    @property
    def snares_intact(self) -> float:
        """0..1: the share of intact partners for one complex (the three SNAREs' shares multiplied)."""
        return self.snap25_intact * self.vamp2_intact * self.syntaxin_intact

    def length_constant_nm(self) -> float:
        """How far Ca²⁺ gets from a channel through the buffer before capture, nm (inf: no buffer)."""
        if self.buffer == "none" or self.buffer_mm <= 0.0:
            return math.inf
        rate = K_ON_PER_M_S[self.buffer] * self.buffer_mm * 1.0e-3  # /s
        return math.sqrt(D_CA_UM2_S / rate) * 1.0e3

    def residual_share(self) -> float:
        """0..1: the share of the residual (bulk) Ca²⁺ rise left free by the loaded buffer."""
        if self.buffer == "none" or self.buffer_mm <= 0.0:
            return 1.0
        return 1.0 / (1.0 + self.buffer_mm * 1.0e3 / K_D_BUFFER_UM[self.buffer] / KAPPA_ENDOGENOUS)

    def ca_reach(self, coupling_nm: float) -> float:
        """0..1: the share of a channel's Ca²⁺ rise that reaches a sensor coupling_nm away through the buffer."""
        lam = self.length_constant_nm()
        return 1.0 if math.isinf(lam) else math.exp(-coupling_nm / lam)


@dataclass(frozen=True)
class SiteNumbers:
    """What differs between granule sites and synaptic release sites (simulated seconds, nm, µM)."""

    peak_local_um: float  # [Ca²⁺] at the sensor at the peak of a stimulus with no buffer
    coupling_nm: float  # channel-to-sensor distance (what a buffer acts over)
    tether_s: float  # tethered before docking (illustrative)
    dock_s: float  # docked before priming with full ATP and Munc13 (illustrative, sped up)
    nsf_s: float  # mean time NSF takes to disassemble a cis-complex (illustrative)
    spont_per_s: float  # spontaneous fusion of a clamped primed vesicle
    residual_um: float  # bulk Ca²⁺ left after one stimulus in a normal medium, µM above rest (syt7 senses it)
    residual_s: float  # its decay time constant
    syt7_p: float  # chance a primed vesicle fuses through synaptotagmin-7 alone on one stimulus (calibrates γ₇)
    sync_s: float  # a fusion this soon after the stimulus is synchronous
    async_s: float  # ... later, until this, asynchronous (after it: spontaneous)


# granules: local Ca²⁺ ~10 µM near the L-type channels (illustrative), loosely coupled (illustrative: 50 nm);
# real docking to priming takes minutes; shown in seconds
# the bulk Ca²⁺ of a granule cell is its ~1 s transient to ~1 µM (exoviz.sim.secretion); chromaffin cells' fast burst
# (synaptotagmin-1) comes within ~30 ms of a Ca²⁺ step, the slow one (synaptotagmin-7) over ~0.3-1 s (Voets et al.
# 2001; Schonn et al. 2008): the windows are illustrative
GRANULE = SiteNumbers(peak_local_um=10.0, coupling_nm=50.0, tether_s=0.5, dock_s=1.5, nsf_s=1.0, spont_per_s=1.0e-4,
                      residual_um=0.9, residual_s=1.0, syt7_p=0.1, sync_s=0.3, async_s=5.0)
# synapse: nanodomain of tens of µM within ~20 nm of the channels (Adler et al. 1991; Eggermann et al. 2012)
# residual Ca²⁺ after a spike: a few hundred nM, decaying over tens of ms (Regehr 2012; Jackman et al. 2016);
# asynchronous release after a spike lasts tens to hundreds of ms (Bacaj et al. 2013); synchronous: within ~5 ms
SYNAPSE = SiteNumbers(peak_local_um=25.0, coupling_nm=20.0, tether_s=0.001, dock_s=0.004, nsf_s=0.2, spont_per_s=0.01,
                      residual_um=0.5, residual_s=0.04, syt7_p=0.1, sync_s=0.005, async_s=0.5)
