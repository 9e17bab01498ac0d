"""Compound exocytosis (pancreatic acinar cells, mast cells): while Ca²⁺ is up, a granule fuses with a granule that
has already fused with the plasma membrane, through the open Omega profile of the first (sequential compound
exocytosis; science.md, third review; e.g. Nemoto et al. 2001, Nat Cell Biol 3:253).

A granule on its way (TRANSPORT) near a fused granule whose pore has dilated (RELEASE) is drawn to that granule's
lower pole (target = the host's slot, fate = COMPOUND), opens a narrow pore onto it (Stage.PORE: it may flicker) and
hangs there, following the host as it flattens. When its own pore dilates its membrane joins the plasma membrane
and it counts as one "compound_fusion" (fusion.dilate), its cargo leaving through the host's wide opening. Drawn by
the same membrane field as every fused body: its neck runs up the host's axis, so the two lumens join.
Rates illustrative.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from exoviz.sim import physics
from exoviz.sim.membrane_shape import cap
from exoviz.sim.pore import plan
from exoviz.sim.scene import HALF_BILAYER_NM
from exoviz.sim.stages import Stage

if TYPE_CHECKING:
    from exoviz.sim.model import WorldModel as World

COMPOUND = 2  # Vesicles.fate of a secretory granule fusing onto another granule (0 otherwise)
PER_CA_S = 10.0  # hazard that a dilated granule draws a follower, per s at peak Ca²⁺ (illustrative)
REACH_NM = 2500.0  # a follower comes from within this distance of the host's lower pole (illustrative)
SPEED_NM_S = 1500.0  # it moves to the host this fast (illustrative: actin-driven, shown briskly)
GAP_NM = 2.0 * HALF_BILAYER_NM  # its membrane this far from the host's when its pore opens
CATCH = 0.3  # it has arrived within this share of its radius of its place under the host
HOSTS = (Stage.RELEASE, Stage.COLLAPSE)  # a granule fused onto one of these is hanging from an open Omega
MAX_HOST_COLLAPSE = 0.3  # a host flatter than this has no Omega left to fuse onto: followers on their way give up


def below(world: World, host: np.ndarray, r: np.ndarray) -> np.ndarray:
    """(len(host), 2) nm: where a granule of radius r sits fused under each host's lower pole now."""
    v, line = world.ves, world.scene.membrane_y
    r0 = np.maximum(v.radius[host] - HALF_BILAYER_NM, 0.5)
    depth, radius = cap(r0, v.pos[host, 1] - line, v.collapse[host])
    return np.stack([v.pos[host, 0], line + depth + radius + HALF_BILAYER_NM + GAP_NM + r], axis=1)


def step(world: World, ca: float, dt: float, pore_nm: tuple[float, float], speed: tuple[float, float]) -> None:
    """Followers hanging from their hosts follow them; followers on their way steer to their host (or give up, and
    head for the membrane at `speed` nm/s), or fuse on arrival; dilated granules draw new followers with a hazard
    proportional to Ca²⁺ (ca: 0 at rest, 1 at peak)."""
    v = world.ves
    mine = np.flatnonzero(v.fate == COMPOUND)
    if mine.size == 0 and ca <= 0.0:
        return
    host = np.maximum(v.target[mine], 0)
    ok = (v.target[mine] >= 0) & np.isin(v.stage[host], HOSTS) & (v.kind[host] == v.kind[mine])
    st = v.stage[mine]
    fused = np.isin(st, (Stage.PORE, Stage.RELEASE, Stage.COLLAPSE))
    hanging = mine[fused & ok]
    v.pos[hanging] = below(world, v.target[hanging], v.radius[hanging])
    v.target[mine[fused & ~ok]] = -1  # its host has merged: it is fused to the plasma membrane itself
    fine = ok & (v.collapse[host] <= MAX_HOST_COLLAPSE)
    quit_ = mine[((st == Stage.TRANSPORT) & ~fine) | (st == Stage.DOCKED)]  # gave up, or docked on its way
    v.fate[quit_] = 0
    v.target[quit_] = -1
    physics.head_to_membrane(v.vel, quit_[v.stage[quit_] == Stage.TRANSPORT], speed, 0.15, world.rng)
    going = mine[(st == Stage.TRANSPORT) & fine]
    spot = below(world, v.target[going], v.radius[going])
    gap = spot - v.pos[going]
    dist = np.hypot(gap[:, 0], gap[:, 1])
    v.vel[going] = gap / np.maximum(dist, 1e-9)[:, None] * np.minimum(SPEED_NM_S, dist / dt)[:, None]
    here = dist <= CATCH * v.radius[going]
    _fuse(world, going[here], spot[here], pore_nm)
    if ca > 0.0:
        _draw_followers(world, ca, dt)


def _fuse(world: World, rows: np.ndarray, at: np.ndarray, pore_nm: tuple[float, float]) -> None:
    """Followers rows open a narrow pore onto their host (at: their place under it)."""
    if rows.size == 0:
        return
    v = world.ves
    v.set_stage(rows, Stage.PORE)
    v.pos[rows] = at
    v.vel[rows] = 0.0
    v.pore[rows] = world.rng.uniform(*pore_nm, rows.size)
    plan(world, rows, world.params.cell_spec.flicker)


def _draw_followers(world: World, ca: float, dt: float) -> None:
    """Each dilated granule without a follower draws, with hazard PER_CA_S * ca, the nearest granule in transport
    within REACH_NM of its lower pole that heads for no host yet (a few hosts: hosts x granules, no n x n)."""
    v, rng = world.ves, world.rng
    taken = v.target[v.fate == COMPOUND]
    hosts = v.where(Stage.RELEASE)
    hosts = hosts[~np.isin(hosts, taken)]
    hosts = hosts[rng.random(hosts.size) < 1.0 - np.exp(-PER_CA_S * ca * dt)]
    cand = np.flatnonzero((v.stage == Stage.TRANSPORT) & (v.fate != COMPOUND))
    if hosts.size == 0 or cand.size == 0:
        return
    pole = below(world, hosts, np.zeros(hosts.size))
    d = np.hypot(v.pos[cand, 0][None, :] - pole[:, 0:1], v.pos[cand, 1][None, :] - pole[:, 1:2])
    d = d - v.radius[cand][None, :]
    pick = np.argmin(d, axis=1)
    near = d[np.arange(hosts.size), pick] <= REACH_NM
    hosts, pick = hosts[near], cand[pick[near]]
    pick, first = np.unique(pick, return_index=True)  # one host per follower
    v.fate[pick] = COMPOUND
    v.target[pick] = hosts[first]
