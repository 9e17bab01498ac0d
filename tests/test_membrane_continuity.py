"""The plasma membrane stays one unbroken bilayer through every fusion, with its proteins on it; an MVB and its
lysosome become one closed outline; ILVs leave a fusing MVB one by one along continuous paths; proteins do not
jump when a body is absorbed; the drawn leaflets are unbroken."""

import copy
from collections import deque
from types import SimpleNamespace

import membrane_trace as mt
import numpy as np
import pygame
import pytest

from exoviz.camera import Camera
from exoviz.params import Params
from exoviz.render.layout import compute_layout
from exoviz.render.renderer import Renderer
from exoviz.render.theme import DARK
from exoviz.sim import membrane_shape as ms
from exoviz.sim.exosome_const import EXO_D_NM2_S, EXO_KICK_NM_S, EXO_TAU_S
from exoviz.sim.exosome_exit import EXIT_SPEED_NM_S
from exoviz.sim.full_fusion import COLLAPSE_S
from exoviz.sim.membrane_merge import merge_geometry, merging
from exoviz.sim.scene import HALF_BILAYER_NM
from exoviz.sim.stages import Stage
from exoviz.sim.surface import push_out
from exoviz.sim.world import World
from exoviz.viewstate import HudState, Layers

SIZE = (1280, 720)
PATHS_PER_LIFE = 8  # outlines traced per featured life (evenly over its fused steps, plus every stage change and
# the first step where caps meet); a trace costs ~0.2 s
LIVES = {  # mode -> (stage to pick the featured body in, stages its life must pass through, params)
    # seed 7 at 1 stimulus/s: few transient fusions (sim.pore), and neighbours fuse beside the featured vesicle
    # (seed 4 until synaptotagmin-7 changed the stream, then 5; with the microtubule tracks and cortex
    # (exoviz.sim.tracks) granules dock elsewhere and seeds 5, 6 and 8 merged no cluster beside it)
    "full-fusion": (Stage.DOCKED, {Stage.PORE, Stage.RELEASE, Stage.COLLAPSE}, {"seed": 7, "stimulus_rate": 1.0}),
    "kiss-and-run": (Stage.DOCKED, {Stage.PORE, Stage.KISS_RELEASE, Stage.PORE_CLOSED, Stage.RETREAT},
                     {"seed": 2, "full_fusion_fraction": 0.0, "firing_rate": 20.0}),
    "exosome": (Stage.MVB_DOCKED, {Stage.MVB_FUSION}, {"seed": 2}),
}
FUSED_STEPS = {"full-fusion": 168, "kiss-and-run": 33, "exosome": 301}  # roughly, for spreading the checks


def max_gap_nm(world: World) -> float:
    """0.5 px at 8x zoom of the default 1280x720 view, in nm."""
    lay = compute_layout(SIZE)
    cam = Camera(world.scene.width, world.scene.height, tuple(lay.scene))
    return 0.5 / (8.0 * cam.base_scale)


def slots(w: World, uids: np.ndarray) -> np.ndarray:
    return np.array([w.ves.index_of_uid(int(u)) for u in uids], dtype=np.int64)


class IlvWatch:
    """Positions and stages, every step, of the ILVs inside the featured MVB when it starts to fuse."""

    def __init__(self) -> None:
        self.uids = np.empty(0, dtype=np.int64)
        self.pos: list[np.ndarray] = []
        self.stage: list[np.ndarray] = []
        self.pore: list[float] = []

    def watch(self, w: World, mvb: int) -> None:
        v = w.ves
        if self.uids.size == 0 and v.stage[mvb] == Stage.MVB_FUSION:
            self.uids = v.uid[(v.parent == mvb) & (v.stage == Stage.ILV_INSIDE)].copy()
        if self.uids.size:
            i = slots(w, self.uids)
            self.pos.append(np.where((i >= 0)[:, None], v.pos[np.maximum(i, 0)], np.nan))
            self.stage.append(np.where(i >= 0, v.stage[np.maximum(i, 0)], -1))
            self.pore.append(float(v.pore[mvb]) if v.stage[mvb] == Stage.MVB_FUSION else 0.0)


def check_path(w: World, i: int) -> dict:
    """Trace the plasma membrane now and measure what must hold."""
    gap = max_gap_nm(w)
    path = mt.plasma_membrane_path(w, step=gap)
    p = path.points
    att = ms.attached(w)
    k = int(np.flatnonzero(att.rows == i)[0])
    depth, radius = att.caps()
    bottom = np.array([[w.ves.pos[i, 0], w.scene.membrane_y + depth[k] + radius[k]]])
    pts, _ = mt.membrane_proteins(w, att)
    inside = (pts[:, 0] >= 0) & (pts[:, 0] <= w.scene.width)  # pushed beyond the modelled stretch: out of view
    cluster = next(c for c in mt.clusters(att, pad=2.0 * att.k) if k in c)
    return {"loops": len(path.loops), "gap": float(mt.gaps(p).max()), "limit": gap,
            "ends": bool(p[0, 0] <= 0.0 and p[-1, 0] >= w.scene.width),
            "bottom": float(mt.distance_to_path(bottom, p, near=10.0)[0]), "cluster": len(cluster),
            "bridged": len(cluster) > 1 and len(att.field(cluster).walls) > 0,
            "protein": float(mt.distance_to_path(pts[inside], p, near=10.0).max()) if inside.any() else 0.0}


def walled(w: World, i: int) -> bool:
    """Whether body i's cap meets a neighbour's now (a wall between them): checked every fused step (cheap), so
    the few steps where caps meet are traced too."""
    att = ms.attached(w)
    k = int(np.flatnonzero(att.rows == i)[0])
    cluster = next(c for c in mt.clusters(att, pad=2.0 * att.k) if k in c)
    return len(cluster) > 1 and len(att.field(cluster).walls) > 0


def live(mode: str) -> SimpleNamespace:
    """Follow one body from docked until it has merged or left, tracing the membrane at sampled fused steps."""
    pick, _, params = LIVES[mode]
    w = World(Params(mode=mode, **params))
    v = w.ves
    for _ in range(20000):
        w.step()
        docked = v.where(pick)
        if docked.size:
            break
    uid = int(v.uid[docked[0]])
    every = max(1, FUSED_STEPS[mode] // PATHS_PER_LIFE)
    seen, checks, ilvs, fused, last = set(), [], IlvWatch(), 0, -1
    for _ in range(20000):
        w.step()
        i = v.index_of_uid(uid)
        if i < 0 or v.stage[i] in (Stage.REFILL, Stage.POOL):
            break
        stage = int(v.stage[i])
        seen.add(stage)
        if mode == "exosome":
            ilvs.watch(w, i)
        if i in ms.attached_rows(w):
            if fused % every == 0 or stage != last or (not any(c["bridged"] for c in checks) and walled(w, i)):
                checks.append(check_path(w, i))
            fused += 1
        last = stage
    return SimpleNamespace(seen=seen, checks=checks, ilvs=ilvs, dt=w.dt)


class Lives(dict):
    """Each mode's featured life, run once per module and shared by the tests that read it."""

    def of(self, mode: str) -> SimpleNamespace:
        if mode not in self:
            self[mode] = live(mode)
        return self[mode]


@pytest.fixture(scope="module")
def lives() -> Lives:
    return Lives()


@pytest.mark.parametrize("mode", list(LIVES))
def test_membrane_is_one_unbroken_path_with_every_protein_on_it(mode, lives):
    life = lives.of(mode)
    assert LIVES[mode][1] <= life.seen, f"the body's life skipped stages: saw {sorted(life.seen)}"
    assert len(life.checks) > 5
    for c in life.checks:
        assert c["loops"] == 0, "a piece of membrane is detached from the plasma membrane"
        assert c["gap"] <= c["limit"] + 1e-9, "a gap in the membrane"
        assert c["ends"], "the path does not run across the whole membrane"
        assert c["bottom"] < HALF_BILAYER_NM, "the fused body is not part of the membrane path"
        assert c["protein"] <= HALF_BILAYER_NM, "a protein off the membrane"
    if mode == "full-fusion":  # LIVES fuses the featured vesicle next to others: walls between their caps
        assert any(c["bridged"] for c in life.checks), "no merged cluster was checked"


def test_ilvs_leave_a_fusing_mvb_one_by_one_along_continuous_paths(lives):
    life = lives.of("exosome")
    watch = life.ilvs
    assert watch.uids.size >= 4
    pos, stage = np.array(watch.pos), np.array(watch.stage)
    speed = EXIT_SPEED_NM_S + EXO_KICK_NM_S + 6.0 * np.sqrt(EXO_D_NM2_S / EXO_TAU_S)
    both = ~np.isnan(pos[1:, :, 0]) & ~np.isnan(pos[:-1, :, 0])
    jump = np.hypot(*(pos[1:] - pos[:-1]).transpose(2, 0, 1))
    limit = speed * life.dt + np.array(watch.pore[:-1])[:, None] * 2.0 + 1e-6
    assert (jump[both] <= np.broadcast_to(limit, jump.shape)[both]).all(), "a body jumped"
    gone = np.isnan(pos[1:, :, 0]) & ~np.isnan(pos[:-1, :, 0])  # retired: only once wholly out of the view
    x, y = pos[:-1, :, 0][gone], pos[:-1, :, 1][gone]
    assert ((y < 60.0) | (x < 60.0) | (x > 7940.0)).all(), "an exosome vanished in view"
    out = (stage == Stage.EXOSOME)
    first_out = np.argmax(out, axis=0)
    assert out.any(axis=0).all(), "an ILV never left"
    assert len(set(first_out.tolist())) >= watch.uids.size - 2, "the ILVs left all at once"


def merge_outlines(w: World, lyso: int, m: int, grid: float = 4.0) -> list[np.ndarray]:
    v = w.ves
    c_l = v.pos[lyso]
    reach = np.hypot(*(v.pos[m] - c_l)) + v.radius[m] + v.radius[lyso]
    box = (c_l[0] - reach, c_l[1] - reach, c_l[0] + reach, c_l[1] + reach)
    return mt.closed_outlines(mt.merge_field(w, lyso), box, grid, max_gap_nm(w))


def test_an_mvb_and_its_lysosome_become_one_closed_outline():
    w = World(Params(mode="exosome", seed=2, lysosome_fraction=1.0))
    v = w.ves
    for _ in range(20000):
        w.step()
        dg, tg = merging(w)
        if dg.size:
            break
    m, lyso = int(dg[0]), int(tg[0])
    mvb_uid = int(v.uid[m])
    assert v.digested[m] == 0.0 and len(merge_outlines(w, lyso, m, 2.0)) == 2, "two bodies before the neck opens"
    checked = 0
    for step in range(1, 100000):
        w.step()
        m = v.index_of_uid(mvb_uid)
        if m < 0:
            break
        if step % 8:
            continue
        loops = merge_outlines(w, lyso, m)
        assert len(loops) == 1, f"{len(loops)} outlines at digestion {v.digested[m]:.2f}"
        ring = np.concatenate([loops[0], loops[0][:1]])
        assert mt.gaps(ring).max() <= max_gap_nm(w) + 1e-9, "a gap in the merged membrane"
        c_l, r_l = v.pos[lyso], v.radius[lyso] - HALF_BILAYER_NM
        disc, _, gone = merge_geometry(v.pos[m][None, :], v.radius[m:m + 1] - HALF_BILAYER_NM, c_l, r_l,
                                       v.digested[m:m + 1])
        assert (mt.merge_field(w, lyso).f(np.array([c_l, disc[0, :2]])) < 0).all(), "the two lumens are not one"
        if gone[0] > 0.999:  # the MVB's lobe is drawn in: the lysosome's own outline is left
            assert np.abs(np.hypot(*(loops[0] - c_l).T) - r_l).max() < 1.0
        checked += 1
    assert checked > 10


def absorbed_next_step(w: World) -> tuple[int, np.ndarray]:
    """A vesicle that flattens into the membrane in the next step, with plasma-membrane proteins around it that
    no other fusing body moves (-1 if none), and those proteins' indices."""
    v = w.ves
    co = v.where(Stage.COLLAPSE)
    due = co[v.t_stage[co] + w.dt >= COLLAPSE_S]
    att = ms.attached(w)
    others = att.rows != (due[0] if due.size else -1)
    x = w.surface.prot_x
    nk = v.where(Stage.PIT_NECK)  # a pit pinching off takes proteins with it: the indices would shift
    if due.size == 0 or x.size == 0 or (v.t_stage[nk] + w.dt >= v.dur[nk]).any():
        return -1, np.empty(0, dtype=np.int64)
    near = np.abs(x - v.pos[due[0], 0]) < 3.0 * v.radius[due[0]]
    reach = att.extent()[others] + 40.0
    near &= (np.abs(x[:, None] - att.x[others][None, :]) > reach[None, :]).all(axis=1)
    # where the flattened disc pushes them (Surface.absorb): still clear of the others (a pit nearby pushes a
    # protein the disc moves toward it by a different amount: that is the pit's doing, not the absorption's)
    moved = push_out(x, v.pos[due[:1], 0], 2.0 * (v.radius[due[:1]] - HALF_BILAYER_NM))
    near &= (np.abs(moved[:, None] - att.x[others][None, :]) > reach[None, :]).all(axis=1)
    return int(due[0]), np.flatnonzero(near)


def test_proteins_do_not_jump_when_a_body_is_absorbed():
    """The step a collapsed vesicle becomes a flat patch, the proteins around it stay where they were drawn."""
    w = World(Params(seed=3))
    for _ in range(6000):
        row, near = absorbed_next_step(w)
        if near.size >= 2:  # and no other body (a new pit, a new pore) starts to bend the membrane in that step
            trial, rows = copy.deepcopy(w), set(ms.attached_rows(w).tolist())
            trial.step()
            if set(ms.attached_rows(trial).tolist()) <= rows:
                break
        w.step()
    assert near.size >= 2, "no absorption with proteins around it"
    before, _ = mt.membrane_proteins(w)
    w.step()
    assert w.ves.stage[row] != Stage.COLLAPSE
    s = w.surface
    kept = s.prot_x.copy()
    s.prot_x = s.prot_prev.copy()  # after the absorption, before this step's diffusion
    after, _ = mt.membrane_proteins(w)
    s.prot_x = kept
    assert np.hypot(*(after[near] - before[near]).T).max() < 3.0, "a protein jumped at absorption"


# -- pixels ---------------------------------------------------------------------------------------------------
def render_on(world: World, slot: int, zoom: float):
    screen = pygame.Surface(SIZE)
    lay = compute_layout(SIZE)
    cam = Camera(world.scene.width, world.scene.height, tuple(lay.scene))
    cam.look_at(np.array([world.ves.pos[slot, 0], world.scene.membrane_y + world.ves.radius[slot]]), zoom)
    Renderer(DARK).draw(screen, world, cam, 1.0, Layers(labels=False, captions=False, cargo=False, proteins=False,
                                                       scale_bar=False), HudState())
    return cam, pygame.surfarray.array3d(screen).astype(int)


def exoplasmic(px: np.ndarray) -> np.ndarray:
    """Pixels of the exoplasmic leaflet: nearer its colour (or its tint toward the delivered-membrane colour)
    than any other colour of the scene (anti-aliased edges count for the side they are closer to)."""
    a, b = np.array(DARK.exo_leaflet), np.array(DARK.delivered)
    t = np.clip(((px - a) * (b - a)).sum(-1) / ((b - a) ** 2).sum(), 0, 1)
    d_exo = np.abs(px - (a + t[..., None] * (b - a))).sum(-1)
    others = [DARK.cyto_leaflet, DARK.ecf, DARK.cytosol, DARK.lumen, DARK.calcium, DARK.protein]
    d_other = np.min([np.abs(px - np.array(c)).sum(-1) for c in others], axis=0)
    return d_exo < d_other


def find(stage: int, pred) -> tuple[World, int]:
    w = World(Params(seed=3))
    for _ in range(4000):
        w.step()
        rows = w.ves.where(stage)
        rows = rows[pred(w, rows)] if rows.size else rows
        if rows.size:
            return w, int(rows[0])
    raise AssertionError("stage not reached")


@pytest.mark.usefixtures("pygame_display")
def test_exoplasmic_leaflet_runs_from_the_flat_membrane_into_the_pore_neck_and_the_vesicle():
    w, k = find(Stage.PORE, lambda w, r: np.ones(r.size, bool))
    cam, px = render_on(w, k, 8.0)
    exo = exoplasmic(px)
    x_axis = int(round(cam.x_to_screen(w.ves.pos[k, 0])))
    y_line = int(round(cam.y_to_screen(w.scene.membrane_y)))
    seed = (cam.view[0] + 2, y_line - 1)
    assert exo[seed]
    bottom = int(cam.y_to_screen(w.ves.pos[k, 1] + w.ves.radius[k]))
    target = {(x_axis + dx, y) for dx in range(-2, 3) for y in range(bottom - 25, bottom) if exo[x_axis + dx, y]}
    assert target, "no exoplasmic leaflet at the bottom of the fused vesicle"
    seen, todo = {seed}, deque([seed])
    while todo:  # flood fill along the exoplasmic leaflet (a few thousand pixels)
        x, y = todo.popleft()
        for n in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
            if n not in seen and 0 <= n[0] < exo.shape[0] and 0 <= n[1] < exo.shape[1] and exo[n]:
                seen.add(n)
                todo.append(n)
    assert seen & target, "the exoplasmic leaflet is broken between the plasma membrane and the vesicle"


@pytest.mark.usefixtures("pygame_display")
@pytest.mark.parametrize("zoom", [1.0, 8.0])
def test_no_cytosol_touches_the_extracellular_fluid_during_collapse(zoom):
    w, k = find(Stage.COLLAPSE, lambda w, r: w.ves.collapse[r] > 0.4)
    cam, px = render_on(w, k, zoom)
    vx, vy, vw, vh = cam.view
    px = px[vx:vx + vw, vy:vy + vh]
    ecf = (px == DARK.ecf).all(-1)
    cyto = (px == DARK.cytosol).all(-1)
    touch = (ecf[:-1] & cyto[1:]) | (cyto[:-1] & ecf[1:])
    touch_v = (ecf[:, :-1] & cyto[:, 1:]) | (cyto[:, :-1] & ecf[:, 1:])
    assert not touch.any() and not touch_v.any(), "a gap in the membrane: cytosol next to extracellular fluid"
    assert ecf[:, : vh // 3].mean() > 0.3  # the view does show the outside


@pytest.mark.usefixtures("pygame_display")
@pytest.mark.parametrize("zoom", [1.0, 6.0])
def test_caps_that_meet_keep_a_wall_of_membrane_between_them(zoom):
    """Two fusing vesicles whose caps cross: a wall of two membranes stays between their lumens (neither erases
    the other's membrane), drawn without a gap, in both themes' geometry (dark checked here)."""
    w = World(Params(seed=1))
    for _ in range(6000):
        w.step()
        att = ms.attached(w)
        walls = att.field().walls if att.size > 1 else np.empty((0, 4))
        if len(walls):
            break
    assert len(walls), "no caps crossed"
    x = float(walls[0, 2])
    depth, radius = att.caps()
    i, j = int(walls[0, 0]), int(walls[0, 1])
    bottom = min(depth[i] + radius[i], depth[j] + radius[j])
    ys = att.line + np.linspace(4.0 * att.k, 0.5 * bottom, 50)
    assert (att.field().f(np.stack([np.full(50, x), ys], axis=1)) > 0).all(), "the wall between the caps is open"
    screen = pygame.Surface(SIZE)
    lay = compute_layout(SIZE)
    cam = Camera(w.scene.width, w.scene.height, tuple(lay.scene))
    cam.look_at(np.array([x, w.scene.membrane_y + 100.0]), zoom)
    Renderer(DARK).draw(screen, w, cam, 1.0, Layers(labels=False, captions=False, cargo=False, proteins=False,
                                                   scale_bar=False), HudState())
    vx, vy, vw, vh = cam.view
    px = pygame.surfarray.array3d(screen).astype(int)[vx:vx + vw, vy:vy + vh]
    ecf = (px == DARK.ecf).all(-1)
    cyto = (px == DARK.cytosol).all(-1)
    assert not ((ecf[:-1] & cyto[1:]) | (cyto[:-1] & ecf[1:])).any(), "cytosol next to extracellular fluid"
    assert not ((ecf[:, :-1] & cyto[:, 1:]) | (cyto[:, :-1] & ecf[:, 1:])).any()
