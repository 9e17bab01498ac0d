"""The fusion machinery drawn (render/snares.py, snare_parts.py, snare_geometry.py) from hand-made MachineryViews:
what each state changes on screen, the one scale shared with the bilayer, when nothing is drawn, the labels."""

import numpy as np
import pygame
import pytest

import exoviz.render.closeup as closeup
from exoviz.camera import Camera
from exoviz.i18n import tr
from exoviz.render import snare_parts as parts
from exoviz.render import snares
from exoviz.render.membrane import leaflet_half_px, sig2
from exoviz.render.snare_geometry import BUNDLE_NM, Site, bundles
from exoviz.render.theme import DARK, PROJECTOR, THEMES
from exoviz.sim.machinery_view import Machine, MachineryView
from tests.snare_states import docked_world, render, serve, view_at

pytestmark = pytest.mark.usefixtures("pygame_display")


@pytest.fixture(scope="module")
def synapse():
    return docked_world("synapse")


def inset_pixels(world, slot, view, size=(1280, 720), theme="dark"):
    serve(world, view)
    screen, renderer, rect = render(world, slot, size, theme)
    return pygame.surfarray.array3d(screen.subsurface(rect)).copy(), renderer


def test_zippering_changes_the_closeup(synapse):
    world, slot = synapse
    loose = view_at(world, slot, "primed")
    tight = MachineryView(**{**vars(loose), "zipper": np.array([1.0])})
    a, _ = inset_pixels(world, slot, loose)
    b, _ = inset_pixels(world, slot, tight)
    assert np.count_nonzero(np.any(a != b, axis=2)) > 200


def test_each_state_draws_something_different(synapse):
    world, slot = synapse
    shots = [inset_pixels(world, slot, view_at(world, slot, s))[0] for s in ("tethered", "docked", "primed",
                                                                           "ca_bound")]
    for x, y in zip(shots, shots[1:]):
        assert np.any(x != y)


def _ca_pixels(occupancy: float) -> int:
    """Calcium-coloured pixels of one Ca²⁺-bound site drawn alone on a blank surface."""
    surf = pygame.Surface((400, 300))
    surf.fill(DARK.cytosol)
    site = Site(cx=200.0, cy=60.0 + 8.0 * 23.5, R=8.0 * 20.0, face=60.0, line=40.0, u=8.0)
    pen = parts.Pen(surf, parts.palette(DARK), 8.0, DARK)
    parts.draw_site(pen, site, Machine.CA_BOUND, 3, 1.0, occupancy, False, 20.0)
    px = pygame.surfarray.array3d(surf)
    return int(np.count_nonzero(np.all(px == np.array(DARK.calcium), axis=2)))


def test_calcium_dots_appear_only_with_occupancy_and_grow_with_it():
    none, two, five = _ca_pixels(0.0), _ca_pixels(0.4), _ca_pixels(1.0)
    assert none == 0
    assert 0 < two < five
    assert five == pytest.approx(2.5 * two, rel=0.2)  # 5 ions against 2, drawn alike


@pytest.mark.parametrize("zoom", [1.5, 4.0, 30.0])
@pytest.mark.parametrize("theme", [DARK, PROJECTOR])
def test_a_complex_keeps_its_true_proportion_to_the_drawn_bilayer(zoom, theme):
    cam = Camera(8000.0, 4500.0, (0, 0, 1920, 1080))
    cam.zoom = zoom
    u, k = snares.shared_unit(cam, theme)
    bilayer_px = 2 * (leaflet_half_px(cam, theme) - theme.outline)  # as render/membrane.py draws it
    site = Site(cx=500.0, cy=500.0 + 153.5 * u, R=150.0 * u, face=500.0 + 2.5 * u, line=500.0, u=u)
    m, far, _side, _rank = bundles(site, 3)
    length = np.hypot(*(far - m).T)
    assert length == pytest.approx(BUNDLE_NM / 5.0 * bilayer_px, abs=0.01)
    note = tr(snares.scale_note(k))
    if k > 1.25:  # enlarged: said on screen, with its factor
        assert f"×{sig2(k)}" in note
    else:
        assert "to scale" in note


def test_the_enlargement_reaches_the_disclosure_strip(synapse):
    from exoviz.render.disclosure import notes

    world, slot = docked_world("beta-cell")
    serve(world, view_at(world, slot, "primed"))
    cam = Camera(world.scene.width, world.scene.height, (0, 0, 1920, 1080))
    cam.zoom = 2.0  # the complex is ~11 px at true scale; the 5 nm bilayer is drawn 6 px thick
    k = snares.shared_unit(cam, PROJECTOR)[1]
    assert k > 1.25
    assert tr(snares.scale_note(k)) in notes(world, cam, PROJECTOR)
    cam.zoom = 1.0
    assert not any("Proteins" in n for n in notes(world, cam, PROJECTOR))  # not drawn: nothing to disclose


def _drawn_alone(world, cam, view) -> tuple[snares.Drawn, bool]:
    surf = pygame.Surface(cam.view[2:])
    surf.fill((1, 2, 3))
    before = pygame.surfarray.array3d(surf).copy()
    drawn = snares.draw_machinery(surf, cam, world, THEMES["dark"], 1.0, view)
    return drawn, bool(np.any(pygame.surfarray.array3d(surf) != before))


def test_nothing_is_drawn_for_an_empty_view_or_a_complex_under_4_px():
    world, slot = docked_world("beta-cell")
    cam = Camera(world.scene.width, world.scene.height, (0, 0, 1920, 1080))
    cam.look_at(world.ves.pos[slot], 4.0)
    drawn, changed = _drawn_alone(world, cam, MachineryView())
    assert not changed and drawn.factor == 0
    view = view_at(world, slot, "primed")
    drawn, changed = _drawn_alone(world, cam, view)
    assert changed and drawn.anchors  # 12 nm is 11.5 px here
    cam.look_at(world.ves.pos[slot], 1.0)  # 12 nm is 2.9 px: below MIN_PX
    assert BUNDLE_NM * cam.scale < snares.MIN_PX
    drawn, changed = _drawn_alone(world, cam, view)
    assert not changed and not drawn.anchors


@pytest.mark.parametrize("state, has, lacks", [
    ("docked", {"munc18", "stx", "snap", "vamp", "syt"}, {"cpx", "ca", "nsf"}),
    ("primed", {"cpx", "stx", "snap", "vamp", "syt"}, {"munc18", "ca", "nsf"}),
    ("ca_bound", {"ca", "syt"}, {"munc18", "cpx", "nsf"}),
    ("disassembly", {"nsf", "stx", "snap", "vamp"}, {"munc18", "cpx"}),
])
def test_each_state_draws_its_proteins(state, has, lacks):
    world, slot = docked_world("synapse")
    _, renderer = inset_pixels(world, slot, view_at(world, slot, state))
    got = set(renderer.snares.anchors)
    assert has <= got and not (lacks & got)


@pytest.mark.parametrize("story", ["beta-cell", "synapse"])
def test_the_closeup_frames_the_machinery_and_names_each_protein_once(story, monkeypatch):
    world, slot = docked_world(story)
    names: list[str] = []
    boxes: list[pygame.Rect] = []
    real = closeup.place_labels

    def spy(cam, text, items, size, avoid, grid, theme):
        got = real(cam, text, items, size, avoid, grid, theme)
        names.extend(item[0] for item in items[: len(got)])
        boxes.extend(rect for _s, rect, _a in got)
        return got

    monkeypatch.setattr(closeup, "place_labels", spy)
    _, renderer = inset_pixels(world, slot, view_at(world, slot, "primed"), (1920, 1080), "projector")
    assert BUNDLE_NM * renderer.inset[1].scale >= 50  # a complex is large in the close-up
    assert sorted(names) == sorted(set(names))  # each once
    assert {"VAMP2", "syntaxin-1", "SNAP-25", "complexin", "synaptotagmin"} <= set(names)
    proteins = renderer.snares.boxes
    assert all(b.collidelist(proteins) < 0 for b in boxes)  # no name covers a protein
    assert all(a.collidelist([b for b in boxes if b is not a]) < 0 for a in boxes)  # nor another name


def test_a_release_site_is_drawn_once_then_blitted_from_its_sprite(monkeypatch):
    from exoviz.render import snare_sprites

    world, slot = docked_world("synapse")
    dk = np.flatnonzero(world.ves.stage == world.ves.stage[slot])
    n = dk.size
    view = MachineryView(rows=dk.astype(np.int64), state=np.full(n, Machine.PRIMED, np.int8),
                         complexes=np.full(n, 3, np.int8), zipper=np.full(n, 0.5), ca_occupancy=np.zeros(n),
                         clamped=np.ones(n, bool))
    cam = Camera(world.scene.width, world.scene.height, (0, 0, 1280, 720))
    made: list[tuple] = []
    real = snare_sprites.parts.draw_site
    monkeypatch.setattr(snare_sprites.parts, "draw_site", lambda *a, **k: (made.append(a), real(*a, **k))[1])
    _drawn_alone(world, cam, view)
    first = len(made)
    _drawn_alone(world, cam, view)
    assert 0 < first <= n and len(made) == first  # the second frame draws no site again


def test_a_granule_wider_than_any_sprite_is_still_drawn_in_the_closeup():
    world, slot = docked_world("beta-cell")
    px, renderer = inset_pixels(world, slot, view_at(world, slot, "primed"), (1920, 1080), "projector")
    assert world.ves.radius[slot] * renderer.inset[1].scale > 700  # beyond sprites.MAX_R_PX
    lumen = np.all(px == np.array(PROJECTOR.lumen), axis=2)
    assert lumen.mean() > 0.2  # its lumen fills the lower part of the inset


def test_the_names_follow_the_labels_layer(monkeypatch):
    world, slot = docked_world("synapse")
    serve(world, view_at(world, slot, "primed"))
    calls: list[int] = []
    real = closeup.place_labels
    monkeypatch.setattr(closeup, "place_labels", lambda *a: (calls.append(1), real(*a))[1])
    render(world, slot, (1280, 720), "dark", labels=False)
    assert not calls
    render(world, slot, (1280, 720), "dark", labels=True)
    assert calls


def test_no_cis_complex_is_drawn_under_a_vesicle_still_at_the_membrane():
    """NSF works on the free cytosolic face: where a docked (or kissed) vesicle sits, no cis-complex is drawn."""
    import numpy as np

    from exoviz.params import Params
    from exoviz.render.snares import under_a_body
    from exoviz.sim.stages import Stage
    from exoviz.sim.world import World

    w = World(Params(mode="kiss-and-run", seed=0))
    v = w.ves
    dk = v.where(Stage.DOCKED)
    assert dk.size
    x = float(v.pos[dk[0], 0])
    xs = np.array([x, x + 0.5 * float(v.radius[dk[0]]), -1.0e6])
    assert under_a_body(w, xs).tolist() == [True, True, False]


@pytest.mark.parametrize("u", [1.2, 6.8])
def test_a_site_drifting_sideways_by_fractions_of_a_pixel_is_drawn_once(u, monkeypatch):
    """A release site whose state does not change, drifting sideways over 3 px in steps of a twentieth of a px (its
    vesicle jostling), keeps its one sprite: it is placed with its axis at the nearest px, never drawn again (its
    corner was rounded on its own, so half the sub-px places drew a sprite one column wider)."""
    from exoviz.render import snare_sprites

    made: list[float] = []
    real = snare_sprites.parts.draw_site
    monkeypatch.setattr(snare_sprites.parts, "draw_site", lambda *a, **k: (made.append(a[1].cx), real(*a, **k))[1])
    snare_sprites._CACHE.clear()
    for dx in np.arange(-1.5, 1.5, 0.05):
        site = Site(60.0 * u + dx, 40.0 * u, 30.0 * u, 12.0 * u, 10.0 * u, u, 0.0)
        sprite, x0, _y0 = snare_sprites.site_sprite(DARK, site, Machine.CA_BOUND, 3, 0.6, 0.8, False, 4.0)
        assert x0 + made[0] == round(site.cx)  # the axis drawn at the site's nearest px
    assert len(made) == 1


@pytest.mark.parametrize("u", [1.2, 7.2])
def test_a_site_is_drawn_again_only_when_its_zippering_moves_a_pixel(u, monkeypatch):
    """Zippering from 0 to 1 in 400 small steps: the sprite is drawn again once per px the zipper's front moves
    along a complex (BUNDLE_NM u px long), not at every step of the model (at main-view scale, a sprite of 40
    steps changed by a third of a px each time)."""
    from exoviz.render import snare_sprites

    made: list[float] = []
    real = snare_sprites.parts.draw_site
    monkeypatch.setattr(snare_sprites.parts, "draw_site", lambda *a, **k: (made.append(a[4]), real(*a, **k))[1])
    snare_sprites._CACHE.clear()
    site = Site(60.0 * u, 40.0 * u, 30.0 * u, 12.0 * u, 10.0 * u, u, 0.0)
    for z in np.linspace(0.0, 1.0, 400):
        snare_sprites.site_sprite(DARK, site, Machine.PRIMED, 3, float(z), 0.0, True, 4.0)
    px = BUNDLE_NM * u
    assert min(px, snare_sprites.ZIP_STEPS) <= len(made) <= min(px, snare_sprites.ZIP_STEPS) + 2
    step_px = np.diff(made) * px  # how far the front moves between drawings: a px (2 at most in a 4K close-up)
    assert np.all(step_px <= max(1.05, px / snare_sprites.ZIP_STEPS) + 1e-9)


def test_a_site_reaching_far_below_its_view_is_drawn_only_down_to_it():
    """A docked vesicle still ~60 nm under the membrane in a 1080p close-up: its site's drawing is ~630 px tall,
    the inset shows its top 250. The sprite is cut a little below the view (on the CLIP_STEP grid): fewer px
    drawn, the same pixels, anchors and boxes where it is drawn; in a view that holds it all, the whole sprite."""
    from exoviz.render import snare_sprites

    u = 6.8
    site = Site(500.4, 850.3, 135.0, 350.0, 332.0, u, 0.0)
    args = (Machine.DOCKED, 0, 0.0, 0.8, False, 36.0)
    snare_sprites._CACHE.clear()
    whole, x0, y0 = snare_sprites.site_sprite(PROJECTOR, site, *args)
    ww, wh = whole.surface.get_size()
    view = (x0 - 40, y0 - 30, 524, 278)
    before = snare_sprites.drawn["px"]
    part, x1, y1 = snare_sprites.site_sprite(PROJECTOR, site, *args, view=view)
    w, h = part.surface.get_size()
    assert (x1, y1) == (x0, y0) and w == ww
    assert view[1] + view[3] <= y0 + h < view[1] + view[3] + snare_sprites.CLIP_STEP and h < wh / 2
    assert snare_sprites.drawn["px"] - before == w * h  # only the cut sprite was drawn
    assert pygame.image.tobytes(part.surface, "RGBA") == \
        pygame.image.tobytes(whole.surface.subsurface((0, 0, w, h)), "RGBA")
    assert part.anchors == whole.anchors and part.boxes == whole.boxes
    again, *_ = snare_sprites.site_sprite(PROJECTOR, site, *args, view=(x0, y0, ww, wh))
    assert again is whole


def test_the_neurons_closeup_draws_no_site_far_below_it(monkeypatch):
    """The neuron's 1080p close-up over 30 frames (a docked vesicle approaching, a kiss's pore): every release
    site's sprite in the inset ends within a CLIP_STEP below the inset, and some of them were cut there (their
    whole drawing reached further down)."""
    from exoviz.cli import parse
    from exoviz.render import snare_sprites
    from exoviz.session import Session
    from exoviz.ui.window import offscreen_window

    opts = parse(["--headless", "--duration", "1", "--cell", "neuron", "--seed", "1", "--size", "1920x1080",
                  "--theme", "projector", "--closeup"])
    session = Session(opts)
    win = offscreen_window(session, opts)
    session.world.run(120)
    seen: list[tuple[int, int, bool]] = []
    real = snares.site_sprite

    def spy(*a):
        sprite, x0, y0 = real(*a)
        whole = real(*a[:-1])[0]  # (the same site with no view: its whole drawing)
        view = a[-1]
        seen.append((y0 + sprite.surface.get_height(), view[1] + view[3],
                     sprite.surface.get_height() < whole.surface.get_height()))
        return sprite, x0, y0

    monkeypatch.setattr(snares, "site_sprite", spy)
    inset = []
    for _ in range(30):
        seen.clear()
        win.frame(1 / 60)
        if win.renderer.inset is not None:
            bottom = win.renderer.inset[0].bottom
            inset += [(end, b, cut) for end, b, cut in seen if b == bottom]
    assert inset and all(end < b + snare_sprites.CLIP_STEP for end, b, _cut in inset)
    assert any(cut for _end, _b, cut in inset)


def test_a_complex_drawn_in_floats_lands_where_the_arrays_put_it():
    """snare_parts draws a complex in plain floats (a site's sprite is ~55 rods: ~35 % less CPU): the vesicle's
    face point and normal are the very floats Site.on_vesicle gives, and every rod of a complex has its ends where
    the arrays of bundles() put them (the far end, the membrane ends, the zipper's front)."""
    rng = np.random.default_rng(3)
    for _ in range(200):
        u = float(rng.uniform(0.5, 12.0))
        site = Site(float(rng.uniform(0, 500)), float(rng.uniform(50, 500)), float(rng.uniform(10, 300)), 30.0, 27.5, u)
        p = rng.uniform(-600, 600, 2)
        at, nrm = site.on_vesicle(p)
        assert parts._on_vesicle(site, float(p[0]), float(p[1])) == (at[0], at[1], nrm[0], nrm[1])
    site = Site(200.0, 90.0, 60.0, 30.0, 27.5, 4.0)
    m, far, side, _rank = bundles(site, 2)
    rods: list[tuple[tuple[float, float], tuple[float, float]]] = []
    pen = parts.Pen(pygame.Surface((400, 200), pygame.SRCALPHA), parts.palette(DARK), 4.0, DARK)
    pen.rod = lambda a, b, *args, **kw: rods.append(((float(a[0]), float(a[1])), (float(b[0]), float(b[1]))))
    parts._complex(pen, site, m[0], far[0], float(side[0]), 0.5, 3.0, False, False)
    ends = {pt for rod in rods for pt in rod}
    d = far[0] - m[0]
    p = np.array([d[1], -d[0]]) / np.hypot(*d)
    p = p if p[1] <= 0 else -p
    for off in parts.OFFSETS.values():
        assert tuple((far[0] + p * off * 4.0).tolist()) in ends or np.min(
            [np.hypot(*(np.array(e) - (far[0] + p * off * 4.0))) for e in ends]) < 1e-9  # each helix from the far end
    assert len(rods) == 2 + 2 * len(parts.OFFSETS)  # two transmembrane helices, each helix zipped and loose


def test_a_site_holding_still_reuses_its_key_and_its_placing(monkeypatch):
    """A release site drawn again as it was (a docked vesicle holding still between the model's steps) works out
    neither its sprite's key nor where its anchors and boxes go again; one that moved does (and lands there)."""
    from exoviz.render import snare_sprites as sprites

    calls: list[int] = []
    place = sprites._place
    monkeypatch.setattr(sprites, "_place", lambda *a: (calls.append(1), place(*a))[1])
    sprites._PLACES.clear()
    site = Site(200.0, 90.0, 60.0, 30.0, 27.5, 4.0)
    first = sprites.site_sprite(DARK, site, Machine.PRIMED, 3, 0.5, 0.2, True, 3.0)
    again = sprites.site_sprite(DARK, site, Machine.PRIMED, 3, 0.5, 0.2, True, 3.0)
    assert len(calls) == 1 and first == again
    a, b = first[0].placed(first[1], first[2]), again[0].placed(again[1], again[2])
    assert a is b and a[0]["vamp"] == (first[0].anchors["vamp"][0] + first[1], first[0].anchors["vamp"][1] + first[2])
    moved = sprites.site_sprite(DARK, Site(203.0, 90.0, 60.0, 30.0, 27.5, 4.0), Machine.PRIMED, 3, 0.5, 0.2, True, 3.0)
    assert len(calls) == 2 and moved[0] is first[0] and moved[1] == first[1] + 3  # the same sprite, 3 px on
    c = moved[0].placed(moved[1], moved[2])
    assert c is not a and [r.x for r in c[1]] == [r.x + 3 for r in a[1]]


@pytest.mark.parametrize("theme", [DARK, PROJECTOR])
def test_a_site_sprite_is_colour_keyed_and_blits_what_a_transparent_drawing_blits(theme, monkeypatch):
    """A release site's sprite is an opaque run-length-encoded colour-keyed surface (the proteins are drawn
    unblended: skipping its empty runs is far cheaper than blending them): blitted, the very pixels of the same
    drawing on a transparent surface, on either theme's cytosol."""
    from exoviz.render import snare_sprites as sprites

    site = Site(200.0, 120.0, 90.0, 30.0, 27.5, 4.0)
    sprites._CACHE.clear()
    keyed = sprites.site_sprite(theme, site, Machine.PRIMED, 3, 0.6, 0.4, True, 3.0)[0].surface
    assert keyed.get_colorkey() is not None and not keyed.get_flags() & pygame.SRCALPHA
    monkeypatch.setattr(sprites, "_canvas", lambda size, pal: pygame.Surface(size, pygame.SRCALPHA))
    sprites._CACHE.clear()
    clear = sprites.site_sprite(theme, site, Machine.PRIMED, 3, 0.6, 0.4, True, 3.0)[0].surface
    assert clear.get_flags() & pygame.SRCALPHA
    a, b = pygame.Surface(keyed.get_size()), pygame.Surface(keyed.get_size())
    for surf, img in ((a, keyed), (b, clear)):
        surf.fill(theme.cytosol)
        surf.blit(img, (0, 0))
    assert pygame.image.tobytes(a, "RGB") == pygame.image.tobytes(b, "RGB")
    blank = pygame.Surface(keyed.get_size())
    blank.fill(theme.cytosol)
    assert pygame.image.tobytes(a, "RGB") != pygame.image.tobytes(blank, "RGB")  # (something was drawn)
    sprites._CACHE.clear()
