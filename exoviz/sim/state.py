"""Struct-of-arrays state: every vesicle-like body and every released cargo dot, in fixed slots.

Each array field is declared in its class as ``name: Annotated[NDArray[dtype], Col(dtype, shape, fill, unit)]``:
the annotation is what type checkers and go-to-definition see, and the Col is what _alloc makes (an array of
shape (capacity, *shape) filled with fill). tests/test_state.py checks that the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_type_hints

import numpy as np
import numpy.typing as npt

from exoviz.sim.stages import Stage

FREE = int(Stage.FREE)

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
I16 = npt.NDArray[np.int16]
I8 = npt.NDArray[np.int8]
Bool = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Col:
    """One array field: its dtype, its shape per row, the value of a fresh row and its unit."""

    dtype: type[np.generic]
    shape: tuple[int, ...] = ()
    fill: float = 0
    unit: str = ""


_COLUMNS: dict[type, dict[str, Col]] = {}


def columns(cls: type) -> dict[str, Col]:
    """The array fields a class declares (name -> Col), in declaration order (read once per class)."""
    if cls not in _COLUMNS:
        hints = get_type_hints(cls, include_extras=True)
        _COLUMNS[cls] = {name: meta for name, hint in hints.items()
                         for meta in get_args(hint)[1:] if isinstance(meta, Col)}
    return _COLUMNS[cls]


class Columns:
    """Fixed-capacity parallel arrays, one per declared Col field; grown (never shrunk) by _alloc."""

    capacity: int

    def _alloc(self, cap: int) -> None:
        old = self.capacity
        for name, col in columns(type(self)).items():
            arr: np.ndarray[Any, Any] = np.full((cap, *col.shape), col.fill, dtype=col.dtype)
            if old:
                arr[:old] = getattr(self, name)
            setattr(self, name, arr)
        self.capacity = cap


class Vesicles(Columns):
    """All membrane-bound bodies (vesicles, endosomes/MVBs, ILVs, lysosomes) as parallel arrays.

    Rows are slots: a row is in use while stage != FREE. Slots never move, so an index (for example
    an ILV's parent) stays valid for the row's whole life; freed slots are reused lowest first.
    Every field is an array of shape (capacity, *shape) with one meaning, declared below with its unit.
    """

    uid: Annotated[I64, Col(np.int64)]  # unique id for following one body through its life
    kind: Annotated[I8, Col(np.int8)]  # Kind code
    stage: Annotated[I8, Col(np.int8)]  # Stage code; FREE = unused slot
    pos: Annotated[F64, Col(np.float64, (2,), unit="nm")]  # centre (x right, y down; extracellular is up)
    prev: Annotated[F64, Col(np.float64, (2,), unit="nm")]  # centre one step ago (render interpolation)
    vel: Annotated[F64, Col(np.float64, (2,), unit="nm/s")]  # motors; exosomes' Brownian memory; 0 if docked
    radius: Annotated[F64, Col(np.float64, unit="nm")]  # current radius (grows while budding)
    r_full: Annotated[F64, Col(np.float64, unit="nm")]  # radius when complete
    t_stage: Annotated[F64, Col(np.float64, unit="s")]  # time spent in the current stage, simulated
    dur: Annotated[F64, Col(np.float64, unit="s")]  # planned duration of the current stage, simulated
    born: Annotated[F64, Col(np.float64, unit="s")]  # simulated time of creation
    cargo: Annotated[I32, Col(np.int32, unit="dots")]  # cargo dots inside (each dot stands for many molecules)
    small: Annotated[I32, Col(np.int32, unit="dots")]  # of those, small-molecule dots (the rest protein), <= cargo
    cargo0: Annotated[I32, Col(np.int32, unit="dots")]  # cargo inside when its release began (drains out evenly)
    proteins: Annotated[I16, Col(np.int16)]  # integral proteins on the luminal face (count)
    pore: Annotated[F64, Col(np.float64, unit="nm")]  # fusion-pore radius (0 = closed)
    collapse: Annotated[F64, Col(np.float64, unit="0..1")]  # flattening into the plasma membrane after fusion
    digested: Annotated[F64, Col(np.float64, unit="0..1")]  # share of an MVB's contents digested in its lysosome
    site: Annotated[I32, Col(np.int32, fill=-1)]  # docking-site index (kiss-and-run active zone), or -1
    target: Annotated[I32, Col(np.int32, fill=-1)]  # slot of the body this one heads for and fuses with
    # (lysosome; an endocytic vesicle's early endosome), or -1
    parent: Annotated[I32, Col(np.int32, fill=-1)]  # slot of the enclosing body (ILV in its MVB), or -1
    rel: Annotated[F64, Col(np.float64, (2,), unit="nm")]  # offset from the parent's centre (ILVs)
    anchor: Annotated[F64, Col(np.float64, (2,), unit="nm")]  # tether: a bud's neck on the Golgi, a vesicle's home
    fate: Annotated[I8, Col(np.int8)]  # a synaptic vesicle's release, set as its pore opens: 0 = kiss, 1 = full
    route: Annotated[I8, Col(np.int8)]  # an endocytic vesicle's way, set as it pinches off: 0 = early endosome,
    # 1 = straight back to the surface
    ilvs: Annotated[I32, Col(np.int32)]  # ILVs budded into an endosome's lumen so far (count)
    releases: Annotated[I32, Col(np.int32)]  # fusion pores a synaptic vesicle has opened so far (count)
    # the fusion machinery at a regulated release site (exoviz.sim.machinery)
    machine: Annotated[I8, Col(np.int8)]  # Machine code (machinery_view.Machine): NONE, TETHERED ... FUSED
    complexes: Annotated[I8, Col(np.int8)]  # trans-SNARE complexes formed at priming (count)
    m_t: Annotated[F64, Col(np.float64, unit="s")]  # time in the current machine state, simulated
    syt_ca: Annotated[F64, Col(np.float64, unit="0..1")]  # synaptotagmin's Ca²⁺ sites filled (share of 5)
    zipper: Annotated[F64, Col(np.float64, unit="0..1")]  # how far the trans-SNARE complexes have zippered
    flicks: Annotated[I16, Col(np.int16)]  # closures its flickering pore still makes (sim.pore), set as it opens
    flick_t: Annotated[F64, Col(np.float64, unit="s")]  # on the stage clock: the pore's next closing or opening;
    # after its last opening, the earliest it may dilate or reseal (sim.pore)
    narrow: Annotated[F64, Col(np.float64, unit="s")]  # how long its narrow pore stays narrow, drawn as it opens
    # (a float time, finer than a step: the amperometric foot; sim.pore); 0: the cell's fixed narrow_pore_s

    def __init__(self, capacity: int = 64) -> None:
        self.capacity = 0
        self.next_uid = 1
        self._alloc(max(8, capacity))

    # -- slots -------------------------------------------------------------------------------
    @property
    def alive(self) -> np.ndarray:
        """(capacity,) bool: slots in use."""
        return self.stage != FREE

    def spawn(self, k: int, kind: int, stage: int, t: float) -> np.ndarray:
        """Claim k free slots (growing the arrays if needed), mark them and return their indices."""
        if k <= 0:
            return np.empty(0, dtype=np.intp)
        free = (self.stage == Stage.FREE).nonzero()[0]
        if free.size < k:
            self._alloc(max(self.capacity * 2, self.capacity + k - free.size + 8))
            free = (self.stage == Stage.FREE).nonzero()[0]
        idx = free[:k]
        self.uid[idx] = np.arange(self.next_uid, self.next_uid + k)
        self.next_uid += k
        self.kind[idx] = kind
        self.stage[idx] = stage
        self.born[idx] = t
        self.t_stage[idx] = 0.0
        for name in ("vel", "rel", "anchor"):
            getattr(self, name)[idx] = 0.0
        for name in ("pore", "collapse", "digested", "dur", "cargo", "small", "cargo0", "proteins", "fate", "route",
                     "ilvs", "releases", "machine", "complexes", "m_t", "syt_ca", "zipper", "narrow"):
            getattr(self, name)[idx] = 0
        for name in ("site", "target", "parent"):
            getattr(self, name)[idx] = -1
        return idx

    def set_stage(self, idx: np.ndarray, stage: int) -> None:
        """Move rows idx into a new stage and restart their stage clock."""
        self.stage[idx] = stage
        self.t_stage[idx] = 0.0

    def retire(self, idx: np.ndarray) -> None:
        """Free rows idx (their slots may be reused from the next spawn on)."""
        self.stage[idx] = Stage.FREE
        for name in ("site", "target", "parent"):
            getattr(self, name)[idx] = -1
        self.cargo[idx] = 0
        self.small[idx] = 0

    def where(self, stage: int) -> np.ndarray:
        """Indices of rows in one stage."""
        return (self.stage == int(stage)).nonzero()[0]  # a plain int: NumPy need not probe the enum

    def oldest(self, stages: tuple[int, ...]) -> int:
        """Slot of the oldest body (lowest uid) in the first of stages that has any; -1 if none."""
        for stage in stages:  # a few stage codes
            idx = self.where(stage)
            if idx.size:
                return int(idx[np.argmin(self.uid[idx])])
        return -1

    def index_of_uid(self, uid: int) -> int:
        """Slot of the live body with this uid, or -1 once it has left the scene."""
        hit = ((self.uid == uid) & self.alive).nonzero()[0]
        return int(hit[0]) if hit.size else -1


SMALL, PROTEIN = 0, 1  # Particles.kind: what a cargo dot stands for


class Particles(Columns):
    """Released cargo dots (secreted protein, small molecules such as neurotransmitter), kept packed.

    The n live dots are rows 0..n-1 (alive marks them), so per-step rules work on slices, not gathers of the
    whole arrays. A removed dot's row is taken over by one of the last rows; new dots go to the end. Rows are
    not identities: nothing refers to a dot by its row across steps.
    """

    alive: Annotated[Bool, Col(np.bool_)]  # rows 0..n-1
    pos: Annotated[F64, Col(np.float64, (2,), unit="nm")]
    prev: Annotated[F64, Col(np.float64, (2,), unit="nm")]  # one step ago
    age: Annotated[F64, Col(np.float64, unit="s")]  # since release
    flag: Annotated[I8, Col(np.int8)]  # receptor binding (synapse_cleft FREE / BOUND / UNBOUND); 0 elsewhere
    kind: Annotated[I8, Col(np.int8)]  # SMALL or PROTEIN: what the dot stands for

    def __init__(self, capacity: int = 256) -> None:
        self.capacity = 0
        self.n = 0
        self._alloc(max(16, capacity))

    @property
    def count(self) -> int:
        return self.n

    def emit(self, at: np.ndarray, kind: np.ndarray | int = SMALL) -> np.ndarray:
        """Create one dot at each row of at ((k, 2) nm), of the given kind(s), after the live ones; their rows."""
        k = len(at)
        if k == 0:
            return np.empty(0, dtype=np.intp)
        if self.n + k > self.capacity:
            self._alloc(max(self.capacity * 2, self.n + k + 16))
        idx = np.arange(self.n, self.n + k)
        self.alive[idx] = True
        self.pos[idx] = at
        self.prev[idx] = at
        self.age[idx] = 0.0
        self.flag[idx] = 0
        self.kind[idx] = kind
        self.n += k
        return idx

    def remove(self, idx: np.ndarray) -> None:
        """Remove the live dots in rows idx: the last rows that stay fill their places."""
        idx = np.unique(idx)
        k = idx.size
        if k == 0:
            return
        end = self.n - k
        stays = np.ones(k, dtype=bool)
        stays[idx[idx >= end] - end] = False  # (idx sorted and unique: no np.isin, ~30 µs for a dozen rows)
        fill = np.flatnonzero(stays) + end  # the last rows that stay ...
        holes = idx[idx < end]  # ... move into the removed rows before them
        for name in ("pos", "prev", "age", "flag", "kind"):
            arr = getattr(self, name)
            arr[holes] = arr[fill]
        self.alive[end:self.n] = False
        self.n = end
