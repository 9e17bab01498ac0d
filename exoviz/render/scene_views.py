"""The scene view of each mode: view_for(mode) imports its class (explicitly, on first use) and keeps one."""

from __future__ import annotations

from collections.abc import Iterator

from exoviz.modes import MODES
from exoviz.render.scene_view import SceneView
from exoviz.sim.mechanism import mechanism_class

_views: dict[str, SceneView] = {}


def _make(mode: str) -> SceneView:
    if mode == "full-fusion":
        from exoviz.render.scene_full_fusion import FullFusionView

        return FullFusionView()
    if mode == "kiss-and-run":
        from exoviz.render.scene_kiss_and_run import SynapseView

        return SynapseView()
    if mode == "exosome":
        from exoviz.render.scene_exosome import ExosomeView

        return ExosomeView()
    raise KeyError(mode)


def view_for(mode: str) -> SceneView:
    """The scene view of a mode name (one shared instance per mode; KeyError for an unknown one)."""
    view = _views.get(mode)
    if view is None:
        view = _views[mode] = _make(mode)
    return view


def _warming() -> Iterator[None]:
    for mode in MODES:
        mechanism_class(mode)
        yield
        view_for(mode)
        yield
    import numpy.ma  # noqa: F401  (numpy imports it at the first np.unique, ~50 ms: done ahead)

    yield


_warm = _warming()


def warm_one() -> bool:
    """Import one mode's mechanism or scene view (then numpy.ma), so that the first switch to that mode imports
    nothing (an import is read or compiled, up to ~30 ms); False once every one is imported."""
    return next(_warm, False) is None
