"""The recording instruments' command-line flags (the live chart, the amperometry electrode and its CSV) and their
checks."""

from __future__ import annotations

import argparse

from exoviz.export.amperometry_csv import events_path
from exoviz.i18n import _
from exoviz.options import UsageError
from exoviz.params import Params


def instrument_args(p: argparse.ArgumentParser) -> None:
    """--chart (the capacitance trace), --electrode X_UM and --amperometry PATH.csv."""
    p.add_argument("--chart", action="store_true", help="show the live chart of membrane area and capacitance "
                   "from the start (key G in the window), e.g. in recordings")
    p.add_argument("--electrode", dest="electrode_um", default=None, metavar="X_UM", help="chromaffin cell: place a "
                   "carbon-fibre amperometry electrode on the cell, X_UM µm from the scene's left edge")
    p.add_argument("--amperometry", default=None, metavar="PATH.csv", help="write the amperometry trace "
                   "(t_ms,current_pA) and its events (PATH-events.csv); needs --electrode")


def check_instruments(a: argparse.Namespace, params: Params) -> None:
    """--amperometry needs an electrode; its events file (PATH-events.csv) is checked with the other outputs."""
    a.amperometry_events = None if a.amperometry is None else events_path(a.amperometry)
    if a.amperometry is not None and params.electrode_um is None:
        raise UsageError(_("--amperometry needs --electrode X_UM (where the carbon fibre sits)"))
