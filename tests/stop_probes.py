"""Probes of what each walk-through stop shows, one per stage: they test the picture (or the geometry the picture is
drawn from: the inset's camera, the membrane's field, the dots' drawn positions), not the stage label.

walk(mode, seed) plays a walk-through as the slides do (an offscreen window, Page Down to every stop) and keeps a
Shot of each stop; probe(shots, i) lists what stop i fails to show (empty: it shows its caption).

A walk costs seconds of simulation (the plan runs the scene ahead), so walked(mode, seed) plays each one once per
test process and keeps it with its tour: tests/test_stop_probes.py, tests/test_walkthrough.py and
tests/test_tour_worker.py read the same walks (they are one xdist group, WALKS, so one worker plays them).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from fractions import Fraction

import membrane_trace as mt
import numpy as np

from exoviz.camera import Camera
from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.modes import StoryStep, spec
from exoviz.readouts import sim_clock
from exoviz.render.bodies import dot_positions
from exoviz.render.closeup import bud_of
from exoviz.render.membrane import leaflet_half_px
from exoviz.render.membrane_fused import PORE_MIN_PX, body_leaflet_px, cargo_inside, quantised
from exoviz.render.merge_site import site_marks
from exoviz.render.overlays import CLOSEUP
from exoviz.session import Session
from exoviz.sim import membrane_shape as ms
from exoviz.sim.machinery_view import Machine
from exoviz.sim.scene import HALF_BILAYER_NM
from exoviz.sim.stages import Stage
from exoviz.sim.world import World
from exoviz.slides import _describe
from exoviz.viewstate import HudState

FRAME = Fraction(1, 60)
MAX_GAP_PX = 0.5  # the narrow-pore stop's membrane: no gap wider than this at the inset's zoom
NECK_MIN, OUTSIDE_MIN = 3, 3  # release: dots in the neck, and within two pore radii outside it
CENTRE_TOL, AREA_MIN = 0.10, 0.30  # full collapse: the Omega's box centred in the inset, and this big


@dataclass
class Shot:
    """One stop as drawn: the session's state there (copies), the inset, and what steps.json says."""

    index: int
    step: StoryStep
    uid: int
    world: World
    camera: Camera
    hud: HudState
    closeup_uid: int
    inset: tuple | None  # (rect, camera, framed box) of the close-up, when open
    reticle: int  # the slot the main view's reticle is on (-1: none)
    row: dict  # the stop's steps.json entry
    site: np.ndarray | None  # where the walk's body was at this stop (nm)
    theme: object
    preferred: bool  # the planner found a body whose stops show their stage (no neighbour at its pore ...)
    follow_uid: int = -1  # the body the session follows at this stop
    stage: int = int(Stage.FREE)  # the walk's body's stage at this stop (FREE: it is gone)


@dataclass
class Walk:
    """One walk-through of a run: its stops as drawn, and the tour it walked (planned in this process)."""

    shots: list[Shot]
    tour: object = None  # exoviz.tour.Tour


WALKS = "walks"  # the xdist group of the tests that read walked()
_walked: dict[tuple[str, int], Walk] = {}


def walked(mode: str, seed: int) -> Walk:
    """walk(mode, seed) at 1280x720, dark, played once per process."""
    if (mode, seed) not in _walked:
        tour: list = []
        _walked[(mode, seed)] = Walk(walk(mode, seed, tour_out=tour), tour[0] if tour else None)
    return _walked[(mode, seed)]


def walk(mode: str, seed: int, size: str = "1280x720", theme: str = "dark", tour_out: list | None = None,
         cell: str = "") -> list[Shot]:
    """Every stop of the walk-through of one run (of `cell`, else the mode's default), drawn in an offscreen window
    of `size` (its tour appended to tour_out, if given)."""
    from exoviz.ui.window import offscreen_window

    opts = parse(["--headless", "--duration", "1", "--mode", mode, "--seed", str(seed), "--size", size,
                  "--theme", theme, *(["--cell", cell] if cell else [])])
    s = Session(opts)
    window = offscreen_window(s, opts)
    story = spec(mode).story_for(s.params.cell_spec)
    shots: list[Shot] = []
    tour = None
    while True:
        before = s.walk.index
        s.apply(Command("walk_next"))
        while s.walk.busy:
            s.tick(FRAME, realtime=False)
        if not s.walk.active or s.walk.index == before:
            if tour_out is not None:
                tour_out.append(tour)
            return shots
        window.controls.update(0.0)
        window.draw()
        i, tour = s.walk.index, s.walk.tour
        # the close-up as drawn: its picture under the title (where the layout put it), its camera, framed box
        inset = window.renderer.inset if s.closeup.open and CLOSEUP in window.plan.rects else None
        window.renderer.inset = None
        shots.append(Shot(i, story[i], s.walk.uid, copy.deepcopy(s.world), copy.deepcopy(s.camera), s.hud(),
                          s.closeup.uid if s.closeup.open else -1, inset, window.renderer.reticle,
                          _describe(s, i + 1), s.walk.sites.get(i), window.renderer.theme, s.walk.tour.preferred,
                          s.follow_uid, _stage_of(s.world, s.walk.uid)))


def _stage_of(w: World, uid: int) -> int:
    slot = w.ves.index_of_uid(uid)
    return int(w.ves.stage[slot]) if slot >= 0 else int(Stage.FREE)


# -- helpers -------------------------------------------------------------------------------------------------
def _slot(shot: Shot) -> int:
    return shot.world.ves.index_of_uid(shot.uid)


def _drawn(shot: Shot, cam: Camera):
    """The fused bodies as the renderer draws them with camera cam: (Attached in px, its rows, leaflet px)."""
    w = shot.world
    rows = ms.attached_rows(w)
    mtp = leaflet_half_px(cam, shot.theme)
    y = int(round(cam.y_to_screen(w.scene.membrane_y)))
    att = quantised(w, cam, rows, w.ves.prev[rows], mtp, y, shot.theme)  # paused at a stop: drawn at prev
    return att, rows, mtp


def _in_inset(shot: Shot, fails: list[str]) -> bool:
    if shot.closeup_uid != shot.uid or shot.inset is None:
        fails.append("no close-up on the walk's body")
        return False
    return True


def _centred(rect, box: np.ndarray, fails: list[str], what: str) -> None:
    cx, cy = 0.5 * (box[0] + box[2]), 0.5 * (box[1] + box[3])
    if abs(cx - rect.centerx) > CENTRE_TOL * rect.w or abs(cy - rect.centery) > CENTRE_TOL * rect.h:
        fails.append(f"{what} not centred in the inset: ({cx:.0f}, {cy:.0f}) vs {rect.center}")


# -- the probes ----------------------------------------------------------------------------------------------
def narrow_pore(shots: list[Shot], k: int) -> list[str]:
    """A neck at the narrow pore's drawing width (narrower than the dilated pore's), the membrane around the body
    one unbroken path (no gap over MAX_GAP_PX at the inset's zoom), no other fused cap within two radii."""
    shot, fails = shots[k], []
    w, i = shot.world, _slot(shot)
    if i < 0 or w.ves.stage[i] != Stage.PORE or not _in_inset(shot, fails):
        return fails + ["the body is not at its narrow pore"]
    cam = shot.inset[1]
    v = w.ves
    r = float(v.radius[i])
    att = ms.attached(w, min_lumen=PORE_MIN_PX / cam.scale)  # as drawn: the disclosed minimum width
    j = int(np.flatnonzero(att.rows == i)[0])
    drawn = float(att.lumen[j])
    factor = max(1.0, PORE_MIN_PX / (float(v.pore[i]) * cam.scale))  # "pore enlarged" says so when > 1
    if abs(drawn - factor * float(v.pore[i])) > 1e-6 or not 0.5 <= v.pore[i] <= 1.5:
        fails.append(f"neck lumen {drawn:.2f} nm is not the true 1-3 nm pore times the drawing factor {factor:.2f}")
    # the neck as the field draws it: the narrowest lumen between the line and the cap
    depth, radius = att.caps()
    fld = att.field()
    ys = att.line + np.linspace(att.k, max(depth[j] - radius[j], att.k + 1.0), 24)
    xs = att.x[j] + np.linspace(-4.0 * (drawn + att.h_neck), 4.0 * (drawn + att.h_neck), 801)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    inside = (fld.f(grid) < 0).reshape(ys.size, xs.size)
    width = inside.sum(axis=1).min() * (xs[1] - xs[0]) - 2.0 * att.h_neck  # lumen = midline width - bilayer
    if abs(width - 2.0 * drawn) > 0.25 * 2.0 * drawn + 2.0 * (xs[1] - xs[0]):
        fails.append(f"the neck is drawn {width:.1f} nm wide, not the pore's {2 * drawn:.1f} nm")
    wide = 2.0 * 0.8 * r  # a dilated pore's width at the end of release (fusion.dilate_and_release)
    later = [s for s in shots[k + 1:] if s.step.stage in (Stage.RELEASE,) and s.uid == shot.uid]
    if later and (q := _slot(later[0])) >= 0:
        wide = 2.0 * float(later[0].world.ves.pore[q])
    if not 2.0 * drawn < wide:
        fails.append(f"the narrow neck ({2 * drawn:.1f} nm) is not narrower than the dilated pore ({wide:.1f} nm)")
    # nothing else fused near it, and its membrane one path around it
    others = np.delete(np.arange(att.size), j)
    if shot.preferred and others.size and (np.abs(att.x[others] - att.x[j]) - v.radius[att.rows[others]] < 2.0 * r
                                           ).any():
        fails.append("another fused cap lies within two radii of the body (the planner found a clear one)")
    gap = MAX_GAP_PX / cam.scale
    path = mt.plasma_membrane_path(w, step=gap, att=att)
    if path.loops:
        fails.append("a piece of membrane is detached")
    if mt.gaps(path.points).max() > gap + 1e-9:
        fails.append(f"a gap of {mt.gaps(path.points).max() * cam.scale:.2f} px in the membrane")
    ang = np.linspace(0.0, 2.0 * np.pi, 90, endpoint=False)
    ring = np.stack([att.x[j] + radius[j] * np.sin(ang), att.line + depth[j] + radius[j] * np.cos(ang)], axis=1)
    ring = ring[np.abs(ring[:, 0] - att.x[j]) > drawn + att.h_neck + 2.0 * att.k]  # not the neck
    off = mt.distance_to_path(ring, path.points, near=10.0) > HALF_BILAYER_NM
    if off.any():
        fails.append(f"{int(off.sum())} of {ring.shape[0]} points of the body's membrane are missing")
    return fails


def release(shots: list[Shot], k: int) -> list[str]:
    """At least NECK_MIN cargo dots in the neck and OUTSIDE_MIN within two pore radii outside it, as drawn."""
    shot, fails = shots[k], []
    w, i = shot.world, _slot(shot)
    if i < 0 or w.ves.stage[i] != Stage.RELEASE or not _in_inset(shot, fails):
        return fails + ["the body is not releasing"]
    cam = shot.inset[1]
    att, rows, mtp = _drawn(shot, cam)
    j = int(np.flatnonzero(rows == i)[0])
    x, line, lumen = float(att.x[j]), float(att.line), float(att.lumen[j])
    hb = np.full(att.size, body_leaflet_px(cam.scale, shot.theme))
    pts, _small, _r = cargo_inside(w, att, hb, cam)
    neck = (np.abs(pts[:, 0] - x) <= lumen) & (pts[:, 1] >= line - mtp) & (pts[:, 1] <= line + mtp + lumen)
    d = w.dots
    out, _kind = dot_positions(cam, d.pos, d.prev, d.alive, 0.0, d.kind)
    near = (out[:, 1] < line - mtp) & (np.hypot(out[:, 0] - x, out[:, 1] - (line - mtp)) <= 2.0 * lumen)
    if neck.sum() < NECK_MIN:
        fails.append(f"{int(neck.sum())} cargo dots in the neck")
    if near.sum() < OUTSIDE_MIN:
        fails.append(f"{int(near.sum())} cargo dots within two pore radii outside it")
    return fails


def omega_box(shot: Shot, cam: Camera) -> np.ndarray:
    """(x0, y0, x1, y1) px of the fusing body's Omega (its cap from the membrane line down, and its opening)."""
    w, i = shot.world, _slot(shot)
    att = ms.attached(w, np.array([i]))
    depth, radius = att.caps()
    half = max(float(att.half_width()[0]), float(w.ves.radius[i]))
    a = cam.to_screen(np.array([[att.x[0] - half, att.line], [att.x[0] + half, att.line + depth[0] + radius[0]]]))
    return a.ravel()


def full_collapse(shots: list[Shot], k: int) -> list[str]:
    """The inset centred on the flattening Omega, which fills at least AREA_MIN of it."""
    shot, fails = shots[k], []
    i = _slot(shot)
    if i < 0 or shot.world.ves.stage[i] != Stage.COLLAPSE or not _in_inset(shot, fails):
        return fails + ["the body is not collapsing"]
    rect, cam, _ = shot.inset
    box = omega_box(shot, cam)
    _centred(rect, box, fails, "the Omega")
    clip = np.clip(box, [rect.x, rect.y, rect.x, rect.y], [rect.right, rect.bottom, rect.right, rect.bottom])
    area = max(clip[2] - clip[0], 0) * max(clip[3] - clip[1], 0)
    if area < AREA_MIN * rect.w * rect.h:
        fails.append(f"the Omega covers {area / (rect.w * rect.h):.0%} of the inset")
    if (box[[0, 1]] < [rect.x, rect.y]).any() or (box[[2, 3]] > [rect.right, rect.bottom]).any():
        fails.append("the Omega does not fit in the inset")
    return fails


def on_the_surface(shots: list[Shot], k: int) -> list[str]:
    """The camera holds the merged patch, its membrane and proteins marked, no reticle or close-up on another
    body, the message "merged into the plasma membrane", and steps.json names the stage."""
    shot, fails = shots[k], []
    w = shot.world
    if _slot(shot) >= 0:
        return ["the body has not merged"]
    site = shot.hud.follow_site
    if site is None:
        return ["the camera holds no merged spot"]
    half = shot.camera.view[2] / shot.camera.scale / 2.0  # nm: a camera at the scene's side holds it as near as it can
    held = min(max(site[0], half), w.scene.width - half)
    if abs(float(shot.camera.center[0]) - held) * shot.camera.scale > 2.0:
        fails.append("the camera is not on the merged patch")
    if shot.reticle >= 0:
        fails.append(f"a reticle on another body (slot {shot.reticle})")
    if shot.closeup_uid >= 0:  # the inset belongs to the stop's body, which has merged
        fails.append(f"the close-up shows another body (uid {shot.closeup_uid})")
    marks = site_marks(w, shot.camera, site[0], leaflet_half_px(shot.camera, shot.theme))
    vx, vy, vw, vh = shot.camera.view
    if marks is None or not len(marks[1]):
        fails.append("no delivered membrane or proteins marked")
    elif not ((marks[1][:, 0] >= vx) & (marks[1][:, 0] < vx + vw)).any():
        fails.append("its delivered proteins are out of view")
    if "merged into the plasma membrane" not in shot.hud.message:
        fails.append(f"the message says {shot.hud.message!r}")
    if shot.row["stage"] in ("", "unused"):
        fails.append(f"steps.json calls the stage {shot.row['stage']!r}")
    return fails


def budding_inward(shots: list[Shot], k: int) -> list[str]:
    """A close-up on an ILV bud in the endosome's limiting membrane."""
    shot, fails = shots[k], []
    w, i = shot.world, _slot(shot)
    if i < 0 or w.ves.stage[i] != Stage.ILV_BUDDING or not _in_inset(shot, fails):
        return fails + ["the endosome is not budding"]
    bud = bud_of(w, i)
    if bud < 0:
        return ["no ILV bud on the endosome"]
    v = w.ves
    rect, cam, _ = shot.inset
    c = cam.to_screen(v.pos[bud:bud + 1])[0]
    d = 2.0 * float(v.radius[bud]) * cam.scale
    _centred(rect, np.array([c[0] - d / 2, c[1] - d / 2, c[0] + d / 2, c[1] + d / 2]), fails, "the bud")
    if d < 0.08 * rect.h:
        fails.append(f"the bud is {d:.0f} px across in a {rect.h} px inset")
    gap = abs(float(np.hypot(*(v.pos[bud] - v.pos[i]))) - float(v.radius[i]))
    if gap > 2.0 * float(v.radius[bud]):
        fails.append("the bud is not on the endosome's membrane")
    return fails


def retreating(shots: list[Shot], k: int) -> list[str]:
    """The camera holds the site (as at the stop before) while the vesicle moves away from it."""
    shot, fails = shots[k], []
    w, i = shot.world, _slot(shot)
    prev = shots[k - 1] if k else None
    if i < 0 or w.ves.stage[i] != Stage.RETREAT or prev is None or prev.site is None:
        return ["the vesicle is not retreating from a site"]
    s = shot.camera.scale
    if np.hypot(*(shot.camera.center - prev.site)) * s > 1.0:
        fails.append("the camera left the site")
    moved = np.hypot(*(shot.camera.center - prev.camera.center)) * s
    if moved > 1.0 or abs(shot.camera.zoom - prev.camera.zoom) > 1e-9:
        fails.append("the membrane moved on screen")
    if np.hypot(*(w.ves.pos[i] - prev.site)) < 0.5 * float(w.ves.radius[i]):
        fails.append("the vesicle has not moved away")
    y = shot.camera.to_screen(np.array([[prev.site[0], w.scene.membrane_y]]))[0, 1]
    vx, vy, vw, vh = shot.camera.view
    if not vy <= y < vy + vh:
        fails.append("the membrane is out of view")
    return fails


def branch(shots: list[Shot], k: int) -> list[str]:
    """A stop on another body says so, with its time, on screen and in steps.json."""
    shot = shots[k]
    who = shot.step.who
    want = f"another {who}, at {sim_clock(shot.world.t)}"
    fails = []
    if shot.hud.walk is None or want not in shot.hud.walk[0]:
        fails.append(f"the caption does not say {want!r}: {shot.hud.walk}")
    if want not in shot.row["title"] or want not in shot.row.get("note", ""):
        fails.append(f"steps.json does not say {want!r}")
    return fails


TRIGGER_WORDS = {"beta-cell": ("glucose", "K_ATP", "depolarisation", "Ca²⁺ channels", "synaptotagmin"),
                 "neuron": ("action potential", "Ca²⁺ channels", "synaptotagmin"), "acinar": ("IP₃", "ER")}


def _machine_row(shot: Shot, state: int, fails: list[str]) -> int:
    """The walk's body's index in the machinery view, if it is docked in `state` there and on screen; else -1."""
    w, i = shot.world, _slot(shot)
    if i < 0 or w.ves.stage[i] != Stage.DOCKED or w.ves.machine[i] != state:
        fails.append(f"the vesicle is not {Machine(state).name.lower()}")
        return -1
    view = w.machinery_view()
    j = view.of(i)
    if j < 0 or view.state[j] != state:
        fails.append("the machinery view does not show the vesicle in that state")
        return -1
    x, y = shot.camera.to_screen(w.ves.pos[i:i + 1])[0]
    vx, vy, vw, vh = shot.camera.view
    if not (vx <= x < vx + vw and vy <= y < vy + vh):
        fails.append("the vesicle is out of view")
    return j


def _says(shot: Shot, title: str, words: tuple[str, ...], fails: list[str]) -> None:
    """The caption on screen and in steps.json has this title and these words."""
    walk = shot.hud.walk or ("", "")
    if title not in walk[0] or title not in shot.row["title"]:
        fails.append(f"the caption is not titled {title!r}: {walk[0]!r}")
    text = " ".join(walk[1].split())
    missing = [word for word in words if word not in text or word not in shot.row["caption"]]
    if missing:
        fails.append(f"the caption does not name {missing}")


def primed(shots: list[Shot], k: int) -> list[str]:
    """The vesicle is primed in the model and the view: trans-SNARE complexes formed, half-zippered, clamped by
    complexin; the caption says so (Munc13, ATP, complexin)."""
    shot, fails = shots[k], []
    j = _machine_row(shot, Machine.PRIMED, fails)
    if j >= 0:
        view = shot.world.machinery_view()
        if view.complexes[j] < 1:
            fails.append("no trans-SNARE complex has formed")
        if not view.clamped[j]:
            fails.append("complexin does not clamp it")
        if not 0.0 < view.zipper[j] < 1.0:
            fails.append(f"its SNAREs are zippered {view.zipper[j]:.2f}, not partly")
    _says(shot, "Primed", ("Munc13", "ATP", "complexin"), fails)
    return fails


def ca_trigger(shots: list[Shot], k: int) -> list[str]:
    """The vesicle's synaptotagmin has bound Ca²⁺ (occupancy at least S_BOUND), the clamp is off and the SNAREs zipper
    on; the caption tells the cell's chain from stimulus to synaptotagmin."""
    from exoviz.sim.machinery import S_BOUND, ZIP_PRIMED

    shot, fails = shots[k], []
    j = _machine_row(shot, Machine.CA_BOUND, fails)
    if j >= 0:
        view = shot.world.machinery_view()
        if view.ca_occupancy[j] < S_BOUND:
            fails.append(f"synaptotagmin's occupancy is {view.ca_occupancy[j]:.2f}")
        if view.clamped[j]:
            fails.append("complexin still clamps it")
        if not view.zipper[j] > ZIP_PRIMED:
            fails.append(f"its SNAREs are zippered {view.zipper[j]:.2f}, no further than when primed")
    _says(shot, "Ca²⁺ trigger", TRIGGER_WORDS.get(shot.world.params.cell_spec.name, ()), fails)
    return fails


MACHINE_PROBES = {Machine.PRIMED: primed, Machine.CA_BOUND: ca_trigger}
PROBES = {Stage.PORE: narrow_pore, Stage.RELEASE: release, Stage.COLLAPSE: full_collapse, Stage.FREE: on_the_surface,
          Stage.ILV_BUDDING: budding_inward, Stage.RETREAT: retreating}


def probe(shots: list[Shot], k: int) -> list[str]:
    """What stop k fails to show (empty: it shows its caption); stops without a probe pass."""
    st = shots[k].step
    fails = []
    if st.body == "alt" and (k == 0 or shots[k - 1].step.body != "alt"):  # the first stop on another body
        fails += branch(shots, k)
    fn = MACHINE_PROBES.get(st.machine) if st.machine else PROBES.get(int(st.stage))
    return fails + (fn(shots, k) if fn is not None else [])
