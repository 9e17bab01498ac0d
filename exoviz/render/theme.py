"""Colour themes (dark default, high-contrast projector) built on the colour-blind-safe Okabe-Ito palette."""

from __future__ import annotations

from dataclasses import dataclass

Color = tuple[int, int, int]

# Okabe-Ito palette
ORANGE: Color = (230, 159, 0)
SKY: Color = (86, 180, 233)
GREEN: Color = (0, 158, 115)
YELLOW: Color = (240, 228, 66)
BLUE: Color = (0, 114, 178)
VERMILLION: Color = (213, 94, 0)
PURPLE: Color = (204, 121, 167)
BLACK: Color = (0, 0, 0)
GREY: Color = (153, 153, 153)
WHITE: Color = (255, 255, 255)


@dataclass(frozen=True)
class Theme:
    """Every colour and stroke the renderer uses. Meaning is never carried by colour alone:
    leaflets differ in position, proteins in shape, stages in caption text."""

    name: str
    ecf: Color  # extracellular fluid
    cytosol: Color
    lumen: Color  # vesicle / organelle interior
    exo_leaflet: Color  # exoplasmic leaflet: faces the outside or a vesicle's lumen
    cyto_leaflet: Color  # cytosolic leaflet
    delivered: Color  # outer leaflet that came from vesicles (patch highlight)
    cargo: Color  # small-molecule cargo (transmitter, ATP, ions): small dots
    protein_cargo: Color  # soluble protein cargo (hormone, enzyme, matrix protein, antigen): larger dots
    lipid: Color  # chylomicrons (fat droplets)
    protein: Color  # integral membrane proteins (triangles)
    golgi: Color
    er: Color
    nucleus: Color
    text: Color
    text_dim: Color
    panel: tuple[int, int, int, int]  # RGBA behind text panels
    highlight: Color
    calcium: Color
    receptor: Color
    receptor_lit: Color
    lysosome: Color
    clathrin: Color  # the clathrin coat on endocytic pits and vesicles (bristles)
    lamp: Color  # LAMP-1 on the cell surface after lysosome exocytosis (a lollipop mark)
    outline: int  # extra stroke width in px
    text_scale: float  # multiplies every font size


DARK = Theme(
    name="dark", ecf=(14, 24, 44), cytosol=(28, 36, 40), lumen=(44, 40, 52),
    exo_leaflet=VERMILLION, cyto_leaflet=SKY, delivered=ORANGE, cargo=YELLOW, protein_cargo=(236, 236, 236),
    lipid=(246, 214, 120), protein=PURPLE,
    golgi=GREEN, er=BLUE, nucleus=(24, 44, 70), text=(240, 240, 240), text_dim=(190, 196, 204),
    panel=(6, 10, 18, 200), highlight=WHITE, calcium=GREEN, receptor=GREY, receptor_lit=YELLOW,
    lysosome=(120, 80, 140), clathrin=(200, 200, 200), lamp=(222, 170, 240), outline=0, text_scale=1.0,
)

PROJECTOR = Theme(
    name="projector", ecf=(232, 242, 252), cytosol=(255, 255, 255), lumen=(250, 236, 220),
    exo_leaflet=VERMILLION, cyto_leaflet=BLUE, delivered=ORANGE, cargo=(150, 120, 0), protein_cargo=(30, 30, 30),
    lipid=(226, 170, 40), protein=(150, 40, 110),
    golgi=GREEN, er=BLUE, nucleus=(214, 226, 240), text=BLACK, text_dim=(40, 40, 40),
    panel=(255, 255, 255, 225), highlight=BLACK, calcium=GREEN, receptor=(90, 90, 90),
    receptor_lit=VERMILLION, lysosome=(150, 100, 170), clathrin=(110, 110, 110), lamp=(120, 40, 150), outline=1,
    text_scale=1.25,
)

THEMES: dict[str, Theme] = {"dark": DARK, "projector": PROJECTOR}


def mix(a: Color, b: Color, f: float) -> Color:
    """Blend colour a toward b by f (0..1)."""
    return (int(a[0] + (b[0] - a[0]) * f), int(a[1] + (b[1] - a[1]) * f), int(a[2] + (b[2] - a[2]) * f))
