"""The command line of the pHluorin TIRF view: --tirf and --tirf-region X0:X1, checked before the run."""

from __future__ import annotations

import argparse
import math
import re

from exoviz.i18n import _
from exoviz.options import UsageError
from exoviz.params import Params


def add_tirf_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tirf", action="store_true", help="show pHluorin as a TIRF microscope sees it from the start: "
                   "a kymograph along the plasma membrane (key O in the window)")
    p.add_argument("--tirf-region", default=None, metavar="X0:X1", help="the region (µm along the membrane) whose "
                   "ΔF/F0 is traced under the kymograph, e.g. 2:3 (opens the TIRF view)")


def parse_region(text: str | None, params: Params) -> tuple[float, float] | None:
    """--tirf-region X0:X1 (µm along the membrane, 0 ≤ X0 < X1 ≤ the scene's width) -> (X0, X1); UsageError."""
    if text is None:
        return None
    from exoviz.sim.world import World

    width = World(params).scene.width / 1000.0  # the pool sets the scene's size
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]*)?)\s*:\s*([0-9]+(?:\.[0-9]*)?)\s*", text)
    x0, x1 = (float(m.group(1)), float(m.group(2))) if m else (math.nan, math.nan)
    if not (0.0 <= x0 < x1 <= width):
        raise UsageError(_("--tirf-region must be X0:X1 in µm along the membrane, 0 ≤ X0 < X1 ≤ {w:.1f}; got {text!r}")
                         .format(w=width, text=text))
    return x0, x1
