"""The membrane-thickness note: computed from the drawn thickness at the current zoom, so that a "to scale" claim
is true at every window size, and a bilayer drawn thicker says by how much."""

from __future__ import annotations

from exoviz.camera import Camera
from exoviz.i18n import _
from exoviz.render.membrane import leaflet_half_px
from exoviz.render.theme import Theme
from exoviz.sim.scene import HALF_BILAYER_NM

TO_SCALE = 1.25  # drawn within this factor of the real thickness counts as to scale


def vesicle_leaflet_px(cam: Camera) -> int:
    """Drawn thickness of one leaflet of a closed vesicle, px: to scale, but at least 1 px."""
    return max(1, int(round(HALF_BILAYER_NM * cam.scale)))


def thickness_factors(cam: Camera, theme: Theme) -> tuple[float, float]:
    """(plasma membrane, vesicle membranes): drawn bilayer thickness over the real 5 nm."""
    real_px = 2.0 * HALF_BILAYER_NM * cam.scale
    pm = 2.0 * (leaflet_half_px(cam, theme) - theme.outline) / real_px
    ves = 2.0 * vesicle_leaflet_px(cam) / real_px
    return pm, ves


def bilayer_note(cam: Camera, theme: Theme) -> str:
    """One line: are the 5 nm bilayers drawn to scale here, and if not, how many times thicker."""
    pm, ves = thickness_factors(cam, theme)
    if pm <= TO_SCALE and ves <= TO_SCALE:
        return _("Bilayers (5 nm) drawn to scale at this zoom")
    parts = [_("plasma membrane ×{k:.0f}").format(k=pm) if pm > TO_SCALE else _("plasma membrane to scale"),
             _("vesicle membranes ×{k:.0f}").format(k=ves) if ves > TO_SCALE else _("vesicle membranes to scale")]
    return _("Bilayers (5 nm) drawn thicker to stay visible: {parts}").format(parts=", ".join(parts))
