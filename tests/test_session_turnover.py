"""The Session's tools (exoviz.session_turnover): the amperometry electrode tool is armed (A), a click on the cell
places the carbon fibre there and puts the tool down; it is refused, with the reason in one line, where the cell's
cargo does not oxidize (every cell but the chromaffin cell); a mode switch lifts it."""

import pytest

from exoviz.cli import parse
from exoviz.commands import Command
from exoviz.session import Session


def test_electrode_tool_places_the_fibre_where_clicked() -> None:
    s = Session(parse(["--cell", "chromaffin"]))
    assert s.click_tool() == "pick" and s.world.amperometry_view() is None
    s.apply(Command("toggle_electrode_tool"))
    assert s.electrode_tool and s.click_tool() == "electrode_at"
    s.camera.set_view((0, 0, 1200, 600))
    x_px = s.camera.x_to_screen(4000.0)  # 4 µm from the left edge
    s.apply(Command("electrode_at", (x_px, 100)))
    view = s.world.amperometry_view()
    assert view is not None and view.x_um == pytest.approx(4.0, abs=0.02)
    assert not s.electrode_tool and s.params.electrode_um == view.x_um
    s.world.run(30)
    assert s.world.amperometry_view().current_pa.size == pytest.approx(30 * s.world.dt / view.bin_s, abs=2)
    s.apply(Command("mode", "exosome"))
    assert s.params.electrode_um is None and s.world.amperometry_view() is None


@pytest.mark.parametrize("args", [["--mode", "exosome"], ["--cell", "beta-cell"], ["--cell", "acinar"]])
def test_electrode_tool_is_refused_where_no_cargo_oxidizes(args: list[str]) -> None:
    s = Session(parse(args))
    s.apply(Command("toggle_electrode_tool"))
    assert not s.electrode_tool and s.message == "Amperometry: no oxidizable cargo in this cell; try --cell chromaffin"


def test_a_click_on_a_spike_follows_its_granule_or_marks_its_site() -> None:
    s = Session(parse(["--cell", "chromaffin", "--electrode", "6", "--seed", "1"]))
    s.world.run(60 * 7)
    events = s.world.amperometry_view().events
    transient = next(e for e in events if e.kind == "transient")  # resealed: still in the scene, docked
    s.apply(Command("follow_event", (transient.uid, transient.x_nm)))
    assert s.follow.uid == transient.uid
    s.apply(Command("follow_event", (10**9, 4321.0)))  # a granule long gone: its site is marked
    assert s.follow.uid == -1 and s.follow.site is not None and s.follow.site[0] == 4321.0
