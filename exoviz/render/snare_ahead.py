"""Release sites' sprites built ahead of the next model step. In the close-up's slow motion the model steps once
every several frames, and each step moves every site's zipper and Ca²⁺ occupancy a drawn step: all its sprites
were drawn in that one frame. A site that kept its place over the last step is foreseen to move its zipper and
occupancy (they follow the local Ca²⁺, smoothly) by half to as much again as in it, and those sprites are drawn
in frames between the steps (PER_CALL a view): the step's frame then finds them kept (the same key: the same
pixels). A wrong guess costs a sprite between steps and the step's frame draws the real one, as before."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from exoviz.render.snare_geometry import Site
from exoviz.render.snare_sprites import site_sprite, zip_steps
from exoviz.render.theme import Theme

LESS = 0.5  # the next step's change foreseen as from this share of the last one up to as much again
PER_SITE = 3  # guesses at most per site
PER_CALL = 1  # sprites built ahead per view drawn between steps (the main view and the close-up: two a frame)


@dataclass(frozen=True)
class Args:
    """One site's site_sprite arguments as drawn."""

    site: Site
    state: int
    n: int
    zipper: float
    occupancy: float
    clamped: bool
    ves_thick: float
    view: tuple[int, int, int, int] | None

    def same_place(self, other: Args) -> bool:
        """Whether the site is drawn in the same place and geometry with as many complexes (its sprite differs at
        most in its state, zipper and occupancy)."""
        return (self.site, self.n, self.ves_thick, self.view) == (other.site, other.n, other.ves_thick, other.view)


@dataclass
class Ahead:
    """What the last two steps drew per (row, unit) and the sprites still to draw ahead."""

    view: object = None  # the MachineryView of the step drawn now (a new one: a new step)
    alpha: float = -1.0  # the interpolation of the step's first frame (another: a frame between steps)
    last: dict[tuple[int, float], Args] = field(default_factory=dict)
    now: dict[tuple[int, float], Args] = field(default_factory=dict)
    todo: list[Args] | None = None  # None: not planned yet this step
    built: int = 0  # sprites built ahead so far (counted for tests)

    def begin(self, mv: object, alpha: float) -> bool:
        """Called as a view is drawn; True if this frame is one between steps (building ahead may go on)."""
        if mv is not self.view:
            self.view, self.alpha, self.todo = mv, alpha, None
            self.last, self.now = self.now, {}
            return False
        return alpha != self.alpha

    def record(self, row: int, u: float, args: Args) -> None:
        """A site drawn; the first drawing of each (row, unit) in a step is the step frame's."""
        self.now.setdefault((row, round(u, 3)), args)

    def build(self, theme: Theme) -> None:
        """Draw up to PER_CALL foreseen sprites (planned at the first call between steps)."""
        if self.todo is None:
            guesses = [foreseen(self.last[key], now) for key, now in self.now.items() if key in self.last]
            self.todo = [g[k] for k in range(PER_SITE) for g in guesses if k < len(g)]  # every site's likeliest first
        for args in self.todo[:PER_CALL]:
            site_sprite(theme, args.site, args.state, args.n, args.zipper, args.occupancy, args.clamped,
                        args.ves_thick, args.view)
            self.built += 1
        del self.todo[:PER_CALL]


def _drawn_steps(now: float, last: float, scale: int) -> list[int]:
    """The drawn steps (value x scale, rounded) the value may reach at the next step: changing by 0.5 to 1.0 times
    its last change (it follows the local Ca²⁺, which rises and falls smoothly, settling), the likeliest first."""
    lo, hi = (round(min(max(now + f * (now - last), 0.0), 1.0) * scale) for f in (LESS, 1.0))
    mid = round(min(max(now + 0.5 * (LESS + 1.0) * (now - last), 0.0), 1.0) * scale)
    return sorted(range(min(lo, hi), max(lo, hi) + 1), key=lambda i: abs(i - mid))


def foreseen(before: Args, now: Args) -> list[Args]:
    """The next step's likely arguments in the state of now (none if the site moved, and none drawn as now: that
    sprite is kept), the likeliest first, at most PER_SITE. A zipper that jumped with a change of state (a
    Ca²⁺-bound vesicle back to primed) is foreseen to hold."""
    if not now.same_place(before):
        return []
    zip_before = before.zipper if before.state == now.state else now.zipper
    steps = zip_steps(now.site.u)
    here = (round(now.zipper * steps), round(now.occupancy * 5))
    out = [Args(now.site, now.state, now.n, z / steps, o / 5, now.clamped, now.ves_thick, now.view)
           for z in _drawn_steps(now.zipper, zip_before, steps) for o in _drawn_steps(now.occupancy,
                                                                                         before.occupancy, 5)
           if (z, o) != here]
    return out[:PER_SITE]


_AHEADS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # world -> its Ahead (two in the compare view)


def ahead(world: object) -> Ahead:
    """The look-ahead of one world's release sites (made at its first drawing)."""
    out = _AHEADS.get(world)
    if out is None:
        out = _AHEADS[world] = Ahead()
    return out
