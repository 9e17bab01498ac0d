"""The widgets, drawn only when they changed. They lie on the plain panel colour (the toolbar, the column under the
side panel): in a frame drawn over the last one (ui/chrome.py) widgets that did not change are not drawn at all;
in a whole frame, what pygame_gui drew in each region is kept as one opaque surface and copied instead of blending
every widget's image again (~40 blits: 0.5 ms a 1080p frame, 1.5 at 4K). pygame_gui's per-frame update (hover
checks over every widget, ~0.4 ms) is left out while it has nothing to do (idle).

A widget changed when its image (the surface object), place or blend mode changed, or the set of visible widgets
did; while the mouse is over a widget or any event reached the widgets they are drawn as pygame_gui draws them
(hover and presses redraw images), and so in the hall layout and the compare view, whose regions are not plain
panel colour. The pixels are those draw_ui gives on that colour (tests/test_chrome.py compares them).
"""

from __future__ import annotations

import pygame

STABLE = 2  # frames the widgets must stay the same before their layer is made (a drag redraws every frame)
IDLE = 8  # calm frames (no event, no hover, the same images) before pygame_gui's update may be left out (the
# widgets' own pending work is checked besides: _pending; the themes have no fades, no button takes double clicks)


class WidgetLayer:
    """Draws a pygame_gui manager's widgets, from kept region surfaces when nothing in them changed."""

    def __init__(self) -> None:
        self._sig: tuple = ()
        self._same = 0  # frames in a row with the same signature
        self._layers: list[tuple[pygame.Rect, pygame.Surface]] = []  # (region, its pixels) for self._key
        self._key: tuple = ()
        self._shown: tuple | None = None  # the signature whose widgets the screen's regions hold now
        self.busy = True  # an event reached the widgets since the last frame (set by Controls.process)
        self.spilled = True  # a widget was drawn outside the regions (a menu, a tooltip): not kept
        self.composed = 0  # region layers made so far (counting tests)
        self.copied = 0  # frames drawn from the kept layers (counting tests)
        self.skipped = 0  # frames drawn over the last one in which no widget changed: nothing drawn
        self.calm_frames = 0  # frames in a row with no event, no hover and the same images
        self._seen: tuple = ()  # the signature of the last frame drawn
        self.idle_updates = 0  # manager updates left out so far (counting tests)

    def draw(self, manager, screen: pygame.Surface, regions: list[pygame.Rect], colour: tuple,
             retained: bool = False) -> None:
        """Draw the widgets on screen; regions: where they lie on plain `colour` (empty: draw as they are);
        retained: the screen holds the last frame's widgets (ui/chrome.py): drawn again only if they changed."""
        busy, self.busy = self.busy, False
        group = manager.get_sprite_group()
        if not regions or screen.get_clip() != screen.get_rect():
            self._same, self._shown, self.spilled = 0, None, True
            manager.draw_ui(screen)
            return
        calm = not busy and not manager.hovering_any_ui_element
        sig = _signature(group)
        self.calm_frames = self.calm_frames + 1 if calm and sig == self._seen else 0
        self._seen = sig
        if retained and calm and sig == self._shown and not self.spilled:
            self.skipped += 1
            return
        if retained:  # the old widgets erased first (their regions are plain colour under them)
            for r in regions:
                screen.fill(colour, r)
        self._shown = sig if calm else None
        self.spilled = _outside(group.visible, regions)
        if self.spilled or not calm:
            self._same = 0
            manager.draw_ui(screen)
            return
        key = (tuple(tuple(r) for r in regions), tuple(colour), screen.get_size(), screen.get_bitsize())
        if sig != self._sig:
            self._sig, self._same, self._layers = sig, 0, []
        self._same += 1
        if not (self._layers and key == self._key):
            if self._same < STABLE:
                manager.draw_ui(screen)
                return
            self._layers, self._key = _compose(group.visible, regions, colour, screen), key
            self.composed += len(self._layers)
        else:
            self.copied += 1
        for rect, layer in self._layers:
            screen.blit(layer, rect)

    def idle(self, manager) -> bool:
        """Whether the manager's update has nothing to do this frame: no event reached the widgets, none is hovered,
        their images stayed the same for IDLE frames, and no widget has a state to build, a fade, a menu to open or
        fold, or a fresh image waiting (what pygame_gui's update would act on). Then it is left out."""
        if self.busy or self.calm_frames < IDLE or manager.hovering_any_ui_element:
            return False
        if any(_pending(spr) for spr in manager.get_sprite_group()._spritelist):
            return False
        self.idle_updates += 1
        return True


def _pending(spr) -> bool:
    """Whether a widget has work waiting for the manager's update."""
    menu = getattr(spr, "current_state", None)
    if menu is not None and getattr(menu, "should_transition", False):
        return True
    shape = getattr(spr, "drawable_shape", None)
    if shape is None:
        return False
    state = shape.active_state
    return bool(shape.states_to_redraw_queue or shape.need_to_clean_up or shape.should_trigger_full_rebuild
                or (state is not None and (state.has_fresh_surface or state.transition is not None)))


def _signature(group) -> tuple:
    """What the widgets' pixels depend on: the image (the object), place and blend mode of each visible widget, in
    drawing order (pygame_gui draws group.visible: a widget shown or hidden makes a new list)."""
    return tuple([(d[0], tuple(d[1]), d[2], d[3]) for d in group.visible])


def _covers(data) -> pygame.Rect:
    image, rect, area, _mode = data
    size = pygame.Rect(area).size if area is not None else image.get_size()
    return pygame.Rect(pygame.Rect(rect).topleft, size)  # what the blit covers


def _outside(visible: list, regions: list[pygame.Rect]) -> bool:
    """Whether a visible widget is not inside one region (an open menu, a tooltip)."""
    for data in visible:
        r = _covers(data)
        if r.w > 0 and r.h > 0 and not any(reg.contains(r) for reg in regions):
            return True
    return False


def _compose(visible: list, regions: list[pygame.Rect], colour: tuple,
             screen: pygame.Surface) -> list[tuple[pygame.Rect, pygame.Surface]]:
    """Each region's widgets (every visible one lies inside one: _outside) drawn in order on the plain colour."""
    parts: list[list] = [[] for _r in regions]
    for data in visible:
        r = _covers(data)
        if r.w <= 0 or r.h <= 0:
            continue
        k = next(k for k, reg in enumerate(regions) if reg.contains(r))
        parts[k].append((data[0], r.move(-regions[k].x, -regions[k].y), data[2], data[3]))
    out = []
    for reg, blits in zip(regions, parts):
        layer = pygame.Surface(reg.size, 0, screen)
        layer.fill(colour)
        layer.blits(blits)
        out.append((pygame.Rect(reg), layer))
    return out
