"""Struct-of-arrays state: every vesicle-like body and every released cargo dot, in fixed slots."""

from __future__ import annotations

import numpy as np

from exoviz.sim.stages import Stage

FREE = int(Stage.FREE)


class Vesicles:
    """All membrane-bound bodies (vesicles, endosomes/MVBs, ILVs, lysosomes) as parallel arrays.

    Rows are slots: a row is in use while stage != FREE. Slots never move, so an index (for example
    an ILV's parent) stays valid for the row's whole life; freed slots are reused lowest first.
    Every field is an array of shape (capacity, *shape) with one meaning, listed with its unit in _alloc.
    """

    def __init__(self, capacity: int = 64) -> None:
        self.capacity = 0
        self.next_uid = 1
        self._alloc(max(8, capacity))

    def _alloc(self, cap: int) -> None:
        old = self.capacity
        spec: dict[str, tuple[tuple[int, ...], type, float]] = {  # name: (shape per row, dtype, fill)
            "uid": ((), np.int64, 0),  # unique id for following one body through its life
            "kind": ((), np.int8, 0),  # Kind code
            "stage": ((), np.int8, 0),  # Stage code; FREE = unused slot
            "pos": ((2,), np.float64, 0.0),  # centre, nm (x right, y down; extracellular is up)
            "prev": ((2,), np.float64, 0.0),  # centre one step ago, nm (render interpolation)
            "vel": ((2,), np.float64, 0.0),  # velocity, nm/s (motors; exosomes' Brownian memory); 0 if docked
            "radius": ((), np.float64, 0.0),  # current radius, nm (grows while budding)
            "r_full": ((), np.float64, 0.0),  # radius when complete, nm
            "t_stage": ((), np.float64, 0.0),  # time spent in the current stage, simulated s
            "dur": ((), np.float64, 0.0),  # planned duration of the current stage, simulated s
            "born": ((), np.float64, 0.0),  # simulated time of creation, s
            "cargo": ((), np.int32, 0),  # cargo dots inside (each dot stands for many molecules)
            "small": ((), np.int32, 0),  # of those, small-molecule dots (the rest are protein), <= cargo
            "cargo0": ((), np.int32, 0),  # cargo dots inside when its release began (they drain out evenly)
            "proteins": ((), np.int16, 0),  # integral proteins on the luminal face (count)
            "pore": ((), np.float64, 0.0),  # fusion-pore radius, nm (0 = closed)
            "collapse": ((), np.float64, 0.0),  # flattening into the plasma membrane after fusion, 0..1
            "digested": ((), np.float64, 0.0),  # share of an MVB's contents digested in its lysosome, 0..1
            "site": ((), np.int32, -1),  # docking-site index (kiss-and-run active zone), or -1
            "target": ((), np.int32, -1),  # slot of the body this one heads for and fuses with (lysosome; an
            # endocytic vesicle's early endosome), or -1
            "parent": ((), np.int32, -1),  # slot of the enclosing body (ILV in its MVB), or -1
            "rel": ((2,), np.float64, 0.0),  # offset from the parent's centre, nm (ILVs)
            "anchor": ((2,), np.float64, 0.0),  # tether point, nm: a bud's neck on the Golgi, a vesicle's home
            "fate": ((), np.int8, 0),  # a synaptic vesicle's release, set as its pore opens: 0 = kiss, 1 = full
            "route": ((), np.int8, 0),  # an endocytic vesicle's way, set as it pinches off: 0 = early endosome,
            # 1 = straight back to the surface
            "ilvs": ((), np.int32, 0),  # ILVs budded into an endosome's lumen so far (count)
            "releases": ((), np.int32, 0),  # fusion pores a synaptic vesicle has opened so far (count)
        }
        for name, (shape, dtype, fill) in spec.items():
            arr = np.full((cap, *shape), fill, dtype=dtype)
            if old:
                arr[:old] = getattr(self, name)
            setattr(self, name, arr)
        self.capacity = cap

    # -- slots -------------------------------------------------------------------------------
    @property
    def alive(self) -> np.ndarray:
        """(capacity,) bool: slots in use."""
        return self.stage != FREE

    def spawn(self, k: int, kind: int, stage: int, t: float) -> np.ndarray:
        """Claim k free slots (growing the arrays if needed), mark them and return their indices."""
        if k <= 0:
            return np.empty(0, dtype=np.intp)
        free = np.flatnonzero(self.stage == Stage.FREE)
        if free.size < k:
            self._alloc(max(self.capacity * 2, self.capacity + k - free.size + 8))
            free = np.flatnonzero(self.stage == Stage.FREE)
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
                     "ilvs", "releases"):
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
        return np.flatnonzero(self.stage == int(stage))  # a plain int: NumPy need not probe the enum

    def oldest(self, stages: tuple[int, ...]) -> int:
        """Slot of the oldest body (lowest uid) in the first of stages that has any; -1 if none."""
        for stage in stages:  # a few stage codes
            idx = self.where(stage)
            if idx.size:
                return int(idx[np.argmin(self.uid[idx])])
        return -1

    def index_of_uid(self, uid: int) -> int:
        """Slot of the live body with this uid, or -1 once it has left the scene."""
        hit = np.flatnonzero((self.uid == uid) & self.alive)
        return int(hit[0]) if hit.size else -1


SMALL, PROTEIN = 0, 1  # Particles.kind: what a cargo dot stands for


class Particles:
    """Released cargo dots (secreted protein, small molecules such as neurotransmitter), kept packed.

    The n live dots are rows 0..n-1 (alive marks them), so per-step rules work on slices, not gathers of the
    whole arrays. A removed dot's row is taken over by one of the last rows; new dots go to the end. Rows are
    not identities: nothing refers to a dot by its row across steps.
    """

    def __init__(self, capacity: int = 256) -> None:
        self.capacity = 0
        self.n = 0
        self._alloc(max(16, capacity))

    def _alloc(self, cap: int) -> None:
        old = self.capacity
        spec: dict[str, tuple[tuple[int, ...], type, float]] = {
            "alive": ((), np.bool_, False),  # rows 0..n-1
            "pos": ((2,), np.float64, 0.0),  # nm
            "prev": ((2,), np.float64, 0.0),  # nm, one step ago
            "age": ((), np.float64, 0.0),  # s since release
            "flag": ((), np.int8, 0),  # receptor binding (synapse_cleft FREE / BOUND / UNBOUND); 0 elsewhere
            "kind": ((), np.int8, 0),  # SMALL or PROTEIN: what the dot stands for
        }
        for name, (shape, dtype, fill) in spec.items():
            arr = np.full((cap, *shape), fill, dtype=dtype)
            if old:
                arr[:old] = getattr(self, name)
            setattr(self, name, arr)
        self.capacity = cap

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
        tail = np.arange(end, self.n)
        fill = tail[~np.isin(tail, idx, assume_unique=True)]  # the last rows that stay ...
        holes = idx[idx < end]  # ... move into the removed rows before them
        for name in ("pos", "prev", "age", "flag", "kind"):
            arr = getattr(self, name)
            arr[holes] = arr[fill]
        self.alive[end:self.n] = False
        self.n = end
