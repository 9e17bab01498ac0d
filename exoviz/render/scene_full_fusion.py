"""Static structures of the secretory cell (Golgi stacks, ER, nucleus; a shared lumen, a lacteal or matrix
fibrils, by cell preset), the Ca²⁺ signal under the membrane, and their labels."""

from __future__ import annotations

import numpy as np
import pygame

from exoviz.camera import Camera
from exoviz.i18n import N_
from exoviz.modes import CELLS
from exoviz.render import cytoskeleton
from exoviz.render.membrane import draw_bilayer, draw_nuclear_edge
from exoviz.render.scene_view import Label, SceneView
from exoviz.render.theme import Theme, mix
from exoviz.sim.scene import Scene
from exoviz.sim.stages import Stage

CISTERNA_HALF_NM = 20.0
CA_BAND_NM = 600.0  # depth under the membrane where the Ca²⁺ signal is drawn
NEIGHBOUR_GRANULES = ((0.12, 0.35), (0.27, 0.62), (0.41, 0.3), (0.66, 0.55), (0.8, 0.28), (0.93, 0.6))


def neighbour_cytosol(theme: Theme):
    """Neighbouring cells' cytosol: this cell's cytosol tinted, so the cells differ."""
    return mix(theme.cytosol, theme.protein, 0.12)


def _golgi_and_nucleus(screen: pygame.Surface, cam: Camera, scene: Scene, theme: Theme) -> None:
    """Golgi stacks (cis at the bottom, trans facing the membrane), ER sheets and the nuclear edge."""
    e = scene.secretory
    lw = max(2, int(round(4 * cam.scale))) + theme.outline
    if e.tracks.nucleus[2] > 0.0:  # the enterocyte's nucleus is basal: an ellipse near the basolateral membrane
        cytoskeleton.draw_nucleus(screen, cam, e.tracks, theme)
    else:
        draw_nuclear_edge(screen, cam, e.nucleus_y, theme)
    xs = np.linspace(0, scene.width, 200)
    for k, dy in enumerate((-140.0, -260.0)):
        if not _rows_seen(cam, e.nucleus_y + dy - 25.0, e.nucleus_y + dy + 25.0, lw):
            continue  # (a close-up on the membrane: far above the ER, nothing of it would be drawn)
        ys = e.nucleus_y + dy + 25.0 * np.sin(xs / (600.0 + 150 * k))
        pts = np.stack([cam.x_to_screen(xs), cam.y_to_screen(ys)], axis=1)
        pygame.draw.lines(screen, theme.er, False, pts.tolist(), lw)
    bow = float(e.bow)
    if not _rows_seen(cam, e.trans_y - max(bow, 0.0) - CISTERNA_HALF_NM,
                      e.trans_y + e.cisternae * e.cisterna_gap + max(-bow, 0.0) + CISTERNA_HALF_NM, lw):
        return  # nor of the Golgi
    for cx in e.stack_x:  # a stack or two, a handful of cisternae each
        for i in range(int(e.cisternae)):
            half = 0.5 * e.stack_w * (1.0 - 0.07 * i)
            x = np.linspace(cx - half, cx + half, 40)
            u = (x - cx) / (0.5 * e.stack_w)
            yc = e.trans_y + i * e.cisterna_gap - e.bow * u**2
            top = np.stack([cam.x_to_screen(x), cam.y_to_screen(yc - CISTERNA_HALF_NM)], axis=1)
            bot = np.stack([cam.x_to_screen(x[::-1]), cam.y_to_screen(yc[::-1] + CISTERNA_HALF_NM)], axis=1)
            poly = np.concatenate([top, bot]).tolist()
            pygame.draw.polygon(screen, mix(theme.cytosol, theme.golgi, 0.35), poly)
            pygame.draw.polygon(screen, theme.golgi, poly, lw)


def _rows_seen(cam: Camera, y0_nm: float, y1_nm: float, lw: int) -> bool:
    """Whether anything drawn between depths y0 and y1 nm (lines lw px wide) can fall in the view's rows."""
    _, vy, _, vh = cam.view
    return cam.y_to_screen(y1_nm) + lw + 2 >= vy and cam.y_to_screen(y0_nm) - lw - 2 <= vy + vh


def _lumen(screen: pygame.Surface, cam: Camera, scene: Scene, theme: Theme) -> None:
    """Acinar cell: across the lumen, the apical poles of two neighbouring acinar cells (with zymogen granules),
    joined by a lateral membrane and sealed to each other by a tight junction at the lumen."""
    e, (vx, vy, vw, vh) = scene.secretory, cam.view
    ny = float(e.neighbour_y)
    top = int(round(cam.y_to_screen(ny)))
    if top > vy:
        screen.fill(neighbour_cytosol(theme), pygame.Rect(vx, vy, vw, min(top, vy + vh) - vy))
    for fx, fy in NEIGHBOUR_GRANULES:  # a few granules in the neighbours, static
        r = 0.5 * (CELLS["acinar"].diameter_nm[0] + 150.0 * fy)
        c = (cam.x_to_screen(fx * scene.width), cam.y_to_screen(ny - r - 150.0 - fy * max(ny - 2 * r - 300.0, 0)))
        pygame.draw.circle(screen, theme.cyto_leaflet, c, max(2, r * cam.scale))
        pygame.draw.circle(screen, mix(theme.lumen, theme.protein_cargo, 0.25), c, max(1, r * cam.scale - 2))
    x0, _, x1, _ = cam.visible_world()
    draw_bilayer(screen, cam, ny, x0, x1, theme, theme.cyto_leaflet, theme.exo_leaflet)
    jx = cam.x_to_screen(0.55 * scene.width)  # the lateral membrane between the two neighbours
    lw = max(2, int(round(5 * cam.scale))) + theme.outline
    pygame.draw.line(screen, theme.cyto_leaflet, (jx, vy), (jx, top), 2 * lw)
    pygame.draw.line(screen, theme.exo_leaflet, (jx, vy), (jx, top), lw)
    tj = max(4, int(round(120 * cam.scale)))  # tight junction: a dark seal where they meet the lumen
    pygame.draw.rect(screen, theme.text_dim, pygame.Rect(int(jx) - tj // 2, top - 2 * tj, tj, 2 * tj))


def _lacteal(screen: pygame.Surface, cam: Camera, scene: Scene, theme: Theme) -> None:
    """Enterocyte: the wall of a lacteal (thin lymphatic endothelium with gaps between its flaps), lymph above."""
    e, (vx, vy, vw, vh) = scene.secretory, cam.view
    wall_lo, wall_hi = float(e.lacteal_y), float(e.lacteal_top)
    lymph = mix(theme.ecf, theme.lipid, 0.08)
    top = int(round(cam.y_to_screen(wall_hi)))
    if top > vy:
        screen.fill(lymph, pygame.Rect(vx, vy, vw, min(top, vy + vh) - vy))
    gaps = np.asarray(e.lacteal_gap_x)
    half = 0.5 * float(e.lacteal_gap_nm)
    edges = np.concatenate(([-1e9], np.ravel(np.stack([gaps - half, gaps + half], axis=1)), [1e12]))
    for a, b in edges.reshape(-1, 2):  # the endothelial cells between the gaps: a few
        xa, xb = max(a, cam.visible_world()[0]), min(b, cam.visible_world()[2])
        if xb <= xa:
            continue
        rect = pygame.Rect(int(cam.x_to_screen(xa)), top, int(cam.x_to_screen(xb) - cam.x_to_screen(xa)),
                           int(cam.y_to_screen(wall_lo)) - top)
        screen.fill(neighbour_cytosol(theme), rect)
        draw_bilayer(screen, cam, wall_hi, xa, xb, theme, theme.exo_leaflet, theme.cyto_leaflet)
        draw_bilayer(screen, cam, wall_lo, xa, xb, theme, theme.cyto_leaflet, theme.exo_leaflet)


def draw_background(screen: pygame.Surface, cam: Camera, scene: Scene, theme: Theme) -> None:
    _golgi_and_nucleus(screen, cam, scene, theme)
    structures = scene.secretory.structures
    if "lumen" in structures:
        _lumen(screen, cam, scene, theme)
    if "lacteal" in structures:
        _lacteal(screen, cam, scene, theme)
    cytoskeleton.draw_cortex(screen, cam, scene.secretory.tracks, theme)
    cytoskeleton.draw_tracks(screen, cam, scene.secretory.tracks, theme)
    if not np.isnan(scene.secretory.junction_y):
        cytoskeleton.draw_apical_pointer(screen, cam, scene, theme)


def draw_overlay(screen: pygame.Surface, cam: Camera, world, theme: Theme, alpha: float) -> None:
    """Collagen fibrils assembled so far (fibroblast); the Ca²⁺ signal: a green glow under the membrane, as strong
    as cytosolic Ca²⁺ is raised."""
    fib = world.scene.secretory.fibrils
    if fib is not None:
        cytoskeleton.draw_fibrils(screen, cam, fib, theme)
    ca = world.signal_view().cytosolic_ca
    if ca < 0.03:
        return
    vx, vy, vw, vh = cam.view
    y0 = int(round(cam.y_to_screen(world.scene.membrane_contact_y)))
    depth = max(6, int(round(CA_BAND_NM * cam.scale)))
    a, b = max(0, vy - y0), min(depth, vy + vh - y0)  # only the rows in the view (a close-up's band is deep)
    if b <= a:
        return
    shade = np.linspace(1.0, 0.0, depth)[a:b] ** 1.2 * 110 * ca  # a tint: the bodies under it stay clear
    band = pygame.Surface((1, b - a), pygame.SRCALPHA)
    band.fill((*theme.calcium, 0))
    pygame.surfarray.pixels_alpha(band)[0, :] = shade.astype(np.uint8)
    screen.blit(pygame.transform.scale(band, (vw, b - a)), (vx, y0 + a))


def labels(scene: Scene) -> list[Label]:
    """(text, anchor in nm, label offset in px) for each structure."""
    e = scene.secretory
    w, m = scene.width, scene.membrane_y
    cx = float(e.stack_x[0])
    half = 0.5 * e.stack_w
    cis_y = e.trans_y + (e.cisternae - 1) * e.cisterna_gap
    structures = e.structures
    outside, membrane = N_("Extracellular fluid"), N_("Plasma membrane (lipid bilayer)")
    out: list[Label] = []
    if "lumen" in structures:
        ny = float(e.neighbour_y)
        outside, membrane = N_("Acinar lumen (shared with neighbouring cells) → duct"), N_("Apical plasma membrane")
        out += [(N_("Neighbouring acinar cells"), (0.02 * w, 0.3 * ny), (0, 0)),
                (N_("Tight junction"), (0.55 * w, ny), (60, -30))]
    if "lacteal" in structures:
        outside, membrane = N_("Interstitium (lamina propria)"), N_("Basolateral plasma membrane")
        cx, cy, ax, _ay = e.tracks.nucleus
        out += [(N_("Nucleus (basal)"), (cx - 0.5 * ax, cy), (0, 0)),
                (N_("↓ Apical pole, ~20 µm further: tight junctions, brush border (microvilli)"),
                 (0.85 * w, scene.cyto[3]), (-60, -50))]
        out += [(N_("Lacteal (lymph capillary)"), (0.02 * w, 0.4 * float(e.lacteal_top)), (0, 0)),
                (N_("Gap between endothelial flaps"), (float(e.lacteal_gap_x[0]), float(e.lacteal_y)), (90, 30))]
    if "ecm" in structures:
        outside = N_("Extracellular matrix")
        fib = e.fibrils
        if fib is not None:
            out.append((N_("Collagen fibrils (67 nm bands), assembled from the procollagen released"),
                        (float(fib.x0[1]), float(fib.y[1])), (60, -20)))
    y_out = 0.5 * (m + (e.neighbour_y if "lumen" in structures else e.lacteal_y if "lacteal" in structures else 0.0))
    return out + [
        (outside, (0.02 * w, y_out if structures else 0.35 * m), (0, 0)),
        (membrane, (0.97 * w, m), (-40, -60)),
        (N_("Cytosol"), (0.02 * w, m + 0.12 * scene.height), (0, 0)),
        (N_("Golgi, trans face"), (cx + 0.55 * half, e.trans_y - e.bow * 0.3), (80, -40)),
        (N_("Golgi, cis face"), (cx + 0.5 * half, cis_y - e.bow * 0.25), (90, 30)),
        (N_("ER"), (0.9 * w, e.nucleus_y - 140.0), (0, -30)),
        *([] if e.tracks.nucleus[2] > 0.0 else [(N_("Nucleus (edge)"), (0.16 * w, e.nucleus_y + 60.0), (0, 0))]),
        *_cytoskeleton_labels(scene),
    ]


def _cytoskeleton_labels(scene: Scene) -> list[Label]:
    """A microtubule and the cortical actin layer."""
    tk = scene.secretory.tracks
    if tk.x.size == 0:
        return []
    x = float(tk.x[min(1, tk.x.size - 1)])
    return [(N_("Microtubule (kinesin track)"), (x, 0.5 * (tk.plus_y + tk.minus_y)), (40, 0)),
            (N_("Cortical actin (~150 nm)"), (0.35 * scene.width, 0.5 * (tk.membrane_y + tk.cortex_y)), (30, 40))]


def dynamic_labels(world) -> list[Label]:
    """A granule (docked, else in transport) named for its cell; "Ca²⁺" while the signal is up; a chylomicron."""
    v, cell = world.ves, world.params.cell_spec
    out: list[Label] = []
    i = v.oldest((Stage.DOCKED, Stage.TRANSPORT))
    if i >= 0 and cell.body:
        out.append((cell.body, (float(v.pos[i, 0]), float(v.pos[i, 1] + v.radius[i])), (60, 60)))
    ch = v.oldest((Stage.CHYLO_OUT,))
    if ch >= 0:
        out.append((N_("Chylomicron"), (float(v.pos[ch, 0] + v.radius[ch]), float(v.pos[ch, 1])), (70, -20)))
    if world.signal_view().cytosolic_ca > 0.1:
        out.append((N_("Ca²⁺ ↑"), (0.5 * world.scene.width, world.scene.membrane_y + 0.5 * CA_BAND_NM), (40, 90)))
    return out


class FullFusionView(SceneView):
    """The secretory cell: Golgi stacks, ER and nuclear edge, the cell's own structures, Ca²⁺; labels."""

    def draw_background(self, screen: pygame.Surface, cam: Camera, scene: Scene, theme: Theme) -> None:
        draw_background(screen, cam, scene, theme)

    def draw_overlay(self, screen: pygame.Surface, cam: Camera, world, theme: Theme, alpha: float) -> None:
        draw_overlay(screen, cam, world, theme, alpha)

    def labels(self, scene: Scene) -> list[Label]:
        return labels(scene)

    def dynamic_labels(self, world) -> list[Label]:
        return dynamic_labels(world)
