"""One layout for everything drawn over the scene: where each overlay goes, and what gives way when room runs out.

The order, highest first (ORDER). Each overlay takes its free space away from the subject's surroundings and
from every overlay after it:

  0. the SUBJECT: the followed or highlighted body (its reticle) and, at an event, its fusion site. It is not
     an overlay; it is never covered.
  1. CAPTION: the caption strip. It has its own strip under the scene (render/layout.py), so it never lies
     over the scene; it is listed so that steps.json and the checks see it.
  2. CLOCK: the clock as one compact line (simulated time · playback factor · paused), and beside it the
     scale bar (both on key K).
  3. DISCLOSURE: the line of what is drawn out of scale or speed (render/disclosure.py: a one-line ticker in
     moving views, in full on stills and slides). Like the caption it has a strip of its own, under the scene
     (ui/disclosure_room.py carves it from the layout), so it covers nothing; it keeps its rank here.
  4. CLOSEUP: the event close-up inset (render/closeup.py, key I).
  5. TRACES: one shared strip for traces: the live chart now (render/chart*.py, key G), the instruments later;
     the macrophage's internalized-membrane counter shares its rank. Then TIRF: the pHluorin kymograph with its
     region's ΔF/F0 trace (render/kymograph.py, key O).
  6. LABELS: structure labels (render/labels.py). They are placed last of all, around the subject and every
     overlay above and below them in this list; a label with no free spot is hidden (key L shows them all).
  7. MESSAGES: the on-screen message, then the start hint banner, then the REC badge.

What must give way does so in three steps, lowest rank first (an overlay is placed only after every overlay
above it has its place): it first SHRINKS (its smaller sizes down to three quarters of its width, at its
preferred place), then MOVES (from its largest size down to its smallest: each of its places in preference,
as it is or pushed clear of what is in the way, then along the edges and across the scene), then
HIDES (the key that shows it brings it back when there is room: K clock, I close-up, G chart, O TIRF, L labels).
Overlays keep a margin between each other and from the subject, and all lie inside the scene. An overlay
keeps last frame's place while it is still free and a new place would not be larger, so nothing jumps about.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

SUBJECT, CAPTION, CLOCK, SCALE_BAR, DISCLOSURE = "subject", "caption", "clock", "scale_bar", "disclosure"
CLOSEUP, TRACES, COUNTER, LABELS, MESSAGE, HINT, REC = ("closeup", "traces", "counter", "labels", "message",
                                                          "hint", "rec")
TIRF = "tirf"  # the pHluorin TIRF kymograph and its region's trace (render/kymograph.py, key O)
LEDGER = "ledger"  # the hall layout's card of the ledger's three numbers (ui/hall.py)
ORDER: tuple[str, ...] = (CAPTION, CLOCK, LEDGER, SCALE_BAR, DISCLOSURE, CLOSEUP, TRACES, TIRF, COUNTER, LABELS,
                          MESSAGE, HINT, REC)
PLACES = ("topleft", "midtop", "topright", "midleft", "midright", "bottomleft", "midbottom", "bottomright")
IN_PLACE = 0.75  # an overlay shrinks at its place down to this share of its width before it moves
SLIDES = 8  # besides its named places, an overlay may slide along the edges and across in this many steps


@dataclass
class Overlay:
    """One overlay's request: its sizes (largest first; each (w, h) px, the last the smallest it can read at),
    its places in preference (PLACES: anchors inside the scene), and how to draw itself in the rect it gets."""

    name: str
    sizes: list[tuple[int, int]]
    places: tuple[str, ...] = PLACES
    draw: Callable[[pygame.Surface, pygame.Rect, int], None] | None = None  # (screen, rect, size index)
    fixed: pygame.Rect | None = None  # already has its place (the caption strip): only recorded


@dataclass
class Plan:
    """Where every overlay of one frame goes (name -> rect, and which size it got), and what was hidden."""

    window: pygame.Rect
    scene: pygame.Rect
    subject: pygame.Rect | None
    rects: dict[str, pygame.Rect] = field(default_factory=dict)
    size: dict[str, int] = field(default_factory=dict)
    hidden: list[str] = field(default_factory=list)
    labels: list[pygame.Rect] = field(default_factory=list)
    requests: dict[str, Overlay] = field(default_factory=dict)

    def taken(self) -> list[pygame.Rect]:
        """What a label must keep off: the subject and every placed overlay."""
        return ([self.subject] if self.subject is not None else []) + list(self.rects.values())

    def draw(self, screen: pygame.Surface, names: tuple[str, ...]) -> None:
        for name in names:
            req = self.requests.get(name)
            if req is not None and req.draw is not None and name in self.rects:
                req.draw(screen, self.rects[name], self.size[name])

    def describe(self) -> dict:
        """For steps.json: the subject's rect and every overlay's, [x, y, w, h] px."""
        def box(r: pygame.Rect) -> list[int]:
            return [r.x, r.y, r.w, r.h]

        return {"subject": box(self.subject) if self.subject is not None else None,
                "overlays": {name: box(r) for name, r in self.rects.items()},
                "labels": [box(r) for r in self.labels], "hidden": list(self.hidden)}


def _rank(name: str) -> int:
    return ORDER.index(name) if name in ORDER else len(ORDER)


def _spots(area: pygame.Rect, w: int, h: int, places: tuple[str, ...]) -> list[pygame.Rect]:
    """Candidate rects of size (w, h) inside area at the named places."""
    out = []
    for place in places:
        r = pygame.Rect(0, 0, w, h)
        setattr(r, place, getattr(area, place))
        out.append(r)
    return out


def _slides(area: pygame.Rect, w: int, h: int) -> list[pygame.Rect]:
    """Candidate rects of size (w, h) slid along the top and bottom edges of area, then along rows across it
    (the last resort before hiding)."""
    xs = [area.x + (area.w - w) * k // SLIDES for k in range(SLIDES + 1)] if area.w > w else [area.x]
    ys = [area.y, area.bottom - h] + [area.y + (area.h - h) * k // SLIDES for k in range(1, SLIDES)]
    return [pygame.Rect(x, y, w, h) for y in ys for x in xs]


def plan_overlays(window: pygame.Rect, scene: pygame.Rect, subject: pygame.Rect | None, requests: list[Overlay],
                  margin: int, previous: Plan | None = None) -> Plan:
    """Place the requests in ORDER: each at its first place and size that meets neither the subject nor an
    overlay placed before it (with `margin` px between), shrinking, then moving, then hiding. An overlay
    that had a place in the previous frame's plan keeps it, at the same size, while it is still free (so
    nothing jumps from side to side as the subject moves)."""
    area = scene.inflate(-2 * margin, -2 * margin)
    subj = subject.clip(scene) if subject is not None else None
    plan = Plan(window, scene, subj if subj is not None and subj.w and subj.h else None)
    for req in sorted(requests, key=lambda r: (r.fixed is None, _rank(r.name))):  # fixed ones hold their place
        plan.requests[req.name] = req
        if req.fixed is not None:
            plan.rects[req.name], plan.size[req.name] = req.fixed, 0
            continue
        keep_off = [r.inflate(2 * margin, 2 * margin) for r in plan.rects.values() if r.colliderect(scene)]
        if plan.subject is not None:
            keep_off.append(plan.subject.inflate(2 * margin, 2 * margin))
        fresh = _first_free(area, req, keep_off)
        spot = _kept(previous, req, area, keep_off, fresh) or fresh
        if spot is None:
            plan.hidden.append(req.name)
        else:
            plan.rects[req.name], plan.size[req.name] = spot
    return plan


def _kept(previous: Plan | None, req: Overlay, area: pygame.Rect, keep_off: list[pygame.Rect],
          fresh: tuple[pygame.Rect, int] | None) -> tuple[pygame.Rect, int] | None:
    """The overlay's place in the previous plan, if it asks for the same size there, the place is still free,
    and a fresh placement would not make it larger."""
    if previous is None or req.name not in previous.rects or fresh is None:
        return None
    rect, k = previous.rects[req.name], previous.size[req.name]
    if k >= len(req.sizes) or rect.size != req.sizes[k] or not area.contains(rect) or rect.collidelist(keep_off) >= 0:
        return None
    return (rect, k) if k <= fresh[1] else None


def _first_free(area: pygame.Rect, req: Overlay, keep_off: list[pygame.Rect]) -> tuple[pygame.Rect, int] | None:
    """Shrink at the preferred place (down to IN_PLACE of the width); then move: from the largest size down,
    each place in preference, as it is or pushed clear of what is in the way (under the clock, above the
    scale bar), then along the edges and across the scene."""
    fits = [(k, w, h) for k, (w, h) in enumerate(req.sizes) if 0 < w <= area.w and 0 < h <= area.h]
    w0 = req.sizes[0][0] if req.sizes else 0
    preferred = [(r, k) for k, w, h in fits if w >= IN_PLACE * w0 for r in _spots(area, w, h, req.places[:1])]
    for rect, k in preferred:
        if rect.collidelist(keep_off) < 0:
            return rect, k
    for k, w, h in fits:  # size by size: every named place (as it is or pushed clear), then slid along
        for rect in _spots(area, w, h, req.places):
            pushed = _push_clear(rect, area, keep_off)
            if pushed is not None:
                return pushed, k
        for rect in _slides(area, w, h):
            if rect.collidelist(keep_off) < 0:
                return rect, k
    return None


def _push_clear(rect: pygame.Rect, area: pygame.Rect, keep_off: list[pygame.Rect]) -> pygame.Rect | None:
    """rect moved down (it hangs from the top) or up (it stands on the bottom) just clear of what it meets,
    if it then meets nothing and stays in area; else None."""
    hit = [keep_off[i] for i in rect.collidelistall(keep_off)]
    if not hit:
        return rect
    moved = rect.copy()
    if rect.top == area.top:
        moved.top = max(r.bottom for r in hit)
    elif rect.bottom == area.bottom:
        moved.bottom = min(r.top for r in hit)
    else:
        return None
    return moved if area.contains(moved) and moved.collidelist(keep_off) < 0 else None


def subject_rect(cam, centre_px: tuple[float, float] | None, radius_px: float,
                 site_px: tuple[float, float] | None = None, pad: int = 14,
                 site_radius_px: float = 0.0) -> pygame.Rect | None:
    """The box the subject needs on screen: its reticle (radius_px plus the ticks) and, at an event, a box
    around its fusion site (site_radius_px: the merged patch's half-width); clipped to the view (None when
    neither is in it)."""
    boxes = []
    if centre_px is not None:
        r = max(6.0, radius_px) + pad
        boxes.append(pygame.Rect(int(centre_px[0] - r), int(centre_px[1] - r), int(2 * r) + 1, int(2 * r) + 1))
    if site_px is not None:
        r = max(pad, site_radius_px)
        boxes.append(pygame.Rect(int(site_px[0] - r), int(site_px[1] - r), int(2 * r), int(2 * r)))
    if not boxes:
        return None
    box = boxes[0].unionall(boxes[1:])
    view = pygame.Rect(cam.view)
    return box.clip(view) if box.colliderect(view) else None
