"""The plasma membrane stays one unbroken bilayer through every fusion, with its proteins on it; ILVs leave
a fusing MVB one by one along continuous paths; the drawn leaflets are unbroken."""

from collections import deque

import numpy as np
import pygame
import pytest

from exoviz.camera import Camera
from exoviz.params import Params
from exoviz.render.layout import compute_layout
from exoviz.render.renderer import Renderer
from exoviz.render.theme import DARK
from exoviz.sim import membrane_shape as ms
from exoviz.sim import membrane_trace as mt
from exoviz.sim.exosome_const import EXO_D_NM2_S, EXO_KICK_NM_S, EXO_TAU_S
from exoviz.sim.exosome_exit import EXIT_SPEED_NM_S
from exoviz.sim.scene import HALF_BILAYER_NM
from exoviz.sim.stages import Stage
from exoviz.sim.world import World
from exoviz.viewstate import HudState, Layers

SIZE = (1280, 720)
LIVES = {  # mode -> (stage to pick the featured body in, stages its life must pass through, extra params)
    "full-fusion": (Stage.DOCKED, {Stage.PORE, Stage.RELEASE, Stage.COLLAPSE}, {}),
    "kiss-and-run": (Stage.DOCKED, {Stage.PORE, Stage.KISS_RELEASE, Stage.PORE_CLOSED, Stage.RETREAT},
                     {"full_fusion_fraction": 0.0, "firing_rate": 20.0}),
    "exosome": (Stage.MVB_DOCKED, {Stage.MVB_FUSION}, {}),
}


def max_gap_nm(world: World) -> float:
    """0.5 px at 8x zoom of the default 1280x720 view, in nm."""
    lay = compute_layout(SIZE)
    cam = Camera(world.scene.width, world.scene.height, tuple(lay.scene))
    return 0.5 / (8.0 * cam.base_scale)


def life_of_a_body(mode: str):
    """Yield (world, slot) at every step of one body's life from docked until it has merged or left."""
    pick, _, extra = LIVES[mode]
    w = World(Params(mode=mode, seed=2, **extra))
    v = w.ves
    for _ in range(20000):
        w.step()
        docked = v.where(pick)
        if docked.size:
            break
    uid = int(v.uid[docked[0]])
    for _ in range(20000):
        w.step()
        i = v.index_of_uid(uid)
        if i < 0 or v.stage[i] in (Stage.REFILL, Stage.POOL):
            return
        yield w, i


@pytest.mark.parametrize("mode", [
    pytest.param("full-fusion", marks=pytest.mark.xfail(
        reason="known: tracing a large merged cluster of collapsing vesicles (seed 2) dead-ends and returns the "
               "rest of the outline as a detached loop (membrane_trace._chains); to fix", strict=False)),
    "kiss-and-run", "exosome"])
def test_membrane_is_one_unbroken_path_with_every_protein_on_it(mode):
    seen: set[int] = set()
    steps = 0
    for w, i in life_of_a_body(mode):
        seen.add(int(w.ves.stage[i]))
        gap = max_gap_nm(w)
        path = mt.plasma_membrane_path(w, step=gap)
        p = path.points
        assert not path.loops, "a piece of membrane is detached from the plasma membrane"
        assert mt.gaps(p).max() <= gap + 1e-9, "a gap in the membrane"
        assert p[0, 0] <= 0.0 and p[-1, 0] >= w.scene.width
        attached = ms.attached_rows(w)
        if i in attached:  # the fusing body is part of that path: its lowest point lies on it
            depth, radius = ms.attached(w, np.array([i])).caps()
            bottom = np.array([[w.ves.pos[i, 0], w.scene.membrane_y + depth[0] + radius[0]]])
            assert mt.distance_to_path(bottom, p)[0] < HALF_BILAYER_NM
        pts, _ = ms.membrane_proteins(w)
        inside = (pts[:, 0] >= 0) & (pts[:, 0] <= w.scene.width)  # pushed beyond the modelled stretch: out of view
        if inside.any():
            assert mt.distance_to_path(pts[inside], p).max() <= HALF_BILAYER_NM, "a protein off the membrane"
        steps += 1
    assert LIVES[mode][1] <= seen, f"the body's life skipped stages: saw {sorted(seen)}"
    assert steps > 3


def test_ilvs_leave_a_fusing_mvb_one_by_one_along_continuous_paths():
    w = World(Params(mode="exosome", seed=1))
    v = w.ves
    for _ in range(6000):
        w.step()
        fu = v.where(Stage.MVB_FUSION)
        if fu.size:
            break
    mvb = int(fu[0])
    uids = v.uid[(v.parent == mvb) & (v.stage == Stage.ILV_INSIDE)].copy()
    assert uids.size >= 4
    prev = v.pos[[v.index_of_uid(int(u)) for u in uids]].copy()
    speed = EXIT_SPEED_NM_S + EXO_KICK_NM_S + 6.0 * np.sqrt(EXO_D_NM2_S / EXO_TAU_S)
    release_steps: list[int] = []
    alive = np.ones(uids.size, dtype=bool)
    for step in range(1200):
        pore = 2.0 * v.pore[mvb] if v.stage[mvb] == Stage.MVB_FUSION else 0.0
        was_exo = np.array([v.stage[v.index_of_uid(int(u))] == Stage.EXOSOME if a else True
                            for u, a in zip(uids, alive)])
        w.step()
        for k, u in enumerate(uids.tolist()):  # a handful of tracked bodies (test only)
            if not alive[k]:
                continue
            j = v.index_of_uid(u)
            if j < 0:  # retired: only when wholly out of the view
                x, y = prev[k]
                assert y < 60.0 or x < 60.0 or x > w.scene.width - 60.0, "an exosome vanished in view"
                alive[k] = False
                continue
            jump = float(np.hypot(*(v.pos[j] - prev[k])))
            assert jump <= speed * w.dt + pore + 1e-6, f"a body jumped {jump:.1f} nm in one step"
            if v.stage[j] == Stage.EXOSOME and not was_exo[k]:
                release_steps.append(step)
            prev[k] = v.pos[j]
    assert len(release_steps) == uids.size
    assert len(set(release_steps)) >= uids.size - 2, "the ILVs left all at once"


# -- pixels ---------------------------------------------------------------------------------------------------
pytestmark_px = pytest.mark.usefixtures("pygame_display")


def render_on(world: World, slot: int, zoom: float):
    screen = pygame.Surface(SIZE)
    lay = compute_layout(SIZE)
    cam = Camera(world.scene.width, world.scene.height, tuple(lay.scene))
    cam.look_at(np.array([world.ves.pos[slot, 0], world.scene.membrane_y + world.ves.radius[slot]]), zoom)
    Renderer(DARK).draw(screen, world, cam, 1.0, Layers(labels=False, captions=False, cargo=False, proteins=False,
                                                       scale_bar=False), HudState())
    return cam, pygame.surfarray.array3d(screen).astype(int)


def exoplasmic(px: np.ndarray) -> np.ndarray:
    """Pixels of the exoplasmic leaflet: its colour, or tinted toward the delivered-membrane colour."""
    a, b = np.array(DARK.exo_leaflet), np.array(DARK.delivered)
    t = np.clip(((px - a) * (b - a)).sum(-1) / ((b - a) ** 2).sum(), 0, 1)
    return np.abs(px - (a + t[..., None] * (b - a))).max(-1) < 30


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
