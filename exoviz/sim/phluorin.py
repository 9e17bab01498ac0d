"""pHluorin as a TIRF microscope sees it: each tagged vesicle's lumen pH state, the fluorescence profile along the
plasma membrane within the evanescent field, its kymograph (x × time), and the ΔF/F0 trace of a marked region.

Honest to the 2-D cross-section: the drawn plasma membrane stands for the footprint on the coverslip, and the field
decays into the cell from it. Figures (cited in README "TIRF"):
- pHluorin is ~20× brighter at pH 7.4 than at a vesicle's ~5.5 (pK ~7.1: Miesenböck et al. 1998, Nature 394:192;
  Sankaranarayanan et al. 2000, Biophys J 79:2199).
- the evanescent field decays with a length of ~100 nm (Axelrod 2001, Traffic 2:764).
- a vesicle re-acidifies after its pore closes with τ ~4-5 s (Atluri & Ryan 2006, J Neurosci 26:2313): 4.5 s here.
- a tagged membrane protein spreads in the plasma membrane with D ~0.1-0.5 µm²/s: 0.25 µm²/s here, and is
  taken back in by endocytosis (then re-acidified: dark) with τ ~15 s (Granseth et al. 2006, Neuron 51:773).
The probe per mode: VAMP2-pHluorin on granules (full fusion), VAMP2-pHluorin (synapto-pHluorin) on synaptic
vesicles (kiss-and-run), CD63-pHluorin on MVBs and their ILVs (exosome). No pygame; vectorized, no n×n arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from exoviz.sim.stages import Kind, Stage

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

RATIO = 20.0  # F(pH 7.4) / F(pH 5.5)
DARK = 1.0 / RATIO  # brightness of a tag in an acidic lumen, share of its brightness at pH 7.4
FIELD_NM = 100.0  # evanescent decay length
TAU_S = 4.5  # re-acidification time constant after the pore closes
D_NM2_S = 0.25e6  # lateral diffusion of the tagged protein, nm²/s (0.25 µm²/s)
RETRIEVE_S = 15.0  # tag in the plasma membrane is endocytosed (and goes dark) with this time constant
PSF_NM = 100.0  # sigma of the microscope's lateral blur (~250 nm FWHM)
BACKGROUND = 0.02  # camera background per bin, in tag units (keeps F0 > 0 where nothing is docked)
BINS = 160  # bins along the membrane
HISTORY = 480  # kymograph rows kept
REF_NM = 40.0  # a vesicle of this radius carries 1 tag unit (copies scale with membrane area)
PROBES = {"full-fusion": "VAMP2-pHluorin", "kiss-and-run": "VAMP2-pHluorin (synapto-pHluorin)",
          "exosome": "CD63-pHluorin"}
TAGGED = {"full-fusion": (Kind.SECRETORY,), "kiss-and-run": (Kind.SYNAPTIC,), "exosome": (Kind.ENDOSOME, Kind.ILV)}
F64 = NDArray[np.float64]


@dataclass(frozen=True)
class TirfView:
    """The TIRF picture for the screen and the stats: the kymograph, the region's trace, the flashes.

    x_um: (BINS,) bin centres along the membrane. t_s: (k,) simulated times of the kymograph rows.
    kymo: (k, BINS) fluorescence per bin (tag units). region: (x0, x1) µm or None. dff: (k,) ΔF/F0 of the region.
    events: (m, 2) each flash's (t_s, x_um), at its pore's opening.
    """

    probe: str = ""
    x_um: F64 = field(default_factory=lambda: np.zeros(0))
    t_s: F64 = field(default_factory=lambda: np.zeros(0))
    kymo: F64 = field(default_factory=lambda: np.zeros((0, 0)))
    region: tuple[float, float] | None = None
    dff: F64 = field(default_factory=lambda: np.zeros(0))
    events: F64 = field(default_factory=lambda: np.zeros((0, 2)))
    peak_dff: float = 0.0


class Phluorin:
    """Per-row lumen state of the tagged bodies, the patches of tag spread in the plasma membrane, the history."""

    def __init__(self) -> None:
        self.on = False
        self.every = 1  # steps per kymograph row
        self.region: tuple[float, float] | None = None  # µm
        self._size(0)
        self.patch = np.zeros((0, 3))  # (x nm, t0 s, tag units) of tag merged into the plasma membrane
        self.rows: list[F64] = []
        self.times: list[float] = []
        self.events: list[tuple[float, float]] = []
        self._count = 0
        self._steps = 0  # steps recorded since start()

    def _size(self, n: int) -> None:
        """Per-row arrays for n vesicle rows (grown with the vesicle arrays; rows keep their values)."""
        def grown(old: NDArray[Any] | None, fill: float, dtype: type) -> NDArray[Any]:
            arr: NDArray[Any] = np.full(n, fill, dtype=dtype)
            if old is not None:
                arr[:old.size] = old
            return arr

        first = not hasattr(self, "seen")
        self.seen: NDArray[np.int64] = grown(None if first else self.seen, 0, np.int64)  # uid tracked (0: none)
        self.neutral: F64 = grown(None if first else self.neutral, 0.0, np.float64)  # 1: lumen at pH 7.4, 0: ~5.5
        self.opened: F64 = grown(None if first else self.opened, np.nan, np.float64)  # its pore first opened, s
        self.merged: F64 = grown(None if first else self.merged, np.nan, np.float64)  # began to merge, s
        self.last_x: F64 = grown(None if first else self.last_x, 0.0, np.float64)  # x, nm (for its patch)
        self.amount: F64 = grown(None if first else self.amount, 0.0, np.float64)  # tag units it carries

    def start(self, world: World) -> None:
        """Begin recording (from the current step on): a row every `every` steps, HISTORY rows kept."""
        self.on = True
        self.every = 3  # 20 rows per playback second

    def step(self, world: World) -> None:
        """Update each tagged row's lumen state after world.step(), then record a kymograph row."""
        v = world.ves
        if self.seen.size < v.capacity:
            self._size(v.capacity)
        n = v.capacity
        tagged = v.alive & np.isin(v.kind, TAGGED.get(world.params.mode, ()))
        uid = np.where(tagged, v.uid, 0)
        gone = (self.seen[:n] != 0) & (self.seen[:n] != uid)
        spread = gone & np.isfinite(self.merged[:n])  # merged into the membrane, then retired: a patch goes on
        if spread.any():
            add = np.column_stack((self.last_x[:n][spread], self.merged[:n][spread], self.amount[:n][spread]))
            self.patch = np.concatenate((self.patch, add))
        new = tagged & (self.seen[:n] != uid)
        self.seen[:n] = uid
        self.neutral[:n][new] = 0.0
        self.opened[:n][new] = np.nan
        self.merged[:n][new] = np.nan
        self._lumen(world, tagged)
        self._steps += 1
        if self._steps % self.every == 0:
            self.rows.append(self.profile(world))
            self.times.append(world.t)
            if len(self.rows) > HISTORY:
                del self.rows[0], self.times[0]
        age = world.t - self.patch[:, 1]
        self.patch = self.patch[age < 7.0 * RETRIEVE_S]  # taken back in: < 0.1 % left

    def _lumen(self, world: World, tagged: NDArray[np.bool_]) -> None:
        """A lumen open to the outside is at pH 7.4 at once (protons leave through the pore in ms); closed, it
        re-acidifies with TAU_S. An ILV's tag faces its MVB's lumen; a released exosome is outside."""
        v, t = world.ves, world.t
        n = v.capacity
        par = np.where(v.parent >= 0, v.parent, 0)
        open_now = tagged & ((v.pore > 0) | (v.stage == Stage.EXOSOME)
                             | ((v.kind == Kind.ILV) & (v.parent >= 0) & (v.pore[par] > 0)))
        first = open_now & ~np.isfinite(self.opened[:n]) & (v.stage != Stage.EXOSOME)
        first &= v.kind != Kind.ILV  # one flash per fusion: the MVB's
        if first.any():
            rows = np.flatnonzero(first)
            self._count += rows.size
            self.events.extend(zip((t,) * rows.size, (v.pos[rows, 0] / 1000.0).tolist(), strict=True))
            del self.events[:-200]
        self.opened[:n][open_now & ~np.isfinite(self.opened[:n])] = t
        decay = np.exp(-world.dt / TAU_S)
        self.neutral[:n] = np.where(open_now, 1.0, self.neutral[:n] * decay)
        merging = tagged & (v.collapse > 0) & np.isfinite(self.opened[:n]) & ~np.isfinite(self.merged[:n])
        self.merged[:n][merging] = t
        self.last_x[:n] = np.where(tagged, v.pos[:, 0], self.last_x[:n])
        self.amount[:n] = np.where(tagged, (v.r_full / REF_NM) ** 2, self.amount[:n])

    def bodies(self, world: World) -> tuple[NDArray[np.int64], F64, F64, F64]:
        """(rows, x nm, sigma nm, brightness in tag units) of every tagged body now, in the field or not."""
        v = world.ves
        rows = np.flatnonzero(self.seen[:v.capacity] != 0)
        merged = np.isfinite(self.merged[rows])
        r = np.maximum(v.radius[rows], 1.0)
        z0 = np.maximum(np.abs(v.pos[rows, 1] - world.scene.membrane_y) - r, 0.0)
        # tags on a sphere are spread evenly in depth (Archimedes): the field's mean over the diameter
        w = FIELD_NM / (2 * r) * np.exp(-z0 / FIELD_NM) * (1.0 - np.exp(-2 * r / FIELD_NM))
        w = np.where(merged, 1.0, w)
        age = np.where(merged, world.t - np.nan_to_num(self.merged[rows]), 0.0)
        bright = self.amount[rows] * (DARK + (1.0 - DARK) * self.neutral[rows]) * w * np.exp(-age / RETRIEVE_S)
        sig = np.sqrt(PSF_NM ** 2 + 0.5 * r ** 2 + 2 * D_NM2_S * age)
        return rows, v.pos[rows, 0].copy(), sig, bright

    def sources(self, world: World) -> tuple[F64, F64, F64]:
        """(x nm, sigma nm, brightness in tag units) of every fluorescent source now: tagged bodies in the field,
        then the patches of tag spreading in the plasma membrane."""
        _rows, x, sig, bright = self.bodies(world)
        keep = bright > 1e-4
        p = self.patch
        psig = np.sqrt(PSF_NM ** 2 + 0.5 * (REF_NM * np.sqrt(p[:, 2])) ** 2 + 2 * D_NM2_S * (world.t - p[:, 1]))
        pb = p[:, 2] * np.exp(-(world.t - p[:, 1]) / RETRIEVE_S)
        return (np.concatenate((x[keep], p[:, 0])), np.concatenate((sig[keep], psig)),
                np.concatenate((bright[keep], pb)))

    def profile(self, world: World) -> F64:
        """(BINS,) fluorescence per bin along the membrane now (tag units), blurred by the microscope."""
        x, sig, b = self.sources(world)
        edges = np.linspace(0.0, world.scene.width, BINS + 1)
        if x.size == 0:
            return np.full(BINS, BACKGROUND)
        z = (edges[None, :] - x[:, None]) / (np.sqrt(2.0) * sig[:, None])  # (sources, BINS+1): bins integrate
        cdf = 0.5 * (1.0 + _erf(z))
        return BACKGROUND + (b[:, None] * np.diff(cdf, axis=1)).sum(axis=0)

    def view(self, world: World) -> TirfView:
        """The kymograph, the region's ΔF/F0 and the flashes, for the screen and the stats."""
        width_um = world.scene.width / 1000.0
        x_um = (np.arange(BINS) + 0.5) * width_um / BINS
        kymo = np.array(self.rows) if self.rows else np.zeros((0, BINS))
        t = np.array(self.times)
        dff = region_dff(kymo, x_um, self.region)
        ev = np.array(self.events, dtype=np.float64).reshape(-1, 2)
        return TirfView(PROBES.get(world.params.mode, ""), x_um, t, kymo, self.region, dff, ev,
                        float(dff.max()) if dff.size else 0.0)

    def stats(self, world: World) -> dict:
        tv = self.view(world)
        return {"probe": tv.probe, "region_um": list(tv.region) if tv.region else None,
                "peak_dff": round(tv.peak_dff, 4), "flashes": self._count,
                "events": [{"t_s": round(a, 6), "x_um": round(b, 4)} for a, b in tv.events.tolist()],
                "field_nm": FIELD_NM, "ratio_ph74_ph55": RATIO, "reacidification_tau_s": TAU_S,
                "diffusion_um2_s": D_NM2_S / 1e6, "retrieval_tau_s": RETRIEVE_S}


def region_dff(kymo: F64, x_um: F64, region: tuple[float, float] | None) -> F64:
    """ΔF/F0 of the bins inside region (x0, x1 µm) per kymograph row; F0 = the region's first row (no region: [])."""
    if region is None or kymo.shape[0] == 0:
        return np.zeros(0)
    inside = (x_um >= min(region)) & (x_um <= max(region))
    if not inside.any():
        inside = np.abs(x_um - 0.5 * sum(region)) == np.abs(x_um - 0.5 * sum(region)).min()
    f = kymo[:, inside].sum(axis=1)
    f0 = float(f[: max(1, min(10, f.size))].min())
    return f / f0 - 1.0


def _erf(z: F64) -> F64:
    """erf, vectorized (Abramowitz & Stegun 7.1.26, error < 1.5e-7)."""
    s = np.sign(z)
    a = np.abs(z)
    k = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * k - 1.453152027) * k) + 1.421413741) * k - 0.284496736) * k + 0.254829592) * k \
        * np.exp(-a * a)
    return s * y
